// Browser tests of dates the practitioner gives: the timescales page (reached from the menu and
// from an outcome), its GOV.UK error pattern, holiday warnings, the calendar file, and the
// question before leaving a page that holds answers.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { BASE, WALKS, launch, open, axeEveryWidth, walkThrough, focusedElement } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** Fills the date boxes (and the time, if given). */
async function fillDate(main, day, month, year, time = '') {
  await main.getByLabel('Day', { exact: true }).fill(day);
  await main.getByLabel('Month', { exact: true }).fill(month);
  await main.getByLabel('Year', { exact: true }).fill(year);
  await main.getByLabel('Time (if known)', { exact: true }).fill(time);
}

/** Sends the form and returns the error summary's text, once it has focus. */
async function problem(page) {
  await page.getByRole('button', { name: 'Show the dates' }).click();
  const summary = page.locator('main .error-summary');
  await summary.waitFor();
  await page.waitForFunction(() => document.activeElement?.classList.contains('error-summary'));
  return (await summary.innerText()).replace('There is a problem', '').trim();
}

test('the timescales page: errors in the GOV.UK pattern, dates in hours from a time, holiday warnings and a calendar file', async () => {
  // 16:00 on Thursday 2 April 2026, the day before Good Friday (UK time is BST).
  const { context, page, requests, errors } = await open(browser, { now: '2026-04-02T15:00:00Z' });
  await page.goto(`${BASE}/`);
  await page.getByRole('navigation').getByRole('link', { name: 'Timescales', exact: true }).click();
  await page.locator('main h1', { hasText: 'Work out the dates that follow' }).waitFor();
  await axeEveryWidth(page, 'timescales page');
  const main = page.locator('main');

  assert.equal(await problem(page), 'Select what happened');
  await axeEveryWidth(page, 'timescales page with an error');
  // The summary's link moves focus to the field, and the address keeps the route.
  await main.locator('.error-summary a').click();
  assert.equal((await focusedElement(page)).type, 'radio');
  assert.match(page.url(), /#\/timescales$/);

  await main.getByLabel('An initial child protection conference was held').check();
  await fillDate(main, '', '', '', '14:00');
  assert.equal(await problem(page), 'Enter the date as well as the time');
  await fillDate(main, '30', '2', '2026', '14:00');
  assert.equal(await problem(page), 'Enter a real date, for example 27 3 2026');
  assert.equal(await main.getByLabel('Day', { exact: true }).inputValue(), '30', 'nothing typed is lost');
  assert.equal(await main.getByLabel('Day', { exact: true }).getAttribute('aria-invalid'), 'true');
  await fillDate(main, '3', '4', '2026', '14:00');
  assert.equal(await problem(page), 'The date must be today or in the past');
  await fillDate(main, '2', '4', '2026', '2pm');
  assert.equal(await problem(page), 'Enter the time in hours and minutes, for example 14:00');

  await fillDate(main, '2', '4', '2026', '14:00');
  await page.getByRole('button', { name: 'Show the dates' }).click();
  const results = main.locator('section', { has: page.locator('#dates-title') });
  await results.waitFor();
  await page.waitForFunction(() => document.activeElement?.id === 'dates-title');
  const shown = await results.innerText();
  assert.match(shown, /Raise professional dissent about a conference decision\s+by Sunday 5 April 2026 at 14:00/);
  assert.match(shown, /Good Friday falls in between, and Easter Monday straight after: do it before Thursday 2 April 2026 at 17:00 if you can/);
  assert.match(shown, /Core group/i, 'every timescale counted from the conference');
  await axeEveryWidth(page, 'timescales page with dates');

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Add to calendar (.ics)' }).click(),
  ]);
  assert.equal(download.suggestedFilename(), 'safeguarding-due-dates.ics');
  const ics = readFileSync(await download.path(), 'utf8');
  assert.match(ics, /^BEGIN:VCALENDAR\r\n/);
  assert.match(ics, /END:VCALENDAR\r\n$/);
  assert.match(ics, /DTSTART:20260405T130000Z/, '14:00 BST on Easter Sunday, in UTC');
  assert.ok(ics.split('\r\n').every((l) => Buffer.byteLength(l) <= 75), 'lines folded at 75 octets');
  assert.deepEqual(requests.filter((u) => !u.startsWith(BASE) && !u.startsWith('blob:') && !u.startsWith('data:')), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('an outcome offers to work out the timescales it cannot date, with the event chosen', async () => {
  const walk = WALKS.find((w) => w.name.includes('missing') && w.flow === 'worried' && !w.direct);
  assert.ok(walk, 'a scenario about a child going missing');
  const { context, page } = await open(browser, { now: walk.now_utc });
  await walkThrough(page, walk, { checkA11y: false });
  // The link's name says which timescale it is for (hidden text after "Work out the date").
  const link = page.locator('main').getByRole('link', { name: /^Work out the date\W+Return home interview/ });
  await link.click();
  await page.locator('main h1', { hasText: 'Work out the dates that follow' }).waitFor();
  assert.equal(await page.locator('main').getByLabel('A child who was missing came back').isChecked(), true);
  assert.match(page.url(), /#\/timescales\/child-returned$/, 'the address names the event, never an answer');
  await context.close();
});

test('leaving or reloading the page asks first while there are answers, and not before', async () => {
  const { context, page, dialogs } = await open(browser, { now: '2026-12-02T10:00:00Z' });
  await page.goto(`${BASE}/#/worried`);
  await page.getByRole('button', { name: 'Start now' }).click();
  await page.locator('main h1', { hasText: 'Is the child in immediate danger right now?' }).waitFor();
  await page.reload();
  await page.locator('main h1').first().waitFor();
  assert.deepEqual(dialogs, [], 'nothing to lose: no question');

  await page.goto(`${BASE}/#/worried`);
  await page.getByRole('button', { name: 'Start now' }).click();
  await page.locator('main').getByLabel('No', { exact: true }).check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.locator('main h1', { hasText: 'Where does the child live?' }).waitFor();
  await page.reload();
  await page.locator('main h1').first().waitFor();
  assert.deepEqual(dialogs, ['beforeunload'], 'with answers, the browser asks before reloading');
  await context.close();
});
