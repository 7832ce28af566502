//! Messages without arguments folded into the templates of one language when its environment is
//! made: `{{ t("crumb-incident") }}` becomes `{{ "Incident" }}`, the message's text as a string
//! literal, which the template writes and escapes at render time as it wrote and escaped the
//! call's result (HTML, JSON or nothing, as the template is escaped where it is shown). A page of
//! the default theme calls `t` about ten times, each a look-up of `t` through the template's
//! scopes and a call, on every one of 10,000 pages: 4 % of a build's instructions at N = 10,000
//! (BENCHMARKS.md, "Twentieth sitting"). Owns nothing else: `t` itself, with arguments or in an
//! expression, is [`super::views`]'.
//!
//! Only the exact form `{{ t("id") }}` is folded, only for messages the language has whose text
//! has no `{`, `}` or line break (it becomes template source, and must not move the lines an
//! error points at), and not in a template with a `raw` block, whose text is kept as it is
//! written. Nothing is folded in a theme where any template declares a `t` of its own (`set`,
//! `for`, a macro's parameter, `import … as t`, …): a macro or an include runs where another
//! template's `t` may be the one in scope. Such a theme keeps its calls, which work as before.

use std::borrow::Cow;

use crate::i18n::Language;

const OPEN: &str = "{{ t(\"";
const CLOSE: &str = "\") }}";

/// `source` with its argument-free messages in `lang` folded in, for a theme where
/// [`foldable`] holds.
pub fn fold<'s>(lang: &Language, source: &'s str) -> Cow<'s, str> {
    if !source.contains(OPEN) || has_tag(source, "raw") {
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
                .map(|text| (literal(&text), end + CLOSE.len()))
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

/// `{{ "text" }}`: the text as a minijinja string literal, in an expression of its own.
fn literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    out.push_str("{{ \"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c => out.push(c),
        }
    }
    out.push_str("\" }}");
    out
}

/// Whether no template of a theme (`sources`) declares a `t` of its own, so that `t` is the global
/// everywhere.
pub fn foldable<'a>(mut sources: impl Iterator<Item = &'a str>) -> bool {
    !sources.any(declares_t)
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

/// Whether a tag of `source` names `t` other than to call it: a macro named `t`, and any word `t`
/// in a `{% … %}` not followed by `(` (`{% set t`, `{% for x, t in`, `{% macro row(t) %}`,
/// `{% with a = 1, t = 2 %}`, `{% call(t) %}`, `… as t`, `{% from … import t %}`), in a string
/// literal too. Erring that way only keeps calls.
fn declares_t(source: &str) -> bool {
    declares(source, "t")
}

/// Whether a tag of `source` may declare `name` ([`declares_t`]'s rule for any name): a macro
/// named so, or the word anywhere in a `{% … %}` but before a `(`. Errs towards yes: a tag that
/// only reads the name counts too.
pub fn declares(source: &str, name: &str) -> bool {
    source.match_indices("{%").any(|(at, _)| {
        let tag = source[at + 2..].split("%}").next().unwrap_or("");
        let mut words = tag
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .filter(|w| !w.is_empty());
        if words.next() == Some("macro") && words.next() == Some(name) {
            return true;
        }
        let bytes = tag.as_bytes();
        let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
        tag.match_indices(name).any(|(i, _)| {
            let before = i.checked_sub(1).map(|j| bytes[j]);
            let after = i + name.len();
            let alone = !before.is_some_and(word) && !bytes.get(after).copied().is_some_and(word);
            alone && !tag[after..].trim_start().starts_with('(')
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn english() -> &'static Language {
        crate::i18n::language("en").unwrap()
    }

    #[test]
    fn argument_free_messages_become_literals_escaped_where_they_are_shown() {
        let lang = english();
        let source = r#"<a>{{ t("breadcrumb") }}</a> {{ t("meta-description", site=site.title) }}"#;
        let text = lang.try_text("breadcrumb", &[]).unwrap();
        assert_eq!(
            fold(lang, source),
            format!(r#"<a>{{{{ "{text}" }}}}</a> {{{{ t("meta-description", site=site.title) }}}}"#)
        );
        // Rendered, the literal reads as the call did, in HTML and unescaped alike.
        let mut env = minijinja::Environment::new();
        env.add_function("t", |_: &str| "<a & \"b\">".to_owned());
        for name in ["page.html", "mail.txt"] {
            let call = env.render_named_str(name, r#"{{ t("x") }}"#, ()).unwrap();
            let literal = env.render_named_str(name, &super::literal("<a & \"b\">"), ()).unwrap();
            assert_eq!(call, literal, "{name}");
        }
        assert_eq!(super::literal(r#"a "q" \ b"#), r#"{{ "a \"q\" \\ b" }}"#);
    }

    #[test]
    fn folding_leaves_calls_it_cannot_be_sure_of() {
        let lang = english();
        for source in [
            // A message the language does not have: the call fails at render time, as before.
            r#"{{ t("no-such-message") }}"#,
            // Another form: whitespace control, single quotes, a filter.
            r#"{{- t("breadcrumb") }}{{ t('breadcrumb') }}{{ t("breadcrumb")|upper }}"#,
            // Text kept as it is written.
            r#"{%- raw %}{{ t("breadcrumb") }}{% endraw %}"#,
        ] {
            assert_eq!(fold(lang, source), source, "{source}");
        }
    }

    #[test]
    fn a_theme_that_declares_a_t_of_its_own_is_not_folded() {
        for declares in [
            r#"{% set t = "x" %}"#,
            r#"{% macro t(id) %}{{ id }}{% endmacro %}"#,
            r#"{% macro row(t) %}{% endmacro %}"#,
            r#"{% macro row(x, t=1) %}{% endmacro %}"#,
            r#"{% for k, t in pairs %}{% endfor %}"#,
            r#"{% with a = 1, t = 2 %}{% endwith %}"#,
            r#"{% call(t) row() %}{% endcall %}"#,
            r#"{% from "m.html" import x as t %}"#,
            r#"{% import "m.html" as t %}"#,
            r#"{%- set t -%}x{%- endset %}"#,
        ] {
            assert!(
                !foldable([r#"{{ t("breadcrumb") }}"#, declares].into_iter()),
                "{declares}"
            );
        }
        for calls in [
            r#"{% set x = t("a") %}"#,
            r#"{%- for label, m in [(t("a"), 1)] %}{% endfor %}"#,
            r#"{% if items %}{% set total = 3 %}{% endif %}"#,
        ] {
            assert!(foldable([calls].into_iter()), "{calls}");
        }
    }

    /// Every call of the default theme's templates that can be folded is, on the line it was on.
    /// (That pages read the same folded is what the fixture sites' snapshots check.)
    #[test]
    fn the_default_theme_has_its_calls_folded_in_place() {
        let theme = crate::theme::Theme::load(std::path::Path::new("/nonexistent")).unwrap();
        let templates: Vec<(&str, &str)> = theme.templates().collect();
        assert!(foldable(templates.iter().map(|(_, text)| *text)));
        for lang in ["en", "de"].map(|code| crate::i18n::language(code).unwrap()) {
            let mut folded_any = false;
            for (name, text) in &templates {
                let folded = fold(lang, text);
                folded_any |= folded != *text;
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
