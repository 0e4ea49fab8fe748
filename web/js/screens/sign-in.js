// screens/sign-in.js: Inloggen: login name or email and password, then the
// second factor when the account has one.
import { api, setCsrf } from '../api.js';
import { t, langPick } from '../i18n.js';
import { h, field, form, button } from '../ui.js';
import { setMe, setLang } from '../state.js';
import { navigate } from '../nav.js';
import { authPage, setNotice } from '../page.js';

export function signIn(main, params) {
  const login = field({ name: 'login', label: t('login.login'), autocomplete: 'username', required: true });
  const pw = field({ name: 'password', label: t('login.password'), type: 'password', autocomplete: 'current-password', required: true });
  const f = form([login, pw,
    h('div', { class: 'form-actions' }, button(t('login.submit'), null, '', { type: 'submit' }))],
  async (v) => {
    const r = await api('POST', '/auth/login', { login: v.login.trim(), password: v.password }, { noAuthRedirect: true });
    if (r.second_factor_required) return secondFactor(main, r.challenge, params);
    return signedIn(r, params);
  });
  authPage(main, t('login.title'), params.get('msg') ? h('div', { class: 'banner banner-ok', role: 'status' }, t(params.get('msg'))) : null, f,
    h('p', {}, h('a', { href: '/forgot' }, t('login.forgot'))));
  login.control.focus();
}

function secondFactor(main, challenge, params) {
  const code = field({ name: 'code', label: t('login.code'), autocomplete: 'one-time-code', inputmode: 'numeric', hint: t('login.code_hint'), required: true });
  const f = form([code, h('div', { class: 'form-actions' }, button(t('login.verify'), null, '', { type: 'submit' }))],
    async (v) => {
      const r = await api('POST', '/auth/login', { challenge, code: v.code.trim() }, { noAuthRedirect: true });
      return signedIn(r, params);
    });
  authPage(main, t('login.second_title'), h('p', {}, t('login.second_intro')), f);
  code.control.focus();
}

async function signedIn(r, params) {
  setCsrf(r.csrf_token);
  setMe(null);
  setNotice(r.notice);
  if (r.user && r.user.language) setLang(langPick() || r.user.language, false);
  if (r.password_change_required) return navigate('/change-password');
  if (r.two_factor_enrolment_required) return navigate('/enrol-2fa');
  const next = params.get('next');
  return navigate(next && next.startsWith('/') && !next.startsWith('//') ? next : '/');
}
