// addressbook.test.mjs: the address book ("Adresboek"): persons and their
// employers, with the inline "voeg 'xxx' toe" of seed 000, paging, partial
// updates, the conflicts that keep it consistent and tenant isolation.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, newUser, malformed } from '../lib/server.mjs';

let s;
let org;
let other; // a second customer organization, beside the demo one
before(async () => {
  s = await startServer();
  org = `/api/v1/orgs/${s.orgId}`;
  const o = await s.req('POST', '/api/v1/orgs', { token: s.adminToken, body: { name: 'Elders BV', parent_id: s.platformId } });
  assert.equal(o.status, 201, JSON.stringify(o.body));
  other = `/api/v1/orgs/${o.body.id}`;
});
after(async () => { await s.stop(); });

let seq = 0;
const uniq = () => `${Date.now().toString(36)}${(seq += 1)}`;
const as = (token = s.adminToken) => ({
  post: (path, body) => s.req('POST', path, { token, body }),
  get: (path) => s.req('GET', path, { token }),
  patch: (path, body) => s.req('PATCH', path, { token, body }),
  del: (path) => s.req('DELETE', path, { token }),
});
const admin = () => as();
const fieldsOf = (r) => (r.body.errors || []).map((e) => e.field).sort();

test('required and bad fields are all named in one 422', async () => {
  const empty = await admin().post(`${org}/contacts`, malformed({}));
  assert.equal(empty.status, 422);
  assert.match(empty.headers.get('content-type'), /problem\+json/);
  assert.deepEqual(fieldsOf(empty), ['first_name', 'last_name']);

  const bad = await admin().post(`${org}/contacts`, malformed({
    first_name: '  ', last_name: null, email: 'not-an-email', phone: 'call me', work_email: 'x@', bogus: 1,
  }));
  assert.equal(bad.status, 422);
  assert.deepEqual(fieldsOf(bad), ['bogus', 'email', 'first_name', 'last_name', 'phone', 'work_email']);
  assert.equal(bad.body.errors.find((e) => e.field === 'phone').code, 'invalid_phone');
});

test('a person: 201 with Location, every field rendered, null when empty', async () => {
  const r = await admin().post(`${org}/contacts`, {
    salutation: 'Mevrouw', first_name: ' Anna ', infix: 'van der', last_name: 'Berg',
    email: '  anna@example.com ', mobile: '+31 (0)6-1234 5678', id: 'ignored', display_name: 'ignored',
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.equal(r.headers.get('location'), `${org}/contacts/${r.body.id}`);
  assert.equal(r.body.org_id, s.orgId);
  assert.equal(r.body.first_name, 'Anna');
  assert.equal(r.body.email, 'anna@example.com');
  assert.equal(r.body.display_name, 'Anna van der Berg');
  for (const f of ['phone', 'job_title', 'company_id', 'company_name', 'work_phone', 'work_email', 'web',
    'street', 'postal_code', 'city', 'country', 'notes', 'user_id']) assert.equal(r.body[f], null, f);
  assert.match(r.body.created_at, /^\d{4}-\d\d-\d\dT/);
  const g = await admin().get(`${org}/contacts/${r.body.id}`);
  assert.equal(g.status, 200);
  assert.deepEqual(g.body, r.body);
});

test("an employer by name is created inline once and reused ('voeg toe')", async () => {
  const name = `Bakkerij ${uniq()}`;
  const a = await admin().post(`${org}/contacts`, { first_name: 'Piet', last_name: 'Bakker', company_name: name, job_title: 'Bakker' });
  assert.equal(a.status, 201, JSON.stringify(a.body));
  assert.ok(a.body.company_id);
  assert.equal(a.body.company_name, name);
  const b = await admin().post(`${org}/contacts`, { first_name: 'Kees', last_name: 'Deeg', company_name: ` ${name.toUpperCase()} ` });
  assert.equal(b.status, 201, JSON.stringify(b.body));
  assert.equal(b.body.company_id, a.body.company_id);
  assert.equal(b.body.company_name, name);
  const list = await admin().get(`${org}/companies?q=${encodeURIComponent(name)}`);
  assert.equal(list.status, 200);
  assert.deepEqual(list.body.items.map((c) => c.id), [a.body.company_id]);
  const co = await admin().get(`${org}/companies/${a.body.company_id}`);
  assert.equal(co.status, 200);
  assert.equal(co.body.name, name);
  // the employer by id, and both given only when they agree
  const c = await admin().post(`${org}/contacts`, { first_name: 'Rob', last_name: 'Rogge', company_id: a.body.company_id });
  assert.equal(c.status, 201, JSON.stringify(c.body));
  assert.equal(c.body.company_name, name);
  const roundTrip = await admin().patch(`${org}/contacts/${c.body.id}`, c.body);
  assert.equal(roundTrip.status, 200, JSON.stringify(roundTrip.body));
  const both = await admin().post(`${org}/contacts`, { first_name: 'X', last_name: 'Y', company_id: a.body.company_id, company_name: 'Something else' });
  assert.equal(both.status, 422);
  assert.deepEqual(fieldsOf(both), ['company_name']);
  // a failed request creates no company
  const failed = `Ghost ${uniq()}`;
  const f = await admin().post(`${org}/contacts`, malformed({ first_name: 'X', company_name: failed }));
  assert.equal(f.status, 422);
  assert.deepEqual((await admin().get(`${org}/companies?q=${encodeURIComponent(failed)}`)).body.items, []);
});

test('a company of another organization is not an employer here: 422 on company_id', async () => {
  const co = await admin().post(`${other}/companies`, { name: `Elders ${uniq()}` });
  assert.equal(co.status, 201, JSON.stringify(co.body));
  const r = await admin().post(`${org}/contacts`, { first_name: 'Jan', last_name: 'Vreemd', company_id: co.body.id });
  assert.equal(r.status, 422);
  assert.deepEqual(fieldsOf(r), ['company_id']);
  const badId = await admin().post(`${org}/contacts`, malformed({ first_name: 'Jan', last_name: 'Vreemd', company_id: 'nope' }));
  assert.equal(badId.status, 422);
  assert.deepEqual(fieldsOf(badId), ['company_id']);
  // nor is it visible through this organization
  assert.equal((await admin().get(`${org}/companies/${co.body.id}`)).status, 404);
});

test('q searches, and next pages through the list in name order without gaps', async () => {
  const tag = `Zoek${uniq()}`;
  const names = [['Eva', `${tag}a`], ['Bram', `${tag}b`], ['Anne', `${tag}b`], ['Dirk', `${tag}c`], ['Cor', `${tag}d`]];
  for (const [first_name, last_name] of names) {
    const r = await admin().post(`${org}/contacts`, { first_name, last_name });
    assert.equal(r.status, 201, JSON.stringify(r.body));
  }
  const seen = [];
  let after = null;
  let pages = 0;
  do {
    const r = await admin().get(`${org}/contacts?q=${tag.toLowerCase()}&limit=2${after ? `&after=${after}` : ''}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.ok(r.body.items.length <= 2);
    seen.push(...r.body.items.map((c) => `${c.last_name} ${c.first_name}`));
    after = r.body.next;
    pages += 1;
  } while (after && pages < 10);
  assert.deepEqual(seen, [`${tag}a Eva`, `${tag}b Anne`, `${tag}b Bram`, `${tag}c Dirk`, `${tag}d Cor`]);
  assert.equal(pages, 3);
  // the employer's name and the email are searched too
  const co = `Zoekbedrijf ${uniq()}`;
  const w = await admin().post(`${org}/contacts`, { first_name: 'Wim', last_name: 'Werk', company_name: co, email: `wim.${tag}@example.com` });
  assert.equal(w.status, 201);
  assert.deepEqual((await admin().get(`${org}/contacts?q=${encodeURIComponent(co.toLowerCase())}`)).body.items.map((c) => c.id), [w.body.id]);
  assert.deepEqual((await admin().get(`${org}/contacts?q=wim.${tag}`)).body.items.map((c) => c.id), [w.body.id]);
  // LIKE wildcards are plain characters
  assert.deepEqual((await admin().get(`${org}/contacts?q=%25`)).body.items, []);
  // a cursor we did not make is refused
  const bad = await admin().get(`${org}/contacts?after=garbage`);
  assert.equal(bad.status, 422);
  assert.deepEqual(fieldsOf(bad), ['after']);
});

test('companies page by name too', async () => {
  const tag = `Reeks${uniq()}`;
  for (const n of ['c', 'A', 'b']) assert.equal((await admin().post(`${org}/companies`, { name: `${tag} ${n}` })).status, 201);
  const p1 = await admin().get(`${org}/companies?q=${tag}&limit=2`);
  assert.equal(p1.status, 200);
  assert.deepEqual(p1.body.items.map((c) => c.name), [`${tag} A`, `${tag} b`]);
  const p2 = await admin().get(`${org}/companies?q=${tag}&limit=2&after=${p1.body.next}`);
  assert.deepEqual(p2.body.items.map((c) => c.name), [`${tag} c`]);
  assert.equal(p2.body.next, null);
  assert.equal((await admin().get(`${org}/companies?limit=0`)).status, 422);
});

test('PATCH changes the fields given and leaves the others', async () => {
  const c = await admin().post(`${org}/contacts`, {
    first_name: 'Sara', last_name: 'Smit', job_title: 'Inkoper', phone: '020 555 1234', company_name: `Smit ${uniq()}`,
  });
  assert.equal(c.status, 201);
  const p = await admin().patch(`${org}/contacts/${c.body.id}`, { city: ' Utrecht ' });
  assert.equal(p.status, 200, JSON.stringify(p.body));
  assert.equal(p.body.city, 'Utrecht');
  const { city, updated_at, ...rest } = p.body;
  const { city: c0, updated_at: u0, ...before } = c.body;
  assert.deepEqual(rest, before);
  // null or empty clears an optional field; the employer goes with null
  const q = await admin().patch(`${org}/contacts/${c.body.id}`, { job_title: null, phone: '', company_id: null });
  assert.equal(q.status, 200);
  assert.equal(q.body.job_title, null);
  assert.equal(q.body.phone, null);
  assert.equal(q.body.company_id, null);
  assert.equal(q.body.company_name, null);
  assert.equal(q.body.city, 'Utrecht');
  // a required field cannot be cleared
  const r = await admin().patch(`${org}/contacts/${c.body.id}`, malformed({ last_name: '', first_name: null }));
  assert.equal(r.status, 422);
  assert.deepEqual(fieldsOf(r), ['first_name', 'last_name']);
});

test('DELETE removes a person; one with a login stays until the user goes', async () => {
  const c = await admin().post(`${org}/contacts`, { first_name: 'Weg', last_name: 'Ermee' });
  assert.equal((await admin().del(`${org}/contacts/${c.body.id}`)).status, 204);
  assert.equal((await admin().get(`${org}/contacts/${c.body.id}`)).status, 404);
  assert.equal((await admin().del(`${org}/contacts/${c.body.id}`)).status, 404);

  const u = await admin().post(`${org}/users`, newUser());
  assert.equal(u.status, 201, JSON.stringify(u.body));
  const withLogin = await admin().get(`${org}/contacts/${u.body.contact_id}`);
  assert.equal(withLogin.body.user_id, u.body.id);
  const refused = await admin().del(`${org}/contacts/${u.body.contact_id}`);
  assert.equal(refused.status, 409);
  assert.match(refused.body.detail, /delete the user first/);
});

test('company names are unique per organization, case-insensitively', async () => {
  const name = `Uniek ${uniq()}`;
  const a = await admin().post(`${org}/companies`, { name, website: 'https://uniek.example', phone: '+31 20 123 4567' });
  assert.equal(a.status, 201, JSON.stringify(a.body));
  assert.equal(a.headers.get('location'), `${org}/companies/${a.body.id}`);
  assert.equal(a.body.website, 'https://uniek.example');
  assert.equal(a.body.email, null);
  const dup = await admin().post(`${org}/companies`, { name: `  ${name.toLowerCase()} ` });
  assert.equal(dup.status, 409);
  assert.deepEqual(fieldsOf(dup), ['name']);
  const b = await admin().post(`${org}/companies`, { name: `${name} B` });
  assert.equal(b.status, 201);
  const rename = await admin().patch(`${org}/companies/${b.body.id}`, { name: name.toUpperCase() });
  assert.equal(rename.status, 409);
  assert.deepEqual(fieldsOf(rename), ['name']);
  // another organization may use the same name
  assert.equal((await admin().post(`${other}/companies`, { name })).status, 201);
  // and a company may change the case of its own name
  const recase = await admin().patch(`${org}/companies/${a.body.id}`, { name: name.toUpperCase() });
  assert.equal(recase.status, 200, JSON.stringify(recase.body));
  assert.equal(recase.body.name, name.toUpperCase());
  assert.equal(recase.body.website, 'https://uniek.example');
});

test('a company that employs persons cannot be deleted: 409 naming it', async () => {
  const name = `Werkgever ${uniq()}`;
  const c = await admin().post(`${org}/contacts`, { first_name: 'Tom', last_name: 'Trouw', company_name: name });
  assert.equal(c.status, 201);
  const refused = await admin().del(`${org}/companies/${c.body.company_id}`);
  assert.equal(refused.status, 409);
  assert.ok(refused.body.detail.includes(name), refused.body.detail);
  assert.equal((await admin().patch(`${org}/contacts/${c.body.id}`, { company_id: null })).status, 200);
  assert.equal((await admin().del(`${org}/companies/${c.body.company_id}`)).status, 204);
  assert.equal((await admin().get(`${org}/companies/${c.body.company_id}`)).status, 404);
});

test("an organization the caller cannot see answers 404, as do its persons", async () => {
  const elsewhere = await admin().post(`${other}/contacts`, { first_name: 'Ver', last_name: 'Weg' });
  assert.equal(elsewhere.status, 201);
  // an Admin (Beheer) of the demo organization
  const groups = (await admin().get(`${org}/groups`)).body.items;
  const u = newUser({ password: 'Steady-Pine-29-Ridge', groups: [groups.find((g) => g.builtin === 'admin').id] });
  assert.equal((await admin().post(`${org}/users`, u)).status, 201);
  const first = await s.login(u.email, u.password);
  await s.req('POST', '/api/v1/me/password', { token: first.token, body: { current_password: u.password, new_password: 'Steady-Pine-29-Ridge-b' } });
  const { token } = await s.login(u.email, 'Steady-Pine-29-Ridge-b');
  const me = as(token);
  assert.equal((await me.get(`${org}/contacts`)).status, 200);
  for (const r of [
    await me.get(`${other}/contacts`),
    await me.get(`${other}/contacts/${elsewhere.body.id}`),
    await me.post(`${other}/contacts`, { first_name: 'A', last_name: 'B' }),
    await me.get(`${other}/companies`),
    await me.get(`${org}/contacts/${elsewhere.body.id}`),
    await me.patch(`${org}/contacts/${elsewhere.body.id}`, { city: 'X' }),
    await me.del(`${org}/contacts/${elsewhere.body.id}`),
  ]) assert.equal(r.status, 404, JSON.stringify(r.body));
  // an End user has no address book rights
  const eu = newUser({ password: 'Steady-Pine-29-Ridge' });
  assert.equal((await admin().post(`${org}/users`, eu)).status, 201);
  const f2 = await s.login(eu.email, eu.password);
  await s.req('POST', '/api/v1/me/password', { token: f2.token, body: { current_password: eu.password, new_password: 'Steady-Pine-29-Ridge-b' } });
  const l2 = await s.login(eu.email, 'Steady-Pine-29-Ridge-b');
  assert.equal((await as(l2.token).post(`${org}/contacts`, { first_name: 'A', last_name: 'B' })).status, 403);
});
