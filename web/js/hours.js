// hours.js: a schedule's opening hours in words ("ma–vr 08:30–17:30"), for
// the schedules list, a number's destination and the route's words.
import { t } from './i18n.js';

export const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

// Days in week order as runs: ["mon".."fri"] is "ma–vr", mon and wed "ma, wo".
export function daysWords(days) {
  const idx = DAYS.map((d, i) => (days.includes(d) ? i : -1)).filter((i) => i >= 0);
  const runs = [];
  for (const i of idx) {
    const last = runs[runs.length - 1];
    if (last && last[1] === i - 1) last[1] = i; else runs.push([i, i]);
  }
  return runs.map(([a, b]) => {
    const w = (i) => t(`day.${DAYS[i]}`);
    return a === b ? w(a) : b === a + 1 ? `${w(a)}, ${w(b)}` : `${w(a)}–${w(b)}`;
  }).join(', ');
}

// The weekly periods in words, those with the same days together:
// "ma–vr 08:30–12:00, 13:00–17:30; za 10:00–14:00".
export function hoursWords(s) {
  if (!s.hours.length) return t('sched.none');
  const byDays = new Map();
  for (const p of s.hours) {
    const k = p.days.join(',');
    byDays.set(k, [...(byDays.get(k) || []), `${p.from}–${p.to}`]);
  }
  return [...byDays.entries()].map(([k, spans]) => `${daysWords(k.split(','))} ${spans.join(', ')}`).join('; ');
}
