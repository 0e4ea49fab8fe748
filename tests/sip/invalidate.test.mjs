// invalidate.test.mjs: Switchboard pushes to Kamailio what it must forget
// (issue 13). A real Kamailio runs the configuration `switchboard sip-config`
// writes, in front of `switchboard serve --sip-rpc` (its JSON-RPC URL); sipp
// and baresip are the phones. Checked as a user sees it: a phone registered
// (its credentials cached, fresh for 300 s) whose user is suspended through
// the API loses its registration within one second of the API's answer, and
// its REGISTER and INVITE are refused 403; a reset secret: the old one is
// refused at once; a suspended organization: all of its phones cut off
// within a second; a Kamailio that hangs (SIGSTOP) or is down while a user is
// suspended: Switchboard keeps answering, says so in /metrics and its log,
// and delivers once Kamailio answers again, so the cached phone is cut off
// then. Every process is stopped by its pid.
// SB_KLOG=FILE keeps Kamailio's log there.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, newUser } from '../lib/server.mjs';
import { Kamailio, until, sleep } from './lib.mjs';

let dir;
let s; // Switchboard
let k; // Kamailio
const accounts = {}; // name -> {username, secret, userId}

async function account(name) {
  const org = `/api/v1/orgs/${s.orgId}`;
  const u = await s.req('POST', `${org}/users`, { token: s.adminToken, body: newUser({ password: 'Amber-Lantern-64-Quay' }) });
  assert.equal(u.status, 201, JSON.stringify(u.body));
  const a = await s.req('POST', `${org}/users/${u.body.id}/sip-accounts`, { token: s.adminToken, body: { kind: 'desk', label: name } });
  assert.equal(a.status, 201, JSON.stringify(a.body));
  accounts[name] = { username: a.body.username, secret: a.body.secret, id: a.body.id, userId: u.body.id,
    user: `${org}/users/${u.body.id}` };
}

// A metric of /metrics for Kamailio's URL, as a number.
async function metric(name) {
  const text = await (await fetch(`${s.url}/metrics`)).text();
  const m = text.match(new RegExp(`^${name}\\{url="${k.rpcUrl.replace(/[.]/g, '\\.')}"\\} (\\d+)$`, 'm'));
  assert.ok(m, `${name} not in /metrics:\n${text.slice(-1500)}`);
  return Number(m[1]);
}

// How often Kamailio asked Switchboard for username's credentials.
const asked = (username) => s.log.split('\n').filter((l) => l.includes(`"path":"/api/v1/sip/credentials/${username}"`)).length;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sb-sipinv-'));
  k = new Kamailio(dir);
  await k.ports();
  s = await startServer({ args: ['--sip-rpc', k.rpcUrl] });
  for (const name of ['alice', 'bob', 'carol', 'dave', 'erin']) await account(name);
  k.configure(s);
  await k.start();
});

after(async () => {
  if (process.env.SB_KLOG) writeFileSync(process.env.SB_KLOG, k ? k.log : '');
  if (k) await k.stop();
  if (s) await s.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('a suspended user: its registration is gone within 1 s, and REGISTER and INVITE are refused 403', async () => {
  const { username, secret, user } = accounts.alice;
  const bob = accounts.bob;
  // a real softphone registers and stays registered
  let ended = false;
  const phone = k.baresip(username, secret, 6).then((out) => { ended = true; return out; });
  await until('baresip registered', async () => ended || k.registered(username), 6000, 50);
  assert.ok(!ended && await k.registered(username), await phone);
  // sipp registers too, and calls: the credentials are cached and fresh
  assert.deepEqual(await k.register(username, secret), [401, 200]);
  assert.deepEqual(await k.call(username, secret, bob.username), [407, 404]);
  const cachedAsks = asked(username);
  assert.deepEqual(await k.register(username, secret), [401, 200]);
  assert.equal(asked(username), cachedAsks, 'served from the cache');

  const r = await s.req('POST', `${user}/suspend`, { token: s.adminToken });
  assert.equal(r.status, 200);
  const t0 = Date.now();
  await until('the registration gone', async () => !(await k.registered(username)), 1000, 10);
  const gone = Date.now() - t0;
  assert.ok(gone < 1000, `${gone} ms`);
  // what the phone sees now (without the push, the fresh cache would have
  // let both through for up to 300 s)
  assert.deepEqual(await k.register(username, secret), [401, 403]);
  assert.deepEqual(await k.call(username, secret, bob.username), [407, 403]);
  assert.ok(asked(username) > cachedAsks, 'Kamailio asked Switchboard again');
  const out = await phone;
  assert.ok(out.includes('200 OK'), out);
  assert.equal(await metric('switchboard_sip_invalidations_pending'), 0);
  assert.ok(await metric('switchboard_sip_invalidations_delivered_total') >= 1);

  // resumed: its phone registers again at once (nothing remembered as unknown)
  assert.equal((await s.req('POST', `${user}/resume`, { token: s.adminToken })).status, 200);
  await until('resume pushed', async () => (await metric('switchboard_sip_invalidations_delivered_total')) >= 2, 1000);
  assert.deepEqual(await k.register(username, secret), [401, 200]);
});

test('a reset secret: the old one is refused at once, the new one works', async () => {
  const { username, secret, id, user } = accounts.bob;
  assert.deepEqual(await k.register(username, secret), [401, 200]);
  assert.deepEqual(await k.register(username, secret), [401, 200]);
  const r = await s.req('POST', `${user}/sip-accounts/${id}/reset-secret`, { token: s.adminToken });
  assert.equal(r.status, 200);
  const t0 = Date.now();
  await until('the registration gone', async () => !(await k.registered(username)), 1000, 10);
  assert.ok(Date.now() - t0 < 1000);
  assert.deepEqual(await k.register(username, secret), [401, 403]);
  assert.deepEqual(await k.register(username, r.body.secret), [401, 200]);
});

test('a disabled account is cut off at once; deleting a user cuts off all of its phones', async () => {
  const { username, secret, id, user } = accounts.erin;
  assert.deepEqual(await k.register(username, secret), [401, 200]);
  assert.equal((await s.req('PATCH', `${user}/sip-accounts/${id}`, { token: s.adminToken, body: { enabled: false } })).status, 200);
  await until('gone', async () => !(await k.registered(username)), 1000, 10);
  assert.deepEqual(await k.register(username, secret), [401, 403]);
  assert.equal((await s.req('PATCH', `${user}/sip-accounts/${id}`, { token: s.adminToken, body: { enabled: true } })).status, 200);
  await sleep(200);
  assert.deepEqual(await k.register(username, secret), [401, 200]);
  assert.equal((await s.req('DELETE', user, { token: s.adminToken })).status, 204);
  await until('gone', async () => !(await k.registered(username)), 1000, 10);
  assert.deepEqual(await k.register(username, secret), [401, 403]);
});

test('a suspended organization: every phone of it is cut off at once; resumed, they register again', async () => {
  const C = (await s.req('POST', '/api/v1/orgs', { token: s.adminToken, body: { name: `Suspended ${Date.now()}`, parent_id: s.platformId } })).body.id;
  const phones = [];
  for (let i = 0; i < 2; i++) {
    const u = await s.req('POST', `/api/v1/orgs/${C}/users`, { token: s.adminToken, body: newUser() });
    const a = await s.req('POST', `/api/v1/orgs/${C}/users/${u.body.id}/sip-accounts`, { token: s.adminToken, body: { kind: 'desk' } });
    assert.equal(a.status, 201, JSON.stringify(a.body));
    phones.push(a.body);
    assert.deepEqual(await k.register(a.body.username, a.body.secret), [401, 200]);
    assert.deepEqual(await k.register(a.body.username, a.body.secret), [401, 200]); // cached
  }
  const [one, two] = phones;
  assert.equal((await s.req('POST', `/api/v1/orgs/${C}/suspend`, { token: s.adminToken })).status, 200);
  const t0 = Date.now();
  await until('both registrations gone', async () => !(await k.registered(one.username)) && !(await k.registered(two.username)), 1000, 10);
  assert.ok(Date.now() - t0 < 1000, `${Date.now() - t0} ms`);
  for (const p of phones) assert.deepEqual(await k.register(p.username, p.secret), [401, 403]);
  assert.deepEqual(await k.call(one.username, one.secret, two.username), [407, 403]);
  // a phone of another organization goes on as before
  assert.deepEqual(await k.register(accounts.carol.username, accounts.carol.secret), [401, 200]);
  assert.equal((await s.req('POST', `/api/v1/orgs/${C}/resume`, { token: s.adminToken })).status, 200);
  await sleep(200);
  for (const p of phones) assert.deepEqual(await k.register(p.username, p.secret), [401, 200]);
});

test('a Kamailio that hangs: the API answers, the push waits and lands once Kamailio runs again', async () => {
  const { username, secret, user } = accounts.carol;
  assert.deepEqual(await k.register(username, secret), [401, 200]);
  const delivered = await metric('switchboard_sip_invalidations_delivered_total');
  k.freeze();
  try {
    const t0 = Date.now();
    const r = await s.req('POST', `${user}/suspend`, { token: s.adminToken });
    assert.equal(r.status, 200);
    assert.ok(Date.now() - t0 < 1000, 'the answer does not wait for Kamailio');
    // Switchboard keeps serving while its push times out
    for (let i = 0; i < 5; i++) assert.equal((await s.req('GET', user, { token: s.adminToken })).status, 200);
    await until('a failed attempt', async () => (await metric('switchboard_sip_invalidations_failing')) >= 1, 6000, 100);
    assert.equal(await metric('switchboard_sip_invalidations_pending'), 1);
    assert.match(s.log, /"msg":"cannot push SIP invalidations to Kamailio; trying again".*"error":"htable\.delete: [^"]*timed out/);
  } finally {
    k.thaw();
  }
  // the phone's registration and its cached credentials (still fresh) go
  await until('delivered', async () => (await metric('switchboard_sip_invalidations_pending')) === 0, 15000, 100);
  assert.ok(await metric('switchboard_sip_invalidations_delivered_total') > delivered);
  assert.ok(await metric('switchboard_sip_invalidation_failures_total') >= 1);
  assert.ok(!(await k.registered(username)));
  assert.deepEqual(await k.register(username, secret), [401, 403]);
  assert.match(s.log, /"msg":"pushing SIP invalidations to Kamailio again"/);
});

test('a Kamailio that is down: the row waits, and is delivered when it is back on its port', async () => {
  const { username, secret, user } = accounts.dave;
  assert.deepEqual(await k.register(username, secret), [401, 200]);
  await k.stop();
  const failures = await metric('switchboard_sip_invalidation_failures_total');
  const r = await s.req('POST', `${user}/suspend`, { token: s.adminToken });
  assert.equal(r.status, 200);
  await until('a refused attempt', async () => (await metric('switchboard_sip_invalidation_failures_total')) > failures, 3000, 50);
  assert.equal(await metric('switchboard_sip_invalidations_pending'), 1);
  assert.equal((await s.req('GET', user, { token: s.adminToken })).status, 200);
  await k.start();
  await until('delivered', async () => (await metric('switchboard_sip_invalidations_pending')) === 0, 15000, 100);
  assert.deepEqual(await k.register(username, secret), [401, 403]);
  // a phone of an active user registers through the restarted Kamailio
  const alice = accounts.alice;
  assert.deepEqual(await k.register(alice.username, alice.secret), [401, 200]);
});
