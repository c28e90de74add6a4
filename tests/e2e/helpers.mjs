// Shared helpers for the browser tests: launching Debian's Chromium, opening watched pages,
// running axe-core, and walking a scenario through the app by clicking its labels.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

export const BASE = process.env.E2E_BASE_URL;
// The scenario walks, when the harness wrote them (the load benchmark needs none).
export const WALKS = process.env.E2E_WALKS ? JSON.parse(readFileSync(process.env.E2E_WALKS, 'utf8')) : [];
const axeSource = () => readFileSync(join(process.env.E2E_ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');
export const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** Chromium as CI runs it: headless, sandbox off (containers), no background traffic. */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'];

/** Starts Debian's Chromium. */
export function launch() {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/** A fresh browser context (its own profile: no cookies, no storage) watching every request. */
export async function open(browser, { width = 1280, bypassCSP = true, now } = {}) {
  const context = await browser.newContext({ viewport: { width, height: 900 }, bypassCSP });
  const page = await context.newPage();
  const requests = [];
  const errors = [];
  // On the context, so requests made by the service worker are seen too.
  context.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => errors.push(e.message));
  // Leaving a page with answers asks first; tests that reload or leave on purpose agree, and
  // the dialogs are kept so a test can check which appeared.
  const dialogs = [];
  page.on('dialog', (d) => {
    dialogs.push(d.type());
    if (d.type() === 'beforeunload') d.accept(); else d.dismiss();
  });
  if (now) await page.clock.setFixedTime(new Date(now));
  return { context, page, requests, errors, dialogs };
}

export async function axe(page, where) {
  // Evaluated through the DevTools protocol, so a host page's strict CSP does not block it.
  if (!(await page.evaluate(() => typeof window.axe !== 'undefined'))) await page.evaluate(axeSource());
  const result = await page.evaluate((tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags } }), WCAG);
  const problems = result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
  assert.deepEqual(problems, [], `accessibility violations on ${where}`);
}

/**
 * axe-core at the page's own width and again at 320 px (the width WCAG's reflow criterion
 * names), where the page (on a host page, each widget) must not scroll sideways either;
 * returning to the first width after.
 */
export async function axeEveryWidth(page, where) {
  const size = page.viewportSize();
  await axe(page, `${where} at ${size.width} px`);
  await page.setViewportSize({ width: 320, height: size.height });
  try {
    await axe(page, `${where} at 320 px`);
    // Reflow (WCAG 1.4.10): nothing scrolls sideways at 320 px (so not at 375 px either).
    // On a host page the host's layout is the host's: each widget must fit its own box.
    const overflow = await page.evaluate(() => {
      const widgets = [...document.querySelectorAll('sussex-safeguarding-assistant')].map((w) => w.shadowRoot?.querySelector('.app')).filter(Boolean);
      const boxes = widgets.length ? widgets : [document.documentElement];
      return Math.max(...boxes.map((b) => b.scrollWidth - b.clientWidth));
    });
    assert.ok(overflow <= 0, `${where} scrolls sideways by ${overflow} px at 320 px`);
  } finally {
    await page.setViewportSize(size);
  }
}

export async function heading(page) {
  return (await page.locator('main h1').first().innerText()).trim();
}

/** Ticks signs found with the search of the signs on the page shown, each by its own words. */
export async function findSigns(page, ticks) {
  const main = page.locator('main');
  const search = main.getByLabel('Describe what you have seen or been told', { exact: true });
  for (const tick of ticks) {
    // The words the scenario says a practitioner would type, or else the sign's own words.
    await search.fill(tick.query ?? tick.text.replace(/[^A-Za-z0-9 ]/g, ' '));
    await main.locator('.sign-search [role="status"]', { hasText: 'found' }).waitFor();
    await main.locator(`label[for="found-${tick.id}"]`).click();
    await main.locator(`#found-${tick.id}-hint`, { hasText: 'Added to your answers' }).waitFor();
  }
  await search.fill('');
}

/** Answers one question page by clicking its labels (and finds the signs of `found`, a step
 * done with the search on this page), then Continue. */
export async function answer(page, step, found) {
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
    if (step.time) await main.getByLabel('Time (if known)', { exact: true }).fill(step.time);
  }
  if (found) await findSigns(page, found.ticks);
  await main.getByRole('button', { name: 'Continue' }).click();
}

/** Answers the outcome page's own follow-up question (on the 999 page: where the child lives). */
export async function answerFollowUp(page, walk) {
  await page.waitForFunction(() => location.hash.endsWith('/result'));
  const step = walk.follow_up;
  const main = page.locator('main');
  await main.locator('h2', { hasText: step.question }).waitFor();
  await main.getByLabel(step.label, { exact: true }).check();
  await main.getByRole('button', { name: 'Show the contacts for this answer' }).click();
  // The page stays; its contacts grow to those for the answer.
  await page.waitForFunction((n) => document.querySelectorAll('main .contacts .contact').length === n, walk.contacts.length);
}

export async function expectOutcome(page, walk) {
  await page.waitForFunction(() => location.hash.endsWith('/result'));
  await page.locator('main h1', { hasText: walk.heading }).first().waitFor();
  assert.equal(await heading(page), walk.heading, `${walk.name}: outcome heading`);
  const text = await page.locator('main').innerText();
  if (walk.contact) assert.ok(text.includes(walk.contact), `${walk.name}: contact "${walk.contact}" is shown`);
  for (const name of walk.contacts) assert.ok(text.includes(name), `${walk.name}: contact "${name}" is shown`);
  if (walk.procedure) assert.ok(await page.locator(`main a[href="${walk.procedure}"]`).count() > 0, `${walk.name}: procedure link`);
  // Each duty is shown first, before the level's general steps, with its contact card.
  const duties = page.locator('main .duties');
  if (walk.duties.length === 0) {
    assert.equal(await duties.count(), 0, `${walk.name}: no duties are shown`);
  } else {
    const section = await duties.innerText();
    for (const duty of walk.duties) {
      assert.ok(section.includes(duty.title), `${walk.name}: duty "${duty.title}" is shown first`);
      if (duty.contact) {
        assert.ok(section.includes(duty.contact), `${walk.name}: duty "${duty.title}" names ${duty.contact}`);
        const card = page.locator('main .contacts .contact', { hasText: duty.title });
        assert.ok((await card.count()) > 0, `${walk.name}: a contact card under "Who to contact now" is for "${duty.title}"`);
      }
    }
    const order = await page.evaluate(() => {
      const all = [...document.querySelectorAll('main .duties, main h2')];
      return all.findIndex((e) => e.classList?.contains('duties')) < all.findIndex((e) => e.textContent === 'What to do now');
    });
    assert.ok(order, `${walk.name}: the duties come before "What to do now"`);
  }
  assert.ok(text.includes('Guidance version') || (await page.locator('footer').innerText()).includes('Guidance version'));
}

/** Walks a scenario from the start page, checking every page with axe at 1280 and 320 px. */
export async function walkThrough(page, walk, { checkA11y = true } = {}) {
  await page.goto(`${BASE}/#/${walk.flow}`);
  await page.locator('main h1').first().waitFor();
  if (checkA11y) await axeEveryWidth(page, `${walk.flow} start`);
  await page.getByRole('button', { name: 'Start now' }).click();
  for (const [i, step] of walk.steps.entries()) {
    if (step.kind === 'found') continue; // done with the search on the page before
    await page.locator('main h1').first().waitFor();
    if (checkA11y) await axeEveryWidth(page, `${walk.name}: ${step.question}`);
    const next = walk.steps[i + 1];
    await answer(page, step, next?.kind === 'found' ? next : undefined);
  }
  if (!walk.direct) {
    await page.locator('main h1', { hasText: 'Check your answers' }).waitFor();
    if (checkA11y) await axeEveryWidth(page, `${walk.name}: check answers`);
    await page.getByRole('button', { name: 'See what to do' }).click();
  }
  if (walk.follow_up) await answerFollowUp(page, walk);
  await expectOutcome(page, walk);
  if (checkA11y) await axeEveryWidth(page, `${walk.name}: outcome`);
  for (const given of walk.happened ?? []) await giveDate(page, walk, given);
}

/** Gives the date of something the outcome's timescales are counted from, on the outcome
 *  page, and checks the due dates counted from it. */
export async function giveDate(page, walk, given) {
  const main = page.locator('main');
  const question = given.question.replace(/[.*+?^$()|[\]\\{}]/g, '\\$&');
  const opener = new RegExp(`^(Give|Change) the date\\W+${question}$`);
  await main.getByRole('button', { name: opener }).click();
  await page.waitForFunction(() => document.activeElement?.id === 'event-date');
  await main.getByLabel('Day', { exact: true }).fill(given.day);
  await main.getByLabel('Month', { exact: true }).fill(given.month);
  await main.getByLabel('Year', { exact: true }).fill(given.year);
  if (given.with_time) await main.getByLabel('Time (if known)', { exact: true }).fill(given.time);
  await main.getByRole('button', { name: 'Use this date' }).click();
  await page.waitForFunction(() => document.activeElement?.id === 'timescales');
  const text = await main.innerText();
  for (const due of given.dues) assert.ok(text.includes(`by ${due}`), `${walk.name}: due ${due} once "${given.question}" is given`);
  assert.ok(text.includes('as you gave it'), `${walk.name}: the page says the date was given`);
}

/** The addresses among `requests` that are not on `base`'s origin. */
export function foreign(requests, base = BASE) {
  const origin = new URL(base).origin;
  return requests.filter((u) => !u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:'));
}

/** The focused element, followed into shadow roots: its text, input type, label and href. */
export function focusedElement(page) {
  return page.evaluate(() => {
    let el = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    return { text: el?.textContent?.trim(), type: el?.type, label: el?.labels?.[0]?.textContent?.trim(), href: el?.href };
  });
}

/** Presses Tab until the focused element satisfies `is` (at most 200 times). */
export async function tabUntil(page, is, what) {
  for (let i = 0; i < 200; i++) {
    await page.keyboard.press('Tab');
    if (is(await focusedElement(page))) return;
  }
  assert.fail(`could not reach ${what} with Tab`);
}

/**
 * Walks `steps` of a journey with the keyboard alone, from its start page (or the page
 * linking to it by the text `via`) to the outcome:
 * Tab to each control, arrow keys within a radio group, Space to choose, Enter to go on.
 * Focus is followed into shadow roots, so the same walk drives the site and the widget.
 */
export async function keyboardWalk(page, scope, steps, { via } = {}) {
  const focused = () => focusedElement(page);
  const tabTo = (is, what) => tabUntil(page, is, what);
  // From another page first, if asked (the link whose text is `via`).
  if (via) {
    await tabTo((f) => f.text === via, via);
    await page.keyboard.press('Enter');
  }
  await tabTo((f) => f.text === 'Start now', 'Start now');
  await page.keyboard.press('Enter');
  for (const step of steps) {
    await scope.locator('main h1', { hasText: step.question }).waitFor();
    if (step.kind === 'choice') {
      // A radio group is one Tab stop; the arrow keys move through it, choosing as they go.
      await tabTo((f) => f.type === 'radio', 'the answers');
      for (let i = 0; i < 20 && (await focused()).label !== step.label; i++) await page.keyboard.press('ArrowDown');
      assert.equal((await focused()).label, step.label);
      await page.keyboard.press('Space');
    } else if (step.kind === 'indicators') {
      // Each sign is a checkbox; "how sure" is a radio group revealed under it.
      for (const tick of step.ticks) {
        await tabTo((f) => f.type === 'checkbox' && f.label?.startsWith(tick.text), `"${tick.text}"`);
        await page.keyboard.press('Space');
        if (tick.not_sure) {
          await tabTo((f) => f.type === 'radio', 'how sure');
          await page.keyboard.press('ArrowDown');
          assert.equal((await focused()).label, "I suspect it, or I'm not sure");
        }
      }
    } else {
      for (const label of step.labels) {
        await tabTo((f) => f.label === label, `"${label}"`);
        await page.keyboard.press('Space');
      }
    }
    await tabTo((f) => f.text === 'Continue', 'Continue');
    await page.keyboard.press('Enter');
  }
  await scope.locator('main h1', { hasText: 'Check your answers' }).waitFor();
  await tabTo((f) => f.text === 'See what to do', 'See what to do');
  await page.keyboard.press('Enter');
}

/**
 * Adds a widget to the host page's `main`, as the host's own script would (through the
 * DevTools protocol, since a strict CSP forbids inline script), and returns a locator for it.
 */
export async function addWidget(page, id, attributes) {
  await page.evaluate(({ id, attributes }) => {
    const widget = document.createElement('sussex-safeguarding-assistant');
    widget.id = id;
    for (const [name, value] of Object.entries(attributes)) widget.setAttribute(name, value);
    document.querySelector('main').append(widget);
  }, { id, attributes });
  return page.locator(`#${id}`);
}
