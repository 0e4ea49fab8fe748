// forwarding.js: a user's forwarding rules (Doorschakelen), on My settings
// and on a user's Telephony tab: always, when busy, on no answer after N
// seconds, when unreachable, and by schedule (open, closed, holiday each
// to its own target, or ringing as usual); each to an outside number, the
// user's voicemail, a colleague or a hunt group. A PUT of the telephony
// document with only forwarding, which a user may change of its own.
import { api, apiAll } from './api.js';
import { t } from './i18n.js';
import { h, field, form, button, toast } from './ui.js';

const RULES = ['always', 'busy', 'no_answer', 'unreachable'];

// ver is {etag}, shared with the document's other forms (availability.js).
export async function renderForwarding(box, org, userId, tel, ver) {
  // colleagues and hunt groups when this user may read them; an End user
  // forwards to numbers and its voicemail
  const [users, groups, schedules] = await Promise.all([
    apiAll(`/orgs/${org}/users`, 500).catch(() => []),
    apiAll(`/orgs/${org}/hunt-groups`, 500).catch(() => []),
    apiAll(`/orgs/${org}/schedules`, 500).catch(() => []),
  ]);
  const options = [['voicemail', t('fwd.to_voicemail')], ['number', t('fwd.to_number')],
    ...users.filter((u) => u.id !== userId).map((u) => [`user:${u.id}`, `${t('fwd.to_user')}: ${u.display_name || `${u.first_name} ${u.last_name}`}`]),
    ...groups.map((g) => [`hunt_group:${g.id}`, `${t('fwd.to_group')}: ${g.name}`])];
  const fw = tel.forwarding;
  const rows = RULES.map((name) => {
    const r = fw[name];
    const to = r.to || {};
    const sel = to.type === 'user' || to.type === 'hunt_group' ? `${to.type}:${to.id}` : to.type || 'voicemail';
    const on = field({ name: `${name}_on`, label: t(`fwd.${name}`), type: 'checkbox', value: r.enabled });
    on.control.dataset.apiField = `forwarding.${name}.enabled`;
    const target = field({ name: `${name}_to`, label: t('fwd.to'), type: 'select', value: sel, options });
    target.querySelector('select').dataset.apiField = `forwarding.${name}.to`;
    const number = field({ name: `${name}_number`, label: t('fwd.number'), type: 'tel', value: to.number || '', placeholder: '06 12345678' });
    number.querySelector('input').dataset.apiField = `forwarding.${name}.to.number`;
    const secs = name === 'no_answer' ? field({ name: 'no_answer_seconds', label: t('fwd.after_seconds'), type: 'number', value: r.after_seconds, inputmode: 'numeric' }) : null;
    if (secs) secs.querySelector('input').dataset.apiField = 'forwarding.no_answer.after_seconds';
    const show = () => { number.hidden = target.querySelector('select').value !== 'number'; };
    target.querySelector('select').addEventListener('change', show);
    show();
    return h('fieldset', { class: 'rule' }, h('legend', {}, t(`fwd.${name}`)), on, h('div', { class: 'grid2' }, target, number, secs));
  });
  const toOf = (v, name) => {
    const s = v[`${name}_to`];
    if (!s) return null;
    if (s === 'number') return v[`${name}_number`] ? { type: 'number', number: v[`${name}_number`] } : null;
    if (s === 'voicemail') return { type: 'voicemail' };
    const [type, id] = s.split(':');
    return { type, id };
  };
  // by schedule: a target per state, or none (ring as usual; on a holiday:
  // as when closed)
  const sr = fw.schedule || { enabled: false, schedule_id: null, open: null, closed: null, holiday: null };
  const stateTarget = (st, none) => {
    const to = sr[st] || {};
    const sel = to.type === 'user' || to.type === 'hunt_group' ? `${to.type}:${to.id}` : to.type || '';
    const target = field({ name: `sched_${st}_to`, label: t(`number.when_${st}`), type: 'select', value: sel, options: [['', none], ...options] });
    target.control.dataset.apiField = `forwarding.schedule.${st}`;
    const number = field({ name: `sched_${st}_number`, label: t('fwd.number'), type: 'tel', value: to.number || '', placeholder: '06 12345678' });
    number.control.dataset.apiField = `forwarding.schedule.${st}.number`;
    const show = () => { number.hidden = target.control.value !== 'number'; };
    target.control.addEventListener('change', show);
    show();
    return [target, number];
  };
  let byScheduleRule = null;
  if (schedules.length || sr.enabled) {
    const on = field({ name: 'schedule_on', label: t('fwd.schedule'), type: 'checkbox', value: sr.enabled });
    on.control.dataset.apiField = 'forwarding.schedule.enabled';
    const which = field({ name: 'schedule_id', label: t('number.schedule'), type: 'select', value: sr.schedule_id || '', options: schedules.map((x) => [x.id, x.name]) });
    which.control.dataset.apiField = 'forwarding.schedule.schedule_id';
    byScheduleRule = h('fieldset', { class: 'rule' }, h('legend', {}, t('fwd.schedule')), h('p', { class: 'hint' }, t('fwd.schedule_hint')), on,
      h('div', { class: 'grid2' }, which, ...stateTarget('open', t('fwd.as_usual')), ...stateTarget('closed', t('fwd.as_usual')), ...stateTarget('holiday', t('number.as_closed'))));
  }
  const f = form([h('p', { class: 'hint' }, t('fwd.hint')), ...rows, byScheduleRule,
    h('div', { class: 'form-actions' }, button(t('fwd.save'), null, '', { type: 'submit' }))],
  async (v) => {
    const forwarding = {};
    for (const name of RULES) {
      forwarding[name] = { enabled: v[`${name}_on`], to: toOf(v, name) };
      // a target that is only chosen, not on, is kept for the next time
      if (!forwarding[name].enabled && !forwarding[name].to) forwarding[name].to = null;
    }
    if (byScheduleRule) {
      forwarding.schedule = { enabled: v.schedule_on, schedule_id: v.schedule_id || null };
      for (const st of ['open', 'closed', 'holiday']) forwarding.schedule[st] = toOf(v, `sched_${st}`);
    }
    const secs = Number(v.no_answer_seconds);
    forwarding.no_answer.after_seconds = Number.isInteger(secs) ? secs : v.no_answer_seconds;
    const r = await api('PUT', `/orgs/${org}/users/${userId}/telephony`, { forwarding }, { raw: true, etag: ver.etag });
    ver.etag = r.etag;
    toast(t('saved'));
  });
  box.append(f);
}

// The rules that are on, in words ("Bij bezet: voicemail"), for who may
// only read them.
export function forwardingWords(fw) {
  const on = RULES.filter((n) => fw[n].enabled);
  const words = on.map((n) => `${t(`fwd.${n}`)}: ${targetWords(fw[n].to)}`);
  const sr = fw.schedule;
  if (sr && sr.enabled) {
    words.push(`${t('fwd.schedule')}: ${['open', 'closed', 'holiday'].filter((st) => sr[st])
      .map((st) => `${t(`route.state.${st}`)} → ${targetWords(sr[st])}`).join(', ')}`);
  }
  return words.length ? words.join(' · ') : t('fwd.none');
}

export function targetWords(to) {
  if (!to) return '—';
  if (to.type === 'number') return to.number;
  if (to.type === 'voicemail') return t('fwd.to_voicemail');
  return to.type === 'user' ? t('fwd.to_user') : t('fwd.to_group');
}
