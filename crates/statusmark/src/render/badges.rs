//! `badges/`: shields.io-style SVG badges (rendered by the `shields` crate, byte-identical to
//! shields.io, text escaped, `role="img"` with a `<title>`) and a shields.io "endpoint" JSON next
//! to each, so people can restyle them through shields.io.

use statusmark_feed::timeline::UptimeTally;
use statusmark_feed::{ComponentStatus, Indicator};

use super::RenderContext;
use super::plan::Planned;

fn indicator_color(i: Indicator) -> &'static str {
    match i {
        Indicator::None => "brightgreen",
        Indicator::Minor => "yellow",
        Indicator::Major => "orange",
        Indicator::Critical => "red",
        Indicator::Maintenance => "blue",
        Indicator::Unknown => "lightgrey",
    }
}

fn status_color(s: ComponentStatus) -> &'static str {
    match s {
        ComponentStatus::Operational => "brightgreen",
        ComponentStatus::DegradedPerformance => "yellow",
        ComponentStatus::PartialOutage => "orange",
        ComponentStatus::MajorOutage => "red",
        ComponentStatus::UnderMaintenance => "blue",
        ComponentStatus::Unknown => "lightgrey",
    }
}

/// Red below the SLA, else by the figure shown; judged exactly, as the pages and reports do.
fn uptime_color(uptime: &UptimeTally, sla: Option<f64>) -> &'static str {
    let at_least = |pct: f64| uptime.meets(pct) == Some(true);
    match sla {
        Some(target) if !at_least(target) => "red",
        _ if at_least(99.9) => "brightgreen",
        _ if at_least(99.0) => "green",
        _ if at_least(95.0) => "yellow",
        _ => "orange",
    }
}

fn badge<'r>(path: &str, label: &str, message: &str, color: &str) -> [Planned<'r>; 2] {
    let svg = shields::render_badge_svg(&shields::BadgeParams {
        message_color: Some(color),
        ..shields::BadgeParams::new(label, message)
    });
    let endpoint = serde_json::json!({ "schemaVersion": 1, "label": label, "message": message, "color": color });
    [
        Planned::ready(format!("badges/{path}.svg"), svg),
        Planned::ready(format!("badges/{path}.json"), super::feed::json_text(&endpoint)),
    ]
}

pub fn plan<'r>(cx: &'r RenderContext<'_>) -> Vec<Planned<'r>> {
    let (model, lang) = (cx.model, cx.lang);
    let mut files = Vec::new();
    files.extend(badge(
        "status",
        &lang.say("badge-status"),
        &lang.indicator(model.indicator),
        indicator_color(model.indicator),
    ));
    for (c, state) in model.config.components.iter().zip(&model.components) {
        files.extend(badge(
            &format!("components/{}", c.id),
            &c.name,
            &lang.status(state.status),
            status_color(state.status),
        ));
        let (message, color) = match state.uptime.shown() {
            Some(u) => (
                lang.text("badge-percent", &[("value", lang.number(&u).into())]),
                uptime_color(&state.uptime, c.sla),
            ),
            None => (lang.say("badge-no-data"), "lightgrey"),
        };
        files.extend(badge(
            &format!("components/{}/uptime", c.id),
            &lang.text("badge-uptime", &[("component", c.name.as_str().into())]),
            &message,
            color,
        ));
    }
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Regression: badges rounded to nearest and compared floats, so 99.996 % read "100.00%" and
    /// 99.89999 % was green beside an SLA of 99.9. They follow the reports' rule now.
    #[test]
    fn uptime_colour_follows_the_figure_shown_and_the_exact_sla() {
        // 10,000,000 ms observed: 1 ms of downtime is 0.00001 %.
        let t = |downtime_ms: f64| UptimeTally {
            observed_ms: 10_000_000,
            downtime_ms,
        };
        assert_eq!(uptime_color(&t(10_000.0), Some(99.9)), "brightgreen"); // 99.9 exactly: met
        assert_eq!(uptime_color(&t(10_001.0), Some(99.9)), "red"); // 99.89999 %
        assert_eq!(uptime_color(&t(10_001.0), None), "green");
        assert_eq!(uptime_color(&t(100_000.0), None), "green"); // 99.0 exactly
        assert_eq!(uptime_color(&t(500_001.0), None), "orange"); // just below 95
    }
}
