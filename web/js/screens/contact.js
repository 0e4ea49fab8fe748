// screens/contact.js: a person of the address book: tabs, and Maak
// loginnaam aan (the same user as the Users path).
import { api } from '../api.js';
import { t } from '../i18n.js';
import { h, clear, field, form, button, toast, tabs, dialog, nulls } from '../ui.js';
import { can } from '../state.js';
import { navigate } from '../nav.js';
import {
  O, setFlash, showFlash, head, linkButton, personFields, PERSON, passwordChoice, section, editActions, workSection,
  checkEmailAsTyped,
} from '../page.js';

export async function contactPage(main, params, id) {
  const r = await api('GET', `${O()}/contacts/${id}`, undefined, { raw: true });
  let c = r.body;
  let etag = r.etag;
  const w = can('contacts.write');
  const patch = async (body) => {
    const res = await api('PATCH', `${O()}/contacts/${id}`, body, { raw: true, etag });
    c = res.body; etag = res.etag; toast(t('saved'));
  };
  clear(main, head(c.display_name, c.company_name || '',
    w && !c.user_id ? button(t('contacts.delete'), async () => {
      const ok = await dialog(t('contacts.delete'), (body, close) => body.append(h('p', {}, t('contacts.delete_confirm', { name: c.display_name })), h('div', { class: 'form-actions' }, button(t('contacts.delete'), () => close(true), 'danger'), button(t('action.cancel'), () => close(false), 'secondary'))));
      if (ok) { await api('DELETE', `${O()}/contacts/${id}`); navigate('/contacts'); }
    }, 'danger') : null));
  showFlash(main);
  const general = (p) => p.append(section(t('tab.general'), () => [[t('field.salutation'), c.salutation], [t('field.first_name'), c.first_name], [t('field.infix'), c.infix], [t('field.last_name'), c.last_name], [t('field.email'), c.email], [t('field.phone'), c.phone], [t('field.mobile'), c.mobile]],
    async (done) => form([h('div', { class: 'grid2' }, personFields(c),
      field({ name: 'email', label: t('field.email'), type: 'email', value: c.email }),
      field({ name: 'phone', label: t('field.phone'), type: 'tel', value: c.phone }),
      field({ name: 'mobile', label: t('field.mobile'), type: 'tel', value: c.mobile })), editActions(done)],
    async (v) => { await patch(nulls(v, PERSON)); done(); }), w));
  const account = (p) => {
    if (c.user_id) {
      p.append(h('div', { class: 'card' }, h('p', {}, t('contacts.has_login_text')), linkButton(`/users/${c.user_id}?tab=account`, t('contacts.open_user'), 'secondary')));
      return;
    }
    p.append(h('div', { class: 'card' }, h('p', {}, t('contacts.no_login')),
      can('users.write') ? button(t('contacts.make_login'), () => makeLogin(c), '') : null));
  };
  main.append(tabs([
    { id: 'general', label: t('tab.general'), render: general },
    { id: 'work', label: t('tab.work'), render: (p) => p.append(workSection(() => c, (body) => patch(body), w)) },
    { id: 'account', label: t('tab.account'), render: account },
  ], { label: t('user.tabs'), selected: params.get('tab'), onselect: (tab) => history.replaceState(null, '', `${location.pathname}?tab=${tab}`) }));
}

// Maak loginnaam aan: POST /contacts/{id}/user, the same user as the Users path.
function makeLogin(c) {
  return dialog(t('contacts.make_login'), (body, close) => {
    const f = form([
      field({ name: 'login_name', label: t('field.login_name'), autocomplete: 'off', required: true }),
      c.email ? null : checkEmailAsTyped(field({ name: 'email', label: t('field.email'), type: 'email', required: true })),
      passwordChoice('ml'),
      h('div', { class: 'form-actions' }, button(t('action.ok'), null, '', { type: 'submit' }), button(t('action.cancel'), () => close(), 'secondary'))],
    async (v) => {
      const body2 = { login_name: v.login_name || null };
      if (v.email) body2.email = v.email;
      if (v.pwmode === 'invite') body2.invite = true; else body2.password = v.password;
      const u = await api('POST', `${O()}/contacts/${c.id}/user`, body2);
      setFlash(u.warnings);
      close();
      toast(t('users.created', { name: u.display_name }));
      navigate(`/users/${u.id}?tab=telephony`);
    });
    body.append(f);
  });
}
