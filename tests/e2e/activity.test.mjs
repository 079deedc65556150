// Browser test: a coordinator adds an activity with one wrong field (the end time before the
// start time), sees the error summary and the message at the field with everything else kept,
// corrects it and saves; the activity's page shows the generated sessions. Also: cancelling a
// session, the list on a 390×844 phone, and axe-core on every page visited. Each check counts as
// one test; screenshots go to tests/e2e/screenshots/ (look at them).
//
// Run through tests/e2e/run.sh, which starts the daemon and sets BASE_URL and RESULTS_FILE.
import { BASE, PHONE, assert, axeCheck, check, equal, loginForm, noSidewaysScroll, runTest, screenshot } from './lib.mjs';

await runTest(import.meta.url, async (browser) => {
  // Without bypassCSP, addScriptTag's inline <script> is refused by the page's CSP
  // (script-src 'self'): checked once below so that the CSP is known to be in force.
  const strict = await browser.newContext();
  await check('CSP refuses inline scripts (axe therefore runs with bypassCSP)', async () => {
    const p = await strict.newPage();
    await p.goto(`${BASE}/login`);
    let refused = false;
    try {
      await p.addScriptTag({ content: 'window.__inline = 1;' });
      refused = !(await p.evaluate(() => window.__inline === 1));
    } catch {
      refused = true;
    }
    assert(refused, 'an inline script ran despite the CSP');
  });
  await strict.close();

  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true, locale: 'nl-NL' });
  const page = await context.newPage();

  await check('coordinator logs in', async () => {
    await loginForm(page, 'noord@test.nl', 'wachtwoord-123');
  });

  await check('the new-activity form opens', async () => {
    const res = await page.goto(`${BASE}/activities/new`);
    equal(res.status(), 200, 'status');
    equal(await page.textContent('h1'), 'Activiteit toevoegen', 'heading');
  });
  await axeCheck(page, 'the empty form');

  // Everything filled in, with the end time before the start time.
  const typed = {
    title: 'Schaken voor beginners',
    goal: 'Vooruit denken en tegen je verlies kunnen.',
    location: 'Speellokaal',
    grade_min: '4',
    grade_max: '7',
    capacity: '14',
    start: '15:30',
    end: '14:30',
    from: '2025-09-03',
    until: '2026-01-28',
    signup_from: '2025-08-25T19:00',
    signup_until: '2025-09-01T23:59',
  };
  await check('submitting with the end before the start shows the errors (422)', async () => {
    for (const [name, value] of Object.entries(typed)) await page.fill(`#f-${name}`, value);
    await page.selectOption('#f-provider', { label: 'Sportpartner (extern)' });
    await page.check('input[name=staff_1]');
    await page.check('input[name=domain_cognitief]');
    await page.check('input[name=domain_sociaal]');
    await page.selectOption('#f-weekday', '3');
    await page.check('#f-open_to-coalition');
    const [res] = await Promise.all([page.waitForNavigation(), page.click('form[action="/activities"] button[type=submit]')]);
    equal(res.status(), 422, 'status');
  });

  await check('the error summary names the end time and links to it', async () => {
    const summary = page.locator('.error-summary');
    assert(await summary.isVisible(), 'no error summary');
    const text = await summary.textContent();
    assert(text.includes('Eindtijd: De eindtijd moet na de begintijd liggen.'), `summary: ${text}`);
    equal(await summary.locator('a').count(), 1, 'number of errors in the summary');
    equal(await summary.locator('a').getAttribute('href'), '#f-end', 'summary link');
  });

  await check('the message stands at the end-time field, which is marked invalid', async () => {
    equal((await page.textContent('#e-end')).trim(), 'De eindtijd moet na de begintijd liggen.', 'field message');
    equal(await page.getAttribute('#f-end', 'aria-invalid'), 'true', 'aria-invalid');
    assert((await page.getAttribute('#f-end', 'aria-describedby')).includes('e-end'), 'aria-describedby');
  });

  await check('every other input is kept', async () => {
    for (const [name, value] of Object.entries(typed)) equal(await page.inputValue(`#f-${name}`), value, name);
    equal(await page.inputValue('#f-provider'), '1', 'provider');
    assert(await page.isChecked('input[name=staff_1]'), 'staff not kept');
    assert(await page.isChecked('input[name=domain_cognitief]'), 'domain cognitief not kept');
    assert(await page.isChecked('input[name=domain_sociaal]'), 'domain sociaal not kept');
    assert(!(await page.isChecked('input[name=domain_sport]')), 'domain sport checked');
    equal(await page.inputValue('#f-weekday'), '3', 'weekday');
    assert(await page.isChecked('#f-open_to-coalition'), 'open_to not kept');
  });
  await screenshot(page, 'activity-form-error');
  await axeCheck(page, 'the form with an error');

  await check('the summary link moves the focus to the end time', async () => {
    await page.click('.error-summary a');
    equal(await page.evaluate(() => document.activeElement && document.activeElement.id), 'f-end', 'focused element');
  });

  let showUrl = '';
  await check('after correcting the end time the activity is saved (303 → its page)', async () => {
    await page.fill('#f-end', '16:30');
    await Promise.all([page.waitForNavigation(), page.click('form[action="/activities"] button[type=submit]')]);
    showUrl = page.url();
    assert(/\/activities\/\d+$/.test(new URL(showUrl).pathname), `landed on ${showUrl}`);
    equal(await page.textContent('h1'), typed.title, 'heading');
    assert((await page.textContent('main')).includes('De activiteit is toegevoegd.'), 'no confirmation');
  });

  await check('the activity page shows the details and the generated sessions', async () => {
    const main = await page.textContent('main');
    for (const text of ['elke woensdag 15:30–16:30', 'groep 4–7', 'Cognitieve ontwikkeling', 'Speellokaal',
      'Sportpartner', 'Anna de Vries', 'leerlingen van alle scholen van de coalitie', 'van 25 aug. 2025 19:00 tot 1 sep. 2025 23:59'])
      assert(main.includes(text), `missing "${text}"`);
    const rows = page.locator('#bijeenkomsten + .table-wrap tbody tr');
    // Wednesdays 3 Sep 2025 – 28 Jan 2026 are 22; the Christmas holiday takes 24 and 31 Dec.
    equal(await rows.count(), 20, 'number of sessions');
    equal((await rows.first().locator('td').first().textContent()).trim(), 'wo 3 sep. 2025 15:30–16:30', 'first session');
    assert(!main.includes('wo 24 dec. 2025'), 'a session in the Christmas holiday');
  });
  await screenshot(page, 'activity-show');
  await axeCheck(page, 'the activity page');

  await check('a session is cancelled with a reason (a reason is required)', async () => {
    await Promise.all([page.waitForNavigation(), page.locator('#bijeenkomsten + .table-wrap tbody tr').nth(1).locator('a', { hasText: 'Wijzigen' }).click()]);
    equal(await page.textContent('h1'), 'Bijeenkomst van wo 10 sep. 2025 wijzigen', 'heading');
    await page.check('#f-cancelled');
    const [refused] = await Promise.all([page.waitForNavigation(), page.click('main form button[type=submit]')]);
    equal(refused.status(), 422, 'status without a reason');
    equal((await page.textContent('#e-reason')).trim(), 'Geef de reden waarom de bijeenkomst vervalt.', 'message');
    assert(await page.isChecked('#f-cancelled'), 'checkbox not kept');
    await screenshot(page, 'session-edit-error');
    await page.fill('#f-reason', 'Studiedag');
    await Promise.all([page.waitForNavigation(), page.click('main form button[type=submit]')]);
    equal(new URL(page.url()).pathname, new URL(showUrl).pathname, 'back on the activity');
    const row = page.locator('#bijeenkomsten + .table-wrap tbody tr').nth(1);
    const text = await row.textContent();
    assert(text.includes('vervallen') && text.includes('Studiedag'), `row: ${text}`);
  });
  await axeCheck(page, 'the activity page with a cancelled session');

  // The list on a phone.
  const phone = await browser.newContext(PHONE);
  await phone.addCookies(await context.cookies());
  const mobile = await phone.newPage();
  await check('the list works on a 390×844 phone without sideways scrolling of the page', async () => {
    const res = await mobile.goto(`${BASE}/activities?when=all`); // the fixture's activities have ended
    equal(res.status(), 200, 'status');
    const titles = await mobile.locator('tbody tr td:first-child a').allTextContents();
    assert(titles.includes('Judo') && titles.includes(typed.title), `titles: ${titles.join(', ')}`);
    await noSidewaysScroll(mobile);
  });
  await screenshot(mobile, 'activities-list-phone');
  await axeCheck(mobile, 'the list on a phone');
  await mobile.goto(showUrl);
  await screenshot(mobile, 'activity-show-phone');
  await mobile.goto(`${BASE}/activities/new`);
  await screenshot(mobile, 'activity-form-phone');
  await phone.close();
  await context.close();
});
