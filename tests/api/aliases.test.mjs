// aliases.test.mjs: SIP aliases (issue 4, seed 004): a sub-identity of a
// user ("John Support") with its own display name, SIP address and
// credentials and an optional extension; it can join hunt groups, and the
// route for its extension rings it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { startServer, newUser, malformed } from '../lib/server.mjs';

let s;
let org;
before(async () => { s = await startServer(); org = `/api/v1/orgs/${s.orgId}`; });
after(async () => { await s.stop(); });

const adm = (method, path, body) => s.req(method, path, { token: s.adminToken, body });
const md5 = (x) => createHash('md5').update(x).digest('hex');

test('an alias gets its own SIP identity, shown once, and an extension', async () => {
  const john = (await adm('POST', `${org}/users`, newUser({ first_name: 'John' }))).body;
  const a = await adm('POST', `${org}/users/${john.id}/aliases`, { display_name: 'John Support', extension: 'auto' });
  assert.equal(a.status, 201, JSON.stringify(a.body));
  assert.equal(a.body.display_name, 'John Support');
  assert.match(a.body.extension, /^7\d{3}$/);
  assert.ok(a.body.secret.length >= 20);
  assert.equal(a.body.sip_address, `sip:${a.body.username}@${a.body.realm}`);
  const creds = await adm('GET', `/api/v1/sip/credentials/${a.body.username}`);
  assert.equal(creds.status, 200);
  assert.equal(creds.body.ha1, md5(`${a.body.username}:${a.body.realm}:${a.body.secret}`));
  assert.equal(creds.body.kind, 'alias');
  const got = await adm('GET', `${org}/users/${john.id}/aliases/${a.body.id}`);
  assert.equal(got.body.secret, undefined);
  const list = await adm('GET', `${org}/users/${john.id}/aliases`);
  assert.deepEqual(list.body.items.map((x) => x.display_name), ['John Support']);
  // aliases are not among the phone accounts
  const accounts = await adm('GET', `${org}/users/${john.id}/sip-accounts`);
  assert.equal(accounts.body.items.length, 0);
  assert.equal((await adm('GET', `${org}/users/${john.id}/sip-accounts/${a.body.id}`)).status, 404);
  // its extension is owned by the alias, and routes to it
  const ext = await adm('GET', `${org}/extensions?owner_id=${a.body.id}`);
  assert.deepEqual(ext.body.items[0].owner, { type: 'alias', id: a.body.id, name: 'John Support' });
  const rt = await adm('GET', `${org}/route?number=${a.body.extension}`);
  assert.equal(rt.body.result, 'ring');
  assert.equal(rt.body.rule, 'alias');
  assert.deepEqual(rt.body.targets, [{ type: 'sip', username: a.body.username, kind: 'alias', step: 1, ring_seconds: 20 }]);
  const audit = await adm('GET', `${org}/audit?object=${a.body.id}`);
  assert.ok(!JSON.stringify(audit.body).includes(a.body.secret));
  assert.ok(!s.log.includes(a.body.secret));
});

test('an alias joins a hunt group; suspending its user stops it; deleting it frees its extension', async () => {
  const u = (await adm('POST', `${org}/users`, newUser())).body;
  const a = (await adm('POST', `${org}/users/${u.id}/aliases`, { display_name: 'Sales line', extension: 'auto' })).body;
  const g = await adm('POST', `${org}/hunt-groups`, { name: `Sales ${Date.now()}`, extension: 'auto', members: [{ type: 'alias', id: a.id }] });
  assert.equal(g.status, 201, JSON.stringify(g.body));
  assert.deepEqual(g.body.members, [{ type: 'alias', id: a.id, name: 'Sales line' }]);
  let rt = (await adm('GET', `${org}/route?number=${g.body.extension}`)).body;
  assert.deepEqual(rt.targets.map((t) => t.username), [a.username]);
  await adm('POST', `${org}/users/${u.id}/suspend`);
  rt = (await adm('GET', `${org}/route?number=${g.body.extension}`)).body;
  assert.equal(rt.result, 'unreachable');
  assert.equal((await adm('GET', `/api/v1/sip/credentials/${a.username}`)).status, 404);
  await adm('POST', `${org}/users/${u.id}/resume`);
  assert.equal((await adm('DELETE', `${org}/users/${u.id}/aliases/${a.id}`)).status, 204);
  assert.equal((await adm('GET', `${org}/hunt-groups/${g.body.id}`)).body.members.length, 0);
  assert.equal((await adm('GET', `${org}/extensions?owner_id=${a.id}`)).body.items.length, 0);
  assert.equal((await adm('GET', `/api/v1/sip/credentials/${a.username}`)).status, 404);
});

test('bad input and rights', async () => {
  const u = (await adm('POST', `${org}/users`, newUser())).body;
  const bad = await adm('POST', `${org}/users/${u.id}/aliases`, malformed({ extension: '12', colour: 'red' }));
  assert.equal(bad.status, 422);
  assert.deepEqual(bad.body.errors.map((e) => e.field).sort(), ['colour', 'display_name', 'extension']);
  const taken = u.extensions?.[0] || (await adm('POST', `${org}/extensions`, { extension: 'auto', user_id: u.id })).body.extension;
  const dup = await adm('POST', `${org}/users/${u.id}/aliases`, { display_name: 'X', extension: taken });
  assert.equal(dup.status, 409);
  assert.equal((await adm('POST', `${org}/users/01900000-0000-7000-8000-000000000000/aliases`, { display_name: 'X' })).status, 404);
  const pw = 'Quiet-River-58-Stone';
  const e = newUser({ password: pw });
  await adm('POST', `${org}/users`, e);
  await s.req('POST', '/api/v1/me/password', { token: (await s.login(e.email, pw)).token, body: { current_password: pw, new_password: `${pw}-2` } });
  const t = (await s.login(e.email, `${pw}-2`)).token;
  assert.equal((await s.req('POST', `${org}/users/${u.id}/aliases`, { token: t, body: { display_name: 'Mine' } })).status, 403);
});
