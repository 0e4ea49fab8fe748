// auth.test.mjs: sign-in, sessions, cookies with CSRF, sign-out, throttling,
// password reset that reveals nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, newUser } from '../lib/server.mjs';

let s;
let org;
before(async () => { s = await startServer(); org = `/api/v1/orgs/${s.orgId}`; });
after(async () => { await s.stop(); });

async function activeUser(extra = {}) {
  const u = newUser({ password: 'Clever-Badger-64-Moor', ...extra });
  const r = await s.req('POST', `${org}/users`, { token: s.adminToken, body: u });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const l = await s.login(u.email, u.password);
  await s.req('POST', '/api/v1/me/password', { token: l.token, body: { current_password: u.password, new_password: 'Clever-Badger-64-Moor-2' } });
  return { ...u, id: r.body.id, password: 'Clever-Badger-64-Moor-2' };
}

test('sign in by email or login name; wrong password is 401 with the same answer as an unknown login', async () => {
  const u = await activeUser({ login_name: `lg${Date.now()}` });
  const byEmail = await s.login(u.email.toUpperCase(), u.password);
  assert.ok(byEmail.token && byEmail.csrf_token);
  assert.equal(byEmail.user.email, u.email);
  const byName = await s.login(u.login_name, u.password);
  assert.equal(byName.user.id, u.id);
  const wrong = await s.req('POST', '/api/v1/auth/login', { body: { login: u.email, password: 'Nope-nope-123' } });
  const unknown = await s.req('POST', '/api/v1/auth/login', { body: { login: 'nobody@example.com', password: 'Nope-nope-123' } });
  assert.equal(wrong.status, 401);
  assert.equal(unknown.status, 401);
  assert.equal(wrong.body.detail, unknown.body.detail);
});

test('the session cookie is HttpOnly, and changing state with it needs the CSRF token', async () => {
  const u = await activeUser();
  const r = await s.req('POST', '/api/v1/auth/login', { body: { login: u.email, password: u.password } });
  const cookie = r.headers.get('set-cookie');
  assert.match(cookie, /HttpOnly/);
  assert.match(cookie, /SameSite=Strict/);
  const pair = cookie.split(';')[0];
  const me = await s.req('GET', '/api/v1/me', { headers: { cookie: pair } });
  assert.equal(me.status, 200);
  const noCsrf = await s.req('PATCH', '/api/v1/me', { headers: { cookie: pair }, body: { language: 'en' } });
  assert.equal(noCsrf.status, 403);
  const withCsrf = await s.req('PATCH', '/api/v1/me', { headers: { cookie: pair, 'x-csrf-token': r.body.csrf_token }, body: { language: 'en' } });
  assert.equal(withCsrf.status, 200);
  assert.equal(withCsrf.body.language, 'en');
});

test('sign-out ends the session', async () => {
  const u = await activeUser();
  const l = await s.login(u.email, u.password);
  assert.equal((await s.req('POST', '/api/v1/auth/logout', { token: l.token })).status, 204);
  assert.equal((await s.req('GET', '/api/v1/me', { token: l.token })).status, 401);
});

test('a password change ends the other sessions', async () => {
  const u = await activeUser();
  const a = await s.login(u.email, u.password);
  const b = await s.login(u.email, u.password);
  const ch = await s.req('POST', '/api/v1/me/password', { token: a.token, body: { current_password: u.password, new_password: 'Fresh-Meadow-71-Creek' } });
  assert.equal(ch.status, 200);
  assert.equal((await s.req('GET', '/api/v1/me', { token: a.token })).status, 200);
  assert.equal((await s.req('GET', '/api/v1/me', { token: b.token })).status, 401);
  const wrong = await s.req('POST', '/api/v1/me/password', { token: a.token, body: { current_password: 'bad', new_password: 'Fresh-Meadow-71-Creek-2' } });
  assert.equal(wrong.status, 422);
  assert.equal(wrong.body.errors[0].field, 'current_password');
  const reused = await s.req('POST', '/api/v1/me/password', { token: a.token, body: { current_password: 'Fresh-Meadow-71-Creek', new_password: u.password } });
  assert.equal(reused.status, 422);
  assert.ok(reused.body.errors.some((e) => e.code === 'reused'));
});

test('repeated failed sign-ins slow down, then answer 429 with Retry-After', async () => {
  const u = await activeUser();
  const statuses = [];
  let last;
  for (let i = 0; i < 7; i++) {
    last = await s.req('POST', '/api/v1/auth/login', { body: { login: u.email, password: `Wrong-${i}-Pass` } });
    statuses.push(last.status);
  }
  assert.deepEqual(statuses.slice(0, 5), [401, 401, 401, 401, 401]);
  assert.equal(last.status, 429);
  assert.ok(Number(last.headers.get('retry-after')) >= 1);
  // even the right password waits until the lock ends
  const right = await s.req('POST', '/api/v1/auth/login', { body: { login: u.email, password: u.password } });
  assert.equal(right.status, 429);
  // another account from the same address is not locked by it
  const v = await activeUser();
  assert.ok((await s.login(v.email, v.password)).token);
});

test('a reset request answers 202 whether or not the email exists', async () => {
  const u = await activeUser();
  const known = await s.req('POST', '/api/v1/auth/password-reset', { body: { email: u.email } });
  const unknown = await s.req('POST', '/api/v1/auth/password-reset', { body: { email: 'ghost@example.com' } });
  assert.equal(known.status, 202);
  assert.equal(unknown.status, 202);
  assert.deepEqual(known.body, unknown.body);
  const bad = await s.req('POST', '/api/v1/auth/set-password', { body: { token: 'made-up', password: 'Whatever-Long-99-Pass' } });
  assert.equal(bad.status, 422);
  assert.equal(bad.body.errors[0].field, 'token');
});

test('an admin can sign a user out everywhere', async () => {
  const u = await activeUser();
  const a = await s.login(u.email, u.password);
  const b = await s.login(u.email, u.password);
  const r = await s.req('DELETE', `${org}/users/${u.id}/sessions`, { token: s.adminToken });
  assert.equal(r.status, 204);
  assert.equal((await s.req('GET', '/api/v1/me', { token: a.token })).status, 401);
  assert.equal((await s.req('GET', '/api/v1/me', { token: b.token })).status, 401);
  const audit = await s.req('GET', `${org}/audit?object=${u.id}&limit=1`, { token: s.adminToken });
  assert.equal(audit.body.items[0].action, 'end_sessions');
  assert.ok((await s.login(u.email, u.password)).token);
});
