//! Slack, Discord, Microsoft Teams and Google Chat messages: one [`Notice`] as the JSON body that
//! service's incoming webhook accepts, in the service's own format. Pure: no I/O, no model, no
//! delivery (the caller posts the body and keeps the record).
//!
//! Every text a notice carries comes from an author, so before it reaches a service's markup it
//! passes that service's escaping rule (one small named function per rule, below), mentions are
//! broken in every format, and each text is cut to the service's limit without splitting a
//! character or an escape sequence.

use serde_json::{Value, json};
use statusmark_feed::ComponentStatus;

use super::notice::{self, Category, Notice};
use crate::content::notify::ChannelKind;

/// The JSON body for a chat channel; `Null` for [`ChannelKind::Webhook`], which is not a chat and
/// carries the event's own JSON instead.
pub fn body(kind: ChannelKind, notice: &Notice) -> Value {
    match kind {
        ChannelKind::Slack => slack(notice),
        ChannelKind::Discord => discord(notice),
        ChannelKind::Teams => teams(notice),
        ChannelKind::GoogleChat => google_chat(notice),
        ChannelKind::Webhook => Value::Null,
    }
}

/// Components listed by name; the rest are counted, so a large incident stays one readable
/// message within every service's field and size limits.
const MAX_LISTED: usize = 20;

/// Invisible, and breaks the token a service would read as a mention.
const ZWJ: char = '\u{200D}';

const SLACK_HEADER_MAX: usize = 150;
const SLACK_TEXT_MAX: usize = 3000;
const SLACK_FIELD_MAX: usize = 2000;

const DISCORD_TITLE_MAX: usize = 256;
const DISCORD_DESCRIPTION_MAX: usize = 4096;
const DISCORD_FIELD_VALUE_MAX: usize = 1024;
/// Discord's limit on all of one embed's texts together.
const DISCORD_EMBED_MAX: usize = 6000;
/// Our own caps, well under Discord's (256 and 2048), so the description keeps most of the
/// embed's total.
const DISCORD_NAME_MAX: usize = 100;
const DISCORD_FOOTER_MAX: usize = 256;

/// Teams and Google Chat cap a whole message (about 28 KB and 32 KB) rather than each text; these
/// keep a notice well inside that.
const TEAMS_TITLE_MAX: usize = 256;
const TEAMS_TEXT_MAX: usize = 6000;
const GOOGLE_TITLE_MAX: usize = 256;
const GOOGLE_TEXT_MAX: usize = 4000;

// ---- Slack: incoming webhook, Block Kit inside a coloured attachment ----

fn slack(n: &Notice) -> Value {
    let mut blocks = vec![json!({ "type": "header", "text": slack_plain(title(n), SLACK_HEADER_MAX) })];
    let mut fields = vec![slack_field(&n.say("fact-status"), &n.headline)];
    if let Some(window) = &n.window {
        fields.push(slack_field(&n.say("notice-window"), window));
    }
    blocks.push(json!({ "type": "section", "fields": fields }));
    if !n.body_text.trim().is_empty() {
        blocks.push(json!({ "type": "section", "text": slack_plain(&n.body_text, SLACK_TEXT_MAX) }));
    }
    if let Some(list) = component_lines(n) {
        blocks.push(json!({ "type": "section", "text": slack_plain(&list, SLACK_TEXT_MAX) }));
    }
    let mut context = format!(
        "{} · {}",
        fit(&n.site_title, 200, escape_slack),
        fit(&n.when, 200, escape_slack)
    );
    if let Some(url) = &n.url {
        context.push_str(&format!(
            " · <{}|{}>",
            slack_link_url(url),
            escape_slack(&link_label(n))
        ));
    }
    blocks.push(json!({ "type": "context", "elements": [{ "type": "mrkdwn", "text": context }] }));
    // The top-level text is what notifications and screen readers show.
    let text = format!("{}: {} — {}", n.site_title, title(n), n.headline);
    json!({
        "text": fit(&text, SLACK_TEXT_MAX, escape_slack),
        "attachments": [{ "color": notice::colour(n.status), "blocks": blocks }],
    })
}

fn slack_plain(text: &str, limit: usize) -> Value {
    json!({ "type": "plain_text", "text": fit(text, limit, escape_slack) })
}

/// A labelled value; the label is ours, so it alone is bold.
fn slack_field(label: &str, value: &str) -> Value {
    let value = fit(value, SLACK_FIELD_MAX - label.len() - 3, escape_slack);
    json!({ "type": "mrkdwn", "text": format!("*{label}*\n{value}") })
}

/// Slack's rule for every text object and the message `text`: `&`, `<` and `>` are its control
/// characters (links, `<!here>`, `<@U…>`) and must be sent as `&amp;`, `&lt;` and `&gt;`.
fn escape_slack(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in break_mentions(s).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            _ => out.push(c),
        }
    }
    out
}

/// Slack's rule for the target of a `<url|label>` link: `&` escaped as in all Slack text, and the
/// characters that would end the target or the link (`|`, `<`, `>`) percent-encoded.
fn slack_link_url(url: &str) -> String {
    url.replace('&', "&amp;")
        .replace('|', "%7C")
        .replace('<', "%3C")
        .replace('>', "%3E")
}

// ---- Discord: execute-webhook body with one embed ----

fn discord(n: &Notice) -> Value {
    let title = fit(title(n), DISCORD_TITLE_MAX, escape_discord);
    // Footers show no Markdown, so only mentions are broken there.
    let footer = fit(&n.site_title, DISCORD_FOOTER_MAX, break_mentions);
    let fields = discord_fields(n);
    let used = utf16_len(&title)
        + utf16_len(&footer)
        + fields
            .iter()
            .map(|f| {
                ["name", "value"]
                    .iter()
                    .map(|k| f[k].as_str().map_or(0, utf16_len))
                    .sum::<usize>()
            })
            .sum::<usize>();
    let room = DISCORD_DESCRIPTION_MAX.min(DISCORD_EMBED_MAX.saturating_sub(used));
    let mut embed = json!({
        "title": title,
        "description": discord_description(n, room),
        "color": rgb(notice::colour(n.status)).map_or(0, |(r, g, b)| u32::from_be_bytes([0, r, g, b])),
        "timestamp": n.at.to_string(),
        "fields": fields,
        "footer": { "text": footer },
    });
    if let Some(url) = &n.url {
        embed["url"] = json!(url);
    }
    // `parse: []` tells Discord to notify nobody, whatever the text says.
    json!({ "embeds": [embed], "allowed_mentions": { "parse": [] } })
}

/// The headline in bold, then the update's text, within `room`.
fn discord_description(n: &Notice, room: usize) -> String {
    let head = format!(
        "**{}**",
        fit(
            &n.headline,
            DISCORD_NAME_MAX.min(room.saturating_sub(4)),
            escape_discord
        )
    );
    if n.body_text.trim().is_empty() {
        return head;
    }
    let rest = room.saturating_sub(utf16_len(&head) + 2);
    format!("{head}\n\n{}", fit(&n.body_text, rest, escape_discord))
}

fn discord_fields(n: &Notice) -> Vec<Value> {
    let mut fields = Vec::new();
    if let Some(window) = n.window.as_deref().filter(|w| !w.trim().is_empty()) {
        let value = fit(window, DISCORD_FIELD_VALUE_MAX, escape_discord);
        fields.push(json!({ "name": n.say("notice-window"), "value": value, "inline": false }));
    }
    let (listed, more) = listed(n);
    for (name, status) in listed {
        let name = fit(name, DISCORD_NAME_MAX, escape_discord);
        fields.push(json!({ "name": name, "value": notice::status_label(n, *status), "inline": true }));
    }
    if more > 0 {
        fields.push(json!({ "name": n.say("notice-more"), "value": n.and_more(more), "inline": false }));
    }
    fields
}

/// Discord's Markdown (embed titles, descriptions and fields): a backslash before every character
/// that opens formatting — `\ * _ ~ ` | > < [ ] ( ) #` — so nothing can bold, spoil, quote, head
/// or mask a link, plus list markers at the start of a line.
fn escape_discord(s: &str) -> String {
    backslash_escape(
        &break_mentions(s),
        &['\\', '*', '_', '~', '`', '|', '>', '<', '[', ']', '(', ')', '#'],
    )
}

// ---- Microsoft Teams: Workflows / incoming webhook message with an Adaptive Card ----

fn teams(n: &Notice) -> Value {
    let title = fit(title(n), TEAMS_TITLE_MAX, escape_teams);
    let title = match &n.url {
        Some(url) => format!("[{title}]({})", markdown_link_url(url)),
        None => title,
    };
    let mut body = vec![
        json!({ "type": "TextBlock", "text": fit(&n.site_title, TEAMS_TITLE_MAX, escape_teams),
                "size": "Small", "isSubtle": true, "wrap": true }),
        json!({ "type": "TextBlock", "text": title, "size": "Large", "weight": "Bolder", "wrap": true }),
        json!({ "type": "TextBlock", "text": fit(&n.headline, TEAMS_TITLE_MAX, escape_teams),
                "color": adaptive_colour(notice::colour(n.status)), "weight": "Bolder", "wrap": true }),
    ];
    if !n.body_text.trim().is_empty() {
        let text = fit(&n.body_text, TEAMS_TEXT_MAX, escape_teams);
        body.push(json!({ "type": "TextBlock", "text": text, "wrap": true }));
    }
    body.push(json!({ "type": "FactSet", "facts": teams_facts(n) }));
    let mut card = json!({
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "type": "AdaptiveCard",
        "version": "1.4",
        "body": body,
    });
    if let Some(url) = &n.url {
        card["actions"] = json!([{ "type": "Action.OpenUrl", "title": link_label(n), "url": url }]);
    }
    json!({
        "type": "message",
        "attachments": [{
            "contentType": "application/vnd.microsoft.card.adaptive",
            "contentUrl": null,
            "content": card,
        }],
    })
}

fn teams_facts(n: &Notice) -> Vec<Value> {
    let fact = |title: &str, value: &str| json!({ "title": fit(title, TEAMS_TITLE_MAX, escape_teams), "value": fit(value, TEAMS_TITLE_MAX, escape_teams) });
    let mut facts = vec![fact(&n.say("notice-when"), &n.when)];
    if let Some(window) = &n.window {
        facts.push(fact(&n.say("notice-window"), window));
    }
    let (listed, more) = listed(n);
    for (name, status) in listed {
        facts.push(fact(name, &notice::status_label(n, *status)));
    }
    if more > 0 {
        facts.push(fact(&n.say("notice-more"), &n.and_more(more)));
    }
    facts
}

/// The Markdown subset of Adaptive Card `TextBlock` and `Fact` text in Teams (emphasis, links,
/// lists): a backslash before `\ * _ [ ] ( )`, before list markers at the start of a line, and
/// before `<` and `>` so no host reads tags or autolinks. Fewer escapes than Discord: some Teams
/// clients show a backslash that escapes nothing.
fn escape_teams(s: &str) -> String {
    backslash_escape(&break_mentions(s), &['\\', '*', '_', '[', ']', '(', ')', '<', '>'])
}

/// A Markdown link target (`[title](target)`): the characters that would end it or start an
/// escape, percent-encoded.
fn markdown_link_url(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        match c {
            ' ' => out.push_str("%20"),
            '(' => out.push_str("%28"),
            ')' => out.push_str("%29"),
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            '\\' => out.push_str("%5C"),
            _ => out.push(c),
        }
    }
    out
}

/// The Adaptive Card colour nearest the theme's status colour, by hue: cards draw only the host's
/// own palette.
fn adaptive_colour(hex: &str) -> &'static str {
    let Some((r, g, b)) = rgb(hex) else {
        return "default";
    };
    let (r, g, b) = (f32::from(r), f32::from(g), f32::from(b));
    let (max, min) = (r.max(g).max(b), r.min(g).min(b));
    if max - min < 16.0 {
        return "default";
    }
    let sector = if max == r {
        ((g - b) / (max - min)).rem_euclid(6.0)
    } else if max == g {
        (b - r) / (max - min) + 2.0
    } else {
        (r - g) / (max - min) + 4.0
    };
    match sector * 60.0 {
        h if h < 15.0 => "attention",
        h if h < 75.0 => "warning",
        h if h < 170.0 => "good",
        h if h < 280.0 => "accent",
        _ => "attention",
    }
}

// ---- Google Chat: incoming webhook with a cards v2 card ----

fn google_chat(n: &Notice) -> Value {
    let title = fit(title(n), GOOGLE_TITLE_MAX, escape_chat_html);
    let title = match &n.url {
        Some(url) => format!("<a href=\"{}\">{title}</a>", escape_chat_html(url)),
        None => title,
    };
    let headline = fit(&n.headline, GOOGLE_TITLE_MAX, escape_chat_html);
    let colour = notice::colour(n.status);
    let mut widgets = vec![
        json!({ "textParagraph": { "text": format!("<b>{title}</b>") } }),
        json!({ "textParagraph": { "text": format!("<font color=\"{colour}\"><b>{headline}</b></font>") } }),
    ];
    if !n.body_text.trim().is_empty() {
        widgets.push(json!({ "textParagraph": { "text": fit(&n.body_text, GOOGLE_TEXT_MAX, escape_chat_html) } }));
    }
    if let Some(window) = &n.window {
        let text = fit(window, GOOGLE_TITLE_MAX, escape_chat_html);
        widgets.push(json!({ "decoratedText": { "topLabel": n.say("notice-window"), "text": text } }));
    }
    let (listed, more) = listed(n);
    for (name, status) in listed {
        let text = format!(
            "{}: <font color=\"{}\">{}</font>",
            fit(name, GOOGLE_TITLE_MAX, escape_chat_html),
            notice::colour(*status),
            escape_chat_html(&notice::status_label(n, *status))
        );
        widgets.push(json!({ "decoratedText": { "text": text } }));
    }
    if more > 0 {
        widgets.push(json!({ "textParagraph": { "text": escape_chat_html(&n.and_more(more)) } }));
    }
    if let Some(url) = &n.url {
        let button = json!({ "text": link_label(n), "onClick": { "openLink": { "url": url } } });
        widgets.push(json!({ "buttonList": { "buttons": [button] } }));
    }
    // The header's texts are shown as they are, not as HTML; the author's title sits below it.
    let header = json!({
        "title": fit(&n.site_title, GOOGLE_TITLE_MAX, break_mentions),
        "subtitle": fit(&n.when, GOOGLE_TITLE_MAX, break_mentions),
    });
    let fallback = format!("{} — {}", self::title(n), n.headline);
    json!({
        // What notifications show instead of the card.
        "fallbackText": fit(&fallback, GOOGLE_TITLE_MAX, escape_google_chat_text),
        "cardsV2": [{ "cardId": "statusmark-notice", "card": { "header": header, "sections": [{ "widgets": widgets }] } }],
    })
}

/// Google Chat's card text (`textParagraph`, `decoratedText`): a small HTML subset, so `&`, `<`,
/// `>` and `"` become entities; line breaks become `<br>`.
fn escape_chat_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in break_mentions(s).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\n' => out.push_str("<br>"),
            _ => out.push(c),
        }
    }
    out
}

/// Google Chat's message-text syntax, for the plain fallback: mentions (`<users/all>`) and links
/// (`<url|label>`) both open with `<`, so a zero-width joiner follows every `<`.
fn escape_google_chat_text(s: &str) -> String {
    break_mentions(s).replace('<', "<\u{200D}")
}

// ---- Shared by every format ----

/// Every format: broadcast mentions (`@everyone`, `@here`, `@channel`, `@all`) get a zero-width
/// joiner after the `@`, user mentions (`<@…>`) one between `<` and `@`. People see the same
/// text; no service finds a mention in it.
fn break_mentions(s: &str) -> String {
    const BROADCASTS: [&str; 4] = ["everyone", "here", "channel", "all"];
    let mut out = String::with_capacity(s.len());
    for (i, c) in s.char_indices() {
        if c == '@' && s[..i].ends_with('<') {
            out.push(ZWJ);
        }
        out.push(c);
        if c == '@' {
            let rest = &s[i + 1..];
            if BROADCASTS
                .iter()
                .any(|w| rest.get(..w.len()).is_some_and(|p| p.eq_ignore_ascii_case(w)))
            {
                out.push(ZWJ);
            }
        }
    }
    out
}

/// CommonMark-style escaping shared by the Markdown dialects above: a backslash before each
/// character in `always`, and before list markers at the start of a line (`-`, `+`, the `.` of
/// `1.`), where they would turn a line into a list or Discord's small text (`-#`).
fn backslash_escape(s: &str, always: &[char]) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 4);
    let mut line_start = true; // only blanks so far on this line
    let mut digits = false; // only blanks, then digits, so far on this line
    for c in s.chars() {
        let marker = match c {
            '-' | '+' => line_start,
            '.' => digits,
            _ => false,
        };
        if marker || always.contains(&c) {
            out.push('\\');
        }
        out.push(c);
        let was_start = line_start;
        line_start = c == '\n' || (was_start && (c == ' ' || c == '\t'));
        digits = c.is_ascii_digit() && (was_start || digits);
    }
    out
}

/// `escape(raw)`, cut to at most `limit` UTF-16 units and closed with "…" when longer. The raw
/// text is cut, never the escaped one, so no character or escape sequence is split; the longest
/// raw prefix whose escaped form fits is found by bisection (escaping more text never gives less).
/// UTF-16 units are never fewer than characters, so the text fits however a service counts.
fn fit(raw: &str, limit: usize, escape: fn(&str) -> String) -> String {
    let whole = escape(raw);
    if utf16_len(&whole) <= limit {
        return whole;
    }
    if limit == 0 {
        return String::new();
    }
    // bounds[k] ends the prefix of k characters; the empty prefix always fits ("…" alone).
    let bounds: Vec<usize> = raw.char_indices().map(|(i, _)| i).collect();
    let fits = |k: usize| utf16_len(&escape(&raw[..bounds[k]])) < limit;
    let (mut lo, mut hi) = (0, bounds.len());
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if fits(mid) {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    let mut out = escape(raw[..bounds[lo]].trim_end());
    out.push('…');
    out
}

fn utf16_len(s: &str) -> usize {
    s.encode_utf16().count()
}

/// `#rrggbb` as its three channels.
fn rgb(hex: &str) -> Option<(u8, u8, u8)> {
    let hex = hex.strip_prefix('#')?;
    let channel = |i: usize| hex.get(i..i + 2).and_then(|h| u8::from_str_radix(h, 16).ok());
    Some((channel(0)?, channel(2)?, channel(4)?))
}

/// The notice's title, or the site's when an event has none, since every format needs one.
fn title(n: &Notice) -> &str {
    if n.title.trim().is_empty() {
        &n.site_title
    } else {
        &n.title
    }
}

fn link_label(n: &Notice) -> String {
    n.say(match n.kind.category() {
        Category::Incident => "notice-view-incident",
        Category::Maintenance => "notice-view-maintenance",
        Category::Component => "notice-view-page",
    })
}

/// The components shown by name, and how many more there are.
fn listed(n: &Notice) -> (&[(String, ComponentStatus)], usize) {
    let shown = n.components.len().min(MAX_LISTED);
    (&n.components[..shown], n.components.len() - shown)
}

/// One line per listed component, "API: Partial Outage", for formats without a field list.
fn component_lines(n: &Notice) -> Option<String> {
    let (listed, more) = listed(n);
    if listed.is_empty() {
        return None;
    }
    let mut lines: Vec<String> = listed
        .iter()
        .map(|(name, status)| format!("{name}: {}", notice::status_label(n, *status)))
        .collect();
    if more > 0 {
        lines.push(n.and_more(more));
    }
    Some(lines.join("\n"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notify::notice::sample;

    const CHATS: [ChannelKind; 4] = [
        ChannelKind::Slack,
        ChannelKind::Discord,
        ChannelKind::Teams,
        ChannelKind::GoogleChat,
    ];
    const URL: &str = "https://status.acme.example/incidents/2026-12-01-api-errors/";
    const HOSTILE: &str = "<!channel> <!here> @everyone @here <@U123> <http://evil.example|Click> \
        [x](http://evil.example) **bold** <script>alert(1)</script> ||spoiler|| # heading";

    fn hostile() -> Notice {
        let mut n = sample();
        n.title = HOSTILE.to_owned();
        n.body_text = format!("{HOSTILE}\n# heading\n- item\n1. first");
        n.components = vec![(HOSTILE.to_owned(), ComponentStatus::MajorOutage)];
        n.window = Some(HOSTILE.to_owned());
        n
    }

    fn without_url() -> Notice {
        let mut n = sample();
        n.url = None;
        n
    }

    /// Every string value in the body, one per line.
    fn text(v: &Value) -> String {
        fn walk(v: &Value, out: &mut Vec<String>) {
            match v {
                Value::String(s) => out.push(s.clone()),
                Value::Array(a) => a.iter().for_each(|x| walk(x, out)),
                Value::Object(o) => o.values().for_each(|x| walk(x, out)),
                _ => {}
            }
        }
        let mut out = Vec::new();
        walk(v, &mut out);
        out.join("\n")
    }

    /// Positions of `c` not preceded by an odd run of backslashes.
    fn unescaped(s: &str, c: char) -> usize {
        let mut backslashes = 0;
        let mut found = 0;
        for x in s.chars() {
            if x == c && backslashes % 2 == 0 {
                found += 1;
            }
            backslashes = if x == '\\' { backslashes + 1 } else { 0 };
        }
        found
    }

    fn assert_cut(s: &str, limit: usize) {
        assert_eq!(s.chars().count(), limit, "{s}");
        assert!(s.ends_with('…'), "{s}");
        assert!(s.trim_end_matches('…').chars().all(|c| c == 'é'), "{s}");
    }

    #[test]
    fn webhook_is_not_a_chat() {
        assert_eq!(body(ChannelKind::Webhook, &sample()), Value::Null);
    }

    #[test]
    fn slack_shape() {
        let v = body(ChannelKind::Slack, &sample());
        assert_eq!(v["text"], "Acme Status: Elevated API errors — Investigating");
        let attachment = &v["attachments"][0];
        assert_eq!(attachment["color"], "#bc4c00");
        let blocks = attachment["blocks"].as_array().unwrap();
        assert_eq!(blocks[0]["type"], "header");
        assert_eq!(
            blocks[0]["text"],
            json!({ "type": "plain_text", "text": "Elevated API errors" })
        );
        assert_eq!(blocks[1]["fields"][0]["text"], "*Status*\nInvestigating");
        assert_eq!(blocks[2]["text"]["text"], "We are looking into errors on the API.");
        assert_eq!(blocks[3]["text"]["text"], "API: Partial Outage");
        let context = &blocks[4]["elements"][0];
        assert_eq!(context["type"], "mrkdwn");
        assert_eq!(
            context["text"],
            format!("Acme Status · 1 Dec 2026, 10:00 UTC · <{URL}|View incident>")
        );

        let v = body(ChannelKind::Slack, &without_url());
        assert!(!text(&v).contains('<'), "no link without a URL");
    }

    #[test]
    fn discord_shape() {
        let v = body(ChannelKind::Discord, &sample());
        assert_eq!(v["allowed_mentions"], json!({ "parse": [] }));
        assert!(v.get("content").is_none());
        let embed = &v["embeds"][0];
        assert_eq!(embed["title"], "Elevated API errors");
        assert_eq!(embed["url"], URL);
        assert_eq!(embed["color"], 0xbc4c00);
        assert_eq!(embed["timestamp"], "2026-12-01T10:00:00Z");
        assert_eq!(
            embed["description"],
            "**Investigating**\n\nWe are looking into errors on the API."
        );
        assert_eq!(
            embed["fields"],
            json!([{ "name": "API", "value": "Partial Outage", "inline": true }])
        );
        assert_eq!(embed["footer"]["text"], "Acme Status");

        let v = body(ChannelKind::Discord, &without_url());
        assert!(v["embeds"][0].get("url").is_none());
    }

    #[test]
    fn teams_shape() {
        let v = body(ChannelKind::Teams, &sample());
        assert_eq!(v["type"], "message");
        let attachment = &v["attachments"][0];
        assert_eq!(attachment["contentType"], "application/vnd.microsoft.card.adaptive");
        assert_eq!(attachment["contentUrl"], Value::Null);
        let card = &attachment["content"];
        assert_eq!(card["$schema"], "http://adaptivecards.io/schemas/adaptive-card.json");
        assert_eq!(card["type"], "AdaptiveCard");
        assert_eq!(card["version"], "1.4");
        let blocks = card["body"].as_array().unwrap();
        for b in blocks.iter().filter(|b| b["type"] == "TextBlock") {
            assert_eq!(b["wrap"], true, "{b}");
        }
        assert_eq!(blocks[1]["text"], format!("[Elevated API errors]({URL})"));
        assert_eq!(blocks[2]["text"], "Investigating");
        assert_eq!(blocks[2]["color"], "warning");
        assert_eq!(blocks[3]["text"], "We are looking into errors on the API.");
        assert_eq!(blocks[4]["type"], "FactSet");
        assert!(
            blocks[4]["facts"]
                .as_array()
                .unwrap()
                .contains(&json!({ "title": "API", "value": "Partial Outage" }))
        );
        assert_eq!(
            card["actions"],
            json!([{ "type": "Action.OpenUrl", "title": "View incident", "url": URL }])
        );

        let v = body(ChannelKind::Teams, &without_url());
        let card = &v["attachments"][0]["content"];
        assert!(card.get("actions").is_none());
        assert_eq!(card["body"][1]["text"], "Elevated API errors");
    }

    #[test]
    fn google_chat_shape() {
        let v = body(ChannelKind::GoogleChat, &sample());
        assert_eq!(v["fallbackText"], "Elevated API errors — Investigating");
        let card = &v["cardsV2"][0]["card"];
        assert!(v["cardsV2"][0]["cardId"].is_string());
        assert_eq!(
            card["header"],
            json!({ "title": "Acme Status", "subtitle": "1 Dec 2026, 10:00 UTC" })
        );
        let widgets = card["sections"][0]["widgets"].as_array().unwrap();
        assert_eq!(
            widgets[0]["textParagraph"]["text"],
            format!("<b><a href=\"{URL}\">Elevated API errors</a></b>")
        );
        assert_eq!(
            widgets[1]["textParagraph"]["text"],
            "<font color=\"#bc4c00\"><b>Investigating</b></font>"
        );
        assert_eq!(
            widgets[2]["textParagraph"]["text"],
            "We are looking into errors on the API."
        );
        assert_eq!(
            widgets[3]["decoratedText"]["text"],
            "API: <font color=\"#bc4c00\">Partial Outage</font>"
        );
        let button = &widgets[4]["buttonList"]["buttons"][0];
        assert_eq!(button["onClick"]["openLink"]["url"], URL);

        let v = body(ChannelKind::GoogleChat, &without_url());
        let all = text(&v);
        assert!(!all.contains("<a ") && !all.contains(URL), "{all}");
    }

    #[test]
    fn every_format_shows_the_window() {
        let mut n = sample();
        n.window = Some("2 Dec 2026, 22:00 – 23:30 CET".to_owned());
        for kind in CHATS {
            assert!(
                text(&body(kind, &n)).contains("2 Dec 2026, 22:00 – 23:30 CET"),
                "{kind:?}"
            );
        }
    }

    /// No format may carry a live mention, whatever its markup.
    #[test]
    fn hostile_text_mentions_nobody() {
        for kind in CHATS {
            let all = text(&body(kind, &hostile()));
            for risky in ["<!channel>", "<!here>", "<@", "@everyone", "@here"] {
                assert!(!all.contains(risky), "{kind:?} carries {risky}: {all}");
            }
        }
    }

    #[test]
    fn hostile_text_in_slack() {
        let all = text(&body(ChannelKind::Slack, &hostile()));
        // The one control sequence left is the notice's own link.
        assert_eq!(all.matches('<').count(), 1, "{all}");
        assert!(all.contains(&format!("<{URL}|View incident>")));
        assert_eq!(all.matches('>').count(), 1, "{all}");
        assert!(all.contains("&lt;!channel&gt;") && all.contains("&lt;script&gt;"));
    }

    #[test]
    fn hostile_text_in_discord() {
        let v = body(ChannelKind::Discord, &hostile());
        assert_eq!(v["allowed_mentions"]["parse"], json!([]));
        let all = text(&v);
        for risky in ["](http", "**bold**", "||spoiler||"] {
            assert!(!all.contains(risky), "{risky}: {all}");
        }
        for c in ['<', '>', '[', ']', '(', ')', '|', '#', '`', '~'] {
            assert_eq!(unescaped(&all, c), 0, "unescaped {c}: {all}");
        }
        for line in all.lines() {
            let line = line.trim_start();
            assert!(!line.starts_with('-') && !line.starts_with("1."), "list marker: {line}");
        }
    }

    #[test]
    fn hostile_text_in_teams() {
        let all = text(&body(ChannelKind::Teams, &hostile()));
        for risky in ["](http://evil", "**bold**"] {
            assert!(!all.contains(risky), "{risky}: {all}");
        }
        for c in ['<', '>'] {
            assert_eq!(unescaped(&all, c), 0, "unescaped {c}: {all}");
        }
        // The title's own link is the only one.
        assert_eq!(unescaped(&all, '['), 1, "{all}");
        assert_eq!(unescaped(&all, '*'), 0, "{all}");
    }

    #[test]
    fn hostile_text_in_google_chat() {
        let v = body(ChannelKind::GoogleChat, &hostile());
        let card = text(&v["cardsV2"]);
        const OURS: [&str; 7] = [
            "b>",
            "/b>",
            "a href=\"https://status.acme.example/",
            "/a>",
            "font color=\"#",
            "/font>",
            "br>",
        ];
        for (i, _) in card.match_indices('<') {
            let after = &card[i + 1..];
            assert!(
                OURS.iter().any(|t| after.starts_with(t)),
                "foreign tag at {}",
                &card[i..]
            );
        }
        assert!(!card.contains("<script") && !card.contains("<users/") && !card.contains("\"http://evil"));
        let fallback = v["fallbackText"].as_str().unwrap();
        for (i, _) in fallback.match_indices('<') {
            assert!(fallback[i + 1..].starts_with(ZWJ), "open < in fallback: {fallback}");
        }
        assert!(!fallback.contains("<users/all>") && !fallback.contains("<http"));
    }

    #[test]
    fn long_titles_are_cut_within_each_limit() {
        let mut n = without_url();
        n.title = "é".repeat(300);
        let v = body(ChannelKind::Slack, &n);
        assert_cut(
            v["attachments"][0]["blocks"][0]["text"]["text"].as_str().unwrap(),
            SLACK_HEADER_MAX,
        );
        let v = body(ChannelKind::Discord, &n);
        assert_cut(v["embeds"][0]["title"].as_str().unwrap(), DISCORD_TITLE_MAX);
        let v = body(ChannelKind::Teams, &n);
        assert_cut(
            v["attachments"][0]["content"]["body"][1]["text"].as_str().unwrap(),
            TEAMS_TITLE_MAX,
        );
        let v = body(ChannelKind::GoogleChat, &n);
        let paragraph = v["cardsV2"][0]["card"]["sections"][0]["widgets"][0]["textParagraph"]["text"]
            .as_str()
            .unwrap();
        assert_cut(
            paragraph.trim_start_matches("<b>").trim_end_matches("</b>"),
            GOOGLE_TITLE_MAX,
        );
    }

    #[test]
    fn limits_count_utf16_units() {
        let mut n = sample();
        n.title = "😀".repeat(200);
        let v = body(ChannelKind::Discord, &n);
        let title = v["embeds"][0]["title"].as_str().unwrap();
        assert!(utf16_len(title) <= DISCORD_TITLE_MAX && title.ends_with('…'), "{title}");
    }

    #[test]
    fn cutting_never_splits_an_escape() {
        assert_eq!(fit("a&b&c", 8, escape_slack), "a&amp;b…");
        assert_eq!(fit("a*b*c", 5, escape_discord), "a\\*b…");
        assert_eq!(fit("short", 5, escape_discord), "short");
        assert_eq!(fit("ab  cd", 4, break_mentions), "ab…");
    }

    #[test]
    fn a_huge_incident_stays_within_discords_total() {
        let mut n = sample();
        n.body_text = "x".repeat(10_000);
        n.components = (0..40)
            .map(|i| (format!("{i}{}", "c".repeat(200)), ComponentStatus::MajorOutage))
            .collect();
        n.window = Some("w".repeat(2000));
        let v = body(ChannelKind::Discord, &n);
        let embed = &v["embeds"][0];
        let fields = embed["fields"].as_array().unwrap();
        assert_eq!(fields.len(), MAX_LISTED + 2);
        assert_eq!(fields[MAX_LISTED + 1]["value"], "and 20 more");
        let total: usize = [&embed["title"], &embed["description"], &embed["footer"]["text"]]
            .into_iter()
            .chain(fields.iter().flat_map(|f| [&f["name"], &f["value"]]))
            .map(|s| utf16_len(s.as_str().unwrap()))
            .sum();
        assert!(total <= DISCORD_EMBED_MAX, "{total}");
    }

    #[test]
    fn mentions_are_broken() {
        let z = ZWJ;
        for (input, want) in [
            ("@everyone", format!("@{z}everyone")),
            ("hi @HERE now", format!("hi @{z}HERE now")),
            ("<@U123>", format!("<{z}@U123>")),
            ("@all", format!("@{z}all")),
            ("ops@acme.example", "ops@acme.example".to_owned()),
        ] {
            assert_eq!(break_mentions(input), want, "{input}");
        }
    }

    #[test]
    fn markdown_escapes_line_starts_only_where_lists_begin() {
        assert_eq!(
            escape_discord("- a\n  + b\n12. c\nx-y 3.5"),
            "\\- a\n  \\+ b\n12\\. c\nx-y 3.5"
        );
        assert_eq!(escape_teams("[x](y) *z* #"), "\\[x\\]\\(y\\) \\*z\\* #");
    }

    #[test]
    fn adaptive_colours_follow_the_theme() {
        for (status, want) in [
            (ComponentStatus::Operational, "good"),
            (ComponentStatus::DegradedPerformance, "warning"),
            (ComponentStatus::PartialOutage, "warning"),
            (ComponentStatus::MajorOutage, "attention"),
            (ComponentStatus::UnderMaintenance, "accent"),
        ] {
            assert_eq!(adaptive_colour(notice::colour(status)), want, "{status:?}");
        }
        assert_eq!(adaptive_colour("#808080"), "default");
        assert_eq!(adaptive_colour("nonsense"), "default");
    }

    #[test]
    fn slack_link_targets_cannot_end_the_link() {
        assert_eq!(
            slack_link_url("https://a.example/?x=1&y=2|3>"),
            "https://a.example/?x=1&amp;y=2%7C3%3E"
        );
    }
}
