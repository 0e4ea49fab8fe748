// server.mjs: starts the real switchboard binary for black-box tests.
//
// Each server gets a fresh data directory, a free port on 127.0.0.1 (the
// server binds port 0 and prints the URL it got) and is stopped by its pid.
// `startServer()` runs `switchboard init` first and returns the admin's
// sign-in, the platform and demo organization ids, and helpers to call the API.
import { spawn, spawnSync } from 'node:child_process';
import { request as httpsRequest } from 'node:https';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkRequest, checkResponse, reportRequest } from './openapi.mjs';

export { malformed } from './openapi.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = process.env.SWITCHBOARD_BIN || join(root, 'build', 'switchboard');

// With SWITCHBOARD_TEST_PG (a server URL without a database name, such as
// postgres://postgres@127.0.0.1:5432) every server gets a fresh PostgreSQL
// database instead of a SQLite file; it is dropped when the server stops.
export const PG = process.env.SWITCHBOARD_TEST_PG || '';
export const BACKEND = PG ? 'postgres' : 'sqlite';
let dbSeq = 0;

function psql(url, args) {
  const r = spawnSync('psql', [url, '-qAt', ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`psql: ${r.stderr}`);
  return r.stdout;
}

export function createPgDatabase() {
  dbSeq += 1;
  const name = `sb_${process.pid}_${dbSeq}_${Date.now().toString(36)}`;
  psql(`${PG}/postgres`, ['-c', `CREATE DATABASE ${name}`]);
  return { name, url: `${PG}/${name}`, drop: () => psql(`${PG}/postgres`, ['-c', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`]) };
}

// Restarts the test cluster (tests/pg.sh exports PG_DIR), as the postgres
// user when we are root. Resolves when it accepts connections again.
export function pgRestart() {
  const bin = spawnSync('sh', ['-c', 'ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1'], { encoding: 'utf8' }).stdout.trim();
  // -l: the restarted server must not inherit (and hold open) our pipes
  const cmd = [`${bin}/pg_ctl`, '-D', `${process.env.PG_DIR}/data`, '-l', `${process.env.PG_DIR}/server.log`,
    '-m', 'fast', '-w', 'restart'];
  const o = { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] };
  const r = process.getuid() === 0
    ? spawnSync('runuser', ['-u', 'postgres', '--', ...cmd], o)
    : spawnSync(cmd[0], cmd.slice(1), o);
  if (r.status !== 0) throw new Error(`pg_ctl restart: ${r.stderr}`);
}

// Runs SQL on a server's database (sqlite3 or psql); returns the output.
export function sql(server, query) {
  if (server.dbUrl) return psql(server.dbUrl, ['-c', query]);
  const r = spawnSync('sqlite3', [join(server.dataDir, 'switchboard.db'), query], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`sqlite3: ${r.stderr}`);
  return r.stdout;
}

// Runs a CLI subcommand synchronously; returns {status, stdout, stderr}.
export function cli(args, env = {}) {
  const r = spawnSync(BIN, args, { env: { ...process.env, ...env }, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

// fetch's look-alike over node:https, trusting ca (PEM): fetch itself takes
// no CA. Answers {status, headers (a Headers), text()}.
export function httpsFetch(url, { method = 'GET', headers = {}, body, ca } = {}) {
  return new Promise((resolve, reject) => {
    const rq = httpsRequest(url, { method, headers, ca }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const h = new Headers();
        for (const [k, v] of Object.entries(res.headers)) {
          for (const one of [].concat(v)) h.append(k, one);
        }
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode, headers: h, text: async () => text });
      });
      res.on('error', reject);
    });
    rq.on('error', reject);
    if (body !== undefined) rq.end(body); else rq.end();
  });
}

// With opts.tls = {cert, key, ca} (file paths and the CA's PEM text) the
// server serves HTTPS and req() trusts that CA.
export async function startServer(opts = {}) {
  const dataDir = opts.dataDir || mkdtempSync(join(tmpdir(), 'sb-test-'));
  const adminEmail = opts.adminEmail || 'admin@example.com';
  const adminPassword = opts.adminPassword || 'Tr0ub4dor-and-3-horses';
  const pgdb = !opts.db && PG && !opts.sqlite ? createPgDatabase() : null;
  const dbUrl = opts.db || (pgdb && pgdb.url);
  const dbArgs = dbUrl ? ['--data', dataDir, '--db', dbUrl] : ['--data', dataDir];
  if (!opts.skipInit) {
    const init = cli(['init', ...dbArgs, '--org', opts.org || 'Demo BV', '--admin-email', adminEmail,
      '--admin-password', adminPassword], opts.env);
    if (init.status !== 0) throw new Error(`init failed: ${init.stderr}`);
  }
  const tlsArgs = opts.tls ? ['--tls-cert', opts.tls.cert, '--tls-key', opts.tls.key] : [];
  const args = ['serve', ...dbArgs, '--listen', '127.0.0.1:0', '--public-url', 'http://portal.test',
    ...tlsArgs, ...(opts.args || [])];
  const proc = spawn(BIN, args, { env: { ...process.env, ...(opts.env || {}) }, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${log}`)), 20000);
    const onData = (chunk) => {
      log += chunk;
      const m = log.match(/"url":"(https?:\/\/127\.0\.0\.1:\d+)"/);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    };
    proc.stdout.on('data', onData);
    proc.stderr.on('data', onData);
    proc.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited ${code}:\n${log}`)); });
  });
  const server = {
    url, dataDir, dbUrl, proc, adminEmail, adminPassword,
    get log() { return log; },
    async stop() {
      if (proc.exitCode === null) {
        const done = new Promise((r) => proc.once('exit', r));
        proc.kill('SIGTERM');
        await done;
      }
      if (!opts.keepData && !opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
      if (pgdb) pgdb.drop();
      // A clean stop exits 0; under AddressSanitizer a leak exits 23.
      if (proc.exitCode !== 0) throw new Error(`server exited ${proc.exitCode}:\n${log.slice(-4000)}`);
      return proc.exitCode;
    },
    // fetch relative to the server; json bodies are encoded; returns
    // {status, headers, body (parsed JSON or text)}. The request and the
    // answer are checked against openapi.json (tests/lib/openapi.mjs); a
    // body sent malformed on purpose is marked, as malformed({...}) or with
    // the option { malformed: true } (raw bodies), which spares it (not the
    // answer) the check.
    async req(method, path, { token, body, headers = {}, raw, malformed = false } = {}) {
      const h = { ...headers };
      if (token) h.authorization = `Bearer ${token}`;
      let payload = raw;
      if (body !== undefined) { h['content-type'] = 'application/json'; payload = JSON.stringify(body); }
      const ctKey = Object.keys(h).find((k) => k.toLowerCase() === 'content-type');
      const bad = checkRequest(method, path, { contentType: ctKey && h[ctKey], text: payload, body, malformed });
      const res = opts.tls
        ? await httpsFetch(url + path, { method, headers: h, body: payload, ca: opts.tls.ca })
        : await fetch(url + path, { method, headers: h, body: payload });
      const text = await res.text();
      let parsed = text;
      try { parsed = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
      checkResponse(method, path, { status: res.status, contentType: res.headers.get('content-type'), text, body: parsed });
      reportRequest(bad, res.status);
      return { status: res.status, headers: res.headers, body: parsed };
    },
    async login(login, password) {
      const r = await server.req('POST', '/api/v1/auth/login', { body: { login, password } });
      if (r.status !== 200) throw new Error(`login ${login}: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body;
    },
  };
  const admin = await server.login(adminEmail, adminPassword);
  server.adminToken = admin.token;
  server.admin = admin.user;
  // init makes the admin a platform administrator and creates one customer
  // organization below the platform: tests work in that one.
  server.platformId = admin.user.org_id;
  const orgs = await server.req('GET', '/api/v1/orgs', { token: admin.token });
  const demo = (orgs.body.items || []).find((o) => o.kind === 'customer');
  if (!demo) throw new Error(`no customer organization: ${JSON.stringify(orgs.body)}`);
  server.orgId = demo.id;
  return server;
}

// A user JSON for create calls, unique per call.
let seq = 0;
export function newUser(extra = {}) {
  seq += 1;
  const n = `${Date.now().toString(36)}${seq}`;
  return { first_name: 'Jan', last_name: `Tester${n}`, email: `jan.${n}@example.com`, ...extra };
}
