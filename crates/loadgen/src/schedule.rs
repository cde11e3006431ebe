//! The open-loop schedule: when each request is due, whatever happened to the ones before.
//!
//! Request `i` is due at `i / rate` seconds after the start. Its latency is measured from that
//! due time, not from when it was actually sent, so a server (or a client) that falls behind
//! is charged for the wait it causes; this avoids the coordinated omission a closed loop
//! suffers from (a stalled server there also stalls the clock of every request it delays).
//! Due times are computed from the index, never by adding intervals, so they do not drift.

use std::time::Duration;

/// A fixed-rate schedule: `warmup` requests that are sent but not measured, then `measured`
/// requests that are.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Schedule {
    rate: f64,
    warmup: u64,
    measured: u64,
}

impl Schedule {
    /// `rate` requests per second for `warmup` then `duration`.
    ///
    /// # Errors
    ///
    /// A message when the rate is not a positive finite number or nothing would be measured.
    pub(crate) fn for_duration(
        rate: f64,
        warmup: Duration,
        duration: Duration,
    ) -> Result<Self, String> {
        check_rate(rate)?;
        let count = |span: Duration| (span.as_secs_f64() * rate).round() as u64;
        Self::for_count(rate, count(warmup), count(duration))
    }

    /// `warmup` unmeasured requests, then `measured` measured ones, `rate` per second.
    ///
    /// # Errors
    ///
    /// A message when the rate is not a positive finite number or `measured` is 0.
    pub(crate) fn for_count(rate: f64, warmup: u64, measured: u64) -> Result<Self, String> {
        check_rate(rate)?;
        if measured == 0 {
            return Err(format!(
                "a schedule at {rate} requests/s measures nothing: give a longer duration or a \
                 higher count"
            ));
        }
        Ok(Self {
            rate,
            warmup,
            measured,
        })
    }

    /// Requests in the whole schedule, warm-up included.
    pub(crate) fn len(&self) -> u64 {
        self.warmup + self.measured
    }

    /// Requests that are measured.
    pub(crate) fn measured(&self) -> u64 {
        self.measured
    }

    /// The rate, in requests per second.
    pub(crate) fn rate(&self) -> f64 {
        self.rate
    }

    /// When request `index` is due, counted from the start of the schedule.
    pub(crate) fn due(&self, index: u64) -> Duration {
        Duration::from_secs_f64(index as f64 / self.rate)
    }

    /// Whether request `index` is measured (it comes after the warm-up).
    pub(crate) fn is_measured(&self, index: u64) -> bool {
        index >= self.warmup && index < self.len()
    }

    /// The span the measured requests are due in: from the first measured request's due time
    /// to the due time one interval after the last one.
    pub(crate) fn measured_span(&self) -> Duration {
        Duration::from_secs_f64(self.measured as f64 / self.rate)
    }
}

fn check_rate(rate: f64) -> Result<(), String> {
    if rate.is_finite() && rate > 0.0 {
        Ok(())
    } else {
        Err(format!("the rate must be a positive number, not {rate}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_are_due_at_fixed_intervals_from_the_index() {
        let schedule =
            Schedule::for_duration(500.0, Duration::from_secs(1), Duration::from_secs(2)).unwrap();
        assert_eq!(schedule.len(), 1_500);
        assert_eq!(schedule.measured(), 1_000);
        assert_eq!(schedule.due(0), Duration::ZERO);
        assert_eq!(schedule.due(1), Duration::from_millis(2));
        // No drift: the millionth interval is exactly where the index puts it.
        assert_eq!(schedule.due(1_000_000), Duration::from_secs(2_000));
    }

    #[test]
    fn only_requests_after_the_warmup_are_measured() {
        let schedule =
            Schedule::for_duration(100.0, Duration::from_secs(2), Duration::from_secs(10)).unwrap();
        assert!(!schedule.is_measured(0));
        assert!(!schedule.is_measured(199));
        assert!(schedule.is_measured(200));
        assert!(schedule.is_measured(1_199));
        assert!(!schedule.is_measured(1_200));
        assert_eq!(schedule.measured_span(), Duration::from_secs(10));
    }

    #[test]
    fn fractional_rates_round_the_count() {
        let schedule = Schedule::for_duration(2.5, Duration::ZERO, Duration::from_secs(3)).unwrap();
        assert_eq!(schedule.len(), 8); // 7.5 rounds up
        assert_eq!(schedule.due(1), Duration::from_millis(400));
    }

    #[test]
    fn a_count_schedule_for_streams() {
        let schedule = Schedule::for_count(500.0, 0, 1_000).unwrap();
        assert_eq!(schedule.len(), 1_000);
        assert!(schedule.is_measured(0));
        assert_eq!(schedule.due(999), Duration::from_millis(1_998));
    }

    #[test]
    fn bad_rates_and_empty_schedules_are_refused() {
        for rate in [0.0, -1.0, f64::NAN, f64::INFINITY] {
            assert!(Schedule::for_count(rate, 0, 1).is_err(), "{rate}");
        }
        assert!(Schedule::for_count(10.0, 5, 0).is_err());
        assert!(
            Schedule::for_duration(10.0, Duration::from_secs(1), Duration::from_millis(10))
                .is_err()
        );
    }
}
