//! Where the bytes of the WASM module go: the code of each crate and the data, read from the
//! module cargo builds (before wasm-bindgen and wasm-opt, which strip the function names).
//! `cargo xtask bench` reports it beside the size budget, so work on size starts from facts.

use std::collections::BTreeMap;

/// Bytes of code per crate, largest first, and the bytes of the data section.
pub struct Breakdown {
    /// (crate, bytes of function bodies).
    pub code: Vec<(String, u64)>,
    /// Bytes of the data section: the compiled content pack and every string.
    pub data: u64,
}

/// Reads an unsigned LEB128 number at `*at`.
fn leb(bytes: &[u8], at: &mut usize) -> Option<u64> {
    let (mut value, mut shift) = (0u64, 0);
    loop {
        let byte = *bytes.get(*at)?;
        *at += 1;
        value |= u64::from(byte & 0x7f) << shift;
        if byte < 0x80 {
            return Some(value);
        }
        shift += 7;
        if shift > 63 {
            return None;
        }
    }
}

fn usize_leb(bytes: &[u8], at: &mut usize) -> Option<usize> {
    leb(bytes, at).and_then(|v| usize::try_from(v).ok())
}

/// The crate a (mangled) function name belongs to: the first path segment of a legacy name
/// (`_ZN4core3fmt…`, or the type in `_ZN…_$LT$yew..html…`), the first crate of a v0 name.
fn crate_of(name: &str) -> String {
    if let Some(rest) = name.strip_prefix("_ZN") {
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        let len: usize = digits.parse().unwrap_or(0);
        let Some(segment) = rest.get(digits.len()..digits.len() + len) else { return "(other)".to_owned() };
        if let Some(inner) = segment.strip_prefix("_$LT$") {
            let path: String = inner.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
            if inner[path.len()..].starts_with("..") && !path.is_empty() {
                return path;
            }
            return "(generic impls)".to_owned();
        }
        return segment.to_owned();
    }
    if name.starts_with("_R") {
        // v0: the first crate root is `C`, an optional `s<disambiguator>_`, then `<len><name>`.
        let bytes = name.as_bytes();
        for (i, w) in bytes.windows(2).enumerate() {
            if w == b"Cs" {
                let after = &name[i + 2..];
                if let Some(end) = after.find('_') {
                    let rest = &after[end + 1..];
                    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
                    if let Ok(len) = digits.parse::<usize>()
                        && let Some(krate) = rest.get(digits.len()..digits.len() + len)
                    {
                        return krate.to_owned();
                    }
                }
            }
        }
        return "(v0 names)".to_owned();
    }
    if name.starts_with("__wbindgen") || name.starts_with("__wbg") {
        return "wasm-bindgen glue".to_owned();
    }
    "(other)".to_owned()
}

/// The breakdown of a module with a name section.
pub fn breakdown(wasm: &[u8]) -> Result<Breakdown, String> {
    let bad = || "not a WASM module with names".to_owned();
    let mut at = 8;
    let (mut imported, mut bodies, mut names, mut data) = (0usize, Vec::new(), BTreeMap::new(), 0u64);
    while at < wasm.len() {
        let id = *wasm.get(at).ok_or_else(bad)?;
        at += 1;
        let size = usize_leb(wasm, &mut at).ok_or_else(bad)?;
        let (start, end) = (at, at + size);
        let section = wasm.get(start..end).ok_or_else(bad)?;
        let mut p = 0;
        match id {
            2 => {
                for _ in 0..usize_leb(section, &mut p).ok_or_else(bad)? {
                    for _ in 0..2 {
                        let len = usize_leb(section, &mut p).ok_or_else(bad)?;
                        p += len;
                    }
                    let kind = *section.get(p).ok_or_else(bad)?;
                    p += 1;
                    match kind {
                        0 => {
                            leb(section, &mut p);
                            imported += 1;
                        }
                        1 => {
                            p += 1;
                            let flags = leb(section, &mut p).ok_or_else(bad)?;
                            leb(section, &mut p);
                            if flags & 1 == 1 {
                                leb(section, &mut p);
                            }
                        }
                        2 => {
                            let flags = leb(section, &mut p).ok_or_else(bad)?;
                            leb(section, &mut p);
                            if flags & 1 == 1 {
                                leb(section, &mut p);
                            }
                        }
                        _ => p += 2,
                    }
                }
            }
            10 => {
                for _ in 0..usize_leb(section, &mut p).ok_or_else(bad)? {
                    let before = p;
                    let len = usize_leb(section, &mut p).ok_or_else(bad)?;
                    p += len;
                    bodies.push((p - before) as u64);
                }
            }
            11 => data = size as u64,
            0 => {
                let len = usize_leb(section, &mut p).ok_or_else(bad)?;
                if section.get(p..p + len) == Some(b"name".as_slice()) {
                    p += len;
                    while p < section.len() {
                        let sub = *section.get(p).ok_or_else(bad)?;
                        p += 1;
                        let sub_size = usize_leb(section, &mut p).ok_or_else(bad)?;
                        if sub == 1 {
                            let mut q = p;
                            for _ in 0..usize_leb(section, &mut q).ok_or_else(bad)? {
                                let index = usize_leb(section, &mut q).ok_or_else(bad)?;
                                let len = usize_leb(section, &mut q).ok_or_else(bad)?;
                                let name = section.get(q..q + len).ok_or_else(bad)?;
                                names.insert(index, String::from_utf8_lossy(name).into_owned());
                                q += len;
                            }
                        }
                        p += sub_size;
                    }
                }
            }
            _ => {}
        }
        at = end;
    }
    let mut by_crate: BTreeMap<String, u64> = BTreeMap::new();
    for (i, size) in bodies.iter().enumerate() {
        let name = names.get(&(i + imported)).map_or("", String::as_str);
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
        assert_eq!(crate_of("_ZN54_$LT$yew..html..Html$u20$as$u20$core..clone..Clone$GT$5clone17hE"), "yew");
        assert_eq!(crate_of("_RNvNtNtCsgXGp5Oqx2Ny_4core3fmt5write"), "core");
        assert_eq!(crate_of("__wbindgen_malloc"), "wasm-bindgen glue");
    }

    /// A module built by hand: one imported function, one function of `core`, 3 bytes of data.
    #[test]
    fn a_module_is_broken_down_by_crate_and_data() {
        let name = b"_ZN4core3fmt5write17h0000000000000000E";
        let mut names = vec![1u8, 1, name.len() as u8];
        names.extend_from_slice(name);
        let mut custom = vec![4u8];
        custom.extend_from_slice(b"name");
        custom.extend([1u8, names.len() as u8 + 1]);
        custom.extend(names);
        let mut wasm = b"\0asm\x01\0\0\0".to_vec();
        wasm.extend([1, 4, 1, 0x60, 0, 0]); // one type: () -> ()
        wasm.extend([2, 7, 1, 1, b'm', 1, b'f', 0, 0]); // one imported function
        wasm.extend([3, 2, 1, 0]); // one function
        wasm.extend([10, 4, 1, 2, 0, 0x0b]); // its body: 1 + 2 bytes
        wasm.extend([11, 9, 1, 0, 0x41, 0, 0x0b, 3, b'a', b'b', b'c']); // data: 9 bytes
        wasm.extend([0, custom.len() as u8]);
        wasm.extend(custom);
        let b = breakdown(&wasm).unwrap();
        assert_eq!(b.code, vec![("core".to_owned(), 3)]);
        assert_eq!(b.data, 9);
    }
}
