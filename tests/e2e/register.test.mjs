// Browser test of the attendance register (issue 4) on a 390×844 phone: the coordinator opens
// the register of today's session, marks one pupil absent and one excused, gives one a score,
// taps "Iedereen aanwezig" (the rest becomes present), sees the flash and every mark kept; then
// gives a score to the absent pupil, saves, and gets the error summary with the message at the
// pupil and the input kept (nothing saved). The choices are thumb-sized, the save bar stays on
// the screen, the page never scrolls sideways. axe-core runs on every page visited; screenshots
// go to tests/e2e/screenshots/register-*.png (look at them). Each check counts as one test.
//
// The fixture's sessions lie in the past and its pupils are enrolled elsewhere, so the test first
// makes its own data through the JSON API as the coordinator of school noord: an activity that
// meets on today's weekday (so it has a session today), four pupils (one with a safety note) and
// their enrolments. Names carry a suffix of this run, so that the test neither meets nor
// disturbs the data of the other browser tests (run.sh runs them against one daemon).
//
// Run through tests/e2e/run.sh, which starts the daemon and sets BASE_URL and RESULTS_FILE.
import { request } from 'playwright-core';
import {
  BASE, PHONE, apiLogin, assert, axeCheck, check, dayAt, equal, isoDay, loginForm, mainText,
  noSidewaysScroll, post, runTest, screenshot,
} from './lib.mjs';

async function shot(page, name) {
  await screenshot(page, `register-${name}`);
}

// ---- the test's own data, through the JSON API as the coordinator ------------------------------

const run = Date.now().toString(36).slice(-5);
const TITLE = `Atletiek ${run}`;
const NOTE = 'Astma: puffer zit in de rugzak';
const weekday = String(((dayAt(0).getDay() + 6) % 7) + 1); // ISO: 1 = Monday

// An activity on today's weekday from a week ago (sessions a week ago and today; the fixture's
// only holiday lies in 2025–2026), four pupils in grade 6, all enrolled. Returns the session of
// today and the pupils ({id, name}) in the register's order (by first name).
async function makeData() {
  const api = await apiLogin('noord@test.nl', 'wachtwoord-123');
  try {
    const activity = await post(api, '/activities', {
      title: TITLE, goal: 'Rennen, springen en werpen', location: 'Sportveld', provider: '1',
      domain_sport: '1', grade_min: '5', grade_max: '8', capacity: '10', weekday,
      start: '15:00', end: '16:00', from: isoDay(-7), until: isoDay(90), open_to: 'school',
    }, 201);
    const firsts = ['Ayla', 'Bilal', 'Cato', 'Daan'];
    const pupils = [];
    for (const [i, first] of firsts.entries()) {
      const p = await post(api, '/pupils', {
        number: `reg-${run}-${i}`, first_name: first, last_name: `Jansen-${run}`, grade: '6', class: '6B',
        ...(i === 0 ? { safety_notes: NOTE, priority: '1' } : {}),
      }, 201);
      const e = await post(api, '/enrolments', { pupil_id: String(p.id), activity_id: String(activity.id) }, 201);
      equal(e.status, 'enrolled', `${first}'s enrolment`);
      pupils.push({ id: p.id, name: `${first} Jansen-${run}` });
    }
    const shown = await api.get(`/activities/${activity.id}`);
    equal(shown.status(), 200, 'GET the activity');
    const session = (await shown.json()).sessions.find((s) => s.date === isoDay(0));
    assert(session, `no session today (${isoDay(0)})`);
    return { session: session.id, pupils };
  } finally {
    await api.dispose();
  }
}

// ---- the test -----------------------------------------------------------------------------------

await runTest(import.meta.url, async (browser) => {
  let data = null;
  await check('the coordinator makes an activity meeting today and enrols four pupils via the JSON API', async () => {
    data = await makeData();
  });
  if (!data) throw new Error('no test data, nothing more to test');
  const [ayla, bilal, cato, daan] = data.pupils;
  const registerPath = `/sessions/${data.session}`;

  const phone = await browser.newContext({ ...PHONE, locale: 'nl-NL', extraHTTPHeaders: { 'Accept-Language': 'nl' } });
  const page = await phone.newPage();

  await check('the coordinator logs in on the phone', async () => {
    await loginForm(page, 'noord@test.nl', 'wachtwoord-123');
  });

  await check('the register of today lists the four pupils, nobody marked yet', async () => {
    const res = await page.goto(`${BASE}${registerPath}`);
    equal(res.status(), 200, 'status');
    assert((await page.textContent('h1')).includes(TITLE), 'heading');
    const legends = (await page.locator('form.register legend .register__name').allTextContents()).map((t) => t.trim());
    equal(JSON.stringify(legends), JSON.stringify(data.pupils.map((p) => p.name)), 'pupils in order');
    equal(await page.locator('form.register input[type=radio]:checked').count(), 0, 'checked radios');
    const text = await mainText(page);
    assert(text.includes('4 leerlingen') && text.includes('4 nog niet ingevuld'), `counts: ${text.slice(0, 400)}`);
    assert(text.includes(NOTE), 'the safety note is not shown to the coordinator');
    assert(text.includes('doelgroepleerling'), 'the priority tag is not shown');
  });

  await check('each choice is a large touch target and the save bar is on the screen', async () => {
    const box = await page.locator(`label[for="s-${ayla.id}-present"]`).boundingBox();
    assert(box && box.height >= 44 && box.width >= 88, `choice is ${box && box.width}×${box && box.height}`);
    const bar = await page.locator('.register__bar').boundingBox();
    assert(bar && bar.y >= 0 && bar.y + bar.height <= 844 + 1, `save bar at ${bar && bar.y}+${bar && bar.height}`);
    await noSidewaysScroll(page);
  });
  await shot(page, 'phone');
  // What the phone shows mid-list: the save bar stays at the bottom of the screen.
  await page.locator(`#p-${cato.id}`).scrollIntoViewIfNeeded();
  await screenshot(page, 'register-phone-scrolled', false);
  await axeCheck(page, 'the register on a phone');

  await check('absent, excused and a score, then "Iedereen aanwezig" saves (303 → the register, flash)', async () => {
    await page.tap(`label[for="s-${bilal.id}-absent"]`);
    await page.tap(`label[for="s-${cato.id}-excused"]`);
    await page.selectOption(`#i-${ayla.id}`, '4');
    assert(await page.isChecked(`#s-${bilal.id}-absent`), 'tapping the label did not choose');
    const [res] = await Promise.all([page.waitForNavigation(), page.tap('button[name=all_present]')]);
    equal(res.status(), 200, 'status after the redirect');
    equal(new URL(page.url()).pathname, registerPath, 'back on the register');
    const flash = await page.textContent('.notice--ok');
    assert(flash.includes('Aanwezigheid opgeslagen'), `flash: ${flash}`);
  });

  await check('every mark is kept: the rest present, the chosen ones as chosen, the score', async () => {
    assert(await page.isChecked(`#s-${ayla.id}-present`), 'Ayla present');
    assert(await page.isChecked(`#s-${bilal.id}-absent`), 'Bilal absent');
    assert(await page.isChecked(`#s-${cato.id}-excused`), 'Cato excused');
    assert(await page.isChecked(`#s-${daan.id}-present`), 'Daan present');
    equal(await page.inputValue(`#i-${ayla.id}`), '4', 'Ayla\'s score');
    const text = await mainText(page);
    assert(text.includes('2 aanwezig, 1 afwezig, 1 met bericht afwezig'), `counts: ${text.slice(0, 400)}`);
    await noSidewaysScroll(page);
  });
  await shot(page, 'saved');
  await axeCheck(page, 'the saved register');

  await check('a score for the absent pupil is refused (422) with the summary and the message at the pupil', async () => {
    await page.selectOption(`#i-${bilal.id}`, '3');
    await page.tap(`label[for="s-${daan.id}-excused"]`);
    const [res] = await Promise.all([page.waitForNavigation(), page.tap('.register__bar button:not([name])')]);
    equal(res.status(), 422, 'status');
    const summary = page.locator('.error-summary');
    assert(await summary.isVisible(), 'no error summary');
    equal(await summary.locator('a').count(), 1, 'errors in the summary');
    equal(await summary.locator('a').getAttribute('href'), `#i-${bilal.id}`, 'summary link');
    equal((await page.textContent(`#e-i-${bilal.id}`)).trim(), 'Betrokkenheid geldt alleen voor een leerling die aanwezig was.', 'message');
    equal(await page.getAttribute(`#i-${bilal.id}`, 'aria-invalid'), 'true', 'aria-invalid');
  });

  await check('the input is kept and nothing was saved', async () => {
    equal(await page.inputValue(`#i-${bilal.id}`), '3', 'Bilal\'s score kept');
    assert(await page.isChecked(`#s-${daan.id}-excused`), 'Daan\'s new choice kept');
    const api = await request.newContext({ baseURL: BASE, extraHTTPHeaders: { Accept: 'application/json' }, storageState: await phone.storageState() });
    try {
      const res = await api.get(registerPath);
      equal(res.status(), 200, 'GET the register as JSON');
      const saved = (await res.json()).pupils;
      equal(saved.find((p) => p.id === daan.id).status, 'present', 'Daan in the database');
      equal(saved.find((p) => p.id === bilal.id).involvement, null, 'Bilal\'s score in the database');
    } finally {
      await api.dispose();
    }
  });
  await shot(page, 'error');
  await axeCheck(page, 'the register with an error');

  await check('the summary link moves the focus to the score', async () => {
    await page.click('.error-summary a');
    equal(await page.evaluate(() => document.activeElement && document.activeElement.id), `i-${bilal.id}`, 'focused element');
  });

  await check('after correcting, saving works', async () => {
    await page.selectOption(`#i-${bilal.id}`, '');
    await Promise.all([page.waitForNavigation(), page.tap('.register__bar button:not([name])')]);
    equal(new URL(page.url()).pathname, registerPath, 'back on the register');
    assert((await page.textContent('.notice--ok')).includes('Aanwezigheid opgeslagen'), 'flash');
    assert(await page.isChecked(`#s-${daan.id}-excused`), 'Daan excused');
  });
  await phone.close();
});
