// Loads the assistant for the site (`boot.js`) and the widget (`widget.js`): the module, the
// pack's front and the content pack. `cargo xtask build` writes the glue's hashed name and the
// module's size in place of the %…% markers.
//
// When the pack is asked for: a slow line is shared by the requests open on it, and the start
// page needs only the module and the front (a few hundred bytes). Asked for with the module,
// the pack (a quarter of the bytes) holds the start page back by its own download; asked for
// once the module is in, it keeps a quick "Start now" waiting a round trip more. So it is
// asked for about one round trip before the module's last byte is due, and its first bytes
// come as the module's last do. From the service worker's copy there is no line to share,
// and it is asked for at once.
import init from "./%GLUE%";

/** The module's size as its response's body reads it (decoded), from the build. */
const MODULE_SIZE = %WASM_SIZE%;

/**
 * How long a file may take before it counts as failed: a request that hangs must end in the
 * failure path (the page as served back, saying so), never in a wait without end. A minute
 * is some 20 times the pack's download on a 2G line.
 */
const GIVE_UP_MS = 60_000;

/** The module's start, once asked for; forgotten if it fails, so that it can be tried again. */
let running;

/** The bytes at `url`; a failure is an error that says what answered. */
async function bytes(url) {
  const response = await fetch(url, { signal: AbortSignal.timeout(GIVE_UP_MS) });
  if (!response.ok) throw new Error(`the guidance file answered ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

/**
 * Starts the module at `wasm` and fetches the pack's front at `front` and the pack at `pack`
 * (URLs): a promise of `{ front, pack }` once the module runs and the front is in, `front`
 * its bytes and `pack` a promise of the pack's.
 */
export function load(urls) {
  let pack;
  const askForPack = () => {
    pack ??= bytes(urls.pack);
    // Awaited by the caller; until then a failure must not be reported as unhandled.
    pack.catch(() => {});
    return pack;
  };
  // Once the module runs (a second widget, or a second try) there is nothing to wait for.
  if (navigator.serviceWorker?.controller || running) askForPack();
  if (!running) {
    const asked = performance.now();
    const module = fetch(urls.wasm);
    // The module's own failure is reported by `init`.
    if (!pack) module.then((response) => watch(response.clone(), asked, askForPack)).catch(() => {});
    running = init({ module_or_path: module });
    running.catch(() => (running = undefined));
  }
  return Promise.all([running, bytes(urls.front)]).then(([, front]) => ({ front, pack: askForPack() }));
}

/**
 * Reads a copy of the module's response as it arrives, and calls `then` once the rest is due
 * within a round trip (or has arrived).
 */
async function watch(response, asked, then) {
  const page = performance.getEntriesByType("navigation")[0];
  const answered = performance.now();
  // The page's own request, whole (a round trip and a few kilobytes): its timing shows the
  // line's latency, which Chromium's emulated slow networks leave out of `responseStart`.
  const trip = Math.max(answered - asked, page ? page.responseEnd - page.requestStart : 0);
  // When the module's bytes began to come. A response there at once, on a page that has just
  // loaded, was preloaded by it: asked for as its head arrived, its bytes began a round trip
  // after that, and many have come before this script ran.
  const preloaded = page && answered - asked < trip / 2 && answered - page.responseEnd < 10 * trip;
  const began = preloaded ? Math.min(answered, page.responseEnd + trip) : answered;
  const reader = response.body.getReader();
  let received = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      received += value.length;
      // The rate is judged over a tenth of a second at least: the first bytes come in a burst.
      const elapsed = performance.now() - began;
      if (elapsed >= 100 && (MODULE_SIZE - received) * elapsed <= trip * received) break;
    }
    // Only this copy stops; the module's own response reads on.
    reader.cancel().catch(() => {});
  } finally {
    then();
  }
}
