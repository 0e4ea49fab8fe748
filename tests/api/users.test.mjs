// users.test.mjs: the rules of the seeds for creating and changing users.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, newUser, malformed } from '../lib/server.mjs';

let s;
let org;
before(async () => { s = await startServer(); org = `/api/v1/orgs/${s.orgId}`; });
after(async () => { await s.stop(); });

const create = (body, token = s.adminToken) => s.req('POST', `${org}/users`, { token, body });
const fieldsOf = (r) => (r.body.errors || []).map((e) => e.field).sort();

test('first name, last name and email are required, all named in one 422', async () => {
  const r = await create(malformed({}));
  assert.equal(r.status, 422);
  assert.match(r.headers.get('content-type'), /problem\+json/);
  assert.deepEqual(fieldsOf(r), ['email', 'first_name', 'last_name']);
});

test('every bad field is listed together', async () => {
  const r = await create(malformed({ first_name: '', last_name: 'X', email: 'not-an-email', language: 'de', bogus: 1 }));
  assert.equal(r.status, 422);
  assert.deepEqual(fieldsOf(r), ['bogus', 'email', 'first_name', 'language']);
});

test('an email an invitation cannot be sent to is a 422 naming email (found by fuzzing)', async () => {
  for (const email of ['jan@exa:mple.com', 'jan@exam\nple.com', 'jan@exam\u007fple.com']) {
    const r = await create(malformed({ ...newUser(), email }));
    assert.equal(r.status, 422, `${JSON.stringify(email)}: ${JSON.stringify(r.body)}`);
    assert.deepEqual(fieldsOf(r), ['email']);
  }
});

test('spaces around the email are removed, not rejected (seed 003)', async () => {
  const u = newUser();
  const r = await create({ ...u, email: `  ${u.email}  ` });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.equal(r.body.email, u.email);
  assert.equal(r.body.status, 'invited');
});

test('email is unique on the whole platform, case-insensitively: 409 naming email', async () => {
  const u = newUser();
  assert.equal((await create(u)).status, 201);
  const again = await create({ ...newUser(), email: ` ${u.email.toUpperCase()} ` });
  assert.equal(again.status, 409);
  assert.deepEqual(fieldsOf(again), ['email']);
  // also from another organization
  const other = await s.req('POST', '/api/v1/orgs', { token: s.adminToken, body: { name: 'Other BV', parent_id: s.platformId } });
  assert.equal(other.status, 201, JSON.stringify(other.body));
  const x = await s.req('POST', `/api/v1/orgs/${other.body.id}/users`, { token: s.adminToken, body: { ...newUser(), email: u.email } });
  assert.equal(x.status, 409);
});

test('login name is unique too', async () => {
  const a = await create(newUser({ login_name: 'jdevries' }));
  assert.equal(a.status, 201, JSON.stringify(a.body));
  const b = await create(newUser({ login_name: 'JDeVries' }));
  assert.equal(b.status, 409);
  assert.deepEqual(fieldsOf(b), ['login_name']);
});

test('a role address is accepted with a warning (seed 003 tip)', async () => {
  const r = await create(newUser({ email: `info@role${Date.now()}.example.com` }));
  assert.equal(r.status, 201);
  assert.equal(r.body.warnings[0].field, 'email');
  assert.equal(r.body.warnings[0].code, 'role_address');
  const p = await create(newUser());
  assert.equal(p.body.warnings, undefined);
});

test('an email is checked as it is typed, with the same answers a create gives, writing nothing', async () => {
  const check = (email, user) => s.req('GET', `${org}/email-check?email=${encodeURIComponent(email)}${user ? `&user=${user}` : ''}`, { token: s.adminToken });
  const role = await check(` info@check${Date.now()}.example.com `);
  assert.equal(role.status, 200, JSON.stringify(role.body));
  assert.deepEqual(role.body.warnings.map((w) => [w.field, w.code]), [['email', 'role_address']]);
  assert.equal(role.body.email, role.body.email.trim());
  const u = newUser();
  assert.deepEqual((await check(u.email)).body, { email: u.email });
  const made = await create(u);
  assert.equal(made.status, 201);
  const taken = await check(u.email.toUpperCase());
  assert.equal(taken.status, 409);
  assert.deepEqual(fieldsOf(taken), ['email']);
  assert.equal((await check(u.email, made.body.id)).status, 200, 'its own address is not taken');
  const bad = await check('not-an-address');
  assert.deepEqual([bad.status, bad.body.errors[0].code], [422, 'invalid_email']);
  // a user without users.write may not probe addresses
  const pw = 'Clever-Badger-64-Moor';
  const plain = await create(newUser({ password: pw }));
  const l = await s.login(plain.body.email, pw);
  await s.req('POST', '/api/v1/me/password', { token: l.token, body: { current_password: pw, new_password: `${pw}-2` } });
  const l2 = await s.login(plain.body.email, `${pw}-2`);
  assert.equal((await s.req('GET', `${org}/email-check?email=x@example.com`, { token: l2.token })).status, 403);
});

test('default password policy: 8 characters with digit, lower and upper (seed 003)', async () => {
  const cases = [['Ab1defg', 'too_short'], ['abcdefgh1x', 'needs_upper'], ['ABCDEFGH1X', 'needs_lower'], ['Abcdefghijk', 'needs_digit']];
  for (const [pw, code] of cases) {
    const r = await create(newUser({ password: pw }));
    assert.equal(r.status, 422, pw);
    assert.ok(r.body.errors.some((e) => e.field === 'password' && e.code === code), `${pw}: ${JSON.stringify(r.body.errors)}`);
  }
});

test('a guessable password that passes the class rules is still refused', async () => {
  const r = await create(newUser({ password: 'Welkom2024' }));
  assert.equal(r.status, 422);
  assert.deepEqual(r.body.errors.map((e) => e.code), ['too_weak']);
});

test('admin-set password: must change at first sign-in, and nothing else answers until then', async () => {
  const u = newUser({ password: 'Quiet-River-82-Stones' });
  const r = await create(u);
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.equal(r.body.must_change_password, true);
  assert.equal(r.body.status, 'active');
  const login = await s.login(u.email, u.password);
  assert.equal(login.password_change_required, true);
  const me = await s.req('GET', '/api/v1/me', { token: login.token });
  assert.equal(me.status, 200);
  const blocked = await s.req('GET', `${org}/users`, { token: login.token });
  assert.equal(blocked.status, 403);
  assert.match(blocked.body.detail, /password/i);
  const ch = await s.req('POST', '/api/v1/me/password', { token: login.token, body: { current_password: u.password, new_password: 'Another-Calm-Lake-93' } });
  assert.equal(ch.status, 200, JSON.stringify(ch.body));
  const again = await s.login(u.email, 'Another-Calm-Lake-93');
  assert.equal(again.password_change_required, false);
});

test('an End user cannot create users (needs the key-user right)', async () => {
  const u = newUser({ password: 'Silver-Maple-47-Road' });
  await create(u);
  const l1 = await s.login(u.email, u.password);
  await s.req('POST', '/api/v1/me/password', { token: l1.token, body: { current_password: u.password, new_password: 'Golden-Birch-58-Lane' } });
  const l2 = await s.login(u.email, 'Golden-Birch-58-Lane');
  const r = await create(newUser(), l2.token);
  assert.equal(r.status, 403);
  assert.match(r.body.detail, /users\.write/);
  const list = await s.req('GET', `${org}/users`, { token: l2.token });
  assert.equal(list.status, 403);
});

test('later edits never require the password again (seed 001)', async () => {
  const r = await create(newUser({ password: 'Brave-Falcon-61-Hill' }));
  const p = await s.req('PATCH', `${org}/users/${r.body.id}`, { token: s.adminToken, body: { job_title: 'Sales', mobile: '06 12345678' } });
  assert.equal(p.status, 200, JSON.stringify(p.body));
  assert.equal(p.body.job_title, 'Sales');
  assert.equal(p.body.first_name, r.body.first_name);
  assert.equal(p.body.password_set, true);
});

test('list with search and paging', async () => {
  const tag = `Pag${Date.now().toString(36)}`;
  for (let i = 0; i < 5; i++) await create(newUser({ last_name: `${tag}${i}` }));
  const p1 = await s.req('GET', `${org}/users?q=${tag.toLowerCase()}&limit=2`, { token: s.adminToken });
  assert.equal(p1.status, 200);
  assert.equal(p1.body.items.length, 2);
  assert.ok(p1.body.next);
  const p2 = await s.req('GET', `${org}/users?q=${tag}&limit=2&after=${p1.body.next}`, { token: s.adminToken });
  const p3 = await s.req('GET', `${org}/users?q=${tag}&limit=2&after=${p2.body.next}`, { token: s.adminToken });
  const names = [...p1.body.items, ...p2.body.items, ...p3.body.items].map((u) => u.last_name);
  assert.deepEqual(names, [0, 1, 2, 3, 4].map((i) => `${tag}${i}`));
  assert.equal(p3.body.next, null);
  const bad = await s.req('GET', `${org}/users?limit=0`, { token: s.adminToken });
  assert.equal(bad.status, 422);
  assert.equal(bad.body.errors[0].field, 'limit');
});

test('delete: the user leaves the list, shows as deleted, and cannot sign in', async () => {
  const u = newUser({ password: 'Hidden-Cove-72-Path' });
  const r = await create(u);
  const d = await s.req('DELETE', `${org}/users/${r.body.id}`, { token: s.adminToken });
  assert.equal(d.status, 204);
  assert.equal((await s.req('GET', `${org}/users/${r.body.id}`, { token: s.adminToken })).body.status, 'deleted');
  const list = await s.req('GET', `${org}/users?q=${encodeURIComponent(u.email)}`, { token: s.adminToken });
  assert.equal(list.body.items.length, 0);
  const l = await s.req('POST', '/api/v1/auth/login', { body: { login: u.email, password: u.password } });
  assert.notEqual(l.status, 200);
});

test('every change is in the audit trail, without secrets', async () => {
  const u = newUser({ password: 'Secret-Owl-55-Tower' });
  const r = await create(u);
  await s.req('PATCH', `${org}/users/${r.body.id}`, { token: s.adminToken, body: { job_title: 'CFO' } });
  const a = await s.req('GET', `${org}/audit?object=${r.body.id}`, { token: s.adminToken });
  assert.equal(a.status, 200);
  const actions = a.body.items.map((e) => e.action);
  assert.deepEqual(actions, ['update', 'create']);
  assert.equal(a.body.items[0].changes.job_title, 'CFO');
  assert.equal(a.body.items[0].actor, s.adminEmail);
  assert.equal(a.body.items[1].changes.password_set, true);
  assert.ok(!JSON.stringify(a.body).includes(u.password));
  assert.ok(!JSON.stringify(a.body).includes('argon2'));
});

test('the audit trail keeps what a change replaced: before → after, for the login, the person and the user', async () => {
  const u = newUser({ login_name: `voor${Date.now()}` });
  const r = await create(u);
  const ch = await s.req('PATCH', `${org}/users/${r.body.id}`, { token: s.adminToken, body: { first_name: 'Pieter', login_name: `na${Date.now()}`, job_title: 'Kok', language: 'en' } });
  assert.equal(ch.status, 200, JSON.stringify(ch.body));
  const a = await s.req('GET', `${org}/audit?object=${r.body.id}&limit=1`, { token: s.adminToken });
  const e = a.body.items[0];
  assert.equal(e.action, 'update');
  assert.deepEqual([e.changes.first_name, e.before.first_name], ['Pieter', u.first_name]);
  assert.deepEqual([e.changes.login_name, e.before.login_name], [ch.body.login_name, u.login_name]);
  assert.deepEqual([e.changes.job_title, e.before.job_title], ['Kok', null]);
  assert.ok(!('_before' in e.changes));
  for (const k of Object.keys(e.before)) assert.ok(k in e.changes, `${k} is a changed field`);
  const created = (await s.req('GET', `${org}/audit?object=${r.body.id}`, { token: s.adminToken })).body.items.at(-1);
  assert.deepEqual(created.before, {});
});

test('another organization is invisible: 404', async () => {
  const other = await s.req('POST', '/api/v1/orgs', { token: s.adminToken, body: { name: `Iso ${Date.now()}`, parent_id: s.platformId } });
  const adm = newUser({ password: 'Tidy-Harbor-36-Bay' });
  const groups = await s.req('GET', `/api/v1/orgs/${other.body.id}/groups`, { token: s.adminToken });
  const adminGroup = groups.body.items.find((g) => g.builtin === 'admin');
  const made = await s.req('POST', `/api/v1/orgs/${other.body.id}/users`, { token: s.adminToken, body: { ...adm, groups: [adminGroup.id] } });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  const l1 = await s.login(adm.email, adm.password);
  await s.req('POST', '/api/v1/me/password', { token: l1.token, body: { current_password: adm.password, new_password: 'Tidy-Harbor-36-Bay-2' } });
  const t = (await s.login(adm.email, 'Tidy-Harbor-36-Bay-2')).token;
  const mine = await create(newUser());
  for (const path of [`${org}`, `${org}/users`, `${org}/users/${mine.body.id}`, `${org}/groups`, `${org}/audit`]) {
    const r = await s.req('GET', path, { token: t });
    assert.equal(r.status, 404, path);
  }
  const w = await s.req('PATCH', `${org}/users/${mine.body.id}`, { token: t, body: { job_title: 'x' } });
  assert.equal(w.status, 404);
  const still = await s.req('GET', `${org}/users/${mine.body.id}`, { token: s.adminToken });
  assert.equal(still.body.job_title, null);
});

test('phone numbers are read as dialled in the organization country and kept in E.164', async () => {
  const r = await create(newUser({ phone: '020 123 4567', mobile: '06-12345678', work_phone: '+44 20 7946 0958' }));
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.equal(r.body.phone, '+31201234567');
  assert.equal(r.body.mobile, '+31612345678');
  assert.equal(r.body.work_phone, '+442079460958');
  const bad = await create(newUser({ mobile: '12345' }));
  assert.equal(bad.status, 422);
  assert.equal(bad.body.errors[0].field, 'mobile');
  assert.equal(bad.body.errors[0].code, 'invalid_phone');
  const co = await s.req('POST', `${org}/companies`, { token: s.adminToken, body: { name: `Tel ${Date.now()}`, phone: '030 123 4567' } });
  assert.equal(co.body.phone, '+31301234567');
});

test('a list cursor that the server did not make is a 422 naming after, not a page', async () => {
  for (const after of ['garbage', Buffer.from('no separator').toString('base64url'), Buffer.from('x\x1fnot-an-id').toString('base64url')]) {
    const r = await s.req('GET', `${org}/users?after=${encodeURIComponent(after)}`, { token: s.adminToken });
    assert.equal(r.status, 422, `${after}: ${JSON.stringify(r.body)}`);
    assert.deepEqual(r.body.errors.map((e) => [e.field, e.code]), [['after', 'invalid']]);
  }
  // a cursor it made still pages
  for (let i = 0; i < 3; i++) await s.req('POST', `${org}/users`, { token: s.adminToken, body: newUser() });
  const first = await s.req('GET', `${org}/users?limit=2`, { token: s.adminToken });
  assert.ok(first.body.next, JSON.stringify(first.body));
  const second = await s.req('GET', `${org}/users?limit=2&after=${encodeURIComponent(first.body.next)}`, { token: s.adminToken });
  assert.equal(second.status, 200);
  assert.ok(!second.body.items.some((u) => first.body.items.find((f) => f.id === u.id)));
});

test('a time zone is one of the system tzdata: Mars/Olympus is refused on the organization, the user and me', async () => {
  const zones = await s.req('GET', '/api/v1/timezones', { token: s.adminToken });
  assert.equal(zones.status, 200);
  assert.equal(zones.body.items[0], 'UTC');
  assert.ok(zones.body.items.includes('Europe/Amsterdam'));
  assert.ok(!zones.body.items.includes('Mars/Olympus'));
  const u = await create(newUser());
  for (const [path, body] of [[org, { timezone: 'Mars/Olympus' }], [`${org}/users/${u.body.id}`, { timezone: 'Mars/Olympus' }],
    ['/api/v1/me', { timezone: 'Europe/../../etc/passwd' }], ['/api/v1/me', { timezone: 'Europe' }]]) {
    const r = await s.req('PATCH', path, { token: s.adminToken, body });
    assert.equal(r.status, 422, `${path} ${JSON.stringify(r.body)}`);
    assert.deepEqual(r.body.errors.map((e) => [e.field, e.code]), [['timezone', 'invalid']]);
  }
  for (const tz of ['Europe/Amsterdam', 'Europe/Brussels', 'America/Argentina/Buenos_Aires', 'UTC']) {
    const r = await s.req('PATCH', `${org}/users/${u.body.id}`, { token: s.adminToken, body: { timezone: tz } });
    assert.equal(r.status, 200, `${tz} ${JSON.stringify(r.body)}`);
    assert.equal(r.body.timezone, tz);
  }
});
