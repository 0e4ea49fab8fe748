// crash.test.mjs: crash safety of the embedded database. The server is
// killed with SIGKILL under a steady stream of creates; after a restart every
// create that was answered 201 is there and PRAGMA integrity_check passes.
// And backup/restore: a backup taken while serving brings back exactly that
// moment. SQLite only (PostgreSQL has its own durability and tools); but the
// import job killed half-way, or stopped half-way with SIGTERM, runs on both.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, newUser, cli, sql, PG, createPgDatabase } from '../lib/server.mjs';
import { startSmtpSink } from '../lib/smtp.mjs';

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

test('SIGKILL during an API import: restarted on the same data, the job is failed (interrupted) and nothing was written', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'sb-crash-import-'));
  const pg = PG ? createPgDatabase() : null; // outlives the killed server
  const where = pg ? { db: pg.url } : { sqlite: true };
  try {
    const s = await startServer({ dataDir, ...where });
    let csv = 'email,first_name,last_name,invite\n';
    for (let i = 0; i < 40000; i++) csv += `k${i}@crash-import.test,K,${i},no\n`;
    const posted = await s.req('POST', `/api/v1/orgs/${s.orgId}/imports`, { token: s.adminToken, headers: { 'content-type': 'text/csv' }, raw: csv });
    assert.equal(posted.status, 202, JSON.stringify(posted.body));
    const loc = posted.headers.get('location');
    let seen;
    for (let i = 0; i < 800; i++) {
      seen = (await s.req('GET', loc, { token: s.adminToken })).body;
      if (seen.status !== 'queued' && seen.processed >= 200) break;
      await new Promise((res) => setTimeout(res, 25));
    }
    assert.equal(seen.status, 'running', JSON.stringify(seen));
    const gone = new Promise((res) => s.proc.once('exit', res));
    s.proc.kill('SIGKILL');
    await gone;
    // what the killed server left: a job that says it runs
    assert.equal(sql(s, `SELECT status FROM imports WHERE id = '${posted.body.id}'`).trim(), 'running');

    const s2 = await startServer({ dataDir, ...where, skipInit: true });
    try {
      const r = await s2.req('GET', loc, { token: s2.adminToken });
      assert.equal(r.status, 200);
      assert.equal(r.body.status, 'failed', JSON.stringify(r.body));
      assert.equal(r.body.reason, 'interrupted');
      assert.match(r.body.detail, /stopped before it ended; nothing was written/);
      assert.equal(r.body.written, false);
      assert.ok(r.body.finished_at);
      assert.equal(sql(s2, "SELECT COUNT(*) FROM users WHERE email LIKE '%@crash-import.test'").trim(), '0');
      assert.match(s2.log, /import jobs this node ran before it stopped marked interrupted","count":"1"/);
      // the restarted node imports again
      const again = await s2.req('POST', `/api/v1/orgs/${s2.orgId}/imports`, { token: s2.adminToken, headers: { 'content-type': 'text/csv' }, raw: 'email,first_name,last_name,invite\nk0@crash-import.test,K,0,no\n' });
      assert.equal(again.status, 202);
      let end;
      for (let i = 0; i < 400 && !['done', 'failed'].includes(end?.status); i++) {
        await new Promise((res) => setTimeout(res, 25));
        end = (await s2.req('GET', again.headers.get('location'), { token: s2.adminToken })).body;
      }
      assert.equal(end.status, 'done', JSON.stringify(end));
      assert.equal(end.created, 1);
      assert.equal(end.reason, null);
    } finally { await s2.stop(); }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
    if (pg) pg.drop();
  }
});

test('SIGTERM during an API import: the job is rolled back and failed (interrupted), nothing half-written', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'sb-term-import-'));
  const pg = PG ? createPgDatabase() : null; // outlives the stopped server
  const where = pg ? { db: pg.url } : { sqlite: true };
  try {
    const s = await startServer({ dataDir, ...where });
    let csv = 'email,first_name,last_name,invite\n';
    for (let i = 0; i < 40000; i++) csv += `t${i}@term-import.test,T,${i},no\n`;
    const posted = await s.req('POST', `/api/v1/orgs/${s.orgId}/imports`, { token: s.adminToken, headers: { 'content-type': 'text/csv' }, raw: csv });
    assert.equal(posted.status, 202, JSON.stringify(posted.body));
    const loc = posted.headers.get('location');
    let seen;
    for (let i = 0; i < 800; i++) {
      seen = (await s.req('GET', loc, { token: s.adminToken })).body;
      if (seen.status !== 'queued' && seen.processed >= 200) break;
      await new Promise((res) => setTimeout(res, 25));
    }
    assert.equal(seen.status, 'running', JSON.stringify(seen));
    // a clean stop (exit 0, no leak) that cancels the job instead of killing it
    assert.equal(await s.stop(), 0);
    assert.doesNotMatch(s.log, /cannot record the end of a job/);
    const row = sql(s, `SELECT status, reason, written FROM imports WHERE id = '${posted.body.id}'`).trim();
    assert.match(row, /^failed\|interrupted\|0$/, row);
    assert.equal(sql(s, "SELECT COUNT(*) FROM users WHERE email LIKE '%@term-import.test'").trim(), '0');

    const s2 = await startServer({ dataDir, ...where, skipInit: true });
    try {
      const r = await s2.req('GET', loc, { token: s2.adminToken });
      assert.equal(r.status, 200);
      assert.equal(r.body.status, 'failed', JSON.stringify(r.body));
      assert.equal(r.body.reason, 'interrupted');
      assert.equal(r.body.written, false);
      assert.ok(r.body.finished_at);
      // nothing left for the restarted node to recover
      assert.doesNotMatch(s2.log, /import jobs this node ran before it stopped marked interrupted/);
    } finally { await s2.stop(); }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
    if (pg) pg.drop();
  }
});

// The mail worker records a batch's outcomes in one transaction after the
// batch (src/mail/mail.c): a process killed before that leaves delivered
// messages claimed but unmarked, and they go out again once the claim's
// lease ends. So a crash may send each message of one batch (20) twice,
// and loses none.
test('SIGKILL while invitations go out: after the lease each arrives, at most one batch twice', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'sb-crash-mail-'));
  const pg = PG ? createPgDatabase() : null;
  const where = pg ? { db: pg.url } : { sqlite: true };
  const sink = await startSmtpSink();
  const smtp = ['--smtp-url', `smtp://127.0.0.1:${sink.port}`];
  try {
    const s = await startServer({ dataDir, ...where, args: smtp });
    const invited = [];
    for (let i = 0; i < 60; i++) {
      const u = newUser({ invite: true });
      const r = await s.req('POST', `/api/v1/orgs/${s.orgId}/users`, { token: s.adminToken, body: u });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      invited.push(u.email);
    }
    // killed while the worker delivers (or, on a fast machine, after)
    for (let i = 0; i < 200 && sink.messages().length < 10; i++) await new Promise((res) => setTimeout(res, 10));
    const gone = new Promise((res) => s.proc.once('exit', res));
    s.proc.kill('SIGKILL');
    await gone;
    const before = sink.messages().length;

    const s2 = await startServer({ dataDir, ...where, skipInit: true, args: smtp });
    try {
      // the lease ends now rather than in ten minutes
      sql(s2, "UPDATE outbox SET next_attempt_at = 0 WHERE status = 'pending'");
      const count = () => {
        const n = new Map();
        for (const m of sink.messages()) for (const to of m.rcpt) n.set(to, (n.get(to) || 0) + 1);
        return n;
      };
      let n = count();
      for (let i = 0; i < 400 && !invited.every((e) => n.get(e)); i++) {
        await new Promise((res) => setTimeout(res, 50));
        n = count();
      }
      for (const e of invited) assert.ok(n.get(e) >= 1, `no invitation reached ${e} (${before} before the kill)`);
      const twice = invited.filter((e) => n.get(e) > 1);
      assert.ok(twice.length <= 20, `${twice.length} invitations went out twice`);
      assert.ok(invited.every((e) => n.get(e) <= 2), 'an invitation went out three times');
      // the last batch is recorded once it is out: wait for that
      const pending = () => sql(s2, "SELECT COUNT(*) FROM outbox WHERE status = 'pending'").trim();
      for (let i = 0; i < 100 && pending() !== '0'; i++) await new Promise((res) => setTimeout(res, 50));
      assert.equal(pending(), '0');
    } finally { await s2.stop(); }
  } finally {
    await sink.stop();
    if (pg) pg.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
