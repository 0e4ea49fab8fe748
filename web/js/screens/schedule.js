// screens/schedule.js: one schedule: its name and time zone, the weekly
// opening periods, the exceptions (a date or a range, every year or once,
// closed or open with other hours) and the Dutch public holidays it keeps,
// all in one form saved at once (a PATCH of the whole schedule).
import { api } from '../api.js';
import { t } from '../i18n.js';
import { h, clear, field, form, button, toast } from '../ui.js';
import { can } from '../state.js';
import { navigate } from '../nav.js';
import { O, head, timezoneField } from '../page.js';
import { DAYS, hoursWords } from '../hours.js';

// A control that carries the API's name of what it holds, so an error on
// "hours[1].to" is shown at it.
const api_ = (el, name) => { el.dataset.apiField = name; return el; };

export async function schedulePage(main, params, id) {
  const res = await api('GET', `${O()}/schedules/${id}`, undefined, { raw: true });
  let s = res.body;
  const ver = { etag: res.etag };
  const w = can('telephony.write');
  const year = new Date().getFullYear();
  const holidays = (await api('GET', `/holidays?year=${year}`)).items;
  const top = h('div');
  const drawHead = () => clear(top, head(s.name, `${hoursWords(s)} · ${s.timezone}`,
    w ? button(t('sched.delete'), async () => { await api('DELETE', `${O()}/schedules/${id}`, undefined, { etag: ver.etag }); navigate('/schedules'); }, 'danger') : null));
  drawHead();

  // the lists as the form edits them
  let periods = s.hours.map((p) => ({ ...p }));
  let exceptions = s.exceptions.map((e) => ({ ...e, hours: e.hours.map((x) => ({ ...x })) }));
  const hoursBox = h('div');
  const exBox = h('div');
  const time = (label, value, name, set) => {
    const f = field({ name: `${name}`, label, type: 'time', value });
    api_(f.control, name);
    f.control.dataset.noSubmit = '1';
    f.control.addEventListener('change', () => set(f.control.value));
    return f;
  };
  const drawHours = () => clear(hoursBox, periods.map((p, i) => h('fieldset', { class: 'rule' },
    h('legend', {}, `${t('sched.hours')} ${i + 1}`),
    h('div', { class: 'days', role: 'group', 'aria-label': t('sched.days') }, DAYS.map((d) => {
      const box = field({ name: `hours_${i}_${d}`, label: t(`day.${d}`), type: 'checkbox', value: p.days.includes(d) });
      box.control.dataset.noSubmit = '1';
      if (d === 'mon') api_(box.control, `hours[${i}].days`);
      box.control.addEventListener('change', () => {
        p.days = DAYS.filter((x) => (x === d ? box.control.checked : p.days.includes(x)));
      });
      return box;
    })),
    h('div', { class: 'grid2' },
      time(t('sched.from'), p.from, `hours[${i}].from`, (v) => { p.from = v; }),
      time(t('sched.to'), p.to, `hours[${i}].to`, (v) => { p.to = v; })),
    w ? button(t('sched.remove'), () => { periods.splice(i, 1); drawHours(); }, 'ghost', { 'aria-label': `${t('sched.remove')} ${t('sched.hours')} ${i + 1}` }) : null)),
  w ? button(t('sched.add_period'), () => { periods.push({ days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '08:30', to: '17:30' }); drawHours(); }, 'secondary') : null);

  const drawExceptions = () => clear(exBox, exceptions.map((e, i) => {
    const text = (name, label, value, type, set) => {
      const f = field({ name, label, type, value: value || '' });
      api_(f.control, name);
      f.control.dataset.noSubmit = '1';
      f.control.addEventListener('change', () => set(f.control.value));
      return f;
    };
    const every = field({ name: `exceptions_${i}_every`, label: t('sched.every_year'), type: 'checkbox', value: e.every_year });
    every.control.dataset.noSubmit = '1';
    api_(every.control, `exceptions[${i}].every_year`);
    every.control.addEventListener('change', () => { e.every_year = every.control.checked; });
    const open = e.hours[0] || { from: '', to: '' };
    return h('fieldset', { class: 'rule' }, h('legend', {}, e.name || `${t('sched.exceptions')} ${i + 1}`),
      h('div', { class: 'grid2' },
        text(`exceptions[${i}].name`, t('sched.ex_name'), e.name, 'text', (v) => { e.name = v || null; }),
        every,
        text(`exceptions[${i}].from`, t('sched.ex_from'), e.from, 'date', (v) => { e.from = v; }),
        text(`exceptions[${i}].to`, t('sched.ex_to'), e.to, 'date', (v) => { e.to = v || null; })),
      h('p', { class: 'hint' }, t('sched.ex_open')),
      h('div', { class: 'grid2' },
        time(t('sched.from'), open.from, `exceptions[${i}].hours[0].from`, (v) => { open.from = v; e.hours = open.from || open.to ? [open] : []; }),
        time(t('sched.to'), open.to, `exceptions[${i}].hours[0].to`, (v) => { open.to = v; e.hours = open.from || open.to ? [open] : []; })),
      w ? button(t('sched.remove'), () => { exceptions.splice(i, 1); drawExceptions(); }, 'ghost', { 'aria-label': `${t('sched.remove')} ${e.name || i + 1}` }) : null);
  }), w ? button(t('sched.add_exception'), () => { exceptions.push({ name: null, from: `${year}-12-24`, to: null, every_year: true, hours: [] }); drawExceptions(); }, 'secondary') : null);

  const holidayBoxes = holidays.map((x) => {
    const b = field({ name: 'holidays', label: `${t(`holiday.${x.code}`)} (${new Date(`${x.date}T12:00:00`).toLocaleDateString()})`, type: 'checkbox', value: s.holidays.includes(x.code) });
    b.control.value = x.code;
    b.control.dataset.multi = '1';
    return b;
  });
  const setAll = (on) => holidayBoxes.forEach((b) => { b.control.checked = on; });
  const f = form([
    h('div', { class: 'grid2' },
      field({ name: 'name', label: t('field.name'), value: s.name, required: true }),
      timezoneField({ name: 'timezone', label: t('sched.timezone'), value: s.timezone })),
    h('section', { 'aria-labelledby': 'h-hours' }, h('h2', { id: 'h-hours' }, t('sched.hours')), h('p', { class: 'hint' }, t('sched.hours_hint')), hoursBox),
    h('section', { 'aria-labelledby': 'h-ex' }, h('h2', { id: 'h-ex' }, t('sched.exceptions')), h('p', { class: 'hint' }, t('sched.exceptions_hint')), exBox),
    h('fieldset', { class: 'rule' }, h('legend', {}, t('sched.holidays')), h('p', { class: 'hint' }, t('sched.holidays_hint', { year })),
      w ? h('div', { class: 'row-actions' }, button(t('sched.holidays_all'), () => setAll(true), 'secondary'), button(t('sched.holidays_none'), () => setAll(false), 'ghost')) : null,
      h('div', { class: 'grid2' }, holidayBoxes)),
    w ? h('div', { class: 'form-actions' }, button(t('sched.save'), null, '', { type: 'submit' })) : null,
  ], async (v) => {
    const body = {
      name: v.name, timezone: v.timezone.trim(), hours: periods, holidays: v.holidays,
      exceptions: exceptions.map((e) => ({ name: e.name || null, from: e.from, to: e.to || null, every_year: !!e.every_year, hours: e.hours })),
    };
    const r = await api('PATCH', `${O()}/schedules/${id}`, body, { raw: true, etag: ver.etag });
    s = r.body; ver.etag = r.etag;
    periods = s.hours.map((p) => ({ ...p }));
    exceptions = s.exceptions.map((e) => ({ ...e, hours: e.hours.map((x) => ({ ...x })) }));
    drawHours(); drawExceptions(); drawHead();
    toast(t('saved'));
  });
  drawHours();
  drawExceptions();
  if (!w) f.querySelectorAll('input, select').forEach((el) => { el.disabled = true; });
  clear(main, top, h('div', { class: 'card' }, f));
}
