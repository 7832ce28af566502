//! `status.json`: the explicit conversion from the [`SiteModel`] into the public feed types of
//! `statusmark-feed`. Internal structs are never serialised directly.

use crate::content::text::TextError;
use statusmark_feed::feed::{
    FEED_VERSION, FeedCheck, FeedComponent, FeedGroup, FeedIncident, FeedIncidentUpdate, FeedMaintenance, FeedMetric,
    FeedPhaseChange, FeedProbe, FeedUpstream, FeedUpstreamComponent, OverallStatus, PageInfo, StatusFeed,
};

use super::RenderContext;
use super::plan::Planned;
use crate::markdown::to_plain;
use crate::model::SiteModel;

/// `t` in UTC to the second, as `2026-11-20T12:00:00Z`. Written digit by digit: every page,
/// feed and API file has many, and `write!` with padding was 1 % of a build.
pub fn rfc3339(t: jiff::Timestamp) -> String {
    let d = jiff::tz::Offset::UTC.to_datetime(t);
    let Ok(year) = u16::try_from(d.year()) else {
        return t.strftime("%Y-%m-%dT%H:%M:%SZ").to_string();
    };
    let mut out = [0u8; 20];
    let mut at = 0;
    // From the last digit back, dividing by ten (a multiplication): a power of ten for each
    // digit was most of the time this took.
    let mut put = |mut n: u16, width: usize, after: u8| {
        for digit in out[at..at + width].iter_mut().rev() {
            *digit = b'0' + (n % 10) as u8;
            n /= 10;
        }
        at += width;
        out[at] = after;
        at += 1;
    };
    put(year, 4, b'-');
    put(u16::from(d.month().unsigned_abs()), 2, b'-');
    put(u16::from(d.day().unsigned_abs()), 2, b'T');
    put(u16::from(d.hour().unsigned_abs()), 2, b':');
    put(u16::from(d.minute().unsigned_abs()), 2, b':');
    put(u16::from(d.second().unsigned_abs()), 2, b'Z');
    // Digits and ASCII separators only (checked in a few word compares; `from_utf8_lossy` was
    // 40 % of this function).
    std::str::from_utf8(&out).map_or_else(|_| String::new(), str::to_owned)
}

/// An absolute URL when the site has a base URL, otherwise one relative to the site root.
pub fn site_url(model: &SiteModel, path: &str) -> String {
    match &model.config.base_url {
        Some(base) => format!("{base}{path}"),
        None => path.to_owned(),
    }
}

pub fn build(model: &SiteModel) -> Result<StatusFeed, TextError> {
    let cfg = &model.config;
    let incidents = model
        .active
        .iter()
        .chain(&model.recent)
        .map(|&n| model.incident(n))
        .map(|i| {
            let text = i.text()?;
            Ok(FeedIncident {
                id: i.slug.clone(),
                title: i.title.clone(),
                impact: i.impact,
                status: i.status(),
                started_at: rfc3339(i.started),
                resolved_at: i.resolved.map(rfc3339),
                latest_update: (!i.updates.is_empty())
                    .then(|| to_plain(text.update(0)))
                    .or_else(|| Some(to_plain(text.summary())).filter(|s| !s.is_empty())),
                url: site_url(model, &format!("incidents/{}/", i.slug)),
                components: i.affected().map(str::to_owned).collect(),
                updates: i
                    .updates
                    .iter()
                    .enumerate()
                    .map(|(n, u)| FeedIncidentUpdate {
                        at: rfc3339(u.at),
                        status: u.status,
                        body: to_plain(text.update(n)),
                    })
                    .collect(),
            })
        })
        .collect::<Result<_, TextError>>()?;
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
            // What the author stated (a `## Scheduled` leaves it to the clock, so it is left out),
            // for readers to apply the phase rule by their own clock.
            phase_changes: m
                .updates
                .iter()
                .rev()
                .filter_map(|u| u.phase.map(|phase| (u.at, phase)))
                .filter(|(_, phase)| *phase != statusmark_feed::MaintenancePhase::Scheduled)
                .map(|(at, phase)| FeedPhaseChange { at: rfc3339(at), phase })
                .collect(),
            auto_complete: m.auto_complete,
            emergency: m.emergency,
        })
        .collect();
    Ok(StatusFeed {
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
                // The figure the pages show: two decimals, rounded down (never 100 with any
                // downtime); fewer digits also keep the feed stable and small.
                uptime: state.uptime.hundredths(),
            })
            .collect(),
        incidents,
        maintenances,
        probes: probes(model),
        metrics: metrics(model),
        upstreams: upstreams(model),
    })
}

/// Each upstream as the home page shows it: unknown when its snapshot is missing or stale.
pub(crate) fn upstreams(model: &SiteModel) -> Vec<FeedUpstream> {
    use statusmark_feed::ComponentStatus;
    model
        .config
        .upstreams
        .iter()
        .zip(&model.upstreams)
        .map(|(u, s)| {
            let snap = s.snapshot.as_ref();
            FeedUpstream {
                id: u.id.clone(),
                name: u.name.clone(),
                url: snap.map_or_else(|| u.link.clone().unwrap_or_default(), |snap| snap.link(u).to_owned()),
                status: s.status,
                stale: s.stale,
                last_known_status: s.last_known(u).filter(|_| s.stale),
                fetched_at: snap.map(|snap| rfc3339(snap.fetched_at)),
                affects_overall: u.affects_overall,
                components: snap
                    .into_iter()
                    .flat_map(|snap| &snap.components)
                    .map(|c| FeedUpstreamComponent {
                        id: c.id.clone(),
                        name: c.name.clone(),
                        // A stale snapshot says nothing about now.
                        status: if s.stale {
                            ComponentStatus::Unknown
                        } else {
                            ComponentStatus::from_name(&c.status)
                        },
                    })
                    .collect(),
                incidents: snap
                    .filter(|_| !s.stale)
                    .into_iter()
                    .flat_map(|snap| &snap.incidents)
                    .map(|i| i.title.clone())
                    .collect(),
            }
        })
        .collect()
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
    inert_json(serde_json::to_string_pretty(value).unwrap_or_else(|_| "{}".to_owned()))
}

/// [`json_text`] of JSON already written: `<`, `>` and `&` escaped, a newline added.
pub fn inert_json(mut json: String) -> String {
    // These characters only occur inside strings in JSON, so replacing them is always valid.
    // Found with `memchr3`: most documents (uptime figures, the API's lists) have none, and three
    // `replace` calls copied each of them three times.
    let bytes = json.as_bytes();
    if memchr::memchr3(b'<', b'>', b'&', bytes).is_none() {
        json.push('\n');
        return json;
    }
    let mut out = String::with_capacity(json.len() + 64);
    let mut from = 0;
    for at in memchr::memchr3_iter(b'<', b'>', b'&', bytes) {
        out.push_str(&json[from..at]);
        out.push_str(match bytes[at] {
            b'<' => "\\u003c",
            b'>' => "\\u003e",
            _ => "\\u0026",
        });
        from = at + 1;
    }
    out.push_str(&json[from..]);
    out.push('\n');
    out
}

/// `status.json`, and `status.schema.json`: the feed's JSON Schema, generated from the types.
pub fn plan<'r>(cx: &'r RenderContext<'_>) -> Vec<Planned<'r>> {
    vec![
        match build(cx.model) {
            Ok(feed) => Planned::ready("status.json", json_text(&feed)),
            Err(e) => Planned::failed("status.json", e),
        },
        Planned::ready("status.schema.json", SCHEMA.as_str()),
    ]
}

/// `status.schema.json`, the same at every build: generated once a process, not at each of
/// `serve`'s rebuilds.
static SCHEMA: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| json_text(&schemars::schema_for!(StatusFeed)));

#[cfg(test)]
mod tests {
    #[test]
    fn json_text_escapes_markup_characters_in_one_pass() {
        for value in ["plain", "<b>&amp;</b>", "a > b & c < d", "&&<<>>", "é<ü>"] {
            let pretty = serde_json::to_string_pretty(value).unwrap();
            let before = pretty
                .replace('<', "\\u003c")
                .replace('>', "\\u003e")
                .replace('&', "\\u0026")
                + "\n";
            assert_eq!(super::json_text(value), before, "{value}");
            let back: String = serde_json::from_str(&super::json_text(value)).unwrap();
            assert_eq!(back, value);
        }
    }

    #[test]
    fn rfc3339_reads_as_strftime_writes_it() {
        let times = [
            "2026-11-20T12:00:00Z",
            "0001-01-01T00:00:00Z",
            "0000-01-01T00:00:00Z",
            "1999-09-09T09:09:09Z",
            "2000-10-31T10:10:10Z",
            "9999-12-01T23:59:59.5Z",
            "-000044-03-15T12:00:00Z",
            "2026-03-29T01:30:07.123456789Z",
        ];
        for t in times {
            let t: jiff::Timestamp = t.parse().unwrap_or_else(|e| panic!("{t}: {e}"));
            assert_eq!(super::rfc3339(t), t.strftime("%Y-%m-%dT%H:%M:%SZ").to_string());
        }
    }
}
