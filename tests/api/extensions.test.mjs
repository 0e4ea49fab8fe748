// extensions.test.mjs: internal numbers, issue 4: the organization's rule
// (four digits starting with 7 unless changed), the next free one, unique
// within the organization, several per user, "auto" on user create from the
// API and the CLI, rights, and the organization's other telephony settings
// (trunk default caller ID, caller ID mode, retention of deleted users).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, newUser, cli, malformed } from '../lib/server.mjs';

let s;
let org;
before(async () => { s = await startServer(); org = `/api/v1/orgs/${s.orgId}`; });
after(async () => { await s.stop(); });

const adm = (method, path, body) => s.req(method, path, { token: s.adminToken, body });
const next = async (o = org) => (await adm('GET', `${o}/extensions/next`)).body.extension;
const newOrg = async (extra = {}) => (await adm('POST', '/api/v1/orgs', { name: `Ext ${Date.now()} ${Math.random()}`, parent_id: s.platformId, ...extra })).body;

test('an organization starts with four digits starting with 7; next suggests 7001, then 7002, skipping taken ones', async () => {
  const o = await newOrg();
  const base = `/api/v1/orgs/${o.id}`;
  assert.equal(o.extension_length, 4);
  assert.equal(o.extension_prefix, '7');
  const n = await adm('GET', `${base}/extensions/next`);
  assert.equal(n.status, 200);
  assert.deepEqual(n.body, { extension: '7001', rule: { length: 4, prefix: '7' } });
  const u1 = await adm('POST', `${base}/users`, newUser({ extension: 'auto' }));
  assert.equal(u1.status, 201, JSON.stringify(u1.body));
  assert.deepEqual(u1.body.extensions, ['7001']);
  assert.equal(await next(base), '7002');
  const x = await adm('POST', `${base}/extensions`, { extension: '7003', user_id: u1.body.id });
  assert.equal(x.status, 201, JSON.stringify(x.body));
  assert.equal(x.body.extension, '7003');
  assert.deepEqual(x.body.owner.type, 'user');
  assert.equal(x.body.owner.id, u1.body.id);
  assert.equal(await next(base), '7002');
  const u2 = await adm('POST', `${base}/users`, newUser({ extension: 'auto' }));
  assert.deepEqual(u2.body.extensions, ['7002']);
  assert.equal(await next(base), '7004');
  // a user may have several (seed 004): both show on the user
  const got = await adm('GET', `${base}/users/${u1.body.id}`);
  assert.deepEqual(got.body.extensions, ['7001', '7003']);
  const mine = await adm('GET', `${base}/extensions?owner_id=${u1.body.id}`);
  assert.deepEqual(mine.body.items.map((e) => e.extension), ['7001', '7003']);
  assert.ok(mine.body.items[0].owner.name.length > 0);
});

test('the rule is enforced; a taken extension is a 409 naming the field, and nothing is created', async () => {
  const u = await adm('POST', `${org}/users`, newUser());
  for (const bad of ['123', '8001', '70a1', '70011', '']) {
    const r = await adm('POST', `${org}/extensions`, { extension: bad, user_id: u.body.id });
    assert.equal(r.status, 422, bad);
    assert.equal(r.body.errors[0].field, 'extension', bad);
  }
  const missing = await adm('POST', `${org}/extensions`, malformed({ extension: '7555' }));
  assert.equal(missing.status, 422);
  assert.equal(missing.body.errors[0].field, 'user_id');
  const nobody = await adm('POST', `${org}/extensions`, { extension: '7555', user_id: '01900000-0000-7000-8000-000000000000' });
  assert.equal(nobody.status, 422);
  assert.equal(nobody.body.errors[0].code, 'not_found');
  assert.equal((await adm('POST', `${org}/extensions`, { extension: '7555', user_id: u.body.id })).status, 201);
  const dup = await adm('POST', `${org}/extensions`, { extension: '7555', user_id: u.body.id });
  assert.equal(dup.status, 409);
  assert.deepEqual(dup.body.errors.map((e) => [e.field, e.code]), [['extension', 'taken']]);
  const email = `taken.${Date.now()}@example.com`;
  const du = await adm('POST', `${org}/users`, newUser({ email, extension: '7555' }));
  assert.equal(du.status, 409);
  assert.equal(du.body.errors[0].field, 'extension');
  const bu = await adm('POST', `${org}/users`, newUser({ email, extension: '99' }));
  assert.equal(bu.status, 422);
  assert.equal(bu.body.errors[0].code, 'invalid_extension');
  const none = await adm('GET', `${org}/users?q=${encodeURIComponent(email)}`);
  assert.equal(none.body.items.length, 0);
  // the same number in another organization is fine: unique per organization
  const o = await newOrg();
  const ou = await adm('POST', `/api/v1/orgs/${o.id}/users`, newUser({ extension: '7555' }));
  assert.equal(ou.status, 201, JSON.stringify(ou.body));
});

test('deleting an extension frees it, and both are audited', async () => {
  const o = await newOrg();
  const base = `/api/v1/orgs/${o.id}`;
  const u = await adm('POST', `${base}/users`, newUser({ extension: 'auto' }));
  const list = await adm('GET', `${base}/extensions`);
  const e = list.body.items.find((x) => x.extension === '7001');
  assert.equal((await adm('GET', `${base}/extensions/${e.id}`)).body.owner.id, u.body.id);
  assert.equal(await next(base), '7002');
  assert.equal((await adm('DELETE', `${base}/extensions/${e.id}`)).status, 204);
  assert.equal((await adm('GET', `${base}/extensions/${e.id}`)).status, 404);
  assert.equal(await next(base), '7001');
  const audit = await adm('GET', `${base}/audit?object=${e.id}`);
  assert.deepEqual(audit.body.items.map((a) => a.action), ['delete', 'create']);
  assert.equal(audit.body.items[1].changes.extension, '7001');
});

test('an organization may change its rule; a bad rule is refused field by field', async () => {
  const o = await newOrg();
  const base = `/api/v1/orgs/${o.id}`;
  const bad = await adm('PATCH', base, malformed({ extension_length: 9, extension_prefix: 'x1', caller_id_mode: 'phone', retention_days: 0 }));
  assert.equal(bad.status, 422);
  assert.deepEqual(bad.body.errors.map((e) => e.field).sort(), ['caller_id_mode', 'extension_length', 'extension_prefix', 'retention_days']);
  const long = await adm('PATCH', base, { extension_length: 3, extension_prefix: '200' });
  assert.equal(long.status, 422);
  assert.equal(long.body.errors[0].field, 'extension_prefix');
  const ok = await adm('PATCH', base, { extension_length: 3, extension_prefix: '2', caller_id_mode: 'device', retention_days: 60 });
  assert.equal(ok.status, 200, JSON.stringify(ok.body));
  assert.equal(ok.body.caller_id_mode, 'device');
  assert.equal(ok.body.retention_days, 60);
  assert.equal(await next(base), '201');
  const u = await adm('POST', `${base}/users`, newUser({ extension: '255' }));
  assert.deepEqual(u.body.extensions, ['255']);
  assert.equal((await adm('POST', `${base}/users`, newUser({ extension: '7001' }))).status, 422);
  // no prefix at all: any two digits
  await adm('PATCH', base, { extension_length: 2, extension_prefix: '' });
  assert.equal(await next(base), '01');
  // a child organization starts with its parent's rule
  const child = await adm('POST', '/api/v1/orgs', { name: `Kind ${Date.now()}`, parent_id: s.platformId });
  assert.equal(child.body.extension_length, 4);
});

test('the trunk default caller ID is one of the organization\'s numbers', async () => {
  const o = await newOrg();
  const base = `/api/v1/orgs/${o.id}`;
  assert.equal(o.trunk_caller_id, null);
  const stranger = await adm('PATCH', base, { trunk_caller_id: '020 555 0000' });
  assert.equal(stranger.status, 422);
  assert.deepEqual(stranger.body.errors.map((e) => [e.field, e.code]), [['trunk_caller_id', 'not_found']]);
  const invalid = await adm('PATCH', base, { trunk_caller_id: '12' });
  assert.equal(invalid.body.errors[0].code, 'invalid_phone');
  const num = await adm('POST', `${base}/numbers`, { number: `020 55${String(Date.now()).slice(-5)}` });
  assert.equal(num.status, 201);
  const set = await adm('PATCH', base, { trunk_caller_id: num.body.number.replace('+31', '0') });
  assert.equal(set.status, 200);
  assert.equal(set.body.trunk_caller_id, num.body.number);
  assert.equal((await adm('GET', base)).body.trunk_caller_id, num.body.number);
  const del = await adm('DELETE', `${base}/numbers/${num.body.id}`);
  assert.equal(del.status, 409);
  assert.equal((await adm('PATCH', base, { trunk_caller_id: null })).body.trunk_caller_id, null);
  assert.equal((await adm('DELETE', `${base}/numbers/${num.body.id}`)).status, 204);
});

test('extensions need telephony rights: End user 403, users.write alone cannot give one', async () => {
  const pw = 'Green-Valley-83-Mill';
  const u = newUser({ password: pw });
  u.id = (await adm('POST', `${org}/users`, u)).body.id;
  await s.req('POST', '/api/v1/me/password', { token: (await s.login(u.email, pw)).token, body: { current_password: pw, new_password: `${pw}-2` } });
  const t = (await s.login(u.email, `${pw}-2`)).token;
  assert.equal((await s.req('POST', `${org}/extensions`, { token: t, body: { extension: '7444', user_id: u.id } })).status, 403);
  const g = await adm('POST', `${org}/groups`, { name: `Users only ${Date.now()}`, permissions: ['users.read', 'users.write'] });
  const hr = newUser({ password: pw, groups: [g.body.id] });
  await adm('POST', `${org}/users`, hr);
  await s.req('POST', '/api/v1/me/password', { token: (await s.login(hr.email, pw)).token, body: { current_password: pw, new_password: `${pw}-2` } });
  const ht = (await s.login(hr.email, `${pw}-2`)).token;
  const r = await s.req('POST', `${org}/users`, { token: ht, body: newUser({ extension: 'auto' }) });
  assert.equal(r.status, 403);
  assert.equal((await s.req('POST', `${org}/users`, { token: ht, body: newUser() })).status, 201);
});

test('the CLI gives the next free extension with --extension auto', async () => {
  const o = await newOrg();
  const db = ['--data', s.dataDir, ...(s.dbUrl ? ['--db', s.dbUrl] : [])];
  const add = (email, ext) => cli(['user', 'add', ...db, '--org', o.id, '--email', email, '--first-name', 'Kees', '--last-name', 'Cli', '--extension', ext, '--json']);
  const a = add(`cli1.${Date.now()}@example.com`, 'auto');
  assert.equal(a.status, 0, a.stderr);
  assert.deepEqual(JSON.parse(a.stdout).extensions, ['7001']);
  const b = add(`cli2.${Date.now()}@example.com`, 'auto');
  assert.deepEqual(JSON.parse(b.stdout).extensions, ['7002']);
  const c = add(`cli3.${Date.now()}@example.com`, '7002');
  assert.notEqual(c.status, 0);
  assert.match(c.stderr, /extension: Extension 7002 is already in use/);
});
