// screens/hunt-group.js: one hunt group or queue: its settings (name, kind,
// strategy, ring time, extension), its members in ringing order, and adding
// a user or one of its SIP aliases.
import { api, apiAll } from '../api.js';
import { t } from '../i18n.js';
import { h, clear, field, form, button, toast, failure } from '../ui.js';
import { can } from '../state.js';
import { navigate } from '../nav.js';
import { O, head, table, section, editActions } from '../page.js';

const STRATEGIES = ['ring_all', 'round_robin', 'linear'];

export async function huntGroupPage(main, params, id) {
  const r = await api('GET', `${O()}/hunt-groups/${id}`, undefined, { raw: true });
  let g = r.body;
  let etag = r.etag;
  const w = can('telephony.write');
  const top = h('div');
  const drawHead = () => clear(top, head(g.name, `${t(`hunt.${g.kind}`)} · ${t(`hunt.${g.strategy}`)}${g.extension ? ` · ${g.extension}` : ''}`,
    w ? button(t('hunt.delete'), async () => { await api('DELETE', `${O()}/hunt-groups/${id}`, undefined, { etag }); navigate('/hunt-groups'); }, 'danger') : null));
  // Every change is a PATCH with the version read last; the answer is the
  // new version, so the next change needs no reload.
  const patch = async (body) => {
    const res = await api('PATCH', `${O()}/hunt-groups/${id}`, body, { raw: true, etag });
    g = res.body; etag = res.etag; toast(t('saved')); drawHead(); settings.refresh(); draw();
  };
  const save = (members) => patch({ members: members.map((m) => ({ type: m.type, id: m.id })) });
  const settings = section(t('hunt.settings'), () => [[t('field.name'), g.name], [t('hunt.kind'), t(`hunt.${g.kind}`)],
    [t('hunt.strategy'), t(`hunt.${g.strategy}`)], [t('hunt.ring_seconds'), t('hunt.seconds', { n: g.ring_seconds })], [t('field.extension'), g.extension]],
  async (done) => form([h('div', { class: 'grid2' },
    field({ name: 'name', label: t('field.name'), value: g.name, required: true }),
    field({ name: 'extension', label: t('field.extension'), value: g.extension || '', hint: t('hunt.ext_hint') }),
    field({ name: 'kind', label: t('hunt.kind'), type: 'select', value: g.kind, options: [['group', t('hunt.group')], ['queue', t('hunt.queue')]] }),
    field({ name: 'strategy', label: t('hunt.strategy'), type: 'select', value: g.strategy, options: STRATEGIES.map((s) => [s, t(`hunt.${s}`)]) }),
    field({ name: 'ring_seconds', label: t('hunt.ring_seconds'), type: 'number', value: String(g.ring_seconds), min: '5', max: '300', hint: t('hunt.ring_hint') })),
  editActions(done)],
  async (v) => {
    // only what changed, so an unchanged extension is not taken again
    const body = {};
    for (const k of ['name', 'kind', 'strategy']) if (v[k] !== g[k]) body[k] = v[k];
    if (Number(v.ring_seconds) !== g.ring_seconds) body.ring_seconds = Number(v.ring_seconds);
    if ((v.extension.trim() || null) !== (g.extension || null)) body.extension = v.extension.trim() || null;
    if (Object.keys(body).length) await patch(body);
    done();
  }), w);
  const box = h('section', { class: 'card', 'aria-labelledby': 'h-mem' });
  const move = (i, by) => { const m = [...g.members]; [m[i], m[i + by]] = [m[i + by], m[i]]; return save(m); };
  const draw = () => clear(box, h('h2', { id: 'h-mem' }, t('hunt.members')),
    g.strategy === 'linear' ? h('p', { class: 'muted small' }, t('hunt.order_hint')) : null,
    table([
      { label: '#', cell: (m) => String(g.members.indexOf(m) + 1) },
      { label: t('field.name'), cell: (m) => m.name || m.id },
      { label: t('extensions.type'), cell: (m) => t(`owner.${m.type}`) },
      {
        label: '',
        cell: (m) => {
          if (!w) return '';
          const i = g.members.indexOf(m);
          return h('div', { class: 'row-actions' },
            i > 0 ? button('↑', () => move(i, -1), 'ghost', { 'aria-label': t('hunt.up', { name: m.name }) }) : null,
            i < g.members.length - 1 ? button('↓', () => move(i, 1), 'ghost', { 'aria-label': t('hunt.down', { name: m.name }) }) : null,
            button(t('action.remove'), () => save(g.members.filter((x) => x !== m)), 'ghost', { 'aria-label': `${t('action.remove')} ${m.name}` }));
        },
      },
    ], g.members, t('hunt.no_members')));
  clear(main, top, settings, box);
  drawHead();
  draw();
  if (w) {
    // Add a member: a user, or one of its SIP aliases (seed 004). The user
    // itself is what is picked unless an alias is chosen.
    const users = await apiAll(`${O()}/users`, 1000);
    const who = field({ name: 'user', label: t('hunt.user'), type: 'select', options: [['', '—'], ...users.map((u) => [u.id, u.display_name])] });
    const as = field({ name: 'member', label: t('hunt.as'), type: 'select', options: [] });
    who.control.addEventListener('change', async () => {
      const uid2 = who.control.value;
      clear(as.control);
      as.querySelector('.error').replaceChildren();
      if (!uid2) return;
      const u = users.find((x) => x.id === uid2);
      as.control.append(h('option', { value: `user:${uid2}` }, `${u.display_name} (${t('owner.user')})`));
      let aliases = [];
      try { aliases = (await api('GET', `${O()}/users/${uid2}/aliases`)).items; } catch (err) {
        as.querySelector('.error').replaceChildren(failure(err));
      }
      if (who.control.value !== uid2) return;
      as.control.append(...aliases.map((a) => h('option', { value: `alias:${a.id}` }, `${a.display_name} (${t('owner.alias')})`)));
      as.control.value = `user:${uid2}`;
    });
    main.append(h('section', { class: 'card', 'aria-labelledby': 'h-add' }, h('h2', { id: 'h-add' }, t('hunt.add_member')),
      form([h('div', { class: 'grid2' }, who, as), h('div', { class: 'form-actions' }, button(t('action.add'), null, '', { type: 'submit' }))],
        async (v) => {
          if (!v.member) return;
          const [type, mid] = v.member.split(':');
          await save([...g.members, { type, id: mid }]);
        })));
  }
}
