// screens/device.js: one device: its lines (SIP accounts and aliases, in
// order; a DECT base has several, seed 002), its provisioning credential.
import { api, apiAll } from '../api.js';
import { t } from '../i18n.js';
import { h, clear, field, form, button, toast, failure, showSecret } from '../ui.js';
import { can } from '../state.js';
import { navigate } from '../nav.js';
import { O, dash, head, table } from '../page.js';

export async function devicePage(main, params, id) {
  const r = await api('GET', `${O()}/devices/${id}`, undefined, { raw: true });
  let d = r.body;
  let etag = r.etag;
  const w = can('telephony.write');
  clear(main, head(d.mac, `${d.vendor} ${d.model}${d.label ? ` · ${d.label}` : ''}`,
    w ? button(t('dev.reset'), async () => {
      const x = await api('POST', `${O()}/devices/${id}/reset-credential`, {}, { raw: true });
      d = x.body; etag = x.etag;
      await showSecret(t('dev.secret_title'), [[t('dev.prov_username'), d.provisioning_username], [t('dev.prov_secret'), d.provisioning_secret]]);
    }, 'secondary') : null,
    w ? button(t('dev.delete'), async () => { await api('DELETE', `${O()}/devices/${id}`, undefined, { etag }); navigate('/devices'); }, 'danger') : null));
  main.append(h('p', { class: 'muted' }, `${t('dev.prov_username')}: `, h('code', {}, d.provisioning_username)));
  const save = async (lines) => {
    const res = await api('PATCH', `${O()}/devices/${id}`, { lines: lines.map((l) => ({ sip_account_id: l.sip_account_id })) }, { raw: true, etag });
    d = res.body; etag = res.etag; toast(t('saved')); draw();
  };
  const box = h('section', { class: 'card', 'aria-labelledby': 'h-lines' });
  const draw = () => clear(box, h('h2', { id: 'h-lines' }, `${t('dev.lines')} (${d.lines.length} / ${d.max_lines})`),
    table([
      { label: '#', cell: (l) => String(l.position) },
      { label: t('dev.user'), cell: (l) => h('a', { href: `/users/${l.user_id}` }, l.user_name || l.user_id) },
      { label: t('field.label'), cell: (l) => dash(l.label) },
      { label: t('tel.username'), cell: (l) => h('code', {}, l.username) },
      { label: '', cell: (l) => w ? button(t('action.remove'), () => save(d.lines.filter((x) => x !== l)), 'ghost', { 'aria-label': `${t('action.remove')} ${l.username}` }) : '' },
    ], d.lines, t('dev.no_lines')));
  draw();
  main.append(box);
  if (w) {
    // Assign a line: one of a user's SIP accounts or aliases.
    const users = await apiAll(`${O()}/users`, 1000);
    const who = field({ name: 'user', label: t('dev.user'), type: 'select', options: [['', '—'], ...users.map((u) => [u.id, u.display_name])] });
    const acct = field({ name: 'account', label: t('dev.account'), type: 'select', options: [] });
    who.control.addEventListener('change', async () => {
      const uid = who.control.value;
      clear(acct.control);
      acct.querySelector('.error').replaceChildren();
      if (!uid) return;
      try {
        const [sips, aliases] = await Promise.all([api('GET', `${O()}/users/${uid}/sip-accounts`), api('GET', `${O()}/users/${uid}/aliases`)]);
        acct.control.append(...sips.items.map((a) => h('option', { value: a.id }, `${a.label || a.username} (${a.kind === 'app' ? t('tel.app') : t('tel.desk')})`)),
          ...aliases.items.map((a) => h('option', { value: a.id }, `${a.display_name} (${t('owner.alias')})`)));
      } catch (err) { acct.querySelector('.error').replaceChildren(failure(err)); }
    });
    main.append(h('section', { class: 'card', 'aria-labelledby': 'h-add-line' }, h('h2', { id: 'h-add-line' }, t('dev.add_line')),
      form([h('div', { class: 'grid2' }, who, acct), h('div', { class: 'form-actions' }, button(t('action.add'), null, '', { type: 'submit' }))],
        async (v) => { if (v.account) await save([...d.lines, { sip_account_id: v.account }]); })));
  }
}
