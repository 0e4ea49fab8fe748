// media.test.mjs: the media library (issue 14, section 1): uploads as a raw
// body and as a form, converted to 8 and 16 kHz mono WAV (checked in the
// files served), bad files refused with their reason and nothing kept, a
// greeting spoken by espeak-ng, the quota, the media server's fetch with its
// ETag, and who may do what.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, malformed } from '../lib/server.mjs';
import { telephonyKit } from '../lib/telephony.mjs';
import { wav, wavInfo, multipart } from '../lib/audio.mjs';

let s, org, adm, member;
before(async () => {
  s = await startServer();
  ({ org, adm, member } = telephonyKit(s));
});
after(async () => { await s.stop(); });

const upload = (query, data, { type = 'audio/wav', token = s.adminToken } = {}) =>
  s.req('POST', `${org}/media?${new URLSearchParams(query)}`, { token, raw: data, headers: { 'content-type': type } });
// the sound as bytes (the test client reads answers as text)
async function sound(path, { token = s.adminToken, headers = {} } = {}) {
  const r = await fetch(`${s.url}${path}`, { headers: { authorization: `Bearer ${token}`, ...headers } });
  return { status: r.status, headers: r.headers, body: Buffer.from(await r.arrayBuffer()) };
}
let n = 0;
const name = (w) => { n += 1; return `${w} ${n}`; };

test('an upload is converted to 8 and 16 kHz mono WAV, with who uploaded it and how long it is', async () => {
  const r = await upload({ name: name('Welkom'), kind: 'greeting' }, wav({ seconds: 1.5, rate: 44100, channels: 2 }));
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.equal(r.headers.get('location'), `${org}/media/${r.body.id}`);
  assert.equal(r.body.kind, 'greeting');
  assert.equal(r.body.format, 'WAV');
  assert.equal(r.body.origin, 'upload');
  assert.equal(r.body.user_id, null);
  assert.equal(r.body.duration_ms, 1500);
  assert.equal(r.body.uploaded_by.id, (await adm('GET', '/api/v1/me')).body.id);
  for (const rate of [8000, 16000]) {
    const a = await sound(`${org}/media/${r.body.id}/audio?rate=${rate}`);
    assert.equal(a.status, 200);
    assert.equal(a.headers.get('content-type'), 'audio/wav');
    const info = wavInfo(a.body);
    assert.deepEqual([info.format, info.channels, info.rate, info.bits], [1, 1, rate, 16]);
    assert.ok(Math.abs(info.seconds - 1.5) < 0.01, String(info.seconds));
  }
  assert.equal(r.body.bytes, (await sound(`${org}/media/${r.body.id}/audio?rate=8000`)).body.length + (await sound(`${org}/media/${r.body.id}/audio`)).body.length);
  const list = (await adm('GET', `${org}/media`)).body.items;
  assert.ok(list.some((m) => m.id === r.body.id));
  // renamed, and deleted
  const p = await adm('PATCH', `${org}/media/${r.body.id}`, { name: 'Welkom (oud)' });
  assert.equal(p.status, 200);
  assert.equal(p.body.name, 'Welkom (oud)');
  assert.equal((await adm('PATCH', `${org}/media/${r.body.id}`, { kind: 'hold_music' })).body.kind, 'hold_music');
  assert.equal((await adm('DELETE', `${org}/media/${r.body.id}`)).status, 204);
  assert.equal((await sound(`${org}/media/${r.body.id}/audio`)).status, 404);
});

test('a form upload (multipart/form-data) works as well', async () => {
  const [type, body] = multipart({ name: name('Wachtmuziek'), kind: 'hold_music' }, { name: 'muziek.wav', type: 'audio/wav', data: wav({ seconds: 3, rate: 22050, channels: 1 }) });
  const r = await s.req('POST', `${org}/media`, { token: s.adminToken, raw: body, headers: { 'content-type': type } });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.equal(r.body.kind, 'hold_music');
  assert.equal(r.body.duration_ms, 3000);
});

test('a bad file is a 422 saying why, and nothing is kept', async () => {
  const count = async () => (await adm('GET', `${org}/media?limit=200`)).body.items.length;
  const before = await count();
  const bad = [
    [Buffer.from('this is not a sound at all'), 'not_audio'],
    [wav({ seconds: 1, hz: 0 }), 'silent'],
    [wav({ seconds: 121, rate: 8000, channels: 1 }), 'too_long'],
    [Buffer.concat([wav({ seconds: 1 }), Buffer.alloc(20 * 1024 * 1024)]), 'too_large'],
  ];
  for (const [data, code] of bad) {
    const r = await upload({ name: name('Fout'), kind: 'greeting' }, data);
    assert.equal(r.status, 422, code);
    assert.equal(r.headers.get('content-type'), 'application/problem+json');
    assert.deepEqual([r.body.errors[0].field, r.body.errors[0].code], ['file', code]);
  }
  // the same two minutes and a second are fine as hold music
  assert.equal((await upload({ name: name('Lang'), kind: 'hold_music' }, wav({ seconds: 121, rate: 8000, channels: 1 }))).status, 201);
  const noName = await upload({ kind: 'greeting' }, wav());
  assert.deepEqual([noName.status, noName.body.errors[0].field], [422, 'name']);
  const noFile = await upload({ name: name('Leeg'), kind: 'greeting' }, undefined);
  assert.deepEqual([noFile.status, noFile.body.errors[0].field, noFile.body.errors[0].code], [422, 'file', 'required']);
  const text = await s.req('POST', `${org}/media?name=x&kind=greeting`, { token: s.adminToken, raw: 'hello', headers: { 'content-type': 'text/plain' }, malformed: true });
  assert.equal(text.status, 415);
  assert.equal(await count(), before + 1);
});

test('a greeting spoken from text, in Dutch and in English', async () => {
  for (const language of ['nl', 'en']) {
    const r = await adm('POST', `${org}/media`, { name: name(`Tekst ${language}`), kind: 'greeting', text: language === 'nl' ? 'Welkom bij Demo. Wij zijn er van negen tot vijf.' : 'Welcome to Demo. We are open from nine to five.', language });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.equal(r.body.origin, 'tts');
    assert.ok(r.body.duration_ms > 1500 && r.body.duration_ms < 10000, String(r.body.duration_ms));
    assert.equal(wavInfo((await sound(`${org}/media/${r.body.id}/audio?rate=8000`)).body).rate, 8000);
  }
  const bad = await adm('POST', `${org}/media`, malformed({ name: name('Tekst'), kind: 'greeting', text: 'Hallo', language: 'fr' }));
  assert.deepEqual([bad.status, bad.body.errors[0].field], [422, 'language']);
});

test('the media server fetches a sound with its ETag, and gets 304 for the one it has', async () => {
  const m = (await upload({ name: name('Menu'), kind: 'announcement' }, wav({ seconds: 1 }))).body;
  const a = await sound(`/api/v1/sip/media/${m.id}?rate=8000`);
  assert.equal(a.status, 200);
  assert.equal(wavInfo(a.body).rate, 8000);
  const tag = a.headers.get('etag');
  assert.match(tag, /^"\d+-8000"$/);
  const again = await sound(`/api/v1/sip/media/${m.id}?rate=8000`, { headers: { 'if-none-match': tag } });
  assert.equal(again.status, 304);
  assert.equal(again.body.length, 0);
  const u = await member();
  assert.equal((await sound(`/api/v1/sip/media/${m.id}`, { token: u.token })).status, 403, 'a user is not the media server');
});

test('a user keeps greetings of its own with media.write_own; the organization\'s need telephony.write', async () => {
  const u = await member();
  const mine = await upload({ name: name('Mijn groet'), kind: 'greeting', user_id: u.id }, wav({ seconds: 1 }), { token: u.token });
  assert.equal(mine.status, 201, JSON.stringify(mine.body));
  assert.equal(mine.body.user_id, u.id);
  assert.equal((await upload({ name: name('Van ons'), kind: 'greeting' }, wav(), { token: u.token })).status, 403);
  assert.equal((await upload({ name: name('Muziek'), kind: 'hold_music', user_id: u.id }, wav(), { token: u.token })).status, 403);
  const other = await member();
  assert.equal((await upload({ name: name('Niet de mijne'), kind: 'greeting', user_id: other.id }, wav(), { token: u.token })).status, 403);
  // it sees its own only, and listens to them
  const seen = (await s.req('GET', `${org}/media`, { token: u.token })).body.items;
  assert.deepEqual(seen.map((m) => m.id), [mine.body.id]);
  assert.equal((await sound(`${org}/media/${mine.body.id}/audio`, { token: u.token })).status, 200);
  const theirs = (await upload({ name: name('Receptie'), kind: 'greeting' }, wav())).body;
  assert.equal((await s.req('GET', `${org}/media/${theirs.id}`, { token: u.token })).status, 404);
  assert.equal((await s.req('DELETE', `${org}/media/${theirs.id}`, { token: u.token })).status, 404);
  assert.equal((await s.req('PATCH', `${org}/media/${mine.body.id}`, { token: u.token, body: { name: 'Afwezig' } })).status, 200);
  assert.equal((await s.req('DELETE', `${org}/media/${mine.body.id}`, { token: u.token })).status, 204);
});

test('an organization\'s media stay within its quota', async () => {
  const q = await startServer({ args: ['--media-quota', '1'] });
  try {
    const path = `/api/v1/orgs/${q.orgId}/media`;
    const put = (secs) => q.req('POST', `${path}?${new URLSearchParams({ name: `Muziek ${secs}`, kind: 'hold_music' })}`, { token: q.adminToken, raw: wav({ seconds: secs, rate: 8000, channels: 1 }), headers: { 'content-type': 'audio/wav' } });
    assert.equal((await put(8)).status, 201); // 8 s: 128 KB at 8 kHz, 256 KB at 16 kHz
    const r = await put(20);
    assert.equal(r.status, 422);
    assert.deepEqual([r.body.errors[0].field, r.body.errors[0].code], ['file', 'quota_exceeded']);
    assert.equal((await q.req('GET', path, { token: q.adminToken })).body.items.length, 1);
  } finally { await q.stop(); }
});

test('a user picks its own greeting; the route names it, the library says who uses it, and it is not deleted while used', async () => {
  const { reachable, tel, route } = telephonyKit(s);
  const u = await reachable();
  const mine = (await upload({ name: name('Afwezig'), kind: 'greeting', user_id: u.id }, wav({ seconds: 1 }), { token: u.token })).body;
  const cur = (await s.req('GET', tel(u), { token: u.token })).body;
  assert.equal(cur.voicemail.greeting_id, null);
  const r = await s.req('PUT', tel(u), { token: u.token, body: { voicemail: { ...cur.voicemail, greeting_id: mine.id } } });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.voicemail.greeting_id, mine.id);
  // but not its box or its PIN
  const box = await s.req('PUT', tel(u), { token: u.token, body: { voicemail: { box: '9999' } } });
  assert.equal(box.status, 403);
  const rt = await route(u.extensions[0]);
  const vm = rt.targets.find((x) => x.type === 'voicemail');
  assert.deepEqual(vm.greeting, { id: mine.id, url: `/api/v1/sip/media/${mine.id}` });
  assert.equal(vm.language, u.language);
  // hold music of the library, and what the library says of both
  const music = (await upload({ name: name('Jazz'), kind: 'hold_music' }, wav({ seconds: 2 }))).body;
  assert.equal((await adm('PUT', tel(u), { music_on_hold: music.id })).body.music_on_hold, music.id);
  const hello = (await upload({ name: name('Hallo'), kind: 'greeting' }, wav())).body;
  const wrong = await adm('PUT', tel(u), malformed({ music_on_hold: hello.id }));
  assert.deepEqual([wrong.status, wrong.body.errors[0].field, wrong.body.errors[0].code], [422, 'music_on_hold', 'wrong_kind']);
  const other = await reachable();
  const notHers = await adm('PUT', tel(other), { voicemail: { greeting_id: mine.id } });
  assert.deepEqual([notHers.status, notHers.body.errors[0].field, notHers.body.errors[0].code], [422, 'voicemail.greeting_id', 'not_found'], "another user's own greeting is not hers to use");
  const seen = (await adm('GET', `${org}/media/${music.id}`)).body;
  assert.deepEqual(seen.used_by, [{ type: 'user', id: u.id, name: `${u.first_name} ${u.last_name}`, as: 'hold_music' }]);
  assert.equal((await adm('GET', `${org}/media/${mine.id}`)).body.used_by[0].as, 'greeting');
  const del = await adm('DELETE', `${org}/media/${music.id}`);
  assert.equal(del.status, 409);
  assert.equal(del.body.code, 'in_use');
  await adm('PUT', tel(u), { music_on_hold: 'default' });
  assert.equal((await adm('DELETE', `${org}/media/${music.id}`)).status, 204);
});

test('an announcement as a number\'s destination, alone or when closed; not deleted while a number plays it', async () => {
  const { did, route } = telephonyKit(s);
  const ann = (await upload({ name: name('Gesloten'), kind: 'announcement' }, wav({ seconds: 2 }))).body;
  const greeting = (await upload({ name: name('Begroeting'), kind: 'greeting' }, wav())).body;
  const n = await did();
  const p = await adm('PATCH', `${org}/numbers/${n.id}`, { destination: { type: 'announcement', media_id: ann.id } });
  assert.equal(p.status, 200, JSON.stringify(p.body));
  let rt = await route(n.number);
  assert.deepEqual([rt.result, rt.rule, rt.destination], ['announcement', 'announcement', 'announcement']);
  assert.deepEqual(rt.targets, [{ type: 'announcement', media_id: ann.id, url: `/api/v1/sip/media/${ann.id}`, step: 1 }]);
  // closed: the announcement; a schedule never open
  const sc = (await adm('POST', `${org}/schedules`, { name: name('Nooit open') })).body;
  const u = (await adm('GET', `${org}/users?limit=1`)).body.items[0];
  assert.equal((await adm('PATCH', `${org}/numbers/${n.id}`, { destination: { type: 'schedule', schedule_id: sc.id, open: { type: 'user', id: u.id }, closed: { type: 'announcement', media_id: ann.id } } })).status, 200);
  rt = await route(n.number, '2027-03-01T10:00:00+01:00');
  assert.deepEqual([rt.schedule.state, rt.result, rt.targets[0].media_id], ['closed', 'announcement', ann.id]);
  const seen = (await adm('GET', `${org}/media/${ann.id}`)).body;
  assert.deepEqual(seen.used_by, [{ type: 'number', id: n.id, name: n.number, as: 'announcement' }]);
  const del = await adm('DELETE', `${org}/media/${ann.id}`);
  assert.deepEqual([del.status, del.body.code], [409, 'in_use']);
  // a greeting is not an announcement
  const wrong = await adm('PATCH', `${org}/numbers/${n.id}`, malformed({ destination: { type: 'announcement', media_id: greeting.id } }));
  assert.deepEqual([wrong.status, wrong.body.errors[0].field, wrong.body.errors[0].code], [422, 'destination.media_id', 'wrong_kind']);
});

test('hold music: the organization\'s, a user\'s own choice over it, named by the route; a box that only greets', async () => {
  const { reachable, tel, route } = telephonyKit(s);
  const u = await reachable();
  assert.deepEqual((await route(u.extensions[0])).music_on_hold, { source: 'default' });
  const music = (await upload({ name: name('Huismuziek'), kind: 'hold_music' }, wav({ seconds: 2 }))).body;
  const p = await adm('PATCH', org, { music_on_hold: music.id });
  assert.equal(p.status, 200, JSON.stringify(p.body));
  assert.equal(p.body.music_on_hold, music.id);
  assert.deepEqual((await route(u.extensions[0])).music_on_hold, { source: 'media', media_id: music.id, url: `/api/v1/sip/media/${music.id}` });
  assert.deepEqual((await adm('GET', `${org}/media/${music.id}`)).body.used_by, [{ type: 'org', id: s.orgId, name: (await adm('GET', org)).body.name, as: 'hold_music' }]);
  // the user's own choice goes first
  await adm('PUT', tel(u), { music_on_hold: 'silence' });
  assert.deepEqual((await route(u.extensions[0])).music_on_hold, { source: 'silence' });
  const greeting = (await upload({ name: name('Groet'), kind: 'greeting' }, wav())).body;
  const bad = await adm('PATCH', org, malformed({ music_on_hold: greeting.id }));
  assert.deepEqual([bad.status, bad.body.errors[0].field, bad.body.errors[0].code], [422, 'music_on_hold', 'wrong_kind']);
  assert.equal((await adm('DELETE', `${org}/media/${music.id}`)).status, 409, 'the organization plays it');
  assert.equal((await adm('PATCH', org, { music_on_hold: 'default' })).body.music_on_hold, 'default');
  // a box that plays its greeting and takes no message
  const r = await adm('PUT', tel(u), { voicemail: { record: false } });
  assert.equal(r.body.voicemail.record, false);
  const gone = await adm('PUT', tel(u), { availability: { reachable: false } });
  assert.equal(gone.status, 200);
  const vm = (await route(u.extensions[0])).targets.find((x) => x.type === 'voicemail');
  assert.equal(vm.record, false);
});
