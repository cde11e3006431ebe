//! Signs one request with a profile of an OCI config file and prints every header the request
//! would carry, one `name: value` per line with lowercase names: the signed headers first, in
//! signing order, then `authorization`, then the other headers given with `--header`.
//!
//! Run with:
//!
//! ```text
//! cargo run -q -p examples --example sign_request -- --config FILE --profile NAME \
//!     --method POST --url URL [--body-file FILE] [--date 'Tue, 24 Nov 2026 10:11:12 GMT'] \
//!     [--header 'content-type: application/json']...
//! ```
//!
//! `--config` is the OCI config file; a POST without `--body-file` has an empty body; without
//! `--date` the current time is signed.
#![expect(
    clippy::print_stdout,
    reason = "printing the headers is the example's output"
)]

use std::process::ExitCode;
use std::time::SystemTime;

use oci_signer::{
    ConfigFileProvider, ProvideCredentials, SignableBody, SignableRequest, SigningParams, sign,
};

const USAGE: &str = "usage: sign_request --config FILE --profile NAME --method METHOD --url URL \
[--body-file FILE] [--date 'Tue, 24 Nov 2026 10:11:12 GMT'] [--header 'name: value']...";

#[derive(Default)]
struct Args {
    config: Option<String>,
    profile: Option<String>,
    method: Option<String>,
    url: Option<String>,
    body_file: Option<String>,
    date: Option<String>,
    headers: Vec<(String, String)>,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args::default();
    let mut iter = std::env::args().skip(1);
    while let Some(flag) = iter.next() {
        if flag == "--help" || flag == "-h" {
            return Err(USAGE.to_owned());
        }
        let value = iter
            .next()
            .ok_or_else(|| format!("{flag} needs a value\n{USAGE}"))?;
        match flag.as_str() {
            "--config" => args.config = Some(value),
            "--profile" => args.profile = Some(value),
            "--method" => args.method = Some(value),
            "--url" => args.url = Some(value),
            "--body-file" => args.body_file = Some(value),
            "--date" => args.date = Some(value),
            "--header" => {
                let (name, value) = value
                    .split_once(':')
                    .ok_or_else(|| format!("--header {value:?} is not `name: value`"))?;
                args.headers
                    .push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
            }
            other => return Err(format!("unknown option {other}\n{USAGE}")),
        }
    }
    Ok(args)
}

fn required(value: Option<String>, flag: &str) -> Result<String, String> {
    value.ok_or_else(|| format!("{flag} is required\n{USAGE}"))
}

fn run() -> Result<(), String> {
    let args = parse_args()?;
    let config = required(args.config, "--config")?;
    let profile = args.profile.unwrap_or_else(|| "DEFAULT".to_owned());
    let method = required(args.method, "--method")?.to_ascii_uppercase();
    let url = required(args.url, "--url")?;
    let body = match &args.body_file {
        Some(path) => std::fs::read(path).map_err(|e| format!("cannot read {path}: {e}"))?,
        None => Vec::new(),
    };

    let provider = ConfigFileProvider::load(&config, &profile).map_err(report)?;
    for warning in provider.warnings() {
        eprintln!("warning: {warning}");
    }
    // The config-file provider never waits on I/O, so its future is ready at once.
    let credentials = poll_ready(provider.provide_credentials()).map_err(report)?;

    let mut headers = args.headers;
    if let Some(date) = args.date {
        headers.retain(|(name, _)| name != "date");
        headers.push(("date".to_owned(), date));
    }
    let request = SignableRequest::new(
        &method,
        &url,
        headers.iter().map(|(n, v)| (n.as_str(), v.as_str())),
        if body.is_empty() {
            SignableBody::Empty
        } else {
            SignableBody::Bytes(&body)
        },
    )
    .map_err(report)?;
    let signed = sign(
        &request,
        &SigningParams::new(&credentials, SystemTime::now()),
    )
    .map_err(report)?;

    let mut printed = Vec::new();
    for (name, value) in signed.headers() {
        println!("{name}: {value}");
        printed.push(name);
    }
    for (name, value) in &headers {
        if !printed.contains(&name.as_str()) {
            println!("{name}: {value}");
        }
    }
    Ok(())
}

/// Formats an error with its chain of causes.
fn report(error: impl std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

fn poll_ready<F: std::future::Future>(future: F) -> F::Output {
    let mut future = std::pin::pin!(future);
    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
    loop {
        if let std::task::Poll::Ready(output) = future.as_mut().poll(&mut cx) {
            return output;
        }
    }
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}
