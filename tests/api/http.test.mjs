// http.test.mjs: the HTTP layer as a client sees it: problem+json for every
// error, limits, request ids, health, metrics, OpenAPI, clean shutdown.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, cli, BIN } from '../lib/server.mjs';

let s;
before(async () => { s = await startServer(); });
after(async () => { await s.stop(); });

const problem = (r, status) => {
  assert.equal(r.status, status);
  assert.match(r.headers.get('content-type'), /^application\/problem\+json/);
  assert.equal(r.body.status, status);
  assert.ok(r.body.title);
};

test('health, readiness and metrics answer', async () => {
  const h = await s.req('GET', '/healthz');
  assert.equal(h.status, 200);
  assert.equal(h.body.status, 'ok');
  const r = await s.req('GET', '/readyz');
  assert.equal(r.status, 200);
  assert.ok(r.body.schema >= 1);
  const m = await s.req('GET', '/metrics');
  assert.equal(m.status, 200);
  assert.match(m.body, /switchboard_http_requests_total\{method="GET",route="\/healthz",status="2xx"\} \d+/);
  assert.match(m.body, /switchboard_http_request_duration_seconds_bucket\{.*le="\+Inf"\}/);
});

test('unknown route is 404 and wrong method 405 with Allow', async () => {
  problem(await s.req('GET', '/api/v1/nothing-here'), 404);
  const r = await s.req('PUT', '/api/v1/orgs', { token: s.adminToken, body: {} });
  problem(r, 405);
  assert.equal(r.headers.get('allow'), 'GET, POST');
});

test('no token is 401, a bad token is 401', async () => {
  problem(await s.req('GET', '/api/v1/me'), 401);
  problem(await s.req('GET', '/api/v1/me', { token: 'not-a-token' }), 401);
});

test('malformed JSON is 400, wrong content type 415, too large 413', async () => {
  const bad = await s.req('POST', `/api/v1/orgs/${s.orgId}/users`, {
    token: s.adminToken, raw: '{"first_name": ', headers: { 'content-type': 'application/json' }, malformed: true });
  problem(bad, 400);
  const arr = await s.req('POST', `/api/v1/orgs/${s.orgId}/users`, {
    token: s.adminToken, raw: '[1,2]', headers: { 'content-type': 'application/json' }, malformed: true });
  problem(arr, 400);
  const txt = await s.req('POST', `/api/v1/orgs/${s.orgId}/users`, {
    token: s.adminToken, raw: 'first_name=x', headers: { 'content-type': 'application/x-www-form-urlencoded' }, malformed: true });
  problem(txt, 415);
  const deep = await s.req('POST', `/api/v1/orgs/${s.orgId}/users`, {
    token: s.adminToken, raw: `{"a":${'['.repeat(500)}${']'.repeat(500)}}`, headers: { 'content-type': 'application/json' }, malformed: true });
  problem(deep, 400);
  assert.match(deep.body.detail, /deeper/);
  const big = await s.req('POST', `/api/v1/orgs/${s.orgId}/users`, {
    token: s.adminToken, body: { first_name: 'x'.repeat(2 * 1024 * 1024) }, malformed: true });
  problem(big, 413);
  // and the server still answers afterwards
  assert.equal((await s.req('GET', '/healthz')).status, 200);
});

test('X-Request-Id is echoed, or made when absent', async () => {
  const r = await s.req('GET', '/healthz', { headers: { 'x-request-id': 'abc-123' } });
  assert.equal(r.headers.get('x-request-id'), 'abc-123');
  const g = await s.req('GET', '/healthz');
  assert.match(g.headers.get('x-request-id'), /^[0-9a-f-]{36}$/);
  const p = await s.req('GET', '/api/v1/nope', { headers: { 'x-request-id': 'trace-9' } });
  assert.equal(p.body.request_id, 'trace-9');
});

test('security headers on every answer', async () => {
  const r = await s.req('GET', '/api/v1/me', { token: s.adminToken });
  assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
  assert.match(r.headers.get('content-security-policy'), /frame-ancestors 'none'/);
});

test('the OpenAPI description is served and lists every route', async () => {
  const r = await s.req('GET', '/api/v1/openapi.json');
  assert.equal(r.status, 200);
  assert.equal(r.body.openapi, '3.1.0');
  const routes = cli(['routes']).stdout.trim().split('\n').map((l) => l.split(/\s+/));
  // a path item with servers of its own (SCIM's) is under that base
  const baseOf = (item) => (item.servers ? item.servers[0].url : '/api/v1');
  for (const [method, path] of routes) {
    const base = ['/api/v1', '/scim/v2'].find((b) => path.startsWith(`${b}/`));
    if (!base) continue;
    const p = path.slice(base.length);
    assert.ok(r.body.paths[p] && baseOf(r.body.paths[p]) === base, `OpenAPI lacks ${p} under ${base}`);
    assert.ok(r.body.paths[p][method.toLowerCase()], `OpenAPI lacks ${method} ${p}`);
  }
  for (const [p, ops] of Object.entries(r.body.paths)) {
    for (const m of Object.keys(ops)) {
      if (!['get', 'post', 'patch', 'put', 'delete'].includes(m)) continue;
      assert.ok(routes.some(([rm, rp]) => rm === m.toUpperCase() && rp === `${baseOf(ops)}${p}`),
        `OpenAPI documents ${m.toUpperCase()} ${p}, which the server does not have`);
    }
  }
});

test('the query parameters a route declares are the ones OpenAPI documents', async () => {
  const doc = JSON.parse(readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'openapi.json'), 'utf8'));
  const deref = (p) => (p.$ref ? p.$ref.split('/').slice(1).reduce((o, k) => o[k], doc) : p);
  const lines = cli(['routes']).stdout.trim().split('\n');
  let checked = 0;
  for (const line of lines) {
    const [method, path] = line.split(/\s+/);
    const m = line.match(/ query=(\S*)$/);
    if (!m || !path.startsWith('/api/v1/')) continue;
    const declared = m[1] ? m[1].split(',').sort() : [];
    const op = doc.paths[path.replace('/api/v1', '')][method.toLowerCase()];
    const documented = [...(doc.paths[path.replace('/api/v1', '')].parameters || []), ...(op.parameters || [])]
      .map(deref).filter((p) => p.in === 'query').map((p) => p.name).sort();
    assert.deepEqual(documented, declared, `${method} ${path}`);
    checked++;
  }
  assert.ok(checked >= 10, `only ${checked} routes declare their query`);
});

test('access log is one JSON line per request without secrets', async () => {
  await s.req('POST', '/api/v1/auth/login', { body: { login: s.adminEmail, password: 'Wrong-pass-123' } });
  const lines = s.log.split('\n').filter((l) => l.includes('"msg":"request"'));
  assert.ok(lines.length > 3);
  for (const l of lines) JSON.parse(l);
  assert.ok(!s.log.includes('Wrong-pass-123'));
  assert.ok(!s.log.includes(s.adminPassword));
  assert.ok(!s.log.includes(s.adminToken));
});

test('a second serve on a port in use exits 2 naming the address; the first goes on', async () => {
  const addr = new URL(s.url).host; // 127.0.0.1:port
  const dbArgs = s.dbUrl ? ['--data', s.dataDir, '--db', s.dbUrl] : ['--data', s.dataDir];
  const second = spawn(BIN, ['serve', ...dbArgs, '--listen', addr], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  second.stdout.on('data', (d) => { out += d; });
  second.stderr.on('data', (d) => { out += d; });
  const code = await new Promise((resolve) => {
    const t = setTimeout(() => { second.kill('SIGTERM'); resolve('still running'); }, 10000);
    second.on('exit', (c) => { clearTimeout(t); resolve(c); });
  });
  assert.equal(code, 2, out);
  assert.match(out, new RegExp(`cannot listen on ${addr.replace(/\./g, '\\.')}: address already in use`, 'i'));
  assert.doesNotMatch(out, /"msg":"listening"/);
  // every request reaches the first server (with two listeners the kernel
  // would have split them, and the second, stopped, would reset some)
  for (let i = 0; i < 20; i++) {
    const r = await fetch(`${s.url}/api/v1/me`, { headers: { authorization: `Bearer ${s.adminToken}`, connection: 'close' } });
    assert.equal(r.status, 200);
    await r.text();
  }
});
