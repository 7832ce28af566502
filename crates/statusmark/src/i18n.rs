//! The language of a site: its messages from a Fluent catalog (`locales/<code>.ftl`, embedded in
//! the binary) with the language's plural rules, and its dates and numbers from CLDR's data
//! through ICU4X. Every string a page shows comes through a [`Language`]; templates reach it as
//! `t("message-id", name=value, …)`.

use std::cell::RefCell;
use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use icu_calendar::{Date, Gregorian};
use icu_datetime::FixedCalendarDateTimeFormatter;
use icu_datetime::fieldsets::{M, MD, T, YM, YMD};
use icu_datetime::input::{DateTime, Time};
use icu_datetime::options::TimePrecision;
use icu_decimal::DecimalFormatter;
use icu_decimal::input::Decimal;
use icu_locale_core::Locale;

/// The languages Statusmark ships, English first; each has `locales/<code>.ftl`.
pub use statusmark_feed::text::LANGUAGES;

/// The catalogs, as shipped.
pub const CATALOGS: [(&str, &str); 5] = [
    ("en", include_str!("../locales/en.ftl")),
    ("de", include_str!("../locales/de.ftl")),
    ("fr", include_str!("../locales/fr.ftl")),
    ("es", include_str!("../locales/es.ftl")),
    ("ja", include_str!("../locales/ja.ftl")),
];

/// A value for a message's placeholder: text, or a number (which also picks the plural form).
#[derive(Clone, Debug)]
pub enum Arg<'a> {
    Text(std::borrow::Cow<'a, str>),
    Number(i64),
}

impl<'a> From<&'a str> for Arg<'a> {
    fn from(s: &'a str) -> Self {
        Arg::Text(s.into())
    }
}

impl From<String> for Arg<'_> {
    fn from(s: String) -> Self {
        Arg::Text(s.into())
    }
}

impl From<i64> for Arg<'_> {
    fn from(n: i64) -> Self {
        Arg::Number(n)
    }
}

impl From<usize> for Arg<'_> {
    fn from(n: usize) -> Self {
        Arg::Number(i64::try_from(n).unwrap_or(i64::MAX))
    }
}

impl From<u32> for Arg<'_> {
    fn from(n: u32) -> Self {
        Arg::Number(n.into())
    }
}

/// One language: its catalog and its date and number formats.
pub struct Language {
    code: &'static str,
    /// Where `code` is in [`LANGUAGES`]: the memos' key for the language, cheaper to hash and
    /// compare than the code.
    index: usize,
    bundle: FluentBundle<FluentResource>,
    /// "Nov 20, 2026"
    date: FixedCalendarDateTimeFormatter<Gregorian, YMD>,
    /// "Nov 20"
    month_day: FixedCalendarDateTimeFormatter<Gregorian, MD>,
    /// "November 2026"
    month_year: FixedCalendarDateTimeFormatter<Gregorian, YM>,
    /// "Nov", a table's column
    month: FixedCalendarDateTimeFormatter<Gregorian, M>,
    /// "15:00", on a 24-hour clock in every language (as the sites always showed times).
    time: FixedCalendarDateTimeFormatter<Gregorian, T>,
    decimal: DecimalFormatter,
    /// The feed's states' names, each formatted at its first use (see [`Language::state`]).
    states: [[OnceLock<String>; STATE_SLOTS]; 4],
}

/// Room for each kind of state in [`Language::state`]'s tables (the most, incident statuses, has 7).
const STATE_SLOTS: usize = 8;

impl std::fmt::Debug for Language {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Language")
            .field("code", &self.code)
            .finish_non_exhaustive()
    }
}

/// The shipped language with this code (`"de"`), loaded once; `None` for a language not shipped.
pub fn language(code: &str) -> Option<&'static Language> {
    static LOADED: [OnceLock<Language>; 5] = [const { OnceLock::new() }; 5];
    let n = LANGUAGES.iter().position(|c| *c == code)?;
    let ftl = CATALOGS.iter().find(|(c, _)| *c == LANGUAGES[n])?.1;
    Some(LOADED[n].get_or_init(|| Language::load(n, ftl)))
}

/// English, the language of sites that name none.
pub fn english() -> &'static Language {
    language("en").unwrap_or_else(|| unreachable!("English is shipped"))
}

impl Language {
    /// Build the language at `index` in [`LANGUAGES`] from its catalog. Shipped catalogs are checked by the tests, so
    /// a syntax error here is a defect in the binary, reported as one.
    fn load(index: usize, ftl: &'static str) -> Language {
        let code = LANGUAGES[index];
        let resource = FluentResource::try_new(ftl.to_owned())
            .unwrap_or_else(|(_, errors)| panic!("the {code} catalog does not parse: {errors:?}"));
        let id: unic_langid::LanguageIdentifier = code
            .parse()
            .unwrap_or_else(|e| panic!("{code} is not a language identifier: {e}"));
        let mut bundle = FluentBundle::new_concurrent(vec![id]);
        // Pages are HTML in one direction: bidi isolation marks would only get in the way.
        bundle.set_use_isolating(false);
        if let Err(errors) = bundle.add_resource(resource) {
            panic!("the {code} catalog has duplicate messages: {errors:?}");
        }
        // Every site shows times on a 24-hour clock, English included.
        let locale: Locale = format!("{code}-u-hc-h23")
            .parse()
            .unwrap_or_else(|e| panic!("{code}: {e}"));
        let prefs = (&locale).into();
        let fail = |what: &str, e: &dyn std::fmt::Display| -> ! { panic!("{code}: no {what} format: {e}") };
        let date = FixedCalendarDateTimeFormatter::try_new(prefs, YMD::medium()).unwrap_or_else(|e| fail("date", &e));
        Language {
            code,
            index,
            bundle,
            month_day: month_day(prefs, &date).unwrap_or_else(|e| fail("month and day", &e)),
            date,
            month_year: FixedCalendarDateTimeFormatter::try_new(prefs, YM::long())
                .unwrap_or_else(|e| fail("month", &e)),
            month: FixedCalendarDateTimeFormatter::try_new(prefs, M::medium())
                .unwrap_or_else(|e| fail("month name", &e)),
            time: FixedCalendarDateTimeFormatter::try_new(
                prefs,
                T::medium().with_time_precision(TimePrecision::Minute),
            )
            .unwrap_or_else(|e| fail("time", &e)),
            decimal: DecimalFormatter::try_new((&locale).into(), Default::default())
                .unwrap_or_else(|e| fail("number", &e)),
            states: Default::default(),
        }
    }

    /// The language's code, as `<html lang>` takes it.
    pub fn code(&self) -> &'static str {
        self.code
    }

    /// Whether the catalog has this message.
    pub fn has(&self, id: &str) -> bool {
        self.bundle.has_message(id)
    }

    /// The message `id` with its placeholders filled; `None` when the catalog has no such message
    /// (a theme's template asking for one is told so by [`Language::text`]'s caller).
    pub fn try_text(&self, id: &str, args: &[(&str, Arg<'_>)]) -> Option<String> {
        if args.is_empty() {
            return self.plain(id);
        }
        self.format(id, args)
    }

    /// A message formatted without arguments, remembered per thread: pages ask for the same few
    /// hundred labels hundreds of thousands of times.
    fn plain(&self, id: &str) -> Option<String> {
        let known = PLAIN.with_borrow(|memo| memo.get(self.code).and_then(|m| m.get(id)).cloned());
        if let Some(text) = known {
            return Some(text);
        }
        let text = self.format(id, &[])?;
        PLAIN.with_borrow_mut(|memo| memo.entry(self.code).or_default().insert(id.into(), text.clone()));
        Some(text)
    }

    fn format(&self, id: &str, args: &[(&str, Arg<'_>)]) -> Option<String> {
        let pattern = self.bundle.get_message(id)?.value()?;
        let mut fluent = FluentArgs::with_capacity(args.len());
        for (name, value) in args {
            match value {
                Arg::Text(s) => fluent.set(*name, FluentValue::from(s.as_ref())),
                Arg::Number(n) => fluent.set(*name, FluentValue::from(*n)),
            }
        }
        let mut errors = Vec::new();
        let text = self.bundle.format_pattern(pattern, Some(&fluent), &mut errors);
        Some(text.into_owned())
    }

    /// The message `id` with its placeholders filled. Messages named in the code exist in every
    /// catalog (a test checks), so a missing one shows its id rather than failing the build.
    pub fn text(&self, id: &str, args: &[(&str, Arg<'_>)]) -> String {
        debug_assert!(self.has(id), "no message {id} in the {} catalog", self.code);
        self.try_text(id, args).unwrap_or_else(|| id.to_owned())
    }

    /// A message without placeholders.
    pub fn say(&self, id: &str) -> String {
        self.text(id, &[])
    }

    /// A day, as "Nov 20, 2026".
    pub fn date(&self, d: jiff::civil::Date) -> String {
        self.memo(Formatted::Date, day_number(d), || self.format_date(d))
    }

    fn format_date(&self, d: jiff::civil::Date) -> String {
        gregorian(d).map_or_else(|| d.to_string(), |g| self.date.format(&g).to_string())
    }

    /// A day without its year, as "Nov 20".
    pub fn month_day(&self, d: jiff::civil::Date) -> String {
        self.memo(Formatted::MonthDay, day_number(d), || {
            gregorian(d).map_or_else(|| d.to_string(), |g| self.month_day.format(&g).to_string())
        })
    }

    /// A month, as "November 2026".
    pub fn month_year(&self, d: jiff::civil::Date) -> String {
        self.memo(Formatted::MonthYear, day_number(d.first_of_month()), || {
            gregorian(d).map_or_else(
                || d.strftime("%Y-%m").to_string(),
                |g| self.month_year.format(&g).to_string(),
            )
        })
    }

    /// A month's short name (1 to 12), as "Nov" (a report's column heads).
    pub fn month(&self, number: u8) -> String {
        gregorian(jiff::civil::date(2026, number.clamp(1, 12) as i8, 1))
            .map_or_else(|| number.to_string(), |g| self.month.format(&g).to_string())
    }

    /// An instant in a zone, as "Nov 20, 2026 15:00 UTC": the day, the time and the zone's
    /// abbreviation (as `%Z` writes it), in one string.
    pub fn date_time(&self, z: &jiff::Zoned) -> String {
        let mut out = String::with_capacity(32);
        let d = z.date();
        self.memo_into(&mut out, Formatted::Date, day_number(d), || self.format_date(d));
        out.push(' ');
        // The time of day reads the same on every day (a 24-hour clock, no day periods).
        let minute = i32::from(z.hour()) * 60 + i32::from(z.minute());
        self.memo_into(&mut out, Formatted::Time, minute, || {
            Time::try_new(z.hour() as u8, z.minute() as u8, 0, 0)
                .ok()
                // Any day will do: only the hour and minute are written.
                .zip(gregorian(jiff::civil::date(2026, 1, 1)))
                .map_or_else(
                    || z.strftime("%H:%M").to_string(),
                    |(time, date)| self.time.format(&DateTime { date, time }).to_string(),
                )
        });
        out.push(' ');
        let zone = z.time_zone().to_offset_info(z.timestamp());
        out.extend(zone.abbreviation().chars().map(|c| c.to_ascii_uppercase()));
        out
    }

    /// A text `format` makes from what the two numbers stand for, remembered per thread like the
    /// dates: `what` names the kind of text, so that different kinds never share a key.
    pub fn remember(&self, what: &'static str, (a, b): (i32, i32), format: impl FnOnce() -> String) -> String {
        self.memo(Formatted::Text(what, a), b, format)
    }

    /// `format()`, remembered per thread by what is formatted and a number standing for it (a day,
    /// a time of day, a duration in minutes): a site shows the same few thousand days on many
    /// pages.
    fn memo(&self, kind: Formatted, n: i32, format: impl FnOnce() -> String) -> String {
        let mut out = String::new();
        self.memo_into(&mut out, kind, n, format);
        out
    }

    /// [`Language::memo`], written at the end of `out`.
    fn memo_into(&self, out: &mut String, kind: Formatted, n: i32, format: impl FnOnce() -> String) {
        let key = (self.index, kind, n);
        if FORMATTED.with_borrow(|memo| memo.get(&key).map(|text| out.push_str(text)).is_some()) {
            return;
        }
        let text = format();
        out.push_str(&text);
        FORMATTED.with_borrow_mut(|memo| memo.insert(key, text));
    }

    /// A decimal number written with a `.` ("99.95"), as this language writes it ("99,95").
    /// Anything else is returned as it is.
    pub fn number(&self, n: &str) -> String {
        n.parse::<Decimal>()
            .map_or_else(|_| n.to_owned(), |d| self.decimal.format(&d).to_string())
    }
}

/// What [`Language::memo`] remembers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Formatted {
    Date,
    MonthDay,
    MonthYear,
    Time,
    /// A duration, by its minutes.
    Duration,
    /// A text of the caller's, with the first of the caller's numbers for it (see
    /// [`Language::remember`]).
    Text(&'static str, i32),
}

/// A day as one number (`20261120`), for [`Language::memo`].
fn day_number(d: jiff::civil::Date) -> i32 {
    i32::from(d.year()) * 10_000 + i32::from(d.month()) * 100 + i32::from(d.day())
}

type PlainMemo = rustc_hash::FxHashMap<&'static str, rustc_hash::FxHashMap<Box<str>, String>>;

thread_local! {
    /// [`Language::plain`]'s messages, by language code and message id.
    static PLAIN: RefCell<PlainMemo> = RefCell::default();
    /// [`Language::memo`]'s texts (dates, times, durations, the callers' of
    /// [`Language::remember`]), by language (its place in [`LANGUAGES`]).
    static FORMATTED: RefCell<rustc_hash::FxHashMap<(usize, Formatted, i32), String>> = RefCell::default();
}

/// The names of the feed's states, from the catalog (`status-…`, `indicator-…`, …).
impl Language {
    pub fn status(&self, s: statusmark_feed::ComponentStatus) -> String {
        self.state(0, s as usize, "status-", s.as_str())
    }

    pub fn indicator(&self, i: statusmark_feed::Indicator) -> String {
        self.state(1, i as usize, "indicator-", i.as_str())
    }

    pub fn impact(&self, i: statusmark_feed::Impact) -> String {
        self.state(2, i as usize, "impact-", i.as_str())
    }

    pub fn incident_status(&self, s: statusmark_feed::IncidentStatus) -> String {
        self.state(3, s as usize, "incident-", s.as_str())
    }

    /// The name of state `name` (the `n`th of its kind, `kind` in [`Language::states`]), message
    /// `<prefix><name>`: formatted once per language, not looked up by its id in the per-thread
    /// memo each time (1.5 % of a build's instructions at N = 10,000, where pages, archive
    /// lines and feeds ask for them about 200,000 times).
    fn state(&self, kind: usize, n: usize, prefix: &str, name: &str) -> String {
        let say = || self.say(&[prefix, name].concat());
        match self.states[kind].get(n) {
            Some(slot) => slot.get_or_init(say).clone(),
            None => say(),
        }
    }

    /// A maintenance update's heading word (`update` for `## Update`) or a window's phase.
    pub fn phase(&self, phase: &str) -> String {
        self.say(&["phase-", phase].concat())
    }

    /// A window's phase at an instant: "In progress", or "In progress, overrunning".
    pub fn phase_at(&self, p: statusmark_feed::PhaseAt) -> String {
        let id = ["phase-", p.phase.as_str()].concat();
        if p.overrunning && self.has(&[id.as_str(), "-overrunning"].concat()) {
            return self.say(&[id.as_str(), "-overrunning"].concat());
        }
        self.say(&id)
    }

    /// A length of time in its two largest units (`45 min`, `3 h 5 min`, `2 d 4 h`), as
    /// [`statusmark_feed::text::duration`] reads in English. Negative lengths read as no time.
    pub fn duration(&self, d: jiff::SignedDuration) -> String {
        let mins = d.as_secs().max(0) / 60;
        // Remembered by the minute (a site's incidents last a few thousand different times),
        // except past what an `i32` holds, which no incident lasts.
        match i32::try_from(mins) {
            Ok(n) => self.memo(Formatted::Duration, n, || self.minutes(mins)),
            Err(_) => self.minutes(mins),
        }
    }

    fn minutes(&self, mins: i64) -> String {
        let (d, h, m) = (mins / (24 * 60), (mins / 60) % 24, mins % 60);
        match (d, h, m) {
            (0, 0, m) => self.text("duration-m", &[("m", m.into())]),
            (0, h, 0) => self.text("duration-h", &[("h", h.into())]),
            (0, h, m) => self.text("duration-hm", &[("h", h.into()), ("m", m.into())]),
            (d, h, _) => self.text("duration-dh", &[("d", d.into()), ("h", h.into())]),
        }
    }
}

/// The states the feed crate names (`ComponentStatus::label` and the like), which both scripts
/// show: one message each, worded exactly as the feed crate does in English (a test checks).
const STATE_MESSAGES: &[&str] = &[
    "status-operational",
    "status-degraded_performance",
    "status-partial_outage",
    "status-major_outage",
    "status-under_maintenance",
    "status-unknown",
    "indicator-none",
    "indicator-minor",
    "indicator-major",
    "indicator-critical",
    "indicator-maintenance",
    "indicator-unknown",
    "incident-investigating",
    "incident-identified",
    "incident-monitoring",
    "incident-resolved",
    "incident-update",
    "incident-postmortem",
    "incident-unknown",
    "phase-scheduled",
    "phase-in_progress",
    "phase-verifying",
    "phase-completed",
    "phase-cancelled",
    "phase-unknown",
    "phase-in_progress-overrunning",
    "phase-verifying-overrunning",
];

/// Impacts, which only the page script shows (a live incident card's line).
const IMPACT_MESSAGES: &[&str] = &[
    "impact-none",
    "impact-minor",
    "impact-major",
    "impact-critical",
    "impact-maintenance",
    "impact-unknown",
];

/// What else the page script writes as it keeps a page current, with the placeholders it fills
/// (as `{name}`): an incident card's line, a resolution, lengths of time, the out-of-date note.
const PAGE_SCRIPT_MESSAGES: &[(&str, &[&str])] = &[
    ("incident-impact", &["impact"]),
    ("incident-no-impact", &[]),
    ("incident-started", &["time"]),
    ("fact-resolved", &[]),
    ("duration-m", &["m"]),
    ("duration-h", &["h"]),
    ("duration-hm", &["h", "m"]),
    ("duration-dh", &["d", "h"]),
    ("stale-note", &["ago"]),
    ("site-time", &[]),
];

/// The embeddable widget's own lines (`widget/i18n/<code>.json`), besides the states.
const WIDGET_MESSAGES: &[(&str, &[&str])] = &[
    ("widget-loading", &[]),
    ("widget-unavailable", &[]),
    ("widget-view-page", &[]),
    ("widget-updated", &["ago"]),
    ("widget-dismiss", &[]),
];

/// `ids` as messages without placeholders, then `rest`.
fn plain_then<'a>(
    ids: &'a [&'a str],
    rest: &'a [(&'a str, &'a [&'a str])],
) -> impl Iterator<Item = (&'a str, &'a [&'a str])> {
    ids.iter().map(|id| (*id, &[][..])).chain(rest.iter().copied())
}

impl Language {
    /// The page script's messages as one JSON object (`{"status-operational": "Betriebsbereit",
    /// "duration-hm": "{h} Std. {m} Min.", …}`), for `<body data-sm-labels>`; `None` in English,
    /// which the page script speaks by itself.
    pub fn page_script_labels(&self) -> Option<String> {
        if self.code == "en" {
            return None;
        }
        let states = plain_then(STATE_MESSAGES, &[]);
        let messages = states.chain(plain_then(IMPACT_MESSAGES, PAGE_SCRIPT_MESSAGES));
        let labels: serde_json::Map<String, serde_json::Value> = messages
            .map(|(id, names)| (id.to_owned(), self.pattern(id, names).into()))
            .collect();
        Some(serde_json::Value::Object(labels).to_string())
    }

    /// The widget's words in this language, as JSON (`widget/i18n/<code>.json`), by their English
    /// (`{"Partial Outage": "Teilweiser Ausfall", "Last updated ": "Zuletzt aktualisiert ", …}`):
    /// the widget works out its labels in English and says them through this.
    pub fn widget_words(&self) -> String {
        let words: serde_json::Map<String, serde_json::Value> = plain_then(STATE_MESSAGES, WIDGET_MESSAGES)
            .map(|(id, names)| {
                let (en, mine) = (english().pattern(id, names), self.pattern(id, names));
                // "Last updated {ago}": the age comes last in every language, so the widget looks
                // up the words before it ("Last updated ") and adds the browser's age.
                match names.first() {
                    Some(n) => (trailing(&en, n), trailing(&mine, n).into()),
                    None => (en, mine.into()),
                }
            })
            .collect();
        serde_json::Value::Object(words).to_string()
    }

    /// The message `id` with its placeholders `names` left as `{name}`, for a script to fill.
    fn pattern(&self, id: &str, names: &[&str]) -> String {
        let markers: Vec<String> = names.iter().map(|n| ["{", n, "}"].concat()).collect();
        let args: Vec<(&str, Arg<'_>)> = names
            .iter()
            .zip(&markers)
            .map(|(n, m)| (*n, Arg::from(m.as_str())))
            .collect();
        self.text(id, &args)
    }
}

/// `text` without its last placeholder `{name}`, which must end it (the catalogs' tests check).
fn trailing(text: &str, name: &str) -> String {
    text.strip_suffix(&["{", name, "}"].concat()).unwrap_or(text).to_owned()
}

/// A day without its year in the same style as the language's full date, so a range reads as
/// one: CLDR's medium form where the medium date contains it ("Nov 20" in "Nov 20, 2026"), else
/// its short form ("20.11." in German's "20.11.2026", not "20. Nov.").
fn month_day(
    prefs: icu_datetime::DateTimeFormatterPreferences,
    date: &FixedCalendarDateTimeFormatter<Gregorian, YMD>,
) -> Result<FixedCalendarDateTimeFormatter<Gregorian, MD>, icu_datetime::DateTimeFormatterLoadError> {
    let medium = FixedCalendarDateTimeFormatter::try_new(prefs, MD::medium())?;
    let Some(sample) = gregorian(jiff::civil::date(2026, 11, 20)) else {
        return Ok(medium);
    };
    if date
        .format(&sample)
        .to_string()
        .contains(&medium.format(&sample).to_string())
    {
        return Ok(medium);
    }
    FixedCalendarDateTimeFormatter::try_new(prefs, MD::short())
}

fn gregorian(d: jiff::civil::Date) -> Option<Date<Gregorian>> {
    Date::try_new_gregorian(i32::from(d.year()), d.month() as u8, d.day() as u8).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lang(code: &str) -> &'static Language {
        language(code).unwrap()
    }

    /// Every message's id and the placeholders it uses, from the catalog's syntax tree.
    fn messages(ftl: &str) -> std::collections::BTreeMap<String, std::collections::BTreeSet<String>> {
        use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};
        fn walk(p: &Pattern<&str>, vars: &mut std::collections::BTreeSet<String>) {
            for e in &p.elements {
                if let PatternElement::Placeable { expression } = e {
                    match expression {
                        Expression::Inline(InlineExpression::VariableReference { id }) => {
                            vars.insert(id.name.to_owned());
                        }
                        Expression::Select { selector, variants } => {
                            if let InlineExpression::VariableReference { id } = selector {
                                vars.insert(id.name.to_owned());
                            }
                            for v in variants {
                                walk(&v.value, vars);
                            }
                        }
                        Expression::Inline(_) => {}
                    }
                }
            }
        }
        let resource = fluent_syntax::parser::parse(ftl).unwrap_or_else(|(_, e)| panic!("syntax errors: {e:?}"));
        let mut out = std::collections::BTreeMap::new();
        for entry in resource.body {
            if let Entry::Message(m) = entry {
                let mut vars = std::collections::BTreeSet::new();
                if let Some(value) = &m.value {
                    walk(value, &mut vars);
                }
                assert!(out.insert(m.id.name.to_owned(), vars).is_none(), "{} twice", m.id.name);
            }
        }
        out
    }

    #[test]
    fn every_catalog_has_englishs_messages_with_the_same_placeholders() {
        let english = messages(CATALOGS[0].1);
        for (code, ftl) in &CATALOGS[1..] {
            let theirs = messages(ftl);
            for (id, vars) in &english {
                let Some(their_vars) = theirs.get(id) else {
                    panic!("the {code} catalog lacks {id}");
                };
                assert_eq!(their_vars, vars, "{code}: {id} has other placeholders than English");
            }
            for id in theirs.keys() {
                assert!(
                    english.contains_key(id),
                    "the {code} catalog has {id}, which English does not"
                );
            }
        }
    }

    #[test]
    fn the_page_scripts_messages_exist_with_their_placeholders() {
        let english = messages(CATALOGS[0].1);
        let all = plain_then(STATE_MESSAGES, PAGE_SCRIPT_MESSAGES).chain(plain_then(IMPACT_MESSAGES, WIDGET_MESSAGES));
        for (id, names) in all {
            let want: std::collections::BTreeSet<String> = names.iter().map(|n| (*n).to_owned()).collect();
            assert_eq!(english.get(id), Some(&want), "{id}");
        }
        let labels = lang("de").page_script_labels().unwrap();
        let labels: serde_json::Value = serde_json::from_str(&labels).unwrap();
        assert_eq!(labels["status-operational"], "Betriebsbereit");
        assert_eq!(labels["duration-hm"], "{h} Std. {m} Min.");
        assert!(
            lang("en").page_script_labels().is_none(),
            "English is the page script's own"
        );
    }

    /// The widget finds its words by the English the feed crate writes: the English catalog must
    /// say every state exactly so.
    #[test]
    fn the_english_catalog_names_every_state_as_the_feed_crate_does() {
        use statusmark_feed::{ComponentStatus, Impact, IncidentStatus, Indicator, MaintenancePhase, PhaseAt};
        for id in STATE_MESSAGES.iter().chain(IMPACT_MESSAGES) {
            let (kind, name) = id.split_once('-').unwrap();
            let (phase, overrunning) = name.strip_suffix("-overrunning").map_or((name, false), |p| (p, true));
            let feed = match kind {
                "status" => ComponentStatus::from_name(name).label(),
                "indicator" => Indicator::from_name(name).description(),
                "impact" => Impact::from_name(name).label(),
                "incident" => IncidentStatus::from_name(name).label(),
                "phase" => PhaseAt {
                    phase: MaintenancePhase::from_name(phase),
                    overrunning,
                }
                .label(),
                _ => panic!("{id}: not a state"),
            };
            assert_eq!(english().say(id), feed, "{id}");
            // Every name is one the feed crate knows: only `unknown` reads as unknown.
            assert!(name == "unknown" || !feed.contains("Unknown"), "{id}");
        }
        let words: serde_json::Value = serde_json::from_str(&lang("de").widget_words()).unwrap();
        assert_eq!(words["Partial Outage"], "Teilweiser Ausfall");
        assert_eq!(words["Last updated "], "Zuletzt aktualisiert ");
        // The widget adds the age after those words: it must come last in every language.
        for code in LANGUAGES {
            let text = lang(code).text("widget-updated", &[("ago", "{ago}".into())]);
            assert!(text.ends_with("{ago}"), "{code}: {text}");
        }
        assert_eq!(words["Loading status…"], "Status wird geladen …");
    }

    #[test]
    fn every_shipped_language_loads() {
        for code in LANGUAGES {
            assert_eq!(lang(code).code(), code);
        }
        assert!(language("xx").is_none());
    }

    #[test]
    fn dates_read_as_each_language_writes_them() {
        let day = jiff::civil::date(2026, 11, 20);
        let at = day.at(15, 7, 0, 0).to_zoned(jiff::tz::TimeZone::UTC).unwrap();
        let cases = [
            (
                "en",
                "Nov 20, 2026",
                "Nov 20",
                "November 2026",
                "Nov 20, 2026 15:07 UTC",
            ),
            ("de", "20.11.2026", "20.11.", "November 2026", "20.11.2026 15:07 UTC"),
            (
                "fr",
                "20 nov. 2026",
                "20 nov.",
                "novembre 2026",
                "20 nov. 2026 15:07 UTC",
            ),
            (
                "es",
                "20 nov 2026",
                "20 nov",
                "noviembre de 2026",
                "20 nov 2026 15:07 UTC",
            ),
            ("ja", "2026/11/20", "11/20", "2026年11月", "2026/11/20 15:07 UTC"),
        ];
        for (code, date, month_day, month, date_time) in cases {
            let l = lang(code);
            assert_eq!(l.date(day), date, "{code}");
            assert_eq!(l.month_day(day), month_day, "{code}");
            assert_eq!(l.month_year(day), month, "{code}");
            assert_eq!(l.date_time(&at), date_time, "{code}");
        }
        let months: Vec<String> = LANGUAGES.iter().map(|c| lang(c).month(3)).collect();
        assert_eq!(months, ["Mar", "Mär", "mars", "mar", "3月"]);
    }

    #[test]
    fn numbers_use_each_languages_decimal_separator() {
        for (code, want) in [
            ("en", "99.95"),
            ("de", "99,95"),
            ("fr", "99,95"),
            ("es", "99,95"),
            ("ja", "99.95"),
        ] {
            assert_eq!(lang(code).number("99.95"), want, "{code}");
        }
        assert_eq!(lang("de").number("100"), "100");
        assert_eq!(lang("de").number("n/a"), "n/a");
    }

    #[test]
    fn plurals_follow_each_languages_rules() {
        let days = |code: &str, n: i64| lang(code).text("bar-days", &[("status", "S".into()), ("count", n.into())]);
        assert_eq!(days("en", 1), "S: 1 day");
        assert_eq!(days("en", 3), "S: 3 days");
        assert_eq!(days("de", 1), "S: 1 Tag");
        assert_eq!(days("de", 3), "S: 3 Tage");
        // French counts 0 and 1 as singular.
        assert_eq!(days("fr", 0), "S\u{a0}: 0 jour");
        assert_eq!(days("fr", 2), "S\u{a0}: 2 jours");
        assert_eq!(days("es", 1), "S: 1 día");
        assert_eq!(days("es", 5), "S: 5 días");
        // Japanese has one form.
        assert_eq!(days("ja", 1), days("ja", 5).replace('5', "1"));
    }
}
