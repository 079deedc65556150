// Browser test (issue 10) that activities with the same title are told apart where they are
// listed: the coordinator of noord makes two activities "Judo <run>" through the JSON API, one
// for groep 5–6 now and one for groep 6–8 later, and finds each with its group range and period
// beside the title on the round form (/rounds/new) and in the activity book, on a 1280×800
// desktop and a 390×844 phone. axe-core runs on each page; screenshots go to
// tests/e2e/screenshots/titles-*.png (look at them).
//
// Run through tests/e2e/run.sh, which starts the daemon and sets BASE_URL and RESULTS_FILE.
import {
  BASE, PHONE, apiLogin, assert, axeCheck, check, dayAt, isoDay, loginForm, noSidewaysScroll,
  post, runTest, screenshot,
} from './lib.mjs';

const run = Date.now().toString(36).slice(-5);
const TITLE = `Judo ${run}`;
const MONTHS = ['jan.', 'feb.', 'mrt.', 'apr.', 'mei', 'jun.', 'jul.', 'aug.', 'sep.', 'okt.', 'nov.', 'dec.'];
const YOUNG = { lo: 5, hi: 6, from: -7, until: 60 };
const OLD = { lo: 6, hi: 8, from: 70, until: 200 };

// "groep 5–6, sep.–nov.": what the pages say beside the title.
function span(a) {
  return `groep ${a.lo}–${a.hi}, ${MONTHS[dayAt(a.from).getMonth()]}–${MONTHS[dayAt(a.until).getMonth()]}`;
}

function activityForm(a) {
  return {
    title: TITLE, goal: 'Vallen en opstaan', location: 'Gymzaal', provider: '1',
    domain_sport: '1', grade_min: String(a.lo), grade_max: String(a.hi), capacity: '10',
    weekday: '3', start: '15:00', end: '16:00', from: isoDay(a.from), until: isoDay(a.until),
    signup_from: `${isoDay(-1)}T00:00`, signup_until: `${isoDay(60)}T23:59`, open_to: 'school',
  };
}

async function makeData() {
  const api = await apiLogin('noord@test.nl', 'wachtwoord-123');
  try {
    await post(api, '/activities', activityForm(YOUNG), 201);
    await post(api, '/activities', activityForm(OLD), 201);
  } finally {
    await api.dispose();
  }
}

// The page at path shows both activities, each with its own span, on this context's screen.
async function bothOnPage(page, path, name) {
  await check(`${name}: both ${TITLE} with their group range and period`, async () => {
    const res = await page.goto(`${BASE}${path}`);
    assert(res.status() === 200, `status ${res.status()}`);
    const text = (await page.innerText('main')).replace(/\s+/g, ' ');
    for (const a of [YOUNG, OLD]) assert(text.includes(span(a)), `"${span(a)}" not on ${path}`);
  });
}

await runTest(import.meta.url, async (browser) => {
  let made = false;
  await check('the coordinator makes two activities with the same title via the JSON API', async () => {
    await makeData();
    made = true;
  });
  if (!made) throw new Error('no test data, nothing more to test');
  const period = `/activity-book?from=${isoDay(-7)}&to=${isoDay(200)}&q=${encodeURIComponent(run)}`;
  for (const [screen, options] of [
    ['desktop', { viewport: { width: 1280, height: 800 }, bypassCSP: true }],
    ['phone', PHONE],
  ]) {
    const context = await browser.newContext({ ...options, locale: 'nl-NL' });
    const page = await context.newPage();
    await loginForm(page, 'noord@test.nl', 'wachtwoord-123');
    await bothOnPage(page, '/rounds/new', `the round form (${screen})`);
    await screenshot(page, `titles-round-form-${screen}`);
    await axeCheck(page, `the round form (${screen})`);
    await bothOnPage(page, period, `the activity book (${screen})`);
    await screenshot(page, `titles-activity-book-${screen}`);
    await axeCheck(page, `the activity book (${screen})`);
    if (screen === 'phone') {
      await check('no sideways scroll on the phone', async () => noSidewaysScroll(page));
    }
    await context.close();
  }
});
