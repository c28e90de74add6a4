import { launch } from './helpers.mjs';
const BASE = process.env.E2E_BASE_URL;
const SLOW_4G = { offline: false, latency: 562.5, downloadThroughput: (1.6e6 * 0.9) / 8, uploadThroughput: (750e3 * 0.9) / 8 };
const browser = await launch();
for (let r = 0; r < Number(process.env.RUNS ?? 2); r++) {
const context = await browser.newContext();
const page = await context.newPage();
const cdp = await context.newCDPSession(page);
await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
await cdp.send('Network.enable');
await cdp.send('Network.emulateNetworkConditions', SLOW_4G);
const reqs = new Map(); let t0;
cdp.on('Network.requestWillBeSent', (e) => { if (t0 === undefined) t0 = e.timestamp; reqs.set(e.requestId, { url: e.request.url.split('/').pop(), sent: (e.timestamp - t0) * 1000, prio: e.request.initialPriority }); });
cdp.on('Network.responseReceived', (e) => { const q = reqs.get(e.requestId); if (q) q.resp = (e.timestamp - t0) * 1000; });
cdp.on('Network.loadingFinished', (e) => { const q = reqs.get(e.requestId); if (q) { q.done = (e.timestamp - t0) * 1000; q.bytes = e.encodedDataLength; } });
await page.goto(`${BASE}/#/worried`, { waitUntil: 'commit' });
await page.getByRole('button', { name: 'Start now' }).waitFor({ timeout: 30000 });
await page.waitForTimeout(500);
const fcp = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime);
const nav = await page.evaluate(() => JSON.stringify(performance.getEntriesByType('navigation')[0].toJSON()));
console.log('fcp', fcp);
for (const q of reqs.values()) console.log(q.url.padEnd(30), q.prio, Math.round(q.sent), Math.round(q.resp), Math.round(q.done), q.bytes);
await context.close();
}
await browser.close();
