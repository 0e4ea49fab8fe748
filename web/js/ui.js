// ui.js: DOM helpers and the components of the design system: fields with
// their error slots, forms that show problem+json errors next to the field,
// tabs, dialogs, toasts, the employer combobox.
import { t, errorText, warningText, problemText } from './i18n.js';
import { reload } from './nav.js';
import { api } from './api.js';

let uid = 0;
export const nextId = (p = 'f') => `${p}${++uid}`;

// h('div', {class: 'x', onclick: fn}, child, 'text', [more]) → Element
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (k === 'text') el.textContent = v;
    else if (k in el && typeof v !== 'string') el[k] = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  append(el, children);
  return el;
}
function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}
export function clear(el, ...children) { el.replaceChildren(); append(el, children); return el; }

export function announce(msg) {
  const a = document.getElementById('alerts');
  if (!a) return;
  a.textContent = '';
  setTimeout(() => { a.textContent = msg; }, 30);
}

export function toast(msg, kind = 'ok') {
  const box = document.getElementById('toasts');
  const el = h('div', { class: `toast${kind === 'error' ? ' toast-error' : ''}` }, msg);
  box.append(el);
  setTimeout(() => el.remove(), kind === 'error' ? 8000 : 4000);
}

// A labelled control. spec: {name, label, type, value, options:[[v,l]], hint,
// required, autocomplete, placeholder, min, max, params}. params: what the
// screen knows of the field's rules ({length, prefix}, {min}), used to word
// an API error the API sent without them. Returns the .field wrapper; the
// control is wrapper.control.
export function field(spec) {
  const id = spec.id || nextId(spec.name);
  const errId = `${id}-err`;
  const hintId = spec.hint ? `${id}-hint` : null;
  let control;
  const common = {
    id, name: spec.name, required: spec.required || undefined,
    autocomplete: spec.autocomplete, 'aria-describedby': [hintId, errId].filter(Boolean).join(' '),
  };
  if (spec.type === 'select') {
    control = h('select', common, (spec.options || []).map(([v, l]) =>
      h('option', { value: v, selected: String(spec.value ?? '') === String(v) || undefined }, l)));
  } else if (spec.type === 'textarea') {
    control = h('textarea', common);
    control.value = spec.value ?? '';
  } else if (spec.type === 'checkbox') {
    control = h('input', { ...common, type: 'checkbox', checked: !!spec.value });
    const w = h('div', { class: 'field' },
      h('label', { class: 'check', for: id }, control, spec.label),
      hintId && h('span', { class: 'hint', id: hintId }, spec.hint),
      h('div', { class: 'error', id: errId }));
    w.control = control;
    return w;
  } else {
    control = h('input', { ...common, type: spec.type || 'text', placeholder: spec.placeholder, inputmode: spec.inputmode, min: spec.min, max: spec.max });
    control.value = spec.value ?? '';
  }
  if (spec.params) control.errorParams = spec.params;
  // what the screen showed, to say what someone else changed (stale)
  if (spec.value !== undefined && spec.value !== null) control.dataset.initial = String(spec.value);
  const w = h('div', { class: 'field' },
    h('label', { for: id }, spec.label, spec.required ? h('span', { 'aria-hidden': 'true' }, ' *') : null),
    control,
    hintId && h('span', { class: 'hint', id: hintId }, spec.hint),
    h('div', { class: 'error', id: errId }));
  w.control = control;
  return w;
}

export function button(label, onclick, kind = '', attrs = {}) {
  return h('button', { type: attrs.type || 'button', class: `btn ${kind ? `btn-${kind}` : ''}`.trim(), onclick, ...attrs }, label);
}

// Clears the errors of a form.
export function clearErrors(form) {
  form.querySelectorAll('.error').forEach((e) => { e.textContent = ''; });
  form.querySelectorAll('[aria-invalid]').forEach((e) => e.removeAttribute('aria-invalid'));
  const b = form.querySelector('.banner-error');
  if (b) b.replaceChildren();
}

// Shows a problem+json answer: each error next to the control named by its
// field (errors[i].field, "voicemail.pin" → name "voicemail.pin" or "pin"),
// the rest in the form's banner; focuses the first bad control and
// announces the problem. The typed values stay as they are.
export function showProblem(form, err) {
  clearErrors(form);
  const banner = form.querySelector('.banner-error');
  const rest = [];
  const shown = [];
  let first = null;
  const items = err.errors && err.errors.length ? err.errors : [];
  for (const e of items) {
    const ctl = controlOf(form, e.field || '');
    // the API's errors by code; the portal's own checks are worded already
    const msg = err.problem ? errorText(e, ctl ? labelOf(ctl) : '', ctl ? paramsOf(ctl) : {}) : e.message;
    shown.push(msg);
    const slot = ctl && slotOf(ctl);
    if (slot) {
      ctl.setAttribute('aria-invalid', 'true');
      slot.textContent = slot.textContent ? `${slot.textContent} ${msg}` : msg;
      // a folded section that holds an error opens
      for (let d = ctl.closest('details'); d; d = d.parentElement.closest('details')) d.open = true;
      if (!first) first = ctl;
    } else {
      rest.push(msg);
    }
  }
  // "correct the marked fields" only when a field is marked; an error that
  // names no field on the screen is itself the message
  let title;
  if (first) title = t('form.fix');
  else if (rest.length === 1) title = rest.pop();
  else if (rest.length) title = err.problem ? problemText(err) : t('error.generic');
  else title = err.problem ? problemText(err) : (err.message || t('error.generic'));
  if (banner) {
    banner.append(h('strong', {}, title));
    if (rest.length) banner.append(h('ul', {}, rest.map((m) => h('li', {}, m))));
    if (err.status === 412) staleBanner(form, banner, err);
  }
  announce([...new Set([title, ...shown])].join(' '));
  if (first) first.focus();
  else if (banner) banner.focus();
}

// A 412: someone else saved the object since this screen read it. Says
// what they changed in the fields of this form (the object as it is now,
// read again, against what the screen showed) and offers to reload it.
function staleBanner(form, banner, err) {
  const list = h('ul', { class: 'stale-changes' });
  banner.append(list, h('div', { class: 'form-actions' }, button(t('stale.reload'), () => reload(), 'secondary')));
  if (!err.path || (err.method !== 'PATCH' && err.method !== 'PUT')) return;
  api('GET', err.path).then((now) => {
    for (const ctl of form.querySelectorAll('[name][data-initial]')) {
      if (!(ctl.name in now) || ctl.type === 'checkbox') continue;
      const after = now[ctl.name] === null || now[ctl.name] === undefined ? '' : String(now[ctl.name]);
      if (after === ctl.dataset.initial) continue;
      list.append(h('li', {}, t('stale.change', { label: labelOf(ctl), before: ctl.dataset.initial || '—', after: after || '—' })));
    }
  }, () => { /* the sentence and the button stay */ });
}

// The control an error's field names: "voicemail.pin" is the control named
// so or "pin"; "numbers[2]" is the third ticked box of a list of boxes
// (data-multi), else the control "numbers".
function controlOf(form, f) {
  if (!f) return null;
  const q = (name) => form.querySelector(`[name="${CSS.escape(name)}"]`);
  const idx = f.match(/^(.*)\[(\d+)\]$/);
  if (idx) {
    const ticked = [...form.querySelectorAll(`[name="${CSS.escape(idx[1])}"][data-multi]`)].filter((c) => c.checked);
    if (ticked[Number(idx[2])]) return ticked[Number(idx[2])];
  }
  return form.querySelector(`[data-api-field="${CSS.escape(f)}"]`) ||
    form.querySelector(`[data-api-field="${CSS.escape(f.replace(/\[\d+\].*$/, ''))}"]`) ||
    q(f) || q(f.replace(/\[\d+\]$/, '')) || q(f.split('.').pop());
}

// Where a control's error is written: its own slot, else its group's
// (a fieldset of boxes); null when it has none (the banner says it then).
function slotOf(ctl) {
  const own = document.getElementById(`${ctl.id}-err`);
  if (own) return own;
  const group = ctl.closest('fieldset, .field');
  return group ? group.querySelector('.error') : null;
}

// What a control knows of its rules: its bounds and the screen's params.
function paramsOf(ctl) {
  const p = { ...(ctl.errorParams || {}) };
  if (ctl.getAttribute('min') !== null) p.min = ctl.getAttribute('min');
  if (ctl.getAttribute('max') !== null) p.max = ctl.getAttribute('max');
  return p;
}

// The visible label of a control, without the required mark.
function labelOf(ctl) {
  const l = ctl.id && document.querySelector(`label[for="${CSS.escape(ctl.id)}"]`);
  if (!l) return ctl.getAttribute('aria-label') || '';
  const c = l.cloneNode(true);
  c.querySelectorAll('[aria-hidden="true"], input').forEach((x) => x.remove());
  return c.textContent.trim();
}

// Non-blocking warnings of an answer, shown in the form's warning banner.
export function showWarnings(form, warnings) {
  const w = form && form.querySelector('.banner-warn');
  if (!w) return;
  w.replaceChildren();
  if (warnings && warnings.length) {
    const texts = warnings.map((x) => warningText(x));
    w.append(h('strong', {}, t('form.warnings')), h('ul', {}, texts.map((x) => h('li', {}, x))));
    announce(texts.join(' '));
  }
}

// A form with error and warning banners. onsubmit(values, form) may throw
// an ApiError; it is shown in place.
export function form(children, onsubmit, attrs = {}) {
  const f = h('form', { novalidate: true, ...attrs },
    h('div', { class: 'banner banner-error', tabindex: '-1' }),
    h('div', { class: 'banner banner-warn' }),
    children);
  f.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const submit = f.querySelector('[type="submit"]');
    if (submit) submit.disabled = true;
    clearErrors(f);
    try {
      await onsubmit(values(f), f);
    } catch (err) {
      if (err && err.status !== undefined) showProblem(f, err);
      else { console.error(err); showProblem(f, { message: String(err), errors: [] }); }
    } finally {
      if (submit && submit.isConnected) submit.disabled = false;
    }
  });
  return f;
}

// The form's values by control name; empty strings stay empty strings.
export function values(f) {
  const out = {};
  for (const el of f.elements) {
    if (!el.name || el.disabled || el.dataset.noSubmit) continue; // a helper, not a value
    if (el.type === 'checkbox') {
      if (el.dataset.multi) { (out[el.name] ||= []); if (el.checked) out[el.name].push(el.value); }
      else out[el.name] = el.checked;
    } else if (el.type === 'radio') { if (el.checked) out[el.name] = el.value; }
    else out[el.name] = el.value;
  }
  return out;
}

// Empty strings to null, for optional API fields.
export function nulls(o, keys) {
  const r = { ...o };
  for (const k of keys) if (r[k] === '') r[k] = null;
  return r;
}

// Tabs: [{id, label, render(panel)}]; the selected one from opts.selected.
export function tabs(list, opts = {}) {
  const wrap = h('div', { class: 'tabs' });
  const bar = h('div', { role: 'tablist', 'aria-label': opts.label || '' });
  const panel = h('div', { role: 'tabpanel', tabindex: '0' });
  const btns = list.map((tab) => h('button', {
    type: 'button', role: 'tab', id: `tab-${tab.id}`, 'aria-controls': 'tabpanel',
    onclick: () => select(tab.id, true),
  }, tab.label));
  panel.id = 'tabpanel';
  function select(id, focus) {
    list.forEach((tab, i) => {
      const on = tab.id === id;
      btns[i].setAttribute('aria-selected', on ? 'true' : 'false');
      btns[i].tabIndex = on ? 0 : -1;
      if (on) {
        if (focus) btns[i].focus();
        panel.setAttribute('aria-labelledby', btns[i].id);
        clear(panel);
        tab.render(panel);
        if (opts.onselect) opts.onselect(id);
      }
    });
  }
  bar.addEventListener('keydown', (ev) => {
    const i = btns.indexOf(document.activeElement);
    if (i < 0) return;
    let j = null;
    if (ev.key === 'ArrowRight') j = (i + 1) % btns.length;
    if (ev.key === 'ArrowLeft') j = (i - 1 + btns.length) % btns.length;
    if (ev.key === 'Home') j = 0;
    if (ev.key === 'End') j = btns.length - 1;
    if (j !== null) { ev.preventDefault(); select(list[j].id, true); }
  });
  bar.append(...btns);
  wrap.append(bar, panel);
  select(opts.selected && list.some((x) => x.id === opts.selected) ? opts.selected : list[0].id, false);
  wrap.select = select;
  return wrap;
}

// A modal dialog; build(body, close) fills it. Resolves with what close got.
export function dialog(title, build) {
  return new Promise((resolve) => {
    const titleId = nextId('dlg');
    const body = h('div', { class: 'dialog-body' }, h('h2', { id: titleId }, title));
    const d = h('dialog', { 'aria-labelledby': titleId }, body);
    const close = (v) => { d.close(); d.remove(); resolve(v); };
    d.addEventListener('cancel', (ev) => { ev.preventDefault(); close(undefined); });
    build(body, close);
    document.body.append(d);
    d.showModal();
    const first = d.querySelector('input, select, textarea, button:not([data-later])');
    if (first) first.focus();
  });
}

// Shows a secret once: a dialog with the value and a warning.
export function showSecret(title, lines) {
  return dialog(title, (body, close) => {
    body.append(h('p', {}, t('secret.once')));
    for (const [label, value] of lines) body.append(h('p', { class: 'small muted' }, label), h('div', { class: 'secret', 'data-secret': label }, value));
    body.append(h('div', { class: 'form-actions' }, button(t('action.done'), () => close(true))));
  });
}

// A combobox over a remote list with "add 'xxx'" for a new entry.
// search(text) → [{id, label}]; returns the .field wrapper; its value is
// wrapper.get() → {id} | {name} | null.
// onpick(option): called as one is chosen; noAdd: no "add 'X'" option (a
// choice among what exists); hideLabel: the label for screen readers only.
export function combobox({ label, name, value, search, hint, onpick, noAdd, hideLabel }) {
  const id = nextId(name);
  const listId = `${id}-list`;
  const input = h('input', {
    id, name, type: 'text', role: 'combobox', autocomplete: 'off', 'aria-autocomplete': 'list',
    'aria-expanded': 'false', 'aria-controls': listId, 'aria-describedby': `${id}-err`,
  });
  input.value = value ? value.label : '';
  const list = h('ul', { id: listId, role: 'listbox', class: 'hidden', 'aria-label': label });
  let chosen = value || null;
  let options = [];
  let active = -1;
  function render() {
    clear(list, options.map((o, i) => h('li', {
      role: 'option', id: `${listId}-${i}`, 'aria-selected': i === active ? 'true' : 'false',
      class: o.add ? 'add' : '', onmousedown: (ev) => { ev.preventDefault(); pick(i); },
    }, o.add ? t('combo.add', { name: o.name }) : o.label)));
    list.classList.toggle('hidden', options.length === 0);
    input.setAttribute('aria-expanded', options.length ? 'true' : 'false');
    if (active >= 0) input.setAttribute('aria-activedescendant', `${listId}-${active}`);
    else input.removeAttribute('aria-activedescendant');
  }
  function pick(i) {
    const o = options[i];
    chosen = o.add ? { name: o.name, label: o.name } : o;
    input.value = chosen.label;
    options = []; active = -1; render();
    announce(o.add ? t('combo.added', { name: o.name }) : o.label);
    if (onpick) onpick(chosen);
  }
  let timer;
  input.addEventListener('input', () => {
    chosen = null;
    clearTimeout(timer);
    const text = input.value.trim();
    timer = setTimeout(async () => {
      if (!text) { options = []; render(); return; }
      const slot = document.getElementById(`${id}-err`);
      let found;
      try { found = await search(text); slot.replaceChildren(); } catch (err) {
        // a failed search is said, not shown as "no match, add it"
        options = []; render(); slot.replaceChildren(failure(err)); return;
      }
      options = found.slice(0, 8);
      if (!noAdd && !found.some((o) => o.label.toLowerCase() === text.toLowerCase())) options.push({ add: true, name: text });
      active = -1; render();
    }, 150);
  });
  input.addEventListener('keydown', (ev) => {
    if (!options.length) return;
    if (ev.key === 'ArrowDown') { ev.preventDefault(); active = (active + 1) % options.length; render(); }
    else if (ev.key === 'ArrowUp') { ev.preventDefault(); active = (active - 1 + options.length) % options.length; render(); }
    else if (ev.key === 'Enter' && active >= 0) { ev.preventDefault(); pick(active); }
    else if (ev.key === 'Escape') { options = []; render(); }
  });
  input.addEventListener('blur', () => setTimeout(() => { options = []; render(); }, 100));
  const w = h('div', { class: 'field' }, h('label', { for: id, class: hideLabel ? 'visually-hidden' : undefined }, label),
    h('div', { class: 'combo' }, input, list),
    hint && h('span', { class: 'hint' }, hint), h('div', { class: 'error', id: `${id}-err` }));
  w.get = () => {
    if (chosen) return chosen;
    const text = input.value.trim();
    return text ? { name: text, label: text } : null;
  };
  w.control = input;
  return w;
}

export function fmtDate(s) {
  if (!s) return '—';
  const d = new Date(s);
  return d.toLocaleString(document.documentElement.lang === 'nl' ? 'nl-NL' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' });
}

// A request that failed, said in the screen where its answer would be: a
// list that could not be loaded is never drawn as an empty one.
export function failure(err) {
  return h('div', { class: 'banner banner-error failure', role: 'alert' }, err && err.status !== undefined ? problemText(err) : t('error.generic'),
    err && err.problem && err.problem.request_id ? h('span', { class: 'small' }, ` (${t('error.request_id')} ${err.problem.request_id})`) : null);
}

export function badge(text, kind = '') { return h('span', { class: `badge${kind ? ` badge-${kind}` : ''}` }, text); }
