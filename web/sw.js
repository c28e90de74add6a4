// The offline copy of the assistant: a small hand-written service worker (ARCHITECTURE.md
// says why not Workbox). `cargo xtask build` writes VERSION and FILES: exactly the files of
// that build, all with content hashes in their names except the page itself ("./"), so a new
// build is a new worker with a new cache.
//
// It answers only same-origin GET requests for those files, from its cache; everything else
// goes to the network untouched. Nothing is cached at run time, and no other origin is ever
// fetched or stored.

const VERSION = "%VERSION%";
const PREFIX = "sussex-safeguarding-";
const CACHE = PREFIX + VERSION;
const SCOPE = new URL("./", self.location.href);
const PAGE = SCOPE.href;
// Registered by the intranet widget (`sw.js?widget`), the worker's scope may hold the host's
// own pages, its home page included: it then keeps and answers only for the widget's files,
// never for the page at its scope's root.
const WIDGET = new URL(self.location.href).searchParams.has("widget");
const FILES = %FILES%.filter((file) => !(WIDGET && file === "./"));
const PRECACHED = new Set(FILES.map((file) => new URL(file, SCOPE).href));

self.addEventListener("install", (event) => {
  // `cache: "reload"` bypasses the HTTP cache, so the copy is what the server holds now.
  event.waitUntil(
    caches.open(CACHE).then((cache) => cache.addAll(FILES.map((file) => new Request(new URL(file, SCOPE), { cache: "reload" })))),
  );
  // No skipWaiting here: a new version waits until the user agrees ("apply-update") or every
  // page of the old one is closed, so guidance never changes under someone mid-journey.
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((key) => key.startsWith(PREFIX) && key !== CACHE).map((key) => caches.delete(key))))
      .then(() => self.clients.claim()),
  );
});

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
