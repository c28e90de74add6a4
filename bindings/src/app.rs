//! `mount`: starts the Yew app in an element, for the site, the widget and the offline app.

use js_sys::{Function, Object, Promise, Reflect, Uint8Array};
use safeguard_web::{Completion, Options};
use wasm_bindgen::prelude::{JsError, wasm_bindgen};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::{JsFuture, future_to_promise};
use yew::Callback;

/// Starts the assistant inside `element` (its contents are replaced). `options` may give:
/// `journey` (a journey id to open), `area` (an area id: "where does the child live" is
/// answered in advance), `compact` (a tighter layout), `embedded` (inside another page: pages
/// change in memory, not in the address, and focus is not taken on load) and `onComplete` (a
/// function called with `{ journey, level, levelName }` when a journey reaches its outcome).
/// Anything else is ignored, and so is a value of the wrong type: a host's mistake must not
/// stop the assistant from starting.
///
/// `front` is the bytes of the pack's front (the build's `front-<hash>.bin`): the app starts
/// with them, showing the home and journey start pages. `pack` is a promise of the content
/// pack's bytes (`pack-<hash>.bin`), which the host may ask for only once the module is in,
/// so that on a slow line the two do not share it; the other pages wait for it. If `front`
/// is not a front this engine reads, `mount` throws and leaves `element` as it was, so the
/// host's own fallback (999 and the front doors) stays on screen. The promise it returns
/// settles once the pack is in: if the pack fails to arrive or to read, the app stops, the
/// element gets back what it held before, and the promise is rejected.
#[wasm_bindgen(unchecked_return_type = "Promise<void>")]
pub fn mount(
    element: web_sys::Element,
    options: JsValue,
    front: &[u8],
    #[wasm_bindgen(unchecked_param_type = "Promise<Uint8Array>")] pack: Promise,
) -> Result<Promise, JsError> {
    if let Err(problem) = safeguard_web::load_front(front) {
        return Err(unreadable(&problem.message));
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
    let before = element.inner_html();
    element.set_inner_html("");
    let app = safeguard_web::mount(element.clone(), options);
    Ok(future_to_promise(async move {
        // Through `Promise.resolve`: a host that hands over something else gets an answer too.
        let loaded = match JsFuture::from(Promise::resolve(&pack)).await {
            Ok(bytes) => safeguard_web::load_pack(&Uint8Array::new(&bytes).to_vec())
                .map_err(|p| unreadable(&p.message)),
            Err(error) => Err(JsError::new(&format!(
                "the guidance did not arrive: {}",
                error
                    .as_string()
                    .or_else(|| Reflect::get(&error, &"message".into()).ok()?.as_string())
                    .unwrap_or_default()
            ))),
        };
        match loaded {
            Ok(_) => Ok(JsValue::UNDEFINED),
            Err(error) => {
                app.destroy();
                element.set_inner_html(&before);
                Err(error.into())
            }
        }
    }))
}

fn unreadable(problem: &str) -> JsError {
    JsError::new(&format!("the guidance could not be read: {problem}"))
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
