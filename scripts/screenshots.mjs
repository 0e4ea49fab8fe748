// screenshots.mjs: the README's pictures of the portal, taken with Debian's
// chromium through playwright-core against a fresh server with demo data.
//   node scripts/screenshots.mjs      (after `make build` and `npm ci`)
// writes docs/img/users.png and docs/img/user.png.
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../tests/lib/server.mjs';
import { launch, signIn } from '../tests/browser/lib.mjs';

const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'img');
const s = await startServer({ adminEmail: 'admin@example.com' });
const org = `/api/v1/orgs/${s.orgId}`;
const call = async (method, path, body) => {
  const r = await s.req(method, path, { token: s.adminToken, body });
  if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
};
try {
  await call('PATCH', '/api/v1/me', { language: 'en' });
  const groups = (await call('GET', `${org}/groups`)).items;
  const gid = (k) => groups.find((g) => g.builtin === k).id;
  await call('POST', `${org}/numbers`, { number: '020 123 4567', label: 'Reception' });
  await call('POST', `${org}/numbers`, { number: '020 123 4580', label: 'Support line' });
  const people = [
    ['Anna', 'van der', 'Berg', 'Office manager', 'admin', 'Bakkerij De Molen'],
    ['John', null, 'Doe', 'Support engineer', 'end_user', 'Bakkerij De Molen'],
    ['Fatima', null, 'El Amrani', 'Sales', 'call_details', 'Bakkerij De Molen'],
    ['Pieter', 'de', 'Vries', 'Accountant', 'account_management', 'Bakkerij De Molen'],
    ['Sanne', null, 'Jansen', 'Reception', 'end_user', 'Bakkerij De Molen'],
    ['Luca', null, 'Rossi', 'Driver', 'end_user', 'Bakkerij De Molen'],
  ];
  let john;
  for (const [first, infix, last, job, group, company] of people) {
    const email = `${first}.${last}`.toLowerCase().replace(/\s+/g, '') + '@demo.example';
    const body = { first_name: first, infix, last_name: last, email, login_name: `${first[0]}${last.replace(/\s+/g, '')}`.toLowerCase(), job_title: job, company_name: company, groups: [gid(group)], extension: 'auto', language: 'nl', mobile: '06 1234 5678' };
    if (first === 'Luca') body.invite = true; else body.password = 'Harbour-Lantern-93-Fig';
    const u = await call('POST', `${org}/users`, body);
    if (first === 'John') john = u;
  }
  const desk = await call('POST', `${org}/users/${john.id}/sip-accounts`, { kind: 'desk', label: 'Desk phone' });
  await call('POST', `${org}/users/${john.id}/sip-accounts`, { kind: 'app', label: 'Mobile app' });
  await call('POST', `${org}/users/${john.id}/aliases`, { display_name: 'John Support', extension: 'auto' });
  await call('PUT', `${org}/users/${john.id}/telephony`, {
    availability: { reachable: true, destination: desk.id }, caller_id: '+31201234580', reachable_numbers: ['+31201234580'],
  });

  const browser = await launch();
  const context = await browser.newContext({ baseURL: s.url, viewport: { width: 1280, height: 760 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  await signIn(page, s.adminEmail, s.adminPassword);
  await page.getByRole('heading', { level: 1, name: 'Users' }).waitFor();
  await page.getByRole('cell', { name: 'Luca Rossi' }).waitFor();
  await page.screenshot({ path: join(out, 'users.png') });
  await page.getByRole('link', { name: 'John Doe' }).click();
  await page.getByRole('tab', { name: 'Telephony' }).click();
  await page.getByRole('cell', { name: 'John Support', exact: true }).waitFor();
  await page.getByText('Outbound calls show').waitFor();
  await page.setViewportSize({ width: 1280, height: 1000 });
  await page.screenshot({ path: join(out, 'user.png') });
  await browser.close();
  console.log(`wrote ${join(out, 'users.png')} and ${join(out, 'user.png')}`);
} finally {
  await s.stop();
}
