// screens/company.js: a company: its fields (Modify with If-Match) and the
// persons it employs; Delete only when it employs nobody (the API refuses otherwise).
import { api, apiAll } from '../api.js';
import { t } from '../i18n.js';
import { h, clear, field, form, button, toast, dialog, nulls } from '../ui.js';
import { can } from '../state.js';
import { navigate } from '../nav.js';
import { O, dash, head, table, section } from '../page.js';

export async function companyPage(main, params, id) {
  const r = await api('GET', `${O()}/companies/${id}`, undefined, { raw: true });
  const co = r.body;
  const w = can('contacts.write');
  const persons = await apiAll(`${O()}/contacts?company_id=${id}`, 1000);
  clear(main, head(co.name, t('companies.title'),
    w && !persons.length ? button(t('companies.delete'), async () => {
      const ok = await dialog(t('companies.delete'), (body, close) => body.append(h('p', {}, t('contacts.delete_confirm', { name: co.name })), h('div', { class: 'form-actions' }, button(t('companies.delete'), () => close(true), 'danger'), button(t('action.cancel'), () => close(false), 'secondary'))));
      if (ok) { await api('DELETE', `${O()}/companies/${id}`, undefined, { etag: r.etag }); toast(t('saved')); navigate('/companies'); }
    }, 'danger') : null));
  const fields = [
    field({ name: 'name', label: t('field.name'), value: co.name, required: true }),
    field({ name: 'website', label: t('field.web'), value: co.website || '' }),
    field({ name: 'phone', label: t('field.phone'), type: 'tel', value: co.phone || '' }),
    field({ name: 'email', label: t('field.email'), type: 'email', value: co.email || '' }),
  ];
  if (!w) fields.forEach((f) => { f.control.disabled = true; });
  const f = form([h('div', { class: 'grid2' }, fields),
    w ? h('div', { class: 'form-actions' }, button(t('action.save'), null, '', { type: 'submit' })) : null],
  async (v) => {
    await api('PATCH', `${O()}/companies/${id}`, nulls(v, ['website', 'phone', 'email']), { etag: r.etag });
    toast(t('saved'));
    navigate(`/companies/${id}`, true);
  });
  main.append(h('section', { class: 'card', 'aria-labelledby': 'h-co' }, h('h2', { id: 'h-co' }, t('tab.general')), f),
    h('section', { class: 'card', 'aria-labelledby': 'h-co-persons' }, h('h2', { id: 'h-co-persons' }, t('companies.persons')),
      table([
        { label: t('field.name'), cell: (c) => h('a', { href: `/contacts/${c.id}` }, c.display_name) },
        { label: t('field.job_title'), cell: (c) => dash(c.job_title) },
        { label: t('field.email'), cell: (c) => dash(c.email) },
        { label: t('contacts.login'), cell: (c) => c.user_id ? h('a', { href: `/users/${c.user_id}` }, t('contacts.has_login')) : '—' },
      ], persons, t('companies.no_persons'))));
}
