// failover.test.mjs: two Switchboard nodes on one PostgreSQL database in
// front of one Kamailio (issue 13, part 6). Kamailio runs the kamailio.cfg
// of `switchboard sip-config --url A,B`, which asks each node in turn while
// none answered below 500; both nodes push invalidations to it (serve
// --sip-rpc). Checked as a user sees it: with node A stopped, a phone whose
// credentials Kamailio never saw registers through B and a call is routed
// by B; with A started again (on its port) and B stopped, the same through
// A; with both up, a user suspended through A and another through B lose
// their registrations within a second, and their REGISTER is refused 403.
// PostgreSQL only (SWITCHBOARD_TEST_PG); every process is stopped by pid.
// SB_KLOG=FILE keeps Kamailio's log there.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, newUser, PG, createPgDatabase } from '../lib/server.mjs';
import { Kamailio, SIPP, freePort, run, until, sleep } from './lib.mjs';

const skip = PG ? false : 'needs PostgreSQL (SWITCHBOARD_TEST_PG): two nodes share one database';
const here = dirname(fileURLToPath(import.meta.url));

let dir;
let db;
let k;
let seq = 0;
const procs = new Set(); // sipp phones still listening, stopped by pid at the end
const nodes = {}; // A, B: {port, dataDir, s (the running server or null)}
const people = {}; // name -> {user, ext, username, secret}

// Starts node name on its own port and data directory, so that a restart
// is the same node at the same URL; A initialises the database and its key
// file is every node's.
async function up(name) {
  const n = nodes[name];
  const first = name === 'A' && !n.inited;
  n.s = await startServer({ db: db.url, dataDir: n.dataDir, skipInit: !first,
    args: ['--listen', `127.0.0.1:${n.port}`, '--key-file', join(nodes.A.dataDir, 'secret.key'), '--sip-rpc', k.rpcUrl] });
  n.inited = true;
  assert.equal(n.s.url, `http://127.0.0.1:${n.port}`);
  return n.s;
}
async function down(name) {
  const s = nodes[name].s;
  nodes[name].s = null;
  await s.stop();
}

// How often node name was asked for path (its access log, since it started).
const asked = (name, path) => nodes[name].s.log.split('\n').filter((l) => l.includes(`"path":"${path}"`)).length;

// A user with a desk phone and an extension, reachable on that phone.
async function person(name) {
  const s = nodes.A.s;
  const org = `/api/v1/orgs/${s.orgId}`;
  const adm = (method, path, body) => s.req(method, path, { token: s.adminToken, body });
  const u = await adm('POST', `${org}/users`, newUser({ extension: 'auto' }));
  assert.equal(u.status, 201, JSON.stringify(u.body));
  const a = await adm('POST', `${org}/users/${u.body.id}/sip-accounts`, { kind: 'desk', label: name });
  assert.equal(a.status, 201, JSON.stringify(a.body));
  const t = await adm('PUT', `${org}/users/${u.body.id}/telephony`, { availability: { reachable: true, destination: a.body.id } });
  assert.equal(t.status, 200, JSON.stringify(t.body));
  people[name] = { user: `${org}/users/${u.body.id}`, ext: u.body.extensions[0], username: a.body.username, secret: a.body.secret };
}

const readLog = (file) => (existsSync(file) ? readFileSync(file, 'utf8') : '');
const codes = (text) => [...text.matchAll(/^SIP\/2\.0 (\d{3})/gm)].map((m) => Number(m[1])).filter((c) => c !== 100);
const sippArgs = (scenario, log, port) => ['-sf', join(here, scenario), '-i', '127.0.0.1', '-p', String(port),
  '-t', 'u1', '-m', '1', '-nostdin', '-trace_msg', '-message_file', log];

// One REGISTER of person p from port (answering the 401); its answers.
async function register(p, port) {
  const log = join(dir, `register-${++seq}.log`);
  const r = await run(SIPP, [`127.0.0.1:${k.sipPort}`, ...sippArgs('register.xml', log, port), '-s', p.username,
    '-au', p.username, '-ap', p.secret, '-timeout', '15s'], { cwd: dir, ms: 20000 });
  assert.equal(r.status, 0, `${r.stderr}\n${readLog(log)}\n${k.log.slice(-3000)}`);
  return codes(readLog(log));
}

// Person p's desk phone: registered from a port of its own (the same each
// time), then listening there for one call (phone.xml answers it);
// .invites() counts the INVITEs it got.
const portOf = async (p) => { p.port = p.port || await freePort(); return p.port; };
async function phone(p) {
  const port = await portOf(p);
  assert.deepEqual(await register(p, port), [401, 200]);
  const log = join(dir, `phone-${++seq}.log`);
  const proc = spawn(SIPP, [...sippArgs('phone.xml', log, port), '-s', p.username, '-d', '200', '-timeout', '30s'],
    { cwd: dir, stdio: 'ignore' });
  procs.add(proc);
  proc.done = new Promise((r) => proc.once('exit', () => { procs.delete(proc); r(); }));
  proc.invites = () => readLog(log).split(/-{10,} /).filter((b) => / message received /.test(b) && /^INVITE /m.test(b)).length;
  await sleep(100); // listening
  return proc;
}

// A call from person a to person b's extension; the answers a got.
async function call(a, b) {
  const log = join(dir, `call-${++seq}.log`);
  const r = await run(SIPP, [`127.0.0.1:${k.sipPort}`, ...sippArgs('call.xml', log, await freePort()), '-s', a.username,
    '-au', a.username, '-ap', a.secret, '-key', 'callee', b.ext, '-d', '200', '-timeout', '30s'], { cwd: dir, ms: 40000 });
  assert.equal(r.status, 0, `${r.stderr}\n${readLog(log)}\n${k.log.slice(-3000)}`);
  return codes(readLog(log));
}

before(async () => {
  if (skip) return;
  dir = mkdtempSync(join(tmpdir(), 'sb-failover-'));
  db = createPgDatabase();
  k = new Kamailio(dir);
  await k.ports();
  for (const name of ['A', 'B']) {
    nodes[name] = { dataDir: join(dir, name), port: await freePort(), s: null };
    mkdirSync(nodes[name].dataDir);
  }
  await up('A');
  await up('B');
  for (const name of ['alice', 'bob', 'carol', 'dave', 'erin', 'frank']) await person(name);
  k.configure(nodes.A.s, `${nodes.A.s.url},${nodes.B.s.url}`);
  await k.start();
});

after(async () => {
  if (skip) return;
  if (process.env.SB_KLOG) writeFileSync(process.env.SB_KLOG, k.log);
  for (const p of procs) p.kill('SIGKILL');
  await k.stop();
  try {
    for (const name of ['A', 'B']) if (nodes[name].s) await down(name);
  } finally {
    db.drop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('node A stopped: a phone Kamailio never saw registers through B, and B routes a call', { skip }, async () => {
  const { alice, bob } = people;
  // both up: Kamailio asks the first URL, A
  assert.deepEqual(await register(alice, await freePort()), [401, 200]);
  assert.equal(asked('A', `/api/v1/sip/credentials/${alice.username}`), 1);
  assert.equal(asked('B', `/api/v1/sip/credentials/${alice.username}`), 0);

  await down('A');
  // bob's credentials are not cached: Kamailio finds A refusing and asks B,
  // without waiting out a timeout
  const t0 = Date.now();
  assert.deepEqual(await register(bob, await portOf(bob)), [401, 200]);
  const took = Date.now() - t0;
  assert.ok(took < 1000, `registering through B took ${took} ms`);
  assert.equal(asked('B', `/api/v1/sip/credentials/${bob.username}`), 1);
  const callee = await phone(bob);
  // alice's credentials are cached; her INVITE's route comes from B
  assert.deepEqual(await call(alice, bob), [407, 180, 200, 200]); // the INVITE's answers, the BYE's
  await callee.done;
  assert.equal(callee.invites(), 1);
  assert.equal(asked('B', '/api/v1/sip/route'), 1);
});

test('node A started again and B stopped: phones register and calls are routed through A', { skip }, async () => {
  const { bob, carol, dave } = people;
  await up('A');
  await down('B');
  // carol and dave: never seen by Kamailio, asked of A (back on its port)
  const callee = await phone(dave);
  assert.deepEqual(await call(carol, dave), [407, 180, 200, 200]);
  await callee.done;
  assert.equal(callee.invites(), 1);
  assert.equal(asked('A', `/api/v1/sip/credentials/${carol.username}`), 1);
  assert.equal(asked('A', `/api/v1/sip/credentials/${dave.username}`), 1);
  assert.equal(asked('A', '/api/v1/sip/route'), 1);
  // bob, cached while A was down, still calls
  const again = await phone(dave);
  assert.deepEqual(await call(bob, dave), [407, 180, 200, 200]);
  await again.done;
  assert.equal(again.invites(), 1);
});

// A suspended through node name: its registration is gone and its REGISTER
// refused within a second of the API's answer.
async function suspendThrough(name, p) {
  const port = await portOf(p);
  assert.deepEqual(await register(p, port), [401, 200]);
  assert.deepEqual(await register(p, port), [401, 200]); // from the cache, fresh for 300 s
  assert.ok(await k.registered(p.username));
  const s = nodes[name].s;
  const r = await s.req('POST', `${p.user}/suspend`, { token: s.adminToken });
  assert.equal(r.status, 200);
  const t0 = Date.now();
  await until('the registration gone', async () => !(await k.registered(p.username)), 1000, 10);
  assert.deepEqual(await register(p, port), [401, 403]);
  const took = Date.now() - t0;
  assert.ok(took < 1000, `refused ${took} ms after the API's answer`);
}

test('both nodes up: a user suspended through A, and another through B, are cut off within 1 s', { skip }, async () => {
  await up('B');
  await suspendThrough('A', people.erin);
  await suspendThrough('B', people.frank);
});
