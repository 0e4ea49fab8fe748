// devices.test.mjs: desk phones by MAC and their provisioning (issue 16,
// seed 002): MAC notations, models and lines, isolation, the files each
// vendor's phone fetches (well formed, the right account in them), HTTP
// digest with the device's own credential or the organization's URL key,
// unknown and known MACs answered alike, throttling, HTTPS only, audit.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { startServer, newUser, malformed, httpsFetch } from '../lib/server.mjs';

let s, plain, org, other;
const PROXY = { 'x-forwarded-proto': 'https' };
before(async () => {
  s = await startServer({ args: ['--provisioning-behind-tls-proxy', '--provisioning-sip-server', 'sip.example.net:5070',
    '--provisioning-ntp-server', 'ntp.example.net'] });
  plain = await startServer();
  org = `/api/v1/orgs/${s.orgId}`;
  other = (await s.req('POST', '/api/v1/orgs', { token: s.adminToken, body: { name: 'Other BV', parent_id: s.platformId } })).body.id;
});
after(async () => { await s.stop(); await plain.stop(); });

const adm = (method, path, body, headers) => s.req(method, path, { token: s.adminToken, body, headers });
let macSeq = 0;
const newMac = () => `00:15:65:${randomBytes(2).toString("hex").replace(/(..)(..)/, "$1:$2")}:${(macSeq++ % 256).toString(16).padStart(2, "0")}`.toUpperCase();
const norm = (m) => m.replace(/[^0-9a-f]/gi, '').toLowerCase();

async function account(o = org, kind = 'desk') {
  const u = (await s.req('POST', `${o}/users`, { token: s.adminToken, body: newUser() })).body;
  const a = await s.req('POST', `${o}/users/${u.id}/sip-accounts`, { token: s.adminToken, body: { kind } });
  assert.equal(a.status, 201, JSON.stringify(a.body));
  return { user: u, ...a.body };
}

// A GET with HTTP digest (RFC 7616, MD5, qop=auth) as a phone does it:
// the challenge first, then the answer to it. {status, headers, text, challenge}.
async function digestGet(path, user, pass, { base = s, headers = PROXY, ca } = {}) {
  const url = base.url + path;
  const get1 = (u, o) => (ca ? httpsFetch(u, { ...o, ca }) : fetch(u, o));
  const first = await get1(url, { headers });
  const text1 = await first.text();
  if (first.status !== 401 || user === undefined) return { status: first.status, headers: first.headers, text: text1 };
  const h = first.headers.get('www-authenticate');
  const get = (k) => (h.match(new RegExp(`${k}="([^"]*)"`)) || [])[1];
  const realm = get('realm');
  const nonce = get('nonce');
  const opaque = get('opaque');
  const md5 = (x) => createHash('md5').update(x).digest('hex');
  const cnonce = randomBytes(8).toString('hex');
  const nc = '00000001';
  const uri = path;
  const resp = md5(`${md5(`${user}:${realm}:${pass}`)}:${nonce}:${nc}:${cnonce}:auth:${md5(`GET:${uri}`)}`);
  const auth = `Digest username="${user}", realm="${realm}", nonce="${nonce}", uri="${uri}", `
    + `response="${resp}", qop=auth, nc=${nc}, cnonce="${cnonce}", algorithm=MD5${opaque ? `, opaque="${opaque}"` : ''}`;
  const r = await get1(url, { headers: { ...headers, authorization: auth } });
  return { status: r.status, headers: r.headers, text: await r.text(), challenge: h };
}

function xmlWellFormed(text) {
  const r = spawnSync('xmllint', ['--noout', '-'], { input: text, encoding: 'utf8' });
  return r.status === 0 ? '' : r.stderr;
}

// The key = value lines of a Yealink file, comments and blanks apart.
function yealinkKeys(text) {
  const lines = text.split('\n');
  assert.equal(lines[0], '#!version:1.0.0.1');
  const keys = {};
  for (const l of lines.slice(1)) {
    if (l === '' || l.startsWith('#')) continue;
    const m = l.match(/^([a-z0-9_]+(?:\.[a-z0-9_]+)*) = (.*)$/);
    assert.ok(m, `not a key = value line: ${JSON.stringify(l)}`);
    keys[m[1]] = m[2];
  }
  return keys;
}

test('a MAC in any common notation is kept as 12 lower-case hex digits, once on the platform', async () => {
  const raw = newMac();
  const hex = norm(raw);
  const notations = [raw, raw.replace(/:/g, '-').toLowerCase(), `${hex.slice(0, 4)}.${hex.slice(4, 8)}.${hex.slice(8)}`, hex.toUpperCase()];
  const d = await adm('POST', `${org}/devices`, { mac: notations[0], model: 'T54W', label: 'Reception' });
  assert.equal(d.status, 201, JSON.stringify(d.body));
  assert.equal(d.body.mac, hex);
  assert.equal(d.body.vendor, 'yealink');
  assert.equal(d.body.max_lines, 16);
  assert.match(d.body.provisioning_secret, /^[A-Za-z0-9]{24}$/);
  assert.match(d.headers.get('location'), new RegExp(`/devices/${d.body.id}$`));
  // the secret is shown once
  const got = await adm('GET', `${org}/devices/${d.body.id}`);
  assert.equal(got.body.provisioning_secret, undefined);
  // every other notation is the same phone: 409, here and in another organization alike
  for (const n of notations) {
    const again = await adm('POST', `${org}/devices`, { mac: n, model: 'T31P' });
    assert.equal(again.status, 409, n);
    assert.equal(again.body.code, 'mac_taken');
    const there = await adm('POST', `/api/v1/orgs/${other}/devices`, { mac: n, model: 'T31P' });
    assert.equal(there.status, 409);
    assert.deepEqual({ ...there.body, request_id: 0, instance: 0 }, { ...again.body, request_id: 0, instance: 0 });
  }
  for (const bad of ['00:15:65:aa:bb', '00:15:65:aa:bb:cg', '00:15-65:aa:bb:cc', '0015.65aa.bbc', '00:00:00:00:00:00', 'x']) {
    const r = await adm('POST', `${org}/devices`, { mac: bad, model: 'T31P' });
    assert.equal(r.status, 422, bad);
    assert.equal(r.body.errors[0].field, 'mac');
    assert.equal(r.body.errors[0].code, 'invalid_mac');
  }
});

test('models, lines and their limits; bad input changes nothing', async () => {
  const models = await adm('GET', '/api/v1/device-models');
  assert.ok(models.body.items.some((m) => m.model === 'W70B' && m.dect && m.max_lines === 10));
  const a = await account();
  const b = await account();
  const alias = await adm('POST', `${org}/users/${a.user.id}/aliases`, { display_name: 'Support' });
  assert.equal(alias.status, 201);
  // a DECT base is one device with several lines (seed 002)
  const mac = newMac();
  const d = await adm('POST', `${org}/devices`, { mac, model: 'w70b', lines: [{ sip_account_id: a.id }, { sip_account_id: alias.body.id }, { sip_account_id: b.id }] });
  assert.equal(d.status, 201, JSON.stringify(d.body));
  assert.equal(d.body.model, 'W70B');
  assert.deepEqual(d.body.lines.map((l) => [l.position, l.sip_account_id, l.kind]), [[1, a.id, 'desk'], [2, alias.body.id, 'alias'], [3, b.id, 'desk']]);
  // the user's page shows which device carries each account
  const mine = await adm('GET', `${org}/users/${a.user.id}/devices`);
  assert.deepEqual(mine.body.items.map((x) => [x.sip_account_id, x.mac]).sort(), [[a.id, norm(mac)], [alias.body.id, norm(mac)]].sort());
  // an account is a line of one device only
  const c = await adm('POST', `${org}/devices`, { mac: newMac(), model: 'T33G', lines: [{ sip_account_id: b.id }] });
  assert.equal(c.status, 422);
  assert.deepEqual(c.body.errors.map((e) => [e.field, e.code]), [['lines[0]', 'line_taken']]);
  // too many lines for the model, unknown accounts, another tenant's, an unknown model, a vendor that is not the model's
  const theirs = await account(`/api/v1/orgs/${other}`);
  const bad = await adm('POST', `${org}/devices`, malformed({ mac: newMac(), model: 'T31P', vendor: 'snom',
    lines: [{ sip_account_id: theirs.id }, { sip_account_id: '00000000-0000-4000-8000-000000000000' }, { id: 'x' }] }));
  assert.equal(bad.status, 422);
  assert.deepEqual(bad.body.errors.map((e) => [e.field, e.code]).sort(), [['lines', 'too_many_lines'], ['vendor', 'vendor_mismatch']].sort());
  const bad2 = await adm('POST', `${org}/devices`, malformed({ mac: newMac(), model: 'T33G', lines: [{ sip_account_id: theirs.id }, { sip_account_id: '00000000-0000-4000-8000-000000000000' }, { id: 'x' }] }));
  assert.deepEqual(bad2.body.errors.map((e) => [e.field, e.code]), [['lines[0]', 'not_found'], ['lines[1]', 'not_found'], ['lines[2]', 'invalid']]);
  const bad3 = await adm('POST', `${org}/devices`, { mac: newMac(), model: 'X9000' });
  assert.deepEqual(bad3.body.errors.map((e) => [e.field, e.code]), [['model', 'unknown_model']]);
  // a change: label, lines; the MAC stays
  const p = await adm('PATCH', `${org}/devices/${d.body.id}`, { label: 'Warehouse', lines: [{ sip_account_id: b.id }] });
  assert.equal(p.status, 200, JSON.stringify(p.body));
  assert.equal(p.body.label, 'Warehouse');
  assert.deepEqual(p.body.lines.map((l) => l.sip_account_id), [b.id]);
  const m = await adm('PATCH', `${org}/devices/${d.body.id}`, { mac: newMac() });
  assert.equal(m.status, 422);
  assert.equal(m.body.errors[0].code, 'read_only');
  // a model with fewer lines than the device has is refused
  const three = await adm('PATCH', `${org}/devices/${d.body.id}`, { lines: [{ sip_account_id: a.id }, { sip_account_id: alias.body.id }, { sip_account_id: b.id }] });
  assert.equal(three.status, 200);
  const small = await adm('PATCH', `${org}/devices/${d.body.id}`, { model: 'T31P' });
  assert.equal(small.status, 422);
  assert.equal(small.body.errors[0].code, 'too_many_lines');
  // the list, in MAC order, and the audit trail of the device
  const list = await adm('GET', `${org}/devices?limit=200`);
  assert.ok(list.body.items.some((x) => x.id === d.body.id));
  const macs = list.body.items.map((x) => x.mac);
  assert.deepEqual(macs, [...macs].sort());
  const audit = await adm('GET', `${org}/audit?object=${d.body.id}`);
  assert.deepEqual(audit.body.items.map((e) => e.action).reverse(), ['create', 'update', 'update']);
  assert.ok(!JSON.stringify(audit.body).includes(d.body.provisioning_secret));
  // deleted: its accounts are free again
  assert.equal((await adm('DELETE', `${org}/devices/${d.body.id}`)).status, 204);
  assert.equal((await adm('GET', `${org}/devices/${d.body.id}`)).status, 404);
  assert.equal((await adm('GET', `${org}/users/${a.user.id}/devices`)).body.items.length, 0);
});

test('tenants do not see each other\'s devices', async () => {
  const d = await adm('POST', `${org}/devices`, { mac: newMac(), model: 'D735' });
  for (const [m, b] of [['GET'], ['PATCH', { label: 'x' }], ['DELETE']]) {
    const r = await adm(m, `/api/v1/orgs/${other}/devices/${d.body.id}`, b);
    assert.equal(r.status, 404, m);
  }
  assert.ok(!(await adm('GET', `/api/v1/orgs/${other}/devices`)).body.items.some((x) => x.id === d.body.id));
  // an end user has no telephony rights
  const u = newUser();
  const made = await adm('POST', `${org}/users`, { ...u, password: 'Correct-horse-battery-9', groups: [] });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  const t = await s.login(u.email, 'Correct-horse-battery-9');
  assert.equal((await s.req('GET', `${org}/devices`, { token: t.token })).status, 403);
  assert.equal((await s.req('POST', `${org}/devices`, { token: t.token, body: { mac: newMac(), model: 'T31P' } })).status, 403);
});

// A device of model with one fresh account; its secret and the account's.
async function provisioned(model) {
  const a = await account();
  const d = await adm('POST', `${org}/devices`, { mac: newMac(), model, lines: [{ sip_account_id: a.id }] });
  assert.equal(d.status, 201, JSON.stringify(d.body));
  return { a, d: d.body };
}

test('Yealink: the common file and the MAC file, key = value, with the account', async () => {
  const { a, d } = await provisioned('T46U');
  const common = await digestGet('/api/v1/provisioning/y000000000000.cfg', d.provisioning_username, d.provisioning_secret);
  assert.equal(common.status, 200, common.text);
  const ck = yealinkKeys(common.text);
  assert.equal(ck['local_time.ntp_server1'], 'ntp.example.net');
  assert.ok(!common.text.includes('password'));
  const r = await digestGet(`/api/v1/provisioning/${d.mac}.cfg`, d.provisioning_username, d.provisioning_secret);
  assert.equal(r.status, 200, r.text);
  assert.match(r.headers.get('content-type'), /^text\/plain/);
  assert.equal(r.headers.get('cache-control'), 'no-store');
  const k = yealinkKeys(r.text);
  assert.equal(k['account.1.enable'], '1');
  assert.equal(k['account.1.user_name'], a.username);
  assert.equal(k['account.1.auth_name'], a.username);
  assert.equal(k['account.1.password'], a.secret);
  assert.equal(k['account.1.sip_server.1.address'], 'sip.example.net');
  assert.equal(k['account.1.sip_server.1.port'], '5070');
  assert.equal(k['local_time.ntp_server1'], 'ntp.example.net');
  assert.equal(k['lang.gui'], 'Dutch'); // the organization's language (nl)
  assert.equal(k['account.2.enable'], undefined);
  // the fetch is in the audit trail, without the secret
  const audit = await adm('GET', `${org}/audit?object=${d.id}`);
  const fetches = audit.body.items.filter((e) => e.action === 'provisioning_fetch');
  assert.equal(fetches.length, 1);
  assert.equal(fetches[0].changes.how, 'digest');
  assert.ok(!JSON.stringify(audit.body).includes(a.secret));
});

test('Snom and Grandstream: well-formed XML with the account', async () => {
  const sn = await provisioned('D785');
  const r = await digestGet(`/api/v1/provisioning/${sn.d.mac}.xml`, sn.d.provisioning_username, sn.d.provisioning_secret);
  assert.equal(r.status, 200, r.text);
  assert.match(r.headers.get('content-type'), /^application\/xml/);
  assert.equal(xmlWellFormed(r.text), '');
  assert.ok(r.text.includes(`<user_name idx="1" perm="">${sn.a.username}</user_name>`));
  assert.ok(r.text.includes(`<user_pass idx="1" perm="">${sn.a.secret}</user_pass>`));
  assert.ok(r.text.includes('<ntp_server perm="">ntp.example.net</ntp_server>'));
  const gs = await provisioned('GXP2170');
  const g = await digestGet(`/api/v1/provisioning/cfg${gs.d.mac}.xml`, gs.d.provisioning_username, gs.d.provisioning_secret);
  assert.equal(g.status, 200, g.text);
  assert.equal(xmlWellFormed(g.text), '');
  assert.ok(g.text.includes(`<P35>${gs.a.username}</P35>`));
  assert.ok(g.text.includes(`<P34>${gs.a.secret}</P34>`));
  assert.ok(g.text.includes('<P47>sip.example.net:5070</P47>'));
  // a label with markup in it stays text
  const p = await adm('PATCH', `${org}/devices/${gs.d.id}`, { label: 'R&D <lab> "1"' });
  assert.equal(p.status, 200);
  const user = await adm('GET', `${org}/users/${gs.a.user.id}`);
  assert.ok(user.body);
  const g2 = await digestGet(`/api/v1/provisioning/cfg${gs.d.mac}.xml`, gs.d.provisioning_username, gs.d.provisioning_secret);
  assert.equal(xmlWellFormed(g2.text), '');
  // a phone asks only for its own vendor's file
  const wrong = await digestGet(`/api/v1/provisioning/${gs.d.mac}.cfg`, gs.d.provisioning_username, gs.d.provisioning_secret);
  assert.equal(wrong.status, 401);
});

test('no credential, a wrong one, an unknown MAC: the same 401 and no secret', async () => {
  const { a, d } = await provisioned('T33G');
  const none = await digestGet(`/api/v1/provisioning/${d.mac}.cfg`);
  assert.equal(none.status, 401);
  assert.match(none.headers.get('www-authenticate'), /^Digest realm="Switchboard provisioning"/);
  const wrong = await digestGet(`/api/v1/provisioning/${d.mac}.cfg`, d.provisioning_username, 'not-the-secret');
  const stranger = await digestGet(`/api/v1/provisioning/${d.mac}.cfg`, 'k7qm2xw9bd', d.provisioning_secret);
  const unknownMac = await digestGet(`/api/v1/provisioning/${norm(newMac())}.cfg`, d.provisioning_username, d.provisioning_secret);
  const unknownWrong = await digestGet(`/api/v1/provisioning/${norm(newMac())}.cfg`, d.provisioning_username, 'nope');
  const other = await provisioned('T33G');
  const othersFile = await digestGet(`/api/v1/provisioning/${other.d.mac}.cfg`, d.provisioning_username, d.provisioning_secret);
  const shape = (r) => [r.status, JSON.parse(r.text).title, JSON.parse(r.text).detail, r.headers.get('content-type'),
    /^Digest realm="Switchboard provisioning"/.test(r.headers.get('www-authenticate'))];
  for (const r of [none, wrong, stranger, unknownMac, unknownWrong, othersFile]) {
    assert.deepEqual(shape(r), shape(none));
    assert.ok(!r.text.includes(a.secret) && !r.text.includes(other.a.secret));
  }
  // nothing was handed out, so nothing is in the audit trail
  const audit = await adm('GET', `${org}/audit?object=${d.id}`);
  assert.ok(!audit.body.items.some((e) => e.action === 'provisioning_fetch'));
  // a new credential: the old one stops working
  const reset = await adm('POST', `${org}/devices/${d.id}/reset-credential`);
  assert.equal(reset.status, 200);
  assert.notEqual(reset.body.provisioning_secret, d.provisioning_secret);
  assert.equal((await digestGet(`/api/v1/provisioning/${d.mac}.cfg`, d.provisioning_username, d.provisioning_secret)).status, 401);
  assert.equal((await digestGet(`/api/v1/provisioning/${d.mac}.cfg`, d.provisioning_username, reset.body.provisioning_secret)).status, 200);
});

test('the organization\'s URL key: shown once, hashed, unknown MACs and wrong keys alike', async () => {
  const { a, d } = await provisioned('T31P');
  assert.equal((await adm('GET', `${org}/provisioning-key`)).body.exists, false);
  const k = await adm('POST', `${org}/provisioning-key`);
  assert.equal(k.status, 201);
  assert.match(k.body.key, /^[A-Za-z0-9_-]{43}$/);
  assert.equal(k.body.url, `http://portal.test/api/v1/provisioning/k/${k.body.key}/`);
  const shown = await adm('GET', `${org}/provisioning-key`);
  assert.equal(shown.body.exists, true);
  assert.equal(shown.body.key, undefined);
  const get = (key, file) => fetch(`${s.url}/api/v1/provisioning/k/${key}/${file}`, { headers: PROXY });
  const ok = await get(k.body.key, `${d.mac}.cfg`);
  assert.equal(ok.status, 200);
  assert.equal(yealinkKeys(await ok.text())['account.1.password'], a.secret);
  const wrongKey = await get('x'.repeat(43), `${d.mac}.cfg`);
  const unknownMac = await get(k.body.key, `${norm(newMac())}.cfg`);
  const theirs = (await s.req('POST', `/api/v1/orgs/${other}/provisioning-key`, { token: s.adminToken })).body.key;
  const otherOrg = await get(theirs, `${d.mac}.cfg`);
  const bodies = [];
  for (const r of [wrongKey, unknownMac, otherOrg]) {
    assert.equal(r.status, 404);
    const b = await r.json();
    bodies.push([b.title, b.detail]);
  }
  assert.deepEqual(bodies[1], bodies[0]);
  assert.deepEqual(bodies[2], bodies[0]);
  const audit = await adm('GET', `${org}/audit?object=${d.id}`);
  assert.equal(audit.body.items.filter((e) => e.action === 'provisioning_fetch' && e.changes.how === 'url_key').length, 1);
  // a new key replaces the old; deleted, none works
  const k2 = await adm('POST', `${org}/provisioning-key`);
  assert.equal((await get(k.body.key, `${d.mac}.cfg`)).status, 404);
  assert.equal((await get(k2.body.key, `${d.mac}.cfg`)).status, 200);
  assert.equal((await adm('DELETE', `${org}/provisioning-key`)).status, 204);
  assert.equal((await get(k2.body.key, `${d.mac}.cfg`)).status, 404);
  assert.equal((await adm('DELETE', `${org}/provisioning-key`)).status, 404);
});

test('without HTTPS (or the TLS proxy option) provisioning says so and hands out nothing', async () => {
  const r = await fetch(`${plain.url}/api/v1/provisioning/001565000001.cfg`, { headers: PROXY });
  assert.equal(r.status, 403);
  const b = await r.json();
  assert.equal(b.code, 'provisioning_needs_tls');
  // with the option, a request the proxy did not mark as HTTPS is refused too
  const direct = await fetch(`${s.url}/api/v1/provisioning/001565000001.cfg`);
  assert.equal(direct.status, 403);
});

test('failed fetches are throttled per address', async () => {
  const t = await startServer({ args: ['--provisioning-behind-tls-proxy'] });
  try {
    let last;
    for (let i = 0; i < 22; i++) last = await digestGet('/api/v1/provisioning/001565000002.cfg', 'k7qm2xw9bd', 'guess', { base: t });
    assert.equal(last.status, 429);
    assert.ok(Number(last.headers.get('retry-after')) >= 1);
  } finally {
    await t.stop();
  }
});

test('softphones: the settings to type in, and a QR code whose link Linphone reads', async () => {
  const a = await account(org, 'app');
  const base = `${org}/users/${a.user.id}/sip-accounts/${a.id}`;
  const p = await adm('GET', `${base}/softphone`);
  assert.equal(p.status, 200);
  assert.deepEqual(p.body, { username: a.username, auth_name: a.username, domain: a.realm, proxy_host: 'sip.example.net',
    proxy_port: 5070, transport: 'udp' });
  const l = await adm('POST', `${base}/softphone-link`);
  assert.equal(l.status, 201);
  assert.match(l.body.qr_svg, /^<svg /);
  const m = l.body.url.match(/^http:\/\/portal\.test(\/api\/v1\/provisioning\/linphone\/[A-Za-z0-9_-]{43}\.xml)$/);
  assert.ok(m, l.body.url);
  const f = await fetch(s.url + m[1], { headers: PROXY });
  assert.equal(f.status, 200);
  const text = await f.text();
  assert.equal(xmlWellFormed(text), '');
  assert.ok(text.includes('<config xmlns="http://www.linphone.org/xsds/lpconfig.xsd"'));
  assert.ok(text.includes(`<entry name="username" overwrite="true">${a.username}</entry>`));
  assert.ok(text.includes(`<entry name="passwd" overwrite="true">${a.secret}</entry>`));
  assert.ok(text.includes('&lt;sip:sip.example.net:5070;transport=udp&gt;'));
  // a new link ends the old one; a made-up one is not found
  const l2 = await adm('POST', `${base}/softphone-link`);
  assert.equal((await fetch(s.url + m[1], { headers: PROXY })).status, 404);
  assert.equal((await fetch(`${s.url}/api/v1/provisioning/linphone/${'y'.repeat(43)}.xml`, { headers: PROXY })).status, 404);
  assert.equal((await fetch(l2.body.url.replace('http://portal.test', s.url), { headers: PROXY })).status, 200);
  const audit = await adm('GET', `${org}/audit?object=${a.id}`);
  assert.equal(audit.body.items.filter((e) => e.action === 'provisioning_fetch' && e.changes.how === 'link').length, 2);
  assert.ok(!JSON.stringify(audit.body).includes(a.secret));
  // reading the settings needs telephony.read; making a link, telephony.write
  const u = newUser();
  await adm('POST', `${org}/users`, { ...u, password: 'Correct-horse-battery-9', groups: [] });
  const t = await s.login(u.email, 'Correct-horse-battery-9');
  assert.equal((await s.req('GET', `${base}/softphone`, { token: t.token })).status, 403);
  assert.equal((await s.req('POST', `${base}/softphone-link`, { token: t.token })).status, 403);
});

test('over HTTPS (serve --tls-cert) a phone gets its file without any proxy; a suspended user\'s line is left out', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sb-prov-tls-'));
  const key = join(dir, 'k.pem');
  const cert = join(dir, 'c.pem');
  const o = spawnSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { encoding: 'utf8' });
  assert.equal(o.status, 0, o.stderr);
  const tls = { cert, key, ca: readFileSync(cert, 'utf8') };
  const t = await startServer({ tls });
  try {
    const o2 = `/api/v1/orgs/${t.orgId}`;
    const req = (m, p, body) => t.req(m, p, { token: t.adminToken, body });
    const mk = async () => {
      const u = (await req('POST', `${o2}/users`, newUser())).body;
      return { user: u, ...(await req('POST', `${o2}/users/${u.id}/sip-accounts`, { kind: 'desk' })).body };
    };
    const [a, b] = [await mk(), await mk()];
    const d = (await req('POST', `${o2}/devices`, { mac: newMac(), model: 'T33G', lines: [{ sip_account_id: a.id }, { sip_account_id: b.id }] })).body;
    const path = `/api/v1/provisioning/${d.mac}.cfg`;
    const r = await digestGet(path, d.provisioning_username, d.provisioning_secret, { base: t, headers: {}, ca: tls.ca });
    assert.equal(r.status, 200, r.text);
    const k = yealinkKeys(r.text);
    assert.deepEqual([k['account.1.user_name'], k['account.2.user_name']], [a.username, b.username]);
    // suspended, its account does not register: it is not handed out
    assert.equal((await req('POST', `${o2}/users/${a.user.id}/suspend`)).status, 200);
    const r2 = await digestGet(path, d.provisioning_username, d.provisioning_secret, { base: t, headers: {}, ca: tls.ca });
    const k2 = yealinkKeys(r2.text);
    assert.equal(k2['account.1.user_name'], b.username);
    assert.equal(k2['account.2.enable'], undefined);
    assert.ok(!r2.text.includes(a.secret));
  } finally {
    await t.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an organization with devices and a URL key can be deleted; its MACs are free again', async () => {
  const C = (await adm('POST', '/api/v1/orgs', { name: 'Short-lived BV', parent_id: s.platformId })).body.id;
  const mac = newMac();
  const d = await adm('POST', `/api/v1/orgs/${C}/devices`, { mac, model: 'M500' });
  assert.equal(d.status, 201);
  assert.equal((await adm('POST', `/api/v1/orgs/${C}/provisioning-key`)).status, 201);
  assert.equal((await adm('DELETE', `/api/v1/orgs/${C}`)).status, 204);
  assert.equal((await adm('POST', `${org}/devices`, { mac, model: 'M500' })).status, 201);
});
