// apitokens.test.mjs: API tokens, machines as principals (issue 13): a
// token is shown once and stored as a hash; as a bearer token it passes the
// dispatcher's checks as a session does, with exactly its own rights, in its
// organization and below; never more rights than its creator; expiry and
// revocation answer 401; the audit trail names it as its own actor; it is no
// user (/me); the CLI makes one; deleting its organization removes it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, newUser, sql, cli, malformed, createPgDatabase, BACKEND, PG } from '../lib/server.mjs';

let s;
let org;
before(async () => {
  s = await startServer();
  org = `/api/v1/orgs/${s.orgId}`;
});
after(async () => { await s.stop(); });

const adm = (method, path, body, headers) => s.req(method, path, { token: s.adminToken, body, headers });
let seq = 0;
const uniq = (p) => `${p}-${Date.now().toString(36)}-${++seq}`;
// A new token of organization o (the demo one by default) made by the admin.
async function make(permissions, { o = org, name = uniq('bot'), token = s.adminToken, ...extra } = {}) {
  const r = await s.req('POST', `${o}/api-tokens`, { token, body: { name, permissions, ...extra } });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body;
}
const dbArgs = () => ['--data', s.dataDir, ...(s.dbUrl ? ['--db', s.dbUrl] : [])];

// A signed-in user of the demo organization in the groups given (ids), its
// admin-set password changed.
async function member(groups) {
  const u = newUser({ password: 'Clever-Badger-64-Moor', groups });
  const r = await adm('POST', `${org}/users`, u);
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const l = await s.login(u.email, u.password);
  await s.req('POST', '/api/v1/me/password', { token: l.token, body: { current_password: u.password, new_password: 'Clever-Badger-64-Moor-2' } });
  return (await s.login(u.email, 'Clever-Badger-64-Moor-2')).token;
}

test('the token is shown once, in the create answer; the list and the token itself never show it', async () => {
  const r = await adm('POST', `${org}/api-tokens`, { name: 'kamailio-1', permissions: ['users.read'] });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.match(r.body.token, /^sbt\.[A-Za-z0-9_-]{43}$/);
  assert.equal(r.body.name, 'kamailio-1');
  assert.deepEqual(r.body.permissions, ['users.read']);
  assert.equal(r.body.org_id, s.orgId);
  assert.equal(r.body.expires_at, null);
  assert.equal(r.body.last_used_at, null);
  assert.equal(r.body.created_by, s.admin.id);
  assert.equal(r.headers.get('location'), `${org}/api-tokens/${r.body.id}`);
  const got = await adm('GET', `${org}/api-tokens/${r.body.id}`);
  assert.equal(got.status, 200);
  assert.equal(got.body.token, undefined);
  assert.ok(!JSON.stringify(got.body).includes(r.body.token));
  const list = await adm('GET', `${org}/api-tokens?limit=200`);
  assert.equal(list.status, 200);
  const mine = list.body.items.find((t) => t.id === r.body.id);
  assert.ok(mine);
  assert.equal(mine.token, undefined);
  assert.ok(!JSON.stringify(list.body).includes(r.body.token.slice(4)));
  // a second token of the same name in the organization is a conflict
  const dup = await adm('POST', `${org}/api-tokens`, { name: 'KAMAILIO-1', permissions: ['users.read'] });
  assert.equal(dup.status, 409);
  assert.equal(dup.body.errors[0].field, 'name');
});

test('the database holds only a hash of the token', async () => {
  const t = await make(['users.read']);
  const row = sql(s, `SELECT * FROM api_tokens WHERE id = '${t.id}'`);
  assert.ok(row.includes(t.id));
  assert.ok(!row.includes(t.token.slice(4)), 'the token is in its row');
  assert.match(sql(s, `SELECT token_hash FROM api_tokens WHERE id = '${t.id}'`).trim(), /^[0-9a-f]{64}$/);
  // nor in the audit trail
  assert.equal(sql(s, `SELECT count(*) FROM audit_events WHERE changes LIKE '%${t.token.slice(4)}%'`).trim(), '0');
  if (BACKEND === 'sqlite') {
    // not in the database's files either (the WAL included)
    for (const f of readdirSync(s.dataDir).filter((n) => n.startsWith('switchboard.db'))) {
      assert.ok(!readFileSync(join(s.dataDir, f)).includes(t.token.slice(4)), `the token is in ${f}`);
    }
  }
});

test('a bearer token has exactly its rights: a route outside them is 403', async () => {
  const t = await make(['users.read', 'contacts.read']);
  assert.equal((await s.req('GET', `${org}/users`, { token: t.token })).status, 200);
  assert.equal((await s.req('GET', `${org}/contacts`, { token: t.token })).status, 200);
  const no = await s.req('GET', `${org}/numbers`, { token: t.token });
  assert.equal(no.status, 403);
  assert.match(no.body.detail, /telephony\.read/);
  assert.equal((await s.req('POST', `${org}/contacts`, { token: t.token, body: { first_name: 'A', last_name: 'B' } })).status, 403);
  assert.equal((await s.req('GET', `${org}/api-tokens`, { token: t.token })).status, 403);
  // and below its organization only: the platform above it is not its own
  assert.equal((await s.req('GET', `/api/v1/orgs/${s.platformId}/users`, { token: t.token })).status, 404);
});

test('a token is never given more rights than its creator holds', async () => {
  const groups = Object.fromEntries((await adm('GET', `${org}/groups`)).body.items.map((g) => [g.builtin || g.name, g.id]));
  const g = await adm('POST', `${org}/groups`, { name: uniq('Token makers'), permissions: ['api_tokens.read', 'api_tokens.write', 'users.read'] });
  assert.equal(g.status, 201, JSON.stringify(g.body));
  const maker = await member([g.body.id]);
  const ok = await s.req('POST', `${org}/api-tokens`, { token: maker, body: { name: uniq('reader'), permissions: ['users.read'] } });
  assert.equal(ok.status, 201, JSON.stringify(ok.body));
  const more = await s.req('POST', `${org}/api-tokens`, { token: maker, body: { name: uniq('writer'), permissions: ['users.read', 'users.write'] } });
  assert.equal(more.status, 403);
  assert.equal(more.body.code, 'grant_beyond');
  assert.equal(more.body.params.rights, 'users.write');
  // a token makes no tokens, so none outlives or outranks the one that made it
  const t = await make(['api_tokens.write', 'users.read'], { expires_at: '2099-01-01T00:00:00Z' });
  const sub = await s.req('POST', `${org}/api-tokens`, { token: t.token, body: { name: uniq('sub'), permissions: ['users.read'] } });
  assert.equal(sub.status, 403);
  assert.equal(sub.body.code, 'user_required');
  // sip.proxy is a platform right: the customer's Admin group lacks it, so
  // its administrator cannot hand it out; the platform administrator can
  const customerAdmin = await member([groups.admin]);
  const proxy = await s.req('POST', `${org}/api-tokens`, { token: customerAdmin, body: { name: uniq('proxy'), permissions: ['sip.proxy'] } });
  assert.equal(proxy.status, 403);
  assert.equal(proxy.body.params.rights, 'sip.proxy');
  assert.equal((await s.req('POST', `${org}/api-tokens`, { token: customerAdmin, body: { name: uniq('own'), permissions: ['telephony.read'] } })).status, 201);
  const platformProxy = await make(['sip.proxy']);
  // nor can it revoke one holding a right it lacks: that would cut the
  // SIP proxy off; the platform administrator can
  const cut = await s.req('DELETE', `${org}/api-tokens/${platformProxy.id}`, { token: customerAdmin });
  assert.equal(cut.status, 403);
  assert.equal(cut.body.code, 'token_rights_beyond');
  assert.equal(cut.body.params.rights, 'sip.proxy');
  assert.equal((await s.req('GET', `${org}/users`, { token: platformProxy.token })).status, 403); // still there: 403, not 401
  assert.equal((await adm('DELETE', `${org}/api-tokens/${platformProxy.id}`)).status, 204);
});

test('an organization holds at most 100 tokens', async () => {
  const o = `/api/v1/orgs/${(await adm('POST', '/api/v1/orgs', { name: uniq('Many tokens'), parent_id: s.platformId })).body.id}`;
  for (let i = 0; i < 100; i++) await make(['users.read'], { o, name: `bot-${i}` });
  const r = await adm('POST', `${o}/api-tokens`, { name: 'bot-100', permissions: ['users.read'] });
  assert.equal(r.status, 409);
  assert.equal(r.body.code, 'too_many_api_tokens');
  assert.deepEqual(r.body.params, { max: 100 });
});

test('bad input is a 422 naming each field', async () => {
  const cases = [
    [{ permissions: ['users.read'] }, 'name', 'required'],
    [{ name: 'x' }, 'permissions', 'required'],
    [{ name: 'x', permissions: [] }, 'permissions', 'required'],
    [{ name: 'x', permissions: ['fly.plane'] }, 'permissions', 'unknown_permission'],
    [{ name: 'x', permissions: 'users.read' }, 'permissions', null],
    [{ name: 'x\ny', permissions: ['users.read'] }, 'name', 'invalid_text'],
    [{ name: 'x', permissions: ['users.read'], expires_at: 'tomorrow' }, 'expires_at', 'invalid'],
    [{ name: 'x', permissions: ['users.read'], expires_at: '2027-02-30T00:00:00Z' }, 'expires_at', 'invalid'],
    [{ name: 'x', permissions: ['users.read'], expires_at: '2001-01-01T00:00:00Z' }, 'expires_at', 'in_the_past'],
    [{ name: 'x', permissions: ['users.read'], expires_at: '' }, 'expires_at', 'invalid'],
    [{ name: 'x', permissions: ['users.read'], expires_at: '   ' }, 'expires_at', 'invalid'],
    [{ name: 'x', permissions: ['users.read'], token: 'sbt.mine' }, 'token', 'unknown_field'],
  ];
  for (const [body, field, code] of cases) {
    const r = await adm('POST', `${org}/api-tokens`, malformed(body));
    assert.equal(r.status, 422, JSON.stringify([body, r.body]));
    const e = r.body.errors.find((x) => x.field === field);
    assert.ok(e, `${JSON.stringify(body)}: ${JSON.stringify(r.body.errors)}`);
    if (code) assert.equal(e.code, code, JSON.stringify(body));
  }
});

test('an expiry is kept as RFC 3339; past it the token answers 401', async () => {
  const t = await make(['users.read'], { expires_at: '2099-06-01T12:00:00+02:00' });
  assert.equal(t.expires_at, '2099-06-01T10:00:00.000Z');
  assert.equal((await s.req('GET', `${org}/users`, { token: t.token })).status, 200);
  // the clock moved on: one millisecond past the epoch is long past
  sql(s, `UPDATE api_tokens SET expires_at = 1 WHERE id = '${t.id}'`);
  const r = await s.req('GET', `${org}/users`, { token: t.token });
  assert.equal(r.status, 401);
  assert.equal(r.body.type, 'urn:switchboard:problem:sign-in-required');
  // a token never sent is 401 too, as is one of the right shape made up
  assert.equal((await s.req('GET', `${org}/users`, { token: `sbt.${'A'.repeat(43)}` })).status, 401);
});

test('a deleted token answers 401 at its next request; the delete is audited', async () => {
  const t = await make(['users.read']);
  assert.equal((await s.req('GET', `${org}/users`, { token: t.token })).status, 200);
  const d = await adm('DELETE', `${org}/api-tokens/${t.id}`);
  assert.equal(d.status, 204);
  assert.equal((await s.req('GET', `${org}/users`, { token: t.token })).status, 401);
  assert.equal((await adm('GET', `${org}/api-tokens/${t.id}`)).status, 404);
  assert.equal((await adm('DELETE', `${org}/api-tokens/${t.id}`)).status, 404);
  const events = (await adm('GET', `${org}/audit?object=${t.id}`)).body.items;
  assert.deepEqual(events.map((e) => [e.action, e.actor]), [['delete', s.adminEmail], ['create', s.adminEmail]]);
  assert.deepEqual(events[1].changes, { name: t.name, permissions: ['users.read'], expires_at: null });
});

test('requests made with a token are audited as its own actor', async () => {
  const t = await make(['contacts.read', 'contacts.write'], { name: 'kamailio' });
  const c = await s.req('POST', `${org}/contacts`, { token: t.token, body: { first_name: 'Made', last_name: 'By Token' } });
  assert.equal(c.status, 201, JSON.stringify(c.body));
  const ev = (await adm('GET', `${org}/audit?object=${c.body.id}`)).body.items;
  assert.equal(ev.length, 1);
  assert.equal(ev[0].actor, "token 'kamailio'");
  assert.equal(ev[0].actor_id, t.id);
  const byActor = (await adm('GET', `${org}/audit?actor=${t.id}`)).body.items;
  assert.deepEqual(byActor.map((e) => e.object_id), [c.body.id]);
});

test('last_used_at says when a token was last used', async () => {
  const t = await make(['users.read']);
  assert.equal((await adm('GET', `${org}/api-tokens/${t.id}`)).body.last_used_at, null);
  const before = Date.now() - 1000;
  assert.equal((await s.req('GET', `${org}/users`, { token: t.token })).status, 200);
  const used = (await adm('GET', `${org}/api-tokens/${t.id}`)).body.last_used_at;
  assert.ok(used && Date.parse(used) >= before, used);
});

test('a token of one organization cannot see another: 404', async () => {
  const B = (await adm('POST', '/api/v1/orgs', { name: uniq('Tenant B'), parent_id: s.platformId })).body.id;
  const tb = await make(['users.read', 'api_tokens.read', 'api_tokens.write'], { o: `/api/v1/orgs/${B}` });
  const ta = await make(['users.read']);
  for (const [method, path] of [['GET', `${org}/users`], ['GET', `${org}/api-tokens`], ['GET', `${org}/api-tokens/${ta.id}`],
    ['DELETE', `${org}/api-tokens/${ta.id}`], ['GET', org]]) {
    const r = await s.req(method, path, { token: tb.token });
    assert.equal(r.status, 404, `${method} ${path}: ${r.status}`);
  }
  // a token id of A under B's path is no token of B's
  assert.equal((await s.req('GET', `/api/v1/orgs/${B}/api-tokens/${ta.id}`, { token: tb.token })).status, 404);
  assert.equal((await s.req('GET', `${org}/users`, { token: ta.token })).status, 200);
});

test('a token is no user: /me and sign-out answer 403 user_required, and no gate of a user applies', async () => {
  const t = await make(['users.read']);
  for (const [method, path, body] of [['GET', '/api/v1/me'], ['PATCH', '/api/v1/me', { language: 'en' }],
    ['POST', '/api/v1/me/password', { current_password: 'x', new_password: 'Clever-Badger-64-Moor-3' }],
    ['GET', '/api/v1/me/2fa'], ['POST', '/api/v1/me/2fa/totp'], ['POST', '/api/v1/auth/logout']]) {
    const r = await s.req(method, path, { token: t.token, body });
    assert.equal(r.status, 403, `${method} ${path}: ${r.status}`);
    assert.equal(r.body.code, 'user_required', `${method} ${path}`);
  }
  // the token still works: sign-out did not end it
  assert.equal((await s.req('GET', `${org}/users`, { token: t.token })).status, 200);
  // an organization requiring two-factor sign-in of its users leaves tokens alone
  assert.equal((await adm('PATCH', org, { two_factor_required: true })).status, 200);
  try {
    assert.equal((await s.req('GET', `${org}/users`, { token: t.token })).status, 200);
  } finally {
    assert.equal((await adm('PATCH', org, { two_factor_required: false })).status, 200);
  }
});

test('a token is a bearer token only: sent as the session cookie it is refused', async () => {
  const t = await make(['users.read']);
  const r = await s.req('GET', `${org}/users`, { headers: { cookie: `sb_session=${t.token}` } });
  assert.equal(r.status, 401);
});

test('a token may come as the password of HTTP Basic; a session never does', async () => {
  const t = await make(['users.read']);
  const basic = (user, pw) => `Basic ${Buffer.from(`${user}:${pw}`).toString('base64')}`;
  const ok = await s.req('GET', `${org}/users`, { headers: { authorization: basic('kamailio', t.token) } });
  assert.equal(ok.status, 200, JSON.stringify(ok.body));
  // its rights are the token's, as a bearer's
  assert.equal((await s.req('GET', `${org}/groups`, { headers: { authorization: basic('x', t.token) } })).status, 403);
  // the admin's session as a password: 401, and so are a wrong token and a malformed header
  for (const h of [basic('admin', s.adminToken), basic('kamailio', `${t.token}x`), 'Basic !!!', `Basic ${Buffer.from(t.token).toString('base64')}`]) {
    const r = await s.req('GET', `${org}/users`, { headers: { authorization: h } });
    assert.equal(r.status, 401, h);
  }
});

test('a create sent again with its Idempotency-Key gets the same token, made once', async () => {
  const name = uniq('idem');
  const key = uniq('key');
  const a = await adm('POST', `${org}/api-tokens`, { name, permissions: ['users.read'] }, { 'idempotency-key': key });
  const b = await adm('POST', `${org}/api-tokens`, { name, permissions: ['users.read'] }, { 'idempotency-key': key });
  assert.equal(a.status, 201);
  assert.equal(b.status, 201);
  assert.equal(b.headers.get('idempotent-replayed'), 'true');
  assert.equal(b.body.token, a.body.token);
  // the kept answer is sealed: the token is not readable in it
  assert.equal(sql(s, `SELECT count(*) FROM idempotency_keys WHERE response LIKE '%${a.body.token.slice(4)}%'`).trim(), '0');
});

test('switchboard token create prints a token, alone, that works', async () => {
  const r = cli(['token', 'create', ...dbArgs(), '--org', s.orgId, '--name', 'cli-bot', '--rights', 'users.read,contacts.read']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^sbt\.[A-Za-z0-9_-]{43}\n$/);
  const token = r.stdout.trim();
  assert.equal((await s.req('GET', `${org}/users`, { token })).status, 200);
  assert.equal((await s.req('GET', `${org}/numbers`, { token })).status, 403);
  const t = (await adm('GET', `${org}/api-tokens?limit=200`)).body.items.find((x) => x.name === 'cli-bot');
  assert.deepEqual(t.permissions, ['users.read', 'contacts.read']);
  assert.equal(t.created_by, null);
  assert.equal(t.created_by_label, 'system');
  // the organization by its path; an expiry; the system's act in the audit trail
  const path = `/${s.platformId}/${s.orgId}/`;
  const e = cli(['token', 'create', ...dbArgs(), '--org', path, '--name', 'cli-exp', '--rights', 'users.read', '--expires', '2099-01-01T00:00:00Z']);
  assert.equal(e.status, 0, e.stderr);
  const te = (await adm('GET', `${org}/api-tokens?limit=200`)).body.items.find((x) => x.name === 'cli-exp');
  assert.equal(te.expires_at, '2099-01-01T00:00:00.000Z');
  const ev = (await adm('GET', `${org}/audit?object=${te.id}`)).body.items;
  assert.deepEqual(ev.map((x) => [x.action, x.actor]), [['create', 'system']]);
  // mistakes say what is wrong on stderr and print no token
  for (const args of [['--org', s.orgId, '--name', 'cli-bad', '--rights', 'fly.plane'],
    ['--org', 'nowhere', '--name', 'cli-bad', '--rights', 'users.read'],
    ['--org', s.orgId, '--name', 'cli-bot', '--rights', 'users.read'],
    ['--org', s.orgId, '--name', 'cli-bad', '--rights', 'users.read', '--expires', 'soon']]) {
    const bad = cli(['token', 'create', ...dbArgs(), ...args]);
    assert.equal(bad.status, 1, args.join(' '));
    assert.equal(bad.stdout, '');
    assert.ok(bad.stderr.length > 0);
  }
});

test('deleting an organization deletes its tokens', async () => {
  const C = (await adm('POST', '/api/v1/orgs', { name: uniq('Short-lived'), parent_id: s.platformId })).body.id;
  const t = await make(['orgs.read'], { o: `/api/v1/orgs/${C}` });
  assert.equal((await s.req('GET', `/api/v1/orgs/${C}`, { token: t.token })).status, 200);
  assert.equal((await adm('DELETE', `/api/v1/orgs/${C}`)).status, 204);
  assert.equal(sql(s, `SELECT count(*) FROM api_tokens WHERE org_id = '${C}'`).trim(), '0');
  assert.equal((await s.req('GET', '/api/v1/orgs', { token: t.token })).status, 401);
});

test('the built-in groups: Admin and Account management may manage tokens; only the platform Admin holds sip.proxy', async () => {
  const mine = (await adm('GET', `${org}/groups`)).body.items;
  const plat = (await adm('GET', `/api/v1/orgs/${s.platformId}/groups`)).body.items;
  const by = (items, key) => items.find((g) => g.builtin === key).permissions;
  for (const items of [mine, plat]) {
    for (const key of ['admin', 'account_management']) {
      assert.ok(by(items, key).includes('api_tokens.read') && by(items, key).includes('api_tokens.write'), key);
    }
    assert.ok(!by(items, 'end_user').includes('api_tokens.read'));
    assert.ok(!by(items, 'account_management').includes('sip.proxy'));
  }
  assert.ok(by(plat, 'admin').includes('sip.proxy'));
  assert.ok(!by(mine, 'admin').includes('sip.proxy'));
  const cat = (await adm('GET', '/api/v1/permissions')).body;
  const names = JSON.stringify(cat);
  for (const n of ['api_tokens.read', 'api_tokens.write', 'sip.proxy']) assert.ok(names.includes(n), n);
});

test('migration 014 gives the built-in groups of an existing installation the new rights', async () => {
  const pg = PG ? createPgDatabase() : null;
  const dataDir = mkdtempSync(join(tmpdir(), 'sb-test-'));
  const where = { dataDir, dbUrl: pg && pg.url };
  try {
    const a = await startServer({ dataDir, db: where.dbUrl });
    const custom = await a.req('POST', `/api/v1/orgs/${a.orgId}/groups`, { token: a.adminToken, body: { name: 'Readers', permissions: ['users.read', 'telephony.read'] } });
    assert.equal(custom.status, 201);
    await a.stop();
    // the database as an installation before migration 014 left it: the
    // later ones undone too (030 an organization's suspension, 029 the users' sort names, 028 a user's 2FA requirement, 027 voicemail, 026 media, 025 schedules, 024 destinations, 023 devices, 022 the search index, 021 SCIM,
    // 020 sign-in notices, 019 an index, 018 calls, 016 the subscriber view,
    // 017 routing, 015 SIP invalidations)
    const search = PG ? ['DROP FUNCTION user_search', 'DROP FUNCTION contact_search', 'DROP FUNCTION company_search', 'DROP FUNCTION org_search']
      : ['user', 'contact', 'company', 'org'].flatMap((t) => ['insert', 'delete', 'update'].flatMap((e) =>
        [`DROP TRIGGER ${t}_search_${e}`, `DROP TRIGGER ${t}_search_${e}_later`]).concat([`DROP TABLE ${t}_search`]));
    search.push('DROP TABLE search_pending', 'DROP TABLE search_defer');
    for (const q of ['ALTER TABLE orgs DROP COLUMN suspended_at', 'ALTER TABLE users DROP COLUMN sort_name', 'ALTER TABLE users DROP COLUMN require_two_factor', 'DROP TABLE voicemail_messages', 'ALTER TABLE orgs DROP COLUMN voicemail_retention_days', 'ALTER TABLE outbox DROP COLUMN ref_id', 'ALTER TABLE orgs DROP COLUMN music_on_hold', 'ALTER TABLE user_telephony DROP COLUMN vm_record', 'DROP TABLE media_audio', 'DROP TABLE media', 'ALTER TABLE user_telephony DROP COLUMN vm_greeting', 'DROP TABLE schedules', 'DROP TABLE user_forwarding', 'ALTER TABLE numbers DROP COLUMN destination',
      'ALTER TABLE orgs DROP COLUMN user_forwarding', 'DROP TABLE softphone_links', 'DROP TABLE device_lines', 'DROP TABLE devices', 'DROP TABLE provisioning_keys',
      ...search, 'ALTER TABLE users DROP COLUMN search_text', 'ALTER TABLE contacts DROP COLUMN search_text',
      'ALTER TABLE companies DROP COLUMN search_text', 'ALTER TABLE orgs DROP COLUMN search_text',
      'DROP INDEX users_scim_username', 'DROP INDEX users_external_id', 'ALTER TABLE users DROP COLUMN external_id',
      'ALTER TABLE users DROP COLUMN employee_number', 'ALTER TABLE users DROP COLUMN department',
      'ALTER TABLE users DROP COLUMN manager_id', 'ALTER TABLE orgs DROP COLUMN scim_deprovision',
      'ALTER TABLE orgs DROP COLUMN scim_invite', "UPDATE perm_groups SET permissions = replace(permissions, ' scim', '')",
      'ALTER TABLE users DROP COLUMN sign_in_notice',
      'DROP INDEX sip_accounts_by_user', 'DROP TABLE calls', 'ALTER TABLE orgs DROP COLUMN call_retention_days',
      'DROP VIEW kamailio_subscriber', 'ALTER TABLE hunt_groups DROP COLUMN rr_next',
      'ALTER TABLE user_telephony DROP COLUMN simultaneous', 'ALTER TABLE user_telephony DROP COLUMN ring_seconds',
      'DROP TABLE sip_invalidations', 'DROP TABLE api_tokens', 'DELETE FROM schema_migrations WHERE version >= 14',
      "UPDATE perm_groups SET permissions = replace(replace(permissions, ' api_tokens.read api_tokens.write', ''), ' sip.proxy', '')"]) sql(where, q);
    assert.equal(sql(where, "SELECT count(*) FROM perm_groups WHERE permissions LIKE '%api_tokens%' OR permissions LIKE '%sip.proxy%'").trim(), '0');
    const b = await startServer({ dataDir, db: where.dbUrl, skipInit: true });
    try {
      const groups = async (o) => Object.fromEntries((await b.req('GET', `/api/v1/orgs/${o}/groups`, { token: b.adminToken })).body.items
        .map((g) => [g.builtin || g.name, g.permissions]));
      const plat = await groups(b.platformId);
      const cust = await groups(b.orgId);
      for (const g of [plat, cust]) {
        for (const key of ['admin', 'account_management']) {
          assert.ok(g[key].includes('api_tokens.read') && g[key].includes('api_tokens.write'), key);
          assert.ok(g[key].includes('users.write'), key);
          // and 020 the right scim
          assert.ok(g[key].includes('scim'), key);
        }
        assert.deepEqual(g.end_user.sort(), ['calls.read_own', 'destination.write_own', 'media.write_own']);
        assert.ok(!g.account_management.includes('sip.proxy'));
      }
      assert.ok(plat.admin.includes('sip.proxy'));
      assert.ok(!cust.admin.includes('sip.proxy'));
      assert.deepEqual(cust.Readers, ['users.read', 'telephony.read']);
      // the users that were there are found by a search (020's backfill)
      const found = await b.req('GET', `/api/v1/orgs/${b.platformId}/users?q=${encodeURIComponent(b.adminEmail)}`, { token: b.adminToken });
      assert.deepEqual(found.body.items.map((x) => x.email), [b.adminEmail]);
      // and the platform administrator can make the SIP proxy's token
      const t = await b.req('POST', `/api/v1/orgs/${b.platformId}/api-tokens`, { token: b.adminToken, body: { name: 'kamailio', permissions: ['sip.proxy'] } });
      assert.equal(t.status, 201, JSON.stringify(t.body));
    } finally {
      await b.stop();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
    if (pg) pg.drop();
  }
});
