// screens/audit.js: Logboek: the audit log with filters (object, actor).
import { api, apiAll } from '../api.js';
import { t } from '../i18n.js';
import { h, clear, field, form, button, fmtDate, failure } from '../ui.js';
import { can } from '../state.js';
import { navigate } from '../nav.js';
import { O, dash, head, linkButton, table } from '../page.js';

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
  main.append(table([
    { label: t('audit.when'), cell: (e) => fmtDate(e.created_at) },
    { label: t('audit.actor'), cell: (e) => dash(e.actor) },
    { label: t('audit.action'), cell: (e) => h('code', {}, `${e.object_type}.${e.action}`) },
    { label: t('audit.object'), cell: (e) => e.object_type === 'user' ? h('a', { href: `/users/${e.object_id}` }, e.object_id.slice(0, 8)) : h('code', {}, e.object_id.slice(0, 8)) },
    { label: t('audit.changes'), cell: (e) => Object.keys(e.changes || {}).join(', ') || '—' },
  ], page.items));
  if (page.next) {
    const n = new URLSearchParams(params);
    n.set('after', page.next);
    main.append(h('nav', { class: 'pager', 'aria-label': t('list.pages') }, linkButton(`/audit?${n}`, t('list.next'), 'secondary')));
  }
}
