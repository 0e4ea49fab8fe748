// screens/extensions.js: Toestelnummers: every extension and its owner.
import { api, apiAll } from '../api.js';
import { t } from '../i18n.js';
import { h, clear, field, button } from '../ui.js';
import { can } from '../state.js';
import { navigate } from '../nav.js';
import { O, dash, head, table, confirmAction, reachText } from '../page.js';

export async function extensionsPage(main) {
  clear(main, head(t('extensions.title'), t('extensions.intro')));
  const list = await apiAll(`${O()}/extensions`, 2000);
  const w = can('telephony.write');
  main.append(table([
    { label: t('field.extension'), cell: (x) => h('a', { href: `/rings?number=${encodeURIComponent(x.extension)}`, title: t('rings.title') }, h('code', {}, x.extension)) },
    { label: t('extensions.owner'), cell: (x) => x.owner.type === 'user' ? h('a', { href: `/users/${x.owner.id}?tab=telephony` }, x.owner.name || x.owner.id) : x.owner.type === 'hunt_group' ? h('a', { href: `/hunt-groups/${x.owner.id}` }, x.owner.name) : dash(x.owner.name) },
    { label: t('extensions.type'), cell: (x) => t(`owner.${x.owner.type}`) },
    { label: '', cell: (x) => w && x.owner.type === 'user' ? button(t('action.remove'), async () => {
      if (await confirmAction(t('extensions.remove_title', { number: x.extension }), [reachText(x.extension), t('extensions.remove_effect')], t('action.remove'),
        () => api('DELETE', `${O()}/extensions/${x.id}`))) navigate('/extensions', true);
    }, 'ghost', { 'aria-label': `${t('action.remove')} ${x.extension}` }) : '' },
  ], list));
}
