//! The offline copy: telling the user when updated guidance is waiting, and how old the copy
//! they are using is.
//!
//! The service worker (`web/sw.js`) and the page script (`web/offline.js`, used by the site
//! and by the widget when its host allows) talk to the app with two DOM events on `window`,
//! so the app needs no JavaScript bindings for them: `safeguard:update-ready` (a new version
//! is installed and waiting) and `safeguard:apply-update` (the user agreed, or started a new
//! journey: switch now).
//!
//! **Invariant:** the app never switches versions by itself mid-journey; only the user's
//! click on the notice, "Clear and start again" or starting a journey sends
//! `safeguard:apply-update` — and in the widget only the click, because switching reloads
//! the host's whole page.

use std::cell::RefCell;
use std::rc::Rc;

use chrono::NaiveDate;
use safeguard_core::{Freshness, Front, Pack, STALE_AFTER_DAYS, freshness, long_date};
use yew::prelude::*;

use crate::device::now_uk;

/// The event the page script sends when a new version is waiting.
pub const UPDATE_READY: &str = "safeguard:update-ready";
/// The event that asks the page script to switch to the waiting version.
const APPLY_UPDATE: &str = "safeguard:apply-update";

thread_local! {
    /// The page is being reloaded because the user asked (to use updated guidance): leaving
    /// needs no confirmation.
    pub(crate) static LEAVING_ON_PURPOSE: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Asks the page script to switch to the waiting version (it reloads the page). Does
/// nothing when no page script listens, as in the widget without a service worker.
pub fn apply_update() {
    // The user chose to reload (the notice says answers are cleared): no second question.
    LEAVING_ON_PURPOSE.set(true);
    if let (Some(window), Ok(event)) = (web_sys::window(), web_sys::Event::new(APPLY_UPDATE)) {
        let _ = window.dispatch_event(&event);
    }
}

/// A journey is starting from nothing (or everything was cleared): on the site, the moment
/// to switch to waiting guidance. Not in the widget, where it would reload the host's page.
pub fn apply_update_at_new_journey(update_ready: bool, embedded: bool) {
    if update_ready && !embedded {
        apply_update();
    }
}

/// The notice that updated guidance is waiting.
pub fn update_notice(ready: bool, has_answers: bool, embedded: bool) -> Html {
    if !ready {
        return Html::default();
    }
    let reload = Callback::from(|_: MouseEvent| apply_update());
    html! {
        <div class="notice" role="status">
            <p class="notice-title">{ "Updated guidance is available." }</p>
            if embedded {
                <p>{ "Reloading reloads this whole page." }</p>
            }
            if has_answers {
                <p>{ "Reloading clears the answers you have given. You can finish this journey first: the update will wait." }</p>
            }
            <button type="button" class="button" onclick={reload}>{ "Reload to use it" }</button>
        </div>
    }
}

/// How current this copy is on the device's date (see `safeguard_core::freshness`).
///
/// Worked out once per day, not on every render: it walks every sourced item of the pack, and
/// the app renders on every tick of a checkbox or radio.
pub fn copy_freshness(pack: &'static Pack) -> Rc<Freshness<'static>> {
    thread_local! {
        static TODAY: RefCell<Option<(NaiveDate, Rc<Freshness<'static>>)>> = const { RefCell::new(None) };
    }
    let today = now_uk().date();
    TODAY.with_borrow_mut(|cached| match cached {
        Some((day, fresh)) if *day == today => fresh.clone(),
        _ => {
            let fresh = Rc::new(freshness(pack, pack.validated_on(), today));
            *cached = Some((today, fresh.clone()));
            fresh
        }
    })
}

/// The age of this copy: a warning when it is old or holds items past their review date.
pub fn age_warning(fresh: &Freshness<'_>) -> Html {
    if !fresh.needs_warning() {
        return Html::default();
    }
    let overdue = fresh.overdue.len();
    html! {
        <div class="warning" role="note">
            if fresh.stale {
                <p><strong>{ format!("This copy of the guidance was made on {}, more than {STALE_AFTER_DAYS} days ago.", long_date(fresh.copied)) }</strong>
                { " Connect to the internet and reload to check for updated guidance, and check contact details with your local front door before relying on them." }</p>
            }
            if overdue > 0 {
                <p>{ match overdue {
                    1 => "1 item of this guidance is past its review date: check it with its source before relying on it. ".to_owned(),
                    n => format!("{n} items of this guidance are past their review date: check them with their sources before relying on them. "),
                } }
                <a href="#/about">{ "See which" }</a></p>
            }
        </div>
    }
}

/// The line the footer gives about the guidance's age.
pub fn updated_line(front: &Front) -> String {
    format!("Guidance last updated {}.", long_date(front.info().updated(front.validated_on())))
}
