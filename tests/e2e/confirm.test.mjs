// Browser test of issue 10 point 3, "nothing irreversible in one tap": the coordinator's
// "Afmelden" on an activity page, allocating a round, renewing a link code (coordinator of noord)
// and deleting a holiday (the lead) each lead to a page that says what is lost, whose button does
// it; "Nee" changes nothing. Screenshots of each confirmation page on a 1280x800 desktop and a
// phone go to tests/e2e/screenshots/confirm-*.png (look at them).
//
// The test makes its own data through the JSON API (names carry a suffix of this run, so that it
// does not meet the data of the other tests run.sh runs against the same daemon).
import {
  BASE, PHONE, apiLogin, assert, axeCheck, check, equal, isoDay, loginForm, mainText,
  noSidewaysScroll, post, runTest, screenshot,
} from './lib.mjs';

const run = Date.now().toString(36).slice(-5);
const PASSWORD = 'wachtwoord-123';

function activityForm(title, capacity, weekday) {
  return {
    title, goal: 'Plezier', location: 'Gymzaal', provider: '1', domain_sport: '1', grade_min: '5',
    grade_max: '8', capacity, weekday, start: '15:00', end: '16:00', from: isoDay(-7),
    until: isoDay(120), signup_from: `${isoDay(-1)}T00:00`, signup_until: `${isoDay(60)}T23:59`,
    open_to: 'school',
  };
}

// One seat taken by Bram with Lotte waiting; a second activity in an open round; a holiday.
async function makeData() {
  const api = await apiLogin('noord@test.nl', PASSWORD);
  const data = {};
  try {
    data.activity = (await post(api, '/activities', activityForm(`Judo ${run}`, '1', '3'), 201)).id;
    const pupil = (n, first) => ({ number: `c-${run}-${n}`, first_name: first, last_name: 'Visser', grade: '6' });
    data.bram = await post(api, '/pupils', pupil(1, 'Bram'), 201);
    data.lotte = await post(api, '/pupils', pupil(2, 'Lotte'), 201);
    const enrol = (p) => post(api, '/enrolments', { pupil_id: String(p.id), activity_id: String(data.activity) }, 201);
    equal((await enrol(data.bram)).status, 'enrolled', 'Bram');
    equal((await enrol(data.lotte)).status, 'waitlisted', 'Lotte');
    const inRound = (await post(api, '/activities', activityForm(`Dans ${run}`, '8', '5'), 201)).id;
    data.round = (await post(api, '/rounds', {
      name: `Ronde ${run}`, opens: `${isoDay(-1)}T08:00`, closes: `${isoDay(7)}T20:00`, choices: '2',
      max_per_child: '1', [`activity_${inRound}`]: '1',
    }, 201)).id;
  } finally {
    await api.dispose();
  }
  const lead = await apiLogin('lead@test.nl', PASSWORD);
  try {
    data.holiday = (await post(lead, '/holidays', { name: `Studiedag ${run}`, from: isoDay(30), to: isoDay(30) }, 201)).id;
  } finally {
    await lead.dispose();
  }
  return data;
}

// A screenshot of the confirmation page on the desktop, and the same page on a phone.
async function shots(page, phone, name) {
  await screenshot(page, `confirm-${name}`);
  await check(`${name}: works on a phone without sideways scrolling`, async () => {
    await phone.goto(page.url());
    await noSidewaysScroll(phone);
  });
  await screenshot(phone, `confirm-${name}-phone`);
}

await runTest(import.meta.url, async (browser) => {
  let data = null;
  await check('the test data is made through the JSON API', async () => { data = await makeData(); });
  if (!data) throw new Error('no test data, nothing more to test');

  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, bypassCSP: true, locale: 'nl-NL' });
  const page = await context.newPage();
  await loginForm(page, 'noord@test.nl', PASSWORD);
  const phoneContext = await browser.newContext({ ...PHONE, locale: 'nl-NL' });
  await phoneContext.addCookies(await context.cookies());
  const phone = await phoneContext.newPage();
  const activityPath = `/activities/${data.activity}`;

  await check('the activity page links "Afmelden" to a page that says the seat goes to Lotte', async () => {
    await page.goto(`${BASE}${activityPath}`);
    equal(await page.locator('form[action$="/cancel"]').count(), 0, 'cancel forms on the activity page');
    const row = page.locator('tr', { hasText: 'Bram Visser' });
    await Promise.all([page.waitForNavigation(), row.locator('a', { hasText: 'Afmelden' }).click()]);
    assert(/^\/enrolments\/[0-9]+\/cancel$/.test(new URL(page.url()).pathname), `path ${page.url()}`);
    equal((await page.textContent('h1')).trim(), `Bram afmelden voor Judo ${run}?`, 'heading');
    const text = await mainText(page);
    assert(text.includes('Er staat 1 kind op de wachtlijst'), 'the waiting list is not named');
    assert(text.includes('niet ongedaan'), 'no "cannot be undone"');
  });
  await axeCheck(page, 'the cancel confirmation');
  await shots(page, phone, 'cancel');

  await check('"Ja, afmelden" cancels and returns to the activity, where Lotte moved up', async () => {
    await Promise.all([page.waitForNavigation(), page.click('main button[type=submit]')]);
    const url = new URL(page.url());
    equal(url.pathname + url.hash, `${activityPath}#inschrijvingen`, 'back on the activity');
    const lotte = page.locator('tr', { hasText: 'Lotte Visser' });
    equal((await lotte.locator('.tag').first().textContent()).trim(), 'ingeschreven', 'Lotte');
  });

  await check('the round page links to the allocation page; "Nee" changes nothing', async () => {
    await page.goto(`${BASE}/rounds/${data.round}`);
    equal(await page.locator('form[action$="/allocate"]').count(), 0, 'allocate forms on the round page');
    await Promise.all([page.waitForNavigation(), page.click(`a[href="/rounds/${data.round}/allocate"]`)]);
    const text = await mainText(page);
    for (const s of ['0 kinderen', '8 vrije plaatsen', 'eerder dan gepland', 'niet ongedaan'])
      assert(text.includes(s), `missing "${s}"`);
  });
  await axeCheck(page, 'the allocation confirmation');
  await shots(page, phone, 'allocate');
  await check('"Nee, terug naar de ronde" leaves the round open', async () => {
    await Promise.all([page.waitForNavigation(), page.click('main a:has-text("Nee, terug naar de ronde")')]);
    equal(new URL(page.url()).pathname, `/rounds/${data.round}`, 'round page');
    assert((await mainText(page)).includes('open'), 'round not open');
  });
  await check('a bad seed comes back on the allocation page; then "Ja" allocates', async () => {
    await page.goto(`${BASE}/rounds/${data.round}/allocate`);
    await page.fill('#f-seed', 'twaalf');
    const [res] = await Promise.all([page.waitForNavigation(), page.click('main button[type=submit]')]);
    equal(res.status(), 422, 'status');
    equal(await page.inputValue('#f-seed'), 'twaalf', 'seed kept');
    await page.fill('#f-seed', '12');
    await Promise.all([page.waitForNavigation(), page.click('main button[type=submit]')]);
    equal(new URL(page.url()).pathname, `/rounds/${data.round}`, 'round page');
    assert((await mainText(page)).includes('Uitslag'), 'no result');
  });

  await check('the pupil page links to the link-code page, whose button renews the code', async () => {
    await page.goto(`${BASE}/pupils/${data.bram.id}`);
    await Promise.all([page.waitForNavigation(), page.click(`a[href="/pupils/${data.bram.id}/link-code"]`)]);
    const text = await mainText(page);
    assert(text.includes(data.bram.link_code), 'the current code is not shown');
    assert(text.includes('werkt de oude code niet meer'), 'what is lost is not said');
  });
  await axeCheck(page, 'the link-code confirmation');
  await shots(page, phone, 'link-code');
  await check('"Ja, nieuwe koppelcode maken" gives a new code', async () => {
    await Promise.all([page.waitForNavigation(), page.click('main button[type=submit]')]);
    equal(new URL(page.url()).pathname, `/pupils/${data.bram.id}`, 'pupil page');
    assert(!(await mainText(page)).includes(data.bram.link_code), 'the old code is still shown');
  });

  // The lead deletes the holiday.
  const leadContext = await browser.newContext({ viewport: { width: 1280, height: 800 }, bypassCSP: true, locale: 'nl-NL' });
  const leadPage = await leadContext.newPage();
  await loginForm(leadPage, 'lead@test.nl', PASSWORD);
  const leadPhoneContext = await browser.newContext({ ...PHONE, locale: 'nl-NL' });
  await leadPhoneContext.addCookies(await leadContext.cookies());
  const leadPhone = await leadPhoneContext.newPage();
  await check('"Verwijderen" on the holidays page leads to a page that says what comes back', async () => {
    await leadPage.goto(`${BASE}/holidays`);
    equal(await leadPage.locator('form[action$="/delete"]').count(), 0, 'delete forms on the holidays page');
    await Promise.all([leadPage.waitForNavigation(), leadPage.click(`a[href="/holidays/${data.holiday}/delete"]`)]);
    equal((await leadPage.textContent('h1')).trim(), `Studiedag ${run} verwijderen?`, 'heading');
  });
  await axeCheck(leadPage, 'the holiday confirmation');
  await shots(leadPage, leadPhone, 'holiday');
  await check('"Ja, vakantie verwijderen" deletes it', async () => {
    await Promise.all([leadPage.waitForNavigation(), leadPage.click('main button[type=submit]')]);
    equal(new URL(leadPage.url()).pathname, '/holidays', 'holidays page');
    assert(!(await mainText(leadPage)).includes(`Studiedag ${run}`), 'still listed');
  });
  await leadPhoneContext.close();
  await leadContext.close();
  await phoneContext.close();
  await context.close();
});
