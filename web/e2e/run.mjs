// End-to-end: Chromium (playwright-core, Debian's /usr/bin/chromium) against a real `shouhu
// serve` on a fresh SQLite database. Screenshots of each main screen go to test-output/e2e/.
// Exits non-zero on the first failed step, with a screenshot of the page as it was.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { startServer, repoDir, CHROMIUM_ARGS, CHROMIUM_PATH, PASSWORD } from './server.mjs';

const out = join(repoDir, 'test-output', 'e2e');
mkdirSync(out, { recursive: true });
const started = Date.now();
const results = [];

function assert(condition, message) {
  if (!condition) throw new Error(message);
}

// A fictional citizen ID number of a girl (even sequence digit) born on `birth`, whose check
// character is X when `wantX`, typed with a lower-case x as people do.
function fictionalId(birth, wantX) {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  for (let seq = 100; seq < 999; seq += 2) {
    const first17 = `230103${birth.replaceAll('-', '')}${seq}`;
    const sum = [...first17].reduce((s, d, i) => s + Number(d) * weights[i], 0);
    const check = '10X98765432'[sum % 11];
    if ((check === 'X') === wantX) return first17 + (check === 'X' ? 'x' : check);
  }
  throw new Error('no id');
}

function daysAgo(n) {
  const d = new Date(Date.now() + 8 * 3600e3 - n * 86400e3);
  return d.toISOString().slice(0, 10);
}

const server = await startServer();
const browser = await chromium.launch({
  executablePath: CHROMIUM_PATH,
  headless: true,
  args: CHROMIUM_ARGS,
});
let page = null;
// Uncaught errors in any page; one during a step fails that step.
const pageErrors = [];

async function newPage(viewport = { width: 1280, height: 800 }) {
  const context = await browser.newContext({ viewport, locale: 'zh-CN' });
  const p = await context.newPage();
  p.on('pageerror', (e) => {
    console.error(`  page error: ${e.message}`);
    pageErrors.push(e.message);
  });
  return p;
}

async function shot(name, p = page) {
  await p.screenshot({ path: join(out, `${name}.png`), fullPage: true });
}

async function step(name, fn) {
  const t0 = Date.now();
  const errorsBefore = pageErrors.length;
  try {
    await fn();
    const errors = pageErrors.slice(errorsBefore);
    if (errors.length > 0) throw new Error(`page error during the step: ${errors.join('; ')}`);
    results.push({ name, ok: true, ms: Date.now() - t0 });
    console.log(`  ok   ${name} (${Date.now() - t0} ms)`);
  } catch (e) {
    const error = e.message.split('\n')[0];
    results.push({ name, ok: false, ms: Date.now() - t0, error });
    console.error(`  FAIL ${name}: ${error}`);
    if (page) await shot(`FAILED-${name.replace(/\W+/g, '-')}`).catch(() => {});
    throw e;
  }
}

async function signIn(p, username, password) {
  await p.goto(`${server.url}/login`);
  await p.fill('#login-username', username);
  await p.fill('#login-password', password);
  await p.click('[data-testid="login-submit"]');
}

// The number of cases recorded this year on the dashboard (the first cell of this year's row of
// the cases-by-year table; 0 when the table has no row for this year), or null when the
// dashboard shows no cases-by-year table.
async function dashboardTotal(p) {
  await p.goto(`${server.url}/dashboard`);
  await p.waitForSelector('[data-testid="dashboard-empty"], [data-testid="dashboard"] .stats');
  // The escalation panel can show before the statistics tables have loaded.
  await p.waitForSelector('[data-testid="dashboard-loading"]', { state: 'detached' });
  if ((await p.locator('[data-table="cases_by_year"]').count()) === 0) return null;
  const year = String(new Date(Date.now() + 8 * 3600e3).getUTCFullYear());
  const cell = p
    .locator(`[data-table="cases_by_year"] tbody tr:has(th:has-text("${year}")) td`)
    .first();
  if ((await cell.count()) === 0) return 0;
  const n = Number((await cell.textContent()).trim());
  assert(Number.isInteger(n), `this year's case count is a number: ${await cell.textContent()}`);
  return n;
}

// A signed-in API session for setting up data the test does not drive through the UI.
async function apiAs(username) {
  const r = await fetch(`${server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  assert(r.ok, `API sign-in of ${username}: ${r.status}`);
  const cookie = r.headers.get('set-cookie').split(';')[0];
  const { csrf_token: csrf } = await r.json();
  return async (method, path, body) => {
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: { 'Content-Type': 'application/json', Cookie: cookie, 'X-CSRF-Token': csrf },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, data: await res.json().catch(() => null) };
  };
}

async function pickOption(p, selectId, label) {
  await p.locator('.el-select__wrapper', { has: p.locator(`#${selectId}`) }).click();
  await p.locator('.el-select-dropdown__item:visible', { hasText: label }).first().click();
}

const childName = '林小禾'; // fictional
const idNumber = fictionalId('2014-03-15', true);
let caseNumber = '';
let caseUrl = '';
let exitCode = 0;

try {
  console.log(`e2e: server ${server.url}, browser ${CHROMIUM_PATH}`);

  await step('login page and a wrong password', async () => {
    page = await newPage();
    await signIn(page, 'e2e_reporter', 'not-the-password');
    await page.waitForSelector('[data-testid="login-error"]');
    const text = await page.textContent('[data-testid="login-error"]');
    assert(text.includes('用户名或密码错误'), `login error shows the server's message: ${text}`);
    await shot('01-login');
  });

  // The leader's dashboard before any case, to see its count change at the end.
  let casesBefore = null;
  await step('leader dashboard before the report', async () => {
    const leader = await newPage();
    await signIn(leader, 'e2e_leader', PASSWORD);
    await leader.waitForURL(`${server.url}/`);
    casesBefore = await dashboardTotal(leader);
    await leader.context().close();
  });

  await step('reporter changes the one-time password', async () => {
    await signIn(page, 'e2e_reporter', server.passwords.e2e_reporter);
    await page.waitForURL(/\/password/);
    await page.fill('#pw-current', server.passwords.e2e_reporter);
    await page.fill('#pw-next', PASSWORD);
    await shot('02-password');
    await page.click('[data-testid="password-submit"]');
    await page.waitForSelector('[data-testid="file-report"]');
    await shot('03-workbench-reporter');
  });

  await step('mandatory report: client-side checks mirror the server', async () => {
    await page.click('[data-testid="file-report"]');
    await page.waitForSelector('#mr-child-name');
    await page.fill('#mr-child-id-number', '230103201403151230');
    await page.fill('#mr-child-district-code', '');
    await page.fill('#mr-incident-occurred-on', daysAgo(-3));
    await page.click('[data-testid="report-submit"]');
    await page.waitForSelector('[data-testid="form-error"]');
    for (const message of ['校验位不正确', '必填', '不能晚于现在']) {
      await page.waitForSelector(`.el-form-item__error:has-text("${message}")`, { timeout: 5000 });
    }
    await shot('04-report-validation');
  });

  await step('reporter files a mandatory report (double click makes one case)', async () => {
    await page.locator('.situation[data-code="R2"]').click();
    await page.fill('#mr-child-name', childName);
    await page.fill('#mr-child-id-number', idNumber);
    await page.fill('#mr-child-district-code', '230103');
    await page.fill('#mr-incident-occurred-on', daysAgo(5));
    await page.locator('[data-testid="mr-harm-types"] [data-code="child_molestation"]').click();
    await pickOption(page, 'mr-reporter-category', '学校/幼儿园');
    await page.fill(
      '#mr-incident-narrative',
      '班主任发现女童情绪异常，身上有淤青（虚构测试数据）。',
    );
    await page.dblclick('[data-testid="report-submit"]');
    await page.waitForSelector('[data-testid="receipt-number"]');
    caseNumber = (await page.textContent('[data-testid="receipt-number"]')).trim();
    assert(/\d{4}-\d{6}$/.test(caseNumber), `a case number: ${caseNumber}`);
    await shot('05-report-receipt');
  });

  await step('coordinator finds the report in the case list (one case, masked)', async () => {
    page = await newPage();
    await signIn(page, 'e2e_coord', PASSWORD);
    await page.waitForSelector('[data-testid="wb-new"]');
    const wb = await page.textContent('[data-testid="wb-new"]');
    assert(wb.includes(caseNumber), 'the new report is on the coordinator workbench');
    await shot('06-workbench-coordinator');
    await page.click('[data-nav="cases"]');
    await page.waitForSelector('[data-testid="case-table"] .case-link');
    const rows = await page.locator('[data-testid="case-table"] .case-link').count();
    assert(rows === 1, `one case after a double click, got ${rows}`);
    const masked = await page.textContent('[data-testid="case-table"]');
    assert(
      masked.includes('林某某') && !masked.includes(childName),
      'the list shows a masked name',
    );
    await page.fill('#cl-search', '小禾');
    await page.click('[data-testid="case-search-submit"]');
    await page.waitForSelector(`text=${caseNumber}`);
    assert(
      !decodeURIComponent(page.url()).includes('小禾'),
      'a searched name stays out of the address bar',
    );
    await page.fill('#cl-search', caseNumber);
    await page.click('[data-testid="case-search-submit"]');
    await page.waitForSelector(`text=${caseNumber}`);
    await shot('07-case-list');
  });

  await step('coordinator opens the case and unmasks it with a reason', async () => {
    await page.click(`text=${caseNumber}`);
    await page.waitForSelector('[data-testid="identity"]');
    caseUrl = page.url();
    assert((await page.textContent('[data-testid="child-name"]')).includes('林某某'), 'masked');
    // The masking rule (docs/ACCESS.md): no character of the ID number, not even its last four,
    // and no birth year.
    const identity = await page.textContent('[data-testid="identity"]');
    assert(identity.includes('*'.repeat(18)) && identity.includes('****-**-**'), 'masked ID');
    const idParts = [idNumber.slice(0, 4), idNumber.slice(-4), idNumber.slice(-4).toUpperCase()];
    for (const part of [...idParts, '2014']) {
      assert(!identity.includes(part), `the masked identity shows no "${part}"`);
    }
    await page.click('[data-testid="unmask"]');
    await page.click('[data-testid="unmask-submit"]');
    await page.waitForSelector('.el-dialog .el-form-item__error');
    await page.fill('#unmask-reason', '联系监护人安排家访（测试）');
    await page.click('[data-testid="unmask-submit"]');
    await page.waitForFunction(
      (name) => document.querySelector('[data-testid="child-name"]')?.textContent?.includes(name),
      childName,
    );
    const timeline = await page.textContent('[data-testid="timeline"]');
    assert(timeline.length > 0, 'the timeline lists events');
    await shot('08-case-unmasked');
  });

  await step('the UI switches to English and back', async () => {
    await page.click('[data-testid="language"]');
    await page.waitForSelector('text=Mask again');
    assert((await page.getAttribute('html', 'lang')) === 'en', 'html lang is en');
    await shot('09-case-english');
    await page.click('[data-testid="language"]');
    await page.waitForSelector('text=恢复遮盖');
  });

  await step('session expiry prompt returns to the case', async () => {
    await page.context().clearCookies();
    await page.reload();
    await page.waitForURL(/\/login/);
    await page.fill('#login-username', 'e2e_coord');
    await page.fill('#login-password', PASSWORD);
    await page.click('[data-testid="login-submit"]');
    await page.waitForURL(caseUrl);
    await page.waitForSelector('[data-testid="unmask"]');
    // Every request of the page answered before the session ends under it.
    await page.waitForLoadState('networkidle');
    // Expiry under an open page: the next request answers 401 and the prompt appears.
    await page.context().clearCookies();
    await page.click('[data-testid="unmask"]');
    await page.fill('#unmask-reason', '再次核对（测试）');
    await page.click('[data-testid="unmask-submit"]');
    await page.waitForSelector('[data-testid="sign-in-again"]');
    await shot('10-session-expired');
    await page.click('[data-testid="sign-in-again"]');
    await page.waitForURL(/\/login\?.*expired=1/);
    await page.fill('#login-username', 'e2e_coord');
    await page.fill('#login-password', PASSWORD);
    await page.click('[data-testid="login-submit"]');
    await page.waitForURL(caseUrl);
    await page.waitForSelector('[data-testid="unmask"]');
  });

  // The workflow: triage, referral, the unit inbox.
  await step('the server has the workflow API', async () => {
    const probe = await fetch(`${server.url}/api/v1/referrals`);
    assert(probe.status === 401, `/api/v1/referrals without a session: ${probe.status}`);
  });

  await step('coordinator triages: assessment, editable plan, referral sent', async () => {
    await page.goto(caseUrl);
    await page.waitForSelector('[data-action="start_assessment"]');
    await shot('10a-case-actions');
    await page.click('[data-action="start_assessment"]');
    await page.click('[data-testid="action-confirm"]');
    await page.waitForSelector('[data-testid="assess-submit"]');
    await pickOption(page, 'as-risk', '高');
    await page.click('[data-testid="assess-submit"]');
    await page.waitForSelector('[data-testid="plan"]');
    await shot('10b-proposed-plan');
    // Keep the proposed tasks that have a unit here; make sure the police get one.
    for (let i = (await page.locator('.plan-table tbody tr').count()) - 1; i >= 0; i--) {
      const row = page.locator('.plan-table tbody tr').nth(i);
      if (!(await row.getAttribute('data-unit'))) await row.getByRole('button').click();
    }
    const rows = page.locator('.plan-table tbody tr');
    const types = await rows.evaluateAll((trs) => trs.map((tr) => tr.dataset.taskType));
    if (!types.includes('police_register')) {
      await page.getByRole('button', { name: '增加任务' }).click();
      const i = (await rows.count()) - 1;
      await page.selectOption(`#plan-unit-${i}`, { label: '测试区公安分局' });
      await page.selectOption(`#plan-type-${i}`, 'police_register');
    }
    await page.click('[data-testid="send-plan"]');
    await page.waitForSelector('[data-testid="case-notice"]:has-text("发送任务")');
    await page.waitForSelector('[data-testid="task-table"] .clock');
    await shot('10c-case-tasks');
  });

  await step('police accepts the referrals and records the filing (立案)', async () => {
    const coordinator = page;
    page = await newPage();
    await signIn(page, 'e2e_police', PASSWORD);
    await page.waitForURL(`${server.url}/`);
    await page.waitForSelector('[data-testid="wb-tasks"] .clock');
    await shot('10d-workbench-police');
    await page.click('[data-nav="inbox"]');
    const row = (type) =>
      page
        .locator('[data-testid="task-table"] tr.el-table__row', { hasText: caseNumber })
        .filter({ hasText: type });
    const tasks = [
      ['受案', '已受案（虚构测试数据）'],
      ['立案审查', '决定立案（虚构测试数据）'],
    ];
    for (const [type] of tasks) {
      await row(type).locator('[data-testid="task-accept"]').click();
      await page.waitForSelector('text=任务已接收');
    }

    // While the tasks are open the case page is theirs to work on: the police record 受案 and
    // 立案 with the proceedings form. A stage left empty is marked beside the field; the police
    // get no service form (no service is of their kind).
    await page.goto(caseUrl);
    await page.waitForSelector('[data-testid="proceeding-form"]');
    assert(
      (await page.locator('[data-testid="service-form"]').count()) === 0,
      'no service form for the police',
    );
    await page.click('[data-testid="proceeding-submit"]');
    await page.waitForSelector('#pf-stage-error:has-text("必填")');
    // 立案 before 受案: the server's refusal lands beside the stage.
    await page.selectOption('#pf-stage', 'case_filed');
    await page.click('[data-testid="proceeding-submit"]');
    await page.waitForSelector('#pf-stage-error:has-text("请先登记其前一阶段")');
    for (const [stage, label] of [
      ['police_registered', '受案'],
      ['case_filed', '立案'],
    ]) {
      await page.selectOption('#pf-stage', stage);
      await page.click('[data-testid="proceeding-submit"]');
      await page.waitForSelector(`.stages li strong:text-is("${label}")`);
    }
    const clock = await page.textContent('.stages');
    assert(clock.includes('立案审查'), `立案 closes the case-review clock: ${clock}`);
    // The one recorded interview (一站式询问).
    await page.click('[data-testid="interview-submit"]');
    await page.waitForSelector('[data-testid="interview-notice"]');
    assert(
      (await page.textContent('[data-testid="interview-count"]')).includes('询问 1 次'),
      'the girl has been interviewed once',
    );
    await shot('10g-case-proceedings-police');

    await page.click('[data-nav="inbox"]');
    for (const [type, outcome] of tasks) {
      await row(type).locator('[data-testid="task-complete"]').click();
      await page.fill('#inbox-text', outcome);
      await shot('10e-inbox-complete');
      await page.click('[data-testid="inbox-confirm"]');
      await page.waitForSelector('text=任务已办结');
    }
    await page.click('text=已办结');
    await page.waitForSelector('[data-testid="task-table"] tr.el-table__row:has-text("立案审查")');
    // A finished task leaves the unit's sight with its outcome and note.
    assert(
      (await page.locator('text=决定立案').count()) === 0,
      'the done inbox shows no outcome of a finished task',
    );
    await shot('10f-inbox-done');
    await page.context().close();
    page = coordinator;
  });

  await step('coordinator records a service with money (yuan)', async () => {
    await page.goto(caseUrl);
    await page.waitForSelector('[data-testid="service-form"]');
    await page.selectOption('#sf-type', 'womens_federation_psych_support');
    await page.waitForFunction(() => document.querySelector('#sf-unit')?.value !== '');
    await page.fill('#sf-amount', '12元');
    await page.click('[data-testid="service-submit"]');
    await page.waitForSelector('.record-field:has(#sf-amount) .error-text:has-text("格式不正确")');
    await page.fill('#sf-amount', '1200.50');
    await page.fill('#sf-hours', '1.5');
    await page.fill('#sf-sessions', '1');
    await page.click('[data-testid="service-submit"]');
    await page.waitForSelector('[data-testid="service-notice"]');
    const table = await page.textContent('.services');
    assert(table.includes('1200.50') && table.includes('心理支持'), `the service: ${table}`);
    await shot('10h-case-service');
  });

  await step(
    "coordinator finishes her unit's task, closes the case, records a follow-up",
    async () => {
      // Her own unit's tasks on the case, from the unit inbox: sign for each, then complete it.
      await page.click('[data-nav="inbox"]');
      const rows = page.locator('[data-testid="task-table"] tr.el-table__row', {
        hasText: caseNumber,
      });
      await rows.first().waitFor();
      const until = async (fn) => {
        for (let i = 0; i < 100 && !(await fn()); i++) await page.waitForTimeout(100);
      };
      for (let guard = 0; guard < 8; guard++) {
        const accept = rows.locator('[data-testid="task-accept"]');
        const complete = rows.locator('[data-testid="task-complete"]');
        const [a, c] = [await accept.count(), await complete.count()];
        if (a > 0) {
          await accept.first().click();
          await until(async () => (await accept.count()) < a);
        } else if (c > 0) {
          await complete.first().click();
          await page.fill('#inbox-text', '已完成心理支持（虚构测试数据）');
          await page.click('[data-testid="inbox-confirm"]');
          await until(async () => (await complete.count()) < c);
        } else break;
      }
      await page.goto(caseUrl);
      await page.click('[data-action="close"]');
      await page.click('[data-testid="action-confirm"]');
      await page.waitForSelector('[data-testid="case-notice"]:has-text("结案")');
      assert(
        (await page.locator('[data-action="reopen"]').count()) === 1,
        'a closed case offers only to reopen it',
      );
      const followup = page.locator('.followups .followup-form').first();
      await followup.locator('input').fill('电话回访，情况稳定（虚构测试数据）');
      await followup.getByRole('button', { name: '已回访' }).click();
      await page.waitForSelector('.followups li .badge:has-text("已回访")');
      await shot('10i-case-closed');
    },
  );

  await step('full intake of a girl already on record answers a neutral receipt', async () => {
    await page.click('[data-nav="intake"]');
    await page.waitForSelector('#ic-child-name');
    await page.fill('#ic-child-name', childName);
    await page.fill('#ic-child-id-number', idNumber.toUpperCase());
    await page.fill('#ic-incident-occurred-on', daysAgo(2));
    await page.locator('[data-testid="ic-harm-types"] [data-code="maltreatment"]').click();
    await pickOption(page, 'ic-intake-channel', '社区走访');
    await page.click('[data-testid="intake-submit"]');
    await page.waitForSelector('[data-testid="intake-result"]');
    // The match goes to the coordinating unit that holds the record, never to the filer.
    assert(
      (await page
        .locator('[data-testid="linked-existing"], [data-testid="duplicates"]')
        .count()) === 0,
      'the intake answer says nothing of a girl already on record',
    );
    await shot('11-intake-receipt');
  });

  await step('hotline call logged without a case', async () => {
    await page.click('[data-nav="hotline"]');
    await page.waitForSelector('#hl-summary');
    await page.fill('#hl-summary', '来电咨询监护指导（虚构测试数据）');
    await page.click('[data-testid="hotline-submit"]');
    await page.waitForSelector('[data-testid="call-logged"]');
    await shot('12-hotline');
  });

  await step('hotline call opens a case', async () => {
    await page.locator('[data-testid="call-logged"] button').click();
    await page.waitForSelector('#hl-summary');
    await page.fill('#hl-summary', '来电反映女童长期无人照料（虚构测试数据）');
    await page.click('[data-testid="hotline-open-case"]');
    await page.waitForSelector('#hl-child-name');
    await page.fill('#hl-child-name', '周小满'); // fictional
    await page.fill('#hl-incident-occurred-on', daysAgo(1));
    await page.locator('[data-testid="hl-harm-types"] [data-code="abandonment_neglect"]').click();
    await page.click('[data-testid="hotline-submit"]');
    await page.waitForSelector('[data-testid="intake-result"]');
    const text = await page.textContent('[data-testid="intake-result"]');
    assert(/\d{4}-\d{6}/.test(text), `the call opened a case: ${text}`);
    await shot('12b-hotline-case');
  });

  await step('case list pages by keyset (more cases than one page)', async () => {
    // Enough cases for two pages of 20, made through the API.
    const coordinatorApi = await apiAs('e2e_coord');
    for (let i = 0; i < 20; i++) {
      const r = await coordinatorApi('POST', '/api/v1/cases', {
        child: { name: `分页测试${i}`, district_code: '230103' }, // fictional
        incident: { occurred_on: daysAgo(3) },
        harm_types: ['other'],
        intake_channel: 'walk_in',
        discovered_at: `${daysAgo(2)}T09:00:00+08:00`,
      });
      assert(r.status === 201, `case ${i}: ${r.status} ${JSON.stringify(r.data)}`);
    }
    await page.goto(`${server.url}/cases`);
    await page.waitForSelector('[data-testid="case-table"] .case-link');
    const numbers = () => page.locator('[data-testid="case-table"] .case-link').allTextContents();
    const first = await numbers();
    assert(first.length === 20, `a full first page: ${first.length}`);
    await page.click('[data-testid="next-page"]');
    await page.waitForFunction(
      (top) => document.querySelector('[data-testid="case-table"] .case-link')?.textContent !== top,
      first[0],
    );
    const second = await numbers();
    assert(second.length > 0, 'a second page');
    assert(
      second.every((n) => !first.includes(n)),
      `pages do not overlap: ${first.join(',')} / ${second.join(',')}`,
    );
    assert(
      second.some((n) => n.trim() === caseNumber.trim()),
      'the first case is on page two',
    );
    await shot('13a-case-list-page-2');
  });

  await step('case list at phone width', async () => {
    const phone = await newPage({ width: 390, height: 844 });
    await signIn(phone, 'e2e_coord', PASSWORD);
    await phone.waitForSelector('[data-testid="wb-new"]');
    await phone.goto(`${server.url}/cases`);
    await phone.waitForSelector('[data-testid="case-table"] .case-link');
    const overflow = await phone.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    );
    assert(overflow <= 1, `no page-wide horizontal scroll at 390 px (overflow ${overflow})`);
    await shot('13-case-list-phone', phone);
    await phone.context().close();
  });

  await step('community worker at phone width records an overdue visit', async () => {
    // A girl of the community's registry whose last visit was long ago: her next visit is overdue.
    const call = await apiAs('e2e_community');
    const added = await call('POST', '/api/v1/registry', {
      name: '苏小满', // fictional
      id_number: fictionalId('2015-06-01', false),
      vulnerability_classes: ['left_behind'],
      risk_level: 'medium',
    });
    assert(
      added.status === 201,
      `registry entry added: ${added.status} ${JSON.stringify(added.data)}`,
    );
    const old = await call('POST', `/api/v1/registry/${added.data.id}/visits`, {
      visited_on: daysAgo(120),
      seen: ['girl'],
    });
    assert(old.status === 201, `earlier visit recorded: ${old.status} ${JSON.stringify(old.data)}`);
    assert(old.data.overdue === true, 'the entry is overdue after a visit 120 days ago');

    const phone = await newPage({ width: 390, height: 844 });
    await signIn(phone, 'e2e_community', PASSWORD);
    await phone.waitForSelector('[data-testid="wb-visits"]');
    await phone.click('[data-nav="visits"]');
    const row = phone.locator(`[data-testid="visit-inbox"] [data-entry="${added.data.id}"]`);
    await row.locator('[data-testid="due-overdue"]').waitFor();
    const overflow = await phone.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    );
    assert(
      overflow <= 1,
      `no horizontal scroll in the visit inbox at 390 px (overflow ${overflow})`,
    );
    await shot('13b-visit-inbox-phone', phone);
    await row.locator('[data-testid="due-record"]').click();
    await phone.waitForSelector('[data-testid="visit-form"]');
    const identity = await phone.textContent('[data-testid="entry-identity"]');
    assert(!identity.includes('苏小满'), 'the entry page shows the identity masked');
    // A date after today is refused beside the date field before anything is sent.
    await phone.fill('#vf-on', daysAgo(-2));
    await phone.click('[data-testid="visit-submit"]');
    await phone.waitForSelector('#vf-on[aria-invalid="true"]');
    await phone.fill('#vf-on', daysAgo(0));
    await phone.fill('#vf-visitors', '网格员');
    await phone.check('[data-seen="girl"]');
    await phone.check('[data-seen="guardian"]');
    await phone.fill('#vf-findings', '孩子在家，由祖母照料，情绪低落。');
    await phone.fill('#vf-needs', '课业辅导');
    await phone.fill('#vf-follow', '一周内再次走访');
    await phone.check('[data-testid="visit-concern"]');
    await phone.click('[data-testid="visit-submit"]');
    await phone.waitForSelector('[data-testid="visit-notice"]');
    assert((await phone.locator('[data-testid="visit-item"]').count()) === 2, 'two visits listed');
    assert(
      (await phone.locator('[data-testid="entry-overdue"]').count()) === 0,
      'the entry is no longer overdue',
    );
    const formOverflow = await phone.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    );
    assert(formOverflow <= 1, `no horizontal scroll on the entry page (overflow ${formOverflow})`);
    await shot('13c-visit-recorded-phone', phone);
    await phone.goto(`${server.url}/visits`);
    await phone.waitForSelector('[data-testid="visit-inbox"]');
    assert(
      (await phone
        .locator(`[data-testid="visit-inbox"] [data-entry="${added.data.id}"]`)
        .count()) === 0,
      'the visited girl left the visit inbox',
    );
    await phone.context().close();
  });

  await step('leader sees the dashboard, its count changed', async () => {
    page = await newPage();
    await signIn(page, 'e2e_leader', PASSWORD);
    await page.waitForURL(`${server.url}/`);
    await page.click('[data-nav="dashboard"]');
    const after = await dashboardTotal(page);
    const text = await page.textContent('main');
    assert(!text.includes(childName) && !text.includes('林某某'), 'no identity on the dashboard');
    // Before the first case there may be no cases-by-year table at all: a count of 0. After
    // the cases filed above the table must be there, and the count must have grown.
    assert(after !== null, "the dashboard shows a count of this year's cases");
    assert(after > (casesBefore ?? 0), `the case count grew: ${casesBefore} -> ${after}`);
    console.log(`       cases this year on the dashboard: ${casesBefore} -> ${after}`);
    await shot('14-dashboard');
  });

  await step('auditor sees the audit log intact', async () => {
    page = await newPage();
    await signIn(page, 'e2e_auditor', PASSWORD);
    await page.waitForURL(`${server.url}/`);
    await page.click('[data-nav="audit"]');
    await page.waitForSelector('[data-testid="audit-verify"] .ok');
    // Newest first, 100 a page: load older pages until the unmask shows.
    let text = await page.textContent('[data-testid="audit-table"]');
    for (let i = 0; i < 10 && !text.includes('case.unmask'); i++) {
      const rows = await page.locator('[data-testid="audit-table"] tr.el-table__row').count();
      if ((await page.locator('button.more').count()) === 0) break;
      await page.click('button.more');
      await page.waitForFunction(
        (n) => document.querySelectorAll('[data-testid="audit-table"] tr.el-table__row').length > n,
        rows,
      );
      text = await page.textContent('[data-testid="audit-table"]');
    }
    assert(text.includes('case.unmask'), 'the unmask is in the audit log');
    await shot('15-audit');
  });

  await step('administrator creates a user and sees the one-time password once', async () => {
    page = await newPage();
    await signIn(page, 'e2e_admin', PASSWORD);
    await page.waitForURL(`${server.url}/`);
    await page.click('[data-nav="admin"]');
    await page.waitForSelector('#un-code');
    await shot('16-admin-units');
    await page.click('#tab-users');
    await page.fill('#us-username', 'e2e_social');
    await page.fill('#us-name', '测试社工');
    await pickOption(page, 'us-unit', 'E2E-FL');
    await pickOption(page, 'us-role', '个案工作者');
    await page.locator('#pane-users button[type="submit"]').click();
    await page.waitForSelector('[data-testid="user-notice"]');
    assert(
      (await page.textContent('[data-testid="user-notice"]')).includes('一次性密码'),
      'one-time password shown',
    );
    await shot('17-admin-users');
  });

  await step('administrator disables a user, who can no longer sign in', async () => {
    const row = page.locator('.row-actions[data-user="e2e_auditor"]');
    await row.locator('[data-testid="user-disable"]').click();
    await page.waitForSelector('[data-testid="user-action-text"]:has-text("停用")');
    await shot('18-admin-disable-confirm');
    await page.click('[data-testid="user-action-confirm"]');
    await page.waitForSelector('[data-testid="user-notice"]:has-text("已停用")');
    await row.locator('[data-testid="user-enable"]').waitFor();
    const refused = await newPage();
    await signIn(refused, 'e2e_auditor', PASSWORD);
    await refused.waitForSelector('[data-testid="login-error"]');
    const text = await refused.textContent('[data-testid="login-error"]');
    assert(text.includes('已停用'), `the sign-in is refused as disabled: ${text}`);
    await shot('19-login-disabled', refused);
    await refused.context().close();
    // A password reset hands out a one-time password, once.
    await page.locator('.row-actions[data-user="e2e_leader"] [data-testid="user-reset"]').click();
    await page.click('[data-testid="user-action-confirm"]');
    await page.waitForSelector('[data-testid="user-notice"]:has-text("一次性密码")');
  });
} catch {
  exitCode = 1;
} finally {
  await browser.close().catch(() => {});
  await server.stop().catch(() => {});
}

const seconds = ((Date.now() - started) / 1000).toFixed(1);
const passed = results.filter((r) => r.ok).length;
writeFileSync(join(out, 'results.json'), JSON.stringify({ seconds, results }, null, 2));
console.log(
  `e2e: ${passed}/${results.length} steps passed in ${seconds} s; screenshots in test-output/e2e/`,
);
process.exit(exitCode);
