//! A small static file server for previewing a built site on 127.0.0.1.

use std::path::{Component, Path, PathBuf};

/// The content type of a file, by extension.
pub fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or_default() {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "json" => "application/json",
        "xml" | "atom" | "rss" => "application/xml; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "ics" => "text/calendar; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// Map a request path to a file under `dir`: `/` and folders serve their `index.html`;
/// anything that would leave `dir` is refused.
pub fn resolve(dir: &Path, url_path: &str) -> Option<PathBuf> {
    let path = url_path.split(['?', '#']).next().unwrap_or_default();
    let decoded = percent_decode(path)?;
    let rel = Path::new(decoded.trim_start_matches('/'));
    if !rel.components().all(|c| matches!(c, Component::Normal(_))) {
        return None;
    }
    let full = dir.join(rel);
    if full.is_dir() {
        let index = full.join("index.html");
        return index.is_file().then_some(index);
    }
    full.is_file().then_some(full)
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Serve `dir` until the process ends; prints the address it listens on (port 0 picks a free
/// one). Responses are never cached, so a preview is always fresh.
pub fn serve_dir(dir: &Path, host: &str, port: u16) -> std::io::Result<()> {
    let server = tiny_http::Server::http((host, port)).map_err(|e| std::io::Error::other(e.to_string()))?;
    match server.server_addr().to_ip() {
        Some(addr) => println!("serving {} on http://{addr}/", dir.display()),
        None => println!("serving {}", dir.display()),
    }
    // Tests and scripts read the address from a pipe: make sure it leaves now.
    use std::io::Write as _;
    let _ = std::io::stdout().flush();
    for request in server.incoming_requests() {
        let (status, path) = match resolve(dir, request.url()) {
            Some(p) => (200, Some(p)),
            None => (404, Some(dir.join("404.html")).filter(|p| p.is_file())),
        };
        let body = path
            .as_ref()
            .and_then(|p| std::fs::read(p).ok())
            .unwrap_or_else(|| b"not found".to_vec());
        let ctype = path.as_deref().map_or("text/plain; charset=utf-8", content_type);
        let headers = [
            ("Content-Type", ctype),
            ("Cache-Control", "no-cache"),
            ("Access-Control-Allow-Origin", "*"),
        ];
        let mut response = tiny_http::Response::from_data(body).with_status_code(status);
        for (k, v) in headers {
            if let Ok(h) = tiny_http::Header::from_bytes(k.as_bytes(), v.as_bytes()) {
                response.add_header(h);
            }
        }
        let _ = request.respond(response);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_inside_and_refuses_traversal() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("incidents/a")).unwrap();
        std::fs::write(dir.path().join("index.html"), "i").unwrap();
        std::fs::write(dir.path().join("incidents/a/index.html"), "a").unwrap();
        assert_eq!(resolve(dir.path(), "/"), Some(dir.path().join("index.html")));
        assert_eq!(
            resolve(dir.path(), "/incidents/a/?x=1"),
            Some(dir.path().join("incidents/a/index.html"))
        );
        assert_eq!(
            resolve(dir.path(), "/incidents/a"),
            Some(dir.path().join("incidents/a/index.html"))
        );
        for bad in ["/../etc/passwd", "/%2e%2e/x", "/incidents/../../x", "/nope", "/%zz"] {
            assert_eq!(resolve(dir.path(), bad), None, "{bad}");
        }
    }
}
