//! `status.json`: the explicit conversion from the [`SiteModel`] into the public feed types of
//! `statusmark-feed`. Internal structs are never serialised directly.

use statusmark_feed::feed::{
    FEED_VERSION, FeedCheck, FeedComponent, FeedGroup, FeedIncident, FeedMaintenance, FeedMetric, FeedProbe,
    OverallStatus, PageInfo, StatusFeed,
};

use super::RenderContext;
use super::plan::Planned;
use crate::markdown::to_plain;
use crate::model::SiteModel;

pub fn rfc3339(t: jiff::Timestamp) -> String {
    t.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// An absolute URL when the site has a base URL, otherwise one relative to the site root.
pub fn site_url(model: &SiteModel, path: &str) -> String {
    match &model.config.base_url {
        Some(base) => format!("{base}{path}"),
        None => path.to_owned(),
    }
}

pub fn build(model: &SiteModel) -> StatusFeed {
    let cfg = &model.config;
    let incidents = model
        .active
        .iter()
        .chain(&model.recent)
        .map(|&n| model.incident(n))
        .map(|i| FeedIncident {
            id: i.slug.clone(),
            title: i.title.clone(),
            impact: i.impact,
            status: i.status(),
            started_at: rfc3339(i.started),
            resolved_at: i.resolved.map(rfc3339),
            latest_update: i
                .updates
                .first()
                .map(|u| to_plain(&u.body))
                .or_else(|| Some(to_plain(&i.summary)).filter(|s| !s.is_empty())),
            url: site_url(model, &format!("incidents/{}/", i.slug)),
            components: i.affected().map(str::to_owned).collect(),
        })
        .collect();
    let maintenances = model
        .current_maintenance
        .iter()
        .map(|&n| model.maintenance(n))
        .map(|m| FeedMaintenance {
            id: m.slug.clone(),
            title: m.title.clone(),
            status: m.phase_at(model.now),
            scheduled_for: rfc3339(m.scheduled_for),
            scheduled_until: rfc3339(m.scheduled_until),
            url: site_url(model, &format!("maintenance/{}/", m.slug)),
            components: m.components.clone(),
        })
        .collect();
    StatusFeed {
        version: FEED_VERSION,
        page: PageInfo {
            name: cfg.title.clone(),
            url: cfg.base_url.clone().unwrap_or_default(),
        },
        generated_at: rfc3339(model.now),
        stale_after_seconds: Some(cfg.stale_after.as_secs().unsigned_abs()),
        status: OverallStatus {
            indicator: model.indicator,
            description: model.indicator.description().to_owned(),
        },
        groups: cfg
            .groups
            .iter()
            .map(|g| FeedGroup {
                id: g.id.clone(),
                name: g.name.clone(),
            })
            .collect(),
        components: cfg
            .components
            .iter()
            .zip(&model.components)
            .map(|(c, state)| FeedComponent {
                id: c.id.clone(),
                name: c.name.clone(),
                status: state.status,
                group: c.group.clone(),
                // Two decimals are all a reader shows; fewer digits keep the feed stable and small.
                uptime: state.uptime.map(|u| (u * 100.0).round() / 100.0),
            })
            .collect(),
        incidents,
        maintenances,
        probes: probes(model),
        metrics: metrics(model),
    }
}

pub(crate) fn probes(model: &SiteModel) -> Vec<FeedProbe> {
    model
        .config
        .probes
        .iter()
        .zip(&model.probes)
        .map(|(p, s)| FeedProbe {
            id: p.id.clone(),
            component: p.component.clone(),
            checks: s.availability.checks,
            availability: s.measured_percent(),
            p50_ms_24h: s.last_24h.p50,
            p95_ms_24h: s.last_24h.p95,
            latency_target_ms: p.latency_target_ms,
            latest: s.latest.map(|l| FeedCheck {
                at: rfc3339(l.at),
                up: l.up,
                total_ms: l.total_ms,
            }),
        })
        .collect()
}

pub(crate) fn metrics(model: &SiteModel) -> Vec<FeedMetric> {
    use crate::measure::read::SnapshotState;
    model
        .config
        .metrics
        .iter()
        .zip(&model.metrics)
        .map(|(m, s)| FeedMetric {
            id: m.id.clone(),
            name: m.name.clone(),
            component: m.component.clone(),
            unit: m.unit.clone(),
            value: s.latest.map(|(_, v)| v),
            at: s
                .latest
                .and_then(|(t, _)| jiff::Timestamp::from_second(t).ok())
                .map(rfc3339),
            target: m.target.map(|t| {
                let op = match t.op {
                    crate::content::measure::Op::Lt => "<",
                    crate::content::measure::Op::Le => "<=",
                    crate::content::measure::Op::Gt => ">",
                    crate::content::measure::Op::Ge => ">=",
                };
                format!("{op} {}", t.value)
            }),
            met: s.met,
            fetched_at: s.fetched_at.map(rfc3339),
            stale: s.state == SnapshotState::Stale,
        })
        .collect()
}

/// Pretty JSON with `<`, `>` and `&` escaped as `\u003c`-style sequences: the same data for any
/// JSON parser, and inert if a host sniffs it as HTML or someone pastes it into a page.
pub fn json_text<T: serde::Serialize + ?Sized>(value: &T) -> String {
    // Serialising plain data cannot fail; fall back to an empty object rather than panic.
    let json = serde_json::to_string_pretty(value).unwrap_or_else(|_| "{}".to_owned());
    // These characters only occur inside strings in JSON, so replacing them is always valid.
    let mut out = json
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026");
    out.push('\n');
    out
}

/// `status.json`, and `status.schema.json`: the feed's JSON Schema, generated from the types.
pub fn plan<'r>(cx: &'r RenderContext<'_>) -> Vec<Planned<'r>> {
    vec![
        Planned::ready("status.json", json_text(&build(cx.model))),
        Planned::ready("status.schema.json", json_text(&schemars::schema_for!(StatusFeed))),
    ]
}
