// cli.test.mjs: the switchboard command line on a fresh data directory.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { cli } from '../lib/server.mjs';

test('init creates the organizations and prints a generated password once', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sb-cli-'));
  try {
    const r = cli(['init', '--data', dir, '--admin-email', 'root@example.com', '--org', 'Acme BV']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /administrator:\s+root@example\.com/);
    assert.match(r.stdout, /password:\s+\S{12,}/);
    assert.match(r.stdout, /customer organization: Acme BV/);
    assert.ok(existsSync(join(dir, 'switchboard.db')));
    const again = cli(['init', '--data', dir, '--admin-email', 'root@example.com']);
    assert.equal(again.status, 0);
    assert.match(again.stdout, /Already initialized/);
    // no password again, but how to get a new one
    assert.doesNotMatch(again.stdout, /password:/);
    assert.match(again.stdout, new RegExp(`switchboard user reset-password root@example.com --data ${dir}`));
    const link = cli(['user', 'reset-password', 'root@example.com', '--data', dir]);
    assert.equal(link.status, 0, link.stderr);
    assert.match(link.stdout, /http:\/\/127\.0\.0\.1:8080\/set-password\?token=[A-Za-z0-9_-]{40,}/);
    const none = cli(['user', 'reset-password', 'nobody@example.com', '--data', dir]);
    assert.equal(none.status, 1);
    assert.match(none.stderr, /no user nobody@example.com/);
  } finally { rmSync(dir, { recursive: true, force: true }); }
});

test('user add, list and show work on the database, with the API rules', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sb-cli-'));
  try {
    const init = cli(['init', '--admin-email', 'root@example.com', '--admin-password', 'Grand-Canyon-81-Rock'], { SWITCHBOARD_DATA: dir });
    assert.equal(init.status, 0, init.stderr);
    const org = init.stdout.match(/customer organization: .* \(([0-9a-f-]{36})\)/)[1];
    const add = cli(['user', 'add', '--data', dir, '--org', org, '--email', ' Piet@Example.com ', '--first-name', 'Piet', '--infix', 'de', '--last-name', 'Vries', '--json']);
    assert.equal(add.status, 0, add.stderr);
    const u = JSON.parse(add.stdout);
    assert.equal(u.email, 'Piet@Example.com');
    assert.equal(u.status, 'invited');
    const dup = cli(['user', 'add', '--data', dir, '--org', org, '--email', 'piet@example.com', '--first-name', 'P', '--last-name', 'V']);
    assert.equal(dup.status, 1);
    assert.match(dup.stderr, /email: A user with this email already exists/);
    const missing = cli(['user', 'add', '--data', dir, '--org', org, '--email', 'x@example.com']);
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /first_name/);
    assert.match(missing.stderr, /last_name/);
    const list = cli(['user', 'list', '--data', dir, '--org', org]);
    assert.match(list.stdout, /Piet@Example\.com\s+invited\s+Piet de Vries/);
    const show = cli(['user', 'show', '--data', dir, 'PIET@example.com', '--json']);
    assert.equal(JSON.parse(show.stdout).id, u.id);
  } finally { rmSync(dir, { recursive: true, force: true }); }
});

test('every subcommand has --help, and mistakes say so', () => {
  for (const sub of ['serve', 'init', 'migrate', 'user', 'import', 'export', 'routes', 'copy', 'backup', 'restore', 'sip-config']) {
    const r = cli([sub, '--help']);
    assert.equal(r.status, 0, sub);
    assert.match(r.stdout, new RegExp(`usage: switchboard ${sub}`));
    assert.match(r.stdout, /--data/);
  }
  const bad = cli(['serve', '--no-such-flag']);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /unknown option --no-such-flag/);
  assert.equal(cli(['frobnicate']).status, 2);
});

test('serve checks its node id and import timings before it listens', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sb-cli-'));
  try {
    const refused = (args, re, env) => {
      const r = cli(['serve', '--data', dir, '--listen', '127.0.0.1:0', ...args], env);
      assert.equal(r.status, 2, r.stderr);
      assert.match(r.stderr, re);
    };
    refused(['--node-id', 'has space'], /--node-id wants 1 to 64 letters/);
    refused([], /--node-id wants/, { SWITCHBOARD_NODE_ID: 'x'.repeat(65) });
    refused(['--import-heartbeat', '0'], /--import-heartbeat wants 0\.05 to 86400 seconds/);
    refused(['--import-stale-after', 'soon'], /--import-stale-after wants/);
    refused(['--import-heartbeat', '10', '--import-stale-after', '15'], /at least twice --import-heartbeat/);
    writeFileSync(join(dir, 'node-id'), 'not a node id\n');
    refused([], /node id file .*node-id: its first line is not a node id/);
  } finally { rmSync(dir, { recursive: true, force: true }); }
});

test('a migration that fails says which one and what the database said, and holds no memory', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sb-cli-'));
  try {
    assert.equal(cli(['init', '--data', dir, '--admin-email', 'root@example.com']).status, 0);
    // the latest migration marked undone while its column is still there
    const db = join(dir, 'switchboard.db');
    const q = 'DELETE FROM schema_migrations WHERE version = 30;';
    assert.equal(spawnSync('sqlite3', [db, q]).status, 0);
    for (const cmd of [['migrate'], ['init', '--admin-email', 'root@example.com']]) {
      const r = cli([...cmd, '--data', dir]);
      assert.equal(r.status, 1, r.stderr);
      assert.match(r.stderr, /migration failed: 030_org_suspension\.sql: duplicate column name: suspended_at/);
      assert.doesNotMatch(r.stderr, /LeakSanitizer/);
    }
  } finally { rmSync(dir, { recursive: true, force: true }); }
});
