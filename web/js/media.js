// media.js: what the portal shows of the media library: a sound's player
// (<audio>, fetched with the session's cookie), its length in words, and the
// greeting card of My settings (a user's own greetings: upload, listen,
// choose the one its voicemail plays).
import { api, apiAll } from './api.js';
import { t } from './i18n.js';
import { h, clear, field, form, button, toast } from './ui.js';

export const KINDS = ['greeting', 'hold_music', 'announcement'];

export function player(org, m) {
  return h('audio', { controls: true, preload: 'none', src: `/api/v1/orgs/${org}/media/${m.id}/audio`, 'aria-label': `${t('media.listen')}: ${m.name}` });
}

export function lengthWords(ms) {
  const s = Math.round(ms / 1000);
  return s < 60 ? t('media.seconds', { n: s }) : t('media.minutes', { m: Math.floor(s / 60), s: String(s % 60).padStart(2, '0') });
}

// Uploads file (a File) as name, kind (and the user's own with userId).
export function uploadSound(org, file, name, kind, userId) {
  const q = new URLSearchParams({ name, kind });
  if (userId) q.set('user_id', userId);
  return api('POST', `/orgs/${org}/media?${q}`, file, { contentType: file.type && file.type.startsWith('audio/') ? file.type : 'application/octet-stream' });
}

// My settings: the user's own greetings, and which one its voicemail plays.
export async function renderGreetings(box, org, userId, tel, ver) {
  const mine = await apiAll(`/orgs/${org}/media?user_id=${userId}`, 200).catch(() => []);
  const list = h('div');
  const draw = (items, chosen) => clear(list,
    items.length ? h('ul', { class: 'plain' }, items.map((m) => h('li', {}, h('strong', {}, m.name), ` · ${lengthWords(m.duration_ms)} `, player(org, m)))) : h('p', { class: 'muted small' }, t('media.none_own')),
    form([field({ name: 'greeting_id', label: t('media.greeting_choice'), type: 'select', value: chosen || '',
      options: [['', t('media.greeting_default')], ...items.map((m) => [m.id, m.name])] }),
    h('div', { class: 'form-actions' }, button(t('action.save'), null, '', { type: 'submit' }))], async (v) => {
      const r = await api('PUT', `/orgs/${org}/users/${userId}/telephony`, { voicemail: { greeting_id: v.greeting_id || null } }, { raw: true, etag: ver.etag });
      ver.etag = r.etag;
      toast(t('saved'));
    }));
  draw(mine, tel.voicemail.greeting_id);
  const file = h('input', { type: 'file', accept: 'audio/*', id: 'greeting-file', name: 'file', 'data-no-submit': '1' });
  const up = form([h('div', { class: 'grid2' },
    field({ name: 'name', label: t('field.name'), required: true }),
    h('div', { class: 'field' }, h('label', { for: 'greeting-file' }, t('media.file')), file, h('div', { class: 'error', id: 'greeting-file-err' }))),
  h('div', { class: 'form-actions' }, button(t('media.upload'), null, 'secondary', { type: 'submit' }))], async (v) => {
    if (!file.files[0]) throw Object.assign(new Error(t('media.pick_file')), { status: 0, errors: [{ field: 'file', message: t('media.pick_file') }] });
    await uploadSound(org, file.files[0], v.name, 'greeting', userId);
    toast(t('saved'));
    const now = await apiAll(`/orgs/${org}/media?user_id=${userId}`, 200);
    draw(now, (await api('GET', `/orgs/${org}/users/${userId}/telephony`)).voicemail.greeting_id);
  });
  file.dataset.apiField = 'file';
  box.append(h('p', { class: 'hint' }, t('media.greetings_hint')), list, h('h3', {}, t('media.new_greeting')), up);
}
