// screens/numbers.js: Nummers: the organization's phone numbers.
import { api, apiAll } from '../api.js';
import { t } from '../i18n.js';
import { h, clear, field, form, button, toast } from '../ui.js';
import { can } from '../state.js';
import { navigate } from '../nav.js';
import { O, dash, head, table, confirmAction, reachText } from '../page.js';

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
    { label: t('numbers.number'), cell: (n) => h('span', {}, h('a', { href: `/numbers/${n.id}` }, n.national), ' ', h('code', { class: 'muted small' }, n.number)) },
    { label: t('number.destination'), cell: (n) => n.destination ? t(`number.dest_type.${n.destination.type}`) : t('number.dest_own_user') },
    { label: t('field.label'), cell: (n) => dash(n.label) },
    { label: '', cell: (n) => w ? button(t('action.remove'), async () => {
      if (await confirmAction(t('numbers.remove_title', { number: n.national }), [reachText(n.number, n.national), t('numbers.remove_effect')], t('action.remove'),
        () => api('DELETE', `${O()}/numbers/${n.id}`))) navigate('/numbers', true);
    }, 'ghost', { 'aria-label': `${t('action.remove')} ${n.national}` }) : '' },
  ], list));
}
