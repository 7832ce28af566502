//! `badges/`: shields.io-style SVG badges (rendered by the `shields` crate, byte-identical to
//! shields.io, text escaped, `role="img"` with a `<title>`) and a shields.io "endpoint" JSON next
//! to each, so people can restyle them through shields.io.

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

fn uptime_color(pct: f64, sla: Option<f64>) -> &'static str {
    match sla {
        Some(target) if pct < target => "red",
        _ if pct >= 99.9 => "brightgreen",
        _ if pct >= 99.0 => "green",
        _ if pct >= 95.0 => "yellow",
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
    let model = cx.model;
    let mut files = Vec::new();
    files.extend(badge(
        "status",
        "status",
        model.indicator.description(),
        indicator_color(model.indicator),
    ));
    for (c, state) in model.config.components.iter().zip(&model.components) {
        files.extend(badge(
            &format!("components/{}", c.id),
            &c.name,
            state.status.label(),
            status_color(state.status),
        ));
        let (message, color) = match state.uptime {
            Some(u) => (format!("{u:.2}%"), uptime_color(u, c.sla)),
            None => ("no data".to_owned(), "lightgrey"),
        };
        files.extend(badge(
            &format!("components/{}/uptime", c.id),
            &format!("{} uptime", c.name),
            &message,
            color,
        ));
    }
    files
}
