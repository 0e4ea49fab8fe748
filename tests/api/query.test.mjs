// query.test.mjs: every list route checks its query against the route
// table before its handler runs (src/api/routes.c): a cursor it did not
// make, a cursor of another list, an unknown parameter, a limit out of
// range and a bad enum value are each a 422 naming the parameter, with a
// code and params; and the cursor a list gave still pages.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, newUser, malformed } from '../lib/server.mjs';

let s;
let org;
const lists = {}; // name -> {path, max}
before(async () => {
  s = await startServer();
  org = `/api/v1/orgs/${s.orgId}`;
  const adm = async (method, path, body) => {
    const r = await s.req(method, path, { token: s.adminToken, body });
    assert.ok(r.status < 300, `${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const tag = Date.now().toString(36);
  const u1 = await adm('POST', `${org}/users`, newUser());
  await adm('POST', `${org}/users`, newUser());
  await adm('POST', `${org}/contacts`, { first_name: 'Anna', last_name: `Q${tag}` });
  await adm('POST', `${org}/contacts`, { first_name: 'Bert', last_name: `Q${tag}` });
  await adm('POST', `${org}/companies`, { name: `Q1 ${tag}` });
  await adm('POST', `${org}/companies`, { name: `Q2 ${tag}` });
  const tail = String(Date.now()).slice(-5);
  await adm('POST', `${org}/numbers`, { number: `020 51${tail}` });
  await adm('POST', `${org}/numbers`, { number: `020 52${tail}` });
  await adm('POST', `${org}/extensions`, { extension: 'auto', user_id: u1.id });
  await adm('POST', `${org}/extensions`, { extension: 'auto', user_id: u1.id });
  await adm('POST', `${org}/hunt-groups`, { name: `Q1 ${tag}` });
  await adm('POST', `${org}/hunt-groups`, { name: `Q2 ${tag}` });
  await adm('POST', `${org}/users/${u1.id}/sip-accounts`, { kind: 'desk' });
  await adm('POST', `${org}/users/${u1.id}/sip-accounts`, { kind: 'desk' });
  await adm('POST', `${org}/api-tokens`, { name: `Q1 ${tag}`, permissions: ['users.read'] });
  await adm('POST', `${org}/api-tokens`, { name: `Q2 ${tag}`, permissions: ['users.read'] });
  Object.assign(lists, {
    orgs: { path: '/api/v1/orgs', max: 500 },
    users: { path: `${org}/users`, max: 200 },
    contacts: { path: `${org}/contacts`, max: 200 },
    companies: { path: `${org}/companies`, max: 200 },
    numbers: { path: `${org}/numbers`, max: 200 },
    extensions: { path: `${org}/extensions`, max: 500 },
    hunt_groups: { path: `${org}/hunt-groups`, max: 200 },
    sip_accounts: { path: `${org}/users/${u1.id}/sip-accounts`, max: 200 },
    audit: { path: `${org}/audit`, max: 500 },
    api_tokens: { path: `${org}/api-tokens`, max: 200 },
  });
});
after(async () => { await s.stop(); });

const get = (path) => s.req('GET', path, { token: s.adminToken });
const errorsOf = (r) => (r.body.errors || []).map((e) => [e.field, e.code]);

// A 422 naming exactly field with code (and params, when given).
function rejects(r, field, code, params, what) {
  assert.equal(r.status, 422, `${what}: ${r.status} ${JSON.stringify(r.body)}`);
  assert.deepEqual(errorsOf(r), [[field, code]], what);
  if (params) assert.deepEqual(r.body.errors[0].params, params, what);
}

// The first page's next cursor of each list (with limit=1).
async function firstCursors() {
  const out = {};
  for (const [name, l] of Object.entries(lists)) {
    const r = await get(`${l.path}?limit=1`);
    assert.equal(r.status, 200, `${name}: ${JSON.stringify(r.body)}`);
    assert.equal(r.body.items.length, 1, name);
    assert.ok(r.body.next, `${name} gives a next cursor`);
    out[name] = r.body.next;
  }
  return out;
}

test('a cursor a list did not make is a 422 naming after (code invalid)', async () => {
  const garbage = ['garbage', '%%%', '', 'x'.repeat(2000),
    Buffer.from('no separator').toString('base64url'),
    Buffer.from('users\x1fname\x1fnot-an-id').toString('base64url'),
    Buffer.from('x\x1f01900000-0000-7000-8000-000000000000').toString('base64url')];
  for (const [name, l] of Object.entries(lists)) {
    for (const g of garbage) {
      rejects(await get(`${l.path}?after=${encodeURIComponent(g)}`), 'after', 'invalid', undefined, `${name} after=${g.slice(0, 40)}`);
    }
  }
});

test("a cursor of another list is a 422 on this one", async () => {
  const cursors = await firstCursors();
  for (const [name, l] of Object.entries(lists)) {
    for (const [other, cur] of Object.entries(cursors)) {
      if (other === name) continue;
      rejects(await get(`${l.path}?after=${encodeURIComponent(cur)}`), 'after', 'invalid', undefined, `${other}'s cursor on ${name}`);
    }
  }
});

test('the cursor each list gave still pages, without repeating a row', async () => {
  const cursors = await firstCursors();
  for (const [name, l] of Object.entries(lists)) {
    const first = await get(`${l.path}?limit=1`);
    const second = await get(`${l.path}?limit=1&after=${encodeURIComponent(cursors[name])}`);
    assert.equal(second.status, 200, `${name}: ${JSON.stringify(second.body)}`);
    assert.equal(second.body.items.length, 1, name);
    assert.notEqual(second.body.items[0].id, first.body.items[0].id, name);
  }
});

test('an unknown query parameter is a 422 naming it (unknown_field)', async () => {
  for (const [name, l] of Object.entries(lists)) {
    rejects(await get(`${l.path}?bogus=1`), 'bogus', 'unknown_field', undefined, name);
  }
  // every problem is named together
  const r = await get(`${org}/users?bogus=1&limit=0&status=gone`);
  assert.equal(r.status, 422);
  assert.deepEqual(errorsOf(r).sort(), [['bogus', 'unknown_field'], ['limit', 'out_of_range'], ['status', 'invalid']]);
});

test('limit out of range or not a number is a 422 with min and max', async () => {
  for (const [name, l] of Object.entries(lists)) {
    for (const v of ['0', String(l.max + 1), '99999999999999999999', 'ten', '', '-1', '1.5']) {
      rejects(await get(`${l.path}?limit=${v}`), 'limit', 'out_of_range', { min: 1, max: l.max }, `${name} limit=${v}`);
    }
    assert.equal((await get(`${l.path}?limit=${l.max}`)).status, 200, `${name} limit=max`);
  }
});

test('a bad enum, id or text value is a 422 naming the parameter', async () => {
  rejects(await get(`${org}/users?status=gone`), 'status', 'invalid', { allowed: 'invited, active, suspended or deleted' }, 'status');
  rejects(await get(`${org}/users?two_factor=maybe`), 'two_factor', 'invalid', { allowed: 'missing, enabled or disabled' }, 'two_factor');
  rejects(await get(`${org}/users?q=${'x'.repeat(101)}`), 'q', 'too_long', { max: 100 }, 'q');
  rejects(await get(`${org}/contacts?q=a%0Ab`), 'q', 'invalid_text', undefined, 'q with a line break');
  rejects(await get(`${org}/contacts?company_id=nope`), 'company_id', 'invalid', undefined, 'company_id');
  rejects(await get(`${org}/extensions?owner_id=nope`), 'owner_id', 'invalid', undefined, 'owner_id');
  rejects(await get(`${org}/audit?object=nope`), 'object', 'invalid', undefined, 'object');
  rejects(await get(`${org}/audit?actor=nope`), 'actor', 'invalid', undefined, 'actor');
  rejects(await get(`${org}/users?limit=1&limit=2`), 'limit', 'invalid', undefined, 'limit twice');
  const u = (await get(`${org}/users?limit=1`)).body.items[0];
  rejects(await s.req('DELETE', `${org}/users/${u.id}?purge=perhaps`, { token: s.adminToken }), 'purge', 'invalid', undefined, 'purge');
  rejects(await s.req('POST', `${org}/imports?mode=merge`, { token: s.adminToken, headers: { 'content-type': 'text/csv' }, raw: 'email\n' }),
    'mode', 'invalid', { allowed: 'create, update or upsert' }, 'import mode');
});

test('the good values still answer 200', async () => {
  for (const q of ['status=active', 'two_factor=missing', 'q=jan', 'status=invited&q=Tester']) {
    assert.equal((await get(`${org}/users?${q}`)).status, 200, q);
  }
});

test('routes that declare no query are left alone (a cache-busting parameter does no harm)', async () => {
  assert.equal((await get(`${org}/groups?_=123`)).status, 200);
  assert.equal((await get(`/api/v1/me?_=123`)).status, 200);
});

test('bodies go through the one field validator: sign-in and telephony use its codes', async () => {
  const login = (body) => s.req('POST', '/api/v1/auth/login', { body: malformed(body) });
  rejects(await login({ login: s.adminEmail, password: 'x', bogus: 1 }), 'bogus', 'unknown_field', undefined, 'unknown member');
  rejects(await login({ login: 12, password: 'x' }), 'login', 'type', undefined, 'a number as login');
  rejects(await login({ login: 'x'.repeat(255), password: 'x' }), 'login', 'too_long', { max: 254 }, 'a long login');
  rejects(await login({ login: 'a\nb', password: 'x' }), 'login', 'invalid_text', undefined, 'a login of two lines');
  rejects(await s.req('POST', '/api/v1/auth/password-reset', { body: malformed({ email: 'a\u0001b@example.com' }) }), 'email', 'invalid_text', undefined, 'reset');
  const u = (await get(`${org}/users?limit=1`)).body.items[0];
  const tel = `${org}/users/${u.id}/telephony`;
  const e911 = { house_number: '1', postal_code: '1012js', city: 'Amsterdam' };
  rejects(await s.req('PUT', tel, { token: s.adminToken, body: malformed({ e911: { ...e911, street: 'Dam\nX' } }) }), 'e911.street', 'invalid_text', undefined, 'street of two lines');
  rejects(await s.req('PUT', tel, { token: s.adminToken, body: malformed({ e911: { ...e911, street: 'D'.repeat(101) } }) }), 'e911.street', 'too_long', { max: 100 }, 'long street');
});
