//! The front matter nearly every file has, read without the YAML parser: `key: value` lines, one
//! level of indented `key: value` pairs under a key (an incident's `components:`) and flow lists
//! of names (`components: [api, web]`), every value a plain scalar that YAML can only read as a
//! string or as `true`/`false`, or a quoted one on one line without escapes (a title with a
//! colon: `title: "Informational: …"`).
//!
//! [`read`] takes a document only when it is sure YAML reads it the same way: it gives up, and
//! the caller reads the document with serde-saphyr, on anything else (escapes, comments, block
//! lists, numbers, nulls, tabs, a key twice, a value a raw type does not expect…). So what a file
//! means, and every error and its position, stay the YAML parser's; this is only quicker for
//! the common case (the YAML parser was about a tenth of a build). The spans are the ones
//! serde-saphyr gives, so diagnostics point at the same place either way; the tests hold the two
//! readers equal on every file they both take.

use std::fmt;
use std::ops::Range;

use serde::de::{
    self, DeserializeOwned, DeserializeSeed, Deserializer, IntoDeserializer, MapAccess, SeqAccess, Visitor,
};

use super::raw::Spans;

/// Front matter read by [`read`]; a raw type read with it has the same spans as with
/// [`super::raw::Yaml`].
#[derive(Debug)]
pub enum Quick {}

/// The name [`Quick::spanned`] asks for, so the deserializer hands over the span with the value.
const SPANNED: &str = "statusmark::quick::Spanned";

impl Spans for Quick {
    fn spanned<'de, D: Deserializer<'de>, T: de::Deserialize<'de>>(d: D) -> Result<(T, Range<usize>), D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: de::Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = (T, Range<usize>);
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a value and its span")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let missing = || de::Error::custom("span");
                let start: usize = seq.next_element()?.ok_or_else(missing)?;
                let end: usize = seq.next_element()?.ok_or_else(missing)?;
                let value: T = seq.next_element()?.ok_or_else(missing)?;
                Ok((value, start..end))
            }
        }
        d.deserialize_newtype_struct(SPANNED, V(std::marker::PhantomData))
    }
}

/// The most a document may have for this reader: more is far beyond any front matter, and the
/// YAML parser has budgets of its own (a node count, and no implicit key longer than 1,024
/// characters) that this reader does not follow past these.
const MAX_DOC_BYTES: usize = 64 * 1024;
const MAX_NODES: usize = 256;
const MAX_KEY_BYTES: usize = 256;

/// `doc` read into `T`, or `None` when it is not the simple kind or `T` does not take it (then
/// the YAML parser reads it, and says what is wrong if anything is).
pub fn read<T: DeserializeOwned>(doc: &str) -> Option<T> {
    let entries = parse(doc)?;
    T::deserialize(Node::Map(entries)).ok()
}

/// A scalar's text, and the span of the scalar in the document (its quotes included).
#[derive(Clone, Copy, Debug)]
struct Scalar<'a> {
    text: &'a str,
    at: usize,
    end: usize,
    /// Quoted: a string whatever it says (`"true"`, `'404'`).
    quoted: bool,
}

impl<'a> Scalar<'a> {
    fn plain(text: &'a str, at: usize) -> Scalar<'a> {
        Scalar {
            text,
            at,
            end: at + text.len(),
            quoted: false,
        }
    }
}

#[derive(Debug)]
enum Node<'a> {
    Scalar(Scalar<'a>),
    Map(Vec<(Scalar<'a>, Node<'a>)>),
    Seq(Vec<Scalar<'a>>),
}

/// The lines of `doc` as entries, or `None` for anything outside the simple kind.
fn parse(doc: &str) -> Option<Vec<(Scalar<'_>, Node<'_>)>> {
    if doc.len() > MAX_DOC_BYTES || doc.contains(['\r', '\t']) {
        return None;
    }
    let mut nodes = 0;
    let mut lines = Lines { doc, at: 0 }.peekable();
    let mut entries: Vec<(Scalar<'_>, Node<'_>)> = Vec::new();
    while let Some((line, at)) = lines.next() {
        if line.trim_start_matches(' ').is_empty() {
            continue;
        }
        let (key, rest, rest_at) = key_of(line, at)?;
        let node = if rest.is_empty() {
            // A nested map: the indented lines that follow.
            let mut inner: Vec<(Scalar<'_>, Node<'_>)> = Vec::new();
            let mut indent = None;
            while let Some(&(next, next_at)) = lines.peek() {
                let body = next.trim_start_matches(' ');
                if body.is_empty() {
                    lines.next();
                    continue;
                }
                let width = next.len() - body.len();
                if width == 0 {
                    break;
                }
                if *indent.get_or_insert(width) != width {
                    return None;
                }
                lines.next();
                let (k, v, v_at) = key_of(body, next_at + width)?;
                if has(&inner, k) {
                    return None;
                }
                inner.push((k, Node::Scalar(scalar(v, v_at)?)));
                nodes += 1;
            }
            if inner.is_empty() {
                // `key:` alone is a null.
                return None;
            }
            Node::Map(inner)
        } else {
            match rest.strip_prefix('[') {
                Some(list) => Node::Seq(flow_list(list, rest_at + 1)?),
                None => Node::Scalar(scalar(rest, rest_at)?),
            }
        };
        if has(&entries, key) {
            return None;
        }
        nodes += 1 + match &node {
            Node::Seq(items) => items.len(),
            _ => 0,
        };
        if nodes > MAX_NODES {
            return None;
        }
        entries.push((key, node));
    }
    Some(entries)
}

/// Whether `entries` has `key` already (YAML refuses a key twice).
fn has(entries: &[(Scalar<'_>, Node<'_>)], key: Scalar<'_>) -> bool {
    entries.iter().any(|(seen, _)| seen.text == key.text)
}

/// The document's lines with their offsets.
struct Lines<'a> {
    doc: &'a str,
    at: usize,
}

impl<'a> Iterator for Lines<'a> {
    type Item = (&'a str, usize);
    fn next(&mut self) -> Option<(&'a str, usize)> {
        let rest = self.doc.get(self.at..).filter(|r| !r.is_empty())?;
        let line = memchr::memchr(b'\n', rest.as_bytes()).map_or(rest, |n| &rest[..n]);
        let at = self.at;
        self.at += line.len() + 1;
        Some((line, at))
    }
}

/// `key: rest` (or `key:` with `rest` empty) at the start of `line`, which starts at `at`; the
/// key, `rest` and where `rest` starts.
fn key_of(line: &str, at: usize) -> Option<(Scalar<'_>, &str, usize)> {
    let end = memchr::memchr(b':', line.as_bytes())?;
    let key = &line[..end];
    let first = key.chars().next()?;
    if key.len() > MAX_KEY_BYTES
        || !(first.is_ascii_alphabetic() || first == '_')
        || !key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
        || reserved(key)
    {
        return None;
    }
    let rest = &line[end + 1..];
    let rest = match rest.strip_prefix(' ') {
        Some(value) => value,
        None if rest.is_empty() => rest,
        None => return None,
    };
    Some((Scalar::plain(key, at), rest, at + line.len() - rest.len()))
}

/// A plain scalar YAML reads as a string (or `true`/`false`), exactly as written, or a quoted
/// one on one line without escapes (no `\\` in double quotes, no `''` in single ones).
fn scalar(text: &str, at: usize) -> Option<Scalar<'_>> {
    if matches!(text, "true" | "false") {
        return Some(Scalar::plain(text, at));
    }
    for quote in ['"', '\''] {
        if let Some(rest) = text.strip_prefix(quote) {
            let inner = rest.strip_suffix(quote)?;
            let escapes = if quote == '"' { "\"\\" } else { "'" };
            if inner.contains(|c: char| escapes.contains(c) || unusual(c)) {
                return None;
            }
            return Some(Scalar {
                text: inner,
                at,
                end: at + text.len(),
                quoted: true,
            });
        }
    }
    let first = text.chars().next()?;
    let safe = !first.is_whitespace()
        && !"-?:,[]{}#&*!|>'\"%@`.+~".contains(first)
        && !text.ends_with([' ', ':'])
        && !special(text)
        && !numeric(text)
        && !reserved(text);
    safe.then_some(Scalar::plain(text, at))
}

/// `a, b, c]`: names only, on one line.
fn flow_list(list: &str, at: usize) -> Option<Vec<Scalar<'_>>> {
    let inner = list.strip_suffix(']')?;
    if inner.trim_matches(' ').is_empty() {
        return Some(Vec::new());
    }
    let mut items = Vec::new();
    let mut offset = 0;
    for item in inner.split(',') {
        let lead = item.len() - item.trim_start_matches(' ').len();
        let name = item.trim_matches(' ');
        let first = name.chars().next()?;
        if !first.is_ascii_alphabetic()
            || !name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-'))
            || reserved(name)
        {
            return None;
        }
        items.push(Scalar::plain(name, at + offset + lead));
        offset += item.len() + 1;
    }
    Some(items)
}

/// Whether a plain scalar has `": "`, `" #"` or an [`unusual`] character. An ASCII one (most
/// are) by passes the compiler vectorises (control characters; a `:` or `#` at all), and pairs of
/// bytes only when there is one: two substring searches and a pass over its characters were two
/// thirds of the time reading front matter took.
fn special(text: &str) -> bool {
    if !text.is_ascii() {
        return text.contains(": ") || text.contains(" #") || text.chars().any(unusual);
    }
    let b = text.as_bytes();
    // Without stopping early: the compiler makes it a few vector compares.
    let control = b.iter().fold(false, |found, c| found | c.is_ascii_control());
    control || (memchr::memchr2(b':', b'#', b).is_some() && b.windows(2).any(|w| matches!(w, b": " | b" #")))
}

/// Characters YAML treats specially, or that are not printable, anywhere in a scalar.
fn unusual(c: char) -> bool {
    // `is_control` covers U+0085, YAML 1.1's next line.
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}')
}

/// Anything a YAML schema could read as a number, a date or a time of day (a digit, then hex
/// digits, signs, points, colons and underscores only): left to the YAML parser. The other
/// characters a number can start with (a sign, a point) [`scalar`] refuses anyway; a name that
/// starts with a letter (`c45`) is a string in every schema.
fn numeric(text: &str) -> bool {
    text.starts_with(|c: char| c.is_ascii_digit())
        && text
            .chars()
            .all(|c| c.is_ascii_hexdigit() || matches!(c, 'x' | 'X' | 'o' | 'O' | '_' | '.' | ':' | '+' | '-'))
}

/// Words some YAML schema reads as a null or a boolean, and the names Rust's float parser takes
/// (YAML itself writes `.nan` and `.inf`, which [`scalar`] refuses by their point): not worth
/// finding out what the parser makes of them.
fn reserved(text: &str) -> bool {
    const WORDS: [&str; 13] = [
        "y", "n", "yes", "no", "on", "off", "true", "false", "null", "nan", "inf", "infinity", "~",
    ];
    WORDS.iter().any(|w| w.eq_ignore_ascii_case(text))
}

/// Any failure: the caller falls back to the YAML parser, which says what is wrong.
#[derive(Debug)]
struct GiveUp;

impl fmt::Display for GiveUp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not simple front matter")
    }
}

impl std::error::Error for GiveUp {}

impl de::Error for GiveUp {
    fn custom<T: fmt::Display>(_: T) -> Self {
        GiveUp
    }
}

impl<'de> Deserializer<'de> for Node<'de> {
    type Error = GiveUp;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, GiveUp> {
        match self {
            Node::Scalar(s) => s.deserialize_any(visitor),
            Node::Map(entries) => visitor.visit_map(Entries {
                entries: entries.into_iter(),
                value: None,
            }),
            Node::Seq(items) => visitor.visit_seq(Items(items.into_iter())),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, GiveUp> {
        visitor.visit_some(self)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, name: &'static str, visitor: V) -> Result<V::Value, GiveUp> {
        match self {
            Node::Scalar(s) => s.deserialize_newtype_struct(name, visitor),
            _ if name == SPANNED => Err(GiveUp),
            node => visitor.visit_newtype_struct(node),
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, GiveUp> {
        match self {
            Node::Scalar(s) => s.deserialize_enum(name, variants, visitor),
            _ => Err(GiveUp),
        }
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct seq tuple tuple_struct map struct identifier ignored_any
    }
}

impl<'de> Deserializer<'de> for Scalar<'de> {
    type Error = GiveUp;

    /// A string, or `true`/`false`: [`scalar`] took nothing YAML reads as anything else.
    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, GiveUp> {
        match self.text {
            "true" if !self.quoted => visitor.visit_bool(true),
            "false" if !self.quoted => visitor.visit_bool(false),
            text => visitor.visit_borrowed_str(text),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, GiveUp> {
        visitor.visit_some(self)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, name: &'static str, visitor: V) -> Result<V::Value, GiveUp> {
        if name == SPANNED {
            visitor.visit_seq(Spanned { scalar: self, next: 0 })
        } else {
            visitor.visit_newtype_struct(self)
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, GiveUp> {
        visitor.visit_enum(IntoDeserializer::<GiveUp>::into_deserializer(self.text))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct seq tuple tuple_struct map struct identifier ignored_any
    }
}

/// A map's entries.
struct Entries<'a> {
    entries: std::vec::IntoIter<(Scalar<'a>, Node<'a>)>,
    value: Option<Node<'a>>,
}

impl<'de> MapAccess<'de> for Entries<'de> {
    type Error = GiveUp;
    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, GiveUp> {
        let Some((key, value)) = self.entries.next() else {
            return Ok(None);
        };
        self.value = Some(value);
        seed.deserialize(key).map(Some)
    }
    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, GiveUp> {
        seed.deserialize(self.value.take().ok_or(GiveUp)?)
    }
}

/// A list's items.
struct Items<'a>(std::vec::IntoIter<Scalar<'a>>);

impl<'de> SeqAccess<'de> for Items<'de> {
    type Error = GiveUp;
    fn next_element_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<Option<S::Value>, GiveUp> {
        self.0.next().map(|item| seed.deserialize(item)).transpose()
    }
}

/// What [`Quick::spanned`] reads: the span's start and end, then the value.
struct Spanned<'a> {
    scalar: Scalar<'a>,
    next: u8,
}

impl<'de> SeqAccess<'de> for Spanned<'de> {
    type Error = GiveUp;
    fn next_element_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<Option<S::Value>, GiveUp> {
        let s = self.scalar;
        self.next += 1;
        match self.next {
            1 => seed.deserialize(s.at.into_deserializer()).map(Some),
            2 => seed.deserialize(s.end.into_deserializer()).map(Some),
            3 => seed.deserialize(s).map(Some),
            _ => Ok(None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::incident::RawIncident;
    use crate::content::maintenance::RawMaintenance;
    use crate::content::raw::{Yaml, from_yaml};
    use crate::content::translation::RawTranslation;

    #[test]
    fn special_finds_what_the_searches_it_replaced_found() {
        let before = |t: &str| t.contains(": ") || t.contains(" #") || t.chars().any(unusual);
        for t in [
            "API errors",
            "a: b",
            "a:b",
            "a :b",
            "a #b",
            "a#b",
            "#a",
            "a:",
            "a: ",
            "tab\there",
            "bell\u{7}",
            "del\u{7f}",
            "Café: open",
            "Café #1",
            "Café\u{85}",
            "Café\u{2028}",
            "naïve",
            "",
            " ",
            ":",
            "::  ##",
        ] {
            assert_eq!(special(t), before(t), "{t:?}");
        }
    }

    /// What both readers make of `doc` as a `Raw`: the quick reader's result, if it took the
    /// document, and the YAML parser's, both as `Debug` text (values with their spans).
    fn both<Q, Y>(doc: &str) -> (Option<String>, Result<String, String>)
    where
        Q: DeserializeOwned + fmt::Debug,
        Y: DeserializeOwned + fmt::Debug,
    {
        let quick = read::<Q>(doc).map(|q| format!("{q:?}"));
        let yaml = from_yaml::<Y>("a.md", doc, doc, 0)
            .map(|y| format!("{y:?}"))
            .map_err(|d| d.message);
        (quick, yaml)
    }

    /// Each raw type, read by both: where the quick reader takes a document, the YAML parser
    /// reads the same values at the same spans. Returns whether the quick reader took it.
    fn agree(doc: &str) -> bool {
        let checks = [
            both::<RawIncident<Quick>, RawIncident<Yaml>>(doc),
            both::<RawMaintenance<Quick>, RawMaintenance<Yaml>>(doc),
            both::<RawTranslation<Quick>, RawTranslation<Yaml>>(doc),
        ];
        let mut took = false;
        for (quick, yaml) in checks {
            if let Some(q) = quick {
                took = true;
                assert_eq!(Ok(q), yaml, "the readers differ on:\n{doc}");
            }
        }
        took
    }

    const INCIDENT: &str = "title: Sign-in failures for SSO users (EU)\nimpact: major\nstarted: 2026-07-27T09:46:00Z\nresolved: 2026-07-27T10:33:00+02:00\ndraft: false\ncomponents:\n  auth: partial_outage\n  web.eu: degraded_performance\n\n  api_v2: major_outage\n";

    #[test]
    fn takes_the_common_front_matter_and_reads_it_as_yaml_does() {
        assert!(agree(INCIDENT));
        assert!(agree(
            "title: Ünïcödé — 5xx errors, it's \"bad\" 100% of the time\nstarted: 2026-07-27T09:46:00Z\n"
        ));
        assert!(agree(
            "title: Maintenance 0\nscheduled_for: 2022-11-19T11:06:40Z\nscheduled_until: 2022-11-19T13:06:40Z\ncomponents: [c45,  db-eu , web_2]\nauto_complete: false\nemergency: true\ncancelled: The vendor postponed it\n"
        ));
        assert!(agree(
            "title: x\nscheduled_for: 2022-11-19T11:06:40Z\nscheduled_until: 2022-11-19T13:06:40Z\ncomponents: []\n"
        ));
        assert!(agree("title: Just a translated title"));
        assert!(agree(
            "title: \"Informational: change to API rate limits #2\"\nstarted: 2026-07-27T09:46:00Z\ndraft: false\n"
        ));
        assert!(agree(
            "title: ' spaces kept, \"true\" '\nstarted: 2026-07-27T09:46:00Z\n"
        ));
        // Quoted, `true` is a reason for the cancellation, not a yes.
        let notice = "title: x\nscheduled_for: 2022-11-19T11:06:40Z\nscheduled_until: 2022-11-19T13:06:40Z\n";
        assert!(agree(&format!("{notice}cancelled: \"true\"\n")));
        assert!(agree(&format!("{notice}cancelled: true\n")));
        // Every raw type takes it, or gives up: a typo in a key is the YAML parser's to report.
        let typo = INCIDENT.replace("impact:", "impcat:");
        assert!(!agree(&typo));
        assert!(from_yaml::<RawIncident<Yaml>>("a.md", &typo, &typo, 0).is_err());
    }

    #[test]
    fn gives_up_on_anything_else() {
        for doc in [
            "title: \"an \\\"escape\\\"\"\nstarted: 2026-07-27T09:46:00Z\n",
            "title: \"a\\tb\"\nstarted: 2026-07-27T09:46:00Z\n",
            "title: 'it''s'\nstarted: 2026-07-27T09:46:00Z\n",
            "title: \"unterminated\nstarted: 2026-07-27T09:46:00Z\n",
            "title: \"two\n  lines\"\nstarted: 2026-07-27T09:46:00Z\n",
            "title: \"a\" b\nstarted: 2026-07-27T09:46:00Z\n",
            "# a comment\ntitle: x\nstarted: 2026-07-27T09:46:00Z\n",
            "title: x # a comment\nstarted: 2026-07-27T09:46:00Z\n",
            "title: x\r\nstarted: 2026-07-27T09:46:00Z\r\n",
            "title:\tx\nstarted: 2026-07-27T09:46:00Z\n",
            "title: 404\nstarted: 2026-07-27T09:46:00Z\n",
            "title: yes\nstarted: 2026-07-27T09:46:00Z\n",
            "title: ~\nstarted: 2026-07-27T09:46:00Z\n",
            "title:\nstarted: 2026-07-27T09:46:00Z\n",
            "title: x\ntitle: y\nstarted: 2026-07-27T09:46:00Z\n",
            "title: a: b\nstarted: 2026-07-27T09:46:00Z\n",
            "title: x \nstarted: 2026-07-27T09:46:00Z\n",
            "title: x\n  continued\nstarted: 2026-07-27T09:46:00Z\n",
            "title: &a x\nstarted: *a\n",
            "title: !!str x\nstarted: 2026-07-27T09:46:00Z\n",
            "title: x\nstarted: 2026-07-27T09:46:00Z\ncomponents:\n  - api\n",
            "title: x\nstarted: 2026-07-27T09:46:00Z\ncomponents:\n  api: operational\n   web: operational\n",
            "title: x\nstarted: 2026-07-27T09:46:00Z\ncomponents: {api: operational}\n",
            "title: x\nstarted: 2026-07-27T09:46:00Z\ndraft: True\n",
            "title: x\u{2028}y\nstarted: 2026-07-27T09:46:00Z\n",
        ] {
            assert!(!agree(doc), "took:\n{doc}");
        }
        // Past the YAML parser's own limits: an implicit key longer than 1,024 characters, and
        // more nodes than its budget allows, both errors there.
        let base = "title: x\nstarted: 2026-07-27T09:46:00Z\n";
        let long_key = format!("{base}components:\n  {}: major_outage\n", "a".repeat(1025));
        let many = format!("{base}components: [{}]\n", vec!["a"; 260_000].join(","));
        for doc in [long_key, many] {
            assert!(!agree(&doc), "took a document of {} bytes", doc.len());
            assert!(from_yaml::<RawIncident<Yaml>>("a.md", &doc, &doc, 0).is_err());
        }
    }

    /// Every Markdown file of the project (the demo's reports, the fixture sites, the bad inputs
    /// of the tests): where the quick reader takes one, the YAML parser reads it the same way.
    #[test]
    fn agrees_with_the_yaml_parser_on_every_file_of_the_project() {
        let (mut seen, mut took) = (0, 0);
        for text in crate::content::project_markdown() {
            let Ok(split) = crate::content::frontmatter::split("a.md", &text) else {
                continue;
            };
            if split.format == crate::content::frontmatter::Format::Yaml {
                seen += 1;
                took += usize::from(agree(split.front));
            }
        }
        assert!(seen > 50 && took * 2 > seen, "took {took} of {seen} files");
    }

    // Values any schema reads as strings (or booleans), then odd ones, picked less often.
    const PLAIN: &[&str] = &[
        "x",
        "Outage",
        "Added",
        "5xx errors",
        "2026-07-27T09:46:00Z",
        "2026-07-27T09:46:00+02:00",
        "true",
        "false",
        "partial_outage",
        "degraded_performance",
        "é titre",
        "a#b",
        "a:b",
        "q'",
        "x-",
        "a  b",
        "[a, b]",
        "[]",
        "[a,b ]",
        "[c45]",
        "Europe/Berlin",
        "\"a: b # c\"",
        "'a: b'",
        "\"true\"",
        "'false'",
        "\"404\"",
        "'2026-07-27'",
        "\"\"",
        "''",
        "\" x \"",
        "\"it's\"",
        "'say \"hi\"'",
        "\"[a]\"",
    ];
    const ODD: &[&str] = &[
        "2026-07-27",
        "12:30",
        "1e5",
        "0x1F",
        "0o17",
        "+1",
        "-1",
        ".5",
        "1_000",
        "TRUE",
        "yes",
        "No",
        "on",
        "null",
        "~",
        "nan",
        ".inf",
        "a: b",
        "a #b",
        "-x",
        "'q''s'",
        "\"q\\\"\"",
        "\"q\\n\"",
        "\"q",
        "'q\" x",
        "[a, 'b']",
        "[1, 2]",
        "{a}",
        "&a x",
        "*a",
        "!t x",
        "%x",
        "@x",
        "`x",
        "?x",
        ":x",
        "x:",
        "| x",
        "> x",
        "a, b",
        "a ]",
        "a {b}",
        "",
        "5",
    ];
    const KEYS: [&str; 13] = [
        "title",
        "impact",
        "started",
        "resolved",
        "draft",
        "scheduled_until",
        "components",
        "emergency",
        "auto_complete",
        "cancelled",
        "timezone",
        "recurrence",
        "announced",
    ];

    /// Documents put together from pieces, many of them odd: wherever the quick reader takes
    /// one, the YAML parser reads it the same way. A reader that took too much, or put a span
    /// in the wrong place, fails here.
    #[test]
    fn agrees_with_the_yaml_parser_on_generated_documents() {
        let mut rng = fastrand::Rng::with_seed(20);
        let value = |rng: &mut fastrand::Rng| match rng.u8(..4) {
            0 => ODD[rng.usize(..ODD.len())],
            _ => PLAIN[rng.usize(..PLAIN.len())],
        };
        let mut took = 0;
        for _ in 0..20_000 {
            // Half start with what an incident or a notice needs, so that many are read at all.
            let mut doc = match rng.u8(..4) {
                0 => "title: x\nstarted: 2026-07-27T09:46:00Z\n".to_owned(),
                1 => "scheduled_for: 2022-11-19T11:06:40Z\nscheduled_until: 2022-11-19T13:06:40Z\n".to_owned(),
                _ => String::new(),
            };
            let mut keys = KEYS;
            rng.shuffle(&mut keys);
            for key in &keys[..rng.usize(1..5)] {
                if rng.u8(..6) == 0 {
                    doc.push_str(&format!("{key}:\n"));
                    let indent = " ".repeat(rng.usize(1..4));
                    for _ in 0..rng.usize(0..3) {
                        let k = ["api", "web", "c1", "true", "x y", "1", "db-eu"][rng.usize(..7)];
                        doc.push_str(&format!("{indent}{k}: {}\n", value(&mut rng)));
                    }
                } else {
                    doc.push_str(&format!("{key}: {}\n", value(&mut rng)));
                }
                if rng.u8(..8) == 0 {
                    doc.push('\n');
                }
            }
            if agree(&doc) {
                took += 1;
            }
        }
        // The generator must reach documents the quick reader takes, or this checks nothing.
        assert!(took > 200, "only {took} generated documents were taken");
    }
}
