// screens/enrol.js: two-factor enrolment, forced by the organization or
// chosen on My settings.
import { api } from '../api.js';
import { t } from '../i18n.js';
import { h, clear, field, form, button, announce } from '../ui.js';
import { setMe } from '../state.js';
import { navigate } from '../nav.js';
import { authPage, signOutLine } from '../page.js';

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
          h('div', { class: 'form-actions' }, button(t('action.continue'), () => { setMe(null); navigate(forced ? '/' : '/me'); })));
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
    authPage(main, t('tfa.title'), h('p', {}, t('tfa.forced')), box, signOutLine());
    await start();
  } else {
    await start();
  }
  return box;
}
