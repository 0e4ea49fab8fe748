// screens/contacts.js: Adresboek: the persons, with search.
import { api } from '../api.js';
import { t } from '../i18n.js';
import { h, clear, field, form, button } from '../ui.js';
import { can } from '../state.js';
import { navigate } from '../nav.js';
import { O, dash, head, linkButton, table } from '../page.js';

export async function contactsList(main, params) {
  const q = params.get('q') || '';
  const company = params.get('company_id') || '';
  clear(main, head(t('contacts.title'), null, can('contacts.write') ? linkButton('/contacts/new', t('contacts.new')) : null));
  const search = field({ name: 'q', label: t('list.search'), type: 'search', value: q });
  main.append(h('form', { class: 'toolbar', role: 'search', onsubmit: (ev) => { ev.preventDefault(); navigate(`/contacts${search.control.value ? `?q=${encodeURIComponent(search.control.value)}` : ''}`); } },
    search, button(t('list.search_go'), null, 'secondary', { type: 'submit' })));
  const page = await api('GET', `${O()}/contacts?limit=200${q ? `&q=${encodeURIComponent(q)}` : ''}${company ? `&company_id=${encodeURIComponent(company)}` : ''}`);
  main.append(table([
    { label: t('field.name'), cell: (c) => h('a', { href: `/contacts/${c.id}` }, c.display_name) },
    { label: t('field.employer'), cell: (c) => dash(c.company_name) },
    { label: t('field.email'), cell: (c) => dash(c.email) },
    { label: t('field.phone'), cell: (c) => dash(c.phone), cls: 'hide-phone' },
    { label: t('contacts.login'), cell: (c) => c.user_id ? h('a', { href: `/users/${c.user_id}` }, t('contacts.has_login')) : '—' },
  ], page.items));
}
