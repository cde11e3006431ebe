//! Latency distributions: an HdrHistogram of nanoseconds, summarized as the percentiles
//! every report gives.
//!
//! HdrHistogram keeps every recorded value to 3 significant digits (0.1 %) over the whole
//! range, with fixed memory, so a run can record millions of requests and still report an
//! exact-enough p99.9 and the true maximum (which it keeps to the same precision).

use std::time::Duration;

use hdrhistogram::Histogram;
use serde::{Deserialize, Serialize};

/// Values are kept to this many significant decimal digits.
const SIGNIFICANT_DIGITS: u8 = 3;

/// The largest value recorded as itself (10 minutes); larger ones are clamped to it, which
/// only a request far beyond any timeout could reach.
const MAX_NANOS: u64 = 600_000_000_000;

/// A distribution of durations.
#[derive(Debug, Clone)]
pub(crate) struct LatencyHistogram {
    inner: Histogram<u64>,
}

impl LatencyHistogram {
    /// An empty histogram.
    #[expect(
        clippy::expect_used,
        reason = "the bounds are constants that HdrHistogram accepts (low >= 1, high >= 2 * low, \
                  digits <= 5); the unit tests create histograms with them"
    )]
    pub(crate) fn new() -> Self {
        let inner = Histogram::new_with_bounds(1, MAX_NANOS, SIGNIFICANT_DIGITS)
            .expect("constant histogram bounds are valid");
        Self { inner }
    }

    /// Records one duration.
    pub(crate) fn record(&mut self, duration: Duration) {
        let nanos = u64::try_from(duration.as_nanos())
            .unwrap_or(MAX_NANOS)
            .clamp(1, MAX_NANOS);
        self.inner.saturating_record(nanos);
    }

    /// Adds every value of `other`.
    pub(crate) fn merge(&mut self, other: &Self) {
        // Both have the same bounds, so adding cannot fail; if it ever did, the values are
        // added one bucket at a time rather than lost.
        if self.inner.add(&other.inner).is_err() {
            for value in other.inner.iter_recorded() {
                self.inner
                    .saturating_record_n(value.value_iterated_to(), value.count_at_value());
            }
        }
    }

    /// How many values were recorded.
    pub(crate) fn count(&self) -> u64 {
        self.inner.len()
    }

    /// The percentiles of the recorded values, `None` when there are none.
    pub(crate) fn percentiles(&self) -> Option<Percentiles> {
        if self.inner.is_empty() {
            return None;
        }
        let micros = |nanos: u64| round_micros(nanos as f64 / 1_000.0);
        let mean = round_micros(self.inner.mean() / 1_000.0);
        Some(Percentiles {
            count: self.inner.len(),
            p50_us: micros(self.inner.value_at_quantile(0.50)),
            p90_us: micros(self.inner.value_at_quantile(0.90)),
            p99_us: micros(self.inner.value_at_quantile(0.99)),
            p99_9_us: micros(self.inner.value_at_quantile(0.999)),
            max_us: micros(self.inner.max()),
            mean_us: mean,
        })
    }
}

impl Default for LatencyHistogram {
    fn default() -> Self {
        Self::new()
    }
}

/// Rounds to a tenth of a microsecond, the precision the reports print.
fn round_micros(micros: f64) -> f64 {
    (micros * 10.0).round() / 10.0
}

/// A distribution's summary, in microseconds. Each percentile is the recorded value at or
/// below which that share of values lies (HdrHistogram's `value_at_quantile`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub(crate) struct Percentiles {
    /// Values recorded.
    pub(crate) count: u64,
    /// Median.
    pub(crate) p50_us: f64,
    /// 90th percentile.
    pub(crate) p90_us: f64,
    /// 99th percentile.
    pub(crate) p99_us: f64,
    /// 99.9th percentile.
    pub(crate) p99_9_us: f64,
    /// Largest value.
    pub(crate) max_us: f64,
    /// Arithmetic mean.
    pub(crate) mean_us: f64,
}

impl Percentiles {
    /// The percentiles of a report, by name, in the order reports print them.
    pub(crate) fn named(&self) -> [(&'static str, f64); 5] {
        [
            ("p50", self.p50_us),
            ("p90", self.p90_us),
            ("p99", self.p99_us),
            ("p99.9", self.p99_9_us),
            ("max", self.max_us),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn within_a_tenth_of_a_percent(actual: f64, expected: f64) -> bool {
        (actual - expected).abs() <= expected * 0.001 + 0.1
    }

    #[test]
    fn percentiles_of_a_uniform_spread() {
        let mut histogram = LatencyHistogram::new();
        for micros in 1..=10_000 {
            histogram.record(Duration::from_micros(micros));
        }
        let p = histogram.percentiles().unwrap();
        assert_eq!(p.count, 10_000);
        for (actual, expected) in [
            (p.p50_us, 5_000.0),
            (p.p90_us, 9_000.0),
            (p.p99_us, 9_900.0),
            (p.p99_9_us, 9_990.0),
            (p.max_us, 10_000.0),
            (p.mean_us, 5_000.5),
        ] {
            assert!(
                within_a_tenth_of_a_percent(actual, expected),
                "{actual} vs {expected}"
            );
        }
    }

    #[test]
    fn one_slow_request_shows_in_the_tail_only() {
        let mut histogram = LatencyHistogram::new();
        for _ in 0..999 {
            histogram.record(Duration::from_micros(300));
        }
        histogram.record(Duration::from_millis(250));
        let p = histogram.percentiles().unwrap();
        assert!(within_a_tenth_of_a_percent(p.p50_us, 300.0), "{p:?}");
        assert!(within_a_tenth_of_a_percent(p.p99_us, 300.0), "{p:?}");
        assert!(within_a_tenth_of_a_percent(p.p99_9_us, 300.0), "{p:?}");
        assert!(within_a_tenth_of_a_percent(p.max_us, 250_000.0), "{p:?}");
    }

    #[test]
    fn merged_histograms_hold_both_sets() {
        let mut a = LatencyHistogram::new();
        let mut b = LatencyHistogram::new();
        a.record(Duration::from_micros(100));
        b.record(Duration::from_micros(900));
        b.record(Duration::from_micros(900));
        a.merge(&b);
        let p = a.percentiles().unwrap();
        assert_eq!(p.count, 3);
        assert!(within_a_tenth_of_a_percent(p.p50_us, 900.0), "{p:?}");
    }

    #[test]
    fn extremes_are_clamped_not_lost() {
        let mut histogram = LatencyHistogram::new();
        histogram.record(Duration::ZERO);
        histogram.record(Duration::from_secs(3_600));
        assert_eq!(histogram.count(), 2);
        assert!(histogram.percentiles().unwrap().max_us >= 599_000_000.0);
    }

    #[test]
    fn an_empty_histogram_has_no_percentiles() {
        assert!(LatencyHistogram::new().percentiles().is_none());
    }
}
