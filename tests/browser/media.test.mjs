// media.test.mjs: the media library in a real browser (issue 14, section 1):
// an admin uploads a greeting, has a text spoken and listens (the player's
// sound is a WAV the browser can fetch) in Dutch; a bad file is said at the
// field; a user uploads its own greeting on My settings and makes its
// voicemail play it, in English; it hears its messages on Voicemail, with
// the count of new ones in the menu, in Dutch.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, newUser } from '../lib/server.mjs';
import { wav, multipart } from '../lib/audio.mjs';
import { launch, newPage, signIn, signInFirst, PW } from './lib.mjs';

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

test('Media: an admin uploads a greeting, has a text spoken, and listens, in Dutch', async () => {
  const page = await newPage(browser, s, { lang: 'nl' });
  await signIn(page, s.adminEmail, s.adminPassword);
  await page.getByRole('heading', { level: 1, name: 'Gebruikers' }).waitFor();
  await page.getByRole('link', { name: 'Media', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Media' }).waitFor();
  const up = page.getByRole('region', { name: 'Geluid uploaden' });
  await up.getByLabel(/^Naam/).fill('Welkom');
  await up.getByLabel('Soort').selectOption({ label: 'Begroeting' });
  await up.getByLabel('Geluidsbestand').setInputFiles({ name: 'welkom.wav', mimeType: 'audio/wav', buffer: wav({ seconds: 2 }) });
  await up.getByRole('button', { name: 'Uploaden' }).click();
  const row = page.getByRole('row', { name: /Welkom.*Begroeting.*2 s/ });
  await row.waitFor();
  // the player's sound, as the browser fetches it
  const src = await row.locator('audio').getAttribute('src');
  const got = await page.evaluate(async (u) => { const r = await fetch(u); return [r.status, r.headers.get('content-type'), (await r.arrayBuffer()).byteLength]; }, src);
  assert.deepEqual(got.slice(0, 2), [200, 'audio/wav']);
  assert.ok(got[2] > 44 + 2 * 16000 * 2 * 0.99, String(got[2]));
  // a file that is no sound: said at the field, nothing kept
  await up.getByLabel(/^Naam/).fill('Kapot');
  await up.getByLabel('Geluidsbestand').setInputFiles({ name: 'kapot.wav', mimeType: 'audio/wav', buffer: Buffer.from('geen geluid') });
  await up.getByRole('button', { name: 'Uploaden' }).click();
  await up.getByText('Geluidsbestand is geen geluid dat we kunnen lezen: stuur WAV, MP3, FLAC of Ogg.').waitFor();
  // a text spoken
  const tts = page.getByRole('region', { name: 'Tekst laten uitspreken' });
  await tts.getByLabel(/^Naam/).fill('Buiten kantoortijd');
  await tts.getByLabel('Tekst').fill('Wij zijn gesloten. Bel morgen na half negen terug.');
  await tts.getByRole('button', { name: 'Uitspreken en bewaren' }).click();
  await page.getByRole('row', { name: /Buiten kantoortijd.*Begroeting.*Uitgesproken tekst/ }).waitFor();
  const names = (await adm('GET', `${org}/media`)).body.items.map((m) => m.name).sort();
  assert.deepEqual(names, ['Buiten kantoortijd', 'Welkom']);
  assert.deepEqual(page.errors, []);
});

test('My settings: a user uploads its own greeting and its voicemail plays it, in English', async () => {
  const u = (await adm('POST', `${org}/users`, newUser({ extension: 'auto', password: PW, language: 'en' }))).body;
  const page = await newPage(browser, s, { lang: 'en' });
  await signInFirst(page, u.email, PW);
  const card = page.getByRole('region', { name: 'My greetings' });
  await card.getByText('You have no greetings of your own yet.').waitFor();
  await card.getByLabel(/^Name/).fill('On holiday');
  await card.getByLabel('Sound file').setInputFiles({ name: 'holiday.wav', mimeType: 'audio/wav', buffer: wav({ seconds: 3 }) });
  await card.getByRole('button', { name: 'Upload' }).click();
  await card.getByText('On holiday').first().waitFor();
  await card.getByLabel('Voicemail greeting').selectOption({ label: 'On holiday' });
  await card.getByRole('button', { name: 'Save' }).click();
  await page.getByText('Saved').first().waitFor();
  const mine = (await adm('GET', `${org}/media?user_id=${u.id}`)).body.items;
  assert.equal(mine.length, 1);
  const tel = (await adm('GET', `${org}/users/${u.id}/telephony`)).body;
  assert.equal(tel.voicemail.greeting_id, mine[0].id);
  assert.deepEqual(page.errors, []);
});

test('Voicemail: the menu counts the new messages; a user marks one heard and deletes another, in Dutch', async () => {
  const u = (await adm('POST', `${org}/users`, newUser({ extension: 'auto', password: PW, language: 'nl' }))).body;
  const box = u.extensions[0];
  assert.equal((await adm('PUT', `${org}/users/${u.id}/telephony`, { voicemail: { enabled: true, pin: '80417', box } })).status, 200);
  for (const [caller, name, at] of [['+31612345678', 'Piet Bakker', '2027-03-01T10:15:00+01:00'], ['+31687654321', null, '2027-03-02T16:40:00+01:00']]) {
    const fields = { org_id: s.orgId, box, caller, received_at: at, ...(name ? { caller_name: name } : {}) };
    const [type, body] = multipart(fields, { name: 'm.wav', type: 'audio/wav', data: wav({ seconds: 4, rate: 8000, channels: 1 }) });
    assert.equal((await s.req('POST', '/api/v1/sip/voicemail', { token: s.adminToken, raw: body, headers: { 'content-type': type } })).status, 201);
  }
  const page = await newPage(browser, s, { lang: 'nl' });
  await signInFirst(page, u.email, PW);
  // what it is reached on, at a glance
  const mine = page.getByRole('region', { name: 'Mijn telefonie' });
  await mine.getByText(box, { exact: true }).first().waitFor();
  // its box's PIN, said at the field when it is too easy
  const pinCard = page.getByRole('region', { name: 'Voicemail-pincode' });
  await pinCard.getByLabel('Nieuwe pincode').fill('1234');
  await pinCard.getByRole('button', { name: 'Pincode opslaan' }).click();
  await pinCard.locator('.error').filter({ hasText: /\S/ }).waitFor();
  await pinCard.getByLabel('Nieuwe pincode').fill('29573');
  await pinCard.getByRole('button', { name: 'Pincode opslaan' }).click();
  await page.getByText('Opgeslagen').first().waitFor();
  assert.equal((await s.req('POST', `/api/v1/sip/voicemail/${box}/pin`, { token: s.adminToken, body: { org_id: s.orgId, pin: '29573' } })).status, 200);
  const link = page.getByRole('navigation').getByRole('link', { name: /^Voicemail/ });
  await link.getByLabel('2 nieuw').waitFor();
  await link.click();
  await page.getByRole('heading', { level: 1, name: 'Voicemail' }).waitFor();
  const piet = page.getByRole('row', { name: /Piet Bakker \+31612345678 nieuw/ });
  await piet.waitFor();
  await piet.getByRole('button', { name: 'Markeer als beluisterd' }).click();
  await page.getByRole('row', { name: /Piet Bakker/ }).getByRole('button', { name: 'Markeer als nieuw' }).waitFor();
  await link.getByLabel('1 nieuw').waitFor();
  await page.getByRole('row', { name: /\+31687654321/ }).getByRole('button', { name: /^Verwijderen/ }).click();
  await page.getByRole('row', { name: /\+31687654321/ }).waitFor({ state: 'detached' });
  await link.locator('.badge').waitFor({ state: 'detached' });
  const left = (await s.req('GET', `${org}/users/${u.id}/voicemail`, { token: (await s.login(u.email, `${PW}-2`)).token })).body;
  assert.deepEqual([left.items.length, left.items[0].caller_name, left.items[0].heard, left.new_count], [1, 'Piet Bakker', true, 0]);
  assert.deepEqual(page.errors, []);
});
