// Browser test of issue 10 point 7, "reports read fairly": the attendance list shows ✓/✗/V with
// its legend, offers a blank list for a session to come, and that blank list has a row of empty
// boxes per pupil (on screen and when printed); error pages and forms with errors start the
// title with "Fout: " and put the focus on the error summary (no script: autofocus); the yearly
// review fits a phone; the dashboard's search by school name. On a
// 1280×800 desktop and a 390×844 phone; axe-core on each page; screenshots go to
// tests/e2e/screenshots/reports-*.png (look at them). Each check counts as one test.
//
// The test makes its own data through the JSON API as the coordinator of school noord: an
// activity on today's weekday from a week ago (a held session a week ago, today's, and the ones
// to come), two pupils enrolled today, marked present and absent today. Names carry a suffix of
// this run so that the other browser tests are not disturbed.
//
// Run through tests/e2e/run.sh, which starts the daemon and sets BASE_URL and RESULTS_FILE.
import {
  BASE, PHONE, apiLogin, assert, axeCheck, check, dayAt, equal, isoDay, loginForm, mainText,
  noSidewaysScroll, post, runTest, screenshot,
} from './lib.mjs';

const run = Date.now().toString(36).slice(-5);
const TITLE = `Schaken ${run}`;
const weekday = String(((dayAt(0).getDay() + 6) % 7) + 1); // ISO: 1 = Monday
const DESKTOP = { viewport: { width: 1280, height: 800 }, bypassCSP: true };

// The activity, its two pupils (Ayla present, Bram absent today) and the session ids.
async function makeData() {
  const api = await apiLogin('noord@test.nl', 'wachtwoord-123');
  try {
    const activity = await post(api, '/activities', {
      title: TITLE, goal: 'Vooruit denken', location: 'Bibliotheek', provider: '1',
      domain_cognitief: '1', grade_min: '5', grade_max: '8', capacity: '10', weekday,
      start: '15:00', end: '16:00', from: isoDay(-7), until: isoDay(60), open_to: 'school',
    }, 201);
    const pupils = [];
    for (const [i, first] of ['Ayla', 'Bram'].entries()) {
      const p = await post(api, '/pupils', {
        number: `rep-${run}-${i}`, first_name: first, last_name: `Visser-${run}`, grade: '6', class: '6C',
      }, 201);
      await post(api, '/enrolments', { pupil_id: String(p.id), activity_id: String(activity.id) }, 201);
      pupils.push(p.id);
    }
    const sessions = (await (await api.get(`/activities/${activity.id}`)).json()).sessions;
    const past = sessions.find((s) => s.date === isoDay(0)); // enrolled today: today's session
    const next = sessions.find((s) => s.date === isoDay(7));
    assert(past && next, 'sessions today and a week ahead');
    const res = await api.get(`/sessions/${past.id}`);
    const csrf = (await res.json()).csrf;
    const mark = await api.post(`/sessions/${past.id}/attendance`, {
      form: { csrf, [`status[${pupils[0]}]`]: 'present', [`status[${pupils[1]}]`]: 'absent' }, maxRedirects: 0,
    });
    assert(mark.status() < 300, `marking: ${mark.status()} ${(await mark.text()).slice(0, 300)}`);
    return { activity: activity.id, next: next.id };
  } finally {
    await api.dispose();
  }
}

// The attendance list and its blank list on one device (name: "desktop" or "phone").
async function attendancePages(browser, options, name, data) {
  const context = await browser.newContext({ ...options, locale: 'nl-NL', extraHTTPHeaders: { 'Accept-Language': 'nl' } });
  const page = await context.newPage();
  const phone = name === 'phone';
  await check(`${name}: the coordinator logs in`, async () => {
    await loginForm(page, 'noord@test.nl', 'wachtwoord-123');
  });
  await check(`${name}: the attendance list shows ✓ and ✗ with the legend`, async () => {
    const res = await page.goto(`${BASE}/activities/${data.activity}/attendance`);
    equal(res.status(), 200, 'status');
    const text = await mainText(page);
    assert(text.includes('✓ = aanwezig, ✗ = afwezig, V = afgemeld'), `legend: ${text.slice(0, 400)}`);
    const marks = (await page.locator('.attendance-list tbody td.attendance-list__mark span[aria-hidden]').allTextContents());
    equal(JSON.stringify(marks.filter((m) => m)), JSON.stringify(['✓', '✗']), 'marks');
    if (phone) await noSidewaysScroll(page);
  });
  await screenshot(page, `reports-attendance-${name}`);
  await axeCheck(page, `the attendance list (${name})`);

  await check(`${name}: choosing next week's session opens its blank list`, async () => {
    await page.selectOption('#f-blank', String(data.next));
    await Promise.all([page.waitForNavigation(), page.click('.attendance-blank-form button')]);
    const url = new URL(page.url());
    equal(url.searchParams.get('blank'), String(data.next), 'blank parameter');
    assert((await page.textContent('h1')).includes(TITLE), 'heading');
    const rows = page.locator('.attendance-blank tbody tr');
    equal(await rows.count(), 5, 'rows (2 pupils, 3 spare)');
    equal(await page.locator('.attendance-blank__box').count(), 15, 'empty boxes');
    const text = await mainText(page);
    assert(text.includes(`Visser-${run}, Ayla`) && text.includes(`Visser-${run}, Bram`), 'names');
    const box = await page.locator('.attendance-blank__box').first().boundingBox();
    assert(box && box.width >= 18 && box.height >= 18, `box ${box && box.width}×${box && box.height}`);
    if (phone) await noSidewaysScroll(page);
  });
  await screenshot(page, `reports-blank-${name}`);
  await axeCheck(page, `the blank list (${name})`);
  if (!phone) {
    await check('desktop: printed, the blank list hides the menu and keeps the boxes', async () => {
      await page.emulateMedia({ media: 'print' });
      assert(!(await page.locator('.site-header').isVisible()), 'header printed');
      assert(await page.locator('.attendance-blank__box').first().isVisible(), 'boxes not printed');
      assert(await page.locator('.attendance-blank__note').first().isVisible(), 'note column not printed');
    });
    await screenshot(page, 'reports-blank-print');
    await page.emulateMedia({ media: 'screen' });
  }
  await context.close();
}

// Error pages and a form with errors on one device.
async function errorPages(browser, options, name) {
  const context = await browser.newContext({ ...options, locale: 'nl-NL', extraHTTPHeaders: { 'Accept-Language': 'nl' } });
  const page = await context.newPage();
  await check(`${name}: a wrong password gives "Fout: " in the title and the focus on the summary`, async () => {
    await page.goto(`${BASE}/login`);
    await page.fill('#f-email', 'noord@test.nl');
    await page.fill('#f-password', 'niet-het-wachtwoord');
    const [res] = await Promise.all([page.waitForNavigation(), page.click('main button[type=submit]')]);
    assert(res.status() >= 400, `status ${res.status()}`);
    const title = await page.title();
    assert(title.startsWith('Fout: '), `title: ${title}`);
    const focused = await page.evaluate(() => document.activeElement && document.activeElement.className);
    assert(/error-summary/.test(focused), `focused: ${focused}`);
  });
  await screenshot(page, `reports-login-error-${name}`);
  await check(`${name}: an error page has "Fout: " in the title, the focus on the message, no success style`, async () => {
    await loginForm(page, 'noord@test.nl', 'wachtwoord-123');
    const res = await page.goto(`${BASE}/activities/99999999`);
    equal(res.status(), 404, 'status');
    const title = await page.title();
    assert(title.startsWith('Fout: '), `title: ${title}`);
    const focused = await page.evaluate(() => document.activeElement && document.activeElement.className);
    assert(/error-page/.test(focused), `focused: ${focused}`);
    equal(await page.locator('.notice--ok').count(), 0, 'success notices');
  });
  await screenshot(page, `reports-error-page-${name}`);
  await axeCheck(page, `the error page (${name})`);
  await check(`${name}: a page without errors has no "Fout: " in its title`, async () => {
    await page.goto(`${BASE}/activities`);
    assert(!(await page.title()).startsWith('Fout'), 'title');
  });
  await context.close();
}

// The yearly review of school noord (id 1) fits the phone: its tables become one block per row.
async function reviewOnPhone(browser) {
  const context = await browser.newContext({ ...PHONE, locale: 'nl-NL', extraHTTPHeaders: { 'Accept-Language': 'nl' } });
  const page = await context.newPage();
  await loginForm(page, 'noord@test.nl', 'wachtwoord-123');
  await check('phone: the yearly review fits the screen, each figure a block with its labels', async () => {
    const res = await page.goto(`${BASE}/reports/schools/1`);
    equal(res.status(), 200, 'status');
    await noSidewaysScroll(page);
    const label = await page.evaluate(() => {
      const td = document.querySelector('.review__figures td[data-label]');
      return td ? getComputedStyle(td, '::before').content : '';
    });
    assert(label.includes('t/m') || label.includes('20'), `the first figure's label: ${label}`);
    await screenshot(page, 'reports-review-phone');
  });
  await context.close();
}

// The coverage report's figures table fits a 1280-pixel screen without sideways scrolling.
async function coverageOnDesktop(browser) {
  const context = await browser.newContext({ ...DESKTOP, locale: 'nl-NL' });
  const page = await context.newPage();
  await loginForm(page, 'noord@test.nl', 'wachtwoord-123');
  await check('desktop: the coverage figures fit the screen', async () => {
    await page.goto(`${BASE}/reports/coverage`);
    const over = await page.evaluate(() => {
      const t = document.querySelector('table.report-figures');
      return t ? t.getBoundingClientRect().right - t.parentElement.getBoundingClientRect().right : 99;
    });
    assert(over <= 1, `the table sticks out ${over}px`);
    await screenshot(page, 'reports-coverage-desktop', false);
  });
  await context.close();
}

// The lead's dashboard (issue 13): the search by school name keeps what was typed, the
// coalition's totals come first, and the page passes axe.
async function dashboardOnDesktop(browser) {
  const context = await browser.newContext({ ...DESKTOP, locale: 'nl-NL' });
  const page = await context.newPage();
  await loginForm(page, 'lead@test.nl', 'wachtwoord-123');
  await check('desktop: the dashboard searches schools by name, the coalition first', async () => {
    await page.goto(`${BASE}/dashboard`);
    await page.fill('#f-q', 'noord');
    await Promise.all([page.waitForNavigation(), page.click('form.search button[type=submit]')]);
    equal(await page.inputValue('#f-q'), 'noord', 'the search kept');
    const rows = await page.$$eval('table.dashboard-table tbody th[scope=row]',
      (ths) => ths.map((th) => th.textContent.trim()));
    assert(/^Coalitie/.test(rows[0]), `first row: ${rows[0]}`);
    assert(rows.slice(1).every((r) => /noord/i.test(r)), `rows: ${rows.join(' | ')}`);
    await screenshot(page, 'reports-dashboard-desktop', false);
  });
  await axeCheck(page, 'the dashboard (desktop)');
  await context.close();
}

await runTest(import.meta.url, async (browser) => {
  let data = null;
  await check('the coordinator makes an activity with two pupils and marks via the JSON API', async () => {
    data = await makeData();
  });
  if (!data) throw new Error('no test data, nothing more to test');
  await attendancePages(browser, DESKTOP, 'desktop', data);
  await attendancePages(browser, PHONE, 'phone', data);
  await errorPages(browser, DESKTOP, 'desktop');
  await errorPages(browser, PHONE, 'phone');
  await reviewOnPhone(browser);
  await coverageOnDesktop(browser);
  await dashboardOnDesktop(browser);
});
