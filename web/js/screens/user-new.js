// screens/user-new.js: Nieuwe gebruiker: seed 004's short form, the rest folded away.
import { api } from '../api.js';
import { t, lang, LANGS } from '../i18n.js';
import { h, clear, field, form, button, toast, combobox, nulls } from '../ui.js';
import { can } from '../state.js';
import { navigate } from '../nav.js';
import {
  O, setFlash, head, linkButton, searchCompanies, PERSON, passwordChoice, groupChecks, checkEmailAsTyped, fullNameField,
} from '../page.js';

export async function userNew(main) {
  clear(main, head(t('users.new'), t('users.new_intro')));
  let next = '';
  if (can('telephony.read')) {
    try { next = (await api('GET', `${O()}/extensions/next`)).extension; } catch { /* a suggestion only: the field stays empty */ }
  }
  // The organization's rules fill in the numbers of an error's wording
  // (a wrong extension, a short password) until the API sends them itself.
  let org = null;
  if (can('orgs.read')) {
    try { org = await api('GET', O()); } catch { /* then errors are worded without the numbers */ }
  }
  const extParams = org ? { length: org.extension_length, prefix: org.extension_prefix } : undefined;
  const pwParams = org && org.password_policy ? { min: org.password_policy.min_length } : undefined;
  const employer = combobox({ label: t('field.employer'), name: 'company', search: searchCompanies, hint: t('field.employer_hint') });
  const f = form([
    fullNameField(),
    h('div', { class: 'grid2' },
      field({ name: 'first_name', label: t('field.first_name'), required: true, autocomplete: 'off' }),
      field({ name: 'last_name', label: t('field.last_name'), required: true, autocomplete: 'off' }),
      checkEmailAsTyped(field({ name: 'email', label: t('field.email'), type: 'email', required: true, autocomplete: 'off' })),
      field({ name: 'extension', label: t('field.extension'), value: next, hint: t('field.extension_hint'), inputmode: 'numeric', params: extParams })),
    passwordChoice('pw', pwParams),
    h('details', { class: 'more' }, h('summary', {}, t('users.more_personal')), h('div', { class: 'grid2' },
      field({ name: 'salutation', label: t('field.salutation') }),
      field({ name: 'infix', label: t('field.infix') }),
      field({ name: 'phone', label: t('field.phone'), type: 'tel' }),
      field({ name: 'mobile', label: t('field.mobile'), type: 'tel' }),
      field({ name: 'language', label: t('field.language'), type: 'select', value: lang(), options: LANGS.map((l) => [l, t(`lang.${l}`)]) }))),
    h('details', { class: 'more' }, h('summary', {}, t('users.more_work')), h('div', { class: 'grid2' },
      employer, field({ name: 'job_title', label: t('field.job_title') }))),
    h('details', { class: 'more' }, h('summary', {}, t('users.more_account')),
      field({ name: 'login_name', label: t('field.login_name'), autocomplete: 'off' }), await groupChecks()),
    h('div', { class: 'form-actions' }, button(t('action.create'), null, '', { type: 'submit' }), linkButton('/users', t('action.cancel'), 'secondary'))],
  async (v) => {
    const body = userBody(v, employer.get());
    const u = await api('POST', `${O()}/users`, body);
    setFlash(u.warnings);
    toast(t('users.created', { name: u.display_name }));
    navigate(`/users/${u.id}`);
  });
  main.append(h('div', { class: 'card' }, f));
  f.querySelector('[name="full_name"]').focus();
}

function userBody(v, company) {
  const body = nulls({ ...v }, PERSON);
  delete body.pwmode;
  delete body.company;
  if (v.pwmode === 'invite') body.invite = true;
  if (v.pwmode !== 'set') delete body.password;
  if (!body.extension) delete body.extension;
  for (const k of PERSON) if (body[k] === null) delete body[k];
  if (company) { if (company.id) body.company_id = company.id; else body.company_name = company.name; }
  if (body.groups && !body.groups.length) delete body.groups;
  return body;
}
