//! The command line of `oci-genai-mock`.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::Parser;
use http::StatusCode;
use oci_genai_mock::verify::TrustedKey;
use oci_genai_mock::{DEFAULT_DEDICATED_MODEL, Faults, MockConfig, MockError};

const MARKERS: &str = "\
Per-request markers, written anywhere in the last user message (the first input of embedText):
  [mock:tool]               call the first offered tool (name=NAME: that one)
  [mock:parallel]           call every offered tool
  [mock:429]                429 TooManyRequests (retry-after=SECS, times=N)
  [mock:500] [mock:503]     500 / 503 (times=N: only the first N attempts of the same body)
  [mock:401]                401 NotAuthenticated, e.g. an expired token (times=N)
  [mock:404]                404 NotAuthorizedOrNotFound, as for an unknown model
  [mock:cut]                drop the connection after N events (after=N, default 3)
  [mock:slow]               pause between events (ms=N, default --slow-delay-ms)
  [mock:malformed]          invalid JSON in the answer or in one event
  [mock:echo]               answer with the message itself
  [mock:reasoning]          reason first (reasoningContent / THINKING)
  [mock:length]             stop after N tokens as if maxTokens ran out (tokens=N, default 3)
  [mock:long]               answer with N words (words=N, default 200)

Logs go to stderr; set RUST_LOG (e.g. RUST_LOG=oci_genai_mock=debug) for one line per request.";

/// A signature-verifying stand-in for OCI Generative AI, for tests and
/// benchmarks.
///
/// Serves POST /20231130/actions/chat (GENERIC, COHERE, COHEREV2, streamed or
/// not, in each model family's wire shape), POST /20231130/actions/embedText,
/// the control plane's GET /20231130/models and GET /health, all on one port.
/// Prints `oci-genai-mock listening on http://ADDR` on stdout once it listens.
#[derive(Debug, Parser)]
#[command(name = "oci-genai-mock", version, after_help = MARKERS)]
pub(crate) struct Args {
    /// Address to listen on; port 0 picks a free port.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:0")]
    listen: SocketAddr,
    /// PEM public key (`-----BEGIN PUBLIC KEY-----`) whose API-key and
    /// session-token signatures are accepted. Repeatable.
    #[arg(long = "public-key", value_name = "FILE")]
    public_keys: Vec<PathBuf>,
    /// Also trust the built-in test-only key (`oci_genai_mock::test_identity`),
    /// whose private half is public. Off unless given.
    #[arg(long)]
    trust_test_key: bool,
    /// Also serve this model id, in the family its vendor prefix names
    /// (`meta.`, `openai.`, `xai.`, `google.`, `cohere.`). Repeatable.
    #[arg(long = "model", value_name = "ID")]
    models: Vec<String>,
    /// The model whose family a DEDICATED serving mode gets.
    #[arg(long, value_name = "ID", default_value = DEFAULT_DEDICATED_MODEL)]
    dedicated_model: String,
    /// Delay before the first byte of every answer.
    #[arg(long, value_name = "MS", default_value_t = 0)]
    latency_ms: u64,
    /// Delay between two events of every stream.
    #[arg(long, value_name = "MS", default_value_t = 0)]
    event_delay_ms: u64,
    /// Delay between events of `[mock:slow]` answers without `ms=`.
    #[arg(long, value_name = "MS", default_value_t = 200)]
    slow_delay_ms: u64,
    /// Share of requests, from 0 to 1, answered with --fault-status instead.
    #[arg(long, value_name = "P", default_value_t = 0.0, value_parser = parse_rate)]
    fault_rate: f64,
    /// Status of random faults: 429, 500 or 503.
    #[arg(long, value_name = "CODE", default_value_t = 503, value_parser = parse_fault_status)]
    fault_status: u16,
    /// Seed of the random faults: a run is reproducible for the same order of
    /// requests.
    #[arg(long, value_name = "N", default_value_t = 0)]
    seed: u64,
    /// Retry-After of 429 answers whose marker gives none.
    #[arg(long, value_name = "SECS", default_value_t = 0)]
    retry_after: u64,
    /// How long a Cohere stream stays open after its last event if the client
    /// does not hang up.
    #[arg(long, value_name = "SECS", default_value_t = 300)]
    hold_open_secs: u64,
    /// Largest difference accepted between a request's date and the clock.
    #[arg(long, value_name = "SECS", default_value_t = 300)]
    max_clock_skew_secs: u64,
    /// Largest request body accepted.
    #[arg(long, value_name = "BYTES", default_value_t = 20 * 1024 * 1024)]
    max_body_bytes: usize,
}

fn parse_rate(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(rate) if (0.0..=1.0).contains(&rate) => Ok(rate),
        _ => Err(format!("{text:?} is not a number from 0 to 1")),
    }
}

fn parse_fault_status(text: &str) -> Result<u16, String> {
    match text.parse::<u16>() {
        Ok(code @ (429 | 500 | 503)) => Ok(code),
        _ => Err(format!("{text:?} is not 429, 500 or 503")),
    }
}

impl Args {
    /// The address to listen on.
    pub(crate) fn listen(&self) -> SocketAddr {
        self.listen
    }

    /// The configuration the flags describe; reads the key files.
    pub(crate) fn into_config(self) -> Result<MockConfig, MockError> {
        let mut trusted_keys = Vec::with_capacity(self.public_keys.len());
        for path in &self.public_keys {
            let pem = std::fs::read(path).map_err(|source| MockError::ReadKey {
                path: path.clone(),
                source,
            })?;
            let key = TrustedKey::from_pem(&pem).map_err(|source| MockError::InvalidKey {
                origin: path.display().to_string(),
                source,
            })?;
            tracing::info!(path = %path.display(), fingerprint = key.fingerprint(), "trusting key");
            trusted_keys.push(key);
        }
        Ok(MockConfig {
            trusted_keys,
            trust_test_key: self.trust_test_key,
            extra_models: self.models,
            dedicated_model: self.dedicated_model,
            max_clock_skew: Duration::from_secs(self.max_clock_skew_secs),
            max_body_bytes: self.max_body_bytes,
            stream_hold_open: Duration::from_secs(self.hold_open_secs),
            faults: Faults {
                first_byte_latency: Duration::from_millis(self.latency_ms),
                event_delay: Duration::from_millis(self.event_delay_ms),
                slow_delay: Duration::from_millis(self.slow_delay_ms),
                fault_rate: self.fault_rate,
                fault_status: StatusCode::from_u16(self.fault_status)
                    .unwrap_or(StatusCode::SERVICE_UNAVAILABLE),
                seed: self.seed,
                retry_after: Duration::from_secs(self.retry_after),
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory as _;

    use super::*;

    #[test]
    fn the_command_line_is_consistent() {
        Args::command().debug_assert();
    }

    #[test]
    fn defaults_inject_nothing_and_trust_nobody() {
        let config = Args::parse_from(["oci-genai-mock"]).into_config().unwrap();
        assert!(config.trusted_keys.is_empty());
        assert!(!config.trust_test_key);
        assert_eq!(config.faults.fault_rate, 0.0);
        assert_eq!(config.faults.retry_after, Duration::ZERO);
    }

    #[test]
    fn flags_reach_the_configuration() {
        let key = format!(
            "{}/../oci-signer/tests/data/oci-test-key-2048.pub.pem",
            env!("CARGO_MANIFEST_DIR")
        );
        let config = Args::parse_from([
            "oci-genai-mock",
            "--public-key",
            &key,
            "--trust-test-key",
            "--model",
            "openai.o3",
            "--latency-ms",
            "5",
            "--fault-rate",
            "0.5",
            "--fault-status",
            "429",
            "--retry-after",
            "2",
        ])
        .into_config()
        .unwrap();
        assert_eq!(
            config.trusted_keys[0].fingerprint(),
            "b9:0d:45:33:f8:6e:53:c6:6f:12:43:62:b1:ee:2d:86"
        );
        assert!(config.trust_test_key);
        assert_eq!(config.extra_models, ["openai.o3"]);
        assert_eq!(config.faults.first_byte_latency, Duration::from_millis(5));
        assert_eq!(config.faults.fault_status, StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(config.faults.retry_after, Duration::from_secs(2));
    }

    #[test]
    fn bad_values_are_refused() {
        assert!(Args::try_parse_from(["oci-genai-mock", "--fault-rate", "2"]).is_err());
        assert!(Args::try_parse_from(["oci-genai-mock", "--fault-status", "502"]).is_err());
        let missing = Args::parse_from(["oci-genai-mock", "--public-key", "/nonexistent.pem"]);
        assert!(matches!(
            missing.into_config(),
            Err(MockError::ReadKey { .. })
        ));
    }
}
