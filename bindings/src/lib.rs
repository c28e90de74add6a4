//! The WASM module of the assistant: what JavaScript can call.
//!
//! **Architecture invariant:** this is the only crate that knows about JavaScript. The site's
//! `index.html`, the intranet widget and the offline app all load this one module. The typed
//! engine API for agencies' own code comes with issue #4.

use wasm_bindgen::JsValue;
use wasm_bindgen::prelude::wasm_bindgen;

/// Starts the assistant inside `element` (its contents are replaced). `options` may give
/// `journey`, the id of the journey to open (`"worried"`, `"disagree"`); anything else in it
/// is ignored, and so is a missing or malformed `options`.
#[wasm_bindgen]
pub fn mount(element: web_sys::Element, options: JsValue) {
    let journey =
        js_sys::Reflect::get(&options, &JsValue::from_str("journey")).ok().and_then(|j| j.as_string());
    element.set_inner_html("");
    safeguard_web::mount(element, journey);
}

/// The version of the engine, so a host page can report what it embeds.
#[wasm_bindgen(js_name = engineVersion)]
pub fn engine_version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}
