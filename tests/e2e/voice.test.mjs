// Browser test of the pupil's voice (issue 15, part 2): the coordinator opens an interest
// questionnaire for a group on a phone and reads the code; then a shared tablet (1024×768) and a
// phone (390×844) type the code at /q, tap a first name, tap pictures of the domains and
// "klaar", and come back to the names with the answered one marked. No JavaScript is needed
// (forms and buttons). Names, pictures and the button are thumb-sized (≥ 48 px), no page
// scrolls sideways, no surname is shown. axe-core runs on every page; screenshots go to
// tests/e2e/screenshots/voice-*.png (look at them).
//
// The test makes its own group through the JSON API as the coordinator of school noord: five
// pupils in a group named after this run (two share the first name), so that it meets no data
// of the other browser tests (run.sh runs them against one daemon).
import {
  BASE, PHONE, apiLogin, assert, axeCheck, check, equal, loginForm, mainText, post, runTest,
  screenshot,
} from './lib.mjs';

const run = Date.now().toString(36).slice(-5);
const GROUP = `V${run}`;
const SURNAME = `Achternaam${run}`;
const TABLET = { viewport: { width: 1024, height: 768 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true, bypassCSP: true };

async function makeGroup() {
  const api = await apiLogin('noord@test.nl', 'wachtwoord-123');
  try {
    const firsts = ['Ayla', 'Bram', 'Fleur', 'Sem', 'Sem'];
    const ids = [];
    for (const [i, first] of firsts.entries()) {
      const last = i === 4 ? `Z${SURNAME}` : SURNAME;
      const p = await post(api, '/pupils', {
        number: `voice-${run}-${i}`, first_name: first, last_name: last, grade: '6', class: GROUP,
      }, 201);
      ids.push(p.id);
    }
    return ids;
  } finally {
    await api.dispose();
  }
}

// Every element of selector is at least 48 px high and wide.
async function bigTargets(page, selector, what) {
  const boxes = await page.locator(selector).evaluateAll((els) => els.map((e) => {
    const r = e.getBoundingClientRect();
    return [r.width, r.height];
  }));
  assert(boxes.length > 0, `no ${what}`);
  for (const [w, h] of boxes) assert(w >= 48 && h >= 48, `${what} is ${w}×${h}`);
}

async function noSideways(page, width) {
  const w = await page.evaluate(() => document.documentElement.scrollWidth);
  assert(w <= width, `the page is ${w}px wide`);
}

// The tablet flow on one device: code, name, choices, klaar, names again.
async function answerOn(browser, device, name, code, pupil, label) {
  const ctx = await browser.newContext({ ...device, locale: 'nl-NL', extraHTTPHeaders: { 'Accept-Language': 'nl' } });
  const page = await ctx.newPage();
  const width = device.viewport.width;
  await check(`${name}: /q asks the code and leads to the names`, async () => {
    const res = await page.goto(`${BASE}/q`);
    equal(res.status(), 200, 'status');
    equal(await page.locator('.site-header').count(), 0, 'site header on /q');
    await page.fill('#f-code', code.toLowerCase());
    await Promise.all([page.waitForNavigation(), page.tap('main button[type=submit]')]);
    equal(new URL(page.url()).pathname, `/q/${code}`, 'page after the code');
  });
  await check(`${name}: first names only, as big buttons; the two Sems told apart`, async () => {
    const text = await mainText(page);
    assert(text.includes('Ayla') && text.includes('Sem A.') && text.includes('Sem Z.'), `names: ${text.slice(0, 300)}`);
    assert(!text.includes(SURNAME), 'a surname is shown');
    await bigTargets(page, '.tablet-name', 'a name button');
    await noSideways(page, width);
  });
  await screenshot(page, `voice-${name}-names`);
  await axeCheck(page, `the names on the ${name}`);

  await check(`${name}: tapping a name shows the six pictures with words and "iets anders"`, async () => {
    await Promise.all([page.waitForNavigation(), page.tap(`a[href="/q/${code}/pupils/${pupil}"]`)]);
    equal(await page.locator('.tablet-choice').count(), 7, 'choices');
    const text = await mainText(page);
    assert(text.includes('Sport') && text.includes('Iets anders'), `words: ${text.slice(0, 300)}`);
    await bigTargets(page, '.tablet-choice', 'a choice');
    await bigTargets(page, '.tablet-button', 'the klaar button');
    const icons = await page.locator('.tablet-choice .tablet-icon').evaluateAll((els) => els.map((e) => getComputedStyle(e).backgroundImage));
    assert(icons.every((b) => b.startsWith('url("data:image/svg+xml')), 'a choice without its picture');
    await noSideways(page, width);
  });
  await page.tap('label[for="f-d-sport"]');
  await page.tap('label[for="f-d-wereld"]');
  await screenshot(page, `voice-${name}-choices`);
  await axeCheck(page, `the choices on the ${name}`);

  await check(`${name}: "klaar" saves and goes back to the names, ${label} marked`, async () => {
    assert(await page.isChecked('#f-d-sport'), 'tapping the picture did not tick it');
    await Promise.all([page.waitForNavigation(), page.tap('main button[type=submit]')]);
    equal(new URL(page.url()).pathname, `/q/${code}`, 'back on the names');
    const done = await page.locator('.tablet-name--done').allTextContents();
    assert(done.some((t) => t.includes(label)), `marked: ${JSON.stringify(done)}`);
  });
  await screenshot(page, `voice-${name}-done`);
  await ctx.close();
}

await runTest(import.meta.url, async (browser) => {
  let ids = null;
  await check('the coordinator makes a group of five pupils via the JSON API', async () => {
    ids = await makeGroup();
  });
  if (!ids) throw new Error('no test data, nothing more to test');

  const phone = await browser.newContext({ ...PHONE, locale: 'nl-NL', extraHTTPHeaders: { 'Accept-Language': 'nl' } });
  const page = await phone.newPage();
  let code = null;
  await check('the coordinator opens a questionnaire for the group and sees the code big', async () => {
    await loginForm(page, 'noord@test.nl', 'wachtwoord-123');
    const res = await page.goto(`${BASE}/questionnaires/new`);
    equal(res.status(), 200, 'status');
    await page.selectOption('#f-group', GROUP);
    await Promise.all([page.waitForNavigation(), page.click('main button[type=submit]')]);
    code = (await page.textContent('.tablet-code-shown')).trim();
    assert(/^[A-Z0-9]{6}$/.test(code), `code: ${code}`);
  });
  await screenshot(page, 'voice-opened');
  await axeCheck(page, 'the opened questionnaire');
  await page.goto(`${BASE}/questionnaires/new`);
  await axeCheck(page, 'the form to open a questionnaire');
  await phone.close();
  if (!code) throw new Error('no code, nothing more to test');

  await answerOn(browser, TABLET, 'tablet', code, ids[0], 'Ayla');
  await answerOn(browser, PHONE, 'phone', code, ids[3], 'Sem A.');

  const wrong = await browser.newContext({ ...PHONE, locale: 'nl-NL' });
  const w = await wrong.newPage();
  await check('a wrong code comes back with the message, the code kept', async () => {
    await w.goto(`${BASE}/q`);
    await w.fill('#f-code', 'ZZZZZZ');
    const [res] = await Promise.all([w.waitForNavigation(), w.tap('main button[type=submit]')]);
    equal(res.status(), 404, 'status');
    assert((await mainText(w)).includes('Deze code klopt niet'), 'message');
    equal(await w.inputValue('#f-code'), 'ZZZZZZ', 'the code kept');
  });
  await screenshot(w, 'voice-wrong-code');
  await axeCheck(w, 'a wrong code');
  await wrong.close();
});
