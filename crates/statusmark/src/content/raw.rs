//! Deserialising author files into raw types: the parser's own spans for every value an author
//! can get wrong ([`At`]), and parser errors turned into diagnostics that point into the file, with
//! "did you mean" help for unknown keys. Nothing here validates values; that is the checkers' job.

use std::fmt;
use std::marker::PhantomData;
use std::ops::Range;

use serde::Deserialize;
use serde::de::{self, DeserializeOwned, Deserializer, MapAccess, Visitor};

use crate::diagnostic::{Diagnostic, suggest};

/// A time or date exactly as the author wrote it, from YAML (a string) or TOML (a string or a
/// native TOML date-time). Parsed later, where the site's time zone is known.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimeText(pub String);

impl<'de> Deserialize<'de> for TimeText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = TimeText;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a time such as 2026-11-20T14:02:00Z")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<TimeText, E> {
                Ok(TimeText(v.to_owned()))
            }
            // TOML hands native date-times over as a one-entry map.
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<TimeText, A::Error> {
                let mut out = None;
                while let Some((_, v)) = map.next_entry::<String, String>()? {
                    out = Some(v);
                }
                out.map(TimeText).ok_or_else(|| de::Error::custom("expected a time"))
            }
        }
        d.deserialize_any(V)
    }
}

/// Which parser's spans a raw type is read with. Each parser recognises only its own `Spanned`
/// wrapper, so raw types name the format they are read from; the span they yield is the same.
pub trait Spans: 'static {
    /// Deserialise a `T` together with its byte range in the document.
    fn spanned<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<(T, Range<usize>), D::Error>;
}

/// YAML front matter, read by serde-saphyr.
#[derive(Debug)]
pub enum Yaml {}

/// TOML front matter and the configuration, read by toml.
#[derive(Debug)]
pub enum Toml {}

impl Spans for Yaml {
    fn spanned<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<(T, Range<usize>), D::Error> {
        let s = serde_saphyr::Spanned::<T>::deserialize(d)?;
        let span = s.referenced.span();
        // Byte offsets are always known for string sources, which is all we parse.
        let start = span.byte_offset().map_or(0, |o| usize::try_from(o).unwrap_or(0));
        let len = span.byte_len().map_or(0, |l| usize::try_from(l).unwrap_or(0));
        Ok((s.value, start..start + len))
    }
}

impl Spans for Toml {
    fn spanned<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<(T, Range<usize>), D::Error> {
        let s = toml::Spanned::<T>::deserialize(d)?;
        let span = s.span();
        Ok((s.into_inner(), span))
    }
}

/// A value with the byte range it was read from, relative to the document the parser saw (the
/// front matter, or the whole configuration file).
pub struct At<T, F> {
    pub value: T,
    pub span: Range<usize>,
    format: PhantomData<F>,
}

impl<T, F> At<T, F> {
    /// A value read from `span` (tests build configuration values by hand).
    pub fn new(value: T, span: Range<usize>) -> Self {
        At {
            value,
            span,
            format: PhantomData,
        }
    }

    /// Where the value's own text starts: past an opening quote, so a caret points at the
    /// first character the author typed inside it.
    pub fn text_start(&self, doc: &str) -> usize {
        let quoted = doc.get(self.span.start..).is_some_and(|s| s.starts_with(['"', '\'']));
        self.span.start + usize::from(quoted)
    }
}

impl<T: fmt::Debug, F> fmt::Debug for At<T, F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?} @ {:?}", self.value, self.span)
    }
}

impl<'de, T: Deserialize<'de>, F: Spans> Deserialize<'de> for At<T, F> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let (value, span) = F::spanned(d)?;
        Ok(At {
            value,
            span,
            format: PhantomData,
        })
    }
}

/// A map read entry by entry with the span of every key and value, in the order written: `serde`
/// maps and `#[serde(flatten)]` lose spans.
pub struct SpannedMap<F>(pub Vec<(At<String, F>, At<String, F>)>);

impl<F> fmt::Debug for SpannedMap<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(&self.0).finish()
    }
}

impl<F> Default for SpannedMap<F> {
    fn default() -> Self {
        SpannedMap(Vec::new())
    }
}

impl<'de, F: Spans> Deserialize<'de> for SpannedMap<F> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<F>(PhantomData<F>);
        impl<'de, F: Spans> Visitor<'de> for V<F> {
            type Value = SpannedMap<F>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("`component: status` pairs")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<SpannedMap<F>, A::Error> {
                let mut out = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    out.push(entry);
                }
                Ok(SpannedMap(out))
            }
        }
        d.deserialize_map(V(PhantomData))
    }
}

/// Where a parser error points, relative to the document it parsed.
enum Where {
    Offset(usize),
    LineColumn(usize, usize),
    Unknown,
}

/// Parse a YAML document that starts at `doc_offset` in `file`.
pub fn from_yaml<T: DeserializeOwned>(path: &str, file: &str, doc: &str, doc_offset: usize) -> Result<T, Diagnostic> {
    serde_saphyr::from_str::<T>(doc).map_err(|e| {
        let plain = e.without_snippet();
        let at = match plain.location() {
            Some(loc) => Where::LineColumn(loc.line() as usize, loc.column() as usize),
            None => Where::Unknown,
        };
        let message = first_line(&plain.to_string());
        diagnose(path, file, doc, doc_offset, at, &message)
    })
}

/// Parse a TOML document that starts at `doc_offset` in `file`.
pub fn from_toml<T: DeserializeOwned>(path: &str, file: &str, doc: &str, doc_offset: usize) -> Result<T, Diagnostic> {
    toml::from_str::<T>(doc).map_err(|e| {
        let at = e.span().map_or(Where::Unknown, |s| Where::Offset(s.start));
        diagnose(path, file, doc, doc_offset, at, e.message())
    })
}

fn first_line(s: &str) -> String {
    s.lines().next().unwrap_or_default().trim().to_owned()
}

fn diagnose(path: &str, file: &str, doc: &str, doc_offset: usize, at: Where, message: &str) -> Diagnostic {
    let (message, help) = explain(message);
    let offset = match at {
        Where::Offset(o) => Some(o),
        Where::LineColumn(line, col) => Some(line_col_offset(doc, line, col)),
        Where::Unknown => None,
    };
    let d = Diagnostic::error(path, message);
    let d = match offset {
        Some(o) => d.at_offset(file, doc_offset + o),
        None => d.at_offset(file, doc_offset),
    };
    match help {
        Some(h) => d.with_help(h),
        None => d,
    }
}

/// Rewrite serde's wording into an author's: returns (message, help).
fn explain(message: &str) -> (String, Option<String>) {
    let message = strip_location_suffix(message.trim());
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let key = rest.split('`').next().unwrap_or_default().to_owned();
        // serde writes "expected one of `a`, `b`"; some parsers drop the backticks.
        let expected: Vec<&str> = rest
            .split_once("expected ")
            .map(|(_, list)| {
                list.trim_start_matches("one of ")
                    .split(", ")
                    .map(|k| k.trim().trim_matches('`'))
                    .filter(|k| !k.is_empty())
                    .collect()
            })
            .unwrap_or_default();
        let help = match suggest(&key, expected.iter().copied()) {
            Some(s) => format!("did you mean \"{s}\"?"),
            None if !expected.is_empty() => format!("allowed keys: {}", expected.join(", ")),
            None => "remove this key".to_owned(),
        };
        return (format!("unknown key \"{key}\""), Some(help));
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let key = rest.split('`').next().unwrap_or_default();
        return (
            format!("missing key \"{key}\""),
            Some(format!("add the required key `{key}`")),
        );
    }
    // Structural mistakes: say what shape was expected, in the author's terms.
    if let Some(rest) = message.strip_prefix("duplicate mapping key: ") {
        let key = rest.split(',').next().unwrap_or(rest).trim().to_owned();
        return (
            format!("duplicate key \"{key}\""),
            Some("each key may appear once; remove this line or merge it with the first".to_owned()),
        );
    }
    let help = if message.contains("mapping values are not allowed") {
        Some("this value contains \": \"; put the whole value in quotes, e.g. title: \"Informational: API change\"")
    } else if message.contains("mapping") || message.contains("invalid type: sequence") {
        Some("write `key: value` pairs, one per line, indented under their parent key")
    } else if message.contains("sequence") {
        Some("write a list, either `[a, b]` or one `- item` per line")
    } else if message.contains("scalar") || message.contains("quoted") {
        Some("check the syntax here; quote text that contains `: `, `#`, `[`, `{` or starts with a special character")
    } else {
        None
    };
    (message.to_owned(), help.map(str::to_owned))
}

fn strip_location_suffix(m: &str) -> &str {
    match m.find(" at line ") {
        Some(i) => &m[..i],
        None => m,
    }
}

fn line_col_offset(doc: &str, line: usize, col: usize) -> usize {
    let mut offset = 0;
    for (i, l) in doc.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            let col_bytes: usize = l.chars().take(col.saturating_sub(1)).map(char::len_utf8).sum();
            return offset + col_bytes;
        }
        offset += l.len();
    }
    doc.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct T {
        title: String,
        severity: Option<String>,
        at: Option<TimeText>,
    }

    #[test]
    fn unknown_yaml_key_points_at_the_key_with_a_suggestion() {
        let file = "---\ntitle: x\nseverty: major\n---\n";
        let d = from_yaml::<T>("a.md", file, &file[4..26], 4).unwrap_err();
        assert_eq!(d.message, "unknown key \"severty\"");
        assert_eq!((d.line, d.column), (3, 1));
        assert_eq!(d.help.as_deref(), Some("did you mean \"severity\"?"));
    }

    #[test]
    fn unknown_toml_key_points_at_the_key_with_a_suggestion() {
        let file = "+++\ntitle = 'x'\n  severty = 'major'\n+++\n";
        let doc = &file[4..file.len() - 4];
        let d = from_toml::<T>("a.md", file, doc, 4).unwrap_err();
        assert_eq!(d.message, "unknown key \"severty\"");
        assert_eq!((d.line, d.column), (3, 3));
    }

    #[test]
    fn times_come_from_yaml_strings_and_toml_datetimes() {
        let t: T = from_yaml("a", "", "title: x\nat: 2026-11-20T14:02:00Z\n", 0).unwrap();
        assert_eq!(t.at, Some(TimeText("2026-11-20T14:02:00Z".into())));
        let t: T = from_toml("a", "", "title = 'x'\nat = 2026-11-20T14:02:00Z\n", 0).unwrap();
        assert_eq!(t.at, Some(TimeText("2026-11-20T14:02:00Z".into())));
    }

    #[test]
    fn yaml_syntax_errors_point_into_the_file() {
        // A syntax error, not a type error (`sev: [unclosed` stopped at the unknown key first).
        let file = "---\ntitle: x\nseverity: a: b\n---\n";
        let d = from_yaml::<T>("a.md", file, &file[4..file.len() - 4], 4).unwrap_err();
        // At the second colon, the one that needs quoting.
        assert_eq!((d.line, d.column), (3, 12), "{d}");
        assert!(d.message.starts_with("mapping values are not allowed"), "{d}");
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields, bound(deserialize = ""))]
    struct S<F: Spans> {
        title: At<String, F>,
        #[serde(default)]
        components: SpannedMap<F>,
        #[serde(default)]
        list: Vec<At<String, F>>,
    }

    #[test]
    fn spans_are_byte_ranges_in_both_formats() {
        let yaml = "title: \"é x\"\ncomponents:\n  api: major_outage\nlist: [a, bb]\n";
        let s: S<Yaml> = serde_saphyr::from_str(yaml).unwrap();
        assert_eq!(&yaml[s.title.span.clone()], "\"é x\"");
        assert_eq!(s.title.text_start(yaml), 8);
        let (k, v) = &s.components.0[0];
        assert_eq!((&yaml[k.span.clone()], &yaml[v.span.clone()]), ("api", "major_outage"));
        assert_eq!(&yaml[s.list[1].span.clone()], "bb");

        let toml = "title = 'é x'\nlist = ['a', 'bb']\n[components]\napi = \"major_outage\"\n";
        let s: S<Toml> = toml::from_str(toml).unwrap();
        assert_eq!(&toml[s.title.span.clone()], "'é x'");
        let (k, v) = &s.components.0[0];
        assert_eq!(
            (&toml[k.span.clone()], &toml[v.span.clone()]),
            ("api", "\"major_outage\"")
        );
        assert_eq!(&toml[s.list[1].span.clone()], "'bb'");
    }
}
