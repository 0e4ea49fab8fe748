// screens/hunt-group.js: one hunt group or queue and its members.
import { api, apiAll } from '../api.js';
import { t } from '../i18n.js';
import { h, clear, field, form, button, toast, failure } from '../ui.js';
import { can } from '../state.js';
import { navigate } from '../nav.js';
import { O, head, table, section } from '../page.js';

export async function huntGroupPage(main, params, id) {
  const r = await api('GET', `${O()}/hunt-groups/${id}`, undefined, { raw: true });
  let g = r.body;
  let etag = r.etag;
  const w = can('telephony.write');
  clear(main, head(g.name, `${t(`hunt.${g.kind}`)} · ${t(`hunt.${g.strategy}`)}${g.extension ? ` · ${g.extension}` : ''}`,
    w ? button(t('hunt.delete'), async () => { await api('DELETE', `${O()}/hunt-groups/${id}`, undefined, { etag }); navigate('/hunt-groups'); }, 'danger') : null));
  const save = async (members) => {
    const res = await api('PATCH', `${O()}/hunt-groups/${id}`, { members: members.map((m) => ({ type: m.type, id: m.id })) }, { raw: true, etag });
    g = res.body; etag = res.etag; toast(t('saved')); draw();
  };
  const box = h('section', { class: 'card', 'aria-labelledby': 'h-mem' });
  const draw = () => clear(box, h('h2', { id: 'h-mem' }, t('hunt.members')),
    table([
      { label: '#', cell: (m) => String(g.members.indexOf(m) + 1) },
      { label: t('field.name'), cell: (m) => m.name || m.id },
      { label: t('extensions.type'), cell: (m) => t(`owner.${m.type}`) },
      { label: '', cell: (m) => w ? button(t('action.remove'), () => save(g.members.filter((x) => x !== m)), 'ghost', { 'aria-label': `${t('action.remove')} ${m.name}` }) : '' },
    ], g.members, t('hunt.no_members')));
  draw();
  main.append(box);
  if (w) {
    // Add a member: a user, or one of its SIP aliases (seed 004).
    const users = await apiAll(`${O()}/users`, 1000);
    const who = field({ name: 'user', label: t('hunt.user'), type: 'select', options: [['', '—'], ...users.map((u) => [u.id, u.display_name])] });
    const as = field({ name: 'member', label: t('hunt.as'), type: 'select', options: [] });
    who.control.addEventListener('change', async () => {
      const uid2 = who.control.value;
      clear(as.control);
      as.querySelector('.error').replaceChildren();
      if (!uid2) return;
      const u = users.find((x) => x.id === uid2);
      let aliases = [];
      try { aliases = (await api('GET', `${O()}/users/${uid2}/aliases`)).items; } catch (err) {
        as.querySelector('.error').replaceChildren(failure(err));
      }
      as.control.append(h('option', { value: `user:${uid2}` }, `${u.display_name} (${t('owner.user')})`),
        ...aliases.map((a) => h('option', { value: `alias:${a.id}` }, `${a.display_name} (${t('owner.alias')})`)));
      if (aliases.length) as.control.value = `alias:${aliases[0].id}`;
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
