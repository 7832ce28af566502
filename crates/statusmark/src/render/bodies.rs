//! The Markdown of the incidents the feeds carry, rendered once for both their pages and their
//! feed entries, and dropped when both have taken it. At N = 10,000 the feeds carry about 1,900
//! incidents: rendering their 7,500 bodies a second time for the feeds was 2.5 % of a build's
//! instructions, besides reading their files again.
//!
//! What is held: at most the HTML of the incidents the feeds carry ((components + 1) ×
//! `feed_entries` at most, whatever the number of incidents), each from the first taker to the
//! second. The feeds are rendered before most pages, so in a full build most of it is held
//! until the pages come (about 1,900 incidents' HTML at N = 10,000, where the peak RSS went from
//! 46 to 47–48 MB); in `serve`, a body whose page is kept is held
//! until the end of that rebuild.

use std::sync::{Arc, Mutex, PoisonError};

use crate::content::incident::IncidentText;
use crate::markdown::{to_html, to_html_and_plain};

/// An incident's Markdown as HTML: the summary (and its plain text, for the page's description),
/// each update's (newest first, as [`crate::content::Incident::updates`]) and the postmortem's.
#[derive(Clone)]
pub struct BodyHtml {
    pub summary: String,
    pub summary_plain: String,
    pub updates: Vec<String>,
    pub postmortem: Option<String>,
}

impl BodyHtml {
    pub fn of(text: &IncidentText<'_>, updates: usize) -> BodyHtml {
        let (summary, summary_plain) = to_html_and_plain(text.summary());
        BodyHtml {
            summary,
            summary_plain,
            updates: (0..updates).map(|n| to_html(text.update(n))).collect(),
            postmortem: text.postmortem().map(to_html),
        }
    }
}

/// The incidents both a page and the feeds show (by index in the model), each with its HTML
/// once one of them has rendered it, until the other has taken it.
pub struct SharedBodies {
    incidents: Vec<usize>,
    slots: Vec<Mutex<Slot>>,
}

struct Slot {
    html: Option<Arc<BodyHtml>>,
    /// Takers still to come: the page and the feed entry.
    uses: u8,
}

impl SharedBodies {
    pub fn new(mut incidents: Vec<usize>) -> SharedBodies {
        incidents.sort_unstable();
        incidents.dedup();
        let slots = incidents
            .iter()
            .map(|_| Mutex::new(Slot { html: None, uses: 2 }))
            .collect();
        SharedBodies { incidents, slots }
    }

    /// Incident `n`'s HTML: the one kept for it, or made by `make` (and kept when it is shared
    /// and the other taker is still to come). Owned when nothing else holds it.
    pub fn get<E>(&self, n: usize, make: impl FnOnce() -> Result<BodyHtml, E>) -> Result<Arc<BodyHtml>, E> {
        let Ok(at) = self.incidents.binary_search(&n) else {
            return make().map(Arc::new);
        };
        // Made under the lock: the other taker, if it comes meanwhile, waits for the same HTML.
        // `make` must not use rayon: a thread waiting in a join could take the other taker's work
        // and lock this slot again.
        let mut slot = self.slots[at].lock().unwrap_or_else(PoisonError::into_inner);
        let html = match slot.html.take() {
            Some(html) => html,
            None => Arc::new(make()?),
        };
        slot.uses = slot.uses.saturating_sub(1);
        if slot.uses > 0 {
            slot.html = Some(html.clone());
        }
        Ok(html)
    }
}

/// The HTML itself when `html` is its only holder, else a copy.
pub fn owned(html: Arc<BodyHtml>) -> BodyHtml {
    Arc::try_unwrap(html).unwrap_or_else(|shared| (*shared).clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(tag: &str) -> BodyHtml {
        BodyHtml {
            summary: tag.to_owned(),
            summary_plain: String::new(),
            updates: Vec::new(),
            postmortem: None,
        }
    }

    #[test]
    fn a_shared_body_is_made_once_for_its_two_takers_then_dropped() {
        let shared = SharedBodies::new(vec![7, 3, 7]);
        let mut made = 0;
        let mut take = |n: usize| {
            shared
                .get(n, || {
                    made += 1;
                    Ok::<_, ()>(html(&n.to_string()))
                })
                .unwrap()
        };
        let first = take(7);
        let second = take(7);
        assert!(Arc::ptr_eq(&first, &second));
        // After both, nothing is kept: a third taker (a rebuild) makes it again.
        drop((first, second));
        let third = take(7);
        assert_eq!(third.summary, "7");
        // Not shared: made each time, owned by the taker.
        let alone = take(5);
        assert_eq!(Arc::strong_count(&alone), 1);
        assert_eq!(made, 3);
        assert_eq!(owned(alone).summary, "5");
    }

    #[test]
    fn a_failure_is_not_kept() {
        let shared = SharedBodies::new(vec![1]);
        assert!(shared.get(1, || Err::<BodyHtml, _>("unreadable")).is_err());
        assert_eq!(shared.get(1, || Ok::<_, ()>(html("read"))).unwrap().summary, "read");
    }
}
