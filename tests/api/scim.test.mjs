// scim.test.mjs: SCIM 2.0 under /scim/v2 (RFC 7643, 7644; issue 16): the
// RFC's examples and the requests Entra ID and Okta really send, for the
// organization of an API token with the right scim.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, sql, malformed } from '../lib/server.mjs';
import { checkRequest, checkResponse, reportRequest } from '../lib/openapi.mjs';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const SB = 'urn:ietf:params:scim:schemas:extension:switchboard:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';
// what an identity provider's token needs: scim, and the rights of what it
// changes (users, groups, extensions), including those of the End user group
// its users are in (nobody changes a user who holds rights it lacks)
const RIGHTS = ['scim', 'users.read', 'users.write', 'groups.read', 'groups.write', 'telephony.read', 'telephony.write',
  'calls.read_own', 'destination.write_own', 'media.write_own'];

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
// Checked against openapi.json both ways, as server.req does.
async function scim(method, path, body, { tok = token, headers = {}, bad = false } = {}) {
  const h = { authorization: `Bearer ${tok}`, ...headers };
  const text = body === undefined ? undefined : JSON.stringify(body);
  if (body !== undefined) h['content-type'] = 'application/scim+json';
  const full = `/scim/v2${path}`;
  const problems = checkRequest(method, full, { contentType: h['content-type'], text, body, malformed: bad });
  const res = await fetch(`${s.url}${full}`, { method, headers: h, body: text });
  const answer = await res.text();
  let parsed = answer;
  try { parsed = answer ? JSON.parse(answer) : null; } catch { /* not JSON */ }
  if (answer) assert.match(res.headers.get('content-type'), /^application\/scim\+json/, `${method} ${path}`);
  checkResponse(method, full, { status: res.status, contentType: res.headers.get('content-type'), text: answer, body: parsed });
  reportRequest(problems, res.status);
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

const patch = (...Operations) => ({ schemas: [PATCH], Operations });
const apiUser = async (id) => (await s.req('GET', `${org}/users/${id}`, { token: s.adminToken })).body;

test('Entra ID PATCH: Replace active "False", Add by value path, replace without a path', async () => {
  const u = await created();
  let r = await scim('PATCH', `/Users/${u.id}`, patch({ op: 'Replace', path: 'active', value: 'False' }));
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.active, false);
  assert.equal((await apiUser(u.id)).status, 'suspended');
  r = await scim('PATCH', `/Users/${u.id}`, patch({ op: 'Replace', path: 'active', value: 'True' }));
  assert.equal(r.body.active, true);
  assert.notEqual((await apiUser(u.id)).status, 'suspended');
  const mail = `new.${u.userName}@example.com`;
  r = await scim('PATCH', `/Users/${u.id}`, patch(
    { op: 'Add', path: 'emails[type eq "work"].value', value: mail },
    { op: 'Add', path: 'title', value: 'Senior Guide' },
    { op: 'Replace', path: `${ENT}:department`, value: 'Sales' },
    { op: 'Add', path: 'phoneNumbers[type eq "mobile"].value', value: '+31687654321' },
  ));
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.emails[0].value, mail);
  assert.equal(r.body.title, 'Senior Guide');
  assert.equal(r.body[ENT].department, 'Sales');
  assert.equal(r.body.phoneNumbers.find((p) => p.type === 'mobile').value, '+31687654321');
  assert.equal((await apiUser(u.id)).email, mail);
  r = await scim('PATCH', `/Users/${u.id}`, patch({ op: 'replace', value: { active: false, 'name.givenName': 'Babs', [`${ENT}:employeeNumber`]: '42' } }));
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.active, false);
  assert.equal(r.body.name.givenName, 'Babs');
  assert.equal(r.body.name.familyName, u.name.familyName);
  assert.equal(r.body[ENT].employeeNumber, '42');
  // the manager as Entra ID sends it: the id alone
  const boss = await created();
  r = await scim('PATCH', `/Users/${u.id}`, patch({ op: 'Add', path: `${ENT}:manager`, value: boss.id }));
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body[ENT].manager.value, boss.id);
  r = await scim('PATCH', `/Users/${u.id}`, patch({ op: 'Remove', path: `${ENT}:manager` }));
  assert.ok(!r.body[ENT].manager);
});

test('Okta: PATCH replace {active: false} suspends, PUT of the full user replaces it', async () => {
  const u = await created();
  let r = await scim('PATCH', `/Users/${u.id}`, patch({ op: 'replace', value: { active: false } }));
  assert.equal(r.status, 200);
  assert.equal(r.body.active, false);
  r = await scim('PATCH', `/Users/${u.id}`, patch({ op: 'replace', value: { active: true } }));
  assert.equal(r.body.active, true);
  // PUT: what is not sent any more is cleared
  const full = { ...u, title: undefined, phoneNumbers: [{ value: '+31209876543', type: 'work' }], name: { givenName: 'Barb', familyName: u.name.familyName } };
  delete full.title;
  r = await scim('PUT', `/Users/${u.id}`, full);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.name.givenName, 'Barb');
  assert.ok(!('middleName' in r.body.name));
  assert.ok(!('title' in r.body));
  assert.deepEqual(r.body.phoneNumbers, [{ value: '+31209876543', type: 'work' }]);
  const api = await apiUser(u.id);
  assert.equal(api.job_title, null);
  assert.equal(api.infix, null);
  assert.equal(api.mobile, null);
});

test('PATCH remove, paths that are not there, and PatchOp syntax', async () => {
  const u = await created();
  let r = await scim('PATCH', `/Users/${u.id}`, patch({ op: 'remove', path: 'title' }, { op: 'remove', path: 'name.honorificPrefix' }));
  assert.equal(r.status, 200);
  assert.ok(!('title' in r.body));
  assert.ok(!('honorificPrefix' in r.body.name));
  r = await scim('PATCH', `/Users/${u.id}`, patch({ op: 'remove', path: 'phoneNumbers[type eq "mobile"]' }));
  assert.deepEqual(r.body.phoneNumbers.map((p) => p.type), ['work']);
  assertError(await scim('PATCH', `/Users/${u.id}`, patch({ op: 'remove', path: 'phoneNumbers[type eq "fax"]' })), 400, 'noTarget');
  assertError(await scim('PATCH', `/Users/${u.id}`, patch({ op: 'remove' })), 400, 'noTarget');
  assertError(await scim('PATCH', `/Users/${u.id}`, patch({ op: 'move', path: 'title' })), 400, 'invalidSyntax');
  assertError(await scim('PATCH', `/Users/${u.id}`, { Operations: [] }, { bad: true }), 400, 'invalidSyntax');
  assertError(await scim('PATCH', `/Users/${u.id}`, patch({ op: 'add', path: 'emails[type eq "work"', value: 'x' })), 400, 'invalidPath');
  assertError(await scim('PATCH', `/Users/${u.id}`, patch({ op: 'replace', path: 'active', value: 'maybe' })), 400, 'invalidValue');
  // a bad value changes nothing
  assertError(await scim('PATCH', `/Users/${u.id}`, patch({ op: 'replace', path: 'title', value: 'Changed' }, { op: 'replace', path: 'timezone', value: 'nowhere' })), 400, 'invalidValue');
  assert.equal((await scim('GET', `/Users/${u.id}`)).body.title, undefined);
});

test('If-Match: a stale meta.version is 412 and changes nothing; the current one works', async () => {
  const u = await created();
  await new Promise((res) => setTimeout(res, 5));
  const r1 = await scim('PATCH', `/Users/${u.id}`, patch({ op: 'replace', path: 'title', value: 'A' }), { headers: { 'if-match': u.meta.version } });
  assert.equal(r1.status, 200);
  assert.notEqual(r1.headers.get('etag'), u.meta.version);
  const stale = await scim('PATCH', `/Users/${u.id}`, patch({ op: 'replace', path: 'title', value: 'B' }), { headers: { 'if-match': u.meta.version } });
  assertError(stale, 412);
  assertError(await scim('PUT', `/Users/${u.id}`, { ...u, title: 'C' }, { headers: { 'if-match': u.meta.version } }), 412);
  assertError(await scim('DELETE', `/Users/${u.id}`, undefined, { headers: { 'if-match': u.meta.version } }), 412);
  assert.equal((await scim('GET', `/Users/${u.id}`)).body.title, 'A');
  const put = await scim('PUT', `/Users/${u.id}`, { ...u, title: 'D' }, { headers: { 'if-match': r1.headers.get('etag') } });
  assert.equal(put.status, 200);
  assert.equal(put.body.title, 'D');
});

test('uniqueness: userName and externalId taken are 409; two identical POSTs make one user', async () => {
  const u = await created();
  const again = scimUser({ userName: u.userName.toUpperCase() });
  assertError(await scim('POST', '/Users', again), 409, 'uniqueness');
  assertError(await scim('POST', '/Users', scimUser({ externalId: u.externalId })), 409, 'uniqueness');
  assertError(await scim('POST', '/Users', scimUser({ emails: u.emails })), 409, 'uniqueness');
  // a race of two identical creates
  const body = scimUser();
  const [a, b] = await Promise.all([scim('POST', '/Users', body), scim('POST', '/Users', body)]);
  const statuses = [a.status, b.status].sort();
  assert.deepEqual(statuses, [201, 409], JSON.stringify([a.body, b.body]));
  const loser = a.status === 409 ? a : b;
  assert.equal(loser.body.scimType, 'uniqueness');
  const list = await scim('GET', filter(`userName eq "${body.userName}"`));
  assert.equal(list.body.totalResults, 1);
  // a create sent again with its Idempotency-Key gets the first answer, still SCIM's
  const once = scimUser();
  const first = await scim('POST', '/Users', once, { headers: { 'idempotency-key': `k-${once.userName}` } });
  const again2 = await scim('POST', '/Users', once, { headers: { 'idempotency-key': `k-${once.userName}` } });
  assert.equal(again2.status, 201);
  assert.equal(again2.headers.get('idempotent-replayed'), 'true');
  assert.equal(again2.body.id, first.body.id);
});

test('a bad user is a 400 naming the attribute; nothing is made', async () => {
  let r = await scim('POST', '/Users', scimUser({ name: { givenName: 'X' }, userName: 'ab', emails: [{ value: 'not-an-email', type: 'work' }] }));
  assertError(r, 400, 'invalidValue');
  assert.match(r.body.detail, /emails/);
  assert.match(r.body.detail, /name\.familyName/);
  r = await scim('POST', '/Users', scimUser({ userName: undefined }), { bad: true });
  assertError(r, 400, 'invalidValue');
  assert.match(r.body.detail, /userName/);
  r = await scim('POST', '/Users', scimUser({ userName: 'someone@example.com' }));
  assertError(r, 400, 'invalidValue');
  // userName may be the work email itself
  const n = Date.now().toString(36);
  r = await scim('POST', '/Users', scimUser({ userName: `mail.${n}@example.com`, emails: [{ value: `mail.${n}@example.com`, type: 'work' }] }));
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.equal(r.body.userName, `mail.${n}@example.com`);
  assert.equal((await apiUser(r.body.id)).login_name, null);
  const bad = await fetch(`${s.url}/scim/v2/Users`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' }, body: '{"userName":' });
  assert.equal(bad.status, 400);
  assert.equal((await bad.json()).status, '400');
  const xml = await fetch(`${s.url}/scim/v2/Users`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'text/xml' }, body: '<a/>' });
  assert.equal(xml.status, 415);
});

test('DELETE follows the organization: suspend, or delete with the restore period', async () => {
  const u = await created();
  let r = await scim('DELETE', `/Users/${u.id}`);
  assert.equal(r.status, 204);
  r = await scim('GET', `/Users/${u.id}`);
  assert.equal(r.status, 200);
  assert.equal(r.body.active, false);
  assert.equal((await apiUser(u.id)).status, 'suspended');
  const p = await s.req('PATCH', org, { token: s.adminToken, body: { scim_deprovision: 'delete' } });
  assert.equal(p.status, 200, JSON.stringify(p.body));
  assert.equal(p.body.scim_deprovision, 'delete');
  try {
    const v = await created();
    r = await scim('DELETE', `/Users/${v.id}`);
    assert.equal(r.status, 204);
    assertError(await scim('GET', `/Users/${v.id}`), 404);
    assertError(await scim('DELETE', `/Users/${v.id}`), 404);
    assert.equal((await scim('GET', filter(`id eq "${v.id}"`))).body.totalResults, 0);
    const api = await apiUser(v.id);
    assert.equal(api.status, 'deleted');
    assert.ok(api.purge_after);
    const back = await s.req('POST', `${org}/users/${v.id}/restore`, { token: s.adminToken });
    assert.equal(back.status, 200);
  } finally {
    await s.req('PATCH', org, { token: s.adminToken, body: { scim_deprovision: 'suspend' } });
  }
  const bad = await s.req('PATCH', org, { token: s.adminToken, body: malformed({ scim_deprovision: 'shred' }) });
  assert.equal(bad.status, 422);
});

test('a SCIM user is invited or not as the organization chooses; the Switchboard schema', async () => {
  const mails = (to) => parseInt(sql(s, `SELECT COUNT(*) FROM outbox WHERE to_addr = '${to}'`).trim(), 10);
  const u = await created();
  assert.equal(mails(u.emails[0].value), 1);
  assert.equal((await apiUser(u.id)).status, 'invited');
  await s.req('PATCH', org, { token: s.adminToken, body: { scim_invite: false } });
  try {
    const v = await created({ [SB]: { extension: 'auto', appAccount: 'True' } });
    assert.equal(mails(v.emails[0].value), 0);
    assert.equal((await apiUser(v.id)).status, 'invited');
    assert.match(v[SB].extension, /^7\d{3}$/);
    const accs = await s.req('GET', `${org}/users/${v.id}/sip-accounts`, { token: s.adminToken });
    assert.deepEqual(accs.body.items.map((a) => a.kind), ['app']);
    assert.ok(!JSON.stringify(v).includes('secret'));
    // an extension given to a user that has none, by PATCH; an app account once only
    const w = await created();
    const r = await scim('PATCH', `/Users/${w.id}`, patch({ op: 'add', path: `${SB}:extension`, value: 'auto' }, { op: 'add', path: `${SB}:appAccount`, value: true }));
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.match(r.body[SB].extension, /^7\d{3}$/);
    await scim('PATCH', `/Users/${w.id}`, patch({ op: 'add', path: `${SB}:appAccount`, value: true }));
    assert.equal((await s.req('GET', `${org}/users/${w.id}/sip-accounts`, { token: s.adminToken })).body.items.length, 1);
    // a taken extension is a 409 and makes no user
    const taken = scimUser({ [SB]: { extension: v[SB].extension } });
    assertError(await scim('POST', '/Users', taken), 409, 'uniqueness');
    assert.equal((await scim('GET', filter(`userName eq "${taken.userName}"`))).body.totalResults, 0);
  } finally {
    await s.req('PATCH', org, { token: s.adminToken, body: { scim_invite: true } });
  }
});

const groupsOf = async (id) => (await apiUser(id)).groups.map((g) => g.id).sort();

test('Groups are the permission groups: displayName eq, excludedAttributes=members, PATCH of members', async () => {
  const list = await scim('GET', `/Groups?filter=${encodeURIComponent('displayName eq "end user"')}&excludedAttributes=members`);
  assert.equal(list.status, 200, JSON.stringify(list.body));
  assert.equal(list.body.totalResults, 1);
  const endUser = list.body.Resources[0];
  assert.equal(endUser.displayName, 'End user');
  assert.ok(!('members' in endUser));
  assert.deepEqual(endUser.schemas, [GROUP]);
  // a group the token may hand out: only rights it holds
  const made = await scim('POST', '/Groups', { schemas: [GROUP], displayName: `Sales ${Date.now()}` });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  assert.deepEqual(made.body.members, []);
  const g = made.body;
  const u = await created();
  const v = await created();
  // Entra ID adds members as a list, and removes one by a value path
  let r = await scim('PATCH', `/Groups/${g.id}`, patch({ op: 'Add', path: 'members', value: [{ value: u.id }, { value: v.id }] }));
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual(r.body.members.map((m) => m.value).sort(), [u.id, v.id].sort());
  assert.ok(r.body.members.every((m) => m.display && m.$ref.endsWith(m.value)));
  assert.deepEqual(await groupsOf(u.id), [endUser.id, g.id].sort());
  const withMembers = await scim('GET', `/Groups/${g.id}`);
  assert.equal(withMembers.body.members.length, 2);
  assert.equal((await scim('GET', `/Users/${u.id}`)).body.groups.length, 2);
  const byMember = await scim('GET', `/Groups?filter=${encodeURIComponent(`members[value eq "${u.id}"]`)}&excludedAttributes=members`);
  assert.deepEqual(byMember.body.Resources.map((x) => x.id).sort(), [endUser.id, g.id].sort());
  r = await scim('PATCH', `/Groups/${g.id}`, patch({ op: 'Remove', path: `members[value eq "${u.id}"]` }));
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual(r.body.members.map((m) => m.value), [v.id]);
  assert.deepEqual(await groupsOf(u.id), [endUser.id]);
  // Okta: replace the name, and the members as a whole
  r = await scim('PATCH', `/Groups/${g.id}`, patch({ op: 'replace', value: { id: g.id, displayName: `${g.displayName} NL` } }, { op: 'replace', path: 'members', value: [{ value: u.id }] }));
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.displayName, `${g.displayName} NL`);
  assert.deepEqual(r.body.members.map((m) => m.value), [u.id]);
  r = await scim('PUT', `/Groups/${g.id}`, { schemas: [GROUP], displayName: g.displayName, members: [{ value: v.id }] });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual(r.body.members.map((m) => m.value), [v.id]);
  assertError(await scim('PATCH', `/Groups/${g.id}`, patch({ op: 'add', path: 'members', value: [{ value: '01a00000-0000-7000-8000-000000000000' }] })), 400, 'invalidValue');
  assertError(await scim('PATCH', `/Groups/${g.id}`, patch({ op: 'add', path: 'owners', value: [] })), 400, 'invalidPath');
  // a user keeps at least one group: out of End user only when in another,
  // and out of its last other group back in End user
  assertError(await scim('PATCH', `/Groups/${endUser.id}`, patch({ op: 'remove', path: `members[value eq "${u.id}"]` })), 400);
  assert.deepEqual(await groupsOf(u.id), [endUser.id]);
  assert.equal((await scim('PATCH', `/Groups/${g.id}`, patch({ op: 'add', path: 'members', value: [{ value: u.id }] }))).status, 200);
  assert.equal((await scim('PATCH', `/Groups/${endUser.id}`, patch({ op: 'remove', path: `members[value eq "${u.id}"]` }))).status, 200);
  assert.deepEqual(await groupsOf(u.id), [g.id]);
  assert.equal((await scim('PATCH', `/Groups/${g.id}`, patch({ op: 'remove', path: `members[value eq "${u.id}"]` }))).status, 200);
  assert.deepEqual(await groupsOf(u.id), [endUser.id]);
  r = await scim('PATCH', `/Groups/${g.id}`, patch({ op: 'remove', path: `members[value eq "${v.id}"]` }));
  assert.equal(r.status, 200);
  assert.equal((await scim('DELETE', `/Groups/${g.id}`)).status, 204);
  assertError(await scim('GET', `/Groups/${g.id}`), 404);
});

test('no one grants rights it lacks: the token cannot put users into the Admin group', async () => {
  const admin = (await scim('GET', `/Groups?filter=${encodeURIComponent('displayName eq "Admin"')}`)).body.Resources[0];
  const u = await created();
  const r = await scim('PATCH', `/Groups/${admin.id}`, patch({ op: 'add', path: 'members', value: [{ value: u.id }] }));
  assertError(r, 403);
  assert.match(r.body.detail, /rights/);
  assert.equal((await apiUser(u.id)).groups.length, 1);
  // nor rename it, nor remove its members
  assertError(await scim('PATCH', `/Groups/${admin.id}`, patch({ op: 'replace', path: 'displayName', value: 'Mine' })), 403);
  // and a token without groups.read sees no groups
  const t = await makeToken(['scim', 'users.read']);
  assertError(await scim('GET', '/Groups', undefined, { tok: t }), 403);
  // nor may a token with users.read alone change users, nor one without
  // groups.write make, rename or delete a group
  const u2 = await created();
  assertError(await scim('POST', '/Users', scimUser(), { tok: t }), 403);
  assertError(await scim('PUT', `/Users/${u2.id}`, u2, { tok: t }), 403);
  assertError(await scim('PATCH', `/Users/${u2.id}`, patch({ op: 'replace', path: 'active', value: false }), { tok: t }), 403);
  assertError(await scim('DELETE', `/Users/${u2.id}`, undefined, { tok: t }), 403);
  assert.equal((await apiUser(u2.id)).status, 'invited');
  const noGw = await makeToken(RIGHTS.filter((r) => r !== 'groups.write'));
  assertError(await scim('POST', '/Groups', { schemas: [GROUP], displayName: 'Nope' }, { tok: noGw }), 403);
  const eu = (await scim('GET', `/Groups?filter=${encodeURIComponent('displayName eq "End user"')}`)).body.Resources[0];
  assertError(await scim('PATCH', `/Groups/${eu.id}`, patch({ op: 'replace', path: 'displayName', value: 'Mine' }), { tok: noGw }), 403);
  // and a token without users.write changes no member
  const noUw = await makeToken(RIGHTS.filter((r) => r !== 'users.write'));
  const sales = await scim('POST', '/Groups', { schemas: [GROUP], displayName: `Members ${Date.now()}` });
  assertError(await scim('PATCH', `/Groups/${sales.body.id}`, patch({ op: 'add', path: 'members', value: [{ value: u2.id }] }), { tok: noUw }), 403);
});

test('authentication and errors take the SCIM error schema', async () => {
  const none = await fetch(`${s.url}/scim/v2/Users`);
  assert.equal(none.status, 401);
  assert.match(none.headers.get('content-type'), /scim\+json/);
  const b = await none.json();
  assert.deepEqual(b.schemas, [ERROR]);
  assert.equal(b.status, '401');
  // a token without the right scim
  const t = await makeToken(['users.read']);
  assertError(await scim('GET', '/Users', undefined, { tok: t }), 403);
  assertError(await scim('GET', '/Nope'), 404);
  assertError(await scim('GET', '/Users/not-an-id'), 404);
  assertError(await scim('GET', '/Users/01a00000-0000-7000-8000-000000000000'), 404);
  assertError(await scim('POST', '/Users/x'), 405);
});

test('a token sees its own organization only', async () => {
  const other = await s.req('POST', '/api/v1/orgs', { token: s.adminToken, body: { name: `Other ${Date.now()}`, parent_id: s.platformId } });
  assert.equal(other.status, 201, JSON.stringify(other.body));
  const r = await s.req('POST', `/api/v1/orgs/${other.body.id}/api-tokens`, { token: s.adminToken, body: { name: 'idp', permissions: RIGHTS } });
  assert.equal(r.status, 201);
  const mine = await created();
  assertError(await scim('GET', `/Users/${mine.id}`, undefined, { tok: r.body.token }), 404);
  assertError(await scim('PATCH', `/Users/${mine.id}`, patch({ op: 'replace', path: 'title', value: 'x' }), { tok: r.body.token }), 404);
  assertError(await scim('DELETE', `/Users/${mine.id}`, undefined, { tok: r.body.token }), 404);
  const list = await scim('GET', filter(`userName eq "${mine.userName}"`), undefined, { tok: r.body.token });
  assert.equal(list.body.totalResults, 0);
  // the same userName is taken on the whole platform
  assertError(await scim('POST', '/Users', scimUser({ userName: mine.userName }), { tok: r.body.token }), 409, 'uniqueness');
  // externalId is unique per organization only
  const there = await scim('POST', '/Users', scimUser({ externalId: mine.externalId }), { tok: r.body.token });
  assert.equal(there.status, 201, JSON.stringify(there.body));
});

test('every SCIM change is audited with the token as its actor', async () => {
  const u = await created();
  await scim('PATCH', `/Users/${u.id}`, patch({ op: 'replace', path: 'active', value: false }));
  const ev = (await s.req('GET', `${org}/audit?object=${u.id}`, { token: s.adminToken })).body.items;
  const actions = ev.map((e) => e.action).sort();
  assert.ok(actions.includes('create') && actions.includes('suspend'), JSON.stringify(actions));
  for (const e of ev) assert.match(e.actor, /^token 'idp-/);
});

test('ServiceProviderConfig, ResourceTypes and Schemas describe what is there', async () => {
  const spc = await scim('GET', '/ServiceProviderConfig');
  assert.equal(spc.status, 200);
  assert.equal(spc.body.patch.supported, true);
  assert.equal(spc.body.bulk.supported, false);
  assert.equal(spc.body.filter.supported, true);
  assert.equal(spc.body.filter.maxResults, 200);
  assert.equal(spc.body.sort.supported, true);
  assert.equal(spc.body.etag.supported, true);
  assert.equal(spc.body.authenticationSchemes[0].type, 'oauthbearertoken');
  // maxResults holds: a larger count gets 200
  const big = await scim('GET', '/Users?count=100000');
  assert.ok(big.body.itemsPerPage <= 200);
  const rt = await scim('GET', '/ResourceTypes');
  assert.deepEqual(rt.body.Resources.map((x) => x.id), ['User', 'Group']);
  assert.deepEqual(rt.body.Resources[0].schemaExtensions.map((x) => x.schema), [ENT, SB]);
  assert.equal((await scim('GET', '/ResourceTypes/User')).body.endpoint, '/Users');
  const sch = await scim('GET', '/Schemas');
  assert.deepEqual(sch.body.Resources.map((x) => x.id), [USER, ENT, SB, GROUP]);
  const user = (await scim('GET', `/Schemas/${USER}`)).body;
  const names = user.attributes.map((a) => a.name);
  // every attribute a user shows is described, and the other way round
  const u = await created();
  for (const k of Object.keys(u)) if (!['schemas', 'id', 'meta', ENT, SB].includes(k)) assert.ok(names.includes(k), k);
  for (const n of names) if (n !== 'password') assert.ok(n in u || ['phoneNumbers'].includes(n), n);
  assert.equal(user.attributes.find((a) => a.name === 'userName').uniqueness, 'server');
  assert.deepEqual((await scim('GET', `/Schemas/${ENT}`)).body.attributes.map((a) => a.name), ['employeeNumber', 'department', 'organization', 'manager']);
  assertError(await scim('GET', '/Schemas/urn:nope'), 404);
});

test('RFC 7644 examples: filters with the core URN and dates, a path-less add, removing all members', async () => {
  const tag = `R${Date.now().toString(36)}`;
  const u = await created({ title: `${tag} O'Malley`, name: { givenName: 'J', familyName: `O'Malley${tag}` } });
  const ids = async (f) => (await scim('GET', filter(f))).body.Resources.map((x) => x.id);
  // 3.4.2.2: the attribute named with its schema's URN, co with a quote, pr, gt on a date
  assert.deepEqual(await ids(`${USER}:userName eq "${u.userName}"`), [u.id]);
  assert.deepEqual(await ids(`name.familyName co "O'Malley${tag}"`), [u.id]);
  assert.deepEqual(await ids(`title pr and title sw "${tag}"`), [u.id]);
  assert.deepEqual(await ids(`meta.lastModified gt "2011-05-13T04:42:34Z" and title sw "${tag}"`), [u.id]);
  assert.deepEqual(await ids(`meta.lastModified lt "2011-05-13T04:42:34Z" and title sw "${tag}"`), []);
  // 3.5.2.1: add without a path; an attribute Switchboard does not keep (nickName) is left
  const mail = `babs.${tag.toLowerCase()}@jensen.org`;
  let r = await scim('PATCH', `/Users/${u.id}`, patch({ op: 'add', value: { emails: [{ value: mail, type: 'home' }], nickName: 'Babs' } }));
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.ok(!('nickName' in r.body));
  assert.equal(r.body.emails[0].value, u.emails[0].value, 'the work email stays the login');
  // 3.5.2.2: remove all members of a group ("op":"remove","path":"members")
  const g = (await scim('POST', '/Groups', { schemas: [GROUP], displayName: `All ${tag}`, members: [{ value: u.id }] })).body;
  assert.deepEqual(g.members.map((m) => m.value), [u.id]);
  r = await scim('PATCH', `/Groups/${g.id}`, patch({ op: 'remove', path: 'members' }));
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual(r.body.members, []);
  // 3.5.2.3: replace a complex attribute's sub-attribute by a value path
  r = await scim('PATCH', `/Users/${u.id}`, patch({ op: 'replace', path: 'phoneNumbers[type eq "work"].value', value: '+31207654321' }));
  assert.equal(r.body.phoneNumbers.find((p) => p.type === 'work').value, '+31207654321');
});
