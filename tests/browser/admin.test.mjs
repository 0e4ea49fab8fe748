// admin.test.mjs: the administrator's screens in a real browser: seed 004
// (New user with the prefilled 7xxx extension, then a SIP alias added to a
// hunt group) and seed 000 (the same person made from the address book and
// from the users screen gives the same user, reached on any number).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startServer } from '../lib/server.mjs';
import { launch, newPage, shot, signIn } from './lib.mjs';

let s;
let browser;
let page;
let org;
before(async () => {
  s = await startServer();
  org = `/api/v1/orgs/${s.orgId}`;
  // the organization's number, for the caller ID (Nummerweergave) and the
  // reachable numbers (Telefoonnummers) of seed 000
  const n = await s.req('POST', `${org}/numbers`, { token: s.adminToken, body: { number: '020 123 4567', label: 'Reception' } });
  assert.equal(n.status, 201, JSON.stringify(n.body));
  for (const number of ['020 123 4568', '020 123 4569']) {
    const n2 = await s.req('POST', `${org}/numbers`, { token: s.adminToken, body: { number } });
    assert.equal(n2.status, 201, JSON.stringify(n2.body));
  }
  browser = await launch();
  page = await newPage(browser, s, { lang: 'nl' });
  await signIn(page, s.adminEmail, s.adminPassword);
  await page.getByRole('heading', { level: 1, name: 'Gebruikers' }).waitFor();
});
after(async () => { await browser?.close(); await s?.stop(); });

// Console lines of refusals a test provokes are expected; exceptions are not.
const unexpected = (p) => p.errors.filter((e) => !/status of (404|409|412|422)/.test(e));

const userByEmail = async (email) => {
  const r = await s.req('GET', `${org}/users?q=${encodeURIComponent(email)}`, { token: s.adminToken });
  return r.body.items.find((u) => u.email === email);
};

test('seed 004: New user with name, email and the prefilled 7xxx extension; a SIP alias joins a hunt group', async () => {
  await page.getByRole('link', { name: 'Nieuwe gebruiker' }).click();
  const ext = page.getByLabel(/^Toestelnummer/);
  await page.waitForFunction(() => document.querySelector('input[name="extension"]')?.value);
  const suggested = await ext.inputValue();
  assert.match(suggested, /^7\d{3}$/);
  const email = `john.${Date.now()}@example.com`;
  await page.getByLabel(/^Voornaam/).fill('John');
  await page.getByLabel(/^Achternaam/).fill('Doe');
  await page.getByLabel(/^E-mail/).fill(email);
  await page.getByRole('button', { name: 'Aanmaken' }).click();
  await page.getByRole('heading', { level: 1, name: 'John Doe' }).waitFor();
  const u = await userByEmail(email);
  assert.deepEqual(u.extensions, [suggested]);

  // Telefonie > SIP-alias toevoegen: "John Support", shown once with its secret
  await page.getByRole('tab', { name: 'Telefonie' }).click();
  await page.getByRole('button', { name: 'SIP-alias toevoegen' }).click();
  const dlg = page.getByRole('dialog');
  await dlg.getByLabel(/^Weergavenaam/).fill('John Support');
  await dlg.getByRole('button', { name: 'Toevoegen' }).click();
  await page.getByRole('dialog', { name: 'Gegevens van het account' }).waitFor();
  const secret = await page.locator('[data-secret="Wachtwoord"]').textContent();
  assert.ok(secret.length >= 20, 'the alias secret is shown once');
  await page.getByRole('button', { name: 'Klaar' }).click();
  await page.getByRole('cell', { name: 'John Support', exact: true }).waitFor();

  // Belgroepen: a new group, then the alias as a member
  await page.getByRole('link', { name: 'Belgroepen & wachtrijen' }).click();
  await page.getByRole('heading', { level: 1, name: 'Belgroepen & wachtrijen' }).waitFor();
  await page.getByLabel(/^Naam/).fill('Support');
  await page.getByRole('button', { name: 'Aanmaken' }).click();
  await page.getByRole('heading', { level: 1, name: 'Support' }).waitFor();
  await page.getByLabel('Gebruiker', { exact: true }).selectOption({ label: 'John Doe' });
  await page.locator('select[name="member"] option', { hasText: 'John Support' }).waitFor({ state: 'attached' });
  await page.getByLabel('Als', { exact: true }).selectOption({ label: 'John Support (SIP-alias)' });
  await page.getByRole('button', { name: 'Toevoegen' }).click();
  await page.getByRole('cell', { name: 'John Support', exact: true }).waitFor();
  const groups = await s.req('GET', `${org}/hunt-groups`, { token: s.adminToken });
  const g = groups.body.items.find((x) => x.name === 'Support');
  assert.equal(g.members.length, 1);
  assert.equal(g.members[0].type, 'alias');
  assert.equal(g.members[0].name, 'John Support');
  assert.match(g.extension, /^7\d{3}$/);

  // picking John Doe adds John Doe himself unless an alias is chosen
  await page.getByLabel('Gebruiker', { exact: true }).selectOption('');
  await page.getByLabel('Gebruiker', { exact: true }).selectOption({ label: 'John Doe' });
  await page.locator('select[name="member"] option', { hasText: 'John Support' }).waitFor({ state: 'attached' });
  assert.equal(await page.getByLabel('Als', { exact: true }).inputValue(), `user:${u.id}`);
  await page.getByRole('button', { name: 'Toevoegen' }).click();
  await page.getByRole('cell', { name: 'John Doe', exact: true }).waitFor();
  // the order changes with the arrows, each change on the version of the last
  await page.getByRole('button', { name: 'John Doe omhoog' }).click();
  await page.getByRole('button', { name: 'John Support omhoog' }).waitFor();
  // and the settings change after creation
  await page.getByRole('button', { name: 'Wijzigen' }).click();
  await page.getByLabel(/^Naam/).fill('Support NL');
  await page.getByLabel('Strategie', { exact: true }).selectOption('linear');
  await page.getByLabel(/^Beltijd/).fill('30');
  await page.getByRole('button', { name: 'Opslaan' }).click();
  await page.getByRole('heading', { level: 1, name: 'Support NL' }).waitFor();
  await page.getByText('De leden gaan in deze volgorde over.').waitFor();
  const after = await s.req('GET', `${org}/hunt-groups/${g.id}`, { token: s.adminToken });
  assert.deepEqual([after.body.name, after.body.strategy, after.body.ring_seconds, after.body.extension],
    ['Support NL', 'linear', 30, g.extension]);
  assert.deepEqual(after.body.members.map((m) => [m.type, m.name]), [['user', 'John Doe'], ['alias', 'John Support']]);
  await shot(page, 'seed-004-hunt-group');
  assert.deepEqual(page.errors, []);
});

// Telefonie: Nummerweergave and Telefoonnummers, as both paths of seed 000 end.
async function callerIdAndNumbers(number) {
  await page.getByRole('tab', { name: 'Telefonie' }).click();
  await page.getByLabel('Nummerweergave', { exact: true }).selectOption('+31201234567');
  await page.getByLabel(number.replace(/^\+3120123(\d)(\d{3})$/, '020 123 $1$2')).check();
  await page.getByRole('button', { name: 'Telefonie opslaan' }).click();
  await page.getByText('Opgeslagen.').first().waitFor();
}

async function pickEmployer(name) {
  const box = page.getByRole('combobox', { name: 'Werkgever' });
  await box.fill(name);
  return page.getByRole('listbox', { name: 'Werkgever' }).getByRole('option').first();
}

test('seed 000: Adresboek > Nieuw persoon > werkgever toevoegen > Maak loginnaam aan, and the same via Gebruikers, give the same user', async () => {
  const stamp = Date.now();
  const company = `Bakkerij ${stamp}`;
  const pw = 'Sunny-Tulip-83-Canal';
  const mail1 = `anna1.${stamp}@example.com`;
  const mail2 = `anna2.${stamp}@example.com`;

  // Path 1: Adresboek
  await page.getByRole('link', { name: 'Adresboek' }).click();
  await page.getByRole('link', { name: 'Nieuw persoon' }).click();
  await page.getByLabel(/^Voornaam/).fill('Anna');
  await page.getByLabel(/^Tussenvoegsel/).fill('van der');
  await page.getByLabel(/^Achternaam/).fill('Berg');
  await page.getByLabel(/^E-mail/).fill(mail1);
  const add = await pickEmployer(company);
  assert.equal(await add.textContent(), `voeg '${company}' toe`);
  await add.click();
  await page.getByRole('button', { name: 'Aanmaken' }).click();
  await page.getByRole('heading', { level: 1, name: 'Anna van der Berg' }).waitFor();
  // Werk: Wijzigen, the work details
  await page.getByRole('tab', { name: 'Werk' }).click();
  await page.getByRole('button', { name: 'Wijzigen' }).click();
  await page.getByLabel(/^Functie/).fill('Office manager');
  await page.getByLabel(/^Telefoon werk/).fill('020 555 1234');
  await page.getByRole('button', { name: 'Opslaan' }).click();
  await page.getByText('+31205551234').waitFor();
  // Gebruikersaccount: Maak loginnaam aan, Wachtwoord
  await page.getByRole('tab', { name: 'Gebruikersaccount' }).click();
  await page.getByRole('button', { name: 'Maak loginnaam aan' }).click();
  const dlg = page.getByRole('dialog');
  await dlg.getByLabel(/^Loginnaam/).fill(`anna1x${stamp}`);
  await dlg.getByLabel('Zelf een wachtwoord instellen').check();
  await dlg.getByLabel(/^Wachtwoord/).fill(pw);
  await dlg.getByRole('button', { name: 'Ok' }).click();
  await page.getByRole('heading', { level: 1, name: 'Anna van der Berg' }).waitFor();
  await callerIdAndNumbers('+31201234568');
  await shot(page, 'seed-000-path-1');

  // Path 2: Gebruikers > Nieuwe gebruiker, the same person (another email)
  await page.getByRole('link', { name: 'Gebruikers' }).click();
  await page.getByRole('link', { name: 'Nieuwe gebruiker' }).click();
  await page.getByLabel(/^Voornaam/).fill('Anna');
  await page.getByLabel(/^Achternaam/).fill('Berg');
  await page.getByLabel(/^E-mail/).fill(mail2);
  await page.getByLabel(/^Toestelnummer/).fill('');
  await page.getByLabel('Zelf een wachtwoord instellen').check();
  await page.getByLabel(/^Wachtwoord/).fill(pw);
  await page.getByText('Persoonsgegevens').click();
  await page.getByLabel(/^Tussenvoegsel/).fill('van der');
  await page.getByText('Loginnaam en groepen').click();
  await page.getByLabel(/^Loginnaam/).fill(`anna2x${stamp}`);
  await page.getByText('Werk', { exact: true }).click();
  const existing = await pickEmployer(company.slice(0, 12));
  const opt = page.getByRole('listbox', { name: 'Werkgever' }).getByRole('option', { name: company, exact: true });
  await opt.click();
  assert.ok(existing);
  await page.getByLabel(/^Functie/).fill('Office manager');
  await page.getByRole('button', { name: 'Aanmaken' }).click();
  await page.getByRole('heading', { level: 1, name: 'Anna van der Berg' }).waitFor();
  await page.getByRole('tab', { name: 'Werk' }).click();
  await page.getByRole('button', { name: 'Wijzigen' }).click();
  await page.getByLabel(/^Telefoon werk/).fill('020 555 1234');
  await page.getByRole('button', { name: 'Opslaan' }).click();
  await page.getByText('+31205551234').waitFor();
  await callerIdAndNumbers('+31201234569').catch(async (e) => { await shot(page, 'seed-000-path-2-error'); throw e; });
  await shot(page, 'seed-000-path-2');

  // Compare: the same user but for what must differ; the same employer
  const u1 = await userByEmail(mail1);
  const u2 = await userByEmail(mail2);
  const same = (u) => {
    const { id, contact_id, email, login_name, created_at, updated_at, last_login_at, ...rest } = u;
    return { ...rest, groups: u.groups.map((g) => g.builtin) };
  };
  assert.deepEqual(same(u1), same(u2));
  assert.equal(u1.company_name, company);
  assert.equal(u1.job_title, 'Office manager');
  const t1 = await s.req('GET', `${org}/users/${u1.id}/telephony`, { token: s.adminToken });
  const t2 = await s.req('GET', `${org}/users/${u2.id}/telephony`, { token: s.adminToken });
  assert.equal(t1.body.caller_id, '+31201234567');
  assert.equal(t2.body.caller_id, '+31201234567');
  assert.equal(t1.body.effective_caller_id, t2.body.effective_caller_id);
  // a number rings one user at a time: each path gave its user its own
  assert.deepEqual(t1.body.reachable_numbers, ['+31201234568']);
  assert.deepEqual(t2.body.reachable_numbers, ['+31201234569']);
  assert.deepEqual(page.errors, []);
});

test('warnings do not block: a shared role address is said as it is typed, created, and the tip is shown on the new user', async () => {
  await page.getByRole('link', { name: 'Gebruikers', exact: true }).click();
  await page.getByRole('link', { name: 'Nieuwe gebruiker' }).click();
  await page.getByLabel(/^Voornaam/).fill('Info');
  await page.getByLabel(/^Achternaam/).fill('Balie');
  await page.getByLabel(/^E-mail/).pressSequentially('info@example.com');
  // before anything is saved or any invitation sent
  await page.locator('.field-warn', { hasText: 'lijkt een gedeeld functieadres' }).waitFor();
  assert.equal((await s.req('GET', `${org}/users?q=info%40example.com`, { token: s.adminToken })).body.items.length, 0);
  await shot(page, 'warning-role-address-typed');
  // an address another user has is said too, and a personal one clears it
  await page.getByLabel(/^E-mail/).fill(s.adminEmail);
  await page.locator('.field-warn', { hasText: 'al in gebruik' }).waitFor();
  await page.getByLabel(/^E-mail/).fill('info@example.com');
  await page.locator('.field-warn', { hasText: 'functieadres' }).waitFor();
  await page.getByRole('button', { name: 'Aanmaken' }).click();
  await page.getByRole('heading', { level: 1, name: 'Info Balie' }).waitFor();
  const banner = page.locator('.banner-warn');
  await banner.waitFor();
  assert.match(await banner.textContent(), /role address/);
  await shot(page, 'warning-role-address');
  assert.deepEqual(page.errors, []);
});

test('Telefonie: a user is reached on a number the organization did not have; another organization\'s is refused under the field', async () => {
  const cr = await s.req('POST', `${org}/users`, { token: s.adminToken, body: { first_name: 'Rik', last_name: 'Rondom', email: `rik.${Date.now()}@example.com` } });
  assert.equal(cr.status, 201, JSON.stringify(cr.body));
  const other = (await s.req('POST', '/api/v1/orgs', { token: s.adminToken, body: { name: `Buren ${Date.now()}`, parent_id: s.platformId } })).body.id;
  assert.equal((await s.req('POST', `/api/v1/orgs/${other}/numbers`, { token: s.adminToken, body: { number: '+31 20 555 0145' } })).status, 201);
  await page.goto(`/users/${cr.body.id}`);
  await page.getByRole('heading', { level: 1, name: 'Rik Rondom' }).waitFor();
  await page.getByRole('tab', { name: 'Telefonie' }).click();
  await page.getByLabel(/^Ander nummer/).fill('020 555 0145');
  await page.getByRole('button', { name: 'Telefonie opslaan' }).click();
  await page.locator('.field', { has: page.getByLabel(/^Ander nummer/) }).getByText('Dit nummer is al van een andere organisatie.').waitFor();
  await page.getByLabel(/^Ander nummer/).fill('020 555 0144');
  await page.getByRole('button', { name: 'Telefonie opslaan' }).click();
  await page.getByRole('status').getByText('Opgeslagen.').last().waitFor();
  // now one of the organization's numbers, ticked for this user
  await page.getByRole('checkbox', { name: '020 555 0144' }).waitFor();
  assert.ok(await page.getByRole('checkbox', { name: '020 555 0144' }).isChecked());
  assert.deepEqual((await s.req('GET', `${org}/users/${cr.body.id}/telephony`, { token: s.adminToken })).body.reachable_numbers, ['+31205550144']);
  assert.deepEqual(page.errors, []);
});

test('Telefonie: availability saved, then the telephony settings saved, one after the other; each phone its own number', async () => {
  const cr = await s.req('POST', `${org}/users`, { token: s.adminToken, body: { first_name: 'Tara', last_name: 'Tweemaal', email: `tara.${Date.now()}@example.com`, extension: 'auto' } });
  assert.equal(cr.status, 201, JSON.stringify(cr.body));
  const desk = await s.req('POST', `${org}/users/${cr.body.id}/sip-accounts`, { token: s.adminToken, body: { kind: 'desk', label: 'Bureau' } });
  assert.equal(desk.status, 201, JSON.stringify(desk.body));
  await page.goto(`/users/${cr.body.id}`);
  await page.getByRole('heading', { level: 1, name: 'Tara Tweemaal' }).waitFor();
  await page.getByRole('tab', { name: 'Telefonie' }).click();
  // a new organization has no trunk default: said, with where to set it
  assert.equal((await s.req('GET', org, { token: s.adminToken })).body.trunk_caller_id, null);
  await page.locator('select[name="caller_id"] option', { hasText: 'Standaard van de trunk (geen nummer ingesteld)' }).waitFor({ state: 'attached' });
  await page.getByText('De trunk heeft nog geen standaard nummerweergave').waitFor();
  assert.equal(await page.getByRole('link', { name: 'Stel die in bij Organisatie.' }).getAttribute('href'), '/org');
  await page.getByLabel('Bereikbaar op').selectOption({ label: 'VoIP account Bureau' });
  await page.getByRole('switch', { name: 'Bereikbaar' }).check();
  await page.getByRole('button', { name: 'Opslaan', exact: true }).click();
  await page.getByText('Opgeslagen.').first().waitFor();
  // the second form of the same document, right after: saved, not refused as stale
  await page.getByLabel('Uitgaand nummer van Bureau').selectOption('+31201234568');
  await page.getByRole('button', { name: 'Telefonie opslaan' }).click();
  await page.getByRole('status').getByText('Opgeslagen.').last().waitFor();
  const tel = (await s.req('GET', `${org}/users/${cr.body.id}/telephony`, { token: s.adminToken })).body;
  assert.equal(tel.availability.destination, desk.body.id);
  assert.equal(tel.destinations.find((d) => d.id === desk.body.id).caller_id, '+31201234568');
  assert.equal(await page.locator('.banner-error:visible').count(), 0);
  assert.deepEqual(page.errors, []);
});

test('Delete user asks for the email and says until when it can be restored; Suspend is offered beside it', async () => {
  const email = `weg.${Date.now()}@example.com`;
  const cr = await s.req('POST', `${org}/users`, { token: s.adminToken, body: { first_name: 'Wim', last_name: 'Weg', email, password: 'Harbour-Lantern-93-Fig' } });
  assert.equal(cr.status, 201);
  await page.goto(`/users/${cr.body.id}`);
  await page.getByRole('heading', { level: 1, name: 'Wim Weg' }).waitFor();
  await page.getByRole('button', { name: 'Gebruiker verwijderen' }).click();
  const dlg = page.getByRole('dialog', { name: 'Wim Weg verwijderen?' });
  const until = new Date(Date.now() + 30 * 86400000).toLocaleDateString('nl-NL', { dateStyle: 'long' });
  await dlg.getByText(`Nog 30 dagen, tot ${until}, zet "Terugzetten" hem terug`).waitFor();
  await dlg.getByRole('button', { name: 'Liever blokkeren' }).waitFor();
  await dlg.getByLabel(/^Typ het e-mailadres/).fill('iemand@example.com');
  await dlg.getByRole('button', { name: 'Gebruiker verwijderen' }).click();
  await dlg.getByText('Dit is niet het e-mailadres van de gebruiker.').waitFor();
  assert.equal((await s.req('GET', `${org}/users/${cr.body.id}`, { token: s.adminToken })).body.deleted_at, null);
  await shot(page, 'delete-confirm');
  await dlg.getByLabel(/^Typ het e-mailadres/).fill(email);
  await dlg.getByRole('button', { name: 'Gebruiker verwijderen' }).click();
  await page.getByRole('heading', { level: 1, name: 'Gebruikers' }).waitFor();
  assert.equal(await page.getByRole('link', { name: 'Wim Weg' }).count(), 0);
  const gone = await s.req('GET', `${org}/users?status=deleted`, { token: s.adminToken });
  assert.ok(gone.body.items.some((u) => u.id === cr.body.id));
  assert.deepEqual(page.errors, []);
});

test('Taal en beveiliging: two-step verification required of one user, ticked by the admin', async () => {
  const email = `tweestaps.${Date.now()}@example.com`;
  const cr = await s.req('POST', `${org}/users`, { token: s.adminToken, body: { first_name: 'Tom', last_name: 'Tweestaps', email, password: 'Harbour-Lantern-93-Fig' } });
  assert.equal(cr.status, 201);
  await page.goto(`/users/${cr.body.id}`);
  await page.getByRole('heading', { level: 1, name: 'Tom Tweestaps' }).waitFor();
  await page.getByRole('tab', { name: 'Taal en beveiliging' }).click();
  await page.getByText('Alleen als de organisatie of een groep het vereist').waitFor();
  await page.getByRole('button', { name: 'Wijzigen' }).click();
  await page.getByLabel('Verplicht voor deze gebruiker').check();
  await page.getByRole('button', { name: 'Opslaan' }).click();
  // the summary says so, and that it is not set up yet
  await page.getByText('Verplicht, niet ingesteld').waitFor();
  await page.getByText('Ja', { exact: true }).waitFor();
  const seen = await s.req('GET', `${org}/users/${cr.body.id}`, { token: s.adminToken });
  assert.deepEqual([seen.body.require_two_factor, seen.body.two_factor.required], [true, true]);
  assert.deepEqual(unexpected(page), []);
});

test('permission groups as a matrix: a right given to End user is saved; the audit log filtered on the group shows the change', async () => {
  await page.getByRole('link', { name: 'Rechtengroepen' }).click();
  await page.getByRole('heading', { level: 1, name: 'Rechtengroepen' }).waitFor();
  const box = page.getByRole('checkbox', { name: 'Eindgebruiker: contacts.read' });
  assert.equal(await box.isChecked(), false);
  await box.check();
  await page.getByRole('button', { name: 'Opslaan' }).click();
  await page.getByText('Opgeslagen.').first().waitFor();
  await page.getByRole('checkbox', { name: 'Eindgebruiker: contacts.read' }).and(page.locator(':checked')).waitFor();
  const groups = await s.req('GET', `${org}/groups`, { token: s.adminToken });
  const endUser = groups.body.items.find((g) => g.builtin === 'end_user');
  assert.ok(endUser.permissions.includes('contacts.read'));
  // the audit log, filtered on the group, has the change
  await page.goto(`/audit?object=${endUser.id}`);
  await page.getByRole('heading', { level: 1, name: 'Logboek' }).waitFor();
  await page.getByRole('cell', { name: 'group.update' }).first().waitFor();
  const rows = await page.locator('tbody tr').count();
  assert.ok(rows >= 1);
  assert.equal(await page.locator('tbody tr', { hasNotText: 'group.' }).count(), 0, 'only events of that object');
  await shot(page, 'groups-audit');
  // and back, so other tests see the defaults
  const back = await s.req('PATCH', `${org}/groups/${endUser.id}`, { token: s.adminToken, body: { permissions: endUser.permissions.filter((x) => x !== 'contacts.read') } });
  assert.equal(back.status, 200);
  assert.deepEqual(page.errors, []);
});

test('phone width: the users list, a user page and its telephony fit the screen', async () => {
  await page.setViewportSize({ width: 390, height: 844 });
  try {
    for (const path of ['/users', '/contacts', '/groups', '/hunt-groups']) {
      await page.goto(path);
      await page.getByRole('heading', { level: 1 }).waitFor();
      const [sw, w] = await page.evaluate(() => [document.documentElement.scrollWidth, innerWidth]);
      assert.ok(sw <= w, `${path}: ${sw} > ${w}`);
    }
    await page.goto('/users');
    await page.locator('tbody a').first().click();
    await page.getByRole('tab', { name: 'Telefonie' }).click();
    await page.getByRole('heading', { name: 'Beschikbaarheid' }).waitFor();
    const [sw, w] = await page.evaluate(() => [document.documentElement.scrollWidth, innerWidth]);
    assert.ok(sw <= w, `user page: ${sw} > ${w}`);
    // every tab in view: they wrap instead of scrolling away
    for (const tab of await page.getByRole('tab').all()) {
      const b = await tab.boundingBox();
      assert.ok(b && b.x >= 0 && b.x + b.width <= w, `tab ${await tab.textContent()} is out of view`);
    }
    await shot(page, 'phone-user-telephony');
    // the menu is behind a button, and every screen is reachable from it
    const nav = page.getByRole('navigation', { name: 'Hoofdmenu' });
    assert.equal(await nav.isVisible(), false);
    const menu = page.getByRole('button', { name: 'Menu' });
    await menu.click();
    assert.equal(await menu.getAttribute('aria-expanded'), 'true');
    await nav.getByRole('link', { name: 'Rechtengroepen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Rechtengroepen' }).waitFor();
    // the rights matrix scrolls in its own frame, its first column stays
    const frame = page.locator('.table-wrap').filter({ has: page.locator('table.matrix') });
    const [fw, fsw] = await frame.evaluate((el) => [el.clientWidth, el.scrollWidth]);
    assert.ok(fsw > fw, 'the matrix is wider than the phone');
    const right = page.locator('table.matrix tbody th').first();
    const x0 = (await right.boundingBox()).x;
    await frame.evaluate((el) => { el.scrollLeft = el.scrollWidth; });
    assert.equal((await right.boundingBox()).x, x0, 'the first column stays in view');
    const [sw2] = await page.evaluate(() => [document.documentElement.scrollWidth]);
    assert.ok(sw2 <= w, `groups page: ${sw2} > ${w}`);
    await shot(page, 'phone-rights-matrix');
  } finally {
    await page.setViewportSize({ width: 1280, height: 860 });
  }
});

test('Numbers: an invalid number is refused next to the field, a valid one is added in E.164 and shown as written here', async () => {
  await page.goto('/numbers');
  await page.getByRole('heading', { level: 1, name: 'Nummers' }).waitFor();
  await page.getByLabel(/^Nummer/).fill('12');
  await page.getByLabel(/^Omschrijving/).fill('Sales');
  await page.getByRole('button', { name: 'Toevoegen' }).click();
  const bad = page.locator('input[name="number"][aria-invalid="true"]');
  await bad.waitFor();
  assert.ok((await page.locator(`#${await bad.getAttribute('id')}-err`).textContent()).length > 5);
  assert.equal(await page.getByLabel(/^Omschrijving/).inputValue(), 'Sales', 'typed values stay');
  await page.getByLabel(/^Nummer/).fill('010 765 4321');
  await page.getByRole('button', { name: 'Toevoegen' }).click();
  // stored in E.164, shown in the national format of the organization's country
  const cell = page.getByRole('cell', { name: '010 765 4321 +31107654321', exact: true });
  await cell.waitFor();
  const n = (await s.req('GET', `${org}/numbers`, { token: s.adminToken })).body.items.find((x) => x.number === '+31107654321');
  assert.equal(n.national, '010 765 4321');
  assert.deepEqual(page.errors, []);
});

test('Dutch field errors: New user with bad values shows the Dutch text of each error code next to its field', async () => {
  await page.goto('/users/new');
  await page.getByRole('heading', { level: 1, name: 'Nieuwe gebruiker' }).waitFor();
  await page.waitForFunction(() => document.querySelector('input[name="extension"]')?.value);
  await page.getByLabel(/^Achternaam/).fill('Zonder');
  await page.getByLabel(/^E-mail/).fill(`zonder.${Date.now()}@example.com`);
  await page.getByLabel(/^Toestelnummer/).fill('123');
  await page.getByLabel('Zelf een wachtwoord instellen').check();
  await page.getByLabel(/^Wachtwoord/).fill('kortjes');
  await page.getByRole('button', { name: 'Aanmaken' }).click();
  await page.locator('[aria-invalid="true"][name="extension"]').waitFor();
  const errOf = async (name) => page.locator(`#${await page.locator(`[name="${name}"]`).getAttribute('id')}-err`).textContent();
  assert.equal(await errOf('first_name'), 'Voornaam is verplicht.');
  assert.equal(await errOf('extension'), 'Toestelnummers zijn hier 4 cijfers en beginnen met 7.');
  // the name and extension right, then the password policy speaks Dutch too
  await page.getByLabel(/^Voornaam/).fill('Kees');
  await page.getByLabel(/^Toestelnummer/).fill('');
  await page.getByRole('button', { name: 'Aanmaken' }).click();
  await page.locator('[aria-invalid="true"][name="password"]').waitFor();
  const pw = await errOf('password');
  assert.match(pw, /Het wachtwoord moet minstens 8 tekens lang zijn\./);
  assert.match(pw, /Het wachtwoord moet minstens één cijfer bevatten\./);
  assert.match(pw, /Het wachtwoord moet minstens één hoofdletter \(A-Z\) bevatten\./);
  assert.doesNotMatch(pw, /The password/);
  assert.equal(await errOf('first_name'), '');
  await shot(page, 'field-errors-nl');
  assert.deepEqual(page.errors, []);
});

test('Organisatie: the admin changes the extension rule and the retention; a bad value is refused next to its field; New user then follows the new rule', async () => {
  await page.goto('/users');
  await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Organisatie' }).click();
  await page.getByRole('heading', { level: 1, name: 'Organisatie' }).waitFor();
  assert.equal(await page.getByLabel(/^Lengte van toestelnummers/).inputValue(), '4');
  assert.equal(await page.getByLabel(/^Toestelnummers beginnen met/).inputValue(), '7');
  assert.ok(await page.getByLabel(/^Minimale lengte/).inputValue(), 'the password policy is shown');
  // bad values: letters in the prefix, a retention of 0 days
  await page.getByLabel(/^Toestelnummers beginnen met/).fill('5a');
  await page.getByLabel(/^Bewaren \(dagen\)/).fill('0');
  // the time zone offers the tzdata's zones, and refuses one that is none
  await page.locator('datalist option[value="Europe/Amsterdam"]').waitFor({ state: 'attached' });
  await page.getByLabel(/^Tijdzone/).fill('Mars/Olympus');
  await page.getByRole('button', { name: 'Opslaan' }).click();
  await page.locator('[aria-invalid="true"][name="extension_prefix"]').waitFor();
  await page.locator('[aria-invalid="true"][name="timezone"]').waitFor();
  await page.getByLabel(/^Tijdzone/).fill('Europe/Amsterdam');
  const errOf = async (name) => page.locator(`#${await page.locator(`[name="${name}"]`).getAttribute('id')}-err`).textContent();
  assert.equal(await errOf('extension_prefix'), 'Het voorvoegsel bestaat alleen uit cijfers, of is leeg.');
  assert.equal(await errOf('retention_days'), 'Bewaren (dagen) moet een heel getal van 1 tot en met 3650 zijn.');
  assert.equal(await page.getByLabel(/^Toestelnummers beginnen met/).inputValue(), '5a', 'what was typed stays');
  await shot(page, 'org-refused');
  // right values: 3 digits starting with 5, kept 60 days
  await page.getByLabel(/^Toestelnummers beginnen met/).fill('5');
  await page.getByLabel(/^Lengte van toestelnummers/).fill('3');
  await page.getByLabel(/^Bewaren \(dagen\)/).fill('60');
  await page.getByLabel('Standaard nummerweergave van de trunk').selectOption({ label: '020 123 4567 (Reception)' });
  // what SCIM does when the identity provider removes a user, and its invitations
  await page.getByLabel(/^Als de identity provider een gebruiker verwijdert/).selectOption('delete');
  await page.getByLabel('Gebruikers die de identity provider aanmaakt een uitnodiging mailen').uncheck();
  await page.getByRole('button', { name: 'Opslaan' }).click();
  await page.getByText('Opgeslagen.').first().waitFor();
  await page.waitForFunction(() => document.querySelector('input[name="extension_length"]')?.value === '3');
  const o = await s.req('GET', org, { token: s.adminToken });
  assert.equal(o.body.extension_prefix, '5');
  assert.equal(o.body.extension_length, 3);
  assert.equal(o.body.retention_days, 60);
  assert.equal(o.body.trunk_caller_id, '+31201234567');
  assert.equal(o.body.scim_deprovision, 'delete');
  assert.equal(o.body.scim_invite, false);
  await shot(page, 'org-saved');
  await page.getByRole('link', { name: 'Gebruikers' }).click();
  await page.getByRole('link', { name: 'Nieuwe gebruiker' }).click();
  await page.waitForFunction(() => document.querySelector('input[name="extension"]')?.value);
  assert.match(await page.getByLabel(/^Toestelnummer/).inputValue(), /^5\d\d$/);
  assert.deepEqual(page.errors, []);
});

test('Bedrijven: a company\'s page lists its persons and edits its fields; a bad email is refused next to the field', async () => {
  const name = `Acme ${Date.now()}`;
  const co = await s.req('POST', `${org}/companies`, { token: s.adminToken, body: { name } });
  assert.equal(co.status, 201, JSON.stringify(co.body));
  const p = await s.req('POST', `${org}/contacts`, { token: s.adminToken, body: { first_name: 'Wil', last_name: 'Werker', company_id: co.body.id, job_title: 'Monteur' } });
  assert.equal(p.status, 201, JSON.stringify(p.body));
  await page.goto('/companies');
  await page.getByRole('link', { name }).click();
  await page.getByRole('heading', { level: 1, name }).waitFor();
  const persons = page.getByRole('region', { name: 'Personen' });
  await persons.getByRole('link', { name: 'Wil Werker' }).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Bedrijf verwijderen' }).count(), 0, 'no delete while it employs someone');
  await page.getByLabel(/^E-mail/).fill('geen-email');
  await page.getByLabel(/^Website/).fill('https://acme.example');
  await page.getByRole('button', { name: 'Opslaan' }).click();
  await page.locator('[aria-invalid="true"][name="email"]').waitFor();
  const err = await page.locator(`#${await page.getByLabel(/^E-mail/).getAttribute('id')}-err`).textContent();
  assert.equal(err, 'E-mail is geen geldig e-mailadres.');
  await page.getByLabel(/^E-mail/).fill('info@acme.example');
  await page.getByLabel(/^Telefoonnummer/).fill('020 555 0101');
  await page.getByRole('button', { name: 'Opslaan' }).click();
  await page.getByText('Opgeslagen.').first().waitFor();
  const got = await s.req('GET', `${org}/companies/${co.body.id}`, { token: s.adminToken });
  assert.equal(got.body.email, 'info@acme.example');
  assert.equal(got.body.website, 'https://acme.example');
  assert.ok(got.body.phone, 'the phone is saved');
  await shot(page, 'company');
  // a company that employs nobody can be deleted
  const empty = await s.req('POST', `${org}/companies`, { token: s.adminToken, body: { name: `${name} leeg` } });
  await page.goto(`/companies/${empty.body.id}`);
  await page.getByRole('heading', { level: 1, name: `${name} leeg` }).waitFor();
  await page.getByText('Niemand in het adresboek werkt hier.').waitFor();
  await page.getByRole('button', { name: 'Bedrijf verwijderen' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Bedrijf verwijderen' }).click();
  await page.getByRole('heading', { level: 1, name: 'Bedrijven' }).waitFor();
  assert.equal((await s.req('GET', `${org}/companies/${empty.body.id}`, { token: s.adminToken })).status, 404);
  assert.deepEqual(page.errors, []);
});

test('asked first, in words: suspending, removing a number that rings a user (named), and the trunk\'s number refused inside the dialog', async () => {
  const cr = await s.req('POST', `${org}/users`, { token: s.adminToken, body: { first_name: 'Ria', last_name: 'Receptie', email: `ria.${Date.now()}@example.com`, password: 'Harbour-Lantern-93-Fig' } });
  assert.equal(cr.status, 201, JSON.stringify(cr.body));
  for (const number of ['020 123 4570', '020 123 4571']) {
    const num = await s.req('POST', `${org}/numbers`, { token: s.adminToken, body: { number } });
    assert.equal(num.status, 201, JSON.stringify(num.body));
  }
  const put = await s.req('PUT', `${org}/users/${cr.body.id}/telephony`, { token: s.adminToken, body: { reachable_numbers: ['+31201234570'] } });
  assert.equal(put.status, 200, JSON.stringify(put.body));
  // Blokkeren asks first, and Annuleren changes nothing
  await page.goto(`/users/${cr.body.id}`);
  await page.getByRole('button', { name: 'Blokkeren' }).click();
  const sus = page.getByRole('dialog', { name: 'Ria Receptie blokkeren?' });
  await sus.getByText('Er wordt niets verwijderd.').waitFor();
  await sus.getByRole('button', { name: 'Annuleren' }).click();
  assert.equal((await s.req('GET', `${org}/users/${cr.body.id}`, { token: s.adminToken })).body.status, 'active');
  // a number that rings someone says whom before it goes
  await sus.waitFor({ state: 'detached' });
  await page.getByRole('link', { name: 'Nummers', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Nummers' }).waitFor();
  await page.getByRole('button', { name: 'Verwijderen 020 123 4570' }).click();
  const dlg = page.getByRole('dialog', { name: '020 123 4570 verwijderen?' });
  await dlg.getByText('020 123 4570 belt Ria Receptie.').waitFor();
  await dlg.getByRole('button', { name: 'Annuleren' }).click();
  // the trunk's default caller ID cannot go: said in the dialog, in Dutch
  const o = await s.req('PATCH', org, { token: s.adminToken, body: { trunk_caller_id: '+31201234571' } });
  assert.equal(o.status, 200, JSON.stringify(o.body));
  await page.getByRole('button', { name: 'Verwijderen 020 123 4571' }).click();
  const trunk = page.getByRole('dialog', { name: '020 123 4571 verwijderen?' });
  await trunk.getByText('020 123 4571 belt nu niemand.').waitFor();
  await trunk.getByRole('button', { name: 'Verwijderen' }).click();
  await trunk.getByText('+31201234571 is de standaard nummerweergave van de trunk; kies eerst een ander nummer.').waitFor();
  assert.equal(await trunk.getByText('Verbeter de gemarkeerde velden.').count(), 0);
  await shot(page, 'confirm-trunk-number');
  await trunk.getByRole('button', { name: 'Annuleren' }).click();
  const nums = await s.req('GET', `${org}/numbers`, { token: s.adminToken });
  assert.ok(nums.body.items.some((n) => n.number === '+31201234571'));
  assert.deepEqual(unexpected(page), []);
});

test('every refusal is said where it belongs: a number that rings another user is marked at its box; a folded section with an error opens', async () => {
  const cr = await s.req('POST', `${org}/users`, { token: s.adminToken, body: { first_name: 'Bas', last_name: 'Bezet', email: `bas.${Date.now()}@example.com`, password: 'Harbour-Lantern-93-Fig' } });
  assert.equal(cr.status, 201, JSON.stringify(cr.body));
  await page.goto(`/users/${cr.body.id}?tab=telephony`);
  await page.locator('select[name="caller_id"] option', { hasText: 'Standaard van de trunk (020 123 4571)' }).waitFor({ state: 'attached' });
  await page.getByLabel('020 123 4570').check();
  await page.getByRole('button', { name: 'Telefonie opslaan' }).click();
  await page.locator('#reachable_numbers-err', { hasText: '020 123 4570 is al in gebruik.' }).waitFor();
  assert.equal(await page.getByLabel('020 123 4570').getAttribute('aria-invalid'), 'true');
  // Nieuwe gebruiker: a bad mobile number in the folded Persoonsgegevens
  await page.goto('/users/new');
  await page.getByRole('heading', { level: 1, name: 'Nieuwe gebruiker' }).waitFor();
  await page.getByLabel(/^Voornaam/).fill('Mo');
  await page.getByLabel(/^Achternaam/).fill('Biel');
  await page.getByLabel(/^E-mail/).fill(`mo.${Date.now()}@example.com`);
  const more = page.locator('details', { hasText: 'Persoonsgegevens' });
  await more.locator('summary').click();
  await page.getByLabel(/^Mobiel/).fill('12');
  await more.locator('summary').click();
  assert.equal(await more.evaluate((d) => d.open), false);
  await page.getByRole('button', { name: 'Aanmaken' }).click();
  await page.locator('[aria-invalid="true"][name="mobile"]').waitFor();
  assert.equal(await more.evaluate((d) => d.open), true);
  assert.ok(await page.getByLabel(/^Mobiel/).isVisible());
  assert.deepEqual(unexpected(page), []);
});

test('a save over someone else\'s change says so in Dutch, shows what changed, and reloads on request', async () => {
  const cr = await s.req('POST', `${org}/users`, { token: s.adminToken, body: { first_name: 'Els', last_name: 'Eerst', email: `els.${Date.now()}@example.com`, password: 'Harbour-Lantern-93-Fig' } });
  assert.equal(cr.status, 201, JSON.stringify(cr.body));
  await page.goto(`/users/${cr.body.id}`);
  await page.getByRole('heading', { level: 1, name: 'Els Eerst' }).waitFor();
  await page.getByRole('button', { name: 'Wijzigen' }).first().click();
  // meanwhile, a colleague renames her
  const other = await s.req('PATCH', `${org}/users/${cr.body.id}`, { token: s.adminToken, body: { first_name: 'Elsa' } });
  assert.equal(other.status, 200, JSON.stringify(other.body));
  await page.getByLabel(/^Achternaam/).fill('Later');
  await page.getByRole('button', { name: 'Opslaan' }).click();
  const banner = page.locator('.banner-error');
  await banner.getByText('Iemand anders heeft dit intussen gewijzigd').waitFor();
  await banner.getByText('Voornaam: Els → Elsa').waitFor();
  await shot(page, 'stale-412');
  await banner.getByRole('button', { name: 'Opnieuw laden' }).click();
  await page.getByRole('heading', { level: 1, name: 'Elsa Eerst' }).waitFor();
  // the log says it in words, with the user's name instead of an id
  await page.goto(`/audit?object=${cr.body.id}`);
  await page.getByRole('cell', { name: 'Voornaam: Els → Elsa' }).waitFor();
  await page.getByRole('link', { name: 'Elsa Eerst' }).first().waitFor();
  await shot(page, 'audit-before-after');
  const log = await page.locator('table').innerText();
  assert.doesNotMatch(log, /[0-9a-f]{8}-[0-9a-f]{4}-/, 'names, not ids');
  assert.match(log, /Rechtengroepen: Eindgebruiker/);
  assert.deepEqual(unexpected(page), []);
});

test('Gebruikers > Importeren: a dry run shows each bad row at its line; the good rows are imported with progress; Exporteren gives a ; file with Dutch headers', async () => {
  const stamp = Date.now();
  const csv = 'Voornaam;Achternaam;E-mail;Werkgever;Rechtengroepen\n'
    + `Iris;Import;iris.${stamp}@example.com;Bakkerij ${stamp};Gespreksdetails\n`
    + `Ivo;Import;geen-adres;;Eindgebruiker\n`
    + `Ina;Import;ina.${stamp}@example.com;;Eindgebruiker\n`;
  await page.goto('/users');
  await page.getByRole('link', { name: 'Importeren' }).click();
  await page.getByRole('heading', { level: 1, name: 'Gebruikers importeren' }).waitFor();
  await page.locator('#import-file').setInputFiles({ name: 'gebruikers.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.getByRole('button', { name: 'Bestand controleren' }).click();
  await page.getByText('3 regels gecontroleerd: 2 kunnen worden geïmporteerd, 1 hebben een probleem.').waitFor();
  const bad = page.locator('.import-report tbody tr');
  assert.equal(await bad.count(), 1);
  assert.match(await bad.first().innerText(), /^3\s+email\s+E-mail is geen geldig e-mailadres\./);
  assert.equal(await page.getByRole('button', { name: 'Importeren', exact: true }).count(), 0, 'nothing to import while a row is bad');
  await shot(page, 'import-dry-run');
  assert.equal((await s.req('GET', `${org}/users?q=${encodeURIComponent(`iris.${stamp}@example.com`)}`, { token: s.adminToken })).body.items.length, 0, 'a check writes nothing');
  // the good rows only
  await page.getByLabel('De goede regels importeren, ook als er foute zijn').check();
  await page.getByRole('button', { name: 'Bestand controleren' }).click();
  await page.getByText('Het bestand is gecontroleerd en kan worden geïmporteerd.').first().waitFor({ state: 'attached' });
  await page.getByRole('button', { name: 'Importeren', exact: true }).click();
  await page.getByText('Geïmporteerd: 2 toegevoegd, 0 gewijzigd, 0 ongewijzigd, 1 met een probleem.').waitFor();
  const iris = await userByEmail(`iris.${stamp}@example.com`);
  assert.ok(iris, 'Iris is imported');
  const full = await s.req('GET', `${org}/users/${iris.id}`, { token: s.adminToken });
  assert.equal(full.body.company_name, `Bakkerij ${stamp}`);
  await shot(page, 'import-done');
  // Exporteren: ; and Dutch headers by default for a Dutch user
  await page.getByRole('link', { name: 'Naar de gebruikers' }).click();
  await page.getByRole('button', { name: 'Exporteren' }).click();
  const dlg = page.getByRole('dialog', { name: 'Gebruikers exporteren' });
  assert.equal(await dlg.getByLabel('Scheidingsteken').inputValue(), 'semicolon');
  const [dl] = await Promise.all([page.waitForEvent('download'), dlg.getByRole('button', { name: 'Downloaden' }).click()]);
  assert.equal(dl.suggestedFilename(), 'users.csv');
  const text = readFileSync(await dl.path(), 'utf8');
  assert.ok(text.startsWith('\ufeffAanspreektitel;Voornaam;Tussenvoegsel;Achternaam;E-mail;'), text.slice(0, 80));
  assert.match(text, new RegExp(`;Iris;;Import;iris\\.${stamp}@example\\.com;.*;Bakkerij ${stamp};.*;Gespreksdetails;`));
  assert.deepEqual(unexpected(page), []);
});

test('custom permission groups are renamed, and deleted once empty; one with members says so', async () => {
  const stamp = Date.now();
  const g = await s.req('POST', `${org}/groups`, { token: s.adminToken, body: { name: `Receptie ${stamp}`, permissions: ['users.read'] } });
  assert.equal(g.status, 201, JSON.stringify(g.body));
  const full = await s.req('POST', `${org}/groups`, { token: s.adminToken, body: { name: `Vol ${stamp}`, permissions: [] } });
  const m = await s.req('POST', `${org}/users`, { token: s.adminToken, body: { first_name: 'Lid', last_name: 'Van', email: `lid.${stamp}@example.com`, groups: [full.body.id] } });
  assert.equal(m.status, 201, JSON.stringify(m.body));
  await page.goto('/groups');
  await page.getByRole('heading', { name: 'Groepen van deze organisatie' }).waitFor();
  await page.getByRole('button', { name: `Wijzigen Receptie ${stamp}` }).click();
  const dlg = page.getByRole('dialog', { name: `Receptie ${stamp} wijzigen` });
  await dlg.getByLabel(/^Naam/).fill(`Balie ${stamp}`);
  await dlg.getByRole('button', { name: 'Opslaan' }).click();
  await page.getByRole('cell', { name: `Balie ${stamp}`, exact: true }).waitFor();
  // one with a member is not removed, and says why
  await page.getByRole('button', { name: `Verwijderen Vol ${stamp}` }).click();
  const full1 = page.getByRole('dialog', { name: `Vol ${stamp} verwijderen?` });
  await full1.getByText('De groep heeft nog 1 lid').waitFor();
  await full1.getByRole('button', { name: 'Verwijderen' }).click();
  await full1.locator('.banner-error', { hasText: 'haal ze er eerst uit' }).waitFor();
  await full1.getByRole('button', { name: 'Annuleren' }).click();
  // an empty one goes
  await page.getByRole('button', { name: `Verwijderen Balie ${stamp}` }).click();
  await page.getByRole('dialog', { name: `Balie ${stamp} verwijderen?` }).getByRole('button', { name: 'Verwijderen' }).click();
  await page.getByRole('heading', { level: 1, name: 'Rechtengroepen' }).waitFor();
  await page.getByRole('cell', { name: `Vol ${stamp}`, exact: true }).waitFor();
  assert.equal(await page.getByRole('cell', { name: `Balie ${stamp}`, exact: true }).count(), 0);
  const left = (await s.req('GET', `${org}/groups`, { token: s.adminToken })).body.items.map((x) => x.name);
  assert.ok(!left.includes(`Balie ${stamp}`) && left.includes(`Vol ${stamp}`));
  assert.deepEqual(unexpected(page), []);
});

test('seed 000: New user and New person start with one name field that offers "voeg \'…\' toe" and splits the name', async () => {
  const stamp = Date.now();
  await page.goto('/users/new');
  await page.getByRole('heading', { level: 1, name: 'Nieuwe gebruiker' }).waitFor();
  await page.waitForFunction(() => document.activeElement && document.activeElement.name === 'full_name', null, { timeout: 5000 });
  await page.getByLabel(/^Volledige naam/).fill('Dhr. Pieter van den Berg');
  await page.getByRole('button', { name: "voeg 'Dhr. Pieter van den Berg' toe" }).click();
  assert.equal(await page.getByLabel(/^Voornaam/).inputValue(), 'Pieter');
  assert.equal(await page.getByLabel(/^Achternaam/).inputValue(), 'Berg');
  assert.ok(await page.getByLabel(/^Tussenvoegsel/).isVisible(), 'the folded section with the infix opens');
  assert.equal(await page.getByLabel(/^Tussenvoegsel/).inputValue(), 'van den');
  assert.equal(await page.getByLabel(/^Aanspreektitel/).inputValue(), 'Dhr.');
  await page.getByLabel(/^E-mail/).fill(`pieter.${stamp}@example.com`);
  await page.getByRole('button', { name: 'Aanmaken' }).click();
  await page.getByRole('heading', { level: 1, name: 'Pieter van den Berg' }).waitFor();
  const u = await userByEmail(`pieter.${stamp}@example.com`);
  const full = await s.req('GET', `${org}/users/${u.id}`, { token: s.adminToken });
  assert.deepEqual([full.body.salutation, full.body.first_name, full.body.infix, full.body.last_name], ['Dhr.', 'Pieter', 'van den', 'Berg']);
  // the address book: Enter takes the offer, and a part can be corrected after
  await page.goto('/contacts/new');
  await page.getByLabel(/^Volledige naam/).fill(`Anna ter Horst${stamp}`);
  await page.getByLabel(/^Volledige naam/).press('Enter');
  assert.equal(await page.getByLabel(/^Tussenvoegsel/).inputValue(), 'ter');
  await page.getByLabel(/^Voornaam/).fill('Annie');
  await page.getByRole('button', { name: 'Aanmaken' }).click();
  await page.getByRole('heading', { level: 1, name: `Annie ter Horst${stamp}` }).waitFor();
  assert.deepEqual(unexpected(page), []);
});
