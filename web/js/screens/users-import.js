// screens/users-import.js: Gebruikers > Importeren: a CSV file checked first
// (a dry run: every bad row next to its line), then imported as a job whose
// progress is shown until its report; and Gebruikers > Exporteren, the CSV a
// spreadsheet opens (';' and Dutch headers for a Dutch user, with a choice).
import { api, download } from '../api.js';
import { t, lang, errorText } from '../i18n.js';
import { h, clear, field, form, button, announce, dialog } from '../ui.js';
import { O, head, linkButton, table } from '../page.js';

const MAX_BYTES = 32 * 1024 * 1024;

// Runs the file as a job and resolves with its final state; onProgress(job)
// after every look at it.
async function runJob(text, { mode, dryRun, skipInvalid }, onProgress) {
  const q = new URLSearchParams({ mode });
  if (dryRun) q.set('dry_run', 'true');
  if (skipInvalid) q.set('skip_invalid', 'true');
  const queued = await api('POST', `${O()}/imports?${q}`, text, { contentType: 'text/csv' });
  const path = queued.location.replace(/^\/api\/v1/, '');
  for (;;) {
    const job = await api('GET', path);
    onProgress(job);
    if (job.status === 'done' || job.status === 'failed') return job;
    await new Promise((r) => setTimeout(r, 300));
  }
}

function progressBar(job) {
  const total = job.total || 0;
  const done = job.processed || 0;
  return h('div', { class: 'progress-line' },
    h('progress', { max: String(total || 1), value: String(done), 'aria-label': t('import.progress') }),
    h('span', { class: 'small muted' }, t('import.rows_done', { done, total })));
}

// The report: the counts, and each bad row with its line, field and words.
function report(job, dryRun) {
  const counts = dryRun
    ? t('import.checked', { total: job.total, ok: job.total - job.failed, failed: job.failed })
    : t('import.done', { created: job.created, updated: job.updated, unchanged: job.unchanged, failed: job.failed });
  const box = h('div', { class: 'import-report' },
    h('p', { class: `banner ${job.failed || job.status === 'failed' ? 'banner-warn' : 'banner-ok'}`, role: 'status' },
      job.status === 'failed' ? t('import.job_failed') : counts));
  if (job.errors && job.errors.length) {
    box.append(h('h3', {}, t('import.bad_rows')), table([
      { label: t('import.line'), cell: (e) => String(e.line) },
      { label: t('import.column'), cell: (e) => e.field || '—' },
      { label: t('import.problem'), cell: (e) => errorText(e) },
    ], job.errors));
  }
  return box;
}

export function usersImport(main) {
  clear(main, head(t('import.title'), t('import.intro'), linkButton('/users', t('action.cancel'), 'secondary')));
  const fileField = h('div', { class: 'field' },
    h('label', { for: 'import-file' }, t('import.file'), h('span', { 'aria-hidden': 'true' }, ' *')),
    h('input', { id: 'import-file', name: 'file', type: 'file', accept: '.csv,text/csv', 'aria-describedby': 'import-file-hint import-file-err' }),
    h('span', { class: 'hint', id: 'import-file-hint' }, t('import.file_hint')),
    h('div', { class: 'error', id: 'import-file-err' }));
  const mode = field({ name: 'mode', label: t('import.mode'), type: 'select', value: 'create',
    options: ['create', 'update', 'upsert'].map((m) => [m, t(`import.mode_${m}`)]) });
  const skip = field({ name: 'skip_invalid', label: t('import.skip_invalid'), type: 'checkbox' });
  const out = h('div', { 'aria-live': 'polite' });
  let checked = null; // the text the dry run passed, with its options
  const readFile = async () => {
    const f = fileField.querySelector('input').files[0];
    const fail = (key) => {
      const e = new Error(t(key)); e.status = 0;
      e.errors = [{ field: 'file', code: 'file', message: t(key) }];
      throw e;
    };
    if (!f) fail('import.no_file');
    if (f.size > MAX_BYTES) fail('import.too_large');
    return f.text();
  };
  const opts = (v, dryRun) => ({ mode: v.mode, dryRun, skipInvalid: !!v.skip_invalid });
  const importButton = button(t('import.run'), async () => {
    importButton.disabled = true;
    const bar = h('div');
    clear(out, bar);
    const job = await runJob(checked.text, checked.opts, (j) => clear(bar, progressBar(j)));
    clear(out, report(job, false), h('div', { class: 'form-actions' }, linkButton('/users', t('import.to_users'))));
    announce(t('import.finished'));
  });
  const f = form([fileField, h('div', { class: 'grid2' }, mode, skip),
    h('div', { class: 'form-actions' }, button(t('import.check'), null, '', { type: 'submit' }))],
  async (v) => {
    const text = await readFile();
    checked = null;
    const bar = h('div');
    clear(out, bar);
    const job = await runJob(text, opts(v, true), (j) => clear(bar, progressBar(j)));
    const ok = job.status === 'done' && (job.failed === 0 || v.skip_invalid);
    if (ok) checked = { text, opts: opts(v, false) };
    importButton.disabled = !ok;
    clear(out, report(job, true), ok ? h('div', { class: 'form-actions' }, importButton) : h('p', { class: 'small' }, t('import.fix_first')));
    announce(ok ? t('import.ready') : t('import.fix_first'));
  });
  main.append(h('section', { class: 'card' }, f), out);
}

// Exporteren: the separator and the headers' language follow the user's
// language (a Dutch spreadsheet opens ',' as one column), with a choice.
export function exportDialog() {
  return dialog(t('export.title'), (body, close) => {
    const nl = lang() === 'nl';
    const f = form([
      h('p', {}, t('export.intro')),
      field({ name: 'separator', label: t('export.separator'), type: 'select', value: nl ? 'semicolon' : 'comma',
        options: [['semicolon', t('export.semicolon')], ['comma', t('export.comma')]] }),
      field({ name: 'labels', label: t('export.labels'), type: 'select', value: nl ? 'nl' : 'en',
        options: [['nl', t('lang.nl')], ['en', t('lang.en')]] }),
      h('div', { class: 'form-actions' }, button(t('export.download'), null, '', { type: 'submit' }), button(t('action.cancel'), () => close(false), 'secondary'))],
    async (v) => {
      await download(`${O()}/exports/users?separator=${v.separator}&labels=${v.labels}`, 'users.csv');
      close(true);
    });
    body.append(f);
  });
}
