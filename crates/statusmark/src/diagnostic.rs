//! Problems in an author's files, reported the way a compiler does: path, line and column in the
//! file itself, the offending line with a caret, and a help line. Collected, never thrown.

use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem at one place.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Path relative to the site root, with `/` separators.
    pub path: String,
    /// 1-based; 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based, in characters.
    pub column: usize,
    pub message: String,
    pub help: Option<String>,
    /// The text of `line`, for the snippet.
    pub source_line: Option<String>,
}

impl Diagnostic {
    pub fn error(path: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            path: path.into(),
            line: 0,
            column: 0,
            message: message.into(),
            help: None,
            source_line: None,
        }
    }

    pub fn warning(path: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(path, message)
        }
    }

    /// Point at a byte offset in `text` (the whole file).
    pub fn at_offset(mut self, text: &str, offset: usize) -> Self {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
        self.line = text[..line_start].matches('\n').count() + 1;
        self.column = text[line_start..offset].chars().count() + 1;
        let line_end = text[line_start..].find('\n').map_or(text.len(), |i| line_start + i);
        self.source_line = Some(text[line_start..line_end].trim_end_matches('\r').to_owned());
        self
    }

    /// Point at a 1-based line and column in `text` (the whole file).
    pub fn at_line(mut self, text: &str, line: usize, column: usize) -> Self {
        self.line = line;
        self.column = column.max(1);
        self.source_line = text
            .lines()
            .nth(line.saturating_sub(1))
            .map(|l| l.trim_end_matches('\r').to_owned());
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        writeln!(f, "{kind}: {}", self.message)?;
        if self.line == 0 {
            writeln!(f, "  --> {}", self.path)?;
        } else {
            writeln!(f, "  --> {}:{}:{}", self.path, self.line, self.column)?;
        }
        if let Some(src) = &self.source_line {
            let num = self.line.to_string();
            let pad = " ".repeat(num.len());
            // Control characters would garble the terminal; show them escaped.
            let shown: String = src
                .chars()
                .flat_map(|c| {
                    if c.is_control() && c != '\t' {
                        c.escape_default().collect::<Vec<_>>()
                    } else {
                        vec![c]
                    }
                })
                .collect();
            writeln!(f, "{pad} |")?;
            writeln!(f, "{num} | {shown}")?;
            writeln!(f, "{pad} | {}^", " ".repeat(self.column.saturating_sub(1)))?;
        }
        if let Some(help) = &self.help {
            writeln!(f, "  = help: {help}")?;
        }
        Ok(())
    }
}

/// Levenshtein distance, for "did you mean" suggestions on short identifiers.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != *cb)).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// The closest candidate within a distance that makes a typo plausible.
pub fn suggest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    // Short ids need a closer match: two edits turn any 3-letter word into many others.
    let len = word.chars().count();
    let limit = if len <= 3 { 1 } else { len / 3 + 1 };
    candidates
        .into_iter()
        .map(|c| (edit_distance(word, c), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, c)| (*d, *c))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_path_line_column_caret_and_help() {
        let text = "---\ntitle: x\ncomponents:\n  apii: major_outage\n---\n";
        let offset = text.find("apii").unwrap();
        let d = Diagnostic::error("incidents/a.md", "unknown component \"apii\"")
            .at_offset(text, offset)
            .with_help("did you mean \"api\"?");
        assert_eq!(
            d.to_string(),
            "error: unknown component \"apii\"\n  --> incidents/a.md:4:3\n  |\n4 |   apii: major_outage\n  |   ^\n  = help: did you mean \"api\"?\n"
        );
    }

    #[test]
    fn suggestions_are_close_or_nothing() {
        assert_eq!(suggest("apii", ["api", "web", "database"]), Some("api"));
        assert_eq!(suggest("severty", ["severity", "title"]), Some("severity"));
        assert_eq!(suggest("zzzzzz", ["api", "web"]), None);
        assert_eq!(suggest("dbb", ["api", "web"]), None);
        assert_eq!(suggest("ap", ["api", "web"]), Some("api"));
    }

    #[test]
    fn offsets_inside_multibyte_characters_do_not_panic() {
        let text = "é—x";
        let d = Diagnostic::error("f", "m").at_offset(text, 1);
        assert_eq!((d.line, d.column), (1, 1));
    }
}
