// orgs.test.mjs: the organization switcher in a real browser (issue 15,
// item 8): among many customers it finds one by name as it is typed
// (GET /orgs?q=), not from a list of them all, and the portal then works in
// the one picked; a reload stays there; Organisatie shows its place in the
// tree; a partner administrator adds, finds, removes and manages its
// customers on Klanten, and suspends one (saying first what that does) and
// resumes it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, newUser } from '../lib/server.mjs';
import { launch, newPage, signIn, signInFirst, PW } from './lib.mjs';


let s;
let browser;
before(async () => { s = await startServer(); browser = await launch(); });
after(async () => { await browser?.close(); await s?.stop(); });

test('the organization switcher finds a customer by part of its name, in Dutch', async () => {
  for (const name of ['Bakkerij Jansen', 'Bakkerij de Vries', 'Slagerij Peters', ...Array.from({ length: 20 }, (_, i) => `Klant ${i + 1}`)]) {
    const r = await s.req('POST', '/api/v1/orgs', { token: s.adminToken, body: { name, parent_id: s.platformId } });
    assert.equal(r.status, 201, JSON.stringify(r.body));
  }
  const page = await newPage(browser, s, { lang: 'nl' });
  await signIn(page, s.adminEmail, s.adminPassword);
  await page.getByRole('heading', { level: 1, name: 'Gebruikers' }).waitFor();
  const sw = page.getByRole('combobox', { name: 'Organisatie' });
  await sw.fill('bakker');
  const list = page.getByRole('listbox', { name: 'Organisatie' });
  await list.getByRole('option', { name: 'Bakkerij Jansen' }).waitFor();
  assert.equal(await list.getByRole('option').count(), 2, 'only the bakeries');
  await list.getByRole('option', { name: 'Bakkerij de Vries' }).click();
  await page.getByRole('heading', { level: 1, name: 'Gebruikers' }).waitFor();
  assert.equal(await sw.inputValue(), 'Bakkerij de Vries');
  // the portal works in it: its settings are the bakery's, also after a reload
  await page.reload();
  await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Organisatie' }).click();
  await page.getByRole('heading', { level: 1, name: 'Organisatie' }).waitFor();
  assert.equal(await page.getByLabel(/^Naam/).first().inputValue(), 'Bakkerij de Vries');
  // its place in the tree
  const platform = (await s.req('GET', `/api/v1/orgs/${s.platformId}`, { token: s.adminToken })).body.name;
  await page.getByText(`${platform} (platform) › Bakkerij de Vries (klant)`).waitFor();
  assert.equal(await page.getByRole('combobox', { name: 'Organisatie' }).inputValue(), 'Bakkerij de Vries');
  assert.deepEqual(page.errors.filter((e) => !/status of 404/.test(e)), []);
});

test('Klanten: a partner administrator adds customers, removes one and manages the other, in Dutch', async () => {
  const partner = (await s.req('POST', '/api/v1/orgs', { token: s.adminToken, body: { name: 'Reseller BV', parent_id: s.platformId, kind: 'partner' } })).body;
  const groups = (await s.req('GET', `/api/v1/orgs/${partner.id}/groups`, { token: s.adminToken })).body.items;
  const u = newUser({ password: PW, language: 'nl', groups: [groups.find((g) => g.builtin === 'admin').id] });
  assert.equal((await s.req('POST', `/api/v1/orgs/${partner.id}/users`, { token: s.adminToken, body: u })).status, 201);
  const page = await newPage(browser, s, { lang: 'nl' });
  await signInFirst(page, u.email, PW);
  await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Klanten' }).click();
  await page.getByRole('heading', { level: 1, name: 'Klanten' }).waitFor();
  await page.getByText('Nog geen klanten.').waitFor();
  const add = page.getByRole('region', { name: 'Nieuwe klant' });
  for (const name of ['Tandarts Smit', 'Fietsenmaker Bos']) {
    await add.getByLabel(/^Naam/).fill(name);
    await add.getByRole('button', { name: 'Klant aanmaken' }).click();
    await page.getByRole('row', { name: new RegExp(name) }).waitFor();
  }
  const mine = (await s.req('GET', '/api/v1/orgs?limit=500', { token: s.adminToken })).body.items.filter((o) => o.parent_id === partner.id);
  assert.deepEqual(mine.map((o) => [o.name, o.kind]).sort(), [['Fietsenmaker Bos', 'customer'], ['Tandarts Smit', 'customer']]);
  // found by name, removed after asking
  await page.getByLabel('Zoek op naam').fill('fiets');
  await page.getByRole('row', { name: /Tandarts Smit/ }).waitFor({ state: 'detached' });
  await page.getByRole('button', { name: 'Verwijderen Fietsenmaker Bos' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Verwijderen' }).click();
  await page.getByRole('row', { name: /Fietsenmaker Bos/ }).waitFor({ state: 'detached' });
  await page.getByLabel('Zoek op naam').fill('');
  // managed: the portal works in the customer
  await page.getByRole('button', { name: 'Beheren Tandarts Smit' }).click();
  await page.getByRole('heading', { level: 1, name: 'Gebruikers' }).waitFor();
  assert.equal(await page.getByRole('combobox', { name: 'Organisatie' }).inputValue(), 'Tandarts Smit');
  assert.deepEqual(page.errors.filter((e) => !/status of 404/.test(e)), []);
});

test('Klanten: a partner administrator suspends a customer after reading what it does, and resumes it, in Dutch', async () => {
  const partner = (await s.req('POST', '/api/v1/orgs', { token: s.adminToken, body: { name: 'Wederverkoper BV', parent_id: s.platformId, kind: 'partner' } })).body;
  const groups = (await s.req('GET', `/api/v1/orgs/${partner.id}/groups`, { token: s.adminToken })).body.items;
  const admin = newUser({ password: PW, language: 'nl', groups: [groups.find((g) => g.builtin === 'admin').id] });
  assert.equal((await s.req('POST', `/api/v1/orgs/${partner.id}/users`, { token: s.adminToken, body: admin })).status, 201);
  const cust = (await s.req('POST', '/api/v1/orgs', { token: s.adminToken, body: { name: 'Kapsalon Roos', parent_id: partner.id } })).body;
  const member = newUser({ password: PW, language: 'nl' });
  assert.equal((await s.req('POST', `/api/v1/orgs/${cust.id}/users`, { token: s.adminToken, body: member })).status, 201);
  const first = await s.login(member.email, PW);
  assert.equal((await s.req('POST', '/api/v1/me/password', { token: first.token, body: { current_password: PW, new_password: `${PW}-2` } })).status, 200);

  const page = await newPage(browser, s, { lang: 'nl' });
  await signInFirst(page, admin.email, PW);
  await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Klanten' }).click();
  const row = page.getByRole('row', { name: /Kapsalon Roos/ });
  await row.getByText('Actief').waitFor();
  await page.getByRole('button', { name: 'Opschorten Kapsalon Roos' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByText('Niemand van Kapsalon Roos kan nog inloggen, en wie ingelogd is, wordt uitgelogd.', { exact: false }).waitFor();
  await dialog.getByText('Hervatten maakt het ongedaan', { exact: false }).waitFor();
  await dialog.getByRole('button', { name: 'Opschorten' }).click();
  await row.getByText(/^Opgeschort sinds /).waitFor();
  assert.equal((await s.req('GET', `/api/v1/orgs/${cust.id}`, { token: s.adminToken })).body.status, 'suspended');
  // its user is told why, in Dutch, and is not signed in
  const them = await newPage(browser, s, { lang: 'nl' });
  await signIn(them, member.email, `${PW}-2`);
  await them.locator('main').getByText('Je organisatie is opgeschort: niemand ervan kan inloggen. Vraag het je leverancier.').waitFor();
  assert.ok(them.url().endsWith('/login'), them.url());
  // resumed in one click: they sign in again
  await page.getByRole('button', { name: 'Hervatten Kapsalon Roos' }).click();
  await row.getByText('Actief').waitFor();
  await signIn(them, member.email, `${PW}-2`);
  await them.getByRole('heading', { level: 1, name: 'Mijn instellingen' }).waitFor();
  assert.deepEqual(page.errors.filter((e) => !/status of 404/.test(e)), []);
  await them.context().close();
});
