// orgsuspend.test.mjs: a partner suspends a customer organization (seed 001)
// and resumes it. While it is suspended nobody of it signs in (their
// sessions end at once), its API tokens are refused, its phones do not
// authenticate or call and its numbers ring nobody; the partner still
// manages it. Who may suspend what: not one's own organization, only a
// customer, never another partner's.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, newUser } from '../lib/server.mjs';

let s;
let P; // the partner
let C; // its customer
let partner; // a session of the partner's administrator
let custAdmin, custUser, custToken, sipUser;

// An administrator of org, signed in with a password of its own.
async function adminOf(org, token) {
  const groups = (await s.req('GET', `/api/v1/orgs/${org}/groups`, { token })).body.items;
  const u = newUser({ password: 'Linen-Compass-47-Tide', groups: [groups.find((g) => g.builtin === 'admin').id] });
  const r = await s.req('POST', `/api/v1/orgs/${org}/users`, { token, body: u });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const l = await s.login(u.email, u.password);
  assert.equal((await s.req('POST', '/api/v1/me/password', { token: l.token, body: { current_password: u.password, new_password: 'Linen-Compass-47-Tide-2' } })).status, 200);
  return { ...u, id: r.body.id, password: 'Linen-Compass-47-Tide-2', token: (await s.login(u.email, 'Linen-Compass-47-Tide-2')).token };
}

before(async () => {
  s = await startServer();
  P = (await s.req('POST', '/api/v1/orgs', { token: s.adminToken, body: { name: 'Suspending Partner', parent_id: s.platformId, kind: 'partner' } })).body.id;
  partner = await adminOf(P, s.adminToken);
  C = (await s.req('POST', '/api/v1/orgs', { token: partner.token, body: { name: 'Late Payer BV', parent_id: P } })).body.id;
  custAdmin = await adminOf(C, partner.token);
  const eu = newUser({ password: 'Velvet-Anchor-93-Dune' });
  const created = await s.req('POST', `/api/v1/orgs/${C}/users`, { token: partner.token, body: { ...eu, extension: 'auto' } });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  custUser = { ...eu, id: created.body.id };
  custToken = (await s.req('POST', `/api/v1/orgs/${C}/api-tokens`, { token: custAdmin.token, body: { name: 'crm', permissions: ['users.read'] } })).body.token;
  sipUser = (await s.req('POST', `/api/v1/orgs/${C}/users/${custUser.id}/sip-accounts`, { token: partner.token, body: { kind: 'desk' } })).body.username;
  assert.equal((await s.req('POST', `/api/v1/orgs/${C}/numbers`, { token: partner.token, body: { number: '+31 20 555 0177' } })).status, 201);
});
after(async () => { await s.stop(); });

const creds = (username) => s.req('GET', `/api/v1/sip/credentials/${username}`, { token: s.adminToken });
const route = (q) => s.req('GET', `/api/v1/sip/route?${new URLSearchParams(q)}`, { token: s.adminToken });

test('nobody suspends their own organization, one that is not a customer, or another partner\'s', async () => {
  const own = await s.req('POST', `/api/v1/orgs/${C}/suspend`, { token: custAdmin.token });
  assert.equal(own.status, 409, JSON.stringify(own.body));
  assert.equal(own.body.code, 'own_org_suspend');
  const notCustomer = await s.req('POST', `/api/v1/orgs/${P}/suspend`, { token: s.adminToken });
  assert.equal(notCustomer.status, 409);
  assert.equal(notCustomer.body.code, 'org_not_customer');
  const other = await adminOf((await s.req('POST', '/api/v1/orgs', { token: s.adminToken, body: { name: 'Other Partner', parent_id: s.platformId, kind: 'partner' } })).body.id, s.adminToken);
  assert.equal((await s.req('POST', `/api/v1/orgs/${C}/suspend`, { token: other.token })).status, 404);
  // a user without orgs.write in the customer
  const l = await s.login(custUser.email, custUser.password);
  assert.equal((await s.req('POST', `/api/v1/orgs/${C}/suspend`, { token: l.token })).status, 403);
  // none of it changed anything
  const got = await s.req('GET', `/api/v1/orgs/${C}`, { token: partner.token });
  assert.equal(got.body.status, 'active');
  assert.equal(got.body.suspended_at, null);
  assert.equal((await s.req('GET', '/api/v1/me', { token: l.token })).status, 200);
});

test('suspended: sessions end, sign-in, tokens and phones are refused, the partner manages it; resumed: all works again', async () => {
  const before = await s.login(custUser.email, custUser.password);
  assert.equal((await s.req('GET', '/api/v1/me', { token: before.token })).status, 200);
  assert.equal((await s.req('GET', `/api/v1/orgs/${C}/users`, { token: custToken })).status, 200);
  assert.equal((await creds(sipUser)).status, 200);

  const r = await s.req('POST', `/api/v1/orgs/${C}/suspend`, { token: partner.token });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.status, 'suspended');
  assert.ok(Date.parse(r.body.suspended_at) > Date.now() - 60000);
  // again: nothing changes
  const again = await s.req('POST', `/api/v1/orgs/${C}/suspend`, { token: partner.token });
  assert.equal(again.body.suspended_at, r.body.suspended_at);

  // the sessions are gone, the admin's too
  assert.equal((await s.req('GET', '/api/v1/me', { token: before.token })).status, 401);
  assert.equal((await s.req('GET', '/api/v1/me', { token: custAdmin.token })).status, 401);
  // signing in says why, in a code the portal words
  for (const who of [custUser, custAdmin]) {
    const l = await s.req('POST', '/api/v1/auth/login', { body: { login: who.email, password: who.password } });
    assert.equal(l.status, 403, JSON.stringify(l.body));
    assert.equal(l.body.code, 'org_suspended');
    assert.equal(l.headers.get('set-cookie'), null);
  }
  // a wrong password still says only that
  const wrong = await s.req('POST', '/api/v1/auth/login', { body: { login: custUser.email, password: 'not-it-at-all' } });
  assert.equal(wrong.body.code, 'wrong_login');
  // its API token
  const tok = await s.req('GET', `/api/v1/orgs/${C}/users`, { token: custToken });
  assert.equal(tok.status, 403);
  assert.equal(tok.body.code, 'org_suspended');
  // its phones: no credentials, no calls out, its number rings nobody
  assert.equal((await creds(sipUser)).status, 404);
  const out = await route({ caller: sipUser, number: '0201234567' });
  assert.equal(out.status, 200);
  assert.equal(out.body.result, 'refused');
  assert.equal(out.body.reason, 'caller_org_suspended');
  const inbound = await route({ trunk: 'default', caller: '+31612345678', number: '+31205550177' });
  assert.equal(inbound.body.result, 'refused');
  assert.equal(inbound.body.code, 480);
  assert.equal(inbound.body.reason, 'org_suspended');
  // the partner goes on managing it, and sees it suspended
  assert.equal((await s.req('GET', `/api/v1/orgs/${C}/users`, { token: partner.token })).status, 200);
  const patched = await s.req('PATCH', `/api/v1/orgs/${C}`, { token: partner.token, body: { name: 'Late Payer B.V.' } });
  assert.equal(patched.status, 200);
  assert.equal(patched.body.status, 'suspended');
  const listed = (await s.req('GET', `/api/v1/orgs?q=${encodeURIComponent('Late Payer')}`, { token: partner.token })).body.items;
  assert.deepEqual(listed.map((o) => [o.id, o.status]), [[C, 'suspended']]);
  const audit = (await s.req('GET', `/api/v1/orgs/${P}/audit?limit=20`, { token: partner.token })).body.items;
  assert.ok(audit.some((e) => e.object_id === C && e.action === 'suspend' && e.actor_id === partner.id), JSON.stringify(audit.slice(0, 3)));

  const back = await s.req('POST', `/api/v1/orgs/${C}/resume`, { token: partner.token });
  assert.equal(back.status, 200);
  assert.equal(back.body.status, 'active');
  assert.equal(back.body.suspended_at, null);
  assert.equal((await s.req('GET', '/api/v1/me', { token: before.token })).status, 401); // ended for good
  const l = await s.login(custUser.email, custUser.password);
  assert.equal((await s.req('GET', '/api/v1/me', { token: l.token })).status, 200);
  assert.equal((await s.req('GET', `/api/v1/orgs/${C}/users`, { token: custToken })).status, 200);
  assert.equal((await creds(sipUser)).status, 200);
  assert.notEqual((await route({ caller: sipUser, number: '0201234567' })).body.result, 'refused');
  const audit2 = (await s.req('GET', `/api/v1/orgs/${P}/audit?limit=20`, { token: partner.token })).body.items;
  assert.ok(audit2.some((e) => e.object_id === C && e.action === 'resume'));
});
