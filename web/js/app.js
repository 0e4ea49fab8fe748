// app.js: the portal's entry: state (who is signed in, which organization),
// the router (history API), the shell with the menu the user's rights allow.
import { api, apiAll, setHandlers, setCsrf } from './api.js';
import { t, lang, setLang } from './i18n.js';
import { h, clear, button, toast } from './ui.js';
import * as S from './screens.js';
import * as A from './admin.js';
import { orgPage } from './org.js';

export const app = { me: null, perms: new Set(), org: null, orgs: [] };
export const can = (p) => app.perms.has(p);

// [pattern, screen, options]; public pages need no session, bare pages have
// no menu.
const routes = [
  [/^\/login$/, S.signIn, { public: true }],
  [/^\/forgot$/, S.forgot, { public: true }],
  [/^\/set-password$/, S.setPassword, { public: true }],
  [/^\/change-password$/, S.changePassword, { bare: true }],
  [/^\/enrol-2fa$/, S.enrol, { bare: true }],
  [/^\/me$/, S.mySettings, {}],
  [/^\/users$/, A.usersList, { perm: 'users.read' }],
  [/^\/users\/new$/, A.userNew, { perm: 'users.write' }],
  [/^\/users\/([0-9a-f-]{36})$/, A.userPage, { perm: 'users.read' }],
  [/^\/contacts$/, A.contactsList, { perm: 'contacts.read' }],
  [/^\/contacts\/new$/, A.contactNew, { perm: 'contacts.write' }],
  [/^\/contacts\/([0-9a-f-]{36})$/, A.contactPage, { perm: 'contacts.read' }],
  [/^\/companies$/, A.companiesList, { perm: 'contacts.read' }],
  [/^\/companies\/([0-9a-f-]{36})$/, A.companyPage, { perm: 'contacts.read' }],
  [/^\/groups$/, A.groupsPage, { perm: 'groups.read' }],
  [/^\/numbers$/, A.numbersPage, { perm: 'telephony.read' }],
  [/^\/extensions$/, A.extensionsPage, { perm: 'telephony.read' }],
  [/^\/hunt-groups$/, A.huntGroupsPage, { perm: 'telephony.read' }],
  [/^\/hunt-groups\/([0-9a-f-]{36})$/, A.huntGroupPage, { perm: 'telephony.read' }],
  [/^\/audit$/, A.auditPage, { perm: 'audit.read' }],
  [/^\/org$/, orgPage, { perm: 'orgs.write' }],
  [/^\/$/, null, {}],
];

// The menu: [path, label key, right]
const menu = [
  ['nav.self', [['/me', 'nav.me', null]]],
  ['nav.admin', [
    ['/users', 'nav.users', 'users.read'],
    ['/contacts', 'nav.contacts', 'contacts.read'],
    ['/companies', 'nav.companies', 'contacts.read'],
    ['/groups', 'nav.groups', 'groups.read'],
    ['/org', 'nav.org', 'orgs.write'],
  ]],
  ['nav.telephony', [
    ['/numbers', 'nav.numbers', 'telephony.read'],
    ['/extensions', 'nav.extensions', 'telephony.read'],
    ['/hunt-groups', 'nav.hunt_groups', 'telephony.read'],
  ]],
  ['nav.control', [['/audit', 'nav.audit', 'audit.read']]],
];

export function orgPath() { return `/orgs/${app.org}`; }

export function navigate(path, replace = false) {
  if (replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  render();
}
export function reload() { render(); }

setHandlers({
  authLost: () => {
    app.me = null;
    setCsrf(null);
    const here = location.pathname + location.search;
    if (!/^\/(login|forgot|set-password)/.test(location.pathname)) navigate(`/login?next=${encodeURIComponent(here)}`, true);
  },
  gate: (err) => {
    navigate(err.problem.title === 'Password change required' ? '/change-password' : '/enrol-2fa', true);
  },
});

async function loadMe() {
  if (app.me) return app.me;
  const me = await api('GET', '/me');
  app.me = me;
  app.perms = new Set(me.permissions || []);
  setLang(me.language, false);
  app.orgs = [];
  if (can('orgs.read')) {
    try { app.orgs = (await apiAll('/orgs', 500)); } catch { app.orgs = []; }
  }
  const saved = localStorage.getItem('sb.org');
  const own = app.orgs.find((o) => o.id === me.org_id);
  if (saved && app.orgs.some((o) => o.id === saved)) app.org = saved;
  else if (own && own.kind === 'platform') app.org = (app.orgs.find((o) => o.kind === 'customer') || own).id;
  else app.org = me.org_id;
  return me;
}

function shell(path) {
  const root = document.getElementById('app');
  root.className = 'app';
  const orgSel = app.orgs.length > 1 ? h('select', { 'aria-label': t('nav.org'), onchange: (ev) => { app.org = ev.target.value; localStorage.setItem('sb.org', app.org); navigate(location.pathname.split('/').slice(0, 2).join('/') || '/'); } },
    app.orgs.map((o) => h('option', { value: o.id, selected: o.id === app.org || undefined }, o.name))) : null;
  const nav = h('nav', { class: 'nav', 'aria-label': t('nav.label') }, menu.map(([group, items]) => {
    const shown = items.filter(([, , perm]) => !perm || can(perm));
    if (!shown.length) return null;
    return [h('div', { class: 'group', 'aria-hidden': 'true' }, t(group)), h('ul', {}, shown.map(([href, key]) => h('li', {},
      h('a', { href, 'aria-current': path === href || path.startsWith(`${href}/`) ? 'page' : undefined }, t(key)))))];
  }));
  const main = h('main', { id: 'main', class: 'main', tabindex: '-1' });
  clear(root,
    h('header', { class: 'topbar' },
      h('a', { class: 'brand', href: '/' }, h('img', { src: '/favicon.svg', alt: '' }), h('span', { class: 'brand-name' }, 'Switchboard')),
      orgSel, h('span', { class: 'spacer' }),
      h('span', { class: 'whoami' }, app.me.display_name),
      button(t('nav.logout'), async () => {
        try { await api('POST', '/auth/logout', {}); } catch { /* gone already */ }
        app.me = null; setCsrf(null); navigate('/login?msg=login.signed_out');
      }, 'ghost')),
    nav, main);
  return main;
}

function bare() {
  const root = document.getElementById('app');
  root.className = 'app bare';
  const main = h('main', { id: 'main', class: 'main-bare', tabindex: '-1' });
  clear(root, main);
  return main;
}

let seq = 0;
async function render() {
  const my = ++seq;
  const url = new URL(location.href);
  const path = url.pathname.replace(/\/+$/, '') || '/';
  document.documentElement.lang = lang();
  let match = null;
  let opts = {};
  let screen = null;
  for (const [re, fn, o] of routes) {
    const m = path.match(re);
    if (m) { match = m; screen = fn; opts = o; break; }
  }
  try {
    if (opts.public) {
      screen(bare(), url.searchParams);
      return;
    }
    await loadMe();
    if (my !== seq) return;
    document.documentElement.lang = lang();
    if (app.me.must_change_password && path !== '/change-password') return navigate('/change-password', true);
    if (!app.me.must_change_password && app.me.two_factor && app.me.two_factor.required && !app.me.two_factor.enabled && path !== '/enrol-2fa') return navigate('/enrol-2fa', true);
    if (path === '/') return navigate(can('users.read') ? '/users' : '/me', true);
    if (!match) {
      const main = shell(path);
      clear(main, h('h1', {}, t('notfound.title')), h('p', {}, t('notfound.text')));
      return;
    }
    if (opts.bare) { await screen(bare(), url.searchParams); return; }
    const main = shell(path);
    if (opts.perm && !can(opts.perm)) {
      clear(main, h('h1', {}, t('forbidden.title')), h('p', {}, t('forbidden.text')));
      document.title = `${t('forbidden.title')} · Switchboard`;
      return;
    }
    await screen(main, url.searchParams, ...match.slice(1));
    const h1 = main.querySelector('h1');
    if (h1) document.title = `${h1.textContent} · Switchboard`;
    // After a page change, keyboard and screen reader users start at the
    // new content, unless the screen put the focus on a field itself.
    if (!main.contains(document.activeElement)) main.focus();
  } catch (err) {
    if (err && (err.status === 401 || err.status === 403 && app.me === null)) return;
    console.error(err);
    toast(err.message || String(err), 'error');
  }
}

// Links inside the app navigate without a page load.
document.addEventListener('click', (ev) => {
  const a = ev.target.closest && ev.target.closest('a[href]');
  if (!a || ev.defaultPrevented || ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || a.target) return;
  const href = a.getAttribute('href');
  if (!href.startsWith('/') || href.startsWith('//')) return;
  ev.preventDefault();
  navigate(href);
});
window.addEventListener('popstate', render);
render();
