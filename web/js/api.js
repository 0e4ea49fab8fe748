// api.js: the portal talks to the JSON API only, through this module.
// Sessions are the HttpOnly cookie the API sets at sign-in; the CSRF token it
// answers with is kept in localStorage and sent on every unsafe request.
const BASE = '/api/v1';
const CSRF_KEY = 'sb.csrf';

export class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || `HTTP ${status}`);
    this.status = status;
    this.problem = problem || {};
  }
  get errors() { return this.problem.errors || []; }
}

// The problem types (RFC 9457 type URIs) the portal acts on.
export const PROBLEM = {
  twoFactorEnrolment: 'urn:switchboard:problem:two-factor-enrolment-required',
  passwordChange: 'urn:switchboard:problem:password-change-required',
  storageFull: 'urn:switchboard:problem:storage-full',
};

let onAuthLost = () => {};
let onGate = () => {};
let mustChangePassword = () => false;
export function setHandlers(h) {
  if (h.authLost) onAuthLost = h.authLost;
  if (h.gate) onGate = h.gate;
  if (h.mustChangePassword) mustChangePassword = h.mustChangePassword;
}

// Which gate a 403 answer is: 'password', 'two-factor' or null. By type URI;
// the password gate has no type of its own yet (it answers type
// about:blank), so until the API sends PROBLEM.passwordChange, a 403 of a
// signed-in user whose /me says must_change_password is taken for it.
export function gateOf(status, problem) {
  if (status !== 403 || !problem) return null;
  if (problem.type === PROBLEM.twoFactorEnrolment) return 'two-factor';
  if (problem.type === PROBLEM.passwordChange) return 'password';
  if ((!problem.type || problem.type === 'about:blank') && mustChangePassword()) return 'password';
  return null;
}

export function setCsrf(token) {
  if (token) localStorage.setItem(CSRF_KEY, token);
  else localStorage.removeItem(CSRF_KEY);
}

// api('GET', '/me') → parsed body; throws ApiError with the problem.
// opts.etag: sent as If-Match; opts.raw: answer {status, body, etag};
// opts.contentType: body is sent as it is (a CSV file's text), of that type.
export async function api(method, path, body, opts = {}) {
  const headers = { Accept: 'application/json' };
  const unsafe = method !== 'GET' && method !== 'HEAD';
  const csrf = unsafe ? localStorage.getItem(CSRF_KEY) : null;
  if (csrf) headers['X-CSRF-Token'] = csrf;
  if (body !== undefined) headers['Content-Type'] = opts.contentType || 'application/json';
  if (opts.etag) headers['If-Match'] = opts.etag;
  const res = await fetch(BASE + path, {
    method, headers, credentials: 'same-origin',
    body: body === undefined ? undefined : opts.contentType ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch { data = { detail: text }; }
  if (!res.ok) {
    const err = new ApiError(res.status, data);
    err.method = method;
    err.path = path;
    // 401, or a cookie session whose CSRF token this browser lost: sign in again
    if ((res.status === 401 || (res.status === 403 && unsafe && !csrf)) &&
        !opts.noAuthRedirect) onAuthLost(err);
    const gate = opts.noGate ? null : gateOf(res.status, data);
    if (gate) onGate(err, gate);
    throw err;
  }
  return opts.raw ? { status: res.status, body: data, etag: res.headers.get('ETag') } : data;
}

// All pages of a list, up to max items.
// GET of a file (a CSV export): saved by the browser under its name.
export async function download(path, name) {
  const res = await fetch(BASE + path, { credentials: 'same-origin' });
  if (!res.ok) {
    let data = null;
    try { data = await res.json(); } catch { /* not JSON */ }
    throw new ApiError(res.status, data);
  }
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url; a.download = name;
  document.body.append(a); a.click(); a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

export async function apiAll(path, max = 1000) {
  const items = [];
  let after = null;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const page = await api('GET', `${path}${sep}limit=200${after ? `&after=${encodeURIComponent(after)}` : ''}`);
    items.push(...(page.items || []));
    after = page.next;
  } while (after && items.length < max);
  return items;
}
