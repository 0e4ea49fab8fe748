// screens/user.js: a user's page (seeds 000/001): tabs, each section edited
// on its own; suspend, resume, restore, delete.
import { api } from '../api.js';
import { t, lang, LANGS } from '../i18n.js';
import { h, clear, field, form, button, toast, tabs, dialog, nulls, fmtDate, badge, failure } from '../ui.js';
import { can } from '../state.js';
import { navigate } from '../nav.js';
import {
  O, statusBadge, setFlash, showFlash, head, linkButton, groupName, personFields, PERSON, groupChecks, section, editActions, workSection,
  confirmAction, checkEmailAsTyped, timezoneField,
} from '../page.js';
import { telephonyTab } from './user-telephony.js';

// ---- The user page (seeds 000/001): tabs, each section edited on its own.
export async function userPage(main, params, id) {
  const r = await api('GET', `${O()}/users/${id}`, undefined, { raw: true });
  let u = r.body;
  let etag = r.etag;
  const w = can('users.write');
  const patch = async (body, f) => {
    const res = await api('PATCH', `${O()}/users/${id}`, body, { raw: true, etag });
    u = res.body; etag = res.etag;
    toast(t('saved'));
    if (f) setFlash(u.warnings);
    return u;
  };
  const actions = [];
  if (w) {
    if (u.status === 'suspended') actions.push(button(t('user.resume'), async () => { await api('POST', `${O()}/users/${id}/resume`, {}); toast(t('user.resumed')); navigate(location.pathname, true); }, 'secondary'));
    else if (!u.deleted_at) {
      actions.push(button(t('user.suspend'), async () => {
        if (!await confirmAction(t('user.suspend_title', { name: u.display_name }), t('user.suspend_effect'), t('user.suspend'),
          () => api('POST', `${O()}/users/${id}/suspend`, {}))) return;
        toast(t('user.suspended')); navigate(location.pathname, true);
      }, 'secondary'));
    }
    if (u.deleted_at) actions.push(button(t('user.restore'), async () => { await api('POST', `${O()}/users/${id}/restore`, {}); toast(t('user.restored')); navigate(location.pathname, true); }, 'secondary'));
    else actions.push(button(t('user.delete'), () => deleteUser(u), 'danger'));
  }
  if (can('audit.read')) actions.unshift(linkButton(`/audit?object=${id}`, t('user.history'), 'ghost'));
  clear(main, head(u.display_name, [u.email, ' ', statusBadge(u.deleted_at ? 'deleted' : u.status)], actions));
  showFlash(main);
  const tabList = [
    { id: 'general', label: t('tab.general'), render: (p) => p.append(
      section(t('tab.general'), () => [[t('field.salutation'), u.salutation], [t('field.first_name'), u.first_name], [t('field.infix'), u.infix], [t('field.last_name'), u.last_name], [t('field.email'), u.email], [t('field.phone'), u.phone], [t('field.mobile'), u.mobile], [t('field.notes'), u.notes]],
        async (done) => form([h('div', { class: 'grid2' }, personFields(u),
          checkEmailAsTyped(field({ name: 'email', label: t('field.email'), type: 'email', value: u.email, required: true }), () => u.id),
          field({ name: 'phone', label: t('field.phone'), type: 'tel', value: u.phone }),
          field({ name: 'mobile', label: t('field.mobile'), type: 'tel', value: u.mobile })),
        field({ name: 'notes', label: t('field.notes'), type: 'textarea', value: u.notes }), editActions(done)],
        async (v, f) => { await patch(nulls(v, PERSON), f); done(); }), w)) },
    { id: 'work', label: t('tab.work'), render: (p) => p.append(workSection(() => u, patch, w)) },
    { id: 'account', label: t('tab.account'), render: (p) => accountTab(p, () => u, patch, w) },
    { id: 'telephony', label: t('tab.telephony'), render: (p) => telephonyTab(p, u) },
    { id: 'security', label: t('tab.security'), render: (p) => securityTab(p, () => u, patch, w) },
  ];
  main.append(tabs(tabList, { label: t('user.tabs'), selected: params.get('tab'), onselect: (tab) => history.replaceState(null, '', `${location.pathname}?tab=${tab}`) }));
}

async function accountTab(p, get, patch, w) {
  const u = get();
  p.append(section(t('tab.account'), () => {
    const x = get();
    return [[t('field.login_name'), x.login_name], [t('field.email'), x.email], [t('field.password'), x.password_set ? t('user.password_set') : t('user.password_not_set')],
      [t('field.status'), statusBadge(x.status)], [t('field.last_login'), fmtDate(x.last_login_at)], [t('field.groups'), x.groups.map(groupName).join(', ')]];
  }, async (done) => {
    const x = get();
    return form([
      field({ name: 'login_name', label: t('field.login_name'), value: x.login_name, autocomplete: 'off' }),
      field({ name: 'password', label: t('user.new_password'), type: 'password', autocomplete: 'new-password', hint: t('password.must_change') }),
      await groupChecks(x.groups.map((g) => g.id)), editActions(done)],
    async (v, f) => {
      const body = { login_name: v.login_name || null, groups: v.groups };
      if (v.password) body.password = v.password;
      await patch(body, f);
      done();
      p.replaceChildren(); accountTab(p, get, patch, w);
    });
  }, w));
  if (w && u.status === 'invited') {
    p.append(h('div', { class: 'card' }, h('p', {}, t('user.invited_text')), button(t('user.reinvite'), async () => {
      await api('POST', `${O()}/users/${u.id}/invite`, {}); toast(t('user.invite_sent'));
    }, 'secondary')));
  }
  // Effective rights: the union of the groups' rights.
  try {
    const perms = await api('GET', `${O()}/users/${u.id}/permissions`);
    p.append(h('section', { class: 'card', 'aria-labelledby': 'h-eff' }, h('h2', { id: 'h-eff' }, t('user.rights')),
      h('p', { class: 'muted small' }, t('user.rights_intro')),
      h('ul', {}, perms.permissions.map((x) => h('li', {}, h('code', {}, x), ' — ', t(`perm.${x}`))))));
  } catch (err) {
    if (err.status !== 403) p.append(failure(err)); // 403: no right to see them
  }
}

async function securityTab(p, get, patch, w) {
  const u = get();
  p.append(section(t('tab.security'), () => [[t('field.language'), t(`lang.${get().language}`)], [t('field.timezone'), get().timezone],
    [t('tfa.title'), get().two_factor.enabled ? badge(t('tfa.enabled'), 'ok') : badge(get().two_factor.required ? t('tfa.missing') : t('tfa.disabled'), 'warn')],
    [t('tfa.require_user'), get().require_two_factor ? t('tfa.require_user_on') : t('tfa.require_user_off')]],
  async (done) => form([
    field({ name: 'language', label: t('field.language'), type: 'select', value: get().language, options: LANGS.map((l) => [l, t(`lang.${l}`)]) }),
    timezoneField({ name: 'timezone', label: t('field.timezone'), value: get().timezone, placeholder: 'Europe/Amsterdam' }),
    w ? field({ name: 'require_two_factor', label: t('tfa.require_user'), type: 'checkbox', value: get().require_two_factor, hint: t('tfa.require_user_hint') }) : null,
    editActions(done)],
  async (v, f) => {
    const body = { language: v.language, timezone: v.timezone || null };
    if (w) body.require_two_factor = !!v.require_two_factor;
    await patch(body, f);
    done();
  }), w));
  if (w) {
    p.append(h('div', { class: 'card' }, h('div', { class: 'actions' },
      u.two_factor.enabled ? button(t('tfa.reset'), async () => { await api('DELETE', `${O()}/users/${u.id}/2fa`); toast(t('tfa.reset_done')); }, 'secondary') : null,
      button(t('user.end_sessions'), async () => { await api('DELETE', `${O()}/users/${u.id}/sessions`); toast(t('user.sessions_ended')); }, 'secondary'))));
  }
}

// Delete: type the email to confirm; says until when "Terugzetten" brings
// the user back and when it is removed for good (the organization's
// retention), and offers Suspend instead.
function deleteUser(u) {
  return dialog(t('user.delete_title', { name: u.display_name }), (body, close) => {
    const conf = field({ name: 'confirm', label: t('user.delete_type', { email: u.email }), autocomplete: 'off' });
    const warn = h('p', {}, t('user.delete_warning'));
    api('GET', O()).then((o) => {
      const days = o.retention_days;
      const until = new Date(Date.now() + days * 86400000).toLocaleDateString(lang() === 'nl' ? 'nl-NL' : 'en-GB', { dateStyle: 'long' });
      warn.textContent = t('user.delete_retention', { days, until });
    }, () => { /* the general warning stays */ });
    const f = form([
      warn,
      conf,
      h('div', { class: 'form-actions' },
        button(t('user.delete'), null, 'danger', { type: 'submit' }),
        button(t('user.suspend_instead'), async () => { await api('POST', `${O()}/users/${u.id}/suspend`, {}); close(); toast(t('user.suspended')); navigate(location.pathname, true); }, 'secondary'),
        button(t('action.cancel'), () => close(), 'ghost'))],
    async (v) => {
      if (v.confirm.trim().toLowerCase() !== u.email.toLowerCase()) {
        const e = new Error(t('user.delete_mismatch')); e.status = 0;
        e.errors = [{ field: 'confirm', code: 'mismatch', message: t('user.delete_mismatch') }];
        throw e;
      }
      await api('DELETE', `${O()}/users/${u.id}`);
      close();
      toast(t('user.deleted'));
      navigate('/users');
    });
    body.append(f);
  });
}
