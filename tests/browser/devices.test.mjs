// devices.test.mjs: the Devices screen in a real browser (issue 16, seed
// 002): a desk phone added by MAC with its model, its provisioning
// credential shown once, a user's SIP account assigned as its line, and the
// user's page showing which device carries the account.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, newUser } from '../lib/server.mjs';
import { launch, newPage, shot, signIn } from './lib.mjs';

let s;
let browser;
let page;
let org;
before(async () => {
  s = await startServer();
  org = `/api/v1/orgs/${s.orgId}`;
  browser = await launch();
  page = await newPage(browser, s, { lang: 'nl' });
  await signIn(page, s.adminEmail, s.adminPassword);
  await page.getByRole('heading', { level: 1, name: 'Gebruikers' }).waitFor();
});
after(async () => { await browser?.close(); await s?.stop(); });

test('add a DECT base by MAC, assign a line, and see it on the user\'s page', async () => {
  const u = (await s.req('POST', `${org}/users`, { token: s.adminToken, body: newUser({ first_name: 'Dana', last_name: 'Desk' }) })).body;
  const a = (await s.req('POST', `${org}/users/${u.id}/sip-accounts`, { token: s.adminToken, body: { kind: 'desk', label: 'Reception phone' } })).body;
  await page.getByRole('link', { name: 'Toestellen' }).click();
  await page.getByRole('heading', { level: 1, name: 'Toestellen' }).waitFor();
  await page.getByLabel(/^MAC-adres/).fill('00-15-65-AB-CD-EF');
  await page.getByLabel(/^Model/).selectOption({ label: 'yealink W70B (DECT)' });
  await page.getByRole('button', { name: 'Aanmaken' }).click();
  await page.getByRole('dialog', { name: 'Provisioningsgegevens' }).waitFor();
  const secret = await page.locator('[data-secret="Provisioningswachtwoord"]').textContent();
  assert.match(secret, /^[A-Za-z0-9]{24}$/);
  await page.getByRole('button', { name: 'Klaar' }).click();
  await page.getByRole('heading', { level: 1, name: '001565abcdef' }).waitFor();
  await page.getByLabel('Gebruiker', { exact: true }).selectOption({ label: 'Dana Desk' });
  await page.locator('select[name="account"] option', { hasText: 'Reception phone' }).waitFor({ state: 'attached' });
  await page.getByRole('button', { name: 'Toevoegen' }).click();
  await page.getByRole('cell', { name: a.username, exact: true }).waitFor();
  const list = (await s.req('GET', `${org}/devices`, { token: s.adminToken })).body.items;
  const d = list.find((x) => x.mac === '001565abcdef');
  assert.deepEqual(d.lines.map((l) => l.sip_account_id), [a.id]);
  await shot(page, 'devices-w70b');
  // the user's Telephony tab names the device that carries the account
  await page.goto(`/users/${u.id}`);
  await page.getByRole('tab', { name: 'Telefonie' }).click();
  await page.getByRole('link', { name: 'W70B 001565abcdef' }).waitFor();
  // the softphone settings (seed 002's Bria) and Linphone's QR code
  await page.getByRole('button', { name: `Softphone ${a.username}` }).click();
  const dlg = page.getByRole('dialog', { name: 'Softphone-instellingen' });
  await dlg.getByText(a.realm, { exact: true }).waitFor();
  await dlg.getByRole('button', { name: 'QR-code voor Linphone' }).click();
  await dlg.getByRole('img', { name: 'QR-code met de provisioningslink voor Linphone' }).waitFor();
  await shot(page, 'softphone-qr');
  await dlg.getByRole('button', { name: 'Klaar' }).click();
  assert.deepEqual(page.errors, []);
});
