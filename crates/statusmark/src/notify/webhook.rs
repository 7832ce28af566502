//! Webhook bodies in Statuspage's webhook shape (`meta`, `page`, then `incident` or
//! `component_update` with `component`), so receivers written for Statuspage work unchanged, plus
//! the event's id and type in `meta`.

use serde_json::{Value, json};
use statusmark_feed::statuspage::Component;

use super::events::{Event, Subject, stamp};
use super::notice::EventKind;
use crate::content::text::TextError;
use crate::markdown::to_plain;
use crate::model::SiteModel;
use crate::render::api;

/// The body for one event. `components` is the API's component list (computed once per run).
pub fn payload(
    model: &SiteModel,
    components: &[Component],
    event: &Event,
    kind: EventKind,
    sent_at: jiff::Timestamp,
) -> Result<Value, TextError> {
    let page = api::page(model);
    let meta = json!({
        "unsubscribe": "",
        "documentation": model.config.base_url.clone().unwrap_or_default(),
        "generated_at": stamp(sent_at),
        "event_id": event.id,
        "event_type": kind.as_str(),
    });
    let page = json!({
        "id": page.id,
        "status_indicator": model.indicator.as_str(),
        "status_description": model.indicator.description(),
    });
    Ok(match &event.subject {
        Subject::Incident { index, .. } => {
            let mut incident = api::incident(model, model.incident(*index), components)?;
            // The timeline as it stood at this event (an update later in the file is a later event).
            if let Some(at) = event.at.map(stamp) {
                incident.incident_updates.retain(|u| u.display_at <= at);
            }
            let postmortem = model.incident(*index).text()?.postmortem().map(to_plain);
            json!({ "meta": meta, "page": page, "incident": complete(json!(incident), postmortem, false) })
        }
        Subject::Maintenance { index, .. } => {
            let m = api::maintenance(model, model.maintenance(*index), components);
            json!({ "meta": meta, "page": page, "incident": complete(json!(m), None, true) })
        }
        Subject::Component { index, old, new } => {
            let id = &model.config.components[*index].id;
            let component = components.iter().find(|c| &c.id == id && !c.group);
            let at = event.at.map_or_else(|| stamp(sent_at), stamp);
            json!({
                "meta": meta,
                "page": page,
                "component_update": {
                    "old_status": old,
                    "new_status": new,
                    "created_at": at,
                    "component_type": "Component",
                    "id": event.id,
                    "component_id": id,
                },
                "component": component,
            })
        }
    })
}

/// The fields a Statuspage webhook's incident carries beyond the API's incident object, with the
/// values that fit a page built from files (no tweets, no automation flags).
fn complete(mut incident: Value, postmortem: Option<String>, maintenance: bool) -> Value {
    let Some(obj) = incident.as_object_mut() else {
        return incident;
    };
    let published = postmortem.is_some().then(|| obj.get("updated_at").cloned()).flatten();
    let extra = json!({
        "postmortem_ignored": false,
        "postmortem_body": postmortem,
        "postmortem_body_last_updated_at": published,
        "postmortem_published_at": published,
        "postmortem_notified_subscribers": published.is_some(),
        "postmortem_notified_twitter": false,
        "backfilled": false,
        "scheduled_remind_prior": maintenance,
        "scheduled_reminded_at": null,
        "impact_override": null,
        "scheduled_auto_in_progress": maintenance,
        "scheduled_auto_completed": maintenance,
    });
    if let Some(extra) = extra.as_object() {
        for (k, v) in extra {
            obj.entry(k.clone()).or_insert_with(|| v.clone());
        }
    }
    for key in ["scheduled_for", "scheduled_until"] {
        obj.entry(key).or_insert(Value::Null);
    }
    if let Some(Value::Array(updates)) = obj.get_mut("incident_updates") {
        for u in updates.iter_mut().filter_map(Value::as_object_mut) {
            u.entry("wants_twitter_update").or_insert(Value::Bool(false));
            u.entry("twitter_updated_at").or_insert(Value::Null);
        }
    }
    incident
}
