//! How long this user's past waits took, by kind of operation and API: what the next wait of
//! the same kind expects ([`Expectation`]). Kept in a file only its owner can read (the
//! state directory's `ionosh/waits.json`), so every run learns from the ones before; a
//! history that cannot be read or written only makes waits less well timed, never fail.

use std::collections::{BTreeMap, VecDeque};
use std::path::PathBuf;
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use super::schedule::Expectation;

/// Durations remembered per kind: the newest ones, so a change in the API's pace is
/// followed within a few waits.
const KEPT: usize = 8;

/// How widely a kind's durations usually spread (in log), until its own history tells.
const USUAL_SPREAD: f64 = 0.3;
/// The least spread a history is taken to have: durations that hardly vary are still
/// measured by polls some milliseconds apart.
const LEAST_SPREAD: f64 = 0.005;

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

    /// What a wait for `kind` on `api` expects: a log-normal fitted to its past durations
    /// (the mean and standard deviation of their logarithms, widened by what one more
    /// draw adds), or around `typical` when there are none. One or two past waits say little
    /// of the spread: it is then taken as a kind's usual ±30 % (at least half that with two).
    pub fn expectation(&self, api: &str, kind: &str, typical: Duration) -> Expectation {
        let durations = self.durations.lock().unwrap_or_else(PoisonError::into_inner);
        let logs: Vec<f64> = durations
            .get(api)
            .and_then(|kinds| kinds.get(kind))
            .map(|past| past.iter().filter(|d| d.is_finite() && **d > 0.0).map(|d| d.ln()).collect())
            .unwrap_or_default();
        if logs.is_empty() {
            return Expectation::typical(typical);
        }
        let n = logs.len() as f64;
        let mean = logs.iter().sum::<f64>() / n;
        let deviation = (logs.iter().map(|l| (l - mean).powi(2)).sum::<f64>() / (n - 1.0).max(1.0)).sqrt();
        let spread = match logs.len() {
            1 => USUAL_SPREAD,
            2 => deviation.max(USUAL_SPREAD / 2.0),
            _ => deviation,
        };
        Expectation {
            median: Duration::try_from_secs_f64(mean.exp()).unwrap_or(typical),
            spread: spread.max(LEAST_SPREAD) * (1.0 + 1.0 / n).sqrt(),
            learned: true,
            look_worth: super::schedule::LOOK_WORTH,
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
            if let Err(error) = crate::private_files::replace(file, &text) {
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
        // The newest eight: 3, 30, 10, 11, 10, 12, 13, 11 s.
        let logs = [3.0f64, 30.0, 10.0, 11.0, 10.0, 12.0, 13.0, 11.0].map(f64::ln);
        let mean = logs.iter().sum::<f64>() / 8.0;
        assert!((expected.median.as_secs_f64() - mean.exp()).abs() < 1e-6, "{expected:?}");
        assert!(expected.spread > 0.6 && expected.learned, "a wide range is a wide spread: {expected:?}");
        assert_eq!(again.expectation("other api", "POST /datacenters", typical), Expectation::typical(typical));
        for _ in 0..8 {
            history.record("api", "POST /lans", Duration::from_millis(1000));
        }
        let steady = history.expectation("api", "POST /lans", typical);
        assert_eq!(steady.median, Duration::from_secs(1));
        assert!(steady.spread < 0.006, "a steady kind hardly spreads: {steady:?}");
        history.record("api", "POST /nics", Duration::from_millis(2000));
        let once = history.expectation("api", "POST /nics", typical);
        assert!((once.spread - 0.3 * 2f64.sqrt()).abs() < 1e-9, "one past wait says little of the spread: {once:?}");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&file).expect("written").permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
        }
    }
}
