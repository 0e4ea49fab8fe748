// isolation.test.mjs: tenants never see each other. For every route of the
// server that takes an organization (read from `switchboard routes`), an
// administrator of organization B asking with organization A's id and the id
// of a real object of A gets 404, and nothing of A changes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { wav, multipart } from '../lib/audio.mjs';
import { startServer, newUser, cli } from '../lib/server.mjs';

let s;
let tokenB;
let proxyB;
const ids = {};
let vmId;
let sip;
let sipLive;
let alias;
before(async () => {
  s = await startServer();
  const A = `/api/v1/orgs/${s.orgId}`;
  const t = s.adminToken;
  ids.users = (await s.req('POST', `${A}/users`, { token: t, body: newUser() })).body.id;
  ids.contacts = (await s.req('POST', `${A}/contacts`, { token: t, body: { first_name: 'Iso', last_name: 'Lated' } })).body.id;
  ids.companies = (await s.req('POST', `${A}/companies`, { token: t, body: { name: 'Isolated BV' } })).body.id;
  ids.groups = (await s.req('POST', `${A}/groups`, { token: t, body: { name: 'Isolated', permissions: ['users.read'] } })).body.id;
  ids.numbers = (await s.req('POST', `${A}/numbers`, { token: t, body: { number: '+31 20 555 0101' } })).body.id;
  ids.extensions = (await s.req('POST', `${A}/extensions`, { token: t, body: { extension: 'auto', user_id: ids.users } })).body.id;
  ids.devices = (await s.req('POST', `${A}/devices`, { token: t, body: { mac: '00:15:65:15:01:a7', model: 'T31P' } })).body.id;
  ids['hunt-groups'] = (await s.req('POST', `${A}/hunt-groups`, { token: t, body: { name: 'Isolated queue', members: [{ type: 'user', id: ids.users }] } })).body.id;
  ids.schedules = (await s.req('POST', `${A}/schedules`, { token: t, body: { name: 'Isolated hours' } })).body.id;
  ids.media = (await s.req('POST', `${A}/media?name=Isolated&kind=greeting`, { token: t, raw: wav(), headers: { 'content-type': 'audio/wav' } })).body.id;
  // a voicemail message in the box of A's user
  assert.equal((await s.req('PUT', `${A}/users/${ids.users}/telephony`, { token: t, body: { voicemail: { enabled: true, pin: '80417', box: '79991' } } })).status, 200);
  const [vmType, vmBody] = multipart({ org_id: s.orgId, box: '79991' }, { name: 'm.wav', type: 'audio/wav', data: wav() });
  vmId = (await s.req('POST', '/api/v1/sip/voicemail', { token: t, raw: vmBody, headers: { 'content-type': vmType } })).body.id;
  // a SIP account of ids.users ({sid}), and one of an active user, whose
  // credentials the SIP proxy lookup (no {org} in its path) would answer
  sip = (await s.req('POST', `${A}/users/${ids.users}/sip-accounts`, { token: t, body: { kind: 'desk' } })).body;
  alias = (await s.req('POST', `${A}/users/${ids.users}/aliases`, { token: t, body: { display_name: 'Iso Support' } })).body;
  // an import of A, ended, so that the snapshots agree
  const imp = await s.req('POST', `${A}/imports?dry_run=true`, { token: t, headers: { 'content-type': 'text/csv' }, raw: 'email,first_name,last_name\niso@import.test,Iso,Lated\n' });
  ids.imports = imp.body.id;
  for (let i = 0; i < 200 && !['done', 'failed'].includes((await s.req('GET', `${A}/imports/${ids.imports}`, { token: t })).body.status); i++)
    await new Promise((r) => setTimeout(r, 50));
  const live = (await s.req('POST', `${A}/users`, { token: t, body: newUser({ password: 'Amber-Lantern-64-Quay' }) })).body.id;
  sipLive = (await s.req('POST', `${A}/users/${live}/sip-accounts`, { token: t, body: { kind: 'app' } })).body;
  // a call record of A, as the SIP proxy reports it (the admin holds sip.proxy)
  const start = Date.now() / 1000 - 60;
  const cdr = { call_id: `iso-${Date.now()}`, from_tag: 'iso', caller: sipLive.username, number: '7999', start_time: start, end_time: start + 5, sip_code: 404 };
  assert.equal((await s.req('POST', '/api/v1/sip/cdrs', { token: t, body: { records: [cdr] } })).body.accepted, 1);
  ids.calls = (await s.req('GET', `${A}/calls`, { token: t })).body.items[0].id;
  // organization B, with an administrator of its own
  const B = (await s.req('POST', '/api/v1/orgs', { token: t, body: { name: 'Other tenant', parent_id: s.platformId } })).body.id;
  const groups = (await s.req('GET', `/api/v1/orgs/${B}/groups`, { token: t })).body.items;
  const adm = newUser({ password: 'Quiet-Harbor-28-Pier', groups: [groups.find((g) => g.builtin === 'admin').id] });
  assert.equal((await s.req('POST', `/api/v1/orgs/${B}/users`, { token: t, body: adm })).status, 201);
  const l = await s.login(adm.email, adm.password);
  await s.req('POST', '/api/v1/me/password', { token: l.token, body: { current_password: adm.password, new_password: 'Quiet-Harbor-28-Pier-2' } });
  tokenB = (await s.login(adm.email, 'Quiet-Harbor-28-Pier-2')).token;
  // an API token of A ({id} of api-tokens), and B's SIP proxy token
  ids['api-tokens'] = (await s.req('POST', `${A}/api-tokens`, { token: t, body: { name: 'Isolated bot', permissions: ['users.read'] } })).body.id;
  proxyB = (await s.req('POST', `/api/v1/orgs/${B}/api-tokens`, { token: t, body: { name: 'B proxy', permissions: ['sip.proxy'] } })).body.token;
});
after(async () => { await s.stop(); });

const snapshot = async () => {
  const A = `/api/v1/orgs/${s.orgId}`;
  const out = {};
  for (const [kind, id] of Object.entries(ids)) out[kind] = (await s.req('GET', `${A}/${kind}/${id}`, { token: s.adminToken })).body;
  out.org = (await s.req('GET', A, { token: s.adminToken })).body;
  out.users = (await s.req('GET', `${A}/users?limit=200`, { token: s.adminToken })).body.items.length;
  out.sip = (await s.req('GET', `${A}/users/${ids.users}/sip-accounts/${sip.id}`, { token: s.adminToken })).body;
  out.alias = (await s.req('GET', `${A}/users/${ids.users}/aliases/${alias.id}`, { token: s.adminToken })).body;
  out.sipCreds = (await s.req('GET', `/api/v1/sip/credentials/${sipLive.username}`, { token: s.adminToken })).body;
  return out;
};

test('every route with {org}: another tenant gets 404 and changes nothing', async () => {
  const routes = cli(['routes']).stdout.trim().split('\n').map((l) => l.split(/\s+/))
    .filter(([, path]) => path.includes('{org}'));
  assert.ok(routes.length >= 25, `only ${routes.length} routes`);
  const before = await snapshot();
  for (const [method, pattern] of routes) {
    const path = pattern.replace('{org}', s.orgId).replace(/\/([a-z-]+)\/\{id\}/, (_, kind) => `/${kind}/${ids[kind]}`)
      .replace('{sid}', sip.id).replace('{aid}', alias.id).replace('{mid}', vmId);
    assert.ok(!path.includes('{') && !path.includes('undefined'), `no id for ${pattern}`);
    const body = ['POST', 'PATCH', 'PUT'].includes(method) ? { name: 'x', first_name: 'x', last_name: 'y', email: `x${Date.now()}@example.com` } : undefined;
    // one body for every route, valid for none: only the 404 matters
    const r = await s.req(method, path, { token: tokenB, body, malformed: true });
    assert.equal(r.status, 404, `${method} ${pattern} answered ${r.status}`);
    assert.match(r.headers.get('content-type'), /problem\+json/);
  }
  assert.deepEqual(await snapshot(), before);
});

test('the SIP proxy lookup: another tenant gets 404 for a username of this one', async () => {
  const mine = await s.req('GET', `/api/v1/sip/credentials/${sipLive.username}`, { token: s.adminToken });
  assert.equal(mine.status, 200);
  // B's administrator lacks sip.proxy (a platform right) altogether
  assert.equal((await s.req('GET', `/api/v1/sip/credentials/${sipLive.username}`, { token: tokenB })).status, 403);
  // B's SIP proxy holds it, for B
  const r = await s.req('GET', `/api/v1/sip/credentials/${sipLive.username}`, { token: proxyB });
  assert.equal(r.status, 404);
  assert.match(r.headers.get('content-type'), /problem\+json/);
  assert.ok(!JSON.stringify(r.body).includes(mine.body.ha1));
});

// Two-factor reset: an administrator of B cannot reset the 2FA of a user of
// A, whether it names A's organization or its own; A's user keeps signing in
// with a code.
test('two-factor reset of another tenant\'s user: 404, and 2FA stays on', async () => {
  const { totp } = await import('../lib/totp.mjs');
  const A = `/api/v1/orgs/${s.orgId}`;
  const u = newUser({ password: 'Quiet-Harbor-28-Pier' });
  const id = (await s.req('POST', `${A}/users`, { token: s.adminToken, body: u })).body.id;
  const l = await s.login(u.email, u.password);
  await s.req('POST', '/api/v1/me/password', { token: l.token, body: { current_password: u.password, new_password: 'Quiet-Harbor-28-Pier-2' } });
  const e = await s.req('POST', '/api/v1/me/2fa/totp', { token: l.token });
  assert.equal((await s.req('POST', '/api/v1/me/2fa/totp/confirm', { token: l.token, body: { code: totp(e.body.secret) } })).status, 200);
  const me = (await s.req('GET', '/api/v1/me', { token: tokenB })).body;
  for (const path of [`${A}/users/${id}/2fa`, `/api/v1/orgs/${me.org_id}/users/${id}/2fa`]) {
    const r = await s.req('DELETE', path, { token: tokenB });
    assert.equal(r.status, 404, path);
    assert.match(r.headers.get('content-type'), /problem\+json/);
  }
  const seen = await s.req('GET', `${A}/users/${id}`, { token: s.adminToken });
  assert.deepEqual(seen.body.two_factor, { enabled: true, required: false });
  assert.equal((await s.req('GET', '/api/v1/me', { token: l.token })).status, 200, 'its session lives');
  const first = await s.req('POST', '/api/v1/auth/login', { body: { login: u.email, password: 'Quiet-Harbor-28-Pier-2' } });
  assert.equal(first.body.second_factor_required, true);
});
