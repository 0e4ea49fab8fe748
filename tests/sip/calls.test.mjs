// calls.test.mjs: every call routed by Switchboard (issue 13, part 3). A
// real Kamailio runs the kamailio.cfg of `switchboard sip-config` and asks a
// real Switchboard where each INVITE goes (GET /sip/route); sipp plays the
// phones (tests/sip/phone.xml answers, phone-ring.xml only rings), the
// callers (call.xml, trunk-call.xml), the trunk gateway and the media
// server (phone.xml again). Checked, on what the phones received: the
// account a user is available on rings, and the other one after a change;
// simultaneous ring; ring-all, linear and round-robin groups; the app's
// mobile fallback through the trunk when the app cannot be reached; no
// answer reaching the voicemail box; outbound caller ID in both modes;
// calls from the trunk; suspended users; a SIP alias; call records. Every
// process is stopped by pid.
// SB_KLOG=FILE keeps Kamailio's log there.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, newUser, cli } from '../lib/server.mjs';
import { freePort, sleep } from './lib.mjs';
import { wav, wavInfo, multipart } from '../lib/audio.mjs';
import { startSmtpSink } from '../lib/smtp.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const KAMAILIO = process.env.KAMAILIO || '/usr/sbin/kamailio';
const SIPP = process.env.SIPP || '/usr/bin/sipp';

const procs = new Set(); // every sipp still running, stopped by pid at the end

// Starts cmd; .done resolves to {status, stdout, stderr} when it ends (it is
// killed by pid after ms).
function start(cmd, args, ms) {
  const p = spawn(cmd, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  procs.add(p);
  let stdout = '';
  let stderr = '';
  p.stdout.on('data', (c) => { stdout += c; });
  p.stderr.on('data', (c) => { stderr += c; });
  const timer = setTimeout(() => p.kill('SIGKILL'), ms);
  p.done = new Promise((resolve) => {
    p.on('error', (e) => { clearTimeout(timer); procs.delete(p); resolve({ status: -1, stdout, stderr: e.message }); });
    p.on('close', (status) => { clearTimeout(timer); procs.delete(p); resolve({ status, stdout, stderr }); });
  });
  return p;
}

let dir;
let s;
let kam;
let klog = '';
let sipPort;
let rpcUrl;
let trunkPort;
let mediaPort;
let org;
let seq = 0;
let sink;
const adm = (method, path, body) => s.req(method, path, { token: s.adminToken, body });

async function rpc(method, params = []) {
  const res = await fetch(rpcUrl, { method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', method, params, id: 1 }) });
  return res.json();
}

// A user of the organization with SIP accounts of the kinds given;
// {user, accounts: [{id, username, secret}]}.
async function person(...kinds) {
  const u = await adm('POST', `${org}/users`, newUser({ extension: 'auto' }));
  assert.equal(u.status, 201, JSON.stringify(u.body));
  const accounts = [];
  for (const kind of kinds) {
    const a = await adm('POST', `${org}/users/${u.body.id}/sip-accounts`, { kind });
    assert.equal(a.status, 201, JSON.stringify(a.body));
    accounts.push(a.body);
  }
  return { user: u.body, ext: u.body.extensions[0], accounts };
}
const telephony = async (p, body) => {
  const r = await adm('PUT', `${org}/users/${p.user.id}/telephony`, body);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body;
};

// The message log a sipp wrote (-trace_msg), and the status codes in it.
const readLog = (file) => (existsSync(file) ? readFileSync(file, 'utf8') : '');
const codes = (text) => [...text.matchAll(/^SIP\/2\.0 (\d{3})/gm)].map((m) => Number(m[1])).filter((c) => c !== 100);
// The requests of method received in a log (sipp logs "received" blocks).
const received = (text, method) => text.split(/-{10,} /).filter((b) => / message received /.test(b) && new RegExp(`^${method} `, 'm').test(b));

// Registers account from port (register.xml, answering the 401).
async function register(account, port) {
  const log = join(dir, `register-${++seq}.log`);
  const r = await start(SIPP, [`127.0.0.1:${sipPort}`, '-sf', join(here, 'register.xml'), '-s', account.username,
    '-au', account.username, '-ap', account.secret, '-m', '1', '-i', '127.0.0.1', '-p', String(port),
    '-t', 'u1', '-nostdin', '-timeout', '15s', '-trace_msg', '-message_file', log], 20000).done;
  assert.deepEqual(codes(readLog(log)), [401, 200], r.stderr);
}

// A phone of account: registered from a port of its own, and then
// listening there (phone.xml: answers after ring ms; phone-ring.xml: never
// answers). .invites() are the INVITEs it received.
const phonePorts = new Map(); // username -> its port: a phone registers once
async function phone(account, scenario = 'phone.xml', ring = 300) {
  const log = join(dir, `phone-${++seq}.log`);
  if (!phonePorts.has(account.username)) phonePorts.set(account.username, await freePort());
  const port = phonePorts.get(account.username);
  await register(account, port);
  const p = start(SIPP, ['-sf', join(here, scenario), '-s', account.username, '-d', String(ring), '-m', '1',
    '-i', '127.0.0.1', '-p', String(port), '-t', 'u1', '-nostdin', '-timeout', '150s', '-trace_msg',
    '-message_file', log], 160000);
  p.log = () => readLog(log);
  p.invites = () => received(readLog(log), 'INVITE');
  await sleep(100); // listening
  return p;
}
// A phone that registered and then is gone (its port closed): unreachable.
const gonePhone = async (account) => register(account, await freePort());

// A call from account to number; {codes, log} once it ended (answered
// calls last talk ms).
async function call(account, number, talk = 300) {
  const log = join(dir, `call-${++seq}.log`);
  const r = await start(SIPP, [`127.0.0.1:${sipPort}`, '-sf', join(here, 'call.xml'), '-s', account.username,
    '-au', account.username, '-ap', account.secret, '-key', 'callee', number, '-d', String(talk),
    '-m', '1', '-i', '127.0.0.1', '-p', String(await freePort()), '-t', 'u1', '-nostdin', '-timeout', '150s',
    '-trace_msg', '-message_file', log], 160000).done;
  const text = readLog(log);
  assert.equal(r.status, 0, `call ${account.username} -> ${number} (sipp ${r.status}):\n${r.stderr}\n${text.slice(-3000)}\n${klog.slice(-4000)}`);
  return { codes: codes(text), log: text };
}

// The trunk gateway or the media server on port: it answers one call as a
// phone does (phone.xml; sipp's built-in UAS does not keep Record-Route).
function uas(port) {
  const log = join(dir, `uas-${++seq}.log`);
  const p = start(SIPP, ['-sf', join(here, 'phone.xml'), '-s', 'gw', '-d', '100', '-m', '1', '-i', '127.0.0.1',
    '-p', String(port), '-t', 'u1', '-nostdin', '-timeout', '150s', '-trace_msg', '-message_file', log], 160000);
  p.log = () => readLog(log);
  p.invites = () => received(readLog(log), 'INVITE');
  return p;
}
const stop = async (p) => { if (p.exitCode === null) { p.kill('SIGTERM'); } await p.done; };

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sb-calls-'));
  sink = await startSmtpSink();
  s = await startServer({ args: ['--smtp-url', `smtp://127.0.0.1:${sink.port}`] });
  org = `/api/v1/orgs/${s.orgId}`;
  const dbArgs = s.dbUrl ? ['--data', s.dataDir, '--db', s.dbUrl] : ['--data', s.dataDir];
  const t = cli(['token', 'create', ...dbArgs, '--org', s.platformId, '--name', 'kamailio', '--rights', 'sip.proxy']);
  assert.equal(t.status, 0, t.stderr);
  writeFileSync(join(dir, 'token'), t.stdout, { mode: 0o600 });
  sipPort = await freePort();
  const rpcPort = await freePort();
  trunkPort = await freePort();
  mediaPort = await freePort();
  rpcUrl = `http://127.0.0.1:${rpcPort}/RPC`;
  const cfg = join(dir, 'kamailio.cfg');
  const g = cli(['sip-config', '--sip-listen', `127.0.0.1:${sipPort}`, '--rpc-listen', `127.0.0.1:${rpcPort}`,
    '--url', s.url, '--token-file', join(dir, 'token'), '--trunk', `sip:gw@127.0.0.1:${trunkPort}`,
    '--media-server', `sip:voicemail@127.0.0.1:${mediaPort}`, '--runtime-dir', dir, '--output', cfg]);
  assert.equal(g.status, 0, g.stderr);
  kam = spawn(KAMAILIO, ['-f', cfg, '-DD', '-E', '-n', '2'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  kam.stdout.on('data', (c) => { klog += c; });
  kam.stderr.on('data', (c) => { klog += c; });
  let version;
  for (let i = 0; i < 100 && !version; i++) {
    assert.equal(kam.exitCode, null, `kamailio exited:\n${klog}`);
    try { version = (await rpc('core.version')).result; } catch { await sleep(100); }
  }
  assert.match(version || '', /^kamailio 5\./, klog);
});

after(async () => {
  if (process.env.SB_KLOG) writeFileSync(process.env.SB_KLOG, klog);
  for (const p of procs) p.kill('SIGKILL');
  if (kam && kam.exitCode === null && kam.signalCode === null) {
    const done = new Promise((r) => kam.once('exit', r));
    kam.kill('SIGTERM');
    const t = setTimeout(() => { try { process.kill(-kam.pid, 'SIGKILL'); } catch { /* gone */ } }, 5000);
    await done;
    clearTimeout(t);
  }
  await s.stop();
  await sink.stop();
  if (process.env.SB_KEEP) writeFileSync(process.env.SB_KEEP, dir);
  else rmSync(dir, { recursive: true, force: true });
});

test('an extension rings the account its user is available on, and the other one right after a change', async () => {
  const a = await person('desk');
  const b = await person('desk', 'app');
  const [desk, app] = b.accounts;
  await telephony(b, { availability: { reachable: true, destination: desk.id } });
  let pd = await phone(desk);
  let pa = await phone(app);
  const first = await call(a.accounts[0], b.ext);
  assert.deepEqual(first.codes, [407, 180, 200, 200], first.log); // the INVITE's answers, the BYE's
  await stop(pa);
  await pd.done;
  assert.equal(pd.invites().length, 1);
  assert.equal(pa.invites().length, 0);
  // the callee saw the caller's extension and name
  const name = `${a.user.first_name} ${a.user.last_name}`;
  assert.match(pd.invites()[0], new RegExp(`^From: "${name}" <sip:${a.ext}@`, 'm'));
  pd = await phone(desk);
  pa = await phone(app);
  await telephony(b, { availability: { reachable: true, destination: app.id } });
  const t0 = Date.now();
  const second = await call(a.accounts[0], b.ext);
  assert.ok(Date.now() - t0 < 5000);
  assert.deepEqual(second.codes, [407, 180, 200, 200], second.log);
  await stop(pd);
  await pa.done;
  assert.equal(pa.invites().length, 1);
  assert.equal(pd.invites().length, 0);
});

test('simultaneous ring reaches every destination named; the first to answer takes the call', async () => {
  const a = await person('desk');
  const b = await person('desk', 'app');
  const [desk, app] = b.accounts;
  await telephony(b, { availability: { reachable: true, destination: desk.id, simultaneous: [app.id] } });
  const pd = await phone(desk, 'phone-ring.xml');
  const pa = await phone(app, 'phone.xml', 800);
  const r = await call(a.accounts[0], b.ext);
  assert.ok(r.codes.includes(200), r.log);
  await pa.done;
  await pd.done;
  assert.equal(pd.invites().length, 1);
  assert.equal(pa.invites().length, 1);
  assert.ok(/^CANCEL /m.test(pd.log()), 'the phone that did not answer is cancelled');
});

test('hunt groups: ring-all, linear after the ring time, round robin starting at the next member', async () => {
  const a = await person('desk');
  const m1 = await person('desk');
  const m2 = await person('desk');
  for (const m of [m1, m2]) await telephony(m, { availability: { reachable: true, destination: m.accounts[0].id } });
  const g = await adm('POST', `${org}/hunt-groups`, { name: `Sales ${++seq}`, extension: 'auto', strategy: 'ring_all',
    ring_seconds: 5, members: [m1, m2].map((m) => ({ type: 'user', id: m.user.id })) });
  assert.equal(g.status, 201, JSON.stringify(g.body));
  const ext = g.body.extension;
  // ring all: both ring at once, the second answers
  let p1 = await phone(m1.accounts[0], 'phone-ring.xml');
  let p2 = await phone(m2.accounts[0], 'phone.xml', 500);
  let r = await call(a.accounts[0], ext);
  assert.ok(r.codes.includes(200), r.log);
  await Promise.all([p1.done, p2.done]);
  assert.equal(p1.invites().length, 1);
  assert.equal(p2.invites().length, 1);
  // linear: the first rings its 5 seconds, then the second
  await adm('PATCH', `${org}/hunt-groups/${g.body.id}`, { strategy: 'linear' });
  p1 = await phone(m1.accounts[0], 'phone-ring.xml');
  p2 = await phone(m2.accounts[0], 'phone.xml', 100);
  const t0 = Date.now();
  r = await call(a.accounts[0], ext);
  assert.ok(r.codes.includes(200), r.log);
  const took = Date.now() - t0;
  assert.ok(took >= 4500 && took < 12000, `answered after ${took} ms`);
  await Promise.all([p1.done, p2.done]);
  assert.equal(p1.invites().length, 1);
  assert.equal(p2.invites().length, 1);
  // round robin: each call starts at the next member
  await adm('PATCH', `${org}/hunt-groups/${g.body.id}`, { strategy: 'round_robin' });
  const firsts = [];
  for (let i = 0; i < 2; i++) {
    p1 = await phone(m1.accounts[0]);
    p2 = await phone(m2.accounts[0]);
    r = await call(a.accounts[0], ext);
    assert.ok(r.codes.includes(200), r.log);
    await sleep(200);
    firsts.push(p1.invites().length ? 'm1' : 'm2');
    await Promise.all([stop(p1), stop(p2)]);
  }
  assert.notEqual(firsts[0], firsts[1], `both calls went to ${firsts[0]}`);
});

test('an app that cannot be reached falls over to the mobile, through the trunk', async () => {
  const a = await person('desk');
  const n = (await adm('POST', `${org}/numbers`, { number: `+3140${String(Date.now() % 10000000).padStart(7, '0')}` })).body.number;
  await telephony(a, { caller_id: n });
  const b = await person('app');
  await telephony(b, { availability: { reachable: true, destination: b.accounts[0].id },
    app_fallback_mobile: { enabled: true, number: '06 11223344' } });
  await gonePhone(b.accounts[0]);
  const trunk = uas(trunkPort);
  await sleep(200);
  const r = await call(a.accounts[0], b.ext);
  assert.ok(r.codes.includes(200), r.log);
  await trunk.done;
  assert.equal(trunk.invites().length, 1);
  assert.match(trunk.invites()[0], /^INVITE sip:\+31611223344@127\.0\.0\.1:\d+ SIP\/2\.0/m);
  // it shows the caller's outbound number there, not its extension
  assert.match(trunk.invites()[0], new RegExp(`^P-Asserted-Identity: <sip:\\${n}@`, 'm'));
});

test('a call nobody answers reaches the voicemail box on the media server', async () => {
  const a = await person('desk');
  const b = await person('desk');
  const t = await telephony(b, { availability: { reachable: true, destination: b.accounts[0].id, ring_seconds: 5 },
    voicemail: { enabled: true, pin: '80417', box: b.ext } });
  assert.equal(t.voicemail.box, b.ext);
  const pb = await phone(b.accounts[0], 'phone-ring.xml');
  const media = uas(mediaPort);
  await sleep(200);
  const t0 = Date.now();
  const r = await call(a.accounts[0], b.ext);
  assert.ok(r.codes.includes(200), r.log);
  assert.ok(Date.now() - t0 >= 4500);
  await Promise.all([pb.done, media.done]);
  assert.equal(pb.invites().length, 1);
  assert.match(media.invites()[0], new RegExp(`^INVITE sip:${b.ext}@127\\.0\\.0\\.1:${mediaPort};sb_org=${s.orgId} SIP/2\\.0`, 'm'));
});

test('forwarding: busy rings the colleague, no answer the outside number; neither on the other condition', async () => {
  const a = await person('desk');
  const b = await person('desk');
  const c = await person('desk');
  await telephony(c, { availability: { reachable: true, destination: c.accounts[0].id } });
  await telephony(b, { availability: { reachable: true, destination: b.accounts[0].id },
    forwarding: { busy: { enabled: true, to: { type: 'user', id: c.user.id } },
      no_answer: { enabled: true, after_seconds: 5, to: { type: 'number', number: '+31611117777' } } } });
  // b is busy: c rings and answers; the trunk is not called
  let pb = await phone(b.accounts[0], 'phone-busy.xml');
  const pc = await phone(c.accounts[0], 'phone.xml');
  let r = await call(a.accounts[0], b.ext);
  assert.ok(r.codes.includes(200), r.log);
  await Promise.all([pb.done, pc.done]);
  assert.equal(pc.invites().length, 1, 'the colleague rang');
  // b does not answer: after 5 s the forward goes out through the trunk, not to c
  pb = await phone(b.accounts[0], 'phone-ring.xml');
  const gw = uas(trunkPort);
  await sleep(200);
  const t0 = Date.now();
  r = await call(a.accounts[0], b.ext);
  assert.ok(r.codes.includes(200), r.log);
  assert.ok(Date.now() - t0 >= 4500, 'the phone rang its 5 s first');
  await Promise.all([pb.done, gw.done]);
  assert.match(gw.invites()[0], /^INVITE sip:\+31611117777@127\.0\.0\.1:\d+ SIP\/2\.0/m);
});

test('an outbound call reaches the trunk with the caller ID the rules give, in both modes', async () => {
  const o = (await adm('GET', org)).body;
  const num = async () => (await adm('POST', `${org}/numbers`, { number: `+3130${String(Date.now() % 10000000).padStart(7, '0')}` })).body.number;
  const [n1, n2] = [await num(), await num()];
  const a = await person('desk', 'app');
  const [desk, app] = a.accounts;
  await telephony(a, { caller_id: n1, destinations: [{ type: 'sip_account', id: app.id, caller_id: n2 }] });
  const outbound = async (acc) => {
    const trunk = uas(trunkPort);
    await sleep(200);
    const r = await call(acc, '020 555 0101'.replaceAll(' ', ''));
    assert.ok(r.codes.includes(200), r.log);
    await trunk.done;
    const inv = trunk.invites()[0];
    assert.match(inv, /^INVITE sip:\+31205550101@127\.0\.0\.1:\d+ SIP\/2\.0/m);
    return inv;
  };
  await adm('PATCH', org, { caller_id_mode: 'user' });
  let inv = await outbound(app);
  assert.match(inv, new RegExp(`^From: .*<sip:\\${n1}@`, 'm'));
  assert.match(inv, new RegExp(`^P-Asserted-Identity: <sip:\\${n1}@`, 'm'));
  await adm('PATCH', org, { caller_id_mode: 'device' });
  inv = await outbound(app);
  assert.match(inv, new RegExp(`^P-Asserted-Identity: <sip:\\${n2}@`, 'm'));
  inv = await outbound(desk); // no number of its own: the user's
  assert.match(inv, new RegExp(`^P-Asserted-Identity: <sip:\\${n1}@`, 'm'));
  await adm('PATCH', org, { caller_id_mode: o.caller_id_mode });
});

test('a call from the trunk to a number rings the user it belongs to', async () => {
  const n = (await adm('POST', `${org}/numbers`, { number: `+3120${String(Date.now() % 10000000).padStart(7, '0')}` })).body.number;
  const b = await person('desk');
  await telephony(b, { reachable_numbers: [n], availability: { reachable: true, destination: b.accounts[0].id } });
  const pb = await phone(b.accounts[0]);
  const log = join(dir, `trunk-call-${++seq}.log`);
  const r = await start(SIPP, [`127.0.0.1:${sipPort}`, '-sf', join(here, 'trunk-call.xml'), '-s', n.slice(1),
    '-key', 'from', '+31612345678', '-m', '1', '-i', '127.0.0.1', '-p', String(trunkPort), '-t', 'u1', '-nostdin',
    '-timeout', '30s', '-trace_msg', '-message_file', log], 40000).done;
  assert.equal(r.status, 0, `${r.stderr}\n${readLog(log)}\n${klog.slice(-3000)}`);
  await pb.done;
  assert.equal(pb.invites().length, 1);
  assert.match(pb.invites()[0], /^From: .*<sip:\+31612345678@/m);
});

test('a number by schedule: the trunk\'s call rings the open destination, the voicemail box when closed', async () => {
  // the real clock decides a live call: one schedule open at every moment,
  // one never open, so the call's moment does not matter
  const days = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
  const always = (await adm('POST', `${org}/schedules`, { name: `Altijd ${Date.now()}`, hours: [{ days, from: '00:00', to: '24:00' }] })).body;
  const never = (await adm('POST', `${org}/schedules`, { name: `Nooit ${Date.now()}` })).body;
  const b = await person('desk');
  await telephony(b, { availability: { reachable: true, destination: b.accounts[0].id }, voicemail: { enabled: true, pin: '80417', box: b.ext } });
  const number = async (sc) => {
    const n = (await adm('POST', `${org}/numbers`, { number: `+3120${String((Date.now() + seq++) % 10000000).padStart(7, '0')}` })).body;
    const destination = { type: 'schedule', schedule_id: sc.id, open: { type: 'user', id: b.user.id }, closed: { type: 'voicemail', user_id: b.user.id } };
    assert.equal((await adm('PATCH', `${org}/numbers/${n.id}`, { destination })).status, 200);
    return n.number;
  };
  const trunkCall = async (n) => {
    const log = join(dir, `trunk-call-${++seq}.log`);
    const r = await start(SIPP, [`127.0.0.1:${sipPort}`, '-sf', join(here, 'trunk-call.xml'), '-s', n.slice(1),
      '-key', 'from', '+31612345678', '-m', '1', '-i', '127.0.0.1', '-p', String(trunkPort), '-t', 'u1', '-nostdin',
      '-timeout', '30s', '-trace_msg', '-message_file', log], 40000).done;
    assert.equal(r.status, 0, `${r.stderr}\n${readLog(log)}\n${klog.slice(-3000)}`);
  };
  const open = await number(always);
  const pb = await phone(b.accounts[0]);
  await trunkCall(open);
  await pb.done;
  assert.equal(pb.invites().length, 1, 'open: the user rang');
  const closed = await number(never);
  const media = uas(mediaPort);
  await sleep(200);
  await trunkCall(closed);
  await media.done;
  assert.match(media.invites()[0], new RegExp(`^INVITE sip:${b.ext}@127\\.0\\.0\\.1:${mediaPort};sb_org=${s.orgId} SIP/2\\.0`, 'm'), 'closed: the voicemail box');
});

test('a number with an announcement: the trunk\'s call goes to the media server, which is told which sound', async () => {
  const up = await s.req('POST', `${org}/media?name=Gesloten%20${Date.now()}&kind=announcement`, { token: s.adminToken, raw: wav({ seconds: 1 }), headers: { 'content-type': 'audio/wav' } });
  assert.equal(up.status, 201, JSON.stringify(up.body));
  const n = (await adm('POST', `${org}/numbers`, { number: `+3120${String((Date.now() + seq++) % 10000000).padStart(7, '0')}` })).body;
  assert.equal((await adm('PATCH', `${org}/numbers/${n.id}`, { destination: { type: 'announcement', media_id: up.body.id } })).status, 200);
  const media = uas(mediaPort);
  await sleep(200);
  const log = join(dir, `trunk-call-${++seq}.log`);
  const r = await start(SIPP, [`127.0.0.1:${sipPort}`, '-sf', join(here, 'trunk-call.xml'), '-s', n.number.slice(1),
    '-key', 'from', '+31612345678', '-m', '1', '-i', '127.0.0.1', '-p', String(trunkPort), '-t', 'u1', '-nostdin',
    '-timeout', '30s', '-trace_msg', '-message_file', log], 40000).done;
  assert.equal(r.status, 0, `${r.stderr}\n${readLog(log)}\n${klog.slice(-3000)}`);
  await media.done;
  assert.match(media.invites()[0], new RegExp(`^INVITE sip:announcement-${up.body.id}@127\\.0\\.0\\.1:${mediaPort} SIP/2\\.0`, 'm'));
});

// baresip stands in for the media server: it answers the voicemail step
// on the media server's port (its account is the box), plays the greeting
// the route names, fetched as the media server does, and records what the
// caller says (its sndfile module); the test posts the recording as the
// media server's glue would, and the mail arrives with it attached.
test('voicemail with baresip as the media server: the greeting plays, the message is recorded, posted and mailed', async () => {
  const a = await person('desk');
  const b = await person('desk');
  const g = await s.req('POST', `${org}/media?name=Afwezig%20${Date.now()}&kind=greeting`, { token: s.adminToken, raw: wav({ seconds: 8, rate: 8000, channels: 1, hz: 600 }), headers: { 'content-type': 'audio/wav' } });
  assert.equal(g.status, 201, JSON.stringify(g.body));
  await telephony(b, { voicemail: { enabled: true, pin: '80417', box: b.ext, email: 'voicemail@example.com', greeting_id: g.body.id } });
  // the media server's part: the greeting the step names, at 8 kHz
  const rt = (await adm('GET', `${org}/route?number=${b.ext}`)).body;
  const step = rt.targets.find((x) => x.type === 'voicemail');
  const greeting = await fetch(`${s.url}${step.greeting.url}?rate=8000`, { headers: { authorization: `Bearer ${s.adminToken}` } });
  assert.equal(greeting.status, 200);
  const conf = join(dir, `media-${++seq}`);
  mkdirSync(join(conf, 'rec'), { recursive: true });
  writeFileSync(join(conf, 'greeting.wav'), Buffer.from(await greeting.arrayBuffer()));
  writeFileSync(join(conf, 'config'), [`sip_listen 127.0.0.1:${mediaPort}`, 'module_path /usr/lib/baresip/modules',
    'module account.so', 'module g711.so', 'module aufile.so', 'module sndfile.so',
    `audio_source aufile,${join(conf, 'greeting.wav')}`, `audio_player aufile,${join(conf, 'heard.wav')}`,
    'audio_alert none', 'video_display none', 'video_source none', `snd_path ${join(conf, 'rec')}`, ''].join('\n'));
  writeFileSync(join(conf, 'accounts'), `<sip:${b.ext}@127.0.0.1:${mediaPort}>;regint=0;answermode=auto\n`);
  const media = start('/usr/bin/baresip', ['-f', conf, '-s', '-t', '15'], 30000);
  await sleep(1500); // listening
  // the caller speaks for about as long as the capture lasts, then hangs up
  const log = join(dir, `call-${++seq}.log`);
  const r = await start(SIPP, [`127.0.0.1:${sipPort}`, '-sf', join(here, 'call-speak.xml'), '-s', a.accounts[0].username,
    '-au', a.accounts[0].username, '-ap', a.accounts[0].secret, '-key', 'callee', b.ext, '-d', '3000',
    '-m', '1', '-i', '127.0.0.1', '-p', String(await freePort()), '-t', 'u1', '-nostdin', '-timeout', '30s',
    '-trace_msg', '-message_file', log], 40000).done;
  assert.equal(r.status, 0, `${r.stderr}\n${readLog(log)}\n${klog.slice(-3000)}`);
  await sleep(500);
  media.kill('SIGTERM');
  const out = await media.done;
  // what baresip was asked: the box, of the organization Kamailio named
  const invite = /^INVITE (sip:\S+) SIP\/2\.0/m.exec(out.stdout);
  assert.ok(invite, out.stdout.slice(0, 3000));
  assert.equal(invite[1], `sip:${b.ext}@127.0.0.1:${mediaPort};sb_org=${s.orgId}`);
  const rec = readdirSync(join(conf, 'rec'));
  const said = rec.find((f) => f.endsWith('-dec.wav'));
  const played = rec.find((f) => f.endsWith('-enc.wav'));
  assert.ok(said && played, `baresip recorded ${rec}`);
  // it played the greeting (the tone), and heard the caller
  assert.ok(wavInfo(readFileSync(join(conf, 'rec', played))).seconds > 1, 'the greeting played');
  const recording = readFileSync(join(conf, 'rec', said));
  assert.ok(wavInfo(recording).seconds > 0.5, `heard ${wavInfo(recording).seconds} s`);
  // the media server posts it
  const org_id = /sb_org=([0-9a-f-]{36})/.exec(invite[1])[1];
  const [type, body] = multipart({ org_id, box: b.ext, caller: a.ext || a.accounts[0].username }, { name: 'message.wav', type: 'audio/wav', data: recording });
  const post = await s.req('POST', '/api/v1/sip/voicemail', { token: s.adminToken, raw: body, headers: { 'content-type': type } });
  assert.equal(post.status, 201, JSON.stringify(post.body));
  assert.ok(post.body.duration_ms > 500);
  const mail = await sink.waitFor((m) => m.rcpt.includes('voicemail@example.com'), 15000);
  assert.match(mail.raw, /Content-Disposition: attachment; filename="voicemail\.wav"/);
});

test('a suspended user cannot call, and calls to it are answered 480 with the reason, at once', async () => {
  const a = await person('desk');
  const b = await person('desk');
  await telephony(b, { availability: { reachable: true, destination: b.accounts[0].id } });
  await adm('POST', `${org}/users/${b.user.id}/suspend`);
  const t0 = Date.now();
  const to = await call(a.accounts[0], b.ext);
  assert.deepEqual(to.codes, [407, 480], to.log);
  assert.match(to.log, /^Reason: SIP;cause=480;text="suspended"/m);
  const from = await call(b.accounts[0], a.ext);
  assert.equal(from.codes[from.codes.length - 1], 403, from.log);
  assert.ok(Date.now() - t0 < 5000);
  // nobody registered: 480 saying so
  await adm('POST', `${org}/users/${b.user.id}/resume`);
  const none = await call(a.accounts[0], b.ext);
  assert.deepEqual(none.codes, [407, 480], none.log);
  assert.match(none.log, /^Reason: SIP;cause=480;text="nobody registered"/m);
});

test('the calls come back as call records: status, parties, duration; own versus all follows the rights', async () => {
  const PW = 'Copper-Meadow-39-Lane';
  const u = await adm('POST', `${org}/users`, newUser({ extension: 'auto', password: PW }));
  assert.equal(u.status, 201, JSON.stringify(u.body));
  const desk = (await adm('POST', `${org}/users/${u.body.id}/sip-accounts`, { kind: 'desk' })).body;
  const b = { user: u.body, ext: u.body.extensions[0], accounts: [desk] };
  const a = await person('desk');
  const c = await person('desk');
  await telephony(b, { availability: { reachable: true, destination: desk.id } });
  // answered, 1.5 s of talk
  const pb = await phone(desk);
  const answered = await call(a.accounts[0], b.ext, 1500);
  assert.ok(answered.codes.includes(200), answered.log);
  await pb.done;
  // not answered: nobody registered now (the phone is gone) ...
  const rang = await call(c.accounts[0], b.ext);
  assert.equal(rang.codes[rang.codes.length - 1], 480, rang.log);
  // ... and refused at the lookup: b suspended (Switchboard records it itself)
  await adm('POST', `${org}/users/${b.user.id}/suspend`);
  const refused = await call(a.accounts[0], b.ext);
  assert.equal(refused.codes[refused.codes.length - 1], 480, refused.log);
  await adm('POST', `${org}/users/${b.user.id}/resume`);
  // Kamailio posts its records every second
  let items = [];
  for (let i = 0; i < 100 && items.length < 3; i++) {
    items = (await adm('GET', `${org}/calls?user=${b.user.id}`)).body.items || [];
    if (items.length < 3) await sleep(100);
  }
  assert.equal(items.length, 3, JSON.stringify(items));
  const byCaller = (ext, status) => items.find((k) => k.caller_number === ext && k.status === status);
  const ok = byCaller(a.ext, 'answered');
  assert.ok(ok, JSON.stringify(items));
  assert.equal(ok.direction, 'internal');
  assert.equal(ok.callee_number, b.ext);
  assert.equal(ok.callee_user_id, b.user.id);
  assert.equal(ok.caller_user_id, a.user.id);
  assert.equal(ok.answered_user_id, b.user.id);
  assert.equal(ok.answered_sip_account_id, desk.id);
  assert.ok(ok.duration_seconds >= 1 && ok.duration_seconds <= 3, JSON.stringify(ok));
  const missed = byCaller(c.ext, 'missed');
  assert.ok(missed, JSON.stringify(items));
  assert.equal(missed.answered_user_id, null);
  const sus = byCaller(a.ext, 'missed');
  assert.ok(sus, JSON.stringify(items));
  assert.equal(sus.reason, 'suspended');
  // b sees its own calls, not a's call to c
  await telephony(c, { availability: { reachable: true, destination: c.accounts[0].id } });
  const pc = await phone(c.accounts[0]);
  const other = await call(a.accounts[0], c.ext);
  assert.ok(other.codes.includes(200), other.log);
  await pc.done;
  const l = await s.login(b.user.email, PW);
  await s.req('POST', '/api/v1/me/password', { token: l.token, body: { current_password: PW, new_password: `${PW}-2` } });
  const token = (await s.login(b.user.email, `${PW}-2`)).token;
  let all = [];
  for (let i = 0; i < 100 && !all.some((k) => k.callee_number === c.ext); i++) {
    all = (await adm('GET', `${org}/calls?limit=200`)).body.items;
    if (!all.some((k) => k.callee_number === c.ext)) await sleep(100);
  }
  assert.ok(all.some((k) => k.callee_number === c.ext && k.status === 'answered'));
  const own = await s.req('GET', `${org}/calls?limit=200`, { token });
  assert.equal(own.status, 200, JSON.stringify(own.body));
  assert.equal(own.body.items.length, 3);
  assert.ok(own.body.items.every((k) => [k.caller_user_id, k.callee_user_id, k.answered_user_id].includes(b.user.id)));
});

test('a SIP alias rings like a user: its own line registers, and its extension rings it', async () => {
  const a = await person('desk');
  const b = await person('desk');
  const al = await adm('POST', `${org}/users/${b.user.id}/aliases`, { display_name: 'Support line', extension: 'auto' });
  assert.equal(al.status, 201, JSON.stringify(al.body));
  const line = { username: al.body.username, secret: al.body.secret };
  const pl = await phone(line);
  const r = await call(a.accounts[0], al.body.extension);
  assert.deepEqual(r.codes, [407, 180, 200, 200], r.log);
  await pl.done;
  assert.equal(pl.invites().length, 1);
  // a suspended user's alias does not ring
  await adm('POST', `${org}/users/${b.user.id}/suspend`);
  const off = await call(a.accounts[0], al.body.extension);
  assert.deepEqual(off.codes, [407, 480], off.log);
  assert.match(off.log, /^Reason: SIP;cause=480;text="suspended"/m);
});
