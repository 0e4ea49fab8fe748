// provision.test.mjs: a phone configured from its provisioning file
// registers (issue 16, seed 002). A real Kamailio runs the configuration of
// `switchboard sip-config` in front of a real Switchboard; a device is added
// by MAC with one line; its Yealink file is fetched as the phone fetches it
// (HTTP digest with the device's credential), and baresip, a real
// softphone, is configured from nothing but that file's values (server,
// port, user name, auth name, password) and registers through Kamailio.
// Every process is stopped by its pid.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, newUser } from '../lib/server.mjs';
import { Kamailio, until } from './lib.mjs';

let dir;
let s;
let k;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sb-sipprov-'));
  k = new Kamailio(dir);
  await k.ports();
  s = await startServer({ args: ['--provisioning-behind-tls-proxy', '--provisioning-sip-server', `127.0.0.1:${k.sipPort}`] });
  k.configure(s);
  await k.start();
});

after(async () => {
  if (k) await k.stop();
  if (s) await s.stop();
  rmSync(dir, { recursive: true, force: true });
});

// GET path with HTTP digest (MD5, qop=auth), as a phone does, behind the TLS proxy.
async function digestGet(path, user, pass) {
  const headers = { 'x-forwarded-proto': 'https' };
  const first = await fetch(s.url + path, { headers });
  await first.text();
  assert.equal(first.status, 401);
  const h = first.headers.get('www-authenticate');
  const get = (key) => (h.match(new RegExp(`${key}="([^"]*)"`)) || [])[1];
  const md5 = (x) => createHash('md5').update(x).digest('hex');
  const cnonce = randomBytes(8).toString('hex');
  const resp = md5(`${md5(`${user}:${get('realm')}:${pass}`)}:${get('nonce')}:00000001:${cnonce}:auth:${md5(`GET:${path}`)}`);
  const auth = `Digest username="${user}", realm="${get('realm')}", nonce="${get('nonce')}", uri="${path}", `
    + `response="${resp}", qop=auth, nc=00000001, cnonce="${cnonce}", algorithm=MD5, opaque="${get('opaque')}"`;
  const r = await fetch(s.url + path, { headers: { ...headers, authorization: auth } });
  return { status: r.status, text: await r.text() };
}

test('baresip configured from the Yealink file of its device registers through Kamailio', async () => {
  const org = `/api/v1/orgs/${s.orgId}`;
  const u = await s.req('POST', `${org}/users`, { token: s.adminToken, body: newUser() });
  const a = await s.req('POST', `${org}/users/${u.body.id}/sip-accounts`, { token: s.adminToken, body: { kind: 'desk' } });
  assert.equal(a.status, 201, JSON.stringify(a.body));
  const d = await s.req('POST', `${org}/devices`, { token: s.adminToken, body: { mac: '00-15-65-12-34-56', model: 'T31P', lines: [{ sip_account_id: a.body.id }] } });
  assert.equal(d.status, 201, JSON.stringify(d.body));
  const f = await digestGet(`/api/v1/provisioning/${d.body.mac}.cfg`, d.body.provisioning_username, d.body.provisioning_secret);
  assert.equal(f.status, 200, f.text);
  const keys = Object.fromEntries(f.text.split('\n').filter((l) => / = /.test(l)).map((l) => l.split(' = ')));
  const host = keys['account.1.sip_server.1.address'];
  const port = keys['account.1.sip_server.1.port'];
  const user = keys['account.1.user_name'];
  const line = `<sip:${user}@${host}:${port};transport=udp>;auth_user=${keys['account.1.auth_name']};`
    + `auth_pass=${keys['account.1.password']};regint=60`;
  let ended = false;
  const phone = k.baresip(user, null, 5, line).then((out) => { ended = true; return out; });
  await until('baresip registered', async () => ended || k.registered(user), 8000, 50);
  const found = await k.rpc('ul.lookup', ['location', user]);
  const out = await phone;
  assert.ok(found.result, `${JSON.stringify(found)}\n${out}\n${k.log.slice(-3000)}`);
  assert.match(found.result.Contacts[0].Contact['User-Agent'], /^baresip/);
  assert.equal(user, a.body.username);
  assert.ok(out.includes(`${user}@${host}: {0/UDP/v4} 200 OK`), out);
});
