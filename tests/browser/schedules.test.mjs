// schedules.test.mjs: office hours in a real browser (issue 14, sections 3
// and 4): an admin makes a schedule in Dutch, with the holiday preset in one
// click and an exception, gives a number a destination by it and reads
// what rings on a Saturday; a user forwards its own calls by schedule in
// English, and the route follows.
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


test("Tijdschema's: office hours with every Dutch holiday in one click, an exception, and a number by schedule", async () => {
  const u = await reachableUser(s);
  const g = (await adm('POST', `${org}/hunt-groups`, { name: 'Balie', members: [{ type: 'user', id: u.id }] })).body;
  const n = (await adm('POST', `${org}/numbers`, { number: '020 765 0101' })).body;
  const page = await newPage(browser, s, { lang: 'nl' });
  await signIn(page, s.adminEmail, s.adminPassword);
  await page.getByRole('heading', { level: 1, name: 'Gebruikers' }).waitFor();
  await page.getByRole('link', { name: "Tijdschema's" }).click();
  await page.getByRole('heading', { level: 1, name: "Tijdschema's" }).waitFor();
  await page.getByLabel(/^Naam/).fill('Balie-uren');
  await page.getByRole('button', { name: 'Aanmaken' }).click();
  await page.getByRole('heading', { level: 1, name: 'Balie-uren' }).waitFor();
  await page.getByText('ma–vr 08:30–17:30 · Europe/Amsterdam').waitFor();
  // the holidays: none, then all of them in one click
  const holidays = page.getByRole('group', { name: 'Feestdagen' });
  await holidays.getByRole('button', { name: 'Geen' }).click();
  assert.equal(await holidays.getByLabel(/^Koningsdag/).isChecked(), false);
  await holidays.getByRole('button', { name: 'Alle Nederlandse feestdagen' }).click();
  assert.equal(await holidays.getByLabel(/^Tweede Pinksterdag/).isChecked(), true);
  // closing at 17:00, and Kerstavond every year until noon
  await page.getByRole('group', { name: 'Openingstijden 1' }).getByLabel('Tot').fill('17:00');
  await page.getByRole('button', { name: 'Uitzondering toevoegen' }).click();
  const ex = page.getByRole('group', { name: 'Uitzonderingen 1' });
  await ex.getByLabel('Naam').fill('Kerstavond');
  await ex.getByLabel('Van', { exact: true }).fill('09:00');
  await ex.getByLabel('Tot', { exact: true }).fill('12:00');
  await page.getByRole('button', { name: 'Tijdschema opslaan' }).click();
  await page.getByText('ma–vr 08:30–17:00 · Europe/Amsterdam').waitFor();
  const sc = (await adm('GET', `${org}/schedules`)).body.items.find((x) => x.name === 'Balie-uren');
  assert.deepEqual(sc.hours, [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '08:30', to: '17:00' }]);
  assert.equal(sc.holidays.length, 11);
  assert.equal(sc.exceptions[0].name, 'Kerstavond');
  assert.deepEqual(sc.exceptions[0].hours, [{ from: '09:00', to: '12:00' }]);
  assert.equal(sc.exceptions[0].every_year, true);
  // a bad period is said at its field
  await page.getByRole('group', { name: 'Openingstijden 1' }).getByLabel('Tot').fill('07:00');
  await page.getByRole('button', { name: 'Tijdschema opslaan' }).click();
  await page.getByRole('group', { name: 'Openingstijden 1' }).getByText('Tot moet na het begin komen.').waitFor();

  // the number: open to the group, otherwise the voicemail
  await page.goto(`/numbers/${n.id}`);
  await page.getByRole('heading', { level: 1, name: '020 765 0101' }).waitFor();
  await page.getByRole('combobox', { name: /^Bestemming/ }).selectOption({ label: 'Volgens tijdschema' });
  await page.getByRole('combobox', { name: 'Tijdschema' }).selectOption({ label: 'Balie-uren' });
  await page.getByRole('combobox', { name: 'Als het open is' }).selectOption({ label: 'Belgroep: Balie' });
  await page.getByRole('combobox', { name: 'Als het gesloten is' }).selectOption({ label: `Voicemail van: ${u.display_name}` });
  await page.getByRole('button', { name: 'Opslaan' }).click();
  await page.getByText(`Balie-uren (ma–vr 08:30–17:00): Belgroep: Balie; anders: Voicemail van: ${u.display_name}`).waitFor();
  const saved = (await adm('GET', `${org}/numbers/${n.id}`)).body.destination;
  assert.deepEqual(saved, { type: 'schedule', schedule_id: sc.id, open: { type: 'hunt_group', id: g.id }, closed: { type: 'voicemail', user_id: u.id }, holiday: null });
  // a Saturday morning: closed, voicemail, until Monday
  await page.getByLabel('Op', { exact: true }).fill('2027-03-06T10:00');
  const words = page.locator('.route-words');
  await words.getByText(/^Balie-uren: gesloten tot /).waitFor();
  await words.getByText(/^Voicemail/).waitFor();
  // Koningsdag: a holiday, as closed
  await page.getByLabel('Op', { exact: true }).fill('2027-04-27T10:00');
  await words.getByText('Balie-uren: feestdag (Koningsdag)', { exact: false }).waitFor();
  // what an extension rings, from the list of extensions
  await page.goto('/extensions');
  await page.getByRole('link', { name: u.extensions[0], exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Wat gaat er over' }).waitFor();
  await page.locator('.route-words').getByText(/^Gaat over/).waitFor();
  await page.locator('.route-words').getByText(`Stap 1: ${u.desk.username}`).waitFor();
  assert.deepEqual(page.errors.filter((e) => !/status of 404/.test(e)), []);
});

test('My settings: in the day to my mobile, after hours to voicemail, in English', async () => {
  const u = await reachableUser(s, { language: 'en' });
  const sc = (await adm('POST', `${org}/schedules`, { name: 'Office hours', hours: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '09:00', to: '17:00' }] })).body;
  const page = await newPage(browser, s, { lang: 'en' });
  await signInFirst(page, u.email, PW);
  const rule = page.getByRole('group', { name: 'By schedule' });
  await rule.getByLabel('By schedule').check();
  await rule.getByLabel('Schedule', { exact: true }).selectOption({ label: 'Office hours' });
  await rule.getByLabel('When open').selectOption({ label: 'An outside number' });
  await rule.getByLabel('Number').first().fill('06 12345678');
  await rule.getByLabel('When closed').selectOption({ label: 'Voicemail' });
  await page.getByRole('button', { name: 'Save forwarding' }).click();
  await page.getByText('Saved').first().waitFor();
  const day = (await adm('GET', `${org}/route?number=${u.extensions[0]}&at=${encodeURIComponent('2027-03-01T10:00:00+01:00')}`)).body;
  assert.deepEqual([day.rule, day.targets], ['forward.schedule', [{ type: 'forward', number: '+31612345678', step: 1 }]]);
  const night = (await adm('GET', `${org}/route?number=${u.extensions[0]}&at=${encodeURIComponent('2027-03-01T20:00:00+01:00')}`)).body;
  assert.deepEqual([night.rule, night.result, night.schedule.id], ['forward.schedule', 'voicemail', sc.id]);
  assert.deepEqual(page.errors, []);
});
