//! What `content/statusmark.toml` says about reports: how fast incidents should get their first
//! update and be resolved, per impact (`[response_targets]`, `[resolve_targets]`). The uptime
//! targets are the `sla` settings (site-wide, and per component in `[[components]]`).

use jiff::SignedDuration;
use serde::Deserialize;
use statusmark_feed::Impact;

use super::notify::{Problem, duration};
use super::raw::{At, Toml};

type Val<T> = At<T, Toml>;

/// One duration per impact, as written (`major = "30m"`). The impacts are the incident's
/// `impact` values; the severity aliases map onto them (sev1 = critical, sev2 = major,
/// sev3 = minor, sev4 = none).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawImpactTargets {
    #[serde(default)]
    pub critical: Option<Val<String>>,
    #[serde(default)]
    pub major: Option<Val<String>>,
    #[serde(default)]
    pub minor: Option<Val<String>>,
    #[serde(default)]
    pub none: Option<Val<String>>,
}

/// A duration per impact; `None` where no target is set.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct ImpactTargets {
    pub critical: Option<SignedDuration>,
    pub major: Option<SignedDuration>,
    pub minor: Option<SignedDuration>,
    pub none: Option<SignedDuration>,
}

impl ImpactTargets {
    /// The target for an incident of `impact` (`None` for impacts incidents never have).
    pub fn of(&self, impact: Impact) -> Option<SignedDuration> {
        match impact {
            Impact::Critical => self.critical,
            Impact::Major => self.major,
            Impact::Minor => self.minor,
            Impact::None => self.none,
            Impact::Maintenance | Impact::Unknown => None,
        }
    }

    pub fn is_empty(&self) -> bool {
        *self == ImpactTargets::default()
    }
}

/// How fast incidents should be answered and fixed, per impact.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct ResponseTargets {
    /// Time from an incident's start to its first update (`[response_targets]`).
    pub respond: ImpactTargets,
    /// Time from an incident's start to its resolution (`[resolve_targets]`).
    pub resolve: ImpactTargets,
}

/// Validate one table of durations; `table` names it in messages.
pub fn check_targets(raw: Option<RawImpactTargets>, table: &str, out: &mut Vec<Problem>) -> ImpactTargets {
    let Some(raw) = raw else {
        return ImpactTargets::default();
    };
    let mut one = |v: &Option<Val<String>>, impact: &str| {
        v.as_ref()
            .and_then(|v| duration(v, &format!("[{table}] {impact}"), out))
    };
    ImpactTargets {
        critical: one(&raw.critical, "critical"),
        major: one(&raw.major, "major"),
        minor: one(&raw.minor, "minor"),
        none: one(&raw.none, "none"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(toml: &str) -> (ImpactTargets, Vec<Problem>) {
        let raw: RawImpactTargets = toml::from_str(toml).unwrap();
        let mut out = Vec::new();
        let t = check_targets(Some(raw), "response_targets", &mut out);
        (t, out)
    }

    #[test]
    fn durations_per_impact() {
        let (t, problems) = read("critical = \"15m\"\nmajor = \"2h\"");
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(t.of(Impact::Critical), Some(SignedDuration::from_mins(15)));
        assert_eq!(t.of(Impact::Major), Some(SignedDuration::from_hours(2)));
        assert_eq!(t.of(Impact::Minor), None);
        assert_eq!(t.of(Impact::Maintenance), None);
    }

    #[test]
    fn a_bad_duration_is_a_problem_at_its_value() {
        let (t, problems) = read("minor = \"soon\"");
        assert_eq!(t.minor, None);
        assert_eq!(problems.len(), 1);
        assert!(problems[0].1.contains("[response_targets] minor"), "{problems:?}");
        assert_eq!(problems[0].0.start, "minor = ".len());
    }

    #[test]
    fn unknown_impacts_are_refused() {
        assert!(toml::from_str::<RawImpactTargets>("sev2 = \"1h\"").is_err());
    }
}
