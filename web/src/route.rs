//! Hash routes: `#/worried/q/area`. Hash-based so the app works from any path and inside a
//! widget on someone else's page. A route names pages and question ids, never answers:
//! intranet proxies log addresses, and answers about a child must not end up in a log.

use std::fmt;

/// A journey: one of the pack's flows.
pub type FlowName = String;

/// A page of the app.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Route {
    /// Choose what to do.
    #[default]
    Home,
    /// The start page of a journey.
    Start(FlowName),
    /// A question of a journey.
    Question(FlowName, String),
    /// Check your answers.
    Check(FlowName),
    /// The outcome of a journey.
    Result(FlowName),
    /// Search the procedures.
    Procedures,
    /// Every contact, by area, with its hours.
    Contacts,
    /// About this guidance: version, sources, statements.
    About,
    /// Escalation plans saved on this device.
    Saved,
    /// Work out the dates that follow something that happened (the event, if one is chosen
    /// already: an outcome links here with the event its timescale counts from).
    Timescales(Option<String>),
    /// Anything else.
    NotFound,
}

impl Route {
    /// Reads a location hash such as `#/worried/q/area`.
    pub fn parse(hash: &str) -> Route {
        let path = hash.trim_start_matches('#').trim_matches('/');
        let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
        let ok = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
        match parts.as_slice() {
            [] => Route::Home,
            ["procedures"] => Route::Procedures,
            ["contacts"] => Route::Contacts,
            ["about"] => Route::About,
            ["saved"] => Route::Saved,
            ["timescales"] => Route::Timescales(None),
            ["timescales", event] if ok(event) => Route::Timescales(Some((*event).to_owned())),
            [flow] if ok(flow) => Route::Start((*flow).to_owned()),
            [flow, "q", node] if ok(flow) && ok(node) => {
                Route::Question((*flow).to_owned(), (*node).to_owned())
            }
            [flow, "check"] if ok(flow) => Route::Check((*flow).to_owned()),
            [flow, "result"] if ok(flow) => Route::Result((*flow).to_owned()),
            _ => Route::NotFound,
        }
    }

    /// The hash for this route.
    pub fn href(&self) -> String {
        format!("#/{self}")
    }
}

impl fmt::Display for Route {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Route::Home => Ok(()),
            Route::Start(flow) => write!(f, "{flow}"),
            Route::Question(flow, node) => write!(f, "{flow}/q/{node}"),
            Route::Check(flow) => write!(f, "{flow}/check"),
            Route::Result(flow) => write!(f, "{flow}/result"),
            Route::Procedures => f.write_str("procedures"),
            Route::Contacts => f.write_str("contacts"),
            Route::About => f.write_str("about"),
            Route::Saved => f.write_str("saved"),
            Route::Timescales(None) => f.write_str("timescales"),
            Route::Timescales(Some(event)) => write!(f, "timescales/{event}"),
            Route::NotFound => f.write_str("not-found"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_round_trip_and_refuse_odd_input() {
        for r in [
            Route::Home,
            Route::Start("worried".into()),
            Route::Question("worried".into(), "area".into()),
            Route::Check("disagree".into()),
            Route::Result("worried".into()),
            Route::Procedures,
            Route::Contacts,
            Route::About,
            Route::Saved,
            Route::Timescales(None),
            Route::Timescales(Some("child-returned".into())),
        ] {
            assert_eq!(Route::parse(&r.href()), r);
        }
        assert_eq!(Route::parse(""), Route::Home);
        assert_eq!(Route::parse("#/worried/q/<script>"), Route::NotFound);
        assert_eq!(Route::parse("#/a/b/c/d"), Route::NotFound);
    }
}
