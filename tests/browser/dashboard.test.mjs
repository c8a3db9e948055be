// Headless-Chromium test of the novacrm dashboard against the real server.
//
//   NOVACRM_BIN=/path/to/novacrm NOVACRM_SCREENSHOT_DIR=/tmp/shots node tests/browser/dashboard.test.mjs
//
// Makes a temporary workspace (novacrm init), issues a viewer token, starts `novacrm serve --listen
// 127.0.0.1:0`, then drives Debian's Chromium through the dashboard: sign-in, contacts, check, audit
// detail, metrics, and the viewer's reduced contacts page. One line per step; exit 1 on any failure.
// NOVACRM_DASHBOARD_DIR, when the caller sets it, reaches the server through the inherited environment.

import assert from 'node:assert/strict';
import { spawn, execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { chromium } from 'playwright-core';

const TOTAL_TIMEOUT_MS = 90_000;
const STEP_TIMEOUT_MS = 15_000;
const TOKEN_RE = /v4\.public\.[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)?/;
const CHROMIUM = process.env.NOVACRM_CHROMIUM || '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const BIN = process.env.NOVACRM_BIN;
const SHOTS = process.env.NOVACRM_SCREENSHOT_DIR;
if (!BIN || !SHOTS) {
  console.error('usage: NOVACRM_BIN=/path/to/novacrm NOVACRM_SCREENSHOT_DIR=DIR node dashboard.test.mjs');
  process.exit(2);
}
fs.mkdirSync(SHOTS, { recursive: true });

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'novacrm-browser-'));
const home = path.join(tmp, 'home');
const profile = path.join(tmp, 'chromium-profile');
const env = { ...process.env, NOVACRM_HOME: home };
delete env.NOVACRM_TOKEN; // the tokens under test come from this workspace only

let server = null;
let serverExit = null; // resolves to {code, signal}
let serverLog = '';
let stopping = false; // set when the test itself stops the server
let context = null;
let page = null;
let passed = 0;
let failed = 0;
const pageErrors = [];

function run(args) {
  return new Promise((resolve, reject) => {
    execFile(BIN, args, { env, timeout: 20_000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`novacrm ${args.join(' ')} failed: ${err.message}\n${stderr}`));
      else resolve({ stdout, stderr });
    });
  });
}

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`${what}: timed out after ${ms} ms`)), ms); }),
  ]).finally(() => clearTimeout(timer));
}

function startServer() {
  server = spawn(BIN, ['serve', '--listen', '127.0.0.1:0'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  serverExit = new Promise((resolve) => server.on('exit', (code, signal) => resolve({ code, signal })));
  server.on('exit', (code, signal) => {
    if (!stopping) console.log(`    (the server exited by itself: code ${code}, signal ${signal})`);
  });
  server.stderr.on('data', (d) => { serverLog += d.toString(); });
  const lines = readline.createInterface({ input: server.stdout });
  return withTimeout(new Promise((resolve, reject) => {
    let first = true;
    lines.on('line', (line) => {
      if (!first) return;
      first = false;
      const m = /^novacrm serve: listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(line.trim());
      if (m) resolve(m[1]);
      else reject(new Error(`unexpected first line from the server: ${JSON.stringify(line)}`));
    });
    server.on('exit', (code, signal) => reject(new Error(`server exited early (code ${code}, signal ${signal}):\n${serverLog}`)));
    server.on('error', reject);
  }), 15_000, 'server start');
}

async function shot(page, name) {
  const file = path.join(SHOTS, name);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

async function step(name, fn) {
  const t0 = Date.now();
  try {
    await withTimeout(fn(), STEP_TIMEOUT_MS, name);
    passed += 1;
    console.log(`ok ${passed + failed} - ${name} (${Date.now() - t0} ms)`);
  } catch (e) {
    failed += 1;
    console.log(`not ok ${passed + failed} - ${name}`);
    console.log(String(e && e.stack ? e.stack : e).split('\n').map((l) => `    ${l}`).join('\n'));
    if (page && context) {
      const file = await shot(page, `failure-${passed + failed}.png`).catch(() => null);
      if (file) console.log(`    screenshot of the failure: ${file}`);
    }
    throw e;
  }
}

async function cleanup() {
  stopping = true;
  if (context) {
    await context.close().catch(() => {});
    context = null;
  }
  if (server && server.exitCode === null && server.signalCode === null) {
    server.kill('SIGKILL');
    await serverExit;
  }
  fs.rmSync(tmp, { recursive: true, force: true });
}

const hardStop = setTimeout(async () => {
  console.log(`not ok - the whole test timed out after ${TOTAL_TIMEOUT_MS} ms`);
  await cleanup().catch(() => {});
  console.log(`${passed} passed, ${failed + 1} failed`);
  process.exit(1);
}, TOTAL_TIMEOUT_MS);

async function main() {
  let adminToken;
  let viewerToken;
  let baseUrl;
  const tid = (id) => page.locator(`[data-testid="${id}"]`);

  await step('novacrm init prints the bootstrap admin token', async () => {
    const { stdout } = await run(['init']);
    const m = TOKEN_RE.exec(stdout);
    assert.ok(m, `no token in the output of init:\n${stdout}`);
    adminToken = m[0];
  });

  await step('novacrm token issue makes a viewer token', async () => {
    const { stdout } = await run(['token', 'issue', '--sub', 'viewer1', '--role', 'viewer', '--ttl', '1h']);
    const m = TOKEN_RE.exec(stdout);
    assert.ok(m, `no token in the output of token issue:\n${stdout}`);
    viewerToken = m[0];
    assert.notEqual(viewerToken, adminToken);
  });

  await step('novacrm serve listens on a free port', async () => {
    baseUrl = await startServer();
    const res = await fetch(`${baseUrl}/api/v1/health`);
    assert.equal(res.status, 200);
    const body = await res.json();
    assert.equal(body.status, 'ok');
  });

  await step('Chromium starts', async () => {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1366, height: 768 },
      offline: false,
    });
    page = context.pages()[0] || await context.newPage();
    page.setDefaultTimeout(10_000);
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    page.on('console', (msg) => {
      // HTTP errors the dashboard handles (the 401 of a bad token) are logged as "Failed to load resource"
      if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) pageErrors.push(`console: ${msg.text()}`);
    });
  });

  await step('sign-in page loads and refuses a bad token with the server\'s detail', async () => {
    await page.goto(`${baseUrl}/`);
    await tid('signin-form').waitFor();
    await shot(page, '01-signin.png');
    await tid('token-input').fill('v4.public.not-a-valid-token');
    await tid('signin-submit').click();
    await tid('alert').waitFor({ state: 'visible' });
    assert.match(await tid('alert').textContent(), /refused the token: \S/, 'the 401 problem detail is shown');
    await tid('signin-form').waitFor();
    assert.equal(await tid('whoami').isVisible(), false);
  });

  await step('admin signs in and sees who is signed in', async () => {
    await tid('token-input').fill(adminToken);
    await tid('signin-submit').click();
    await tid('whoami-role').waitFor();
    assert.equal((await tid('whoami-role').textContent()).trim(), 'admin');
    assert.equal(await tid('alert').isVisible(), false);
    assert.equal(await page.evaluate(() => sessionStorage.getItem('novacrm.token')), adminToken);
    for (const nav of ['contacts', 'clients', 'check', 'audit', 'metrics']) {
      assert.equal(await tid(`nav-${nav}`).count(), 1, `admin sees nav-${nav}`);
    }
  });

  await step('admin creates a contact through the form and sees it listed', async () => {
    await tid('nav-contacts').click();
    await tid('contacts-table').waitFor();
    await tid('contact-first-name').fill('Ada');
    await tid('contact-last-name').fill('Lovelace');
    await tid('contact-email').fill('ada.lovelace@example.com');
    await tid('contact-tags').fill('vip, lead');
    await tid('contact-submit').click();
    const row = page.locator('[data-testid="contact-row"]', { hasText: 'Lovelace' });
    await row.waitFor();
    const text = await row.textContent();
    assert.match(text, /Ada Lovelace/);
    assert.ok(!text.includes('ada.lovelace@example.com'), 'the list masks the email by default');
    assert.match(await tid('status').textContent(), /Created contact/);
    assert.equal(await row.locator('[data-testid="contact-delete"]').count(), 1, 'admin sees a delete button');
    assert.match(await tid('contacts-total').textContent(), /of 1\b/);
    await shot(page, '02-contacts.png');
  });

  let auditHref;
  await step('check of a text with an email and a card shows a BLOCK banner', async () => {
    await tid('nav-check').click();
    await tid('check-text').fill('Send the invoice to jane.roe@example.com, card 4111 1111 1111 1111');
    await tid('check-submit').click();
    const bannerEl = tid('check-banner');
    await bannerEl.waitFor();
    assert.equal(await bannerEl.getAttribute('data-action'), 'block');
    assert.equal((await tid('check-banner-action').textContent()).trim(), 'BLOCK');
    const findings = await tid('check-findings').textContent();
    assert.match(findings, /email/);
    assert.match(findings, /payment_card/);
    assert.ok(!findings.includes('jane.roe@example.com'), 'findings show masked excerpts only');
    const redacted = await tid('check-redacted').textContent();
    assert.match(redacted, /\[EMAIL\]/);
    assert.ok(!redacted.includes('jane.roe@example.com'));
    auditHref = await tid('check-audit-link').getAttribute('href');
    assert.match(auditHref, /^#\/audit\/[0-9a-f]{16}$/);
    await shot(page, '03-check.png');
  });

  await step('the audit link shows the record: input masked, trail verified, signed checkpoint', async () => {
    // sign a checkpoint with the CLI while the server runs (a second writer on the same trail)
    await run(['audit', 'checkpoint']);
    await tid('check-audit-link').click();
    await tid('audit-masked-input').waitFor();
    assert.equal(new URL(page.url()).hash, auditHref);
    const masked = await tid('audit-masked-input').textContent();
    assert.match(masked, /\[EMAIL\]/);
    assert.ok(!masked.includes('jane.roe@example.com'), 'the stored input is masked');
    assert.equal((await tid('audit-action').textContent()).trim(), 'check');
    assert.equal(await tid('audit-banner').getAttribute('data-action'), 'block');
    assert.equal((await tid('audit-id').textContent()).trim(), auditHref.split('/').pop());
    await tid('audit-verify-summary').waitFor();
    assert.match(await tid('audit-verify-summary').textContent(), /(\d+)\/\1 records valid/);
    await tid('audit-checkpoint-note').waitFor();
    const seq = Number(await tid('audit-seq').textContent());
    const size = Number(await tid('audit-checkpoint-size').textContent());
    assert.ok(size >= seq, `the checkpoint (size ${size}) covers record ${seq}`);
    assert.ok(!(await page.content()).includes('jane.roe@example.com'), 'no raw email anywhere on the page');
    await shot(page, '04-audit-detail.png');
  });

  await step('metrics page summarises GET /metrics', async () => {
    await tid('nav-metrics').click();
    await tid('metrics-requests').waitFor();
    const requests = (await tid('metrics-requests-value').textContent()).trim();
    const appends = (await tid('metrics-appends-value').textContent()).trim();
    const decisions = await page.locator('[data-testid="metrics-decisions-table"] tr[data-key]').evaluateAll(
      (rows) => rows.map((r) => `${r.dataset.key} ${r.lastElementChild.textContent}`).join(', '));
    console.log(`    metrics: requests ${requests}; audit appends ${appends}; decisions: ${decisions || 'none'}`);
    assert.ok(Number(requests) > 0, `requests is a positive count (${requests})`);
    assert.equal(await page.locator('[data-testid="metrics-decisions-table"] tr[data-key="block"]').count(), 1,
      'the blocked check is counted among the decisions');
    await shot(page, '05-metrics.png');
  });

  await step('sign out clears the token and returns to the sign-in page', async () => {
    await tid('sign-out').click();
    await tid('signin-form').waitFor();
    assert.equal(await page.evaluate(() => sessionStorage.getItem('novacrm.token')), null);
    assert.equal(await tid('whoami').isVisible(), false);
  });

  await step('viewer signs in and sees contacts without delete button or create form', async () => {
    await tid('token-input').fill(viewerToken);
    await tid('signin-submit').click();
    await tid('whoami-role').waitFor();
    assert.equal((await tid('whoami-role').textContent()).trim(), 'viewer');
    assert.equal((await tid('whoami-sub').textContent()).trim(), 'viewer1');
    await tid('nav-contacts').click();
    const row = page.locator('[data-testid="contact-row"]', { hasText: 'Lovelace' });
    await row.waitFor();
    assert.equal(await tid('contact-delete').count(), 0, 'no delete button for a viewer');
    assert.equal(await tid('contact-edit').count(), 0, 'no edit button for a viewer');
    assert.equal(await tid('contact-form').count(), 0, 'no create form for a viewer');
    assert.equal(await tid('contacts-reveal').count(), 0, 'no reveal control for a viewer');
    assert.equal(await tid('nav-check').count(), 0, 'no check page for a viewer');
    assert.equal(await tid('nav-audit').count(), 0, 'no audit page for a viewer');
    await shot(page, '06-viewer-contacts.png');
  });

  await step('no uncaught errors in the page', async () => {
    assert.deepEqual(pageErrors, []);
  });

  await step('SIGTERM stops the server with exit code 0', async () => {
    await context.close();
    context = null;
    stopping = true;
    server.kill('SIGTERM');
    const { code, signal } = await withTimeout(serverExit, 10_000, 'server exit');
    assert.equal(signal, null, `server died of ${signal}`);
    assert.equal(code, 0, `server exit code ${code}:\n${serverLog}`);
  });
}

try {
  await main();
  await cleanup();
  clearTimeout(hardStop);
  console.log(`screenshots in ${SHOTS}`);
  console.log(`${passed} passed, ${failed} failed`);
} catch {
  if (serverLog) console.log(`server stderr (last 2000 characters):\n${serverLog.slice(-2000)}`);
  await cleanup().catch(() => {});
  clearTimeout(hardStop);
  console.log(`${passed} passed, ${failed || 1} failed`);
  process.exit(1);
}
