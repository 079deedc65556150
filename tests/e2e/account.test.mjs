// Browser test of accounts people run themselves (issue 10, point 2), on a 390×844 phone and a
// 1280×800 desktop: the login page says what verrijkt is and links to /register and the
// forgotten password; "Wachtwoord vergeten?" mails a link (read here from the outbox in the
// daemon's database, E2E_DB from run.sh), the link sets a new password once and lands on the
// login page with the message, a used link gets a page that offers a new one; /account shows
// one's own account (reached from the name in the header) and changes the password, with the
// message at the field for a wrong current password. axe-core runs on each page; screenshots go
// to tests/e2e/screenshots/account-*.png (look at them).
import { execFileSync } from 'node:child_process';
import {
  BASE, PHONE, apiLogin, assert, axeCheck, check, equal, mainText, noSidewaysScroll, post,
  runTest, screenshot,
} from './lib.mjs';

const run = Date.now().toString(36).slice(-5);
const EMAIL = `e2e-account-${run}@test.nl`;
const FIRST = 'wachtwoord-123';
const SECOND = 'een nieuw wachtwoord';
const THIRD = 'nog een ander wachtwoord';
const DESKTOP = { viewport: { width: 1280, height: 800 }, locale: 'nl-NL' };
const NL_PHONE = { ...PHONE, locale: 'nl-NL' }; // the texts checked are the Dutch ones

// The reset link in the newest outbox message to EMAIL.
function mailedLink() {
  const body = execFileSync('sqlite3', ['-readonly', '-cmd', '.timeout 5000', process.env.E2E_DB,
    `SELECT body FROM outbox WHERE to_email = '${EMAIL}' ORDER BY id DESC LIMIT 1`]).toString();
  const m = /(https?:\/\/\S+\/password\/reset\/[0-9a-f]{64})/.exec(body);
  assert(m, `no reset link in the outbox: ${body.slice(0, 200)}`);
  return new URL(m[1]).pathname; // the daemon's public_url may differ from BASE
}

async function shots(browser, path, name) {
  for (const [label, options] of [['phone', NL_PHONE], ['desktop', DESKTOP]]) {
    const ctx = await browser.newContext(options);
    const p = await ctx.newPage();
    await p.goto(`${BASE}${path}`);
    await screenshot(p, `account-${name}-${label}`);
    await ctx.close();
  }
}

await runTest(import.meta.url, async (browser) => {
  const lead = await apiLogin('lead@test.nl', FIRST);
  try {
    await post(lead, '/accounts', { email: EMAIL, name: `Ouder ${run}`, role: 'parent', school: '', staff: '', password: FIRST }, 201);
  } finally {
    await lead.dispose();
  }
  const phone = await browser.newContext(NL_PHONE);
  const page = await phone.newPage();

  await check('the login page says what verrijkt is and offers register and forgot', async () => {
    await page.goto(`${BASE}/login`);
    const text = await mainText(page);
    assert(text.includes('verrijkt is de inschrijving'), 'intro line');
    equal(await page.getAttribute('a:has-text("Account aanmaken met koppelcode")', 'href'), '/register', 'register link');
    equal(await page.getAttribute('a:has-text("Wachtwoord vergeten?")', 'href'), '/password/forgot', 'forgot link');
    await noSidewaysScroll(page);
  });
  await shots(browser, '/login', 'login');
  await axeCheck(page, 'the login page');

  await check('forgot: the link is mailed, the page does not tell whether the address is known', async () => {
    await Promise.all([page.waitForNavigation(), page.click('a:has-text("Wachtwoord vergeten?")')]);
    equal(new URL(page.url()).pathname, '/password/forgot', 'forgot page');
    await page.fill('#f-email', EMAIL);
    await Promise.all([page.waitForNavigation(), page.click('main button[type=submit]')]);
    assert((await mainText(page)).includes(`Als er een account is met het adres ${EMAIL}`), 'sent text');
    await noSidewaysScroll(page);
  });
  await screenshot(page, 'account-sent-phone');
  await axeCheck(page, 'the link-sent page');
  await shots(browser, '/password/forgot', 'forgot');

  const link = mailedLink();
  await shots(browser, link, 'reset');
  await check('the link: a short password is refused at the field, then the new one is set', async () => {
    await page.goto(`${BASE}${link}`);
    assert((await mainText(page)).includes(EMAIL), 'the account named');
    await page.fill('#f-new_password', 'kort');
    await Promise.all([page.waitForNavigation(), page.click('main button[type=submit]')]);
    assert(await page.isVisible('.error-summary'), 'error summary');
    assert((await page.textContent('#e-new_password')).includes('minstens 10'), 'message at the field');
    await screenshot(page, 'account-reset-error-phone');
    await page.fill('#f-new_password', SECOND);
    await Promise.all([page.waitForNavigation(), page.click('main button[type=submit]')]);
    equal(new URL(page.url()).pathname, '/login', 'lands on /login');
    assert((await page.textContent('.notice--ok')).includes('Uw wachtwoord is gewijzigd'), 'flash');
  });
  await screenshot(page, 'account-reset-done-phone');
  await axeCheck(page, 'the login page after the reset');

  await check('a used link gets a clear page that offers a new one', async () => {
    const res = await page.goto(`${BASE}${link}`);
    equal(res.status(), 410, 'status');
    equal(await page.getAttribute('main a.button', 'href'), '/password/forgot', 'new-link button');
  });
  await screenshot(page, 'account-invalid-phone');
  await axeCheck(page, 'the used-link page');

  await check('log in with the new password; the name in the header leads to /account', async () => {
    await page.goto(`${BASE}/login`);
    await page.fill('#f-email', EMAIL);
    await page.fill('#f-password', SECOND);
    await Promise.all([page.waitForNavigation(), page.click('main button[type=submit]')]);
    await Promise.all([page.waitForNavigation(), page.click('a[href="/account"]')]);
    const text = await mainText(page);
    assert(text.includes(EMAIL) && text.includes(`Ouder ${run}`) && text.includes('ouder'), 'account details');
    await noSidewaysScroll(page);
  });
  await screenshot(page, 'account-show-phone');
  await axeCheck(page, 'the account page');

  await check('a wrong current password: 422 with the message at the field; then the change', async () => {
    await page.fill('#f-current_password', 'helemaal fout wachtwoord');
    await page.fill('#f-new_password', THIRD);
    await Promise.all([page.waitForNavigation(), page.click('main button[type=submit]')]);
    equal((await page.textContent('#e-current_password')).trim(), 'Dit is niet uw huidige wachtwoord.', 'message');
    await screenshot(page, 'account-error-phone');
    await page.fill('#f-current_password', SECOND);
    await page.fill('#f-new_password', THIRD);
    await Promise.all([page.waitForNavigation(), page.click('main button[type=submit]')]);
    equal(new URL(page.url()).pathname, '/account', 'back on /account');
    assert((await page.textContent('.notice--ok')).includes('Uw wachtwoord is gewijzigd'), 'flash');
  });
  await axeCheck(page, 'the account page with the flash');
  const desk = await browser.newContext(DESKTOP);
  const dp = await desk.newPage();
  await dp.goto(`${BASE}/login`);
  await dp.fill('#f-email', EMAIL);
  await dp.fill('#f-password', THIRD);
  await Promise.all([dp.waitForNavigation(), dp.click('main button[type=submit]')]);
  await dp.goto(`${BASE}/account`);
  await screenshot(dp, 'account-show-desktop');
  await desk.close();
  await phone.close();
});
