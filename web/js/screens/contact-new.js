// screens/contact-new.js: Nieuw persoon: the name, then the person's page.
import { api } from '../api.js';
import { t } from '../i18n.js';
import { h, clear, field, form, button, toast, combobox, nulls } from '../ui.js';
import { navigate } from '../nav.js';
import { O, setFlash, head, linkButton, searchCompanies, personFields, PERSON, fullNameField } from '../page.js';

export async function contactNew(main) {
  clear(main, head(t('contacts.new'), t('contacts.new_intro')));
  const employer = combobox({ label: t('field.employer'), name: 'company', search: searchCompanies, hint: t('field.employer_hint') });
  const f = form([fullNameField(), h('div', { class: 'grid2' }, personFields(),
    field({ name: 'email', label: t('field.email'), type: 'email' }),
    field({ name: 'phone', label: t('field.phone'), type: 'tel' }),
    field({ name: 'mobile', label: t('field.mobile'), type: 'tel' }),
    employer,
    field({ name: 'job_title', label: t('field.job_title') })),
  h('div', { class: 'form-actions' }, button(t('action.create'), null, '', { type: 'submit' }), linkButton('/contacts', t('action.cancel'), 'secondary'))],
  async (v) => {
    const body = nulls(v, PERSON);
    delete body.company;
    const c = employer.get();
    if (c) { if (c.id) body.company_id = c.id; else body.company_name = c.name; }
    const r = await api('POST', `${O()}/contacts`, body);
    setFlash(r.warnings);
    toast(t('contacts.created', { name: r.display_name }));
    navigate(`/contacts/${r.id}`);
  });
  main.append(h('div', { class: 'card' }, f));
  f.querySelector('[name="full_name"]').focus();
}
