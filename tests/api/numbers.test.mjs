// numbers.test.mjs: an organization's phone numbers (DIDs), issue 4: given
// in any common format, parsed by the organization's country, answered in
// E.164, unique on the whole platform, telephony rights, tenant isolation.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, newUser, malformed } from '../lib/server.mjs';

let s;
let org;
before(async () => { s = await startServer(); org = `/api/v1/orgs/${s.orgId}`; });
after(async () => { await s.stop(); });

const add = (body, token = s.adminToken, o = org) => s.req('POST', `${o}/numbers`, { token, body });

test('a Dutch organization reads "020 123 4567" as +31201234567', async () => {
  const r = await add({ number: '020 123 4567', label: 'Hoofdnummer' });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.equal(r.body.number, '+31201234567');
  assert.equal(r.body.label, 'Hoofdnummer');
  const m = await add({ number: '06 12345678' });
  assert.equal(m.body.number, '+31612345678');
  const got = await s.req('GET', `${org}/numbers/${r.body.id}`, { token: s.adminToken });
  assert.equal(got.body.number, '+31201234567');
});

test('an invalid number is a 422 naming the field; a taken one a 409, in any organization', async () => {
  const bad = await add({ number: '12' });
  assert.equal(bad.status, 422);
  assert.deepEqual(bad.body.errors.map((e) => [e.field, e.code]), [['number', 'invalid_phone']]);
  const missing = await add(malformed({ label: 'x' }));
  assert.equal(missing.status, 422);
  assert.equal(missing.body.errors[0].field, 'number');
  await add({ number: '+31 30 765 4321' });
  const dup = await add({ number: '030-7654321' });
  assert.equal(dup.status, 409);
  assert.equal(dup.body.errors[0].field, 'number');
  const other = await s.req('POST', '/api/v1/orgs', { token: s.adminToken, body: { name: `Num ${Date.now()}`, parent_id: s.platformId } });
  const dup2 = await add({ number: '+31307654321' }, s.adminToken, `/api/v1/orgs/${other.body.id}`);
  assert.equal(dup2.status, 409);
});

test('list in number order with paging; change the label; delete', async () => {
  const a = await add({ number: '+31 10 111 2233' });
  const b = await add({ number: '+31 10 111 2244' });
  const page = await s.req('GET', `${org}/numbers?limit=1`, { token: s.adminToken });
  assert.equal(page.body.items.length, 1);
  const all = [];
  let next = null;
  do {
    const r = await s.req('GET', `${org}/numbers?limit=2${next ? `&after=${encodeURIComponent(next)}` : ''}`, { token: s.adminToken });
    all.push(...r.body.items.map((x) => x.number));
    next = r.body.next;
  } while (next);
  assert.deepEqual(all, [...all].sort());
  assert.ok(all.includes(a.body.number) && all.includes(b.body.number));
  const p = await s.req('PATCH', `${org}/numbers/${a.body.id}`, { token: s.adminToken, body: { label: 'Support' } });
  assert.equal(p.status, 200);
  assert.equal(p.body.label, 'Support');
  assert.equal(p.body.number, a.body.number);
  assert.equal((await s.req('DELETE', `${org}/numbers/${b.body.id}`, { token: s.adminToken })).status, 204);
  assert.equal((await s.req('GET', `${org}/numbers/${b.body.id}`, { token: s.adminToken })).status, 404);
  const audit = await s.req('GET', `${org}/audit?object=${a.body.id}`, { token: s.adminToken });
  assert.deepEqual(audit.body.items.map((e) => e.action), ['update', 'create']);
});

test('an End user may not see or add numbers', async () => {
  const u = newUser({ password: 'Green-Valley-83-Mill' });
  await s.req('POST', `${org}/users`, { token: s.adminToken, body: u });
  const l = await s.login(u.email, u.password);
  await s.req('POST', '/api/v1/me/password', { token: l.token, body: { current_password: u.password, new_password: 'Green-Valley-83-Mill-2' } });
  const t = (await s.login(u.email, 'Green-Valley-83-Mill-2')).token;
  assert.equal((await s.req('GET', `${org}/numbers`, { token: t })).status, 403);
  assert.equal((await add({ number: '+31 20 999 8877' }, t)).status, 403);
});
