//! The JavaScript API's tests in headless Chromium (`tests/api/mod.rs`); `api_node.rs` runs
//! the same tests in Node. Run by `cargo xtask test`.
#![cfg(all(target_arch = "wasm32", feature = "api"))]

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

mod api;
