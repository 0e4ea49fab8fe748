// screens/set-password.js: the page of an invitation or reset link.
import { api } from '../api.js';
import { t } from '../i18n.js';
import { h, field, form, button } from '../ui.js';
import { navigate } from '../nav.js';
import { authPage, mismatch } from '../page.js';

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
