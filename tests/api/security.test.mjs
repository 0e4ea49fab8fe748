// security.test.mjs: the holes an outside review found in sign-in links,
// tokens, rights and input, each tried the way the reviewer did: a token at
// an endpoint not its own, a link after the event that should end it, a
// limited administrator at a more privileged user's contact, telephony and
// group, throttling by another spelling of the login, and control
// characters in names.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { lstatSync, readFileSync, readdirSync, existsSync, symlinkSync, writeFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, newUser, sql, cli, BACKEND } from '../lib/server.mjs';
import { startSmtpSink } from '../lib/smtp.mjs';
import { totp } from '../lib/totp.mjs';

let s;
let sink;
let org;
const PW = 'Quiet-Lantern-58-Harbour';
before(async () => {
  sink = await startSmtpSink();
  s = await startServer({ args: ['--smtp-url', `smtp://127.0.0.1:${sink.port}`] });
  org = `/api/v1/orgs/${s.orgId}`;
});
after(async () => { await s.stop(); await sink.stop(); });

const adm = (method, path, body) => s.req(method, path, { token: s.adminToken, body });
const login = (body) => s.req('POST', '/api/v1/auth/login', { body });

async function groupIds() {
  const items = (await adm('GET', `${org}/groups`)).body.items;
  return Object.fromEntries(items.map((g) => [g.builtin || g.name, g.id]));
}

// A signed-in user of the demo organization in the groups given (ids),
// with its admin-set password changed.
async function member(groups, extra = {}) {
  const u = newUser({ password: 'Clever-Badger-64-Moor', groups, ...extra });
  const r = await adm('POST', `${org}/users`, u);
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const l = await s.login(u.email, u.password);
  const ch = await s.req('POST', '/api/v1/me/password', { token: l.token, body: { current_password: u.password, new_password: PW } });
  assert.equal(ch.status, 200, JSON.stringify(ch.body));
  const l2 = await s.login(u.email, PW);
  return { ...u, id: r.body.id, contact_id: r.body.contact_id, password: PW, token: l2.token };
}

// The helpdesk of the review: may change users, people, telephony and
// groups, but lacks rights the Admin group has (organizations, audit).
let helpdeskGroup;
async function helpdesk() {
  if (!helpdeskGroup) {
    const g = await adm('POST', `${org}/groups`, {
      name: `Helpdesk ${Date.now()}`,
      permissions: ['users.read', 'users.write', 'contacts.read', 'contacts.write', 'groups.read',
        'groups.write', 'telephony.read', 'telephony.write', 'calls.read_own', 'destination.write_own',
        'media.write_own'],
    });
    assert.equal(g.status, 201, JSON.stringify(g.body));
    helpdeskGroup = g.body.id;
  }
  return member([helpdeskGroup]);
}

const linkOf = (mail) => mail.body.match(/set-password\?token=([A-Za-z0-9_-]+)/)[1];
const mailTo = (email, re = /./) => sink.waitFor((m) => m.to.includes(email) && re.test(m.subject), 15000);

async function invited(extra = {}) {
  const u = newUser({ invite: true, language: 'en', ...extra });
  const r = await adm('POST', `${org}/users`, u);
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return { ...u, id: r.body.id, contact_id: r.body.contact_id, link: linkOf(await mailTo(u.email, /invited/)) };
}

async function resetLink(email) {
  const before = sink.messages().length;
  assert.equal((await s.req('POST', '/api/v1/auth/password-reset', { body: { email } })).status, 202);
  const m = await sink.waitFor((x, i) => i >= before && x.to.includes(email) && /reset|wachtwoord/i.test(x.subject), 15000);
  return linkOf(m);
}

const setPassword = (token, password = 'Brave-Otter-91-Delta') =>
  s.req('POST', '/api/v1/auth/set-password', { body: { token, password } });

test('every one-time token is taken only where it belongs: a sign-in challenge sets no password, a link signs nobody in', async () => {
  // a user with two-step verification: its password gives a challenge
  const u = await member([]);
  const e = await s.req('POST', '/api/v1/me/2fa/totp', { token: u.token });
  assert.equal((await s.req('POST', '/api/v1/me/2fa/totp/confirm', { token: u.token, body: { code: totp(e.body.secret) } })).status, 200);
  const first = await login({ login: u.email, password: u.password });
  assert.equal(first.body.second_factor_required, true);
  const challenge = first.body.challenge;
  const inv = await invited();
  const reset = await resetLink(u.email);
  const session = (await s.login(s.adminEmail, s.adminPassword)).token;
  const tokens = { challenge, invitation: inv.link, reset, session };

  // set-password takes an invitation or a reset link, nothing else
  for (const [kind, token] of Object.entries(tokens)) {
    if (kind === 'invitation' || kind === 'reset') continue;
    const r = await setPassword(token);
    assert.equal(r.status, 422, `${kind} at set-password: ${JSON.stringify(r.body)}`);
    assert.deepEqual(r.body.errors.map((x) => [x.field, x.code]), [['token', 'invalid_or_expired']]);
  }
  // the second sign-in step takes a challenge, nothing else
  for (const [kind, token] of Object.entries(tokens)) {
    if (kind === 'challenge') continue;
    const r = await login({ challenge: token, code: totp(e.body.secret, { stepOffset: 1 }) });
    assert.equal(r.status, 401, `${kind} as a challenge: ${JSON.stringify(r.body)}`);
  }
  // and none of the one-time tokens is a bearer token
  for (const kind of ['challenge', 'invitation', 'reset']) {
    assert.equal((await s.req('GET', '/api/v1/me', { token: tokens[kind] })).status, 401, kind);
  }
  // nothing above used anything up or changed a password: each still works
  // where it belongs
  assert.equal((await login({ challenge, code: totp(e.body.secret, { stepOffset: 1 }) })).status, 200);
  assert.equal((await setPassword(inv.link)).status, 200);
  assert.equal((await setPassword(reset, 'Second-Otter-92-Delta')).status, 200);
  assert.equal((await login({ login: u.email, password: 'Second-Otter-92-Delta' })).body.second_factor_required, true);
});

test('no usable link rests in the database: the outbox keeps the address, never the mail with its link', async () => {
  const u = await invited();
  const reset = await resetLink(u.email);
  for (const token of [u.link, reset]) {
    // nowhere in any table
    assert.equal(sql(s, `SELECT count(*) FROM outbox WHERE message LIKE '%${token}%'`).trim(), '0');
  }
  const mine = sql(s, `SELECT kind, status, length(message) FROM outbox WHERE to_addr = '${u.email.toLowerCase()}' ORDER BY created_at`).trim().split('\n');
  assert.deepEqual(mine, ['invite|sent|0', 'reset|sent|0']);
  if (BACKEND === 'sqlite') {
    // not in the database's files either (the WAL included)
    const files = readdirSync(s.dataDir).filter((f) => f.startsWith('switchboard.db'));
    for (const f of files) {
      const bytes = readFileSync(join(s.dataDir, f));
      assert.ok(!bytes.includes(u.link) && !bytes.includes(reset), `a link is in ${f}`);
    }
  }
});

test('a backup is a new file only its owner reads, never written over a file or through a link', { skip: BACKEND !== 'sqlite' }, async () => {
  const args = ['--data', s.dataDir];
  const file = join(s.dataDir, `b-${Date.now()}.db`);
  const ok = cli(['backup', ...args, file]);
  assert.equal(ok.status, 0, ok.stderr);
  assert.equal(statSync(file).mode & 0o777, 0o600);
  // over an existing file: refused, the file untouched
  const existing = join(s.dataDir, `keep-${Date.now()}`);
  writeFileSync(existing, 'mine');
  const over = cli(['backup', ...args, existing]);
  assert.equal(over.status, 1);
  assert.match(over.stderr, /exists/);
  assert.equal(readFileSync(existing, 'utf8'), 'mine');
  // through a symbolic link (dangling or not): refused, nothing written
  const target = join(s.dataDir, `target-${Date.now()}`);
  const link = join(s.dataDir, `link-${Date.now()}`);
  symlinkSync(target, link);
  const via = cli(['backup', ...args, link]);
  assert.equal(via.status, 1);
  assert.equal(existsSync(target), false);
  assert.ok(lstatSync(link).isSymbolicLink());
});

test('a group is changed only by someone who holds every right it has', async () => {
  const g = await groupIds();
  const admin = await member([g.admin]);
  const h = await helpdesk();
  for (const body of [{ permissions: ['users.read'] }, { two_factor_required: true }, { name: 'Not admins' }]) {
    const r = await s.req('PATCH', `${org}/groups/${g.admin}`, { token: h.token, body });
    assert.equal(r.status, 403, JSON.stringify(body));
    assert.match(r.body.detail, /orgs\.write/);
  }
  // the Admin group is as it was, and its members are still signed in
  const ag = (await adm('GET', `${org}/groups/${g.admin}`)).body;
  assert.ok(ag.permissions.includes('orgs.write'));
  assert.equal(ag.two_factor_required, false);
  assert.equal(ag.name, 'Admin');
  assert.equal((await s.req('GET', '/api/v1/me', { token: admin.token })).status, 200);
  // a custom group with a right the helpdesk lacks cannot be deleted by it
  const strong = await adm('POST', `${org}/groups`, { name: `Auditors ${Date.now()}`, permissions: ['audit.read'] });
  assert.equal((await s.req('DELETE', `${org}/groups/${strong.body.id}`, { token: h.token })).status, 403);
  // within its own rights it may still do all of it
  const own = await s.req('POST', `${org}/groups`, { token: h.token, body: { name: `Readers ${Date.now()}`, permissions: ['users.read'] } });
  assert.equal(own.status, 201, JSON.stringify(own.body));
  assert.equal((await s.req('PATCH', `${org}/groups/${own.body.id}`, { token: h.token, body: { permissions: ['users.read', 'contacts.read'], two_factor_required: true } })).status, 200);
  assert.equal((await s.req('DELETE', `${org}/groups/${own.body.id}`, { token: h.token })).status, 204);
});

test("everything of a more privileged user is guarded as the user is: its person, telephony, SIP accounts, aliases, extensions, invitation", async () => {
  const g = await groupIds();
  const admin = await member([g.admin]);
  const peer = await member([g.end_user]);
  const h = await helpdesk();
  const acc = await adm('POST', `${org}/users/${admin.id}/sip-accounts`, { kind: 'desk', label: 'Desk' });
  assert.equal(acc.status, 201, JSON.stringify(acc.body));
  const as = (method, path, body) => s.req(method, path, { token: h.token, body });
  const tries = (u, sip) => [
    ['PATCH', `${org}/contacts/${u.contact_id}`, { last_name: 'Renamed' }],
    ['PUT', `${org}/users/${u.id}/telephony`, { language: 'en' }],
    ['POST', `${org}/users/${u.id}/sip-accounts`, { kind: 'app' }],
    ...(sip ? [
      ['PATCH', `${org}/users/${u.id}/sip-accounts/${sip}`, { label: 'Mine now' }],
      ['GET', `${org}/users/${u.id}/sip-accounts/${sip}/provisioning`],
      ['POST', `${org}/users/${u.id}/sip-accounts/${sip}/reset-secret`],
      ['DELETE', `${org}/users/${u.id}/sip-accounts/${sip}`],
    ] : []),
    ['POST', `${org}/users/${u.id}/aliases`, { display_name: 'Admin Support' }],
    ['POST', `${org}/extensions`, { user_id: u.id, extension: 'auto' }],
  ];
  for (const [method, path, body] of tries(admin, acc.body.id)) {
    const r = await as(method, path, body);
    assert.equal(r.status, 403, `${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`);
  }
  // nothing changed
  const c = (await adm('GET', `${org}/contacts/${admin.contact_id}`)).body;
  assert.equal(c.last_name, admin.last_name);
  const accs = (await adm('GET', `${org}/users/${admin.id}/sip-accounts`)).body.items;
  assert.deepEqual(accs.map((a) => [a.id, a.label]), [[acc.body.id, 'Desk']]);
  assert.equal((await adm('GET', `${org}/users/${admin.id}/aliases`)).body.items.length, 0);
  // the same calls on a user with no more rights than the helpdesk succeed
  const pacc = await adm('POST', `${org}/users/${peer.id}/sip-accounts`, { kind: 'desk' });
  for (const [method, path, body] of tries(peer, pacc.body.id)) {
    const r = await as(method, path, body);
    assert.ok(r.status >= 200 && r.status < 300, `${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`);
  }

  // an invited administrator: no new invitation, no 2FA reset, no sign-out
  const inv = await invited({ groups: [g.admin] });
  const mailsBefore = sink.messages().filter((m) => m.to.includes(inv.email)).length;
  for (const [method, path] of [['POST', 'invite'], ['DELETE', '2fa'], ['DELETE', 'sessions'], ['POST', 'suspend']]) {
    const r = await as(method, `${org}/users/${inv.id}/${path}`);
    assert.equal(r.status, 403, `${method} ${path}: ${JSON.stringify(r.body)}`);
  }
  await new Promise((r) => setTimeout(r, 1500));
  assert.equal(sink.messages().filter((m) => m.to.includes(inv.email)).length, mailsBefore);
  // its link was not revoked by the refused invitation
  assert.equal((await setPassword(inv.link)).status, 200);
});

test('a password change, an email change, suspension and deletion end every outstanding link', async () => {
  const g = await groupIds();
  // the user changes its own password: a reset link asked before is dead
  const a = await member([g.end_user]);
  const l1 = await resetLink(a.email);
  assert.equal((await s.req('POST', '/api/v1/me/password', { token: a.token, body: { current_password: a.password, new_password: 'Fresh-Walnut-33-Bridge' } })).status, 200);
  assert.equal((await setPassword(l1)).status, 422);
  // an administrator sets it: the same
  const l2 = await resetLink(a.email);
  assert.equal((await adm('PATCH', `${org}/users/${a.id}`, { password: 'Admin-Set-Walnut-34' })).status, 200);
  assert.equal((await setPassword(l2)).status, 422);
  // an invitation and a reset sent to an old address die with it
  const b = await invited();
  const lb = await resetLink(b.email);
  const moved = newUser().email;
  assert.equal((await adm('PATCH', `${org}/users/${b.id}`, { email: moved })).status, 200);
  assert.equal((await setPassword(b.link)).status, 422);
  assert.equal((await setPassword(lb)).status, 422);
  // suspension, and a resume does not bring the old link back
  const c = await invited();
  assert.equal((await adm('POST', `${org}/users/${c.id}/suspend`)).status, 200);
  assert.equal((await adm('POST', `${org}/users/${c.id}/resume`)).status, 200);
  assert.equal((await setPassword(c.link)).status, 422);
  // deletion, and a restore does not either
  const d = await invited();
  assert.equal((await adm('DELETE', `${org}/users/${d.id}`)).status, 204);
  assert.equal((await adm('POST', `${org}/users/${d.id}/restore`)).status, 200);
  assert.equal((await setPassword(d.link)).status, 422);
});

test('failed sign-ins count per account, whichever login names it', async () => {
  const g = await groupIds();
  const u = await member([g.end_user], { login_name: `thr${Date.now()}` });
  for (let i = 0; i < 5; i++) {
    const r = await login({ login: u.email, password: 'Wrong-Guess-11-Oak' });
    assert.equal(r.status, 401);
  }
  const byName = await login({ login: u.login_name, password: u.password });
  assert.equal(byName.status, 429, JSON.stringify(byName.body));
  assert.ok(Number(byName.headers.get('retry-after')) > 0);
  // and the other way round
  const v = await member([g.end_user], { login_name: `thr2${Date.now()}` });
  for (let i = 0; i < 5; i++) await login({ login: v.login_name.toUpperCase(), password: 'Wrong-Guess-11-Oak' });
  assert.equal((await login({ login: v.email, password: v.password })).status, 429);
  // an unknown login still counts by its text
  for (let i = 0; i < 5; i++) await login({ login: 'Nobody.Here@example.com', password: 'Wrong-Guess-11-Oak' });
  assert.equal((await login({ login: ' nobody.here@EXAMPLE.com', password: 'Wrong-Guess-11-Oak' })).status, 429);
});

// Rows per table, as a map.
function counts() {
  const tables = BACKEND === 'postgres'
    ? sql(s, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'").trim().split('\n')
    : sql(s, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").trim().split('\n');
  const out = {};
  for (const t of tables.filter(Boolean)) out[t] = Number(sql(s, `SELECT count(*) FROM ${t}`).trim());
  return out;
}

function diff(a, b) {
  const d = {};
  for (const k of Object.keys(b)) if (b[k] !== a[k]) d[k] = b[k] - (a[k] || 0);
  return d;
}

test('a reset request does the same work whether or not the address is a user\'s', async () => {
  const g = await groupIds();
  const u = await member([g.end_user]);
  const unknown = `nobody.${Date.now()}@example.com`;
  const rows = (email) => sql(s, `SELECT kind, status IS NOT NULL, user_id IS NULL, message FROM outbox WHERE to_addr = '${email.toLowerCase()}'`).trim();
  const answers = [];
  const diffs = [];
  for (const email of [u.email, unknown]) {
    const before = counts();
    const r = await s.req('POST', '/api/v1/auth/password-reset', { body: { email } });
    // what the request wrote (the mailer's own writes come later, off the
    // request path: the link's token, the audit event)
    const d = diff(before, counts());
    delete d.tokens;
    delete d.audit_events;
    diffs.push(d);
    answers.push([r.status, r.body, [...r.headers.keys()].filter((k) => k !== 'date' && k !== 'x-request-id').sort()]);
  }
  assert.deepEqual(diffs[0], { outbox: 1 });
  assert.deepEqual(diffs[1], { outbox: 1 });
  assert.deepEqual(answers[0], answers[1]);
  assert.equal(rows(u.email), rows(unknown));
  // then the mailer sends the one and drops the other
  await mailTo(u.email, /reset|wachtwoord/i);
  for (let i = 0; i < 100 && sql(s, `SELECT status FROM outbox WHERE to_addr = '${unknown}'`).trim() === 'pending'; i++) {
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.equal(sql(s, `SELECT status FROM outbox WHERE to_addr = '${unknown}'`).trim(), 'cancelled');
});

test('one-line text refuses control characters, naming the field; a mail that cannot be built fails no request', async () => {
  const name = 'Acme\r\nBcc: evil@evil.test';
  const o = await adm('PATCH', org, { name });
  assert.equal(o.status, 422);
  assert.deepEqual(o.body.errors.map((e) => [e.field, e.code]), [['name', 'invalid_text']]);
  const cases = [
    ['POST', `${org}/users`, newUser({ first_name: 'Jan\tPiet' }), 'first_name'],
    ['POST', `${org}/contacts`, { first_name: 'A', last_name: 'B\nC' }, 'last_name'],
    ['POST', `${org}/groups`, { name: 'Ops\u2028Team', permissions: [] }, 'name'],
    ['POST', `${org}/groups`, { name: 'Ops', description: 'one\r\ntwo', permissions: [] }, 'description'],
    ['POST', '/api/v1/orgs', { name: 'Evil\u0085Corp', parent_id: s.platformId }, 'name'],
  ];
  for (const [method, path, body, field] of cases) {
    const r = await adm(method, path, body);
    assert.equal(r.status, 422, `${field}: ${JSON.stringify(r.body)}`);
    assert.deepEqual(r.body.errors.map((e) => [e.field, e.code]), [[field, 'invalid_text']]);
  }
  // notes are several lines by nature
  const n = await adm('POST', `${org}/contacts`, { first_name: 'A', last_name: 'B', notes: 'line one\nline two' });
  assert.equal(n.status, 201, JSON.stringify(n.body));
  // an organization whose name came in before this rule (written by SQL
  // here): invitations and resets still answer as always
  const bad = await adm('POST', '/api/v1/orgs', { name: `Old ${Date.now()}`, parent_id: s.platformId });
  sql(s, `UPDATE orgs SET name = 'Old' || chr(13) || chr(10) || 'Bcc: evil@evil.test' WHERE id = '${bad.body.id}'`.replace(/chr\(/g, BACKEND === 'postgres' ? 'chr(' : 'char('));
  const inv = await adm('POST', `/api/v1/orgs/${bad.body.id}/users`, newUser({ invite: true }));
  assert.equal(inv.status, 201, JSON.stringify(inv.body));
  const reset = await s.req('POST', '/api/v1/auth/password-reset', { body: { email: inv.body.email } });
  assert.equal(reset.status, 202);
  for (let i = 0; i < 100 && sql(s, `SELECT count(*) FROM outbox WHERE to_addr = '${inv.body.email}' AND status = 'failed'`).trim() !== '2'; i++) {
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.equal(sql(s, `SELECT count(*) FROM outbox WHERE to_addr = '${inv.body.email}' AND status = 'failed'`).trim(), '2');
});

test('a SIP domain belongs to one organization', async () => {
  const a = await adm('POST', '/api/v1/orgs', { name: `Sip A ${Date.now()}`, parent_id: s.platformId, sip_domain: `pbx${Date.now()}.example.com` });
  assert.equal(a.status, 201, JSON.stringify(a.body));
  const b = await adm('POST', '/api/v1/orgs', { name: `Sip B ${Date.now()}`, parent_id: s.platformId });
  const same = await adm('PATCH', `/api/v1/orgs/${b.body.id}`, { sip_domain: a.body.sip_domain.toUpperCase() });
  assert.equal(same.status, 409, JSON.stringify(same.body));
  assert.deepEqual(same.body.errors.map((e) => [e.field, e.code]), [['sip_domain', 'taken']]);
  const c = await adm('POST', '/api/v1/orgs', { name: `Sip C ${Date.now()}`, parent_id: s.platformId, sip_domain: a.body.sip_domain });
  assert.equal(c.status, 409);
  assert.equal((await adm('GET', `/api/v1/orgs/${b.body.id}`)).body.sip_domain, null);
  // once A lets it go, B may take it
  assert.equal((await adm('PATCH', `/api/v1/orgs/${a.body.id}`, { sip_domain: null })).status, 200);
  assert.equal((await adm('PATCH', `/api/v1/orgs/${b.body.id}`, { sip_domain: a.body.sip_domain })).status, 200);
});

test('a reset asked for by login name goes to the user\'s address; an unknown name gets the same answer', async () => {
  const name = `pieter.${Date.now()}`;
  const u = await member([], { login_name: name });
  const before = sink.messages().length;
  const known = await s.req('POST', '/api/v1/auth/password-reset', { body: { login: name.toUpperCase() } });
  const unknown = await s.req('POST', '/api/v1/auth/password-reset', { body: { login: `nobody.${Date.now()}` } });
  assert.equal(known.status, 202);
  assert.deepEqual([unknown.status, unknown.body], [known.status, known.body]);
  const m = await sink.waitFor((x, i) => i >= before && x.to.includes(u.email) && /reset|wachtwoord/i.test(x.subject), 15000);
  const set = await setPassword(linkOf(m), 'Steady-Heron-73-Quay');
  assert.equal(set.status, 200, JSON.stringify(set.body));
  assert.ok((await s.login(name, 'Steady-Heron-73-Quay')).token);
  // neither an address nor a login name: the field is named, nothing queued
  const bad = await s.req('POST', '/api/v1/auth/password-reset', { body: { login: 'no spaces allowed' } });
  assert.equal(bad.status, 422);
  assert.deepEqual(bad.body.errors.map((e) => [e.field, e.code]), [['login', 'invalid_login']]);
});

test('a link can be checked before a password is typed; checking uses nothing up', async () => {
  const u = await invited();
  const check = (token) => s.req('POST', '/api/v1/auth/link', { body: { token } });
  assert.deepEqual([(await check(u.link)).status, (await check(u.link)).body], [200, { purpose: 'invite' }]);
  assert.equal((await setPassword(u.link)).status, 200);
  const used = await check(u.link);
  assert.equal(used.status, 422);
  assert.deepEqual(used.body.errors.map((e) => [e.field, e.code]), [['token', 'invalid_or_expired']]);
  const made = await check('made-up-token');
  assert.deepEqual(made.body.errors.map((e) => [e.field, e.code]), [['token', 'invalid_or_expired']]);
  const reset = await resetLink(u.email);
  assert.deepEqual((await check(reset)).body, { purpose: 'reset' });
});
