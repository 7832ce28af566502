//! `statusmark serve`: build, serve on 127.0.0.1, watch the sources, rebuild on change and reload
//! open pages. When the content is invalid the previous site stays up and every page shows the
//! errors in an overlay until they are fixed.
//!
//! Rebuilds are incremental ([`crate::Incremental`]): an edit to one incident re-reads that file
//! and re-renders the pages that show it. Changes are seen through the platform's file watcher
//! (inotify, FSEvents, …) and, as a fallback for file systems that do not report changes (network
//! mounts, some containers), a poll of file metadata every second (every 100 ms when the watcher
//! cannot start), less often on a site so large that a poll would take more than 5 % of the time
//! (20 % without a watcher). Reloads use a long-poll on `/__statusmark/wait`, answered the moment a build ends.

use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, SystemTime};

use crate::{BuildError, BuildOptions};

/// The content type of a file, by extension (`mime_guess`), with `charset=utf-8` on text: the
/// generator writes every text file as UTF-8.
pub fn content_type(path: &Path) -> String {
    use mime_guess::mime;
    let guessed = mime_guess::from_path(path).first_or_octet_stream();
    let text = guessed.type_() == mime::TEXT
        || (guessed.type_() == mime::APPLICATION
            && (guessed.subtype() == mime::XML || guessed.suffix() == Some(mime::XML)));
    if text {
        format!("{guessed}; charset=utf-8")
    } else {
        guessed.to_string()
    }
}

/// Map a request path to a file under `dir`: `/` and folders serve their `index.html`;
/// anything that would leave `dir` is refused.
pub fn resolve(dir: &Path, url_path: &str) -> Option<PathBuf> {
    let path = url_path.split(['?', '#']).next().unwrap_or_default();
    let decoded = percent_encoding::percent_decode_str(path).decode_utf8().ok()?;
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

/// What the browser is told about builds.
#[derive(Clone, Debug, Default, PartialEq)]
struct BuildState {
    version: u64,
    /// The last build's errors, as text; `None` when it succeeded.
    errors: Option<String>,
}

#[derive(Default)]
struct Shared {
    state: Mutex<BuildState>,
    changed: Condvar,
}

impl Shared {
    fn publish(&self, errors: Option<String>) {
        if let Ok(mut s) = self.state.lock() {
            s.version += 1;
            s.errors = errors;
        }
        self.changed.notify_all();
    }

    fn snapshot(&self) -> BuildState {
        self.state.lock().map(|s| s.clone()).unwrap_or_default()
    }

    /// Wait until the version differs from `seen` (or the timeout passes).
    fn wait(&self, seen: u64, timeout: Duration) -> BuildState {
        let Ok(guard) = self.state.lock() else {
            return BuildState::default();
        };
        match self.changed.wait_timeout_while(guard, timeout, |s| s.version == seen) {
            Ok((s, _)) => s.clone(),
            Err(_) => BuildState::default(),
        }
    }
}

const LIVE_JS: &str = include_str!("serve_live.js");

/// The folders whose files make the site.
/// `data/` holds what `probe` and `fetch` write: an appended check re-renders the pages showing it.
const WATCHED: [&str; 4] = ["content", "incidents", "site", "data"];

/// Whether `rel` (relative to the root) is in one of the [`WATCHED`] folders.
fn in_watched(rel: &Path) -> bool {
    rel.components()
        .next()
        .is_some_and(|top| WATCHED.iter().any(|w| top.as_os_str() == *w))
}

type Fingerprint = Vec<(PathBuf, u64, Option<SystemTime>)>;

/// How deep below a watched folder the fallback looks.
const MAX_DEPTH: usize = 9;

/// Size and modification time of every file under the watched folders.
fn fingerprint(root: &Path) -> Fingerprint {
    let mut out: Vec<_> = WATCHED
        .iter()
        .flat_map(|sub| files_under(&root.join(sub), MAX_DEPTH))
        .collect();
    out.sort();
    out
}

/// Size and modification time of every file under `dir`, at most `depth` below it (a link as
/// itself, and not followed unless it is `dir`).
fn files_under(
    dir: &Path,
    depth: usize,
) -> impl Iterator<Item = (PathBuf, u64, Option<std::time::SystemTime>)> + use<> {
    walkdir::WalkDir::new(dir)
        .max_depth(depth)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| !e.file_type().is_dir())
        .filter_map(|e| {
            let meta = e.metadata().ok()?;
            Some((e.into_path(), meta.len(), meta.modified().ok()))
        })
}

/// Bring `print` up to date after the watcher reported `changed` (relative to `root`): those
/// paths are looked at again, not the whole tree (at 10,000 incidents a walk takes about 60 ms,
/// which after every save would delay the next one). What the walk would not list (outside the
/// watched folders, deeper than it looks, behind a link) is left out here too; a removed folder
/// takes its files with it; a path that is now a folder has its files walked, and only those: a
/// change nobody reported elsewhere (a save while the watcher was not yet up) stays for the next
/// walk to find. A path that cannot be looked at is left out, with what is below it.
fn refresh(print: &mut Fingerprint, root: &Path, changed: &[String]) {
    for rel in changed {
        let rel = Path::new(rel);
        let depth = rel.components().count().saturating_sub(1);
        let watched = in_watched(rel);
        // The walk follows a watched folder that is a link, and no link below it.
        let linked = rel
            .ancestors()
            .skip(1)
            .take(depth.saturating_sub(1))
            .any(|a| std::fs::symlink_metadata(root.join(a)).is_ok_and(|m| m.file_type().is_symlink()));
        if !watched || depth == 0 || depth > MAX_DEPTH || linked {
            continue;
        }
        let path = root.join(rel);
        match std::fs::symlink_metadata(&path) {
            // As the walk reports it: a link as itself.
            Ok(meta) if !meta.is_dir() => {
                let entry = (path, meta.len(), meta.modified().ok());
                match print.binary_search_by(|(p, _, _)| p.as_path().cmp(&entry.0)) {
                    Ok(n) => print[n] = entry,
                    Err(n) => print.insert(n, entry),
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => print.retain(|(p, _, _)| !p.starts_with(&path)),
            Ok(_) => {
                print.retain(|(p, _, _)| !p.starts_with(&path));
                print.extend(files_under(&path, MAX_DEPTH - depth));
                print.sort();
            }
            // As the walk has it: what cannot be looked at is left out.
            Err(_) => print.retain(|(p, _, _)| !p.starts_with(&path)),
        }
    }
}

/// Build once, report to the terminal, and publish the outcome to open pages.
fn rebuild(builder: &mut crate::Incremental, changed: Option<&[String]>, shared: &Shared) {
    let started = std::time::Instant::now();
    // Open pages reload as soon as the output is complete, not after the build's data is freed.
    let built = builder.build_after_then(changed, |report| {
        for w in &report.warnings {
            eprintln!("{w}");
        }
        eprintln!(
            "built: {} files written in {} ms{}",
            report.files,
            started.elapsed().as_millis(),
            changed.map(what_changed).unwrap_or_default()
        );
        shared.publish(None);
    });
    if let Err(e) = built {
        let text = e.report();
        eprintln!("{text}\nnote: still serving the last good build");
        shared.publish(Some(text));
    }
}

/// The files a rebuild followed, for the terminal: ` after incidents/a.md changed`, at most three
/// named.
fn what_changed(changed: &[String]) -> String {
    let mut names: Vec<&str> = changed.iter().map(String::as_str).collect();
    names.sort_unstable();
    names.dedup();
    match names.len() {
        0 => String::new(),
        1 => format!(" after {} changed", names[0]),
        n @ 2..=3 => format!(" after {} and {} changed", names[..n - 1].join(", "), names[n - 1]),
        n => format!(" after {} and {} more changed", names[..3].join(", "), n - 3),
    }
}

/// Build, then serve and watch until the process ends. Prints the address it listens on
/// (port 0 picks a free one).
pub fn serve(opts: &BuildOptions, host: &str, port: u16) -> Result<(), BuildError> {
    let shared = Arc::new(Shared::default());
    let mut builder = crate::Incremental::new(opts)?;
    // The sources as the first build found them, or older: a file saved while it runs, before
    // the watcher has started, differs from this at the first check (a walk of every file's
    // size and time adds about 5 % to the start at 10,000 and 100,000 incidents). Named under
    // the absolute root, as the watcher's own walks name files (`--root .` is the default).
    let walked = std::time::Instant::now();
    let before = (fingerprint(&absolute_root(&opts.root)), walked.elapsed());
    rebuild(&mut builder, None, &shared);
    let server =
        tiny_http::Server::http((host, port)).map_err(|e| BuildError::Serve(std::io::Error::other(e.to_string())))?;
    match server.server_addr().to_ip() {
        Some(addr) => println!("serving {} on http://{addr}/", opts.out.display()),
        None => println!("serving {}", opts.out.display()),
    }
    // Tests and scripts read the address from a pipe: make sure it leaves now.
    use std::io::Write as _;
    let _ = std::io::stdout().flush();

    {
        let shared = Arc::clone(&shared);
        let root = opts.root.clone();
        std::thread::spawn(move || watch(&root, builder, before, &shared));
    }

    let out = opts.out.clone();
    for request in server.incoming_requests() {
        let shared = Arc::clone(&shared);
        let out = out.clone();
        // One thread per request: long-polls must not hold up page loads.
        std::thread::spawn(move || respond(request, &out, &shared));
    }
    Ok(())
}

/// `root` made absolute, as the watcher compares paths (left as it is if that fails).
fn absolute_root(root: &Path) -> PathBuf {
    std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf())
}

/// Rebuild whenever the sources change, until the process ends. `before`: the sources as they
/// were before the first build, and how long that walk took.
fn watch(root: &Path, mut builder: crate::Incremental, before: (Fingerprint, Duration), shared: &Shared) {
    // Watchers report absolute paths: inotify and kqueue the working folder joined to what they
    // watch, FSEvents (macOS) the real path, symbolic links resolved. With `--root .` (or a root
    // under a link) paths are compared to both forms of the root, or no event would count and
    // only the slow fallback below would notice edits.
    let absolute = absolute_root(root);
    let real = root.canonicalize().unwrap_or_else(|_| absolute.clone());
    let root = absolute.as_path();
    let inside = |p: &'_ Path| -> Option<PathBuf> {
        p.strip_prefix(root)
            .or_else(|_| p.strip_prefix(&real))
            .ok()
            .map(Path::to_path_buf)
    };
    let (tx, rx) = std::sync::mpsc::channel::<notify::Result<notify::Event>>();
    let watcher = notify::recommended_watcher(tx).and_then(|mut w| {
        use notify::Watcher as _;
        // The root itself (not recursively) notices a watched folder being created later.
        w.watch(root, notify::RecursiveMode::NonRecursive)?;
        for sub in WATCHED {
            let dir = root.join(sub);
            if dir.is_dir() {
                w.watch(&dir, notify::RecursiveMode::Recursive)?;
            }
        }
        Ok(w)
    });
    let (every, share) = match &watcher {
        Ok(_) => (Duration::from_secs(1), FALLBACK_SHARE),
        Err(e) => {
            eprintln!("note: cannot watch the sources ({e}); checking for changes every 100 ms instead");
            (Duration::from_millis(100), FALLBACK_SHARE_UNWATCHED)
        }
    };
    // How long the fallback waits between walks: `every`, or longer on a large site, whose walk
    // takes a while, so that walking takes at most 1/`share` of the time.
    let walk = |root: &Path| {
        let started = std::time::Instant::now();
        let print = fingerprint(root);
        (print, fallback_poll(every, started.elapsed(), share))
    };
    let relevant =
        |e: &notify::Event| is_change(&e.kind) && e.paths.iter().any(|p| inside(p).is_some_and(|r| in_watched(&r)));
    // The first check compares with the sources as they were before the first build: what
    // changed before the watcher could report it is built then.
    let (mut last, mut poll) = (before.0, fallback_poll(every, before.1, share));
    loop {
        let changed: Option<Vec<PathBuf>> = match rx.recv_timeout(poll) {
            Ok(Ok(first)) => match settle(&rx, first, relevant, (QUIET, GRACE, BURST)) {
                Settled::Changed(paths) if paths.is_empty() => continue,
                Settled::Changed(paths) => Some(paths),
                // The watcher lost events: build trusting none of them (every folder is listed
                // again), as after a walk that found a difference.
                Settled::Lost => {
                    (last, poll) = walk(root);
                    None
                }
            },
            Ok(Err(_)) => continue,
            Err(e) => {
                // No watcher: the channel is closed and returns at once, so wait here.
                if e == std::sync::mpsc::RecvTimeoutError::Disconnected {
                    std::thread::sleep(poll);
                }
                // The fallback: anything the watcher did not report. Remembered before the
                // rebuild: a file saved while it runs (its page then fails to render, "changed
                // while the site was being built") differs from this and is built next turn.
                let now;
                (now, poll) = walk(root);
                if now == last {
                    // A watcher can miss a file that came and went between two of its looks, and
                    // a listing then still names a file whose removal was missed: after a walk
                    // that found nothing the folders are listed again, now, while there is nothing
                    // to build (at 10,000 incidents in the next edit's rebuild that took about
                    // 3 ms). Without a watcher every build lists them anyway.
                    if watcher.is_ok() {
                        builder.relist_now();
                    }
                    continue;
                }
                last = now;
                None
            }
        };
        // Relative, `/`-separated, as the content cache names files.
        let changed: Option<Vec<String>> = changed.map(|paths| {
            paths
                .iter()
                .filter_map(|p| Some(inside(p)?.to_str()?.replace(std::path::MAIN_SEPARATOR, "/")))
                .collect()
        });
        rebuild(&mut builder, changed.as_deref(), shared);
        // After a watched change (a save during the rebuild is another event), for the fallback.
        if let Some(changed) = &changed {
            refresh(&mut last, root, changed);
        }
    }
}

/// The fallback walks every watched file's metadata at most 1/20 of the time (every second below
/// about 50,000 files; at 100,000 incidents a walk takes about 0.2 s, so every 4 s), and at most
/// 1/5 of the time when there is no watcher, when it is all there is.
const FALLBACK_SHARE: u32 = 20;
const FALLBACK_SHARE_UNWATCHED: u32 = 5;
/// However long a walk takes, it runs at least this often.
const FALLBACK_MAX: Duration = Duration::from_secs(30);

/// How long the fallback waits after a walk that took `took`: `every`, or long enough for walks to
/// take at most 1/`share` of the time, and never more than [`FALLBACK_MAX`].
fn fallback_poll(every: Duration, took: Duration, share: u32) -> Duration {
    every.max(took.saturating_mul(share)).min(FALLBACK_MAX)
}

/// How long a changed file must go without another event before a rebuild reads it, unless the
/// watcher says it is complete.
const QUIET: Duration = Duration::from_millis(5);

/// How long to wait for more after every changed file was reported complete: a save by rename
/// closes the new file and renames it over the old one a few microseconds apart.
const GRACE: Duration = Duration::from_millis(1);

/// The longest a burst of changes is waited out before a rebuild reads what is there.
const BURST: Duration = Duration::from_secs(1);

/// Whether an event can mean a source changed. Reading (the builds' own included) cannot; a file
/// closed after writing can, and says the writing is over.
fn is_change(kind: &notify::EventKind) -> bool {
    use notify::EventKind::Access;
    use notify::event::{AccessKind, AccessMode};
    !matches!(kind, Access(a) if *a != AccessKind::Close(AccessMode::Write))
}

/// What an event says of its paths: complete (written and closed, renamed into place), gone
/// (removed, renamed away: often the first step of a save that writes the file anew), or neither
/// (created, written, truncated, attributes changed: more is coming).
#[derive(Clone, Copy, PartialEq)]
enum Step {
    Complete,
    Gone,
    Open,
}

fn step(kind: &notify::EventKind) -> Step {
    use notify::EventKind::{Access, Modify, Remove};
    use notify::event::{AccessKind, AccessMode, ModifyKind, RenameMode};
    match kind {
        Access(AccessKind::Close(AccessMode::Write)) | Modify(ModifyKind::Name(RenameMode::To | RenameMode::Both)) => {
            Step::Complete
        }
        Modify(ModifyKind::Name(_)) | Remove(_) => Step::Gone,
        _ => Step::Open,
    }
}

/// What a burst of watcher events changed.
#[derive(Debug, PartialEq)]
enum Settled {
    /// The paths the relevant events named, in order, repeats included.
    Changed(Vec<PathBuf>),
    /// The watcher dropped events (its queue overflowed): anything may have changed.
    Lost,
}

/// Gather the burst of events that starts with `first` until it has settled: every relevant path
/// reported complete (see [`step`]) by the latest event, with nothing more within [`GRACE`];
/// otherwise [`QUIET`] without a relevant event (after a removal too: a save may write the file
/// anew next); a burst that never ends (a file written without pause) after [`BURST`] all the
/// same. An edit saved in place (truncate, write, close) is built right after the close, not
/// [`QUIET`] later; the truncation alone does not settle it.
fn settle(
    rx: &std::sync::mpsc::Receiver<notify::Result<notify::Event>>,
    first: notify::Event,
    relevant: impl Fn(&notify::Event) -> bool,
    (quiet, grace, burst): (Duration, Duration, Duration),
) -> Settled {
    let mut paths = Vec::new();
    // A set: a checkout can change thousands of files in one burst.
    let mut open: std::collections::HashSet<PathBuf> = std::collections::HashSet::new();
    let mut lost = false;
    let mut deadline = std::time::Instant::now();
    let mut take = |e: notify::Event, deadline: &mut std::time::Instant| {
        if e.need_rescan() {
            lost = true;
            return;
        }
        if !relevant(&e) {
            return;
        }
        let step = step(&e.kind);
        for path in e.paths {
            if step == Step::Open {
                open.insert(path.clone());
            } else {
                open.remove(&path);
            }
            paths.push(path);
        }
        let settled = open.is_empty() && step == Step::Complete;
        *deadline = std::time::Instant::now() + if settled { grace } else { quiet };
    };
    take(first, &mut deadline);
    let limit = std::time::Instant::now() + burst;
    loop {
        let left = deadline.min(limit).saturating_duration_since(std::time::Instant::now());
        if left.is_zero() {
            break;
        }
        match rx.recv_timeout(left) {
            Ok(Ok(e)) => take(e, &mut deadline),
            Ok(Err(_)) => {}
            Err(_) => break,
        }
    }
    if lost { Settled::Lost } else { Settled::Changed(paths) }
}

fn header(k: &str, v: &str) -> Option<tiny_http::Header> {
    tiny_http::Header::from_bytes(k.as_bytes(), v.as_bytes()).ok()
}

/// Compress for clients that accept gzip, as any CDN does: previews then weigh what visitors get.
fn maybe_gzip(request: &tiny_http::Request, ctype: &str, body: Vec<u8>) -> (Vec<u8>, bool) {
    let accepts = request
        .headers()
        .iter()
        .any(|h| h.field.equiv("Accept-Encoding") && h.value.as_str().contains("gzip"));
    let compressible = ctype.starts_with("text/")
        || ctype.contains("json")
        || ctype.contains("xml")
        || ctype.contains("svg")
        || ctype.contains("wasm");
    if !accepts || !compressible || body.len() < 256 {
        return (body, false);
    }
    use std::io::Write as _;
    let mut enc = flate2::write::GzEncoder::new(Vec::with_capacity(body.len() / 4), flate2::Compression::default());
    match enc.write_all(&body).and_then(|()| enc.finish()) {
        Ok(gz) => (gz, true),
        Err(_) => (body, false),
    }
}

fn respond(request: tiny_http::Request, out: &Path, shared: &Shared) {
    let url = request.url().to_owned();
    let (status, ctype, body) = if url == "/__statusmark/live.js" {
        (
            200,
            "text/javascript; charset=utf-8".to_owned(),
            LIVE_JS.as_bytes().to_vec(),
        )
    } else if let Some(query) = url.strip_prefix("/__statusmark/wait") {
        let seen = query
            .split("version=")
            .nth(1)
            .and_then(|v| v.split('&').next()?.parse().ok())
            .unwrap_or(u64::MAX);
        let state = if seen == u64::MAX {
            shared.snapshot()
        } else {
            shared.wait(seen, Duration::from_secs(25))
        };
        let json = serde_json::json!({ "version": state.version, "errors": state.errors });
        (200, "application/json".to_owned(), json.to_string().into_bytes())
    } else {
        // Taken before the file is read: the page is at least as new as this version, so its
        // script reloads it for any later build, even one published before the script runs.
        let version = shared.snapshot().version;
        let (status, path) = match resolve(out, &url) {
            Some(p) => (200, Some(p)),
            None => (404, Some(out.join("404.html")).filter(|p| p.is_file())),
        };
        match path.as_ref().and_then(|p| std::fs::read(p).ok()) {
            Some(bytes) => {
                let path = path.unwrap_or_default();
                let ctype = content_type(&path);
                let bytes = if ctype.starts_with("text/html") {
                    inject_live_script(bytes, version)
                } else {
                    bytes
                };
                (status, ctype, bytes)
            }
            // Nothing built yet (the first build failed): a page that shows the errors.
            None => (
                status,
                "text/html; charset=utf-8".to_owned(),
                inject_live_script(
                    b"<!doctype html><title>Statusmark</title><body><p>Waiting for a successful build.</p></body>"
                        .to_vec(),
                    version,
                ),
            ),
        }
    };
    let (body, gzipped) = maybe_gzip(&request, &ctype, body);
    let mut response = tiny_http::Response::from_data(body).with_status_code(status);
    if gzipped && let Some(h) = header("Content-Encoding", "gzip") {
        response.add_header(h);
    }
    if let Some(h) = header("Vary", "Accept-Encoding") {
        response.add_header(h);
    }
    for h in [
        header("Content-Type", &ctype),
        header("Cache-Control", "no-cache"),
        header("Access-Control-Allow-Origin", "*"),
    ]
    .into_iter()
    .flatten()
    {
        response.add_header(h);
    }
    // Preview under the policy the CDN will send (see `_headers`), so violations show up here.
    if ctype.starts_with("text/html")
        && let Some(h) = header("Content-Security-Policy", crate::render::headers::CSP)
    {
        response.add_header(h);
    }
    let _ = request.respond(response);
}

/// Add the live-reload script to a page (only when serving; built files never carry it).
fn inject_live_script(mut html: Vec<u8>, version: u64) -> Vec<u8> {
    let tag = format!("<script src=\"/__statusmark/live.js\" data-version=\"{version}\" defer></script>");
    let tag = tag.as_bytes();
    let at = html
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(html.len());
    html.splice(at..at, tag.iter().copied());
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fallback_walks_at_most_a_twentieth_of_the_time_and_at_least_every_half_minute() {
        let ms = Duration::from_millis;
        let second = Duration::from_secs(1);
        // A small site: every second (every 100 ms without a watcher), as always.
        assert_eq!(fallback_poll(second, ms(22), FALLBACK_SHARE), second);
        assert_eq!(fallback_poll(ms(100), ms(5), FALLBACK_SHARE_UNWATCHED), ms(100));
        // 100,000 incidents: a walk of 190 ms, every 3.8 s (0.95 s without a watcher).
        assert_eq!(fallback_poll(second, ms(190), FALLBACK_SHARE), ms(3800));
        assert_eq!(fallback_poll(ms(100), ms(190), FALLBACK_SHARE_UNWATCHED), ms(950));
        assert_eq!(
            fallback_poll(second, Duration::from_secs(5), FALLBACK_SHARE),
            FALLBACK_MAX
        );
    }

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

    #[test]
    fn content_types_name_text_as_utf_8() {
        for (file, want) in [
            ("index.html", "text/html; charset=utf-8"),
            ("style.css", "text/css; charset=utf-8"),
            ("statusmark.js", "text/javascript; charset=utf-8"),
            ("statusmark-widget.wasm", "application/wasm"),
            ("status.json", "application/json"),
            ("sitemap.xml", "text/xml; charset=utf-8"),
            ("feed.atom", "application/atom+xml; charset=utf-8"),
            ("feed.rss", "application/rss+xml; charset=utf-8"),
            ("badge.svg", "image/svg+xml"),
            ("icon.png", "image/png"),
            ("favicon.ico", "image/x-icon"),
            ("maintenance.ics", "text/calendar; charset=utf-8"),
            ("robots.txt", "text/plain; charset=utf-8"),
            ("_headers", "application/octet-stream"),
        ] {
            assert_eq!(content_type(Path::new(file)), want, "{file}");
        }
    }

    #[test]
    fn a_refreshed_fingerprint_is_the_one_a_walk_takes() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let root = dir.path();
        let write = |rel: &str, text: &str| {
            let path = root.join(rel);
            std::fs::create_dir_all(path.parent().unwrap_or(root)).unwrap_or_else(|e| panic!("{e}"));
            std::fs::write(path, text).unwrap_or_else(|e| panic!("{e}"));
        };
        write("incidents/a.md", "a");
        write("incidents/b.md", "b");
        write("content/status.yml", "c");
        let mut print = fingerprint(root);
        write("incidents/a.md", "a longer text");
        write("incidents/c.md", "new");
        std::fs::remove_file(root.join("incidents/b.md")).unwrap_or_else(|e| panic!("{e}"));
        let changed = ["incidents/a.md", "incidents/b.md", "incidents/c.md"].map(String::from);
        refresh(&mut print, root, &changed);
        assert_eq!(print, fingerprint(root));
        // A new folder: its files walked, and only those: a save nobody reported is left for
        // the next walk to find.
        write("incidents/2026/d.md", "d");
        write("incidents/2026/e.md", "e");
        write("incidents/a.md", "saved, unreported");
        refresh(&mut print, root, &["incidents/2026".to_owned()]);
        let walked = fingerprint(root);
        assert_eq!(print.len(), 5);
        let differ: Vec<_> = print
            .iter()
            .zip(&walked)
            .filter(|(a, b)| a != b)
            .map(|(a, _)| &a.0)
            .collect();
        assert_eq!(differ, [&root.join("incidents/a.md")]);
        refresh(&mut print, root, &["incidents/a.md".to_owned()]);
        assert_eq!(print, walked);
        // Below a new folder, as deep as the walk looks, and deeper: listed as the walk lists.
        write("incidents/x/2/3/4/5/6/7/8/edge.md", "edge");
        write("incidents/x/2/3/4/5/6/7/8/9/deep.md", "deep");
        refresh(&mut print, root, &["incidents/x".to_owned()]);
        assert_eq!(print, fingerprint(root));
        assert!(print.iter().any(|(p, _, _)| p.ends_with("8/edge.md")));
        assert_eq!(print.len(), 6);
        std::fs::remove_dir_all(root.join("incidents/x")).unwrap_or_else(|e| panic!("{e}"));
        refresh(&mut print, root, &["incidents/x".to_owned()]);
        assert_eq!(print, fingerprint(root));
        assert_eq!(print.len(), 5);
        // A folder removed (one event): its files go with it.
        std::fs::remove_dir_all(root.join("incidents/2026")).unwrap_or_else(|e| panic!("{e}"));
        refresh(&mut print, root, &["incidents/2026".to_owned()]);
        assert_eq!(print, fingerprint(root));
        assert_eq!(print.len(), 3);
        // Moved out of the watched folders, and written deeper than the walk looks: neither is
        // listed, by the walk or here.
        std::fs::rename(root.join("incidents/c.md"), root.join("c.md")).unwrap_or_else(|e| panic!("{e}"));
        write("incidents/1/2/3/4/5/6/7/8/9/deep.md", "deep");
        let moved = ["incidents/c.md", "c.md", "incidents/1/2/3/4/5/6/7/8/9/deep.md"].map(String::from);
        refresh(&mut print, root, &moved);
        assert_eq!(print, fingerprint(root));
        assert_eq!(print.len(), 2);
        // Behind a link below a watched folder: not followed by the walk, not listed here.
        #[cfg(unix)]
        {
            write("elsewhere/f.md", "f");
            std::os::unix::fs::symlink(root.join("elsewhere"), root.join("incidents/link"))
                .unwrap_or_else(|e| panic!("{e}"));
            refresh(
                &mut print,
                root,
                &["incidents/link".to_owned(), "incidents/link/f.md".to_owned()],
            );
            assert_eq!(print, fingerprint(root));
            assert_eq!(print.len(), 3, "the link itself is listed, as the walk lists it");
        }
    }

    fn event(kind: notify::EventKind, paths: &[&str]) -> notify::Event {
        paths
            .iter()
            .fold(notify::Event::new(kind), |e, p| e.add_path(PathBuf::from(p)))
    }

    /// As `watch` has it, but for the paths: anything but reading, of some file.
    fn relevant(e: &notify::Event) -> bool {
        is_change(&e.kind) && !e.paths.is_empty()
    }

    const WRITTEN: notify::EventKind =
        notify::EventKind::Modify(notify::event::ModifyKind::Data(notify::event::DataChange::Any));
    const CLOSED: notify::EventKind =
        notify::EventKind::Access(notify::event::AccessKind::Close(notify::event::AccessMode::Write));
    /// Settling on time alone takes this long: a burst over well before settled on its events.
    const LONG: Duration = Duration::from_secs(20);

    /// `first` (of `incidents/a.md`), with nothing after it, settles once quiet and not before.
    fn settles_once_quiet(rx: &std::sync::mpsc::Receiver<notify::Result<notify::Event>>, first: notify::Event) {
        let quiet = Duration::from_millis(120);
        let started = std::time::Instant::now();
        let burst = settle(rx, first, relevant, (quiet, Duration::from_millis(1), LONG));
        assert_eq!(burst, Settled::Changed(vec![PathBuf::from("incidents/a.md")]));
        assert!(started.elapsed() >= quiet);
    }

    #[test]
    fn a_save_settles_when_it_is_closed_and_not_at_its_truncation() {
        use notify::EventKind::{Access, Modify};
        use notify::event::{AccessKind, AccessMode, MetadataKind, ModifyKind};
        let (tx, rx) = std::sync::mpsc::channel();
        // Truncated, then (well past the grace, well within the quiet time) written and closed;
        // a build reading it meanwhile only opens it.
        let sender = std::thread::spawn(move || {
            let _ = tx.send(Ok(event(
                Access(AccessKind::Open(AccessMode::Read)),
                &["incidents/b.md"],
            )));
            std::thread::sleep(Duration::from_millis(60));
            let _ = tx.send(Ok(event(WRITTEN, &["incidents/a.md"])));
            std::thread::sleep(Duration::from_millis(60));
            let _ = tx.send(Ok(event(CLOSED, &["incidents/a.md"])));
            tx
        });
        let started = std::time::Instant::now();
        let burst = settle(
            &rx,
            event(WRITTEN, &["incidents/a.md"]),
            relevant,
            (LONG, Duration::from_millis(1), LONG),
        );
        let took = started.elapsed();
        assert_eq!(burst, Settled::Changed(vec![PathBuf::from("incidents/a.md"); 3]));
        assert!(
            took >= Duration::from_millis(120) && took < Duration::from_secs(10),
            "settled after {took:?}"
        );
        // Kept: a closed channel would end the wait below at once.
        let _tx = sender.join().unwrap_or_else(|_| panic!("sender"));
        // Attributes changed and nothing more: settled once quiet.
        let touched = event(Modify(ModifyKind::Metadata(MetadataKind::Any)), &["incidents/a.md"]);
        settles_once_quiet(&rx, touched);
    }

    #[test]
    fn renames_removals_endless_bursts_and_lost_events_settle_as_they_should() {
        use notify::EventKind::{Create, Modify, Remove};
        use notify::event::{CreateKind, ModifyKind, RemoveKind, RenameMode};
        let (tx, rx) = std::sync::mpsc::channel();
        // Saved by rename: the new file closed, then renamed over the old one, one burst, over at
        // the rename.
        for e in [
            event(WRITTEN, &["incidents/.a.md.swp"]),
            event(CLOSED, &["incidents/.a.md.swp"]),
            event(Modify(ModifyKind::Name(RenameMode::From)), &["incidents/.a.md.swp"]),
            event(Modify(ModifyKind::Name(RenameMode::To)), &["incidents/a.md"]),
        ] {
            let _ = tx.send(Ok(e));
        }
        let started = std::time::Instant::now();
        let burst = settle(
            &rx,
            event(Create(CreateKind::File), &["incidents/.a.md.swp"]),
            relevant,
            (LONG, Duration::from_millis(100), LONG),
        );
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "settled after {:?}",
            started.elapsed()
        );
        let Settled::Changed(paths) = burst else {
            panic!("{burst:?}")
        };
        assert_eq!(paths.last(), Some(&PathBuf::from("incidents/a.md")));
        assert_eq!(paths.len(), 5);
        // Removed (or renamed away, as some editors save): the new file may come next, so the
        // burst waits until quiet rather than building the folder without it.
        settles_once_quiet(&rx, event(Remove(RemoveKind::File), &["incidents/a.md"]));
        // A burst that never settles is cut short.
        let started = std::time::Instant::now();
        let burst = settle(
            &rx,
            event(WRITTEN, &["incidents/a.md"]),
            relevant,
            (LONG, Duration::from_millis(1), Duration::from_millis(150)),
        );
        assert_eq!(burst, Settled::Changed(vec![PathBuf::from("incidents/a.md")]));
        assert!(started.elapsed() < Duration::from_secs(10));
        // Events the watcher dropped: anything may have changed.
        let _ = tx.send(Ok(
            notify::Event::new(notify::EventKind::Other).set_flag(notify::event::Flag::Rescan)
        ));
        let started = std::time::Instant::now();
        assert_eq!(
            settle(
                &rx,
                event(CLOSED, &["incidents/a.md"]),
                relevant,
                (LONG, Duration::from_millis(100), LONG)
            ),
            Settled::Lost
        );
        assert!(started.elapsed() < Duration::from_secs(10));
    }

    #[test]
    fn the_terminal_names_what_a_rebuild_followed() {
        let names = |v: &[&str]| what_changed(&v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>());
        assert_eq!(names(&[]), "");
        assert_eq!(
            names(&["incidents/a.md", "incidents/a.md"]),
            " after incidents/a.md changed"
        );
        assert_eq!(names(&["b.md", "a.md"]), " after a.md and b.md changed");
        assert_eq!(names(&["c", "b", "a"]), " after a, b and c changed");
        assert_eq!(names(&["e", "d", "c", "b", "a"]), " after a, b, c and 2 more changed");
    }

    #[test]
    fn the_live_script_goes_before_the_body_ends() {
        let out = inject_live_script(b"<html><body><p>x</p></BODY></html>".to_vec(), 7);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "<html><body><p>x</p><script src=\"/__statusmark/live.js\" data-version=\"7\" defer></script></BODY></html>"
        );
    }

    #[test]
    fn waiting_returns_when_a_build_is_published() {
        let shared = Arc::new(Shared::default());
        let s2 = Arc::clone(&shared);
        let t = std::thread::spawn(move || s2.wait(0, Duration::from_secs(10)));
        std::thread::sleep(Duration::from_millis(50));
        shared.publish(Some("broken".into()));
        let state = t.join().unwrap();
        assert_eq!(
            state,
            BuildState {
                version: 1,
                errors: Some("broken".into())
            }
        );
    }
}
