// schedules.test.mjs: office hours and holidays (issue 14, section 3), and
// what they decide (section 4): a number's destination by schedule, a
// user's forwarding by schedule, the route answer's state and until at a
// moment given with at= (never the clock), daylight saving, and the Dutch
// public holidays of any year.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, malformed } from '../lib/server.mjs';
import { telephonyKit } from '../lib/telephony.mjs';

let s;
let org, adm, did, tel, route, reachable, next;
before(async () => {
  s = await startServer();
  ({ org, adm, did, tel, route, reachable, next } = telephonyKit(s));
});
after(async () => { await s.stop(); });

const OFFICE = { hours: [{ days: ['fri', 'mon', 'tue', 'wed', 'thu'], from: '08:30', to: '17:30' }] };
async function schedule(body) {
  const r = await adm('POST', `${org}/schedules`, { name: `Kantooruren ${next()}`, ...body });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body;
}

test('a schedule keeps its hours, exceptions and holidays in normal form; changes go to the audit trail', async () => {
  const r = await adm('POST', `${org}/schedules`, {
    name: 'Receptie',
    ...OFFICE,
    exceptions: [{ name: 'Kerstavond', from: '2026-12-24', every_year: true, hours: [{ from: '09:00', to: '12:00' }] }],
    holidays: ['kings_day', 'new_year', 'kings_day'],
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.equal(r.headers.get('location'), `${org}/schedules/${r.body.id}`);
  assert.equal(r.body.timezone, 'Europe/Amsterdam', "the organization's zone by default");
  assert.deepEqual(r.body.hours, [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '08:30', to: '17:30' }]);
  assert.deepEqual(r.body.exceptions, [{ name: 'Kerstavond', from: '2026-12-24', to: '2026-12-24', every_year: true, hours: [{ from: '09:00', to: '12:00' }] }]);
  assert.deepEqual(r.body.holidays, ['new_year', 'kings_day']);
  assert.deepEqual((await adm('GET', `${org}/schedules/${r.body.id}`)).body, r.body);
  assert.ok((await adm('GET', `${org}/schedules`)).body.items.some((x) => x.id === r.body.id));

  const taken = await adm('POST', `${org}/schedules`, { name: 'RECEPTIE' });
  assert.equal(taken.status, 409);
  assert.equal(taken.body.errors[0].field, 'name');

  const p = await adm('PATCH', `${org}/schedules/${r.body.id}`, { timezone: 'Europe/Brussels', holidays: [] });
  assert.equal(p.status, 200, JSON.stringify(p.body));
  assert.equal(p.body.timezone, 'Europe/Brussels');
  assert.deepEqual(p.body.hours, r.body.hours, 'what is not given stays');
  const ev = (await adm('GET', `${org}/audit?object=${r.body.id}`)).body.items;
  const change = ev.find((e) => e.action === 'update');
  assert.deepEqual(change.changes.holidays, []);
  assert.deepEqual(change.before.holidays, ['new_year', 'kings_day']);
  assert.equal(change.before.timezone, 'Europe/Amsterdam');

  assert.equal((await adm('DELETE', `${org}/schedules/${r.body.id}`)).status, 204);
  assert.equal((await adm('GET', `${org}/schedules/${r.body.id}`)).status, 404);
});

test('a bad schedule is a 422 naming the field, and nothing is kept', async () => {
  const count = async () => (await adm('GET', `${org}/schedules?limit=200`)).body.items.length;
  const n = await count();
  const mon = (p) => ({ hours: [{ days: ['mon'], from: '08:30', to: '17:30', ...p }] });
  const bad = [
    [{ timezone: 'Mars/Olympus' }, 'timezone', 'invalid'],
    [mon({ from: '17:30', to: '08:30' }), 'hours[0].to', 'before_from'],
    [mon({ days: ['maandag'] }), 'hours[0].days[0]', 'invalid'],
    [mon({ days: [] }), 'hours[0].days', 'required'],
    [mon({ from: '8:30' }), 'hours[0].from', 'invalid_time'],
    [mon({ to: '24:30' }), 'hours[0].to', 'invalid_time'],
    [mon({ lunch: true }), 'hours[0].lunch', 'unknown_field'],
    [{ exceptions: [{ from: '2027-02-29' }] }, 'exceptions[0].from', 'invalid_date'],
    [{ exceptions: [{ from: '2027-05-02', to: '2027-05-01' }] }, 'exceptions[0].to', 'before_from'],
    [{ exceptions: [{ from: '2027-01-01', to: '2028-01-02' }] }, 'exceptions[0].to', 'out_of_range'],
    [{ exceptions: [{ from: '2027-07-01', hours: [{ from: '13:00', to: '12:00' }] }] }, 'exceptions[0].hours[0].to', 'before_from'],
    [{ holidays: ['sinterklaas'] }, 'holidays[0]', 'invalid'],
  ];
  for (const [body, field, code] of bad) {
    const r = await adm('POST', `${org}/schedules`, malformed({ name: `Fout ${next()}`, ...body }));
    assert.equal(r.status, 422, JSON.stringify(body));
    assert.equal(r.headers.get('content-type'), 'application/problem+json');
    assert.ok(r.body.errors.some((e) => e.field === field && e.code === code), `${JSON.stringify(body)}: ${JSON.stringify(r.body.errors)}`);
  }
  assert.equal(await count(), n);
});

test('the Dutch holidays of any year: the ones after Easter, and Koningsdag on the 26th when the 27th is a Sunday', async () => {
  const year = async (y) => Object.fromEntries((await adm('GET', `/api/v1/holidays?year=${y}`)).body.items.map((h) => [h.code, h.date]));
  assert.deepEqual(await year(2027), {
    new_year: '2027-01-01', good_friday: '2027-03-26', easter_sunday: '2027-03-28', easter_monday: '2027-03-29',
    kings_day: '2027-04-27', liberation_day: '2027-05-05', ascension_day: '2027-05-06', whit_sunday: '2027-05-16',
    whit_monday: '2027-05-17', christmas_day: '2027-12-25', boxing_day: '2027-12-26',
  });
  assert.equal((await year(2024)).easter_sunday, '2024-03-31');
  assert.equal((await year(2038)).easter_sunday, '2038-04-25', 'the latest Easter can be');
  for (const y of [2025, 2031, 2036, 2042, 2053, 2059]) assert.equal((await year(y)).kings_day, `${y}-04-26`, y);
  assert.equal((await year(2033)).kings_day, '2033-04-27');
  const r = await adm('GET', '/api/v1/holidays?year=1582');
  assert.equal(r.status, 422);
  assert.equal(r.body.errors[0].field, 'year');
});

test('a number by schedule: open rings the group, closed the voicemail, a holiday its own; until says when it changes', async () => {
  const u = await reachable();
  const v = await reachable();
  const g = (await adm('POST', `${org}/hunt-groups`, { name: `Balie ${next()}`, members: [{ type: 'user', id: u.id }] })).body;
  const sc = await schedule({
    ...OFFICE,
    holidays: ['kings_day'],
    exceptions: [{ name: 'Kerstavond', from: '2026-12-24', every_year: true, hours: [{ from: '09:00', to: '12:00' }] }],
  });
  const n = await did();
  const choice = { type: 'schedule', schedule_id: sc.id, open: { type: 'hunt_group', id: g.id }, closed: { type: 'voicemail', user_id: u.id }, holiday: { type: 'user', id: v.id } };
  const p = await adm('PATCH', `${org}/numbers/${n.id}`, { destination: choice });
  assert.equal(p.status, 200, JSON.stringify(p.body));
  assert.deepEqual(p.body.destination, choice);

  let rt = await route(n.number, '2027-03-01T10:00:00+01:00'); // a Monday
  assert.equal(rt.destination, 'schedule');
  assert.equal(rt.rule, 'hunt_group.ring_all');
  assert.deepEqual(rt.schedule, { id: sc.id, name: sc.name, state: 'open', why: null, until: '2027-03-01T16:30:00.000Z' });
  assert.equal(rt.until, '2027-03-01T16:30:00.000Z');
  assert.equal(rt.targets[0].username, u.desk.username);

  rt = await route(n.number, '2027-03-01T20:00:00+01:00');
  assert.equal(rt.result, 'voicemail');
  assert.equal(rt.schedule.state, 'closed');
  assert.equal(rt.until, '2027-03-02T07:30:00.000Z');
  rt = await route(n.number, '2027-03-05T18:00:00+01:00'); // Friday evening: closed over the weekend
  assert.equal(rt.until, '2027-03-08T07:30:00.000Z');

  rt = await route(n.number, '2027-04-27T10:00:00+02:00'); // Koningsdag, a Tuesday
  assert.equal(rt.schedule.state, 'holiday');
  assert.equal(rt.schedule.why, 'kings_day');
  assert.equal(rt.owner.id, v.id);
  assert.equal(rt.targets[0].username, v.desk.username);
  assert.equal(rt.until, '2027-04-27T22:00:00.000Z', 'at midnight it is closed, till Wednesday 08:30');

  rt = await route(n.number, '2027-12-24T10:00:00+01:00'); // Kerstavond: open until noon
  assert.deepEqual([rt.schedule.state, rt.schedule.why, rt.until], ['open', 'Kerstavond', '2027-12-24T11:00:00.000Z']);
  rt = await route(n.number, '2027-12-24T13:00:00+01:00');
  assert.deepEqual([rt.schedule.state, rt.owner.id, rt.until], ['holiday', v.id, '2027-12-24T23:00:00.000Z']);

  // no holiday destination: a holiday goes where closed goes
  assert.equal((await adm('PATCH', `${org}/numbers/${n.id}`, { destination: { ...choice, holiday: null } })).status, 200);
  rt = await route(n.number, '2027-04-27T10:00:00+02:00');
  assert.deepEqual([rt.schedule.state, rt.result], ['holiday', 'voicemail']);

  // the trunk's live call is decided the same way, at its own moment
  const sip = await adm('GET', `/api/v1/sip/route?${new URLSearchParams({ trunk: 'default', caller: '+31612345678', number: n.number })}`);
  assert.equal(sip.status, 200);
  assert.ok(['open', 'closed', 'holiday'].includes(sip.body.schedule.state));
  assert.equal(sip.body.until, sip.body.schedule.until);

  // in use: not deleted
  const del = await adm('DELETE', `${org}/schedules/${sc.id}`);
  assert.equal(del.status, 409);
  assert.equal(del.body.code, 'in_use');
  assert.match(del.body.detail, new RegExp(`\\${n.number}`));
});

test('a choice needs open and closed, of this organization, and no schedule inside a schedule', async () => {
  const sc = await schedule(OFFICE);
  const u = await reachable();
  const n = await did();
  const other = (await adm('POST', '/api/v1/orgs', { name: `Elders ${next()}`, parent_id: s.platformId })).body.id;
  const theirs = (await adm('POST', `/api/v1/orgs/${other}/schedules`, { name: 'Hun uren' })).body;
  const vm = { type: 'voicemail', user_id: u.id };
  const bad = [
    [{ type: 'schedule', schedule_id: sc.id, open: vm }, 'destination.closed', 'required'],
    [{ type: 'schedule', open: vm, closed: vm }, 'destination.schedule_id', 'required'],
    [{ type: 'schedule', schedule_id: theirs.id, open: vm, closed: vm }, 'destination.schedule_id', 'not_found'],
    [{ type: 'schedule', schedule_id: sc.id, open: vm, closed: { type: 'schedule', schedule_id: sc.id, open: vm, closed: vm } }, 'destination.closed.type', 'invalid'],
  ];
  for (const [destination, field, code] of bad) {
    const r = await adm('PATCH', `${org}/numbers/${n.id}`, malformed({ destination }));
    assert.equal(r.status, 422, JSON.stringify(destination));
    assert.ok(r.body.errors.some((e) => e.field === field && e.code === code), `${JSON.stringify(destination)}: ${JSON.stringify(r.body.errors)}`);
  }
  assert.equal((await adm('GET', `${org}/numbers/${n.id}`)).body.destination, null, 'nothing changed');
});

test('daylight saving: the half hour the clocks skip in March, the hour they show twice in October', async () => {
  const u = await reachable();
  const g = (await adm('POST', `${org}/hunt-groups`, { name: `Nachtdienst ${next()}`, members: [{ type: 'user', id: u.id }] })).body;
  const number = async (hours, timezone = 'Europe/Amsterdam') => {
    const sc = await schedule({ timezone, hours });
    const n = await did();
    const destination = { type: 'schedule', schedule_id: sc.id, open: { type: 'hunt_group', id: g.id }, closed: { type: 'voicemail', user_id: u.id } };
    assert.equal((await adm('PATCH', `${org}/numbers/${n.id}`, { destination })).status, 200);
    return async (at) => { const r = await route(n.number, at); return [r.schedule.state, r.until]; };
  };
  // Sunday 28 March 2027: at 02:00 CET the clocks go to 03:00 CEST, so
  // 02:30 never shows; the opening begins when the clocks jump
  const spring = await number([{ days: ['sun'], from: '02:30', to: '03:30' }]);
  assert.deepEqual(await spring('2027-03-28T00:59:00Z'), ['closed', '2027-03-28T01:00:00.000Z']);
  assert.deepEqual(await spring('2027-03-28T01:00:00Z'), ['open', '2027-03-28T01:30:00.000Z']);
  // Sunday 31 October 2027: 02:00-03:00 shows twice (CEST, then CET): open
  // both times, two hours in all
  const autumn = await number([{ days: ['sun'], from: '02:00', to: '03:00' }]);
  assert.deepEqual(await autumn('2027-10-31T00:30:00Z'), ['open', '2027-10-31T02:00:00.000Z']);
  assert.deepEqual(await autumn('2027-10-31T01:30:00Z'), ['open', '2027-10-31T02:00:00.000Z']);
  assert.deepEqual(await autumn('2027-10-31T02:00:00Z'), ['closed', '2027-11-07T01:00:00.000Z']);
  // the zone is the schedule's: 09:00 in New York is 14:00 UTC in March
  const ny = await number([{ days: ['mon'], from: '09:00', to: '17:00' }], 'America/New_York');
  assert.deepEqual(await ny('2027-03-01T14:00:00Z'), ['open', '2027-03-01T22:00:00.000Z']);
  assert.equal((await ny('2027-03-01T13:59:00Z'))[0], 'closed');
});

test('forwarding by schedule: in the day to the mobile, after hours to voicemail; a user sets its own', async () => {
  const u = await reachable();
  const sc = await schedule(OFFICE);
  const mine = (body) => s.req('PUT', tel(u), { token: u.token, body });
  // an end user sees the schedules to pick from, and cannot change them
  const seen = await s.req('GET', `${org}/schedules`, { token: u.token });
  assert.equal(seen.status, 200);
  assert.ok(seen.body.items.some((x) => x.id === sc.id));
  assert.equal((await s.req('POST', `${org}/schedules`, { token: u.token, body: { name: 'Mijn uren' } })).status, 403);

  let r = await mine({ forwarding: { schedule: { enabled: true, schedule_id: sc.id, open: { type: 'number', number: '06 12345678' }, closed: { type: 'voicemail' } } } });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual(r.body.forwarding.schedule, { enabled: true, schedule_id: sc.id, open: { type: 'number', number: '+31612345678' }, closed: { type: 'voicemail' }, holiday: null });
  let rt = await route(u.extensions[0], '2027-03-01T10:00:00+01:00');
  assert.equal(rt.rule, 'forward.schedule');
  assert.deepEqual(rt.targets, [{ type: 'forward', number: '+31612345678', step: 1 }]);
  assert.equal(rt.schedule.state, 'open');
  assert.equal(rt.until, '2027-03-01T16:30:00.000Z');
  rt = await route(u.extensions[0], '2027-03-01T20:00:00+01:00');
  assert.deepEqual([rt.rule, rt.result], ['forward.schedule', 'voicemail']);

  // a state without a target rings as usual
  r = await mine({ forwarding: { schedule: { enabled: true, schedule_id: sc.id, open: { type: 'number', number: '+31612345678' }, closed: null } } });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  rt = await route(u.extensions[0], '2027-03-01T20:00:00+01:00');
  assert.equal(rt.rule, 'availability');
  assert.equal(rt.targets[0].username, u.desk.username);
  assert.equal(rt.schedule.state, 'closed');
  // always goes first
  assert.equal((await mine({ forwarding: { ...r.body.forwarding, always: { enabled: true, to: { type: 'voicemail' } } } })).status, 200);
  assert.equal((await route(u.extensions[0], '2027-03-01T10:00:00+01:00')).rule, 'forward.always');

  const bad = [
    [{ enabled: true, open: { type: 'voicemail' } }, 'forwarding.schedule.schedule_id', 'required'],
    [{ enabled: true, schedule_id: '01890000-0000-7000-8000-000000000000', open: { type: 'voicemail' } }, 'forwarding.schedule.schedule_id', 'not_found'],
    [{ enabled: true, schedule_id: sc.id }, 'forwarding.schedule.open', 'required'],
    [{ enabled: true, schedule_id: sc.id, open: { type: 'hunt_group' } }, 'forwarding.schedule.open.id', 'required'],
  ];
  for (const [schedule, field, code] of bad) {
    const b = await mine(malformed({ forwarding: { schedule } }));
    assert.equal(b.status, 422, JSON.stringify(schedule));
    assert.ok(b.body.errors.some((e) => e.field === field && e.code === code), `${JSON.stringify(schedule)}: ${JSON.stringify(b.body.errors)}`);
  }
  // the schedule a forward chooses by stays until the forward is changed
  const del = await adm('DELETE', `${org}/schedules/${sc.id}`);
  assert.equal(del.status, 409);
  assert.match(del.body.detail, new RegExp(u.last_name));
});
