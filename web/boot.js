// Starts the assistant in #app and keeps an offline copy of it. `cargo xtask build` writes
// the content-hashed names of the module, its glue and the offline script in place of the
// %…% markers. The content pack is a file of its own whose address this script reads from
// the page's preload link, so a content correction changes the pack's name and not this
// file's. The module and the pack download side by side.
import init, { mount } from "./%GLUE%";
import { keepOfflineCopy } from "./%OFFLINE%";

const app = document.getElementById("app");
try {
  const pack = fetch(document.querySelector("link[data-pack]").href).then((response) => {
    if (!response.ok) throw new Error(`the guidance file answered ${response.status}`);
    return response.arrayBuffer();
  });
  // Awaited below; until then a failure must not be reported as unhandled.
  pack.catch(() => {});
  await init({ module_or_path: new URL("./%WASM%", import.meta.url) });
  mount(app, {}, new Uint8Array(await pack));
  keepOfflineCopy(new URL("./sw.js", import.meta.url));
} catch (error) {
  // The page as served stays: 999 and every front door. Say that the questions did not start.
  const loading = app.querySelector(".loading");
  if (loading) {
    loading.setAttribute("role", "alert");
    loading.textContent = "The guided questions could not start. Use the numbers below, or reload the page to try again.";
  }
  console.error("safeguarding guide:", error);
}
