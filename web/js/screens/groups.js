// screens/groups.js: Rechtengroepen: a matrix of rights by group.
import { api } from '../api.js';
import { t, lang } from '../i18n.js';
import { h, clear, field, form, button, toast, dialog } from '../ui.js';
import { can } from '../state.js';
import { navigate } from '../nav.js';
import { O, head, table, groupName, confirmAction, editActions } from '../page.js';

export async function groupsPage(main) {
  clear(main, head(t('groups.title'), t('groups.intro')));
  const [groups, catalogue] = await Promise.all([api('GET', `${O()}/groups`).then((r) => r.items), api('GET', '/permissions').then((r) => r.items)]);
  const w = can('groups.write');
  const f = form([h('div', { class: 'table-wrap' }, h('table', { class: 'matrix' },
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('groups.right')), groups.map((g) => h('th', { scope: 'col' }, groupName(g), h('br'), h('span', { class: 'muted small' }, g.member_count === 1 ? t('groups.member_one') : t('groups.members', { n: g.member_count })))))),
    h('tbody', {},
      catalogue.map((p) => h('tr', {}, h('th', { scope: 'row' }, h('code', {}, p.name), h('br'), h('span', { class: 'muted small' }, lang() === 'nl' ? p.description_nl : p.description)),
        groups.map((g) => h('td', {}, h('input', { type: 'checkbox', name: `perm:${g.id}`, value: p.name, 'data-multi': '1', disabled: !w, checked: g.permissions.includes(p.name), 'aria-label': `${groupName(g)}: ${p.name}` }))))),
      h('tr', {}, h('th', { scope: 'row' }, t('groups.tfa')), groups.map((g) => h('td', {}, h('input', { type: 'checkbox', name: `tfa:${g.id}`, disabled: !w, checked: g.two_factor_required, 'aria-label': `${groupName(g)}: ${t('groups.tfa')}` }))))))),
  w ? h('div', { class: 'form-actions' }, button(t('action.save'), null, '', { type: 'submit' })) : null],
  async (v) => {
    for (const g of groups) {
      const perms = v[`perm:${g.id}`] || [];
      const tfa = !!v[`tfa:${g.id}`];
      const same = perms.length === g.permissions.length && perms.every((x) => g.permissions.includes(x)) && tfa === g.two_factor_required;
      if (!same) await api('PATCH', `${O()}/groups/${g.id}`, { permissions: perms, two_factor_required: tfa });
    }
    toast(t('saved'));
    navigate('/groups', true);
  });
  main.append(f);
  // the organization's own groups: renamed, or deleted once empty
  const own = groups.filter((g) => !g.builtin);
  if (w && own.length) {
    main.append(h('section', { class: 'card', 'aria-labelledby': 'h-own' }, h('h2', { id: 'h-own' }, t('groups.own')), table([
      { label: t('field.name'), cell: (g) => g.name },
      { label: t('field.description'), cell: (g) => g.description || '—' },
      { label: t('groups.members_col'), cell: (g) => String(g.member_count) },
      {
        label: '',
        cell: (g) => h('div', { class: 'row-actions' },
          button(t('action.modify'), () => renameGroup(g), 'ghost', { 'aria-label': `${t('action.modify')} ${g.name}` }),
          button(t('action.remove'), async () => {
            if (await confirmAction(t('groups.delete_title', { name: g.name }),
              g.member_count === 1 ? t('groups.delete_member_one') : g.member_count ? t('groups.delete_members', { n: g.member_count }) : t('groups.delete_empty'), t('action.remove'),
              () => api('DELETE', `${O()}/groups/${g.id}`))) { toast(t('saved')); navigate('/groups', true); }
          }, 'ghost', { 'aria-label': `${t('action.remove')} ${g.name}` })),
      },
    ], own)));
  }
  if (w) {
    main.append(h('div', { class: 'card' }, h('h2', {}, t('groups.new')), form([h('div', { class: 'toolbar' },
      field({ name: 'name', label: t('field.name'), required: true }),
      field({ name: 'description', label: t('field.description') }),
      button(t('action.create'), null, '', { type: 'submit' }))],
    async (v) => { await api('POST', `${O()}/groups`, { name: v.name, description: v.description || null, permissions: [] }); toast(t('saved')); navigate('/groups', true); })));
  }
}

function renameGroup(g) {
  return dialog(t('groups.rename_title', { name: g.name }), (body, close) => {
    body.append(form([
      field({ name: 'name', label: t('field.name'), value: g.name, required: true }),
      field({ name: 'description', label: t('field.description'), value: g.description || '' }),
      editActions(() => close(false))],
    async (v) => {
      await api('PATCH', `${O()}/groups/${g.id}`, { name: v.name, description: v.description || null });
      close(true);
      toast(t('saved'));
      navigate('/groups', true);
    }));
  });
}
