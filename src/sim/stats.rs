//! What the emulator was asked, for tests and benchmarks: counts of API requests by method and
//! path template, the log of every API request with its status and whether a fault was
//! injected, and the provisioning floor: how long at least one accepted mutation was being
//! provisioned (no client can finish its waits sooner). `GET /_sim/stats`, `GET /_sim/stats/log`, `DELETE /_sim/stats` (reset). The
//! `/_sim/` controls are not counted.

use std::collections::{BTreeMap, VecDeque};
use std::sync::{Mutex, MutexGuard};

use serde::Serialize;
use serde_json::json;

use super::faults::FaultKind;

/// Most log entries kept; older ones are dropped (the counts keep counting).
const LOG_LIMIT: usize = 200_000;

/// One API request as the emulator saw it.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LoggedCall {
    /// When it arrived, ms since the epoch.
    pub at_ms: i64,
    /// HTTP method.
    pub method: String,
    /// The path and query as sent.
    pub uri: String,
    /// The route it matched, e.g. `/cloudapi/v6/datacenters/{datacenterId}`.
    pub template: String,
    /// The answer's status.
    pub status: u16,
    /// How long the answer took, in microseconds.
    pub micros: u64,
    /// The fault injected into the answer, if any (`drop`: the client got no answer at all).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fault: Option<FaultKind>,
}

/// Counters and log.
#[derive(Debug, Default)]
pub struct Stats {
    inner: Mutex<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    counts: BTreeMap<(String, String), u64>,
    statuses: BTreeMap<u16, u64>,
    total: u64,
    log: VecDeque<LoggedCall>,
    /// `[start, end)` of each accepted mutation, ms since the epoch.
    provisioning: Vec<(i64, i64)>,
}

impl Stats {
    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Counts and logs one answered API request.
    pub fn record(&self, entry: LoggedCall) {
        let mut inner = self.lock();
        inner.total += 1;
        *inner.counts.entry((entry.method.clone(), entry.template.clone())).or_default() += 1;
        *inner.statuses.entry(entry.status).or_default() += 1;
        if inner.log.len() >= LOG_LIMIT {
            inner.log.pop_front();
        }
        inner.log.push_back(entry);
    }

    /// Notes that an accepted mutation is provisioned from `start_ms` to `end_ms`.
    pub fn provisioning(&self, start_ms: i64, end_ms: i64) {
        self.lock().provisioning.push((start_ms, end_ms));
    }

    /// Forgets everything counted so far.
    pub fn reset(&self) {
        *self.lock() = Inner::default();
    }

    /// The counts as JSON: `{"total", "byRoute": [{"method","path","count"}], "byStatus": {..}}`.
    pub fn summary(&self) -> serde_json::Value {
        let inner = self.lock();
        let by_route: Vec<_> = inner
            .counts
            .iter()
            .map(|((method, path), count)| json!({"method": method, "path": path, "count": count}))
            .collect();
        let by_status: serde_json::Map<_, _> =
            inner.statuses.iter().map(|(status, count)| (status.to_string(), json!(count))).collect();
        json!({
            "total": inner.total,
            "byRoute": by_route,
            "byStatus": by_status,
            "mutations": inner.provisioning.len(),
            "provisioningMs": covered(&inner.provisioning),
        })
    }

    /// Every logged request, oldest first.
    pub fn log(&self) -> Vec<LoggedCall> {
        self.lock().log.iter().cloned().collect()
    }
}

/// How long the union of `intervals` lasts, in ms: the time during which at least one of
/// them runs (sequential mutations add up, concurrent ones overlap).
fn covered(intervals: &[(i64, i64)]) -> i64 {
    let mut sorted = intervals.to_vec();
    sorted.sort_unstable();
    let mut total = 0;
    let mut reach = i64::MIN;
    for (start, end) in sorted {
        let start = start.max(reach);
        if end > start {
            total += end - start;
            reach = end;
        }
    }
    total
}

#[cfg(test)]
mod tests {
    use super::covered;

    #[test]
    fn overlapping_intervals_count_once_and_sequential_ones_add_up() {
        assert_eq!(covered(&[(0, 10), (10, 30)]), 30);
        assert_eq!(covered(&[(0, 10), (2, 8), (5, 20)]), 20);
        assert_eq!(covered(&[(0, 5), (10, 12)]), 7);
        assert_eq!(covered(&[]), 0);
    }
}
