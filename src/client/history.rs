//! How long this user's past waits took, by kind of operation and API: what the next wait of
//! the same kind expects ([`Expectation`]). Kept in a file only its owner can read (the
//! state directory's `ionosh/waits.json`), so every run learns from the ones before; a
//! history that cannot be read or written only makes waits less well timed, never fail.

use std::collections::{BTreeMap, VecDeque};
use std::path::PathBuf;
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use super::wait::Expectation;

/// Durations remembered per kind: the newest ones, so a change in the API's pace is
/// followed within a few waits.
const KEPT: usize = 8;

/// Past durations, in seconds, by API and kind (`POST /datacenters/*/servers`).
type Durations = BTreeMap<String, BTreeMap<String, VecDeque<f64>>>;

/// The waits' memory.
#[derive(Debug, Default)]
pub struct History {
    file: Option<PathBuf>,
    durations: Mutex<Durations>,
}

impl History {
    /// A history kept in `file` (read now, written after each wait); `None` keeps it in
    /// memory for this run only.
    pub fn open(file: Option<PathBuf>) -> History {
        let durations = file
            .as_ref()
            .and_then(|path| std::fs::read_to_string(path).ok())
            .and_then(|text| serde_json::from_str::<Durations>(&text).ok())
            .unwrap_or_default();
        History { file, durations: Mutex::new(durations) }
    }

    /// What a wait for `kind` on `api` expects: the range of its past durations, or around
    /// `typical` when there are none. When three or more hardly vary (within 6 %: a fixed
    /// pace), the change is expected done just after the longest of them (1 %), which one
    /// poll then catches; with fewer than three the range is widened below, as they say little yet.
    pub fn expectation(&self, api: &str, kind: &str, typical: Duration) -> Expectation {
        let durations = self.durations.lock().unwrap_or_else(PoisonError::into_inner);
        let Some(past) = durations.get(api).and_then(|kinds| kinds.get(kind)).filter(|p| !p.is_empty()) else {
            return Expectation::typical(typical);
        };
        let shortest = past.iter().copied().fold(f64::INFINITY, f64::min);
        let high = past.iter().copied().fold(0.0, f64::max);
        let low = match past.len() {
            n if n >= 3 && high <= shortest * 1.06 => high * 1.01,
            n if n >= 3 => shortest,
            _ => shortest * 0.75,
        };
        Expectation {
            low: Duration::try_from_secs_f64(low).unwrap_or(typical),
            high: Duration::try_from_secs_f64(high).unwrap_or(typical),
            learned: true,
        }
    }

    /// Remembers that a wait for `kind` on `api` found the change done after `took`.
    pub fn record(&self, api: &str, kind: &str, took: Duration) {
        let text = {
            let mut durations = self.durations.lock().unwrap_or_else(PoisonError::into_inner);
            let past = durations.entry(api.to_string()).or_default().entry(kind.to_string()).or_default();
            past.push_back(took.as_secs_f64());
            while past.len() > KEPT {
                past.pop_front();
            }
            serde_json::to_string(&*durations).ok()
        };
        if let (Some(file), Some(text)) = (&self.file, text) {
            // Another run may write at the same time: each writes a whole file, the last wins.
            let written = file.parent().map_or(Ok(()), crate::private::create_dir).and_then(|()| {
                let partial = file.with_extension(format!("tmp{}", std::process::id()));
                crate::private::write(&partial, &text).and_then(|()| std::fs::rename(&partial, file))
            });
            if let Err(error) = written {
                note_unsaved(file, &error);
            }
        }
    }
}

/// A history that cannot be saved costs nothing but timing: say so once on stderr.
fn note_unsaved(file: &std::path::Path, error: &std::io::Error) {
    static SAID: std::sync::Once = std::sync::Once::new();
    SAID.call_once(|| eprintln!("note: cannot save the wait history in {}: {error}", file.display()));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_range_of_the_newest_durations_is_expected_and_kept_across_runs() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("ionosh").join("waits.json");
        let history = History::open(Some(file.clone()));
        let typical = Duration::from_secs(15);
        assert_eq!(history.expectation("api", "POST /datacenters", typical), Expectation::typical(typical));
        for seconds in [9, 12, 3, 30, 10, 11, 10, 12, 13, 11] {
            history.record("api", "POST /datacenters", Duration::from_secs(seconds));
        }
        let again = History::open(Some(file.clone()));
        let expected = again.expectation("api", "POST /datacenters", typical);
        assert_eq!(
            (expected.low, expected.high, expected.learned),
            (Duration::from_secs(3), Duration::from_secs(30), true)
        );
        assert_eq!(again.expectation("other api", "POST /datacenters", typical), Expectation::typical(typical));
        for _ in 0..8 {
            history.record("api", "POST /lans", Duration::from_millis(1000));
        }
        history.record("api", "POST /lans", Duration::from_millis(1050));
        let steady = history.expectation("api", "POST /lans", typical);
        assert_eq!(steady.low, Duration::from_micros(1_060_500), "a steady kind is expected just after its longest");
        history.record("api", "POST /nics", Duration::from_millis(2000));
        let once = history.expectation("api", "POST /nics", typical);
        assert_eq!(once.low, Duration::from_millis(1500), "one past wait says little: looked at earlier");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&file).expect("written").permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
        }
    }
}
