//! The HTTP agent of the commands that talk to the network (`notify`, `fetch`): one whole-request
//! timeout, answers of every status returned to the caller (who judges them), a
//! `statusmark/<version>` user agent. Probes build their own (timed connections, their own
//! redirect rules and user agent).

use std::time::Duration;

/// An agent whose requests each end within `timeout` (connection, answer and body), following at
/// most `max_redirects` redirects (0: none).
pub fn agent(timeout: Duration, max_redirects: u32) -> ureq::Agent {
    ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .http_status_as_error(false)
        .max_redirects(max_redirects)
        .user_agent(concat!("statusmark/", env!("CARGO_PKG_VERSION")))
        .build()
        .into()
}
