// hold.test.mjs: hold music that plays (issue 14, section 5). A real
// Kamailio runs the kamailio.cfg of `switchboard sip-config --rtpengine`,
// so every call's media passes through a real rtpengine; Switchboard keeps
// the hold music rtpengine plays (serve --hold-music-dir). sipp plays both
// phones (hold-caller.xml, hold-callee.xml), and the test listens where
// their SDP says their media arrives. Checked, on the RTP each phone
// received: the party put on hold hears the music of the party that held
// it (the caller's own upload, a 1 kHz tone; the default tune for the
// callee, who chose none), both for a hold offered sendonly and one offered
// inactive; nothing plays once it is taken back. Every process is stopped
// by pid.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, newUser } from '../lib/server.mjs';
import { Kamailio, Rtpengine, SIPP, freePort, rtpSink, ulawDecode, toneShare } from './lib.mjs';
import { wav } from '../lib/audio.mjs';

const here = dirname(fileURLToPath(import.meta.url));
let dir;
let s;
let kam;
let rtpe;
let org;
let holdDir;
const adm = (method, path, body) => s.req(method, path, { token: s.adminToken, body });

// Runs sipp to its end (killed by pid after 60 s); {status, log}.
function sipp(args, log) {
  const p = spawn(SIPP, [...args, '-i', '127.0.0.1', '-t', 'u1', '-nostdin', '-timeout', '60s',
    '-timeout_error', '-trace_msg', '-message_file', log], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  p.stderr.on('data', (c) => { err += c; });
  const timer = setTimeout(() => p.kill('SIGKILL'), 60000);
  return new Promise((resolve) => p.on('close', (status) => {
    clearTimeout(timer);
    resolve({ status, log: (existsSync(log) ? readFileSync(log, 'utf8') : '') + err });
  }));
}

// A user with one desk phone account: {user, ext, account}.
async function person() {
  const u = await adm('POST', `${org}/users`, newUser({ extension: 'auto' }));
  assert.equal(u.status, 201, JSON.stringify(u.body));
  const a = await adm('POST', `${org}/users/${u.body.id}/sip-accounts`, { kind: 'desk' });
  assert.equal(a.status, 201, JSON.stringify(a.body));
  const t = await adm('PUT', `${org}/users/${u.body.id}/telephony`, { availability: { reachable: true, destination: a.body.id } });
  assert.equal(t.status, 200, JSON.stringify(t.body));
  return { user: u.body, ext: u.body.extensions[0], account: a.body };
}

// The packets of a stretch of continuous RTP (gaps under 500 ms), each
// stretch as {from, to, packets}.
function stretches(packets) {
  const out = [];
  for (const p of packets) {
    const last = out[out.length - 1];
    if (last && p.at - last.to < 500) { last.to = p.at; last.packets.push(p); } else out.push({ from: p.at, to: p.at, packets: [p] });
  }
  return out;
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sb-hold-'));
  holdDir = join(dir, 'hold-music');
  s = await startServer({ args: ['--hold-music-dir', holdDir] });
  org = `/api/v1/orgs/${s.orgId}`;
  rtpe = new Rtpengine(dir);
  await rtpe.start();
  kam = new Kamailio(dir);
  await kam.ports();
  kam.configure(s, s.url, ['--rtpengine', `127.0.0.1:${rtpe.ngPort}`]);
  await kam.start();
});

after(async () => {
  if (kam) await kam.stop();
  if (rtpe) await rtpe.stop();
  await s.stop();
  if (process.env.SB_KEEP) console.log(`kept ${dir}\n${kam && kam.log.slice(-6000)}\n${rtpe && rtpe.log.slice(-4000)}`);
  else rmSync(dir, { recursive: true, force: true });
});

test('a party put on hold hears the music of whoever held it, and nothing once taken back', async () => {
  const a = await person();
  const b = await person();
  // the caller's own hold music: a 1 kHz tone it uploaded; the callee
  // chose none, and neither did the organization: the default tune
  const up = await s.req('POST', `${org}/media?${new URLSearchParams({ name: 'Toon', kind: 'hold_music' })}`, { token: s.adminToken,
    raw: wav({ seconds: 4, rate: 16000, channels: 1, hz: 1000, amplitude: 0.4 }), headers: { 'content-type': 'audio/wav' } });
  assert.equal(up.status, 201, JSON.stringify(up.body));
  const t = await adm('PUT', `${org}/users/${a.user.id}/telephony`, { music_on_hold: up.body.id });
  assert.equal(t.status, 200, JSON.stringify(t.body));

  const calleePort = await freePort();
  assert.deepEqual(await kam.register(b.account.username, b.account.secret, 'u1', calleePort), [401, 200]);
  const rtpA = await rtpSink();
  const rtpB = await rtpSink();
  try {
    const callee = sipp(['-sf', join(here, 'hold-callee.xml'), '-s', b.account.username, '-key', 'rtp', String(rtpB.port),
      '-m', '1', '-p', String(calleePort)], join(dir, 'callee.log'));
    await new Promise((r) => setTimeout(r, 200)); // listening
    const caller = await sipp([`127.0.0.1:${kam.sipPort}`, '-sf', join(here, 'hold-caller.xml'), '-s', a.account.username,
      '-au', a.account.username, '-ap', a.account.secret, '-key', 'callee', b.ext, '-key', 'rtp', String(rtpA.port),
      '-m', '1', '-p', String(await freePort())], join(dir, 'caller.log'));
    const cal = await callee;
    assert.equal(caller.status, 0, `caller: ${caller.log.slice(-3000)}\n${kam.log.slice(-4000)}\n${rtpe.log.slice(-3000)}`);
    assert.equal(cal.status, 0, `callee: ${cal.log.slice(-3000)}`);
  } finally {
    await rtpA.close();
    await rtpB.close();
  }

  // the callee, held by the caller (sendonly) for 3 s: one stretch of
  // music, 20 ms packets of PCMU, the caller's tone
  const heldB = stretches(rtpB.packets);
  assert.equal(heldB.length, 1, `the callee heard music once: ${heldB.map((x) => `${x.packets.length} packets`)}\n${rtpe.log.slice(-3000)}`);
  const [mb] = heldB;
  assert.ok(mb.packets.length >= 110 && mb.packets.length <= 190, `${mb.packets.length} packets in ${mb.to - mb.from} ms`);
  assert.ok(mb.packets.every((p) => p.pt === 0 && p.payload.length === 160));
  const toneB = toneShare(ulawDecode(Buffer.concat(mb.packets.slice(10, 60).map((p) => p.payload))), 1000);
  assert.ok(toneB.share > 0.8 && toneB.rms > 2000, `the caller's tone: ${JSON.stringify(toneB)}`);

  // the caller, held by the callee (inactive) for 3 s: the default tune,
  // which is music, not the caller's tone, and not silence
  const heldA = stretches(rtpA.packets);
  assert.equal(heldA.length, 1, `the caller heard music once: ${heldA.map((x) => `${x.packets.length} packets`)}`);
  const [ma] = heldA;
  assert.ok(ma.packets.length >= 110 && ma.packets.length <= 190, `${ma.packets.length} packets in ${ma.to - ma.from} ms`);
  assert.ok(ma.from > mb.to + 1000, 'after the callee was taken back');
  const tune = toneShare(ulawDecode(Buffer.concat(ma.packets.slice(10, 110).map((p) => p.payload))), 1000);
  assert.ok(tune.rms > 500 && tune.share < 0.1, `the default tune: ${JSON.stringify(tune)}`);

  // what rtpengine played is what Switchboard keeps for it
  assert.ok(existsSync(join(holdDir, `${up.body.id}.wav`)));
  assert.ok(existsSync(join(holdDir, 'default.wav')));
});
