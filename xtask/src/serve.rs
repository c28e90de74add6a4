//! `cargo xtask serve`: builds the site into `dist/` and serves it on 127.0.0.1.
//!
//! A small static server of our own: correct MIME types (including `application/wasm`), a
//! strict Content-Security-Policy and no other origin. Until the Yew app lands (issue #3),
//! the site is one page naming the content pack it would serve.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};

use crate::content::load_dir;
use crate::{flag, root};

/// The Content-Security-Policy every response carries.
pub const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'";

pub fn run(args: &[&str]) -> Result<(), String> {
    let port: u16 = flag(args, "--port").unwrap_or("8080").parse().map_err(|_| "--port needs a number")?;
    let dist = build_placeholder()?;
    let listener = TcpListener::bind(("127.0.0.1", port))
        .map_err(|e| format!("cannot listen on 127.0.0.1:{port}: {e}"))?;
    println!("Serving {} on http://127.0.0.1:{port}/ (Ctrl-C to stop)", dist.display());
    for stream in listener.incoming().flatten() {
        let dist = dist.clone();
        std::thread::spawn(move || {
            if let Err(e) = respond(stream, &dist) {
                eprintln!("request failed: {e}");
            }
        });
    }
    Ok(())
}

/// Writes `dist/index.html` naming the pack; replaced by the real build in issue #3.
fn build_placeholder() -> Result<PathBuf, String> {
    let pack = load_dir(&root().join("content"))?.pack;
    let info = pack.info();
    let dist = root().join("dist");
    std::fs::create_dir_all(&dist).map_err(|e| e.to_string())?;
    let html = format!(
        "<!doctype html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{name}</title>\n</head>\n<body>\n<main>\n<h1>{name}</h1>\n<p>Content version {version} ({hash}).</p>\n<p>The practitioner journeys are being built. Until then, check content with <code>cargo xtask content check</code>.</p>\n<p>{judgement}</p>\n</main>\n</body>\n</html>\n",
        name = escape(&info.name),
        version = escape(&info.version),
        hash = pack.hash(),
        judgement = escape(&info.judgement),
    );
    std::fs::write(dist.join("index.html"), html).map_err(|e| e.to_string())?;
    Ok(dist)
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
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

/// Maps a request path to a file under `dist`, refusing anything that climbs out of it.
fn file_for(dist: &Path, target: &str) -> Option<PathBuf> {
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let relative = Path::new(path.trim_start_matches('/'));
    if relative.components().any(|c| !matches!(c, Component::Normal(_))) {
        return None;
    }
    let file = dist.join(relative);
    if file.is_dir() { Some(file.join("index.html")) } else { Some(file) }
}

fn respond(stream: TcpStream, dist: &Path) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request = String::new();
    reader.read_line(&mut request)?;
    // Drain the headers; this server needs none of them.
    let mut line = String::new();
    while reader.read_line(&mut line)? > 2 {
        line.clear();
    }
    let mut parts = request.split_whitespace();
    let (method, target) = (parts.next().unwrap_or_default(), parts.next().unwrap_or("/"));
    let found = file_for(dist, target).and_then(|f| std::fs::read(&f).ok().map(|body| (f, body)));
    let (status, kind, body) = match (method, found) {
        ("GET" | "HEAD", Some((file, body))) => ("200 OK", mime(&file), body),
        ("GET" | "HEAD", None) => ("404 Not Found", "text/plain; charset=utf-8", b"Not found\n".to_vec()),
        _ => ("405 Method Not Allowed", "text/plain; charset=utf-8", b"Method not allowed\n".to_vec()),
    };
    let mut out = stream;
    write!(
        out,
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nContent-Security-Policy: {CSP}\r\nX-Content-Type-Options: nosniff\r\nReferrer-Policy: no-referrer\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n",
        body.len()
    )?;
    if method != "HEAD" {
        out.write_all(&body)?;
    }
    out.flush()
}
