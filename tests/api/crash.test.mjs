// crash.test.mjs: crash safety of the embedded database. The server is
// killed with SIGKILL under a steady stream of creates; after a restart every
// create that was answered 201 is there and PRAGMA integrity_check passes.
// And backup/restore: a backup taken while serving brings back exactly that
// moment. SQLite only (PostgreSQL has its own durability and tools).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, newUser, cli, sql, PG } from '../lib/server.mjs';

const skip = PG ? 'SQLite only' : false;

test('SIGKILL under load loses no answered create and leaves an intact database', { skip }, async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'sb-crash-'));
  try {
    const s = await startServer({ dataDir, sqlite: true });
    const org = `/api/v1/orgs/${s.orgId}/users`;
    const created = [];
    let stop = false;
    const worker = async () => {
      for (let i = 0; i < 2000 && !stop; i++) {
        const u = newUser();
        try {
          const r = await s.req('POST', org, { token: s.adminToken, body: u });
          if (r.status === 201) created.push(u.email);
        } catch { return; } // the server is gone
      }
    };
    const workers = [worker(), worker(), worker()];
    await new Promise((res) => setTimeout(res, 700));
    const gone = new Promise((res) => s.proc.once('exit', res));
    s.proc.kill('SIGKILL');
    await gone;
    stop = true;
    await Promise.all(workers);
    assert.ok(created.length > 5, `only ${created.length} creates before the kill`);

    assert.equal(sql(s, 'PRAGMA integrity_check').trim(), 'ok');
    const s2 = await startServer({ dataDir, sqlite: true, skipInit: true });
    try {
      const emails = new Set(sql(s2, 'SELECT email FROM users').split('\n'));
      for (const e of created) assert.ok(emails.has(e), `${e} was answered 201 but is gone`);
      assert.equal((await s2.req('GET', '/readyz')).status, 200);
    } finally { await s2.stop(); }
  } finally { rmSync(dataDir, { recursive: true, force: true }); }
});

test('backup while serving, restore later: exactly the moment of the backup', { skip }, async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'sb-backup-'));
  const file = join(dataDir, 'backup.db');
  try {
    const s = await startServer({ dataDir, sqlite: true });
    const org = `/api/v1/orgs/${s.orgId}/users`;
    const before = newUser();
    assert.equal((await s.req('POST', org, { token: s.adminToken, body: before })).status, 201);
    const b = cli(['backup', '--data', dataDir, file]);
    assert.equal(b.status, 0, b.stderr);
    assert.match(b.stdout, /integrity checked/);
    assert.ok(existsSync(file));
    const again = cli(['backup', '--data', dataDir, file]);
    assert.equal(again.status, 1); // never overwrites
    const after = newUser();
    assert.equal((await s.req('POST', org, { token: s.adminToken, body: after })).status, 201);
    await s.stop();

    const bad = cli(['restore', '--data', dataDir, join(dataDir, 'nothing.db')]);
    assert.equal(bad.status, 1);
    const r = cli(['restore', '--data', dataDir, file]);
    assert.equal(r.status, 0, r.stderr);
    const s2 = await startServer({ dataDir, sqlite: true, skipInit: true });
    try {
      const emails = sql(s2, 'SELECT email FROM users');
      assert.ok(emails.includes(before.email));
      assert.ok(!emails.includes(after.email));
    } finally { await s2.stop(); }
  } finally { rmSync(dataDir, { recursive: true, force: true }); }
});
