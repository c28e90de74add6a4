// The offline copy, shared by the site (boot.js) and the widget (widget.js): registers the
// service worker and relays its news to the app with two events on `window`. It sends
// `safeguard:update-ready` when a new version is installed and waiting, and switches to it on
// `safeguard:apply-update`, which the app sends only when the user agrees (or, on the site,
// starts a new journey). Without service workers (some hosts forbid them) the app still
// works online; it just has no offline copy.

let kept = false;

/** Registers the worker at `worker` (a URL) once per page, however many callers ask. */
export function keepOfflineCopy(worker) {
  if (kept || !("serviceWorker" in navigator)) return;
  kept = true;
  const workers = navigator.serviceWorker;
  workers
    .register(worker)
    .then((registration) => {
      const announce = () => {
        // Only a version waiting behind a running one is news; the first install is silent.
        if (registration.waiting && workers.controller) window.dispatchEvent(new Event("safeguard:update-ready"));
      };
      announce();
      registration.addEventListener("updatefound", () => {
        const installing = registration.installing;
        installing?.addEventListener("statechange", () => {
          if (installing.state === "installed") announce();
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
