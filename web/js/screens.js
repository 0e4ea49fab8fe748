// screens.js: the pages every user sees: sign-in (with the second factor),
// forgot password, set password from a link, forced password change,
// two-factor enrolment, and My settings.
import { api, setCsrf } from './api.js';
import { t, lang, setLang, LANGS } from './i18n.js';
import { h, clear, field, form, button, toast, announce, showWarnings, dialog, badge } from './ui.js';
import { app, navigate, reload } from './app.js';

// The card layout of the pages before the app, with the language switch.
function authPage(main, title, ...content) {
  const sel = field({
    name: 'ui_language', label: t('login.language'), type: 'select', value: lang(),
    options: LANGS.map((l) => [l, t(`lang.${l}`)]),
  });
  sel.control.addEventListener('change', () => { setLang(sel.control.value, true); reload(); });
  clear(main, h('div', { class: 'auth' }, h('div', { class: 'card' },
    h('div', { class: 'brand' }, h('img', { src: '/favicon.svg', alt: '' }), 'Switchboard'),
    h('h1', {}, title), content,
    h('div', { class: 'foot' }, sel))));
  document.title = `${title} · Switchboard`;
}

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
  app.me = null;
  if (r.user && r.user.language) setLang(r.user.language, false);
  if (r.password_change_required) return navigate('/change-password');
  if (r.two_factor_enrolment_required) return navigate('/enrol-2fa');
  const next = params.get('next');
  return navigate(next && next.startsWith('/') && !next.startsWith('//') ? next : '/');
}

export function forgot(main) {
  const email = field({ name: 'email', label: t('field.email'), type: 'email', autocomplete: 'email', required: true });
  const done = h('div', { role: 'status' });
  const f = form([email, h('div', { class: 'form-actions' }, button(t('forgot.submit'), null, '', { type: 'submit' }))],
    async (v) => {
      const r = await api('POST', '/auth/password-reset', { email: v.email.trim() }, { noAuthRedirect: true });
      clear(done, h('div', { class: 'banner banner-ok' }, t('forgot.sent')));
      announce(t('forgot.sent'));
      return r;
    });
  authPage(main, t('forgot.title'), h('p', {}, t('forgot.intro')), done, f, h('p', {}, h('a', { href: '/login' }, t('login.back'))));
  email.control.focus();
}

// The link of an invitation or reset mail: /set-password?token=...
export function setPassword(main, params) {
  const token = params.get('token') || '';
  const pw = field({ name: 'password', label: t('password.new'), type: 'password', autocomplete: 'new-password', hint: t('password.policy'), required: true });
  const again = field({ name: 'repeat', label: t('password.repeat'), type: 'password', autocomplete: 'new-password', required: true });
  const f = form([h('input', { type: 'hidden', name: 'token', value: token }), pw, again,
    h('div', { class: 'form-actions' }, button(t('password.set'), null, '', { type: 'submit' }))],
  async (v) => {
    mismatch(v.password, v.repeat, 'repeat');
    await api('POST', '/auth/set-password', { token, password: v.password }, { noAuthRedirect: true });
    navigate('/login?msg=password.done');
  });
  authPage(main, t('password.set_title'), h('p', {}, t('password.set_intro')), f);
  pw.control.focus();
}

function mismatch(a, b, fieldName) {
  if (a !== b) {
    const e = new Error(t('password.mismatch'));
    e.status = 0;
    e.errors = [{ field: fieldName, code: 'mismatch', message: t('password.mismatch') }];
    throw e;
  }
}

// Forced by the API (must_change_password) or asked for from My settings.
export function changePassword(main, params, forced = true) {
  const cur = field({ name: 'current_password', label: t('password.current'), type: 'password', autocomplete: 'current-password', required: true });
  const pw = field({ name: 'new_password', label: t('password.new'), type: 'password', autocomplete: 'new-password', hint: t('password.policy'), required: true });
  const again = field({ name: 'repeat', label: t('password.repeat'), type: 'password', autocomplete: 'new-password', required: true });
  const f = form([cur, pw, again, h('div', { class: 'form-actions' }, button(t('password.change'), null, '', { type: 'submit' }))],
    async (v, fm) => {
      mismatch(v.new_password, v.repeat, 'repeat');
      await api('POST', '/me/password', { current_password: v.current_password, new_password: v.new_password });
      toast(t('password.changed'));
      if (forced) { app.me = null; navigate('/'); } else { fm.reset(); }
    });
  if (!forced) return f;
  authPage(main, t('password.change_title'), h('p', {}, t('password.change_intro')), f);
  cur.control.focus();
  return f;
}

// Two-factor enrolment: the QR code (SVG from the API, shown as an image),
// the secret for typing, a code to confirm, then the recovery codes.
export async function enrol(main, params, forced = true) {
  const box = h('div');
  const start = async () => {
    const e = await api('POST', '/me/2fa/totp', {});
    const code = field({ name: 'code', label: t('tfa.code'), autocomplete: 'one-time-code', inputmode: 'numeric', required: true });
    const f = form([code, h('div', { class: 'form-actions' }, button(t('tfa.confirm'), null, '', { type: 'submit' }))],
      async (v) => {
        const r = await api('POST', '/me/2fa/totp/confirm', { code: v.code.trim() });
        clear(box, h('div', { class: 'banner banner-ok', role: 'status' }, t('tfa.on')),
          h('h2', {}, t('tfa.codes')), h('p', {}, t('tfa.codes_intro')),
          h('ul', { class: 'codes', 'aria-label': t('tfa.codes') }, r.recovery_codes.map((c) => h('li', {}, c))),
          h('div', { class: 'form-actions' }, button(t('action.continue'), () => { app.me = null; navigate(forced ? '/' : '/me'); })));
        announce(t('tfa.on'));
      });
    clear(box,
      h('ol', {}, h('li', {}, t('tfa.step1')), h('li', {}, t('tfa.step2')), h('li', {}, t('tfa.step3'))),
      h('img', { class: 'qr', alt: t('tfa.qr_alt'), src: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(e.qr_svg)}` }),
      h('p', { class: 'small' }, t('tfa.secret'), ' ', h('code', { 'data-totp-secret': '' }, e.secret)),
      f);
    code.control.focus();
  };
  if (forced) {
    authPage(main, t('tfa.title'), h('p', {}, t('tfa.forced')), box);
    await start();
  } else {
    await start();
  }
  return box;
}

// My settings: availability (seed 001), password, language, two-factor.
export async function mySettings(main) {
  const me = app.me;
  const org = me.org_id;
  clear(main, h('div', { class: 'page-head' }, h('div', {}, h('h1', {}, t('me.title')), h('p', { class: 'sub' }, me.display_name, ' · ', me.email))));
  // Availability
  const avail = h('section', { class: 'card', 'aria-labelledby': 'h-avail' }, h('h2', { id: 'h-avail' }, t('tel.availability')));
  main.append(avail);
  try {
    const tel = await api('GET', `/orgs/${org}/users/${me.id}/telephony`, undefined, { raw: true });
    renderAvailability(avail, org, me.id, tel.body, tel.etag);
  } catch (err) {
    avail.append(h('p', { class: 'muted' }, err.message));
  }
  // Language
  const langForm = form([
    field({ name: 'language', label: t('field.language'), type: 'select', value: me.language, options: LANGS.map((l) => [l, t(`lang.${l}`)]) }),
    h('div', { class: 'form-actions' }, button(t('action.save'), null, '', { type: 'submit' }))],
  async (v) => {
    app.me = await api('PATCH', '/me', { language: v.language });
    setLang(v.language, true);
    toast(t('saved'));
    reload();
  });
  main.append(h('section', { class: 'card', 'aria-labelledby': 'h-lang' }, h('h2', { id: 'h-lang' }, t('field.language')), langForm));
  main.append(h('section', { class: 'card', 'aria-labelledby': 'h-pw' }, h('h2', { id: 'h-pw' }, t('password.change_title')), changePassword(main, null, false)));
  // Two-factor
  const tfa = h('section', { class: 'card', 'aria-labelledby': 'h-tfa' }, h('h2', { id: 'h-tfa' }, t('tfa.title')));
  main.append(tfa);
  const state = await api('GET', '/me/2fa');
  if (state.enabled) {
    tfa.append(h('p', {}, badge(t('tfa.enabled'), 'ok'), ' ', state.recovery_codes_left !== undefined ? t('tfa.left', { n: state.recovery_codes_left }) : ''));
  } else {
    tfa.append(h('p', {}, badge(t('tfa.disabled'), 'warn')), button(t('tfa.setup'), async (ev) => {
      ev.target.remove();
      tfa.append(await enrol(main, null, false));
    }, 'secondary'));
  }
}

// The availability switch and destination: PUT of the telephony document
// with only availability, which is what an End user may change.
export function renderAvailability(box, org, userId, tel, etag) {
  const dests = tel.destinations || [];
  const label = (d) => d.type === 'forward' ? `${t('tel.forward')} ${d.number}` : `${d.kind === 'app' ? t('tel.app') : t('tel.desk')} ${d.label || d.username}`;
  const status = h('p', { class: 'small muted', role: 'status' });
  const sw = h('input', { type: 'checkbox', id: 'avail-switch', name: 'reachable', role: 'switch', checked: !!tel.availability.reachable });
  const dest = field({ name: 'destination', label: t('tel.destination'), type: 'select', value: tel.availability.destination || '',
    options: [['', t('tel.none')], ...dests.map((d) => [d.id, label(d)])] });
  const f = form([
    h('div', { class: 'field' }, h('label', { class: 'switch', for: 'avail-switch' }, sw, h('span', { id: 'avail-label' }, t('tel.reachable'))), h('div', { class: 'error', id: 'avail-switch-err' })),
    dest,
    h('div', { class: 'form-actions' }, button(t('action.save'), null, '', { type: 'submit' }))],
  async (v) => {
    const r = await api('PUT', `/orgs/${org}/users/${userId}/telephony`,
      { availability: { reachable: v.reachable, destination: v.destination || null } }, { raw: true, etag });
    etag = r.etag;
    status.textContent = r.body.availability.reachable ? t('tel.now_reachable') : t('tel.now_unreachable');
    toast(t('saved'));
  });
  if (!dests.length) box.append(h('p', { class: 'muted' }, t('tel.no_destinations')));
  box.append(f, status);
}

export { showWarnings, dialog };
