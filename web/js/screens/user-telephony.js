// screens/user-telephony.js: the Telephony tab of a user's page:
// extensions, SIP and app accounts, aliases, and the telephony document.
import { api, apiAll } from '../api.js';
import { t, lang, LANGS } from '../i18n.js';
import {
  h, clear, field, form, button, toast, announce, showWarnings, dialog, showSecret, badge, failure,
} from '../ui.js';
import { state, can } from '../state.js';
import { O, dash, head, table, section, confirmAction, reachText } from '../page.js';
import { renderAvailability } from '../availability.js';
import { renderForwarding, forwardingWords } from '../forwarding.js';

// ---- Telefonie: extensions, SIP and app accounts, aliases, the document.
export async function telephonyTab(p, u) {
  const tw = can('telephony.write');
  const base = `${O()}/users/${u.id}`;
  // Extensions
  const ext = h('section', { class: 'card', 'aria-labelledby': 'h-ext' });
  const loadExt = async () => {
    const title = h('div', { class: 'card-head' }, h('h2', { id: 'h-ext' }, t('tel.extensions')));
    let list;
    try { list = (await api('GET', `${O()}/extensions?owner_id=${u.id}`)).items; } catch (err) { clear(ext, title, failure(err)); return; }
    clear(ext, title,
      table([{ label: t('field.extension'), cell: (x) => x.extension }, { label: '', cls: 'center', cell: (x) => tw ? button(t('action.remove'), async () => {
        if (await confirmAction(t('extensions.remove_title', { number: x.extension }), [reachText(x.extension), t('extensions.remove_effect')], t('action.remove'),
          () => api('DELETE', `${O()}/extensions/${x.id}`))) loadExt();
      }, 'ghost', { 'aria-label': `${t('action.remove')} ${x.extension}` }) : '' }], list, t('tel.no_extensions')));
    if (tw) {
      let next = '';
      try { next = (await api('GET', `${O()}/extensions/next`)).extension; } catch { /* */ }
      const f = form([h('div', { class: 'toolbar' }, field({ name: 'extension', label: t('tel.add_extension'), value: next, inputmode: 'numeric' }), button(t('action.add'), null, 'secondary', { type: 'submit' }))],
        async (v) => { await api('POST', `${O()}/extensions`, { extension: v.extension, user_id: u.id }); toast(t('saved')); loadExt(); });
      f.classList.add('inline-form');
      ext.append(h('div', { class: 'form-actions' }), f);
    }
  };
  // SIP and app accounts
  const sip = h('section', { class: 'card', 'aria-labelledby': 'h-sip' });
  const loadSip = async () => {
    let list;
    let carried = [];
    try {
      list = (await api('GET', `${base}/sip-accounts`)).items;
      carried = (await api('GET', `${base}/devices`)).items;
    } catch (err) {
      clear(sip, h('div', { class: 'card-head' }, h('h2', { id: 'h-sip' }, t('tel.accounts'))), failure(err));
      return;
    }
    clear(sip, h('div', { class: 'card-head' }, h('h2', { id: 'h-sip' }, t('tel.accounts')),
      tw ? h('div', { class: 'actions' },
        button(t('tel.add_desk'), () => addSip('desk'), 'secondary'),
        button(t('tel.add_app'), () => addSip('app'), 'secondary')) : null),
    table([
      { label: t('tel.kind'), cell: (a) => a.kind === 'app' ? t('tel.app') : t('tel.desk') },
      { label: t('field.label'), cell: (a) => dash(a.label) },
      { label: t('tel.username'), cell: (a) => h('code', {}, a.username) },
      { label: t('field.status'), cell: (a) => a.enabled ? badge(t('tel.enabled'), 'ok') : badge(t('tel.disabled'), 'danger') },
      { label: t('dev.device'), cell: (a) => { const d = carried.find((x) => x.sip_account_id === a.id); return d ? h('a', { href: `/devices/${d.device_id}` }, `${d.model} ${d.mac}`) : '—'; } },
      { label: '', cell: (a) => tw ? h('div', { class: 'actions' },
        button(t('soft.button'), () => softphone(a), 'ghost', { 'aria-label': `${t('soft.button')} ${a.username}` }),
        button(t('tel.reset_secret'), async () => { const r = await api('POST', `${base}/sip-accounts/${a.id}/reset-secret`, {}); await showSecret(t('tel.secret_title'), [[t('tel.username'), r.username], [t('tel.secret'), r.secret]]); }, 'ghost'),
        button(a.enabled ? t('tel.disable') : t('tel.enable'), async () => { await api('PATCH', `${base}/sip-accounts/${a.id}`, { enabled: !a.enabled }); loadSip(); loadDoc(); }, 'ghost')) : '' },
    ], list, t('tel.no_accounts')));
  };
  // What to type into Bria, and a QR code for Linphone (seed 002).
  const softphone = (a) => dialog(t('soft.title'), async (body, close) => {
    const p = await api('GET', `${base}/sip-accounts/${a.id}/softphone`);
    for (const [label, value] of [[t('soft.username'), p.username], [t('soft.auth_name'), p.auth_name], [t('soft.domain'), p.domain],
      [t('soft.proxy'), `${p.proxy_host}:${p.proxy_port}`], [t('soft.transport'), p.transport.toUpperCase()]]) {
      body.append(h('p', { class: 'small muted' }, label), h('div', { class: 'secret' }, value));
    }
    body.append(h('p', {}, t('soft.password_note')));
    const qr = h('div', {});
    body.append(qr, h('div', { class: 'form-actions' },
      button(t('soft.linphone'), async () => {
        const l = await api('POST', `${base}/sip-accounts/${a.id}/softphone-link`, {});
        clear(qr, h('img', { class: 'qr', alt: t('soft.qr_alt'), src: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(l.qr_svg)}` }),
          h('p', { class: 'small' }, t('soft.qr_note')), h('div', { class: 'secret' }, l.url));
      }, 'secondary'),
      button(t('action.done'), () => close(true))));
  });
  const addSip = (kind) => dialog(kind === 'app' ? t('tel.add_app') : t('tel.add_desk'), (body, close) => {
    body.append(form([field({ name: 'label', label: t('field.label') }), h('div', { class: 'form-actions' }, button(t('action.add'), null, '', { type: 'submit' }), button(t('action.cancel'), () => close(), 'secondary'))],
      async (v) => {
        const r = await api('POST', `${base}/sip-accounts`, { kind, label: v.label || null });
        close();
        await showSecret(t('tel.secret_title'), [[t('tel.username'), r.username], [t('tel.secret'), r.secret]]);
        loadSip(); loadDoc();
      }));
  });
  // SIP aliases (seed 004)
  const ali = h('section', { class: 'card', 'aria-labelledby': 'h-ali' });
  const loadAli = async () => {
    let list;
    try { list = (await api('GET', `${base}/aliases`)).items; } catch (err) {
      clear(ali, h('div', { class: 'card-head' }, h('h2', { id: 'h-ali' }, t('tel.aliases'))), failure(err));
      return;
    }
    clear(ali, h('div', { class: 'card-head' }, h('h2', { id: 'h-ali' }, t('tel.aliases')), tw ? button(t('tel.add_alias'), addAlias, 'secondary') : null),
      h('p', { class: 'muted small' }, t('tel.aliases_intro')),
      table([
        { label: t('field.display_name'), cell: (a) => a.display_name },
        { label: t('tel.sip_address'), cell: (a) => h('code', {}, a.sip_address) },
        { label: t('field.extension'), cell: (a) => dash(a.extension) },
        { label: '', cell: (a) => tw ? button(t('action.remove'), async () => { await api('DELETE', `${base}/aliases/${a.id}`); loadAli(); }, 'ghost') : '' },
      ], list, t('tel.no_aliases')));
  };
  const addAlias = () => dialog(t('tel.add_alias'), (body, close) => {
    body.append(form([field({ name: 'display_name', label: t('field.display_name'), required: true, placeholder: `${u.first_name} Support` }),
      field({ name: 'extension', label: t('field.extension'), hint: t('tel.alias_ext_hint') }),
      h('div', { class: 'form-actions' }, button(t('action.add'), null, '', { type: 'submit' }), button(t('action.cancel'), () => close(), 'secondary'))],
    async (v) => {
      const r = await api('POST', `${base}/aliases`, { display_name: v.display_name, extension: v.extension || null });
      close();
      if (r.secret) await showSecret(t('tel.secret_title'), [[t('tel.username'), r.username], [t('tel.secret'), r.secret]]);
      loadAli();
    }));
  });
  // The telephony document.
  const doc = h('section', { class: 'card', 'aria-labelledby': 'h-doc' });
  const loadDoc = async () => {
    let res;
    try { res = await api('GET', `${base}/telephony`, undefined, { raw: true }); } catch (err) { clear(doc, h('h2', { id: 'h-doc' }, t('tel.availability')), failure(err)); return; }
    const avail = h('div');
    clear(doc, h('h2', { id: 'h-doc' }, t('tel.availability')), avail);
    // one version of the document for both of its forms
    const ver = { etag: res.etag };
    renderAvailability(avail, state.org, u.id, res.body, ver);
    const fwd = h('div', { 'aria-labelledby': 'h-fwd' }, h('h3', { id: 'h-fwd' }, t('fwd.title')));
    doc.append(fwd);
    if (tw) await renderForwarding(fwd, state.org, u.id, res.body, ver);
    else fwd.append(h('p', { class: 'muted small' }, forwardingWords(res.body.forwarding)));
    if (tw) doc.append(await telephonyForm(base, res.body, ver, loadDoc));
  };
  p.append(ext, sip, ali, doc);
  await Promise.all([loadExt(), loadSip(), loadAli(), loadDoc()]);
}

async function telephonyForm(base, tel, ver, reloadDoc) {
  // Without the numbers the form would save an empty list of reachable
  // numbers: it is not offered when they cannot be loaded.
  let numbers;
  let trunk = null;
  try {
    [numbers, trunk] = await Promise.all([apiAll(`${O()}/numbers`), api('GET', O()).then((o) => o.trunk_caller_id, () => null)]);
  } catch (err) { return failure(err); }
  // the library's greetings (the organization's and this user's own) and hold music
  const media = await apiAll(`${O()}/media`, 500).catch(() => []);
  const greetings = media.filter((m) => m.kind === 'greeting' && (!m.user_id || m.user_id === tel.user_id));
  const music = media.filter((m) => m.kind === 'hold_music');
  const moh = tel.music_on_hold;
  const mohIsUrl = /^https?:/.test(moh);
  // "the trunk's default" says which number that is, or that none is set
  const trunkNumber = trunk && numbers.find((n) => n.number === trunk);
  const trunkLabel = trunk ? t('tel.trunk_default_is', { number: trunkNumber ? trunkNumber.national : trunk }) : t('tel.trunk_default_none');
  const accounts = tel.destinations.filter((d) => d.type === 'sip_account');
  const forwards = tel.destinations.filter((d) => d.type === 'forward');
  const e = tel.e911 || {};
  const f = form([
    h('h3', {}, t('tel.callerid_title')),
    field({ name: 'caller_id', label: t('tel.caller_id'), type: 'select', value: tel.caller_id || '', hint: t('tel.caller_id_hint'),
      options: [['', trunkLabel], ...numbers.map((n) => [n.number, `${n.national}${n.label ? ` (${n.label})` : ''}`])] }),
    trunk ? null : h('p', { class: 'banner banner-warn', role: 'note' }, t('tel.trunk_none_note'), ' ',
      can('orgs.write') ? h('a', { href: '/org' }, t('tel.trunk_set_link')) : t('tel.trunk_ask_admin')),
    // each phone account's own number (seed 001, 2023: caller ID follows the device)
    accounts.map((a, i) => {
      const fl = field({ name: `account_caller_id_${i}`, label: t('tel.account_caller_id', { account: a.label || a.username }), type: 'select',
        value: a.caller_id || '', hint: t('tel.account_caller_id_hint'),
        options: [['', t('tel.none')], ...numbers.map((n) => [n.number, `${n.national}${n.label ? ` (${n.label})` : ''}`])] });
      fl.querySelector('select').dataset.apiField = `destinations[${i}].caller_id`;
      return fl;
    }),
    h('fieldset', {}, h('legend', {}, t('tel.reachable_numbers')),
      numbers.length ? numbers.map((n) => h('label', { class: 'check', for: `rn-${n.id}` }, h('input', { type: 'checkbox', id: `rn-${n.id}`, name: 'reachable_numbers', value: n.number, 'data-multi': '1', checked: tel.reachable_numbers.includes(n.number) }), n.national)) : h('p', { class: 'muted small' }, t('tel.no_numbers')),
      h('div', { class: 'error', id: 'reachable_numbers-err' }),
      // seed 000: any number, not only the organization's own (it becomes one)
      field({ name: 'reachable_other', label: t('tel.reachable_other'), type: 'tel', hint: t('tel.reachable_other_hint') })),
    field({ name: 'forwards', label: t('tel.forwards'), type: 'textarea', value: forwards.map((x) => x.number).join('\n'), hint: t('tel.forwards_hint') }),
    h('h3', {}, t('tel.ctd_title')),
    h('div', { class: 'grid2' },
      field({ name: 'ctd_account', label: t('tel.ctd_account'), type: 'select', value: tel.click_to_dial.account || 'same_as_availability',
        options: [['same_as_availability', t('tel.same_as_availability')], ...accounts.map((a) => [a.id, a.label || a.username])] }),
      field({ name: 'auto_answer', label: t('tel.auto_answer'), type: 'checkbox', value: tel.click_to_dial.auto_answer })),
    field({ name: 'fallback_enabled', label: t('tel.fallback'), type: 'checkbox', value: tel.app_fallback_mobile.enabled }),
    field({ name: 'fallback_number', label: t('tel.fallback_number'), type: 'tel', value: tel.app_fallback_mobile.number }),
    h('h3', {}, t('tel.voicemail')),
    h('div', { class: 'grid2' },
      field({ name: 'vm_enabled', label: t('tel.vm_enabled'), type: 'checkbox', value: tel.voicemail.enabled }),
      field({ name: 'vm_box', label: t('tel.vm_box'), value: tel.voicemail.box, inputmode: 'numeric' }),
      field({ name: 'vm_pin', label: t('tel.vm_pin'), type: 'password', autocomplete: 'off', hint: tel.voicemail.pin_set ? t('tel.vm_pin_set') : t('tel.vm_pin_hint'), inputmode: 'numeric' }),
      field({ name: 'vm_email', label: t('tel.vm_email'), type: 'email', value: tel.voicemail.email }),
      field({ name: 'vm_record', label: t('tel.vm_record'), type: 'checkbox', value: tel.voicemail.record }),
      field({ name: 'vm_greeting', label: t('media.greeting_choice'), type: 'select', value: tel.voicemail.greeting_id || '',
        options: [['', t('media.greeting_default')], ...greetings.map((m) => [m.id, m.name])] })),
    h('div', { class: 'grid2' },
      field({ name: 'moh_choice', label: t('tel.moh'), type: 'select', value: mohIsUrl ? 'url' : moh, hint: t('tel.moh_hint'),
        options: [['default', t('tel.moh_default')], ['silence', t('tel.moh_silence')], ...music.map((m) => [m.id, m.name]), ['url', t('tel.moh_url')]] }),
      field({ name: 'music_on_hold', label: t('tel.moh_stream'), value: mohIsUrl ? moh : '', type: 'url', placeholder: 'https://' }),
      field({ name: 'tel_language', label: t('tel.prompts'), type: 'select', value: tel.language, options: LANGS.map((l) => [l, t(`lang.${l}`)]) })),
    h('h3', {}, t('tel.e911')),
    h('div', { class: 'grid2' },
      field({ name: 'e911_street', label: t('field.street'), value: e.street }),
      field({ name: 'e911_house_number', label: t('tel.house_number'), value: e.house_number }),
      field({ name: 'e911_postal_code', label: t('field.postal_code'), value: e.postal_code }),
      field({ name: 'e911_city', label: t('field.city'), value: e.city }),
      field({ name: 'e911_country', label: t('field.country'), value: e.country })),
    h('div', { class: 'form-actions' }, button(t('tel.save_settings'), null, '', { type: 'submit' }))],
  async (v, fm) => {
    const fw = v.forwards.split(/\n/).map((s) => s.trim()).filter(Boolean).map((number) => {
      const old = forwards.find((x) => x.number === number);
      return old ? { id: old.id, type: 'forward', number } : { type: 'forward', number };
    });
    const hasE911 = ['street', 'house_number', 'postal_code', 'city'].some((k) => v[`e911_${k}`]);
    const reachable = [...(v.reachable_numbers || [])];
    const other = fm.querySelector('[name="reachable_other"]');
    if (v.reachable_other.trim()) {
      other.dataset.apiField = `reachable_numbers[${reachable.length}]`; // its error goes under it
      reachable.push(v.reachable_other.trim());
    }
    const body = {
      caller_id: v.caller_id || null,
      reachable_numbers: reachable,
      destinations: [...accounts.map((a, i) => ({ id: a.id, type: 'sip_account', caller_id: v[`account_caller_id_${i}`] || null })), ...fw],
      click_to_dial: { account: v.ctd_account, auto_answer: v.auto_answer },
      app_fallback_mobile: { enabled: v.fallback_enabled, number: v.fallback_number || null },
      voicemail: { enabled: v.vm_enabled, box: v.vm_box || null, email: v.vm_email || null, greeting_id: v.vm_greeting || null, record: v.vm_record, ...(v.vm_pin ? { pin: v.vm_pin } : {}) },
      music_on_hold: v.moh_choice === 'url' ? v.music_on_hold || 'default' : v.moh_choice,
      language: v.tel_language,
      e911: hasE911 ? { street: v.e911_street, house_number: v.e911_house_number, postal_code: v.e911_postal_code, city: v.e911_city, country: v.e911_country || undefined } : null,
    };
    const r = await api('PUT', `${base}/telephony`, body, { raw: true, etag: ver.etag });
    ver.etag = r.etag;
    showWarnings(fm, r.body.warnings);
    toast(t('saved'));
    announce(`${t('tel.effective_caller_id')}: ${r.body.effective_caller_id || '—'}`);
    reloadDoc();
  });
  // error fields are named after the document's paths
  const rename = { caller_id: 'caller_id', ctd_account: 'click_to_dial.account', fallback_number: 'app_fallback_mobile.number', vm_box: 'voicemail.box', vm_pin: 'voicemail.pin', vm_email: 'voicemail.email', vm_greeting: 'voicemail.greeting_id', moh_choice: 'music_on_hold', e911_street: 'e911.street', e911_house_number: 'e911.house_number', e911_postal_code: 'e911.postal_code', e911_city: 'e911.city', e911_country: 'e911.country', forwards: 'destinations', tel_language: 'language' };
  for (const [from, to] of Object.entries(rename)) {
    const el = f.querySelector(`[name="${from}"]`);
    if (el) el.dataset.apiField = to;
  }
  return h('div', {}, h('p', { class: 'small muted' }, `${t('tel.effective_caller_id')}: `, h('strong', {}, tel.effective_caller_id || t('tel.trunk_default'))), f);
}
