//! Measurements: what probes, Prometheus and Alertmanager say about the services, as opposed to
//! what people report. The commands that touch the network (`probe`, `fetch`) write data files
//! ([`data`]); `build` reads only those files ([`read`]), so it stays offline and deterministic.
//! Measurements never change a component's status: an incident is an acknowledgement by a person,
//! and probes and alerts can only draft one ([`check`] warns when they saw what no incident says).

pub mod check;
pub mod data;
pub mod fetch;
pub mod fetch_upstream;
mod lines;
pub mod probe;
pub mod prometheus;
pub mod read;
pub mod upstream;
