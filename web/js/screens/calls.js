// screens/calls.js: Gesprekshistorie (seeds 001, 002): one's own calls for
// everyone with calls.read_own, and the organization's (and those below it)
// for calls.read_all; filters on the period, direction, result and number,
// cursor pages, and the same list as a CSV download. The filters live in
// the address, so a page can be reloaded, shared and paged back.
import { api } from '../api.js';
import { t } from '../i18n.js';
import { h, clear, field, button, badge, fmtDate } from '../ui.js';
import { state, can } from '../state.js';
import { navigate } from '../nav.js';
import { O, dash, head, linkButton, table } from '../page.js';

const DIRECTIONS = ['inbound', 'outbound', 'internal'];
const STATUSES = ['answered', 'missed', 'busy', 'voicemail', 'failed'];
const KINDS = { answered: 'ok', voicemail: '', busy: 'warn', missed: 'warn', failed: 'danger' };

// A day as typed in a date field (the browser's time zone) as the RFC 3339
// time it starts; with next, the time the day after starts (the API's "to"
// is exclusive, the field's "up to and including" is not). null if no day.
function dayStart(s, next = false) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s || '')) return null;
  const d = new Date(`${s}T00:00:00`);
  if (Number.isNaN(d.getTime())) return null;
  if (next) d.setDate(d.getDate() + 1);
  return d.toISOString();
}

// Seconds as m:ss, or h:mm:ss from an hour on.
function duration(s) {
  const hours = Math.floor(s / 3600);
  const mins = String(Math.floor(s / 60) % 60);
  const secs = String(s % 60).padStart(2, '0');
  return hours ? `${hours}:${mins.padStart(2, '0')}:${secs}` : `${mins}:${secs}`;
}
const party = (name, number) => (name ? [name, h('span', { class: 'small muted' }, ` ${number}`)] : number);

export async function callsPage(main, params) {
  const all = can('calls.read_all');
  const scope = all && params.get('scope') !== 'mine' ? 'all' : 'mine';
  const children = scope === 'all' && state.orgs.some((o) => o.parent_id === state.org);
  const get = (k) => params.get(k) || '';

  // The calls asked for: the organization worked in, or one's own (in the
  // user's own organization, whichever one is worked in).
  const path = scope === 'all' ? `${O()}/calls` : `/orgs/${state.me.org_id}/calls`;
  const q = new URLSearchParams();
  if (scope === 'mine') q.set('user', state.me.id);
  if (dayStart(get('from'))) q.set('from', dayStart(get('from')));
  if (dayStart(get('to'))) q.set('to', dayStart(get('to'), true));
  for (const k of ['direction', 'status', 'q']) if (get(k)) q.set(k, get(k));
  if (children && get('children') === '1') q.set('include_children', 'true');
  const csv = new URLSearchParams(q);
  csv.set('format', 'csv');

  clear(main, head(t('calls.title'), scope === 'all' ? t('calls.intro_all') : t('calls.intro_mine'),
    h('a', { class: 'btn btn-secondary', href: `/api/v1${path}?${csv}`, download: 'calls.csv' }, t('calls.download'))));

  const fields = {
    scope: all ? field({ name: 'scope', label: t('calls.scope'), type: 'select', value: scope, options: [['all', t('calls.scope_all')], ['mine', t('calls.scope_mine')]] }) : null,
    from: field({ name: 'from', label: t('calls.from'), type: 'date', value: get('from') }),
    to: field({ name: 'to', label: t('calls.to'), type: 'date', value: get('to') }),
    direction: field({ name: 'direction', label: t('calls.direction'), type: 'select', value: get('direction'), options: [['', t('status.all')], ...DIRECTIONS.map((d) => [d, t(`call.direction.${d}`)])] }),
    status: field({ name: 'status', label: t('calls.status'), type: 'select', value: get('status'), options: [['', t('status.all')], ...STATUSES.map((s) => [s, t(`call.status.${s}`)])] }),
    q: field({ name: 'q', label: t('calls.q'), type: 'search', value: get('q'), placeholder: t('calls.q_hint') }),
    children: children ? field({ name: 'children', label: t('calls.children'), type: 'checkbox', value: get('children') === '1' }) : null,
  };
  for (const k of ['from', 'to', 'direction', 'status']) fields[k].classList.add('narrow');
  main.append(h('form', { class: 'toolbar', role: 'search', onsubmit: (ev) => {
    ev.preventDefault();
    const p = new URLSearchParams();
    if (fields.scope && fields.scope.control.value === 'mine') p.set('scope', 'mine');
    for (const k of ['from', 'to', 'direction', 'status']) if (fields[k].control.value) p.set(k, fields[k].control.value);
    if (fields.q.control.value.trim()) p.set('q', fields.q.control.value.trim());
    if (fields.children && fields.children.control.checked) p.set('children', '1');
    navigate(`/calls${p.toString() ? `?${p}` : ''}`);
  } }, Object.values(fields), button(t('list.filter'), null, 'secondary', { type: 'submit' })));

  const page = new URLSearchParams(q);
  page.set('limit', '25');
  if (get('after')) page.set('after', get('after'));
  const res = await api('GET', `${path}?${page}`);
  const orgName = (id) => (state.orgs.find((o) => o.id === id) || {}).name || id;
  main.append(table([
    { label: t('calls.when'), cell: (k) => fmtDate(k.start_time) },
    { label: t('calls.direction'), cell: (k) => t(`call.direction.${k.direction}`), cls: 'hide-phone' },
    { label: t('calls.caller'), cell: (k) => party(k.caller_name, k.caller_number) },
    { label: t('calls.callee'), cell: (k) => party(k.callee_name, k.callee_number) },
    { label: t('calls.status'), cell: (k) => badge(t(`call.status.${k.status}`), KINDS[k.status]) },
    { label: t('calls.duration'), cell: (k) => (k.answer_time ? duration(k.duration_seconds) : '—') },
    { label: t('calls.answered_by'), cell: (k) => dash(k.answered_name), cls: 'hide-phone' },
    ...(q.has('include_children') ? [{ label: t('nav.org'), cell: (k) => orgName(k.org_id), cls: 'hide-phone' }] : []),
  ], res.items, t('calls.none')));

  // pages: the cursor forward, a stack of the ones before for back
  const prev = get('prev').split(',').filter(Boolean);
  const pager = h('nav', { class: 'pager', 'aria-label': t('list.pages') });
  if (get('after')) {
    const back = new URLSearchParams(params);
    const last = prev.pop();
    if (last) back.set('after', last); else back.delete('after');
    if (prev.length) back.set('prev', prev.join(',')); else back.delete('prev');
    pager.append(linkButton(`/calls?${back}`, t('list.prev'), 'secondary'));
  }
  if (res.next) {
    const fwd = new URLSearchParams(params);
    fwd.set('after', res.next);
    const stack = [...get('prev').split(',').filter(Boolean), get('after')].filter(Boolean);
    if (stack.length) fwd.set('prev', stack.join(',')); else fwd.delete('prev');
    pager.append(linkButton(`/calls?${fwd}`, t('list.next'), 'secondary'));
  }
  main.append(pager);
}
