//! Messages without arguments folded into the templates of one language when its environment is
//! made: `{{ t("crumb-incident") }}` becomes the message's text, escaped as the call's output
//! would have been. A page of the default theme calls `t` about ten times, each a look-up of `t`
//! through the template's scopes, a call and an escape of the same text on every one of
//! 10,000 pages: folding them took 4 % off a build's instructions at N = 10,000 (BENCHMARKS.md,
//! "Twentieth sitting"). Owns nothing else: `t` itself, with arguments or in an expression, is
//! [`super::views`]'.
//!
//! Folding changes nothing a page shows, so it is careful where it could: only the exact form
//! `{{ t("id") }}` is folded, only in templates escaped as HTML, only messages the language has
//! whose text has no `{`, `}` or line break (it becomes template source, and must not move the
//! lines an error points at), and never in a template that may not mean the global `t` there or
//! not want its output escaped: one that declares a `t` of its own, or has a `raw` or
//! `autoescape` block. Such a template keeps its calls, which work as before.

use std::borrow::Cow;

use crate::i18n::Language;

const OPEN: &str = "{{ t(\"";
const CLOSE: &str = "\") }}";

/// `source` (the template `name`) with its argument-free messages in `lang` folded in.
pub fn fold<'s>(lang: &Language, name: &str, source: &'s str) -> Cow<'s, str> {
    if !source.contains(OPEN) || !foldable(name, source) {
        return Cow::Borrowed(source);
    }
    let mut out = String::with_capacity(source.len());
    let mut rest = source;
    while let Some(at) = rest.find(OPEN) {
        out.push_str(&rest[..at]);
        let after = &rest[at + OPEN.len()..];
        let folded = after.find(CLOSE).and_then(|end| {
            let id = &after[..end];
            let plain = id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
            plain
                .then(|| lang.try_text(id, &[]))
                .flatten()
                .filter(|text| !text.contains(['{', '}', '\n', '\r']))
                .map(|text| (crate::markdown::escape_html(&text), end + CLOSE.len()))
        });
        match folded {
            Some((text, used)) => {
                out.push_str(&text);
                rest = &after[used..];
            }
            None => {
                out.push_str(OPEN);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// Whether `t` in the template is the global one and its output is escaped as HTML throughout.
fn foldable(name: &str, source: &str) -> bool {
    if minijinja::default_auto_escape_callback(name) != minijinja::AutoEscape::Html {
        return false;
    }
    if source.contains("autoescape") || has_tag(source, "raw") {
        return false;
    }
    // A template that declares `t` (`set`, `for`, `macro`, `import … as t`) does not have it among
    // the variables it takes from outside; one that fails to compile keeps its text, and its
    // error, as it is.
    let env = minijinja::Environment::new();
    env.template_from_named_str(name, source)
        .is_ok_and(|t| t.undeclared_variables(false).contains("t") && !declares_t(source))
}

/// Whether a block tag named `tag` opens somewhere in `source` (`{% raw %}`, `{%- raw -%}`).
fn has_tag(source: &str, tag: &str) -> bool {
    source.match_indices("{%").any(|(at, _)| {
        let inner = source[at + 2..].trim_start_matches(['-', '+', ' ', '\t', '\r', '\n']);
        inner
            .strip_prefix(tag)
            .is_some_and(|r| r.starts_with([' ', '\t', '\r', '\n', '-', '+', '%']))
    })
}

/// Whether a tag of `source` names `t` as what it declares: `{% set t`, `{% for x, t in`,
/// `{% with t = `, `{% macro t(`, `{% call(t) `, `{% import … as t`, `{% from … import t`. Scopes are
/// not worked out: a `t` declared in any scope keeps the whole template's calls.
fn declares_t(source: &str) -> bool {
    let names = |text: &str| {
        text.split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .any(|w| w == "t")
    };
    source.match_indices("{%").any(|(at, _)| {
        let tag = source[at + 2..].split("%}").next().unwrap_or("");
        let tag = tag.trim_matches(['-', '+', ' ', '\t', '\r', '\n']);
        let (keyword, rest) = tag.split_once(char::is_whitespace).unwrap_or((tag, ""));
        let before = |stops: &[char]| rest.split(stops).next().unwrap_or("");
        match keyword {
            "for" => names(rest.split(" in ").next().unwrap_or("")),
            "set" | "with" => names(before(&['=', '|'])),
            "macro" => names(before(&['('])),
            "import" | "from" => {
                rest.split_once("import").map_or(names(rest), |(_, n)| names(n)) || rest.contains(" as t")
            }
            _ if keyword.starts_with("call") => names(tag.split(')').next().unwrap_or("")),
            _ => false,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn english() -> &'static Language {
        crate::i18n::language("en").unwrap()
    }

    #[test]
    fn argument_free_messages_are_folded_escaped_as_the_call_would_write_them() {
        let lang = english();
        let source = r#"<a>{{ t("breadcrumb") }}</a> {{ t("meta-description", site=site.title) }}"#;
        let folded = fold(lang, "page.html", source);
        assert_eq!(
            folded,
            format!(
                r#"<a>{}</a> {{{{ t("meta-description", site=site.title) }}}}"#,
                crate::markdown::escape_html(&lang.try_text("breadcrumb", &[]).unwrap())
            )
        );
    }

    #[test]
    fn folding_leaves_calls_it_cannot_be_sure_of() {
        let lang = english();
        for (name, source) in [
            // Not escaped as HTML.
            ("mail.txt", r#"{{ t("breadcrumb") }}"#),
            // A message the language does not have: the call fails at render time, as before.
            ("page.html", r#"{{ t("no-such-message") }}"#),
            // Another form: whitespace control, single quotes, a filter.
            (
                "page.html",
                r#"{{- t("breadcrumb") }}{{ t('breadcrumb') }}{{ t("breadcrumb")|upper }}"#,
            ),
            // Output left unescaped, or text kept literally.
            (
                "page.html",
                r#"{% autoescape false %}{{ t("breadcrumb") }}{% endautoescape %}"#,
            ),
            ("page.html", r#"{%- raw %}{{ t("breadcrumb") }}{% endraw %}"#),
            // A `t` of the template's own.
            ("page.html", r#"{% set t = "x" %}{{ t("breadcrumb") }}"#),
            (
                "page.html",
                r#"{% macro t(id) %}{{ id }}{% endmacro %}{{ t("breadcrumb") }}"#,
            ),
            (
                "page.html",
                r#"{% for k, t in pairs %}{% endfor %}{{ t("breadcrumb") }}"#,
            ),
            ("page.html", r#"{% from "m.html" import x as t %}{{ t("breadcrumb") }}"#),
            // Does not compile: its error is reported as it was.
            ("page.html", r#"{% if %}{{ t("breadcrumb") }}"#),
        ] {
            assert_eq!(fold(lang, name, source), source, "{name}: {source}");
        }
    }

    /// Every call of the default theme's templates that can be folded is, on the line it was on.
    /// (That pages read the same folded is what the fixture sites' snapshots check.)
    #[test]
    fn the_default_theme_has_its_calls_folded_in_place() {
        let theme = crate::theme::Theme::load(std::path::Path::new("/nonexistent")).unwrap();
        for lang in ["en", "de"].map(|code| crate::i18n::language(code).unwrap()) {
            let mut folded_any = false;
            for (path, bytes) in &theme.files {
                let (Some(name), Ok(text)) = (path.strip_prefix("templates/"), std::str::from_utf8(bytes)) else {
                    continue;
                };
                let folded = fold(lang, name, text);
                folded_any |= folded != text;
                assert_eq!(folded.lines().count(), text.lines().count(), "{name}");
                let kept = folded.match_indices(OPEN).find(|(at, _)| {
                    let after = &folded[at + OPEN.len()..];
                    after.find(CLOSE).is_some_and(|end| !after[..end].contains(['"', '(']))
                });
                assert_eq!(kept, None, "{name} kept an argument-free call");
            }
            assert!(folded_any);
        }
    }
}
