// register.test.mjs: Kamailio as the registrar in front of Switchboard (issue
// 13). `switchboard sip-config` writes the kamailio.cfg; a real Kamailio runs
// it on free ports and asks a real Switchboard for the HA1 of SIP accounts;
// sipp registers and calls with digest authentication (tests/sip/register.xml,
// invite.xml), and baresip, a real softphone, registers too. Checked: the
// challenge and 200 with the right secret, 403 with a wrong one, a malformed
// name refused without asking Switchboard and an unknown one asked once, a
// call challenged 407, JSON-RPC over HTTP (ul.lookup, ul.rm, htable.delete),
// and, with Switchboard stopped, a phone that registered before registering
// from the cache while a name not cached gets 503. Every process is stopped
// by its pid.
// SB_KLOG=FILE keeps Kamailio's log there.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, newUser, cli } from '../lib/server.mjs';
import { freePort, freePortPair, run } from './lib.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const SCENARIO = join(here, 'register.xml');
const CALL = join(here, 'invite.xml');
const KAMAILIO = process.env.KAMAILIO || '/usr/sbin/kamailio';
const SIPP = process.env.SIPP || '/usr/bin/sipp';
const BARESIP = process.env.BARESIP || '/usr/bin/baresip';

let dir;
let s; // Switchboard
let sbRunning = false;
let kam; // the Kamailio process
let klog = '';
let sipPort;
let rpcUrl;
let cfg;
let proxyToken; // the API token Kamailio authenticates with (sip.proxy)
let seq = 0;
const accounts = {}; // name -> {username, secret}

async function account(name) {
  const org = `/api/v1/orgs/${s.orgId}`;
  const u = await s.req('POST', `${org}/users`, { token: s.adminToken, body: newUser({ password: 'Amber-Lantern-64-Quay' }) });
  assert.equal(u.status, 201, JSON.stringify(u.body));
  const a = await s.req('POST', `${org}/users/${u.body.id}/sip-accounts`, { token: s.adminToken, body: { kind: 'desk', label: name } });
  assert.equal(a.status, 201, JSON.stringify(a.body));
  accounts[name] = { username: a.body.username, secret: a.body.secret, realm: a.body.realm };
}

// One REGISTER (answering a 401 with username and secret) over transport
// (u1: UDP, t1: TCP); the status codes Kamailio answered, in order.
async function register(username, secret, transport = 'u1') {
  seq += 1;
  const log = join(dir, `sipp-${seq}.log`);
  const local = await freePort();
  const r = await run(SIPP, [`127.0.0.1:${sipPort}`, '-sf', SCENARIO, '-s', username, '-au', username,
    '-ap', secret, '-m', '1', '-i', '127.0.0.1', '-p', String(local), '-t', transport, '-nostdin',
    '-timeout', '15s', '-timeout_error', '-trace_msg', '-message_file', log], { cwd: dir });
  const text = existsSync(log) ? readFileSync(log, 'utf8') : '';
  const codes = [...text.matchAll(/^SIP\/2\.0 (\d{3})/gm)].map((m) => Number(m[1]));
  assert.equal(r.status, 0, `sipp exited ${r.status} (${codes}):\n${r.stderr}\n${text.slice(-2000)}\n${klog.slice(-3000)}`);
  return codes;
}

// One INVITE from caller (answering the 407 with its secret) to callee; the
// status codes Kamailio answered, in order.
async function call(caller, secret, callee) {
  seq += 1;
  const log = join(dir, `sipp-${seq}.log`);
  const local = await freePort();
  const r = await run(SIPP, [`127.0.0.1:${sipPort}`, '-sf', CALL, '-s', caller, '-au', caller,
    '-ap', secret, '-key', 'callee', callee, '-m', '1', '-i', '127.0.0.1', '-p', String(local), '-t', 'u1',
    '-nostdin', '-timeout', '15s', '-timeout_error', '-trace_msg', '-message_file', log], { cwd: dir });
  const text = existsSync(log) ? readFileSync(log, 'utf8') : '';
  const codes = [...text.matchAll(/^SIP\/2\.0 (\d{3})/gm)].map((m) => Number(m[1])).filter((c) => c !== 100);
  assert.equal(r.status, 0, `sipp exited ${r.status} (${codes}):\n${r.stderr}\n${text.slice(-2000)}\n${klog.slice(-3000)}`);
  return codes;
}

// Baresip, a real softphone, registers as username for a few seconds
// (quitting by itself, or killed by pid); its output (SIP trace included).
async function baresip(username, secret) {
  seq += 1;
  const conf = join(dir, `baresip-${seq}`);
  mkdirSync(conf);
  const port = await freePortPair();
  writeFileSync(join(conf, 'config'), [
    `sip_listen 127.0.0.1:${port}`,
    'module_path /usr/lib/baresip/modules',
    'module account.so',
    'module g711.so',
    'audio_player none',
    'audio_source none',
    'audio_alert none',
    'video_display none',
    'video_source none',
    '',
  ].join('\n'));
  writeFileSync(join(conf, 'accounts'),
    `<sip:${username}@127.0.0.1:${sipPort};transport=udp>;auth_pass=${secret};regint=60\n`);
  const r = await run(BARESIP, ['-f', conf, '-s', '-t', '3'], { cwd: conf, ms: 20000 });
  return r.stdout + r.stderr;
}

// A JSON-RPC call to Kamailio over HTTP.
async function rpc(method, params = []) {
  const res = await fetch(rpcUrl, { method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', method, params, id: 1 }) });
  return res.json();
}

// Sends one SIP request (lines joined with CRLF) over UDP from a port of
// our own; the first answer's status line and headers, or null after ms.
async function sipRaw(lines, ms = 2000) {
  const sock = createSocket('udp4');
  await new Promise((r) => sock.bind(0, '127.0.0.1', r));
  const port = sock.address().port;
  const text = lines.map((l) => l.replaceAll('PORT', String(port))).join('\r\n') + '\r\n\r\n';
  try {
    return await new Promise((resolve) => {
      const timer = setTimeout(() => resolve(null), ms);
      sock.on('message', (m) => {
        const t = m.toString();
        if (/^SIP\/2\.0 1\d\d/.test(t)) return; // provisional: wait for the final answer
        clearTimeout(timer);
        resolve(t);
      });
      sock.send(text, sipPort, '127.0.0.1');
    });
  } finally {
    sock.close();
  }
}
// A request of method to user (out of a dialog unless extra says so).
const rawRequest = (method, user, extra = []) => [
  `${method} sip:${user}@127.0.0.1 SIP/2.0`,
  `Via: SIP/2.0/UDP 127.0.0.1:PORT;branch=z9hG4bK-${method.toLowerCase()}-${++seq}`,
  'Max-Forwards: 70',
  `From: <sip:${user}@127.0.0.1>;tag=f${seq}`,
  `To: <sip:${user}@127.0.0.1>`,
  `Call-ID: raw-${seq}@127.0.0.1`,
  `CSeq: 1 ${method}`,
  'Content-Length: 0',
  ...extra,
];

// How often Kamailio asked Switchboard for username's credentials.
const asked = (username) => s.log.split('\n').filter((l) => l.includes(`"path":"/api/v1/sip/credentials/${username}"`)).length;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sb-sip-'));
  s = await startServer();
  sbRunning = true;
  await account('alice');
  await account('bob');
  await account('carol');
  await account('dave');
  // Kamailio's own principal: an API token with the sip.proxy right alone,
  // made as an installation script makes it.
  const dbArgs = s.dbUrl ? ['--data', s.dataDir, '--db', s.dbUrl] : ['--data', s.dataDir];
  const t = cli(['token', 'create', ...dbArgs, '--org', s.platformId, '--name', 'kamailio', '--rights', 'sip.proxy']);
  assert.equal(t.status, 0, t.stderr);
  assert.match(t.stdout, /^sbt\.\S+\n$/);
  proxyToken = t.stdout.trim();
  writeFileSync(join(dir, 'token'), t.stdout, { mode: 0o600 });
  sipPort = await freePort();
  let rpcPort = await freePort();
  while (rpcPort === sipPort) rpcPort = await freePort();
  rpcUrl = `http://127.0.0.1:${rpcPort}/RPC`;
  cfg = join(dir, 'kamailio.cfg');
  const g = cli(['sip-config', '--sip-listen', `127.0.0.1:${sipPort}`, '--rpc-listen', `127.0.0.1:${rpcPort}`,
    '--url', s.url, '--token-file', join(dir, 'token'), '--trunk', 'sip:trunk.example.net',
    '--media-server', 'sip:media.example.net:5080', '--runtime-dir', dir, '--output', cfg]);
  assert.equal(g.status, 0, g.stderr);
});

after(async () => {
  if (process.env.SB_KLOG) writeFileSync(process.env.SB_KLOG, klog);
  if (kam && kam.exitCode === null && kam.signalCode === null) {
    const done = new Promise((r) => kam.once('exit', r));
    kam.kill('SIGTERM');
    // Its workers are in its process group (spawned detached): the
    // fallback stops them all, so none keeps the ports.
    const t = setTimeout(() => { try { process.kill(-kam.pid, 'SIGKILL'); } catch { /* gone */ } }, 5000);
    await done;
    clearTimeout(t);
  }
  if (sbRunning) await s.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('sip-config answers mistakes with exit 2 and a message naming the option', () => {
  const tok = join(dir, 'token');
  const refused = (args, re) => {
    const r = cli(['sip-config', '--token-file', tok, ...args]);
    assert.equal(r.status, 2, `${args}: ${r.stderr}`);
    assert.match(r.stderr, re);
    assert.equal(r.stdout, '');
  };
  refused(['--sip-listen', '127.0.0.1'], /--sip-listen must be HOST:PORT/);
  refused(['--sip-listen', '127.0.0.1:70000'], /--sip-listen must be HOST:PORT/);
  refused(['--sip-listen', '127.0.0.1:05060'], /--sip-listen must be HOST:PORT/); // Kamailio would read octal
  refused(['--rpc-listen', 'a b:5090'], /--rpc-listen must be HOST:PORT/);
  refused(['--sip-listen', '127.0.0.1:5060', '--rpc-listen', '127.0.0.1:5060'], /--rpc-listen needs a port of its own/);
  refused(['--url', 'ftp://127.0.0.1'], /--url must be http:\/\/ or https:\/\//);
  refused(['--url', 'http://127.0.0.1:8080/$var(x)'], /--url must be/);
  refused(['--url', 'http://a,http://b,http://c,http://d,http://e'], /at most 4/);
  refused(['--trunk', 'tel:+31201234567'], /--trunk must be a sip: or sips: URI/);
  refused(['--media-server', 'sip:media"x'], /--media-server must be a sip: or sips: URI/);
  refused(['--runtime-dir', '/run/$x'], /--runtime-dir must be a plain path/);
  refused(['--no-such-option'], /unknown option --no-such-option/);
  const none = cli(['sip-config']);
  assert.equal(none.status, 2);
  assert.match(none.stderr, /--token-file is required/);
  const badTok = join(dir, 'bad-token');
  writeFileSync(badTok, 'two words\n');
  refused(['--token-file', badTok], /must hold one token/);
  writeFileSync(badTok, 'sbt.abc\0zzz\n');
  refused(['--token-file', badTok], /must hold one token/);
  const help = cli(['sip-config', '--help']);
  assert.equal(help.status, 0);
  assert.match(help.stdout, /usage: switchboard sip-config/);
});

test('the configuration is private, names what it was given, and kamailio -c accepts it', async () => {
  assert.equal(statSync(cfg).mode & 0o777, 0o600);
  const text = readFileSync(cfg, 'utf8');
  assert.match(text, /^#!KAMAILIO/);
  assert.match(text, new RegExp(`listen=udp:127\\.0\\.0\\.1:${sipPort}\\n`));
  assert.match(text, new RegExp(`listen=tcp:127\\.0\\.0\\.1:${sipPort}\\n`));
  assert.match(text, /#!define SB_TRUNK "sip:trunk\.example\.net"/);
  assert.match(text, /#!define SB_MEDIA_SERVER "sip:media\.example\.net:5080"/);
  // one kept connection to Switchboard, the token as the password of Basic
  const url = new URL(s.url);
  assert.ok(text.includes(`"sb0=>${url.protocol}//kamailio:${proxyToken}@${url.host}"`), text);
  assert.ok(text.includes('http_connect("sb0", "/api/v1/sip/credentials/$var(user)", "$var(body)")'));
  assert.ok(!/@[A-Z_]+@/.test(text), 'every place of the template is filled');
  // standard output gives the same text
  const out = cli(['sip-config', '--sip-listen', `127.0.0.1:${sipPort}`, '--rpc-listen', new URL(rpcUrl).host,
    '--url', s.url, '--token-file', join(dir, 'token'), '--trunk', 'sip:trunk.example.net',
    '--media-server', 'sip:media.example.net:5080', '--runtime-dir', dir]);
  assert.equal(out.status, 0, out.stderr);
  assert.equal(out.stdout, text);
  const check = await run(KAMAILIO, ['-c', '-f', cfg]);
  assert.equal(check.status, 0, check.stderr + check.stdout);
  assert.match(check.stderr + check.stdout, /config file ok/);
});

test('Kamailio runs the configuration in the foreground and answers JSON-RPC over HTTP', async () => {
  kam = spawn(KAMAILIO, ['-f', cfg, '-DD', '-E', '-n', '1'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  kam.stdout.on('data', (c) => { klog += c; });
  kam.stderr.on('data', (c) => { klog += c; });
  let version;
  for (let i = 0; i < 100 && !version; i++) {
    assert.equal(kam.exitCode, null, `kamailio exited:\n${klog}`);
    try { version = (await rpc('core.version')).result; } catch { await new Promise((r) => setTimeout(r, 100)); }
  }
  assert.match(version || '', /^kamailio 5\./, klog);
  // HTTP on the SIP port is not the RPC listener
  const sipHttp = await fetch(`http://127.0.0.1:${sipPort}/RPC`, { method: 'POST', body: '{}' });
  assert.equal(sipHttp.status, 403);
  assert.equal((await fetch(rpcUrl.replace('/RPC', '/other'))).status, 404);
});

test('a phone registers with its secret: challenged 401, then 200, over UDP and TCP', async () => {
  const { username, secret } = accounts.alice;
  assert.deepEqual(await register(username, secret), [401, 200]);
  assert.deepEqual(await register(username, secret, 't1'), [401, 200]);
  const found = await rpc('ul.lookup', ['location', username]);
  assert.equal(found.result.AoR, username, JSON.stringify(found));
  assert.equal(found.result.Contacts.length, 2);
  // the credentials were asked for once and then came from the cache
  assert.equal(asked(username), 1);
});

test('a digest response is taken once: the same REGISTER replayed is challenged again', async () => {
  const { username, secret } = accounts.alice;
  assert.deepEqual(await register(username, secret), [401, 200]);
  // the REGISTER that carried the credentials, as sipp sent it
  const sent = readFileSync(join(dir, `sipp-${seq}.log`), 'utf8').split(/-{10,} /)
    .find((b) => /message sent/.test(b) && /^Authorization: Digest /m.test(b));
  assert.ok(sent, 'sipp sent an authenticated REGISTER');
  const lines = sent.slice(sent.indexOf('REGISTER ')).split(/\r?\n/).filter((l) => l.trim() !== '')
    .map((l) => (/^Via:/i.test(l) ? `Via: SIP/2.0/UDP 127.0.0.1:PORT;branch=z9hG4bK-replay-${++seq}`
      : /^CSeq:/i.test(l) ? 'CSeq: 3 REGISTER' : l));
  // a new transaction with the old nonce and count: a replay, not a retransmission
  const answer = await sipRaw(lines);
  assert.ok(answer, 'Kamailio answered the replay');
  assert.match(answer, /^SIP\/2\.0 401 /, answer);
  assert.match(answer, /^WWW-Authenticate: Digest /m);
});

test('baresip, a real softphone, registers, and unregisters as it quits', async () => {
  const { username, secret } = accounts.dave;
  let ended = false;
  const running = baresip(username, secret).then((out) => { ended = true; return out; });
  let found;
  while (!ended && !(found && found.result)) {
    await new Promise((r) => setTimeout(r, 100));
    found = await rpc('ul.lookup', ['location', username]);
  }
  const out = await running;
  assert.ok(found && found.result, `${JSON.stringify(found)}\n${out}\n${klog.slice(-3000)}`);
  assert.match(found.result.Contacts[0].Contact['User-Agent'], /^baresip/);
  assert.ok(out.includes(`${username}@127.0.0.1: {0/UDP/v4} 200 OK (Switchboard SIP) [1 binding]`), out);
  // quitting, it unregistered (Expires 0, digest again): nothing left
  assert.ok((await rpc('ul.lookup', ['location', username])).error, out);
});

test('a wrong secret is refused 403 after the challenge', async () => {
  const { username } = accounts.bob;
  assert.deepEqual(await register(username, 'not-the-secret-at-all'), [401, 403]);
  const none = await rpc('ul.lookup', ['location', username]);
  assert.ok(none.error, JSON.stringify(none));
});

test('a malformed name is refused without asking Switchboard; an unknown one is asked once', async () => {
  for (const bad of ['Alice', 'abc', 'k7qm2xw9bo', 'k7qm2xw9bd1', '7kqm2xw9bd', 'K7QM2XW9BD']) {
    assert.deepEqual(await register(bad, 'x'), [403], bad);
    assert.equal(asked(bad), 0, bad);
  }
  const unknown = 'zz23456789';
  assert.deepEqual(await register(unknown, 'x'), [401, 403]);
  assert.deepEqual(await register(unknown, 'x'), [401, 403]);
  // 404 from Switchboard is remembered for a while: asked for the first challenge only
  assert.equal(asked(unknown), 1);
});

test('a call is challenged 407; with the right secret it goes on (404: the callee has no registration)', async () => {
  const { username, secret } = accounts.alice;
  assert.deepEqual(await call(username, secret, accounts.bob.username), [407, 404]);
  assert.deepEqual(await call(username, 'wrong-secret', accounts.bob.username), [407, 403]);
});

test('methods it does not serve get the answer RFC 3261 gives: 489, 405 with Allow, 501', async () => {
  const { username } = accounts.alice;
  assert.match(await sipRaw(rawRequest('SUBSCRIBE', username, ['Event: message-summary'])), /^SIP\/2\.0 489 /);
  const msg = await sipRaw(rawRequest('MESSAGE', username));
  assert.match(msg, /^SIP\/2\.0 405 /);
  assert.match(msg, /\r\nAllow: INVITE, ACK, CANCEL, BYE, OPTIONS, REGISTER\r\n/);
  assert.match(await sipRaw(rawRequest('FROBNICATE', username)), /^SIP\/2\.0 501 /);
  assert.match(await sipRaw(rawRequest('BYE', username)), /^SIP\/2\.0 481 /);
});

test('a request in a made-up dialog is not relayed along a Route that is not this proxy', async () => {
  // a host it would be relayed to: nothing may arrive there
  const victim = createSocket('udp4');
  await new Promise((r) => victim.bind(0, '127.0.0.1', r));
  let arrived = 0;
  victim.on('message', () => { arrived++; });
  try {
    const { username } = accounts.alice;
    const req = rawRequest('BYE', username, [`Route: <sip:127.0.0.1:${victim.address().port};lr>`]);
    req[4] = `To: <sip:${username}@127.0.0.1>;tag=made-up`;
    assert.match(await sipRaw(req), /^SIP\/2\.0 481 /);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(arrived, 0);
    // along this proxy's own Record-Route it is relayed to the request URI
    const ours = rawRequest('BYE', username, [`Route: <sip:127.0.0.1:${sipPort};lr>`]);
    ours[0] = `BYE sip:${username}@127.0.0.1:${victim.address().port} SIP/2.0`;
    ours[4] = `To: <sip:${username}@127.0.0.1>;tag=ours`;
    await sipRaw(ours, 500);
    assert.ok(arrived >= 1, 'relayed (and retransmitted, unanswered)');
  } finally {
    victim.close();
  }
});

test('JSON-RPC takes only lookups and drops: nothing that writes a credential or a contact', async () => {
  for (const method of ['htable.sets', 'ul.add', 'core.kill']) {
    const res = await fetch(rpcUrl, { method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', method, params: ['sbcred', 'x', 'y'], id: 1 }) });
    assert.equal(res.status, 403, method);
    assert.equal(await res.text(), 'method not allowed\n');
  }
  assert.ok(!(await rpc('core.version')).error);
});

test('JSON-RPC ends a registration (ul.rm) and drops cached credentials (htable.delete)', async () => {
  const { username, secret } = accounts.carol;
  assert.deepEqual(await register(username, secret), [401, 200]);
  assert.equal((await rpc('ul.lookup', ['location', username])).result.AoR, username);
  const rm = await rpc('ul.rm', ['location', username]);
  assert.ok(!rm.error, JSON.stringify(rm));
  assert.ok((await rpc('ul.lookup', ['location', username])).error);
  const del = await rpc('htable.delete', ['sbcred', username]);
  assert.ok(!del.error, JSON.stringify(del));
  // not in the cache any more: asked again
  const before = asked(username);
  assert.deepEqual(await register(username, secret), [401, 200]);
  assert.equal(asked(username), before + 1);
  // dropped again, for the outage below
  assert.ok(!(await rpc('htable.delete', ['sbcred', username])).error);
});

test('with Switchboard stopped: a cached phone still registers; a name not cached gets 503', async () => {
  await s.stop();
  sbRunning = false;
  const alice = accounts.alice;
  assert.deepEqual(await register(alice.username, alice.secret), [401, 200]);
  assert.deepEqual(await register(alice.username, 'wrong-secret'), [401, 403]);
  // past its 300 s of freshness Kamailio asks again, and keeps using the
  // entry it has while Switchboard does not answer
  assert.ok(!(await rpc('htable.delete', ['sbfresh', alice.username])).error);
  assert.deepEqual(await register(alice.username, alice.secret), [401, 200]);
  assert.match(klog, new RegExp(`Switchboard did not answer for ${alice.username}`));
  // carol's entry was dropped, and a new name was never cached
  assert.deepEqual(await register(accounts.carol.username, accounts.carol.secret), [503]);
  assert.deepEqual(await register('yy23456789', 'x'), [503]);
  // a malformed name is still refused as such
  assert.deepEqual(await register('Bad', 'x'), [403]);
  assert.match(klog, /Switchboard did not answer/);
});
