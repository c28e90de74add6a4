// Starts the assistant in #app and keeps an offline copy of it. `cargo xtask build` writes
// the content-hashed names of the module, its glue and the page scripts in place of the %…%
// markers. The content pack and its front are files of their own whose addresses this script
// reads from the page (`#app`'s `data-pack`, and the front's preload link, marked
// `data-front`), so a content correction changes their names and not this file's. `load.js`
// says when each is asked for.
import { mount } from "./%GLUE%";
import { load } from "./%LOAD%";
import { keepOfflineCopy } from "./%OFFLINE%";

const app = document.getElementById("app");
let shown = false;
try {
  const { front, pack } = await load({
    wasm: new URL("./%WASM%", import.meta.url),
    front: document.querySelector("link[data-front]").href,
    pack: new URL(app.dataset.pack, document.baseURI),
  });
  // Settles once the pack is in; if it never is, the page as served is back in #app.
  const complete = mount(app, {}, front, pack);
  shown = true;
  await complete;
  keepOfflineCopy(new URL("./sw.js", import.meta.url));
} catch (error) {
  // The page as served stays (or is back): 999 and every front door. Say that the questions
  // did not start.
  const loading = app.querySelector(".loading");
  if (loading) {
    loading.setAttribute("role", "alert");
    loading.textContent = "The guided questions could not start. Use the numbers below, or reload the page to try again.";
    // The app was on screen and has gone, and focus with it: keyboard users start again here.
    if (shown && (document.activeElement === document.body || !document.activeElement)) {
      loading.tabIndex = -1;
      loading.focus();
    }
  }
  console.error("safeguarding guide:", error);
}
