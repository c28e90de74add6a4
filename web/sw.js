// The offline copy of the assistant: a small hand-written service worker (ARCHITECTURE.md
// says why not Workbox). `cargo xtask build` writes VERSION and FILES: exactly the files of
// that build, all with content hashes in their names except the page itself ("./"), so a new
// build is a new worker with a new cache.
//
// It answers only same-origin GET requests for those files, from its cache; everything else
// goes to the network untouched. Nothing is cached at run time, and no other origin is ever
// fetched or stored. A new version copies the hashed files it shares with the one before
// instead of downloading them again, and deletes only its own folder's earlier caches.

const VERSION = "%VERSION%";
const PREFIX = "sussex-safeguarding-";
const SCOPE = new URL("./", self.location.href);
// The guide may be deployed in more than one folder of an origin (the site at `/guide/`, a
// widget's copy at `/intranet/widget/`), each with its own worker: each folder's caches are
// named by it, so two copies of one build never share a cache.
const OWN = PREFIX + SCOPE.pathname + "@";
const CACHE = OWN + VERSION;
const PAGE = SCOPE.href;
// Registered by the intranet widget (`sw.js?widget`), the worker's scope may hold the host's
// own pages, its home page included: it then keeps and answers only for the widget's files,
// never for the page at its scope's root.
const WIDGET = new URL(self.location.href).searchParams.has("widget");
const FILES = %FILES%.filter((file) => !(WIDGET && file === "./"));
const PRECACHED = new Set(FILES.map((file) => new URL(file, SCOPE).href));

// A file named by its content hash (`app-0123456789.wasm`) is the same file in every build
// that lists it.
const HASHED = /-[0-9a-f]{10}\.[a-z]+$/;

self.addEventListener("install", (event) => {
  // A hashed file already kept by an earlier version is copied from that version's cache, so
  // an update that changes only the content downloads the new pack, the page and this worker,
  // not the module again. Everything else is fetched with `cache: "reload"`, which bypasses
  // the HTTP cache, so the copy is what the server holds now.
  event.waitUntil(
    caches.open(CACHE).then((cache) =>
      Promise.all(
        FILES.map(async (file) => {
          const url = new URL(file, SCOPE);
          const kept = HASHED.test(url.pathname) && (await keptCopy(url));
          if (kept) return cache.put(url, matchable(kept));
          const response = await fetch(new Request(url, { cache: "reload" }));
          if (!response.ok) throw new Error(`${url} answered ${response.status}`);
          return cache.put(url, matchable(response));
        }),
      ).then(async () => {
        // An older version taking over meanwhile deletes this folder's other caches, this
        // one included: installing into a deleted cache would leave nothing to answer from
        // offline, so the install fails, and the browser tries again at its next check.
        if (!(await caches.has(CACHE))) throw new Error("the new offline copy was deleted while it was made");
      }),
    ),
  );
  staticRoutes(event);
  // No skipWaiting here: a new version waits until the user agrees ("apply-update") or every
  // page of the old one is closed, so guidance never changes under someone mid-journey.
});

/**
 * Where the browser has static routing (Chromium), the same files are answered straight from
 * this version's cache, without waiting for this worker to start and run its fetch handler
 * for each of them. Exact paths without a query, GET only: any other request still comes to
 * the handler below, which answers in the same way (so browsers without routes, and a file
 * missing from the cache, behave as before).
 */
function staticRoutes(event) {
  if (typeof event.addRoutes !== "function") return;
  // Patterns give `:*+?(){}` (and `\`) a meaning; a folder named "Guide (2)" must not.
  const literal = (text) => text.replace(/[\\:*+?(){}]/g, "\\$&");
  const { protocol, hostname, port } = SCOPE;
  const rules = FILES.map((file) => ({
    condition: {
      urlPattern: {
        protocol: protocol.slice(0, -1),
        hostname: literal(hostname),
        port,
        pathname: literal(new URL(file, SCOPE).pathname),
        search: "",
      },
      requestMethod: "GET",
    },
    source: { cacheName: CACHE },
  }));
  event.waitUntil(event.addRoutes(rules).catch((error) => console.warn("static routes not added:", error)));
}

/**
 * `response` as the cache keeps it. The fetch handler looks a file up by its address alone,
 * but a static route looks it up with the browser's own request, `Vary` and all: a server
 * that varies on anything but the encoding (`Vary: Accept`, as some CDNs send) would make
 * every route miss, and leave the guide without its files offline. So such a header goes.
 */
function matchable(response) {
  const vary = (response.headers.get("vary") ?? "").split(",").map((name) => name.trim().toLowerCase());
  if (vary.every((name) => name === "" || name === "accept-encoding")) return response;
  const headers = new Headers(response.headers);
  headers.delete("vary");
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

/**
 * The copy of `url` in one of this guide's earlier caches, if any (never another app's), and
 * only if it looks like what it is named: a server that once answered a missing file with its
 * HTML page must not have that answer kept for ever.
 */
async function keptCopy(url) {
  for (const key of await caches.keys()) {
    if (!key.startsWith(PREFIX) || key === CACHE) continue;
    // Not `caches.open`, which would make again a cache another worker has just deleted.
    const hit = await caches.match(url, { cacheName: key });
    if (hit && hit.ok && !(hit.headers.get("content-type") ?? "").startsWith("text/html")) return hit;
  }
  return undefined;
}

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((key) => key.startsWith(PREFIX) && key !== CACHE).map(dropIfOurs)))
      .then(() => self.clients.claim()),
  );
});

/**
 * Deletes this folder's earlier copy in cache `key`, so that one copy's update never deletes
 * another folder's offline copy. A cache named for this folder goes (not one of a folder
 * below it: `/guide/@team/`'s name also starts with `/guide/`'s). A cache named before caches
 * carried their folder may hold the files of every folder that served the same build: only
 * this folder's files go, and the cache once nothing is left in it.
 */
async function dropIfOurs(key) {
  if (key.startsWith(OWN)) {
    if (!key.slice(OWN.length).includes("/")) await caches.delete(key);
    return;
  }
  // Another folder's, by its name; or already deleted by another worker (opening it would
  // make it again, empty).
  if (key.slice(PREFIX.length).includes("/") || !(await caches.has(key))) return;
  const cache = await caches.open(key);
  const here = (request) => new URL(".", request.url).href === SCOPE.href;
  await Promise.all((await cache.keys()).filter(here).map((request) => cache.delete(request)));
  if ((await cache.keys()).length === 0) await caches.delete(key);
}

self.addEventListener("message", (event) => {
  if (event.data === "apply-update") self.skipWaiting();
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  url.hash = "";
  url.search = "";
  // The app's page, however it is addressed, is the cached page: the app routes by hash.
  const isPage = !WIDGET && request.mode === "navigate" && (url.href === PAGE || url.href === PAGE + "index.html");
  const key = isPage ? PAGE : url.href;
  if (!PRECACHED.has(key)) return;
  event.respondWith(
    caches
      .open(CACHE)
      .then((cache) => cache.match(key))
      .then((hit) => hit || fetch(request)),
  );
});
