// tls.test.mjs: `serve --tls-cert/--tls-key`: HTTPS only, HSTS and Secure
// cookies over TLS (and neither without it), security headers on every
// answer, and a clear refusal to start with a bad certificate or key.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, cli } from '../lib/server.mjs';

const HSTS = 'max-age=63072000; includeSubDomains';
let dir, tls, s, plain;

// A throwaway self-signed certificate for 127.0.0.1 (P-256, one day).
function makeCert(name) {
  const key = join(dir, `${name}.key`);
  const cert = join(dir, `${name}.crt`);
  const r = spawnSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1',
    '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1',
    '-addext', 'subjectAltName=IP:127.0.0.1'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`openssl: ${r.stderr}`);
  return { cert, key, ca: readFileSync(cert, 'utf8') };
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sb-tls-'));
  tls = makeCert('server');
  s = await startServer({ tls });
  plain = await startServer();
});
after(async () => {
  await s.stop();
  await plain.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('over TLS every answer carries HSTS and the security headers', async () => {
  assert.match(s.url, /^https:\/\//);
  const answers = [
    await s.req('GET', '/healthz'),
    await s.req('GET', '/api/v1/me', { token: s.adminToken }),
    await s.req('GET', '/api/v1/nothing-here'), // 404
    await s.req('PUT', '/api/v1/orgs', { token: s.adminToken, body: {} }), // 405
    await s.req('GET', '/api/v1/me'), // 401
    await s.req('POST', `/api/v1/orgs/${s.orgId}/users`, { token: s.adminToken, body: { first_name: 'x'.repeat(2 << 20) }, malformed: true }), // 413
    await s.req('POST', `/api/v1/orgs/${s.orgId}/users`, { token: s.adminToken, raw: '{', headers: { 'content-type': 'application/json' }, malformed: true }), // 400
  ];
  assert.deepEqual(answers.map((r) => r.status), [200, 200, 404, 405, 401, 413, 400]);
  for (const r of answers) {
    assert.equal(r.headers.get('strict-transport-security'), HSTS, `HSTS on ${r.status}`);
    assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(r.headers.get('referrer-policy'), 'no-referrer');
    assert.match(r.headers.get('content-security-policy'), /frame-ancestors 'none'/);
  }
});

test('over TLS the session cookie is Secure, at sign-in and sign-out', async () => {
  const r = await s.req('POST', '/api/v1/auth/login', { body: { login: s.adminEmail, password: s.adminPassword } });
  assert.equal(r.status, 200);
  const cookie = r.headers.get('set-cookie');
  assert.match(cookie, /^sb_session=[^;]+;.*HttpOnly/);
  assert.match(cookie, /; Secure(;|$)/);
  const out = await s.req('POST', '/api/v1/auth/logout', { token: r.body.token });
  assert.equal(out.status, 204);
  assert.match(out.headers.get('set-cookie'), /Max-Age=0; Secure/);
});

test('plain HTTP to the TLS port gets no answer', async () => {
  const url = s.url.replace('https://', 'http://');
  await assert.rejects(fetch(`${url}/healthz`));
});

test('TLS 1.2 and 1.3 only: 1.0 and 1.1 are refused', () => {
  const { port } = new URL(s.url);
  const handshake = (version) => {
    const r = spawnSync('openssl', ['s_client', '-connect', `127.0.0.1:${port}`, `-${version}`,
      '-cipher', 'DEFAULT@SECLEVEL=0', '-CAfile', tls.cert], { input: '', encoding: 'utf8', timeout: 15000 });
    const m = r.stdout.match(/Cipher is (\S+)/);
    return m ? m[1] : '(none)';
  };
  assert.equal(handshake('tls1'), '(NONE)');
  assert.equal(handshake('tls1_1'), '(NONE)');
  assert.match(handshake('tls1_2'), /^[A-Z0-9_-]+-(GCM|CHACHA20|POLY1305)/);
  assert.match(handshake('tls1_3'), /^TLS_/);
});

test('a certificate nobody vouched for is refused by a client that checks', async () => {
  const other = makeCert('other');
  const { httpsFetch } = await import('../lib/server.mjs');
  await assert.rejects(httpsFetch(`${s.url}/healthz`, { ca: other.ca }));
});

test('without TLS: no HSTS and no Secure, the other headers still there', async () => {
  const r = await plain.req('POST', '/api/v1/auth/login', { body: { login: plain.adminEmail, password: plain.adminPassword } });
  assert.equal(r.status, 200);
  assert.doesNotMatch(r.headers.get('set-cookie'), /Secure/);
  for (const x of [r, await plain.req('GET', '/api/v1/nothing-here')]) {
    assert.equal(x.headers.get('strict-transport-security'), null);
    assert.equal(x.headers.get('x-content-type-options'), 'nosniff');
  }
});

test('serve refuses to start with a missing, invalid or mismatched key, naming the option', () => {
  const data = join(dir, 'data');
  const init = cli(['init', '--data', data, '--admin-email', 'a@example.com', '--admin-password', 'Tr0ub4dor-and-3-horses']);
  assert.equal(init.status, 0, init.stderr);
  const serve = (...extra) => cli(['serve', '--data', data, '--listen', '127.0.0.1:0', ...extra]);

  const missing = serve('--tls-cert', tls.cert, '--tls-key', join(dir, 'no-such.key'));
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /--tls-key .*no-such\.key: No such file/);

  const alone = serve('--tls-cert', tls.cert);
  assert.equal(alone.status, 2);
  assert.match(alone.stderr, /--tls-key is missing/);

  const junk = join(dir, 'junk.key');
  writeFileSync(junk, 'not a key\n');
  const bad = serve('--tls-cert', tls.cert, '--tls-key', junk);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--tls-key .*not a PEM file/);

  const other = makeCert('mismatch');
  const pair = serve('--tls-cert', tls.cert, '--tls-key', other.key);
  assert.equal(pair.status, 2);
  assert.match(pair.stderr, /--tls-cert and --tls-key are not a valid certificate/);
  // and the key itself is never printed
  const keyBody = readFileSync(other.key, 'utf8').split('\n')[1];
  assert.ok(!pair.stderr.includes(keyBody));

  // the environment works as the options do
  const env = cli(['serve', '--data', data, '--listen', '127.0.0.1:0'],
    { SWITCHBOARD_TLS_CERT: tls.cert, SWITCHBOARD_TLS_KEY: join(dir, 'no-such.key') });
  assert.equal(env.status, 2);
  assert.match(env.stderr, /--tls-key/);
});
