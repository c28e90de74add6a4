//! Fingerprints of content: 64-bit FNV-1a, written once for the pack's content hash and the
//! compiled form's schema header (worked out by the compiler).

/// FNV-1a's starting value.
pub(crate) const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// `hash` continued over `bytes` (FNV-1a). A `const fn`, so the compiled form's header is
/// computed at compile time.
pub(crate) const fn fnv1a(mut hash: u64, mut bytes: &[u8]) -> u64 {
    while let [b, rest @ ..] = bytes {
        hash = (hash ^ *b as u64).wrapping_mul(0x0100_0000_01b3);
        bytes = rest;
    }
    hash
}

/// A 64-bit FNV-1a fingerprint (16 hex digits) of byte strings, each ended by a zero byte so
/// that ("ab", "c") and ("a", "bc") differ. Identifies content; it is not a security control.
pub fn fingerprint<'a>(parts: impl IntoIterator<Item = &'a [u8]>) -> String {
    let hash = parts.into_iter().fold(OFFSET, |h, part| fnv1a(fnv1a(h, part), &[0]));
    format!("{hash:016x}")
}
