//! The embedded widget's views. Every string from a feed becomes a text node.

use leptos::prelude::*;
use statusmark_feed::{ComponentStatus, Indicator, StatusFeed};

use crate::options::{Options, Theme, Variant, safe_link};
use crate::poll::{age_text, is_stale};
use crate::{LiveState, STALE_AFTER_MS, parse_ms};

/// The widget's stylesheet, inside its shadow root. Colours and font are custom properties the
/// host page may set on the element (`statusmark-status { --sm-font: … }`).
pub const WIDGET_CSS: &str = include_str!("widget.css");

/// The statuses shown, worked out with the browser clock (maintenance phases move on their own).
fn statuses_now(feed: &StatusFeed, now: f64) -> Vec<(usize, ComponentStatus)> {
    feed.components
        .iter()
        .enumerate()
        .map(|(i, c)| (i, feed.component_status_at(c, now as i64, parse_ms)))
        .collect()
}

fn indicator_now(feed: &StatusFeed, statuses: &[(usize, ComponentStatus)], opts: &Options) -> Indicator {
    let shown: Vec<ComponentStatus> = statuses
        .iter()
        .filter(|(i, _)| opts.shows(&feed.components[*i].id))
        .map(|(_, s)| *s)
        .collect();
    if shown.is_empty() && opts.components.is_empty() {
        feed.status.indicator
    } else {
        Indicator::from_components(shown)
    }
}

fn link_for(opts: &Options, feed: Option<&StatusFeed>) -> String {
    opts.link
        .clone()
        .or_else(|| {
            feed.map(|f| f.page.url.clone())
                .filter(|u| safe_link(u) && !u.is_empty())
        })
        .unwrap_or_else(|| "#".to_owned())
}

pub fn widget(opts: Options, state: RwSignal<LiveState>) -> impl IntoView {
    let theme = match opts.theme {
        Theme::Auto => "sm auto",
        Theme::Light => "sm light",
        Theme::Dark => "sm dark",
    };
    let opts2 = opts.clone();
    // The announcement changes only when the overall status does, so screen readers hear changes,
    // not every poll.
    let announcement = Memo::new(move |_| {
        let s = state.get();
        s.feed.as_ref().map(|f| {
            let st = statuses_now(f, s.now_ms);
            indicator_now(f, &st, &opts2).description().to_owned()
        })
    });
    view! {
        <div class=theme>
            <span class="sr" role="status" aria-live="polite">{move || announcement.get().unwrap_or_default()}</span>
            {move || body(&opts, &state.get())}
        </div>
    }
}

fn body(opts: &Options, s: &LiveState) -> AnyView {
    let Some(feed) = s.feed.as_ref() else {
        let link = link_for(opts, None);
        return if s.settled {
            view! { <a class="row unavailable" href=link target="_top"><span class="dot ind-unknown" aria-hidden="true"></span><span class="txt">"Status unavailable"</span><span class="more">"View status page"</span></a> }.into_any()
        } else {
            view! { <span class="row loading"><span class="dot ind-unknown" aria-hidden="true"></span><span class="txt">"Loading status…"</span></span> }.into_any()
        };
    };
    let statuses = statuses_now(feed, s.now_ms);
    let indicator = indicator_now(feed, &statuses, opts);
    let stale = s.failures > 0
        || is_stale(
            s.now_ms,
            s.last_good_ms,
            opts.poll_secs,
            parse_ms(&feed.generated_at).map(|g| g as f64),
            STALE_AFTER_MS,
        );
    let age_from = if s.failures > 0 {
        s.last_good_ms
    } else {
        parse_ms(&feed.generated_at).map_or(s.last_good_ms, |g| g as f64)
    };
    let stale_note =
        stale.then(|| view! { <span class="stale">{format!("Last updated {}", age_text(s.now_ms - age_from))}</span> });
    let link = link_for(opts, Some(feed));
    let header = view! {
        <a class="row head" href=link.clone() target="_top" data-indicator=indicator.as_str()>
            <span class=format!("dot ind-{}", indicator.as_str()) aria-hidden="true"></span>
            <span class="txt">{indicator.description()}</span>
            {stale_note}
        </a>
    };
    match opts.variant {
        Variant::Badge => view! { <div class="badge" class:is-stale=stale>{header}</div> }.into_any(),
        Variant::Compact => {
            let problems: Vec<_> = statuses
                .iter()
                .filter(|(i, st)| opts.shows(&feed.components[*i].id) && *st != ComponentStatus::Operational)
                .map(|(i, st)| component_row(&feed.components[*i].name, &feed.components[*i].id, *st))
                .collect();
            let incidents = incident_rows(feed, opts);
            view! { <div class="compact" class:is-stale=stale>{header}<ul class="list">{problems}{incidents}</ul></div> }.into_any()
        }
        Variant::Full => {
            let groups: Vec<_> = feed
                .grouped()
                .into_iter()
                .filter_map(|(group, members)| {
                    let rows: Vec<_> = members
                        .into_iter()
                        .filter(|c| opts.shows(&c.id))
                        .map(|c| {
                            let st = statuses
                                .iter()
                                .find(|(i, _)| feed.components[*i].id == c.id)
                                .map_or(c.status, |(_, s)| *s);
                            component_row(&c.name, &c.id, st)
                        })
                        .collect();
                    if rows.is_empty() {
                        return None;
                    }
                    let title = group.map(|g| view! { <li class="group">{g.name.clone()}</li> });
                    Some(view! { {title}{rows} })
                })
                .collect();
            let incidents = incident_rows(feed, opts);
            let maintenance: Vec<_> = feed
                .maintenances
                .iter()
                .filter(|m| m.components.is_empty() || m.components.iter().any(|c| opts.shows(c)))
                .map(|m| {
                    let phase = match (parse_ms(&m.scheduled_for), parse_ms(&m.scheduled_until)) {
                        (Some(f), Some(u)) => statusmark_feed::MaintenancePhase::at(f, u, s.now_ms as i64, m.status == statusmark_feed::MaintenancePhase::Cancelled),
                        _ => m.status,
                    };
                    let when = local_time(&m.scheduled_for);
                    view! { <li class="maint"><span class="tag">{phase.label()}</span>" "{m.title.clone()}<span class="when">{when}</span></li> }
                })
                .collect();
            view! { <div class="full" class:is-stale=stale>{header}<ul class="list">{groups}{incidents}{maintenance}</ul></div> }.into_any()
        }
    }
}

fn component_row(name: &str, id: &str, status: ComponentStatus) -> impl IntoView + use<> {
    view! {
        <li class="comp" data-component=id.to_owned()>
            <span class="name">{name.to_owned()}</span>
            <span class=format!("st st-{}", status.as_str())><span class="dot" aria-hidden="true"></span>{status.label()}</span>
        </li>
    }
}

fn incident_rows(feed: &StatusFeed, opts: &Options) -> Vec<impl IntoView + use<>> {
    feed.incidents
        .iter()
        .filter(|i| i.resolved_at.is_none() && (i.components.is_empty() || i.components.iter().any(|c| opts.shows(c))))
        .map(|i| {
            let href = Some(i.url.clone()).filter(|u| safe_link(u) && !u.is_empty()).unwrap_or_else(|| "#".to_owned());
            view! { <li class="inc"><a href=href target="_top">{i.title.clone()}</a><span class="tag">{i.status.label()}</span></li> }
        })
        .collect()
}

/// A time in the viewer's zone and locale.
fn local_time(rfc3339: &str) -> String {
    let d = js_sys::Date::new(&rfc3339.into());
    if d.get_time().is_nan() {
        return String::new();
    }
    String::from(d.to_locale_string("default", &js_sys::Object::new()))
}
