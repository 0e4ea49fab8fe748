// lib.mjs: helpers of the browser tests: Debian's chromium through
// playwright-core against the real binary (tests/lib/server.mjs), and a
// screenshot of the last screen of each test under tests/browser/artifacts/.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { newUser } from '../lib/server.mjs';

const here = dirname(fileURLToPath(import.meta.url));
export const ARTIFACTS = join(here, 'artifacts');
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

export async function launch() {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
}

// A fresh context (own cookies and localStorage) with a page on the server;
// lang presets the sign-in language. Console errors and failed requests to
// the server (but 4xx answers the test provokes) are collected in page.errors.
export async function newPage(browser, server, { lang = 'en', width = 1280, height = 860 } = {}) {
  const context = await browser.newContext({ baseURL: server.url, viewport: { width, height }, locale: lang === 'nl' ? 'nl-NL' : 'en-GB' });
  await context.addInitScript((l) => { if (!localStorage.getItem('sb.lang')) localStorage.setItem('sb.lang', l); }, lang);
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) page.errors.push(m.text()); });
  page.setDefaultTimeout(10000);
  return page;
}

export async function shot(page, name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

export async function signIn(page, login, password) {
  await page.goto('/login');
  await page.getByLabel(/^(Email or login name|E-mail of loginnaam)/).fill(login);
  await page.getByLabel(/^(Password|Wachtwoord)\b/).fill(password);
  await page.getByRole('button', { name: /^(Sign in|Inloggen)$/ }).click();
}

// A user's first sign-in with the password an administrator set: signed
// in, it chooses password + '-2' on the page that asks for one (in either
// language), and lands where it starts: My settings, or Users for an
// administrator.
export async function signInFirst(page, login, password) {
  await signIn(page, login, password);
  await page.getByLabel(/^(Current password|Huidig wachtwoord)/).fill(password);
  await page.getByLabel(/^(New password|Nieuw wachtwoord)/).fill(`${password}-2`);
  await page.getByLabel(/^(Repeat|Herhaal)/).fill(`${password}-2`);
  await page.getByRole('button', { name: /^(Change password|Wachtwoord wijzigen)$/ }).click();
  await page.getByRole('heading', { level: 1, name: /^(My settings|Mijn instellingen|Users|Gebruikers)$/ }).waitFor();
}

// The password the browser tests give the users they make.
export const PW = 'Copper-Meadow-39-Lane';

// A user of server s's demo organization with an extension, reachable on a
// desk phone, with voicemail on (PIN 80417, its extension as the box).
export async function reachableUser(s, extra = {}) {
  const org = `/api/v1/orgs/${s.orgId}`;
  const adm = (method, path, body) => s.req(method, path, { token: s.adminToken, body });
  const u = (await adm('POST', `${org}/users`, newUser({ extension: 'auto', password: PW, ...extra }))).body;
  const desk = (await adm('POST', `${org}/users/${u.id}/sip-accounts`, { kind: 'desk' })).body;
  const r = await adm('PUT', `${org}/users/${u.id}/telephony`, {
    availability: { reachable: true, destination: desk.id },
    voicemail: { enabled: true, pin: '80417', box: u.extensions[0] },
  });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return { ...u, desk };
}
