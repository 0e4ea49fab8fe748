// screens/number.js: one of the organization's numbers: its destination
// (where it rings: its user, a user, a hunt group, a voicemail box) and
// what rings for it now or at a moment one picks, in plain words.
import { api, apiAll } from '../api.js';
import { t } from '../i18n.js';
import { h, clear, field, form, button, toast, failure } from '../ui.js';
import { can } from '../state.js';
import { O, head } from '../page.js';

export async function numberPage(main, params, id) {
  const res = await api('GET', `${O()}/numbers/${id}`, undefined, { raw: true });
  const n = res.body;
  clear(main, head(n.national, n.label || t('number.intro')));
  const [users, groups] = await Promise.all([apiAll(`${O()}/users`, 500).catch(() => []), apiAll(`${O()}/hunt-groups`, 500).catch(() => [])]);
  const name = (u) => u.display_name || `${u.first_name} ${u.last_name}`;
  const d = n.destination;
  const value = !d ? '' : d.type === 'voicemail' ? `voicemail:${d.user_id}` : `${d.type}:${d.id}`;
  const options = [['', t('number.dest_own_user')],
    ...users.map((u) => [`user:${u.id}`, `${t('fwd.to_user')}: ${name(u)}`]),
    ...groups.map((g) => [`hunt_group:${g.id}`, `${t('fwd.to_group')}: ${g.name}`]),
    ...users.map((u) => [`voicemail:${u.id}`, `${t('number.dest_voicemail')}: ${name(u)}`])];
  const card = h('section', { class: 'card', 'aria-labelledby': 'h-dest' }, h('h2', { id: 'h-dest' }, t('number.destination')));
  const dest = field({ name: 'destination', label: t('number.destination'), type: 'select', value, options, hint: t('number.destination_hint') });
  if (can('telephony.write')) {
    const ver = { etag: res.etag };
    card.append(form([dest, h('div', { class: 'form-actions' }, button(t('action.save'), null, '', { type: 'submit' }))], async (v) => {
      const [type, ref] = v.destination ? v.destination.split(':') : [];
      const destination = !type ? null : type === 'voicemail' ? { type, user_id: ref } : { type, id: ref };
      const r = await api('PATCH', `${O()}/numbers/${id}`, { destination }, { raw: true, etag: ver.etag });
      ver.etag = r.etag;
      toast(t('saved'));
      show();
    }));
  } else {
    card.append(h('p', {}, options.find(([k]) => k === value)[1]));
  }
  // what rings: now, or at the moment picked
  const at = field({ name: 'at', label: t('number.at'), type: 'datetime-local', hint: t('number.at_hint') });
  const words = h('div', { role: 'status', class: 'route-words' });
  const show = async () => {
    const when = at.querySelector('input').value;
    const q = new URLSearchParams({ number: n.number });
    if (when) q.set('at', new Date(when).toISOString());
    try {
      clear(words, routeWords(await api('GET', `${O()}/route?${q}`)));
    } catch (err) { clear(words, failure(err)); }
  };
  at.querySelector('input').addEventListener('change', show);
  main.append(card, h('section', { class: 'card', 'aria-labelledby': 'h-rings' }, h('h2', { id: 'h-rings' }, t('number.rings')), at, words));
  await show();
}

// The route answer in plain words: who, by which rule, and the steps.
export function routeWords(r) {
  const who = r.owner ? `${r.owner.name || ''}${r.owner.type === 'hunt_group' ? ` (${t('fwd.to_group').toLowerCase()})` : ''}` : '';
  const steps = new Map();
  for (const x of r.targets) {
    const w = x.type === 'sip' ? x.username : x.type === 'voicemail' ? t('fwd.to_voicemail') : x.number;
    const k = x.step;
    steps.set(k, [...(steps.get(k) || []), `${w}${x.when ? ` (${t(`route.when.${x.when}`)})` : ''}`]);
  }
  return h('div', {},
    h('p', {}, h('strong', {}, t(`route.result.${r.result}`)), who ? ` · ${who}` : '', ` · ${t(`route.rule.${r.rule.startsWith('hunt_group') ? 'hunt_group' : r.rule.replace('.', '_')}`)}`,
      r.reason ? ` · ${t(`route.reason.${r.reason}`)}` : ''),
    steps.size ? h('ol', {}, [...steps.entries()].map(([k, ws]) => h('li', {}, `${t('route.step', { n: k })}: ${ws.join(', ')}`))) : null,
    h('p', { class: 'small muted' }, t('route.at', { at: new Date(r.at).toLocaleString() })));
}
