// lifecycle.test.mjs: suspend, resume, delete, restore and purge (issue 4).
// Suspension is reversible and immediate; a deleted user is kept, with its
// extensions held, for the organization's retention period and can be
// restored; a purge (confirmed with the email, or by the background task
// once the period has passed) removes it for good and keeps the audit trail.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, newUser, sql } from '../lib/server.mjs';

let s;
let org;
before(async () => { s = await startServer({ args: ['--purge-interval', '1'] }); org = `/api/v1/orgs/${s.orgId}`; });
after(async () => { await s.stop(); });

const adm = (method, path, body) => s.req(method, path, { token: s.adminToken, body });
const PW = 'Silver-Lake-47-Bridge';

// A signed-in user with a password of its own and an extension.
async function activeUser(extra = {}) {
  const u = newUser({ password: PW, extension: 'auto', ...extra });
  const r = await adm('POST', `${org}/users`, u);
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const l = await s.login(u.email, PW);
  await s.req('POST', '/api/v1/me/password', { token: l.token, body: { current_password: PW, new_password: `${PW}-2` } });
  const token = (await s.login(u.email, `${PW}-2`)).token;
  return { ...r.body, password: `${PW}-2`, token };
}
const canLogin = async (u) => (await s.req('POST', '/api/v1/auth/login', { body: { login: u.email, password: u.password } })).status === 200;

test('suspend stops sign-in and ends sessions at once; resume undoes it', async () => {
  const u = await activeUser();
  assert.equal((await s.req('GET', '/api/v1/me', { token: u.token })).status, 200);
  const sus = await adm('POST', `${org}/users/${u.id}/suspend`);
  assert.equal(sus.status, 200);
  assert.equal(sus.body.status, 'suspended');
  assert.equal((await s.req('GET', '/api/v1/me', { token: u.token })).status, 401);
  assert.equal(await canLogin(u), false);
  assert.deepEqual(sus.body.extensions, u.extensions); // nothing else changes
  const again = await adm('POST', `${org}/users/${u.id}/suspend`);
  assert.equal(again.body.status, 'suspended');
  const res = await adm('POST', `${org}/users/${u.id}/resume`);
  assert.equal(res.status, 200);
  assert.equal(res.body.status, 'active');
  assert.equal(await canLogin(u), true);
  const audit = await adm('GET', `${org}/audit?object=${u.id}`);
  assert.deepEqual(audit.body.items.slice(0, 2).map((e) => e.action), ['resume', 'suspend']);
  const suspended = await adm('GET', `${org}/users?status=suspended`);
  assert.ok(!suspended.body.items.some((x) => x.id === u.id));
  assert.equal((await adm('GET', `${org}/users?status=gone`)).status, 422);
});

test('nobody suspends itself; an End user suspends nobody', async () => {
  const u = await activeUser();
  const mine = await s.req('POST', `/api/v1/orgs/${s.platformId}/users/${s.admin.id}/suspend`, { token: s.adminToken });
  assert.equal(mine.status, 409);
  const other = await activeUser();
  assert.equal((await s.req('POST', `${org}/users/${other.id}/suspend`, { token: u.token })).status, 403);
  assert.equal((await adm('GET', `${org}/users/${other.id}`)).body.status, 'active');
});

test('a deleted user is kept, restorable, with its extension held; restore brings it all back', async () => {
  const u = await activeUser();
  const ext = u.extensions[0];
  assert.equal((await adm('DELETE', `${org}/users/${u.id}`)).status, 204);
  assert.equal(await canLogin(u), false);
  assert.equal((await s.req('GET', '/api/v1/me', { token: u.token })).status, 401);
  const gone = await adm('GET', `${org}/users/${u.id}`);
  assert.equal(gone.status, 200);
  assert.equal(gone.body.status, 'deleted');
  const days = (Date.parse(gone.body.purge_after) - Date.parse(gone.body.deleted_at)) / 86400000;
  assert.equal(days, 30);
  const live = await adm('GET', `${org}/users?limit=200&q=${encodeURIComponent(u.email)}`);
  assert.equal(live.body.items.length, 0);
  const bin = await adm('GET', `${org}/users?status=deleted&limit=200`);
  assert.ok(bin.body.items.some((x) => x.id === u.id));
  // held: nobody else gets the extension, and next skips it
  const other = await adm('POST', `${org}/users`, newUser());
  const take = await adm('POST', `${org}/extensions`, { extension: ext, user_id: other.body.id });
  assert.equal(take.status, 409);
  assert.notEqual((await adm('GET', `${org}/extensions/next`)).body.extension, ext);
  // the email too, and the admin is told why
  const dup = await adm('POST', `${org}/users`, newUser({ email: u.email }));
  assert.equal(dup.status, 409);
  assert.match(dup.body.errors[0].message, /deleted user/);
  assert.equal((await adm('PATCH', `${org}/users/${u.id}`, { job_title: 'x' })).status, 404);
  assert.equal((await adm('DELETE', `${org}/users/${u.id}`)).status, 404);
  const back = await adm('POST', `${org}/users/${u.id}/restore`);
  assert.equal(back.status, 200);
  assert.equal(back.body.status, 'active');
  assert.equal(back.body.deleted_at, null);
  assert.deepEqual(back.body.extensions, [ext]);
  assert.equal(await canLogin(u), true);
  assert.equal((await adm('POST', `${org}/users/${u.id}/restore`)).status, 409);
});

test('a purge needs the email as confirmation, frees the extension and the email, and keeps the audit trail', async () => {
  const u = await activeUser();
  const ext = u.extensions[0];
  const wrong = await adm('DELETE', `${org}/users/${u.id}?purge=true&confirm=someone@example.com`);
  assert.equal(wrong.status, 422);
  assert.equal(wrong.body.errors[0].field, 'confirm');
  assert.equal((await adm('GET', `${org}/users/${u.id}`)).body.status, 'active');
  const none = await adm('DELETE', `${org}/users/${u.id}?purge=true`);
  assert.equal(none.status, 422);
  const ok = await adm('DELETE', `${org}/users/${u.id}?purge=true&confirm=${encodeURIComponent(u.email.toUpperCase())}`);
  assert.equal(ok.status, 204);
  assert.equal((await adm('GET', `${org}/users/${u.id}`)).status, 404);
  assert.equal((await adm('POST', `${org}/users/${u.id}/restore`)).status, 404);
  const audit = await adm('GET', `${org}/audit?object=${u.id}`);
  assert.equal(audit.body.items[0].action, 'purge');
  assert.equal(audit.body.items.at(-1).action, 'create');
  const other = await adm('POST', `${org}/users`, newUser({ email: u.email, extension: ext }));
  assert.equal(other.status, 201, JSON.stringify(other.body));
  assert.deepEqual(other.body.extensions, [ext]);
});

test('the background task purges deleted users once their retention has passed', async () => {
  const u = await activeUser();
  const keep = await activeUser();
  await adm('DELETE', `${org}/users/${u.id}`);
  await adm('DELETE', `${org}/users/${keep.id}`);
  // Time passes for one of them: its purge date moves into the past.
  sql(s, `UPDATE users SET purge_after = 1000 WHERE id = '${u.id}'`);
  let status = 200;
  for (let i = 0; i < 100 && status !== 404; i++) {
    await new Promise((r) => setTimeout(r, 100));
    status = (await adm('GET', `${org}/users/${u.id}`)).status;
  }
  assert.equal(status, 404);
  assert.equal((await adm('GET', `${org}/users/${keep.id}`)).body.status, 'deleted');
  const audit = await adm('GET', `${org}/audit?object=${u.id}`);
  assert.equal(audit.body.items[0].action, 'purge');
  assert.equal(audit.body.items[0].actor, 'system');
  const free = await adm('GET', `${org}/extensions?owner_id=${u.id}`);
  assert.equal(free.body.items.length, 0);
});
