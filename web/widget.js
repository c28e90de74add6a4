// The intranet widget: one script tag and one element,
//
//   <script type="module" src="https://…/widget.js"></script>
//   <sussex-safeguarding-assistant area="west-sussex"></sussex-safeguarding-assistant>
//
// It loads the same WASM module as the site (once per page, however many widgets) and runs
// the app inside a shadow root, so the host page's CSS cannot reach it and its own cannot
// leak. EMBEDDING.md documents the attributes. `cargo xtask build` writes the hashed names of
// the module, its glue, the page scripts, the two stylesheets, the content pack and its front
// in place of the %…% markers; this file keeps its name so hosts can link to it.
import { mount } from "./%GLUE%";
import { load } from "./%LOAD%";
import { keepOfflineCopy } from "./%OFFLINE%";

const HERE = new URL(".", import.meta.url);
let started;

/**
 * Each area's front door and out-of-hours services with numbers and hours, written here by
 * the build from the validated pack:
 * `[{ area, name, contacts: [[service, [phone, telAddress] or null, hours]] }]`.
 * Shown while the module loads and if it never starts.
 */
const FRONT_DOORS = %FRONT_DOORS%;

/**
 * Loads the module, the pack's front and the content pack once per page (`load.js` says when
 * each is asked for): `{ front, pack }`, the front's bytes and a promise of the pack's.
 */
function start(base) {
  // A failed attempt is not kept: a widget added later on the page tries again.
  started ??= load({ wasm: new URL("%WASM%", base), front: new URL("%FRONT%", base), pack: new URL("%PACK%", base) });
  started.catch(() => (started = undefined));
  return started;
}

class SussexSafeguardingAssistant extends HTMLElement {
  connectedCallback() {
    // Moved within the page: it is already running.
    if (this.shadowRoot) return;
    const shadow = this.attachShadow({ mode: "open" });
    const base = this.hasAttribute("base") ? new URL(this.getAttribute("base"), document.baseURI) : HERE;
    const styles = ["%BASE_CSS%", "%CSS%"].map((file) => {
      const style = document.createElement("link");
      style.rel = "stylesheet";
      style.href = new URL(file, base).href;
      return style;
    });
    const root = document.createElement("div");
    root.className = "widget";
    // The stylesheets size text from `--u`: the reader's own default size, measured here
    // where the host's CSS cannot reach (`rem` would follow the host page's root size).
    // Set through the CSSOM, which a strict style-src allows.
    root.style.setProperty("--u", readerTextSize(shadow));
    say(root, "Loading the safeguarding guide… If a child is in immediate danger, call 999 now.", this.getAttribute("area"));
    shadow.append(...styles, root);
    let shown = false;
    start(base)
      .then(({ front, pack }) => {
        // Settles once the pack is in; if it never is, the loading state is back in `root`.
        const complete = mount(root, {
          embedded: true,
          journey: this.getAttribute("journey") ?? undefined,
          area: this.getAttribute("area") ?? undefined,
          compact: this.hasAttribute("compact"),
          // Only when the host asks: the journey and level, never answers or free text.
          onComplete: this.hasAttribute("events") ? (detail) => this.dispatchEvent(completed(detail)) : undefined,
        }, front, pack);
        shown = true;
        return complete;
      })
      .then(() => {
        // Only when the host allows it: a service worker acts for every page in its folder.
        // After mounting, so the app hears of a version already waiting.
        if (this.hasAttribute("offline")) keepOfflineCopy(new URL("sw.js?widget", base));
      })
      .catch((error) => {
        // A failed attempt is not kept (a pack damaged on the way, say): a widget added later
        // on the page tries again.
        started = undefined;
        // Never fail silently on someone's page: say what to do instead.
        // The role first, so screen readers announce the text when it arrives.
        root.setAttribute("role", "alert");
        say(root, "The safeguarding guide could not start here. If a child is in immediate danger, call 999 now. Otherwise contact the children's services front door for where the child lives, or open the guide on its own page.", this.getAttribute("area"));
        // The app was on screen and has gone, and focus with it: keyboard users start again here.
        if (shown && document.activeElement === document.body) {
          root.tabIndex = -1;
          root.focus();
        }
        console.error("sussex-safeguarding-assistant:", error);
      });
  }
}

/** The event a host may ask for: `detail` is `{ journey, level, levelName }`. */
function completed(detail) {
  return new CustomEvent("safeguard:complete", { detail, bubbles: true, composed: true });
}

/** The browser's default text size (the reader's setting), in pixels. */
function readerTextSize(shadow) {
  const probe = document.createElement("span");
  probe.style.fontSize = "medium";
  shadow.append(probe);
  const size = getComputedStyle(probe).fontSize || "16px";
  probe.remove();
  return size;
}

/** `text`, then the front doors: the host's `area` only, when it names one the guide knows. */
function say(root, text, area) {
  const el = (tag, content) => {
    const e = document.createElement(tag);
    e.append(...[content].flat());
    return e;
  };
  const doors = FRONT_DOORS.filter((d) => d.area === area);
  const shown = doors.length ? doors : FRONT_DOORS;
  const list = shown.flatMap((door) => [
    el("h3", door.name),
    el(
      "ul",
      door.contacts.map(([service, phone, hours]) => {
        const call = phone ? [": ", Object.assign(el("a", phone[0]), { href: phone[1] })] : [];
        return el("li", [el("strong", service), ...call, `. ${hours}.`]);
      }),
    ),
  ]);
  root.replaceChildren(el("p", text), el("h2", "Who to contact about a child"), ...list);
}

if (!customElements.get("sussex-safeguarding-assistant")) {
  customElements.define("sussex-safeguarding-assistant", SussexSafeguardingAssistant);
}
