//! Deserialising author files into raw types, turning parser errors into diagnostics that point
//! into the file, with "did you mean" help for unknown keys.

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
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
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
    let (message, help, key) = explain(message);
    // An unknown key is best pointed at by name: parsers often point at the enclosing map.
    let offset = match (&key, at) {
        (Some(key), _) if find_key(doc, key).is_some() => find_key(doc, key),
        (_, Where::Offset(o)) => Some(o),
        (_, Where::LineColumn(line, col)) => Some(line_col_offset(doc, line, col)),
        (_, Where::Unknown) => None,
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

/// Rewrite serde's wording into an author's: returns (message, help, key to point at).
fn explain(message: &str) -> (String, Option<String>, Option<String>) {
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
        return (format!("unknown key \"{key}\""), Some(help), Some(key));
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let key = rest.split('`').next().unwrap_or_default();
        return (
            format!("missing key \"{key}\""),
            Some(format!("add the required key `{key}`")),
            None,
        );
    }
    // Structural mistakes: say what shape was expected, in the author's terms.
    if let Some(rest) = message.strip_prefix("duplicate mapping key: ") {
        let key = rest.split(',').next().unwrap_or(rest).trim().to_owned();
        return (
            format!("duplicate key \"{key}\""),
            Some("each key may appear once; remove this line or merge it with the first".to_owned()),
            None,
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
    (message.to_owned(), help.map(str::to_owned), None)
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

/// The byte offset of `key` where it is used as a key (`key:` or `key =`) in a document.
pub fn find_key(doc: &str, key: &str) -> Option<usize> {
    let mut offset = 0;
    for line in doc.split_inclusive('\n') {
        let trimmed = line.trim_start().trim_start_matches("- ");
        let indent = line.len() - trimmed.len();
        let unquoted = trimmed.trim_start_matches(['"', '\'']);
        if let Some(after) = unquoted.strip_prefix(key) {
            let after = after.trim_start_matches(['"', '\'']).trim_start();
            if after.starts_with(':') || after.starts_with('=') {
                return Some(offset + indent + (trimmed.len() - unquoted.len()));
            }
        }
        offset += line.len();
    }
    None
}

/// The byte offset of `value` on the line of `key` (or of the key, or of the document start).
pub fn find_value(doc: &str, key: &str, value: &str) -> usize {
    let Some(k) = find_key(doc, key) else { return 0 };
    let line_end = doc[k..].find('\n').map_or(doc.len(), |i| k + i);
    doc[k..line_end].find(value).map_or(k, |i| k + i)
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
        let file = "---\ntitle: x\nsev: [unclosed\n---\n";
        let d = from_yaml::<T>("a.md", file, &file[4..file.len() - 4], 4).unwrap_err();
        assert!(d.line >= 3, "{d}");
    }
}
