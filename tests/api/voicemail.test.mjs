// voicemail.test.mjs: voicemail messages (issue 14, section 2): the media
// server posts what it recorded for a box, the user lists, hears, marks and
// deletes its own (nobody else sees them), a caller's PIN is checked and
// throttled, and messages past the organization's retention are purged.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, malformed } from '../lib/server.mjs';
import { telephonyKit } from '../lib/telephony.mjs';
import { wav, wavInfo, multipart } from '../lib/audio.mjs';
import { startSmtpSink, parseMessage } from '../lib/smtp.mjs';

let s, org, adm, reachable, tel;
before(async () => {
  s = await startServer({ args: ['--purge-interval', '1'] });
  ({ org, adm, reachable, tel } = telephonyKit(s));
});
after(async () => { await s.stop(); });

// The media server's post: a form with the box and the recording.
const deposit = (fields, data = wav({ seconds: 2, rate: 8000, channels: 1 })) => {
  const [type, body] = multipart(fields, { name: 'message.wav', type: 'audio/wav', data });
  return s.req('POST', '/api/v1/sip/voicemail', { token: s.adminToken, raw: body, headers: { 'content-type': type } });
};
const box = (u) => `${org}/users/${u.id}/voicemail`;

test('a message left in a box: the user lists it as new, hears it, marks it heard, deletes it', async () => {
  const u = await reachable();
  const r = await deposit({ org_id: s.orgId, box: u.extensions[0], caller: '+31612345678', caller_name: 'Piet', received_at: '2027-03-01T10:15:00+01:00' });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.equal(r.body.user_id, u.id);
  assert.equal(r.body.duration_ms, 2000);
  assert.equal(r.body.received_at, '2027-03-01T09:15:00.000Z');
  assert.equal(r.body.heard, false);
  const mine = (body) => s.req('GET', box(u), { token: u.token, body });
  let l = await mine();
  assert.equal(l.status, 200);
  assert.equal(l.body.new_count, 1);
  assert.deepEqual(l.body.items.map((m) => [m.id, m.caller, m.caller_name]), [[r.body.id, '+31612345678', 'Piet']]);
  const a = await fetch(`${s.url}${box(u)}/${r.body.id}/audio`, { headers: { authorization: `Bearer ${u.token}` } });
  assert.equal(a.status, 200);
  assert.equal(a.headers.get('content-type'), 'audio/wav');
  assert.equal(wavInfo(Buffer.from(await a.arrayBuffer())).rate, 8000);
  const p = await s.req('PATCH', `${box(u)}/${r.body.id}`, { token: u.token, body: { heard: true } });
  assert.equal(p.status, 200);
  assert.equal(p.body.heard, true);
  assert.equal((await mine()).body.new_count, 0);
  // nobody else sees the box, not even an administrator
  const other = await reachable();
  assert.equal((await s.req('GET', box(u), { token: other.token })).status, 404);
  assert.equal((await adm('GET', box(u))).status, 404);
  assert.equal((await s.req('DELETE', `${box(u)}/${r.body.id}`, { token: other.token })).status, 404);
  assert.equal((await s.req('DELETE', `${box(u)}/${r.body.id}`, { token: u.token })).status, 204);
  assert.deepEqual((await mine()).body.items, []);
});

test('a post the media server gets wrong is a 422 naming the field, and a user is not the media server', async () => {
  const u = await reachable();
  const bad = [
    [{ org_id: s.orgId, box: '99999999' }, undefined, 'box', 'not_found'],
    [{ org_id: s.orgId, box: u.extensions[0], received_at: 'gisteren' }, undefined, 'received_at', 'invalid'],
    [{ org_id: s.orgId, box: u.extensions[0] }, Buffer.from('no sound'), 'file', 'not_audio'],
    [{ org_id: '01890000-0000-7000-8000-000000000000', box: u.extensions[0] }, undefined, 'org_id', 'not_found'],
  ];
  for (const [fields, data, field, code] of bad) {
    const r = await deposit(fields, data);
    assert.equal(r.status, 422, JSON.stringify(fields));
    assert.ok(r.body.errors.some((e) => e.field === field && e.code === code), JSON.stringify(r.body.errors));
  }
  const [type, body] = multipart({ org_id: s.orgId, box: u.extensions[0] }, { name: 'm.wav', type: 'audio/wav', data: wav() });
  const r = await s.req('POST', '/api/v1/sip/voicemail', { token: u.token, raw: body, headers: { 'content-type': type } });
  assert.equal(r.status, 403);
  assert.deepEqual((await s.req('GET', box(u), { token: u.token })).body.items, []);
});

test('the media server checks a caller\'s PIN; wrong ones are throttled', async () => {
  const u = await reachable(); // PIN 80417 (telephonyKit)
  const pin = (p) => adm('POST', `/api/v1/sip/voicemail/${u.extensions[0]}/pin`, { org_id: s.orgId, pin: p });
  const ok = await pin('80417');
  assert.deepEqual([ok.status, ok.body.valid], [200, true]);
  let r;
  for (let i = 0; i < 5; i++) {
    r = await pin('11111');
    if (r.status === 429) break;
    assert.deepEqual([r.status, r.body.code], [403, 'pin_wrong']);
  }
  r = await pin('80417');
  assert.equal(r.status, 429, 'locked: even the right PIN waits');
  assert.ok(Number(r.headers.get('retry-after')) >= 1);
  const none = await adm('POST', '/api/v1/sip/voicemail/99999999/pin', { org_id: s.orgId, pin: '1234' });
  assert.deepEqual([none.status, none.body.code], [404, 'no_such_box']);
});

test('messages past the organization\'s retention are purged', async () => {
  const u = await reachable();
  assert.equal((await adm('PATCH', org, { voicemail_retention_days: 2 })).body.voicemail_retention_days, 2);
  const old = new Date(Date.now() - 3 * 86400000).toISOString();
  const keep = new Date(Date.now() - 86400000).toISOString();
  assert.equal((await deposit({ org_id: s.orgId, box: u.extensions[0], received_at: old })).status, 201);
  assert.equal((await deposit({ org_id: s.orgId, box: u.extensions[0], received_at: keep })).status, 201);
  let items;
  for (let i = 0; i < 50; i++) {
    items = (await s.req('GET', box(u), { token: u.token })).body.items;
    if (items.length === 1) break;
    await new Promise((res) => setTimeout(res, 100));
  }
  assert.deepEqual(items.map((m) => m.received_at), [new Date(keep).toISOString()]);
  const bad = await adm('PATCH', org, malformed({ voicemail_retention_days: 0 }));
  assert.deepEqual([bad.status, bad.body.errors[0].field], [422, 'voicemail_retention_days']);
  await adm('PATCH', org, { voicemail_retention_days: 30 });
});

test('the box\'s notification address gets a mail in the user\'s language with the message attached as WAV', async () => {
  const sink = await startSmtpSink();
  const m = await startServer({ args: ['--smtp-url', `smtp://127.0.0.1:${sink.port}`] });
  try {
    const kit = telephonyKit(m);
    const u = await kit.reachable();
    assert.equal((await kit.adm('PUT', kit.tel(u), { language: 'nl', voicemail: { email: 'box@example.com' } })).status, 200);
    const [type, body] = multipart({ org_id: m.orgId, box: u.extensions[0], caller: '+31612345678', caller_name: 'Piet Bakker', received_at: '2027-03-02T15:40:00Z' },
      { name: 'm.wav', type: 'audio/wav', data: wav({ seconds: 3, rate: 8000, channels: 1 }) });
    assert.equal((await m.req('POST', '/api/v1/sip/voicemail', { token: m.adminToken, raw: body, headers: { 'content-type': type } })).status, 201);
    const mail = await sink.waitFor((x) => x.rcpt.includes('box@example.com'), 15000);
    assert.equal(mail.subject, 'Nieuw voicemailbericht van Piet Bakker (+31612345678)');
    const boundary = /boundary="([^"]+)"/.exec(mail.headers['content-type'])[1];
    const parts = mail.raw.split(`--${boundary}`).slice(1, -1).map((p) => parseMessage(Buffer.from(p.replace(/^\r\n/, ''), 'utf8')));
    assert.match(parts[0].body, /Piet Bakker \(\+31612345678\) heeft op 2 maart 2027 om 16:40 een bericht van 3 seconden voor je ingesproken\./);
    assert.match(parts[0].body, /http:\/\/portal\.test\/voicemail/);
    assert.match(parts[1].headers['content-disposition'], /attachment; filename="voicemail.wav"/);
    const att = Buffer.from(mail.raw.split(`--${boundary}`)[2].split('\r\n\r\n').slice(1).join('').replace(/\s+/g, ''), 'base64');
    const info = wavInfo(att);
    assert.deepEqual([info.rate, info.channels, Math.round(info.seconds)], [8000, 1, 3]);
  } finally { await m.stop(); await sink.stop(); }
});

test('a user changes its own box\'s PIN, and the media server takes the new one; nothing else of the box', async () => {
  const u = await reachable();
  const mine = (body) => s.req('PUT', tel(u), { token: u.token, body });
  const r = await mine({ voicemail: { pin: '29573' } });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.voicemail.pin_set, true);
  const check = (pin) => adm('POST', `/api/v1/sip/voicemail/${u.extensions[0]}/pin`, { org_id: s.orgId, pin });
  assert.equal((await check('29573')).status, 200);
  assert.equal((await check('80417')).status, 403, 'the old PIN no longer opens it');
  const weak = await mine({ voicemail: { pin: '1234' } });
  assert.deepEqual([weak.status, weak.body.errors[0].field, weak.body.errors[0].code], [422, 'voicemail.pin', 'weak']);
  assert.equal((await mine({ voicemail: { box: '99999' } })).status, 403);
  assert.equal((await mine({ voicemail: { enabled: false } })).status, 403);
});
