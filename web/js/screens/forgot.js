// screens/forgot.js: Wachtwoord vergeten: asks for a link by email address
// or login name; the link goes to the account's address.
import { api } from '../api.js';
import { t } from '../i18n.js';
import { h, clear, field, form, button, announce } from '../ui.js';
import { authPage } from '../page.js';

export function forgot(main) {
  const email = field({ name: 'login', label: t('login.login'), autocomplete: 'username', required: true });
  const done = h('div', { role: 'status' });
  const f = form([email, h('div', { class: 'form-actions' }, button(t('forgot.submit'), null, '', { type: 'submit' }))],
    async (v) => {
      const r = await api('POST', '/auth/password-reset', { login: v.login.trim() }, { noAuthRedirect: true });
      clear(done, h('div', { class: 'banner banner-ok' }, t('forgot.sent')));
      announce(t('forgot.sent'));
      return r;
    });
  authPage(main, t('forgot.title'), h('p', {}, t('forgot.intro')), done, f, h('p', {}, h('a', { href: '/login' }, t('login.back'))));
  email.control.focus();
}

