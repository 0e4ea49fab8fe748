// groups.test.mjs: permission groups (seed 001): the four defaults, the union
// of rights, an edit reaching every member at once, and no granting beyond
// one's own rights.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, newUser, malformed } from '../lib/server.mjs';

let s;
let org;
before(async () => { s = await startServer(); org = `/api/v1/orgs/${s.orgId}`; });
after(async () => { await s.stop(); });

// A signed-in user of the demo organization in the given builtin groups.
async function userIn(builtins, extraGroups = []) {
  const groups = (await s.req('GET', `${org}/groups`, { token: s.adminToken })).body.items;
  const ids = builtins.map((b) => groups.find((g) => g.builtin === b).id).concat(extraGroups);
  const u = newUser({ password: 'Steady-Pine-29-Ridge', groups: ids });
  const r = await s.req('POST', `${org}/users`, { token: s.adminToken, body: u });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const l = await s.login(u.email, u.password);
  await s.req('POST', '/api/v1/me/password', { token: l.token, body: { current_password: u.password, new_password: 'Steady-Pine-29-Ridge-b' } });
  const l2 = await s.login(u.email, 'Steady-Pine-29-Ridge-b');
  return { id: r.body.id, token: l2.token, user: l2.user };
}

test('every new organization has the four groups of seed 001', async () => {
  const r = await s.req('GET', `${org}/groups`, { token: s.adminToken });
  assert.equal(r.status, 200);
  const byKey = Object.fromEntries(r.body.items.map((g) => [g.builtin, g]));
  assert.deepEqual(Object.keys(byKey).sort(), ['account_management', 'admin', 'call_details', 'end_user']);
  assert.equal(byKey.admin.name_nl, 'Beheer');
  assert.equal(byKey.account_management.name_nl, 'Accountbeheer');
  assert.equal(byKey.call_details.name_nl, 'Gespreksdetails');
  assert.equal(byKey.end_user.name_nl, 'Eindgebruiker');
  assert.ok(byKey.account_management.permissions.includes('invoices.read'));
  assert.ok(!byKey.admin.permissions.includes('invoices.read'));
  assert.ok(byKey.call_details.permissions.includes('calls.read_all'));
  assert.deepEqual(byKey.end_user.permissions.sort(), ['calls.read_own', 'destination.write_own', 'media.write_own']);
});

test('a new user without groups is an End user', async () => {
  const r = await s.req('POST', `${org}/users`, { token: s.adminToken, body: newUser() });
  assert.deepEqual(r.body.groups.map((g) => g.builtin), ['end_user']);
  const p = await s.req('GET', `${org}/users/${r.body.id}/permissions`, { token: s.adminToken });
  assert.deepEqual(p.body.permissions.sort(), ['calls.read_own', 'destination.write_own', 'media.write_own']);
});

test("rights are the union of the user's groups", async () => {
  const u = await userIn(['end_user', 'call_details']);
  const me = await s.req('GET', '/api/v1/me', { token: u.token });
  assert.ok(me.body.permissions.includes('calls.read_all'));
  assert.ok(me.body.permissions.includes('destination.write_own'));
  assert.ok(!me.body.permissions.includes('users.read'));
});

test('editing a group changes the rights of all its members at once', async () => {
  const g = await s.req('POST', `${org}/groups`, { token: s.adminToken, body: { name: `Readers ${Date.now()}`, permissions: ['calls.read_own'] } });
  assert.equal(g.status, 201, JSON.stringify(g.body));
  const a = await userIn([], [g.body.id]);
  const b = await userIn([], [g.body.id]);
  assert.equal((await s.req('GET', `${org}/users`, { token: a.token })).status, 403);
  const p = await s.req('PATCH', `${org}/groups/${g.body.id}`, { token: s.adminToken, body: { permissions: ['calls.read_own', 'users.read'] } });
  assert.equal(p.status, 200);
  // their sessions end with the change (sessions.test.mjs); signed in
  // again, both have the new right
  for (const m of [a, b]) {
    assert.equal((await s.req('GET', `${org}/users`, { token: m.token })).status, 401);
    const t = (await s.login(m.user.email, 'Steady-Pine-29-Ridge-b')).token;
    assert.equal((await s.req('GET', `${org}/users`, { token: t })).status, 200);
  }
});

test('nobody grants more than they hold', async () => {
  const admin = await userIn(['admin']); // Admin lacks invoices.read
  const groups = (await s.req('GET', `${org}/groups`, { token: s.adminToken })).body.items;
  const acct = groups.find((g) => g.builtin === 'account_management');
  const r = await s.req('POST', `${org}/users`, { token: admin.token, body: newUser({ groups: [acct.id] }) });
  assert.equal(r.status, 403);
  assert.match(r.body.detail, /invoices\.read/);
  const g = await s.req('POST', `${org}/groups`, { token: admin.token, body: { name: 'Sneaky', permissions: ['invoices.read'] } });
  assert.equal(g.status, 403);
  assert.match(g.body.detail, /invoices\.read/);
  const admins = groups.find((x) => x.builtin === 'admin');
  const e = await s.req('PATCH', `${org}/groups/${admins.id}`, { token: admin.token, body: { permissions: [...admins.permissions, 'invoices.read'] } });
  assert.equal(e.status, 403);
  // what it holds it may grant
  const ok = await s.req('POST', `${org}/users`, { token: admin.token, body: newUser({ groups: [admins.id] }) });
  assert.equal(ok.status, 201, JSON.stringify(ok.body));
});

test('unknown permissions and duplicate names are refused', async () => {
  const bad = await s.req('POST', `${org}/groups`, { token: s.adminToken, body: malformed({ name: 'X', permissions: ['users.read', 'fly.plane'] }) });
  assert.equal(bad.status, 422);
  assert.equal(bad.body.errors[0].field, 'permissions');
  const dup = await s.req('POST', `${org}/groups`, { token: s.adminToken, body: { name: 'end user' } });
  assert.equal(dup.status, 409);
  assert.equal(dup.body.errors[0].field, 'name');
});

test('default groups cannot be deleted; groups with members neither', async () => {
  const groups = (await s.req('GET', `${org}/groups`, { token: s.adminToken })).body.items;
  const eu = groups.find((g) => g.builtin === 'end_user');
  assert.equal((await s.req('DELETE', `${org}/groups/${eu.id}`, { token: s.adminToken })).status, 409);
  const g = await s.req('POST', `${org}/groups`, { token: s.adminToken, body: { name: `Temp ${Date.now()}` } });
  assert.equal((await s.req('DELETE', `${org}/groups/${g.body.id}`, { token: s.adminToken })).status, 204);
});

test('the catalogue lists every permission with Dutch and English text', async () => {
  const r = await s.req('GET', '/api/v1/permissions', { token: s.adminToken });
  assert.equal(r.status, 200);
  const names = r.body.items.map((p) => p.name);
  for (const n of ['users.read', 'users.write', 'invoices.read', 'destination.write_own']) assert.ok(names.includes(n));
  assert.ok(r.body.items.every((p) => p.description && p.description_nl));
});
