// screens/users.js: Gebruikers: the list, with search, filters and pages.
import { api } from '../api.js';
import { t } from '../i18n.js';
import { h, clear, field, form, button } from '../ui.js';
import { can } from '../state.js';
import { navigate } from '../nav.js';
import { O, statusBadge, dash, head, linkButton, table, groupName } from '../page.js';
import { exportDialog } from './users-import.js';

// ---- Users list: search and paging (cursor pages; a stack for "previous").
export async function usersList(main, params) {
  const q = params.get('q') || '';
  const status = params.get('status') || '';
  const tfa = params.get('two_factor') || '';
  const after = params.get('after') || '';
  clear(main, head(t('users.title'), null,
    can('users.write') ? linkButton('/users/new', t('users.new')) : null,
    can('users.write') ? linkButton('/users/import', t('import.open'), 'secondary') : null,
    button(t('export.open'), () => exportDialog(), 'secondary')));
  const search = field({ name: 'q', label: t('list.search'), type: 'search', value: q, placeholder: t('users.search_hint') });
  const st = field({ name: 'status', label: t('field.status'), type: 'select', value: status,
    options: [['', t('status.all')], ...['active', 'invited', 'suspended', 'deleted'].map((s) => [s, t(`status.${s}`)])] });
  const tf = field({ name: 'two_factor', label: t('tfa.title'), type: 'select', value: tfa,
    options: [['', t('status.all')], ['missing', t('tfa.missing')], ['enabled', t('tfa.enabled')], ['disabled', t('tfa.disabled')]] });
  const bar = h('form', { class: 'toolbar', role: 'search', onsubmit: (ev) => {
    ev.preventDefault();
    const p = new URLSearchParams();
    if (search.control.value) p.set('q', search.control.value);
    if (st.control.value) p.set('status', st.control.value);
    if (tf.control.value) p.set('two_factor', tf.control.value);
    navigate(`/users${p.toString() ? `?${p}` : ''}`);
  } }, search, st, tf, button(t('list.search_go'), null, 'secondary', { type: 'submit' }));
  main.append(bar);
  const p = new URLSearchParams({ limit: '25' });
  if (q) p.set('q', q);
  if (status) p.set('status', status);
  if (tfa) p.set('two_factor', tfa);
  if (after) p.set('after', after);
  const page = await api('GET', `${O()}/users?${p}`);
  main.append(table([
    { label: t('field.name'), cell: (u) => h('a', { href: `/users/${u.id}` }, u.display_name) },
    { label: t('field.email'), cell: (u) => u.email },
    { label: t('field.login_name'), cell: (u) => dash(u.login_name), cls: 'hide-phone' },
    { label: t('field.extension'), cell: (u) => (u.extensions || []).join(', ') || '—' },
    { label: t('field.groups'), cell: (u) => u.groups.map((g) => groupName(g)).join(', '), cls: 'hide-phone' },
    { label: t('field.status'), cell: (u) => statusBadge(u.status) },
  ], page.items, q ? t('users.none_found') : t('list.empty')));
  const prev = (params.get('prev') || '').split(',').filter(Boolean);
  const keep = new URLSearchParams(params);
  const pager = h('nav', { class: 'pager', 'aria-label': t('list.pages') });
  if (after) {
    const back = new URLSearchParams(keep);
    const last = prev.pop();
    if (last) back.set('after', last); else back.delete('after');
    if (prev.length) back.set('prev', prev.join(',')); else back.delete('prev');
    pager.append(linkButton(`/users?${back}`, t('list.prev'), 'secondary'));
  }
  if (page.next) {
    const fwd = new URLSearchParams(keep);
    fwd.set('after', page.next);
    fwd.set('prev', [...(params.get('prev') || '').split(',').filter(Boolean), after].filter(Boolean).join(','));
    if (!after) fwd.delete('prev');
    pager.append(linkButton(`/users?${fwd}`, t('list.next'), 'secondary'));
  }
  main.append(pager);
}
