//! How a mock server is set up: whom it trusts, which models it serves, and
//! which faults it injects on every request.

use std::time::Duration;

use http::StatusCode;

use crate::verify::{DEFAULT_MAX_CLOCK_SKEW, TrustedKey};

/// The model a `DEDICATED` serving mode stands for unless configured
/// otherwise.
pub const DEFAULT_DEDICATED_MODEL: &str = "meta.llama-3.3-70b-instruct";

/// Everything a mock server needs. `Default` is what tests and the gateway's
/// `--mock` mode want: the [test identity](crate::test_identity) is trusted,
/// the built-in catalog is served, and no fault is injected.
///
/// ```
/// use std::time::Duration;
///
/// use oci_genai_mock::{Faults, MockConfig};
///
/// let config = MockConfig {
///     extra_models: vec!["openai.o3".into()],
///     faults: Faults {
///         first_byte_latency: Duration::from_millis(20),
///         ..Faults::default()
///     },
///     ..MockConfig::default()
/// };
/// assert!(config.trust_test_key);
/// ```
#[derive(Clone, Debug)]
pub struct MockConfig {
    /// Public keys whose signatures are accepted (`--public-key`).
    pub trusted_keys: Vec<TrustedKey>,
    /// Whether the [test identity](crate::test_identity)'s key is trusted as
    /// well. `true` by default; the binary sets it only with
    /// `--trust-test-key`.
    pub trust_test_key: bool,
    /// Model ids served in addition to the built-in catalog
    /// (`data/models.json`), with the family their vendor prefix names
    /// (`--model`).
    pub extra_models: Vec<String>,
    /// The model whose family and wire shapes a `DEDICATED` serving mode
    /// gets (`--dedicated-model`).
    pub dedicated_model: String,
    /// The largest clock difference accepted on a request's date
    /// (`--max-clock-skew-secs`). Five minutes, as on OCI.
    pub max_clock_skew: Duration,
    /// The largest request body accepted (`--max-body-bytes`).
    pub max_body_bytes: usize,
    /// How long a Cohere stream stays open after its last event when the
    /// client does not hang up (`--hold-open-secs`). OCI keeps such
    /// connections open; the cap only stops a forgotten client from holding
    /// one forever.
    pub stream_hold_open: Duration,
    /// Faults injected on every request.
    pub faults: Faults,
}

impl Default for MockConfig {
    fn default() -> Self {
        Self {
            trusted_keys: Vec::new(),
            trust_test_key: true,
            extra_models: Vec::new(),
            dedicated_model: DEFAULT_DEDICATED_MODEL.to_owned(),
            max_clock_skew: DEFAULT_MAX_CLOCK_SKEW,
            max_body_bytes: 20 * 1024 * 1024,
            stream_hold_open: Duration::from_secs(300),
            faults: Faults::default(),
        }
    }
}

/// Faults injected on every request, on top of those a request scripts for
/// itself with `[mock:…]` markers. `Default` injects none.
#[derive(Clone, Debug)]
pub struct Faults {
    /// Delay before any byte of the response (`--latency-ms`).
    pub first_byte_latency: Duration,
    /// Delay between two events of a stream (`--event-delay-ms`).
    pub event_delay: Duration,
    /// The delay between events of a `[mock:slow]` stream unless the marker
    /// gives one (`--slow-delay-ms`). 200 ms.
    pub slow_delay: Duration,
    /// The share of authenticated requests, from 0 to 1, answered with
    /// [`fault_status`](Self::fault_status) instead (`--fault-rate`).
    pub fault_rate: f64,
    /// The status of random faults: 429, 500 or 503 (`--fault-status`).
    /// 503 by default.
    pub fault_status: StatusCode,
    /// The seed of the random faults, so that a run is reproducible for the
    /// same order of requests (`--seed`).
    pub seed: u64,
    /// `Retry-After` of 429 answers unless a marker gives one
    /// (`--retry-after`). Zero, so that retry tests stay fast.
    pub retry_after: Duration,
}

impl Default for Faults {
    fn default() -> Self {
        Self {
            first_byte_latency: Duration::ZERO,
            event_delay: Duration::ZERO,
            slow_delay: Duration::from_millis(200),
            fault_rate: 0.0,
            fault_status: StatusCode::SERVICE_UNAVAILABLE,
            seed: 0,
            retry_after: Duration::ZERO,
        }
    }
}
