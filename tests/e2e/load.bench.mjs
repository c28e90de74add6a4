// Load times for `cargo xtask bench` (not a test: figures are reported, never asserted).
// Headless Chromium with 4× CPU throttling and Lighthouse's "slow 4G" network profile, set
// through the DevTools protocol; prints the median of each figure over RUNS fresh profiles
// as JSON: the first contentful paint and the moment the page shows a front door's number
// (the page as served holds them), the start page interactive on a first visit and the first
// question on screen when "Start now" is clicked the moment it shows, the start page on a
// later repeat visit with the network off (served from the service worker's cache), and
// from the last answer to the outcome page, and a key typed in the procedure search (a long page around the box).
// With BENCH_FLOOR_URL, each run also loads the minimal Yew counter app
// (the "floor") under the same throttling until its button shows, the two alternating which
// goes first, so that ours can be reported as a ratio of the floor measured alongside.
//
// The load times are taken by the page itself (`watch`): Playwright's own waits inject its
// selector engine into the page, whose parsing (about 50 ms at 4× CPU) fell on the page's
// main thread in the middle of the load being timed, ours and the floor's alike.

import { launch } from './helpers.mjs';

const BASE = process.env.E2E_BASE_URL;
const FLOOR = process.env.BENCH_FLOOR_URL;
// At least 7: the ratios swing by ±15 % between runs on a shared 2-core machine.
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
// Lighthouse's slow 4G as DevTools applies it: 150 ms RTT × 3.75, 1.6 Mbps × 0.9 down, 750 kbps × 0.9 up.
const SLOW_4G = { offline: false, latency: 562.5, downloadThroughput: (1.6e6 * 0.9) / 8, uploadThroughput: (750e3 * 0.9) / 8 };
const OFFLINE = { offline: true, latency: 0, downloadThroughput: -1, uploadThroughput: -1 };

const median = (xs) => (xs.some(Number.isNaN) ? NaN : [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]);

const browser = await launch();
const figures = { first_paint_ms: [], numbers_shown_ms: [], interactive_ms: [], first_question_ms: [], offline_repeat_ms: [], answer_to_outcome_ms: [], key_typed_ms: [] };
if (FLOOR) figures.floor_interactive_ms = [];

/** A fresh profile with one page, throttled. */
async function throttled() {
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', SLOW_4G);
  return { context, page, cdp };
}

/**
 * Has every document loaded in `context` report, from inside the page, the time since its
 * navigation began at which each of `marks` ({ name, selector, text? }) was first on screen:
 * the frame after an element matching `selector` (whose text is `text`, if given) entered
 * the document. Returns `shown(name)`: the time of that mark's next report; ask for it before
 * the navigation that reports it.
 */
async function watch(context, marks) {
  const waiting = new Map();
  await context.exposeBinding('__benchShown', (_, name, ms) => {
    waiting.get(name)?.(ms);
    waiting.delete(name);
  });
  await context.addInitScript((marks) => {
    const left = new Set(marks.map((m) => m.name));
    const observer = new MutationObserver(() => {
      for (const m of marks) {
        if (!left.has(m.name)) continue;
        const found = [...document.querySelectorAll(m.selector)].some((e) => m.text === undefined || e.textContent.trim() === m.text);
        if (!found) continue;
        left.delete(m.name);
        requestAnimationFrame(() => setTimeout(() => window.__benchShown(m.name, performance.now())));
      }
      if (left.size === 0) observer.disconnect();
    });
    observer.observe(document, { childList: true, subtree: true });
  }, marks);
  return (name) => new Promise((resolve) => waiting.set(name, resolve));
}

/** The floor: from navigation until its counter button is on screen. */
async function floor() {
  const { context, page } = await throttled();
  const shown = await watch(context, [{ name: 'button', selector: 'button' }]);
  const button = shown('button');
  await page.goto(`${FLOOR}/`, { waitUntil: 'commit' });
  figures.floor_interactive_ms.push(await button);
  await context.close();
}

for (let run = 0; run < RUNS; run++) {
  if (FLOOR && run % 2 === 0) await floor();
  const { context, page, cdp } = await throttled();
  const start = page.getByRole('button', { name: 'Start now' });
  const shown = await watch(context, [
    { name: 'numbers', selector: 'a[href^="tel:"]' },
    { name: 'start', selector: 'button', text: 'Start now' },
  ]);

  let [numbers, interactive] = [shown('numbers'), shown('start')];
  await page.goto(`${BASE}/#/worried`, { waitUntil: 'commit' });
  interactive = await interactive;
  // A page without numbers before its module (an older build) counts as never showing them.
  const beforeModule = await Promise.race([numbers, new Promise((resolve) => setTimeout(resolve, 1000, NaN))]);
  figures.numbers_shown_ms.push(beforeModule < interactive ? beforeModule : NaN);
  figures.interactive_ms.push(interactive);
  figures.first_paint_ms.push(
    await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN),
  );
  // "Start now" clicked the moment it shows: when the first question is on screen. The pack
  // follows the module, so a quick click may wait for it.
  figures.first_question_ms.push(
    await page.evaluate(
      () =>
        new Promise((resolve) => {
          [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Start now').click();
          const check = () => (/immediate danger/.test(document.querySelector('main h1')?.textContent ?? '')
            ? requestAnimationFrame(() => setTimeout(() => resolve(performance.now())))
            : requestAnimationFrame(check));
          check();
        }),
    ),
  );
  await page.evaluate(() => { location.hash = '#/worried'; });
  await start.waitFor();

  // A repeat visit comes later: the first visit's work in the background (the worker's
  // install, the browser storing what it compiled) is over, and the browser has stopped the
  // idle worker (Chromium does after 30 s). Reloading the moment the worker took control
  // timed that background work instead (about 600 ms in place of 300).
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  await page.waitForTimeout(1000);
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  await cdp.send('Network.emulateNetworkConditions', OFFLINE);
  interactive = shown('start');
  await page.reload({ waitUntil: 'commit' });
  figures.offline_repeat_ms.push(await interactive);

  // The shortest journey: "Yes" to immediate danger goes straight to the 999 outcome. Timed
  // in the page, from the button's click to the frame after the outcome's heading is in place:
  // the app's own time, without the test driver's round trips to the browser (which, at 4×
  // CPU, added some 300 ms to a click and a wait made from here).
  await start.click();
  await page.getByLabel('Yes', { exact: true }).check();
  figures.answer_to_outcome_ms.push(
    await page.evaluate(
      () =>
        new Promise((resolve) => {
          const button = [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Continue');
          const start = performance.now();
          const arrived = () => location.hash.endsWith('/result') && document.querySelector('main h1.panel-title');
          const check = () => (arrived() ? requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - start))) : requestAnimationFrame(check));
          button.click();
          check();
        }),
    ),
  );

  // Typing: each key of a search, in the page, from the input event to the frame after it,
  // with the procedures page (every part and chapter listed) around the box.
  await page.evaluate(() => { location.hash = '#/procedures'; });
  await page.locator('#procedure-search').waitFor();
  const keys = await page.evaluate(async () => {
    const box = document.getElementById('procedure-search');
    const times = [];
    for (const text of ['s', 'st', 'str', 'stra', 'strat', 'strate', 'strateg', 'strategy']) {
      const start = performance.now();
      box.value = text;
      box.dispatchEvent(new InputEvent('input', { bubbles: true }));
      await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)));
      times.push(performance.now() - start);
    }
    return times;
  });
  figures.key_typed_ms.push(median(keys));
  await context.close();
  if (FLOOR && run % 2 === 1) await floor();
}
await browser.close();
// To a tenth of a millisecond: the bench judges each target on the figure before rounding.
console.log(JSON.stringify(Object.fromEntries(Object.entries(figures).map(([k, v]) => [k, Math.round(median(v) * 10) / 10]))));
