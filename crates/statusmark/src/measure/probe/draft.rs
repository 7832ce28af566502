//! Draft incidents for probes that keep failing: one per outage, never published by itself.
//!
//! An outage is a run of consecutive `down` lines in a probe's files (read back across month
//! files until the run is broken). Its draft's file name comes from the probe and the outage's
//! first failure, so a later run of the same outage finds the draft already there and writes
//! nothing; an outage after an `up` has another first failure, hence another draft.

use std::io::Write;
use std::path::Path;

use jiff::Timestamp;
use sha2::{Digest, Sha256};

use crate::content::config::{Config, valid_id};
use crate::content::measure::Probe;
use crate::measure::data::{Outcome, ProbeRecord};

use super::ProbeError;
use super::store::{month_files, read_records};

/// How far back an unbroken outage is followed (files are monthly).
const MONTHS_BACK: usize = 120;

/// The failures at the end of a probe's history: how many, the first and the last.
#[derive(Clone, Debug, PartialEq)]
pub struct Outage {
    pub failures: usize,
    pub first: Timestamp,
    pub last: ProbeRecord,
}

/// The unbroken run of `down` records up to `now` (records after `now` are ignored), if the last
/// record is `down`.
pub fn current_outage(root: &Path, probe_id: &str, now: Timestamp) -> Option<Outage> {
    let mut outage: Option<Outage> = None;
    for rel in month_files(probe_id, now, MONTHS_BACK) {
        let records = read_records(root, &rel);
        if records.is_empty() && outage.is_some() {
            break; // no data that month: the outage cannot be followed further back
        }
        for r in records.into_iter().rev().filter(|r| r.time <= now) {
            if r.outcome != Outcome::Down {
                return outage;
            }
            match &mut outage {
                Some(o) => {
                    o.failures += 1;
                    o.first = r.time;
                }
                None => {
                    outage = Some(Outage {
                        failures: 1,
                        first: r.time,
                        last: r,
                    });
                }
            }
        }
        // The newest month file has nothing yet: no current outage.
        outage.as_ref()?;
    }
    outage
}

/// `incidents/<date>-<probe-id>-failing-<hhmmss>.md`, from the probe and the first failure (UTC).
pub fn draft_path(probe_id: &str, first: Timestamp) -> String {
    let mut slug = format!(
        "{}-{probe_id}-failing-{}",
        first.strftime("%Y-%m-%d"),
        first.strftime("%H%M%S")
    );
    if !valid_id(&slug) {
        // A long probe id: keep the slug within the 64 characters a file name may have here,
        // still unique to the probe.
        let hash = Sha256::digest(probe_id.as_bytes());
        let tag: String = hash.iter().take(4).map(|b| format!("{b:02x}")).collect();
        let keep: String = probe_id.chars().take(64 - 35).collect();
        slug = format!(
            "{}-{keep}-{tag}-failing-{}",
            first.strftime("%Y-%m-%d"),
            first.strftime("%H%M%S")
        );
    }
    format!("incidents/{slug}.md")
}

/// Write the outage's draft if `probe` has failed at least `draft_after` times in a row and the
/// outage has no draft yet. Returns the new draft's path, relative to the root.
pub fn write_if_due(
    root: &Path,
    config: &Config,
    probe: &Probe,
    now: Timestamp,
) -> Result<Option<(String, Outage)>, ProbeError> {
    let Some(outage) = current_outage(root, &probe.id, now) else {
        return Ok(None);
    };
    if outage.failures < probe.draft_after as usize {
        return Ok(None);
    }
    let rel = draft_path(&probe.id, outage.first);
    let path = root.join(&rel);
    let fail = |source| ProbeError::Draft {
        path: rel.clone(),
        source,
    };
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(fail)?;
    }
    // Written whole to a temporary file, then linked into place: a run killed midway leaves no
    // half draft that would break `check`, and linking fails if the draft exists, so two runs at
    // once, or a draft already written (and perhaps edited), are left be.
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = path.with_file_name(format!(".{name}.{}.partial", std::process::id()));
    let written = std::fs::File::create(&tmp).and_then(|mut f| {
        f.write_all(draft_text(config, probe, &outage).as_bytes())?;
        f.sync_all()
    });
    let linked = written.and_then(|()| std::fs::hard_link(&tmp, &path));
    let _ = std::fs::remove_file(&tmp);
    match linked {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => return Ok(None),
        Err(e) => return Err(fail(e)),
    }
    Ok(Some((rel, outage)))
}

/// The draft: an incident the existing parser reads, plus `draft: true`.
pub fn draft_text(config: &Config, probe: &Probe, outage: &Outage) -> String {
    let stamp = |t: Timestamp| t.strftime("%Y-%m-%dT%H:%M:%SZ").to_string();
    let component = probe.component.as_deref().and_then(|id| config.component(id));
    let title = match component {
        Some(c) => format!("{}: {} failing", c.name, probe.id),
        None => format!("{} failing", probe.id),
    };
    // JSON strings are YAML double-quoted scalars: any name is safe in the title.
    let title = serde_json::to_string(&title).unwrap_or_else(|_| format!("\"{} failing\"", probe.id));
    let mut text = format!(
        "---\ntitle: {title}\ndraft: true\nimpact: major\nstarted: {}\n",
        stamp(outage.first)
    );
    if let Some(c) = component {
        text.push_str(&format!("components:\n  {}: major_outage\n", c.id));
    }
    // The detail can quote the probed server (a Location header, an error text): inert, one line,
    // and short, so nothing a server sends becomes a link, an image or a heading once published.
    let detail = if outage.last.detail.is_empty() {
        "no reason recorded".to_owned()
    } else {
        let short: String = outage.last.detail.chars().take(200).collect();
        crate::markdown::inert_text(&short)
    };
    let what = component.map_or_else(String::new, |c| format!(" of {}", c.name));
    text.push_str(&format!(
        "---\n\nDraft written by `statusmark probe`: the automated check{what} is failing. A person must \
confirm the outage before anyone is told: check it, rewrite this text for readers (which users are \
affected and how), then publish it with `statusmark publish <file>`. Keep the file name: it is how \
`statusmark probe` knows this outage already has a draft.\n\n## Investigating — {last}\nThe probe \
`{id}` failed {what_failed}: {detail}.\n",
        id = probe.id,
        last = stamp(outage.last.time),
        what_failed = match outage.failures {
            1 => format!("its check at {}", stamp(outage.first)),
            n => format!(
                "{n} consecutive checks, the first at {} and the last at {}",
                stamp(outage.first),
                stamp(outage.last.time)
            ),
        },
    ));
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draft_names_are_slugs_even_for_long_ids() {
        let t: Timestamp = "2026-12-02T10:05:07Z".parse().expect("time");
        assert_eq!(
            draft_path("api-health", t),
            "incidents/2026-12-02-api-health-failing-100507.md"
        );
        let long = "a".repeat(64);
        let p = draft_path(&long, t);
        let slug = p.trim_start_matches("incidents/").trim_end_matches(".md");
        assert!(valid_id(slug), "{slug}");
        assert_ne!(p, draft_path(&"a".repeat(63), t));
    }
}
