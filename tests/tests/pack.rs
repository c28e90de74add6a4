//! The Sussex pack as shipped: it loads with no errors, holds what the issue asks, and the
//! core crate stays free of web dependencies.

use std::process::Command;

use safeguard_core::Severity;
use safeguard_tests::compiled::{HEADER, damaged};

#[test]
fn the_sussex_pack_loads_with_enough_content() {
    let loaded = safeguard_content::load().unwrap_or_else(|d| panic!("{d:#?}"));
    let c = loaded.pack.counts();
    assert_eq!(c.areas, 3);
    assert_eq!(c.levels, 4 + 4 + 3, "West and East Sussex have four levels, Brighton & Hove three");
    assert!(c.indicators >= 80, "{} indicators", c.indicators);
    let parts = loaded.pack.parts().count();
    assert_eq!(parts, 20, "all 20 parts of the Pan Sussex procedures");
}

#[test]
fn the_pack_validates_against_today_too() {
    // The build validated the pack on the day it was built; check it again today, so a
    // reviewed date or a bank-holiday list cannot quietly go stale.
    let today = safeguard_content::host::today();
    let loaded =
        safeguard_core::Pack::load(&safeguard_content::files(), today).unwrap_or_else(|d| panic!("{d:#?}"));
    let stale: Vec<String> =
        loaded.warnings.iter().filter(|w| w.severity == Severity::Warning).map(ToString::to_string).collect();
    assert!(stale.is_empty(), "warnings:\n{}", stale.join("\n"));
}

#[test]
fn every_holiday_year_2025_to_2028_is_covered() {
    let pack = safeguard_content::load().unwrap().pack;
    for year in 2025..=2028 {
        let n = pack.bank_holidays().iter().filter(|d| chrono::Datelike::year(*d) == year).count();
        assert!(n >= 8, "{year} has {n} bank holidays");
    }
}

#[test]
fn the_core_has_no_web_dependencies() {
    let out = Command::new(env!("CARGO"))
        .args(["tree", "-p", "safeguard-core", "-e", "normal", "--prefix", "none", "--target", "all"])
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
        .output()
        .expect("cargo tree runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let tree = String::from_utf8_lossy(&out.stdout);
    for banned in ["wasm-bindgen", "web-sys", "js-sys", "yew", "gloo"] {
        assert!(
            !tree.lines().any(|l| l.starts_with(&format!("{banned} "))),
            "safeguard-core depends on {banned}:\n{tree}"
        );
    }
}

/// The browser loads the compiled form the build writes; it must be the very same pack —
/// every table, hash included — and compiling it again must give the same bytes.
#[test]
fn the_compiled_form_is_the_same_pack() {
    let toml = safeguard_content::load().unwrap().pack;
    let compiled = safeguard_content::compiled().unwrap_or_else(|d| panic!("{d}"));
    assert_eq!(compiled.counts(), toml.counts());
    assert_eq!(compiled.hash(), toml.hash());
    assert_eq!(compiled.bank_holidays(), toml.bank_holidays());
    assert_eq!(compiled.compile(), toml.compile());
    assert!(compiled.contacts().all(|c| toml.contact(c.id.as_str()).is_some()));
}

/// Bytes that are not a compiled pack are refused with a message, never guessed at: cut
/// short anywhere, with bytes added, or written with another layout (the encoding version
/// ending the magic tag, or the schema fingerprint after it, differs).
#[test]
fn damaged_compiled_bytes_are_refused() {
    let bytes = safeguard_content::load().unwrap().pack.compile();
    let refused = |b: &[u8]| {
        let err = safeguard_core::Pack::from_compiled(b).unwrap_err();
        assert!(err.message.contains("does not match this engine"), "{err}");
    };
    for cut in (0..bytes.len()).step_by(97).chain([bytes.len() - 1]) {
        refused(&bytes[..cut]);
    }
    refused(&[bytes.as_slice(), &[0]].concat());
    // Another encoding version (the magic tag's last byte), or other types (the fingerprint).
    for at in [3, 4] {
        let mut other_layout = bytes.clone();
        other_layout[at] ^= 1;
        refused(&other_layout);
    }
    // One byte changed on the way, anywhere after the header: the checksum differs.
    for at in (HEADER..bytes.len()).step_by(1009) {
        let mut damaged = bytes.clone();
        damaged[at] ^= 0x20;
        refused(&damaged);
    }
}

/// Damaged bytes inside the pack never panic the decoder (a panic in WASM kills the widget):
/// each is read as some pack or refused. The checksum is written again after the damage, so
/// the decoder itself meets the damaged values. Deterministic, so a failure replays.
#[test]
fn corrupted_compiled_bytes_never_panic() {
    let pack = safeguard_content::load().unwrap().pack;
    damage_and_read(&pack.compile(), |bytes| drop(safeguard_core::Pack::from_compiled(bytes)));
    // The pack's front is read by the same reader, first of all.
    damage_and_read(&pack.front().compile(), |bytes| drop(safeguard_core::Front::from_compiled(bytes)));
}

/// Reads `bytes` damaged in 300 ways (1 to 4 bytes each), the checksum written again each time.
fn damage_and_read(bytes: &[u8], read: impl Fn(&[u8])) {
    let mut seed = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for _ in 0..300 {
        let changes: Vec<(usize, u8)> =
            (0..1 + next() % 4).map(|_| (next() as usize, next() as u8)).collect();
        read(&damaged(bytes, changes));
    }
}

#[test]
fn every_draft_item_is_listed_for_review() {
    let loaded = safeguard_content::load().unwrap();
    let drafts = loaded.warnings.iter().filter(|w| w.severity == Severity::Draft).count();
    assert_eq!(drafts, loaded.pack.counts().drafts);
    assert!(drafts > 0, "the pack still has drafts to verify");
}
