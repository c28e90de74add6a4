// The package's entry point: loads the WebAssembly engine once, then hands out assistants.
// `safeguard.js` is wasm-bindgen's glue, generated from the Rust types with their
// TypeScript definitions.
import init, { Assistant, engineVersion } from "./safeguard.js";

export { Assistant, engineVersion };

let loading;

/**
 * Loads the engine (once; later calls wait for the same load). In Node it reads
 * `safeguard_bg.wasm` beside this file; in a browser it fetches it relative to this module.
 * Pass `wasm` (a URL, Response, bytes or WebAssembly.Module) to load it from elsewhere.
 */
export function load(wasm) {
  loading ??= init({ module_or_path: wasm ?? locate() });
  return loading.then(() => undefined);
}

async function locate() {
  const url = new URL("./safeguard_bg.wasm", import.meta.url);
  if (url.protocol !== "file:") return url;
  const { readFile } = await import("node:fs/promises");
  return readFile(url);
}

/** An assistant over the Sussex guidance built into this package. */
export async function sussex() {
  await load();
  return Assistant.sussex();
}

/** An assistant over a content pack given as JSON (validated; see `Assistant.fromJson`). */
export async function fromJson(json) {
  await load();
  return Assistant.fromJson(json);
}
