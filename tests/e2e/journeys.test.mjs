// Browser tests: every practitioner scenario walked through the real app in Chromium by
// clicking labels (never calling the engine), with axe-core on every page, and checks that
// nothing leaves the origin, nothing is stored and no answer reaches the address bar.
// Run by `cargo xtask test` (or `cargo xtask e2e`), which serves the site and writes the walks.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, WALKS, launch, open, axe, axeEveryWidth, expectOutcome, keyboardWalk, tabUntil, focusedElement, walkThrough, foreign } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

for (const walk of WALKS) {
  test(`scenario ${walk.name}: ${walk.title}`, async () => {
    const { context, page, requests, errors } = await open(browser, { now: walk.now_utc });
    await walkThrough(page, walk);
    assert.deepEqual(foreign(requests), [], 'no request leaves the origin');
    assert.deepEqual(await context.cookies(), [], 'no cookies');
    assert.equal(await page.evaluate(() => localStorage.length + sessionStorage.length), 0, 'nothing stored');
    assert.match(new URL(page.url()).hash, /^#\/[a-z-]+\/result$/, 'the address holds no answers');
    assert.deepEqual(errors, [], 'no page errors');
    await context.close();
  });
}

test('the app works under its own Content-Security-Policy with no violations', async () => {
  const { context, page } = await open(browser, { bypassCSP: false, now: WALKS[0].now_utc });
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  await walkThrough(page, WALKS[0], { checkA11y: false });
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  await context.close();
});

test('a journey can be completed with the keyboard alone', async () => {
  // A journey with every kind of page but dates, whose outcome follows the check page.
  const walk = WALKS.find((w) => !w.direct && w.steps.some((s) => s.kind === 'indicators')
    && w.steps.some((s) => s.ticks?.some((t) => t.not_sure)) && w.steps.every((s) => s.kind !== 'date' && s.kind !== 'found'));
  assert.ok(walk, 'a scenario with choice, multi and indicator questions, one sign not sure');
  const { context, page } = await open(browser, { now: walk.now_utc });
  await page.goto(`${BASE}/#/${walk.flow}`);
  await page.locator('main h1').first().waitFor();
  await keyboardWalk(page, page, walk.steps);
  await expectOutcome(page, walk);
  await context.close();
});

test('procedure search and the about page are reachable and usable with the keyboard alone', async () => {
  const { context, page } = await open(browser);
  await page.goto(`${BASE}/`);
  await page.locator('main h1').first().waitFor();
  await tabUntil(page, (f) => f.text === 'Find a procedure', 'Find a procedure');
  await page.keyboard.press('Enter');
  await page.locator('main h1', { hasText: 'Find a procedure' }).waitFor();
  await tabUntil(page, (f) => f.type === 'search', 'the search box');
  await page.keyboard.type('strategy discussion');
  await page.locator('main [role="status"]', { hasText: 'result' }).waitFor();
  await page.keyboard.press('Tab');
  assert.match((await focusedElement(page)).href ?? '', /^https:\/\//, 'the first result is the next Tab stop');
  await tabUntil(page, (f) => f.text === 'About', 'About');
  await page.keyboard.press('Enter');
  await page.locator('main h1', { hasText: 'About this guidance' }).waitFor();
  await context.close();
});

test('a journey works at 320 px wide without sideways scrolling', async () => {
  const walk = WALKS.find((w) => w.steps.some((s) => s.kind === 'indicators')) ?? WALKS[0];
  const { context, page } = await open(browser, { width: 320, now: walk.now_utc });
  await walkThrough(page, walk);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px at 320px`);
  await context.close();
});

test('an unanswered question shows an error summary and keeps the page', async () => {
  const { context, page } = await open(browser);
  await page.goto(`${BASE}/#/worried`);
  await page.getByRole('button', { name: 'Start now' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.locator('.error-summary').waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('error-summary')), true, 'focus moves to the summary');
  await axeEveryWidth(page, 'question with an error');
  assert.match(await page.locator('.error-summary').innerText(), /Select an answer/);
  await context.close();
});

test('procedure search finds chapters offline from the index', async () => {
  const { context, page } = await open(browser);
  await page.goto(`${BASE}/#/procedures`);
  await page.getByLabel('Search the procedures').fill('section 47');
  const first = page.locator('main ul.list a').first();
  assert.match(await first.innerText(), /Section 47/);
  await axeEveryWidth(page, 'procedures');
  await page.goto(`${BASE}/#/about`);
  await page.locator('main h1', { hasText: 'About this guidance' }).waitFor();
  await axeEveryWidth(page, 'about');
  await context.close();
});

test('the accessibility check itself catches a planted problem', async () => {
  const { context, page } = await open(browser);
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
  const { context, page } = await open(browser, { now: walk.now_utc });
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
  assert.match(await page.locator('main').innerText(), /Next: .*(by |without delay)|past their due dates/);
  await axeEveryWidth(page, 'saved plans');
  await page.getByRole('button', { name: 'Open Case 42' }).click();
  await page.locator('main h1', { hasText: walk.heading }).waitFor();
  await page.getByRole('button', { name: 'Clear and start again' }).click();
  await page.locator('main h1', { hasText: 'Sussex safeguarding' }).waitFor();
  assert.equal(await page.evaluate(() => localStorage.length), 0, 'clearing removes the saved plan');
  await context.close();
});

// As an intranet's policy or a page without focus would, the browser turns the copy down; a
// page not served over HTTPS has no clipboard at all.
for (const [how, refuse] of [
  ['refuses the clipboard', () => {
    navigator.clipboard.writeText = () => Promise.reject(new DOMException('Write permission denied.', 'NotAllowedError'));
  }],
  ['has no clipboard', () => {
    Object.defineProperty(Navigator.prototype, 'clipboard', { get: () => undefined });
  }],
]) {
  test(`where the browser ${how}, the page says the record was not copied`, async () => {
    const walk = WALKS[0];
    const { context, page, errors } = await open(browser, { now: walk.now_utc });
    await page.addInitScript(refuse);
    await walkThrough(page, walk, { checkA11y: false });
    await page.getByRole('button', { name: 'Copy the record' }).click();
    await page.locator('main [role="status"]', { hasText: 'The record could not be copied here. Use Download instead.' }).waitFor();
    assert.equal(await page.getByText('The record has been copied.').count(), 0, 'never told it was copied');
    assert.deepEqual(errors, [], 'a copy turned down is not an error on the page');
    await context.close();
  });
}

test('the record is copied as plain text, the page says so, and the news goes when the page changes', async () => {
  const walk = WALKS[0];
  const { context, page } = await open(browser, { now: walk.now_utc });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(BASE).origin });
  await walkThrough(page, walk, { checkA11y: false });
  const status = page.locator('main [role="status"]', { hasText: 'record' });
  await page.getByRole('button', { name: 'Copy the record' }).click();
  await status.filter({ hasText: 'The record has been copied.' }).waitFor();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.match(copied, /Guidance: .+ version \S+/, 'the record, with the guidance version');
  await page.getByRole('button', { name: 'Check or change your answers' }).click();
  await page.locator('main h1', { hasText: 'Check your answers' }).waitFor();
  await page.getByRole('button', { name: 'See what to do' }).click();
  await page.locator('main h1', { hasText: walk.heading }).waitFor();
  assert.equal(await page.getByText('The record has been copied.').count(), 0, 'the news was about the page it was given on');
  await context.close();
});

test('the server sends the build\'s compressed copies, which decode to the very files built', async () => {
  const { readFileSync, readdirSync } = await import('node:fs');
  const { join } = await import('node:path');
  const dist = join(process.env.E2E_ROOT, 'dist');
  const wasm = readdirSync(dist).find((n) => n.endsWith('.wasm'));
  const { context, page } = await open(browser);
  for (const [accept, encoding] of [['br, gzip', 'br'], ['gzip', 'gzip'], ['identity', undefined]]) {
    const response = await page.request.get(`${BASE}/${wasm}`, { headers: { 'Accept-Encoding': accept } });
    assert.equal(response.headers()['content-encoding'], encoding, `Accept-Encoding: ${accept}`);
    assert.equal(response.headers()['content-type'], 'application/wasm');
    assert.ok(Buffer.compare(await response.body(), readFileSync(join(dist, wasm))) === 0, 'decodes to the built file');
  }
  await context.close();
});

test('the signs of every topic can be searched by keyboard from the topics page; the count is announced and a tick counts', async () => {
  const { context, page } = await open(browser, { now: '2026-12-02T10:00:00Z' });
  await page.goto(`${BASE}/#/worried`);
  await page.getByRole('button', { name: 'Start now' }).click();
  for (const [question, label] of [
    ['Is the child in immediate danger right now?', 'No'],
    ['Where does the child live?', 'Brighton & Hove'],
    ['How old is the child?', '1 to 12'],
  ]) {
    await page.locator('main h1', { hasText: question }).waitFor();
    await page.locator('main').getByLabel(label, { exact: true }).check();
    await page.getByRole('button', { name: 'Continue' }).click();
  }
  await page.locator('main h1', { hasText: 'What are you worried about?' }).waitFor();
  // The status region is there before anything is typed, so each new count is announced.
  const status = page.locator('main .sign-search [role="status"]');
  assert.equal(await status.count(), 1);
  await tabUntil(page, (f) => f.type === 'search', 'the search of the signs');
  await page.keyboard.type('county lines');
  await status.filter({ hasText: /\d+ signs? found/ }).waitFor();
  await axeEveryWidth(page, 'topics page with search results');
  await page.keyboard.press('Tab');
  const first = await focusedElement(page);
  assert.equal(first.type, 'checkbox', 'the first result is the next Tab stop');
  await page.keyboard.press('Space');
  await page.locator('main .sign-search strong', { hasText: 'Added to your answers' }).waitFor();
  // No topic ticked: a found sign is enough to go on; it counts like a sign on its page.
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.locator('main h1', { hasText: 'Check your answers' }).waitFor();
  assert.match(await page.locator('main').innerText(), /Signs you found by searching/);
  await page.getByRole('button', { name: 'See what to do' }).click();
  await page.locator('main h1', { hasText: /^Level/ }).waitFor();
  assert.match(await page.locator('main').innerText(), new RegExp(first.label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').slice(0, 40)));
  await context.close();
});

test('the page as served paints with its small stylesheet alone, and the app starts only once its own stylesheet is in', async () => {
  // The app's stylesheet held back: the page's numbers are on screen and styled meanwhile
  // (the lists drop their bullets, a rule of base.css), and the app does not start unstyled.
  const context = await browser.newContext();
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await context.route('**/style-*.css', async (route) => { await held; await route.continue(); });
  const page = await context.newPage();
  const arrived = Promise.all([/\.wasm$/, /\/front-[0-9a-f]+\.bin$/].map((file) =>
    page.waitForResponse((r) => file.test(new URL(r.url()).pathname)).then((r) => r.finished())));
  await page.goto(BASE, { waitUntil: 'commit' });
  const number = page.locator('main a[href^="tel:"]').first();
  await number.waitFor();
  await page.waitForFunction(() => document.querySelector('main .list') && getComputedStyle(document.querySelector('main .list')).listStyleType === 'none');
  // The module and the pack's front have arrived, and still the app's header is not there.
  await arrived;
  await page.waitForTimeout(500);
  assert.equal(await page.locator('.header').count(), 0, 'the app waits for its stylesheet');
  release();
  const header = page.locator('.header');
  await header.waitFor();
  assert.notEqual(await header.evaluate((h) => getComputedStyle(h).backgroundColor), 'rgba(0, 0, 0, 0)', 'the app starts styled');
  await context.close();
});

test('the start page works before the pack is in: a page that needs it waits, says so with 999 and the front doors, and shows once it arrives', async () => {
  // Twice: focus left where the wait put it (it moves to the new page's heading), and focus
  // moved on to the menu meanwhile (it stays there).
  for (const movedOn of [false, true]) {
    const context = await browser.newContext();
    let release;
    const held = new Promise((resolve) => { release = resolve; });
    await context.route('**/pack-*.bin', async (route) => { await held; await route.continue(); });
    const page = await context.newPage();
    await page.goto(`${BASE}/#/worried`);
    const main = page.locator('main');
    await main.locator('h1', { hasText: "I'm worried about a child" }).waitFor();
    assert.match(await page.locator('footer').innerText(), /Guidance version .+ \([0-9a-f]{16}\)/, 'the footer names the version from the front');
    await page.getByRole('button', { name: 'Start now' }).click();
    await main.locator('h1', { hasText: 'Loading the guidance' }).waitFor();
    assert.equal(await main.locator('[role="status"]').count(), 1, 'the wait is announced');
    assert.match(await main.innerText(), /call 999 now/);
    const areas = await main.locator('h3').allInnerTexts();
    assert.equal(areas.length, 3, `every area while waiting: ${areas}`);
    for (const area of areas) {
      assert.ok(await main.locator(`h3:has-text("${area}") + ul a[href^="tel:"]`).count() >= 2, `${area}: front door and out-of-hours numbers while waiting`);
    }
    if (!movedOn) await axeEveryWidth(page, 'waiting for the pack');
    const contacts = page.locator('header a[href="#/contacts"]');
    if (movedOn) await contacts.focus();
    release();
    await main.locator('h1', { hasText: 'Is the child in immediate danger right now?' }).waitFor();
    // Focus settles in the frame after the page is shown.
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve))));
    const focused = await page.evaluate(() => (document.activeElement.matches('main h1') ? 'heading' : document.activeElement.getAttribute('href')));
    assert.equal(focused, movedOn ? '#/contacts' : 'heading', movedOn ? 'focus stays where the reader moved it' : 'focus moves to the page that replaced the wait');
    // The rest of the guide works as ever.
    await page.getByLabel('Yes', { exact: true }).check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await main.locator('a[href="tel:999"]').first().waitFor();
    await context.close();
  }
});

test('before its module runs, or without it, the page says call 999 and gives every area\'s front door and out-of-hours numbers', async () => {
  // Scripts off; the module blocked (what a slow or broken connection shows); the content
  // pack blocked; something else in its place; the pack damaged in transit.
  for (const [files, fail] of [
    [null, null],
    ['**/*.wasm', (route) => route.abort()],
    ['**/pack-*.bin', (route) => route.abort()],
    ['**/front-*.bin', (route) => route.abort()],
    ['**/pack-*.bin', (route) => route.fulfill({ status: 200, body: Buffer.from('not a pack') })],
    ['**/front-*.bin', (route) => route.fulfill({ status: 200, body: Buffer.from('not a front') })],
    // The real pack with one byte changed on the way (a digit of a number, say): its checksum
    // no longer matches, so it is refused rather than shown.
    ['**/pack-*.bin', async (route) => {
      const response = await route.fetch();
      const body = await response.body();
      body[body.length - 100] ^= 0x01;
      await route.fulfill({ response, body });
    }],
  ]) {
    const javaScriptEnabled = files !== null;
    const context = await browser.newContext({ javaScriptEnabled });
    if (files) await context.route(files, fail);
    const page = await context.newPage();
    await page.goto(BASE);
    const main = page.locator('main');
    await main.getByText('call 999 now').waitFor();
    // With scripts on, the page says that the questions did not start, rather than loading for ever;
    // with them off, it never says it is loading.
    if (javaScriptEnabled) await main.locator('[role="alert"]', { hasText: 'could not start' }).waitFor();
    else assert.equal(await main.locator('.loading').isVisible(), false, 'no "Loading" with scripts off');
    const areas = await main.locator('h3').allInnerTexts();
    assert.equal(areas.length, 3, `every area: ${areas}`);
    for (const area of areas) {
      const numbers = main.locator(`h3:has-text("${area}") + ul a[href^="tel:"]`);
      assert.ok(await numbers.count() >= 2, `${area}: the front door and its out-of-hours service have numbers`);
      for (const href of await numbers.evaluateAll((links) => links.map((a) => a.getAttribute('href')))) {
        assert.match(href, /^tel:\+?\d+$/);
      }
    }
    if (files === '**/*.wasm') await axeEveryWidth(page, 'the page without its module');
    await context.close();
  }
});
