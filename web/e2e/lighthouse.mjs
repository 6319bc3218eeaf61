// Lighthouse 12 (desktop preset) on the login, workbench and case pages of a real server with a
// fresh database; fails unless accessibility is at least 95 on each. The signed-in pages get the
// coordinator's session cookie. Scores go to test-output/lighthouse/ and standard output.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';
import * as chromeLauncher from 'chrome-launcher';
import { startServer, repoDir, CHROMIUM_ARGS, CHROMIUM_PATH, PASSWORD } from './server.mjs';

const MIN_ACCESSIBILITY = 95;
const out = join(repoDir, 'test-output', 'lighthouse');
mkdirSync(out, { recursive: true });

const server = await startServer();
let chrome = null;
let failed = false;
const scores = {};
try {
  // Sign in as the coordinator and open one fictional case to look at.
  const login = await fetch(`${server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'e2e_coord', password: PASSWORD }),
  });
  const cookie = login.headers.get('set-cookie').split(';')[0];
  const { csrf_token: csrf } = await login.json();
  const day = new Date(Date.now() + 8 * 3600e3 - 3 * 86400e3).toISOString().slice(0, 10);
  const created = await fetch(`${server.url}/api/v1/cases`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Cookie: cookie, 'X-CSRF-Token': csrf },
    body: JSON.stringify({
      child: { name: '林小禾', district_code: '230103', birth_date: '2014-03-15' },
      incident: { occurred_on: day },
      harm_types: ['maltreatment'],
      intake_channel: 'school',
      discovered_at: `${day}T09:00:00+08:00`,
    }),
  });
  if (created.status !== 201) throw new Error(`case: ${created.status} ${await created.text()}`);
  const { id } = await created.json();

  chrome = await chromeLauncher.launch({
    chromePath: CHROMIUM_PATH,
    chromeFlags: ['--headless=new', ...CHROMIUM_ARGS],
  });
  const pages = [
    ['login', `${server.url}/login`, {}],
    ['workbench', `${server.url}/`, { Cookie: cookie }],
    ['case', `${server.url}/cases/${id}`, { Cookie: cookie }],
  ];
  for (const [name, url, extraHeaders] of pages) {
    const result = await lighthouse(
      url,
      {
        port: chrome.port,
        output: ['html', 'json'],
        logLevel: 'error',
        onlyCategories: ['accessibility', 'performance', 'best-practices'],
        extraHeaders,
      },
      desktopConfig,
    );
    const lhr = result.lhr;
    const score = (c) => Math.round((lhr.categories[c]?.score ?? 0) * 100);
    scores[name] = {
      accessibility: score('accessibility'),
      performance: score('performance'),
      bestPractices: score('best-practices'),
      finalUrl: lhr.finalDisplayedUrl,
    };
    writeFileSync(join(out, `${name}.html`), result.report[0]);
    writeFileSync(join(out, `${name}.json`), result.report[1]);
    const failing = Object.values(lhr.audits)
      .filter(
        (a) =>
          a.score !== null &&
          a.score < 1 &&
          lhr.categories.accessibility.auditRefs.some((r) => r.id === a.id && r.weight > 0),
      )
      .map((a) => a.id);
    const ok =
      scores[name].accessibility >= MIN_ACCESSIBILITY &&
      !lhr.finalDisplayedUrl.includes('/login') === (name !== 'login');
    console.log(
      `  ${ok ? 'ok  ' : 'FAIL'} ${name.padEnd(10)} accessibility ${scores[name].accessibility}, performance ${scores[name].performance}, best practices ${scores[name].bestPractices}${failing.length ? ` (a11y audits below 1: ${failing.join(', ')})` : ''}`,
    );
    if (!ok) failed = true;
  }
} catch (e) {
  console.error(`lighthouse: ${e.message}`);
  failed = true;
} finally {
  if (chrome) await chrome.kill();
  await server.stop();
}
writeFileSync(join(out, 'scores.json'), JSON.stringify(scores, null, 2));
console.log(
  `lighthouse: reports in test-output/lighthouse/ (minimum accessibility ${MIN_ACCESSIBILITY})`,
);
process.exit(failed ? 1 : 0);
