//! Appending to and reading back the probe files (`data/probes/<id>/<YYYY-MM>.csv`).
//!
//! A line is appended whole, in one `write` on a file opened with `O_APPEND`, so a run killed at
//! any moment leaves at worst one torn last line; the next append starts on a fresh line so the
//! torn one stays alone (readers skip it) and the new one is whole.

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::Path;

use jiff::Timestamp;
use jiff::tz::TimeZone;

use crate::measure::data::{PROBE_HEADER, ProbeRecord, probe_file};

use super::ProbeError;

/// Append `record` to its month file, creating the file (and its header) if needed.
pub fn append(root: &Path, probe_id: &str, record: &ProbeRecord, warn: &dyn Fn(&str)) -> Result<(), ProbeError> {
    let rel = probe_file(probe_id, record.time);
    let path = root.join(&rel);
    let fail = |source| ProbeError::Data {
        path: rel.clone(),
        source,
    };
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(fail)?;
    }
    let mut file = OpenOptions::new()
        .create(true)
        .append(true)
        .read(true)
        .open(&path)
        .map_err(fail)?;
    let mut text = String::with_capacity(PROBE_HEADER.len() + 128);
    match ends_in_newline(&mut file).map_err(fail)? {
        None => {
            text.push_str(PROBE_HEADER);
            text.push('\n');
        }
        Some(true) => {}
        Some(false) => {
            warn(&format!(
                "warning: {rel}: the last line was cut short (a run stopped while writing); it is left alone and skipped by readers"
            ));
            text.push('\n');
        }
    }
    text.push_str(&record.to_line());
    text.push('\n');
    // One write: with O_APPEND the whole line lands at the end, or (killed first) none of it.
    let written = file.write(text.as_bytes()).map_err(fail)?;
    if written != text.len() {
        return Err(fail(std::io::Error::new(
            std::io::ErrorKind::WriteZero,
            format!(
                "only {written} of {} bytes were written (is the disk full?)",
                text.len()
            ),
        )));
    }
    Ok(())
}

/// `None` for an empty file, else whether its last byte is a newline.
fn ends_in_newline(file: &mut File) -> std::io::Result<Option<bool>> {
    let len = file.metadata()?.len();
    if len == 0 {
        return Ok(None);
    }
    file.seek(SeekFrom::Start(len - 1))?;
    let mut last = [0u8; 1];
    file.read_exact(&mut last)?;
    Ok(Some(last[0] == b'\n'))
}

/// The records of one file that parse, in time order (a file may hold lines out of order after a
/// merge). Missing files are empty; torn and malformed lines are skipped: the site's build
/// reports them, `probe` only needs the outcomes.
pub fn read_records(root: &Path, rel: &str) -> Vec<ProbeRecord> {
    let Ok(text) = std::fs::read(root.join(rel)) else {
        return Vec::new();
    };
    let text = String::from_utf8_lossy(&text);
    let mut records: Vec<ProbeRecord> = text
        .lines()
        .filter_map(|line| ProbeRecord::parse_line(line.trim_end_matches('\r')).ok())
        .collect();
    records.sort_by_key(|r| r.time);
    records
}

/// The month files of a probe, newest first, from the one holding `time` back `months` months.
pub fn month_files(probe_id: &str, time: Timestamp, months: usize) -> Vec<String> {
    let mut out = Vec::with_capacity(months);
    let mut t = time;
    for _ in 0..months {
        out.push(probe_file(probe_id, t));
        // The last second of the previous month, in UTC as the file names are.
        let utc = t.to_zoned(TimeZone::UTC);
        let Ok(first) = utc.first_of_month().and_then(|d| d.start_of_day()) else {
            break;
        };
        t = first.timestamp() - jiff::SignedDuration::from_secs(1);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_files_go_back_across_years() {
        let t: Timestamp = "2027-02-01T00:00:00Z".parse().expect("time");
        assert_eq!(
            month_files("api", t, 3),
            [
                "data/probes/api/2027-02.csv",
                "data/probes/api/2027-01.csv",
                "data/probes/api/2026-12.csv"
            ]
        );
    }
}
