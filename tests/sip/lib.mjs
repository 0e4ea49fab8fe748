// lib.mjs: what SIP tests share: free ports, a command run to its end, and
// a Kamailio run from the configuration `switchboard sip-config` writes, in
// front of a Switchboard started by tests/lib/server.mjs, with sipp and
// baresip as the phones. Every process is started by pid and stopped by
// pid (Kamailio's workers through its process group).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { createSocket } from 'node:dgram';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cli } from '../lib/server.mjs';

const here = dirname(fileURLToPath(import.meta.url));
export const SCENARIO = join(here, 'register.xml');
export const CALL = join(here, 'invite.xml');
export const KAMAILIO = process.env.KAMAILIO || '/usr/sbin/kamailio';
export const SIPP = process.env.SIPP || '/usr/bin/sipp';
export const BARESIP = process.env.BARESIP || '/usr/bin/baresip';
export const RTPENGINE = process.env.RTPENGINE || '/usr/bin/rtpengine';

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// A port free on 127.0.0.1 for both TCP and UDP (SIP listens on both).
export async function freePort() {
  for (;;) {
    const tcp = createServer();
    const port = await new Promise((resolve, reject) => {
      tcp.once('error', reject);
      tcp.listen(0, '127.0.0.1', () => resolve(tcp.address().port));
    });
    const udp = createSocket('udp4');
    const ok = await new Promise((resolve) => {
      udp.once('error', () => resolve(false));
      udp.bind(port, '127.0.0.1', () => resolve(true));
    });
    await new Promise((r) => tcp.close(r));
    if (ok) { await new Promise((r) => udp.close(r)); return port; }
    udp.close();
  }
}

// A port free for SIP (freePort) whose next one is free for TCP too:
// baresip listens for SIP over TLS on the port after its own.
export async function freePortPair() {
  for (;;) {
    const port = await freePort();
    const tcp = createServer();
    const ok = await new Promise((resolve) => {
      tcp.once('error', () => resolve(false));
      tcp.listen(port + 1, '127.0.0.1', () => resolve(true));
    });
    if (ok) { await new Promise((r) => tcp.close(r)); return port; }
  }
}

// Runs a command to its end (killed by pid after ms); {status, stdout, stderr}.
export function run(cmd, args, { cwd, ms = 30000 } = {}) {
  return new Promise((resolve) => {
    const p = spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (c) => { stdout += c; });
    p.stderr.on('data', (c) => { stderr += c; });
    const timer = setTimeout(() => p.kill('SIGKILL'), ms);
    p.on('error', (e) => { clearTimeout(timer); resolve({ status: -1, stdout, stderr: `${cmd}: ${e.message}` }); });
    p.on('close', (status, signal) => { clearTimeout(timer); resolve({ status, signal, stdout, stderr }); });
  });
}

// Polls fn until it returns something truthy, for at most ms; that value.
export async function until(what, fn, ms = 5000, every = 20) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(every);
  }
}

// A Kamailio on ports of its own in dir, configured for Switchboard s.
// Make it with ports first (new Kamailio(dir) and await k.ports()), so that
// the server can be started with k.rpcUrl, then k.configure(s).
export class Kamailio {
  constructor(dir) {
    this.dir = dir;
    this.log = '';
    this.seq = 0;
    this.proc = null;
  }

  async ports() {
    this.sipPort = await freePort();
    this.rpcPort = await freePort();
    while (this.rpcPort === this.sipPort) this.rpcPort = await freePort();
    this.rpcUrl = `http://127.0.0.1:${this.rpcPort}/RPC`;
  }

  // Kamailio's own principal: an API token with the sip.proxy right alone,
  // made as an installation script makes it; then the configuration, asking
  // url (s's own by default; several, comma-separated, are tried in turn).
  configure(s, url = s.url, extra = []) {
    const dbArgs = s.dbUrl ? ['--data', s.dataDir, '--db', s.dbUrl] : ['--data', s.dataDir];
    const t = cli(['token', 'create', ...dbArgs, '--org', s.platformId, '--name', 'kamailio', '--rights', 'sip.proxy']);
    assert.equal(t.status, 0, t.stderr);
    this.token = t.stdout.trim();
    writeFileSync(join(this.dir, 'token'), t.stdout, { mode: 0o600 });
    this.cfg = join(this.dir, 'kamailio.cfg');
    const g = cli(['sip-config', '--sip-listen', `127.0.0.1:${this.sipPort}`, '--rpc-listen', `127.0.0.1:${this.rpcPort}`,
      '--url', url, '--token-file', join(this.dir, 'token'), '--runtime-dir', this.dir, '--output', this.cfg,
      ...extra]);
    assert.equal(g.status, 0, g.stderr);
  }

  get running() {
    return this.proc && this.proc.exitCode === null && this.proc.signalCode === null;
  }

  // Starts it in the foreground (its own process group) and waits for its
  // JSON-RPC to answer.
  async start() {
    const p = spawn(KAMAILIO, ['-f', this.cfg, '-DD', '-E', '-n', '1'], { cwd: this.dir, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    this.proc = p;
    p.stdout.on('data', (c) => { this.log += c; });
    p.stderr.on('data', (c) => { this.log += c; });
    let version;
    for (let i = 0; i < 100 && !version; i++) {
      assert.equal(p.exitCode, null, `kamailio exited:\n${this.log}`);
      try { version = (await this.rpc('core.version')).result; } catch { await sleep(100); }
    }
    assert.match(version || '', /^kamailio 5\./, this.log);
  }

  // Stops it by its pid; its workers, in its process group, are killed if
  // they outlive it by 5 s. A frozen one is thawed first.
  async stop() {
    if (!this.running) return;
    this.thaw();
    const done = new Promise((r) => this.proc.once('exit', r));
    this.proc.kill('SIGTERM');
    const t = setTimeout(() => { try { process.kill(-this.proc.pid, 'SIGKILL'); } catch { /* gone */ } }, 5000);
    await done;
    clearTimeout(t);
    // the workers leave with the main process; wait until none is left
    await until('kamailio workers gone', () => {
      try { process.kill(-this.proc.pid, 0); return false; } catch { return true; }
    }, 6000, 50);
  }

  // Stops (SIGSTOP) and continues (SIGCONT) its whole process group: a
  // Kamailio that is up but does not answer.
  freeze() { process.kill(-this.proc.pid, 'SIGSTOP'); this.frozen = true; }
  thaw() {
    if (!this.frozen) return;
    this.frozen = false;
    try { process.kill(-this.proc.pid, 'SIGCONT'); } catch { /* gone */ }
  }

  // A JSON-RPC call over HTTP.
  async rpc(method, params = []) {
    const res = await fetch(this.rpcUrl, { method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', method, params, id: 1 }) });
    return res.json();
  }

  // Whether username has a registration here.
  async registered(username) {
    return !(await this.rpc('ul.lookup', ['location', username])).error;
  }

  // One REGISTER (answering a 401 with username and secret) over transport
  // (u1: UDP, t1: TCP), from port local (default: any free one); the status
  // codes Kamailio answered, in order.
  async register(username, secret, transport = 'u1', local = null) {
    this.seq += 1;
    const log = join(this.dir, `sipp-${this.seq}.log`);
    local = local || await freePort();
    const r = await run(SIPP, [`127.0.0.1:${this.sipPort}`, '-sf', SCENARIO, '-s', username, '-au', username,
      '-ap', secret, '-m', '1', '-i', '127.0.0.1', '-p', String(local), '-t', transport, '-nostdin',
      '-timeout', '15s', '-timeout_error', '-trace_msg', '-message_file', log], { cwd: this.dir });
    const text = existsSync(log) ? readFileSync(log, 'utf8') : '';
    const codes = [...text.matchAll(/^SIP\/2\.0 (\d{3})/gm)].map((m) => Number(m[1]));
    assert.equal(r.status, 0, `sipp exited ${r.status} (${codes}):\n${r.stderr}\n${text.slice(-2000)}\n${this.log.slice(-3000)}`);
    return codes;
  }

  // One INVITE from caller (answering the 407 with its secret) to callee;
  // the final status codes Kamailio answered, in order.
  async call(caller, secret, callee) {
    this.seq += 1;
    const log = join(this.dir, `sipp-${this.seq}.log`);
    const local = await freePort();
    const r = await run(SIPP, [`127.0.0.1:${this.sipPort}`, '-sf', CALL, '-s', caller, '-au', caller,
      '-ap', secret, '-key', 'callee', callee, '-m', '1', '-i', '127.0.0.1', '-p', String(local), '-t', 'u1',
      '-nostdin', '-timeout', '15s', '-timeout_error', '-trace_msg', '-message_file', log], { cwd: this.dir });
    const text = existsSync(log) ? readFileSync(log, 'utf8') : '';
    const codes = [...text.matchAll(/^SIP\/2\.0 (\d{3})/gm)].map((m) => Number(m[1])).filter((c) => c !== 100);
    assert.equal(r.status, 0, `sipp exited ${r.status} (${codes}):\n${r.stderr}\n${text.slice(-2000)}\n${this.log.slice(-3000)}`);
    return codes;
  }

  // Baresip, a real softphone, registered as username for seconds (it
  // quits by itself, or is killed by pid); resolves to its output. account,
  // when given, is its whole accounts line instead (a configuration made
  // from elsewhere, such as a provisioning file).
  async baresip(username, secret, seconds = 3, account = null) {
    this.seq += 1;
    const conf = join(this.dir, `baresip-${this.seq}`);
    mkdirSync(conf);
    const port = await freePortPair();
    writeFileSync(join(conf, 'config'), [
      `sip_listen 127.0.0.1:${port}`,
      'module_path /usr/lib/baresip/modules',
      'module account.so',
      'module g711.so',
      'audio_player none',
      'audio_source none',
      'audio_alert none',
      'video_display none',
      'video_source none',
      '',
    ].join('\n'));
    writeFileSync(join(conf, 'accounts'),
      `${account || `<sip:${username}@127.0.0.1:${this.sipPort};transport=udp>;auth_pass=${secret};regint=60`}\n`);
    const r = await run(BARESIP, ['-f', conf, '-s', '-t', String(seconds)], { cwd: conf, ms: (seconds + 17) * 1000 });
    return r.stdout + r.stderr;
  }
}

// rtpengine, the media relay, in the foreground on 127.0.0.1 without its
// kernel module: its ng control socket on a free port, media on ports
// from a range of its own. Stopped by its pid.
export class Rtpengine {
  constructor(dir) {
    this.dir = dir;
    this.log = '';
    this.proc = null;
  }

  async start() {
    this.ngPort = await freePort();
    // a range of 200 ports (rtpengine takes a free one of them for each
    // stream) in the unprivileged range below Linux's ephemeral ports
    const base = 20000 + 200 * Math.floor(Math.random() * 50);
    const p = spawn(RTPENGINE, ['--foreground', '--log-stderr', '--no-log-timestamps', '--table=-1',
      '--interface=127.0.0.1', `--listen-ng=127.0.0.1:${this.ngPort}`, `--port-min=${base}`,
      `--port-max=${base + 199}`, '--log-level=6', '--delete-delay=0'],
    { cwd: this.dir, stdio: ['ignore', 'pipe', 'pipe'] });
    this.proc = p;
    p.stdout.on('data', (c) => { this.log += c; });
    p.stderr.on('data', (c) => { this.log += c; });
    await until('rtpengine listening', () => {
      assert.equal(p.exitCode, null, `rtpengine exited:\n${this.log}`);
      return /Startup complete|listening/i.test(this.log);
    }, 10000, 50);
  }

  async stop() {
    if (!this.proc || this.proc.exitCode !== null || this.proc.signalCode !== null) return;
    const done = new Promise((r) => this.proc.once('exit', r));
    this.proc.kill('SIGTERM');
    const t = setTimeout(() => this.proc.kill('SIGKILL'), 5000);
    await done;
    clearTimeout(t);
  }
}

// A UDP socket on a free port where a phone's SDP says its media arrives:
// .packets are the RTP packets received, {at (ms), pt, payload}.
export async function rtpSink() {
  const port = await freePort();
  const sock = createSocket('udp4');
  const packets = [];
  sock.on('message', (m) => {
    if (m.length < 12 || (m[0] >> 6) !== 2) return; // not RTP (RTCP goes to port + 1)
    const cc = m[0] & 0x0f;
    packets.push({ at: Date.now(), pt: m[1] & 0x7f, payload: m.subarray(12 + 4 * cc) });
  });
  await new Promise((r) => sock.bind(port, '127.0.0.1', r));
  return { port, packets, close: () => new Promise((r) => sock.close(r)) };
}

// G.711 mu-law (RFC 3551 4.5.14) to linear 16-bit samples.
export function ulawDecode(buf) {
  const out = new Float64Array(buf.length);
  for (let i = 0; i < buf.length; i++) {
    const u = ~buf[i] & 0xff;
    const t = (((u & 0x0f) << 3) + 0x84) << ((u & 0x70) >> 4);
    out[i] = (u & 0x80 ? 0x84 - t : t - 0x84);
  }
  return out;
}

// How much of the sound's power is at hz (Goertzel), from 0 to 1, and its
// RMS level.
export function toneShare(samples, hz, rate = 8000) {
  const w = (2 * Math.PI * hz) / rate;
  let s1 = 0;
  let s2 = 0;
  let energy = 0;
  for (const x of samples) {
    const s0 = x + 2 * Math.cos(w) * s1 - s2;
    s2 = s1;
    s1 = s0;
    energy += x * x;
  }
  const power = s1 * s1 + s2 * s2 - 2 * Math.cos(w) * s1 * s2;
  const n = samples.length;
  return { share: energy ? (2 * power) / (n * energy) : 0, rms: Math.sqrt(energy / Math.max(n, 1)) };
}
