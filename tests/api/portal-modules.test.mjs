// portal-modules.test.mjs: the portal's files and modules, read from disk (no
// server): meson.build's web_names lists exactly the files under web/ (the
// binary embeds only listed ones), every import names a module and a name it
// exports, and no module imports itself through others.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, dirname, relative, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const web = join(root, 'web');

function files(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) files(p, out);
    else out.push(relative(web, p));
  }
  return out;
}

test('meson.build web_names lists every file under web/, and only those', () => {
  const meson = readFileSync(join(root, 'meson.build'), 'utf8');
  const list = meson.match(/web_names = \[([\s\S]*?)\]/)[1];
  const named = [...list.matchAll(/'([^']+)'/g)].map((m) => m[1]).sort();
  assert.deepEqual(named, files(web).sort());
});

test('every import resolves to an export, and no module imports itself through others', () => {
  const mods = files(web).filter((f) => f.endsWith('.js'));
  const exportsOf = new Map();
  const importsOf = new Map();
  for (const f of mods) {
    const src = readFileSync(join(web, f), 'utf8');
    const names = new Set([...src.matchAll(/export (?:async )?(?:function|const|let|class) (\w+)/g)].map((m) => m[1]));
    for (const m of src.matchAll(/export \{([^}]*)\}/g)) for (const n of m[1].split(',')) if (n.trim()) names.add(n.trim().split(/\s+as\s+/).pop());
    exportsOf.set(f, names);
    importsOf.set(f, [...src.matchAll(/import \{([^}]*)\} from '([^']+)'/g)].map((m) => ({
      from: normalize(join(dirname(f), m[2])), names: m[1].split(',').map((n) => n.trim()).filter(Boolean),
    })));
  }
  const bad = [];
  for (const [f, imps] of importsOf) {
    for (const { from, names } of imps) {
      if (!exportsOf.has(from)) { bad.push(`${f}: no module ${from}`); continue; }
      for (const n of names) if (!exportsOf.get(from).has(n)) bad.push(`${f}: ${from} does not export ${n}`);
    }
  }
  assert.deepEqual(bad, []);
  const cycles = [];
  const visit = (f, path) => {
    for (const { from } of importsOf.get(f) || []) {
      if (path.includes(from)) { cycles.push([...path.slice(path.indexOf(from)), from].join(' -> ')); continue; }
      visit(from, [...path, from]);
    }
  };
  for (const f of mods) visit(f, [f]);
  assert.deepEqual([...new Set(cycles)], []);
});
