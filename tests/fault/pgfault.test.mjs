// pgfault.test.mjs: PostgreSQL restarts under a steady stream of creates.
// Requests during the outage fail with 503 problem+json (never 500), every
// create answered 201 is in the database afterwards, and the node serves
// again by itself. PostgreSQL only.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, newUser, PG, pgRestart, sql } from '../lib/server.mjs';

const skip = PG && process.env.PG_DIR ? false : 'needs the test cluster (tests/pg.sh)';
let s;
before(async () => { if (!skip) s = await startServer(); });
after(async () => { if (s) await s.stop(); });

test('a database restart costs 503s, never a lost 201, and the node recovers', { skip }, async () => {
  const org = `/api/v1/orgs/${s.orgId}/users`;
  const created = [];
  const statuses = new Map();
  let restarted = false;
  let okAfter = 0;
  const worker = async () => {
    // bounded: stop after enough successes past the restart, or 400 requests
    for (let i = 0; i < 400 && okAfter < 10; i++) {
      const u = newUser();
      let r;
      try { r = await s.req('POST', org, { token: s.adminToken, body: u }); } catch { continue; }
      statuses.set(r.status, (statuses.get(r.status) || 0) + 1);
      if (r.status === 201) {
        created.push(u.email);
        if (restarted) okAfter += 1;
      } else {
        assert.equal(r.status, 503, JSON.stringify(r.body));
        assert.match(r.headers.get('content-type'), /problem\+json/);
      }
    }
  };
  const workers = [worker(), worker()];
  await new Promise((res) => setTimeout(res, 300));
  pgRestart();
  restarted = true;
  await Promise.all(workers);
  assert.ok(okAfter >= 10, `the node did not recover: ${JSON.stringify([...statuses])}`);
  const emails = sql(s, `SELECT email FROM users`).split('\n');
  for (const e of created) assert.ok(emails.includes(e), `${e} was answered 201 but is not stored`);
  assert.equal((await s.req('GET', '/readyz')).status, 200);
});
