// routing.test.mjs: where a number rings and forwarding, in a real browser
// (issue 14, seed 002's number settings): an admin gives a number a hunt
// group as its destination and reads what rings now in Dutch; a user turns
// on its own forwarding on My settings in English, and the route follows.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { launch, newPage, signIn, signInFirst, PW, reachableUser } from './lib.mjs';

let s;
let browser;
let org;
before(async () => {
  s = await startServer();
  org = `/api/v1/orgs/${s.orgId}`;
  browser = await launch();
});
after(async () => { await browser?.close(); await s?.stop(); });
const adm = (method, path, body) => s.req(method, path, { token: s.adminToken, body });


test('Nummers: a number gets a hunt group as its destination; what rings is said in Dutch', async () => {
  const u = await reachableUser(s);
  const g = (await adm('POST', `${org}/hunt-groups`, { name: 'Receptie', members: [{ type: 'user', id: u.id }] })).body;
  const n = (await adm('POST', `${org}/numbers`, { number: '020 765 0001' })).body;
  const page = await newPage(browser, s, { lang: 'nl' });
  await signIn(page, s.adminEmail, s.adminPassword);
  await page.getByRole('heading', { level: 1, name: 'Gebruikers' }).waitFor();
  await page.goto('/numbers');
  await page.getByRole('link', { name: '020 765 0001' }).click();
  await page.getByRole('heading', { level: 1, name: '020 765 0001' }).waitFor();
  await page.getByRole('combobox', { name: /^Bestemming/ }).selectOption({ label: 'Belgroep: Receptie' });
  await page.getByRole('button', { name: 'Opslaan' }).click();
  const words = page.locator('.route-words');
  await words.getByText(/Gaat over · Receptie \(belgroep\) · de leden van de belgroep/).waitFor();
  await words.getByText(`Stap 1: ${u.desk.username}`).waitFor();
  const saved = (await adm('GET', `${org}/numbers/${n.id}`)).body;
  assert.deepEqual(saved.destination, { type: 'hunt_group', id: g.id });
  // the list says it too
  await page.goto('/numbers');
  await page.getByRole('row', { name: /020 765 0001.*Belgroep/ }).waitFor();
  assert.deepEqual(page.errors.filter((e) => !/status of 404/.test(e)), []);
});

test('My settings: a user forwards its own calls when busy to its voicemail, in English', async () => {
  const u = await reachableUser(s, { language: 'en' });
  await adm('PUT', `${org}/users/${u.id}/telephony`, { voicemail: { enabled: true, pin: '80417', box: u.extensions[0] } });
  const page = await newPage(browser, s, { lang: 'en' });
  await signInFirst(page, u.email, PW);
  await page.getByRole('heading', { level: 2, name: 'Forwarding' }).waitFor();
  const busy = page.getByRole('group', { name: 'When busy' });
  await busy.getByLabel('When busy').check();
  await busy.getByLabel(/^Forward to/).selectOption({ label: 'Voicemail' });
  await page.getByRole('button', { name: 'Save forwarding' }).click();
  await page.getByText('Saved').first().waitFor();
  const rt = (await adm('GET', `${org}/route?number=${u.extensions[0]}`)).body;
  assert.deepEqual(rt.targets.find((x) => x.when === 'busy'), { type: 'voicemail', box: u.extensions[0], record: true, greeting: null, language: 'en', step: 2, when: 'busy' });
  // an outside number where the organization allows only internal targets: said at the field
  await adm('PATCH', org, { user_forwarding: 'internal' });
  const always = page.getByRole('group', { name: 'Always' });
  await always.getByLabel('Always').check();
  await always.getByLabel(/^Forward to/).selectOption({ label: 'An outside number' });
  await always.getByLabel(/^Number/).fill('06 12345678');
  await page.getByRole('button', { name: 'Save forwarding' }).click();
  await always.getByText('Your organization lets you forward only to colleagues, hunt groups and voicemail.').waitFor();
  await adm('PATCH', org, { user_forwarding: 'anywhere' });
  assert.deepEqual(page.errors, []);
});
