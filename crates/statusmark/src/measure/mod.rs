//! Measurements: what probes, Prometheus and Alertmanager say about the services, as opposed to
//! what people report. The commands that touch the network (`probe`, `fetch`) write data files
//! ([`data`]); `build` reads only those files, so it stays offline and deterministic. Measurements
//! never change a component's status: an incident is an acknowledgement by a person, and probes
//! and alerts can only draft one.

pub mod data;
pub mod fetch;
pub mod probe;
pub mod prometheus;
