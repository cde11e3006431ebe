//! `loadgen sign`: the RSA-2048 signature every gateway request needs, timed in this process
//! with the gateway's own signer (oci-signer over ring), so the floor is measured on the
//! machine and in the run that measure the gateway.

use std::hint::black_box;
use std::time::{Duration, Instant, SystemTime};

use oci_signer::{
    Credentials, KeyId, PrivateKey, SignableBody, SignableRequest, SigningParams, SigningSettings,
};

use crate::cli::SignArgs;
use crate::error::Error;
use crate::histogram::LatencyHistogram;
use crate::report::{Record, SignReport};

/// The URL of OCI's chat operation, as the gateway signs it.
const CHAT_URL: &str =
    "https://inference.generativeai.us-chicago-1.oci.oraclecloud.com/20231130/actions/chat";

/// Size of the chat body signed by the whole-request measurement (as in oci-signer's bench).
const BODY_BYTES: usize = 4_096;

/// Times `--iterations` raw RSA signatures, then as many whole request signatures.
///
/// # Errors
///
/// [`Error`] when the key cannot be read or a signature fails.
pub(crate) fn run(args: &SignArgs) -> Result<Record, Error> {
    let pem = std::fs::read(&args.key).map_err(|source| Error::Read {
        path: args.key.clone(),
        source,
    })?;
    let key = PrivateKey::from_pem(&pem, None).map_err(|source| Error::Key {
        path: args.key.clone(),
        source,
    })?;
    let credentials = Credentials::new(
        KeyId::api_key(
            "ocid1.tenancy.oc1..bench",
            "ocid1.user.oc1..bench",
            key.fingerprint(),
        ),
        key.clone(),
    );
    let body = chat_body();
    let time = SystemTime::now();
    let request = SignableRequest::new(
        "POST",
        CHAT_URL,
        [("content-type", "application/json")],
        SignableBody::Bytes(&body),
    )
    .map_err(Error::Sign)?;
    let signing_string = oci_signer::prepare(&request, time, &SigningSettings::default())
        .map_err(Error::Sign)?
        .signing_string()
        .to_owned();
    let params = SigningParams::new(&credentials, time);

    let rsa = || {
        key.sign_rsa_sha256(black_box(signing_string.as_bytes()))
            .map(black_box)
            .map_err(Error::Sign)
    };
    let whole = || {
        let request = SignableRequest::new(
            "POST",
            CHAT_URL,
            [("content-type", "application/json")],
            SignableBody::Bytes(black_box(&body)),
        )
        .map_err(Error::Sign)?;
        oci_signer::sign(&request, &params)
            .map(black_box)
            .map_err(Error::Sign)
    };
    let pause = Duration::from_micros(args.pause_us);
    let rsa = time_each(args.warmup, args.iterations, pause, rsa)?;
    let sign_request = time_each(args.warmup, args.iterations, pause, whole)?;

    let cores = args.cores.unwrap_or_else(|| {
        std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
    });
    let (Some(rsa), Some(sign_request)) = (rsa.percentiles(), sign_request.percentiles()) else {
        return Err(Error::Usage("--iterations must be at least 1".to_owned()));
    };
    Ok(Record::Sign(SignReport {
        label: args.output.label.clone(),
        key_bits: key.bits(),
        pause_us: args.pause_us,
        ceiling_rps: cores as f64 / (rsa.p50_us / 1e6),
        rsa,
        sign_request,
        cores,
    }))
}

/// Runs `operation` `warmup` times untimed, then `iterations` times, each timed alone after
/// a pause of `pause` (none if zero).
fn time_each<T>(
    warmup: u32,
    iterations: u32,
    pause: Duration,
    mut operation: impl FnMut() -> Result<T, Error>,
) -> Result<LatencyHistogram, Error> {
    for _ in 0..warmup {
        operation()?;
    }
    let mut histogram = LatencyHistogram::new();
    for _ in 0..iterations {
        if !pause.is_zero() {
            std::thread::sleep(pause);
        }
        let started = Instant::now();
        operation()?;
        histogram.record(started.elapsed());
    }
    Ok(histogram)
}

/// A GENERIC chat body padded to [`BODY_BYTES`].
fn chat_body() -> Vec<u8> {
    let head = r#"{"compartmentId":"ocid1.compartment.oc1..bench","servingMode":{"servingType":"ON_DEMAND","modelId":"meta.llama-3.3-70b-instruct"},"chatRequest":{"apiFormat":"GENERIC","messages":[{"role":"USER","content":[{"type":"TEXT","text":""#;
    let tail = r#""}]}],"isStream":false}}"#;
    let mut body = head.as_bytes().to_vec();
    body.resize(BODY_BYTES - tail.len(), b'a');
    body.extend_from_slice(tail.as_bytes());
    body
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_body_is_valid_json_of_the_stated_size() {
        let body = chat_body();
        assert_eq!(body.len(), BODY_BYTES);
        serde_json::from_slice::<serde_json::Value>(&body).unwrap();
    }

    #[test]
    fn every_iteration_is_timed() {
        let mut calls = 0;
        let histogram = time_each(3, 5, Duration::ZERO, || {
            calls += 1;
            Ok(())
        })
        .unwrap();
        assert_eq!(calls, 8);
        assert_eq!(histogram.count(), 5);
    }
}
