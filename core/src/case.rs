//! A text's first letter changed to start or continue a sentence ("Without delay" → "the next
//! stage, without delay"), in ASCII only.
//!
//! Why not `str::to_lowercase`: the guide is written in English, and the Unicode case
//! tables that `to_lowercase`/`to_uppercase` bring into the WASM module cost more than these
//! few lines. Only the first letter changes, so names and initialisms later in a text
//! ("MARAC", "LADO") keep their capitals.

/// `text` with its first letter in lower case, if it is an ASCII letter and does not begin an
/// initialism ("LADO within one working day" stays as it is).
pub fn lower_first(text: &str) -> String {
    let mut out = text.to_owned();
    let initialism = text.as_bytes().get(1).is_some_and(u8::is_ascii_uppercase);
    if let Some(first) = out.get_mut(..1).filter(|_| !initialism) {
        first.make_ascii_lowercase();
    }
    out
}

/// `text` with its first letter in upper case, if it is an ASCII letter.
pub fn upper_first(text: &str) -> String {
    let mut out = text.to_owned();
    if let Some(first) = out.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_first_ascii_letter_changes() {
        assert_eq!(lower_first("Without delay after the MARAC"), "without delay after the MARAC");
        assert_eq!(lower_first("LADO within one working day"), "LADO within one working day");
        assert_eq!(lower_first("A strategy discussion"), "a strategy discussion");
        assert_eq!(upper_first("bank holidays"), "Bank holidays");
        assert_eq!(lower_first(""), "");
        // A first character of more than one byte is left as it is, never split.
        assert_eq!(lower_first("Éire"), "Éire");
        assert_eq!(upper_first("’quoted’"), "’quoted’");
    }
}
