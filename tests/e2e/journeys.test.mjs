// Browser tests: every practitioner scenario walked through the real app in Chromium by
// clicking labels (never calling the engine), with axe-core on every page, and checks that
// nothing leaves the origin, nothing is stored and no answer reaches the address bar.
// Run by `cargo xtask test` (or `cargo xtask e2e`), which serves the site and writes the walks.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const BASE = process.env.E2E_BASE_URL;
const WALKS = JSON.parse(readFileSync(process.env.E2E_WALKS, 'utf8'));
const AXE = readFileSync(join(process.env.E2E_ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

let browser;
before(async () => {
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
  });
});
after(async () => { await browser?.close(); });

/** A fresh browser context (its own profile: no cookies, no storage) watching every request. */
async function open({ width = 1280, bypassCSP = true, now } = {}) {
  const context = await browser.newContext({ viewport: { width, height: 900 }, bypassCSP });
  const page = await context.newPage();
  const requests = [];
  const errors = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => errors.push(e.message));
  if (now) await page.clock.setFixedTime(new Date(now));
  return { context, page, requests, errors };
}

async function axe(page, where) {
  if (!(await page.evaluate(() => typeof window.axe !== 'undefined'))) await page.addScriptTag({ content: AXE });
  const result = await page.evaluate((tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags } }), WCAG);
  const problems = result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
  assert.deepEqual(problems, [], `accessibility violations on ${where}`);
}

async function heading(page) {
  return (await page.locator('main h1').first().innerText()).trim();
}

/** Answers one question page by clicking its labels, then Continue. */
async function answer(page, step) {
  await page.locator('main h1', { hasText: step.question }).first().waitFor();
  assert.equal(await heading(page), step.question);
  const main = page.locator('main');
  if (step.kind === 'choice') {
    await main.getByLabel(step.label, { exact: true }).check();
  } else if (step.kind === 'multi') {
    for (const label of step.labels) await main.getByLabel(label, { exact: true }).check();
  } else if (step.kind === 'indicators') {
    for (const tick of step.ticks) {
      await main.locator(`label[for="ind-${tick.id}"]`).click();
      if (tick.not_sure) await main.locator(`label[for="ind-${tick.id}-not-sure"]`).click();
    }
  } else if (step.kind === 'date') {
    await main.getByLabel('Day', { exact: true }).fill(step.day);
    await main.getByLabel('Month', { exact: true }).fill(step.month);
    await main.getByLabel('Year', { exact: true }).fill(step.year);
  }
  await main.getByRole('button', { name: 'Continue' }).click();
}

async function expectOutcome(page, walk) {
  await page.waitForFunction(() => location.hash.endsWith('/result'));
  await page.locator('main h1', { hasText: walk.heading }).first().waitFor();
  assert.equal(await heading(page), walk.heading, `${walk.name}: outcome heading`);
  const text = await page.locator('main').innerText();
  if (walk.contact) assert.ok(text.includes(walk.contact), `${walk.name}: contact "${walk.contact}" is shown`);
  if (walk.procedure) assert.ok(await page.locator(`main a[href="${walk.procedure}"]`).count() > 0, `${walk.name}: procedure link`);
  assert.ok(text.includes('Guidance version') || (await page.locator('footer').innerText()).includes('Guidance version'));
}

/** Walks a scenario from the start page, checking every page with axe. */
async function walkThrough(page, walk, { checkA11y = true } = {}) {
  await page.goto(`${BASE}/#/${walk.flow}`);
  await page.locator('main h1').first().waitFor();
  if (checkA11y) await axe(page, `${walk.flow} start`);
  await page.getByRole('button', { name: 'Start now' }).click();
  for (const step of walk.steps) {
    await page.locator('main h1').first().waitFor();
    if (checkA11y) await axe(page, `${walk.name}: ${step.question}`);
    await answer(page, step);
  }
  await page.locator('main h1', { hasText: 'Check your answers' }).waitFor();
  if (checkA11y) await axe(page, `${walk.name}: check answers`);
  await page.getByRole('button', { name: 'See what to do' }).click();
  await expectOutcome(page, walk);
  if (checkA11y) await axe(page, `${walk.name}: outcome`);
}

for (const walk of WALKS) {
  test(`scenario ${walk.name}: ${walk.title}`, async () => {
    const { context, page, requests, errors } = await open({ now: walk.now_utc });
    await walkThrough(page, walk);
    const origin = new URL(BASE).origin;
    const foreign = requests.filter((u) => !u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:'));
    assert.deepEqual(foreign, [], 'no request leaves the origin');
    assert.deepEqual(await context.cookies(), [], 'no cookies');
    assert.equal(await page.evaluate(() => localStorage.length + sessionStorage.length), 0, 'nothing stored');
    assert.match(new URL(page.url()).hash, /^#\/[a-z-]+\/result$/, 'the address holds no answers');
    assert.deepEqual(errors, [], 'no page errors');
    await context.close();
  });
}

test('the app works under its own Content-Security-Policy with no violations', async () => {
  const { context, page } = await open({ bypassCSP: false, now: WALKS[0].now_utc });
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  await walkThrough(page, WALKS[0], { checkA11y: false });
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  await context.close();
});

test('a journey can be completed with the keyboard alone', async () => {
  const walk = WALKS.find((w) => w.steps.every((s) => s.kind === 'choice' || s.kind === 'multi'));
  assert.ok(walk, 'a scenario with only choice and multi questions');
  const { context, page } = await open({ now: walk.now_utc });
  await page.goto(`${BASE}/#/${walk.flow}`);
  await page.locator('main h1').first().waitFor();
  /** Presses Tab until the focused element satisfies `is` (given `arg`), then returns. */
  const tabTo = async (is, what, arg) => {
    for (let i = 0; i < 80; i++) {
      await page.keyboard.press('Tab');
      if (await page.evaluate(is, arg)) return;
    }
    assert.fail(`could not reach ${what} with Tab`);
  };
  const focusedLabel = () => page.evaluate(() => document.activeElement?.labels?.[0]?.textContent?.trim());
  await tabTo(() => document.activeElement?.textContent?.trim() === 'Start now', 'Start now');
  await page.keyboard.press('Enter');
  for (const step of walk.steps) {
    await page.locator('main h1', { hasText: step.question }).waitFor();
    if (step.kind === 'choice') {
      // A radio group is one Tab stop; the arrow keys move through it, choosing as they go.
      await tabTo(() => document.activeElement?.type === 'radio', 'the answers');
      for (let i = 0; i < 20 && (await focusedLabel()) !== step.label; i++) await page.keyboard.press('ArrowDown');
      assert.equal(await focusedLabel(), step.label);
      await page.keyboard.press('Space');
    } else {
      for (const label of step.labels) {
        await tabTo((l) => document.activeElement?.labels?.[0]?.textContent?.trim() === l, `"${label}"`, label);
        await page.keyboard.press('Space');
      }
    }
    await tabTo(() => document.activeElement?.textContent?.trim() === 'Continue', 'Continue');
    await page.keyboard.press('Enter');
  }
  await page.locator('main h1', { hasText: 'Check your answers' }).waitFor();
  await tabTo(() => document.activeElement?.textContent?.trim() === 'See what to do', 'See what to do');
  await page.keyboard.press('Enter');
  await expectOutcome(page, walk);
  await context.close();
});

test('a journey works at 320 px wide without sideways scrolling', async () => {
  const walk = WALKS.find((w) => w.steps.some((s) => s.kind === 'indicators')) ?? WALKS[0];
  const { context, page } = await open({ width: 320, now: walk.now_utc });
  await walkThrough(page, walk);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px at 320px`);
  await context.close();
});

test('an unanswered question shows an error summary and keeps the page', async () => {
  const { context, page } = await open();
  await page.goto(`${BASE}/#/worried`);
  await page.getByRole('button', { name: 'Start now' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.locator('.error-summary').waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('error-summary')), true, 'focus moves to the summary');
  await axe(page, 'question with an error');
  assert.match(await page.locator('.error-summary').innerText(), /Select an answer/);
  await context.close();
});

test('procedure search finds chapters offline from the index', async () => {
  const { context, page } = await open();
  await page.goto(`${BASE}/#/procedures`);
  await page.getByLabel('Search the procedures').fill('section 47');
  const first = page.locator('main ul.list a').first();
  assert.match(await first.innerText(), /Section 47/);
  await axe(page, 'procedures');
  await page.goto(`${BASE}/#/about`);
  await page.locator('main h1', { hasText: 'About this guidance' }).waitFor();
  await axe(page, 'about');
  await context.close();
});

test('the accessibility check itself catches a planted problem', async () => {
  const { context, page } = await open();
  await page.goto(`${BASE}/#/about`);
  await page.locator('main h1').first().waitFor();
  await page.evaluate(() => {
    const img = document.createElement('img');
    img.src = 'data:,';
    document.querySelector('main').append(img);
  });
  await assert.rejects(() => axe(page, 'about with an image without alt text'), /image-alt/);
  await context.close();
});

test('an escalation plan is stored only when the user opts in, and "Clear and start again" removes it', async () => {
  const walk = WALKS.find((w) => w.flow === 'disagree' && w.steps.some((s) => s.kind === 'date') && w.heading === 'Your escalation plan');
  assert.ok(walk, 'an escalation scenario');
  const { context, page } = await open({ now: walk.now_utc });
  await walkThrough(page, walk, { checkA11y: false });
  assert.equal(await page.evaluate(() => localStorage.length), 0, 'nothing is stored before the user opts in');
  await page.getByRole('button', { name: 'Save on this device' }).click();
  await page.locator('.save .error-summary').waitFor();
  await page.getByLabel('A label for this plan').fill('Case 42');
  await page.getByLabel('Keep this plan on this device until I delete it').check();
  await page.getByRole('button', { name: 'Save on this device' }).click();
  await page.getByRole('link', { name: 'See your saved plans' }).waitFor();
  assert.equal(await page.evaluate(() => localStorage.length), 1);
  // A new visit (the page reloaded) still lists it, with its next due date.
  await page.goto(`${BASE}/#/saved`);
  await page.reload();
  await page.locator('main h2', { hasText: 'Case 42' }).waitFor();
  assert.match(await page.locator('main').innerText(), /Next: .* by |past their due dates/);
  await axe(page, 'saved plans');
  await page.getByRole('button', { name: 'Open Case 42' }).click();
  await page.locator('main h1', { hasText: walk.heading }).waitFor();
  await page.getByRole('button', { name: 'Clear and start again' }).click();
  await page.locator('main h1', { hasText: 'Sussex safeguarding' }).waitFor();
  assert.equal(await page.evaluate(() => localStorage.length), 0, 'clearing removes the saved plan');
  await context.close();
});
