//! Components under their groups, and a group's roll-up status: one rule for the generator's
//! pages and API, the widget and the site's live-update script.

use crate::status::ComponentStatus;

/// One group of a component list: the group (`None` for components that belong to none) and its
/// members, in list order.
#[derive(Debug, PartialEq)]
pub struct Grouped<'a, G, C> {
    pub group: Option<&'a G>,
    pub members: Vec<&'a C>,
}

/// Components in display order under their group: each group appears where its first member
/// does, with all its members in list order; components without a group are gathered the same
/// way into one `None` group. `group_of` resolves a component's group (`None` when it has none or
/// names an unknown one); groups are told apart by identity, so they must come from one list.
pub fn group_by<'a, G, C>(
    components: impl IntoIterator<Item = &'a C>,
    group_of: impl Fn(&'a C) -> Option<&'a G>,
) -> Vec<Grouped<'a, G, C>> {
    let mut out: Vec<Grouped<'a, G, C>> = Vec::new();
    for c in components {
        let group = group_of(c);
        let same = |g: &Grouped<'a, G, C>| match (g.group, group) {
            (Some(a), Some(b)) => std::ptr::eq(a, b),
            (None, None) => true,
            _ => false,
        };
        match out.iter_mut().find(|g| same(g)) {
            Some(g) => g.members.push(c),
            None => out.push(Grouped {
                group,
                members: vec![c],
            }),
        }
    }
    out
}

/// A group's status: the worst of its members' (operational when it has none).
pub fn roll_up(statuses: impl IntoIterator<Item = ComponentStatus>) -> ComponentStatus {
    statuses
        .into_iter()
        .fold(ComponentStatus::Operational, ComponentStatus::worst)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ComponentStatus::*;

    #[test]
    fn groups_appear_where_their_first_member_does() {
        let groups = ["g1", "g2"];
        // (component, group index)
        let components = [("a", Some(0)), ("b", None), ("c", Some(1)), ("d", Some(0)), ("e", None)];
        let grouped = group_by(&components, |c| c.1.map(|i| &groups[i]));
        let shape: Vec<(Option<&str>, Vec<&str>)> = grouped
            .iter()
            .map(|g| (g.group.copied(), g.members.iter().map(|c| c.0).collect()))
            .collect();
        assert_eq!(
            shape,
            [
                (Some("g1"), vec!["a", "d"]),
                (None, vec!["b", "e"]),
                (Some("g2"), vec!["c"])
            ]
        );
    }

    #[test]
    fn a_group_is_as_bad_as_its_worst_member() {
        assert_eq!(roll_up([]), Operational);
        assert_eq!(roll_up([Operational, UnderMaintenance]), UnderMaintenance);
        assert_eq!(
            roll_up([UnderMaintenance, DegradedPerformance, Operational]),
            DegradedPerformance
        );
        assert_eq!(roll_up([MajorOutage, PartialOutage]), MajorOutage);
        assert_eq!(roll_up([Unknown]), Operational);
    }
}
