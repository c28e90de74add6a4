//! `cargo xtask icons`: renders the app icons from `web/icons/icon.svg` with headless
//! Chromium into the PNG files the manifest names, then rewrites each with a palette
//! (`xtask/png-palette.mjs`: a third of the bytes, and every icon is in the first download).
//!
//! The PNGs are committed, so building the site needs no browser; run this after changing
//! the drawing and commit the result. A test checks the committed files are PNGs of the
//! sizes the manifest promises.

use std::path::Path;

use xshell::cmd;

use crate::{root, run, shell, tools};

/// The icons the manifest lists: (file in `web/icons/`, size in pixels, maskable).
pub const ICONS: &[(&str, u32, bool)] =
    &[("icon-192.png", 192, false), ("icon-512.png", 512, false), ("icon-maskable-512.png", 512, true)];

pub fn run_icons() -> Result<(), String> {
    tools::chromium()?;
    let dir = root().join("web").join("icons");
    let svg =
        std::fs::read_to_string(dir.join("icon.svg")).map_err(|e| format!("cannot read icon.svg: {e}"))?;
    let work = root().join("target").join("icons");
    std::fs::create_dir_all(&work).map_err(|e| e.to_string())?;
    for &(name, size, maskable) in ICONS {
        // A maskable icon is cropped by the device to its own shape: it fills the square.
        let drawing = if maskable { svg.replace(r#"rx="96""#, r#"rx="0""#) } else { svg.clone() };
        let page = work.join(format!("{name}.html"));
        let html = format!(
            "<!doctype html><style>html,body{{margin:0;background:transparent}}svg{{display:block;width:100vw;height:100vh}}</style>{drawing}"
        );
        std::fs::write(&page, html).map_err(|e| e.to_string())?;
        let full_colour = work.join(name);
        render(&page, &full_colour, size)?;
        let script = root().join("xtask").join("png-palette.mjs");
        let (sh, to) = (shell()?, dir.join(name));
        run(cmd!(sh, "node {script} {full_colour} {to}"))?;
    }
    Ok(())
}

fn render(page: &Path, png: &Path, size: u32) -> Result<(), String> {
    let profile = tempdir()?;
    let (sh, page, size) = (shell()?, format!("file://{}", page.display()), size.to_string());
    let flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--hide-scrollbars",
        "--default-background-color=00000000",
    ];
    run(cmd!(
        sh,
        "/usr/bin/chromium {flags...} --user-data-dir={profile} --window-size={size},{size} --screenshot={png} {page}"
    ))?;
    let _ = std::fs::remove_dir_all(&profile);
    Ok(())
}

fn tempdir() -> Result<std::path::PathBuf, String> {
    let dir = std::env::temp_dir().join(format!("safeguard-icons-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    Ok(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Width, height and colour type of a PNG, from its header.
    fn png_header(bytes: &[u8]) -> Option<(u32, u32, u8)> {
        let header = bytes.get(..26)?;
        if header.get(..8)? != b"\x89PNG\r\n\x1a\n" || header.get(12..16)? != b"IHDR" {
            return None;
        }
        let be = |at: usize| Some(u32::from_be_bytes(header.get(at..at + 4)?.try_into().ok()?));
        Some((be(16)?, be(20)?, *header.get(25)?))
    }

    /// Of the promised sizes, and with a palette (colour type 3), so the palette step ran.
    #[test]
    fn the_committed_icons_are_palette_pngs_of_their_sizes() {
        for &(name, size, _) in ICONS {
            let bytes = std::fs::read(root().join("web/icons").join(name)).unwrap();
            assert_eq!(png_header(&bytes), Some((size, size, 3)), "{name}");
        }
    }
}
