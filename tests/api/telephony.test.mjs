// telephony.test.mjs: a user's telephony document (issue 4, seed 001):
// destinations, availability, app fallback, click-to-dial, caller ID with the
// organization's mode, the numbers that ring the user, voicemail, music on
// hold, e911 and language; who may change what; and the routing read model,
// whose answer follows availability.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, newUser, malformed } from '../lib/server.mjs';

let s;
let org;
before(async () => { s = await startServer(); org = `/api/v1/orgs/${s.orgId}`; });
after(async () => { await s.stop(); });

const adm = (method, path, body, headers) => s.req(method, path, { token: s.adminToken, body, headers });
let seq = 0;
const did = async () => {
  seq += 1;
  const r = await adm('POST', `${org}/numbers`, { number: `+3120${String(Date.now() % 100000).padStart(5, '0')}${String(seq).padStart(2, '0')}` });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body.number;
};
const PW = 'Copper-Meadow-39-Lane';
async function member(extra = {}) {
  const u = newUser({ password: PW, extension: 'auto', ...extra });
  const r = await adm('POST', `${org}/users`, u);
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const l = await s.login(u.email, PW);
  await s.req('POST', '/api/v1/me/password', { token: l.token, body: { current_password: PW, new_password: `${PW}-2` } });
  return { ...r.body, token: (await s.login(u.email, `${PW}-2`)).token };
}
const tel = (u) => `${org}/users/${u.id}/telephony`;
const account = async (u, kind) => (await adm('POST', `${org}/users/${u.id}/sip-accounts`, { kind })).body;
const route = async (n) => (await adm('GET', `${org}/route?number=${encodeURIComponent(n)}`)).body;

test('a new user is unreachable, with defaults, until it has a destination', async () => {
  const u = await member();
  const t = await adm('GET', tel(u));
  assert.equal(t.status, 200);
  assert.deepEqual(t.body.destinations, []);
  assert.deepEqual(t.body.availability, { reachable: false, destination: null, simultaneous: [], ring_seconds: 20 });
  assert.deepEqual(t.body.click_to_dial, { account: 'same_as_availability', auto_answer: false });
  assert.equal(t.body.music_on_hold, 'default');
  assert.equal(t.body.language, u.language);
  const r = await adm('PUT', tel(u), { availability: { reachable: true } });
  assert.equal(r.status, 422);
  assert.equal(r.body.errors[0].field, 'availability.destination');
  const rt = await route(u.extensions[0]);
  assert.equal(rt.result, 'unreachable');
  assert.equal(rt.reason, 'not_available');
  assert.equal(rt.owner.id, u.id);
});

test('availability picks one of the user\'s destinations, and the route follows it', async () => {
  const u = await member();
  const desk = await account(u, 'desk');
  const app = await account(u, 'app');
  const put = await adm('PUT', tel(u), {
    destinations: [{ type: 'forward', number: '06 12345678', label: 'Mobiel' }],
    availability: { reachable: true, destination: desk.id },
    app_fallback_mobile: { enabled: true, number: '06-87654321' },
  });
  assert.equal(put.status, 200, JSON.stringify(put.body));
  const fwd = put.body.destinations.find((d) => d.type === 'forward');
  assert.equal(fwd.number, '+31612345678');
  assert.deepEqual(put.body.destinations.filter((d) => d.type === 'sip_account').map((d) => d.id), [desk.id, app.id]);
  assert.equal(put.body.app_fallback_mobile.number, '+31687654321');
  const ext = u.extensions[0];
  let rt = await route(ext);
  assert.equal(rt.result, 'ring');
  assert.equal(rt.rule, 'availability');
  assert.deepEqual(rt.targets, [{ type: 'sip', username: desk.username, kind: 'desk', step: 1, ring_seconds: 20 }]);
  // the app: its fallback mobile comes next when the app cannot be reached
  await adm('PUT', tel(u), { availability: { reachable: true, destination: app.id } });
  rt = await route(ext);
  assert.deepEqual(rt.targets, [
    { type: 'sip', username: app.username, kind: 'app', step: 1, ring_seconds: 20 },
    { type: 'mobile', number: '+31687654321', step: 2, ring_seconds: 20, when: 'app_unreachable' },
  ]);
  // the forward
  await adm('PUT', tel(u), { availability: { reachable: true, destination: fwd.id } });
  rt = await route(ext);
  assert.deepEqual(rt.targets, [{ type: 'forward', number: '+31612345678', step: 1, ring_seconds: 20 }]);
  // not reachable
  await adm('PUT', tel(u), { availability: { reachable: false } });
  assert.equal((await route(ext)).result, 'unreachable');
  // a destination that is not the user's, or a disabled account, is refused
  const other = await member();
  const theirs = await account(other, 'desk');
  const bad = await adm('PUT', tel(u), { availability: { reachable: true, destination: theirs.id } });
  assert.equal(bad.status, 422);
  assert.equal(bad.body.errors[0].code, 'not_found');
  await adm('PATCH', `${org}/users/${u.id}/sip-accounts/${desk.id}`, { enabled: false });
  const off = await adm('PUT', tel(u), { availability: { reachable: true, destination: desk.id } });
  assert.equal(off.body.errors[0].code, 'disabled');
  // removing the forward the user is reachable on makes it unreachable
  await adm('PUT', tel(u), { availability: { reachable: true, destination: fwd.id } });
  const gone = await adm('PUT', tel(u), { destinations: [] });
  assert.deepEqual(gone.body.availability, { reachable: false, destination: null, simultaneous: [], ring_seconds: 20 });
  assert.equal(gone.body.destinations.filter((d) => d.type === 'forward').length, 0);
});

test('an End user changes only its own availability; an admin everything; others nothing', async () => {
  const u = await member();
  const desk = await account(u, 'desk');
  const mine = await s.req('GET', tel(u), { token: u.token });
  assert.equal(mine.status, 200);
  const self = await s.req('PUT', tel(u), { token: u.token, body: { ...mine.body, availability: { reachable: true, destination: desk.id } } });
  assert.equal(self.status, 200, JSON.stringify(self.body));
  assert.equal(self.body.availability.reachable, true);
  const cid = await s.req('PUT', tel(u), { token: u.token, body: { caller_id: null, music_on_hold: 'silence' } });
  assert.equal(cid.status, 403);
  assert.equal((await adm('GET', tel(u))).body.music_on_hold, 'default');
  const other = await member();
  assert.equal((await s.req('GET', tel(other), { token: u.token })).status, 403);
  assert.equal((await s.req('PUT', tel(other), { token: u.token, body: { availability: { reachable: false } } })).status, 403);
  assert.equal((await s.req('GET', `${org}/route?number=7001`, { token: u.token })).status, 403);
  const audit = await adm('GET', `${org}/audit?object=${u.id}`);
  const change = audit.body.items.find((e) => e.object_type === 'telephony');
  assert.deepEqual(Object.keys(change.changes), ['availability']);
});

test('caller ID: one of the organization\'s numbers, empty meaning the trunk\'s; the device mode uses the account\'s', async () => {
  const o = await adm('POST', '/api/v1/orgs', { name: `CID ${Date.now()}`, parent_id: s.platformId });
  const base = `/api/v1/orgs/${o.body.id}`;
  const n1 = (await adm('POST', `${base}/numbers`, { number: `+3130${String(Date.now() % 10000000).padStart(7, '0')}` })).body.number;
  const n2 = (await adm('POST', `${base}/numbers`, { number: `+3110${String(Date.now() % 10000000).padStart(7, '0')}` })).body.number;
  await adm('PATCH', base, { trunk_caller_id: n1 });
  const u = (await adm('POST', `${base}/users`, newUser())).body;
  const t = `${base}/users/${u.id}/telephony`;
  assert.equal((await adm('GET', t)).body.effective_caller_id, n1);
  const set = await adm('PUT', t, { caller_id: n2.replace('+31', '0') });
  assert.equal(set.body.caller_id, n2);
  assert.equal(set.body.effective_caller_id, n2);
  const stranger = await adm('PUT', t, { caller_id: '+31 20 999 9999' });
  assert.equal(stranger.status, 422);
  assert.equal(stranger.body.errors[0].field, 'caller_id');
  // device mode: the number set on the account the user calls from
  const desk = (await adm('POST', `${base}/users/${u.id}/sip-accounts`, { kind: 'desk' })).body;
  await adm('PATCH', base, { caller_id_mode: 'device' });
  const dev = await adm('PUT', t, { destinations: [{ type: 'sip_account', id: desk.id, caller_id: n1 }], availability: { reachable: true, destination: desk.id } });
  assert.equal(dev.status, 200, JSON.stringify(dev.body));
  assert.equal(dev.body.destinations[0].caller_id, n1);
  assert.equal(dev.body.effective_caller_id, n1);
  await adm('PATCH', base, { caller_id_mode: 'user' });
  assert.equal((await adm('GET', t)).body.effective_caller_id, n2);
  // a number in use as someone's caller ID can still be deleted? no: it is the user's choice
});

test('reachable numbers ring the user; a number rings one user at a time, and a deleted user keeps its own', async () => {
  const u = await member();
  const desk = await account(u, 'desk');
  const n = await did();
  const r = await adm('PUT', tel(u), { reachable_numbers: [n.replace('+31', '0')], availability: { reachable: true, destination: desk.id } });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual(r.body.reachable_numbers, [n]);
  const rt = await route(n);
  assert.equal(rt.owner.id, u.id);
  assert.equal(rt.targets[0].username, desk.username);
  const v = await member();
  const clash = await adm('PUT', tel(v), { reachable_numbers: [n] });
  assert.equal(clash.status, 409);
  assert.equal(clash.body.errors[0].field, 'reachable_numbers[0]');
  await adm('DELETE', `${org}/users/${u.id}`);
  assert.equal((await adm('PUT', tel(v), { reachable_numbers: [n] })).status, 409);
  const purge = await adm('DELETE', `${org}/users/${u.id}?purge=true&confirm=${encodeURIComponent(u.email)}`);
  assert.equal(purge.status, 204, JSON.stringify(purge.body));
  const free = await adm('PUT', tel(v), { reachable_numbers: [n] });
  assert.equal(free.status, 200, JSON.stringify(free.body));
  assert.equal((await adm('GET', `${org}/route?number=%2B31200000001`)).status, 404);
  // a well-formed extension that nobody has routes nowhere: 404, as a
  // number nobody has; only a malformed one is 422
  const next = (await adm('GET', `${org}/extensions/next`)).body.extension;
  const none = await adm('GET', `${org}/route?number=${next}`);
  assert.equal(none.status, 404, JSON.stringify(none.body));
  assert.match(none.body.detail, new RegExp(`extension ${next}`));
  assert.equal((await adm('GET', `${org}/route?number=7`)).status, 422);
  assert.equal((await adm('GET', `${org}/route`)).status, 422);
});

test('voicemail: PIN hashed and never shown, guessable PINs refused; the route ends in voicemail', async () => {
  const u = await member();
  const weak = await adm('PUT', tel(u), { voicemail: { enabled: true, pin: '1234' } });
  assert.equal(weak.status, 422);
  assert.equal(weak.body.errors[0].code, 'weak');
  const nopin = await adm('PUT', tel(u), { voicemail: { enabled: true } });
  assert.equal(nopin.body.errors[0].field, 'voicemail.pin');
  const ok = await adm('PUT', tel(u), { voicemail: { enabled: true, pin: '80417', box: u.extensions[0], email: 'vm@example.com' } });
  assert.equal(ok.status, 200, JSON.stringify(ok.body));
  assert.deepEqual(ok.body.voicemail, { enabled: true, box: u.extensions[0], email: 'vm@example.com', pin_set: true, greeting_id: null, record: true });
  const rt = await route(u.extensions[0]);
  assert.equal(rt.result, 'voicemail');
  assert.deepEqual(rt.targets, [{ type: 'voicemail', box: u.extensions[0], record: true, greeting: null, language: u.language, step: 1, when: 'no_answer' }]);
  const audit = await adm('GET', `${org}/audit?object=${u.id}`);
  assert.ok(!JSON.stringify(audit.body).includes('80417'));
  assert.ok(audit.body.items.some((e) => e.changes.voicemail_pin_changed === true));
  // not in the log either: ids (UUIDs) and times are taken out first, as
  // their digits may hold the PIN's by chance
  const words = s.log.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '').replace(/"time":"[^"]*"/g, '');
  assert.ok(!words.includes('80417'));
});

test('music on hold, e911 address and language are validated', async () => {
  const u = await member();
  const bad = await adm('PUT', tel(u), malformed({ music_on_hold: 'ftp://x', e911: { street: 'Dam', house_number: 'x', postal_code: '123', city: 'Amsterdam' }, language: 'de', bogus: 1 }));
  assert.equal(bad.status, 422);
  assert.deepEqual(bad.body.errors.map((e) => e.field).sort(), ['bogus', 'e911.house_number', 'e911.postal_code', 'language', 'music_on_hold']);
  const missing = await adm('PUT', tel(u), { e911: { street: 'Dam' } });
  assert.deepEqual(missing.body.errors.map((e) => e.field).sort(), ['e911.city', 'e911.house_number', 'e911.postal_code']);
  const ok = await adm('PUT', tel(u), { music_on_hold: 'https://stream.example.com/jazz', e911: { street: 'Dam', house_number: '1', postal_code: '1012js', city: 'Amsterdam' }, language: 'en' });
  assert.equal(ok.status, 200, JSON.stringify(ok.body));
  assert.deepEqual(ok.body.e911, { street: 'Dam', house_number: '1', postal_code: '1012 JS', city: 'Amsterdam', country: 'NL' });
  const be = await adm('PUT', tel(u), { e911: { street: 'Grote Markt', house_number: '1', postal_code: '1000', city: 'Brussel', country: 'be' } });
  assert.equal(be.body.e911.country, 'BE');
  assert.equal((await adm('PUT', tel(u), { e911: null })).body.e911, null);
  // ETag guards the document
  const cur = await adm('GET', tel(u));
  const stale = await adm('PUT', tel(u), { language: 'nl' }, { 'if-match': '"1"' });
  assert.equal(stale.status, 412);
  assert.equal((await adm('PUT', tel(u), { language: 'nl' }, { 'if-match': cur.headers.get('etag') })).status, 200);
});

test('a hunt group rings its reachable members by its strategy', async () => {
  const [a, b, c] = [await member(), await member(), await member()];
  const da = await account(a, 'desk');
  const db = await account(b, 'app');
  await adm('PUT', tel(a), { availability: { reachable: true, destination: da.id } });
  await adm('PUT', tel(b), { availability: { reachable: true, destination: db.id } });
  const g = await adm('POST', `${org}/hunt-groups`, { name: `Route ${Date.now()}`, extension: 'auto', members: [a, b, c].map((x) => ({ type: 'user', id: x.id })) });
  let rt = await route(g.body.extension);
  assert.equal(rt.owner.type, 'hunt_group');
  assert.equal(rt.strategy, 'ring_all');
  assert.deepEqual(rt.targets.map((t) => [t.username, t.step]), [[da.username, 1], [db.username, 1]]);
  await adm('PATCH', `${org}/hunt-groups/${g.body.id}`, { strategy: 'linear' });
  rt = await route(g.body.extension);
  assert.deepEqual(rt.targets.map((t) => [t.username, t.step]), [[da.username, 1], [db.username, 2]]);
  await adm('POST', `${org}/users/${a.id}/suspend`);
  rt = await route(g.body.extension);
  assert.deepEqual(rt.targets.map((t) => t.username), [db.username]);
  await adm('PUT', tel(b), { availability: { reachable: false } });
  rt = await route(g.body.extension);
  assert.equal(rt.result, 'unreachable');
  assert.equal(rt.reason, 'no_member_available');
  const sus = await route(a.extensions[0]);
  assert.equal(sus.reason, 'suspended');
});

test('a user is reached on any number: one the organization lacks becomes its own; another organization\'s is refused', async () => {
  const u = await member();
  const desk = await account(u, 'desk');
  const before = (await adm('GET', `${org}/numbers?limit=200`)).body.items.length;
  const r = await adm('PUT', tel(u), { reachable_numbers: ['020 555 0199'], availability: { reachable: true, destination: desk.id } });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual(r.body.reachable_numbers, ['+31205550199']);
  const nums = (await adm('GET', `${org}/numbers?limit=200`)).body.items;
  assert.equal(nums.length, before + 1);
  const added = nums.find((n) => n.number === '+31205550199');
  assert.equal(added.user_id, u.id);
  assert.equal((await route('+31205550199')).owner.id, u.id);
  const audit = (await adm('GET', `${org}/audit?object=${added.id}`)).body.items;
  assert.deepEqual(audit.map((e) => [e.object_type, e.action]), [['number', 'create']]);
  // another organization's number: 409 naming the entry, and nothing added
  const other = (await adm('POST', '/api/v1/orgs', { name: `Reached ${Date.now()}`, parent_id: s.platformId })).body.id;
  assert.equal((await adm('POST', `/api/v1/orgs/${other}/numbers`, { number: '+31 30 111 2299' })).status, 201);
  const theirs = await adm('PUT', tel(u), { reachable_numbers: ['+31205550199', '030 111 2299'] });
  assert.equal(theirs.status, 409, JSON.stringify(theirs.body));
  assert.deepEqual(theirs.body.errors.map((e) => [e.field, e.code]), [['reachable_numbers[1]', 'taken_elsewhere']]);
  // not a number at all: 422, and nothing added either
  const bad = await adm('PUT', tel(u), { reachable_numbers: ['12'] });
  assert.equal(bad.status, 422);
  assert.equal(bad.body.errors[0].field, 'reachable_numbers[0]');
  assert.equal((await adm('GET', `${org}/numbers?limit=200`)).body.items.length, before + 1);
  assert.deepEqual((await adm('GET', tel(u))).body.reachable_numbers, ['+31205550199']);
});
