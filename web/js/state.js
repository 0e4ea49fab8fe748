// state.js: what the portal knows about the session: the signed-in user,
// its rights, the organization it works in, and (from i18n.js) the
// language. app.js fills it; the screens read it, and those that change
// who is signed in (sign-in, password change, enrolment, My settings) reset
// it with setMe. It imports nothing of the portal but i18n.js, so nothing
// cycles through it.
export { lang, setLang } from './i18n.js';

export const state = { me: null, perms: new Set(), org: null, orgs: [] };

// me: the /me answer, or null to forget the user (signed out, or to be
// fetched again on the next page).
export function setMe(me) {
  state.me = me;
  state.perms = new Set((me && me.permissions) || []);
}
// perm: a right, or a list of rights any of which will do.
export const can = (perm) => (Array.isArray(perm) ? perm.some((p) => state.perms.has(p)) : state.perms.has(perm));
export const orgPath = () => `/orgs/${state.org}`;
