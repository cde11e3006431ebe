//! Faults: run-wide random ones (`--fault-rate`) and those a request scripts
//! with a status marker, counted per request body so that `times=N` fails
//! exactly the first N attempts of a retried request.

use std::collections::HashMap;
use std::sync::Mutex;

use crate::api_error::ApiError;
use crate::config::Faults;
use crate::markers::StatusScript;
use crate::random::SharedRng;

/// Beyond this many distinct scripted bodies the attempt counts start over,
/// so that a long benchmark cannot grow the table without bound.
const MAX_TRACKED_BODIES: usize = 10_000;

/// Decides which requests fail.
#[derive(Debug)]
pub(crate) struct FaultInjector {
    faults: Faults,
    rng: SharedRng,
    /// Attempts seen per SHA-256 of a request body with a `times=` marker.
    attempts: Mutex<HashMap<[u8; 32], u32>>,
}

impl FaultInjector {
    pub(crate) fn new(faults: Faults) -> Self {
        Self {
            rng: SharedRng::new(faults.seed),
            faults,
            attempts: Mutex::new(HashMap::new()),
        }
    }

    pub(crate) fn faults(&self) -> &Faults {
        &self.faults
    }

    /// A random failure, at the configured rate.
    pub(crate) fn random_failure(&self) -> Option<ApiError> {
        if self.faults.fault_rate <= 0.0 {
            return None;
        }
        (self.rng.next_unit() < self.faults.fault_rate).then(|| {
            ApiError::transient(self.faults.fault_status, self.faults.retry_after.as_secs())
        })
    }

    /// The failure a status marker asks for, if this attempt should fail.
    pub(crate) fn scripted_failure(&self, script: &StatusScript, body: &[u8]) -> Option<ApiError> {
        if let Some(times) = script.times
            && self.count_attempt(body) > times
        {
            return None;
        }
        let retry_after = script
            .retry_after
            .unwrap_or(self.faults.retry_after.as_secs());
        Some(match script.status {
            http::StatusCode::UNAUTHORIZED => {
                ApiError::not_authenticated(&crate::verify::AuthError::InvalidToken {
                    reason: "expired (scripted by a [mock:401] marker)",
                })
            }
            status => ApiError::transient(status, retry_after),
        })
    }

    /// Counts an attempt of this body and returns its number (1 for the first).
    fn count_attempt(&self, body: &[u8]) -> u32 {
        let digest = ring::digest::digest(&ring::digest::SHA256, body);
        let mut key = [0u8; 32];
        key.copy_from_slice(digest.as_ref());
        // A poisoned lock only means another request panicked mid-update of a
        // counter; the counts are still usable.
        let mut attempts = self
            .attempts
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if attempts.len() >= MAX_TRACKED_BODIES && !attempts.contains_key(&key) {
            attempts.clear();
        }
        let count = attempts.entry(key).or_insert(0);
        *count = count.saturating_add(1);
        *count
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use http::StatusCode;

    use super::*;

    fn script(status: StatusCode, times: Option<u32>) -> StatusScript {
        StatusScript {
            status,
            times,
            retry_after: None,
        }
    }

    #[test]
    fn times_fails_only_the_first_attempts_of_the_same_body() {
        let injector = FaultInjector::new(Faults::default());
        let twice = script(StatusCode::SERVICE_UNAVAILABLE, Some(2));
        let outcomes: Vec<bool> = (0..4)
            .map(|_| injector.scripted_failure(&twice, b"body-a").is_some())
            .collect();
        assert_eq!(outcomes, [true, true, false, false]);
        assert!(
            injector.scripted_failure(&twice, b"body-b").is_some(),
            "another body has its own count"
        );
    }

    #[test]
    fn without_times_every_attempt_fails() {
        let injector = FaultInjector::new(Faults::default());
        let always = script(StatusCode::INTERNAL_SERVER_ERROR, None);
        for _ in 0..3 {
            let error = injector.scripted_failure(&always, b"x").unwrap();
            assert_eq!(error.status, StatusCode::INTERNAL_SERVER_ERROR);
        }
    }

    #[test]
    fn retry_after_comes_from_the_marker_or_the_configuration() {
        let injector = FaultInjector::new(Faults {
            retry_after: Duration::from_secs(4),
            ..Faults::default()
        });
        let mut throttled = script(StatusCode::TOO_MANY_REQUESTS, None);
        assert_eq!(
            injector
                .scripted_failure(&throttled, b"x")
                .unwrap()
                .retry_after,
            Some(4)
        );
        throttled.retry_after = Some(1);
        assert_eq!(
            injector
                .scripted_failure(&throttled, b"x")
                .unwrap()
                .retry_after,
            Some(1)
        );
    }

    #[test]
    fn random_failures_follow_the_rate_and_the_seed() {
        let draw = |seed| {
            let injector = FaultInjector::new(Faults {
                fault_rate: 0.3,
                seed,
                ..Faults::default()
            });
            (0..1000)
                .map(|_| injector.random_failure().is_some())
                .collect::<Vec<_>>()
        };
        let first = draw(9);
        assert_eq!(first, draw(9), "the same seed fails the same requests");
        assert_ne!(first, draw(10));
        let failures = first.iter().filter(|failed| **failed).count();
        assert!((240..360).contains(&failures), "{failures}");
        let none = FaultInjector::new(Faults::default());
        assert!((0..100).all(|_| none.random_failure().is_none()));
    }
}
