// screens/media.js: the media library (Media): greetings, hold music and
// announcements, each to listen to; upload a file, or have a text spoken
// in Dutch or English; what uses each sound.
import { api, apiAll } from '../api.js';
import { t, lang } from '../i18n.js';
import { h, clear, field, form, button, toast } from '../ui.js';
import { can, state } from '../state.js';
import { O, head, table, confirmAction } from '../page.js';
import { KINDS, player, lengthWords, uploadSound } from '../media.js';

export async function mediaPage(main) {
  clear(main, head(t('media.title'), t('media.intro')));
  const w = can('telephony.write');
  const body = h('div');
  const draw = async () => {
    const list = await apiAll(`${O()}/media`, 500);
    clear(body, table([
      { label: t('field.name'), cell: (m) => m.name },
      { label: t('media.kind'), cell: (m) => t(`media.kind.${m.kind}`) },
      { label: t('media.length'), cell: (m) => lengthWords(m.duration_ms) },
      { label: t('media.listen'), cell: (m) => player(state.org, m) },
      { label: t('media.origin'), cell: (m) => (m.origin === 'tts' ? t('media.spoken') : `${m.format}${m.uploaded_by && m.uploaded_by.name ? ` · ${m.uploaded_by.name}` : ''}`) },
      { label: t('media.used_by'), cell: (m) => (m.used_by.length ? m.used_by.map((u) => `${u.name} (${t(`media.as.${u.as}`)})`).join(', ') : '—') },
      {
        label: '',
        cell: (m) => (w && !m.user_id ? button(t('action.remove'), () => confirmAction(t('media.delete_title', { name: m.name }), [t('media.delete_body')], t('action.remove'), async () => {
          await api('DELETE', `${O()}/media/${m.id}`);
          toast(t('saved'));
          await draw();
        }), 'ghost', { 'aria-label': `${t('action.remove')} ${m.name}` }) : ''),
      },
    ], list, t('media.empty')));
  };
  if (w) {
    const kind = (name) => field({ name, label: t('media.kind'), type: 'select', options: KINDS.map((k) => [k, t(`media.kind.${k}`)]) });
    const file = h('input', { type: 'file', accept: 'audio/*', id: 'media-file', 'data-no-submit': '1' });
    file.dataset.apiField = 'file';
    const up = form([h('div', { class: 'grid2' },
      field({ name: 'name', label: t('field.name'), required: true }), kind('kind'),
      h('div', { class: 'field' }, h('label', { for: 'media-file' }, t('media.file')), file, h('span', { class: 'hint' }, t('media.file_hint')), h('div', { class: 'error', id: 'media-file-err' }))),
    h('div', { class: 'form-actions' }, button(t('media.upload'), null, '', { type: 'submit' }))], async (v) => {
      if (!file.files[0]) throw Object.assign(new Error(t('media.pick_file')), { status: 0, errors: [{ field: 'file', message: t('media.pick_file') }] });
      await uploadSound(state.org, file.files[0], v.name, v.kind);
      toast(t('saved'));
      await draw();
    });
    const speak = form([h('div', { class: 'grid2' },
      field({ name: 'name', label: t('field.name'), required: true }), kind('kind'),
      field({ name: 'language', label: t('field.language'), type: 'select', value: lang(), options: [['nl', t('lang.nl')], ['en', t('lang.en')]] })),
    field({ name: 'text', label: t('media.text'), type: 'textarea', hint: t('media.text_hint') }),
    h('div', { class: 'form-actions' }, button(t('media.speak'), null, 'secondary', { type: 'submit' }))], async (v) => {
      await api('POST', `${O()}/media`, { name: v.name, kind: v.kind, language: v.language, text: v.text });
      toast(t('saved'));
      await draw();
    });
    main.append(h('section', { class: 'card', 'aria-labelledby': 'h-up' }, h('h2', { id: 'h-up' }, t('media.new')), up),
      h('section', { class: 'card', 'aria-labelledby': 'h-tts' }, h('h2', { id: 'h-tts' }, t('media.tts')), speak));
  }
  main.append(body);
  await draw();
}
