// sip.test.mjs: a user's SIP accounts (issue 4): desk phones and softphone
// apps with a generated, platform-unique username and a generated secret
// shown once, stored as HA1 = md5(username:realm:secret) and sealed with the
// key file; the credentials lookup of the SIP proxy (the right sip.proxy,
// held by its API token), which only answers for an enabled account of an
// active user; realm changes; rights; secrets kept
// out of the log, the audit trail and the database.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { startServer, newUser, sql, PG, malformed } from '../lib/server.mjs';

let s;
let org;
let userId;
const secrets = [];
const otherLogs = []; // of the extra nodes of the two-node test
before(async () => {
  s = await startServer();
  org = `/api/v1/orgs/${s.orgId}`;
  userId = (await s.req('POST', `${org}/users`, { token: s.adminToken, body: active() })).body.id;
});

// A user with a password is active (one without is invited until it sets one).
const active = () => newUser({ password: 'Amber-Lantern-64-Quay' });
after(async () => { await s.stop(); });

const md5 = (t) => createHash('md5').update(t).digest('hex');
const base = (u = userId, o = org) => `${o}/users/${u}/sip-accounts`;
const add = async (body, { token = s.adminToken, user = userId, o = org, headers } = {}) => {
  const r = await s.req('POST', base(user, o), { token, body, headers });
  if (r.body && r.body.secret) secrets.push(r.body.secret);
  return r;
};
const creds = (username, token = s.adminToken) => s.req('GET', `/api/v1/sip/credentials/${username}`, { token });

test('a desk phone and an app account: generated username, secret shown once, HA1 for the realm', async () => {
  const desk = await add({ kind: 'desk', label: 'Yealink T54W bureau' });
  assert.equal(desk.status, 201, JSON.stringify(desk.body));
  assert.equal(desk.body.kind, 'desk');
  assert.equal(desk.body.label, 'Yealink T54W bureau');
  assert.equal(desk.body.enabled, true);
  assert.equal(desk.body.user_id, userId);
  assert.equal(desk.body.org_id, s.orgId);
  assert.match(desk.body.username, /^[a-z][a-z0-9]{9}$/);
  assert.match(desk.body.secret, /^[A-Za-z0-9]{20,}$/);
  assert.ok(desk.body.secret.length >= 20);
  // no SIP domain anywhere up the tree: a realm derived from the organization
  assert.equal(desk.body.realm, `${s.orgId}.sip.invalid`);
  assert.equal(desk.headers.get('location'), `${base()}/${desk.body.id}`);
  assert.ok(desk.headers.get('etag'));

  const app = await add({ kind: 'app', label: 'Softphone' });
  assert.equal(app.status, 201);
  assert.equal(app.body.kind, 'app');
  assert.notEqual(app.body.username, desk.body.username);
  assert.notEqual(app.body.secret, desk.body.secret);

  // shown once: neither the account nor the list carries it
  const got = await s.req('GET', `${base()}/${desk.body.id}`, { token: s.adminToken });
  assert.equal(got.status, 200);
  assert.equal(got.body.secret, undefined);
  assert.equal(got.body.ha1, undefined);
  assert.equal(got.body.username, desk.body.username);
  const list = await s.req('GET', base(), { token: s.adminToken });
  // in id order (UUIDv7: creation order to the millisecond)
  const ids = list.body.items.map((x) => x.id);
  assert.deepEqual(ids, [...ids].sort());
  assert.deepEqual([...ids].sort(), [desk.body.id, app.body.id].sort());
  for (const x of list.body.items) assert.equal(x.secret, undefined);
  assert.ok(!JSON.stringify(list.body).includes(desk.body.secret));

  // what the SIP proxy gets: HA1 = md5(username:realm:secret)
  const c = await creds(desk.body.username);
  assert.equal(c.status, 200, JSON.stringify(c.body));
  assert.deepEqual(c.body, {
    username: desk.body.username, realm: desk.body.realm,
    ha1: md5(`${desk.body.username}:${desk.body.realm}:${desk.body.secret}`),
    user_id: userId, org_id: s.orgId, kind: 'desk',
  });
});

test('bad input names the field; kind cannot change; If-Match guards changes', async () => {
  const none = await add(malformed({ label: 'x' }));
  assert.equal(none.status, 422);
  assert.deepEqual(none.body.errors.map((e) => [e.field, e.code]), [['kind', 'required']]);
  const bad = await add(malformed({ kind: 'fax', secret: 'mine-own-secret-123456', enabled: 'yes' }));
  assert.equal(bad.status, 422);
  assert.deepEqual(bad.body.errors.map((e) => e.field).sort(), ['enabled', 'kind', 'secret']);
  const a = await add({ kind: 'desk' });
  const p = await s.req('PATCH', `${base()}/${a.body.id}`, { token: s.adminToken, body: { kind: 'app' } });
  assert.equal(p.status, 422);
  assert.equal(p.body.errors[0].code, 'read_only');
  const etag = a.headers.get('etag');
  const ok = await s.req('PATCH', `${base()}/${a.body.id}`, { token: s.adminToken, body: { label: 'Hall', kind: 'desk' }, headers: { 'if-match': etag } });
  assert.equal(ok.status, 200);
  assert.equal(ok.body.label, 'Hall');
  const stale = await s.req('PATCH', `${base()}/${a.body.id}`, { token: s.adminToken, body: { label: 'Late' }, headers: { 'if-match': etag } });
  assert.equal(stale.status, 412);
  const del = await s.req('DELETE', `${base()}/${a.body.id}`, { token: s.adminToken, headers: { 'if-match': etag } });
  assert.equal(del.status, 412);
});

test('usernames are unique on the whole platform, by a database constraint', async () => {
  const made = await Promise.all(Array.from({ length: 8 }, () => add({ kind: 'app' })));
  const other = (await s.req('POST', `${org}/users`, { token: s.adminToken, body: newUser() })).body.id;
  made.push(...await Promise.all(Array.from({ length: 8 }, () => add({ kind: 'desk' }, { user: other }))));
  for (const r of made) assert.equal(r.status, 201, JSON.stringify(r.body));
  const names = made.map((r) => r.body.username);
  assert.equal(new Set(names).size, names.length);
  // the database itself refuses a second account of the same name
  assert.throws(() => sql(s, `UPDATE sip_accounts SET username = '${names[0]}' WHERE id = '${made[1].body.id}'`),
    /unique|UNIQUE/);
});

test('disabled: data kept, no authentication; enabled again: authenticates', async () => {
  const a = await add({ kind: 'desk', label: 'Reception' });
  assert.equal((await creds(a.body.username)).status, 200);
  const off = await s.req('PATCH', `${base()}/${a.body.id}`, { token: s.adminToken, body: { enabled: false } });
  assert.equal(off.status, 200);
  assert.equal(off.body.enabled, false);
  assert.equal(off.body.username, a.body.username);
  assert.equal(off.body.label, 'Reception');
  assert.equal((await creds(a.body.username)).status, 404);
  assert.equal((await s.req('GET', `${base()}/${a.body.id}`, { token: s.adminToken })).body.enabled, false);
  const on = await s.req('PATCH', `${base()}/${a.body.id}`, { token: s.adminToken, body: { enabled: true } });
  assert.equal(on.body.enabled, true);
  const c = await creds(a.body.username);
  assert.equal(c.status, 200);
  assert.equal(c.body.ha1, md5(`${a.body.username}:${a.body.realm}:${a.body.secret}`));
  // created disabled
  const d = await add({ kind: 'app', enabled: false });
  assert.equal(d.body.enabled, false);
  assert.equal((await creds(d.body.username)).status, 404);
  const audit = await s.req('GET', `${org}/audit?object=${a.body.id}`, { token: s.adminToken });
  // (ids order events to the millisecond, so compare them as sets)
  const seen = audit.body.items.map((e) => `${e.action}:${e.changes.enabled}`).sort();
  assert.deepEqual(seen, ['create:true', 'update:false', 'update:true']);
});

test('reset-secret: a new secret and HA1, the old secret no longer matches', async () => {
  const a = await add({ kind: 'desk' });
  const before = (await creds(a.body.username)).body.ha1;
  const r = await s.req('POST', `${base()}/${a.body.id}/reset-secret`, { token: s.adminToken });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  secrets.push(r.body.secret);
  assert.equal(r.body.username, a.body.username);
  assert.ok(r.body.secret.length >= 20);
  assert.notEqual(r.body.secret, a.body.secret);
  const now = (await creds(a.body.username)).body.ha1;
  assert.notEqual(now, before);
  assert.equal(now, md5(`${a.body.username}:${a.body.realm}:${r.body.secret}`));
  assert.notEqual(now, md5(`${a.body.username}:${a.body.realm}:${a.body.secret}`));
  // the device can be provisioned with the current secret, and that is audited
  const prov = await s.req('GET', `${base()}/${a.body.id}/provisioning`, { token: s.adminToken });
  assert.equal(prov.status, 200);
  assert.equal(prov.body.secret, r.body.secret);
  assert.equal(prov.body.username, a.body.username);
  const audit = await s.req('GET', `${org}/audit?object=${a.body.id}`, { token: s.adminToken });
  assert.deepEqual(audit.body.items.map((e) => e.action).sort(), ['create', 'read_secret', 'reset_secret']);
});

test('delete: gone, and no longer authenticates', async () => {
  const a = await add({ kind: 'app' });
  const r = await s.req('DELETE', `${base()}/${a.body.id}`, { token: s.adminToken, headers: { 'if-match': a.headers.get('etag') } });
  assert.equal(r.status, 204);
  assert.equal((await s.req('GET', `${base()}/${a.body.id}`, { token: s.adminToken })).status, 404);
  assert.equal((await creds(a.body.username)).status, 404);
  assert.equal((await s.req('POST', `${base()}/${a.body.id}/reset-secret`, { token: s.adminToken })).status, 404);
});

test('only for a live user of the organization; only an active user authenticates', async () => {
  const missing = '01890000-0000-7000-8000-000000000000';
  assert.equal((await add({ kind: 'desk' }, { user: missing })).status, 404);
  assert.equal((await s.req('GET', base(missing), { token: s.adminToken })).status, 404);
  // a user of another organization, asked for under this one
  const B = (await s.req('POST', '/api/v1/orgs', { token: s.adminToken, body: { name: `Sip B ${Date.now()}`, parent_id: s.platformId } })).body.id;
  const foreign = (await s.req('POST', `/api/v1/orgs/${B}/users`, { token: s.adminToken, body: newUser() })).body.id;
  assert.equal((await add({ kind: 'desk' }, { user: foreign })).status, 404);
  const fa = await add({ kind: 'desk' }, { user: foreign, o: `/api/v1/orgs/${B}` });
  assert.equal(fa.status, 201);
  assert.equal((await s.req('GET', `${base(foreign)}/${fa.body.id}`, { token: s.adminToken })).status, 404);
  // the account of another user of the same organization is not this user's
  const mine = await add({ kind: 'desk' });
  const other = (await s.req('POST', `${org}/users`, { token: s.adminToken, body: newUser() })).body.id;
  assert.equal((await s.req('GET', `${base(other)}/${mine.body.id}`, { token: s.adminToken })).status, 404);
  // an invited user's phone works before it ever signs in to the portal;
  // a suspended one's stops at once, and works again on resume
  const inv = (await s.req('POST', `${org}/users`, { token: s.adminToken, body: newUser({ invite: true }) })).body;
  assert.equal(inv.status, 'invited');
  const ia = await add({ kind: 'app' }, { user: inv.id });
  assert.equal(ia.status, 201);
  assert.equal((await creds(ia.body.username)).status, 200);
  await s.req('POST', `${org}/users/${inv.id}/suspend`, { token: s.adminToken });
  assert.equal((await creds(ia.body.username)).status, 404);
  await s.req('POST', `${org}/users/${inv.id}/resume`, { token: s.adminToken });
  assert.equal((await creds(ia.body.username)).status, 200);
  // a deleted user: nothing authenticates, the accounts are out of reach
  const gone = (await s.req('POST', `${org}/users`, { token: s.adminToken, body: active() })).body.id;
  const ga = await add({ kind: 'desk' }, { user: gone });
  assert.equal((await creds(ga.body.username)).status, 200);
  assert.equal((await s.req('DELETE', `${org}/users/${gone}`, { token: s.adminToken })).status, 204);
  assert.equal((await creds(ga.body.username)).status, 404);
  assert.equal((await s.req('GET', base(gone), { token: s.adminToken })).status, 404);
  assert.equal((await add({ kind: 'desk' }, { user: gone })).status, 404);
  // names we never hand out
  for (const n of ['nobody', 'ABCDEFGHJK', "k7qm2xw9b'", 'k'.repeat(300)]) assert.equal((await creds(n)).status, 404);
});

test('a SIP domain is the realm: an ancestor\'s applies below it, and a change recomputes every HA1', async () => {
  const P = (await s.req('POST', '/api/v1/orgs', { token: s.adminToken, body: { name: `Partner ${Date.now()}`, parent_id: s.platformId, kind: 'partner' } })).body;
  const C = (await s.req('POST', '/api/v1/orgs', { token: s.adminToken, body: { name: `Customer ${Date.now()}`, parent_id: P.id } })).body;
  const o = `/api/v1/orgs/${C.id}`;
  const u = (await s.req('POST', `${o}/users`, { token: s.adminToken, body: active() })).body.id;
  const a = await add({ kind: 'desk' }, { user: u, o });
  const b = await add({ kind: 'app' }, { user: u, o });
  assert.equal(a.body.realm, `${C.id}.sip.invalid`);
  const check = async (acc, realm) => {
    const c = await creds(acc.body.username);
    assert.equal(c.status, 200);
    assert.equal(c.body.realm, realm);
    assert.equal(c.body.ha1, md5(`${acc.body.username}:${realm}:${acc.body.secret}`));
    assert.equal((await s.req('GET', `${base(u, o)}/${acc.body.id}`, { token: s.adminToken })).body.realm, realm);
  };
  // the partner's domain serves its customers that have none of their own
  const pp = await s.req('PATCH', `/api/v1/orgs/${P.id}`, { token: s.adminToken, body: { sip_domain: 'sip.partner.example' } });
  assert.equal(pp.status, 200, JSON.stringify(pp.body));
  await check(a, 'sip.partner.example');
  await check(b, 'sip.partner.example');
  // the customer's own domain wins, and a new account gets it
  assert.equal((await s.req('PATCH', o, { token: s.adminToken, body: { sip_domain: 'PBX.Acme.example' } })).status, 200);
  await check(a, 'pbx.acme.example');
  const c2 = await add({ kind: 'desk' }, { user: u, o });
  assert.equal(c2.body.realm, 'pbx.acme.example');
  await check(c2, 'pbx.acme.example');
  // the partner's domain changes: nothing changes below a customer with its own
  await s.req('PATCH', `/api/v1/orgs/${P.id}`, { token: s.adminToken, body: { sip_domain: 'sip2.partner.example' } });
  await check(a, 'pbx.acme.example');
  // cleared: back to the partner's
  await s.req('PATCH', o, { token: s.adminToken, body: { sip_domain: null } });
  await check(a, 'sip2.partner.example');
  await check(c2, 'sip2.partner.example');
  // reset-secret after all that still gives a matching HA1
  const r = await s.req('POST', `${base(u, o)}/${b.body.id}/reset-secret`, { token: s.adminToken });
  secrets.push(r.body.secret);
  assert.equal(r.body.realm, 'sip2.partner.example');
  await check({ body: { ...b.body, secret: r.body.secret } }, 'sip2.partner.example');
  // audited, without secrets
  const audit = await s.req('GET', `${o}/audit?object=${a.body.id}`, { token: s.adminToken });
  assert.deepEqual(audit.body.items.map((e) => e.changes.realm).sort(),
    ['sip2.partner.example', 'pbx.acme.example', 'sip.partner.example', `${C.id}.sip.invalid`].sort());
});

test('Idempotency-Key: the same answer, secret included, and never stored in the clear', async () => {
  const key = `sip-${Date.now()}`;
  const one = await add({ kind: 'desk', label: 'Once' }, { headers: { 'idempotency-key': key } });
  assert.equal(one.status, 201);
  const two = await add({ kind: 'desk', label: 'Once' }, { headers: { 'idempotency-key': key } });
  assert.equal(two.status, 201);
  assert.equal(two.headers.get('idempotent-replayed'), 'true');
  assert.equal(two.body.id, one.body.id);
  assert.equal(two.body.secret, one.body.secret);
  const list = await s.req('GET', `${base()}?limit=200`, { token: s.adminToken });
  assert.equal(list.body.items.filter((x) => x.label === 'Once').length, 1);
  const stored = sql(s, 'SELECT response FROM idempotency_keys');
  assert.ok(stored.includes('s1.'), 'the stored answer is sealed');
  assert.ok(!stored.includes(one.body.secret));
});

test('a user may have at most 20 SIP accounts', async () => {
  const u = (await s.req('POST', `${org}/users`, { token: s.adminToken, body: newUser() })).body.id;
  for (let i = 0; i < 20; i++) assert.equal((await add({ kind: 'app' }, { user: u })).status, 201);
  const r = await add({ kind: 'app' }, { user: u });
  assert.equal(r.status, 409);
  assert.match(r.body.detail, /at most 20/);
});

test('rights: an End user gets 403; telephony.read may look but not change, provision or read an HA1', async () => {
  const a = await add({ kind: 'desk' });
  const groups = (await s.req('GET', `${org}/groups`, { token: s.adminToken })).body.items;
  const reader = (await s.req('POST', `${org}/groups`, { token: s.adminToken, body: { name: `Readers ${Date.now()}`, permissions: ['telephony.read'] } })).body.id;
  const signIn = async (extra) => {
    const u = newUser({ password: 'Green-Valley-83-Mill', ...extra });
    assert.equal((await s.req('POST', `${org}/users`, { token: s.adminToken, body: u })).status, 201);
    const l = await s.login(u.email, u.password);
    await s.req('POST', '/api/v1/me/password', { token: l.token, body: { current_password: u.password, new_password: 'Green-Valley-83-Mill-2' } });
    return (await s.login(u.email, 'Green-Valley-83-Mill-2')).token;
  };
  const end = await signIn({ groups: [groups.find((g) => g.builtin === 'end_user').id] });
  assert.equal((await s.req('GET', base(), { token: end })).status, 403);
  assert.equal((await add({ kind: 'desk' }, { token: end })).status, 403);
  assert.equal((await s.req('GET', `${base()}/${a.body.id}`, { token: end })).status, 403);
  assert.equal((await s.req('POST', `${base()}/${a.body.id}/reset-secret`, { token: end })).status, 403);
  assert.equal((await creds(a.body.username, end)).status, 403);
  const rd = await signIn({ groups: [reader] });
  assert.equal((await s.req('GET', base(), { token: rd })).status, 200);
  // telephony.read sees the account, never its HA1: that is sip.proxy's alone
  const no = await creds(a.body.username, rd);
  assert.equal(no.status, 403);
  assert.match(no.body.detail, /sip\.proxy/);
  assert.equal((await add({ kind: 'desk' }, { token: rd })).status, 403);
  assert.equal((await s.req('PATCH', `${base()}/${a.body.id}`, { token: rd, body: { enabled: false } })).status, 403);
  assert.equal((await s.req('GET', `${base()}/${a.body.id}/provisioning`, { token: rd })).status, 403);
  assert.equal((await s.req('DELETE', `${base()}/${a.body.id}`, { token: rd })).status, 403);
});

test('only sip.proxy reads an HA1: an API token with it does, within its organization', async () => {
  const a = await add({ kind: 'desk' });
  const mk = async (o, permissions) => {
    const r = await s.req('POST', `/api/v1/orgs/${o}/api-tokens`, { token: s.adminToken, body: { name: `proxy ${Date.now()} ${Math.random()}`, permissions } });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return r.body.token;
  };
  const proxy = await mk(s.platformId, ['sip.proxy']);
  const c = await creds(a.body.username, proxy);
  assert.equal(c.status, 200, JSON.stringify(c.body));
  assert.equal(c.body.ha1, (await creds(a.body.username)).body.ha1);
  // the proxy's token reads HA1s and nothing else
  assert.equal((await s.req('GET', base(), { token: proxy })).status, 403);
  // telephony.read alone is refused, a token as a user
  const reader = await mk(s.orgId, ['telephony.read']);
  assert.equal((await creds(a.body.username, reader)).status, 403);
  // sip.proxy counts in its own organization and below: another tenant's is 404
  const other = (await s.req('POST', '/api/v1/orgs', { token: s.adminToken, body: { name: `Proxyless ${Date.now()}`, parent_id: s.platformId } })).body.id;
  const theirs = await mk(other, ['sip.proxy']);
  assert.equal((await creds(a.body.username, theirs)).status, 404);
  const ours = await mk(s.orgId, ['sip.proxy']);
  assert.equal((await creds(a.body.username, ours)).status, 200);
});

test('two nodes on one PostgreSQL with one key file: unique names, provisioning anywhere; another key is refused', { skip: PG ? false : 'needs PostgreSQL (SWITCHBOARD_TEST_PG)' }, async () => {
  const keyFile = join(s.dataDir, 'secret.key');
  const twin = await startServer({ db: s.dbUrl, skipInit: true, args: ['--key-file', keyFile] });
  const stranger = await startServer({ db: s.dbUrl, skipInit: true });
  try {
    const users = [];
    for (let i = 0; i < 2; i++) users.push((await s.req('POST', `${org}/users`, { token: s.adminToken, body: active() })).body.id);
    const made = await Promise.all(Array.from({ length: 30 }, (_, i) => {
      const node = i % 2 ? twin : s;
      return node.req('POST', base(users[i % 2]), { token: node.adminToken, body: { kind: i % 3 ? 'app' : 'desk' } });
    }));
    for (const r of made) { assert.equal(r.status, 201, JSON.stringify(r.body)); secrets.push(r.body.secret); }
    assert.equal(new Set(made.map((r) => r.body.username)).size, made.length);
    const a = made[0].body;
    const p = await twin.req('GET', `${base(a.user_id)}/${a.id}/provisioning`, { token: twin.adminToken });
    assert.equal(p.status, 200);
    assert.equal(p.body.secret, a.secret);
    // a node given another key file cannot read the secrets, and says why
    const bad = await stranger.req('GET', `${base(a.user_id)}/${a.id}/provisioning`, { token: stranger.adminToken });
    assert.equal(bad.status, 500);
    assert.match(bad.body.detail, /key file/);
    const before = (await creds(a.username)).body;
    const moved = await stranger.req('PATCH', org, { token: stranger.adminToken, body: { sip_domain: 'elsewhere.example' } });
    assert.equal(moved.status, 500);
    assert.match(moved.body.detail, /key file/);
    assert.deepEqual((await creds(a.username)).body, before);
    assert.equal((await s.req('GET', org, { token: s.adminToken })).body.sip_domain, null);
  } finally {
    await stranger.stop();
    await twin.stop();
    otherLogs.push(twin.log, stranger.log);
  }
});

test('no secret in the log, the audit trail, or the database in the clear', async () => {
  assert.ok(secrets.length > 20);
  const audit = [];
  for (const o of (await s.req('GET', '/api/v1/orgs?limit=500', { token: s.adminToken })).body.items) {
    let next = null;
    do {
      const r = await s.req('GET', `/api/v1/orgs/${o.id}/audit?limit=500${next ? `&after=${encodeURIComponent(next)}` : ''}`, { token: s.adminToken });
      audit.push(...r.body.items);
      next = r.body.next;
    } while (next);
  }
  assert.ok(audit.some((e) => e.object_type === 'sip_account'));
  const trail = JSON.stringify(audit);
  const dump = sql(s, 'SELECT * FROM sip_accounts') + sql(s, 'SELECT * FROM audit_events') + sql(s, 'SELECT * FROM idempotency_keys');
  for (const secret of secrets) {
    assert.ok(![s.log, ...otherLogs].some((l) => l.includes(secret)), 'a secret in the log');
    assert.ok(!trail.includes(secret), 'a secret in the audit trail');
    assert.ok(!dump.includes(secret), 'a secret in the database');
  }
  assert.ok(!/"ha1"|secret_sealed/.test(trail));
});
