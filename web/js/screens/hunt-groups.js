// screens/hunt-groups.js: Belgroepen & wachtrijen: the list and New.
import { api, apiAll } from '../api.js';
import { t } from '../i18n.js';
import { h, clear, field, form, button, toast } from '../ui.js';
import { can } from '../state.js';
import { navigate } from '../nav.js';
import { O, dash, head, table } from '../page.js';

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
