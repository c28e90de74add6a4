//! The JavaScript API of the assistant.
//!
//! **Architecture invariant:** this is the only crate that knows about JavaScript. Core
//! types never cross the boundary directly. For now it exports only the engine's version;
//! the full API (issue #4) wraps `safeguard-core` here.

use wasm_bindgen::prelude::wasm_bindgen;

/// The version of the engine, so a host page can report what it embeds.
#[wasm_bindgen(js_name = engineVersion)]
pub fn engine_version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}
