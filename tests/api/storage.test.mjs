// storage.test.mjs: what the database holds of secrets, read straight from
// it (sqlite3 or psql): argon2id password hashes, session and link tokens
// only as hashes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
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
