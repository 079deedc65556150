// Browser test of the parent letters (issue 10, point 4): the coordinator goes from the pupil
// list (filtered on a group) to the letters of that group, chooses English as the second
// language with the page's own form, and the page prints one A4 per letter (checked in print
// media: each letter breaks the page after it). Then the import offers the letters of the new
// pupils. Screenshots on a 1280x800 desktop and a phone go to tests/e2e/screenshots/letters-*
// (look at them), plus a PDF-like print screenshot. axe-core on each page.
//
// Run through tests/e2e/run.sh, which starts the daemon and sets BASE_URL and RESULTS_FILE.
import { BASE, PHONE, assert, axeCheck, check, equal, loginForm, noSidewaysScroll, runTest, screenshot } from './lib.mjs';

await runTest(import.meta.url, async (browser) => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, bypassCSP: true, locale: 'nl-NL' });
  const page = await context.newPage();

  await check('coordinator logs in', async () => {
    await loginForm(page, 'noord@test.nl', 'wachtwoord-123');
  });

  await check('the pupil list of group 6 links to the letters of group 6', async () => {
    await page.goto(`${BASE}/pupils?grade=6`);
    const link = page.locator('a[href="/pupils/letters?grade=6"]');
    equal(await link.count(), 1, 'letters link');
    await Promise.all([page.waitForNavigation(), link.click()]);
    equal(await page.textContent('h1'), 'Brieven voor ouders', 'heading');
    // one letter per pupil of group 6 with a code; other browser tests may have added pupils
    const shown = await page.locator('article.letter').count();
    assert(shown >= 1, `letters: ${shown}`);
    equal(await page.locator('article.letter', { hasText: 'Sara' }).count(), 1, 'Sara\'s letter');
  });

  await check('choosing English in the form adds the English text', async () => {
    await page.selectOption('#f-lang', 'en');
    const [res] = await Promise.all([page.waitForNavigation(), page.click('form[action="/pupils/letters"] button[type=submit]')]);
    equal(res.status(), 200, 'status');
    assert(page.url().includes('lang=en') && page.url().includes('grade=6'), `url ${page.url()}`);
    const text = await page.locator('article.letter', { hasText: 'Sara' }).textContent();
    assert(text.includes('Beste ouder of verzorger van Sara'), 'Dutch text');
    assert(text.includes('Dear parent or carer of Sara'), 'English text');
    assert(text.includes('NRDA-2222'), 'link code');
    equal(await page.getAttribute('section.letter__text--second', 'lang'), 'en', 'lang attribute');
  });
  await axeCheck(page, 'the letters page');
  await screenshot(page, 'letters-desktop');

  await check('printed, each letter ends its page and the menu and form are gone', async () => {
    await page.goto(`${BASE}/pupils/letters?first=1&last=3&lang=en`);
    equal(await page.locator('article.letter').count(), 3, 'letters of three pupils');
    await page.emulateMedia({ media: 'print' });
    const breaks = await page.$$eval('article.letter', (els) => els.map((e) => getComputedStyle(e).breakAfter));
    equal(breaks.join(','), 'page,page,auto', 'break after each letter but the last');
    assert(!(await page.locator('form[action="/pupils/letters"]').isVisible()), 'the form prints');
    assert(!(await page.locator('.site-nav').isVisible()), 'the menu prints');
    await page.setViewportSize({ width: 794, height: 1123 }); // A4 at 96 dpi
    await screenshot(page, 'letters-print', false);
    await page.emulateMedia({ media: 'screen' });
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  await check('a bad group is refused with the error summary (400)', async () => {
    const res = await page.goto(`${BASE}/pupils/letters?grade=12`);
    equal(res.status(), 400, 'status');
    assert(await page.locator('.error-summary').isVisible(), 'no error summary');
    equal(await page.locator('.error-summary a').getAttribute('href'), '#f-grade', 'summary link');
  });

  await check('after an import the list offers the letters of the new pupils', async () => {
    await page.goto(`${BASE}/pupils/import`);
    await page.fill('#f-csv', 'leerlingnummer;voornaam;achternaam;groep;klas\n7001;Lotte;Visser;6;6A\n7002;Mees;de Wit;6;6A\n');
    await Promise.all([page.waitForNavigation(), page.click('form[action="/pupils/import"] button[type=submit]')]);
    const link = page.getByRole('link', { name: 'Print de brieven van de 2 nieuwe leerlingen' });
    equal(await link.count(), 1, 'the offer');
    await screenshot(page, 'letters-after-import', false);
    await Promise.all([page.waitForNavigation(), link.click()]);
    const names = await page.$$eval('article.letter .letter__to strong', (els) => els.map((e) => e.textContent));
    equal(names.join(','), 'Mees de Wit,Lotte Visser', 'the new pupils only');
  });

  await check('an uploaded export shows a preview, and its confirm writes (issue 14)', async () => {
    await page.goto(`${BASE}/pupils/import`);
    const csv = 'Leerlingnummer;Roepnaam;Tussenvoegsel;Achternaam;Groep;Klas\r\n7101;Zo\u00eb;van;Dam;5;5A\r\n7102;Bram;;Kok;Groep 5;5A\r\n';
    await page.setInputFiles('#f-file', { name: 'export.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'latin1') });
    await Promise.all([page.waitForNavigation(), page.click('form[action="/pupils/import"] button[type=submit]')]);
    equal(await page.locator('h1').textContent(), 'Voorbeeld van de import', 'the preview');
    assert((await page.locator('#import-counts').textContent()).includes('2 nieuw'), 'two new');
    assert((await page.locator('#import-lines').textContent()).includes('Zo\u00eb van Dam'), 'Windows-1252 read');
    await screenshot(page, 'import-preview', false);
    await Promise.all([page.waitForNavigation(), page.click('#confirm-form button[type=submit]')]);
    assert((await page.content()).includes('2 nieuw, 0 bijgewerkt'), 'the flash after the confirm');
  });

  await check('the pupil page shows the same letter', async () => {
    await page.goto(`${BASE}/pupils?q=Lotte`);
    await Promise.all([page.waitForNavigation(), page.click('text=Lotte Visser')]);
    equal(await page.locator('#brief article.letter').count(), 1, 'letter on the pupil page');
    await page.click('#brief a:has-text("Nederlands en English")');
    await page.waitForSelector('section.letter__text--second');
    await screenshot(page, 'letters-pupil-desktop');
  });
  await context.close();

  const phone = await browser.newContext({ ...PHONE, locale: 'nl-NL' });
  const p = await phone.newPage();
  await check('on a phone the letters page fits without sideways scrolling', async () => {
    await loginForm(p, 'noord@test.nl', 'wachtwoord-123');
    await p.goto(`${BASE}/pupils/letters?grade=6&lang=en`);
    await noSidewaysScroll(p);
  });
  await screenshot(p, 'letters-phone', false);
  await phone.close();
});
