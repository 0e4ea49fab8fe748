// seeds.test.mjs: seed 000 (two ways to the same user) and seed 003 (the
// invitation mail through a real SMTP server, in the user's language).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, newUser } from '../lib/server.mjs';
import { startSmtpSink } from '../lib/smtp.mjs';

let s;
let sink;
let org;
before(async () => {
  sink = await startSmtpSink();
  s = await startServer({ args: ['--smtp-url', `smtp://127.0.0.1:${sink.port}`] });
  org = `/api/v1/orgs/${s.orgId}`;
});
after(async () => { await s.stop(); await sink.stop(); });

// What must be equal between two users made by the two paths.
const comparable = (u) => {
  const { id, contact_id, email, created_at, updated_at, last_login_at, company_id, ...rest } = u;
  return { ...rest, groups: u.groups.map((g) => g.builtin) };
};

test('seed 000: a user made from the address book equals one made from the user screen', async () => {
  const person = {
    salutation: 'Mevrouw', first_name: 'Anna', infix: 'van der', last_name: `Berg${Date.now()}`,
    phone: '020 123 4567', mobile: '06 12345678', job_title: 'Office manager',
    company_name: `Bakkerij ${Date.now()}`, language: 'nl',
  };
  const pw = 'Sunny-Tulip-83-Canal';
  // Path 1: Adresboek > Nieuw persoon (employer added inline) > Maak loginnaam aan
  const c = await s.req('POST', `${org}/contacts`, { token: s.adminToken, body: (({ language, ...p }) => ({ ...p, email: `anna1.${Date.now()}@example.com` }))(person) });
  assert.equal(c.status, 201, JSON.stringify(c.body));
  const u1 = await s.req('POST', `${org}/contacts/${c.body.id}/user`, { token: s.adminToken, body: { login_name: `anna1x${Date.now()}`, password: pw, language: 'nl' } });
  assert.equal(u1.status, 201, JSON.stringify(u1.body));
  assert.equal(u1.body.contact_id, c.body.id);
  // Path 2: Beheer > Gebruikers > Nieuwe gebruiker, same person
  const u2 = await s.req('POST', `${org}/users`, { token: s.adminToken, body: { ...person, email: `anna2.${Date.now()}@example.com`, login_name: `anna2x${Date.now()}`, password: pw } });
  assert.equal(u2.status, 201, JSON.stringify(u2.body));
  const a = comparable(u1.body);
  const b = comparable(u2.body);
  delete a.login_name; delete b.login_name;
  assert.deepEqual(a, b);
  // both reached the same employer, created once
  assert.equal(u1.body.company_id, u2.body.company_id);
  // and the address book shows both persons with their login
  const c2 = await s.req('GET', `${org}/contacts/${u2.body.contact_id}`, { token: s.adminToken });
  assert.equal(c2.body.user_id, u2.body.id);
  // a person gets one login only
  const again = await s.req('POST', `${org}/contacts/${c.body.id}/user`, { token: s.adminToken, body: { password: pw } });
  assert.equal(again.status, 409);
});

test('seed 003: the invitation arrives over SMTP, its link sets the password, the user signs in', async () => {
  const u = newUser({ invite: true, language: 'nl' });
  const r = await s.req('POST', `${org}/users`, { token: s.adminToken, body: u });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.equal(r.body.status, 'invited');
  const mail = await sink.waitFor((m) => m.to.includes(u.email), 15000);
  assert.match(mail.subject, /uitgenodigd/i);
  assert.match(mail.body, /Jan/);
  const m = mail.body.match(/http:\/\/portal\.test\/set-password\?token=([A-Za-z0-9_-]+)/);
  assert.ok(m, mail.body);
  const token = m[1];
  // not yet able to sign in
  assert.equal((await s.req('POST', '/api/v1/auth/login', { body: { login: u.email, password: 'Anything-12-Long' } })).status, 401);
  // a password that breaks the policy is refused, the link stays valid
  const weak = await s.req('POST', '/api/v1/auth/set-password', { body: { token, password: 'welkom' } });
  assert.equal(weak.status, 422);
  assert.equal(weak.body.errors[0].field, 'password');
  const ok = await s.req('POST', '/api/v1/auth/set-password', { body: { token, password: 'Windmill-Harbor-42-Dike' } });
  assert.equal(ok.status, 200, JSON.stringify(ok.body));
  const l = await s.login(u.email, 'Windmill-Harbor-42-Dike');
  assert.equal(l.password_change_required, false);
  assert.equal(l.user.status, 'active');
  // the link is single-use
  const twice = await s.req('POST', '/api/v1/auth/set-password', { body: { token, password: 'Windmill-Harbor-42-Dike-2' } });
  assert.equal(twice.status, 422);
});

test('an English user gets the English mail; a reset mail carries a working link', async () => {
  const u = newUser({ language: 'en' });
  await s.req('POST', `${org}/users`, { token: s.adminToken, body: u });
  const inv = await sink.waitFor((m) => m.to.includes(u.email), 15000);
  assert.match(inv.subject, /invited/i);
  const r = await s.req('POST', '/api/v1/auth/password-reset', { body: { email: ` ${u.email.toUpperCase()} ` } });
  assert.equal(r.status, 202);
  const reset = await sink.waitFor((m) => m.to.includes(u.email) && /reset/i.test(m.subject), 15000);
  const token = reset.body.match(/token=([A-Za-z0-9_-]+)/)[1];
  const ok = await s.req('POST', '/api/v1/auth/set-password', { body: { token, password: 'Maple-Syrup-77-Forest' } });
  assert.equal(ok.status, 200);
  assert.ok((await s.login(u.email, 'Maple-Syrup-77-Forest')).token);
});
