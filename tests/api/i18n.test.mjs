// i18n.test.mjs: the portal's dictionaries against the server's source. Every
// error or warning code the C code can emit has words in Dutch and in
// English, the two dictionaries have the same keys, and every code has a
// text without placeholders, so the portal never falls back to the API's
// English message. No server needed: the codes are read from src/**/*.c.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dictionaries } from '../../web/js/i18n.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

function cFiles(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) cFiles(p, out);
    else if (p.endsWith('.c')) out.push(p);
  }
  return out;
}

// The arguments of the call whose '(' ends at i, split at top-level commas,
// string literals and nested calls kept whole.
function callArgs(src, i) {
  const args = [];
  let depth = 0;
  let cur = '';
  for (; i < src.length; i++) {
    const ch = src[i];
    if (ch === '"' || ch === '\'') {
      let j = i + 1;
      while (src[j] !== ch) j += src[j] === '\\' ? 2 : 1;
      cur += src.slice(i, j + 1);
      i = j;
      continue;
    }
    if (ch === '(') depth++;
    if (ch === ')') {
      if (depth === 0) { args.push(cur.trim()); return args; }
      depth--;
    }
    if (ch === ',' && depth === 0) { args.push(cur.trim()); cur = ''; continue; }
    cur += ch;
  }
  return args;
}

// Calls that put a code into an error or warning item, and the position of
// the code among their arguments. Macros that forward to diag_error or
// diag_warning with __VA_ARGS__ in the code's place (password.c's FAIL) are
// found in the source and added.
// SCIM's (domain/scim.c, api/scim.c) name its scimType as the code.
const HELPERS = { diag_error: 2, diag_error_p: 2, diag_warning: 2, diag_fail: 2, diag_fail_p: 2, add_error: 3, scim_fail: 2, scim_bad: 1 };
// Code arguments that pass a code on rather than name one.
const FORWARDED = /^(code|__VA_ARGS__|\.\.\.|const char \*code|d->errors\[i\]\.code)$/;

function serverCodes() {
  const codes = new Map(); // code -> first place seen
  const unreadable = [];
  const files = cFiles(join(root, 'src'));
  const helpers = { ...HELPERS };
  for (const f of files) {
    const src = readFileSync(f, 'utf8');
    for (const m of src.matchAll(/#define\s+(\w+)\(\.\.\.\)[^\n]*\bdiag_(?:error|warning)\(\s*[^,()]+,\s*[^,()]+,\s*__VA_ARGS__/g)) helpers[m[1]] = 0;
  }
  const names = Object.keys(helpers).join('|');
  for (const f of files) {
    const src = readFileSync(f, 'utf8').replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ' '));
    for (const m of src.matchAll(new RegExp(`\\b(${names})\\s*\\(`, 'g'))) {
      const arg = callArgs(src, m.index + m[0].length)[helpers[m[1]]] || '';
      const literals = [...arg.matchAll(/"([^"\\]*)"/g)].map((x) => x[1]);
      const where = `${relative(root, f)}:${src.slice(0, m.index).split('\n').length}`;
      if (!literals.length) {
        if (!FORWARDED.test(arg) && !/^\s*(int|void|static)/.test(src.slice(src.lastIndexOf('\n', m.index) + 1, m.index))) unreadable.push(`${where}: ${m[1]}(... ${arg} ...)`);
        continue;
      }
      for (const code of literals) if (!codes.has(code)) codes.set(code, where);
    }
  }
  return { codes, unreadable };
}

test('the collector finds the codes it should (a check of the test itself)', () => {
  const { codes } = serverCodes();
  for (const c of ['required', 'taken', 'too_short', 'needs_upper', 'invalid_extension', 'role_address', 'forbidden']) assert.ok(codes.has(c), c);
  assert.ok(codes.size > 30, `only ${codes.size} codes`);
});

test('every code the server can emit has Dutch and English words', () => {
  const { codes, unreadable } = serverCodes();
  assert.deepEqual(unreadable, [], 'a code is passed as a value this test cannot read: name it as a literal, or teach the test');
  const missing = [];
  for (const [code, where] of codes) {
    for (const [lang, d] of Object.entries(dictionaries)) if (d[`err.${code}`] === undefined) missing.push(`${lang}: err.${code} (${where})`);
  }
  assert.deepEqual(missing, []);
});

test('the Dutch and English dictionaries have the same keys', () => {
  const { nl, en } = dictionaries;
  assert.deepEqual(Object.keys(nl).filter((k) => !(k in en)), [], 'only in Dutch');
  assert.deepEqual(Object.keys(en).filter((k) => !(k in nl)), [], 'only in English');
});

test('every error text has a form without placeholders, and no empty text', () => {
  const bad = [];
  for (const [lang, d] of Object.entries(dictionaries)) {
    for (const [key, v] of Object.entries(d)) {
      if (!key.startsWith('err.')) continue;
      const variants = [].concat(v);
      if (variants.some((s) => typeof s !== 'string' || !s.trim())) bad.push(`${lang}: ${key} has an empty text`);
      if (/\{\w+\}/.test(variants[variants.length - 1])) bad.push(`${lang}: ${key} needs a last text without placeholders`);
      if (!Array.isArray(v) && /\{\w+\}/.test(v)) bad.push(`${lang}: ${key} has placeholders and no plain form`);
    }
  }
  assert.deepEqual(bad, []);
});

// A key the portal names as a literal, t('...'), that neither dictionary
// has would be shown as the key itself.
test('every key the portal names has words', () => {
  const files = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (p.endsWith('.js')) files.push(p);
    }
  };
  walk(join(root, 'web', 'js'));
  const missing = [];
  for (const f of files) {
    const src = readFileSync(f, 'utf8');
    for (const m of src.matchAll(/\bt\('([a-z0-9_.]+)'/g)) {
      if (dictionaries.en[m[1]] === undefined || dictionaries.nl[m[1]] === undefined) missing.push(`${relative(root, f)}: ${m[1]}`);
    }
  }
  assert.deepEqual([...new Set(missing)], []);
});
