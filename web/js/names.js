// names.js: a full name as typed ("Dhr. Jan de Vries", "Pieter van den
// Berg") split into the parts the address book keeps: salutation
// (aanspreektitel), first name, infix (tussenvoegsel) and last name. The
// Dutch infixes are lower-case words between the first and the last name;
// what is not recognised goes to the last name, and every part can be
// corrected after.

const SALUTATIONS = new Map([
  ['dhr', 'Dhr.'], ['dhr.', 'Dhr.'], ['de heer', 'Dhr.'], ['mr', 'Mr.'], ['mr.', 'Mr.'],
  ['mw', 'Mw.'], ['mw.', 'Mw.'], ['mevr', 'Mevr.'], ['mevr.', 'Mevr.'], ['mevrouw', 'Mevr.'],
  ['mrs', 'Mrs.'], ['mrs.', 'Mrs.'], ['ms', 'Ms.'], ['ms.', 'Ms.'], ['dr', 'Dr.'], ['dr.', 'Dr.'],
  ['ir', 'Ir.'], ['ir.', 'Ir.'], ['ing', 'Ing.'], ['ing.', 'Ing.'], ['prof', 'Prof.'], ['prof.', 'Prof.'],
]);
// words of a Dutch (or Flemish, German) tussenvoegsel
const INFIX = new Set(['van', 'de', 'der', 'den', 'het', "'t", 't', 'ter', 'ten', 'te', 'in', "'s",
  'op', 'aan', 'uit', 'bij', 'onder', 'voor', 'over', 'la', 'le', 'du', 'des', 'von', 'zu', 'vd', 'v.d.']);

export function splitName(text) {
  const out = { salutation: '', first_name: '', infix: '', last_name: '' };
  let words = String(text || '').trim().split(/\s+/).filter(Boolean);
  if (!words.length) return out;
  const two = words.length > 1 ? `${words[0]} ${words[1]}`.toLowerCase() : '';
  if (SALUTATIONS.has(two)) { out.salutation = SALUTATIONS.get(two); words = words.slice(2); }
  else if (SALUTATIONS.has(words[0].toLowerCase()) && words.length > 1) { out.salutation = SALUTATIONS.get(words[0].toLowerCase()); words = words.slice(1); }
  if (words.length === 1) { out.last_name = words[0]; return out; }
  out.first_name = words[0];
  let i = 1;
  const infix = [];
  // infix words: written in lower case, and never the last word
  while (i < words.length - 1 && words[i] === words[i].toLowerCase() && INFIX.has(words[i].toLowerCase())) infix.push(words[i++]);
  out.infix = infix.join(' ');
  out.last_name = words.slice(i).join(' ');
  return out;
}
