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

async function created(extra = {}) {
  const u = scimUser(extra);
  const r = await scim('POST', '/Users', u);
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body;
}

const filter = (f, more = '') => `/Users?filter=${encodeURIComponent(f)}${more}`;

test('Okta and Entra ID look users up by userName; an unknown one is an empty list', async () => {
  const u = await created();
  const r = await scim('GET', `${filter(`userName eq "${u.userName.toUpperCase()}"`)}&startIndex=1&count=100`);
  assert.equal(r.status, 200);
  assert.deepEqual(r.body.schemas, ['urn:ietf:params:scim:api:messages:2.0:ListResponse']);
  assert.equal(r.body.totalResults, 1);
  assert.equal(r.body.startIndex, 1);
  assert.equal(r.body.itemsPerPage, 1);
  assert.equal(r.body.Resources[0].id, u.id);
  // Entra ID's probe: a random GUID as userName
  const probe = await scim('GET', filter('userName eq "7a9c7e2a-5d1b-4f7e-9b1e-2f2c0b9f3a11"'));
  assert.equal(probe.status, 200);
  assert.equal(probe.body.totalResults, 0);
  assert.deepEqual(probe.body.Resources, []);
});

test('filters: the operators, and, or, not, parentheses and value paths', async () => {
  const tag = `F${Date.now().toString(36)}`;
  const a = await created({ title: `${tag} Alpha`, [ENT]: { department: `${tag}-sales`, employeeNumber: '1' } });
  const b = await created({ title: `${tag} Beta`, [ENT]: { department: `${tag}-support`, employeeNumber: '2' } });
  const c = await created({ title: `${tag} Gamma`, [ENT]: {} });
  const ids = async (f) => {
    const r = await scim('GET', filter(f));
    assert.equal(r.status, 200, `${f}: ${JSON.stringify(r.body)}`);
    return r.body.Resources.map((x) => x.id).sort();
  };
  const all = [a.id, b.id, c.id].sort();
  assert.deepEqual(await ids(`title sw "${tag}"`), all);
  assert.deepEqual(await ids(`title co "${tag} Be"`), [b.id]);
  assert.deepEqual(await ids(`title sw "${tag}" and title ne "${tag} Beta"`), [a.id, c.id].sort());
  assert.deepEqual(await ids(`title eq "${tag} Alpha" or title eq "${tag} Gamma"`), [a.id, c.id].sort());
  assert.deepEqual(await ids(`title sw "${tag}" and not (title eq "${tag} Alpha")`), [b.id, c.id].sort());
  assert.deepEqual(await ids(`title sw "${tag}" and (${ENT}:department sw "${tag}-s")`), [a.id, b.id].sort());
  assert.deepEqual(await ids(`title sw "${tag}" and ${ENT}:department pr`), [a.id, b.id].sort());
  assert.deepEqual(await ids(`emails[type eq "work" and value eq "${b.emails[0].value}"]`), [b.id]);
  assert.deepEqual(await ids(`emails[type eq "work"].value eq "${c.emails[0].value}"`), [c.id]);
  assert.deepEqual(await ids(`emails[type eq "home"].value eq "${c.emails[0].value}"`), []);
  assert.deepEqual(await ids(`externalId eq "${a.externalId}"`), [a.id]);
  assert.deepEqual(await ids(`name.familyName eq "${b.name.familyName.toLowerCase()}"`), [b.id]);
  assert.deepEqual(await ids(`meta.lastModified gt "2000-01-01T00:00:00Z" and title sw "${tag}"`), all);
  assert.deepEqual(await ids(`active eq true and title sw "${tag}"`), all);
  // a filter that does not parse, or names what is not there: 400 invalidFilter
  for (const f of ['userName eq', 'title sw "x" and', 'bogus eq "x"', '(title eq "x"', 'active gt true']) {
    const r = await scim('GET', filter(f));
    assertError(r, 400, 'invalidFilter');
    assert.ok(r.body.detail, f);
  }
});

test('startIndex and count page a list (1-based), with totalResults; sortBy orders it', async () => {
  const tag = `P${Date.now().toString(36)}`;
  const made = [];
  for (const t of ['c', 'a', 'e', 'b', 'd']) made.push(await created({ title: `${tag}-${t}` }));
  const f = `title sw "${tag}"`;
  const p1 = await scim('GET', filter(f, '&sortBy=title&startIndex=1&count=2'));
  assert.equal(p1.body.totalResults, 5);
  assert.equal(p1.body.itemsPerPage, 2);
  assert.deepEqual(p1.body.Resources.map((x) => x.title), [`${tag}-a`, `${tag}-b`]);
  const p3 = await scim('GET', filter(f, '&sortBy=title&startIndex=5&count=2'));
  assert.equal(p3.body.startIndex, 5);
  assert.deepEqual(p3.body.Resources.map((x) => x.title), [`${tag}-e`]);
  const desc = await scim('GET', filter(f, '&sortBy=title&sortOrder=descending&count=1'));
  assert.equal(desc.body.Resources[0].title, `${tag}-e`);
  // count 0: only how many; startIndex below 1 counts as 1
  const none = await scim('GET', filter(f, '&count=0&startIndex=-3'));
  assert.equal(none.body.totalResults, 5);
  assert.equal(none.body.startIndex, 1);
  assert.deepEqual(none.body.Resources, []);
  // the default order is the order of creation
  const byAge = await scim('GET', filter(f));
  assert.deepEqual(byAge.body.Resources.map((x) => x.id), made.map((x) => x.id));
  assertError(await scim('GET', filter(f, '&sortBy=bogus')), 400, 'invalidValue');
  assertError(await scim('GET', filter(f, '&count=ten')), 400, 'invalidValue');
});

test('attributes and excludedAttributes shape what is returned', async () => {
  const u = await created();
  const only = await scim('GET', `/Users/${u.id}?attributes=userName,name.familyName,${ENT}:department`);
  assert.deepEqual(Object.keys(only.body).sort(), ['id', 'name', 'schemas', ENT, 'userName'].sort());
  assert.deepEqual(only.body.name, { familyName: u.name.familyName });
  assert.deepEqual(only.body[ENT], { department: 'Tours' });
  const without = await scim('GET', `${filter(`id eq "${u.id}"`)}&excludedAttributes=emails,name.givenName,groups`);
  const x = without.body.Resources[0];
  assert.ok(!('emails' in x) && !('groups' in x));
  assert.ok(!('givenName' in x.name) && x.name.familyName);
  assert.equal(x.id, u.id);
});
