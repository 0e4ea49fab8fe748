// web.test.mjs: the portal's files served by the binary: the app shell on
// every path outside the API, assets with their content type, a strict
// Content-Security-Policy, ETag revalidation, nothing outside web/, and the
// API untouched.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../lib/server.mjs';

let s;
before(async () => { s = await startServer(); });
after(async () => { await s.stop(); });

const get = (path, headers = {}) => fetch(s.url + path, { headers });

test('the app shell answers / and client routes, with a CSP that allows only our own scripts and styles', async () => {
  for (const path of ['/', '/users', '/users/3f1c9b0e-0000-4000-8000-000000000000', '/set-password']) {
    const r = await get(path);
    assert.equal(r.status, 200, path);
    assert.equal(r.headers.get('content-type'), 'text/html; charset=utf-8');
    const html = await r.text();
    assert.match(html, /<script type="module" src="\/js\/app\.js"><\/script>/);
    assert.doesNotMatch(html, /style=|<style|<script>(?!<)/, 'nothing inline');
    const csp = r.headers.get('content-security-policy');
    assert.match(csp, /script-src 'self'/);
    assert.match(csp, /style-src 'self'/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|https?:/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.ok(!csp.includes(','), 'one policy, not the API one as well (both would be enforced)');
    assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
  }
  // one access log line per file, as for the API
  await new Promise((r) => setTimeout(r, 100));
  const line = s.log.split('\n').find((l) => l.includes('"path":"/set-password"'));
  assert.ok(line, 'logged');
  const j = JSON.parse(line);
  assert.equal(j.status, 200);
  assert.equal(j.route, 'web');
});

test('assets have their content type; an ETag answers 304; a missing asset is 404', async () => {
  const types = { '/app.css': 'text/css', '/js/app.js': 'text/javascript', '/js/i18n.js': 'text/javascript', '/favicon.svg': 'image/svg+xml' };
  for (const [path, type] of Object.entries(types)) {
    const r = await get(path);
    assert.equal(r.status, 200, path);
    assert.ok(r.headers.get('content-type').startsWith(type), `${path}: ${r.headers.get('content-type')}`);
    assert.equal(r.headers.get('cache-control'), 'no-cache');
    const etag = r.headers.get('etag');
    assert.match(etag, /^"[0-9a-f]{16}"$/);
    const again = await get(path, { 'if-none-match': etag });
    assert.equal(again.status, 304);
    assert.equal(await again.text(), '');
  }
  assert.equal((await get('/js/nothing.js')).status, 404);
  assert.equal((await get('/..%2fopenapi.json')).status, 404);
  assert.equal((await get('/js/%2e%2e/%2e%2e/openapi.json')).status, 404);
});

test('the API keeps answering problem+json outside the portal; other methods on portal paths are the API\'s', async () => {
  const r = await s.req('GET', '/api/v1/nothing-here');
  assert.equal(r.status, 404);
  assert.equal(r.headers.get('content-type'), 'application/problem+json');
  assert.equal((await s.req('GET', '/healthz')).status, 200);
  const post = await s.req('POST', '/users', { body: {} });
  assert.equal(post.status, 404);
  assert.equal(post.headers.get('content-type'), 'application/problem+json');
});

test('serve --web-dir serves the portal from a directory', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sb-web-'));
  mkdirSync(join(dir, 'js'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>dev</title>');
  writeFileSync(join(dir, 'js', 'app.js'), 'export {};\n');
  const d = await startServer({ args: ['--web-dir', dir] });
  try {
    const r = await fetch(`${d.url}/users`);
    assert.equal(await r.text(), '<!doctype html><title>dev</title>');
    assert.equal(await (await fetch(`${d.url}/js/app.js`)).text(), 'export {};\n');
    assert.equal((await fetch(`${d.url}/app.css`)).status, 404);
    writeFileSync(join(dir, '..', `${dir.split('/').pop()}.txt`), 'outside');
    assert.equal((await fetch(`${d.url}/%2e%2e/${dir.split('/').pop()}.txt`)).status, 404);
    rmSync(join(dir, '..', `${dir.split('/').pop()}.txt`));
  } finally {
    await d.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
