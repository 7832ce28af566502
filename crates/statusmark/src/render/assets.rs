//! Static assets: the stylesheet (theme CSS plus the site's `extra.css`, content-hashed), icons,
//! and the two wasm bundles with their stable loaders: the embeddable widget
//! (`widget/statusmark.js`) and the site's own live-update script (`widget/page.js`).

use super::plan::Planned;
use super::{RenderContext, RenderError, content_hash};
use crate::theme::{Theme, WidgetBundle};

/// Where pages find the assets, relative to the site root.
#[derive(Clone, Debug, Default, Hash)]
pub struct AssetPaths {
    pub stylesheet: String,
    /// `widget/statusmark.js` when the widget is part of the site.
    pub widget_loader: Option<String>,
    /// `widget/page.js`, which keeps the home page's indicators live, when the binary carries it.
    pub page_loader: Option<String>,
}

/// The asset files, worked out once per build: pages need their paths before anything renders.
#[derive(Debug)]
pub struct Assets {
    pub paths: AssetPaths,
    files: Vec<(String, Vec<u8>)>,
}

impl Assets {
    pub fn new(theme: &Theme, widget: &WidgetBundle, accent: Option<&str>) -> Result<Assets, RenderError> {
        let mut files = Vec::new();
        let paths = collect(theme, widget, accent, &mut files)?;
        Ok(Assets { paths, files })
    }
}

pub fn plan<'r>(cx: &'r RenderContext<'_>) -> Vec<Planned<'r>> {
    cx.assets
        .files
        .iter()
        .map(|(path, bytes)| Planned::ready(path.clone(), bytes.clone()))
        .collect()
}

fn collect(
    theme: &Theme,
    widget: &WidgetBundle,
    accent: Option<&str>,
    files: &mut Vec<(String, Vec<u8>)>,
) -> Result<AssetPaths, RenderError> {
    let mut css = theme
        .text("assets/style.css")
        .ok_or_else(|| RenderError::MissingThemeFile("assets/style.css".into()))?
        .to_owned();
    // Validated as a hex colour with the configuration; set for light and dark alike.
    if let Some(accent) = accent {
        css.push_str(&format!("\n/* accent_color from statusmark.toml */\n:root {{ --accent: {accent}; }}\n@media (prefers-color-scheme: dark) {{ :root {{ --accent: {accent}; }} }}\n"));
    }
    if let Some(extra) = theme.text("assets/extra.css") {
        css.push_str("\n/* site/assets/extra.css */\n");
        css.push_str(extra);
    }
    let stylesheet = format!("assets/style.{}.css", content_hash(css.as_bytes()));
    files.push((stylesheet.clone(), css.into_bytes()));
    for (path, bytes) in &theme.files {
        if path.starts_with("assets/") && path != "assets/style.css" && path != "assets/extra.css" {
            files.push((path.clone(), bytes.clone()));
        }
    }
    // Every file of both bundles is content-hashed and immutable; the loaders are the only stable
    // addresses.
    if widget.glue().is_some() || widget.page_glue().is_some() {
        for (name, bytes) in &widget.files {
            files.push((format!("widget/{name}"), bytes.clone()));
        }
    }
    // The widget's words in every language but English (its own), which the loader fetches for a
    // widget in that language before mounting it: an embed loads one small file, never them all.
    if widget.glue().is_some() {
        for code in &crate::i18n::LANGUAGES[1..] {
            if let Some(lang) = crate::i18n::language(code) {
                files.push((format!("widget/i18n/{code}.json"), lang.widget_words().into_bytes()));
            }
        }
    }
    let mut loader =
        |glue: Option<(&str, &str)>, path: &str, what: &str, first: &str, prefetch: &str, started: &str| {
            glue.map(|(js, wasm)| {
                files.push((
                    path.to_owned(),
                    loader_script(js, wasm, path, what, first, prefetch, started).into_bytes(),
                ));
                path.to_owned()
            })
        };
    let widget_loader = loader(
        widget.glue(),
        "widget/statusmark.js",
        "widget",
        "",
        PREFETCH_FEEDS,
        MOUNT_ELEMENTS,
    );
    let worker = format!("page-times.{}.js", content_hash(LOCAL_TIMES_WORKER.as_bytes()));
    let first = AFTER_LOAD_LOCAL_TIMES.replace("{worker}", &worker);
    let page_loader = loader(widget.page_glue(), "widget/page.js", "live updates", &first, "", ";");
    if page_loader.is_some() {
        files.push((format!("widget/{worker}"), LOCAL_TIMES_WORKER.as_bytes().to_vec()));
    }
    Ok(AssetPaths {
        stylesheet,
        widget_loader,
        page_loader,
    })
}

/// The widget loader starts each widget's first feed request while the wasm downloads and
/// compiles; the widget takes it from this `Map` (`__statusmarkFeeds` in the widget's `lib.rs`)
/// instead of asking again. Same URL rule (`feed`, else `data-feed`, else `status.json`) and same
/// request (`no-cache`, 10 s timeout) as the widget's own polls. The `catch` only keeps an early
/// failure from being reported as unhandled; the widget still sees it.
const PREFETCH_FEEDS: &str = "const feeds=globalThis.__statusmarkFeeds??=new Map;for(const e of document.querySelectorAll(\"statusmark-status,[data-statusmark]\")){const u=e.getAttribute(\"feed\")??e.getAttribute(\"data-feed\")??\"status.json\";if(!feeds.has(u)){const r=fetch(u,{cache:\"no-cache\",signal:AbortSignal.timeout(1e4)});r.catch(()=>{});feeds.set(u,r)}}\n";

/// The site's page script waits for the page's `load` and then an idle moment (at most 2 s), so
/// neither its download nor its start competes with the first paint. Then, before the wasm, it
/// shows every `<time datetime>` in the visitor's own zone, named ("Nov 20, 2026 10:00 EST"), in
/// the page's language (`<html lang>`) and the same shape as the generator's text (CLDR's medium
/// date, a 24-hour time, the zone's short name); the site's own text stays in the element's `title`.
/// Text the same in both zones is left alone (no repaint). The page script calls it again
/// (`__statusmarkTimes`) for the incident cards and timeline items it adds; their times read as the
/// bare instant (`2026-11-20T15:10:00Z`) until the worker answers, one message later.
///
/// The formatting itself ([`LOCAL_TIMES_WORKER`]) runs in a worker: a page's first
/// `Intl.DateTimeFormat` loads the browser's locale data, one uninterruptible task of 100–170 ms
/// on a phone-speed CPU (measured in Chromium at a 4× slowdown), which would block a tap on the
/// page. If the worker cannot start, fails, or leaves a job unanswered for 5 s (a worker held
/// paused, as a debugger attached to the page can leave one), it is stopped and the same module
/// formats on the page's thread, that job's times and every later one's. `{worker}` is the
/// worker's file beside the loader. Written compactly (`l` the language, `q` the jobs sent to the
/// worker by number, `put` shows one job's texts, `here` formats on the page's thread, `quit` gives
/// up on the worker).
const AFTER_LOAD_LOCAL_TIMES: &str = "await new Promise((r) => { const idle = () => (globalThis.requestIdleCallback ?? setTimeout)(r, { timeout: 2e3 }); document.readyState == \"complete\" ? idle() : addEventListener(\"load\", idle, { once: true }); });\n{\n  const u = new URL(\"./{worker}\", import.meta.url), l = document.documentElement.lang || \"en\", st = JSON.parse(document.body.dataset.smLabels || \"{}\")[\"site-time\"] || \"site time\", q = new Map;\n  let n = 0, w;\n  const put = (ts, out) => ts.forEach((t, i) => { const s = out[i]; if (s && t.textContent != s) { t.title ||= `${t.textContent} (${st})`; t.textContent = s; } });\n  const here = (ts) => import(u).then((m) => put(ts, m.format(l, ts.map((t) => t.dateTime)))).catch(() => {});\n  const quit = () => { if (!w) return; w.terminate(); w = null; for (const ts of q.values()) here(ts); q.clear(); };\n  try {\n    w = new Worker(u, { type: \"module\" });\n    w.onmessage = ({ data: [id, out] }) => { put(q.get(id) ?? [], out); q.delete(id); };\n    w.onerror = quit;\n  } catch {}\n  globalThis.__statusmarkTimes = () => {\n    const ts = [...document.querySelectorAll(\"time[datetime]\")];\n    if (!ts.length) return;\n    if (!w) return here(ts);\n    const id = ++n;\n    q.set(id, ts);\n    w.postMessage([id, l, ts.map((t) => t.dateTime)]);\n    setTimeout(() => q.has(id) && quit(), 5e3);\n  };\n  __statusmarkTimes();\n}\n";

/// The module that formats times for [`AFTER_LOAD_LOCAL_TIMES`]: `format(lang, datetimes)` gives
/// each one's text (`null` for one that is not a time), with the formatters made once per
/// language (English for a `lang` the browser does not take, such as `en_US`); in a worker it
/// answers each `[id, lang, datetimes]` message with `[id, texts]`.
const LOCAL_TIMES_WORKER: &str = "// Statusmark: the page's times in the visitor's zone (see widget/page.js).\nconst made = {};\nexport const format = (l, list) => {\n  const make = (l) => [new Intl.DateTimeFormat(l, { dateStyle: \"medium\" }), new Intl.DateTimeFormat(l, { hour: \"2-digit\", minute: \"2-digit\", hourCycle: \"h23\", timeZoneName: \"short\" })];\n  const [D, f] = made[l] ??= (() => { try { return make(l); } catch { return make(\"en\"); } })();\n  return list.map((s) => {\n    const d = new Date(s);\n    if (isNaN(d)) return null;\n    const p = Object.fromEntries(f.formatToParts(d).map((x) => [x.type, x.value]));\n    return `${D.format(d)} ${p.hour}:${p.minute} ${p.timeZoneName}`;\n  });\n};\nif (!globalThis.document) globalThis.onmessage = ({ data: [id, l, list] }) => postMessage([id, format(l, list)]);\n";

/// Once the widget's wasm runs, the loader gives every widget element a life cycle: `touch` marks
/// an element whose connection or attributes changed, and one microtask later `flush` settles them
/// all: an element that left the document (or lost `data-statusmark`) is stopped, one whose
/// options changed is stopped and mounted again, one that arrived is mounted. Settling in a
/// microtask is what makes a move (disconnect and connect in one task) a no-op, and several
/// attribute changes one remount. `<statusmark-status>` is a custom element; `[data-statusmark]`,
/// for pages that cannot use one, is found by a scan now and a `MutationObserver` later. The wasm's
/// `mount(el)` returns the function that stops that widget (`lib.rs`, `mount_widget`). The
/// observer leaves `<statusmark-status>` attributes to the element's own callback, so one change
/// is one remount. The loader also handles the banner's dismiss button (a click whose target has
/// `data-dismiss`): it remembers the token in `__statusmarkDismissed` (the widget's `view.rs`
/// reads it) and in `sessionStorage` for the rest of the tab's session, and mounts that widget
/// again. When the
/// element is already defined (a second loader on the page), the first loader does the work.
/// A widget in another language than English (the `lang` it has or inherits, as HTML defines it:
/// its own, else its nearest ancestor's, up to `<html lang>`) is mounted once its words are in
/// `__statusmarkWords` (`widget/i18n/<code>.json`, fetched once per language with a 10 s timeout;
/// a failed fetch, or anything but an object, leaves its labels in English).
/// Written compactly: it counts towards the widget's 50 KB budget (`n` is the observed attribute
/// names, `c` whether an element's options changed, `w` whether it should have a widget).
const MOUNT_ELEMENTS: &str = "if(!customElements.get(\"statusmark-status\")){const n=[\"feed\",\"data-feed\",\"variant\",\"components\",\"theme\",\"poll\",\"link\",\"lang\"],live=new Map,W=globalThis.__statusmarkWords??={},lang=e=>{const l=(e.closest(\"[lang]\")?.getAttribute(\"lang\")??document.documentElement.lang).trim().toLowerCase().split(/[-_]/)[0];return[\"de\",\"fr\",\"es\",\"ja\"].includes(l)?l:\"en\"},touched=new Map,flush=()=>{for(const[e,c]of touched){const w=e.isConnected&&(e.localName==\"statusmark-status\"||e.hasAttribute(\"data-statusmark\"));if(live.has(e)&&(c||!w)){live.get(e)?.();live.delete(e)}if(w&&!live.has(e)){const l=lang(e),x=W[l];l==\"en\"||x&&!x.then?live.set(e,glue.mount(e,l)):(W[l]??=fetch(new URL(`i18n/${l}.json`,import.meta.url),{signal:AbortSignal.timeout(1e4)}).then(r=>r.json()).catch(()=>0).then(j=>W[l]=j&&typeof j==\"object\"?j:{})).then(()=>touch(e))}}touched.clear()},touch=(e,c)=>{touched.size||queueMicrotask(flush);touched.set(e,c||touched.get(e))},scan=e=>{e.matches?.(\"[data-statusmark]\")&&touch(e);for(const x of e.querySelectorAll?.(\"[data-statusmark]\")??[])touch(x)};customElements.define(\"statusmark-status\",class extends HTMLElement{static observedAttributes=n;connectedCallback(){touch(this)}disconnectedCallback(){touch(this)}attributeChangedCallback(){touch(this,1)}});const K=\"statusmark-dismissed\",dz=globalThis.__statusmarkDismissed??={};try{Object.assign(dz,JSON.parse(sessionStorage.getItem(K)))}catch{}addEventListener(\"click\",v=>{const p=v.composedPath(),t=p[0]?.dataset?.dismiss,e=p.find(x=>live.has(x));if(t&&e){dz[t]=1;try{sessionStorage.setItem(K,JSON.stringify(dz))}catch{}touch(e,1)}},!0);scan(document);new MutationObserver(r=>{for(const m of r)m.type==\"childList\"?[...m.addedNodes,...m.removedNodes].forEach(scan):m.target.localName!=\"statusmark-status\"&&touch(m.target,1)}).observe(document,{subtree:!0,childList:!0,attributes:!0,attributeFilter:[...n,\"data-statusmark\"]})}\n";

/// A loader: fetches the wasm while the JS glue is imported (one round trip, not two), starts it,
/// then runs `started`. A failure to start is one console warning, never an uncaught error in the
/// host page.
fn loader_script(js: &str, wasm: &str, path: &str, what: &str, first: &str, prefetch: &str, started: &str) -> String {
    format!(
        "// Statusmark {what} loader: <script type=\"module\" src=\".../{path}\"></script>\n{first}const wasm=fetch(new URL(\"./{wasm}\",import.meta.url));\n{prefetch}const glue=await import(\"./{js}\");\nif(await glue.default({{module_or_path:wasm}}).then(()=>1,e=>console.warn(\"statusmark {what} failed to start:\",e))){started}\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_loader_knows_every_language_but_english() {
        let quoted: Vec<String> = crate::i18n::LANGUAGES[1..].iter().map(|l| format!("\"{l}\"")).collect();
        assert!(
            MOUNT_ELEMENTS.contains(&format!("[{}].includes(l)", quoted.join(","))),
            "the loader's languages"
        );
    }

    #[test]
    fn each_bundle_gets_its_own_loader() {
        let theme = Theme {
            files: [("assets/style.css".to_owned(), b"body{}".to_vec())].into(),
        };
        let widget = super::super::testing::widget_bundle();
        let mut files = Vec::new();
        let paths = collect(&theme, &widget, None, &mut files).expect("assets");
        assert_eq!(paths.widget_loader.as_deref(), Some("widget/statusmark.js"));
        assert_eq!(paths.page_loader.as_deref(), Some("widget/page.js"));
        let text = |path: &str| {
            let (_, bytes) = files.iter().find(|f| f.0 == path).expect(path);
            String::from_utf8(bytes.clone()).unwrap_or_default()
        };
        let embed = text("widget/statusmark.js");
        assert!(
            embed.contains("./statusmark-widget-1111111111111111_bg.wasm")
                && embed.contains("./statusmark-widget-1111111111111111.js")
        );
        assert!(
            embed.contains("__statusmarkFeeds"),
            "the widget loader starts the feed requests"
        );
        assert!(
            embed.contains("customElements.define(\"statusmark-status\"")
                && embed.contains("MutationObserver")
                && embed.contains("glue.mount(e,l)"),
            "the widget loader gives widget elements their life cycle"
        );
        let page = text("widget/page.js");
        assert!(
            page.contains("./statusmark-page-2222222222222222_bg.wasm")
                && page.contains("./statusmark-page-2222222222222222.js")
        );
        assert!(
            page.find("addEventListener(\"load\"")
                .is_some_and(|l| page.find("fetch(").is_some_and(|f| l < f)),
            "the page script starts after the page has loaded"
        );
        assert!(page.contains("time[datetime]") && !embed.contains("time[datetime]"));
        // The times are formatted off the page's thread, by a content-hashed module beside it.
        let worker = format!("page-times.{}.js", content_hash(LOCAL_TIMES_WORKER.as_bytes()));
        assert!(page.contains(&format!("new URL(\"./{worker}\", import.meta.url)")) && page.contains("new Worker("));
        assert!(!page.contains("{worker}"));
        assert!(text(&format!("widget/{worker}")).contains("Intl.DateTimeFormat"));
        assert!(
            !page.contains("statusmark-widget-")
                && !page.contains("__statusmarkFeeds")
                && !page.contains("customElements")
        );
        // Without bundles: no loaders, no widget files.
        let mut files = Vec::new();
        let paths = collect(&theme, &WidgetBundle::default(), None, &mut files).expect("assets");
        assert!(paths.widget_loader.is_none() && paths.page_loader.is_none());
        assert!(!files.iter().any(|f| f.0.starts_with("widget/")));
    }
}
