//! Where the bytes of the WASM module go: the code of each crate and the data, read from the
//! module cargo builds (before wasm-bindgen and wasm-opt, which strip the function names).
//! `cargo xtask bench` reports it beside the size figures, so work on size starts from facts.
//!
//! The module is read by `wasmparser` and the names by `rustc-demangle` (both already in the
//! dependency tree through wasm-bindgen's tools): no hand-written WASM reader or demangler.

use std::collections::BTreeMap;

use wasmparser::{KnownCustom, Name, Parser, Payload, TypeRef};

/// Bytes of code per crate, largest first, and the bytes of the data section.
pub struct Breakdown {
    /// (crate, bytes of function bodies).
    pub code: Vec<(String, u64)>,
    /// Bytes of the data section: every string and constant of the program.
    pub data: u64,
}

/// The crate a (mangled) function name belongs to: the first segment of its demangled path
/// (`core::fmt::write` → `core`), or of the type an impl is for
/// (`<yew::html::Html as core::clone::Clone>::clone` → `yew`).
fn crate_of(name: &str) -> String {
    if name.starts_with("__wbindgen") || name.starts_with("__wbg") {
        return "wasm-bindgen glue".to_owned();
    }
    let Ok(demangled) = rustc_demangle::try_demangle(name) else { return "(other)".to_owned() };
    let path = format!("{demangled:#}");
    let path = path.trim_start_matches(['<', '&', '*']).trim_start_matches("mut ").trim_start_matches("dyn ");
    match path.split_once("::") {
        Some((krate, _)) if krate.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') => krate.to_owned(),
        _ => "(generic impls)".to_owned(),
    }
}

/// The breakdown of a module with a name section.
pub fn breakdown(wasm: &[u8]) -> Result<Breakdown, String> {
    let bad = |e: wasmparser::BinaryReaderError| format!("not a WASM module: {e}");
    let (mut imported, mut bodies, mut names, mut data) = (0u32, Vec::new(), BTreeMap::new(), 0u64);
    for payload in Parser::new(0).parse_all(wasm) {
        match payload.map_err(bad)? {
            Payload::ImportSection(imports) => {
                for import in imports.into_imports() {
                    if matches!(import.map_err(bad)?.ty, TypeRef::Func(_)) {
                        imported += 1;
                    }
                }
            }
            Payload::CodeSectionEntry(body) => bodies.push(body.range().len() as u64),
            Payload::DataSection(section) => data = section.range().len() as u64,
            Payload::CustomSection(custom) => {
                if let KnownCustom::Name(reader) = custom.as_known() {
                    for subsection in reader {
                        if let Name::Function(map) = subsection.map_err(bad)? {
                            for naming in map {
                                let naming = naming.map_err(bad)?;
                                names.insert(naming.index, naming.name.to_owned());
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }
    if names.is_empty() {
        return Err("the module has no function names".to_owned());
    }
    let mut by_crate: BTreeMap<String, u64> = BTreeMap::new();
    for (i, size) in (imported..).zip(&bodies) {
        let name = names.get(&i).map_or("", String::as_str);
        // wasm-bindgen's describe functions are removed from the module it writes.
        if !name.starts_with("__wbindgen_describe") {
            *by_crate.entry(crate_of(name)).or_default() += size;
        }
    }
    let mut code: Vec<(String, u64)> = by_crate.into_iter().collect();
    code.sort_by_key(|c| std::cmp::Reverse(c.1));
    Ok(Breakdown { code, data })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_read_as_their_crates() {
        assert_eq!(crate_of("_ZN4core3fmt5write17h0123456789abcdefE"), "core");
        assert_eq!(
            crate_of("_ZN54_$LT$yew..html..Html$u20$as$u20$core..clone..Clone$GT$5clone17h0123456789abcdefE"),
            "yew"
        );
        assert_eq!(crate_of("_RNvNtCs1234_4core3fmt5write"), "core");
        assert_eq!(crate_of("__wbindgen_malloc"), "wasm-bindgen glue");
        assert_eq!(crate_of("memcpy"), "(other)");
    }

    /// A module built by hand: one imported function, one function of `core`, 3 bytes of data.
    #[test]
    fn a_module_is_broken_down_by_crate_and_data() {
        let name = b"_ZN4core3fmt5write17h0000000000000000E";
        let mut names = vec![1u8, 1, name.len() as u8];
        names.extend_from_slice(name);
        let mut custom = vec![4u8];
        custom.extend_from_slice(b"name");
        custom.extend([1u8, names.len() as u8]);
        custom.extend(names);
        let mut wasm = b"\0asm\x01\0\0\0".to_vec();
        wasm.extend([1, 4, 1, 0x60, 0, 0]); // one type: () -> ()
        wasm.extend([2, 7, 1, 1, b'm', 1, b'f', 0, 0]); // one imported function
        wasm.extend([3, 2, 1, 0]); // one function
        wasm.extend([10, 4, 1, 2, 0, 0x0b]); // its body: 2 bytes
        wasm.extend([11, 9, 1, 0, 0x41, 0, 0x0b, 3, b'a', b'b', b'c']); // data: 9 bytes
        wasm.extend([0, custom.len() as u8]);
        wasm.extend(custom);
        let b = breakdown(&wasm).unwrap();
        assert_eq!(b.code, vec![("core".to_owned(), 2)]);
        assert_eq!(b.data, 9);
        assert!(breakdown(b"\0asm\x01\0\0\0").is_err(), "a module without names says so");
    }
}
