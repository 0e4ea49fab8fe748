// holdmusic.test.mjs: the hold music rtpengine plays (issue 14, section 5),
// as Switchboard keeps it (serve --hold-music-dir) and names it in the SIP
// proxy's route answer: the caller's choice (caller.music_on_hold) and the
// callee's (music_on_hold), each with the file to play, written before the
// answer and the same sound GET /sip/media/{id} serves; the organization's
// for a hunt group; no file for silence or for a preview; a directory the
// server cannot use stops it at the start.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, BIN } from '../lib/server.mjs';
import { telephonyKit } from '../lib/telephony.mjs';
import { wav, wavInfo } from '../lib/audio.mjs';

let s;
let dir;
let holdDir;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sb-holdmusic-'));
  holdDir = join(dir, 'hold');
  s = await startServer({ args: ['--hold-music-dir', holdDir] });
});
after(async () => {
  await s.stop();
  rmSync(dir, { recursive: true, force: true });
});

const sipRoute = async (q) => {
  const r = await s.req('GET', `/api/v1/sip/route?${new URLSearchParams(q)}`, { token: s.adminToken });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body;
};
const upload = async (name, data) => {
  const r = await s.req('POST', `/api/v1/orgs/${s.orgId}/media?${new URLSearchParams({ name, kind: 'hold_music' })}`,
    { token: s.adminToken, raw: data, headers: { 'content-type': 'audio/wav' } });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body;
};

test('the route answer names the file of each party\'s hold music, written before it answers', async () => {
  const { org, adm, tel, reachable } = telephonyKit(s);
  // the default tune is there from the start
  const tune = readFileSync(join(holdDir, 'default.wav'));
  assert.deepEqual(wavInfo(tune), { format: 1, channels: 1, rate: 16000, bits: 16, seconds: 19.2 });
  const a = await reachable();
  const b = await reachable();
  const music = await upload('Jazz', wav({ seconds: 2, rate: 44100, channels: 2, hz: 523 }));
  const file = join(holdDir, `${music.id}.wav`);
  assert.ok(!existsSync(file), 'written when a call needs it');
  assert.equal((await adm('PUT', tel(a), { music_on_hold: music.id })).status, 200);

  const rt = await sipRoute({ caller: a.desk.username, number: b.extensions[0] });
  assert.equal(rt.result, 'ring');
  // what b hears when a holds it: a's music; what a hears: b's (the default)
  assert.deepEqual(rt.caller.music_on_hold, { source: 'media', media_id: music.id, url: `/api/v1/sip/media/${music.id}`, file });
  assert.deepEqual(rt.music_on_hold, { source: 'default', file: join(holdDir, 'default.wav') });
  // the very sound the media server fetches, at 16 kHz
  const served = await fetch(`${s.url}/api/v1/sip/media/${music.id}?rate=16000`, { headers: { authorization: `Bearer ${s.adminToken}` } });
  assert.equal(served.status, 200);
  assert.deepEqual(readFileSync(file), Buffer.from(await served.arrayBuffer()));

  // silence plays nothing: no file
  assert.equal((await adm('PUT', tel(b), { music_on_hold: 'silence' })).status, 200);
  assert.deepEqual((await sipRoute({ caller: a.desk.username, number: b.extensions[0] })).music_on_hold, { source: 'silence' });
  // a hunt group: the organization's music
  assert.equal((await adm('PATCH', org, { music_on_hold: music.id })).status, 200);
  const g = await adm('POST', `${org}/hunt-groups`, { name: 'Balie', extension: 'auto', strategy: 'ring_all', members: [{ type: 'user', id: b.id }] });
  assert.equal(g.status, 201, JSON.stringify(g.body));
  const viaGroup = await sipRoute({ caller: a.desk.username, number: g.body.extension });
  assert.deepEqual(viaGroup.music_on_hold, { source: 'media', media_id: music.id, url: `/api/v1/sip/media/${music.id}`, file });
  // a preview names what would play, but no file: nothing is written for it
  const preview = (await adm('GET', `${org}/route?number=${encodeURIComponent(a.extensions[0])}`)).body;
  assert.deepEqual(preview.music_on_hold, { source: 'media', media_id: music.id, url: `/api/v1/sip/media/${music.id}` });
  assert.equal((await adm('PATCH', org, { music_on_hold: 'default' })).status, 200);
});

test('a hold music directory the server cannot use stops it at the start, saying why', () => {
  const db = s.dbUrl ? ['--db', s.dbUrl] : [];
  const serve = (d) => spawnSync(BIN, ['serve', '--data', s.dataDir, ...db, '--listen', '127.0.0.1:0', '--hold-music-dir', d], { encoding: 'utf8', timeout: 10000 });
  const rel = serve('hold-music');
  assert.equal(rel.status, 2);
  assert.match(rel.stderr, /--hold-music-dir wants an absolute path/);
  const notDir = join(dir, 'a-file');
  writeFileSync(notDir, 'x');
  const bad = serve(join(notDir, 'hold'));
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /cannot make .*a-file\/hold: Not a directory/);
});
