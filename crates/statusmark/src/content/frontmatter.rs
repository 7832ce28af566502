//! Splitting a Markdown file into its front matter (YAML between `---` lines or TOML between `+++`
//! lines) and its body, keeping the byte offsets so every later diagnostic can point into the file.

use crate::diagnostic::Diagnostic;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Yaml,
    Toml,
}

/// A file split in two; offsets are into the whole file's text.
#[derive(Debug, PartialEq, Eq)]
pub struct Split<'a> {
    pub format: Format,
    /// The front matter's text, without its fences.
    pub front: &'a str,
    /// Byte offset of `front` in the file.
    pub front_offset: usize,
    /// 1-based line of the first front-matter line in the file.
    pub front_line: usize,
    pub body: &'a str,
    /// Byte offset of `body` in the file.
    pub body_offset: usize,
}

/// Split `text` (already stripped of a BOM by the reader). CRLF line endings are accepted.
pub fn split<'a>(path: &str, text: &'a str) -> Result<Split<'a>, Diagnostic> {
    if text.trim().is_empty() {
        return Err(Diagnostic::error(path, "the file is empty").with_help(
            "an incident starts with front matter between `---` lines: title, impact, started, components",
        ));
    }
    let first_line_end = text.find('\n').map_or(text.len(), |i| i + 1);
    let fence = text[..first_line_end].trim_end();
    let format = match fence {
        "---" => Format::Yaml,
        "+++" => Format::Toml,
        _ => {
            return Err(Diagnostic::error(path, "missing front matter")
                .at_line(text, 1, 1)
                .with_help("the file must begin with a `---` line, then YAML keys (title, impact, started, …), then another `---` line"));
        }
    };
    let mut pos = first_line_end;
    while pos < text.len() {
        // By `memchr`: `find` with a `char` was 0.5 % of a build's instructions.
        let end = memchr::memchr(b'\n', &text.as_bytes()[pos..]).map_or(text.len(), |i| pos + i + 1);
        if text[pos..end].trim_end() == fence {
            return Ok(Split {
                format,
                front: &text[first_line_end..pos],
                front_offset: first_line_end,
                front_line: 2,
                body: &text[end..],
                body_offset: end,
            });
        }
        pos = end;
    }
    Err(Diagnostic::error(
        path,
        format!("front matter is not closed: no line `{fence}` after the first"),
    )
    .at_line(text, 1, 1)
    .with_help(format!(
        "add a line with only `{fence}` after the last front-matter key"
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_yaml_and_toml_with_offsets() {
        let text = "---\ntitle: x\n---\nbody\n";
        let s = split("f", text).unwrap();
        assert_eq!(
            (s.format, s.front, s.body, s.body_offset),
            (Format::Yaml, "title: x\n", "body\n", 17)
        );
        let text = "+++\r\ntitle = 'x'\r\n+++\r\nbody";
        let s = split("f", text).unwrap();
        assert_eq!((s.format, s.front, s.body), (Format::Toml, "title = 'x'\r\n", "body"));
    }

    #[test]
    fn errors_name_the_fix() {
        let cases = [
            ("", "the file is empty"),
            ("  \n", "the file is empty"),
            ("title: x\n", "missing front matter"),
            ("---\ntitle: x\n", "front matter is not closed"),
            ("+++\ntitle = 1\n---\n", "front matter is not closed"),
        ];
        for (text, want) in cases {
            let err = split("f", text).unwrap_err();
            assert!(err.message.starts_with(want), "{text:?}: {}", err.message);
            assert!(err.help.is_some());
        }
    }
}
