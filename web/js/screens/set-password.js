// screens/set-password.js: the page of an invitation or reset link. The
// link is checked when the page opens: one that is used, expired or
// retired says so at once and offers to ask for a new one, instead of a
// form that can only fail.
import { api } from '../api.js';
import { t } from '../i18n.js';
import { h, field, form, button, failure } from '../ui.js';
import { navigate } from '../nav.js';
import { authPage, mismatch } from '../page.js';

const dead = (err) => err.status === 422 && (err.errors || []).some((e) => e.field === 'token');

function linkGone(main) {
  authPage(main, t('link.gone_title'),
    h('div', { class: 'banner banner-error', role: 'alert' }, t('link.gone')),
    h('div', { class: 'form-actions' }, button(t('link.ask_new'), () => navigate('/forgot'))),
    h('p', {}, h('a', { href: '/login' }, t('login.back'))));
}

// The link of an invitation or reset mail: /set-password?token=...
export async function setPassword(main, params) {
  const token = params.get('token') || '';
  let purpose;
  try {
    purpose = (await api('POST', '/auth/link', { token }, { noAuthRedirect: true })).purpose;
  } catch (err) {
    if (dead(err)) return linkGone(main);
    return authPage(main, t('password.set_title'), failure(err));
  }
  const pw = field({ name: 'password', label: t('password.new'), type: 'password', autocomplete: 'new-password', hint: t('password.policy'), required: true });
  const again = field({ name: 'repeat', label: t('password.repeat'), type: 'password', autocomplete: 'new-password', required: true });
  const f = form([pw, again,
    h('div', { class: 'form-actions' }, button(t('password.set'), null, '', { type: 'submit' }))],
  async (v) => {
    mismatch(v.password, v.repeat, 'repeat');
    try {
      await api('POST', '/auth/set-password', { token, password: v.password }, { noAuthRedirect: true });
    } catch (err) {
      // used up meanwhile (in another tab, or a newer link was sent)
      if (dead(err)) return linkGone(main);
      throw err;
    }
    navigate('/login?msg=password.done');
  });
  authPage(main, t(purpose === 'invite' ? 'password.welcome_title' : 'password.set_title'), h('p', {}, t('password.set_intro')), f);
  pw.control.focus();
}
