// app.js: the portal's entry: loads who is signed in, draws the shell with
// the menu the user's rights allow, and the screen routes.js maps the
// address to (history API, see nav.js). A screen that fails is said in it.
import { api, apiAll, setHandlers, setCsrf, gateOf } from './api.js';
import { t, langPick, clearLangPick } from './i18n.js';
import { h, clear, button, failure, combobox } from './ui.js';
import { state, setMe, can, lang, setLang } from './state.js';
import { navigate, onNavigate } from './nav.js';
import { routes, menu } from './routes.js';
import { showNewCount } from './screens/voicemail.js';
import { signOut, showNotice } from './page.js';

setHandlers({
  authLost: () => {
    setMe(null);
    setCsrf(null);
    const here = location.pathname + location.search;
    if (!/^\/(login|forgot|set-password)/.test(location.pathname)) navigate(`/login?next=${encodeURIComponent(here)}`, true);
  },
  gate: (err, gate) => navigate(gate === 'password' ? '/change-password' : '/enrol-2fa', true),
  mustChangePassword: () => !!(state.me && state.me.must_change_password),
});

async function loadMe() {
  if (state.me) return state.me;
  const me = await api('GET', '/me');
  // Behind the password or 2FA gate the account may do nothing else: not
  // even list organizations (an administrator's first sign-in).
  const gated = me.must_change_password || (me.two_factor && me.two_factor.required && !me.two_factor.enabled);
  // the organizations first: a failure leaves nobody signed in half-way,
  // and is said on the page instead of showing the user's own only
  const orgs = !gated && me.permissions && me.permissions.includes('orgs.read') ? await apiAll('/orgs', 500) : [];
  // A language chosen before sign-in becomes the account's, once the
  // account may change itself (not behind the password or 2FA gate).
  const pick = langPick();
  if (pick && pick !== me.language && !gated) Object.assign(me, await api('PATCH', '/me', { language: pick }));
  if (!gated) clearLangPick();
  setMe(me);
  setLang(pick && gated ? pick : me.language, false);
  state.orgs = orgs;
  let saved = localStorage.getItem('sb.org');
  // one picked by name beyond the first page of organizations
  if (saved && orgs.length && !orgs.some((o) => o.id === saved)) {
    try { state.orgs.push(await api('GET', `/orgs/${saved}`)); } catch { saved = null; }
  }
  const own = state.orgs.find((o) => o.id === me.org_id);
  if (saved && state.orgs.some((o) => o.id === saved)) state.org = saved;
  else if (own && own.kind === 'platform') state.org = (state.orgs.find((o) => o.kind === 'customer') || own).id;
  else state.org = me.org_id;
  return me;
}

function shell(path) {
  const root = document.getElementById('app');
  root.className = 'app';
  // The organization switcher: found by name among thousands as it is
  // typed (GET /orgs?q=), not a list of them all.
  const current = state.orgs.find((o) => o.id === state.org);
  const orgSel = state.orgs.length > 1 ? combobox({
    label: t('nav.org'), name: 'org', hideLabel: true, noAdd: true,
    value: current ? { id: current.id, label: current.name } : null,
    search: async (q) => (await api('GET', `/orgs?${new URLSearchParams({ q, limit: '8' })}`)).items.map((o) => ({ id: o.id, label: o.name })),
    onpick: (o) => {
      if (!state.orgs.some((x) => x.id === o.id)) state.orgs.push({ id: o.id, name: o.label });
      state.org = o.id;
      localStorage.setItem('sb.org', state.org);
      navigate(location.pathname.split('/').slice(0, 2).join('/') || '/');
    },
  }) : null;
  if (orgSel) orgSel.classList.add('org-switch');
  const nav = h('nav', { class: 'nav', id: 'nav', 'aria-label': t('nav.label') }, menu.map(([group, items]) => {
    const shown = items.filter(([, , perm]) => !perm || can(perm));
    if (!shown.length) return null;
    return [h('div', { class: 'group', 'aria-hidden': 'true' }, t(group)), h('ul', {}, shown.map(([href, key]) => h('li', {},
      h('a', { href, 'aria-current': path === href || path.startsWith(`${href}/`) ? 'page' : undefined }, t(key)))))];
  }));
  const main = h('main', { id: 'main', class: 'main', tabindex: '-1' });
  clear(root,
    h('header', { class: 'topbar' },
      // at phone width the menu folds away behind this button
      h('button', {
        type: 'button', class: 'btn btn-ghost menu-toggle', 'aria-controls': 'nav', 'aria-expanded': 'false',
        onclick: (ev) => { const open = root.classList.toggle('nav-open'); ev.currentTarget.setAttribute('aria-expanded', String(open)); },
      }, t('nav.menu')),
      h('a', { class: 'brand', href: '/' }, h('img', { src: '/favicon.svg', alt: '' }), h('span', { class: 'brand-name' }, 'Switchboard')),
      orgSel, h('span', { class: 'spacer' }),
      h('span', { class: 'whoami' }, state.me.display_name),
      button(t('nav.logout'), signOut, 'ghost')),
    nav, main);
  showNewCount();
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
// The page's language, and the words of index.html outside the app.
function speak() {
  document.documentElement.lang = lang();
  const skip = document.querySelector('a.skip');
  if (skip) skip.textContent = t('skip');
}

async function render() {
  const my = ++seq;
  const url = new URL(location.href);
  const path = url.pathname.replace(/\/+$/, '') || '/';
  speak();
  let match = null;
  let opts = {};
  let screen = null;
  for (const [re, fn, o] of routes) {
    const m = path.match(re);
    if (m) { match = m; screen = fn; opts = o; break; }
  }
  let main = null;
  try {
    if (opts.public) {
      screen(bare(), url.searchParams);
      return;
    }
    await loadMe();
    if (my !== seq) return;
    speak();
    if (state.me.must_change_password && path !== '/change-password') return navigate('/change-password', true);
    if (!state.me.must_change_password && state.me.two_factor && state.me.two_factor.required && !state.me.two_factor.enabled && path !== '/enrol-2fa') return navigate('/enrol-2fa', true);
    if (path === '/') return navigate(can('users.read') ? '/users' : '/me', true);
    if (!match) {
      main = shell(path);
      clear(main, h('h1', {}, t('notfound.title')), h('p', {}, t('notfound.text')));
      return;
    }
    if (opts.bare) { main = bare(); await screen(main, url.searchParams); return; }
    main = shell(path);
    if (opts.perm && !can(opts.perm)) {
      clear(main, h('h1', {}, t('forbidden.title')), h('p', {}, t('forbidden.text')));
      document.title = `${t('forbidden.title')} · Switchboard`;
      return;
    }
    await screen(main, url.searchParams, ...match.slice(1));
    showNotice(main);
    const h1 = main.querySelector('h1');
    if (h1) document.title = `${h1.textContent} · Switchboard`;
    // After a page change, keyboard and screen reader users start at the
    // new content, unless the screen put the focus on a field itself.
    if (!main.contains(document.activeElement)) main.focus();
  } catch (err) {
    if (my !== seq) return; // another page is being drawn
    if (err && (err.status === 401 || err.status === 403 && state.me === null)) return;
    if (err && err.status !== undefined && gateOf(err.status, err.problem)) return; // being redirected
    if (!(err && err.status !== undefined)) console.error(err);
    // said where the screen's content would be, after what it drew already
    if (!main || !main.isConnected) main = state.me ? shell(path) : bare();
    main.append(failure(err));
    if (!main.contains(document.activeElement)) main.focus();
  }
}

// Links inside the app navigate without a page load.
document.addEventListener('click', (ev) => {
  const a = ev.target.closest && ev.target.closest('a[href]');
  if (!a || ev.defaultPrevented || ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || a.target || a.hasAttribute('download')) return;
  const href = a.getAttribute('href');
  if (!href.startsWith('/') || href.startsWith('//')) return;
  ev.preventDefault();
  navigate(href);
});
onNavigate(render);
window.addEventListener('popstate', render);
render();
