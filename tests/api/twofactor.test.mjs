// twofactor.test.mjs: two-factor sign-in with TOTP, codes computed here with
// node's HMAC: enrolment and confirmation, sign-in with a challenge, recovery
// codes used once, a TOTP code never accepted twice, wrong codes throttled,
// the policy of groups and organizations, and one user's own requirement,
// forcing enrolment, turning 2FA off,
// an administrator's reset, and secrets kept out of the database, the audit
// trail, the log and the idempotency store.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, newUser, sql, malformed } from '../lib/server.mjs';
import { totp } from '../lib/totp.mjs';

let s;
let org;
const PW = 'Clever-Badger-64-Moor-2';
before(async () => { s = await startServer(); org = `/api/v1/orgs/${s.orgId}`; });
after(async () => { await s.stop(); });

const login = (body) => s.req('POST', '/api/v1/auth/login', { body });

// A user who has signed in and changed the admin-set password.
async function activeUser(extra = {}) {
  const u = newUser({ password: 'Clever-Badger-64-Moor', ...extra });
  const r = await s.req('POST', `${org}/users`, { token: s.adminToken, body: u });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const l = await s.login(u.email, u.password);
  const ch = await s.req('POST', '/api/v1/me/password', { token: l.token, body: { current_password: u.password, new_password: PW } });
  assert.equal(ch.status, 200, JSON.stringify(ch.body));
  return { ...u, id: r.body.id, password: PW, token: l.token };
}

// Enrols u (signed in with u.token) and confirms with the current code.
async function enrol(u) {
  const e = await s.req('POST', '/api/v1/me/2fa/totp', { token: u.token });
  assert.equal(e.status, 200, JSON.stringify(e.body));
  const c = await s.req('POST', '/api/v1/me/2fa/totp/confirm', { token: u.token, body: { code: totp(e.body.secret) } });
  assert.equal(c.status, 200, JSON.stringify(c.body));
  return { ...u, secret: e.body.secret, recovery: c.body.recovery_codes };
}

// Both steps of a sign-in with 2FA; code defaults to the next step's code
// (accepted: the window is one step either side, and it is after the step
// the confirmation used).
async function signIn2fa(u, code = totp(u.secret, { stepOffset: 1 })) {
  const first = await login({ login: u.email, password: u.password });
  assert.equal(first.status, 200, JSON.stringify(first.body));
  assert.equal(first.body.second_factor_required, true);
  return login({ challenge: first.body.challenge, code });
}

test('enrol, confirm, and sign in with a challenge and a code', async () => {
  const u = await activeUser();
  const st = await s.req('GET', '/api/v1/me/2fa', { token: u.token });
  assert.deepEqual([st.status, st.body.enabled, st.body.required, st.body.pending], [200, false, false, false]);

  const e = await s.req('POST', '/api/v1/me/2fa/totp', { token: u.token });
  assert.equal(e.status, 200);
  assert.match(e.body.secret, /^[A-Z2-7]{32}$/);
  assert.equal(e.body.issuer, 'Switchboard');
  assert.equal(e.body.account, u.email);
  assert.equal(e.body.otpauth_uri,
    `otpauth://totp/Switchboard:${encodeURIComponent(u.email)}?secret=${e.body.secret}&issuer=Switchboard&algorithm=SHA1&digits=6&period=30`);
  assert.match(e.body.qr_svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" viewBox="0 0 (\d+) \1".*<path fill="#000" d="M\d/);
  assert.equal((await s.req('GET', '/api/v1/me/2fa', { token: u.token })).body.pending, true);
  // not on before it is confirmed: sign-in is still by password alone
  assert.ok((await s.login(u.email, u.password)).token);

  const wrong = await s.req('POST', '/api/v1/me/2fa/totp/confirm', { token: u.token, body: { code: '000000' === totp(e.body.secret) ? '111111' : '000000' } });
  assert.equal(wrong.status, 422);
  assert.equal(wrong.body.errors[0].field, 'code');
  const other = await s.login(u.email, u.password); // a session made before 2FA was on
  const c = await s.req('POST', '/api/v1/me/2fa/totp/confirm', { token: u.token, body: { code: totp(e.body.secret) } });
  assert.equal(c.status, 200, JSON.stringify(c.body));
  assert.equal(c.body.recovery_codes.length, 10);
  assert.equal(new Set(c.body.recovery_codes).size, 10);
  for (const rc of c.body.recovery_codes) assert.match(rc, /^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
  assert.equal((await s.req('GET', '/api/v1/me', { token: other.token })).status, 401, 'other sessions end');
  assert.equal((await s.req('GET', '/api/v1/me', { token: u.token })).status, 200, 'this one stays');
  const again = await s.req('POST', '/api/v1/me/2fa/totp', { token: u.token });
  assert.equal(again.status, 409);

  const st2 = (await s.req('GET', '/api/v1/me/2fa', { token: u.token })).body;
  assert.deepEqual([st2.enabled, st2.pending, st2.recovery_codes_left, st2.methods], [true, false, 10, ['totp']]);
  const seen = await s.req('GET', `${org}/users/${u.id}`, { token: s.adminToken });
  assert.deepEqual(seen.body.two_factor, { enabled: true, required: false });

  // the password alone gives a challenge, no session
  const first = await login({ login: u.email, password: u.password });
  assert.equal(first.status, 200);
  assert.equal(first.body.second_factor_required, true);
  assert.equal(first.body.token, undefined);
  assert.equal(first.headers.get('set-cookie'), null);
  assert.deepEqual(first.body.methods, ['totp', 'recovery_code']);
  assert.ok(first.body.expires_in > 0 && first.body.expires_in <= 300);
  const mixed = await login(malformed({ login: u.email, password: u.password, challenge: first.body.challenge, code: '123456' }));
  assert.equal(mixed.status, 422);
  const done = await login({ challenge: first.body.challenge, code: totp(e.body.secret, { stepOffset: 1 }) });
  assert.equal(done.status, 200, JSON.stringify(done.body));
  assert.ok(done.body.token && done.body.csrf_token);
  assert.match(done.headers.get('set-cookie'), /^sb_session=/);
  assert.equal(done.body.user.id, u.id);
  assert.equal((await s.req('GET', '/api/v1/me', { token: done.body.token })).status, 200);
  // the challenge is single use
  const replay = await login({ challenge: first.body.challenge, code: totp(e.body.secret, { stepOffset: 1 }) });
  assert.equal(replay.status, 401);
  assert.match(replay.body.detail, /sign in again/);
  assert.equal((await login({ challenge: 'made-up', code: '123456' })).status, 401);

  // the secret is stored sealed, and appears nowhere else
  const stored = sql(s, `SELECT secret FROM user_totp WHERE user_id = '${u.id}'`).trim();
  assert.match(stored, /^s1\./);
  assert.ok(!stored.includes(e.body.secret));
  const hashes = sql(s, `SELECT code_hash FROM recovery_codes WHERE user_id = '${u.id}'`);
  for (const rc of c.body.recovery_codes) {
    assert.ok(!hashes.includes(rc) && !hashes.includes(rc.replaceAll('-', '')));
  }
  const audit = await s.req('GET', `${org}/audit?object=${u.id}`, { token: s.adminToken });
  const actions = audit.body.items.map((a) => a.action);
  assert.ok(actions.includes('2fa_enrol') && actions.includes('2fa_enable'), actions.join());
  const trail = JSON.stringify(audit.body);
  assert.ok(!trail.includes(e.body.secret));
  for (const rc of c.body.recovery_codes) assert.ok(!trail.includes(rc));
  assert.ok(!s.log.includes(e.body.secret));
});

test('a TOTP code is accepted once: never again, nor an older one', async () => {
  const u = await enrol(await activeUser());
  const code = totp(u.secret, { stepOffset: 1 });
  assert.equal((await signIn2fa(u, code)).status, 200);
  const reused = await signIn2fa(u, code);
  assert.equal(reused.status, 401);
  assert.match(reused.body.detail, /used already/);
  // the current step's code is older than the one just used
  const older = await signIn2fa(u, totp(u.secret));
  assert.equal(older.status, 401);
  // two steps ahead is outside the window
  const ahead = await signIn2fa(u, totp(u.secret, { stepOffset: 3 }));
  assert.equal(ahead.status, 401);
  assert.match(ahead.body.detail, /not correct/);
});

test('a recovery code signs in once, however it is typed', async () => {
  const u = await enrol(await activeUser());
  const r = await signIn2fa(u, u.recovery[0]);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.recovery_codes_left, 9);
  assert.equal((await signIn2fa(u, u.recovery[0])).status, 401);
  const typed = ` ${u.recovery[1].toUpperCase().replaceAll('-', ' ')} `;
  const r2 = await signIn2fa(u, typed);
  assert.equal(r2.status, 200, JSON.stringify(r2.body));
  assert.equal(r2.body.recovery_codes_left, 8);
  assert.equal((await s.req('GET', '/api/v1/me/2fa', { token: r2.body.token })).body.recovery_codes_left, 8);
  const audit = await s.req('GET', `${org}/audit?object=${u.id}&limit=1`, { token: s.adminToken });
  assert.equal(audit.body.items[0].action, '2fa_recovery_code_used');
  assert.equal(audit.body.items[0].actor_id, u.id);
  // another user's recovery code is no good here
  const v = await enrol(await activeUser());
  assert.equal((await signIn2fa(v, u.recovery[2])).status, 401);
});

test('new recovery codes replace the old ones, proven by the password', async () => {
  const u = await enrol(await activeUser());
  const r = await signIn2fa(u);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const token = r.body.token;
  const renew = (body) => s.req('POST', '/api/v1/me/2fa/recovery-codes', { token, body });
  const wrong = await renew({ password: 'Not-The-Password-1' });
  assert.deepEqual([wrong.status, wrong.body.errors[0].code], [422, 'wrong_password']);
  const fresh = await renew({ password: u.password });
  assert.equal(fresh.status, 200, JSON.stringify(fresh.body));
  assert.equal(fresh.body.recovery_codes.length, 10);
  assert.equal(fresh.headers.get('cache-control'), 'no-store');
  // the old ones no longer sign in; a new one does
  assert.equal((await signIn2fa(u, u.recovery[0])).status, 401);
  const withNew = await signIn2fa(u, fresh.body.recovery_codes[0]);
  assert.equal(withNew.status, 200, JSON.stringify(withNew.body));
  assert.equal(withNew.body.recovery_codes_left, 9);
  const audit = await s.req('GET', `${org}/audit?object=${u.id}&limit=3`, { token: s.adminToken });
  assert.ok(audit.body.items.some((e) => e.action === '2fa_recovery_codes'));
  assert.ok(!JSON.stringify(audit.body).includes(fresh.body.recovery_codes[1]));
  // without two-step verification there is nothing to renew
  const v = await activeUser();
  const none = await s.req('POST', '/api/v1/me/2fa/recovery-codes', { token: (await s.login(v.email, v.password)).token, body: { password: v.password } });
  assert.equal(none.status, 404);
});

test('wrong codes count as failed sign-ins: locked, then 429 even for the right code', async () => {
  const u = await enrol(await activeUser());
  const first = await login({ login: u.email, password: u.password });
  const right = totp(u.secret, { stepOffset: 1 });
  const wrongs = ['000000', '111111', '222222', '333333', '444444', '555555', '666666', '777777', '888888'].filter((c) => c !== right && c !== totp(u.secret) && c !== totp(u.secret, { stepOffset: -1 }));
  const statuses = [];
  for (const code of wrongs.slice(0, 5)) {
    statuses.push((await login({ challenge: first.body.challenge, code })).status);
  }
  assert.deepEqual(statuses, [401, 401, 401, 401, 401]);
  const locked = await login({ challenge: first.body.challenge, code: right });
  assert.equal(locked.status, 429);
  assert.ok(Number(locked.headers.get('retry-after')) >= 1);
  // the account is locked for password sign-ins by email too
  assert.equal((await login({ login: u.email, password: u.password })).status, 429);
});

test('a group that requires 2FA: its members may only enrol until they have', async () => {
  const g = await s.req('POST', `${org}/groups`, { token: s.adminToken, body: { name: `Secure ${Date.now()}`, permissions: ['users.read'] } });
  assert.equal(g.status, 201);
  assert.equal(g.body.two_factor_required, false);
  const u = await activeUser({ groups: [g.body.id] });
  assert.equal((await s.req('GET', `${org}/users`, { token: u.token })).status, 200);

  // the policy applies from the members' next request on
  const p = await s.req('PATCH', `${org}/groups/${g.body.id}`, { token: s.adminToken, body: { two_factor_required: true } });
  assert.equal(p.status, 200);
  assert.equal(p.body.two_factor_required, true);
  const gated = await s.req('GET', `${org}/users`, { token: u.token });
  assert.equal(gated.status, 403);
  assert.equal(gated.body.type, 'urn:switchboard:problem:two-factor-enrolment-required');
  assert.equal(gated.body.title, 'Two-factor enrolment required');
  assert.match(gated.body.detail, /\/api\/v1\/me\/2fa\/totp/);
  assert.equal((await s.req('PATCH', '/api/v1/me', { token: u.token, body: { language: 'en' } })).status, 403);
  assert.equal((await s.req('GET', '/api/v1/me', { token: u.token })).status, 200);
  const st = await s.req('GET', '/api/v1/me/2fa', { token: u.token });
  assert.deepEqual([st.status, st.body.required, st.body.enabled], [200, true, false]);

  // a new sign-in says so too
  const l = await s.login(u.email, u.password);
  assert.equal(l.two_factor_enrolment_required, true);
  assert.deepEqual(l.user.two_factor, { enabled: false, required: true });
  // administrators see who has not enrolled
  const missing = await s.req('GET', `${org}/users?two_factor=missing&limit=200`, { token: s.adminToken });
  assert.equal(missing.status, 200);
  assert.ok(missing.body.items.some((x) => x.id === u.id));
  assert.ok(missing.body.items.every((x) => x.two_factor.required && !x.two_factor.enabled));
  assert.equal((await s.req('GET', `${org}/users?two_factor=maybe`, { token: s.adminToken })).status, 422);

  const e = await enrol({ ...u, token: l.token });
  assert.equal((await s.req('GET', `${org}/users`, { token: l.token })).status, 200);
  const after = await s.req('GET', `${org}/users?two_factor=missing&limit=200`, { token: s.adminToken });
  assert.ok(!after.body.items.some((x) => x.id === u.id));
  const enabled = await s.req('GET', `${org}/users?two_factor=enabled&limit=200`, { token: s.adminToken });
  assert.ok(enabled.body.items.some((x) => x.id === u.id));
  // and being required, it cannot be turned off
  const off = await s.req('DELETE', '/api/v1/me/2fa/totp', { token: l.token, body: { password: u.password } });
  assert.equal(off.status, 403);
  assert.match(off.body.detail, /requires/);
  assert.equal((await signIn2fa(e)).status, 200);
});

test("an organization's policy applies to all its users", async () => {
  const o = await s.req('POST', '/api/v1/orgs', { token: s.adminToken, body: { name: `Strict ${Date.now()}`, parent_id: s.platformId } });
  assert.equal(o.status, 201);
  const u = newUser({ password: 'Clever-Badger-64-Moor' });
  const c = await s.req('POST', `/api/v1/orgs/${o.body.id}/users`, { token: s.adminToken, body: u });
  assert.equal(c.status, 201);
  assert.deepEqual(c.body.two_factor, { enabled: false, required: false });
  const p = await s.req('PATCH', `/api/v1/orgs/${o.body.id}`, { token: s.adminToken, body: { two_factor_required: true } });
  assert.equal(p.status, 200);
  const seen = await s.req('GET', `/api/v1/orgs/${o.body.id}/users/${c.body.id}`, { token: s.adminToken });
  assert.deepEqual(seen.body.two_factor, { enabled: false, required: true });
  // the password change comes first, then the enrolment
  const l = await s.login(u.email, u.password);
  assert.equal(l.password_change_required, true);
  assert.equal((await s.req('POST', '/api/v1/me/2fa/totp', { token: l.token })).body.title, 'Password change required');
  const pw = await s.req('POST', '/api/v1/me/password', { token: l.token, body: { current_password: u.password, new_password: PW } });
  assert.equal(pw.status, 200, 'the password change answers under both gates');
  const gated = await s.req('PATCH', '/api/v1/me', { token: l.token, body: { language: 'en' } });
  assert.equal(gated.body.type, 'urn:switchboard:problem:two-factor-enrolment-required', JSON.stringify(gated.body));
  assert.equal(gated.body.type, 'urn:switchboard:problem:two-factor-enrolment-required');
  await enrol({ ...u, token: l.token });
  assert.equal((await s.req('PATCH', '/api/v1/me', { token: l.token, body: { language: 'en' } })).status, 200);
});

test('two-factor sign-in required of one user: set by an administrator, never by the user itself', async () => {
  const u = await activeUser();
  const other = await activeUser();
  // not by the user itself, nor for another without users.write
  const self = await s.req('PATCH', `${org}/users/${u.id}`, { token: u.token, body: { require_two_factor: true } });
  assert.equal(self.status, 403, JSON.stringify(self.body));
  assert.equal((await s.req('GET', `${org}/users/${u.id}`, { token: s.adminToken })).body.require_two_factor, false);
  const p = await s.req('PATCH', `${org}/users/${u.id}`, { token: s.adminToken, body: { require_two_factor: true } });
  assert.equal(p.status, 200, JSON.stringify(p.body));
  assert.equal(p.body.require_two_factor, true);
  assert.deepEqual(p.body.two_factor, { enabled: false, required: true });
  // from its next request on it may only enrol; the others are not touched
  const gated = await s.req('PATCH', '/api/v1/me', { token: u.token, body: { language: 'en' } });
  assert.equal(gated.body.type, 'urn:switchboard:problem:two-factor-enrolment-required');
  assert.equal((await s.req('PATCH', '/api/v1/me', { token: other.token, body: { language: 'en' } })).status, 200);
  const l = await s.login(u.email, u.password);
  assert.equal(l.two_factor_enrolment_required, true);
  const e = await enrol({ ...u, token: l.token });
  const off = await s.req('DELETE', '/api/v1/me/2fa/totp', { token: l.token, body: { password: u.password } });
  assert.equal(off.status, 403);
  assert.equal((await signIn2fa(e)).status, 200);
  // the audit trail says who required it
  const audit = await s.req('GET', `${org}/audit?object=${u.id}&limit=20`, { token: s.adminToken });
  assert.ok(audit.body.items.some((x) => x.action === 'update' && JSON.stringify(x.changes || x.details || x).includes('require_two_factor')), JSON.stringify(audit.body.items.slice(0, 3)));
  // lifted, the user may turn it off again
  assert.equal((await s.req('PATCH', `${org}/users/${u.id}`, { token: s.adminToken, body: { require_two_factor: false } })).status, 200);
  assert.equal((await s.req('DELETE', '/api/v1/me/2fa/totp', { token: l.token, body: { password: u.password } })).status, 204);
  // a new user may be made with it
  const n = await s.req('POST', `${org}/users`, { token: s.adminToken, body: newUser({ require_two_factor: true }) });
  assert.equal(n.status, 201, JSON.stringify(n.body));
  assert.deepEqual([n.body.require_two_factor, n.body.two_factor.required], [true, true]);
  const bad = await s.req('PATCH', `${org}/users/${u.id}`, { token: s.adminToken, body: malformed({ require_two_factor: 'ja' }) });
  assert.deepEqual([bad.status, bad.body.errors[0].field], [422, 'require_two_factor']);
});

test('turning 2FA off needs the password or a code', async () => {
  const u = await enrol(await activeUser());
  const none = await s.req('DELETE', '/api/v1/me/2fa/totp', { token: u.token, body: {} });
  assert.equal(none.status, 422);
  const bad = await s.req('DELETE', '/api/v1/me/2fa/totp', { token: u.token, body: { password: 'Not-my-password-1' } });
  assert.equal(bad.status, 422);
  assert.equal(bad.body.errors[0].field, 'password');
  const ok = await s.req('DELETE', '/api/v1/me/2fa/totp', { token: u.token, body: { password: u.password } });
  assert.equal(ok.status, 204);
  assert.equal((await s.req('GET', '/api/v1/me/2fa', { token: u.token })).body.enabled, false);
  assert.ok((await s.login(u.email, u.password)).token, 'the password alone signs in again');
  assert.equal(sql(s, `SELECT COUNT(*) FROM recovery_codes WHERE user_id = '${u.id}'`).trim(), '0');
  assert.equal((await s.req('DELETE', '/api/v1/me/2fa/totp', { token: u.token, body: { password: u.password } })).status, 404);

  const v = await enrol(await activeUser());
  const byCode = await s.req('DELETE', '/api/v1/me/2fa/totp', { token: v.token, body: { code: totp(v.secret, { stepOffset: 1 }) } });
  assert.equal(byCode.status, 204, JSON.stringify(byCode.body));
  const audit = await s.req('GET', `${org}/audit?object=${v.id}&limit=1`, { token: s.adminToken });
  assert.equal(audit.body.items[0].action, '2fa_disable');
});

test('an administrator resets a user\'s 2FA: audited, sessions ended, the password alone signs in', async () => {
  const u = await enrol(await activeUser());
  const signedIn = await signIn2fa(u);
  assert.equal(signedIn.status, 200);
  // an end user may not
  const other = await activeUser();
  assert.equal((await s.req('DELETE', `${org}/users/${u.id}/2fa`, { token: other.token })).status, 403);
  const r = await s.req('DELETE', `${org}/users/${u.id}/2fa`, { token: s.adminToken });
  assert.equal(r.status, 204);
  assert.equal((await s.req('GET', '/api/v1/me', { token: signedIn.body.token })).status, 401);
  const l = await s.login(u.email, u.password);
  assert.ok(l.token);
  assert.deepEqual(l.user.two_factor, { enabled: false, required: false });
  const audit = await s.req('GET', `${org}/audit?object=${u.id}&limit=1`, { token: s.adminToken });
  assert.equal(audit.body.items[0].action, '2fa_reset');
  assert.deepEqual(audit.body.items[0].changes, { was_enabled: true });
  assert.equal((await s.req('DELETE', `${org}/users/00000000-0000-7000-8000-000000000000/2fa`, { token: s.adminToken })).status, 404);
  // and it can enrol again, with a new secret
  const again = await enrol({ ...u, token: l.token });
  assert.notEqual(again.secret, u.secret);
});

test('answers with secrets are never kept for Idempotency-Key replays', async () => {
  const u = await activeUser();
  const h = { 'idempotency-key': 'enrol-once' };
  const a = await s.req('POST', '/api/v1/me/2fa/totp', { token: u.token, headers: h });
  const b = await s.req('POST', '/api/v1/me/2fa/totp', { token: u.token, headers: h });
  assert.equal(a.status, 200);
  assert.equal(b.status, 200);
  assert.equal(b.headers.get('idempotent-replayed'), null);
  assert.notEqual(a.body.secret, b.body.secret);
  assert.equal(sql(s, `SELECT COUNT(*) FROM idempotency_keys WHERE user_id = '${u.id}'`).trim(), '0');
  // the older secret is replaced: only the newest confirms
  const stale = await s.req('POST', '/api/v1/me/2fa/totp/confirm', { token: u.token, headers: h, body: { code: totp(a.body.secret) } });
  assert.equal(stale.status, totp(a.body.secret) === totp(b.body.secret) ? 200 : 422);
});
