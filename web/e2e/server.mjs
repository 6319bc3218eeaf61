// A real `shouhu serve` for browser tests: a fresh SQLite database and key file in a temp dir,
// fictional units and users made with the CLI, the built UI (web/dist) as the static root, and
// a port the server picks (127.0.0.1:0, read from its "serving on" line).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const webDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const repoDir = resolve(webDir, '..');

export const PASSWORD = 'Fictional-pass-2026';

// Units and accounts of a fictional district (all names invented).
const UNITS = [
  ['E2E-FL', '测试区妇联', 'womens_federation'],
  ['E2E-GA', '测试区公安分局', 'police'],
  ['E2E-LD', '测试区领导小组', 'leadership'],
  ['E2E-XX', '测试区第一小学', 'education'],
  ['E2E-SQ', '测试区春晖社区', 'community'],
];
// username, display name, unit, role, one-time password (must change at first sign-in)?
const USERS = [
  ['e2e_admin', '测试管理员', 'E2E-FL', 'admin', false],
  ['e2e_coord', '测试协调员', 'E2E-FL', 'coordinator', false],
  ['e2e_police', '测试民警', 'E2E-GA', 'caseworker', false],
  ['e2e_leader', '测试领导', 'E2E-LD', 'leader', false],
  ['e2e_auditor', '测试审计员', 'E2E-FL', 'auditor', false],
  ['e2e_reporter', '测试班主任', 'E2E-XX', 'reporter', true],
  ['e2e_community', '测试社区网格员', 'E2E-SQ', 'caseworker', false],
];

export function binaryPath() {
  if (process.env.SHOUHU_BIN) return resolve(process.env.SHOUHU_BIN);
  return resolve(repoDir, process.env.BUILD_DIR ?? 'build', 'shouhu');
}

export async function startServer({ staticRoot = join(webDir, 'dist') } = {}) {
  const bin = binaryPath();
  if (!existsSync(bin)) throw new Error(`e2e: ${bin} is missing; build the server first`);
  if (!existsSync(join(staticRoot, 'index.html')))
    throw new Error(`e2e: ${staticRoot}/index.html is missing; run 'npm run build' first`);
  const dir = mkdtempSync(join(tmpdir(), 'shouhu-e2e-'));
  const config = join(dir, 'shouhu.toml');
  // One address signs in many times here; lift the per-address limit as the API tests do. With
  // a handful of test cases every statistic is small: switch small-number suppression off so the
  // dashboard's counts can be seen to change (a server without statistics refuses the key).
  const auth = '[auth]\nlogin_rate_per_minute = 100000\nlogin_rate_burst = 100000\n';
  writeFileSync(config, `${auth}[stats]\nsuppression_threshold = 1\n`);
  const env = {
    ...process.env,
    SHOUHU_KEY_FILE: join(dir, 'shouhu.keys'),
    SHOUHU_STATIC_ROOT: staticRoot,
    SHOUHU_LOG_LEVEL: 'warn',
  };
  const base = [bin, '--database', `sqlite:${join(dir, 'shouhu.db')}`, '--config', config];
  const cli = (args, input) => {
    const r = spawnSync(base[0], [...base.slice(1), ...args], { env, input, encoding: 'utf8' });
    if (r.status !== 0)
      throw new Error(`e2e: shouhu ${args.join(' ')} failed: ${r.stdout}${r.stderr}`);
    return r.stdout;
  };
  cli(['keys', 'init', '--file', env.SHOUHU_KEY_FILE]);
  try {
    cli(['migrate']);
  } catch {
    writeFileSync(config, auth);
    cli(['migrate']);
  }
  for (const [code, name, kind] of UNITS) {
    cli(['unit', 'add', '--code', code, '--name', name, '--kind', kind, '--district', '230103']);
  }
  const passwords = {};
  for (const [username, name, unit, role, oneTime] of USERS) {
    const args = [
      'user',
      'add',
      '--username',
      username,
      '--name',
      name,
      '--unit',
      unit,
      '--role',
      role,
    ];
    if (oneTime) {
      const out = cli(args);
      passwords[username] = /one-time password: (\S+)/.exec(out)?.[1];
    } else {
      cli([...args, '--password-stdin'], `${PASSWORD}\n`);
      passwords[username] = PASSWORD;
    }
  }
  const child = spawn(base[0], [...base.slice(1), 'serve', '--listen', '127.0.0.1:0'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const port = await new Promise((resolvePort, reject) => {
    const timer = setTimeout(() => reject(new Error(`e2e: server did not start: ${log}`)), 30000);
    const onData = (chunk) => {
      log += chunk;
      const m = /serving on http:\/\/127\.0\.0\.1:(\d+)/.exec(log);
      if (m) {
        clearTimeout(timer);
        resolvePort(Number(m[1]));
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`e2e: server exited ${code}: ${log}`)));
  });
  child.stdout.resume();
  child.stderr.resume();
  return {
    url: `http://127.0.0.1:${port}`,
    passwords,
    cli,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];

export const CHROMIUM_PATH = process.env.CHROME_PATH ?? '/usr/bin/chromium';
