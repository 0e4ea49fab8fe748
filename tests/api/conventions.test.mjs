// conventions.test.mjs: the API conventions every resource follows:
// Idempotency-Key on creates, ETag and If-Match on changes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, newUser, malformed } from '../lib/server.mjs';

let s;
let org;
before(async () => { s = await startServer(); org = `/api/v1/orgs/${s.orgId}`; });
after(async () => { await s.stop(); });

test('a create retried with the same Idempotency-Key gets the first answer, once', async () => {
  const u = newUser();
  const key = `k-${Date.now()}`;
  const a = await s.req('POST', `${org}/users`, { token: s.adminToken, body: u, headers: { 'idempotency-key': key } });
  assert.equal(a.status, 201);
  const b = await s.req('POST', `${org}/users`, { token: s.adminToken, body: u, headers: { 'idempotency-key': key } });
  assert.equal(b.status, 201);
  assert.equal(b.body.id, a.body.id);
  assert.equal(b.headers.get('idempotent-replayed'), 'true');
  assert.equal(b.headers.get('location'), a.headers.get('location'));
  // the replay names the same version as the first answer did
  assert.match(a.headers.get('etag'), /^"\d+"$/);
  assert.equal(b.headers.get('etag'), a.headers.get('etag'));
  const list = await s.req('GET', `${org}/users?q=${encodeURIComponent(u.last_name)}`, { token: s.adminToken });
  assert.equal(list.body.items.length, 1);
  // the same key for another request is refused and changes nothing
  const other = await s.req('POST', `${org}/users`, { token: s.adminToken, body: newUser(), headers: { 'idempotency-key': key } });
  assert.equal(other.status, 422);
  // without a key, the same body is a second create (and here a conflict)
  const again = await s.req('POST', `${org}/users`, { token: s.adminToken, body: u });
  assert.equal(again.status, 409);
});

test('a failed create is not remembered: fixing the body under the same key works', async () => {
  const key = `k2-${Date.now()}`;
  const bad = await s.req('POST', `${org}/groups`, { token: s.adminToken, body: malformed({ name: '' }), headers: { 'idempotency-key': key } });
  assert.equal(bad.status, 422);
  const good = await s.req('POST', `${org}/groups`, { token: s.adminToken, body: { name: `G ${key}` }, headers: { 'idempotency-key': key } });
  assert.equal(good.status, 201);
});

test('PATCH with a stale If-Match is 412 and changes nothing; the current ETag works', async () => {
  const r = await s.req('POST', `${org}/users`, { token: s.adminToken, body: newUser() });
  const etag = r.headers.get('etag');
  assert.match(etag, /^"\d+"$/);
  const get = await s.req('GET', `${org}/users/${r.body.id}`, { token: s.adminToken });
  assert.equal(get.headers.get('etag'), etag);
  await new Promise((res) => setTimeout(res, 5));
  const first = await s.req('PATCH', `${org}/users/${r.body.id}`, { token: s.adminToken, body: { job_title: 'A' }, headers: { 'if-match': etag } });
  assert.equal(first.status, 200);
  assert.notEqual(first.headers.get('etag'), etag);
  const stale = await s.req('PATCH', `${org}/users/${r.body.id}`, { token: s.adminToken, body: { job_title: 'B' }, headers: { 'if-match': etag } });
  assert.equal(stale.status, 412);
  assert.match(stale.headers.get('content-type'), /problem\+json/);
  const now = await s.req('GET', `${org}/users/${r.body.id}`, { token: s.adminToken });
  assert.equal(now.body.job_title, 'A');
  const del = await s.req('DELETE', `${org}/users/${r.body.id}`, { token: s.adminToken, headers: { 'if-match': etag } });
  assert.equal(del.status, 412);
});

test('contacts, companies, groups and organizations carry ETags too', async () => {
  const co = await s.req('POST', `${org}/companies`, { token: s.adminToken, body: { name: `E ${Date.now()}` } });
  assert.match(co.headers.get('etag'), /^"\d+"$/);
  const stale = await s.req('PATCH', `${org}/companies/${co.body.id}`, { token: s.adminToken, body: { phone: '020 1234567' }, headers: { 'if-match': '"1"' } });
  assert.equal(stale.status, 412);
  const g = await s.req('GET', org, { token: s.adminToken });
  assert.match(g.headers.get('etag'), /^"\d+"$/);
  const p = await s.req('PATCH', org, { token: s.adminToken, body: { timezone: 'Europe/Brussels' }, headers: { 'if-match': g.headers.get('etag') } });
  assert.equal(p.status, 200);
});
