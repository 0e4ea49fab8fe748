// huntgroups.test.mjs: hunt groups and ACD queues (issue 4, seed 004): name,
// extension under the organization's rule, strategy, kind, members in order,
// rights, audit, and what happens to members that are purged.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, newUser, malformed } from '../lib/server.mjs';

let s;
let org;
before(async () => { s = await startServer(); org = `/api/v1/orgs/${s.orgId}`; });
after(async () => { await s.stop(); });

const adm = (method, path, body, headers) => s.req(method, path, { token: s.adminToken, body, headers });
const user = async () => (await adm('POST', `${org}/users`, newUser())).body;
const uniq = (p) => `${p} ${Date.now()} ${Math.floor(Math.random() * 1e6)}`;

test('a group with an automatic extension, members in order, ring all by default', async () => {
  const [a, b] = [await user(), await user()];
  const name = uniq('Support');
  const g = await adm('POST', `${org}/hunt-groups`, { name, extension: 'auto', members: [{ type: 'user', id: b.id }, { type: 'user', id: a.id }] });
  assert.equal(g.status, 201, JSON.stringify(g.body));
  assert.equal(g.body.kind, 'group');
  assert.equal(g.body.strategy, 'ring_all');
  assert.equal(g.body.ring_seconds, 20);
  assert.match(g.body.extension, /^7\d{3}$/);
  assert.deepEqual(g.body.members.map((m) => m.id), [b.id, a.id]);
  assert.equal(g.body.members[0].name, `${b.first_name} ${b.last_name}`);
  assert.match(g.headers.get('location'), new RegExp(`/hunt-groups/${g.body.id}$`));
  // its extension is one of the organization's, owned by the group
  const ext = await adm('GET', `${org}/extensions?owner_id=${g.body.id}`);
  assert.equal(ext.body.items[0].owner.type, 'hunt_group');
  assert.equal(ext.body.items[0].owner.name, name);
  const got = await adm('GET', `${org}/hunt-groups/${g.body.id}`);
  assert.deepEqual(got.body, g.body);
});

test('bad input is refused field by field and creates nothing', async () => {
  const u = await user();
  const r = await adm('POST', `${org}/hunt-groups`, malformed({
    name: '', kind: 'team', strategy: 'random', ring_seconds: 2, extension: '12',
    members: [{ type: 'user', id: u.id }, { type: 'user', id: u.id }, { type: 'robot', id: u.id }, { type: 'user', id: '01900000-0000-7000-8000-000000000000' }, 'x'],
  }));
  assert.equal(r.status, 422);
  assert.deepEqual(r.body.errors.map((e) => e.field).sort(),
    ['extension', 'kind', 'members[1]', 'members[2]', 'members[3]', 'members[4]', 'name', 'ring_seconds', 'strategy']);
  const name = uniq('Sales');
  assert.equal((await adm('POST', `${org}/hunt-groups`, { name })).status, 201);
  const dup = await adm('POST', `${org}/hunt-groups`, { name: name.toUpperCase() });
  assert.equal(dup.status, 409);
  assert.equal(dup.body.errors[0].field, 'name');
  const taken = (await adm('GET', `${org}/extensions`)).body.items[0].extension;
  const t = await adm('POST', `${org}/hunt-groups`, { name: uniq('Taken'), extension: taken });
  assert.equal(t.status, 409);
  assert.equal(t.body.errors[0].field, 'extension');
});

test('change strategy, kind, members and extension; ETags guard it; delete frees the extension', async () => {
  const [a, b, c] = [await user(), await user(), await user()];
  const g = await adm('POST', `${org}/hunt-groups`, { name: uniq('Queue'), extension: 'auto', members: [{ type: 'user', id: a.id }] });
  const etag = g.headers.get('etag');
  const p = await adm('PATCH', `${org}/hunt-groups/${g.body.id}`, { strategy: 'linear', kind: 'queue', ring_seconds: 30, members: [{ type: 'user', id: c.id }, { type: 'user', id: b.id }], extension: '7998' }, { 'if-match': etag });
  assert.equal(p.status, 200, JSON.stringify(p.body));
  assert.equal(p.body.strategy, 'linear');
  assert.equal(p.body.kind, 'queue');
  assert.deepEqual(p.body.members.map((m) => m.id), [c.id, b.id]);
  assert.equal(p.body.extension, '7998');
  assert.equal((await adm('GET', `${org}/extensions/next`)).body.extension <= g.body.extension, true);
  const stale = await adm('PATCH', `${org}/hunt-groups/${g.body.id}`, { strategy: 'ring_all' }, { 'if-match': etag });
  assert.equal(stale.status, 412);
  const none = await adm('PATCH', `${org}/hunt-groups/${g.body.id}`, { extension: null });
  assert.equal(none.body.extension, null);
  assert.equal((await adm('GET', `${org}/extensions?owner_id=${g.body.id}`)).body.items.length, 0);
  const audit = await adm('GET', `${org}/audit?object=${g.body.id}`);
  assert.deepEqual(audit.body.items.map((e) => e.action), ['update', 'update', 'create']);
  assert.equal(audit.body.items[1].changes.strategy, 'linear');
  await adm('PATCH', `${org}/hunt-groups/${g.body.id}`, { extension: '7999' });
  assert.equal((await adm('DELETE', `${org}/hunt-groups/${g.body.id}`)).status, 204);
  assert.equal((await adm('GET', `${org}/hunt-groups/${g.body.id}`)).status, 404);
  const again = await adm('POST', `${org}/hunt-groups`, { name: uniq('Reuse'), extension: '7999' });
  assert.equal(again.status, 201);
});

test('a purged user leaves its groups; a deleted one stays until then', async () => {
  const [a, b] = [await user(), await user()];
  const g = await adm('POST', `${org}/hunt-groups`, { name: uniq('Members'), members: [{ type: 'user', id: a.id }, { type: 'user', id: b.id }] });
  await adm('DELETE', `${org}/users/${a.id}`);
  assert.equal((await adm('GET', `${org}/hunt-groups/${g.body.id}`)).body.members.length, 2);
  await adm('DELETE', `${org}/users/${a.id}?purge=true&confirm=${encodeURIComponent(a.email)}`);
  const after = await adm('GET', `${org}/hunt-groups/${g.body.id}`);
  assert.deepEqual(after.body.members.map((m) => m.id), [b.id]);
  // a deleted user cannot be added
  await adm('DELETE', `${org}/users/${b.id}`);
  const r = await adm('PATCH', `${org}/hunt-groups/${g.body.id}`, { members: [{ type: 'user', id: b.id }] });
  assert.equal(r.status, 422);
});

test('lists page by name; an End user may not see or change groups', async () => {
  const tag = uniq('Page');
  for (const n of ['c', 'a', 'b']) await adm('POST', `${org}/hunt-groups`, { name: `${tag} ${n}` });
  const names = [];
  let next = null;
  do {
    const r = await adm('GET', `${org}/hunt-groups?limit=2${next ? `&after=${next}` : ''}`);
    assert.equal(r.status, 200);
    names.push(...r.body.items.map((g) => g.name));
    next = r.body.next;
  } while (next);
  assert.deepEqual(names.filter((n) => n.startsWith(tag)), [`${tag} a`, `${tag} b`, `${tag} c`]);
  assert.equal((await adm('GET', `${org}/hunt-groups?after=%%%`)).status, 422);
  const pw = 'Amber-Forest-61-Gate';
  const u = newUser({ password: pw });
  await adm('POST', `${org}/users`, u);
  await s.req('POST', '/api/v1/me/password', { token: (await s.login(u.email, pw)).token, body: { current_password: pw, new_password: `${pw}-2` } });
  const t = (await s.login(u.email, `${pw}-2`)).token;
  assert.equal((await s.req('GET', `${org}/hunt-groups`, { token: t })).status, 403);
  assert.equal((await s.req('POST', `${org}/hunt-groups`, { token: t, body: { name: 'Mine' } })).status, 403);
});
