// screens/companies.js: Bedrijven: the employers of the address book.
import { api, apiAll } from '../api.js';
import { t } from '../i18n.js';
import { h, clear, field, form, button, toast } from '../ui.js';
import { can } from '../state.js';
import { navigate } from '../nav.js';
import { O, dash, head, table } from '../page.js';

export async function companiesList(main) {
  clear(main, head(t('companies.title')));
  const list = await apiAll(`${O()}/companies`, 500);
  if (can('contacts.write')) {
    main.append(h('div', { class: 'card' }, form([h('div', { class: 'toolbar' },
      field({ name: 'name', label: t('companies.new'), required: true }),
      field({ name: 'website', label: t('field.web') }),
      button(t('action.add'), null, '', { type: 'submit' }))],
    async (v) => { await api('POST', `${O()}/companies`, { name: v.name, website: v.website || null }); toast(t('saved')); navigate('/companies', true); })));
  }
  main.append(h('div', { class: 'card-gap' }), table([
    { label: t('field.name'), cell: (c) => h('a', { href: `/companies/${c.id}` }, c.name) },
    { label: t('field.web'), cell: (c) => dash(c.website) },
    { label: t('field.phone'), cell: (c) => dash(c.phone) },
  ], list));
}
