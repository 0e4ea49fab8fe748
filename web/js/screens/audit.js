// screens/audit.js: Logboek: the audit log with filters (object, actor).
import { api, apiAll } from '../api.js';
import { t } from '../i18n.js';
import { h, clear, field, form, button, fmtDate, failure } from '../ui.js';
import { can, state } from '../state.js';
import { navigate } from '../nav.js';
import { O, dash, head, linkButton, table, groupName } from '../page.js';

export async function auditPage(main, params) {
  clear(main, head(t('audit.title'), t('audit.intro')));
  // The users for the By filter; when they cannot be loaded, the filter by
  // id still works and the failure is said.
  let users = [];
  let usersFailed = null;
  if (can('users.read')) { try { users = await apiAll(`${O()}/users`, 1000); } catch (err) { usersFailed = failure(err); } }
  const actor = field({ name: 'actor', label: t('audit.actor'), type: 'select', value: params.get('actor') || '', options: [['', t('status.all')], ...users.map((u) => [u.id, u.display_name])] });
  const object = field({ name: 'object', label: t('audit.object'), value: params.get('object') || '', placeholder: 'id' });
  main.append(h('form', { class: 'toolbar', role: 'search', onsubmit: (ev) => {
    ev.preventDefault();
    const p = new URLSearchParams();
    if (actor.control.value) p.set('actor', actor.control.value);
    if (object.control.value.trim()) p.set('object', object.control.value.trim());
    navigate(`/audit${p.toString() ? `?${p}` : ''}`);
  } }, actor, object, button(t('list.filter'), null, 'secondary', { type: 'submit' })));
  if (usersFailed) main.append(usersFailed);
  const p = new URLSearchParams({ limit: '50' });
  for (const k of ['actor', 'object', 'after']) if (params.get(k)) p.set(k, params.get(k));
  const page = await api('GET', `${O()}/audit?${p}`);
  // names for the objects of the page (the lists read once; what is not in
  // them, such as a deleted object, keeps its kind and short id)
  const names = new Map(users.map((u) => [u.id, u.display_name]));
  names.set(state.org, t('audit.this_org'));
  const kinds = new Set(page.items.map((e) => e.object_type));
  if (page.items.some((e) => e.changes && 'groups' in e.changes)) kinds.add('group');
  const lists = [['group', '/groups', (g) => groupName(g)], ['hunt_group', '/hunt-groups', (g) => g.name], ['number', '/numbers', (n) => n.number],
    ['company', '/companies', (c) => c.name], ['contact', '/contacts', (c) => c.display_name]];
  await Promise.all(lists.filter(([k]) => kinds.has(k)).map(([, path, name]) =>
    apiAll(`${O()}${path}`, 1000).then((items) => items.forEach((x) => names.set(x.id, name(x))), () => { /* short ids stay */ })));
  const objectCell = (e) => {
    const label = names.get(e.object_id) || `${t(`audit.kind.${e.object_type}`)} ${e.object_id.slice(0, 8)}`;
    return e.object_type === 'user' ? h('a', { href: `/users/${e.object_id}` }, label) : label;
  };
  // what changed, in words: "Voornaam: Jan → Pieter"
  const said = (v) => {
    if (v === null || v === undefined || v === '') return '—';
    if (Array.isArray(v)) return v.map((x) => said(x)).join(', ') || '—';
    if (typeof v === 'object') return JSON.stringify(v);
    return names.get(String(v)) || String(v);
  };
  const changesCell = (e) => {
    // the person of a user has the user's name: its id says nothing more
    const keys = Object.keys(e.changes || {}).filter((k) => k !== 'contact_id');
    if (!keys.length) return '—';
    return h('ul', { class: 'changes' }, keys.map((k) => {
      const label = t(`field.${k}`) === `field.${k}` ? k : t(`field.${k}`);
      return h('li', {}, e.before && k in e.before ? `${label}: ${said(e.before[k])} → ${said(e.changes[k])}` : `${label}: ${said(e.changes[k])}`);
    }));
  };
  main.append(table([
    { label: t('audit.when'), cell: (e) => fmtDate(e.created_at) },
    { label: t('audit.actor'), cell: (e) => dash(e.actor) },
    { label: t('audit.action'), cell: (e) => h('code', {}, `${e.object_type}.${e.action}`) },
    { label: t('audit.object'), cell: objectCell },
    { label: t('audit.changes'), cell: changesCell },
  ], page.items));
  if (page.next) {
    const n = new URLSearchParams(params);
    n.set('after', page.next);
    main.append(h('nav', { class: 'pager', 'aria-label': t('list.pages') }, linkButton(`/audit?${n}`, t('list.next'), 'secondary')));
  }
}
