// availability.js: the availability switch and destination, on My settings
// and on a user's Telephony tab.
import { api } from './api.js';
import { t } from './i18n.js';
import { h, field, form, button, toast } from './ui.js';

// The availability switch and destination: PUT of the telephony document
// with only availability, which is what an End user may change.
export function renderAvailability(box, org, userId, tel, etag) {
  const dests = tel.destinations || [];
  const label = (d) => d.type === 'forward' ? `${t('tel.forward')} ${d.number}` : `${d.kind === 'app' ? t('tel.app') : t('tel.desk')} ${d.label || d.username}`;
  const status = h('p', { class: 'small muted', role: 'status' });
  const sw = h('input', { type: 'checkbox', id: 'avail-switch', name: 'reachable', role: 'switch', checked: !!tel.availability.reachable });
  const dest = field({ name: 'destination', label: t('tel.destination'), type: 'select', value: tel.availability.destination || '',
    options: [['', t('tel.none')], ...dests.map((d) => [d.id, label(d)])] });
  const f = form([
    h('div', { class: 'field' }, h('label', { class: 'switch', for: 'avail-switch' }, sw, h('span', { id: 'avail-label' }, t('tel.reachable'))), h('div', { class: 'error', id: 'avail-switch-err' })),
    dest,
    h('div', { class: 'form-actions' }, button(t('action.save'), null, '', { type: 'submit' }))],
  async (v) => {
    const r = await api('PUT', `/orgs/${org}/users/${userId}/telephony`,
      { availability: { reachable: v.reachable, destination: v.destination || null } }, { raw: true, etag });
    etag = r.etag;
    status.textContent = r.body.availability.reachable ? t('tel.now_reachable') : t('tel.now_unreachable');
    toast(t('saved'));
  });
  if (!dests.length) box.append(h('p', { class: 'muted' }, t('tel.no_destinations')));
  box.append(f, status);
}
