// Starts the assistant in #app and keeps an offline copy of it. `cargo xtask build` writes
// the content-hashed names of the module, its glue and the offline script in place of the
// %…% markers. The content pack is a file of its own whose address this script reads from
// the page (`#app`'s `data-pack`), and so is the pack's front (the preload link marked
// `data-front`), so a content correction changes their names and not this file's.
//
// The app starts with the module and the front (a few hundred bytes: what the start pages
// show); the pack follows. Over the network it is asked for only once the module is in: a
// slow line is shared by the requests open on it, and the start page does not need the
// pack. From the service worker's copy there is no line to share, so it is asked for at once.
import init, { mount } from "./%GLUE%";
import { keepOfflineCopy } from "./%OFFLINE%";

const app = document.getElementById("app");

/** The bytes at `address`; a failure is an error that says what answered. */
function bytes(address) {
  const fetched = fetch(new URL(address, document.baseURI)).then((response) => {
    if (!response.ok) throw new Error(`the guidance file answered ${response.status}`);
    return response.arrayBuffer();
  });
  // Awaited later; until then a failure must not be reported as unhandled.
  fetched.catch(() => {});
  return fetched;
}

try {
  const front = bytes(document.querySelector("link[data-front]").href);
  let pack = navigator.serviceWorker?.controller ? bytes(app.dataset.pack) : undefined;
  await init({ module_or_path: new URL("./%WASM%", import.meta.url) });
  pack ??= bytes(app.dataset.pack);
  // Settles once the pack is in; if it never is, the page as served is back in #app.
  await mount(app, {}, new Uint8Array(await front), pack.then((b) => new Uint8Array(b)));
  keepOfflineCopy(new URL("./sw.js", import.meta.url));
} catch (error) {
  // The page as served stays (or is back): 999 and every front door. Say that the questions
  // did not start.
  const loading = app.querySelector(".loading");
  if (loading) {
    loading.setAttribute("role", "alert");
    loading.textContent = "The guided questions could not start. Use the numbers below, or reload the page to try again.";
  }
  console.error("safeguarding guide:", error);
}
