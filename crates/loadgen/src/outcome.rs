//! What became of each request, and the tally a run keeps of them: successes with their
//! latency, failures counted by cause. Nothing is dropped: a request either lands in the
//! latency histogram (a 2xx answer read to its end) or in `errors` under its cause.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use crate::exchange::Arrival;
use crate::histogram::LatencyHistogram;

/// Why a request failed.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Failure {
    /// The server answered with a status outside 2xx (its body was read).
    Status(u16),
    /// No connection could be made.
    Connect,
    /// The connection closed or broke before the answer ended.
    Connection,
    /// The answer was not valid HTTP/1.1.
    Protocol,
    /// The request did not end within `--timeout`.
    Timeout,
}

impl Failure {
    /// The failure's name in reports, e.g. `status 503`.
    pub(crate) fn label(&self) -> String {
        match self {
            Self::Status(status) => format!("status {status}"),
            Self::Connect => "connect".to_owned(),
            Self::Connection => "connection closed".to_owned(),
            Self::Protocol => "protocol".to_owned(),
            Self::Timeout => "timeout".to_owned(),
        }
    }

    /// Classifies an error of hyper's client connection.
    pub(crate) fn from_hyper(error: &hyper::Error) -> Self {
        if error.is_parse() || error.is_user() {
            Self::Protocol
        } else if error.is_timeout() {
            Self::Timeout
        } else {
            Self::Connection
        }
    }
}

/// The outcomes of a run's measured requests.
#[derive(Debug, Clone, Default)]
pub(crate) struct Tally {
    /// Latency of each successful request.
    pub(crate) latency: LatencyHistogram,
    /// Time to the first body byte of each successful request.
    pub(crate) first_byte: LatencyHistogram,
    /// Failures by cause.
    pub(crate) errors: BTreeMap<String, u64>,
}

impl Tally {
    /// Records a successful request.
    pub(crate) fn success(&mut self, latency: Duration, first_byte: Option<Duration>) {
        self.latency.record(latency);
        if let Some(first_byte) = first_byte {
            self.first_byte.record(first_byte);
        }
    }

    /// Records a request of an open-loop schedule, timed from when it was due.
    pub(crate) fn record(&mut self, due: Instant, result: Result<Arrival, Failure>) {
        match result {
            Ok(arrival) => self.success(
                arrival.end.saturating_duration_since(due),
                arrival
                    .first_byte
                    .map(|first| first.saturating_duration_since(due)),
            ),
            Err(failure) => self.failure(&failure),
        }
    }

    /// Records a failed request.
    pub(crate) fn failure(&mut self, failure: &Failure) {
        *self.errors.entry(failure.label()).or_default() += 1;
    }

    /// Adds another tally's counts.
    pub(crate) fn merge(&mut self, other: &Self) {
        self.latency.merge(&other.latency);
        self.first_byte.merge(&other.first_byte);
        for (cause, count) in &other.errors {
            *self.errors.entry(cause.clone()).or_default() += count;
        }
    }

    /// Successful requests.
    pub(crate) fn successes(&self) -> u64 {
        self.latency.count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_are_counted_by_cause() {
        let mut tally = Tally::default();
        tally.failure(&Failure::Status(503));
        tally.failure(&Failure::Status(503));
        tally.failure(&Failure::Timeout);
        tally.success(Duration::from_micros(500), None);
        let mut other = Tally::default();
        other.failure(&Failure::Status(503));
        tally.merge(&other);
        assert_eq!(tally.errors["status 503"], 3);
        assert_eq!(tally.errors["timeout"], 1);
        assert_eq!(tally.errors.values().sum::<u64>(), 4);
        assert_eq!(tally.successes(), 1);
    }

    #[test]
    fn scheduled_requests_are_timed_from_their_due_time() {
        let due = Instant::now();
        let mut tally = Tally::default();
        let arrival = Arrival {
            first_byte: Some(due + Duration::from_millis(2)),
            end: due + Duration::from_millis(5),
        };
        tally.record(due, Ok(arrival));
        tally.record(due, Err(Failure::Status(503)));
        let latency = tally.latency.percentiles().unwrap();
        assert!((latency.p50_us - 5_000.0).abs() < 5.0, "{latency:?}");
        let first = tally.first_byte.percentiles().unwrap();
        assert!((first.p50_us - 2_000.0).abs() < 2.0, "{first:?}");
        assert_eq!(tally.errors["status 503"], 1);
    }
}
