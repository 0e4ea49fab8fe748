// screens/devices.js: Toestellen: desk phones by MAC (seed 002), New, and
// the organization's provisioning URL key.
import { api, apiAll } from '../api.js';
import { t } from '../i18n.js';
import { h, clear, field, form, button, toast, showSecret } from '../ui.js';
import { can } from '../state.js';
import { navigate } from '../nav.js';
import { O, dash, head, table } from '../page.js';

export async function devicesPage(main) {
  clear(main, head(t('dev.title'), t('dev.intro')));
  const w = can('telephony.write');
  const models = (await api('GET', '/device-models')).items;
  if (w) {
    main.append(h('section', { class: 'card', 'aria-labelledby': 'h-dev-new' }, h('h2', { id: 'h-dev-new' }, t('dev.new')), form([h('div', { class: 'grid2' },
      field({ name: 'mac', label: t('dev.mac'), required: true, hint: t('dev.mac_hint') }),
      field({ name: 'model', label: t('dev.model'), type: 'select', options: models.map((m) => [m.model, `${m.vendor} ${m.model}${m.dect ? ' (DECT)' : ''}`]) }),
      field({ name: 'label', label: t('field.label') })),
    h('div', { class: 'form-actions' }, button(t('action.create'), null, '', { type: 'submit' }))],
    async (v) => {
      const d = await api('POST', `${O()}/devices`, { mac: v.mac, model: v.model, label: v.label || null });
      await showSecret(t('dev.secret_title'), [[t('dev.prov_username'), d.provisioning_username], [t('dev.prov_secret'), d.provisioning_secret]]);
      toast(t('saved'));
      navigate(`/devices/${d.id}`);
    })));
  }
  const list = await apiAll(`${O()}/devices`, 1000);
  main.append(table([
    { label: t('dev.mac'), cell: (d) => h('a', { href: `/devices/${d.id}` }, h('code', {}, d.mac)) },
    { label: t('dev.model'), cell: (d) => `${d.vendor} ${d.model}` },
    { label: t('field.label'), cell: (d) => dash(d.label) },
    { label: t('dev.lines'), cell: (d) => `${d.lines.length} / ${d.max_lines}` },
  ], list, t('dev.none')));
  // the URL key, for phones that cannot do digest
  const key = h('section', { class: 'card', 'aria-labelledby': 'h-dev-key' });
  const loadKey = async () => {
    const k = await api('GET', `${O()}/provisioning-key`);
    clear(key, h('h2', { id: 'h-dev-key' }, t('dev.key')), h('p', {}, k.exists ? t('dev.key_exists') : t('dev.key_none')),
      w ? h('div', { class: 'form-actions' }, button(k.exists ? t('dev.key_renew') : t('dev.key_make'), async () => {
        const r = await api('POST', `${O()}/provisioning-key`, {});
        await showSecret(t('dev.key'), [[t('dev.key_url'), r.url]]);
        loadKey();
      }, 'secondary'), k.exists ? button(t('action.remove'), async () => { await api('DELETE', `${O()}/provisioning-key`); loadKey(); }, 'ghost') : null) : null);
  };
  await loadKey();
  main.append(key);
}
