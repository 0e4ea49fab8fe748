// screens/number.js: one of the organization's numbers: its destination
// (where it rings: its user, a user, a hunt group, a voicemail box, or a
// schedule's choice of those) and what rings for it now or at a moment one
// picks, in plain words.
import { api, apiAll } from '../api.js';
import { t } from '../i18n.js';
import { h, clear, field, form, button, toast, failure } from '../ui.js';
import { can } from '../state.js';
import { O, head } from '../page.js';
import { hoursWords } from '../hours.js';

// "user:<id>", "hunt_group:<id>", "voicemail:<user id>" of a simple destination.
const keyOf = (d) => (!d ? '' : d.type === 'voicemail' ? `voicemail:${d.user_id}` : d.type === 'announcement' ? `announcement:${d.media_id}` : `${d.type}:${d.id}`);
const destOf = (k) => {
  const [type, ref] = k ? k.split(':') : [];
  if (!type) return null;
  if (type === 'voicemail') return { type, user_id: ref };
  return type === 'announcement' ? { type, media_id: ref } : { type, id: ref };
};

export async function numberPage(main, params, id) {
  const res = await api('GET', `${O()}/numbers/${id}`, undefined, { raw: true });
  const n = res.body;
  clear(main, head(n.national, n.label || t('number.intro')));
  const [users, groups, schedules, media] = await Promise.all([apiAll(`${O()}/users`, 500).catch(() => []),
    apiAll(`${O()}/hunt-groups`, 500).catch(() => []), apiAll(`${O()}/schedules`, 500).catch(() => []),
    apiAll(`${O()}/media`, 500).catch(() => [])]);
  const name = (u) => u.display_name || `${u.first_name} ${u.last_name}`;
  const simple = [...users.map((u) => [`user:${u.id}`, `${t('fwd.to_user')}: ${name(u)}`]),
    ...groups.map((g) => [`hunt_group:${g.id}`, `${t('fwd.to_group')}: ${g.name}`]),
    ...users.map((u) => [`voicemail:${u.id}`, `${t('number.dest_voicemail')}: ${name(u)}`]),
    ...media.filter((m) => m.kind === 'announcement').map((m) => [`announcement:${m.id}`, `${t('number.dest_announcement')}: ${m.name}`])];
  const words = (k) => (simple.find(([x]) => x === k) || [k, k])[1];
  let d = n.destination;
  const isSchedule = (x) => x && x.type === 'schedule';
  const options = [['', t('number.dest_own_user')], ...simple, ...(schedules.length || isSchedule(d) ? [['schedule', t('number.dest_schedule')]] : [])];
  // A schedule's choice in words: "ma–vr 08:30–17:30: Receptie (belgroep); anders: voicemail Receptie".
  const choiceWords = (x) => {
    const sc = schedules.find((y) => y.id === x.schedule_id);
    const hol = x.holiday ? `; ${t('number.when_holiday').toLowerCase()}: ${words(keyOf(x.holiday))}` : '';
    return `${sc ? `${sc.name} (${hoursWords(sc)})` : ''}: ${words(keyOf(x.open))}; ${t('number.otherwise')}: ${words(keyOf(x.closed))}${hol}`;
  };
  const card = h('section', { class: 'card', 'aria-labelledby': 'h-dest' }, h('h2', { id: 'h-dest' }, t('number.destination')));
  const summary = h('p', { class: 'dest-words' });
  const drawSummary = () => clear(summary, isSchedule(d) ? choiceWords(d) : '');
  drawSummary();
  if (can('telephony.write')) {
    const ver = { etag: res.etag };
    const dest = field({ name: 'destination', label: t('number.destination'), type: 'select', value: isSchedule(d) ? 'schedule' : keyOf(d), options, hint: t('number.destination_hint') });
    const c = isSchedule(d) ? d : {};
    const pick = (nm, label, value, opts, apiField) => {
      const f = field({ name: nm, label, type: 'select', value, options: opts });
      f.control.dataset.apiField = apiField;
      return f;
    };
    const choice = h('div', { class: 'grid2' },
      pick('schedule_id', t('number.schedule'), c.schedule_id || '', schedules.map((sc) => [sc.id, sc.name]), 'destination.schedule_id'),
      pick('open', t('number.when_open'), keyOf(c.open), simple, 'destination.open'),
      pick('closed', t('number.when_closed'), keyOf(c.closed), simple, 'destination.closed'),
      pick('holiday', t('number.when_holiday'), keyOf(c.holiday), [['', t('number.as_closed')], ...simple], 'destination.holiday'));
    const show = () => { choice.hidden = dest.control.value !== 'schedule'; };
    dest.control.addEventListener('change', show);
    show();
    card.append(form([dest, choice, summary, h('div', { class: 'form-actions' }, button(t('action.save'), null, '', { type: 'submit' }))], async (v) => {
      const destination = v.destination !== 'schedule' ? destOf(v.destination)
        : { type: 'schedule', schedule_id: v.schedule_id, open: destOf(v.open), closed: destOf(v.closed), holiday: destOf(v.holiday) };
      const r = await api('PATCH', `${O()}/numbers/${id}`, { destination }, { raw: true, etag: ver.etag });
      ver.etag = r.etag;
      d = r.body.destination;
      drawSummary();
      toast(t('saved'));
      showRoute();
    }));
  } else {
    card.append(h('p', {}, isSchedule(d) ? t('number.dest_schedule') : (options.find(([k]) => k === keyOf(d)) || ['', keyOf(d)])[1]), summary);
  }
  // what rings: now, or at the moment picked
  const at = field({ name: 'at', label: t('number.at'), type: 'datetime-local', hint: t('number.at_hint') });
  const rings = h('div', { role: 'status', class: 'route-words' });
  const showRoute = async () => {
    const when = at.querySelector('input').value;
    const q = new URLSearchParams({ number: n.number });
    if (when) q.set('at', new Date(when).toISOString());
    try {
      clear(rings, routeWords(await api('GET', `${O()}/route?${q}`)));
    } catch (err) { clear(rings, failure(err)); }
  };
  at.querySelector('input').addEventListener('change', showRoute);
  main.append(card, h('section', { class: 'card', 'aria-labelledby': 'h-rings' }, h('h2', { id: 'h-rings' }, t('number.rings')), at, rings));
  await showRoute();
}

// The route answer in plain words: who, by which rule, the schedule that
// decided and until when, and the steps.
export function routeWords(r) {
  const who = r.owner ? `${r.owner.name || ''}${r.owner.type === 'hunt_group' ? ` (${t('fwd.to_group').toLowerCase()})` : ''}` : '';
  const steps = new Map();
  for (const x of r.targets) {
    const w = x.type === 'sip' ? x.username : x.type === 'voicemail' ? t('fwd.to_voicemail') : x.type === 'announcement' ? t('number.dest_announcement') : x.number;
    const k = x.step;
    steps.set(k, [...(steps.get(k) || []), `${w}${x.when ? ` (${t(`route.when.${x.when}`)})` : ''}`]);
  }
  const sc = r.schedule;
  const why = sc && sc.why ? ` (${t(`holiday.${sc.why}`) === `holiday.${sc.why}` ? sc.why : t(`holiday.${sc.why}`)})` : '';
  return h('div', {},
    h('p', {}, h('strong', {}, t(`route.result.${r.result}`)), who ? ` · ${who}` : '', ` · ${t(`route.rule.${r.rule.startsWith('hunt_group') ? 'hunt_group' : r.rule.replace('.', '_')}`)}`,
      r.reason ? ` · ${t(`route.reason.${r.reason}`)}` : ''),
    sc ? h('p', { class: 'route-schedule' }, t('route.schedule', { name: sc.name, state: t(`route.state.${sc.state}`) }), why,
      sc.until ? ` ${t('route.until', { at: new Date(sc.until).toLocaleString() })}` : '') : null,
    steps.size ? h('ol', {}, [...steps.entries()].map(([k, ws]) => h('li', {}, `${t('route.step', { n: k })}: ${ws.join(', ')}`))) : null,
    h('p', { class: 'small muted' }, t('route.at', { at: new Date(r.at).toLocaleString() })));
}
