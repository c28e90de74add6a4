// Starts the assistant in #app and keeps an offline copy of it. `cargo xtask build` writes
// the content-hashed names of the module and its glue in place of the %…% markers.
import init, { mount } from "./%GLUE%";

await init({ module_or_path: new URL("./%WASM%", import.meta.url) });
mount(document.getElementById("app"), {});
keepOfflineCopy();

/**
 * Registers the service worker (sw.js) and relays its news to the app with two events on
 * `window`: it sends `safeguard:update-ready` when a new version is installed and waiting, and
 * switches to it on `safeguard:apply-update`, which the app sends only when the user agrees or
 * starts a new journey. Without service workers (some hosts forbid them) the app still works
 * online; it just has no offline copy.
 */
function keepOfflineCopy() {
  if (!("serviceWorker" in navigator)) return;
  const workers = navigator.serviceWorker;
  workers
    .register(new URL("./sw.js", import.meta.url))
    .then((registration) => {
      const announce = () => {
        // Only a version waiting behind a running one is news; the first install is silent.
        if (registration.waiting && workers.controller) window.dispatchEvent(new Event("safeguard:update-ready"));
      };
      announce();
      registration.addEventListener("updatefound", () => {
        const worker = registration.installing;
        worker?.addEventListener("statechange", () => {
          if (worker.state === "installed") announce();
        });
      });
      window.addEventListener("safeguard:apply-update", () => {
        if (!registration.waiting) return;
        workers.addEventListener("controllerchange", () => location.reload(), { once: true });
        registration.waiting.postMessage("apply-update");
      });
      // Look for new guidance when the device reconnects or the page comes back into view.
      const check = () => registration.update().catch(() => {});
      window.addEventListener("online", check);
      document.addEventListener("visibilitychange", () => {
        if (document.visibilityState === "visible") check();
      });
    })
    .catch(() => {});
}
