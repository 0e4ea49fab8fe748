// availability.js: the availability switch and destination, on My settings
// and on a user's Telephony tab.
import { api } from './api.js';
import { t } from './i18n.js';
import { h, field, form, button, toast } from './ui.js';

// The availability switch and destination, the destinations ringing with
// it and the ring time: PUT of the telephony document with only
// availability, which is what an End user may change.
//
// ver is {etag}, shared with the other forms of the same document (a user's
// Telephony tab): each save takes the new version from its own answer, so
// the next save of either form is not refused as stale.
export function renderAvailability(box, org, userId, tel, ver) {
  const dests = tel.destinations || [];
  const label = (d) => d.type === 'forward' ? `${t('tel.forward')} ${d.number}` : `${d.kind === 'app' ? t('tel.app') : t('tel.desk')} ${d.label || d.username}`;
  const status = h('p', { class: 'small muted', role: 'status' });
  const sw = h('input', { type: 'checkbox', id: 'avail-switch', name: 'reachable', role: 'switch', checked: !!tel.availability.reachable });
  const dest = field({ name: 'destination', label: t('tel.destination'), type: 'select', value: tel.availability.destination || '',
    options: [['', t('tel.none')], ...dests.map((d) => [d.id, label(d)])] });
  // simultaneous ring (seed 002): more destinations that ring at once
  const also = tel.availability.simultaneous || [];
  const sim = h('fieldset', { id: 'simultaneous', tabindex: '-1', 'data-api-field': 'availability.simultaneous' },
    h('legend', {}, t('tel.simultaneous')),
    h('p', { class: 'hint' }, t('tel.simultaneous_hint')),
    dests.map((d) => h('label', { class: 'check', for: `sim-${d.id}` },
      h('input', { type: 'checkbox', id: `sim-${d.id}`, name: 'simultaneous', value: d.id, 'data-multi': '1', checked: also.includes(d.id) }), label(d))),
    h('div', { class: 'error', id: 'simultaneous-err' }));
  const ring = field({ name: 'ring_seconds', label: t('tel.ring_seconds'), type: 'number', value: tel.availability.ring_seconds,
    hint: t('tel.ring_seconds_hint'), inputmode: 'numeric' });
  ring.querySelector('input').dataset.apiField = 'availability.ring_seconds';
  const f = form([
    h('div', { class: 'field' }, h('label', { class: 'switch', for: 'avail-switch' }, sw, h('span', { id: 'avail-label' }, t('tel.reachable'))), h('div', { class: 'error', id: 'avail-switch-err' })),
    dest,
    dests.length > 1 ? sim : null,
    ring,
    h('div', { class: 'form-actions' }, button(t('action.save'), null, '', { type: 'submit' }))],
  async (v) => {
    const seconds = Number(v.ring_seconds);
    const r = await api('PUT', `/orgs/${org}/users/${userId}/telephony`,
      { availability: { reachable: v.reachable, destination: v.destination || null, simultaneous: v.simultaneous || [],
        ring_seconds: Number.isInteger(seconds) && v.ring_seconds !== '' ? seconds : v.ring_seconds } }, { raw: true, etag: ver.etag });
    ver.etag = r.etag;
    status.textContent = r.body.availability.reachable ? t('tel.now_reachable') : t('tel.now_unreachable');
    toast(t('saved'));
  });
  if (!dests.length) box.append(h('p', { class: 'muted' }, t('tel.no_destinations')));
  box.append(f, status);
}
