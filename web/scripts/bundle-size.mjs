// First-load JavaScript of the built UI (web/dist), gzip -9, from Vite's manifest: the entry
// with its static imports (what index.html loads before anything renders), and each route's
// chunk closure on top of it. Prints a table; `--json FILE` also writes the figures.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const manifest = JSON.parse(readFileSync(join(dist, '.vite', 'manifest.json'), 'utf8'));
const gz = (file) => gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;
const raw = (file) => readFileSync(join(dist, file)).length;

function closure(keys, seen = new Set()) {
  for (const key of keys) {
    const chunk = manifest[key];
    if (!chunk || seen.has(chunk.file)) continue;
    seen.add(chunk.file);
    closure(chunk.imports ?? [], seen);
  }
  return seen;
}
const sum = (files, f) => [...files].filter((x) => x.endsWith('.js')).reduce((n, x) => n + f(x), 0);

const entryKey = Object.keys(manifest).find((k) => manifest[k].isEntry);
const entry = closure([entryKey]);
const rows = [['entry (index.html)', entry]];
for (const [key, chunk] of Object.entries(manifest)) {
  const m = /views\/(\w+)View\.vue$/.exec(key);
  if (!m || !chunk.isDynamicEntry) continue;
  const files = closure([key], new Set(entry));
  rows.push([`+ ${m[1]}`, new Set([...files].filter((f) => !entry.has(f)))]);
}
const kb = (n) => (n / 1024).toFixed(1);
const figures = {};
console.log('chunk                     raw KiB   gzip KiB');
for (const [name, files] of rows) {
  const r = sum(files, raw);
  const g = sum(files, gz);
  figures[name] = { raw: r, gzip: g };
  console.log(`${name.padEnd(24)} ${kb(r).padStart(8)} ${kb(g).padStart(10)}`);
}
const login = figures['entry (index.html)'].gzip + (figures['+ Login']?.gzip ?? 0);
console.log(`first load of the login page: ${kb(login)} KiB gzip`);
figures.loginFirstLoadGzip = login;
const at = process.argv.indexOf('--json');
if (at > 0) {
  mkdirSync(dirname(process.argv[at + 1]), { recursive: true });
  writeFileSync(process.argv[at + 1], JSON.stringify(figures, null, 2));
}
