// screens/rings.js: "what rings" for any number or extension of the
// organization, now or at a moment one picks (?number=7001), in the words
// of a number's page.
import { api } from '../api.js';
import { t } from '../i18n.js';
import { h, clear, field, form, button, failure } from '../ui.js';
import { O, head } from '../page.js';
import { routeWords } from './number.js';

export async function ringsPage(main, params) {
  clear(main, head(t('rings.title'), t('rings.intro')));
  const words = h('div', { role: 'status', class: 'route-words' });
  const f = form([h('div', { class: 'grid2' },
    field({ name: 'number', label: t('rings.number'), value: params.get('number') || '', required: true, hint: t('rings.number_hint') }),
    field({ name: 'at', label: t('number.at'), type: 'datetime-local', hint: t('number.at_hint') })),
  h('div', { class: 'form-actions' }, button(t('rings.show'), null, '', { type: 'submit' }))], async (v) => {
    const q = new URLSearchParams({ number: v.number.trim() });
    if (v.at) q.set('at', new Date(v.at).toISOString());
    clear(words, routeWords(await api('GET', `${O()}/route?${q}`)));
  });
  main.append(h('section', { class: 'card' }, f, words));
  if (params.get('number')) {
    try {
      clear(words, routeWords(await api('GET', `${O()}/route?${new URLSearchParams({ number: params.get('number') })}`)));
    } catch (err) { clear(words, failure(err)); }
  }
}
