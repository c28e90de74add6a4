//! `mount`: starts the Yew app in an element, for the site, the widget and the offline app.

use js_sys::{Function, Object, Reflect};
use safeguard_web::{Completion, Options};
use wasm_bindgen::prelude::{JsError, wasm_bindgen};
use wasm_bindgen::{JsCast, JsValue};
use yew::Callback;

/// Starts the assistant inside `element` (its contents are replaced). `options` may give:
/// `journey` (a journey id to open), `area` (an area id: "where does the child live" is
/// answered in advance), `compact` (a tighter layout), `embedded` (inside another page: pages
/// change in memory, not in the address, and focus is not taken on load) and `onComplete` (a
/// function called with `{ journey, level, levelName }` when a journey reaches its outcome).
/// Anything else is ignored, and so is a value of the wrong type: a host's mistake must not
/// stop the assistant from starting.
///
/// `pack` is the content pack's bytes, fetched by the host beside the module (the build's
/// `pack-<hash>.bin`, fetched in parallel with the module). If they are not a pack this
/// engine reads, `mount` throws and leaves `element` as it was, so the host's own fallback
/// (999 and the front doors) stays on screen.
#[wasm_bindgen]
pub fn mount(element: web_sys::Element, options: JsValue, pack: &[u8]) -> Result<(), JsError> {
    if let Err(problem) = safeguard_web::load_pack(pack) {
        return Err(JsError::new(&format!("the guidance could not be read: {}", problem.message)));
    }
    let get = |name: &str| Reflect::get(&options, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED);
    let on_complete = get("onComplete").dyn_into::<Function>().ok().map(|f| {
        Callback::from(move |c: Completion| {
            let _ = f.call1(&JsValue::NULL, &completion(&c));
        })
    });
    let options = Options {
        journey: get("journey").as_string(),
        area: get("area").as_string(),
        compact: get("compact").as_bool().unwrap_or(false),
        embedded: get("embedded").as_bool().unwrap_or(false),
        on_complete,
    };
    element.set_inner_html("");
    safeguard_web::mount(element, options);
    Ok(())
}

/// `{ journey, level, levelName }`: the level is `null` when the journey gives none.
fn completion(c: &Completion) -> JsValue {
    let out = Object::new();
    let (level, name) = match &c.level {
        Some((n, name)) => (JsValue::from(*n), JsValue::from_str(name)),
        None => (JsValue::NULL, JsValue::NULL),
    };
    for (key, value) in [("journey", JsValue::from_str(&c.journey)), ("level", level), ("levelName", name)] {
        let _ = Reflect::set(&out, &JsValue::from_str(key), &value);
    }
    out.into()
}
