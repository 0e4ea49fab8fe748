// scim.test.mjs: SCIM 2.0 under /scim/v2 (RFC 7643, 7644; issue 16): the
// RFC's examples and the requests Entra ID and Okta really send, for the
// organization of an API token with the right scim.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, sql } from '../lib/server.mjs';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const SB = 'urn:ietf:params:scim:schemas:extension:switchboard:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';
const RIGHTS = ['scim', 'users.read', 'users.write', 'groups.read', 'telephony.read', 'telephony.write'];

let s;
let org;
let token;
before(async () => {
  s = await startServer();
  org = `/api/v1/orgs/${s.orgId}`;
  token = await makeToken(RIGHTS);
});
after(async () => { await s.stop(); });

async function makeToken(permissions, name = `idp-${Math.random().toString(36).slice(2)}`) {
  const r = await s.req('POST', `${org}/api-tokens`, { token: s.adminToken, body: { name, permissions } });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body.token;
}

// A SCIM request: application/scim+json both ways.
async function scim(method, path, body, { tok = token, headers = {} } = {}) {
  const h = { authorization: `Bearer ${tok}`, ...headers };
  if (body !== undefined) h['content-type'] = 'application/scim+json';
  const res = await fetch(`${s.url}/scim/v2${path}`, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  let parsed = text;
  try { parsed = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
  if (text) assert.match(res.headers.get('content-type'), /^application\/scim\+json/, `${method} ${path}`);
  return { status: res.status, headers: res.headers, body: parsed };
}

let seq = 0;
function scimUser(extra = {}) {
  seq += 1;
  const n = `${Date.now().toString(36)}${seq}`;
  return {
    schemas: [USER, ENT],
    userName: `bjensen${n}`,
    externalId: `ext-${n}`,
    name: { givenName: 'Barbara', familyName: `Jensen${n}`, middleName: 'van', honorificPrefix: 'Ms.' },
    emails: [{ value: `bjensen.${n}@example.com`, type: 'work', primary: true }],
    phoneNumbers: [{ value: '+31201234567', type: 'work' }, { value: '+31612345678', type: 'mobile' }],
    title: 'Tour Guide',
    preferredLanguage: 'en-US',
    timezone: 'Europe/Amsterdam',
    active: true,
    [ENT]: { employeeNumber: `E${n}`, department: 'Tours', organization: 'Example BV' },
    ...extra,
  };
}

function assertError(r, status, scimType) {
  assert.equal(r.status, status, JSON.stringify(r.body));
  assert.deepEqual(r.body.schemas, [ERROR]);
  assert.equal(r.body.status, String(status));
  if (scimType) assert.equal(r.body.scimType, scimType, JSON.stringify(r.body));
}

test('a user created by SCIM round-trips what it sent, with meta and an ETag', async () => {
  const u = scimUser();
  const r = await scim('POST', '/Users', u);
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const b = r.body;
  assert.ok(b.id);
  assert.equal(b.userName, u.userName);
  assert.equal(b.externalId, u.externalId);
  assert.equal(b.name.givenName, 'Barbara');
  assert.equal(b.name.familyName, u.name.familyName);
  assert.equal(b.name.middleName, 'van');
  assert.equal(b.name.honorificPrefix, 'Ms.');
  assert.equal(b.displayName, `Barbara van ${u.name.familyName}`);
  assert.deepEqual(b.emails, [{ value: u.emails[0].value, type: 'work', primary: true }]);
  assert.deepEqual(b.phoneNumbers, u.phoneNumbers);
  assert.equal(b.title, 'Tour Guide');
  assert.equal(b.preferredLanguage, 'en');
  assert.equal(b.timezone, 'Europe/Amsterdam');
  assert.equal(b.active, true);
  assert.deepEqual(b[ENT], u[ENT]);
  assert.equal(b.meta.resourceType, 'User');
  assert.match(b.meta.version, /^W\/"\d+"$/);
  assert.equal(r.headers.get('etag'), b.meta.version);
  assert.ok(r.headers.get('location').endsWith(`/scim/v2/Users/${b.id}`));
  assert.equal(b.meta.location, r.headers.get('location'));
  assert.ok(!('password' in b));
  const got = await scim('GET', `/Users/${b.id}`);
  assert.equal(got.status, 200);
  assert.deepEqual(got.body, b);
  // the same user in the API: the login, the person, the work details
  const api = await s.req('GET', `${org}/users/${b.id}`, { token: s.adminToken });
  assert.equal(api.body.login_name, u.userName);
  assert.equal(api.body.email, u.emails[0].value);
  assert.equal(api.body.external_id, u.externalId);
  assert.equal(api.body.department, 'Tours');
  assert.equal(api.body.company_name, 'Example BV');
  assert.equal(api.body.job_title, 'Tour Guide');
});
