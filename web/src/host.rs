//! The host contract: what the page that mounts the app may ask of it ([`Options`]) and what
//! it may learn when a journey ends ([`Completion`]). The bottom of the crate: plain data.

use yew::Callback;

/// What the host page asks of the app. The site asks nothing; the widget reads these from
/// its element's attributes.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Options {
    /// The journey (flow id) to open when no page is named.
    pub journey: Option<String>,
    /// The area (area id) the host serves: journeys start with "where does the child live"
    /// answered, still shown on the check page and changeable. Ignored for a journey that
    /// does not offer it.
    pub area: Option<String>,
    /// A tighter layout for a narrow column.
    pub compact: bool,
    /// Embedded in someone else's page: pages change in memory, not in the address (the page
    /// has its own, and two widgets would fight over one `#`), and the app does not take the
    /// focus when it loads.
    pub embedded: bool,
    /// Told when a journey reaches its outcome: the journey and the level, nothing else.
    pub on_complete: Option<Callback<Completion>>,
}

/// What a host page may learn when a journey ends: never answers or free text.
#[derive(Clone, Debug, PartialEq)]
pub struct Completion {
    /// The journey (flow id).
    pub journey: String,
    /// The level of need reached, with its name in the area's words; none when the journey
    /// gives no level (an emergency, an escalation plan).
    pub level: Option<(u8, String)>,
}
