// limits.test.mjs: what a client can make the server allocate is bounded
// (docs/security.md, "Limits"): request line and headers, bodies per route,
// JSON depth, string lengths, page sizes, list sizes, connections at once,
// and clients that stall.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { readFileSync } from 'node:fs';
import { startServer, newUser, malformed } from '../lib/server.mjs';

let s;
let org;
before(async () => { s = await startServer(); org = `/api/v1/orgs/${s.orgId}`; });
after(async () => { await s.stop(); });

const problem = (r, status) => {
  assert.equal(r.status, status, JSON.stringify(r.body));
  assert.match(r.headers.get('content-type'), /^application\/problem\+json/);
  assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
  assert.match(r.headers.get('content-security-policy'), /frame-ancestors 'none'/);
};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

test('request line and headers: 32 KiB together, else 431 problem+json', async () => {
  const ok = await s.req('GET', '/api/v1/me', { token: s.adminToken, headers: { 'x-pad': 'a'.repeat(30000) } });
  assert.equal(ok.status, 200);
  const big = await s.req('GET', '/api/v1/me', { token: s.adminToken, headers: { 'x-pad': 'a'.repeat(33000) } });
  problem(big, 431);
  assert.match(big.body.detail, /32768 bytes/);
  // many small headers count together, and so does the query string
  const many = {};
  for (let i = 0; i < 40; i++) many[`x-pad-${i}`] = 'b'.repeat(1000);
  problem(await s.req('GET', '/healthz', { headers: many }), 431);
  problem(await s.req('GET', `/api/v1/orgs?q=${'c'.repeat(40000)}`, { token: s.adminToken }), 431);
  // a body sent with headers that are too large is not read
  const withBody = await s.req('POST', `${org}/users`, { token: s.adminToken, body: newUser(), headers: { 'x-pad': 'd'.repeat(40000) } });
  problem(withBody, 431);
  // past libmicrohttpd's 64 KiB per connection it answers 431 itself
  const huge = await s.req('GET', '/healthz', { headers: { 'x-pad': 'e'.repeat(70000) } });
  assert.equal(huge.status, 431);
  assert.equal((await s.req('GET', '/healthz')).status, 200);
});

test('the header limit holds on every path, the portal\'s too', async () => {
  for (const path of ['/', '/favicon.svg', '/users', '/js/app.js']) {
    const big = await s.req('GET', path, { headers: { 'x-pad': 'a'.repeat(40000) } });
    problem(big, 431);
    assert.match(big.body.detail, /32768 bytes/);
    assert.equal(big.body.instance, path);
    const ok = await s.req('GET', path, { headers: { 'x-pad': 'a'.repeat(30000) } });
    assert.equal(ok.status, 200, path);
  }
  problem(await s.req('HEAD', '/', { headers: { 'x-pad': 'a'.repeat(40000) } }), 431);
});

test('bodies: 16 KiB on sign-in, 1 MiB elsewhere: 413', async () => {
  const login = await s.req('POST', '/api/v1/auth/login', { body: { login: s.adminEmail, password: 'p'.repeat(17 * 1024) } });
  problem(login, 413);
  assert.match(login.body.detail, /16384 bytes/);
  problem(await s.req('POST', `${org}/contacts`, { token: s.adminToken, body: malformed({ first_name: 'x'.repeat(1100 * 1024) }) }), 413);
});

test('JSON nesting: 8 levels, the 9th is a 400 naming the body', async () => {
  const nest = (n) => (n === 0 ? 1 : { a: nest(n - 1) });
  const deep = await s.req('POST', `${org}/contacts`, { token: s.adminToken, body: malformed({ first_name: 'A', last_name: 'B', x: nest(8) }) });
  problem(deep, 400);
  assert.match(deep.body.detail, /body nests deeper than 8 levels/);
  // 8 levels parse, and are then judged field by field (x is unknown: 422)
  const ok = await s.req('POST', `${org}/contacts`, { token: s.adminToken, body: malformed({ first_name: 'A', last_name: 'B', x: nest(7) }) });
  assert.equal(ok.status, 422);
  assert.deepEqual(ok.body.errors.map((e) => e.field), ['x']);
});

test('strings have a maximum length: 422 naming the field', async () => {
  const r = await s.req('POST', `${org}/contacts`, { token: s.adminToken, body: malformed({ first_name: 'x'.repeat(101), last_name: 'y' }) });
  problem(r, 422);
  assert.deepEqual(r.body.errors.map((e) => e.field), ['first_name']);
  const pw = await s.req('POST', `${org}/users`, { token: s.adminToken, body: malformed(newUser({ password: `Aa1-${'x'.repeat(300)}` })) });
  problem(pw, 422);
  assert.equal(pw.body.errors[0].field, 'password');
});

test('page sizes: limit=100000 is a 422 naming limit; the maximum is served', async () => {
  for (const path of ['/users', '/contacts', '/audit', '/extensions', '']) {
    const base = path ? `${org}${path}` : '/api/v1/orgs';
    const r = await s.req('GET', `${base}?limit=100000`, { token: s.adminToken });
    problem(r, 422);
    assert.equal(r.body.errors[0].field, 'limit', base);
  }
  assert.equal((await s.req('GET', `${org}/users?limit=200`, { token: s.adminToken })).status, 200);
  problem(await s.req('GET', `${org}/users?limit=201`, { token: s.adminToken }), 422);
  assert.equal((await s.req('GET', `${org}/audit?limit=500`, { token: s.adminToken })).status, 200);
});

test('lists in a body: at most 100 groups for a user; 100 groups per organization', async () => {
  const groups = (await s.req('GET', `${org}/groups`, { token: s.adminToken })).body.items;
  const eu = groups.find((g) => g.builtin === 'end_user').id;
  const r = await s.req('POST', `${org}/users`, { token: s.adminToken, body: newUser({ groups: Array(101).fill(eu) }) });
  problem(r, 422);
  assert.equal(r.body.errors[0].field, 'groups');
  assert.match(r.body.errors[0].message, /at most 100/);
  // an organization of its own, filled up to 100 groups
  const o = (await s.req('POST', '/api/v1/orgs', { token: s.adminToken, body: { name: `Groups ${Date.now()}`, parent_id: s.platformId } })).body.id;
  const have = (await s.req('GET', `/api/v1/orgs/${o}/groups`, { token: s.adminToken })).body.items.length;
  for (let i = have; i < 100; i++) {
    const g = await s.req('POST', `/api/v1/orgs/${o}/groups`, { token: s.adminToken, body: { name: `G${i}` } });
    assert.equal(g.status, 201, JSON.stringify(g.body));
  }
  const over = await s.req('POST', `/api/v1/orgs/${o}/groups`, { token: s.adminToken, body: { name: 'One too many' } });
  problem(over, 409);
  assert.match(over.body.detail, /at most 100 permission groups/);
});

// A raw connection; resolves to {socket, closed: Promise<ms after open>}.
function connect(url) {
  const { port } = new URL(url);
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    const socket = net.connect(Number(port), '127.0.0.1', () => resolve({ socket, closed, data: () => data }));
    let data = '';
    socket.on('data', (d) => { data += d; });
    const closed = new Promise((r) => socket.on('close', () => r(Date.now() - t0)));
    socket.on('error', reject);
  });
}

test('slow and idle clients are closed after --client-timeout', async () => {
  const t = await startServer({ args: ['--client-timeout', '1'] });
  try {
    const idle = await connect(t.url);
    const stalled = await connect(t.url);
    stalled.socket.write('POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"login"');
    const [a, b] = await Promise.all([idle.closed, stalled.closed]);
    assert.ok(a >= 900 && a < 4000, `idle closed after ${a} ms`);
    assert.ok(b >= 900 && b < 4000, `stalled closed after ${b} ms`);
    // and the server goes on answering others (on a new connection: fetch's
    // kept-alive one was itself closed by the 1 s timeout)
    const next = await connect(t.url);
    next.socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    await next.closed;
    assert.match(next.data(), /^HTTP\/1\.1 200/);
  } finally {
    await t.stop();
  }
  const bad = await import('../lib/server.mjs').then((m) => m.cli(['serve', '--data', '/nonexistent', '--client-timeout', '0']));
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--client-timeout/);
});

test('connections at once: past --max-connections they wait until one ends', async () => {
  const t = await startServer({ args: ['--max-connections', '3', '--threads', '1', '--client-timeout', '3'] });
  try {
    // the helper's own kept-alive connections are closed by the timeout first
    await sleep(3500);
    const held = [await connect(t.url), await connect(t.url), await connect(t.url)];
    await sleep(200);
    const fourth = await connect(t.url);
    fourth.socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    await sleep(700);
    assert.equal(fourth.data(), '', 'not served while three are open');
    for (const h of held) h.socket.destroy();
    await fourth.closed;
    assert.match(fourth.data(), /^HTTP\/1\.1 200/);
  } finally {
    await t.stop();
  }
});

const CONTINUE = /^HTTP\/1\.1 100 Continue\r\n\r\n/;

// A raw upload: the request head and a first 64 KiB of the body; then, if
// the server has not answered within `wait` ms (or, with hold, once
// release() is called), the rest of `size` bytes as fast as the socket takes
// them, until the server has answered in full or closed. The pause is what
// lets a client read an answer given before its body: the server closes
// after it, with the upload unread, which resets the connection, and a
// client still writing then may lose the answer (as browsers and curl
// without Expect: 100-continue may). Resolves to {status, headers, body,
// sent, continued}.
function upload(url, path, { headers = {}, size, chunked = false, hold = false, wait = 2000, prefix = '' }) {
  const { port } = new URL(url);
  let release;
  const held = new Promise((r) => { release = r; });
  const done = new Promise((resolve) => {
    const sock = net.connect(Number(port), '127.0.0.1');
    const chunk = Buffer.alloc(64 * 1024, 'a');
    chunk.write(prefix);
    let raw = Buffer.alloc(0);
    let sent = 0;
    let over = false;
    const head = [`POST ${path} HTTP/1.1`, 'Host: x', chunked ? 'Transfer-Encoding: chunked' : `Content-Length: ${size}`,
      ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), '', ''].join('\r\n');
    const piece = (n) => {
      const b = n === chunk.length ? chunk : chunk.subarray(0, n);
      return chunked ? Buffer.concat([Buffer.from(`${n.toString(16)}\r\n`), b, Buffer.from('\r\n')]) : b;
    };
    const pump = () => {
      while (!over && sent < size) {
        const n = Math.min(chunk.length, size - sent);
        sent += n;
        const more = sock.write(piece(n));
        if (sent === size && chunked) sock.write('0\r\n\r\n');
        if (sent === n) { (hold ? held : sleep(wait)).then(pump); return; }
        if (!more) { sock.once('drain', pump); return; }
      }
    };
    const finish = () => {
      if (over) return;
      over = true;
      sock.destroy();
      const text = raw.toString('latin1').replace(CONTINUE, '');
      const end = text.indexOf('\r\n\r\n');
      const lines = text.slice(0, end).split('\r\n');
      const h = {};
      for (const l of lines.slice(1)) { const i = l.indexOf(':'); h[l.slice(0, i).toLowerCase()] = l.slice(i + 1).trim(); }
      const bodyText = end < 0 ? '' : text.slice(end + 4);
      let body = bodyText;
      try { body = JSON.parse(bodyText); } catch { /* not JSON */ }
      resolve({ status: Number((lines[0].match(/^HTTP\/1\.1 (\d+)/) || [])[1]), headers: h, body, sent,
        continued: CONTINUE.test(raw.toString('latin1')) });
    };
    sock.on('connect', () => { sock.write(head); pump(); });
    sock.on('data', (d) => {
      raw = Buffer.concat([raw, d]);
      const text = raw.toString('latin1').replace(CONTINUE, '');
      const end = text.indexOf('\r\n\r\n');
      const len = text.slice(0, end).match(/\r\ncontent-length: *(\d+)/i);
      if (end >= 0 && len && text.length >= end + 4 + Number(len[1])) finish();
    });
    sock.on('error', finish);
    sock.on('close', finish);
  });
  return { done, release };
}

// The server's resident size in bytes (Linux).
const rss = (server) => {
  const m = readFileSync(`/proc/${server.proc.pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/);
  return Number(m[1]) * 1024;
};
const MiB = 1024 * 1024;

test('unauthenticated uploads are answered from their headers: 20 x 32 MiB, 401, bodies not read', async () => {
  const t = await startServer();
  try {
    const path = `/api/v1/orgs/${t.orgId}/imports`;
    for (let i = 0; i < 3; i++) await t.req('GET', '/api/v1/me', { token: t.adminToken });
    const idle = rss(t);
    let peak = idle;
    const timer = setInterval(() => { peak = Math.max(peak, rss(t)); }, 20);
    const size = 32 * MiB;
    const anon = Array.from({ length: 20 }, (_, i) => upload(t.url, path, {
      size, headers: { 'Content-Type': 'text/csv', ...(i % 2 ? { Expect: '100-continue' } : {}) } }).done);
    // a bad token, a cookie without its CSRF token, another tenant's org
    // (404) and a missing right (403) are answered the same way
    const bad = upload(t.url, path, { size, headers: { 'Content-Type': 'text/csv', Authorization: 'Bearer nope' } }).done;
    const csrf = upload(t.url, path, { size, headers: { 'Content-Type': 'text/csv', Cookie: `sb_session=${t.adminToken}` } }).done;
    const noOrg = upload(t.url, '/api/v1/orgs/00000000-0000-7000-8000-000000000000/imports', {
      size, headers: { 'Content-Type': 'text/csv', Authorization: `Bearer ${t.adminToken}` } }).done;
    const rs = await Promise.all(anon);
    clearInterval(timer);
    peak = Math.max(peak, rss(t));
    for (const r of rs) {
      assert.equal(r.status, 401, JSON.stringify(r.body));
      assert.match(r.headers['content-type'], /^application\/problem\+json/);
      assert.equal(r.headers['www-authenticate'], 'Bearer');
      assert.equal(r.body.status, 401);
      assert.ok(r.sent < size, `the whole body was taken (${r.sent} bytes sent)`);
      assert.equal(r.continued, false, 'no 100 Continue before the answer');
    }
    const b = await bad;
    assert.equal(b.status, 401);
    assert.equal(b.headers['www-authenticate'], 'Bearer error="invalid_token"');
    const c = await csrf;
    assert.equal(c.status, 403);
    assert.match(c.body.detail, /X-CSRF-Token/);
    const o = await noOrg;
    assert.equal(o.status, 404);
    assert.equal(o.body.detail, 'No such organization.');
    for (const r of [b, c, o]) assert.ok(r.sent < size, `the whole body was taken (${r.sent} bytes sent)`);
    const grew = (peak - idle) / MiB;
    assert.ok(grew < 64, `resident size grew by ${grew.toFixed(1)} MB (idle ${(idle / MiB).toFixed(1)} MB, peak ${(peak / MiB).toFixed(1)} MB); the bound is 64 MB`);
    // each early answer has its access log line, like any other
    await sleep(100);
    const lines = t.log.split('\n').filter((l) => l.includes('"msg":"request"') && l.includes('/imports'));
    assert.ok(lines.filter((l) => /"status":401/.test(l)).length >= 21, 'logged');
    // and the server goes on answering
    assert.equal((await t.req('GET', '/api/v1/me', { token: t.adminToken })).status, 200);
  } finally {
    await t.stop();
  }
});

test('bodies in flight are capped (--max-body-memory): past it 503 problem+json, and the server goes on', async () => {
  const t = await startServer({ args: ['--max-body-memory', String(8 * MiB)] });
  try {
    const path = `/api/v1/orgs/${t.orgId}/imports`;
    const headers = { 'Content-Type': 'text/csv', Authorization: `Bearer ${t.adminToken}` };
    const prefix = 'no_such_column\n'; // a 422 for the header line, once the body is read
    // two 3 MiB uploads are held half-way: 6 of the 8 MiB are taken
    const held = [upload(t.url, path, { size: 3 * MiB, headers, hold: true, prefix }), upload(t.url, path, { size: 3 * MiB, headers, hold: true, prefix })];
    await sleep(300);
    const over = await Promise.all([1, 2, 3].map(() => upload(t.url, path, { size: 3 * MiB, headers }).done));
    for (const r of over) {
      assert.equal(r.status, 503, JSON.stringify(r.body));
      assert.match(r.headers['content-type'], /^application\/problem\+json/);
      assert.equal(r.headers['retry-after'], '2');
      assert.match(r.body.detail, /request bodies/);
      assert.ok(r.sent < 3 * MiB, 'answered before its body was read');
    }
    // a chunked body (its size unknown) is counted as it arrives: 503 once
    // it would go past the cap, after the rest is read and dropped
    const ch = await upload(t.url, path, { size: 3 * MiB, headers, chunked: true }).done;
    assert.equal(ch.status, 503, JSON.stringify(ch.body));
    // small requests are not held up
    assert.equal((await t.req('GET', '/api/v1/me', { token: t.adminToken })).status, 200);
    for (const h of held) h.release();
    for (const h of held) assert.equal((await h.done).status, 422, 'read in full and judged');
    // the memory of finished bodies is given back: the cap admits again
    const again = await Promise.all([1, 2].map(() => upload(t.url, path, { size: 3 * MiB, headers, prefix }).done));
    for (const r of again) assert.equal(r.status, 422, JSON.stringify(r.body).slice(0, 300));
    const chunkedOk = await upload(t.url, path, { size: 3 * MiB, headers, chunked: true, prefix }).done;
    assert.equal(chunkedOk.status, 422, JSON.stringify(chunkedOk.body).slice(0, 300));
    assert.ok(chunkedOk.body.errors.every((e) => e.field === 'columns'));
    assert.equal((await t.req('GET', '/healthz')).status, 200);
  } finally {
    await t.stop();
  }
  const bad = await import('../lib/server.mjs').then((m) => m.cli(['serve', '--data', '/nonexistent', '--max-body-memory', '1000']));
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--max-body-memory/);
});
