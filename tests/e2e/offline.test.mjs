// The offline app in real Chromium: the service worker keeps exactly the build's files, which
// its static routes answer from the cache; a full journey completes with the network switched
// off; a new build is announced without interrupting a journey; a content-only rebuild
// reaches a returning user as a new pack file without the module; and Chromium finds the app
// installable.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { BASE, WALKS, CHROMIUM_ARGS, launch, open, addWidget, axeEveryWidth, answer, expectOutcome, walkThrough, foreign } from './helpers.mjs';

const DIST = join(process.env.E2E_ROOT, 'dist');
// A second copy of the site on its own port, which the update test redeploys.
const NEXT = process.env.E2E_NEXT_URL;
const NEXT_DIR = process.env.E2E_NEXT_DIR;
// The site built again from the same code with one front door's phone number changed.
const CHANGED_DIR = process.env.E2E_CHANGED_DIR;
const [OLD_PHONE, NEW_PHONE] = (process.env.E2E_CHANGED_PHONE ?? '').split('\n');

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** Loads `url` and waits until the service worker is active and controls the page. */
async function installed(page, url) {
  await page.goto(url);
  await page.locator('main h1').first().waitFor();
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
}

/**
 * A proxy on its own port in front of the site: `upstream(path)` gives the address to forward
 * a request to (or null: not found), and `headers` may change the answer's headers. Returns
 * its origin and a `close`.
 */
async function proxy(upstream, headers = (h) => h) {
  const server = createServer((request, response) => {
    const target = upstream(request.url);
    // A page of its own (not an empty answer, which the browser replaces with an error page
    // of another origin), so a test can open the origin outside the site's folders.
    if (!target) return response.writeHead(404, { 'content-type': 'text/html' }).end('<!doctype html><title>Not here</title>');
    const forward = httpRequest(target, { method: request.method, headers: { ...request.headers, host: target.host } }, (answer) => {
      response.writeHead(answer.statusCode, headers(answer.headers));
      answer.pipe(response);
    });
    forward.on('error', () => response.destroy());
    request.pipe(forward);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${server.address().port}`, close: () => server.close() };
}

test('the service worker keeps exactly the files of the build, in one cache named by its folder and version', async () => {
  const { context, page } = await open(browser);
  await installed(page, `${BASE}/`);
  const { keys, urls } = await page.evaluate(async () => {
    const keys = await caches.keys();
    const cache = await caches.open(keys[0]);
    return { keys, urls: (await cache.keys()).map((r) => r.url) };
  });
  const version = readFileSync(join(DIST, 'sw.js'), 'utf8').match(/const VERSION ?= ?"([0-9a-f]+)"/)[1];
  assert.deepEqual(keys, [`sussex-safeguarding-/@${version}`]);
  // Not sw.js itself, nor the compressed copies the server sends in place of a file.
  const expected = readdirSync(DIST).filter((n) => n !== 'sw.js' && !/\.(gz|br)$/.test(n)).map((n) => (n === 'index.html' ? `${BASE}/` : `${BASE}/${n}`));
  assert.deepEqual(urls.sort(), expected.sort());
  await context.close();
});

test('offline after one visit: a full journey completes and shows the outcome and the record', async () => {
  const walk = WALKS.find((w) => w.flow === 'worried' && w.steps.some((s) => s.kind === 'indicators'));
  assert.ok(walk, 'a worried-about-a-child scenario with indicators');
  const { context, page, requests, errors } = await open(browser, { bypassCSP: false, now: walk.now_utc });
  await installed(page, `${BASE}/`);
  await context.setOffline(true);
  await page.reload();
  await page.locator('main h1').first().waitFor();
  await walkThrough(page, walk, { checkA11y: false });
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download the record' }).click(),
  ]);
  const record = readFileSync(await download.path(), 'utf8');
  assert.match(record, /Guidance: .+ version \S+/, 'the record is made offline, with the guidance version');
  assert.doesNotMatch(record, /^#|\*\*/m, 'the .txt record is plain text, without Markdown marks');
  if (walk.contact) assert.ok(record.includes(walk.contact), 'the record names the contact');
  assert.deepEqual(foreign(requests), [], 'no request leaves the origin, online or offline');
  assert.deepEqual(errors, [], 'no page errors');
  await context.close();
});

test('the page and its files come from the cache by static routes; a file the cache lost comes from the network', async () => {
  const { context, page, errors } = await open(browser, { bypassCSP: false });
  await installed(page, `${BASE}/#/worried`);
  await context.setOffline(true);
  await page.reload();
  await page.getByRole('button', { name: 'Start now' }).waitFor();
  // Chromium reports which route answered each request (Resource Timing).
  // The start page shows before the pack is in: wait for it.
  const answered = async () => {
    await page.waitForFunction(() => performance.getEntriesByType('resource').some((r) => /\/pack-/.test(r.name)));
    return page.evaluate(() => [performance.getEntriesByType('navigation')[0], ...performance.getEntriesByType('resource')]
      .map((r) => ({ path: new URL(r.name).pathname, matched: r.workerMatchedSourceType, final: r.workerFinalSourceType })));
  };
  const offline = await answered();
  assert.ok([/\.wasm$/, /\/pack-/, /\/front-/].every((file) => offline.some((r) => file.test(r.path))), 'the module, the pack and its front were loaded');
  for (const r of offline) assert.deepEqual([r.matched, r.final], ['cache', 'cache'], `${r.path}: a static route to the cache`);
  // Storage pressure can take a file from the cache: online, the route falls back to the network.
  await context.setOffline(false);
  await page.evaluate(async () => {
    const cache = await caches.open((await caches.keys()).find((key) => key.startsWith('sussex-safeguarding-')));
    for (const request of await cache.keys()) if (/\/pack-[0-9a-f]+\.bin$/.test(request.url)) await cache.delete(request);
  });
  await page.reload();
  await page.getByRole('button', { name: 'Start now' }).waitFor();
  const pack = (await answered()).find((r) => /\/pack-/.test(r.path));
  assert.deepEqual([pack?.matched, pack?.final], ['cache', 'network'], 'the pack the cache lost came from the network');
  assert.deepEqual(errors, [], 'no page errors');
  await context.close();
});

test('behind a server that varies its answers on Accept, the offline copy still works through the static routes', async () => {
  // A proxy in front of the site adding `Vary: Accept`, as some CDNs do. A static route looks
  // the cache up with the browser's own request, so such a header kept in the cache would
  // make every route miss.
  const cdn = await proxy((path) => new URL(path, BASE), (headers) => ({ ...headers, vary: 'Accept, Accept-Encoding' }));
  const { context, page, errors } = await open(browser, { bypassCSP: false });
  try {
    await installed(page, `${cdn.origin}/#/worried`);
    await context.setOffline(true);
    await page.reload();
    await page.getByRole('button', { name: 'Start now' }).click();
    await page.getByRole('heading', { level: 1, name: /immediate danger/ }).waitFor();
    const answered = await page.evaluate(() => [performance.getEntriesByType('navigation')[0], ...performance.getEntriesByType('resource')]
      .map((r) => `${new URL(r.name).pathname} ${r.workerMatchedSourceType} ${r.workerFinalSourceType}`));
    for (const line of answered) assert.match(line, / cache cache$/, 'answered from the cache by its route');
    assert.deepEqual(errors, [], 'no page errors');
  } finally {
    await context.close();
    cdn.close();
  }
});

test('two copies of the guide on one origin keep their own offline copies: one updating never deletes the other\'s', async () => {
  // One origin, two folders, each its own deployment with its own worker: `/a/` is the site,
  // `/b/` the second copy, rebuilt (a new version). Before caches carried their folder, the
  // second copy's worker deleted the first's cache as it took over its own folder.
  const folders = { '/a/': BASE, '/b/': NEXT };
  const intranet = await proxy((path) => {
    const folder = Object.keys(folders).find((f) => path.startsWith(f));
    return folder ? new URL(path.slice(folder.length), `${folders[folder]}/`) : null;
  });
  const { origin } = intranet;
  const original = readFileSync(join(NEXT_DIR, 'sw.js'), 'utf8');
  const { context, page, errors } = await open(browser);
  try {
    writeFileSync(join(NEXT_DIR, 'sw.js'), original.replace(/const VERSION ?= ?"([0-9a-f]+)"/, 'const VERSION = "$1next"'));
    // A cache named as before caches carried their folder, which both folders shared when
    // they served the same build: each worker takes out only its own folder's files.
    const LEGACY = 'sussex-safeguarding-0123456789abcdef';
    const legacy = () => page.evaluate(async (name) => (await caches.has(name))
      ? (await (await caches.open(name)).keys()).map((r) => new URL(r.url).pathname) : null, LEGACY);
    await page.goto(`${origin}/`);
    await page.evaluate(async (name) => {
      const cache = await caches.open(name);
      for (const path of ['/a/old-0123456789.css', '/b/old-0123456789.css']) await cache.put(path, new Response('old'));
    }, LEGACY);
    await installed(page, `${origin}/a/#/worried`);
    assert.deepEqual(await legacy(), ['/b/old-0123456789.css'], 'the first folder took out only its own file');
    await installed(page, `${origin}/b/#/worried`);
    assert.equal(await legacy(), null, 'the second took out its own, and the cache, now empty');
    const keys = await page.evaluate(async () => (await caches.keys()).sort());
    assert.deepEqual(keys.map((k) => k.replace(/@.*/, '@')), ['sussex-safeguarding-/a/@', 'sussex-safeguarding-/b/@'], 'a cache for each folder');
    await context.setOffline(true);
    for (const folder of ['a', 'b']) {
      await page.goto(`${origin}/${folder}/#/worried`);
      await page.getByRole('button', { name: 'Start now' }).waitFor();
    }
    assert.deepEqual(errors, [], 'no page errors');
  } finally {
    writeFileSync(join(NEXT_DIR, 'sw.js'), original);
    await context.close();
    intranet.close();
  }
});

test('a new build is announced, and a journey in progress is not interrupted until the user agrees', async () => {
  const original = readFileSync(join(NEXT_DIR, 'sw.js'), 'utf8');
  const { context, page, requests } = await open(browser);
  try {
    await installed(page, `${NEXT}/#/worried`);
    await page.getByRole('button', { name: 'Start now' }).click();
    const first = WALKS.find((w) => w.flow === 'worried').steps[0];
    await answer(page, { ...first, label: 'No' });
    const question = (await page.locator('main h1').first().innerText()).trim();
    const address = page.url();
    await page.evaluate(() => { window.__sameDocument = true; });

    // A new build is deployed: the worker's version (and so its bytes) change.
    writeFileSync(join(NEXT_DIR, 'sw.js'), original.replace(/const VERSION ?= ?"([0-9a-f]+)"/, 'const VERSION = "$1next"'));
    // The app looks for updates when the device reconnects.
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    await page.getByText('Updated guidance is available.').waitFor();

    assert.equal(await page.evaluate(() => window.__sameDocument), true, 'the page was not reloaded');
    assert.equal(page.url(), address, 'still on the same question');
    assert.equal((await page.locator('main h1').first().innerText()).trim(), question);
    assert.match(await page.locator('.notice').innerText(), /clears the answers you have given/);
    await axeEveryWidth(page, 'the update notice');

    await page.getByRole('button', { name: 'Reload to use it' }).click();
    await page.waitForFunction(() => window.__sameDocument === undefined);
    await page.waitForFunction(async () => {
      const keys = await caches.keys();
      return keys.length === 1 && keys[0].endsWith('next');
    });
    await page.locator('main h1').first().waitFor();
    assert.equal(await page.locator('.notice').count(), 0, 'the notice is gone once updated');
    assert.deepEqual(foreign(requests, NEXT), []);
  } finally {
    writeFileSync(join(NEXT_DIR, 'sw.js'), original);
    await context.close();
  }
});

test('a pack of another version than the page\'s front is refused: the page as served comes back, saying the questions did not start', async () => {
  // Caches mixing two builds could hand the page a pack that reads but is not the one its
  // front (already on screen) was made from.
  const other = readdirSync(CHANGED_DIR).find((n) => /^pack-[0-9a-f]+\.bin$/.test(n));
  const { context, page } = await open(browser, { bypassCSP: false });
  await context.route('**/pack-*.bin', (route) => route.fulfill({ status: 200, contentType: 'application/octet-stream', body: readFileSync(join(CHANGED_DIR, other)) }));
  await page.goto(`${BASE}/#/worried`);
  const main = page.locator('main');
  await main.locator('[role="alert"]', { hasText: 'could not start' }).waitFor();
  assert.equal(await page.locator('.header').count(), 0, 'the app stopped');
  assert.ok(await main.locator('a[href^="tel:"]').count() >= 6, 'every area\'s numbers are back');
  await context.close();
});

test('a content-only rebuild changes only the pack and its front, and a returning user gets the new guidance without downloading the module again', async () => {
  const names = (dir) => readdirSync(dir).sort();
  const generic = (list) => list.map((n) => n.replace(/-[0-9a-f]{10}\./, '-*.'));
  const before = names(DIST);
  const after = names(CHANGED_DIR);
  const gone = before.filter((n) => !after.includes(n));
  const added = after.filter((n) => !before.includes(n));
  const pack = ['front-*.bin', 'front-*.bin.br', 'front-*.bin.gz', 'pack-*.bin', 'pack-*.bin.br', 'pack-*.bin.gz'];
  assert.deepEqual(generic(gone), pack, 'only the pack and its front are renamed');
  assert.deepEqual(generic(added), pack);
  const rewritten = before
    .filter((n) => after.includes(n) && !/\.(gz|br)$/.test(n))
    .filter((n) => !readFileSync(join(DIST, n)).equals(readFileSync(join(CHANGED_DIR, n))));
  // The page and the widget show the front doors and name the pack; the worker lists it.
  assert.deepEqual(rewritten, ['index.html', 'sw.js', 'widget.js']);

  const { context, page } = await open(browser);
  try {
    await installed(page, `${NEXT}/`);
    await page.goto(`${NEXT}/#/contacts`);
    await page.getByText(OLD_PHONE, { exact: true }).first().waitFor();
    // The new build is deployed beside the old files. Its module and glue are taken off the
    // server: if the new worker tried to download them again, its install would fail and no
    // update would be announced.
    for (const n of after) copyFileSync(join(CHANGED_DIR, n), join(NEXT_DIR, n));
    for (const n of after.filter((n) => /^app-/.test(n))) rmSync(join(NEXT_DIR, n));
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    await page.getByText('Updated guidance is available.').waitFor();
    // The click switches workers, and the page reloads itself once the new one controls it.
    // Wait for that reload: a navigation started before it lands races it, and the browser
    // may keep the old page.
    await page.evaluate(() => { window.__sameDocument = true; });
    await page.getByRole('button', { name: 'Reload to use it' }).click();
    await page.waitForFunction(() => window.__sameDocument === undefined);
    await page.waitForFunction(async () => (await caches.keys()).length === 1 && navigator.serviceWorker.controller !== null);
    await page.goto(`${NEXT}/#/contacts`);
    await page.getByText(NEW_PHONE, { exact: true }).first().waitFor();
    assert.equal(await page.getByText(OLD_PHONE, { exact: true }).count(), 0, 'the old number is gone');
    // Offline, the new copy works in full: the module came from the old version's cache.
    await context.setOffline(true);
    await page.reload();
    await page.getByText(NEW_PHONE, { exact: true }).first().waitFor();
  } finally {
    // Put the first build back, as the other tests expect it.
    for (const n of added) rmSync(join(NEXT_DIR, n), { force: true });
    for (const n of before) if (!existsSync(join(NEXT_DIR, n)) || rewritten.includes(n.replace(/\.(gz|br)$/, ''))) copyFileSync(join(DIST, n), join(NEXT_DIR, n));
    await context.close();
  }
});

test('a widget whose host allows a service worker keeps the same offline copy, never answers for the host\'s pages, and announces updates', async () => {
  const original = readFileSync(join(NEXT_DIR, 'sw.js'), 'utf8');
  const { context, page, requests } = await open(browser, { bypassCSP: false });
  try {
    await page.goto(`${NEXT}/examples/intranet.html`);
    await page.locator('#assistant main h1').waitFor();
    // The host opts in with the `offline` attribute.
    const widget = await addWidget(page, 'offline', { offline: '' });
    await widget.locator('main h1').waitFor();
    await page.evaluate(() => navigator.serviceWorker.ready);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);

    // The same copy as the site's, without the site's page: the scope's pages are the host's.
    const urls = await page.evaluate(async () => {
      const cache = await caches.open((await caches.keys())[0]);
      return (await cache.keys()).map((r) => r.url);
    });
    const expected = readdirSync(DIST).filter((n) => !['sw.js', 'index.html'].includes(n) && !/\.(gz|br)$/.test(n)).map((n) => `${NEXT}/${n}`);
    assert.deepEqual(urls.sort(), expected.sort());

    // A host page in the worker's scope comes from the network; the widget's files from the
    // offline copy.
    const other = await context.newPage();
    const wasm = other.waitForResponse((r) => r.url().endsWith('.wasm'));
    assert.equal((await other.goto(`${NEXT}/examples/intranet.html`)).fromServiceWorker(), false);
    assert.equal((await wasm).fromServiceWorker(), true, 'the module comes from the offline copy');
    await other.close();

    // A new build is announced in the widget; nothing reloads until the user agrees.
    await page.evaluate(() => { window.__sameDocument = true; });
    writeFileSync(join(NEXT_DIR, 'sw.js'), original.replace(/const VERSION ?= ?"([0-9a-f]+)"/, 'const VERSION = "$1next"'));
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    await widget.getByText('Updated guidance is available.').waitFor();
    assert.match(await widget.locator('.notice').innerText(), /reloads this whole page/i);
    await widget.locator('.clear').click();
    assert.equal(await page.evaluate(() => window.__sameDocument), true, '"Clear and start again" does not reload the host\'s page');
    await widget.getByRole('button', { name: 'Reload to use it' }).click();
    await page.waitForFunction(() => window.__sameDocument === undefined);

    // Last (the site's page registers the site's own worker): the page at the root of the
    // scope, which on a real host is its home page, is never answered by the widget's worker.
    const home = await context.newPage();
    assert.equal((await home.goto(`${NEXT}/`)).fromServiceWorker(), false, 'the scope\'s root page comes from the network');
    assert.deepEqual(foreign(requests, NEXT), []);
  } finally {
    writeFileSync(join(NEXT_DIR, 'sw.js'), original);
    await context.close();
  }
});

test('the manifest is valid and Chromium finds the app installable', async () => {
  // Installability needs a profile of its own (not an incognito-like context).
  const profile = mkdtempSync(join(tmpdir(), 'safeguard-install-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await installed(page, `${BASE}/`);
    const cdp = await context.newCDPSession(page);
    const manifest = await cdp.send('Page.getAppManifest');
    assert.deepEqual(manifest.errors, [], 'the manifest parses without errors');
    const parsed = JSON.parse(manifest.data);
    assert.equal(parsed.display, 'standalone');
    assert.ok(parsed.icons.some((i) => i.purpose === 'maskable'), 'a maskable icon');
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    assert.deepEqual(installabilityErrors, [], 'no installability errors');
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
});

test('an old copy of the guidance says so and asks to reconnect', async () => {
  const later = new Date(Date.now() + 45 * 24 * 3600 * 1000);
  const { context, page } = await open(browser, { now: later.toISOString() });
  await page.goto(`${BASE}/`);
  const warning = page.locator('.warning', { hasText: 'more than 30 days ago' });
  await warning.waitFor();
  assert.match(await warning.innerText(), /Connect to the internet and reload/);
  assert.match(await page.locator('footer').innerText(), /Guidance last updated \w+ \d+ \w+ \d{4}/);
  await axeEveryWidth(page, 'home with the age warning');
  await context.close();
});

test('a widget in the folder of the guide\'s own page keeps the guide\'s worker rather than replacing it', async () => {
  const { context, page } = await open(browser, { bypassCSP: false });
  try {
    await installed(page, `${NEXT}/`);
    await page.goto(`${NEXT}/examples/intranet.html`);
    await page.locator('#assistant main h1').waitFor();
    await (await addWidget(page, 'offline', { offline: '' })).locator('main h1').waitFor();
    // Give a replacement the time it would need to start installing.
    await page.waitForTimeout(1000);
    const workers = await page.evaluate(async () => {
      const registration = await navigator.serviceWorker.getRegistration();
      const url = (w) => (w ? new URL(w.scriptURL).pathname + new URL(w.scriptURL).search : null);
      return { active: url(registration?.active), waiting: url(registration?.waiting), installing: url(registration?.installing) };
    });
    assert.deepEqual(workers, { active: '/sw.js', waiting: null, installing: null });
  } finally {
    await context.close();
  }
});
