// calls.test.mjs: the call history in a real browser (issue 13). The SIP
// proxy's API token, made as an installation makes it (`switchboard token
// create --rights sip.proxy`), posts finished calls; an End user (calls
// .read_own) sees its own in English, filters and pages them; a Call
// details viewer (calls.read_all) sees the organization's in Dutch, narrows
// them to its own and downloads them as a CSV file.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startServer, newUser, cli } from '../lib/server.mjs';
import { launch, newPage, shot, signIn } from './lib.mjs';

let s;
let browser;
let org;
let proxy;
const PW = 'Velvet-Canal-48-Bridge';
const people = {};
let total = 0;

// A user in the built-in group key with an extension and a desk phone, its
// admin-set password already changed to PW-2.
async function member(key, language) {
  const groups = (await s.req('GET', `${org}/groups`, { token: s.adminToken })).body.items;
  const u = newUser({ password: PW, language, extension: 'auto', groups: [groups.find((g) => g.builtin === key).id] });
  const r = await s.req('POST', `${org}/users`, { token: s.adminToken, body: u });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const l = await s.login(u.email, PW);
  await s.req('POST', '/api/v1/me/password', { token: l.token, body: { current_password: PW, new_password: `${PW}-2` } });
  const sip = await s.req('POST', `${org}/users/${r.body.id}/sip-accounts`, { token: s.adminToken, body: { kind: 'desk' } });
  return { ...r.body, email: u.email, sip: sip.body.username, ext: r.body.extensions[0] };
}

let n = 0;
function cdr(caller, number, { ago, talk = 0, code = 200 }) {
  n += 1;
  const start = Date.now() / 1000 - ago;
  return {
    call_id: `browser-${n}@test`, from_tag: `t${n}`, caller, number, start_time: start,
    answer_time: talk ? start + 3 : null, end_time: start + 3 + talk, sip_code: talk ? 200 : code,
  };
}

before(async () => {
  s = await startServer();
  org = `/api/v1/orgs/${s.orgId}`;
  browser = await launch();
  const dbArgs = s.dbUrl ? ['--data', s.dataDir, '--db', s.dbUrl] : ['--data', s.dataDir];
  const tk = cli(['token', 'create', ...dbArgs, '--org', s.platformId, '--name', 'kamailio', '--rights', 'sip.proxy']);
  assert.equal(tk.status, 0, tk.stderr);
  proxy = tk.stdout.trim();
  people.alice = await member('end_user', 'en');
  people.bob = await member('call_details', 'nl');
  people.carol = await member('end_user', 'en');
  const { alice, bob, carol } = people;
  const records = [
    cdr(alice.sip, bob.ext, { ago: 3600, talk: 125 }),
    cdr(carol.sip, alice.ext, { ago: 1800, code: 487 }),
    cdr(bob.sip, carol.ext, { ago: 900, talk: 20 }),
  ];
  // older calls of alice's, three days ago and more: a second page
  for (let i = 0; i < 26; i++) records.push(cdr(alice.sip, bob.ext, { ago: 3 * 86400 + i * 60, talk: 30 }));
  const r = await s.req('POST', '/api/v1/sip/cdrs', { token: proxy, body: { records } });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.accepted, records.length);
  total = records.length;
});
after(async () => { await browser?.close(); await s?.stop(); });

const rows = (page) => page.locator('main table tbody tr');
// Waits until check() holds: a page drawn anew after a navigation.
async function until(check, what) {
  for (let i = 0; i < 100; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`timed out waiting for ${what}`);
}
const count = (page, want) => until(async () => (await rows(page).count()) === want, `${want} rows`);
// A day n days ago as a date field takes it, in the browser's time zone
// (the tests run in one).
const daysAgo = (d) => {
  const t = new Date(Date.now() - d * 86400000);
  return `${t.getFullYear()}-${String(t.getMonth() + 1).padStart(2, '0')}-${String(t.getDate()).padStart(2, '0')}`;
};

test('an End user sees its own calls in English, filters them and pages', async () => {
  const { alice, carol } = people;
  const page = await newPage(browser, s, { lang: 'en' });
  await signIn(page, alice.email, `${PW}-2`);
  await page.getByRole('heading', { level: 1, name: 'My settings' }).waitFor();
  await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Call history' }).click();
  await page.getByRole('heading', { level: 1, name: 'Call history' }).waitFor();
  assert.equal(await page.getByText('The calls you made, took, or that were for you.').count(), 1);
  // one's own only: no choice of the organization's calls
  assert.equal(await page.getByLabel('Show').count(), 0);
  await count(page, 25);
  // newest first: carol's missed call (bob's later call to carol is not alice's)
  const first = await rows(page).nth(0).innerText();
  assert.match(first, new RegExp(carol.display_name));
  assert.match(first, /Internal[\s\S]*Missed/);
  assert.match(await rows(page).nth(1).innerText(), /Answered[\s\S]*2:05/);
  await shot(page, 'calls-own-en');
  // the second page has the rest, and Previous goes back
  await page.getByRole('link', { name: 'Next' }).click();
  await page.getByRole('link', { name: 'Previous' }).waitFor();
  await count(page, 28 - 25);
  await page.getByRole('link', { name: 'Previous' }).click();
  await page.waitForURL((u) => !u.search.includes('after='));
  await count(page, 25);
  // filters: the missed one
  await page.getByLabel('Result').selectOption({ label: 'Missed' });
  await page.getByRole('button', { name: 'Filter' }).click();
  await page.waitForURL(/status=missed/);
  await count(page, 1);
  assert.match(await rows(page).nth(0).innerText(), /Missed/);
  // a period: up to two days ago leaves the older calls
  await page.getByLabel('Result').selectOption({ label: 'All' });
  await page.getByLabel('Up to and including').fill(daysAgo(2));
  await page.getByRole('button', { name: 'Filter' }).click();
  await page.waitForURL(/to=/);
  await count(page, 25);
  await page.getByRole('link', { name: 'Next' }).waitFor();
  assert.ok(!(await page.locator('main table').innerText()).includes('Missed'));
  // a number that is nobody's
  await page.getByLabel('Up to and including').fill('');
  await page.getByLabel('Number').fill('0999999');
  await page.getByRole('button', { name: 'Filter' }).click();
  await page.getByText('No calls found.').waitFor();
  await shot(page, 'calls-none-en');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a Call details viewer sees the organization\'s calls in Dutch, its own, and downloads them as CSV', async () => {
  const { bob, carol } = people;
  const page = await newPage(browser, s, { lang: 'nl' });
  await signIn(page, bob.email, `${PW}-2`);
  await page.getByRole('heading', { level: 1, name: 'Mijn instellingen' }).waitFor();
  await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Gesprekshistorie' }).click();
  await page.getByRole('heading', { level: 1, name: 'Gesprekshistorie' }).waitFor();
  assert.equal(await page.getByText('Alle gesprekken van de organisatie.').count(), 1);
  assert.equal(await page.getByLabel('Tonen').inputValue(), 'all');
  await count(page, 25);
  const top = await rows(page).nth(0).innerText();
  assert.match(top, new RegExp(`${bob.display_name}[\\s\\S]*${carol.display_name}`));
  assert.match(top, /Beantwoord/);
  assert.match(await rows(page).nth(1).innerText(), /Gemist/);
  assert.ok((await page.locator('main thead').textContent()).includes('Aangenomen door'));
  await shot(page, 'calls-all-nl');
  // the file: every call of the organization, the API's columns
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'CSV downloaden' }).click()]);
  assert.equal(dl.suggestedFilename(), 'calls.csv');
  const lines = readFileSync(await dl.path(), 'utf8').trim().split('\r\n');
  assert.match(lines[0], /^id,org_id,direction,status,start_time,/);
  assert.equal(lines.length, 1 + total);
  // only bob's own: the one he made and those he was called on
  await page.getByLabel('Tonen').selectOption({ label: 'Mijn gesprekken' });
  await page.getByRole('button', { name: 'Filteren' }).click();
  await page.waitForURL(/scope=mine/);
  await page.getByText('De gesprekken die je voerde, aannam of die voor jou waren.').waitFor();
  await count(page, 25);
  await page.getByLabel('Richting').selectOption({ label: 'Intern' });
  await page.getByLabel('Nummer').fill(carol.ext);
  await page.getByRole('button', { name: 'Filteren' }).click();
  await page.waitForURL(/q=/);
  await count(page, 1);
  assert.match(await rows(page).nth(0).innerText(), /Intern[\s\S]*Beantwoord[\s\S]*0:20/);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
