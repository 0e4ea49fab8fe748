// search.test.mjs: ?q= on the users list finds people by any part of the
// full name (with infix), login name, email, extension and phone number as
// typed, closest match first (issue 17). Run on SQLite and on PostgreSQL:
// the answers are the same.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, newUser } from '../lib/server.mjs';

let s;
let org;
const u = {};
before(async () => {
  s = await startServer();
  org = `/api/v1/orgs/${s.orgId}`;
  const make = async (key, body) => {
    const r = await s.req('POST', `${org}/users`, { token: s.adminToken, body: newUser(body) });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    u[key] = r.body;
  };
  await make('pieter', { first_name: 'Pieter', last_name: 'Jansen', email: 'pieter.jansen@example.nl',
    login_name: 'pjansen', phone: '020 123 4567' });
  await make('anna', { first_name: 'Anna', infix: 'van den', last_name: 'Berg', email: 'anna@berg.example.com', extension: 'auto' });
  await make('karim', { first_name: 'Karim', last_name: 'el Amrani', email: 'karim@amr.example.com', mobile: '06 12345678' });
  await make('erik', { first_name: 'Erik', last_name: 'Mulder', email: 'erik@mul.example.com', login_name: 'jansen' });
  await make('tom', { first_name: 'Tom', last_name: 'Jansenius', email: 'tom@jns.example.com' });
  await make('marco', { first_name: 'Marco', last_name: 'Pietersjansen', email: 'marco@pjs.example.com' });
  await make('sean', { first_name: 'Seán', last_name: "O'Brien", email: 'sean@obr.example.com' });
  await make('gone', { first_name: 'Zacharias', last_name: 'Deletedson', email: 'zach@del.example.com' });
  const d = await s.req('DELETE', `${org}/users/${u.gone.id}`, { token: s.adminToken });
  assert.equal(d.status, 204);
});
after(async () => { await s.stop(); });

const search = async (q, extra = '', base = org) => {
  const r = await s.req('GET', `${base}/users?q=${encodeURIComponent(q)}${extra}`, { token: s.adminToken });
  assert.equal(r.status, 200, `${q}: ${JSON.stringify(r.body)}`);
  return r.body;
};
const ids = (body) => body.items.map((x) => x.id);
const finds = async (q, keys) => assert.deepEqual(ids(await search(q)), keys.map((k) => u[k].id), `q=${q}`);

test('the issue\'s cases: full name, infix, part of a last name, one name', async () => {
  // every word must occur, in any order: Marco Pietersjansen holds both
  await finds('Pieter Jansen', ['pieter', 'marco']);
  await finds('jansen pieter', ['pieter', 'marco']);
  await finds('van den Berg', ['anna']);
  await finds('Anna van den Berg', ['anna']);
  await finds('Amrani', ['karim']);
  await finds('el amrani', ['karim']);
});

test('closest first: a whole field, then the start of a word, then inside a word; ties by name', async () => {
  // Jansen (last name) and jansen (login) are whole fields; Jansenius starts
  // with it; Pietersjansen holds it
  await finds('jansen', ['pieter', 'erik', 'tom', 'marco']);
});

test('a ranked search pages with its cursor, in the same order', async () => {
  const p1 = await search('jansen', '&limit=2');
  assert.deepEqual(ids(p1), [u.pieter.id, u.erik.id]);
  assert.ok(p1.next);
  const p2 = await search('jansen', `&limit=2&after=${p1.next}`);
  assert.deepEqual(ids(p2), [u.tom.id, u.marco.id]);
  assert.equal(p2.next, null);
});

test('login name and email, whole or by its domain', async () => {
  await finds('pjansen', ['pieter']);
  await finds('pieter.jansen@example.nl', ['pieter']);
  await finds('@example.nl', ['pieter']);
  await finds('example.nl', ['pieter']);
  await finds('berg.example.com', ['anna']);
});

test('an extension finds its user', async () => {
  assert.deepEqual(u.anna.extensions, ['7001']);
  await finds('7001', ['anna']);
  // a new extension is found at once; a removed one no longer
  const x = await s.req('POST', `${org}/extensions`, { token: s.adminToken, body: { extension: '7999', user_id: u.tom.id } });
  assert.equal(x.status, 201, JSON.stringify(x.body));
  await finds('7999', ['tom']);
  assert.equal((await s.req('DELETE', `${org}/extensions/${x.body.id}`, { token: s.adminToken })).status, 204);
  await finds('7999', []);
});

test('a phone number typed in any common format', async () => {
  for (const q of ['020 123 4567', '0201234567', '020-1234567', '+31 20 1234567', '+31201234567', '0031 20 123 4567', '(020) 123 45 67'])
    await finds(q, ['pieter']);
  for (const q of ['0612345678', '06-12345678', '06 1234 5678', '+31 6 12345678', '+31612345678'])
    await finds(q, ['karim']);
  // a part of a number, as digits
  await finds('201234', ['pieter']);
  await finds('0612', ['karim']);
});

test('a changed name or number is found at once, the old one no longer', async () => {
  const p = await s.req('PATCH', `${org}/users/${u.marco.id}`, { token: s.adminToken, body: { last_name: 'Visser', mobile: '06 87654321' } });
  assert.equal(p.status, 200, JSON.stringify(p.body));
  await finds('marco visser', ['marco']);
  await finds('0687654321', ['marco']);
  await finds('pietersjansen', []);
  const back = await s.req('PATCH', `${org}/users/${u.marco.id}`, { token: s.adminToken, body: { last_name: 'Pietersjansen' } });
  assert.equal(back.status, 200);
});

test('another organization\'s Jansen never shows, and its search sees only its own', async () => {
  const o = await s.req('POST', '/api/v1/orgs', { token: s.adminToken, body: { name: 'Elders BV', parent_id: s.platformId } });
  assert.equal(o.status, 201, JSON.stringify(o.body));
  const other = `/api/v1/orgs/${o.body.id}`;
  const r = await s.req('POST', `${other}/users`, { token: s.adminToken, body: newUser({ first_name: 'Piet', last_name: 'Jansen', email: 'piet@elders.example.com' }) });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  await finds('jansen', ['pieter', 'erik', 'tom', 'marco']);
  assert.deepEqual(ids(await search('jansen', '', other)), [r.body.id]);
  assert.deepEqual(ids(await search('elders', '', other)), [r.body.id]);
  await finds('elders', []);
});

test('deleted users are left out as before, and found with status=deleted', async () => {
  await finds('deletedson', []);
  assert.deepEqual(ids(await search('deletedson', '&status=deleted')), [u.gone.id]);
  assert.deepEqual(ids(await search('zacharias', '&status=active')), []);
});

test('a query of fewer than 3 characters matches the start of the sort name (last name first)', async () => {
  await finds('ja', ['pieter', 'tom']);
  await finds('J', ['pieter', 'tom']);
  await finds('el', ['karim']);
  await finds('an', []);
});

test('LIKE wildcards, quotes and accents are text, never patterns or SQL', async () => {
  for (const q of ['%', '%%%', '_', '___', 'jan%sen', 'jan_sen', '\\', "'", '"', "' OR 1=1 --", '"; DROP TABLE users'])
    await finds(q, []);
  await finds("o'brien", ['sean']);
  await finds("O'BRIEN", ['sean']);
  await finds('Seán', ['sean']);
  await finds('SEÁN', ['sean']);
  await finds('seá', ['sean']);
});

test('a short word beside a long one must occur too', async () => {
  await finds('jansen to', ['tom']);
  await finds('pieter zz', []);
});

// The address book: the same search over its people, with their employer.
test('the address book finds people by name with infix, email domain, phone and employer, closest first', async () => {
  const make = async (body) => {
    const r = await s.req('POST', `${org}/contacts`, { token: s.adminToken, body });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return r.body.id;
  };
  const kees = await make({ first_name: 'Kees', infix: 'de', last_name: 'Vries', email: 'kees@vries.example.org', mobile: '06 23456789', company_name: 'Zeevaart Holland' });
  const ria = await make({ first_name: 'Ria', last_name: 'Devriesman', company_name: 'Zeevaart Holland' });
  const find = async (q) => {
    const r = await s.req('GET', `${org}/contacts?q=${encodeURIComponent(q)}`, { token: s.adminToken });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return r.body.items.map((x) => x.id);
  };
  assert.deepEqual(await find('Kees de Vries'), [kees]);
  // a whole last name first, then one that holds it
  assert.deepEqual(await find('vries'), [kees, ria]);
  assert.deepEqual(await find('@vries.example.org'), [kees]);
  assert.deepEqual(await find('vries.example.org'), [kees]);
  for (const q of ['0623456789', '+31 6 23456789', '06-234 567 89']) assert.deepEqual(await find(q), [kees], q);
  // both work there (the start of a field): by sort name
  assert.deepEqual(await find('zeevaart'), [ria, kees]);
  // a renamed employer is found by its new name at once
  const list = await s.req('GET', `${org}/companies?q=Zeevaart`, { token: s.adminToken });
  const co = list.body.items[0];
  const p = await s.req('PATCH', `${org}/companies/${co.id}`, { token: s.adminToken, body: { name: 'Havenbedrijf Noord' } });
  assert.equal(p.status, 200, JSON.stringify(p.body));
  assert.equal((await find('havenbedrijf')).length, 2);
  assert.deepEqual(await find('zeevaart'), []);
  // users are in the address book too, found the same way
  const anna = await s.req('GET', `${org}/contacts?q=${encodeURIComponent('anna van den berg')}`, { token: s.adminToken });
  assert.deepEqual(anna.body.items.map((x) => [x.first_name, x.infix, x.last_name]), [['Anna', 'van den', 'Berg']]);
  // another organization's people never show
  assert.deepEqual(await find('elders'), []);
});

test('companies are found by any part of the name, the email domain and the web site, closest first', async () => {
  const make = async (body) => {
    const r = await s.req('POST', `${org}/companies`, { token: s.adminToken, body });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return r.body.id;
  };
  const bakker = await make({ name: 'Bakkerij de Korenaar', email: 'info@korenaar.example.nl', website: 'https://korenaar.example.nl' });
  const molen = await make({ name: 'Molen Korenaarsveld' });
  const find = async (q, extra = '') => {
    const r = await s.req('GET', `${org}/companies?q=${encodeURIComponent(q)}${extra}`, { token: s.adminToken });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return r.body;
  };
  const ids = (b) => b.items.map((x) => x.id);
  assert.deepEqual(ids(await find('korenaar')), [bakker, molen]);
  assert.deepEqual(ids(await find('de korenaar bakkerij')), [bakker]);
  assert.deepEqual(ids(await find('@korenaar.example.nl')), [bakker]);
  assert.deepEqual(ids(await find('KORENAARSVELD')), [molen]);
  // the start of the name for a short query
  assert.deepEqual(ids(await find('mo')), [molen]);
  // paging a ranked search
  const p1 = await find('korenaar', '&limit=1');
  assert.deepEqual(ids(p1), [bakker]);
  const p2 = await find('korenaar', `&limit=1&after=${p1.next}`);
  assert.deepEqual(ids(p2), [molen]);
  assert.equal(p2.next, null);
  for (const q of ['%', '_%_', "'"]) assert.deepEqual(ids(await find(q)), [], q);
});

test('the organization switcher finds organizations by any part of the name, closest first, and pages', async () => {
  const made = [];
  for (const name of ['Zuidas Kantoren', 'Kantoorzuid BV', 'Zuid', 'Noordzuid Logistiek']) {
    const r = await s.req('POST', '/api/v1/orgs', { token: s.adminToken, body: { name, parent_id: s.platformId } });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    made.push(r.body.id);
  }
  const [zuidas, kantoorzuid, zuid, noordzuid] = made;
  const find = async (q, extra = '') => {
    const r = await s.req('GET', `/api/v1/orgs?q=${encodeURIComponent(q)}${extra}`, { token: s.adminToken });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return r.body;
  };
  const ids = (b) => b.items.map((x) => x.id);
  // the whole name, then the start of it, then inside a word (by name)
  assert.deepEqual(ids(await find('zuid')), [zuid, zuidas, kantoorzuid, noordzuid]);
  assert.deepEqual(ids(await find('kantoren zuidas')), [zuidas]);
  const p1 = await find('zuid', '&limit=2');
  assert.deepEqual(ids(p1), [zuid, zuidas]);
  const p2 = await find('zuid', `&limit=2&after=${p1.next}`);
  assert.deepEqual(ids(p2), [kantoorzuid, noordzuid]);
  assert.equal(p2.next, null);
  // a short query: the start of the name
  assert.deepEqual(ids(await find('zu')).sort(), [zuidas, zuid].sort());
  // a renamed organization is found by its new name
  const p = await s.req('PATCH', `/api/v1/orgs/${noordzuid}`, { token: s.adminToken, body: { name: 'Westhaven Logistiek' } });
  assert.equal(p.status, 200, JSON.stringify(p.body));
  assert.deepEqual(ids(await find('westhaven')), [noordzuid]);
  assert.deepEqual(ids(await find('noordzuid')), []);
  // a customer's administrator sees only its own
  const groups = await s.req('GET', `/api/v1/orgs/${zuid}/groups`, { token: s.adminToken });
  const adm = groups.body.items.find((x) => x.builtin === 'admin');
  const admin = await s.req('POST', `/api/v1/orgs/${zuid}/users`, { token: s.adminToken, body: newUser({ password: 'Zuid-Beheer-42-Kade', groups: [adm.id] }) });
  assert.equal(admin.status, 201, JSON.stringify(admin.body));
  const first = await s.login(admin.body.email, 'Zuid-Beheer-42-Kade');
  const pw = await s.req('POST', '/api/v1/me/password', { token: first.token, body: { current_password: 'Zuid-Beheer-42-Kade', new_password: 'Zuid-Beheer-42-Kade-2' } });
  assert.ok(pw.status < 300, JSON.stringify(pw.body));
  const t = await s.login(admin.body.email, 'Zuid-Beheer-42-Kade-2');
  const r = await s.req('GET', '/api/v1/orgs?q=zuid', { token: t.token });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual(r.body.items.map((x) => x.id), [zuid]);
});
