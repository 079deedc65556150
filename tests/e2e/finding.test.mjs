// Browser test of finding your way in a growing year (issue 10, point 6): the activity list
// shows ongoing and coming activities by default, the "Wanneer" and "Schooljaar" filters of
// its form work, and on a 390×844 phone the cards show their tags and times whole. Each check
// counts as one test; screenshots go to tests/e2e/screenshots/finding-*.png (look at them).
//
// Run through tests/e2e/run.sh, which starts the daemon and sets BASE_URL and RESULTS_FILE.
import {
  BASE, PHONE, apiLogin, assert, axeCheck, check, dayAt, equal, isoDay, loginForm, noSidewaysScroll,
  post, runTest, screenshot,
} from './lib.mjs';

const run = Date.now().toString(36).slice(-5);
const NOW = { title: `Natuurclub ${run}`, weekday: '2', from: isoDay(-14), until: isoDay(60) };
const LATER = { title: `Toneel ${run}`, weekday: '4', from: isoDay(30), until: isoDay(120) };

function activityForm(a) {
  return {
    title: a.title, goal: 'Ontdekken', location: 'Lokaal 4', provider: '1',
    domain_sport: '1', domain_cultuur: '1', domain_cognitief: '1', domain_zelf: '1', grade_min: '5', grade_max: '8',
    capacity: '12', weekday: a.weekday, start: '15:00', end: '16:15', from: a.from,
    until: a.until, signup_from: '', signup_until: '', open_to: 'school',
  };
}

// No element matching selector in page is cut off: each lies inside the viewport and shows its
// whole content (scrollWidth within clientWidth).
async function nothingCutOff(page, selector) {
  const cut = await page.$$eval(selector, (els) => els
    .filter((e) => {
      const r = e.getBoundingClientRect();
      return r.right > window.innerWidth + 0.5 || r.left < -0.5 || e.scrollWidth > e.clientWidth + 1;
    })
    .map((e) => e.textContent.trim()));
  assert(cut.length === 0, `cut off: ${cut.join(', ')}`);
}

await runTest(import.meta.url, async (browser) => {
  const api = await apiLogin('noord@test.nl', 'wachtwoord-123');
  await check('the coordinator adds an ongoing and a coming activity', async () => {
    await post(api, '/activities', activityForm(NOW), 201);
    await post(api, '/activities', activityForm(LATER), 201);
  });
  await api.dispose();

  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, bypassCSP: true, locale: 'nl-NL' });
  const page = await context.newPage();
  await check('the lead logs in', async () => {
    await loginForm(page, 'lead@test.nl', 'wachtwoord-123');
  });

  const titles = async (p) => p.locator('tbody tr td:first-child a').allTextContents();

  await check('the list shows ongoing and coming activities, not what ended', async () => {
    const res = await page.goto(`${BASE}/activities`);
    equal(res.status(), 200, 'status');
    const t = await titles(page);
    assert(t.includes(NOW.title) && t.includes(LATER.title), `titles: ${t.join(', ')}`);
    assert(!t.includes('Judo'), `an ended activity is listed: ${t.join(', ')}`);
    equal(await page.locator('#f-when').inputValue(), '', 'the default choice');
  });
  await screenshot(page, 'finding-activities-desktop');
  await axeCheck(page, 'the activity list');

  await check('choosing "Afgelopen" in the form lists the ended activities', async () => {
    await page.selectOption('#f-when', 'afgelopen');
    await Promise.all([page.waitForNavigation(), page.click('form[role=search] button[type=submit]')]);
    assert(page.url().includes('when=afgelopen'), `url: ${page.url()}`);
    const t = await titles(page);
    assert(t.includes('Judo') && !t.includes(NOW.title), `titles: ${t.join(', ')}`);
    equal(await page.locator('#f-when').inputValue(), 'afgelopen', 'the choice is kept');
  });

  await check('school year 2025–2026 with "Alle" lists the fixture\'s year only', async () => {
    await page.selectOption('#f-when', 'all');
    await page.selectOption('#f-year', '2025-2026');
    await Promise.all([page.waitForNavigation(), page.click('form[role=search] button[type=submit]')]);
    const t = await titles(page);
    assert(t.includes('Judo') && t.includes('Tekenen'), `titles: ${t.join(', ')}`);
    assert(!t.includes(LATER.title), `a later year is listed: ${t.join(', ')}`);
    equal(await page.locator('#f-year').inputValue(), '2025-2026', 'the year is kept');
  });
  await screenshot(page, 'finding-activities-year-desktop');

  const phone = await browser.newContext(PHONE);
  await phone.addCookies(await context.cookies());
  const mobile = await phone.newPage();
  await check('on a phone the cards show tags and times whole, without sideways scrolling', async () => {
    const res = await mobile.goto(`${BASE}/activities`);
    equal(res.status(), 200, 'status');
    await noSidewaysScroll(mobile);
    await nothingCutOff(mobile, 'tbody .tag');
    await nothingCutOff(mobile, 'tbody td');
    const cell = await mobile.locator('tbody tr').first().locator('td[data-label="Dag en tijd"]').innerText();
    assert(/\d\d:\d\d–\d\d:\d\d/.test(cell), `time: ${cell}`);
  });
  await screenshot(mobile, 'finding-activities-phone');
  await axeCheck(mobile, 'the activity list on a phone');

  // Pupils: the search ignores accents and case, surnames sort without the tussenvoegsel, and
  // a pupil's page shows the attendance per activity.
  const coord = await browser.newContext({ viewport: { width: 1280, height: 800 }, bypassCSP: true, locale: 'nl-NL' });
  const cpage = await coord.newPage();
  await check('the coordinator adds Zoë Çelik and Ilse de Boer', async () => {
    await loginForm(cpage, 'noord@test.nl', 'wachtwoord-123');
    const api2 = await apiLogin('noord@test.nl', 'wachtwoord-123');
    await post(api2, '/pupils', { number: '9901', first_name: 'Zoë', last_name: 'Çelik', grade: '5' }, 201);
    await post(api2, '/pupils', { number: '9902', first_name: 'Ilse', last_name: 'de Boer', grade: '6' }, 201);
    await api2.dispose();
  });
  await check('searching "zoe" in the pupil list finds Zoë Çelik', async () => {
    await cpage.goto(`${BASE}/pupils`);
    await cpage.fill('input[name=q]', 'zoe');
    await Promise.all([cpage.waitForNavigation(), cpage.click('form[method=get] button[type=submit]')]);
    const rows = await cpage.locator('tbody tr').allInnerTexts();
    equal(rows.length, 1, `rows: ${rows.join(' / ')}`);
    assert(rows[0].includes('Çelik'), `row: ${rows[0]}`);
  });
  await check('the list has de Boer under B, before de Jong', async () => {
    await cpage.goto(`${BASE}/pupils`);
    const text = await cpage.locator('tbody').innerText();
    const boer = text.indexOf('de Boer'), bakker = text.indexOf('Bakker'), jong = text.indexOf('de Jong');
    assert(bakker >= 0 && bakker < boer && boer < jong, `order: ${text}`);
  });
  await screenshot(cpage, 'finding-pupils-desktop');
  await check('Sara\'s page shows her attendance in Judo, each session linking to its register', async () => {
    await cpage.goto(`${BASE}/pupils`);
    await Promise.all([cpage.waitForNavigation(), cpage.click('text=Bakker')]);
    const history = await cpage.locator('.history').innerText();
    assert(history.includes('Judo') && history.includes('1 bijeenkomst geregistreerd') && history.includes('1 aanwezig'), `history: ${history}`);
    const link = cpage.locator('.history__marks a').first();
    await Promise.all([cpage.waitForNavigation(), link.click()]);
    assert(/\/sessions\/\d+$/.test(cpage.url()), `url: ${cpage.url()}`);
    await cpage.goBack();
  });
  await screenshot(cpage, 'finding-pupil-desktop');
  await axeCheck(cpage, 'the pupil page with its history');
  const cphone = await browser.newContext(PHONE);
  await cphone.addCookies(await coord.cookies());
  const pm = await cphone.newPage();
  await check('the pupil page fits a phone', async () => {
    await pm.goto(cpage.url());
    await noSidewaysScroll(pm);
    await nothingCutOff(pm, '.history .tag');
  });
  await screenshot(pm, 'finding-pupil-phone');
  await pm.goto(`${BASE}/pupils`);
  await screenshot(pm, 'finding-pupils-phone');
  await cphone.close();
  await coord.close();

  // Staff at two schools: Anna runs Judo at Noord and (from here) an activity at Zuid.
  const ZUID = { title: `Basketbal ${run}`, weekday: String(((dayAt(0).getDay() + 6) % 7) + 1), from: isoDay(-7), until: isoDay(40) };
  await check('the lead adds an activity at Zuid run by Anna, with a session today', async () => {
    const lead = await apiLogin('lead@test.nl', 'wachtwoord-123');
    await post(lead, '/activities', { ...activityForm(ZUID), school: 'zuid', staff_1: '1', location: 'Sporthal Zuid' }, 201);
    await lead.dispose();
  });
  const staff = await browser.newContext({ viewport: { width: 1280, height: 800 }, bypassCSP: true, locale: 'nl-NL' });
  const spage = await staff.newPage();
  await check('Anna\'s start page names the school and location of today\'s session and opens its register', async () => {
    await loginForm(spage, 'anna@test.nl', 'wachtwoord-123');
    await spage.goto(`${BASE}/`);
    const item = spage.locator('.today__item', { hasText: ZUID.title });
    const text = await item.innerText();
    assert(text.includes('Basisschool Zuid') && text.includes('Sporthal Zuid'), `today: ${text}`);
    await Promise.all([spage.waitForNavigation(), item.locator('a').first().click()]);
    assert(/\/sessions\/\d+$/.test(spage.url()), `url: ${spage.url()}`);
  });
  await spage.goto(`${BASE}/`);
  await screenshot(spage, 'finding-home-staff-desktop');
  await check('Anna\'s activity list shows school, location and the next session\'s register', async () => {
    await spage.goto(`${BASE}/activities`);
    const row = spage.locator('tbody tr', { hasText: ZUID.title });
    const text = await row.innerText();
    assert(text.includes('Basisschool Zuid') && text.includes('Sporthal Zuid'), `row: ${text}`);
    const href = await row.locator('a[href^="/sessions/"]').getAttribute('href');
    assert(/^\/sessions\/\d+$/.test(href), `href: ${href}`);
  });
  await screenshot(spage, 'finding-activities-staff-desktop');
  await axeCheck(spage, 'the staff activity list');
  const sphone = await browser.newContext(PHONE);
  await sphone.addCookies(await staff.cookies());
  const sm = await sphone.newPage();
  await check('Anna\'s pages fit a phone', async () => {
    await sm.goto(`${BASE}/activities`);
    await noSidewaysScroll(sm);
    await nothingCutOff(sm, 'tbody td');
    await screenshot(sm, 'finding-activities-staff-phone');
    await sm.goto(`${BASE}/`);
    await noSidewaysScroll(sm);
  });
  await screenshot(sm, 'finding-home-staff-phone');
  await sphone.close();
  await staff.close();
  await phone.close();
  await context.close();
});
