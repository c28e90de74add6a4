// The offline copy, shared by the site (boot.js) and the widget (widget.js): registers the
// service worker and relays its news to the app with two events on `window`. It sends
// `safeguard:update-ready` when a new version is installed and waiting, and switches to it on
// `safeguard:apply-update`, which the app sends only when the user agrees (or, on the site,
// starts a new journey). Without service workers (some hosts forbid them) the app still
// works online; it just has no offline copy.

let registered;

/**
 * Keeps the offline copy served by `worker` (a URL). Call it once each app has started: the
 * worker is registered once per page, and a version already waiting is announced again, so
 * an app that started later hears of it too.
 */
export function keepOfflineCopy(worker) {
  if (!("serviceWorker" in navigator)) return;
  registered ??= register(new URL(worker));
  registered.then(announce).catch(() => {});
}

/** Only a version waiting behind a running one is news; the first install is silent. */
function announce(registration) {
  if (registration?.waiting && navigator.serviceWorker.controller) {
    window.dispatchEvent(new Event("safeguard:update-ready"));
  }
}

async function register(url) {
  const workers = navigator.serviceWorker;
  // The widget's worker (`sw.js?widget`) never replaces the site's own worker for the same
  // folder: that one already keeps every file, the widget's included. (The reverse is
  // allowed: the site's worker answers for the folder's page, which is then the guide's.)
  const folder = new URL("./", url).href;
  const existing = await workers.getRegistration(folder);
  const current = existing?.scope === folder ? (existing.active ?? existing.waiting ?? existing.installing) : null;
  const sitesOwn = current && !new URL(current.scriptURL).searchParams.has("widget");
  const registration = url.searchParams.has("widget") && sitesOwn ? existing : await workers.register(url);
  registration.addEventListener("updatefound", () => {
    const installing = registration.installing;
    installing?.addEventListener("statechange", () => {
      if (installing.state === "installed") announce(registration);
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
  return registration;
}
