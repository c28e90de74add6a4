//! The WASM modules of the assistant: what JavaScript can call.
//!
//! **Architecture invariant:** this is the only crate that knows about JavaScript. It builds
//! two modules. With feature `app` (the default), the site's `index.html`, the intranet
//! widget and the offline app all load one module that exports `mount`. With feature `api`,
//! the npm package's module exports the typed engine API (`Assistant`) with no Yew and no
//! DOM. Each is built without the other, so neither grows by the other's code.

#[cfg(feature = "api")]
mod api;
#[cfg(feature = "app")]
mod app;

#[cfg(feature = "api")]
pub use api::Assistant;

use wasm_bindgen::prelude::wasm_bindgen;

/// The version of the engine, so a host page can report what it embeds.
#[wasm_bindgen(js_name = engineVersion)]
pub fn engine_version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}
