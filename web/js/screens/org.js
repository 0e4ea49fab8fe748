// screens/org.js: the organization's settings (Organisatie): name, country,
// language, time zone, the password policy, two-step verification, the
// extension rule, caller ID, the retention of deleted users and that of the
// call history, what SCIM provisioning does. One form,
// PATCH /orgs/{org} with If-Match; needs orgs.write.
import { api, apiAll } from '../api.js';
import { t, LANGS } from '../i18n.js';
import { h, clear, field, form, button, toast, failure } from '../ui.js';
import { state, can, orgPath } from '../state.js';
import { navigate } from '../nav.js';
import { timezoneField } from '../page.js';

// A whole number as a number; anything else as typed, so the API names it.
const int = (s) => (/^\s*-?\d+\s*$/.test(s) ? Number(s) : s);

export async function orgPage(main) {
  const r = await api('GET', orgPath(), undefined, { raw: true });
  const o = r.body;
  const pp = o.password_policy || {};
  // The numbers for the trunk's caller ID; when they cannot be loaded the
  // current one stays selectable and the failure is said in its card.
  let numbers = [];
  let numbersFailed = null;
  if (can('telephony.read')) { try { numbers = await apiAll(`${orgPath()}/numbers`, 1000); } catch (err) { numbersFailed = failure(err); } }
  // hold music of the organization's media library
  const music = can('telephony.read') ? (await apiAll(`${orgPath()}/media`, 500).catch(() => [])).filter((m) => m.kind === 'hold_music') : [];
  // min and max are the API's bounds: they word an out_of_range error too
  const num = (name, label, value, hint, min, max) => field({ name, label, type: 'number', inputmode: 'numeric', value: String(value ?? ''), hint, min, max });
  const check = (name, label, value) => field({ name, label, type: 'checkbox', value });
  const card = (id, title, ...content) => h('section', { class: 'card', 'aria-labelledby': id }, h('h2', { id }, title), content);
  const trunkOpts = [['', t('tel.none')], ...numbers.map((n) => [n.number, n.label ? `${n.national} (${n.label})` : n.national])];
  if (o.trunk_caller_id && !numbers.some((n) => n.number === o.trunk_caller_id)) trunkOpts.push([o.trunk_caller_id, o.trunk_caller_id]);
  const f = form([
    card('h-org-general', t('tab.general'), h('div', { class: 'grid2' },
      field({ name: 'name', label: t('field.name'), value: o.name, required: true }),
      field({ name: 'country', label: t('field.country'), value: o.country, hint: t('org.country_hint') }),
      field({ name: 'language', label: t('field.language'), type: 'select', value: o.language, options: LANGS.map((l) => [l, t(`lang.${l}`)]) }),
      timezoneField({ name: 'timezone', label: t('field.timezone'), value: o.timezone, hint: 'Europe/Amsterdam' }))),
    card('h-org-pw', t('org.password_policy'), h('div', { class: 'grid2' },
      num('password_policy.min_length', t('org.pw_min_length'), pp.min_length, t('org.range', { n: 6, m: 128 }), 6, 128),
      num('password_policy.history', t('org.pw_history'), pp.history, t('org.pw_history_hint'), 0, 24),
      num('password_policy.min_entropy_bits', t('org.pw_min_entropy'), pp.min_entropy_bits, t('org.pw_min_entropy_hint'), 0, 128)),
    h('fieldset', {}, h('legend', {}, t('org.pw_classes')),
      check('password_policy.require_digit', t('org.pw_digit'), pp.require_digit),
      check('password_policy.require_lower', t('org.pw_lower'), pp.require_lower),
      check('password_policy.require_upper', t('org.pw_upper'), pp.require_upper),
      check('password_policy.require_symbol', t('org.pw_symbol'), pp.require_symbol)),
    check('password_policy.forbid_personal', t('org.pw_personal'), pp.forbid_personal),
    check('two_factor_required', t('org.two_factor'), o.two_factor_required)),
    card('h-org-tel', t('nav.telephony'), h('div', { class: 'grid2' },
      num('extension_length', t('org.ext_length'), o.extension_length, t('org.range', { n: 2, m: 8 }), 2, 8),
      field({ name: 'extension_prefix', label: t('org.ext_prefix'), value: o.extension_prefix, inputmode: 'numeric', hint: t('org.ext_prefix_hint') }),
      field({ name: 'caller_id_mode', label: t('org.caller_id_mode'), type: 'select', value: o.caller_id_mode,
        options: [['user', t('org.cid_user')], ['device', t('org.cid_device')]] }),
      field({ name: 'trunk_caller_id', label: t('org.trunk_caller_id'), type: 'select', value: o.trunk_caller_id || '', options: trunkOpts })), numbersFailed),
    card('h-org-ret', t('org.retention_title'),
      num('retention_days', t('org.retention_days'), o.retention_days, t('org.retention_hint'), 1, 3650)),
    card('h-org-calls', t('org.call_retention_title'),
      num('call_retention_days', t('org.call_retention_days'), o.call_retention_days, t('org.call_retention_hint'), 1, 3650),
      num('voicemail_retention_days', t('org.vm_retention_days'), o.voicemail_retention_days, t('org.vm_retention_hint'), 1, 3650),
      field({ name: 'music_on_hold', label: t('tel.moh'), type: 'select', value: o.music_on_hold, hint: t('org.moh_hint'),
        options: [['default', t('org.moh_default')], ['silence', t('tel.moh_silence')], ...music.map((m) => [m.id, m.name])] })),
    card('h-org-scim', t('org.scim_title'),
      field({ name: 'scim_deprovision', label: t('org.scim_deprovision'), type: 'select', value: o.scim_deprovision,
        options: [['suspend', t('org.scim_suspend')], ['delete', t('org.scim_delete')]], hint: t('org.scim_hint') }),
      check('scim_invite', t('org.scim_invite'), o.scim_invite)),
    card('h-org-fwd', t('fwd.title'),
      field({ name: 'user_forwarding', label: t('org.user_forwarding'), type: 'select', value: o.user_forwarding,
        options: ['off', 'internal', 'anywhere'].map((k) => [k, t(`org.user_forwarding.${k}`)]) })),
    h('div', { class: 'form-actions' }, button(t('action.save'), null, '', { type: 'submit' }))],
  async (v) => {
    const body = {
      name: v.name, country: v.country.trim(), language: v.language, timezone: v.timezone.trim(),
      password_policy: {
        min_length: int(v['password_policy.min_length']), history: int(v['password_policy.history']),
        min_entropy_bits: int(v['password_policy.min_entropy_bits']),
        require_digit: v['password_policy.require_digit'], require_lower: v['password_policy.require_lower'],
        require_upper: v['password_policy.require_upper'], require_symbol: v['password_policy.require_symbol'],
        forbid_personal: v['password_policy.forbid_personal'],
      },
      two_factor_required: v.two_factor_required,
      extension_length: int(v.extension_length), extension_prefix: v.extension_prefix.trim(),
      caller_id_mode: v.caller_id_mode, trunk_caller_id: v.trunk_caller_id || null,
      retention_days: int(v.retention_days), call_retention_days: int(v.call_retention_days),
      voicemail_retention_days: int(v.voicemail_retention_days), music_on_hold: v.music_on_hold,
      scim_deprovision: v.scim_deprovision, scim_invite: v.scim_invite, user_forwarding: v.user_forwarding,
    };
    await api('PATCH', orgPath(), body, { etag: r.etag });
    const mine = state.orgs.find((x) => x.id === state.org);
    if (mine) mine.name = v.name;
    toast(t('saved'));
    navigate('/org', true);
  });
  // its place in the tree, as far up as this user sees
  const chain = [o];
  for (let up = o.parent_id; up && chain.length < 8;) {
    let parent;
    try { parent = await api('GET', `/orgs/${up}`); } catch { break; }
    chain.unshift(parent);
    up = parent.parent_id;
  }
  clear(main, h('div', { class: 'page-head' }, h('div', {}, h('h1', {}, t('nav.org')),
    h('p', { class: 'sub org-path', 'aria-label': t('org.place') }, chain.map((x) => `${x.name} (${t(`org.kind.${x.kind}`)})`).join(' › ')))), f);
}
