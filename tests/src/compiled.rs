//! Compiled packs and fronts damaged as the tests of their reader need: bytes changed after
//! the header, with the checksum written again, so the reader itself meets the damaged values
//! rather than refusing them at the checksum.

/// The compiled form's header: the magic tag and schema fingerprint (12 bytes), then the
/// checksum of the rest (8 bytes).
pub const HEADER: usize = 20;

/// `bytes` with each `(at, byte)` change made after the header (`at` taken modulo the bytes
/// after it), and the checksum (FNV-1a, as the compiled form computes it) written again.
pub fn damaged(bytes: &[u8], changes: impl IntoIterator<Item = (usize, u8)>) -> Vec<u8> {
    let mut out = bytes.to_vec();
    let after = out.len().saturating_sub(HEADER).max(1);
    for (at, byte) in changes {
        if let Some(b) = out.get_mut(HEADER + at % after) {
            *b = byte;
        }
    }
    let sum = out
        .get(HEADER..)
        .unwrap_or_default()
        .iter()
        .fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3));
    if let Some(slot) = out.get_mut(12..HEADER) {
        slot.copy_from_slice(&sum.to_le_bytes());
    }
    out
}
