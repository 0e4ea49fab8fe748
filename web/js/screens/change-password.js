// screens/change-password.js: the forced password change, and the same
// form on My settings.
import { api } from '../api.js';
import { t } from '../i18n.js';
import { h, field, form, button, toast } from '../ui.js';
import { setMe } from '../state.js';
import { navigate } from '../nav.js';
import { authPage, mismatch, signOutLine } from '../page.js';

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
      if (forced) { setMe(null); navigate('/'); } else { fm.reset(); }
    });
  if (!forced) return f;
  authPage(main, t('password.change_title'), h('p', {}, t('password.change_intro')), f, signOutLine());
  cur.control.focus();
  return f;
}

