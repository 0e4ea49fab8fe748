// sessions.test.mjs: sessions end when rights change (a user's groups, a
// group's permissions; the acting administrator's own too), a sign-in never
// reuses a session a cookie brought along (fixation), and an administrator
// ends a user's sessions, within its own tenant only; a sign-in holds no write
// lock while it checks the password.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { startServer, newUser } from '../lib/server.mjs';

let s;
let org;
let groups;
before(async () => {
  s = await startServer();
  org = `/api/v1/orgs/${s.orgId}`;
  groups = Object.fromEntries((await s.req('GET', `${org}/groups`, { token: s.adminToken })).body.items.map((g) => [g.builtin, g]));
});
after(async () => { await s.stop(); });

const PW = 'Granite-Owl-47-Moss';

// An active user of the demo organization in the given groups (ids), with
// its own password set; returns {id, email, token}.
async function member(groupIds) {
  const u = newUser({ password: `${PW}-a`, groups: groupIds });
  const r = await s.req('POST', `${org}/users`, { token: s.adminToken, body: u });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const l = await s.login(u.email, u.password);
  await s.req('POST', '/api/v1/me/password', { token: l.token, body: { current_password: u.password, new_password: PW } });
  return { id: r.body.id, email: u.email, token: (await s.login(u.email, PW)).token };
}

const me = (token) => s.req('GET', '/api/v1/me', { token });

test("changing a user's groups ends its sessions; the same groups again do not", async () => {
  const u = await member([groups.end_user.id]);
  const other = (await s.login(u.email, PW)).token;
  const same = await s.req('PATCH', `${org}/users/${u.id}`, { token: s.adminToken, body: { groups: [groups.end_user.id] } });
  assert.equal(same.status, 200);
  assert.equal((await me(u.token)).status, 200, 'no change of rights, the session lives on');

  const r = await s.req('PATCH', `${org}/users/${u.id}`, { token: s.adminToken, body: { groups: [groups.end_user.id, groups.call_details.id] } });
  assert.equal(r.status, 200);
  assert.equal((await me(u.token)).status, 401);
  assert.equal((await me(other)).status, 401);
  // signing in again gives the new rights
  const fresh = await s.login(u.email, PW);
  assert.ok(fresh.user.permissions.includes('calls.read_all'));
  // told why, once
  assert.equal(fresh.notice, 'rights_changed');
  assert.equal((await s.login(u.email, PW)).notice, undefined);
  const audit = await s.req('GET', `${org}/audit?object=${u.id}&limit=1`, { token: s.adminToken });
  assert.equal(audit.body.items[0].changes.sessions_ended, true, JSON.stringify(audit.body.items[0]));
});

test("changing a group's permissions ends every member's sessions, and only theirs", async () => {
  const g = (await s.req('POST', `${org}/groups`, { token: s.adminToken, body: { name: `Rotated ${Date.now()}`, permissions: ['calls.read_own'] } })).body;
  const a = await member([g.id]);
  const b = await member([g.id, groups.end_user.id]);
  const outsider = await member([groups.end_user.id]);

  // a change that is not one of rights keeps everyone signed in
  const renamed = await s.req('PATCH', `${org}/groups/${g.id}`, { token: s.adminToken, body: { name: `${g.name} (renamed)` } });
  assert.equal(renamed.status, 200);
  assert.equal((await me(a.token)).status, 200);

  const r = await s.req('PATCH', `${org}/groups/${g.id}`, { token: s.adminToken, body: { permissions: ['calls.read_own', 'users.read'] } });
  assert.equal(r.status, 200);
  assert.equal((await me(a.token)).status, 401);
  assert.equal((await me(b.token)).status, 401);
  assert.equal((await me(outsider.token)).status, 200);
  assert.equal((await me(s.adminToken)).status, 200);
  const again = await s.login(a.email, PW);
  assert.equal((await s.req('GET', `${org}/users`, { token: again.token })).status, 200);
  assert.equal(again.notice, 'rights_changed');
  assert.equal((await s.login(outsider.email, PW)).notice, undefined, 'not a member: nothing to tell');

  // taking a right away ends them too
  await s.req('PATCH', `${org}/groups/${g.id}`, { token: s.adminToken, body: { permissions: ['calls.read_own'] } });
  assert.equal((await me(again.token)).status, 401);
  const audit = await s.req('GET', `${org}/audit?object=${g.id}&limit=1`, { token: s.adminToken });
  assert.equal(audit.body.items[0].changes.sessions_ended, true);
});

test('an administrator who changes its own rights is signed out too', async () => {
  const adm = await member([groups.admin.id]);
  const peer = await member([groups.admin.id]);
  const fewer = groups.admin.permissions.filter((p) => p !== 'contacts.write');
  assert.ok(fewer.length < groups.admin.permissions.length);
  const r = await s.req('PATCH', `${org}/groups/${groups.admin.id}`, { token: adm.token, body: { permissions: fewer } });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal((await me(adm.token)).status, 401);
  assert.equal((await me(peer.token)).status, 401);
  const fresh = await s.login(adm.email, PW);
  assert.ok(!fresh.user.permissions.includes('contacts.write'));
  // its own groups: the same
  const g2 = await s.req('PATCH', `${org}/users/${adm.id}`, { token: fresh.token, body: { groups: [groups.admin.id, groups.end_user.id] } });
  assert.equal(g2.status, 200, JSON.stringify(g2.body));
  assert.equal((await me(fresh.token)).status, 401);
  // put the group back for the other tests
  const back = await s.req('PATCH', `${org}/groups/${groups.admin.id}`, { token: s.adminToken, body: { permissions: groups.admin.permissions } });
  assert.equal(back.status, 200);
});

test('a sign-in ends the session of the cookie it came with (no fixation)', async () => {
  const u = await member([groups.end_user.id]);
  const planted = (await s.login(u.email, PW)).token; // say, set in the victim's browser
  const r = await s.req('POST', '/api/v1/auth/login', {
    body: { login: u.email, password: PW }, headers: { cookie: `sb_session=${planted}` } });
  assert.equal(r.status, 200);
  assert.notEqual(r.body.token, planted);
  assert.match(r.headers.get('set-cookie'), new RegExp(`^sb_session=${r.body.token};`));
  assert.equal((await me(planted)).status, 401, 'the planted session is gone');
  assert.equal((await me(r.body.token)).status, 200);
  assert.equal((await me(u.token)).status, 200, 'sessions elsewhere are not touched');
  // a stale or made-up cookie does not get in the way
  const stale = await s.req('POST', '/api/v1/auth/login', {
    body: { login: u.email, password: PW }, headers: { cookie: 'sb_session=made-up' } });
  assert.equal(stale.status, 200);
  // nor does a failed sign-in end anything
  const fresh = (await s.login(u.email, PW)).token;
  const wrong = await s.req('POST', '/api/v1/auth/login', {
    body: { login: u.email, password: 'Wrong-Password-11' }, headers: { cookie: `sb_session=${fresh}` } });
  assert.equal(wrong.status, 401);
  assert.equal((await me(fresh)).status, 200);
});

test("an administrator of another organization cannot end a user's sessions", async () => {
  const u = await member([groups.end_user.id]);
  const B = (await s.req('POST', '/api/v1/orgs', { token: s.adminToken, body: { name: `Elsewhere ${Date.now()}`, parent_id: s.platformId } })).body.id;
  const bGroups = (await s.req('GET', `/api/v1/orgs/${B}/groups`, { token: s.adminToken })).body.items;
  const adm = newUser({ password: `${PW}-a`, groups: [bGroups.find((g) => g.builtin === 'admin').id] });
  assert.equal((await s.req('POST', `/api/v1/orgs/${B}/users`, { token: s.adminToken, body: adm })).status, 201);
  const l = await s.login(adm.email, adm.password);
  await s.req('POST', '/api/v1/me/password', { token: l.token, body: { current_password: adm.password, new_password: PW } });
  const tokenB = (await s.login(adm.email, PW)).token;
  for (const path of [`${org}/users/${u.id}/sessions`, `/api/v1/orgs/${B}/users/${u.id}/sessions`]) {
    const r = await s.req('DELETE', path, { token: tokenB });
    assert.equal(r.status, 404, path);
  }
  assert.equal((await me(u.token)).status, 200);
  // and it needs users.write in its own organization
  const eu = await member([groups.end_user.id]);
  assert.equal((await s.req('DELETE', `${org}/users/${u.id}/sessions`, { token: eu.token })).status, 403);
  assert.equal((await me(u.token)).status, 200);
});

// A request on a connection of its own (no keep-alive reuse): each is
// then served by whichever server thread is free. Resolves with the status.
function onOwnConnection(method, path, { token, body } = {}) {
  return new Promise((resolve, reject) => {
    const headers = { 'content-type': 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    const rq = request(s.url + path, { method, headers, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    });
    rq.on('error', reject);
    rq.end(JSON.stringify(body));
  });
}

test('a sign-in does not hold up writers while its password is checked', async () => {
  // The argon2id verification of a sign-in runs with no write lock held: a
  // write sent while it runs answers before the sign-in does.
  const tz = (await me(s.adminToken)).body.timezone ?? 'Europe/Amsterdam';
  // Four sign-ins at once (argon2id runs at most one per core, so they take
  // turns and the last ends well after the first began): a write sent
  // meanwhile answers before the last of them, however loaded the machine.
  const order = [];
  const signins = [0, 1, 2, 3].map((i) => onOwnConnection('POST', '/api/v1/auth/login', { body: { login: `nobody-${i}-${Date.now()}@example.org`, password: 'Wrong-Horse-Battery-9' } })
    .then((status) => { order.push('sign-in'); return status; }));
  await new Promise((ok) => setTimeout(ok, 30));
  const write = onOwnConnection('PATCH', '/api/v1/me', { token: s.adminToken, body: { timezone: tz } })
    .then((status) => { order.push('write'); return status; });
  assert.deepEqual(await Promise.all([...signins, write]), [401, 401, 401, 401, 200]);
  assert.notEqual(order[order.length - 1], 'write', order.join(', '));
});
