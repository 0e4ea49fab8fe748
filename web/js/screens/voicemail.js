// screens/voicemail.js: Voicemail: the signed-in user's own messages, newest
// first: who called and when, how long, to listen to (playing one marks it
// heard), marked new or heard, deleted. The menu shows how many are new.
import { api, apiAll } from '../api.js';
import { t } from '../i18n.js';
import { h, clear, button, toast, fmtDate, badge, field, form } from '../ui.js';
import { state } from '../state.js';
import { head, table } from '../page.js';
import { lengthWords } from '../media.js';

const boxPath = () => `/orgs/${state.me.org_id}/users/${state.me.id}/voicemail`;

// The count of new messages beside the menu's Voicemail.
export async function showNewCount() {
  const link = document.querySelector('nav a[href="/voicemail"]');
  if (!link || !state.me) return;
  let n = 0;
  try { n = (await api('GET', `${boxPath()}?limit=1`)).new_count; } catch { return; }
  link.querySelector('.badge')?.remove();
  if (n) link.append(' ', h('span', { class: 'badge badge-warn', 'aria-label': t('vm.new_count', { n }) }, String(n)));
}

export async function voicemailPage(main) {
  clear(main, head(t('vm.title'), t('vm.intro')));
  const body = h('div');
  main.append(body);
  const mark = async (m, heard) => {
    await api('PATCH', `${boxPath()}/${m.id}`, { heard });
    m.heard = heard;
    await draw();
    showNewCount();
  };
  const draw = async () => {
    const items = await apiAll(boxPath(), 500);
    clear(body, table([
      { label: t('vm.from'), cell: (m) => h('span', {}, m.caller_name ? `${m.caller_name} ` : '', m.caller || t('vm.anonymous'), m.heard ? '' : [' ', badge(t('vm.new'), 'warn')]) },
      { label: t('vm.when'), cell: (m) => fmtDate(m.received_at) },
      { label: t('media.length'), cell: (m) => lengthWords(m.duration_ms) },
      {
        label: t('media.listen'),
        cell: (m) => {
          const a = h('audio', { controls: true, preload: 'none', src: `/api/v1${boxPath()}/${m.id}/audio`, 'aria-label': `${t('media.listen')}: ${m.caller_name || m.caller || t('vm.anonymous')}` });
          a.addEventListener('play', () => { if (!m.heard) mark(m, true); }, { once: true });
          return a;
        },
      },
      {
        label: '',
        cell: (m) => h('div', { class: 'row-actions' },
          button(m.heard ? t('vm.mark_new') : t('vm.mark_heard'), () => mark(m, !m.heard), 'ghost'),
          button(t('action.remove'), async () => {
            await api('DELETE', `${boxPath()}/${m.id}`);
            toast(t('saved'));
            await draw();
            showNewCount();
          }, 'ghost', { 'aria-label': `${t('action.remove')} ${fmtDate(m.received_at)}` })),
      },
    ], items, t('vm.empty')));
  };
  await draw();
}

// My settings: the PIN of one's own box, which a caller types to listen
// from another phone.
export function renderBoxPin(box, org, userId, tel, ver) {
  const pin = field({ name: 'pin', label: t('vm.new_pin'), type: 'password', autocomplete: 'off', inputmode: 'numeric', hint: t('vm.pin_hint') });
  pin.control.dataset.apiField = 'voicemail.pin';
  box.append(h('p', { class: 'hint' }, t('vm.box_is', { box: tel.voicemail.box })), form([pin,
    h('div', { class: 'form-actions' }, button(t('vm.save_pin'), null, '', { type: 'submit' }))], async (v, f) => {
    const r = await api('PUT', `/orgs/${org}/users/${userId}/telephony`, { voicemail: { pin: v.pin } }, { raw: true, etag: ver.etag });
    ver.etag = r.etag;
    f.reset();
    toast(t('saved'));
  }));
}
