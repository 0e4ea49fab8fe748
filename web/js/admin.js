// admin.js: the administrator's screens: users (list, new, the user page
// with its tabs), the address book (persons, companies), permission groups,
// numbers, extensions, hunt groups and the audit log.
import { api, apiAll } from './api.js';
import { t, lang, LANGS } from './i18n.js';
import {
  h, clear, field, form, button, toast, announce, showWarnings, tabs, dialog, showSecret, combobox,
  nulls, fmtDate, badge,
} from './ui.js';
import { app, can, navigate, orgPath } from './app.js';
import { renderAvailability } from './screens.js';

const O = () => orgPath();
const statusBadge = (s) => badge(t(`status.${s}`), s === 'active' ? 'ok' : s === 'suspended' ? 'danger' : 'warn');
const dash = (v) => (v === null || v === undefined || v === '' ? '—' : v);
let flash = null; // warnings carried to the next page

function head(title, sub, ...actions) {
  return h('div', { class: 'page-head' }, h('div', {}, h('h1', {}, title), sub ? h('p', { class: 'sub' }, sub) : null),
    h('div', { class: 'actions' }, actions));
}
function linkButton(href, label, kind = '') { return h('a', { class: `btn ${kind ? `btn-${kind}` : ''}`.trim(), href }, label); }
function table(cols, rows, empty) {
  if (!rows.length) return h('div', { class: 'table-wrap' }, h('p', { class: 'empty' }, empty || t('list.empty')));
  return h('div', { class: 'table-wrap' }, h('table', {},
    h('thead', {}, h('tr', {}, cols.map((c) => h('th', { scope: 'col', class: c.cls }, c.label)))),
    h('tbody', {}, rows.map((r) => h('tr', {}, cols.map((c) => h('td', { class: c.cls }, c.cell(r))))))));
}
const searchCompanies = async (text) => (await api('GET', `${O()}/companies?limit=20&q=${encodeURIComponent(text)}`)).items.map((c) => ({ id: c.id, label: c.name }));
function showFlash(main) {
  if (!flash) return;
  const w = h('div', { class: 'banner banner-warn', role: 'status' }, h('strong', {}, t('form.warnings')), h('ul', {}, flash.map((x) => h('li', {}, x.message))));
  main.querySelector('.page-head').after(w);
  announce(flash.map((x) => x.message).join(' '));
  flash = null;
}

// ---- Users list: search and paging (cursor pages; a stack for "previous").
export async function usersList(main, params) {
  const q = params.get('q') || '';
  const status = params.get('status') || '';
  const tfa = params.get('two_factor') || '';
  const after = params.get('after') || '';
  clear(main, head(t('users.title'), null, can('users.write') ? linkButton('/users/new', t('users.new')) : null));
  const search = field({ name: 'q', label: t('list.search'), type: 'search', value: q, placeholder: t('users.search_hint') });
  const st = field({ name: 'status', label: t('field.status'), type: 'select', value: status,
    options: [['', t('status.all')], ...['active', 'invited', 'suspended', 'deleted'].map((s) => [s, t(`status.${s}`)])] });
  const tf = field({ name: 'two_factor', label: t('tfa.title'), type: 'select', value: tfa,
    options: [['', t('status.all')], ['missing', t('tfa.missing')], ['enabled', t('tfa.enabled')], ['disabled', t('tfa.disabled')]] });
  const bar = h('form', { class: 'toolbar', role: 'search', onsubmit: (ev) => {
    ev.preventDefault();
    const p = new URLSearchParams();
    if (search.control.value) p.set('q', search.control.value);
    if (st.control.value) p.set('status', st.control.value);
    if (tf.control.value) p.set('two_factor', tf.control.value);
    navigate(`/users${p.toString() ? `?${p}` : ''}`);
  } }, search, st, tf, button(t('list.search_go'), null, 'secondary', { type: 'submit' }));
  main.append(bar);
  const p = new URLSearchParams({ limit: '25' });
  if (q) p.set('q', q);
  if (status) p.set('status', status);
  if (tfa) p.set('two_factor', tfa);
  if (after) p.set('after', after);
  const page = await api('GET', `${O()}/users?${p}`);
  main.append(table([
    { label: t('field.name'), cell: (u) => h('a', { href: `/users/${u.id}` }, u.display_name) },
    { label: t('field.email'), cell: (u) => u.email },
    { label: t('field.login_name'), cell: (u) => dash(u.login_name), cls: 'hide-phone' },
    { label: t('field.extension'), cell: (u) => (u.extensions || []).join(', ') || '—' },
    { label: t('field.groups'), cell: (u) => u.groups.map((g) => groupName(g)).join(', '), cls: 'hide-phone' },
    { label: t('field.status'), cell: (u) => statusBadge(u.status) },
  ], page.items, q ? t('users.none_found') : t('list.empty')));
  const prev = (params.get('prev') || '').split(',').filter(Boolean);
  const keep = new URLSearchParams(params);
  const pager = h('nav', { class: 'pager', 'aria-label': t('list.pages') });
  if (after) {
    const back = new URLSearchParams(keep);
    const last = prev.pop();
    if (last) back.set('after', last); else back.delete('after');
    if (prev.length) back.set('prev', prev.join(',')); else back.delete('prev');
    pager.append(linkButton(`/users?${back}`, t('list.prev'), 'secondary'));
  }
  if (page.next) {
    const fwd = new URLSearchParams(keep);
    fwd.set('after', page.next);
    fwd.set('prev', [...(params.get('prev') || '').split(',').filter(Boolean), after].filter(Boolean).join(','));
    if (!after) fwd.delete('prev');
    pager.append(linkButton(`/users?${fwd}`, t('list.next'), 'secondary'));
  }
  main.append(pager);
}

export function groupName(g) {
  const key = g.builtin;
  return key ? t(`group.${key}`) : g.name;
}

// The person fields of a user or contact.
const personFields = (v = {}) => [
  field({ name: 'salutation', label: t('field.salutation'), value: v.salutation }),
  field({ name: 'first_name', label: t('field.first_name'), value: v.first_name, required: true, autocomplete: 'off' }),
  field({ name: 'infix', label: t('field.infix'), value: v.infix }),
  field({ name: 'last_name', label: t('field.last_name'), value: v.last_name, required: true, autocomplete: 'off' }),
];
const PERSON = ['salutation', 'infix', 'phone', 'mobile', 'job_title', 'work_phone', 'work_email', 'web', 'street', 'postal_code', 'city', 'country', 'notes', 'login_name', 'email'];

// Password choice: send an invitation (seed 003) or set one (seed 000).
function passwordChoice(prefix = 'pw') {
  const inv = h('input', { type: 'radio', name: 'pwmode', value: 'invite', id: `${prefix}-inv`, checked: true });
  const set = h('input', { type: 'radio', name: 'pwmode', value: 'set', id: `${prefix}-set` });
  const pw = field({ name: 'password', label: t('field.password'), type: 'password', autocomplete: 'new-password', hint: t('password.must_change') });
  pw.classList.add('hidden');
  pw.control.disabled = true;
  const sync = () => { pw.classList.toggle('hidden', !set.checked); pw.control.disabled = !set.checked; };
  inv.addEventListener('change', sync);
  set.addEventListener('change', sync);
  return h('fieldset', {}, h('legend', {}, t('field.password')),
    h('label', { class: 'check', for: inv.id }, inv, t('user.send_invite')),
    h('label', { class: 'check', for: set.id }, set, t('user.set_password')),
    pw);
}

async function groupChecks(selected = []) {
  const groups = await api('GET', `${O()}/groups`).then((r) => r.items).catch(() => []);
  return h('fieldset', {}, h('legend', {}, t('field.groups')),
    groups.map((g) => {
      const id = `grp-${g.id}`;
      return h('label', { class: 'check', for: id }, h('input', { type: 'checkbox', id, name: 'groups', value: g.id, 'data-multi': '1', checked: selected.includes(g.id) || (!selected.length && g.builtin === 'end_user') }), groupName(g));
    }),
    h('div', { class: 'error', id: 'groups-err' }));
}

// ---- New user: seed 004's short form, the rest folded away.
export async function userNew(main) {
  clear(main, head(t('users.new'), t('users.new_intro')));
  let next = '';
  try { next = (await api('GET', `${O()}/extensions/next`)).extension; } catch { /* no telephony rights */ }
  const employer = combobox({ label: t('field.employer'), name: 'company', search: searchCompanies, hint: t('field.employer_hint') });
  const f = form([
    h('div', { class: 'grid2' },
      field({ name: 'first_name', label: t('field.first_name'), required: true, autocomplete: 'off' }),
      field({ name: 'last_name', label: t('field.last_name'), required: true, autocomplete: 'off' }),
      field({ name: 'email', label: t('field.email'), type: 'email', required: true, autocomplete: 'off' }),
      field({ name: 'extension', label: t('field.extension'), value: next, hint: t('field.extension_hint'), inputmode: 'numeric' })),
    passwordChoice(),
    h('details', { class: 'more' }, h('summary', {}, t('users.more_personal')), h('div', { class: 'grid2' },
      field({ name: 'salutation', label: t('field.salutation') }),
      field({ name: 'infix', label: t('field.infix') }),
      field({ name: 'phone', label: t('field.phone'), type: 'tel' }),
      field({ name: 'mobile', label: t('field.mobile'), type: 'tel' }),
      field({ name: 'language', label: t('field.language'), type: 'select', value: lang(), options: LANGS.map((l) => [l, t(`lang.${l}`)]) }))),
    h('details', { class: 'more' }, h('summary', {}, t('users.more_work')), h('div', { class: 'grid2' },
      employer, field({ name: 'job_title', label: t('field.job_title') }))),
    h('details', { class: 'more' }, h('summary', {}, t('users.more_account')),
      field({ name: 'login_name', label: t('field.login_name'), autocomplete: 'off' }), await groupChecks()),
    h('div', { class: 'form-actions' }, button(t('action.create'), null, '', { type: 'submit' }), linkButton('/users', t('action.cancel'), 'secondary'))],
  async (v) => {
    const body = userBody(v, employer.get());
    const u = await api('POST', `${O()}/users`, body);
    flash = u.warnings && u.warnings.length ? u.warnings : null;
    toast(t('users.created', { name: u.display_name }));
    navigate(`/users/${u.id}`);
  });
  main.append(h('div', { class: 'card' }, f));
  f.querySelector('[name="first_name"]').focus();
}

function userBody(v, company) {
  const body = nulls({ ...v }, PERSON);
  delete body.pwmode;
  delete body.company;
  if (v.pwmode === 'invite') body.invite = true;
  if (v.pwmode !== 'set') delete body.password;
  if (!body.extension) delete body.extension;
  for (const k of PERSON) if (body[k] === null) delete body[k];
  if (company) { if (company.id) body.company_id = company.id; else body.company_name = company.name; }
  if (body.groups && !body.groups.length) delete body.groups;
  return body;
}

// An editable section: read-only list with Modify, or its form.
function section(title, rows, buildForm, editable = true) {
  const box = h('section', { class: 'card' });
  const hid = `h-${Math.random().toString(36).slice(2, 8)}`;
  const view = () => {
    clear(box, h('div', { class: 'card-head' }, h('h2', { id: hid }, title),
      editable ? button(t('action.modify'), async () => edit(), 'secondary', { 'aria-describedby': hid }) : null),
    h('dl', { class: 'props' }, rows().map(([k, v]) => [h('dt', {}, k), h('dd', {}, v instanceof Node ? v : dash(v))])));
  };
  const edit = async () => {
    const f = await buildForm(() => view());
    clear(box, h('div', { class: 'card-head' }, h('h2', { id: hid }, title)), f);
    const first = f.querySelector('input:not([type=hidden]), select, textarea');
    if (first) first.focus();
  };
  box.setAttribute('aria-labelledby', hid);
  view();
  box.refresh = view;
  return box;
}
function editActions(cancel) {
  return h('div', { class: 'form-actions' }, button(t('action.save'), null, '', { type: 'submit' }), button(t('action.cancel'), cancel, 'secondary'));
}

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
    if (f && u.warnings && u.warnings.length) { flash = u.warnings; }
    return u;
  };
  const actions = [];
  if (w) {
    if (u.status === 'suspended') actions.push(button(t('user.resume'), async () => { await api('POST', `${O()}/users/${id}/resume`, {}); toast(t('user.resumed')); navigate(location.pathname, true); }, 'secondary'));
    else if (!u.deleted_at) actions.push(button(t('user.suspend'), async () => { await api('POST', `${O()}/users/${id}/suspend`, {}); toast(t('user.suspended')); navigate(location.pathname, true); }, 'secondary'));
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
          field({ name: 'email', label: t('field.email'), type: 'email', value: u.email, required: true }),
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

// Werk: employer (combobox that adds a company inline) and work details.
function workSection(get, patch, w) {
  return section(t('tab.work'), () => {
    const u = get();
    return [[t('field.employer'), u.company_name], [t('field.job_title'), u.job_title], [t('field.work_phone'), u.work_phone], [t('field.work_email'), u.work_email], [t('field.web'), u.web], [t('field.street'), u.street], [t('field.postal_code'), u.postal_code], [t('field.city'), u.city], [t('field.country'), u.country]];
  }, async (done) => {
    const u = get();
    const employer = combobox({ label: t('field.employer'), name: 'company', value: u.company_id ? { id: u.company_id, label: u.company_name } : null, search: searchCompanies, hint: t('field.employer_hint') });
    return form([h('div', { class: 'grid2' }, employer,
      field({ name: 'job_title', label: t('field.job_title'), value: u.job_title }),
      field({ name: 'work_phone', label: t('field.work_phone'), type: 'tel', value: u.work_phone }),
      field({ name: 'work_email', label: t('field.work_email'), type: 'email', value: u.work_email }),
      field({ name: 'web', label: t('field.web'), value: u.web }),
      field({ name: 'street', label: t('field.street'), value: u.street }),
      field({ name: 'postal_code', label: t('field.postal_code'), value: u.postal_code }),
      field({ name: 'city', label: t('field.city'), value: u.city }),
      field({ name: 'country', label: t('field.country'), value: u.country })), editActions(done)],
    async (v, f) => {
      const body = nulls(v, PERSON);
      delete body.company;
      const c = employer.get();
      if (!c) body.company_id = null;
      else if (c.id) body.company_id = c.id;
      else body.company_name = c.name;
      await patch(body, f);
      done();
    });
  }, w);
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
  } catch { /* no right to see it */ }
}

async function securityTab(p, get, patch, w) {
  const u = get();
  p.append(section(t('tab.security'), () => [[t('field.language'), t(`lang.${get().language}`)], [t('field.timezone'), get().timezone],
    [t('tfa.title'), get().two_factor.enabled ? badge(t('tfa.enabled'), 'ok') : badge(get().two_factor.required ? t('tfa.missing') : t('tfa.disabled'), 'warn')]],
  async (done) => form([
    field({ name: 'language', label: t('field.language'), type: 'select', value: get().language, options: LANGS.map((l) => [l, t(`lang.${l}`)]) }),
    field({ name: 'timezone', label: t('field.timezone'), value: get().timezone, placeholder: 'Europe/Amsterdam' }), editActions(done)],
  async (v, f) => { await patch({ language: v.language, timezone: v.timezone || null }, f); done(); }), w));
  if (w) {
    p.append(h('div', { class: 'card' }, h('div', { class: 'actions' },
      u.two_factor.enabled ? button(t('tfa.reset'), async () => { await api('DELETE', `${O()}/users/${u.id}/2fa`); toast(t('tfa.reset_done')); }, 'secondary') : null,
      button(t('user.end_sessions'), async () => { await api('DELETE', `${O()}/users/${u.id}/sessions`); toast(t('user.sessions_ended')); }, 'secondary'))));
  }
}

// Delete: type the email to confirm; says it cannot be undone (seed 004),
// offers Suspend instead.
function deleteUser(u) {
  return dialog(t('user.delete_title', { name: u.display_name }), (body, close) => {
    const conf = field({ name: 'confirm', label: t('user.delete_type', { email: u.email }), autocomplete: 'off' });
    const f = form([
      h('p', {}, t('user.delete_warning')),
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

// ---- Telefonie: extensions, SIP and app accounts, aliases, the document.
async function telephonyTab(p, u) {
  const tw = can('telephony.write');
  const base = `${O()}/users/${u.id}`;
  // Extensions
  const ext = h('section', { class: 'card', 'aria-labelledby': 'h-ext' });
  const loadExt = async () => {
    const list = (await api('GET', `${O()}/extensions?owner_id=${u.id}`).catch(() => ({ items: [] }))).items;
    clear(ext, h('div', { class: 'card-head' }, h('h2', { id: 'h-ext' }, t('tel.extensions'))),
      table([{ label: t('field.extension'), cell: (x) => x.extension }, { label: '', cls: 'center', cell: (x) => tw ? button(t('action.remove'), async () => { await api('DELETE', `${O()}/extensions/${x.id}`); loadExt(); }, 'ghost', { 'aria-label': `${t('action.remove')} ${x.extension}` }) : '' }], list, t('tel.no_extensions')));
    if (tw) {
      let next = '';
      try { next = (await api('GET', `${O()}/extensions/next`)).extension; } catch { /* */ }
      const f = form([h('div', { class: 'toolbar' }, field({ name: 'extension', label: t('tel.add_extension'), value: next, inputmode: 'numeric' }), button(t('action.add'), null, 'secondary', { type: 'submit' }))],
        async (v) => { await api('POST', `${O()}/extensions`, { extension: v.extension, user_id: u.id }); toast(t('saved')); loadExt(); });
      f.classList.add('inline-form');
      ext.append(h('div', { class: 'form-actions' }), f);
    }
  };
  // SIP and app accounts
  const sip = h('section', { class: 'card', 'aria-labelledby': 'h-sip' });
  const loadSip = async () => {
    const list = (await api('GET', `${base}/sip-accounts`).catch(() => ({ items: [] }))).items;
    clear(sip, h('div', { class: 'card-head' }, h('h2', { id: 'h-sip' }, t('tel.accounts')),
      tw ? h('div', { class: 'actions' },
        button(t('tel.add_desk'), () => addSip('desk'), 'secondary'),
        button(t('tel.add_app'), () => addSip('app'), 'secondary')) : null),
    table([
      { label: t('tel.kind'), cell: (a) => a.kind === 'app' ? t('tel.app') : t('tel.desk') },
      { label: t('field.label'), cell: (a) => dash(a.label) },
      { label: t('tel.username'), cell: (a) => h('code', {}, a.username) },
      { label: t('field.status'), cell: (a) => a.enabled ? badge(t('tel.enabled'), 'ok') : badge(t('tel.disabled'), 'danger') },
      { label: '', cell: (a) => tw ? h('div', { class: 'actions' },
        button(t('tel.reset_secret'), async () => { const r = await api('POST', `${base}/sip-accounts/${a.id}/reset-secret`, {}); await showSecret(t('tel.secret_title'), [[t('tel.username'), r.username], [t('tel.secret'), r.secret]]); }, 'ghost'),
        button(a.enabled ? t('tel.disable') : t('tel.enable'), async () => { await api('PATCH', `${base}/sip-accounts/${a.id}`, { enabled: !a.enabled }); loadSip(); loadDoc(); }, 'ghost')) : '' },
    ], list, t('tel.no_accounts')));
  };
  const addSip = (kind) => dialog(kind === 'app' ? t('tel.add_app') : t('tel.add_desk'), (body, close) => {
    body.append(form([field({ name: 'label', label: t('field.label') }), h('div', { class: 'form-actions' }, button(t('action.add'), null, '', { type: 'submit' }), button(t('action.cancel'), () => close(), 'secondary'))],
      async (v) => {
        const r = await api('POST', `${base}/sip-accounts`, { kind, label: v.label || null });
        close();
        await showSecret(t('tel.secret_title'), [[t('tel.username'), r.username], [t('tel.secret'), r.secret]]);
        loadSip(); loadDoc();
      }));
  });
  // SIP aliases (seed 004)
  const ali = h('section', { class: 'card', 'aria-labelledby': 'h-ali' });
  const loadAli = async () => {
    const list = (await api('GET', `${base}/aliases`).catch(() => ({ items: [] }))).items;
    clear(ali, h('div', { class: 'card-head' }, h('h2', { id: 'h-ali' }, t('tel.aliases')), tw ? button(t('tel.add_alias'), addAlias, 'secondary') : null),
      h('p', { class: 'muted small' }, t('tel.aliases_intro')),
      table([
        { label: t('field.display_name'), cell: (a) => a.display_name },
        { label: t('tel.sip_address'), cell: (a) => h('code', {}, a.sip_address) },
        { label: t('field.extension'), cell: (a) => dash(a.extension) },
        { label: '', cell: (a) => tw ? button(t('action.remove'), async () => { await api('DELETE', `${base}/aliases/${a.id}`); loadAli(); }, 'ghost') : '' },
      ], list, t('tel.no_aliases')));
  };
  const addAlias = () => dialog(t('tel.add_alias'), (body, close) => {
    body.append(form([field({ name: 'display_name', label: t('field.display_name'), required: true, placeholder: `${u.first_name} Support` }),
      field({ name: 'extension', label: t('field.extension'), hint: t('tel.alias_ext_hint') }),
      h('div', { class: 'form-actions' }, button(t('action.add'), null, '', { type: 'submit' }), button(t('action.cancel'), () => close(), 'secondary'))],
    async (v) => {
      const r = await api('POST', `${base}/aliases`, { display_name: v.display_name, extension: v.extension || null });
      close();
      if (r.secret) await showSecret(t('tel.secret_title'), [[t('tel.username'), r.username], [t('tel.secret'), r.secret]]);
      loadAli();
    }));
  });
  // The telephony document.
  const doc = h('section', { class: 'card', 'aria-labelledby': 'h-doc' });
  const loadDoc = async () => {
    let res;
    try { res = await api('GET', `${base}/telephony`, undefined, { raw: true }); } catch (err) { clear(doc, h('p', { class: 'muted' }, err.message)); return; }
    const avail = h('div');
    clear(doc, h('h2', { id: 'h-doc' }, t('tel.availability')), avail);
    renderAvailability(avail, app.org, u.id, res.body, res.etag);
    if (tw) doc.append(await telephonyForm(base, res.body, res.etag, loadDoc));
  };
  p.append(ext, sip, ali, doc);
  await Promise.all([loadExt(), loadSip(), loadAli(), loadDoc()]);
}

async function telephonyForm(base, tel, etag, reloadDoc) {
  const numbers = await apiAll(`${O()}/numbers`).catch(() => []);
  const accounts = tel.destinations.filter((d) => d.type === 'sip_account');
  const forwards = tel.destinations.filter((d) => d.type === 'forward');
  const e = tel.e911 || {};
  const f = form([
    h('h3', {}, t('tel.callerid_title')),
    field({ name: 'caller_id', label: t('tel.caller_id'), type: 'select', value: tel.caller_id || '', hint: t('tel.caller_id_hint'),
      options: [['', t('tel.trunk_default')], ...numbers.map((n) => [n.number, `${n.number}${n.label ? ` (${n.label})` : ''}`])] }),
    h('fieldset', {}, h('legend', {}, t('tel.reachable_numbers')),
      numbers.length ? numbers.map((n) => h('label', { class: 'check', for: `rn-${n.id}` }, h('input', { type: 'checkbox', id: `rn-${n.id}`, name: 'reachable_numbers', value: n.number, 'data-multi': '1', checked: tel.reachable_numbers.includes(n.number) }), n.number)) : h('p', { class: 'muted small' }, t('tel.no_numbers')),
      h('div', { class: 'error', id: 'reachable_numbers-err' })),
    field({ name: 'forwards', label: t('tel.forwards'), type: 'textarea', value: forwards.map((x) => x.number).join('\n'), hint: t('tel.forwards_hint') }),
    h('h3', {}, t('tel.ctd_title')),
    h('div', { class: 'grid2' },
      field({ name: 'ctd_account', label: t('tel.ctd_account'), type: 'select', value: tel.click_to_dial.account || 'same_as_availability',
        options: [['same_as_availability', t('tel.same_as_availability')], ...accounts.map((a) => [a.id, a.label || a.username])] }),
      field({ name: 'auto_answer', label: t('tel.auto_answer'), type: 'checkbox', value: tel.click_to_dial.auto_answer })),
    field({ name: 'fallback_enabled', label: t('tel.fallback'), type: 'checkbox', value: tel.app_fallback_mobile.enabled }),
    field({ name: 'fallback_number', label: t('tel.fallback_number'), type: 'tel', value: tel.app_fallback_mobile.number }),
    h('h3', {}, t('tel.voicemail')),
    h('div', { class: 'grid2' },
      field({ name: 'vm_enabled', label: t('tel.vm_enabled'), type: 'checkbox', value: tel.voicemail.enabled }),
      field({ name: 'vm_box', label: t('tel.vm_box'), value: tel.voicemail.box, inputmode: 'numeric' }),
      field({ name: 'vm_pin', label: t('tel.vm_pin'), type: 'password', autocomplete: 'off', hint: tel.voicemail.pin_set ? t('tel.vm_pin_set') : t('tel.vm_pin_hint'), inputmode: 'numeric' }),
      field({ name: 'vm_email', label: t('tel.vm_email'), type: 'email', value: tel.voicemail.email })),
    h('div', { class: 'grid2' },
      field({ name: 'music_on_hold', label: t('tel.moh'), value: tel.music_on_hold, hint: t('tel.moh_hint') }),
      field({ name: 'tel_language', label: t('tel.prompts'), type: 'select', value: tel.language, options: LANGS.map((l) => [l, t(`lang.${l}`)]) })),
    h('h3', {}, t('tel.e911')),
    h('div', { class: 'grid2' },
      field({ name: 'e911_street', label: t('field.street'), value: e.street }),
      field({ name: 'e911_house_number', label: t('tel.house_number'), value: e.house_number }),
      field({ name: 'e911_postal_code', label: t('field.postal_code'), value: e.postal_code }),
      field({ name: 'e911_city', label: t('field.city'), value: e.city }),
      field({ name: 'e911_country', label: t('field.country'), value: e.country })),
    h('div', { class: 'form-actions' }, button(t('tel.save_settings'), null, '', { type: 'submit' }))],
  async (v, fm) => {
    const fw = v.forwards.split(/\n/).map((s) => s.trim()).filter(Boolean).map((number) => {
      const old = forwards.find((x) => x.number === number);
      return old ? { id: old.id, type: 'forward', number } : { type: 'forward', number };
    });
    const hasE911 = ['street', 'house_number', 'postal_code', 'city'].some((k) => v[`e911_${k}`]);
    const body = {
      caller_id: v.caller_id || null,
      reachable_numbers: v.reachable_numbers || [],
      destinations: [...accounts.map((a) => ({ id: a.id, type: 'sip_account' })), ...fw],
      click_to_dial: { account: v.ctd_account, auto_answer: v.auto_answer },
      app_fallback_mobile: { enabled: v.fallback_enabled, number: v.fallback_number || null },
      voicemail: { enabled: v.vm_enabled, box: v.vm_box || null, email: v.vm_email || null, ...(v.vm_pin ? { pin: v.vm_pin } : {}) },
      music_on_hold: v.music_on_hold || 'default',
      language: v.tel_language,
      e911: hasE911 ? { street: v.e911_street, house_number: v.e911_house_number, postal_code: v.e911_postal_code, city: v.e911_city, country: v.e911_country || undefined } : null,
    };
    const r = await api('PUT', `${base}/telephony`, body, { raw: true, etag });
    etag = r.etag;
    showWarnings(fm, r.body.warnings);
    toast(t('saved'));
    announce(`${t('tel.effective_caller_id')}: ${r.body.effective_caller_id || '—'}`);
    reloadDoc();
  });
  // error fields are named after the document's paths
  const rename = { caller_id: 'caller_id', ctd_account: 'click_to_dial.account', fallback_number: 'app_fallback_mobile.number', vm_box: 'voicemail.box', vm_pin: 'voicemail.pin', vm_email: 'voicemail.email', e911_street: 'e911.street', e911_house_number: 'e911.house_number', e911_postal_code: 'e911.postal_code', e911_city: 'e911.city', e911_country: 'e911.country', forwards: 'destinations', tel_language: 'language' };
  for (const [from, to] of Object.entries(rename)) {
    const el = f.querySelector(`[name="${from}"]`);
    if (el) el.dataset.apiField = to;
  }
  return h('div', {}, h('p', { class: 'small muted' }, `${t('tel.effective_caller_id')}: `, h('strong', {}, tel.effective_caller_id || t('tel.trunk_default'))), f);
}

// ---- Address book: persons.
export async function contactsList(main, params) {
  const q = params.get('q') || '';
  const company = params.get('company_id') || '';
  clear(main, head(t('contacts.title'), null, can('contacts.write') ? linkButton('/contacts/new', t('contacts.new')) : null));
  const search = field({ name: 'q', label: t('list.search'), type: 'search', value: q });
  main.append(h('form', { class: 'toolbar', role: 'search', onsubmit: (ev) => { ev.preventDefault(); navigate(`/contacts${search.control.value ? `?q=${encodeURIComponent(search.control.value)}` : ''}`); } },
    search, button(t('list.search_go'), null, 'secondary', { type: 'submit' })));
  const page = await api('GET', `${O()}/contacts?limit=200${q ? `&q=${encodeURIComponent(q)}` : ''}${company ? `&company_id=${encodeURIComponent(company)}` : ''}`);
  main.append(table([
    { label: t('field.name'), cell: (c) => h('a', { href: `/contacts/${c.id}` }, c.display_name) },
    { label: t('field.employer'), cell: (c) => dash(c.company_name) },
    { label: t('field.email'), cell: (c) => dash(c.email) },
    { label: t('field.phone'), cell: (c) => dash(c.phone), cls: 'hide-phone' },
    { label: t('contacts.login'), cell: (c) => c.user_id ? h('a', { href: `/users/${c.user_id}` }, t('contacts.has_login')) : '—' },
  ], page.items));
}

// Nieuw persoon: the name, then the person's page with its tabs.
export async function contactNew(main) {
  clear(main, head(t('contacts.new'), t('contacts.new_intro')));
  const employer = combobox({ label: t('field.employer'), name: 'company', search: searchCompanies, hint: t('field.employer_hint') });
  const f = form([h('div', { class: 'grid2' }, personFields(),
    field({ name: 'email', label: t('field.email'), type: 'email' }),
    field({ name: 'phone', label: t('field.phone'), type: 'tel' }),
    field({ name: 'mobile', label: t('field.mobile'), type: 'tel' }),
    employer,
    field({ name: 'job_title', label: t('field.job_title') })),
  h('div', { class: 'form-actions' }, button(t('action.create'), null, '', { type: 'submit' }), linkButton('/contacts', t('action.cancel'), 'secondary'))],
  async (v) => {
    const body = nulls(v, PERSON);
    delete body.company;
    const c = employer.get();
    if (c) { if (c.id) body.company_id = c.id; else body.company_name = c.name; }
    const r = await api('POST', `${O()}/contacts`, body);
    flash = r.warnings && r.warnings.length ? r.warnings : null;
    toast(t('contacts.created', { name: r.display_name }));
    navigate(`/contacts/${r.id}`);
  });
  main.append(h('div', { class: 'card' }, f));
  f.querySelector('[name="first_name"]').focus();
}

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
      c.email ? null : field({ name: 'email', label: t('field.email'), type: 'email', required: true }),
      passwordChoice('ml'),
      h('div', { class: 'form-actions' }, button(t('action.ok'), null, '', { type: 'submit' }), button(t('action.cancel'), () => close(), 'secondary'))],
    async (v) => {
      const body2 = { login_name: v.login_name || null };
      if (v.email) body2.email = v.email;
      if (v.pwmode === 'invite') body2.invite = true; else body2.password = v.password;
      const u = await api('POST', `${O()}/contacts/${c.id}/user`, body2);
      flash = u.warnings && u.warnings.length ? u.warnings : null;
      close();
      toast(t('users.created', { name: u.display_name }));
      navigate(`/users/${u.id}?tab=telephony`);
    });
    body.append(f);
  });
}

// ---- Companies
export async function companiesList(main) {
  clear(main, head(t('companies.title')));
  const list = await apiAll(`${O()}/companies`, 500);
  if (can('contacts.write')) {
    main.append(h('div', { class: 'card' }, form([h('div', { class: 'toolbar' },
      field({ name: 'name', label: t('companies.new'), required: true }),
      field({ name: 'website', label: t('field.web') }),
      button(t('action.add'), null, '', { type: 'submit' }))],
    async (v) => { await api('POST', `${O()}/companies`, { name: v.name, website: v.website || null }); toast(t('saved')); navigate('/companies', true); })));
  }
  main.append(h('div', { class: 'card-gap' }), table([
    { label: t('field.name'), cell: (c) => h('a', { href: `/companies/${c.id}` }, c.name) },
    { label: t('field.web'), cell: (c) => dash(c.website) },
    { label: t('field.phone'), cell: (c) => dash(c.phone) },
  ], list));
}

// A company: its fields (Modify with If-Match) and the persons it employs;
// Delete only when it employs nobody (the API refuses otherwise).
export async function companyPage(main, params, id) {
  const r = await api('GET', `${O()}/companies/${id}`, undefined, { raw: true });
  const co = r.body;
  const w = can('contacts.write');
  const persons = await apiAll(`${O()}/contacts?company_id=${id}`, 1000);
  clear(main, head(co.name, t('companies.title'),
    w && !persons.length ? button(t('companies.delete'), async () => {
      const ok = await dialog(t('companies.delete'), (body, close) => body.append(h('p', {}, t('contacts.delete_confirm', { name: co.name })), h('div', { class: 'form-actions' }, button(t('companies.delete'), () => close(true), 'danger'), button(t('action.cancel'), () => close(false), 'secondary'))));
      if (ok) { await api('DELETE', `${O()}/companies/${id}`, undefined, { etag: r.etag }); toast(t('saved')); navigate('/companies'); }
    }, 'danger') : null));
  const fields = [
    field({ name: 'name', label: t('field.name'), value: co.name, required: true }),
    field({ name: 'website', label: t('field.web'), value: co.website || '' }),
    field({ name: 'phone', label: t('field.phone'), type: 'tel', value: co.phone || '' }),
    field({ name: 'email', label: t('field.email'), type: 'email', value: co.email || '' }),
  ];
  if (!w) fields.forEach((f) => { f.control.disabled = true; });
  const f = form([h('div', { class: 'grid2' }, fields),
    w ? h('div', { class: 'form-actions' }, button(t('action.save'), null, '', { type: 'submit' })) : null],
  async (v) => {
    await api('PATCH', `${O()}/companies/${id}`, nulls(v, ['website', 'phone', 'email']), { etag: r.etag });
    toast(t('saved'));
    navigate(`/companies/${id}`, true);
  });
  main.append(h('section', { class: 'card', 'aria-labelledby': 'h-co' }, h('h2', { id: 'h-co' }, t('tab.general')), f),
    h('section', { class: 'card', 'aria-labelledby': 'h-co-persons' }, h('h2', { id: 'h-co-persons' }, t('companies.persons')),
      table([
        { label: t('field.name'), cell: (c) => h('a', { href: `/contacts/${c.id}` }, c.display_name) },
        { label: t('field.job_title'), cell: (c) => dash(c.job_title) },
        { label: t('field.email'), cell: (c) => dash(c.email) },
        { label: t('contacts.login'), cell: (c) => c.user_id ? h('a', { href: `/users/${c.user_id}` }, t('contacts.has_login')) : '—' },
      ], persons, t('companies.no_persons'))));
}

// ---- Permission groups: a matrix of rights by group.
export async function groupsPage(main) {
  clear(main, head(t('groups.title'), t('groups.intro')));
  const [groups, catalogue] = await Promise.all([api('GET', `${O()}/groups`).then((r) => r.items), api('GET', '/permissions').then((r) => r.items)]);
  const w = can('groups.write');
  const f = form([h('div', { class: 'table-wrap' }, h('table', { class: 'matrix' },
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('groups.right')), groups.map((g) => h('th', { scope: 'col' }, groupName(g), h('br'), h('span', { class: 'muted small' }, t('groups.members', { n: g.member_count })))))),
    h('tbody', {},
      catalogue.map((p) => h('tr', {}, h('th', { scope: 'row' }, h('code', {}, p.name), h('br'), h('span', { class: 'muted small' }, lang() === 'nl' ? p.description_nl : p.description)),
        groups.map((g) => h('td', {}, h('input', { type: 'checkbox', name: `perm:${g.id}`, value: p.name, 'data-multi': '1', disabled: !w, checked: g.permissions.includes(p.name), 'aria-label': `${groupName(g)}: ${p.name}` }))))),
      h('tr', {}, h('th', { scope: 'row' }, t('groups.tfa')), groups.map((g) => h('td', {}, h('input', { type: 'checkbox', name: `tfa:${g.id}`, disabled: !w, checked: g.two_factor_required, 'aria-label': `${groupName(g)}: ${t('groups.tfa')}` }))))))),
  w ? h('div', { class: 'form-actions' }, button(t('action.save'), null, '', { type: 'submit' })) : null],
  async (v) => {
    for (const g of groups) {
      const perms = v[`perm:${g.id}`] || [];
      const tfa = !!v[`tfa:${g.id}`];
      const same = perms.length === g.permissions.length && perms.every((x) => g.permissions.includes(x)) && tfa === g.two_factor_required;
      if (!same) await api('PATCH', `${O()}/groups/${g.id}`, { permissions: perms, two_factor_required: tfa });
    }
    toast(t('saved'));
    navigate('/groups', true);
  });
  main.append(f);
  if (w) {
    main.append(h('div', { class: 'card' }, h('h2', {}, t('groups.new')), form([h('div', { class: 'toolbar' },
      field({ name: 'name', label: t('field.name'), required: true }),
      field({ name: 'description', label: t('field.description') }),
      button(t('action.create'), null, '', { type: 'submit' }))],
    async (v) => { await api('POST', `${O()}/groups`, { name: v.name, description: v.description || null, permissions: [] }); toast(t('saved')); navigate('/groups', true); })));
  }
}

// ---- Numbers
export async function numbersPage(main) {
  clear(main, head(t('numbers.title'), t('numbers.intro')));
  const w = can('telephony.write');
  if (w) {
    main.append(h('div', { class: 'card' }, form([h('div', { class: 'toolbar' },
      field({ name: 'number', label: t('numbers.number'), type: 'tel', required: true, placeholder: '020 123 4567' }),
      field({ name: 'label', label: t('field.label') }),
      button(t('action.add'), null, '', { type: 'submit' }))],
    async (v) => { await api('POST', `${O()}/numbers`, { number: v.number, label: v.label || null }); toast(t('saved')); navigate('/numbers', true); })));
  }
  const list = await apiAll(`${O()}/numbers`, 1000);
  main.append(table([
    { label: t('numbers.number'), cell: (n) => h('code', {}, n.number) },
    { label: t('field.label'), cell: (n) => dash(n.label) },
    { label: '', cell: (n) => w ? button(t('action.remove'), async () => { await api('DELETE', `${O()}/numbers/${n.id}`); navigate('/numbers', true); }, 'ghost', { 'aria-label': `${t('action.remove')} ${n.number}` }) : '' },
  ], list));
}

// ---- Extensions
export async function extensionsPage(main) {
  clear(main, head(t('extensions.title'), t('extensions.intro')));
  const list = await apiAll(`${O()}/extensions`, 2000);
  const w = can('telephony.write');
  main.append(table([
    { label: t('field.extension'), cell: (x) => h('code', {}, x.extension) },
    { label: t('extensions.owner'), cell: (x) => x.owner.type === 'user' ? h('a', { href: `/users/${x.owner.id}?tab=telephony` }, x.owner.name || x.owner.id) : x.owner.type === 'hunt_group' ? h('a', { href: `/hunt-groups/${x.owner.id}` }, x.owner.name) : dash(x.owner.name) },
    { label: t('extensions.type'), cell: (x) => t(`owner.${x.owner.type}`) },
    { label: '', cell: (x) => w && x.owner.type === 'user' ? button(t('action.remove'), async () => { await api('DELETE', `${O()}/extensions/${x.id}`); navigate('/extensions', true); }, 'ghost') : '' },
  ], list));
}

// ---- Hunt groups and queues
export async function huntGroupsPage(main) {
  clear(main, head(t('hunt.title'), t('hunt.intro')));
  const w = can('telephony.write');
  if (w) {
    main.append(h('div', { class: 'card' }, h('h2', {}, t('hunt.new')), form([h('div', { class: 'grid2' },
      field({ name: 'name', label: t('field.name'), required: true }),
      field({ name: 'extension', label: t('field.extension'), value: 'auto', hint: t('hunt.ext_hint') }),
      field({ name: 'kind', label: t('hunt.kind'), type: 'select', options: [['group', t('hunt.group')], ['queue', t('hunt.queue')]] }),
      field({ name: 'strategy', label: t('hunt.strategy'), type: 'select', options: ['ring_all', 'round_robin', 'linear'].map((s) => [s, t(`hunt.${s}`)]) })),
    h('div', { class: 'form-actions' }, button(t('action.create'), null, '', { type: 'submit' }))],
    async (v) => { const g = await api('POST', `${O()}/hunt-groups`, { name: v.name, extension: v.extension || null, kind: v.kind, strategy: v.strategy }); toast(t('saved')); navigate(`/hunt-groups/${g.id}`); })));
  }
  const list = await apiAll(`${O()}/hunt-groups`, 500);
  main.append(table([
    { label: t('field.name'), cell: (g) => h('a', { href: `/hunt-groups/${g.id}` }, g.name) },
    { label: t('field.extension'), cell: (g) => dash(g.extension) },
    { label: t('hunt.kind'), cell: (g) => t(`hunt.${g.kind}`) },
    { label: t('hunt.strategy'), cell: (g) => t(`hunt.${g.strategy}`) },
    { label: t('hunt.members'), cell: (g) => String(g.members.length) },
  ], list));
}

export async function huntGroupPage(main, params, id) {
  const r = await api('GET', `${O()}/hunt-groups/${id}`, undefined, { raw: true });
  let g = r.body;
  let etag = r.etag;
  const w = can('telephony.write');
  clear(main, head(g.name, `${t(`hunt.${g.kind}`)} · ${t(`hunt.${g.strategy}`)}${g.extension ? ` · ${g.extension}` : ''}`,
    w ? button(t('hunt.delete'), async () => { await api('DELETE', `${O()}/hunt-groups/${id}`, undefined, { etag }); navigate('/hunt-groups'); }, 'danger') : null));
  const save = async (members) => {
    const res = await api('PATCH', `${O()}/hunt-groups/${id}`, { members: members.map((m) => ({ type: m.type, id: m.id })) }, { raw: true, etag });
    g = res.body; etag = res.etag; toast(t('saved')); draw();
  };
  const box = h('section', { class: 'card', 'aria-labelledby': 'h-mem' });
  const draw = () => clear(box, h('h2', { id: 'h-mem' }, t('hunt.members')),
    table([
      { label: '#', cell: (m) => String(g.members.indexOf(m) + 1) },
      { label: t('field.name'), cell: (m) => m.name || m.id },
      { label: t('extensions.type'), cell: (m) => t(`owner.${m.type}`) },
      { label: '', cell: (m) => w ? button(t('action.remove'), () => save(g.members.filter((x) => x !== m)), 'ghost', { 'aria-label': `${t('action.remove')} ${m.name}` }) : '' },
    ], g.members, t('hunt.no_members')));
  draw();
  main.append(box);
  if (w) {
    // Add a member: a user, or one of its SIP aliases (seed 004).
    const users = await apiAll(`${O()}/users`, 1000);
    const who = field({ name: 'user', label: t('hunt.user'), type: 'select', options: [['', '—'], ...users.map((u) => [u.id, u.display_name])] });
    const as = field({ name: 'member', label: t('hunt.as'), type: 'select', options: [] });
    who.control.addEventListener('change', async () => {
      const uid2 = who.control.value;
      clear(as.control);
      if (!uid2) return;
      const u = users.find((x) => x.id === uid2);
      const aliases = (await api('GET', `${O()}/users/${uid2}/aliases`).catch(() => ({ items: [] }))).items;
      as.control.append(h('option', { value: `user:${uid2}` }, `${u.display_name} (${t('owner.user')})`),
        ...aliases.map((a) => h('option', { value: `alias:${a.id}` }, `${a.display_name} (${t('owner.alias')})`)));
      if (aliases.length) as.control.value = `alias:${aliases[0].id}`;
    });
    main.append(h('section', { class: 'card', 'aria-labelledby': 'h-add' }, h('h2', { id: 'h-add' }, t('hunt.add_member')),
      form([h('div', { class: 'grid2' }, who, as), h('div', { class: 'form-actions' }, button(t('action.add'), null, '', { type: 'submit' }))],
        async (v) => {
          if (!v.member) return;
          const [type, mid] = v.member.split(':');
          await save([...g.members, { type, id: mid }]);
        })));
  }
}

// ---- Audit log with filters (object, actor)
export async function auditPage(main, params) {
  clear(main, head(t('audit.title'), t('audit.intro')));
  const users = can('users.read') ? await apiAll(`${O()}/users`, 1000).catch(() => []) : [];
  const actor = field({ name: 'actor', label: t('audit.actor'), type: 'select', value: params.get('actor') || '', options: [['', t('status.all')], ...users.map((u) => [u.id, u.display_name])] });
  const object = field({ name: 'object', label: t('audit.object'), value: params.get('object') || '', placeholder: 'id' });
  main.append(h('form', { class: 'toolbar', role: 'search', onsubmit: (ev) => {
    ev.preventDefault();
    const p = new URLSearchParams();
    if (actor.control.value) p.set('actor', actor.control.value);
    if (object.control.value.trim()) p.set('object', object.control.value.trim());
    navigate(`/audit${p.toString() ? `?${p}` : ''}`);
  } }, actor, object, button(t('list.filter'), null, 'secondary', { type: 'submit' })));
  const p = new URLSearchParams({ limit: '50' });
  for (const k of ['actor', 'object', 'after']) if (params.get(k)) p.set(k, params.get(k));
  const page = await api('GET', `${O()}/audit?${p}`);
  main.append(table([
    { label: t('audit.when'), cell: (e) => fmtDate(e.created_at) },
    { label: t('audit.actor'), cell: (e) => dash(e.actor) },
    { label: t('audit.action'), cell: (e) => h('code', {}, `${e.object_type}.${e.action}`) },
    { label: t('audit.object'), cell: (e) => e.object_type === 'user' ? h('a', { href: `/users/${e.object_id}` }, e.object_id.slice(0, 8)) : h('code', {}, e.object_id.slice(0, 8)) },
    { label: t('audit.changes'), cell: (e) => Object.keys(e.changes || {}).join(', ') || '—' },
  ], page.items));
  if (page.next) {
    const n = new URLSearchParams(params);
    n.set('after', page.next);
    main.append(h('nav', { class: 'pager', 'aria-label': t('list.pages') }, linkButton(`/audit?${n}`, t('list.next'), 'secondary')));
  }
}
