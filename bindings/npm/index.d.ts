// Types of the package's entry point; every other type is generated from the Rust types
// (`safeguard.d.ts`).
import type { Assistant, InitInput } from "./safeguard.js";

export * from "./safeguard.js";

/** Loads the engine once. In Node it reads the .wasm beside this file; in a browser it fetches it. */
export function load(wasm?: InitInput | Promise<InitInput>): Promise<void>;

/** An assistant over the Sussex guidance built into this package. */
export function sussex(): Promise<Assistant>;

/** An assistant over a content pack given as JSON; throws a SafeguardError (INVALID_CONTENT) listing every problem. */
export function fromJson(json: string): Promise<Assistant>;
