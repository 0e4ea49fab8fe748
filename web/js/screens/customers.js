// screens/customers.js: Klanten, for an administrator of a partner (or of
// the platform): the organizations directly below the current one, found by
// name, a new customer, and moving into one to manage it (its users,
// telephony and Organisatie screen), and suspending one (after saying what
// that does) or resuming it. Seed 001: a reseller creates, manages and
// suspends its customers.
import { api, apiAll } from '../api.js';
import { t } from '../i18n.js';
import { h, clear, field, form, button, toast, fmtDate } from '../ui.js';
import { state } from '../state.js';
import { navigate } from '../nav.js';
import { head, table, confirmAction } from '../page.js';

// Works in organization o from now on, as the switcher does.
function manage(o) {
  if (!state.orgs.some((x) => x.id === o.id)) state.orgs.push(o);
  state.org = o.id;
  localStorage.setItem('sb.org', o.id);
  navigate('/users');
}

export async function customersPage(main) {
  const here = state.orgs.find((o) => o.id === state.org) || {};
  clear(main, head(t('cust.title'), t('cust.intro', { name: here.name || '' })));
  if (here.kind === 'customer') {
    main.append(h('p', { class: 'muted' }, t('cust.none_below')));
    return;
  }
  const list = h('div');
  const q = field({ name: 'q', label: t('cust.search'), type: 'search' });
  const draw = async () => {
    const text = q.control.value.trim();
    const found = text ? (await api('GET', `/orgs?${new URLSearchParams({ q: text, limit: '200' })}`)).items : await apiAll('/orgs', 2000);
    const mine = found.filter((o) => o.parent_id === state.org);
    clear(list, table([
      { label: t('field.name'), cell: (o) => o.name },
      { label: t('cust.kind'), cell: (o) => t(`org.kind.${o.kind}`) },
      { label: t('cust.created'), cell: (o) => fmtDate(o.created_at) },
      {
        label: t('cust.status'),
        cell: (o) => (o.status === 'suspended'
          ? h('span', { class: 'badge badge-warn' }, t('cust.suspended_since', { date: fmtDate(o.suspended_at) }))
          : t('cust.active')),
      },
      {
        label: '',
        cell: (o) => h('div', { class: 'row-actions' },
          button(t('cust.manage'), () => manage(o), 'secondary', { 'aria-label': `${t('cust.manage')} ${o.name}` }),
          o.kind !== 'customer' ? null : o.status === 'suspended'
            ? button(t('cust.resume'), async () => {
              await api('POST', `/orgs/${o.id}/resume`);
              toast(t('cust.resumed', { name: o.name }));
              await draw();
            }, 'secondary', { 'aria-label': `${t('cust.resume')} ${o.name}` })
            : button(t('cust.suspend'), () => confirmAction(t('cust.suspend_title', { name: o.name }),
              [t('cust.suspend_effect', { name: o.name }), t('cust.suspend_keep')], t('cust.suspend'), async () => {
                await api('POST', `/orgs/${o.id}/suspend`);
                toast(t('cust.suspended', { name: o.name }));
                await draw();
              }), 'ghost', { 'aria-label': `${t('cust.suspend')} ${o.name}` }),
          button(t('action.remove'), () => confirmAction(t('cust.remove_title', { name: o.name }), [t('cust.remove_body')], t('action.remove'), async () => {
            await api('DELETE', `/orgs/${o.id}`);
            toast(t('saved'));
            await draw();
          }), 'ghost', { 'aria-label': `${t('action.remove')} ${o.name}` })),
      },
    ], mine, t('cust.empty')));
  };
  let timer;
  q.control.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(draw, 200); });
  const add = form([h('div', { class: 'grid2' },
    field({ name: 'name', label: t('field.name'), required: true }),
    field({ name: 'country', label: t('field.country'), value: here.country || 'NL', hint: t('org.country_hint') })),
  h('div', { class: 'form-actions' }, button(t('cust.create'), null, '', { type: 'submit' }))], async (v, f) => {
    const o = await api('POST', '/orgs', { name: v.name, parent_id: state.org, country: v.country.trim() || undefined });
    toast(t('saved'));
    f.reset();
    state.orgs.push(o);
    await draw();
  });
  main.append(h('section', { class: 'card', 'aria-labelledby': 'h-cust-new' }, h('h2', { id: 'h-cust-new' }, t('cust.new')), add),
    h('section', { class: 'card', 'aria-labelledby': 'h-cust-list' }, h('h2', { id: 'h-cust-list' }, t('cust.list')), q, list));
  await draw();
}
