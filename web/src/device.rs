//! What the app takes from and makes on the device: the time now (UK local time from the
//! device clock) and files offered for download, made on the device and never fetched.

use chrono::{DateTime, NaiveDateTime};
use safeguard_core::calendar::uk_local;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// UK local time now, from the device clock.
pub(crate) fn now_uk() -> NaiveDateTime {
    uk_local(now_utc().and_utc())
}

/// UTC now, from the device clock.
pub(crate) fn now_utc() -> NaiveDateTime {
    let millis = js_sys::Date::now() as i64;
    DateTime::from_timestamp_millis(millis).unwrap_or_default().naive_utc()
}

/// The button action that downloads `entries` as a calendar file, made on the device when
/// the button is pressed (not each time the page is drawn).
pub(crate) fn calendar_download(entries: Vec<safeguard_core::CalendarEntry>) -> Callback<MouseEvent> {
    Callback::from(move |_: MouseEvent| {
        let file = safeguard_core::ics(&entries, now_utc());
        download(&file, "safeguarding-due-dates.ics", "text/calendar;charset=utf-8")
    })
}

/// Offers text as a file download of type `mime`, made on the device (a blob URL), never
/// fetched.
pub(crate) fn download(text: &str, name: &str, mime: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else { return };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else { return };
    if let Some(a) =
        document.create_element("a").ok().and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok())
    {
        a.set_href(&url);
        a.set_download(name);
        a.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}
