// storage.test.mjs: what the database holds of secrets, read straight from
// it (sqlite3 or psql): argon2id password hashes, session and link tokens
// only as hashes; and a full disk, on a small tmpfs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, openSync, writeSync, closeSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, newUser, sql as runSql } from '../lib/server.mjs';

let s;
let org;
before(async () => { s = await startServer(); org = `/api/v1/orgs/${s.orgId}`; });
after(async () => { await s.stop(); });

const sql = (q) => runSql(s, q);

test('passwords are argon2id hashes; session tokens are stored only hashed', async () => {
  const u = newUser({ password: 'Copper-Kettle-19-Steam' });
  const r = await s.req('POST', `${org}/users`, { token: s.adminToken, body: u });
  const hash = sql(`SELECT password_hash FROM users WHERE id = '${r.body.id}'`).trim();
  assert.match(hash, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  assert.ok(!hash.includes(u.password));
  const l = await s.login(u.email, u.password);
  const dump = sql('SELECT * FROM sessions; SELECT * FROM tokens; SELECT * FROM audit_events;');
  assert.ok(!dump.includes(l.token), 'a raw session token is in the database');
  assert.ok(!dump.includes(u.password));
  assert.match(sql('SELECT token_hash FROM sessions LIMIT 1').trim(), /^[0-9a-f]{64}$/);
});

test('the audit trail filters by actor, and records request id and client address', async () => {
  const r = await s.req('POST', `${org}/users`, { token: s.adminToken, body: newUser(), headers: { 'x-request-id': 'audit-trace-1' } });
  const a = await s.req('GET', `${org}/audit?actor=${s.admin.id}&limit=5`, { token: s.adminToken });
  assert.equal(a.status, 200);
  assert.ok(a.body.items.length > 0);
  assert.ok(a.body.items.every((e) => e.actor_id === s.admin.id));
  const mine = a.body.items.find((e) => e.object_id === r.body.id && e.action === 'create');
  assert.equal(mine.request_id, 'audit-trace-1');
  assert.equal(mine.client_addr, '127.0.0.1');
  const none = await s.req('GET', `${org}/audit?actor=00000000-0000-7000-8000-000000000000`, { token: s.adminToken });
  assert.deepEqual(none.body.items, []);
  const bad = await s.req('GET', `${org}/audit?actor=nope`, { token: s.adminToken });
  assert.equal(bad.status, 422);
});

// Fills the filesystem of dir with one file until it refuses more.
function fill(dir) {
  const path = join(dir, 'filler');
  const fd = openSync(path, 'w');
  const block = Buffer.alloc(64 * 1024);
  try {
    for (let size = block.length; size >= 1; size = Math.floor(size / 2)) {
      for (;;) {
        try { writeSync(fd, block, 0, size); } catch (e) { if (e.code === 'ENOSPC') break; throw e; }
      }
    }
  } finally {
    closeSync(fd);
  }
  return path;
}

// A tmpfs needs root (mount); elsewhere the test is skipped. SQLite only:
// the database file is what fills the disk here.
const mnt = mkdtempSync(join(tmpdir(), 'sb-full-'));
const mounted = process.getuid() === 0
  && spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=8m', 'tmpfs', mnt]).status === 0;
if (!mounted) rmSync(mnt, { recursive: true, force: true });
after(() => {
  if (!mounted) return;
  spawnSync('umount', [mnt]);
  rmSync(mnt, { recursive: true, force: true });
});

test('a full disk: 507 saying so, logged once, /readyz 503; all well again once space returns', { skip: !mounted && 'needs root to mount a tmpfs' }, async () => {
  const data = join(mnt, 'data');
  const t = await startServer({ dataDir: data, sqlite: true });
  try {
    const o = `/api/v1/orgs/${t.orgId}`;
    assert.equal((await t.req('POST', `${o}/users`, { token: t.adminToken, body: newUser() })).status, 201);
    // the session's sliding expiry is due, so the next read writes it
    runSql(t, 'UPDATE sessions SET last_seen_at = last_seen_at - 120000');
    const filler = fill(mnt);
    const full = await t.req('POST', `${o}/users`, { token: t.adminToken, body: newUser() });
    assert.equal(full.status, 507, JSON.stringify(full.body));
    assert.match(full.headers.get('content-type'), /^application\/problem\+json/);
    assert.equal(full.body.type, 'urn:switchboard:problem:storage-full');
    assert.equal(full.body.title, 'Insufficient storage');
    assert.match(full.body.detail, /storage is full/);
    // sign-in writes a session: the same answer, not a 500
    const login = await t.req('POST', '/api/v1/auth/login', { body: { login: t.adminEmail, password: t.adminPassword } });
    assert.equal(login.status, 507, JSON.stringify(login.body));
    const ready = await t.req('GET', '/readyz');
    assert.equal(ready.status, 503);
    assert.equal(ready.body.reason, 'storage_full');
    for (let i = 0; i < 3; i++) assert.equal((await t.req('POST', `${o}/contacts`, { token: t.adminToken, body: { first_name: 'A', last_name: `B${i}` } })).status, 507);
    // creates sent at once share a commit that fails: each says so, and
    // none of them is there once space returns
    const burst = await Promise.all(Array.from({ length: 12 }, () => t.req('POST', `${o}/users`, { token: t.adminToken, body: newUser({ last_name: 'Burstfull' }) })));
    assert.deepEqual(burst.map((r) => r.status), Array(12).fill(507));
    // reads go on, the one that would slide the session's expiry too
    for (let i = 0; i < 2; i++) assert.equal((await t.req('GET', `${o}/users`, { token: t.adminToken })).status, 200);
    // the log says why, once (at most once a minute), without a 500 anywhere
    const why = t.log.split('\n').filter((l) => l.includes('"msg":"storage full: writes fail"'));
    assert.equal(why.length, 1, t.log.slice(-3000));
    assert.match(JSON.parse(why[0]).error, /full/);
    assert.ok(!/"status":500/.test(t.log), 'no 500');
    rmSync(filler);
    const again = await t.req('GET', '/readyz');
    assert.equal(again.status, 200, JSON.stringify(again.body));
    assert.equal(again.body.status, 'ready');
    assert.equal((await t.req('POST', `${o}/users`, { token: t.adminToken, body: newUser() })).status, 201);
    assert.deepEqual((await t.req('GET', `${o}/users?q=Burstfull`, { token: t.adminToken })).body.items, []);
    assert.ok((await t.login(t.adminEmail, t.adminPassword)).token);
  } finally {
    await t.stop();
  }
});
