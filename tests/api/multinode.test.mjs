// multinode.test.mjs: two server nodes sharing one PostgreSQL database, as a
// deployment grows past one machine: uniqueness holds across nodes, a
// session made on one node works (and ends) on the other, and an import job
// of a node that dies is ended by the other. PostgreSQL only.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, newUser, PG, createPgDatabase, sql } from '../lib/server.mjs';

const skip = PG ? false : 'needs PostgreSQL (SWITCHBOARD_TEST_PG)';
let a;
let b;
before(async () => {
  if (skip) return;
  a = await startServer();
  // nodes share the key file too (secrets sealed on one are read on the other)
  b = await startServer({ db: a.dbUrl, skipInit: true, args: ['--key-file', `${a.dataDir}/secret.key`] });
});
after(async () => { if (b) await b.stop(); if (a) await a.stop(); });

test('50 concurrent creates of one email over two nodes: exactly one 201', { skip }, async () => {
  const email = `race.${Date.now()}@example.com`;
  const org = `/api/v1/orgs/${a.orgId}/users`;
  const results = await Promise.all(Array.from({ length: 50 }, (_, i) => {
    const node = i % 2 ? b : a;
    return node.req('POST', org, { token: node.adminToken, body: newUser({ email }) });
  }));
  const statuses = results.map((r) => r.status).sort();
  assert.equal(statuses.filter((s) => s === 201).length, 1, JSON.stringify(statuses));
  assert.equal(statuses.filter((s) => s === 409).length, 49, JSON.stringify(statuses));
  for (const r of results.filter((x) => x.status === 409)) assert.equal(r.body.errors[0].field, 'email');
  const list = await b.req('GET', `${org}?q=${encodeURIComponent(email)}`, { token: b.adminToken });
  assert.equal(list.body.items.length, 1);
});

test('50 concurrent creates of one login name over two nodes: exactly one 201', { skip }, async () => {
  const login = `racer${Date.now()}`;
  const org = `/api/v1/orgs/${a.orgId}/users`;
  const results = await Promise.all(Array.from({ length: 50 }, (_, i) => {
    const node = i % 2 ? b : a;
    return node.req('POST', org, { token: node.adminToken, body: newUser({ login_name: login }) });
  }));
  const statuses = results.map((r) => r.status);
  assert.equal(statuses.filter((s) => s === 201).length, 1, JSON.stringify(statuses));
  assert.equal(statuses.filter((s) => s === 409).length, 49, JSON.stringify(statuses));
  for (const r of results.filter((x) => x.status === 409)) assert.equal(r.body.errors[0].field, 'login_name');
});

test('50 concurrent creates of one extension over two nodes: exactly one 201', { skip }, async () => {
  const org = `/api/v1/orgs/${a.orgId}`;
  const u = await a.req('POST', `${org}/users`, { token: a.adminToken, body: newUser() });
  const results = await Promise.all(Array.from({ length: 50 }, (_, i) => {
    const node = i % 2 ? b : a;
    return node.req('POST', `${org}/extensions`, { token: node.adminToken, body: { extension: '7777', user_id: u.body.id } });
  }));
  const statuses = results.map((r) => r.status);
  assert.equal(statuses.filter((s) => s === 201).length, 1, JSON.stringify(statuses));
  assert.equal(statuses.filter((s) => s === 409).length, 49, JSON.stringify(statuses));
  for (const r of results.filter((x) => x.status === 409)) assert.equal(r.body.errors[0].field, 'extension');
  const list = await b.req('GET', `${org}/extensions?owner_id=${u.body.id}`, { token: b.adminToken });
  assert.deepEqual(list.body.items.map((e) => e.extension), ['7777']);
});

test('50 concurrent user creates asking for one extension over two nodes: exactly one user', { skip }, async () => {
  const org = `/api/v1/orgs/${a.orgId}`;
  const results = await Promise.all(Array.from({ length: 50 }, (_, i) => {
    const node = i % 2 ? b : a;
    return node.req('POST', `${org}/users`, { token: node.adminToken, body: newUser({ extension: '7778' }) });
  }));
  const statuses = results.map((r) => r.status);
  assert.equal(statuses.filter((s) => s === 201).length, 1, JSON.stringify(statuses));
  assert.equal(statuses.filter((s) => s === 409).length, 49, JSON.stringify(statuses));
  for (const r of results.filter((x) => x.status === 409)) assert.equal(r.body.errors[0].field, 'extension');
  const owner = (await a.req('GET', `${org}/extensions?limit=500`, { token: a.adminToken })).body.items.filter((e) => e.extension === '7778');
  assert.equal(owner.length, 1);
  const who = await a.req('GET', `${org}/users/${owner[0].owner.id}`, { token: a.adminToken });
  assert.equal(who.status, 200);
});

test('a session made on node A works on node B, and signing out on B ends it on A', { skip }, async () => {
  const l = await a.login(a.adminEmail, a.adminPassword);
  const onB = await b.req('GET', '/api/v1/me', { token: l.token });
  assert.equal(onB.status, 200);
  assert.equal(onB.body.email, a.adminEmail);
  assert.equal((await b.req('POST', '/api/v1/auth/logout', { token: l.token })).status, 204);
  assert.equal((await a.req('GET', '/api/v1/me', { token: l.token })).status, 401);
});

test('a group edit on one node changes rights at once on the other', { skip }, async () => {
  const org = `/api/v1/orgs/${a.orgId}`;
  const g = await a.req('POST', `${org}/groups`, { token: a.adminToken, body: { name: `Nodes ${Date.now()}`, permissions: [] } });
  const u = newUser({ password: 'Twin-Rivers-52-Delta', groups: [g.body.id] });
  await a.req('POST', `${org}/users`, { token: a.adminToken, body: u });
  const l1 = await b.login(u.email, u.password);
  await b.req('POST', '/api/v1/me/password', { token: l1.token, body: { current_password: u.password, new_password: 'Twin-Rivers-52-Delta-2' } });
  const t = (await a.login(u.email, 'Twin-Rivers-52-Delta-2')).token;
  assert.equal((await b.req('GET', `${org}/users`, { token: t })).status, 403);
  await a.req('PATCH', `${org}/groups/${g.body.id}`, { token: a.adminToken, body: { permissions: ['users.read'] } });
  // the change ended the member's session on every node; signed in again
  // (on the other node), it has the new right
  assert.equal((await b.req('GET', `${org}/users`, { token: t })).status, 401);
  const t2 = (await b.login(u.email, 'Twin-Rivers-52-Delta-2')).token;
  assert.equal((await b.req('GET', `${org}/users`, { token: t2 })).status, 200);
});

// Two-factor sign-in: one TOTP code sent at once, with separate challenges,
// to both nodes: the database lets exactly one sign-in through.
test('one TOTP code over two nodes at once: exactly one sign-in', { skip }, async () => {
  const { totp } = await import('../lib/totp.mjs');
  const org = `/api/v1/orgs/${a.orgId}`;
  const u = newUser({ password: 'Twin-Rivers-52-Delta' });
  await a.req('POST', `${org}/users`, { token: a.adminToken, body: u });
  const l = await a.login(u.email, u.password);
  const pw = 'Twin-Rivers-52-Delta-2';
  await a.req('POST', '/api/v1/me/password', { token: l.token, body: { current_password: u.password, new_password: pw } });
  const e = await a.req('POST', '/api/v1/me/2fa/totp', { token: l.token });
  assert.equal((await b.req('POST', '/api/v1/me/2fa/totp/confirm', { token: l.token, body: { code: totp(e.body.secret) } })).status, 200);
  const challenges = [];
  for (let i = 0; i < 8; i++) {
    const node = i % 2 ? b : a;
    challenges.push((await node.req('POST', '/api/v1/auth/login', { body: { login: u.email, password: pw } })).body.challenge);
  }
  const code = totp(e.body.secret, { stepOffset: 1 });
  const results = await Promise.all(challenges.map((challenge, i) => (i % 2 ? a : b)
    .req('POST', '/api/v1/auth/login', { body: { challenge, code } })));
  const statuses = results.map((r) => r.status);
  assert.equal(statuses.filter((x) => x === 200).length, 1, JSON.stringify(statuses));
  assert.ok(statuses.every((x) => [200, 401, 429].includes(x)), JSON.stringify(statuses));
});

test('an import job beats while it runs on node A; A killed, node B marks it interrupted', { skip }, async () => {
  const db = createPgDatabase();
  const fast = ['--import-heartbeat', '0.2', '--import-stale-after', '1'];
  let c;
  let d;
  try {
    c = await startServer({ db: db.url, args: fast });
    d = await startServer({ db: db.url, skipInit: true, args: [...fast, '--key-file', `${c.dataDir}/secret.key`] });
    const id = (srv) => readFileSync(join(srv.dataDir, 'node-id'), 'utf8').trim();
    assert.notEqual(id(c), id(d), 'each node made its own id');
    let csv = 'email,first_name,last_name,invite\n';
    for (let i = 0; i < 60000; i++) csv += `n${i}@beat.test,N,${i},no\n`;
    const posted = await c.req('POST', `/api/v1/orgs/${c.orgId}/imports`, { token: c.adminToken, headers: { 'content-type': 'text/csv' }, raw: csv });
    assert.equal(posted.status, 202);
    const loc = posted.headers.get('location');
    assert.equal(sql(d, `SELECT node_id FROM imports WHERE id = '${posted.body.id}'`).trim(), id(c));
    // seen from B for twice the staleness: running, with A's counts as of its last heartbeat
    const seen = [];
    const t0 = Date.now();
    while (Date.now() - t0 < 2000) {
      const r = (await d.req('GET', loc, { token: d.adminToken })).body;
      assert.equal(r.status, 'running', JSON.stringify(r));
      seen.push(r.processed);
      await new Promise((res) => setTimeout(res, 100));
    }
    assert.ok(seen.at(-1) > 0 && seen.at(-1) > seen[0], `B sees A's progress: ${seen.join(' ')}`);
    for (let i = 1; i < seen.length; i++) assert.ok(seen[i] >= seen[i - 1], 'progress only grows');
    const gone = new Promise((res) => c.proc.once('exit', res));
    c.proc.kill('SIGKILL');
    await gone;
    let r;
    for (let i = 0; i < 100 && ['queued', 'running'].includes((r = (await d.req('GET', loc, { token: d.adminToken })).body).status); i++) {
      await new Promise((res) => setTimeout(res, 100));
    }
    assert.equal(r.status, 'failed', JSON.stringify(r));
    assert.equal(r.reason, 'interrupted');
    assert.match(r.detail, /stopped reporting/);
    assert.equal(r.written, false);
    assert.equal(sql(d, "SELECT COUNT(*) FROM users WHERE email LIKE '%@beat.test'").trim(), '0');
  } finally {
    if (d) await d.stop();
    if (c) rmSync(c.dataDir, { recursive: true, force: true });
    db.drop();
  }
});
