//! The Yew front end of the assistant: the practitioner journeys as function components over
//! `safeguard-core`. It lands with issue #3; until then `cargo xtask serve` serves a page
//! that says so.
