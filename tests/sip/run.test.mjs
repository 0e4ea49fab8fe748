// run.test.mjs: what `make run` does after the build (scripts/run.sh),
// on free ports and a fresh data directory: it prints the administrator's
// sign-in and softphone account, runs Kamailio and rtpengine beside the
// server, and says where the registrar is; the softphone registers there
// with the printed credentials at once; Ctrl-C (SIGINT) stops them all. Run twice, it prints
// no credentials again and keeps its token.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BIN } from '../lib/server.mjs';
import { freePort, run, until, SIPP, SCENARIO } from './lib.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

// scripts/run.sh in its own process group; resolves once it printed re.
async function start(data, ports, re) {
  const p = spawn('bash', [join(root, 'scripts', 'run.sh'), dirname(BIN), data, `127.0.0.1:${ports.http}`, 'admin@example.com'], {
    env: { ...process.env, SIP_LISTEN: `127.0.0.1:${ports.sip}`, RPC_LISTEN: `127.0.0.1:${ports.rpc}`, RTPENGINE_NG: `127.0.0.1:${ports.ng}` },
    stdio: ['ignore', 'pipe', 'pipe'], detached: true,
  });
  p.out = '';
  p.stdout.on('data', (c) => { p.out += c; });
  p.stderr.on('data', (c) => { p.out += c; });
  p.ended = new Promise((r) => p.once('exit', (code, signal) => r({ code, signal })));
  await until(`run.sh printing ${re}`, () => re.test(p.out) || p.exitCode !== null, 20000, 50);
  assert.match(p.out, re);
  return p;
}

// The processes still running with this data directory on their command
// line (its Kamailio, rtpengine and server), from /proc.
function pids(data) {
  return readdirSync('/proc').filter((d) => /^\d+$/.test(d)).filter((pid) => {
    try { return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(data); } catch { return false; }
  });
}

test('make run: the softphone printed registers at the registrar printed; Ctrl-C stops them all', async () => {
  const data = mkdtempSync(join(tmpdir(), 'sb-run-'));
  const ports = { http: await freePort(), sip: await freePort(), rpc: await freePort(), ng: await freePort() };
  let p;
  try {
    p = await start(data, ports, /Ctrl-C stops it/);
    // the sign-in comes last, after the servers' own lines, with the URL
    const last = p.out.slice(p.out.lastIndexOf('== Switchboard runs'));
    assert.match(last, new RegExp(`^== Switchboard runs: open http://127\\.0\\.0\\.1:${ports.http}`));
    assert.match(last, /password:\s+\S{12,}/);
    const phone = p.out.match(/softphone account:\s+username (\S+), password (\S+) \(extension (\d+)\)/);
    assert.ok(phone, p.out);
    assert.match(p.out, new RegExp(`SIP registrar: sip:127\\.0\\.0\\.1:${ports.sip} \\(UDP and TCP\\)`));
    // the media relay runs, Kamailio uses it, and the default hold music is ready
    assert.match(p.out, new RegExp(`Media relay: rtpengine, ng on 127\\.0\\.0\\.1:${ports.ng}`));
    assert.match(readFileSync(join(data, 'kamailio', 'kamailio.cfg'), 'utf8'), new RegExp(`#!define SB_RTPENGINE "udp:127\\.0\\.0\\.1:${ports.ng}"`));
    assert.ok(existsSync(join(data, 'hold-music', 'default.wav')), `${readdirSync(data)}\n${p.out}`);
    assert.ok(statSync(join(data, 'hold-music', 'default.wav')).size > 100000);
    const [, username, secret] = phone;
    const log = join(data, 'register.log');
    const r = await run(SIPP, [`127.0.0.1:${ports.sip}`, '-sf', SCENARIO, '-s', username, '-au', username, '-ap', secret,
      '-m', '1', '-i', '127.0.0.1', '-p', String(await freePort()), '-t', 'u1', '-nostdin', '-timeout', '10s',
      '-trace_msg', '-message_file', log]);
    assert.equal(r.status, 0, `${r.stderr}\n${p.out}`);
    assert.deepEqual([...readFileSync(log, 'utf8').matchAll(/^SIP\/2\.0 (\d{3})/gm)].map((m) => Number(m[1])), [401, 200]);
    assert.equal(statSync(join(data, 'kamailio.token')).mode & 0o777, 0o600);
    const token = readFileSync(join(data, 'kamailio.token'), 'utf8');
    process.kill(-p.pid, 'SIGINT');
    await p.ended;
    assert.deepEqual(pids(data), []);
    // again: no credentials printed, the same token
    p = await start(data, ports, /Ctrl-C stops it/);
    assert.doesNotMatch(p.out, /password:|softphone account:/);
    // and says how to get in again: the command it names prints a link
    const cmd = p.out.match(/switchboard user reset-password (\S+) --data (\S+)/);
    assert.ok(cmd, p.out);
    const link = await run(BIN, ['user', 'reset-password', cmd[1], '--data', cmd[2], '--public-url', `http://127.0.0.1:${ports.http}/`]);
    assert.equal(link.status, 0, link.stderr);
    assert.match(link.stdout, new RegExp(`http://127\\.0\\.0\\.1:${ports.http}/set-password\\?token=[A-Za-z0-9_-]{40,}`));
    assert.equal(readFileSync(join(data, 'kamailio.token'), 'utf8'), token);
    process.kill(-p.pid, 'SIGINT');
    await p.ended;
    p = null;
  } finally {
    if (p && p.exitCode === null) { try { process.kill(-p.pid, 'SIGKILL'); } catch { /* gone */ } }
    rmSync(data, { recursive: true, force: true });
  }
});
