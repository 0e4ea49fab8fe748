// commit.test.mjs: write requests that arrive together share commits (group
// commit on SQLite), and each is answered only once its commit is done: a
// user answered 201 is there for the very next request, one that failed is
// not, and the failure of one leaves the others alone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, newUser, BACKEND } from '../lib/server.mjs';

let s;
let org;
before(async () => { s = await startServer(); org = `/api/v1/orgs/${s.orgId}`; });
after(async () => { await s.stop(); });

// Counters of /metrics (SQLite only): shared commits and what they carried.
async function shared() {
  const m = await s.req('GET', '/metrics');
  const n = (name) => Number((m.body.match(new RegExp(`^${name} (\\d+)$`, 'm')) || [])[1]);
  return { commits: n('switchboard_db_shared_commits_total'), transactions: n('switchboard_db_shared_transactions_total') };
}

test('creates sent at once: each 201 is seen at once by another request, each 409 changed nothing', async () => {
  const taken = newUser();
  assert.equal((await s.req('POST', `${org}/users`, { token: s.adminToken, body: taken })).status, 201);
  const before = BACKEND === 'sqlite' ? await shared() : null;
  const tag = `Batch${Date.now().toString(36)}`;
  // 16 clients, 6 creates each; every sixth create reuses a taken address
  const results = await Promise.all(Array.from({ length: 16 }, async (_, w) => {
    const out = [];
    for (let i = 0; i < 6; i++) {
      const dup = i === 5;
      const body = dup ? { ...newUser({ last_name: tag }), email: taken.email } : newUser({ last_name: tag });
      const r = await s.req('POST', `${org}/users`, { token: s.adminToken, body });
      if (dup) {
        assert.equal(r.status, 409, JSON.stringify(r.body));
        out.push(null);
        continue;
      }
      assert.equal(r.status, 201, JSON.stringify(r.body));
      // the next request, from another client: the user is there already
      const g = await fetch(`${s.url}${org}/users/${r.body.id}`, { headers: { authorization: `Bearer ${s.adminToken}`, connection: 'close' } });
      assert.equal(g.status, 200, `worker ${w}: user ${r.body.id} answered 201 but not found yet`);
      out.push(r.body.id);
    }
    return out;
  }));
  const ids = results.flat().filter(Boolean);
  assert.equal(ids.length, 16 * 5);
  const list = await s.req('GET', `${org}/users?q=${tag}&limit=100`, { token: s.adminToken });
  assert.equal(list.status, 200);
  assert.deepEqual(list.body.items.map((u) => u.id).sort(), [...ids].sort());
  if (before) {
    // SQLite: they shared commits, fewer commits than transactions
    const now = await shared();
    const commits = now.commits - before.commits, txs = now.transactions - before.transactions;
    assert.ok(txs >= ids.length, `${txs} transactions for ${ids.length} creates`);
    assert.ok(commits < txs, `${commits} commits for ${txs} transactions: none shared`);
  }
});
