//! The JavaScript API's tests in Node (`tests/api/mod.rs`); `api_browser.rs` runs the same
//! tests in headless Chromium. Run by `cargo xtask test`.
#![cfg(all(target_arch = "wasm32", feature = "api"))]

mod api;
