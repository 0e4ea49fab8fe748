// orgs.test.mjs: the organization switcher in a real browser (issue 15,
// item 8): among many customers it finds one by name as it is typed
// (GET /orgs?q=), not from a list of them all, and the portal then works in
// the one picked; a reload stays there; Organisatie shows its place in the
// tree.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { launch, newPage, signIn } from './lib.mjs';

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
