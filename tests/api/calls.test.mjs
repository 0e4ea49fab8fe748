// calls.test.mjs: call records and call history (issue 13). The SIP proxy
// posts finished calls (POST /sip/cdrs, sip.proxy only); Switchboard derives
// the organization, direction, status and parties, stores a batch in one
// transaction, counts a record sent again as a duplicate and rejects one
// whose organization it cannot find; a malformed batch is 400 naming the
// member. The history (GET /orgs/{org}/calls) shows calls.read_all every
// call and calls.read_own one's own, filtered, paged, as JSON or CSV;
// tenants never see each other; old calls are purged after the
// organization's call_retention_days; nothing of it is audited.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, newUser, malformed } from '../lib/server.mjs';

let s;
let org;
let proxy; // the SIP proxy's token: sip.proxy, of the platform organization
const PW = 'Pebble-Harbour-62-Lane';
let seq = 0;
const uniq = (p) => `${p}-${process.pid}-${Date.now().toString(36)}-${++seq}`;
const adm = (method, path, body) => s.req(method, path, { token: s.adminToken, body });
const post = (records, token = proxy) => s.req('POST', '/api/v1/sip/cdrs', { token, body: { records } });
const now = () => Date.now() / 1000;

let groups;
const groupId = (key) => groups.find((g) => g.builtin === key).id;

// A signed-in user of o in the built-in group key, with an extension and a
// desk phone; its token once its admin-set password is changed.
async function member(key, o = org) {
  const gs = o === org ? groups : (await adm('GET', `${o}/groups`)).body.items;
  const u = newUser({ password: PW, extension: 'auto', groups: [gs.find((g) => g.builtin === key).id] });
  const r = await adm('POST', `${o}/users`, u);
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const l = await s.login(u.email, PW);
  await s.req('POST', '/api/v1/me/password', { token: l.token, body: { current_password: PW, new_password: `${PW}-2` } });
  const desk = await adm('POST', `${o}/users/${r.body.id}/sip-accounts`, { kind: 'desk' });
  assert.equal(desk.status, 201, JSON.stringify(desk.body));
  return { ...r.body, token: (await s.login(u.email, `${PW}-2`)).token, sip: desk.body.username, sipId: desk.body.id, ext: r.body.extensions[0] };
}

let didSeq = 0;
async function did(o = org) {
  didSeq += 1;
  const r = await adm('POST', `${o}/numbers`, { number: `+3120${String(process.pid % 1000).padStart(3, '0')}${String(didSeq).padStart(4, '0')}` });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body.number;
}

// A record of a call from start seconds ago, rung ring seconds, talked talk
// seconds (0: not answered).
function cdr({ caller, number, ago = 60, ring = 5, talk = 30, ...extra }) {
  const start = now() - ago;
  const answered = talk > 0;
  return {
    call_id: uniq('call'), from_tag: uniq('tag'), caller, number, start_time: start,
    answer_time: answered ? start + ring : null, end_time: start + ring + talk,
    sip_code: answered ? 200 : 487, ...extra,
  };
}

const list = async (query = '', token = s.adminToken, o = org) => {
  const r = await s.req('GET', `${o}/calls${query ? `?${query}` : ''}`, { token });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.items;
};
const byCallId = async (callId, token = s.adminToken, o = org) => (await list('limit=200', token, o)).find((k) => k.call_id === callId);

let alice; // End user (calls.read_own)
let bob; // Call details (calls.read_all)
let bobDid;
before(async () => {
  s = await startServer({ args: ['--purge-interval', '1'] });
  org = `/api/v1/orgs/${s.orgId}`;
  groups = (await adm('GET', `${org}/groups`)).body.items;
  const t = await adm('POST', `/api/v1/orgs/${s.platformId}/api-tokens`, { name: 'kamailio', permissions: ['sip.proxy'] });
  assert.equal(t.status, 201, JSON.stringify(t.body));
  proxy = t.body.token;
  alice = await member('end_user');
  bob = await member('call_details');
  bobDid = await did();
  const put = await adm('PUT', `${org}/users/${bob.id}/telephony`, { reachable_numbers: [bobDid] });
  assert.equal(put.status, 200, JSON.stringify(put.body));
});
after(async () => { await s.stop(); });

test('the built-in groups: Admin, Account management and Call details see every call; End user its own', async () => {
  const rights = Object.fromEntries(groups.map((g) => [g.builtin, g.permissions]));
  for (const key of ['admin', 'account_management', 'call_details']) assert.ok(rights[key].includes('calls.read_all'), key);
  for (const key of ['admin', 'account_management', 'call_details', 'end_user']) assert.ok(rights[key].includes('calls.read_own'), key);
  assert.ok(!rights.end_user.includes('calls.read_all'));
});

test('a batch is stored with what Switchboard derives: organization, direction, status, parties', async () => {
  const customer = await adm('POST', `${org}/contacts`, { first_name: 'Piet', last_name: 'Klant', phone: '020 765 4321' });
  assert.equal(customer.status, 201, JSON.stringify(customer.body));
  const internal = cdr({ caller: alice.sip, number: bob.ext, answered_by: bob.sip, ago: 300, ring: 4, talk: 61.4 });
  const outbound = cdr({ caller: alice.sip, number: '020 765 4321', talk: 0, sip_code: 486, reason: 'Busy Here', ago: 200 });
  const inbound = cdr({ caller: '0207654321', number: bobDid, inbound: true, answered_by: bob.sip, ago: 100, ring: 2.5, talk: 10 });
  const r = await post([internal, outbound, inbound]);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual(r.body, { accepted: 3, duplicates: 0, rejected: [] });

  const a = await byCallId(internal.call_id);
  assert.equal(a.org_id, s.orgId);
  assert.equal(a.direction, 'internal');
  assert.equal(a.status, 'answered');
  assert.equal(a.caller_user_id, alice.id);
  assert.equal(a.caller_number, alice.ext);
  assert.equal(a.caller_name, alice.display_name);
  assert.equal(a.callee_user_id, bob.id);
  assert.equal(a.callee_number, bob.ext);
  assert.equal(a.callee_name, bob.display_name);
  assert.equal(a.dialled_number, bob.ext);
  assert.equal(a.answered_user_id, bob.id);
  assert.equal(a.answered_sip_account_id, bob.sipId);
  assert.equal(a.answered_name, bob.display_name);
  assert.equal(a.duration_seconds, 61);
  assert.equal(a.ring_seconds, 4);
  assert.equal(a.sip_code, 200);
  assert.equal(a.from_tag, internal.from_tag);
  assert.equal(Date.parse(a.start_time), Math.round(internal.start_time * 1000));
  assert.equal(Date.parse(a.answer_time), Math.round(internal.answer_time * 1000));
  assert.equal(a.hunt_group_id, null);

  const o = await byCallId(outbound.call_id);
  assert.equal(o.direction, 'outbound');
  assert.equal(o.status, 'busy');
  assert.equal(o.callee_number, '+31207654321');
  assert.equal(o.callee_name, 'Piet Klant');
  assert.equal(o.callee_user_id, null);
  assert.equal(o.dialled_number, '020 765 4321');
  assert.equal(o.answer_time, null);
  assert.equal(o.duration_seconds, 0);
  assert.equal(o.reason, 'Busy Here');

  const i = await byCallId(inbound.call_id);
  assert.equal(i.direction, 'inbound');
  assert.equal(i.status, 'answered');
  assert.equal(i.caller_number, '+31207654321');
  assert.equal(i.caller_name, 'Piet Klant');
  assert.equal(i.caller_user_id, null);
  assert.equal(i.callee_number, bobDid);
  assert.equal(i.callee_user_id, bob.id);
  assert.equal(i.ring_seconds, 3);

  // newest first, one call by its id
  const items = await list('limit=200');
  const at = (k) => items.findIndex((x) => x.call_id === k.call_id);
  assert.ok(at(inbound) < at(outbound) && at(outbound) < at(internal));
  const one = await adm('GET', `${org}/calls/${a.id}`);
  assert.equal(one.status, 200);
  assert.deepEqual(one.body, a);
  assert.equal((await adm('GET', `${org}/calls/00000000-0000-7000-8000-000000000000`)).status, 404);
  assert.equal((await adm('GET', `${org}/calls/nope`)).status, 404);
});

test('the status: voicemail, answered, busy for 486 and 600, missed for 408, 480, 487 and CANCEL, failed otherwise', async () => {
  const cases = [
    [{ talk: 20, voicemail: true, answered_by: null }, 'voicemail'],
    [{ talk: 20 }, 'answered'],
    [{ talk: 0, sip_code: 486 }, 'busy'],
    [{ talk: 0, sip_code: 600 }, 'busy'],
    [{ talk: 0, sip_code: 408 }, 'missed'],
    [{ talk: 0, sip_code: 480, reason: 'not_available' }, 'missed'],
    [{ talk: 0, sip_code: 487 }, 'missed'],
    [{ talk: 0, sip_code: null, reason: 'CANCEL' }, 'missed'],
    [{ talk: 0, sip_code: 404 }, 'failed'],
    [{ talk: 0, sip_code: 503 }, 'failed'],
  ];
  const records = cases.map(([extra]) => cdr({ caller: alice.sip, number: bob.ext, ...extra }));
  const r = await post(records);
  assert.equal(r.body.accepted, cases.length, JSON.stringify(r.body));
  const items = await list('limit=200');
  cases.forEach(([extra, want], n) => {
    const k = items.find((x) => x.call_id === records[n].call_id);
    assert.equal(k.status, want, JSON.stringify(extra));
  });
  // a call refused at routing keeps its reason, as the route lookup gives it
  const refused = items.find((x) => x.call_id === records[5].call_id);
  assert.equal(refused.reason, 'not_available');
  assert.equal(refused.sip_code, 480);
  // voicemail: answered by the media server, nobody's account
  const vm = items.find((x) => x.call_id === records[0].call_id);
  assert.equal(vm.answered_user_id, null);
  assert.equal(vm.duration_seconds, 20);
  // a call that lasts for centuries: its seconds are capped, not wrapped
  const long = cdr({ caller: alice.sip, number: bob.ext, ring: 1, talk: 1e10 });
  assert.equal((await post([long])).body.accepted, 1);
  assert.equal((await byCallId(long.call_id)).duration_seconds, 2147483647);
});

test('a hunt group, an alias and an extension nobody has are resolved as the routing does', async () => {
  const g = await adm('POST', `${org}/hunt-groups`, { name: uniq('Sales'), extension: 'auto', members: [{ type: 'user', id: bob.id }] });
  assert.equal(g.status, 201, JSON.stringify(g.body));
  const al = await adm('POST', `${org}/users/${bob.id}/aliases`, { display_name: 'Bob Support', extension: 'auto' });
  assert.equal(al.status, 201, JSON.stringify(al.body));
  const toGroup = cdr({ caller: alice.sip, number: g.body.extension, answered_by: bob.sip });
  const toAlias = cdr({ caller: alice.sip, number: al.body.extension, answered_by: al.body.username });
  const fromAlias = cdr({ caller: al.body.username, number: alice.ext, talk: 0, sip_code: 480 });
  const nobody = cdr({ caller: alice.sip, number: '7999', talk: 0, sip_code: 404 });
  const r = await post([toGroup, toAlias, fromAlias, nobody]);
  assert.equal(r.body.accepted, 4, JSON.stringify(r.body));
  const kg = await byCallId(toGroup.call_id);
  assert.equal(kg.hunt_group_id, g.body.id);
  assert.equal(kg.callee_name, g.body.name);
  assert.equal(kg.callee_user_id, null);
  assert.equal(kg.answered_user_id, bob.id);
  const ka = await byCallId(toAlias.call_id);
  assert.equal(ka.callee_user_id, bob.id);
  assert.equal(ka.callee_name, 'Bob Support');
  assert.equal(ka.answered_name, 'Bob Support');
  assert.equal(ka.answered_sip_account_id, al.body.id);
  const kf = await byCallId(fromAlias.call_id);
  assert.equal(kf.caller_user_id, bob.id);
  assert.equal(kf.caller_name, 'Bob Support');
  assert.equal(kf.caller_number, al.body.extension);
  const kn = await byCallId(nobody.call_id);
  assert.equal(kn.direction, 'internal');
  assert.equal(kn.callee_user_id, null);
  assert.equal(kn.callee_name, null);
  assert.equal(kn.status, 'failed');
});

test('a record sent again is a duplicate and changes nothing, in one batch or the next', async () => {
  const a = cdr({ caller: alice.sip, number: bob.ext });
  const b = cdr({ caller: alice.sip, number: bob.ext, talk: 0 });
  const first = await post([a, b, a]);
  assert.deepEqual(first.body, { accepted: 2, duplicates: 1, rejected: [] });
  const stored = await byCallId(a.call_id);
  const again = await post([{ ...a, reason: 'changed', end_time: a.end_time + 100 }, b]);
  assert.deepEqual(again.body, { accepted: 0, duplicates: 2, rejected: [] });
  assert.deepEqual(await byCallId(a.call_id), stored);
  // the same Call-ID with another From tag is another leg
  const leg = await post([{ ...a, from_tag: uniq('tag') }]);
  assert.equal(leg.body.accepted, 1);
  assert.equal((await list('limit=200')).filter((k) => k.call_id === a.call_id).length, 2);
});

test('a record whose organization cannot be found is rejected; the rest of the batch is stored', async () => {
  const ok = cdr({ caller: alice.sip, number: bob.ext });
  const r = await post([
    cdr({ caller: 'zz9zz9zz9z', number: '7001' }),
    ok,
    cdr({ caller: '0612345678', number: '+31 20 999 0000', inbound: true }),
    cdr({ caller: 'Not A Username', number: '7001' }),
  ]);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.accepted, 1);
  assert.deepEqual(r.body.rejected.map((x) => [x.index, x.code]), [[0, 'no_such_sip_account'], [2, 'no_such_number'], [3, 'no_such_sip_account']]);
  for (const x of r.body.rejected) assert.equal(typeof x.detail, 'string');
  assert.ok(await byCallId(ok.call_id));
});

test('a malformed batch is 400 naming each bad member, and nothing is stored', async () => {
  const good = cdr({ caller: alice.sip, number: bob.ext });
  const bad = [
    good,
    malformed({ ...cdr({ caller: alice.sip, number: bob.ext }), call_id: undefined }),
    malformed({ ...cdr({ caller: alice.sip, number: bob.ext }), end_time: now() - 3600 }),
    malformed({ ...cdr({ caller: alice.sip, number: bob.ext }), colour: 'blue', sip_code: 99, inbound: 'yes' }),
    malformed({ ...cdr({ caller: alice.sip, number: bob.ext }), from_tag: 'x'.repeat(129), start_time: 'yesterday' }),
    malformed({ ...cdr({ caller: alice.sip, number: bob.ext, talk: 10 }), answer_time: now() + 3600 }),
    'a string',
  ];
  delete bad[1].call_id;
  const r = await s.req('POST', '/api/v1/sip/cdrs', { token: proxy, body: malformed({ records: bad }) });
  assert.equal(r.status, 400, JSON.stringify(r.body));
  assert.match(r.headers.get('content-type'), /problem\+json/);
  const errs = Object.fromEntries(r.body.errors.map((e) => [e.field, e.code]));
  assert.deepEqual(errs, {
    'records[1].call_id': 'required',
    'records[2].end_time': 'invalid',
    'records[3].colour': 'unknown_field',
    'records[3].sip_code': 'out_of_range',
    'records[3].inbound': 'type',
    'records[4].from_tag': 'too_long',
    'records[4].start_time': 'invalid',
    'records[5].answer_time': 'invalid',
    'records[6]': 'type',
  });
  assert.ok(!(await byCallId(good.call_id)), 'the good record of a bad batch is not stored');
  // the batch itself
  const shape = async (body) => (await s.req('POST', '/api/v1/sip/cdrs', { token: proxy, body: malformed(body) })).body;
  assert.deepEqual((await shape({})).errors.map((e) => [e.field, e.code]), [['records', 'required']]);
  assert.deepEqual((await shape({ records: {} })).errors.map((e) => [e.field, e.code]), [['records', 'type']]);
  assert.deepEqual((await shape({ records: [], more: 1 })).errors.map((e) => [e.field, e.code]), [['more', 'unknown_field']]);
  const many = await shape({ records: Array.from({ length: 501 }, () => good) });
  assert.deepEqual(many.errors.map((e) => [e.field, e.code, e.params.max]), [['records', 'too_many', 500]]);
  assert.deepEqual((await post([])).body, { accepted: 0, duplicates: 0, rejected: [] });
  const notJson = await s.req('POST', '/api/v1/sip/cdrs', { token: proxy, headers: { 'content-type': 'application/json' }, raw: '{"records": [', malformed: true });
  assert.equal(notJson.status, 400);
});

test('only sip.proxy posts records', async () => {
  const rec = [cdr({ caller: alice.sip, number: bob.ext })];
  assert.equal((await s.req('POST', '/api/v1/sip/cdrs', { body: { records: rec } })).status, 401);
  // a customer administrator lacks the platform right
  const admin = await member('admin');
  const r = await post(rec, admin.token);
  assert.equal(r.status, 403);
  assert.match(r.headers.get('content-type'), /problem\+json/);
  const bot = await adm('POST', `${org}/api-tokens`, { name: uniq('bot'), permissions: ['calls.read_all'] });
  assert.equal((await post(rec, bot.body.token)).status, 403);
  assert.equal((await post(rec, alice.token)).status, 403);
  assert.ok(!(await byCallId(rec[0].call_id)));
});

test('calls.read_own sees the calls it is a party to; calls.read_all every call; neither is 403', async () => {
  const carol = await member('end_user');
  const mine = cdr({ caller: alice.sip, number: carol.ext, talk: 0 });
  const theirs = cdr({ caller: bob.sip, number: carol.ext, answered_by: carol.sip });
  const answered = cdr({ caller: '0612345678', number: bobDid, inbound: true, answered_by: alice.sip });
  assert.equal((await post([mine, theirs, answered])).body.accepted, 3);
  // alice: her own (as caller, and as the one who answered bob's number)
  const own = await list('limit=200', alice.token);
  assert.ok(own.length >= 2);
  for (const k of own) assert.ok([k.caller_user_id, k.callee_user_id, k.answered_user_id].includes(alice.id), JSON.stringify(k));
  assert.ok(own.some((k) => k.call_id === mine.call_id));
  assert.ok(own.some((k) => k.call_id === answered.call_id));
  assert.ok(!own.some((k) => k.call_id === theirs.call_id));
  assert.deepEqual((await list(`user=${alice.id}&limit=200`, alice.token)).map((k) => k.id), own.map((k) => k.id));
  const other = await s.req('GET', `${org}/calls?user=${carol.id}`, { token: alice.token });
  assert.equal(other.status, 403);
  assert.equal(other.body.code, 'right_required');
  assert.equal(other.body.params.right, 'calls.read_all');
  const theirsId = (await byCallId(theirs.call_id)).id;
  assert.equal((await s.req('GET', `${org}/calls/${theirsId}`, { token: alice.token })).status, 404);
  const mineId = (await byCallId(mine.call_id)).id;
  assert.equal((await s.req('GET', `${org}/calls/${mineId}`, { token: alice.token })).status, 200);
  // bob (call details): everything, and a user's calls by filter
  const all = await list('limit=200', bob.token);
  assert.ok([mine, theirs, answered].every((c) => all.some((k) => k.call_id === c.call_id)));
  const carols = await list(`user=${carol.id}`, bob.token);
  assert.deepEqual(carols.map((k) => k.call_id).sort(), [mine.call_id, theirs.call_id].sort());
  // a group without either right
  const none = await adm('POST', `${org}/groups`, { name: uniq('No calls'), permissions: ['users.read'] });
  const u = newUser({ password: PW, groups: [none.body.id] });
  await adm('POST', `${org}/users`, u);
  const l = await s.login(u.email, PW);
  await s.req('POST', '/api/v1/me/password', { token: l.token, body: { current_password: PW, new_password: `${PW}-2` } });
  const t = (await s.login(u.email, `${PW}-2`)).token;
  for (const path of [`${org}/calls`, `${org}/calls/${mineId}`]) {
    const r = await s.req('GET', path, { token: t });
    assert.equal(r.status, 403, path);
    assert.equal(r.body.code, 'right_required');
    assert.equal(r.body.params.right, 'calls.read_own');
  }
});

test('tenants never see each other\'s calls; include_children shows the ones below', async () => {
  const otherId = (await adm('POST', '/api/v1/orgs', { name: uniq('Other BV'), parent_id: s.platformId })).body.id;
  const other = `/api/v1/orgs/${otherId}`;
  const dave = await member('admin', other);
  const erin = await member('end_user', other);
  const theirs = cdr({ caller: dave.sip, number: erin.ext });
  const ours = cdr({ caller: alice.sip, number: bob.ext });
  assert.equal((await post([theirs, ours])).body.accepted, 2);
  const k = (await list('limit=200', dave.token, other));
  assert.deepEqual(k.map((x) => x.call_id), [theirs.call_id]);
  assert.equal(k[0].org_id, otherId);
  // dave cannot ask for the demo organization's, nor a call of it by id
  const oursId = (await byCallId(ours.call_id)).id;
  assert.equal((await s.req('GET', `${org}/calls`, { token: dave.token })).status, 404);
  assert.equal((await s.req('GET', `${org}/calls/${oursId}`, { token: dave.token })).status, 404);
  assert.equal((await s.req('GET', `${other}/calls/${oursId}`, { token: dave.token })).status, 404);
  // a calling account of one tenant cannot reach into another's numbers
  const x = await byCallId(theirs.call_id, dave.token, other);
  assert.equal(x.callee_user_id, erin.id);
  // the platform: none of its own; with include_children both tenants'
  const platform = `/api/v1/orgs/${s.platformId}`;
  assert.deepEqual(await list('', s.adminToken, platform), []);
  const tree = await list('include_children=true&limit=200', s.adminToken, platform);
  assert.ok(tree.some((c) => c.call_id === theirs.call_id) && tree.some((c) => c.call_id === ours.call_id));
  // a proxy token of the other tenant may not record the demo organization's calls
  const proxyB = await adm('POST', `${other}/api-tokens`, { name: uniq('proxy'), permissions: ['sip.proxy'] });
  const r = await post([cdr({ caller: alice.sip, number: bob.ext }), cdr({ caller: dave.sip, number: erin.ext })], proxyB.body.token);
  assert.deepEqual(r.body.rejected.map((e) => [e.index, e.code]), [[0, 'no_such_sip_account']]);
  assert.equal(r.body.accepted, 1);
});

test('filters: period, direction, status, user and number', async () => {
  const frank = await member('end_user');
  const base = now() - 50000;
  const mk = (extra) => ({ ...cdr({ caller: frank.sip, number: bob.ext, ...extra }) });
  const recs = [
    { ...mk({}), start_time: base, answer_time: base + 2, end_time: base + 30 },
    { ...mk({ talk: 0, sip_code: 486 }), start_time: base + 100, answer_time: null, end_time: base + 105 },
    { ...mk({ number: '0612340000', talk: 0, sip_code: 480 }), start_time: base + 200, answer_time: null, end_time: base + 230 },
  ];
  assert.equal((await post(recs)).body.accepted, 3);
  const iso = (t) => new Date(t * 1000).toISOString();
  const ids = async (q) => (await list(`user=${frank.id}&${q}`)).map((k) => k.call_id);
  assert.deepEqual(await ids(''), [recs[2].call_id, recs[1].call_id, recs[0].call_id]);
  assert.deepEqual(await ids(`from=${iso(base + 50)}`), [recs[2].call_id, recs[1].call_id]);
  assert.deepEqual(await ids(`from=${iso(base)}&to=${iso(base + 100)}`), [recs[0].call_id]);
  assert.deepEqual(await ids('direction=outbound'), [recs[2].call_id]);
  assert.deepEqual(await ids('direction=internal&status=busy'), [recs[1].call_id]);
  assert.deepEqual(await ids('status=missed'), [recs[2].call_id]);
  assert.deepEqual(await ids('q=12340'), [recs[2].call_id]);
  assert.deepEqual(await ids(`q=${frank.ext}`), [recs[2].call_id, recs[1].call_id, recs[0].call_id]);
  assert.deepEqual(await ids('q=%25'), [], 'a wildcard is a character');
  const bad = async (q, field, code) => {
    const r = await s.req('GET', `${org}/calls?${q}`, { token: s.adminToken });
    assert.equal(r.status, 422, q);
    assert.deepEqual(r.body.errors.map((e) => [e.field, e.code]), [[field, code]], q);
  };
  await bad('from=yesterday', 'from', 'invalid');
  await bad(`from=${iso(base)}&to=${iso(base - 10)}`, 'to', 'invalid');
  await bad('direction=sideways', 'direction', 'invalid');
  await bad('status=lost', 'status', 'invalid');
  await bad('user=me', 'user', 'invalid');
  await bad('colour=red', 'colour', 'unknown_field');
  await bad('limit=201', 'limit', 'out_of_range');
});

test('cursor pages: newest first, every call once; another list\'s cursor is 422', async () => {
  const gina = await member('end_user');
  const recs = Array.from({ length: 5 }, (_, i) => cdr({ caller: gina.sip, number: bob.ext, ago: 1000 - i * 10 }));
  // two of them start at the same millisecond: the id decides
  recs[3].start_time = recs[2].start_time;
  recs[3].answer_time = recs[2].answer_time;
  recs[3].end_time = recs[2].end_time;
  assert.equal((await post(recs)).body.accepted, 5);
  const seen = [];
  let after = null;
  for (let i = 0; i < 10; i++) {
    const r = await s.req('GET', `${org}/calls?user=${gina.id}&limit=2${after ? `&after=${after}` : ''}`, { token: s.adminToken });
    assert.equal(r.status, 200);
    assert.ok(r.body.items.length <= 2);
    seen.push(...r.body.items);
    after = r.body.next;
    if (!after) break;
  }
  assert.equal(seen.length, 5);
  assert.equal(new Set(seen.map((k) => k.id)).size, 5);
  for (let i = 1; i < seen.length; i++) assert.ok(seen[i - 1].start_time >= seen[i].start_time);
  const users = await s.req('GET', `${org}/users?limit=1`, { token: s.adminToken });
  const r = await s.req('GET', `${org}/calls?after=${users.body.next}`, { token: s.adminToken });
  assert.equal(r.status, 422);
  assert.equal(r.body.errors[0].field, 'after');
});

test('CSV: the same calls with the JSON members as columns, safe to open in a spreadsheet', async () => {
  const henk = await member('end_user');
  const evil = await adm('POST', `${org}/contacts`, { first_name: '=HYPERLINK("http://x")', last_name: 'Evil', phone: '020 765 9999' });
  assert.equal(evil.status, 201, JSON.stringify(evil.body));
  const rec = cdr({ caller: henk.sip, number: '020 765 9999', talk: 0, sip_code: 480, reason: 'Temporarily, "Unavailable"' });
  assert.equal((await post([rec])).body.accepted, 1);
  const json = await list(`user=${henk.id}`);
  const r = await s.req('GET', `${org}/calls?user=${henk.id}&format=csv`, { token: s.adminToken });
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^text\/csv/);
  assert.match(r.headers.get('content-disposition'), /attachment; filename="calls.csv"/);
  const lines = r.body.trim().split('\r\n');
  assert.equal(lines.length, 2);
  assert.equal(lines[0], Object.keys(json[0]).join(','));
  assert.ok(lines[1].startsWith(`${json[0].id},${s.orgId},outbound,missed,`), lines[1]);
  assert.ok(lines[1].includes(',"Temporarily, ""Unavailable""",'), lines[1]);
  assert.ok(lines[1].includes(`'=HYPERLINK(""http://x"") Evil`), lines[1]);
  assert.ok(lines[1].includes(",'+31207659999,"), lines[1]);
  assert.ok(!r.headers.get('x-next-cursor'));
  // own calls as CSV, as the JSON; a page of it with limit
  const own = await s.req('GET', `${org}/calls?format=csv`, { token: henk.token });
  assert.equal(own.status, 200);
  assert.equal(own.body.trim().split('\r\n').length, 2);
  const more = await post([cdr({ caller: henk.sip, number: bob.ext })]);
  assert.equal(more.body.accepted, 1);
  const page = await s.req('GET', `${org}/calls?user=${henk.id}&format=csv&limit=1`, { token: s.adminToken });
  assert.equal(page.body.trim().split('\r\n').length, 2);
  assert.ok(page.headers.get('x-next-cursor'));
  const rest = await s.req('GET', `${org}/calls?user=${henk.id}&format=csv&after=${page.headers.get('x-next-cursor')}`, { token: s.adminToken });
  assert.ok(rest.body.includes(json[0].id));
});

test('call_retention_days: 365 by default, 1 to 3650, inherited; older calls are purged', async () => {
  const o = await adm('GET', org);
  assert.equal(o.body.call_retention_days, 365);
  for (const v of [0, 3651, 'x']) {
    const r = await s.req('PATCH', org, { token: s.adminToken, body: malformed({ call_retention_days: v }) });
    assert.equal(r.status, 422);
    assert.equal(r.body.errors[0].field, 'call_retention_days');
  }
  const child = await adm('POST', '/api/v1/orgs', { name: uniq('Short memory BV'), parent_id: s.platformId, call_retention_days: 2 });
  assert.equal(child.status, 201, JSON.stringify(child.body));
  assert.equal(child.body.call_retention_days, 2);
  const cOrg = `/api/v1/orgs/${child.body.id}`;
  const ivo = await member('end_user', cOrg);
  const jan = await member('end_user', cOrg);
  const old = cdr({ caller: ivo.sip, number: jan.ext, ago: 3 * 86400 });
  const recent = cdr({ caller: ivo.sip, number: jan.ext, ago: 86400 });
  assert.equal((await post([old, recent])).body.accepted, 2);
  // the janitor (every second here) removes the old one, and only that
  let items = [];
  for (let i = 0; i < 100; i++) {
    items = await list('limit=200', s.adminToken, cOrg);
    if (!items.some((k) => k.call_id === old.call_id)) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.deepEqual(items.map((k) => k.call_id), [recent.call_id]);
  assert.match(s.log, /purged old call records/);
  // the demo organization keeps its year
  assert.ok((await list('limit=1')).length);
  // a shorter retention applies at the next purge
  const patch = await adm('PATCH', cOrg, { call_retention_days: 1 });
  assert.equal(patch.status, 200);
  for (let i = 0; i < 100 && (await list('', s.adminToken, cOrg)).length; i++) await new Promise((r) => setTimeout(r, 100));
  assert.deepEqual(await list('', s.adminToken, cOrg), []);
});

test('posting records is not an administrator\'s change: nothing in the audit trail', async () => {
  const before = (await adm('GET', `${org}/audit?limit=500`)).body.items.length;
  const platformBefore = (await adm('GET', `/api/v1/orgs/${s.platformId}/audit?limit=500`)).body.items.length;
  assert.equal((await post([cdr({ caller: alice.sip, number: bob.ext })])).body.accepted, 1);
  assert.equal((await adm('GET', `${org}/audit?limit=500`)).body.items.length, before);
  assert.equal((await adm('GET', `/api/v1/orgs/${s.platformId}/audit?limit=500`)).body.items.length, platformBefore);
});
