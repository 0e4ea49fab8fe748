// telephony.mjs: what the routing tests set up on a server from
// startServer(): numbers, users who signed in, users reachable on a desk
// phone with voicemail, and the route answer.
import assert from 'node:assert/strict';
import { newUser } from './server.mjs';

export const PW = 'Copper-Meadow-39-Lane';

export function telephonyKit(s) {
  const org = `/api/v1/orgs/${s.orgId}`;
  const adm = (method, path, body, headers) => s.req(method, path, { token: s.adminToken, body, headers });
  let seq = 0;
  // A number of the organization, not yet anyone's.
  const did = async () => {
    seq += 1;
    const r = await adm('POST', `${org}/numbers`, { number: `+3130${String(Date.now() % 100000).padStart(5, '0')}${String(seq).padStart(2, '0')}` });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return r.body;
  };
  // A user with an extension, signed in with its own password (token).
  const member = async (extra = {}) => {
    const u = newUser({ password: PW, extension: 'auto', ...extra });
    const r = await adm('POST', `${org}/users`, u);
    assert.equal(r.status, 201, JSON.stringify(r.body));
    const l = await s.login(u.email, PW);
    await s.req('POST', '/api/v1/me/password', { token: l.token, body: { current_password: PW, new_password: `${PW}-2` } });
    return { ...r.body, token: (await s.login(u.email, `${PW}-2`)).token };
  };
  const tel = (u) => `${org}/users/${u.id}/telephony`;
  const route = async (n, at) => (await adm('GET', `${org}/route?number=${encodeURIComponent(n)}${at ? `&at=${encodeURIComponent(at)}` : ''}`)).body;
  // A user reachable on a desk phone, with voicemail.
  const reachable = async () => {
    const u = await member();
    const desk = (await adm('POST', `${org}/users/${u.id}/sip-accounts`, { kind: 'desk' })).body;
    const r = await adm('PUT', tel(u), {
      availability: { reachable: true, destination: desk.id },
      voicemail: { enabled: true, pin: '80417', box: u.extensions[0] },
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return { ...u, desk };
  };
  return { org, adm, did, member, tel, route, reachable, next: () => { seq += 1; return seq; } };
}
