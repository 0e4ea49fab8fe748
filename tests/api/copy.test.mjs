// copy.test.mjs: `switchboard copy` moves a whole SQLite installation into
// PostgreSQL: the same people sign in with the same passwords and see the
// same data. PostgreSQL only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, newUser, cli, sql, PG, createPgDatabase } from '../lib/server.mjs';
import { wav } from '../lib/audio.mjs';
import { join } from 'node:path';
import { rmSync } from 'node:fs';

const skip = PG ? false : 'needs PostgreSQL (SWITCHBOARD_TEST_PG)';

test('copy from SQLite to PostgreSQL, verified, and served from there', { skip }, async () => {
  const src = await startServer({ sqlite: true, keepData: true });
  const org = `/api/v1/orgs/${src.orgId}`;
  const u = newUser({ password: 'Amber-Lantern-64-Quay', company_name: `Copy BV ${Date.now()}` });
  const made = await src.req('POST', `${org}/users`, { token: src.adminToken, body: u });
  assert.equal(made.status, 201);
  const g = await src.req('POST', `${org}/groups`, { token: src.adminToken, body: { name: 'Copied group', permissions: ['users.read'] } });
  assert.equal(g.status, 201);
  const sip = await src.req('POST', `${org}/users/${made.body.id}/sip-accounts`, { token: src.adminToken, body: { kind: 'desk' } });
  assert.equal(sip.status, 201);
  const sipCreds = (await src.req('GET', `/api/v1/sip/credentials/${sip.body.username}`, { token: src.adminToken })).body;
  // a desk phone with that account as its line, and the organization's URL key
  const dev = await src.req('POST', `${org}/devices`, { token: src.adminToken, body: { mac: '00:15:65:c0:91:ed', model: 'T33G', lines: [{ sip_account_id: sip.body.id }] } });
  assert.equal(dev.status, 201);
  delete dev.body.provisioning_secret;
  assert.equal((await src.req('POST', `${org}/provisioning-key`, { token: src.adminToken })).status, 201);
  // a greeting of the media library, and its sound
  const media = await src.req('POST', `${org}/media?name=Welkom&kind=greeting`, { token: src.adminToken, raw: wav({ seconds: 1 }), headers: { 'content-type': 'audio/wav' } });
  assert.equal(media.status, 201);
  const soundOf = async (srv, token) => Buffer.from(await (await fetch(`${srv.url}${org}/media/${media.body.id}/audio?rate=8000`, { headers: { authorization: `Bearer ${token}` } })).arrayBuffer());
  const sound = await soundOf(src, src.adminToken);
  const before = await src.req('GET', `${org}/users`, { token: src.adminToken });
  // an import job, and one a node left that another found interrupted
  const imp = await src.req('POST', `${org}/imports?dry_run=true`, { token: src.adminToken, headers: { 'content-type': 'text/csv' }, raw: 'email,first_name,last_name\ncopy.import@example.com,C,I\n' });
  assert.equal(imp.status, 202);
  let job;
  for (let i = 0; i < 200 && !['done', 'failed'].includes((job = (await src.req('GET', imp.headers.get('location'), { token: src.adminToken })).body).status); i++) {
    await new Promise((res) => setTimeout(res, 25));
  }
  assert.equal(job.status, 'done');
  const lost = '0190a5b8-0000-7000-8000-00000000c0de';
  sql(src, `INSERT INTO imports (id, org_id, mode, status, reason, detail, created_at, updated_at, finished_at, node_id, heartbeat_at) VALUES ('${lost}', '${src.orgId}', 'create', 'failed', 'interrupted', 'gone', 1000, 3000, 3000, 'node-7', 2000)`);
  const jobCols = (srv, id) => sql(srv, `SELECT status, reason, node_id, heartbeat_at FROM imports WHERE id = '${id}'`).trim();
  const jobBefore = jobCols(src, imp.body.id);
  assert.match(jobBefore, /^done\|\|[0-9a-f-]{36}\|[1-9][0-9]*$/);
  await src.stop();

  const target = createPgDatabase();
  try {
    const from = join(src.dataDir, 'switchboard.db');
    const r = cli(['copy', '--from', from, '--to', target.url]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /Copied and verified/);
    assert.match(r.stdout, /users\s+2 rows/);
    // a second copy into the now filled database is refused
    const again = cli(['copy', '--from', from, '--to', target.url]);
    assert.equal(again.status, 1);
    assert.match(again.stderr, /empty database/);

    const dst = await startServer({ db: target.url, skipInit: true });
    try {
      const l = await dst.login(u.email, u.password);
      assert.equal(l.user.company_name, u.company_name);
      const after = await dst.req('GET', `${org}/users`, { token: dst.adminToken });
      assert.deepEqual(after.body.items.map((x) => x.id), before.body.items.map((x) => x.id));
      const groups = await dst.req('GET', `${org}/groups`, { token: dst.adminToken });
      assert.ok(groups.body.items.some((x) => x.name === 'Copied group'));
      // SIP accounts come along; the HA1 needs no key file to be checked
      const c = await dst.req('GET', `/api/v1/sip/credentials/${sip.body.username}`, { token: dst.adminToken });
      assert.deepEqual(c.body, sipCreds);
      assert.deepEqual((await dst.req('GET', `${org}/devices/${dev.body.id}`, { token: dst.adminToken })).body, dev.body);
      assert.equal((await dst.req('GET', `${org}/provisioning-key`, { token: dst.adminToken })).body.exists, true);
      assert.deepEqual((await dst.req('GET', `${org}/media/${media.body.id}`, { token: dst.adminToken })).body, media.body);
      assert.ok((await soundOf(dst, dst.adminToken)).equals(sound), 'the sound comes along byte for byte');
      // import jobs, with the node that ran them, its heartbeat and why one failed
      assert.deepEqual((await dst.req('GET', imp.headers.get('location'), { token: dst.adminToken })).body, job);
      assert.equal(jobCols(dst, imp.body.id), jobBefore);
      assert.equal(jobCols(dst, lost), 'failed|interrupted|node-7|2000');
      assert.equal((await dst.req('GET', `${org}/imports/${lost}`, { token: dst.adminToken })).body.reason, 'interrupted');
    } finally { await dst.stop(); }
  } finally { target.drop(); rmSync(src.dataDir, { recursive: true, force: true }); }
});

// copy reads the tables and columns from the schemas: a column added on
// both sides (as a migration would add it) comes along, values verified,
// with no change to copy; a column the target lacks stops the copy before
// it writes, naming the table and the column.
test('copy follows the schema: an added column is copied, a missing one named', { skip }, async () => {
  const src = await startServer({ sqlite: true, keepData: true });
  const org = `/api/v1/orgs/${src.orgId}`;
  const u = newUser();
  const made = await src.req('POST', `${org}/users`, { token: src.adminToken, body: u });
  assert.equal(made.status, 201);
  await src.stop();
  const from = join(src.dataDir, 'switchboard.db');
  sql(src, "ALTER TABLE users ADD COLUMN nickname TEXT; UPDATE users SET nickname = 'nick-' || id; " +
    'ALTER TABLE outbox ADD COLUMN note_count BIGINT');
  const lacking = createPgDatabase();
  const target = createPgDatabase();
  try {
    const bad = cli(['copy', '--from', from, '--to', lacking.url]);
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /table users, column nickname is missing in the target/);
    assert.equal(sql({ dbUrl: lacking.url }, 'SELECT COUNT(*) FROM orgs').trim(), '0');
    // and the other way round: a column only the target has
    sql({ dbUrl: lacking.url }, 'ALTER TABLE users ADD COLUMN nickname TEXT; ALTER TABLE outbox ADD COLUMN note_count BIGINT; ' +
      'ALTER TABLE contacts ADD COLUMN extra TEXT');
    const extra = cli(['copy', '--from', from, '--to', lacking.url]);
    assert.equal(extra.status, 1);
    assert.match(extra.stderr, /table contacts, column extra is missing in the source/);

    assert.equal(cli(['migrate', '--db', target.url]).status, 0);
    sql({ dbUrl: target.url }, 'ALTER TABLE users ADD COLUMN nickname TEXT; ALTER TABLE outbox ADD COLUMN note_count BIGINT');
    const r = cli(['copy', '--from', from, '--to', target.url]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /Copied and verified/);
    assert.equal(sql({ dbUrl: target.url }, `SELECT nickname FROM users WHERE id = '${made.body.id}'`).trim(), `nick-${made.body.id}`);
  } finally {
    lacking.drop();
    target.drop();
    rmSync(src.dataDir, { recursive: true, force: true });
  }
});
