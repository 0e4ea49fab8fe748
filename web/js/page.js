// page.js: the building blocks the screens share: the page head, tables,
// editable sections, the person and password fields, the employer's work
// section, the card of the pages before sign-in, and the warnings a screen
// carries to the next one.
import { api, apiAll, setCsrf } from './api.js';
import { t, lang, setLangPick, LANGS, warningText, errorText } from './i18n.js';
import {
  h, clear, field, form, button, announce, combobox, nulls, badge, failure, dialog,
} from './ui.js';
import { orgPath, setMe } from './state.js';
import { reload, navigate } from './nav.js';
import { splitName } from './names.js';

export const O = () => orgPath();
export const statusBadge = (s) => badge(t(`status.${s}`), s === 'active' ? 'ok' : s === 'suspended' ? 'danger' : 'warn');
export const dash = (v) => (v === null || v === undefined || v === '' ? '—' : v);

// What the sign-in answer told (notice: why the last sessions ended), said
// once on the first page after it.
let notice = null;
export function setNotice(code) { notice = code || null; }
export function showNotice(main) {
  if (!notice) return;
  const text = t(`notice.${notice}`);
  notice = null;
  const b = h('div', { class: 'banner banner-warn', role: 'status' }, text);
  const top = main.querySelector('.page-head');
  if (top) top.after(b); else main.prepend(b);
  announce(text);
}

// Warnings of a create or update, shown on the page navigated to next.
let flash = null;
export function setFlash(warnings) { flash = warnings && warnings.length ? warnings : null; }

export function head(title, sub, ...actions) {
  return h('div', { class: 'page-head' }, h('div', {}, h('h1', {}, title), sub ? h('p', { class: 'sub' }, sub) : null),
    h('div', { class: 'actions' }, actions));
}
export function linkButton(href, label, kind = '') { return h('a', { class: `btn ${kind ? `btn-${kind}` : ''}`.trim(), href }, label); }
// A table of rows, or the empty text when there are none. A list that could
// not be loaded is never drawn with this: see failure() in ui.js.
export function table(cols, rows, empty) {
  if (!rows.length) return h('div', { class: 'table-wrap' }, h('p', { class: 'empty' }, empty || t('list.empty')));
  return h('div', { class: 'table-wrap' }, h('table', {},
    h('thead', {}, h('tr', {}, cols.map((c) => h('th', { scope: 'col', class: c.cls }, c.label)))),
    h('tbody', {}, rows.map((r) => h('tr', {}, cols.map((c) => h('td', { class: c.cls }, c.cell(r))))))));
}
export const searchCompanies = async (text) => (await api('GET', `${O()}/companies?limit=20&q=${encodeURIComponent(text)}`)).items.map((c) => ({ id: c.id, label: c.name }));
export function showFlash(main) {
  if (!flash) return;
  const texts = flash.map((x) => warningText(x));
  const w = h('div', { class: 'banner banner-warn', role: 'status' }, h('strong', {}, t('form.warnings')), h('ul', {}, texts.map((x) => h('li', {}, x))));
  main.querySelector('.page-head').after(w);
  announce(texts.join(' '));
  flash = null;
}

export function groupName(g) {
  const key = g.builtin;
  return key ? t(`group.${key}`) : g.name;
}

// The person fields of a user or contact.
export const personFields = (v = {}) => [
  field({ name: 'salutation', label: t('field.salutation'), value: v.salutation }),
  field({ name: 'first_name', label: t('field.first_name'), value: v.first_name, required: true, autocomplete: 'off' }),
  field({ name: 'infix', label: t('field.infix'), value: v.infix }),
  field({ name: 'last_name', label: t('field.last_name'), value: v.last_name, required: true, autocomplete: 'off' }),
];
export const PERSON = ['salutation', 'infix', 'phone', 'mobile', 'job_title', 'work_phone', 'work_email', 'web', 'street', 'postal_code', 'city', 'country', 'notes', 'login_name', 'email'];

// Password choice: send an invitation (seed 003) or set one (seed 000).
// params: those of the password policy, for the wording of its errors.
export function passwordChoice(prefix = 'pw', params = undefined) {
  const inv = h('input', { type: 'radio', name: 'pwmode', value: 'invite', id: `${prefix}-inv`, checked: true });
  const set = h('input', { type: 'radio', name: 'pwmode', value: 'set', id: `${prefix}-set` });
  const pw = field({ name: 'password', label: t('field.password'), type: 'password', autocomplete: 'new-password', hint: t('password.must_change'), params });
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

// The groups as checkboxes; groups that cannot be loaded are said to be so,
// never shown as an organization without groups.
export async function groupChecks(selected = []) {
  let groups;
  try { groups = (await api('GET', `${O()}/groups`)).items; } catch (err) {
    return h('fieldset', {}, h('legend', {}, t('field.groups')), failure(err));
  }
  return h('fieldset', {}, h('legend', {}, t('field.groups')),
    groups.map((g) => {
      const id = `grp-${g.id}`;
      return h('label', { class: 'check', for: id }, h('input', { type: 'checkbox', id, name: 'groups', value: g.id, 'data-multi': '1', checked: selected.includes(g.id) || (!selected.length && g.builtin === 'end_user') }), groupName(g));
    }),
    h('div', { class: 'error', id: 'groups-err' }));
}

// An editable section: read-only list with Modify, or its form.
export function section(title, rows, buildForm, editable = true) {
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
export function editActions(cancel) {
  return h('div', { class: 'form-actions' }, button(t('action.save'), null, '', { type: 'submit' }), button(t('action.cancel'), cancel, 'secondary'));
}


// Werk: employer (combobox that adds a company inline) and work details.
export function workSection(get, patch, w) {
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

// The card layout of the pages before the app, with the language switch.
// Asks before an action that takes effect at once, saying what it affects
// (lines: text or a promise of it); run() is tried inside the dialog, so a
// refusal is said there. Resolves true when it ran.
export function confirmAction(title, lines, label, run) {
  return dialog(title, (body, close) => {
    const say = h('div', { class: 'confirm-text' });
    Promise.all([].concat(lines)).then((texts) => say.append(...texts.filter(Boolean).map((x) => h('p', {}, x))));
    body.append(form([say, h('div', { class: 'form-actions' },
      button(label, null, 'danger', { type: 'submit' }), button(t('action.cancel'), () => close(false), 'secondary'))],
    async () => { await run(); close(true); }));
  });
}

// What a number or extension reaches now, in words: "7001 rings Pieter
// Jansen and is in Receptie", from the route preview and the hunt groups.
export async function reachText(number, shown = number) {
  let owner = null;
  try { owner = (await api('GET', `${O()}/route?number=${encodeURIComponent(number)}`)).owner; } catch { /* rings nobody */ }
  if (!owner) return t('confirm.rings_nobody', { number: shown });
  let groups = [];
  if (owner.type !== 'hunt_group') {
    try { groups = (await apiAll(`${O()}/hunt-groups`, 500)).filter((g) => g.members.some((m) => m.id === owner.id)).map((g) => g.name); } catch { /* said without them */ }
  }
  const name = owner.name || '—';
  return groups.length ? t('confirm.rings_in', { number: shown, name, groups: groups.join(', ') }) : t('confirm.rings', { number: shown, name });
}

// Checks an email field as it is typed (GET /orgs/{org}/email-check, the
// same checks a save makes): a shared role address such as info@ is said
// next to the field before the user is created and invited, and so is an
// address another user has. self(): the id of the user being changed.
export function checkEmailAsTyped(fieldEl, self = () => null) {
  const ctl = fieldEl.control;
  const note = h('div', { class: 'field-warn', role: 'status', id: `${ctl.id}-warn` });
  fieldEl.querySelector('.error').before(note);
  ctl.setAttribute('aria-describedby', `${ctl.getAttribute('aria-describedby') || ''} ${note.id}`.trim());
  let timer = null;
  let seq = 0;
  const run = async () => {
    const v = ctl.value.trim();
    const my = ++seq;
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v)) { note.textContent = ''; return; }
    const id = self();
    let text = '';
    try {
      const r = await api('GET', `${O()}/email-check?email=${encodeURIComponent(v)}${id ? `&user=${id}` : ''}`);
      text = (r.warnings || []).map((w) => warningText(w)).join(' ');
    } catch (err) {
      text = (err.errors || []).map((e) => errorText(e, t('field.email'))).join(' ');
    }
    if (my === seq) note.textContent = text;
  };
  ctl.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(run, 400); });
  ctl.addEventListener('change', () => { clearTimeout(timer); run(); });
  return fieldEl;
}

// A time zone field: typed with suggestions from the server's tzdata
// (GET /timezones, read once); the server refuses a name that is no zone.
let zones = null;
export function timezoneField(spec) {
  const f = field({ ...spec, autocomplete: 'off' });
  const id = `${f.control.id}-zones`;
  const list = h('datalist', { id });
  f.control.setAttribute('list', id);
  f.append(list);
  (zones ||= api('GET', '/timezones').then((r) => r.items, () => { zones = null; return []; }))
    .then((items) => list.append(...items.map((z) => h('option', { value: z }))));
  return f;
}

// The one name field a new person or user starts with: as a name is typed
// it offers "voeg 'Jan de Vries' toe", which fills salutation, first name,
// infix and last name of the form it is in (opening a folded section that
// holds one), each still editable.
export function fullNameField() {
  const f = field({ name: 'full_name', label: t('field.full_name'), autocomplete: 'off', hint: t('field.full_name_hint') });
  f.control.dataset.noSubmit = '1';
  const offer = h('div', { class: 'name-offer' });
  const fill = () => {
    const parts = splitName(f.control.value);
    const form = f.closest('form');
    for (const [k, v] of Object.entries(parts)) {
      const ctl = form && form.querySelector(`[name="${k}"]`);
      if (!ctl) continue;
      ctl.value = v;
      if (v) for (let d = ctl.closest('details'); d; d = d.parentElement.closest('details')) d.open = true;
    }
    clear(offer);
    const first = form && form.querySelector('[name="first_name"]');
    if (first) first.focus();
  };
  const draw = () => {
    const v = f.control.value.trim();
    clear(offer, v ? button(t('field.full_name_add', { name: v }), fill, 'secondary') : null);
  };
  f.control.addEventListener('input', draw);
  // Enter in the name field takes the offer instead of sending the form
  f.control.addEventListener('keydown', (ev) => { if (ev.key === 'Enter' && f.control.value.trim()) { ev.preventDefault(); fill(); } });
  f.querySelector('.error').before(offer);
  return f;
}

// Ends the session and goes to the sign-in page.
export async function signOut() {
  try { await api('POST', '/auth/logout', {}); } catch { /* gone already */ }
  setMe(null); setCsrf(null); navigate('/login?msg=login.signed_out');
}

// A way out of a page that stands between the user and the portal (the
// forced password change, the forced 2FA enrolment).
export const signOutLine = () => h('p', { class: 'small' }, button(t('nav.logout'), signOut, 'ghost'));

export function authPage(main, title, ...content) {
  const sel = field({
    name: 'ui_language', label: t('login.language'), type: 'select', value: lang(),
    options: LANGS.map((l) => [l, t(`lang.${l}`)]),
  });
  sel.control.addEventListener('change', () => { setLangPick(sel.control.value); reload(); });
  clear(main, h('div', { class: 'auth' }, h('div', { class: 'card' },
    h('div', { class: 'brand' }, h('img', { src: '/favicon.svg', alt: '' }), 'Switchboard'),
    h('h1', {}, title), content,
    h('div', { class: 'foot' }, sel))));
  document.title = `${title} · Switchboard`;
}

// The portal's own check that two typed passwords are the same, thrown as
// a field error like the API's.
export function mismatch(a, b, fieldName) {
  if (a !== b) {
    const e = new Error(t('password.mismatch'));
    e.status = 0;
    e.errors = [{ field: fieldName, code: 'mismatch', message: t('password.mismatch') }];
    throw e;
  }
}

