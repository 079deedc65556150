// What the browser tests share: the checks and their count, assertions, axe-core, screenshots,
// dates relative to today, the JSON API as a logged-in user, a daemon of a test's own on the
// demo, and the run of one test file (browser launched, results written for run.sh, exit
// status). Not a test itself: run.sh runs only tests/e2e/*.test.mjs.
import { chromium, request } from 'playwright-core';
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { basename, dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

export const here = dirname(fileURLToPath(import.meta.url));
const shots = join(here, 'screenshots');
export const BASE = process.env.BASE_URL || 'http://127.0.0.1:8080';
const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
mkdirSync(shots, { recursive: true });

// The phone every test looks at the pages on; spread into newContext's options.
export const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, bypassCSP: true };

const counts = { passed: 0, failed: 0 };

// Run one check; a thrown error or a failed assertion makes it fail. Returns whether it passed.
export async function check(name, fn) {
  try {
    await fn();
    counts.passed++;
    console.log(`ok - ${name}`);
    return true;
  } catch (err) {
    counts.failed++;
    console.log(`not ok - ${name}\n    ${String(err && err.stack || err).split('\n').slice(0, 4).join('\n    ')}`);
    return false;
  }
}

export function assert(cond, message) {
  if (!cond) throw new Error(message);
}

export function equal(actual, expected, what) {
  if (actual !== expected) throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

// axe-core on the page's current document (WCAG 2.0/2.1 A and AA rules); violations fail.
// The page's CSP allows only 'self' scripts, so axe runs in a context that bypasses CSP.
export async function axeCheck(page, label) {
  await check(`axe: no WCAG A/AA violations on ${label}`, async () => {
    await page.addScriptTag({ path: axePath });
    const result = await page.evaluate(async () => {
      // eslint-disable-next-line no-undef
      const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
      return r.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
    });
    assert(result.length === 0, `${result.length} violation(s):\n      ${result.join('\n      ')}`);
  });
}

// A screenshot to tests/e2e/screenshots/NAME.png, of the whole page unless fullPage is false.
export async function screenshot(page, name, fullPage = true) {
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage });
}

// The page's main text with runs of white space made one space.
export async function mainText(page) {
  return (await page.textContent('main')).replace(/\s+/g, ' ');
}

// Throws when the page is wider than the 390-pixel phone.
export async function noSidewaysScroll(page) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert(width <= 390, `the page is ${width}px wide`);
}

// Logs in through the login form (the page lands on /); base: another daemon than run.sh's.
export async function loginForm(page, email, password, base = BASE) {
  await page.goto(`${base}/login`);
  await page.fill('#f-email', email);
  await page.fill('#f-password', password);
  await Promise.all([page.waitForNavigation(), page.click('main button[type=submit]')]);
  equal(new URL(page.url()).pathname, '/', 'page after login');
}

// ---- dates relative to today (local time, as the daemon sees it) -------------------------------

function pad(n) {
  return String(n).padStart(2, '0');
}

// Today + offset days at noon (noon: a change of summer time never moves the date).
export function dayAt(offset) {
  const d = new Date();
  d.setHours(12, 0, 0, 0);
  d.setDate(d.getDate() + offset);
  return d;
}

export function isoDay(offset) {
  const d = dayAt(offset);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

// ---- the JSON API -------------------------------------------------------------------------------

// A request context that asks for JSON, logged in as EMAIL; the caller disposes of it.
export async function apiLogin(email, password) {
  const api = await request.newContext({ baseURL: BASE, extraHTTPHeaders: { Accept: 'application/json' } });
  try {
    const form = await api.get('/login', { headers: { Accept: 'text/html' } });
    const csrf = /name="csrf" value="([^"]+)"/.exec(await form.text())?.[1];
    assert(csrf, 'no csrf field on /login');
    const login = await api.post('/login', { form: { csrf, email, password }, maxRedirects: 0 });
    equal(login.status(), 200, 'login status');
    equal((await login.json()).ok, true, 'login answer');
    return api;
  } catch (err) {
    await api.dispose();
    throw err;
  }
}

// POST a form with the session's CSRF token; the JSON answer, or an error naming the status.
export async function post(api, path, form, expected) {
  const home = await api.get('/');
  const csrf = (await home.json()).csrf;
  assert(csrf, `no csrf in GET / (status ${home.status()})`);
  const res = await api.post(path, { form: { csrf, ...form }, maxRedirects: 0 });
  const body = await res.text();
  equal(res.status(), expected, `POST ${path} status (${body.slice(0, 300)})`);
  return JSON.parse(body);
}

// ---- a daemon of a test's own on the demo -------------------------------------------------------

const root = resolve(here, '..', '..');

// A free port: the kernel picks one for a socket bound to port 0, and we take it over.
function freePort() {
  return new Promise((done, fail) => {
    const server = createServer();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

// A daemon on a fresh demo database (`verrijkt seed-demo`, generated around today), for a test
// that needs the demo rather than run.sh's fixture; started as run.sh starts its daemon: a temp
// folder, the binary $VERRIJKT_BIN or build/verrijkt (relative to the source tree), the tree's
// templates and static files, per_ip_limit 200, a free port, /healthz awaited for 10 s.
// Returns { base, dir, stop }: stop() sends SIGTERM (SIGKILL after 10 s), removes the folder
// and returns the exit status (0 when the daemon stopped cleanly, null when it had to be
// killed). When the test process ends or is terminated without stop(), the daemon is killed.
export async function startDemoDaemon() {
  const bin = resolve(root, process.env.VERRIJKT_BIN || 'build/verrijkt');
  const dir = mkdtempSync('/tmp/verrijkt-e2e-demo.');
  const db = join(dir, 'demo.db');
  const logPath = join(dir, 'serve.log');
  const remove = () => rmSync(dir, { recursive: true, force: true });
  try {
    execFileSync(bin, ['seed-demo', '--db', db], { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (err) {
    remove();
    throw new Error(`seed-demo failed: ${err.stderr || err.message}`);
  }
  writeFileSync(join(dir, 'config.ini'),
    `[server]\ntemplates = ${root}/templates\nstatic = ${root}/static\nper_ip_limit = 200\n`);
  const port = await freePort();
  const log = openSync(logPath, 'w');
  const child = spawn(bin, ['serve', '--config', join(dir, 'config.ini'), '--db', db, '--listen', `127.0.0.1:${port}`],
    { stdio: ['ignore', log, log] });
  closeSync(log);
  let status;
  const exited = new Promise((done) => child.on('exit', (code) => { status = code; done(); }));
  const killNow = () => {
    if (status === undefined) child.kill('SIGKILL');
    remove();
  };
  const terminated = () => {
    killNow();
    process.exit(1);
  };
  process.on('exit', killNow);
  process.once('SIGTERM', terminated);
  const base = `http://127.0.0.1:${port}`;
  let up = false;
  for (let i = 0; i < 100 && !up && status === undefined; i++) {
    try {
      up = (await fetch(`${base}/healthz`)).ok;
    } catch {
      up = false;
    }
    if (!up) await sleep(100);
  }
  if (!up) {
    const output = readFileSync(logPath, 'utf8');
    killNow();
    throw new Error(`the demo daemon did not start: ${output}`);
  }
  async function stop() {
    if (status === undefined) {
      child.kill('SIGTERM');
      await Promise.race([exited, sleep(10000)]);
    }
    const clean = status === undefined ? null : status;
    const output = readFileSync(logPath, 'utf8');
    killNow();
    process.off('exit', killNow);
    process.off('SIGTERM', terminated);
    if (clean !== 0) console.log(`    the demo daemon's log ends:\n${output.split('\n').slice(-20).join('\n')}`);
    return clean;
  }
  return { base, dir, stop };
}

// ---- one test file ------------------------------------------------------------------------------

// Launches Debian's chromium, runs body(browser), and ends the process: an exception that stops
// the body counts as one failure; the counts go to RESULTS_FILE (read by run.sh) and to a last
// line "FILE: N passed, N failed"; the exit status is 1 when anything failed. testUrl is the
// test's import.meta.url.
export async function runTest(testUrl, body) {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    await body(browser);
  } catch (err) {
    counts.failed++;
    console.log(`not ok - the test stopped: ${err && err.stack || err}`);
  } finally {
    await browser.close();
  }
  const { passed, failed } = counts;
  if (process.env.RESULTS_FILE) writeFileSync(process.env.RESULTS_FILE, `${passed} ${failed}\n`);
  console.log(`${basename(fileURLToPath(testUrl))}: ${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}
