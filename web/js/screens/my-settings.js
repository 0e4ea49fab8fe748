// screens/my-settings.js: Mijn instellingen: availability (seed 001),
// language, password and two-step verification.
import { api } from '../api.js';
import { t, LANGS } from '../i18n.js';
import { h, clear, field, form, button, toast, badge, failure, dialog } from '../ui.js';
import { state, setLang, can } from '../state.js';
import { reload } from '../nav.js';
import { renderAvailability } from '../availability.js';
import { renderForwarding } from '../forwarding.js';
import { renderGreetings } from '../media.js';
import { renderBoxPin } from './voicemail.js';
import { changePassword } from './change-password.js';
import { enrol } from './enrol.js';

export async function mySettings(main) {
  const me = state.me;
  const org = me.org_id;
  clear(main, h('div', { class: 'page-head' }, h('div', {}, h('h1', {}, t('me.title')), h('p', { class: 'sub' }, me.display_name, ' · ', me.email))));
  // Availability
  const avail = h('section', { class: 'card', 'aria-labelledby': 'h-avail' }, h('h2', { id: 'h-avail' }, t('tel.availability')));
  main.append(avail);
  try {
    const tel = await api('GET', `/orgs/${org}/users/${me.id}/telephony`, undefined, { raw: true });
    const ver = { etag: tel.etag };
    // what the user is reached on and shows, at a glance (seed 001)
    const tb = tel.body;
    const dl = (rows) => h('dl', { class: 'props' }, rows.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v || '—')]));
    avail.before(h('section', { class: 'card', 'aria-labelledby': 'h-mytel' }, h('h2', { id: 'h-mytel' }, t('me.telephony')), dl([
      [t('field.extension'), (me.extensions || []).join(', ')],
      [t('tel.effective_caller_id'), tb.effective_caller_id || t('tel.trunk_default')],
      [t('tel.voicemail'), tb.voicemail.enabled ? `${tb.voicemail.box || ''}${tb.voicemail.email ? ` · ${tb.voicemail.email}` : ''}` : t('me.vm_off')],
    ])));
    renderAvailability(avail, org, me.id, tel.body, ver);
    const fwd = h('section', { class: 'card', 'aria-labelledby': 'h-fwd' }, h('h2', { id: 'h-fwd' }, t('fwd.title')));
    avail.after(fwd);
    await renderForwarding(fwd, org, me.id, tel.body, ver);
    if (tel.body.voicemail.box) {
      const vm = h('section', { class: 'card', 'aria-labelledby': 'h-vmpin' }, h('h2', { id: 'h-vmpin' }, t('vm.pin_title')));
      fwd.after(vm);
      renderBoxPin(vm, org, me.id, tel.body, ver);
    }
    if (can('media.write_own')) {
      const greet = h('section', { class: 'card', 'aria-labelledby': 'h-greet' }, h('h2', { id: 'h-greet' }, t('media.greetings')));
      fwd.after(greet);
      await renderGreetings(greet, org, me.id, tel.body, ver);
    }
  } catch (err) {
    avail.append(failure(err));
  }
  // Language
  const langForm = form([
    field({ name: 'language', label: t('field.language'), type: 'select', value: me.language, options: LANGS.map((l) => [l, t(`lang.${l}`)]) }),
    h('div', { class: 'form-actions' }, button(t('action.save'), null, '', { type: 'submit' }))],
  async (v) => {
    state.me = await api('PATCH', '/me', { language: v.language });
    setLang(v.language, true);
    toast(t('saved'));
    reload();
  });
  main.append(h('section', { class: 'card', 'aria-labelledby': 'h-lang' }, h('h2', { id: 'h-lang' }, t('field.language')), langForm));
  main.append(h('section', { class: 'card', 'aria-labelledby': 'h-pw' }, h('h2', { id: 'h-pw' }, t('password.change_title')), changePassword(main, null, false)));
  // Two-factor
  const tfa = h('section', { class: 'card', 'aria-labelledby': 'h-tfa' }, h('h2', { id: 'h-tfa' }, t('tfa.title')));
  main.append(tfa);
  const two = await api('GET', '/me/2fa');
  if (two.enabled) {
    tfa.append(h('p', {}, badge(t('tfa.enabled'), 'ok'), ' ', two.recovery_codes_left !== undefined ? t('tfa.left', { n: two.recovery_codes_left }) : ''));
    // off only when nothing requires it: the organization or a group may
    tfa.append(h('div', { class: 'form-actions' }, button(t('tfa.new_codes'), () => newCodes(), 'secondary'),
      two.required ? null : button(t('tfa.turn_off'), () => turnOff(), 'secondary')));
    // off only when nothing requires it: the organization or a group may
    if (two.required) tfa.append(h('p', { class: 'small muted' }, t('tfa.required_here')));
  } else {
    tfa.append(h('p', {}, badge(t('tfa.disabled'), 'warn')), button(t('tfa.setup'), async (ev) => {
      ev.target.remove();
      tfa.append(await enrol(main, null, false));
    }, 'secondary'));
  }
}

// Turning two-step verification off asks for the password again.
function turnOff() {
  return dialog(t('tfa.turn_off_title'), (body, close) => {
    const pw = field({ name: 'password', label: t('password.current'), type: 'password', autocomplete: 'current-password', required: true });
    body.append(form([h('p', {}, t('tfa.turn_off_intro')), pw,
      h('div', { class: 'form-actions' }, button(t('tfa.turn_off'), null, 'danger', { type: 'submit' }), button(t('action.cancel'), () => close(false), 'secondary'))],
    async (v) => {
      await api('DELETE', '/me/2fa/totp', { password: v.password });
      close(true);
      toast(t('tfa.turned_off'));
      reload();
    }));
  });
}

// New recovery codes, for the password; shown once, the old ones end.
function newCodes() {
  return dialog(t('tfa.new_codes'), (body, close) => {
    const pw = field({ name: 'password', label: t('password.current'), type: 'password', autocomplete: 'current-password', required: true });
    const f = form([h('p', {}, t('tfa.new_codes_intro')), pw,
      h('div', { class: 'form-actions' }, button(t('tfa.new_codes'), null, '', { type: 'submit' }), button(t('action.cancel'), () => close(false), 'secondary'))],
    async (v) => {
      const r = await api('POST', '/me/2fa/recovery-codes', { password: v.password });
      // in place of the form, under the dialog's own title
      f.replaceWith(h('div', {}, h('p', {}, t('tfa.codes_intro')),
        h('ul', { class: 'codes', 'aria-label': t('tfa.codes') }, r.recovery_codes.map((c) => h('li', {}, c))),
        h('div', { class: 'form-actions' }, button(t('action.done'), () => { close(true); reload(); }))));
    });
    body.append(f);
  });
}
