// sip_invalidations.test.mjs: what Switchboard pushes to Kamailio (issue 13).
// A fake Kamailio JSON-RPC listener in this process records every call and
// answers as Kamailio 5.6 does (htable.delete of a key not there: HTTP 404
// with error 404). Checked, on SQLite and PostgreSQL: each change that must
// end a registration (an account disabled, deleted or given a new secret, an
// alias deleted, its user suspended, resumed, deleted, restored or purged, a
// new SIP domain) pushes htable.delete sbcred, htable.delete sbfresh and
// ul.rm location for each username concerned to every --sip-rpc URL; a
// request that fails pushes nothing; each row is delivered once more 2.5 s
// later, then deleted; nothing of a secret is stored; a
// Kamailio that fails is retried and the rows wait with their error; the
// metrics say so; serve without --sip-rpc queues nothing; bad --sip-rpc
// values stop serve with exit 2; the kamailio_subscriber view. With
// PostgreSQL, two nodes on one database deliver each row to each URL.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { createHash } from 'node:crypto';
import { startServer, newUser, cli, sql, PG, malformed } from '../lib/server.mjs';

const md5 = (s) => createHash('md5').update(s).digest('hex');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// A fake Kamailio JSON-RPC listener: calls recorded as "method table user";
// fail = true answers 500 to everything (a Kamailio that fails).
async function fakeKamailio() {
  const k = { calls: [], fail: false, connections: 0 };
  k.server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      let msg = {};
      try { msg = JSON.parse(body); } catch { /* answered below */ }
      const answer = (status, obj) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ jsonrpc: '2.0', ...obj, id: msg.id }));
      };
      if (k.fail) return answer(500, { error: { code: 500, message: 'internal error' } });
      k.calls.push(`${msg.method} ${(msg.params || []).join(' ')}`);
      if (msg.method === 'htable.delete') return answer(404, { error: { code: 404, message: 'Key not found in htable.' } });
      return answer(200, { result: {} });
    });
  });
  k.server.on('connection', () => { k.connections++; });
  await new Promise((r) => k.server.listen(0, '127.0.0.1', r));
  k.url = `http://127.0.0.1:${k.server.address().port}/RPC`;
  k.close = () => new Promise((r) => { k.server.closeAllConnections(); k.server.close(r); });
  k.pushed = (u) => ['htable.delete sbcred', 'htable.delete sbfresh', 'ul.rm location']
    .every((m) => k.calls.includes(`${m} ${u}`));
  return k;
}

async function until(what, fn, ms = 5000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

const rows = (s) => sql(s, 'SELECT url, username, cause, attempts, last_error FROM sip_invalidations ORDER BY url, username')
  .split('\n').filter(Boolean).map((l) => { const [url, username, cause, attempts, error] = l.split('|'); return { url, username, cause, attempts: Number(attempts), error }; });

let k1;
let k2;
let s; // serve --sip-rpc k1 --sip-rpc k2
let plain; // serve without --sip-rpc

before(async () => {
  k1 = await fakeKamailio();
  k2 = await fakeKamailio();
  s = await startServer({ args: ['--sip-rpc', k1.url, '--sip-rpc', k2.url] });
  plain = await startServer();
});

after(async () => {
  if (s) await s.stop();
  if (plain) await plain.stop();
  if (k1) await k1.close();
  if (k2) await k2.close();
});

// A user with n desk phones on server srv; {id, accounts: [{id, username, secret}]}.
async function phoneUser(srv, n = 1) {
  const org = `/api/v1/orgs/${srv.orgId}`;
  const u = await srv.req('POST', `${org}/users`, { token: srv.adminToken, body: newUser({ password: 'Amber-Lantern-64-Quay' }) });
  assert.equal(u.status, 201, JSON.stringify(u.body));
  const accounts = [];
  for (let i = 0; i < n; i++) {
    const a = await srv.req('POST', `${org}/users/${u.body.id}/sip-accounts`, { token: srv.adminToken, body: { kind: 'desk' } });
    assert.equal(a.status, 201, JSON.stringify(a.body));
    accounts.push(a.body);
  }
  return { id: u.body.id, accounts, base: `${org}/users/${u.body.id}` };
}

test('suspending a user pushes its phones to every Kamailio at once, then the rows are gone', async () => {
  const u = await phoneUser(s, 2);
  // creating accounts pushes nothing
  for (const a of u.accounts) assert.ok(!k1.calls.some((c) => c.endsWith(a.username)));
  const t0 = Date.now();
  const r = await s.req('POST', `${u.base}/suspend`, { token: s.adminToken });
  assert.equal(r.status, 200);
  for (const a of u.accounts) {
    await until(`${a.username} pushed`, () => k1.pushed(a.username) && k2.pushed(a.username), 1000);
  }
  assert.ok(Date.now() - t0 < 1000, `${Date.now() - t0} ms`);
  // delivered once more 2.5 s later, then deleted
  await until('rows deleted', () => rows(s).length === 0, 6000);
  for (const a of u.accounts) {
    assert.equal(k1.calls.filter((c) => c === `ul.rm location ${a.username}`).length, 2);
  }
  // the same connection served the calls: one per Kamailio so far
  assert.equal(k1.connections, 1);
});

test('resume, delete, restore and purge push too; each change its own push', async () => {
  const u = await phoneUser(s);
  const name = u.accounts[0].username;
  const count = () => k1.calls.filter((c) => c === `ul.rm location ${name}`).length;
  let n = count();
  for (const [method, path, query] of [['POST', 'suspend'], ['POST', 'resume'], ['DELETE', ''], ['POST', 'restore'],
    ['DELETE', '', `?purge=true&confirm=${encodeURIComponent('x')}`]]) {
    if (query) {
      // purge needs the email: read it
      const got = await s.req('GET', u.base, { token: s.adminToken });
      const p = await s.req('DELETE', `${u.base}?purge=true&confirm=${encodeURIComponent(got.body.email)}`, { token: s.adminToken });
      assert.equal(p.status, 204, JSON.stringify(p.body));
    } else {
      const r = await s.req(method, path ? `${u.base}/${path}` : u.base, { token: s.adminToken });
      assert.ok(r.status === 200 || r.status === 204, `${method} ${path}: ${r.status}`);
    }
    await until(`${method} ${path || query} pushed`, () => count() > n, 2000);
    n = count();
  }
});

test('an account disabled, enabled, given a new secret or deleted, and an alias deleted: pushed', async () => {
  const u = await phoneUser(s);
  const a = u.accounts[0];
  const acc = `${u.base}/sip-accounts/${a.id}`;
  const count = (name) => k2.calls.filter((c) => c === `ul.rm location ${name}`).length;
  const step = async (what, fn, name = a.username) => {
    const n = count(name);
    await fn();
    await until(what, () => count(name) > n, 2000);
  };
  // a label is not a reason
  assert.equal((await s.req('PATCH', acc, { token: s.adminToken, body: { label: 'Desk' } })).status, 200);
  await sleep(300);
  assert.equal(count(a.username), 0);
  assert.ok(!rows(s).some((x) => x.username === a.username));
  await step('disabled', async () => assert.equal((await s.req('PATCH', acc, { token: s.adminToken, body: { enabled: false } })).status, 200));
  await step('enabled', async () => assert.equal((await s.req('PATCH', acc, { token: s.adminToken, body: { enabled: true } })).status, 200));
  await step('reset', async () => assert.equal((await s.req('POST', `${acc}/reset-secret`, { token: s.adminToken })).status, 200));
  await step('deleted', async () => assert.equal((await s.req('DELETE', acc, { token: s.adminToken })).status, 204));
  const al = await s.req('POST', `${u.base}/aliases`, { token: s.adminToken, body: { display_name: 'Support' } });
  assert.equal(al.status, 201, JSON.stringify(al.body));
  await step('alias deleted', async () => assert.equal((await s.req('DELETE', `${u.base}/aliases/${al.body.id}`, { token: s.adminToken })).status, 204), al.body.username);
});

test('a new SIP domain pushes every account whose realm it changes', async () => {
  const org = `/api/v1/orgs/${s.orgId}`;
  const u1 = await phoneUser(s);
  const u2 = await phoneUser(s, 2);
  const names = [...u1.accounts, ...u2.accounts].map((a) => a.username);
  const r = await s.req('PATCH', org, { token: s.adminToken, body: { sip_domain: `sip${Date.now()}.example.net` } });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  for (const n of names) await until(`${n} pushed`, () => k1.pushed(n) && k2.pushed(n), 2000);
});

test('a request that fails pushes nothing and stores nothing', async () => {
  const u = await phoneUser(s);
  const name = u.accounts[0].username;
  const r = await s.req('DELETE', u.base, { token: s.adminToken, headers: { 'If-Match': '"1"' } });
  assert.equal(r.status, 412);
  const bad = await s.req('PATCH', `${u.base}/sip-accounts/${u.accounts[0].id}`, { token: s.adminToken, body: malformed({ enabled: false, kind: 'fax' }) });
  assert.equal(bad.status, 422);
  assert.equal(bad.headers.get('content-type'), 'application/problem+json');
  await sleep(300);
  assert.ok(!k1.calls.some((c) => c.endsWith(name)));
  assert.ok(!rows(s).some((x) => x.username === name));
});

test('a Kamailio that fails: rows wait with their error, the API answers, and they go once it works', async () => {
  const u = await phoneUser(s);
  const name = u.accounts[0].username;
  k1.fail = true;
  const t0 = Date.now();
  const r = await s.req('POST', `${u.base}/suspend`, { token: s.adminToken });
  assert.equal(r.status, 200);
  assert.ok(Date.now() - t0 < 1000);
  // the other Kamailio gets it at once
  await until('k2 pushed', () => k2.pushed(name), 1000);
  const waiting = await until('a failed attempt', () => rows(s).find((x) => x.username === name && x.attempts > 0));
  assert.equal(waiting.url, k1.url);
  assert.equal(waiting.cause, 'user_suspended');
  assert.match(waiting.error, /HTTP 500: internal error/);
  // no secret and no HA1 in the table
  const all = sql(s, 'SELECT * FROM sip_invalidations');
  assert.ok(!all.includes(u.accounts[0].secret));
  // the API keeps answering meanwhile
  assert.equal((await s.req('GET', u.base, { token: s.adminToken })).status, 200);
  const m = await (await fetch(`${s.url}/metrics`)).text();
  assert.match(m, new RegExp(`switchboard_sip_invalidations_pending\\{url="${k1.url}"\\} 1\\n`));
  assert.match(m, new RegExp(`switchboard_sip_invalidations_failing\\{url="${k1.url}"\\} [1-9]\\d*\\n`));
  assert.match(m, new RegExp(`switchboard_sip_invalidation_failures_total\\{url="${k1.url}"\\} [1-9]`));
  assert.match(s.log, /cannot push SIP invalidations to Kamailio; trying again/);
  k1.fail = false;
  await until('k1 pushed', () => k1.pushed(name), 12000);
  await until('rows deleted', () => rows(s).length === 0, 8000);
  await until('metrics', async () => /switchboard_sip_invalidations_pending\{url="[^"]+"\} 0\n[^]*pending\{url="[^"]+"\} 0\n/.test(
    await (await fetch(`${s.url}/metrics`)).text()), 3000);
  assert.match(s.log, /pushing SIP invalidations to Kamailio again/);
});

test('serve without --sip-rpc works as before and queues nothing', async () => {
  const u = await phoneUser(plain);
  assert.equal((await plain.req('POST', `${u.base}/suspend`, { token: plain.adminToken })).status, 200);
  assert.equal((await plain.req('POST', `${u.base}/sip-accounts/${u.accounts[0].id}/reset-secret`, { token: plain.adminToken })).status, 200);
  assert.equal((await plain.req('DELETE', u.base, { token: plain.adminToken })).status, 204);
  assert.equal(sql(plain, 'SELECT COUNT(*) FROM sip_invalidations').trim(), '0');
  const m = await (await fetch(`${plain.url}/metrics`)).text();
  assert.ok(!m.includes('sip_invalidations'));
});

test('bad --sip-rpc values stop serve with exit 2 and say why', () => {
  const refused = (args, re) => {
    const r = cli(['serve', '--data', s.dataDir, '--listen', '127.0.0.1:0', ...args]);
    assert.equal(r.status, 2, `${args}: ${r.stderr}`);
    assert.match(r.stderr, re);
  };
  refused(['--sip-rpc', 'ftp://127.0.0.1:5090/RPC'], /--sip-rpc wants http:\/\/HOST:PORT\/PATH/);
  refused(['--sip-rpc', 'http://127.0.0.1:5090/R PC'], /--sip-rpc wants/);
  refused(['--sip-rpc', 'http:///RPC'], /--sip-rpc wants/);
  refused(['--sip-rpc', 'http://a/RPC,http://a/RPC'], /names http:\/\/a\/RPC twice/);
  refused(['--sip-rpc', Array.from({ length: 9 }, (_, i) => `http://k${i}/RPC`).join(',')], /at most 8 URLs/);
  const help = cli(['serve', '--help']);
  assert.match(help.stdout, /--sip-rpc/);
});

test('kamailio_subscriber: enabled accounts of active and invited users, with the HA1 of their realm', async () => {
  const u = await phoneUser(plain);
  const a = u.accounts[0];
  const q = () => sql(plain, `SELECT username, domain, password, ha1, ha1b FROM kamailio_subscriber WHERE username = '${a.username}'`).trim();
  assert.equal(q(), [a.username, a.realm, '', md5(`${a.username}:${a.realm}:${a.secret}`), ''].join('|'));
  const acc = `${u.base}/sip-accounts/${a.id}`;
  assert.equal((await plain.req('PATCH', acc, { token: plain.adminToken, body: { enabled: false } })).status, 200);
  assert.equal(q(), '');
  assert.equal((await plain.req('PATCH', acc, { token: plain.adminToken, body: { enabled: true } })).status, 200);
  assert.equal((await plain.req('POST', `${u.base}/suspend`, { token: plain.adminToken })).status, 200);
  assert.equal(q(), '');
  assert.equal((await plain.req('POST', `${u.base}/resume`, { token: plain.adminToken })).status, 200);
  assert.notEqual(q(), '');
});

test('two nodes on one PostgreSQL database: every row reaches every Kamailio once', { skip: PG ? false : 'needs PostgreSQL' }, async () => {
  const b = await startServer({ db: s.dbUrl, skipInit: true,
    args: ['--key-file', `${s.dataDir}/secret.key`, '--sip-rpc', `${k1.url},${k2.url}`] });
  try {
    const users = [];
    for (let i = 0; i < 6; i++) users.push(await phoneUser(i % 2 ? b : s));
    const c1 = k1.calls.length;
    const c2 = k2.calls.length;
    await Promise.all(users.map((u, i) => (i % 2 ? s : b).req('POST', `${u.base}/suspend`, { token: (i % 2 ? s : b).adminToken })));
    for (const u of users) {
      const n = u.accounts[0].username;
      await until(`${n} pushed`, () => k1.pushed(n) && k2.pushed(n), 3000);
    }
    await until('rows deleted', () => rows(s).length === 0, 8000);
    // three calls per user and Kamailio, twice (the second 2.5 s later);
    // a row claimed by both nodes at once is delivered by one of them
    assert.equal(k1.calls.length - c1, 36);
    assert.equal(k2.calls.length - c2, 36);
  } finally {
    await b.stop();
  }
});
