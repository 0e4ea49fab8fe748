// failures.test.mjs: what the portal shows when the API fails or refuses.
// A list request that fails is said as an error in the screen (role=alert,
// in the user's language), never drawn as an empty list; errors are worded
// from their code and params, not from the API's English message; a gate is
// recognised by its problem type. The failing answers are made in the
// browser with page.route, so the server stays as it is.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, newUser } from '../lib/server.mjs';
import { launch, newPage, shot, signIn } from './lib.mjs';

let s;
let browser;
before(async () => {
  s = await startServer();
  // a user whose page the tests open
  const u = await s.req('POST', `/api/v1/orgs/${s.orgId}/users`, { token: s.adminToken, body: newUser({ password: 'Harbour-Lantern-93-Fig' }) });
  assert.equal(u.status, 201, JSON.stringify(u.body));
  browser = await launch();
});
after(async () => { await browser?.close(); await s?.stop(); });

const ORG = '/api/v1/orgs/[^/]+';
const problem = (status, body) => ({
  status, contentType: 'application/problem+json',
  body: JSON.stringify({ type: 'about:blank', status, instance: '/x', request_id: 'req-test-1', ...body }),
});
const internal = problem(500, { title: 'Internal error', detail: 'Something went wrong on our side; the request id helps us find it.' });
// Only GETs of the list, so everything else reaches the server.
const failGet = (page, re, answer = internal) => page.route(re, (route) =>
  (route.request().method() === 'GET' ? route.fulfill(answer) : route.continue()));
// Console lines of the failures this test provokes are expected; any other
// error (an exception in a screen) is not.
const unexpected = (page) => page.errors.filter((e) => !/status of (500|403|422)/.test(e));

// The administrator signed in, speaking lang (its own language decides
// once signed in).
async function adminPage(lang) {
  const me = await s.req('PATCH', '/api/v1/me', { token: s.adminToken, body: { language: lang } });
  assert.equal(me.status, 200, JSON.stringify(me.body));
  const page = await newPage(browser, s, { lang });
  await signIn(page, s.adminEmail, s.adminPassword);
  await page.getByRole('heading', { level: 1, name: lang === 'nl' ? 'Gebruikers' : 'Users' }).waitFor();
  return page;
}

test('a failed users list is said in the screen, in Dutch, not shown as an empty list', async () => {
  const page = await adminPage('nl');
  await failGet(page, new RegExp(`${ORG}/users\\?`));
  await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Gebruikers' }).click();
  const alert = page.locator('main [role="alert"]');
  await alert.waitFor();
  assert.match(await alert.textContent(), /Er ging aan onze kant iets mis\. Probeer het later opnieuw\./);
  assert.match(await alert.textContent(), /req-test-1/, 'the request id helps support');
  assert.doesNotMatch(await alert.textContent(), /Something went wrong/, 'not the API\'s English');
  await page.getByRole('heading', { level: 1, name: 'Gebruikers' }).waitFor();
  assert.equal(await page.locator('main table').count(), 0, 'no table');
  assert.equal(await page.getByText('Hier staat nog niets.').count(), 0, 'not "nothing here"');
  await shot(page, 'failure-users-list');
  assert.deepEqual(unexpected(page), []);
  await page.context().close();
});

test('failed groups: the groups page and the groups of New user say so instead of showing none', async () => {
  const page = await adminPage('en');
  await failGet(page, new RegExp(`${ORG}/groups(\\?|$)`));
  await page.goto('/groups');
  const alert = page.locator('main [role="alert"]');
  await alert.waitFor();
  assert.match(await alert.textContent(), /Something went wrong on our side\. Try again later\./);
  assert.equal(await page.locator('table.matrix').count(), 0);
  await page.goto('/users/new');
  await page.getByRole('heading', { level: 1, name: 'New user' }).waitFor();
  await page.getByText('Login name and groups').click();
  const groups = page.getByRole('group', { name: 'Permission groups' });
  await groups.getByRole('alert').waitFor();
  assert.equal(await groups.getByRole('checkbox').count(), 0, 'no checkboxes of a list that did not load');
  assert.ok(await page.getByLabel(/^First name/).isVisible(), 'the rest of the form is there');
  await shot(page, 'failure-groups');
  assert.deepEqual(unexpected(page), []);
  await page.context().close();
});

test('a failed list on the user page (aliases) is said in its card; the others are shown', async () => {
  const page = await adminPage('nl');
  await failGet(page, new RegExp(`${ORG}/users/[^/]+/aliases`));
  await page.locator('tbody a').first().click();
  await page.getByRole('tab', { name: 'Telefonie' }).click();
  const aliases = page.getByRole('region', { name: 'SIP-aliassen' });
  await aliases.getByRole('alert').waitFor();
  assert.equal(await aliases.getByText('Geen aliassen.').count(), 0);
  await page.getByRole('region', { name: 'Toestelnummers' }).waitFor();
  assert.deepEqual(unexpected(page), []);
  await page.context().close();
});

test('field errors are worded from code and params, whatever the API\'s message says', async () => {
  const page = await adminPage('nl');
  await page.route(new RegExp(`${ORG}/users$`), (route) => (route.request().method() !== 'POST' ? route.continue() : route.fulfill(problem(422, {
    title: 'Invalid input', detail: 'Reworded.',
    errors: [
      { field: 'first_name', code: 'required', message: 'Reworded first name message.' },
      { field: 'password', code: 'too_short', message: 'Reworded: at least 8.', params: { min: 12 } },
      { field: 'extension', code: 'invalid_extension', message: 'Reworded.', params: { length: 5, prefix: '3' } },
    ],
  }))));
  await page.goto('/users/new');
  await page.getByRole('heading', { level: 1, name: 'Nieuwe gebruiker' }).waitFor();
  await page.getByLabel(/^Achternaam/).fill('Woorden');
  await page.getByLabel(/^E-mail/).fill('woorden@example.com');
  await page.getByLabel('Zelf een wachtwoord instellen').check();
  await page.getByLabel(/^Wachtwoord/).fill('kort');
  await page.getByRole('button', { name: 'Aanmaken' }).click();
  await page.locator('[aria-invalid="true"][name="first_name"]').waitFor();
  const errOf = async (name) => page.locator(`#${await page.locator(`[name="${name}"]`).getAttribute('id')}-err`).textContent();
  assert.equal(await errOf('first_name'), 'Voornaam is verplicht.');
  assert.equal(await errOf('password'), 'Het wachtwoord moet minstens 12 tekens lang zijn.', 'the params win over what the screen knows');
  assert.equal(await errOf('extension'), 'Toestelnummers zijn hier 5 cijfers en beginnen met 3.');
  assert.doesNotMatch(await page.locator('main').textContent(), /Reworded/);
  assert.deepEqual(unexpected(page), []);
  await page.context().close();
});

test('a gate is recognised by its problem type: two-factor enrolment', async () => {
  const page = await adminPage('en');
  await failGet(page, new RegExp(`${ORG}/contacts\\?`), problem(403, {
    type: 'urn:switchboard:problem:two-factor-enrolment-required', title: 'Reworded title', detail: 'Reworded.',
  }));
  // the gate's own page would start an enrolment: answer it without one
  await page.route('**/api/v1/me/2fa/totp', (route) => route.fulfill(problem(500, { title: 'Internal error' })));
  await page.getByRole('link', { name: 'Address book' }).click();
  await page.waitForURL('**/enrol-2fa');
  await page.getByRole('heading', { level: 1, name: 'Two-step verification' }).waitFor();
  assert.deepEqual(unexpected(page), []);
  await page.context().close();
});
