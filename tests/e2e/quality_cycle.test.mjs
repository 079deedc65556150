// Browser test of the whole quality cycle (issue 15) on the demo, as its coordinator
// (coordinator@verrijkt.demo, De Haagse Beek) on a 390×844 phone: an activity's plan filled in
// until the activity page says "Plan compleet", a visit of one of its sessions that took place,
// its costs, and a feedback questionnaire asked on that session's register and answered on a
// tablet (1024×768, no login) as a pupil would; then the quarterly progress report and the
// coverage report show the figures moved by exactly what was entered (plans complete, visited
// activities, costs; the feedback on a report of that one day), read on the pages before and
// after, and the coverage JSON carries them. axe-core runs on the progress report and the
// plan, visit and costs forms at 390 and 1280 px; screenshots go to
// tests/e2e/screenshots/quality-*.png (look at them).
//
// The test starts a daemon of its own on a fresh `seed-demo` database (lib.mjs startDemoDaemon;
// run.sh's daemon has the small fixture). The demo is generated around today
// (src/demo/*.c), so the test takes its data from what the demo guarantees rather than from
// today's weekday: it reads the coordinator's activities (JSON), takes the quarter of the latest
// session before today that took place — today's quarter, except in the weeks of a quarter
// before its first school day (the summer holiday, the first days of January), when it is the
// quarter before — and in it the activity whose plan is still open and which nobody visited in
// the quarter (else one of the two: the demo has one on every day of the school years 2026–2029,
// checked day by day with demo_document), with enrolled pupils. The
// visit and the feedback are of one of that activity's sessions before today in the quarter:
// the latest on a day without feedback at the school yet (then the day's report must show
// exactly the answer given), else the latest.
//
// Run through tests/e2e/run.sh (which runs every tests/e2e/*.test.mjs; E2E_ONLY=quality_cycle
// runs only this one), which sets RESULTS_FILE.
import {
  PHONE, assert, axeCheck, check, equal, isoDay, loginForm, mainText, noSidewaysScroll, runTest,
  screenshot, startDemoDaemon,
} from './lib.mjs';

const EMAIL = 'coordinator@verrijkt.demo';
const PASSWORD = 'demo-verrijkt-2026';
const SCHOOL = 'De Haagse Beek';
const DESKTOP = { viewport: { width: 1280, height: 800 }, bypassCSP: true };
const TABLET = { viewport: { width: 1024, height: 768 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true, bypassCSP: true };
const DUTCH = { locale: 'nl-NL', extraHTTPHeaders: { 'Accept-Language': 'nl' } };
// The costs typed in: cents the demo never uses (it has whole euros and fifty cents).
const PER_SESSION = { typed: '97,35', cents: 9735 };
const FIXED = { typed: '123,40', cents: 12340 };

// ---- dates and figures --------------------------------------------------------------------------

// The calendar quarter of an ISO date: its name for ?quarter= and its first and last day.
function quarterOf(iso) {
  const year = Number(iso.slice(0, 4));
  const q = Math.floor((Number(iso.slice(5, 7)) - 1) / 3);
  const last = [31, 30, 30, 31][q];
  const month = (m) => String(m).padStart(2, '0');
  return { name: `${year}-Q${q + 1}`, from: `${year}-${month(3 * q + 1)}-01`, to: `${year}-${month(3 * q + 3)}-${last}` };
}

// A figure as the pages write it ("12", "2,6", "70,8%", "€ 1.055,50") as a number; "–" is null.
function figure(text) {
  const t = text.replace(/[€%\s\u00a0]/g, '');
  if (t === '–') return null;
  const n = Number(t.replace(/\./g, '').replace(',', '.'));
  assert(Number.isFinite(n), `not a figure: ${JSON.stringify(text)}`);
  return n;
}

const cents = (euros) => (euros === null ? null : Math.round(euros * 100));

// ---- reading the pages ----------------------------------------------------------------------------

async function getJson(page, url) {
  const res = await page.request.get(url, { headers: { Accept: 'application/json' } });
  equal(res.status(), 200, `GET ${url}`);
  return res.json();
}

// The quality cycle's figures of the school in the progress report of quarter (HTML): this
// quarter's value of each row, by its label.
async function progressFigures(page, base, quarter) {
  const res = await page.goto(`${base}/reports/progress?quarter=${quarter.name}`);
  equal(res.status(), 200, 'progress report status');
  const rows = await page.locator('section.progress__subject', { has: page.locator('h2', { hasText: SCHOOL }) })
    .locator('tbody tr:has(td.progress__value)').evaluateAll((trs) => trs.map((tr) => [
      tr.querySelector('th').textContent.trim(), tr.querySelector('td.progress__value').textContent.trim()]));
  const value = Object.fromEntries(rows);
  const pick = (label) => {
    assert(label in value, `no row "${label}" in the progress report: ${Object.keys(value).join(' | ')}`);
    return figure(value[label]);
  };
  return {
    plans: pick('Activiteiten met een compleet plan'),
    visited: pick('Bezochte activiteiten'),
    score: pick('Waardering door leerlingen (1–3)'),
    again: pick('Wil het nog eens doen'),
    cost: cents(pick('Kosten')),
  };
}

// The school's row of the coverage report's tables "Kwaliteitscyclus per school" and "Geld per
// school" for from–to (HTML), by column heading.
async function coverageFigures(page, base, from, to) {
  const res = await page.goto(`${base}/reports/coverage?from=${from}&to=${to}`);
  equal(res.status(), 200, 'coverage report status');
  const cells = await page.locator('table.report-cycle').evaluateAll((tables, school) => {
    const out = {};
    for (const table of tables) {
      const heads = [...table.querySelectorAll('thead th')].map((th) => th.textContent.trim());
      const row = [...table.querySelectorAll('tbody tr')].find((tr) => tr.querySelector('th').textContent.trim() === school);
      if (!row) continue;
      [...row.querySelectorAll('td')].forEach((td, i) => { out[heads[i + 1]] = td.textContent.trim(); });
    }
    return out;
  }, SCHOOL);
  const pick = (heading) => {
    assert(heading in cells, `no column "${heading}" for ${SCHOOL} in the coverage report: ${JSON.stringify(cells)}`);
    return figure(cells[heading]);
  };
  return {
    plans: pick('Plan compleet'), visited: pick('Bezocht'), score: pick('Waardering (1–3)'),
    again: pick('Wil nog eens'), cost: cents(pick('Kosten')),
  };
}

// ---- the demo's data ------------------------------------------------------------------------------

// The activity, session and quarter of the cycle (see the top of this file), from the
// coordinator's JSON pages. Throws when the demo has none.
async function chooseData(page, base, today) {
  const own = [];
  for (let n = 1; ; n++) {
    const list = await getJson(page, `${base}/activities?when=all&page=${n}`);
    own.push(...list.activities.filter((a) => a.from < today));
    if (n >= list.pages) break;
  }
  const held = [];
  for (const a of own) {
    const detail = await getJson(page, `${base}/activities/${a.id}`);
    const before = detail.sessions.filter((s) => !s.cancelled && s.date < today);
    if (detail.can_edit && before.length) held.push({ detail, before });
  }
  assert(held.length, 'the demo school has no activity with a session before today');
  const latest = held.map((h) => h.before[h.before.length - 1].date).sort().pop();
  const quarter = quarterOf(latest);
  const inQuarter = (date) => date >= quarter.from && date <= quarter.to;
  const candidates = held.filter((h) => h.before.some((s) => inQuarter(s.date)) &&
    h.detail.enrolments.some((e) => e.status === 'enrolled')).map((h) => {
    const planOpen = !h.detail.plan.complete;
    const unvisited = !h.detail.visits.some((v) => inQuarter(v.date));
    return { ...h, planOpen, unvisited, rank: (planOpen ? 2 : 0) + (unvisited ? 1 : 0) };
  });
  assert(candidates.length, `no activity with enrolled pupils had a session in ${quarter.name}`);
  const chosen = candidates.sort((x, y) => y.rank - x.rank)[0];
  assert(chosen.planOpen || chosen.unvisited, `every activity of ${quarter.name} has a complete plan and a visit`);
  const sessions = chosen.before.filter((s) => inQuarter(s.date)).reverse();
  let session = sessions[0];
  let dayWithoutFeedback = false;
  for (const s of sessions) {
    const day = await getJson(page, `${base}/reports/coverage?from=${s.date}&to=${s.date}`);
    const school = day.schools.find((x) => x.name === SCHOOL);
    if (school && school.feedback_score === null) {
      session = s;
      dayWithoutFeedback = true;
      break;
    }
  }
  const activity = chosen.detail;
  // The report's held sessions of the activity in the quarter: not cancelled, up to today.
  const heldInQuarter = activity.sessions.filter((s) => !s.cancelled && s.date <= today && inQuarter(s.date)).length;
  const costs = await getJson(page, `${base}/activities/${activity.id}/costs`);
  return {
    activity, session, quarter, heldInQuarter, planOpen: chosen.planOpen, unvisited: chosen.unvisited,
    dayWithoutFeedback,
    oldCost: heldInQuarter * cents(costs.per_session) + cents(costs.fixed),
  };
}

// ---- the cycle, step by step -------------------------------------------------------------------

// Step 1: the plan form from the activity page, every open answer filled in; back on the
// activity page "Plan compleet".
async function fillPlan(page, base, data) {
  await check('1. the activity page links to its plan, which opens as a form', async () => {
    const res = await page.goto(`${base}/activities/${data.activity.id}`);
    equal(res.status(), 200, 'activity page status');
    await Promise.all([page.waitForNavigation(), page.click(`main a[href="/activities/${data.activity.id}/plan"]`)]);
    equal(new URL(page.url()).pathname, `/activities/${data.activity.id}/plan`, 'plan page');
    assert(await page.locator('main form textarea').count() > 0, 'no answer fields on the plan page');
    if (data.planOpen) assert((await mainText(page)).includes('Nog open'), 'the plan page does not say what is open');
  });
  await check('1. the plan form fits the phone, every open answer filled in', async () => {
    const areas = page.locator('main form textarea');
    for (let i = 0; i < await areas.count(); i++) {
      const area = areas.nth(i);
      if (!(await area.inputValue()).trim()) await area.fill(`Antwoord ${i + 1} van de coördinator: wat we doen en waarom.`);
    }
    await noSidewaysScroll(page);
  });
  await screenshot(page, 'quality-plan-phone');
  await check('1. saving the plan leads to the activity page, which says "Plan compleet"', async () => {
    await Promise.all([page.waitForNavigation(), page.click('main form button[type=submit]')]);
    equal(new URL(page.url()).pathname, `/activities/${data.activity.id}`, 'page after saving');
    const tag = await page.locator('#plan ~ p .tag').first().textContent();
    equal(tag.trim(), 'Plan compleet', 'the plan\'s state on the activity page');
  });
}

// Step 2: a visit of the session (through the activity page's link when the session is among
// its last four): every working factor rated, the involvement, a note.
async function recordVisit(page, base, data) {
  const { session } = data;
  await check('2. the visit form of a session that took place opens', async () => {
    await page.goto(`${base}/activities/${data.activity.id}`);
    const link = page.locator(`main a[href="/sessions/${session.id}/visit"]`);
    if (await link.count()) await Promise.all([page.waitForNavigation(), link.click()]);
    else equal((await page.goto(`${base}/sessions/${session.id}/visit`)).status(), 200, 'visit form status');
    equal(new URL(page.url()).pathname, `/sessions/${session.id}/visit`, 'visit page');
    equal(await page.locator('main form button[type=submit]').count(), 1, 'the form (not a refusal)');
  });
  await check('2. the visit form fits the phone and takes a rating per working factor', async () => {
    const items = await page.locator('form fieldset input[type=radio][value=goed]').count();
    equal(items, 5, 'working factors with "goed"');
    for (const name of ['goal', 'home_school', 'duration', 'staff']) await page.check(`input[name=${name}][value=goed]`);
    await page.check('input[name=interests][value=voldoende]');
    await page.selectOption('#f-involvement', '4');
    await page.fill('#f-note', 'Bezocht in de browsertest: de kinderen werkten geconcentreerd.');
    await noSidewaysScroll(page);
  });
  await screenshot(page, 'quality-visit-phone');
  await check('2. saving the visit shows it saved; the activity page lists it', async () => {
    await Promise.all([page.waitForNavigation(), page.click('main form button[type=submit]')]);
    assert((await page.textContent('.notice--ok')).includes('Het bezoek is opgeslagen'), 'no confirmation');
    await page.goto(`${base}/activities/${data.activity.id}`);
    const visits = await page.locator('#bezoeken ~ .table-wrap tbody tr').allTextContents();
    assert(visits.some((v) => v.includes('de kinderen werkten geconcentreerd')), `visits: ${JSON.stringify(visits)}`);
  });
}

// Step 3: the costs, from the activity page's link.
async function enterCosts(page, base, data) {
  await check('3. "Kosten wijzigen" on the activity page opens the costs form', async () => {
    await page.goto(`${base}/activities/${data.activity.id}`);
    await Promise.all([page.waitForNavigation(), page.click(`main a[href="/activities/${data.activity.id}/costs"]`)]);
    equal(new URL(page.url()).pathname, `/activities/${data.activity.id}/costs`, 'costs page');
  });
  await check('3. the costs form fits the phone', async () => {
    await page.fill('#f-per_session', PER_SESSION.typed);
    await page.fill('#f-fixed', FIXED.typed);
    await noSidewaysScroll(page);
  });
  await screenshot(page, 'quality-costs-phone');
  await check('3. saving the costs shows them on the activity page', async () => {
    await Promise.all([page.waitForNavigation(), page.click('main form button[type=submit]')]);
    equal(new URL(page.url()).pathname, `/activities/${data.activity.id}`, 'page after saving');
    const shown = (await page.locator('#kosten + dl').textContent()).replace(/\s+/g, ' ');
    assert(shown.includes(`€ ${PER_SESSION.typed}`) && shown.includes(`€ ${FIXED.typed}`), `costs shown: ${shown}`);
    await noSidewaysScroll(page);
  });
  await screenshot(page, 'quality-activity-phone');
}

// Step 4: the coordinator's way to a feedback questionnaire (the session's register from the
// activity page), then a pupil on a tablet without a login. Returns the pupil's first name.
async function askFeedback(browser, page, base, data) {
  let code = null;
  await check('4. the session\'s register (from the activity page) asks the pupils for feedback: a code', async () => {
    await page.goto(`${base}/activities/${data.activity.id}`);
    await Promise.all([page.waitForNavigation(), page.click(`#sessie-${data.session.id} a[href="/sessions/${data.session.id}"]`)]);
    await Promise.all([page.waitForNavigation(), page.click('form.register__feedback button')]);
    code = (await page.textContent('.tablet-code-shown')).trim();
    assert(/^[A-Z0-9]{6}$/.test(code), `code: ${code}`);
  });
  await screenshot(page, 'quality-feedback-code-phone');
  if (!code) throw new Error('no code, nothing more to test');

  const tablet = await browser.newContext({ ...TABLET, ...DUTCH });
  const t = await tablet.newPage();
  let name = null;
  try {
    await check('4. on the tablet the code leads to the enrolled pupils\' first names', async () => {
      await t.goto(`${base}/q`);
      await t.fill('#f-code', code);
      await Promise.all([t.waitForNavigation(), t.tap('main button[type=submit]')]);
      equal(new URL(t.url()).pathname, `/q/${code}`, 'page after the code');
      assert(await t.locator('a.tablet-name').count() > 0, 'no names');
    });
    await check('4. a pupil taps the name, "Leuk" and "Ja" and "Klaar"; the name is marked', async () => {
      const first = t.locator('a.tablet-name').first();
      name = (await first.textContent()).trim();
      await Promise.all([t.waitForNavigation(), first.tap()]);
      await t.tap('label[for="f-score-3"]');
      await t.tap('label[for="f-again-ja"]');
      await screenshot(t, 'quality-feedback-tablet');
      await Promise.all([t.waitForNavigation(), t.tap('main button[type=submit]')]);
      equal(new URL(t.url()).pathname, `/q/${code}`, 'back on the names');
      const done = await t.locator('.tablet-name--done').allTextContents();
      assert(done.some((d) => d.startsWith(name)), `marked: ${JSON.stringify(done)}`);
    });
    await axeCheck(t, 'the feedback names on the tablet');
  } finally {
    await tablet.close();
  }
  return name;
}

// Step 5: the figures after, against those before.
async function checkFigures(page, base, data, before) {
  const { quarter } = data;
  const plans = before.progress.plans + (data.planOpen ? 1 : 0);
  const visited = before.progress.visited + (data.unvisited ? 1 : 0);
  const cost = before.progress.cost - data.oldCost + data.heldInQuarter * PER_SESSION.cents + FIXED.cents;
  let after = null;
  await check(`5. the progress report of ${quarter.name}: plans complete ${before.progress.plans} → ${plans}, visited ${before.progress.visited} → ${visited}`, async () => {
    after = await progressFigures(page, base, quarter);
    equal(after.plans, plans, 'activities with a complete plan');
    equal(after.visited, visited, 'visited activities');
  });
  await screenshot(page, 'quality-progress-phone');
  await check(`5. the progress report's costs: the activity's ${data.heldInQuarter} session(s) at the new price plus its fixed cost`, async () => {
    equal(after.cost, cost, 'cost total (cents)');
    assert(after.score !== null && after.again !== null, `feedback figures: ${after.score}, ${after.again}`);
  });
  await check(`5. the coverage report of ${quarter.name} shows the same figures`, async () => {
    const cov = await coverageFigures(page, base, quarter.from, quarter.to);
    equal(cov.plans, plans, 'plans complete');
    equal(cov.visited, visited, 'visited');
    equal(cov.cost, cost, 'cost (cents)');
    equal(cov.score, after.score, 'feedback score');
    equal(cov.again, after.again, 'again');
  });
  await check('5. the coverage JSON carries the quality cycle\'s figures, the same', async () => {
    const json = await getJson(page, `${base}/reports/coverage?from=${quarter.from}&to=${quarter.to}`);
    const school = json.schools.find((s) => s.name === SCHOOL);
    assert(school, 'the school in the JSON');
    equal(school.plans_complete, plans, 'plans_complete');
    equal(school.visited_activities, visited, 'visited_activities');
    equal(cents(school.cost_total), cost, 'cost_total (cents)');
    for (const key of ['feedback_score', 'again_pct', 'interest_answered_pct', 'cost_per_participant', 'cost_per_hour']) {
      assert(key in school, `no ${key}`);
    }
  });
  const day = data.session.date;
  await check(`5. the coverage report of ${day} (the feedback's day) counts the pupil's answer`, async () => {
    const cov = await coverageFigures(page, base, day, day);
    if (before.day.score === null) {
      equal(cov.score, 3, 'feedback score of the day (only this answer)');
      equal(cov.again, 100, 'wil nog eens (only this answer)');
    } else {
      assert(cov.score >= before.day.score && cov.again >= before.day.again,
        `a "Leuk"/"Ja" lowered the day's figures: ${before.day.score}/${before.day.again} → ${cov.score}/${cov.again}`);
    }
  });
}

// Step 6: axe-core (and no sideways scroll on the phone) on the progress report and the three
// forms, in one context's width; screenshots named by label.
async function axePages(page, base, data, label) {
  const pages = [
    ['the progress report', `/reports/progress?quarter=${data.quarter.name}`, 'progress'],
    ['the plan form', `/activities/${data.activity.id}/plan`, 'plan'],
    ['the visit form', `/sessions/${data.session.id}/visit`, 'visit'],
    ['the costs form', `/activities/${data.activity.id}/costs`, 'costs'],
  ];
  for (const [what, path, name] of pages) {
    await page.goto(`${base}${path}`);
    if (label === 'phone') await check(`6. ${what} fits the phone`, () => noSidewaysScroll(page));
    else await screenshot(page, `quality-${name}-${label}`);
    await axeCheck(page, `${what} (${label})`);
  }
}

await runTest(import.meta.url, async (browser) => {
  let daemon = null;
  await check('the demo daemon starts on a fresh seed-demo database', async () => {
    daemon = await startDemoDaemon();
  });
  if (!daemon) throw new Error('no daemon, nothing to test');
  const { base } = daemon;
  try {
    const phone = await browser.newContext({ ...PHONE, ...DUTCH });
    const page = await phone.newPage();
    let data = null;
    await check('the demo coordinator logs in on the phone', () => loginForm(page, EMAIL, PASSWORD, base));
    await check('the demo has an activity of the own school held in the quarter, with its plan open or not visited', async () => {
      data = await chooseData(page, base, isoDay(0));
      console.log(`    ${data.quarter.name}: ${data.activity.title} (${data.activity.key}), session ${data.session.date}; plan open: ${data.planOpen}, not visited: ${data.unvisited}, day without feedback: ${data.dayWithoutFeedback}`);
    });
    if (!data) throw new Error('no data to run the cycle on');
    const before = {};
    await check('the figures before: the progress report and the feedback day\'s coverage report', async () => {
      before.progress = await progressFigures(page, base, data.quarter);
      before.day = await coverageFigures(page, base, data.session.date, data.session.date);
    });
    if (!before.day) throw new Error('no figures to compare with');

    await fillPlan(page, base, data);
    await recordVisit(page, base, data);
    await enterCosts(page, base, data);
    await askFeedback(browser, page, base, data);
    await checkFigures(page, base, data, before);

    await axePages(page, base, data, 'phone');
    await phone.close();
    const desktop = await browser.newContext({ ...DESKTOP, ...DUTCH });
    const wide = await desktop.newPage();
    await check('the coordinator logs in on a 1280 px screen', () => loginForm(wide, EMAIL, PASSWORD, base));
    await axePages(wide, base, data, 'desktop');
    await desktop.close();
  } finally {
    const status = await daemon.stop();
    await check('the demo daemon stops cleanly', async () => equal(status, 0, 'exit status'));
  }
});
