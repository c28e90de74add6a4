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

test('an outcome asks when things happened: errors in the GOV.UK pattern, dates counted from the day given, in the record too, and taken back', async () => {
  // At the top level, so a referral is counted from today as well.
  const walk = WALKS.find((w) => w.name.includes('missing') && /^[a-z]+-[34]-/.test(w.name) && !w.direct && w.happened.length === 0);
  assert.ok(walk, 'a top-level scenario about a child going missing, with no date given');
  const { context, page, errors } = await open(browser, { now: walk.now_utc });
  await walkThrough(page, walk, { checkA11y: false });
  const main = page.locator('main');
  const row = main.locator('.summary-row', { hasText: 'Return home interview after a missing episode' });
  assert.match(await row.innerText(), /Not dated yet/);

  await main.getByRole('button', { name: /^Give the date\W+When did the child come back\?$/ }).click();
  await page.waitForFunction(() => document.activeElement?.id === 'event-date');
  await axeEveryWidth(page, 'outcome with a date form open');
  // Two days ahead of the scenario's moment: something that has happened cannot be later.
  const now = new Date(walk.now_utc);
  const day = (offset) => new Date(now.getTime() + offset * 86400000);
  const ahead = day(2);
  await fillDate(main, String(ahead.getUTCDate()), String(ahead.getUTCMonth() + 1), String(ahead.getUTCFullYear()), '10:00');
  await main.getByRole('button', { name: 'Use this date' }).click();
  const summary = main.locator('.error-summary');
  await summary.waitFor();
  await page.waitForFunction(() => document.activeElement?.classList.contains('error-summary'));
  assert.match(await summary.innerText(), /The date must be today or in the past/);
  assert.equal(await main.getByLabel('Day', { exact: true }).getAttribute('aria-invalid'), 'true');
  assert.equal(await main.getByLabel('Day', { exact: true }).inputValue(), String(ahead.getUTCDate()), 'nothing typed is lost');
  await axeEveryWidth(page, 'outcome date form with an error');

  const back = day(-2);
  await fillDate(main, String(back.getUTCDate()), String(back.getUTCMonth() + 1), String(back.getUTCFullYear()), '10:00');
  await main.getByRole('button', { name: 'Use this date' }).click();
  await page.waitForFunction(() => document.activeElement?.id === 'timescales');
  const dated = await row.innerText();
  assert.match(dated, /^Return home interview after a missing episode\s+by \w+day \d+ \w+ \d{4} at 10:00 \(72 hours from the child's return, on \w+day \d+ \w+ \d{4} at 10:00 as you gave it\)/);
  assert.match(await main.innerText(), /When did the child come back\? You gave \w+day \d+ \w+ \d{4} at 10:00\./);
  await axeEveryWidth(page, 'outcome with a date given');
  // The record says the same.
  await main.getByText('Show the record').click();
  const record = main.locator('pre.record');
  await record.waitFor();
  assert.match(await record.innerText(), /72 hours from the child's return, on .* at 10:00 as you gave it/);

  // Something taken as today can be given another day, and counted from today again.
  await main.getByRole('button', { name: /^Give the date\W+When did you recognise the risk\?$/ }).click();
  await page.waitForFunction(() => document.activeElement?.id === 'event-date');
  await main.getByRole('button', { name: 'Cancel' }).click();
  await page.waitForFunction(() => document.activeElement?.id === 'timescales');
  assert.equal(await main.getByRole('button', { name: 'Use this date' }).count(), 0, 'the form is closed');

  await main.getByRole('button', { name: /^Remove the date\W+When did the child come back\?$/ }).click();
  await page.waitForFunction(() => document.activeElement?.id === 'timescales');
  assert.match(await row.innerText(), /Not dated yet/);
  assert.match(page.url(), /#\/worried\/result$/, 'the address never holds a date or an answer');
  assert.deepEqual(errors, []);
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
