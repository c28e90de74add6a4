// Browser tests of the intranet widget on `examples/intranet.html`: a host page with hostile
// global CSS and a strict Content-Security-Policy (its own meta tag, not bypassed here),
// embedding two widgets. The widget must look exactly as the site does, complete a journey,
// pass axe, keep out of the host's address, tell the host only what it asked for, and
// never request anything from another origin.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, WALKS, launch, open, addWidget, axeEveryWidth, answer, heading, keyboardWalk, foreign } from './helpers.mjs';

const HOST = `${BASE}/examples/intranet.html`;
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** What a host's CSS could change, read from the widget (`id`) or from the site's page. */
async function looks(page, id) {
  return page.evaluate((id) => {
    const root = id ? document.getElementById(id).shadowRoot : document;
    const props = ['fontFamily', 'fontSize', 'fontWeight', 'fontStyle', 'lineHeight', 'color', 'backgroundColor', 'letterSpacing',
      'wordSpacing', 'textTransform', 'textAlign', 'marginTop', 'marginBottom', 'paddingLeft', 'borderTopWidth', 'boxSizing'];
    const out = {};
    for (const selector of ['main h1', 'main .lead', '.warning', '.card h2 a', '.card p', '.header-title', 'button.clear', 'footer p']) {
      const el = root.querySelector(selector);
      if (!el) { out[selector] = 'missing'; continue; }
      const style = getComputedStyle(el);
      out[selector] = Object.fromEntries(props.map((p) => [p, style[p]]));
    }
    return out;
  }, id);
}

async function watchCsp(page) {
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
}

test('on a hostile intranet page the widget runs in a shadow root and looks exactly as the site does', async () => {
  const { context, page, errors } = await open(browser, { bypassCSP: false });
  await watchCsp(page);
  await page.goto(HOST);
  const widget = page.locator('#assistant');
  await widget.locator('main h1').waitFor();
  const shape = await page.evaluate(() => {
    const el = document.getElementById('assistant');
    return { open: el.shadowRoot?.mode, app: !!el.shadowRoot?.querySelector('.app[data-embedded]') };
  });
  assert.deepEqual(shape, { open: 'open', app: true }, 'the app lives in an open shadow root');
  assert.equal(await page.locator('#assistant > p').isVisible(), false, 'the host\'s fallback text is hidden once the widget runs');
  const inWidget = await looks(page, 'assistant');
  // The host's CSS really is hostile: its own heading is nothing like ours.
  const hostH1 = await page.evaluate(() => getComputedStyle(document.querySelector('body > .columns h1')).fontSize);
  assert.equal(hostH1, '30px');

  const site = await open(browser, { bypassCSP: false });
  await site.page.goto(`${BASE}/`);
  await site.page.locator('main h1').waitFor();
  assert.deepEqual(inWidget, await looks(site.page), 'the same computed styles as on the site');
  await site.context.close();

  assert.deepEqual(await page.evaluate(() => window.__violations), [], 'no CSP violation under the host\'s strict policy');
  assert.deepEqual(errors, []);
  await context.close();
});

/** A West Sussex scenario that reaches a level: the example's main widget has area="west-sussex". */
function westSussexWalk() {
  const walk = WALKS.find((w) => w.flow === 'worried' && w.heading.startsWith('Level') && !w.direct
    && w.steps.every((s) => s.kind !== 'found')
    && w.steps.some((s) => s.kind === 'choice' && s.label === 'West Sussex'));
  assert.ok(walk, 'a West Sussex scenario that reaches a level');
  return walk;
}

/** Walks `walk` through the widget `widget` from its home page, with axe on every page if asked. */
async function walkInWidget(page, widget, walk, { checkA11y }) {
  const check = (where) => (checkA11y ? axeEveryWidth(page, `widget: ${where}`) : undefined);
  await widget.locator('.cards a', { hasText: "I'm worried about a child" }).click();
  await widget.locator('main h1', { hasText: "I'm worried about a child" }).waitFor();
  await check('start');
  await widget.getByRole('button', { name: 'Start now' }).click();
  // The host's area is answered in advance: that question is not asked.
  for (const step of walk.steps.filter((s) => s.label !== 'West Sussex')) {
    await widget.locator('main h1').waitFor();
    await check(step.question);
    await answer(widget, step);
  }
  await widget.locator('main h1', { hasText: 'Check your answers' }).waitFor();
  assert.ok((await widget.locator('main').innerText()).includes('West Sussex'), 'the area given by the host shows on the check page');
  await check('check answers');
  await widget.getByRole('button', { name: 'See what to do' }).click();
  await widget.locator('main h1', { hasText: walk.heading }).waitFor();
  assert.equal(await heading(widget), walk.heading);
  if (walk.contact) assert.ok((await widget.locator('main').innerText()).includes(walk.contact), 'the contact now is shown');
  await check('outcome');
}

test('a journey completes inside the widget with axe on every page; the host is told only the level; two widgets do not interfere', async () => {
  const walk = westSussexWalk();
  const { context, page, requests, errors } = await open(browser, { bypassCSP: false, now: walk.now_utc });
  await page.goto(HOST);
  const address = page.url();
  const widget = page.locator('#assistant');
  const sidebar = page.locator('#escalation');
  await widget.locator('main h1').waitFor();
  await sidebar.locator('main h1', { hasText: 'I disagree' }).waitFor();
  await axeEveryWidth(page, 'the host page with both widgets');
  await walkInWidget(page, widget, walk, { checkA11y: true });

  // The host asked for events and shows what it was told: the level, nothing else.
  const level = Number(walk.heading.match(/^Level (\d+)/)[1]);
  await page.locator('#host-status', { hasText: 'finished' }).waitFor();
  const status = await page.locator('#host-status').textContent();
  assert.equal(status, `Journey "worried" finished at level ${level}: ${walk.heading.replace(/^Level \d+: /, '')}.`);

  // The other widget stayed where it was, and works on its own.
  assert.equal(await heading(sidebar), "I disagree with another agency's decision");
  await sidebar.getByRole('button', { name: 'Start now' }).click();
  await sidebar.locator('main h1', { hasText: 'immediate' }).waitFor();
  // The first question is drawn while the click is still going on; the click must not then
  // send its form (a submit button took the place of "Start now"), which showed an error.
  await page.waitForTimeout(300);
  assert.equal(await sidebar.locator('.error-summary').count(), 0, 'no error before any answer');
  assert.equal(await heading(widget), walk.heading, 'the first widget is still on its outcome');

  assert.equal(page.url(), address, 'the host page\'s address never changed');
  assert.deepEqual(foreign(requests), [], 'no request leaves the origin');
  assert.deepEqual(await context.cookies(), [], 'no cookies');
  assert.equal(await page.evaluate(() => localStorage.length + sessionStorage.length), 0, 'nothing stored');
  assert.deepEqual(errors, []);
  await context.close();
});

test('under the host\'s strict CSP a whole journey runs with no violation, and a widget without `events` tells the host nothing', async () => {
  const walk = westSussexWalk();
  const { context, page, errors } = await open(browser, { bypassCSP: false, now: walk.now_utc });
  await watchCsp(page);
  await page.goto(HOST);
  await page.evaluate(() => {
    window.__heard = [];
    document.addEventListener('safeguard:complete', (e) => window.__heard.push(e.target.id));
  });
  await page.locator('#assistant main h1').waitFor();
  await walkInWidget(page, page.locator('#assistant'), walk, { checkA11y: false });
  // The sidebar widget has no `events`: finish a journey in it (immediate risk → act now).
  const sidebar = page.locator('#escalation');
  await sidebar.getByRole('button', { name: 'Start now' }).click();
  await sidebar.locator('main h1', { hasText: 'immediate' }).waitFor();
  await sidebar.getByLabel('Yes', { exact: true }).check();
  await sidebar.getByRole('button', { name: 'Continue' }).click();
  // Acting now is shown at once: no check-your-answers page stands in the way.
  await sidebar.locator('.panel').first().waitFor();
  await page.locator('#host-status', { hasText: 'finished' }).waitFor();
  assert.deepEqual(await page.evaluate(() => window.__heard), ['assistant'], 'only the widget with `events` spoke');
  assert.deepEqual(await page.evaluate(() => window.__violations), [], 'no CSP violation');
  assert.deepEqual(errors, []);
  await context.close();
});

test('once the host page has loaded, a whole journey in the widget needs no network, the record included', async () => {
  const walk = westSussexWalk();
  const { context, page, requests, errors } = await open(browser, { bypassCSP: false, now: walk.now_utc });
  await page.goto(HOST);
  const widget = page.locator('#assistant');
  await widget.locator('main h1').waitFor();
  await context.setOffline(true);
  const before = requests.length;
  await walkInWidget(page, widget, walk, { checkA11y: false });
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    widget.getByRole('button', { name: 'Download the record' }).click(),
  ]);
  const { readFileSync } = await import('node:fs');
  assert.match(readFileSync(await download.path(), 'utf8'), /Guidance: .+ version \S+/);
  const made = requests.slice(before).filter((u) => !u.startsWith('blob:') && !u.startsWith('data:'));
  assert.deepEqual(made, [], 'no request at all during the journey');
  assert.deepEqual(errors, []);
  await context.close();
});

test('in the widget, the disagreement journey, procedure search, timescales and about pass axe at 1280 and 320 px', async () => {
  const walk = WALKS.find((w) => w.flow === 'disagree' && w.heading === 'Your escalation plan');
  assert.ok(walk, 'an escalation scenario');
  const { context, page, errors } = await open(browser, { now: walk.now_utc });
  await page.goto(HOST);
  // The sidebar widget opens on the disagreement journey and has no area: every question is asked.
  const sidebar = page.locator('#escalation');
  await sidebar.locator('main h1', { hasText: 'I disagree' }).waitFor();
  await axeEveryWidth(page, 'sidebar widget: start');
  await sidebar.getByRole('button', { name: 'Start now' }).click();
  for (const step of walk.steps) {
    await sidebar.locator('main h1', { hasText: step.question }).waitFor();
    await axeEveryWidth(page, `sidebar widget: ${step.question}`);
    await answer(sidebar, step);
  }
  await sidebar.locator('main h1', { hasText: 'Check your answers' }).waitFor();
  await axeEveryWidth(page, 'sidebar widget: check answers');
  await sidebar.getByRole('button', { name: 'See what to do' }).click();
  await sidebar.locator('main h1', { hasText: walk.heading }).waitFor();
  await axeEveryWidth(page, 'sidebar widget: escalation plan');
  const widget = page.locator('#assistant');
  for (const [link, title] of [['Find a procedure', 'Find a procedure'], ['Timescales', 'Work out the dates that follow'], ['About', 'About this guidance']]) {
    await widget.getByRole('navigation').getByRole('link', { name: link, exact: true }).click();
    await widget.locator('main h1', { hasText: title }).waitFor();
    await axeEveryWidth(page, `widget: ${title}`);
  }
  assert.deepEqual(errors, []);
  await context.close();
});

test('a journey in the widget can be completed with the keyboard alone', async () => {
  const walk = WALKS.find((w) => w.flow === 'worried' && !w.direct && w.steps.every((s) => s.kind !== 'date' && s.kind !== 'found')
    && w.steps.some((s) => s.label === 'West Sussex'));
  assert.ok(walk, 'a West Sussex scenario with no date questions');
  const { context, page } = await open(browser, { now: walk.now_utc });
  await page.goto(HOST);
  const widget = page.locator('#assistant');
  await widget.locator('main h1').waitFor();
  // From the host page's top, into the widget's shadow root, by Tab alone. The host's area
  // is answered in advance.
  const steps = walk.steps.filter((s) => s.label !== 'West Sussex');
  await keyboardWalk(page, widget, steps, { via: "I'm worried about a child" });
  await widget.locator('main h1', { hasText: walk.heading }).waitFor();
  await context.close();
});

test('a widget added later by the host\'s own script, with `base` naming where the files are, starts too', async () => {
  const { context, page, errors } = await open(browser, { bypassCSP: false });
  await page.goto(HOST);
  await page.locator('#assistant main h1').waitFor();
  const late = await addWidget(page, 'late', { base: '/', journey: 'worried' });
  await late.locator('main h1', { hasText: "I'm worried about a child" }).waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

test('in the widget, the start page works before the pack is in, a page that needs it waits with the host\'s area\'s numbers, and a pack that fails later brings back what to do', async () => {
  for (const fails of [false, true]) {
    const { context, page } = await open(browser, { bypassCSP: false });
    let release;
    const held = new Promise((resolve) => { release = resolve; });
    await context.route('**/pack-*.bin', async (route) => {
      await held;
      await (fails ? route.abort() : route.continue());
    });
    await page.goto(HOST);
    const widget = page.locator('#assistant');
    await widget.locator('main h1').waitFor();
    await widget.locator('header a[href="#/contacts"]').click();
    await widget.locator('main h1', { hasText: 'Loading the guidance' }).waitFor();
    assert.deepEqual(await widget.locator('main h3').allInnerTexts(), ['West Sussex'], 'the host\'s area only');
    assert.ok(await widget.locator('main a[href^="tel:"]').count() >= 2, 'its front door and out-of-hours numbers');
    release();
    if (fails) {
      const alert = widget.locator('[role="alert"]');
      await alert.waitFor();
      assert.match(await alert.innerText(), /call 999 now/);
      assert.deepEqual(await alert.locator('h3').allInnerTexts(), ['West Sussex']);
      assert.equal(await widget.locator('.header').count(), 0, 'the app stopped');
    } else {
      await widget.locator('main h1', { hasText: 'Contacts' }).waitFor();
    }
    await context.close();
  }
});

test('when the module cannot load, the widget says what to do instead of failing silently', async () => {
  // The module blocked; the content pack blocked; the content pack damaged in transit.
  for (const [files, fail] of [
    ['**/*.wasm', (route) => route.abort()],
    ['**/pack-*.bin', (route) => route.abort()],
    ['**/front-*.bin', (route) => route.abort()],
    ['**/pack-*.bin', (route) => route.fulfill({ status: 200, body: Buffer.from('not a pack') })],
  ]) {
    const { context, page } = await open(browser, { bypassCSP: false });
    await context.route(files, fail);
    await page.goto(HOST);
    const alert = page.locator('#assistant [role="alert"]');
    await alert.waitFor();
    assert.match(await alert.innerText(), /call 999 now/, 'in the widget\'s own style, not the host\'s capitals');
    // The host named West Sussex: its front door and out-of-hours numbers, ready to ring.
    assert.deepEqual(await alert.locator('h3').allInnerTexts(), ['West Sussex']);
    assert.ok(await alert.locator('a[href^="tel:"]').count() >= 2, 'the front door and its out-of-hours service have numbers');
    if (files.endsWith('.wasm')) await axeEveryWidth(page, 'the widget that could not start');
    await context.close();
  }
});
