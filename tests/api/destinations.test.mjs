// destinations.test.mjs: where each number rings and a user's forwarding
// rules (issue 14, seed 002's number settings): a number's destination (a
// user, a hunt group, a voicemail box), the rules always / busy / no answer /
// unreachable, what a user may change of its own within the organization's
// user_forwarding, and the route answer for a given moment (at=).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, newUser, malformed } from '../lib/server.mjs';
import { telephonyKit, PW } from '../lib/telephony.mjs';

let s;
let org;
before(async () => {
  s = await startServer();
  ({ org, adm, did, member, tel, route, reachable } = telephonyKit(s));
});
after(async () => { await s.stop(); });

let adm, did, member, tel, route, reachable, seq = 0;

test('a number rings its user until it gets a destination: a hunt group, a voicemail box, back to null', async () => {
  const u = await reachable();
  const n = await did();
  assert.equal(n.destination, null);
  assert.equal(n.user_id, null);
  assert.equal((await adm('PUT', tel(u), { reachable_numbers: [n.number] })).status, 200);
  let rt = await route(n.number);
  assert.equal(rt.rule, 'availability');
  assert.equal(rt.owner.id, u.id);

  const g = (await adm('POST', `${org}/hunt-groups`, { name: `Receptie ${seq}`, members: [{ type: 'user', id: u.id }] })).body;
  const p = await adm('PATCH', `${org}/numbers/${n.id}`, { destination: { type: 'hunt_group', id: g.id } });
  assert.equal(p.status, 200, JSON.stringify(p.body));
  assert.deepEqual(p.body.destination, { type: 'hunt_group', id: g.id });
  assert.equal(p.body.user_id, u.id, 'the number still belongs to the user (its caller ID)');
  rt = await route(n.number);
  assert.equal(rt.rule, 'hunt_group.ring_all');
  assert.equal(rt.destination, 'hunt_group');
  assert.deepEqual(rt.owner, { type: 'hunt_group', id: g.id, name: g.name });
  assert.equal(rt.targets[0].username, u.desk.username);

  const vm = await adm('PATCH', `${org}/numbers/${n.id}`, { destination: { type: 'voicemail', user_id: u.id } });
  assert.equal(vm.status, 200);
  rt = await route(n.number);
  assert.equal(rt.result, 'voicemail');
  assert.deepEqual(rt.targets, [{ type: 'voicemail', box: u.extensions[0], record: true, greeting: null, language: u.language, step: 1 }]);

  // the trunk's call to the number goes where the number says
  const sip = await adm('GET', `/api/v1/sip/route?${new URLSearchParams({ trunk: 'default', caller: '+31612345678', number: n.number })}`);
  assert.equal(sip.status, 200);
  assert.equal(sip.body.direction, 'inbound');
  assert.equal(sip.body.result, 'voicemail');

  const back = await adm('PATCH', `${org}/numbers/${n.id}`, { destination: null });
  assert.equal(back.body.destination, null);
  assert.equal((await route(n.number)).rule, 'availability');
  const audit = await adm('GET', `${org}/audit?object=${n.id}`);
  const change = audit.body.items.find((e) => e.changes.destination && e.changes.destination.type === 'voicemail');
  assert.ok(change, 'the audit trail has the change');
  assert.deepEqual(change.before.destination, { type: 'hunt_group', id: g.id });
});

test('a number without a user but with a destination rings it; a bad destination is a 422 naming the field', async () => {
  const u = await reachable();
  const n = await did();
  assert.equal((await route(n.number)).reason, undefined); // rings nobody: 404 below
  assert.equal((await adm('GET', `${org}/route?number=${encodeURIComponent(n.number)}`)).status, 404);
  const created = await adm('POST', `${org}/numbers`, { number: `+3130${String(Date.now() % 100000).padStart(5, '0')}99`, destination: { type: 'user', id: u.id } });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  assert.equal((await route(created.body.number)).owner.id, u.id);

  const bad = [
    [{ type: 'fax' }, 'destination.type', 'invalid'],
    [{ id: u.id }, 'destination.type', 'required'],
    [{ type: 'user' }, 'destination.id', 'required'],
    [{ type: 'user', id: '01890000-0000-7000-8000-000000000000' }, 'destination.id', 'not_found'],
    [{ type: 'hunt_group', id: u.id }, 'destination.id', 'not_found'],
    [{ type: 'user', id: u.id, extra: 1 }, 'destination.extra', 'unknown_field'],
    [{ type: 'voicemail', id: u.id }, 'destination.id', 'unknown_field'],
    [{ type: 'number', number: '0612345678' }, 'destination.type', 'invalid'],
    ['7001', 'destination', 'type'],
  ];
  for (const [destination, field, code] of bad) {
    const r = await adm('PATCH', `${org}/numbers/${n.id}`, malformed({ destination }));
    assert.equal(r.status, 422, JSON.stringify(destination));
    assert.equal(r.headers.get('content-type'), 'application/problem+json');
    assert.ok(r.body.errors.some((e) => e.field === field && e.code === code), `${JSON.stringify(destination)}: ${JSON.stringify(r.body.errors)}`);
  }
  assert.equal((await adm('GET', `${org}/numbers/${n.id}`)).body.destination, null, 'nothing changed');
});

test('another organization\'s user or group cannot be a destination: it does not exist here', async () => {
  const t = s.adminToken;
  const other = (await s.req('POST', '/api/v1/orgs', { token: t, body: { name: `Elders ${seq}`, parent_id: s.platformId } })).body.id;
  const ou = (await s.req('POST', `/api/v1/orgs/${other}/users`, { token: t, body: newUser({ password: PW }) })).body;
  const n = await did();
  const r = await adm('PATCH', `${org}/numbers/${n.id}`, { destination: { type: 'user', id: ou.id } });
  assert.equal(r.status, 422);
  assert.equal(r.body.errors[0].field, 'destination.id');
  assert.equal(r.body.errors[0].code, 'not_found');
});

test('forwarding always: every call goes to the number, at once; the rules show in the document', async () => {
  const u = await reachable();
  const t = await adm('GET', tel(u));
  assert.deepEqual(t.body.forwarding, {
    always: { enabled: false, to: null },
    busy: { enabled: false, to: null },
    no_answer: { enabled: false, to: null, after_seconds: 20 },
    unreachable: { enabled: false, to: null },
    schedule: { enabled: false, schedule_id: null, open: null, closed: null, holiday: null },
  });
  const r = await adm('PUT', tel(u), { forwarding: { always: { enabled: true, to: { type: 'number', number: '06 11112222' } } } });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual(r.body.forwarding.always, { enabled: true, to: { type: 'number', number: '+31611112222' } });
  const rt = await route(u.extensions[0]);
  assert.equal(rt.rule, 'forward.always');
  assert.deepEqual(rt.targets, [{ type: 'forward', number: '+31611112222', step: 1 }]);
  // off again (the target is kept for the next time)
  const off = await adm('PUT', tel(u), { forwarding: { always: { enabled: false, to: { type: 'number', number: '+31611112222' } } } });
  assert.equal(off.body.forwarding.always.enabled, false);
  assert.equal((await route(u.extensions[0])).rule, 'availability');
});

test('busy, unreachable and no answer: each its own step with its condition; no answer replaces voicemail', async () => {
  const u = await reachable();
  const colleague = await reachable();
  const g = (await adm('POST', `${org}/hunt-groups`, { name: `Backoffice ${seq}`, members: [{ type: 'user', id: colleague.id }] })).body;
  const r = await adm('PUT', tel(u), {
    forwarding: {
      busy: { enabled: true, to: { type: 'user', id: colleague.id } },
      unreachable: { enabled: true, to: { type: 'number', number: '+31611113333' } },
      no_answer: { enabled: true, after_seconds: 15, to: { type: 'hunt_group', id: g.id } },
    },
  });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const rt = await route(u.extensions[0]);
  assert.equal(rt.rule, 'availability');
  assert.deepEqual(rt.targets, [
    { type: 'sip', username: u.desk.username, kind: 'desk', step: 1, ring_seconds: 15 },
    { type: 'sip', username: colleague.desk.username, kind: 'desk', step: 2, ring_seconds: 20, when: 'busy' },
    { type: 'forward', number: '+31611113333', step: 3, when: 'unreachable' },
    { type: 'sip', username: colleague.desk.username, kind: 'desk', step: 4, ring_seconds: 20, when: 'no_answer' },
  ]);
  // the group a forward sends calls to stays until the forward is changed
  const del = await adm('DELETE', `${org}/hunt-groups/${g.id}`);
  assert.equal(del.status, 409);
  assert.equal(del.body.code, 'in_use');
  assert.match(del.body.detail, new RegExp(u.last_name));
  assert.equal((await adm('GET', `${org}/hunt-groups/${g.id}`)).status, 200);
  // not reachable at all: the unreachable forward takes the call at once
  await adm('PUT', tel(u), { availability: { reachable: false } });
  const away = await route(u.extensions[0]);
  assert.equal(away.rule, 'forward.unreachable');
  assert.deepEqual(away.targets, [{ type: 'forward', number: '+31611113333', step: 1 }]);
  // no unreachable forward: voicemail, as before
  await adm('PUT', tel(u), { forwarding: { unreachable: { enabled: false, to: null } } });
  assert.equal((await route(u.extensions[0])).rule, 'voicemail');
});

test('forwarding to voicemail needs a box that is on; a colleague rings without its own forwarding', async () => {
  const u = await member();
  const a = await reachable();
  const r = await adm('PUT', tel(u), { forwarding: { always: { enabled: true, to: { type: 'voicemail' } } } });
  assert.equal(r.status, 200);
  let rt = await route(u.extensions[0]);
  assert.equal(rt.result, 'unreachable');
  assert.equal(rt.reason, 'voicemail_off');
  await adm('PUT', tel(a), { forwarding: { always: { enabled: true, to: { type: 'number', number: '+31611114444' } } } });
  await adm('PUT', tel(u), { forwarding: { always: { enabled: true, to: { type: 'user', id: a.id } } } });
  rt = await route(u.extensions[0]);
  assert.equal(rt.rule, 'forward.always');
  assert.deepEqual(rt.targets.map((x) => x.username || x.number), [a.desk.username], 'no chain to the colleague\'s forward');
});

test('bad rules are a 422 naming the field, and change nothing', async () => {
  const u = await reachable();
  const bad = [
    [{ always: { enabled: true } }, 'forwarding.always.to', 'required'],
    [{ always: { enabled: 'yes', to: { type: 'voicemail' } } }, 'forwarding.always.enabled', 'type'],
    [{ busy: { enabled: true, to: { type: 'number', number: 'twelve' } } }, 'forwarding.busy.to.number', 'invalid_phone'],
    [{ busy: { enabled: true, to: { type: 'hunt_group', id: u.id } } }, 'forwarding.busy.to.id', 'not_found'],
    [{ no_answer: { enabled: true, after_seconds: 2, to: { type: 'voicemail' } } }, 'forwarding.no_answer.after_seconds', 'out_of_range'],
    [{ unreachable: { enabled: true, to: { type: 'announcement' } } }, 'forwarding.unreachable.to.type', 'invalid'],
    [{ sometimes: {} }, 'forwarding.sometimes', 'unknown_field'],
  ];
  for (const [forwarding, field, code] of bad) {
    const r = await adm('PUT', tel(u), malformed({ forwarding }));
    assert.equal(r.status, 422, JSON.stringify(forwarding));
    assert.ok(r.body.errors.some((e) => e.field === field && e.code === code), `${JSON.stringify(forwarding)}: ${JSON.stringify(r.body.errors)}`);
  }
  assert.equal((await adm('GET', tel(u))).body.forwarding.always.enabled, false);
});

test('a user changes its own forwarding within what the organization allows', async () => {
  const u = await reachable();
  const mine = (body) => s.req('PUT', tel(u), { token: u.token, body });
  const fwd = { always: { enabled: true, to: { type: 'number', number: '+31611115555' } } };
  let r = await mine({ forwarding: fwd });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal((await route(u.extensions[0])).rule, 'forward.always');

  assert.equal((await adm('PATCH', org, { user_forwarding: 'internal' })).status, 200);
  r = await mine({ forwarding: { busy: { enabled: true, to: { type: 'number', number: '+31611116666' } } } });
  assert.equal(r.status, 422);
  assert.equal(r.body.errors[0].field, 'forwarding.busy.to.number');
  assert.equal(r.body.errors[0].code, 'outside_not_allowed');
  r = await mine({ forwarding: { ...fwd, busy: { enabled: true, to: { type: 'voicemail' } } } });
  assert.equal(r.status, 422, 'an outside number is refused however it is sent');
  r = await mine({ forwarding: { always: { enabled: false, to: null }, busy: { enabled: true, to: { type: 'voicemail' } } } });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  // an admin is not bound by it
  assert.equal((await adm('PUT', tel(u), { forwarding: fwd })).status, 200);

  assert.equal((await adm('PATCH', org, { user_forwarding: 'off' })).status, 200);
  r = await mine({ forwarding: { always: { enabled: false, to: null } } });
  assert.equal(r.status, 403);
  assert.equal(r.body.code, 'own_forwarding_off');
  assert.equal((await adm('GET', tel(u))).body.forwarding.always.enabled, true, 'nothing changed');
  const whole = (await s.req('GET', tel(u), { token: u.token })).body;
  r = await mine({ availability: { ...whole.availability, reachable: false }, forwarding: whole.forwarding });
  assert.equal(r.status, 200, 'sending the rules back unchanged is not a change');

  const bad = await adm('PATCH', org, malformed({ user_forwarding: 'sometimes' }));
  assert.equal(bad.status, 422);
  assert.equal(bad.body.errors[0].field, 'user_forwarding');
  assert.equal((await adm('PATCH', org, { user_forwarding: 'anywhere' })).body.user_forwarding, 'anywhere');
});

test('the route answers for a given moment; a moment that is not RFC 3339 is a 422 naming at', async () => {
  const u = await reachable();
  const rt = await route(u.extensions[0], '2027-03-27T10:00:00+01:00');
  assert.equal(rt.at, '2027-03-27T09:00:00.000Z');
  for (const at of ['saturday', '2027-02-30T10:00:00Z', '2027-03-27 10:00']) {
    const r = await adm('GET', `${org}/route?number=${u.extensions[0]}&at=${encodeURIComponent(at)}`);
    assert.equal(r.status, 422, at);
    assert.equal(r.body.errors[0].field, 'at');
  }
});
