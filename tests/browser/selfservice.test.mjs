// selfservice.test.mjs: the portal in a real browser (Debian's chromium via
// playwright-core): keyboard-only sign-in, seed 001 (an End user changes its
// availability and cannot open the users list), seed 003 (an invitation
// read from the SMTP sink sets a password that first breaks and then meets
// the policy), and the same page in Dutch and in English.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, newUser } from '../lib/server.mjs';
import { startSmtpSink } from '../lib/smtp.mjs';
import { totp } from '../lib/totp.mjs';
import { launch, newPage, shot, signIn } from './lib.mjs';

let s;
let sink;
let browser;
let org;
before(async () => {
  sink = await startSmtpSink();
  s = await startServer({ args: ['--smtp-url', `smtp://127.0.0.1:${sink.port}`] });
  org = `/api/v1/orgs/${s.orgId}`;
  browser = await launch();
});
after(async () => { await browser?.close(); await s?.stop(); await sink?.stop(); });

async function groupId(key) {
  const g = await s.req('GET', `${org}/groups`, { token: s.adminToken });
  return g.body.items.find((x) => x.builtin === key).id;
}

test('keyboard only: sign in with Tab and Enter, focus is visible', async () => {
  const page = await newPage(browser, s, { lang: 'en' });
  await page.goto('/login');
  // the login field has focus when the page opens
  await page.keyboard.type(s.adminEmail);
  await page.keyboard.press('Tab');
  await page.keyboard.type(s.adminPassword);
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => {
    const el = document.activeElement;
    const st = getComputedStyle(el);
    return { tag: el.tagName, text: el.textContent, outline: st.outlineStyle, width: st.outlineWidth };
  });
  assert.equal(focused.tag, 'BUTTON');
  assert.equal(focused.text, 'Sign in');
  assert.notEqual(focused.outline, 'none', 'the focused button shows a focus ring');
  await page.keyboard.press('Enter');
  // the admin's language is Dutch: the app follows the user, not the sign-in page
  await page.getByRole('heading', { level: 1, name: 'Gebruikers' }).waitFor();
  assert.match(page.url(), /\/users$/);
  // the new page has the focus once it is drawn (its list may come after
  // its heading), and Tab goes on to its first link
  await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'main', null, { timeout: 5000 });
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Nieuwe gebruiker');
  await shot(page, 'keyboard-sign-in');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('seed 001: an End user signs in, changes its availability, and cannot open the users list', async () => {
  const u = newUser({ password: 'Initial-Pass-4-Now', language: 'en', groups: [await groupId('end_user')] });
  const cr = await s.req('POST', `${org}/users`, { token: s.adminToken, body: u });
  assert.equal(cr.status, 201, JSON.stringify(cr.body));
  const app = await s.req('POST', `${org}/users/${cr.body.id}/sip-accounts`, { token: s.adminToken, body: { kind: 'app', label: 'Phone app' } });
  assert.equal(app.status, 201, JSON.stringify(app.body));
  const desk = await s.req('POST', `${org}/users/${cr.body.id}/sip-accounts`, { token: s.adminToken, body: { kind: 'desk', label: 'Desk' } });
  assert.equal(desk.status, 201, JSON.stringify(desk.body));
  const page = await newPage(browser, s, { lang: 'en' });
  await signIn(page, u.email, u.password);
  // an administrator set the password: it must be changed first
  await page.getByRole('heading', { name: 'Change password' }).waitFor();
  await page.getByLabel(/^Current password/).fill(u.password);
  await page.getByLabel(/^New password/).fill('Orange-Kettle-57-Moon');
  await page.getByLabel(/^Repeat the new password/).fill('Orange-Kettle-57-Moon');
  await page.getByRole('button', { name: 'Change password' }).click();
  await page.getByRole('heading', { level: 1, name: 'My settings' }).waitFor();
  // the menu shows only what an End user may do
  const nav = page.getByRole('navigation', { name: 'Main menu' });
  assert.equal(await nav.getByRole('link', { name: 'Users' }).count(), 0);
  assert.equal(await nav.getByRole('link', { name: 'Address book' }).count(), 0);
  assert.equal(await nav.getByRole('link', { name: 'Organization' }).count(), 0);
  // availability: reachable on the app account
  await page.getByLabel('Reachable on').selectOption({ label: 'App account Phone app' });
  await page.getByRole('switch', { name: 'Reachable' }).check();
  await page.getByRole('button', { name: 'Save' }).first().click();
  await page.getByText('You are reachable.').waitFor();
  const tel = await s.req('GET', `${org}/users/${cr.body.id}/telephony`, { token: s.adminToken });
  assert.equal(tel.body.availability.reachable, true);
  assert.equal(tel.body.availability.destination, app.body.id);
  // the desk phone rings at once with it, each for 12 seconds; a ring time
  // out of range is named next to its field
  await page.getByRole('group', { name: 'Also ring at once' }).getByLabel('VoIP account Desk').check();
  await page.getByLabel(/^Ring time \(seconds\)/).fill('200');
  await page.getByRole('button', { name: 'Save' }).first().click();
  await page.getByText('Ring time (seconds) must be a whole number from 5 to 120.').waitFor();
  await page.getByLabel(/^Ring time \(seconds\)/).fill('12');
  await page.getByRole('button', { name: 'Save' }).first().click();
  await page.getByText('You are reachable.').waitFor();
  const both = (await s.req('GET', `${org}/users/${cr.body.id}/telephony`, { token: s.adminToken })).body.availability;
  assert.deepEqual([both.simultaneous, both.ring_seconds], [[desk.body.id], 12]);
  // and off again
  await page.getByRole('switch', { name: 'Reachable' }).uncheck();
  await page.getByRole('button', { name: 'Save' }).first().click();
  await page.getByText('You are not reachable.').waitFor();
  assert.equal((await s.req('GET', `${org}/users/${cr.body.id}/telephony`, { token: s.adminToken })).body.availability.reachable, false);
  // typing the address of the users list gives no list
  await page.goto('/users');
  await page.getByRole('heading', { level: 1, name: 'No access' }).waitFor();
  assert.equal(await page.getByRole('table').count(), 0);
  await shot(page, 'seed-001-end-user');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('seed 003: New user with an invitation; the mailed link refuses a weak password, then sets one; the user signs in', async () => {
  const admin = await newPage(browser, s, { lang: 'nl' });
  await signIn(admin, s.adminEmail, s.adminPassword);
  await admin.getByRole('link', { name: 'Nieuwe gebruiker' }).click();
  const email = `piet.${Date.now()}@example.com`;
  await admin.getByLabel(/^Voornaam/).fill('Piet');
  await admin.getByLabel(/^Achternaam/).fill('Uitgenodigd');
  await admin.getByLabel(/^E-mail/).fill(email);
  assert.ok(await admin.getByLabel('Stuur een link om het wachtwoord in te stellen').isChecked(), 'invitation is the default');
  await admin.getByRole('button', { name: 'Aanmaken' }).click();
  await admin.getByRole('heading', { level: 1, name: 'Piet Uitgenodigd' }).waitFor();
  await admin.getByText('Uitgenodigd', { exact: true }).first().waitFor();
  await admin.context().close();

  const mail = await sink.waitFor((m) => m.to.includes(email), 15000);
  const link = mail.body.match(/http:\/\/portal\.test(\/set-password\?token=[A-Za-z0-9_-]+)/);
  assert.ok(link, mail.body);
  const page = await newPage(browser, s, { lang: 'nl' });
  await page.goto(link[1]);
  await page.getByRole('heading', { name: 'Welkom: kies je wachtwoord' }).waitFor();
  // seed 003's policy: 8 characters with a digit, a lower- and an upper-case letter
  await page.getByLabel(/^Nieuw wachtwoord/).fill('welkom12');
  await page.getByLabel(/^Herhaal/).fill('welkom12');
  await page.getByRole('button', { name: 'Wachtwoord instellen' }).click();
  const pw = page.getByLabel(/^Nieuw wachtwoord/);
  await page.locator('[aria-invalid="true"][name="password"]').waitFor();
  const errText = await page.locator(`#${await pw.getAttribute('id')}-err`).textContent();
  assert.ok(errText.length > 5, 'the policy message is next to the field');
  // in Dutch: the policy's own words, not the API's English
  assert.match(errText, /Het wachtwoord moet minstens één hoofdletter \(A-Z\) bevatten\./);
  assert.doesNotMatch(errText, /The password/);
  assert.equal(await pw.inputValue(), 'welkom12', 'what was typed stays');
  await page.getByRole('alert').filter({ hasText: errText.slice(0, 20) }).waitFor({ state: 'attached' });
  await shot(page, 'seed-003-policy-refused');
  await pw.fill('Harbour-Lantern-93-Fig');
  await page.getByLabel(/^Herhaal/).fill('Harbour-Lantern-93-Fig');
  await page.getByRole('button', { name: 'Wachtwoord instellen' }).click();
  await page.getByText('Je wachtwoord is ingesteld. Log ermee in.').waitFor();
  await signIn(page, email, 'Harbour-Lantern-93-Fig');
  await page.getByRole('heading', { level: 1, name: 'Mijn instellingen' }).waitFor();
  await shot(page, 'seed-003-signed-in');
  // the used link says so when it is opened, and offers a new one
  await page.goto(link[1]);
  await page.getByRole('heading', { name: 'Deze link is niet meer geldig' }).waitFor();
  assert.equal(await page.getByLabel(/^Nieuw wachtwoord/).count(), 0, 'no form that can only fail');
  await page.getByRole('button', { name: 'Nieuwe link aanvragen' }).click();
  await page.getByRole('heading', { name: 'Wachtwoord vergeten' }).waitFor();
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('the same page in Dutch and in English: the sign-in switch, then the user\'s language', async () => {
  const page = await newPage(browser, s, { lang: 'en' });
  await page.goto('/login');
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  await page.getByLabel('Language').selectOption('nl');
  await page.getByRole('heading', { name: 'Inloggen' }).waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'nl');
  await page.reload();
  await page.getByRole('heading', { name: 'Inloggen' }).waitFor(); // remembered
  await signIn(page, s.adminEmail, s.adminPassword);
  await page.getByRole('heading', { level: 1, name: 'Gebruikers' }).waitFor();
  const nl = await page.locator('nav.nav').innerText();
  for (const w of ['Gebruikers', 'Adresboek', 'Rechtengroepen', 'Toestelnummers', 'Logboek']) assert.match(nl, new RegExp(w));
  await shot(page, 'users-nl');
  // the admin switches its own language in My settings
  await page.getByRole('link', { name: 'Mijn instellingen' }).click();
  await page.getByRole('heading', { level: 1, name: 'Mijn instellingen' }).waitFor();
  const langForm = page.locator('form', { has: page.locator('select[name="language"]') });
  await langForm.getByRole('combobox', { name: 'Taal' }).selectOption('en');
  await langForm.getByRole('button', { name: 'Opslaan' }).click();
  await page.getByRole('heading', { level: 1, name: 'My settings' }).waitFor();
  await page.getByRole('link', { name: 'Users' }).click();
  await page.getByRole('heading', { level: 1, name: 'Users' }).waitFor();
  const en = await page.locator('nav.nav').innerText();
  for (const w of ['Users', 'Address book', 'Permission groups', 'Extensions', 'Audit log']) assert.match(en, new RegExp(w));
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  await shot(page, 'users-en');
  const me = await s.req('PATCH', '/api/v1/me', { token: s.adminToken, body: { language: 'nl' } });
  assert.equal(me.status, 200);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('2FA forced by a group: enrolment with the QR code and recovery codes, then sign-in asks for the code', async () => {
  const g = await s.req('POST', `${org}/groups`, { token: s.adminToken, body: { name: `Secure ${Date.now()}`, permissions: [], two_factor_required: true } });
  assert.equal(g.status, 201, JSON.stringify(g.body));
  const u = newUser({ password: 'Initial-Pass-4-Now', language: 'en', groups: [g.body.id, await groupId('end_user')] });
  assert.equal((await s.req('POST', `${org}/users`, { token: s.adminToken, body: u })).status, 201);
  const page = await newPage(browser, s, { lang: 'en' });
  await signIn(page, u.email, u.password);
  await page.getByLabel(/^Current password/).fill(u.password);
  await page.getByLabel(/^New password/).fill('Velvet-Bridge-29-Owl');
  await page.getByLabel(/^Repeat the new password/).fill('Velvet-Bridge-29-Owl');
  await page.getByRole('button', { name: 'Change password' }).click();
  // nothing else answers until two-step verification is on
  await page.getByRole('heading', { level: 1, name: 'Two-step verification' }).waitFor();
  const qr = page.getByRole('img', { name: 'QR code to scan with your authenticator app' });
  await qr.waitFor();
  assert.ok(await qr.evaluate((img) => img.complete && img.naturalWidth > 0), 'the QR code SVG is drawn under the CSP');
  const secret = await page.locator('[data-totp-secret]').textContent();
  await page.getByLabel(/^Code from the app/).fill('000000');
  await page.getByRole('button', { name: 'Turn on' }).click();
  await page.locator('[aria-invalid="true"][name="code"]').waitFor();
  await page.getByLabel(/^Code from the app/).fill(totp(secret));
  await page.getByRole('button', { name: 'Turn on' }).click();
  await page.getByRole('heading', { name: 'Recovery codes' }).waitFor();
  assert.equal(await page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem').count(), 10);
  await shot(page, '2fa-recovery-codes');
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('heading', { level: 1, name: 'My settings' }).waitFor();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByText('You are signed out.').waitFor();
  // the second step of sign-in
  await signIn(page, u.email, 'Velvet-Bridge-29-Owl');
  await page.getByRole('heading', { name: 'Two-step verification' }).waitFor();
  await page.getByLabel(/^Code/).fill(totp(secret, { stepOffset: 1 }));
  await page.getByRole('button', { name: 'Verify' }).click();
  await page.getByRole('heading', { level: 1, name: 'My settings' }).waitFor();
  await shot(page, '2fa-signed-in');
  // required by its group: it cannot be turned off here
  await page.getByText('Your organization or one of your groups requires it, so it cannot be turned off.').waitFor();
  assert.equal(await page.getByRole('button', { name: 'Turn off' }).count(), 0);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('forgot password: asked for by login name, the reset link from the mail sets a new password', async () => {
  const u = newUser({ password: 'Initial-Pass-4-Now', language: 'en', login_name: `forgot.${Date.now()}` });
  assert.equal((await s.req('POST', `${org}/users`, { token: s.adminToken, body: u })).status, 201);
  const page = await newPage(browser, s, { lang: 'en' });
  await page.goto('/login');
  await page.getByRole('link', { name: 'Forgot your password?' }).click();
  await page.getByLabel(/^Email or login name/).fill(u.login_name);
  await page.getByRole('button', { name: 'Send link' }).click();
  await page.getByText('a link to set a new password is on its way').first().waitFor();
  const mail = await sink.waitFor((m) => m.to.includes(u.email), 15000);
  const link = mail.body.match(/http:\/\/portal\.test(\/set-password\?token=[A-Za-z0-9_-]+)/);
  assert.ok(link, mail.body);
  await page.goto(link[1]);
  await page.getByLabel(/^New password/).fill('Copper-Meadow-61-Kite');
  await page.getByLabel(/^Repeat/).fill('Copper-Meadow-61-Kit');
  await page.getByRole('button', { name: 'Set password' }).click();
  await page.locator('.error', { hasText: 'The two passwords are not the same.' }).waitFor();
  await page.getByLabel(/^Repeat/).fill('Copper-Meadow-61-Kite');
  await page.getByRole('button', { name: 'Set password' }).click();
  await page.getByText('Your password is set. Sign in with it.').waitFor();
  await signIn(page, u.email, 'Copper-Meadow-61-Kite');
  await page.getByRole('heading', { level: 1, name: 'My settings' }).waitFor();
  await shot(page, 'forgot-password');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('English chosen on the Dutch sign-in page stays after sign-in; the forced password change has a sign-out', async () => {
  const u = newUser({ password: 'Initial-Pass-4-Now', language: 'nl' });
  const made = await s.req('POST', `${org}/users`, { token: s.adminToken, body: u });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  const page = await newPage(browser, s, { lang: 'nl' });
  await page.goto('/login');
  await page.getByRole('heading', { name: 'Inloggen' }).waitFor();
  assert.equal(await page.locator('a.skip').textContent(), 'Naar de inhoud');
  await page.getByLabel('Taal').selectOption('en');
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  await signIn(page, u.email, u.password);
  // the password the administrator set must be changed first: in English,
  // and the user can leave instead
  await page.getByRole('heading', { name: 'Change password' }).waitFor();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByText('You are signed out.').waitFor();
  await signIn(page, u.email, u.password);
  await page.getByLabel(/^Current password/).fill(u.password);
  await page.getByLabel(/^New password/).fill('Copper-Meadow-61-Kite');
  await page.getByLabel(/^Repeat/).fill('Copper-Meadow-61-Kite');
  await page.getByRole('button', { name: 'Change password' }).click();
  await page.getByRole('heading', { level: 1, name: 'My settings' }).waitFor();
  assert.equal(await page.locator('a.skip').textContent(), 'Skip to content');
  // the account took the choice: the next sign-in, anywhere, is English
  const me = await s.req('GET', `${org}/users/${made.body.id}`, { token: s.adminToken });
  assert.equal(me.body.language, 'en');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a user signed out because its rights changed is told why at the next sign-in', async () => {
  const u = newUser({ password: 'Harbour-Lantern-93-Fig', language: 'nl', groups: [await groupId('end_user')] });
  const made = await s.req('POST', `${org}/users`, { token: s.adminToken, body: u });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  const l = await s.login(u.email, u.password);
  assert.equal((await s.req('POST', '/api/v1/me/password', { token: l.token, body: { current_password: u.password, new_password: 'Copper-Meadow-61-Kite' } })).status, 200);
  const page = await newPage(browser, s, { lang: 'nl' });
  await signIn(page, u.email, 'Copper-Meadow-61-Kite');
  await page.getByRole('heading', { level: 1, name: 'Mijn instellingen' }).waitFor();
  const ch = await s.req('PATCH', `${org}/users/${made.body.id}`, { token: s.adminToken, body: { groups: [await groupId('end_user'), await groupId('call_details')] } });
  assert.equal(ch.status, 200, JSON.stringify(ch.body));
  await page.reload();
  await page.getByRole('heading', { name: 'Inloggen' }).waitFor();
  await signIn(page, u.email, 'Copper-Meadow-61-Kite');
  await page.locator('.banner', { hasText: 'Een beheerder heeft je rechten gewijzigd; daarom werd je uitgelogd.' }).waitFor();
  await shot(page, 'signed-out-rights-changed');
  // said once
  await page.reload();
  await page.locator('h1').first().waitFor();
  assert.equal(await page.locator('.banner', { hasText: 'Een beheerder heeft je rechten gewijzigd' }).count(), 0);
  assert.deepEqual(page.errors.filter((e) => !/status of 401/.test(e)), []);
  await page.context().close();
});

test('a user turns its own two-step verification off when nothing requires it', async () => {
  const u = newUser({ password: 'Initial-Pass-4-Now', language: 'nl', groups: [await groupId('end_user')] });
  assert.equal((await s.req('POST', `${org}/users`, { token: s.adminToken, body: u })).status, 201);
  const l = await s.login(u.email, u.password);
  await s.req('POST', '/api/v1/me/password', { token: l.token, body: { current_password: u.password, new_password: 'Velvet-Bridge-29-Owl' } });
  const t2 = (await s.login(u.email, 'Velvet-Bridge-29-Owl')).token;
  const e = await s.req('POST', '/api/v1/me/2fa/totp', { token: t2 });
  assert.equal((await s.req('POST', '/api/v1/me/2fa/totp/confirm', { token: t2, body: { code: totp(e.body.secret) } })).status, 200);
  const page = await newPage(browser, s, { lang: 'nl' });
  await signIn(page, u.email, 'Velvet-Bridge-29-Owl');
  await page.getByLabel(/^Code/).fill(totp(e.body.secret, { stepOffset: 1 }));
  await page.getByRole('button', { name: 'Controleren' }).click();
  await page.getByRole('heading', { level: 1, name: 'Mijn instellingen' }).waitFor();
  // new recovery codes, shown once; the old ones end
  await page.getByRole('button', { name: 'Nieuwe herstelcodes' }).click();
  const codes = page.getByRole('dialog', { name: 'Nieuwe herstelcodes' });
  await codes.getByLabel(/^Huidig wachtwoord/).fill('Velvet-Bridge-29-Owl');
  await codes.getByRole('button', { name: 'Nieuwe herstelcodes' }).click();
  await codes.getByRole('list', { name: 'Herstelcodes' }).waitFor();
  assert.equal(await codes.getByRole('list', { name: 'Herstelcodes' }).getByRole('listitem').count(), 10);
  await codes.getByRole('button', { name: 'Klaar' }).click();
  await page.getByRole('heading', { level: 1, name: 'Mijn instellingen' }).waitFor();
  await page.getByRole('button', { name: 'Uitzetten' }).click();
  const dlg = page.getByRole('dialog', { name: 'Twee-staps verificatie uitzetten?' });
  await dlg.getByLabel(/^Huidig wachtwoord/).fill('Wrong-Password-1');
  await dlg.getByRole('button', { name: 'Uitzetten' }).click();
  await dlg.locator('[aria-invalid="true"][name="password"]').waitFor();
  await dlg.getByLabel(/^Huidig wachtwoord/).fill('Velvet-Bridge-29-Owl');
  await dlg.getByRole('button', { name: 'Uitzetten' }).click();
  await page.getByText('Twee-staps verificatie staat uit.').first().waitFor();
  const me = await s.login(u.email, 'Velvet-Bridge-29-Owl');
  assert.ok(me.token, 'the password alone signs in again');
  assert.deepEqual(page.errors.filter((x) => !/status of 422/.test(x)), []);
  await page.context().close();
});
