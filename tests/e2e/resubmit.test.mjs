// Browser test of a form post refused for a stale token or an ended login (issue 10, point 3),
// on a 390×844 phone and a 1280×800 desktop: the evaluation form is filled in, its token made
// stale (as a form left open past a new login is), and the answer gives the text back with the
// message and a button that saves it; with the login ended (cookies gone) the text comes back
// with a link to log in again and nothing is saved. axe-core runs on each page; screenshots go
// to tests/e2e/screenshots/resubmit-*.png (look at them).
import { execFileSync } from 'node:child_process';
import {
  BASE, PHONE, assert, axeCheck, check, equal, loginForm, mainText, noSidewaysScroll, runTest,
  screenshot,
} from './lib.mjs';

const DESKTOP = { viewport: { width: 1280, height: 800 }, locale: 'nl-NL', bypassCSP: true }; // bypassCSP: for axe
const NL_PHONE = { ...PHONE, locale: 'nl-NL' };
const MESSAGE = 'Uw sessie was verlopen of het formulier was te oud. Controleer uw invoer en verstuur opnieuw.';

// The id of judo-noord's first session (2025-09-02, long past), from the daemon's database.
function heldSession() {
  const out = execFileSync('sqlite3', ['-readonly', '-cmd', '.timeout 5000', process.env.E2E_DB,
    "SELECT s.id FROM sessions s JOIN activities a ON a.id = s.activity_id WHERE a.key = 'judo-noord' AND s.cancelled = 0 ORDER BY s.date LIMIT 1"]).toString().trim();
  assert(/^\d+$/.test(out), `no session of judo-noord: ${out}`);
  return out;
}

// Fill the evaluation form at path with text as "Wat ging goed?".
async function fillEvaluation(page, path, text) {
  await page.goto(`${BASE}${path}`);
  await page.fill('#f-went_well', text);
  await page.fill('#f-to_change', 'niets');
  await page.check('#f-as_planned');
}

await runTest(import.meta.url, async (browser) => {
  const path = `/sessions/${heldSession()}/evaluation`;
  for (const [label, options] of [['phone', NL_PHONE], ['desktop', DESKTOP]]) {
    const ctx = await browser.newContext(options);
    const page = await ctx.newPage();
    await loginForm(page, 'lead@test.nl', 'wachtwoord-123');
    const text = `Op de ${label} geschreven: iedereen deed mee.\nDaan <b>hielp</b> met opruimen & de zaal was op tijd leeg.`;

    await check(`${label}: a stale token gives the text back and the button saves it`, async () => {
      await fillEvaluation(page, path, text);
      await page.evaluate(() => { document.querySelector('main input[name=csrf]').value = 'verlopen'; });
      const [answer] = await Promise.all([page.waitForNavigation(), page.click('main button[type=submit]')]);
      equal(answer.status(), 403, 'status');
      assert((await mainText(page)).includes(MESSAGE), 'the message');
      equal(await page.inputValue('textarea[name=went_well]'), text, 'the text kept');
      if (label === 'phone') await noSidewaysScroll(page);
      await screenshot(page, `resubmit-stale-${label}`);
      await axeCheck(page, `the re-submit page (${label})`);
      const [saved] = await Promise.all([page.waitForNavigation(), page.click('main button[type=submit]')]);
      equal(saved.status(), 200, 'after the re-submit');
      equal(new URL(page.url()).pathname, path, 'back on the evaluation');
      equal(await page.inputValue('#f-went_well'), text, 'the text saved');
    });

    await check(`${label}: an ended login gives the text back with a link to log in`, async () => {
      await fillEvaluation(page, path, `${text} (tweede keer)`);
      await ctx.clearCookies();
      const [answer] = await Promise.all([page.waitForNavigation(), page.click('main button[type=submit]')]);
      equal(answer.status(), 401, 'status');
      const main = await mainText(page);
      assert(main.includes(MESSAGE), 'the message');
      assert(main.includes('u kunt hem ook kopiëren'), 'the text is said to be kept');
      equal(await page.inputValue('textarea[name=went_well]'), `${text} (tweede keer)`, 'the text kept');
      const href = await page.getAttribute('a:has-text("Opnieuw inloggen")', 'href');
      equal(href, `/login?next=${encodeURIComponent(path)}`, 'login link');
      if (label === 'phone') await noSidewaysScroll(page);
      await screenshot(page, `resubmit-login-${label}`);
      await axeCheck(page, `the re-submit page without a login (${label})`);
    });
    await ctx.close();
  }
});
