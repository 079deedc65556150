// Browser test of the parent side (issue 3): a new parent registers with the link code from the
// school's letter (typed in lower case with a space: the code is normalised), first with a
// too-short password (the error summary, the message at the field, the other input kept), then
// right; signs the child up for an activity with room and for a full one (waiting list, place
// 1); switches the language to English with the header's switch; and looks at the pages on a
// 390×844 phone. axe-core runs on every page visited; screenshots go to
// tests/e2e/screenshots/parent-*.png (look at them). Each check counts as one test.
//
// The fixture's link codes are not in the real format and its activities lie in the past, so the
// test first makes its own data through the JSON API as the coordinator of school noord: two
// activities open now (one with a single seat), two pupils in grade 6, and the first pupil
// enrolled in the single seat. Names and e-mail addresses carry a suffix of this run, so that
// the test neither meets nor disturbs the data of activity.test.mjs (run.sh runs both against
// one daemon).
//
// Run through tests/e2e/run.sh, which starts the daemon and sets BASE_URL and RESULTS_FILE.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  BASE, PHONE, apiLogin, assert, axeCheck, check, equal, here, isoDay, mainText, noSidewaysScroll,
  post, runTest, screenshot,
} from './lib.mjs';

// A text key that found no text shows as itself ("date.month_3"): the sections of the message
// file followed by a dot and a key must not stand anywhere in the page's visible text.
const sections = [...readFileSync(join(here, '../../templates/messages/nl.ini'), 'utf8').matchAll(/^\[([a-z_]+)\]/gm)].map((m) => m[1]);
const catalogueKey = new RegExp(`\\b(?:${sections.join('|')})\\.[a-z][a-z0-9_]*`);

async function keysCheck(page, label) {
  await check(`no untranslated text keys on ${label}`, async () => {
    const found = catalogueKey.exec(await page.innerText('body'));
    assert(!found, `"${found && found[0]}" stands on the page`);
  });
}

// The checks every page visited gets: axe-core and the text keys.
async function inspect(page, label) {
  await axeCheck(page, label);
  await keysCheck(page, label);
}

async function shot(page, name) {
  await screenshot(page, `parent-${name}`);
}

// ---- the test's own data, through the JSON API as the coordinator ------------------------------

const run = Date.now().toString(36).slice(-5);
const FREE = { title: `Zwemles ${run}`, capacity: '10', weekday: '2' };
const FULL = { title: `Robotica ${run}`, capacity: '1', weekday: '4' };
const EMAIL = `ouder-${run}@test.nl`;
const PASSWORD = 'drie woorden lang';

function activityForm(a) {
  return {
    title: a.title, goal: 'Plezier en samenwerken', location: 'Gymzaal', provider: '1',
    domain_sport: '1', grade_min: '5', grade_max: '8', capacity: a.capacity, weekday: a.weekday,
    start: '15:00', end: '16:00', from: isoDay(-7), until: isoDay(120),
    signup_from: `${isoDay(-1)}T00:00`, signup_until: `${isoDay(60)}T23:59`, open_to: 'school',
  };
}

// The coordinator of noord makes the activities and pupils; the first pupil takes FULL's seat.
// The second pupil's link code is returned.
async function makeData() {
  const api = await apiLogin('noord@test.nl', 'wachtwoord-123');
  try {
    FREE.id = (await post(api, '/activities', activityForm(FREE), 201)).id;
    FULL.id = (await post(api, '/activities', activityForm(FULL), 201)).id;
    const pupil = (n, first) => ({ number: `e2e-${run}-${n}`, first_name: first, last_name: 'Jansen', grade: '6' });
    const taken = await post(api, '/pupils', pupil(1, 'Bram'), 201);
    const child = await post(api, '/pupils', pupil(2, 'Lotte'), 201);
    const enrolment = await post(api, '/enrolments', { pupil_id: String(taken.id), activity_id: String(FULL.id) }, 201);
    equal(enrolment.status, 'enrolled', 'the first pupil\'s status in the full activity');
    assert(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/.test(child.link_code), `link code ${child.link_code}`);
    return { id: child.id, first: child.first_name, name: `${child.first_name} ${child.last_name}`, code: child.link_code };
  } finally {
    await api.dispose();
  }
}

// ---- the test -----------------------------------------------------------------------------------

await runTest(import.meta.url, async (browser) => {
  let child = null;
  await check('the coordinator makes two open activities (one full) and two pupils via the JSON API', async () => {
    child = await makeData();
  });
  if (!child) throw new Error('no test data, nothing more to test');

  // A new parent on a Dutch browser.
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 }, bypassCSP: true, locale: 'nl-NL',
    extraHTTPHeaders: { 'Accept-Language': 'nl' },
  });
  const page = await context.newPage();
  const typedCode = child.code.replace('-', ' ').toLowerCase(); // "k7q2 9xpa"

  await check('the register page opens in Dutch', async () => {
    const res = await page.goto(`${BASE}/register`);
    equal(res.status(), 200, 'status');
    equal(await page.getAttribute('html', 'lang'), 'nl', 'html lang');
    equal(await page.textContent('h1'), 'Account maken', 'heading');
  });
  await shot(page, 'register');
  await inspect(page, 'the empty register form');

  await check('a too-short password is refused (422) with the summary and the message at the field', async () => {
    await page.fill('#f-code', typedCode);
    await page.fill('#f-email', EMAIL);
    await page.fill('#f-name', 'Eva Jansen');
    await page.fill('#f-password', 'kort');
    const [res] = await Promise.all([page.waitForNavigation(), page.click('main button[type=submit]')]);
    equal(res.status(), 422, 'status');
    const summary = page.locator('.error-summary');
    assert(await summary.isVisible(), 'no error summary');
    equal((await summary.locator('h2').textContent()).trim(), 'Er is iets niet goed ingevuld', 'summary heading');
    equal(await summary.locator('a').count(), 1, 'number of errors in the summary');
    equal((await summary.locator('a').textContent()).trim(), 'Kies een wachtwoord van 10 tot 200 tekens.', 'summary text');
    equal(await summary.locator('a').getAttribute('href'), '#f-password', 'summary link');
    equal((await page.textContent('#e-password')).trim(), 'Kies een wachtwoord van 10 tot 200 tekens.', 'field message');
    equal(await page.getAttribute('#f-password', 'aria-invalid'), 'true', 'aria-invalid');
    assert((await page.getAttribute('#f-password', 'aria-describedby')).split(' ').includes('e-password'), 'aria-describedby');
  });

  await check('the other input is kept, the password is not', async () => {
    equal(await page.inputValue('#f-code'), typedCode, 'code');
    equal(await page.inputValue('#f-email'), EMAIL, 'email');
    equal(await page.inputValue('#f-name'), 'Eva Jansen', 'name');
    equal(await page.inputValue('#f-password'), '', 'password');
    equal(await page.getAttribute('#f-code', 'aria-invalid'), null, 'code marked invalid');
  });
  await shot(page, 'register-error');
  await inspect(page, 'the register form with an error');

  await check('the summary link moves the focus to the password', async () => {
    await page.click('.error-summary a');
    equal(await page.evaluate(() => document.activeElement && document.activeElement.id), 'f-password', 'focused element');
  });

  await check('with a good password the account is made (→ /parent with a welcome)', async () => {
    await page.fill('#f-password', PASSWORD);
    await Promise.all([page.waitForNavigation(), page.click('main button[type=submit]')]);
    equal(new URL(page.url()).pathname, '/parent', 'page after registering');
    equal(await page.textContent('h1'), 'Mijn kinderen', 'heading');
    equal((await page.textContent('main .notice--ok')).trim(), 'Welkom! Uw account is gemaakt en uw kind is gekoppeld.', 'flash');
  });

  await check('the lower-case code with a space linked the right child', async () => {
    const section = page.locator('section.child');
    equal(await section.count(), 1, 'number of children');
    equal((await section.locator('h2').textContent()).trim(), child.name, 'child');
    const text = (await section.textContent()).replace(/\s+/g, ' ');
    assert(text.includes('groep 6 · Basisschool Noord'), `child section: ${text}`);
    assert(text.includes('Nog geen inschrijvingen.'), 'enrolments shown for a new child');
  });
  await shot(page, 'home');
  await inspect(page, '/parent after registering');

  const childPath = `/parent/children/${child.id}`;
  const card = (title) => page.locator('li.activity-card', { has: page.locator('h3', { hasText: title }) });

  await check('the child\'s page shows both activities, the full one as full', async () => {
    await Promise.all([page.waitForNavigation(), page.click(`a[href="${childPath}"]`)]);
    equal(new URL(page.url()).pathname, childPath, 'page');
    equal(await page.textContent('h1'), `Activiteiten voor ${child.first}`, 'heading');
    equal(await card(FREE.title).count(), 1, 'cards of the free activity');
    equal(await card(FULL.title).count(), 1, 'cards of the full activity');
    const seats = (title) => card(title).locator('dt:text-is("Vrije plaatsen") + dd');
    equal((await card(FREE.title).locator('.activity-card__when').textContent()).trim(), 'dinsdag 15:00–16:00', 'free card: when');
    assert(/^10\b/.test((await seats(FREE.title).textContent()).trim()), 'free card: not 10 places left');
    equal((await card(FULL.title).locator('.activity-card__when').textContent()).trim(), 'donderdag 15:00–16:00', 'full card: when');
    equal((await seats(FULL.title).locator('.tag').textContent()).trim(), 'vol', 'full card: seats');
    equal((await card(FULL.title).locator('button[type=submit]').textContent()).trim(), `Op de wachtlijst: ${FULL.title}`, 'full card button');
    assert((await mainText(page)).includes('Nog geen inschrijvingen.'), 'enrolments shown before signing up');
  });
  await shot(page, 'child');
  await inspect(page, 'the child\'s page');

  await check('signing up for the activity with room: the flash says "ingeschreven"', async () => {
    await Promise.all([page.waitForNavigation(), card(FREE.title).locator('button[type=submit]').click()]);
    equal(new URL(page.url()).pathname, childPath, 'back on the child\'s page');
    equal((await page.textContent('main .notice--ok')).trim(), `${child.first} is ingeschreven voor ${FREE.title}.`, 'flash');
    const row = page.locator('li.enrolment', { hasText: FREE.title });
    equal((await row.locator('.tag').textContent()).trim(), 'ingeschreven', 'status');
    equal((await card(FREE.title).locator('.tag').textContent()).trim(), 'ingeschreven', 'status on the card');
  });

  await check('signing up for the full activity puts the child on the waiting list, place 1', async () => {
    await Promise.all([page.waitForNavigation(), card(FULL.title).locator('button[type=submit]').click()]);
    equal(new URL(page.url()).pathname, childPath, 'back on the child\'s page');
    const flash = (await page.textContent('main .notice--ok')).trim();
    assert(flash.startsWith(`${child.first} staat op de wachtlijst voor ${FULL.title}.`), `flash: ${flash}`);
    const row = page.locator('li.enrolment', { hasText: FULL.title });
    equal((await row.locator('.tag').textContent()).trim(), 'wachtlijst, plaats 1', 'status');
    equal((await row.locator('a.enrolment__cancel').textContent()).trim(), `Van de wachtlijst af: ${FULL.title}`, 'link to the confirmation page (issue 10: no cancel button here any more)');
    assert((await mainText(page)).includes('wachtlijst, plaats 1'), 'no "wachtlijst, plaats 1" on the page');
  });
  await shot(page, 'child-signed-up');
  await inspect(page, 'the child\'s page after signing up (Dutch)');

  await check('the header\'s switch changes the language to English on the same page', async () => {
    await Promise.all([page.waitForNavigation(), page.click('header form[action="/lang"] button[value=en]')]);
    equal(new URL(page.url()).pathname, childPath, 'still on the child\'s page');
    equal(await page.getAttribute('html', 'lang'), 'en', 'html lang');
    equal(await page.textContent('h1'), `Activities for ${child.first}`, 'heading');
    const text = await mainText(page);
    for (const s of ['Back to my children', 'Enrolments', 'waiting list, place 1', 'Leave the waiting list', 'Activities you can sign up for'])
      assert(text.includes(s), `missing "${s}"`);
    assert(!text.includes('wachtlijst, plaats'), 'Dutch status left on the page');
    equal((await page.textContent('nav.site-nav')).includes('My children'), true, 'menu item "My children"');
  });
  await shot(page, 'child-en');
  await inspect(page, 'the child\'s page in English');

  await check('/parent in English: "My children" with both enrolments', async () => {
    await page.goto(`${BASE}/parent`);
    equal(await page.textContent('h1'), 'My children', 'heading');
    const text = await mainText(page);
    assert(text.includes(`${FREE.title}`) && text.includes('enrolled'), 'enrolled activity missing');
    assert(text.includes('waiting list, place 1'), 'waiting list status missing');
  });
  await shot(page, 'home-en');
  await inspect(page, '/parent in English');

  // The same parent on a phone.
  const phone = await browser.newContext({ ...PHONE, locale: 'nl-NL' });
  await phone.addCookies(await context.cookies());
  const mobile = await phone.newPage();
  for (const [path, name] of [[childPath, 'child-phone'], ['/parent', 'home-phone']]) {
    await check(`${path} works on a 390×844 phone without sideways scrolling`, async () => {
      const res = await mobile.goto(`${BASE}${path}`);
      equal(res.status(), 200, 'status');
      assert((await mainText(mobile)).includes('waiting list, place 1'), 'no waiting-list status');
      await noSidewaysScroll(mobile);
    });
    await shot(mobile, name);
    await inspect(mobile, `${path} on a phone`);
  }
  await phone.close();

  // The register page on a phone, anonymous and in Dutch, with the error shown.
  const anonymous = await browser.newContext({ ...PHONE, locale: 'nl-NL', extraHTTPHeaders: { 'Accept-Language': 'nl' } });
  const form = await anonymous.newPage();
  await check('the register form with an error works on a phone without sideways scrolling', async () => {
    await form.goto(`${BASE}/register`);
    const [res] = await Promise.all([form.waitForNavigation(), form.click('main button[type=submit]')]);
    equal(res.status(), 422, 'status');
    equal(await form.locator('.error-summary a').count(), 3, 'errors (code, e-mail, password)');
    await noSidewaysScroll(form);
  });
  await shot(form, 'register-error-phone');
  await inspect(form, 'the register form with errors on a phone');
  await anonymous.close();
  await context.close();
});
