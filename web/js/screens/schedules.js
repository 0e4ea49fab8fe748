// screens/schedules.js: Tijdschema's: office hours and holidays, the list
// and New (which starts with office hours, weekdays 08:30–17:30, and the
// Dutch public holidays, to be changed on the schedule's page).
import { api, apiAll } from '../api.js';
import { t } from '../i18n.js';
import { h, clear, field, form, button, toast } from '../ui.js';
import { can } from '../state.js';
import { navigate } from '../nav.js';
import { O, head, table } from '../page.js';
import { hoursWords } from '../hours.js';

export async function schedulesPage(main) {
  clear(main, head(t('sched.title'), t('sched.intro')));
  if (can('telephony.write')) {
    // in the organization's time zone, which the schedule's page changes
    main.append(h('div', { class: 'card' }, h('h2', {}, t('sched.new')), form([h('div', { class: 'grid2' },
      field({ name: 'name', label: t('field.name'), required: true })),
    h('div', { class: 'form-actions' }, button(t('action.create'), null, '', { type: 'submit' }))],
    async (v) => {
      const holidays = (await api('GET', '/holidays')).items.map((x) => x.code);
      const s = await api('POST', `${O()}/schedules`, {
        name: v.name, holidays,
        hours: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '08:30', to: '17:30' }],
      });
      toast(t('saved'));
      navigate(`/schedules/${s.id}`);
    })));
  }
  const list = await apiAll(`${O()}/schedules`, 500);
  main.append(table([
    { label: t('field.name'), cell: (s) => h('a', { href: `/schedules/${s.id}` }, s.name) },
    { label: t('sched.hours'), cell: (s) => hoursWords(s) },
    { label: t('sched.exceptions'), cell: (s) => t('sched.count_exceptions', { n: s.exceptions.length }) },
    { label: t('sched.holidays'), cell: (s) => t('sched.count_holidays', { n: s.holidays.length }) },
    { label: t('sched.timezone'), cell: (s) => s.timezone },
  ], list, t('sched.empty')));
}
