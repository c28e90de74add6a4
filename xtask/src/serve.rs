//! `cargo xtask serve`: builds the site into `dist/` and serves it on 127.0.0.1.
//!
//! A small static server of our own: correct MIME types (including `application/wasm`), a
//! strict Content-Security-Policy, the caching headers a deployment should copy (hashed files
//! immutable, the page and the service worker `no-cache`), the build's precompressed brotli
//! and gzip copies where the browser accepts them, and no other origin.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};

/// The Content-Security-Policy every response carries.
pub const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'";

/// `dist`: an earlier build kept aside, served as it is (to compare two builds side by
/// side); otherwise the site is built first.
pub fn run(port: u16, dist: Option<PathBuf>) -> Result<(), String> {
    let dist = match dist {
        Some(dir) => dir,
        None => crate::build::build()?,
    };
    let listener = listen(port)?;
    println!("Serving {} on http://127.0.0.1:{port}/ (Ctrl-C to stop)", dist.display());
    println!("The widget on an example intranet page: http://127.0.0.1:{port}/examples/intranet.html");
    serve(listener, &dist);
    Ok(())
}

/// A listener on 127.0.0.1 (port 0 picks a free port, for tests).
pub fn listen(port: u16) -> Result<TcpListener, String> {
    TcpListener::bind(("127.0.0.1", port)).map_err(|e| format!("cannot listen on 127.0.0.1:{port}: {e}"))
}

/// Serves `dist` on `listener` until the process ends, a thread per connection.
pub fn serve(listener: TcpListener, dist: &Path) {
    for stream in listener.incoming().flatten() {
        let dist = dist.to_path_buf();
        std::thread::spawn(move || {
            if let Err(e) = respond(stream, &dist) {
                eprintln!("request failed: {e}");
            }
        });
    }
}

fn mime(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or_default() {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "webmanifest" => "application/manifest+json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "txt" | "md" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// Files named with their content hash (`app-0123456789.wasm`) never change, so browsers may
/// keep them for ever; everything else (`index.html`, `sw.js`) must be checked on every use,
/// or a browser could hold on to an old page or miss an update.
fn cache_control(file: &Path) -> &'static str {
    let stem = file.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
    let hashed =
        stem.rsplit_once('-').is_some_and(|(_, h)| h.len() == 10 && h.bytes().all(|b| b.is_ascii_hexdigit()));
    if hashed { "public, max-age=31536000, immutable" } else { "no-cache" }
}

/// Maps a request path to a file under `dist`, refusing anything that climbs out of it.
/// `/examples/…` are the repository's example host pages (`examples/`), which embed the
/// widget from `/widget.js` as an intranet page would.
fn file_for(dist: &Path, target: &str) -> Option<PathBuf> {
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let examples = crate::root().join("examples");
    let (dir, path) = match path.strip_prefix("/examples/") {
        Some(rest) => (examples.as_path(), rest),
        None => (dist, path),
    };
    let relative = Path::new(path.trim_start_matches('/'));
    if relative.components().any(|c| !matches!(c, Component::Normal(_))) {
        return None;
    }
    let file = dir.join(relative);
    if file.is_dir() { Some(file.join("index.html")) } else { Some(file) }
}

/// The build's brotli or gzip copy of `file` (`cargo xtask build` writes them), if the
/// browser accepts that encoding and the copy is at least as new as the file: a file changed
/// after the build is sent as it is, never as a stale copy.
fn compressed_copy(file: &Path, accepts: &str) -> Option<(&'static str, Vec<u8>)> {
    let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    // `br` and `br;q=0.5` accept brotli; `br;q=0` refuses it.
    let accepted = |name: &str| {
        accepts.split(',').any(|e| {
            let mut parts = e.split(';').map(str::trim);
            let refused =
                |p: &str| p.strip_prefix("q=").is_some_and(|q| q.parse::<f32>().is_ok_and(|q| q <= 0.0));
            parts.next() == Some(name) && !parts.any(refused)
        })
    };
    [("br", "br"), ("gzip", "gz")].into_iter().find_map(|(encoding, ext)| {
        let copy = PathBuf::from(format!("{}.{ext}", file.display()));
        let fresh = modified(&copy).zip(modified(file)).is_some_and(|(c, f)| c >= f);
        (accepted(encoding) && fresh).then(|| std::fs::read(&copy).ok().map(|b| (encoding, b))).flatten()
    })
}

fn respond(stream: TcpStream, dist: &Path) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request = String::new();
    reader.read_line(&mut request)?;
    // Of the headers, only the encodings the browser accepts matter here.
    let mut accepts = String::new();
    let mut line = String::new();
    while reader.read_line(&mut line)? > 2 {
        if let Some((name, value)) = line.split_once(':')
            && name.eq_ignore_ascii_case("accept-encoding")
        {
            accepts = value.trim().to_ascii_lowercase();
        }
        line.clear();
    }
    let mut parts = request.split_whitespace();
    let (method, target) = (parts.next().unwrap_or_default(), parts.next().unwrap_or("/"));
    let file = file_for(dist, target);
    let cache = file.as_deref().map_or("no-cache", cache_control);
    let found = file.and_then(|f| std::fs::read(&f).ok().map(|body| (f, body)));
    let (status, kind, body, encoding) = match (method, found) {
        ("GET" | "HEAD", Some((file, body))) => match compressed_copy(&file, &accepts) {
            Some((encoding, compressed)) => ("200 OK", mime(&file), compressed, Some(encoding)),
            None => ("200 OK", mime(&file), body, None),
        },
        ("GET" | "HEAD", None) => {
            ("404 Not Found", "text/plain; charset=utf-8", b"Not found\n".to_vec(), None)
        }
        _ => ("405 Method Not Allowed", "text/plain; charset=utf-8", b"Method not allowed\n".to_vec(), None),
    };
    let encoding = encoding.map_or(String::new(), |e| format!("Content-Encoding: {e}\r\n"));
    let mut out = stream;
    write!(
        out,
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\n{encoding}Vary: Accept-Encoding\r\nContent-Security-Policy: {CSP}\r\nX-Content-Type-Options: nosniff\r\nReferrer-Policy: no-referrer\r\nCache-Control: {cache}\r\nConnection: close\r\n\r\n",
        body.len()
    )?;
    if method != "HEAD" {
        out.write_all(&body)?;
    }
    out.flush()
}
