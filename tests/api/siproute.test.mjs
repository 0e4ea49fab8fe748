// siproute.test.mjs: the SIP proxy's question for every call (issue 13,
// part 3): GET /sip/route?caller=&number= (or &trunk= for calls from the
// trunk). The answer's direction, caller ID, rule and targets follow the
// state the API keeps: simultaneous ring, hunt groups that really rotate,
// the caller ID modes, and calls that stay within their organization.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, newUser } from '../lib/server.mjs';

let s;
before(async () => { s = await startServer(); });
after(async () => { await s.stop(); });

const adm = (method, path, body) => s.req(method, path, { token: s.adminToken, body });
const sipRoute = async (q) => {
  const r = await adm('GET', `/api/v1/sip/route?${new URLSearchParams(q)}`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body;
};
let seq = 0;
const uniq = () => `${Date.now() % 100000}${++seq}`;

async function newOrg() {
  const o = await adm('POST', '/api/v1/orgs', { name: `Route ${uniq()}`, parent_id: s.platformId });
  assert.equal(o.status, 201, JSON.stringify(o.body));
  return `/api/v1/orgs/${o.body.id}`;
}
async function member(base, extra = {}) {
  const r = await adm('POST', `${base}/users`, newUser({ extension: 'auto', ...extra }));
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body;
}
const account = async (base, u, kind) => (await adm('POST', `${base}/users/${u.id}/sip-accounts`, { kind })).body;
const reachOn = async (base, u, destination, more = {}) => {
  const r = await adm('PUT', `${base}/users/${u.id}/telephony`, { availability: { reachable: true, destination, ...more } });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body;
};
const number = async (base) => {
  const r = await adm('POST', `${base}/numbers`, { number: `+3185${String(Date.now() % 1000000).padStart(6, '0')}${seq++ % 10}` });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body.number;
};

test('an internal call rings the callee where it is available and shows the caller\'s extension and name', async () => {
  const base = await newOrg();
  const [a, b] = [await member(base), await member(base)];
  const da = await account(base, a, 'desk');
  const db = await account(base, b, 'desk');
  const rt = await sipRoute({ caller: da.username, number: b.extensions[0] });
  assert.equal(rt.direction, 'internal');
  assert.equal(rt.result, 'unreachable');
  assert.equal(rt.reason, 'not_available');
  await reachOn(base, b, db.id);
  const on = await sipRoute({ caller: da.username, number: b.extensions[0] });
  assert.equal(on.result, 'ring');
  assert.equal(on.rule, 'availability');
  assert.deepEqual(on.caller_id, { number: a.extensions[0], name: `${a.first_name} ${a.last_name}`, outside: null });
  assert.deepEqual(on.caller, { username: da.username, user_id: a.id, account_id: da.id, music_on_hold: { source: 'default' } });
  assert.deepEqual(on.targets, [{ type: 'sip', username: db.username, kind: 'desk', step: 1, ring_seconds: 20 }]);
});

test('simultaneous ring: up to five destinations at once, each once, the user\'s own', async () => {
  const base = await newOrg();
  const u = await member(base);
  const desk = await account(base, u, 'desk');
  const app = await account(base, u, 'app');
  const t = `${base}/users/${u.id}/telephony`;
  const fw = await adm('PUT', t, { destinations: [1, 2, 3, 4].map((i) => ({ type: 'forward', number: `06 1234567${i}` })) });
  const fwd = fw.body.destinations.filter((d) => d.type === 'forward').map((d) => d.id);
  const tooMany = await adm('PUT', t, { availability: { reachable: true, destination: desk.id, simultaneous: [app.id, ...fwd] } });
  assert.equal(tooMany.status, 422);
  assert.equal(tooMany.body.errors[0].field, 'availability.simultaneous');
  assert.equal(tooMany.body.errors[0].code, 'too_many');
  const twice = await adm('PUT', t, { availability: { reachable: true, destination: desk.id, simultaneous: [app.id, desk.id] } });
  assert.equal(twice.status, 422);
  assert.equal(twice.body.errors[0].field, 'availability.simultaneous[1]');
  assert.equal(twice.body.errors[0].code, 'duplicate');
  const other = await member(base);
  const theirs = await account(base, other, 'desk');
  const foreign = await adm('PUT', t, { availability: { reachable: true, destination: desk.id, simultaneous: [theirs.id] } });
  assert.equal(foreign.body.errors[0].code, 'not_found');
  const ok = await reachOn(base, u, desk.id, { simultaneous: [app.id, fwd[0]] });
  assert.deepEqual(ok.availability.simultaneous, [app.id, fwd[0]]);
  const caller = await account(base, other, 'app');
  const rt = await sipRoute({ caller: caller.username, number: u.extensions[0] });
  assert.equal(rt.rule, 'simultaneous_ring');
  assert.deepEqual(rt.targets.map((x) => [x.type, x.username || x.number, x.step]),
    [['sip', desk.username, 1], ['sip', app.username, 1], ['forward', '+31612345671', 1]]);
  // the user's own ring time, for every destination of the step
  const slow = await adm('PUT', t, { availability: { ring_seconds: 200 } });
  assert.equal(slow.status, 422);
  assert.equal(slow.body.errors[0].field, 'availability.ring_seconds');
  assert.equal(slow.body.errors[0].code, 'out_of_range');
  assert.equal((await adm('PUT', t, { availability: { ring_seconds: 8 } })).body.availability.ring_seconds, 8);
  const quick = await sipRoute({ caller: caller.username, number: u.extensions[0] });
  assert.ok(quick.targets.every((x) => x.ring_seconds === 8));
  // a forward that is removed drops out
  const gone = await adm('PUT', t, { destinations: [] });
  assert.deepEqual(gone.body.availability.simultaneous, [app.id]);
});

test('a round-robin group starts at the next member on every call; ring-all and linear as specified', async () => {
  const base = await newOrg();
  const ms = [await member(base), await member(base), await member(base)];
  const accs = [];
  for (const m of ms) {
    const d = await account(base, m, 'desk');
    await reachOn(base, m, d.id);
    accs.push(d.username);
  }
  const caller = await account(base, await member(base), 'desk');
  const g = await adm('POST', `${base}/hunt-groups`, { name: `RR ${uniq()}`, extension: 'auto', strategy: 'round_robin', ring_seconds: 15, members: ms.map((m) => ({ type: 'user', id: m.id })) });
  assert.equal(g.status, 201, JSON.stringify(g.body));
  const firsts = [];
  for (let i = 0; i < 4; i++) {
    const rt = await sipRoute({ caller: caller.username, number: g.body.extension });
    assert.equal(rt.rule, 'hunt_group.round_robin');
    assert.deepEqual(rt.targets.map((x) => x.step), [1, 2, 3]);
    assert.ok(rt.targets.every((x) => x.ring_seconds === 15));
    firsts.push(rt.targets[0].username);
  }
  assert.deepEqual(firsts, [accs[0], accs[1], accs[2], accs[0]]);
  // the admin's preview shows where the next call starts, and moves nothing
  const org = base;
  const p1 = (await adm('GET', `${org}/route?number=${g.body.extension}`)).body;
  const p2 = (await adm('GET', `${org}/route?number=${g.body.extension}`)).body;
  assert.equal(p1.targets[0].username, accs[1]);
  assert.equal(p2.targets[0].username, accs[1]);
  await adm('PATCH', `${base}/hunt-groups/${g.body.id}`, { strategy: 'ring_all' });
  const all = await sipRoute({ caller: caller.username, number: g.body.extension });
  assert.equal(all.rule, 'hunt_group.ring_all');
  assert.deepEqual(all.targets.map((x) => x.step), [1, 1, 1]);
  await adm('PATCH', `${base}/hunt-groups/${g.body.id}`, { strategy: 'linear' });
  const lin = await sipRoute({ caller: caller.username, number: g.body.extension });
  assert.deepEqual(lin.targets.map((x) => [x.username, x.step]), accs.map((a, i) => [a, i + 1]));
});

test('an outbound call goes to the trunk with the caller ID the rules give, in both modes', async () => {
  const base = await newOrg();
  const [n1, n2, n3] = [await number(base), await number(base), await number(base)];
  const u = await member(base);
  const desk = await account(base, u, 'desk');
  const app = await account(base, u, 'app');
  let rt = await sipRoute({ caller: desk.username, number: '020 555 0101' });
  assert.equal(rt.direction, 'outbound');
  assert.equal(rt.number, '+31205550101');
  assert.equal(rt.rule, 'outbound');
  assert.deepEqual(rt.targets, [{ type: 'outside', number: '+31205550101', step: 1 }]);
  assert.deepEqual(rt.caller_id, { number: null, name: null, outside: null }); // the trunk's own default
  await adm('PATCH', base, { trunk_caller_id: n1 });
  assert.equal((await sipRoute({ caller: desk.username, number: '+442079460000' })).caller_id.number, n1);
  await adm('PUT', `${base}/users/${u.id}/telephony`, { caller_id: n2, destinations: [{ type: 'sip_account', id: app.id, caller_id: n3 }] });
  rt = await sipRoute({ caller: app.username, number: '0205550101' });
  assert.equal(rt.caller_id.number, n2); // mode "user": the user's number on every phone
  await adm('PATCH', base, { caller_id_mode: 'device' });
  assert.equal((await sipRoute({ caller: app.username, number: '0205550101' })).caller_id.number, n3);
  // the desk phone has no number of its own: the user's
  assert.equal((await sipRoute({ caller: desk.username, number: '0205550101' })).caller_id.number, n2);
});

test('an inbound call finds the organization by its number, in the forms trunks send', async () => {
  const base = await newOrg();
  const n = await number(base);
  const u = await member(base);
  const desk = await account(base, u, 'desk');
  await reachOn(base, u, desk.id);
  const free = await sipRoute({ trunk: 'default', number: n, caller: '+31612345678' });
  assert.equal(free.result, 'refused');
  assert.equal(free.code, 404);
  assert.equal(free.reason, 'rings_nobody');
  await adm('PUT', `${base}/users/${u.id}/telephony`, { reachable_numbers: [n] });
  for (const form of [n, `00${n.slice(1)}`, n.slice(1)]) {
    const rt = await sipRoute({ trunk: 'default', number: form, caller: '+31612345678' });
    assert.equal(rt.direction, 'inbound');
    assert.equal(rt.org_id, base.split('/').pop());
    assert.equal(rt.number, n);
    assert.deepEqual(rt.caller_id, { number: '+31612345678', name: null, outside: '+31612345678' });
    assert.equal(rt.targets[0].username, desk.username);
  }
  const none = await sipRoute({ trunk: 'default', number: '+31209999999' });
  assert.deepEqual([none.result, none.code, none.reason], ['refused', 404, 'no_such_number']);
});

test('calls stay within the organization; suspended or unknown callers are refused', async () => {
  const [ba, bb] = [await newOrg(), await newOrg()];
  const a = await member(ba);
  const da = await account(ba, a, 'desk');
  const b = await member(bb);
  const db = await account(bb, b, 'desk');
  await reachOn(bb, b, db.id);
  // b's extension, dialled from the other organization, is not b
  const rt = await sipRoute({ caller: da.username, number: b.extensions[0] });
  assert.notEqual(rt.owner?.id, b.id);
  assert.ok(!JSON.stringify(rt).includes(db.username));
  await adm('POST', `${ba}/users/${a.id}/suspend`);
  const sus = await sipRoute({ caller: da.username, number: '0205550101' });
  assert.deepEqual([sus.result, sus.code, sus.reason], ['refused', 403, 'caller_suspended']);
  const unknown = await sipRoute({ caller: 'zz00000000', number: '0205550101' });
  assert.deepEqual([unknown.result, unknown.code, unknown.reason], ['refused', 403, 'caller_unknown']);
  const bad = await sipRoute({ caller: db.username, number: '12' });
  assert.equal(bad.result, 'refused');
  assert.equal(bad.reason, 'invalid_number');
});

test('only the SIP proxy\'s right asks, and the question must be whole', async () => {
  const base = await newOrg();
  const u = await member(base, { password: 'Copper-Meadow-39-Lane' });
  const d = await account(base, u, 'desk');
  const l = await s.login(u.email, 'Copper-Meadow-39-Lane');
  const r = await s.req('GET', `/api/v1/sip/route?caller=${d.username}&number=7001`, { token: l.token });
  assert.equal(r.status, 403);
  const missing = await adm('GET', '/api/v1/sip/route?caller=x');
  assert.equal(missing.status, 422);
  assert.equal(missing.body.errors[0].field, 'number');
  const who = await adm('GET', '/api/v1/sip/route?number=7001');
  assert.equal(who.status, 422);
  assert.equal(who.body.errors[0].field, 'caller');
});
