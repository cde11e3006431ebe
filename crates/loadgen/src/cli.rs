//! The command line: one subcommand per kind of measurement, with the request and output
//! flags they share.

use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Load generator for the gateway's benchmarks (`scripts/bench-gateway`).
///
/// HTTP/1.1 with keep-alive over loopback. Latencies are percentiles of an HdrHistogram (3
/// significant digits): p50, p90, p99, p99.9 and max. Every failed request is counted by its
/// cause (status code, connect, connection closed, protocol, timeout); none is dropped.
#[derive(Debug, Parser)]
#[command(name = "loadgen", version, about, long_about)]
pub(crate) struct Cli {
    /// What to measure.
    #[command(subcommand)]
    pub(crate) command: Command,
}

/// The measurements.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Open loop: send requests on a fixed schedule, whatever the answers do, and measure
    /// each latency from its scheduled send time (no coordinated omission).
    Open(OpenArgs),
    /// Closed loop: N keep-alive connections, each sending its next request as soon as the
    /// previous answer ends; measures the maximum throughput.
    Closed(ClosedArgs),
    /// Streamed requests started on a fixed schedule: time to the first body byte, and the
    /// memory of given processes once all streams are open.
    Streams(StreamsArgs),
    /// Time RSA-2048 signatures (ring, through oci-signer) in this process: the floor every
    /// gateway request pays.
    Sign(SignArgs),
    /// Time a server from spawn to ready: to its ready log line and to its first successful
    /// health check; then kill it. Repeated, with a fresh port each run.
    Startup(StartupArgs),
    /// Read a process's memory (VmRSS, VmHWM) from /proc/PID/status.
    Memory(MemoryArgs),
    /// Prepare a request body: pick a JSON field, set model and stream, or translate an
    /// OpenAI chat request to the OCI request the gateway would send.
    Body(BodyArgs),
    /// Turn a results file of `scripts/bench-gateway` into Markdown tables, target by target.
    Summarize(SummarizeArgs),
}

/// The request to send, and how.
#[derive(Debug, Clone, Args)]
pub(crate) struct RequestArgs {
    /// URL to send to (http:// only).
    #[arg(long, value_name = "URL")]
    pub(crate) url: String,
    /// Request body file, sent as is (POST unless --method says otherwise; GET without a
    /// body).
    #[arg(long, value_name = "FILE")]
    pub(crate) body: Option<PathBuf>,
    /// HTTP method [default: POST with a body, GET without].
    #[arg(long, value_name = "METHOD")]
    pub(crate) method: Option<String>,
    /// Extra header, `NAME: VALUE`. Repeatable.
    #[arg(long = "header", value_name = "NAME: VALUE")]
    pub(crate) headers: Vec<String>,
    /// Sign the request once, at start, as OCI requires, with this PEM private key (for runs
    /// straight against the OCI mock). The signed date must stay within the server's clock
    /// skew allowance (5 minutes) for the whole run.
    #[arg(long, value_name = "FILE", requires = "oci_key_id")]
    pub(crate) oci_key: Option<PathBuf>,
    /// The key's OCI key id, `TENANCY/USER/FINGERPRINT`.
    #[arg(long, value_name = "ID", requires = "oci_key")]
    pub(crate) oci_key_id: Option<String>,
    /// A request not answered in full within this many seconds counts as a timeout.
    #[arg(long, value_name = "SECS", default_value = "30", value_parser = parse_seconds)]
    pub(crate) timeout: Duration,
    /// Tokio worker threads of the load generator.
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub(crate) threads: usize,
}

/// How results are written.
#[derive(Debug, Clone, Args)]
pub(crate) struct OutputArgs {
    /// Name of the measurement in the output.
    #[arg(long, value_name = "TEXT", default_value = "")]
    pub(crate) label: String,
    /// Output on stdout.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub(crate) format: Format,
    /// Also append the result as one JSON line to this file.
    #[arg(long, value_name = "FILE")]
    pub(crate) append: Option<PathBuf>,
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    /// A table for people.
    Table,
    /// One JSON object per line.
    Json,
}

/// `loadgen open`.
#[derive(Debug, Clone, Args)]
pub(crate) struct OpenArgs {
    #[command(flatten)]
    pub(crate) request: RequestArgs,
    /// Requests per second.
    #[arg(long, value_name = "N")]
    pub(crate) rate: f64,
    /// Seconds measured, after the warm-up.
    #[arg(long, value_name = "SECS", default_value = "20", value_parser = parse_seconds)]
    pub(crate) duration: Duration,
    /// Seconds of requests sent first and not measured (connections, caches).
    #[arg(long, value_name = "SECS", default_value = "3", value_parser = parse_seconds)]
    pub(crate) warmup: Duration,
    /// Most connections open at once; a request due when all are busy waits for one (and
    /// the wait counts in its latency).
    #[arg(long, value_name = "N", default_value_t = 256)]
    pub(crate) max_connections: usize,
    #[command(flatten)]
    pub(crate) output: OutputArgs,
}

/// `loadgen closed`.
#[derive(Debug, Clone, Args)]
pub(crate) struct ClosedArgs {
    #[command(flatten)]
    pub(crate) request: RequestArgs,
    /// Connections, each with one request in flight at a time.
    #[arg(long, value_name = "N", default_value_t = 32)]
    pub(crate) connections: usize,
    /// Seconds measured, after the warm-up.
    #[arg(long, value_name = "SECS", default_value = "15", value_parser = parse_seconds)]
    pub(crate) duration: Duration,
    /// Seconds run first and not measured.
    #[arg(long, value_name = "SECS", default_value = "3", value_parser = parse_seconds)]
    pub(crate) warmup: Duration,
    /// Process whose CPU time over the measured window is reported, per request and in
    /// cores (this process is always included). Repeatable.
    #[arg(long = "watch-pid", value_name = "PID")]
    pub(crate) watch_pids: Vec<u32>,
    #[command(flatten)]
    pub(crate) output: OutputArgs,
}

/// `loadgen streams`.
#[derive(Debug, Clone, Args)]
pub(crate) struct StreamsArgs {
    #[command(flatten)]
    pub(crate) request: RequestArgs,
    /// Streams measured.
    #[arg(long, value_name = "N")]
    pub(crate) count: u64,
    /// Streams started per second.
    #[arg(long, value_name = "N", default_value_t = 50.0)]
    pub(crate) rate: f64,
    /// Streams started first (at the same rate) and not measured.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub(crate) warmup_count: u64,
    /// Most connections open at once (one per open stream) [default: all streams].
    #[arg(long, value_name = "N")]
    pub(crate) max_connections: Option<usize>,
    /// Process whose memory is read once every measured stream has sent its first byte.
    /// Repeatable.
    #[arg(long = "watch-pid", value_name = "PID")]
    pub(crate) watch_pids: Vec<u32>,
    /// Seconds to wait after the last first byte before reading memory.
    #[arg(long, value_name = "SECS", default_value = "0.5", value_parser = parse_seconds)]
    pub(crate) settle: Duration,
    #[command(flatten)]
    pub(crate) output: OutputArgs,
}

/// `loadgen sign`.
#[derive(Debug, Clone, Args)]
pub(crate) struct SignArgs {
    /// PEM RSA private key (2048 bits for the floor the gateway pays).
    #[arg(long, value_name = "FILE")]
    pub(crate) key: PathBuf,
    /// Signatures timed, for each of the two measurements.
    #[arg(long, value_name = "N", default_value_t = 2_000)]
    pub(crate) iterations: u32,
    /// Signatures made first and not timed.
    #[arg(long, value_name = "N", default_value_t = 200)]
    pub(crate) warmup: u32,
    /// Microseconds to sleep before each timed signature, to time it as a server idle
    /// between requests meets it (10000 is the gap at 100 requests/s); 0 times it back to back.
    #[arg(long, value_name = "US", default_value_t = 0)]
    pub(crate) pause_us: u64,
    /// Cores the signing ceiling is computed for [default: the cores of this machine].
    #[arg(long, value_name = "N")]
    pub(crate) cores: Option<usize>,
    #[command(flatten)]
    pub(crate) output: OutputArgs,
}

/// `loadgen startup`.
#[derive(Debug, Clone, Args)]
pub(crate) struct StartupArgs {
    /// Runs; the report gives the median, minimum and maximum.
    #[arg(long, value_name = "N", default_value_t = 11)]
    pub(crate) runs: u32,
    /// Path of the health check, sent to 127.0.0.1:{port}.
    #[arg(long, value_name = "PATH", default_value = "/healthz")]
    pub(crate) health_path: String,
    /// Text of the server's ready log line (looked for on its stderr and stdout).
    #[arg(long, value_name = "TEXT", default_value = "ready")]
    pub(crate) ready_text: String,
    /// Microseconds between two health checks.
    #[arg(long, value_name = "US", default_value_t = 250)]
    pub(crate) poll_interval_us: u64,
    /// Seconds a run may take before it fails.
    #[arg(long, value_name = "SECS", default_value = "10", value_parser = parse_seconds)]
    pub(crate) timeout: Duration,
    /// The server and its arguments; `{port}` in an argument becomes a free port.
    #[arg(last = true, required = true, value_name = "COMMAND")]
    pub(crate) command: Vec<String>,
    #[command(flatten)]
    pub(crate) output: OutputArgs,
}

/// `loadgen memory`.
#[derive(Debug, Clone, Args)]
pub(crate) struct MemoryArgs {
    /// The process.
    #[arg(long, value_name = "PID")]
    pub(crate) pid: u32,
    #[command(flatten)]
    pub(crate) output: OutputArgs,
}

/// `loadgen body`.
#[derive(Debug, Clone, Args)]
pub(crate) struct BodyArgs {
    /// JSON file to start from.
    #[arg(long, value_name = "FILE")]
    pub(crate) from: PathBuf,
    /// JSON pointer to the request inside the file, e.g. /body for a captured request.
    #[arg(long, value_name = "POINTER", default_value = "")]
    pub(crate) pointer: String,
    /// Set `model`.
    #[arg(long, value_name = "MODEL")]
    pub(crate) model: Option<String>,
    /// Set `stream`.
    #[arg(long, value_name = "BOOL")]
    pub(crate) stream: Option<bool>,
    /// Write the OCI chat request the gateway sends for this OpenAI request instead, with
    /// this compartment (the model must be an OCI model id, which passes through unchanged).
    #[arg(long, value_name = "OCID")]
    pub(crate) oci_compartment: Option<String>,
    /// Output file.
    #[arg(long, value_name = "FILE")]
    pub(crate) out: PathBuf,
}

/// `loadgen summarize`.
#[derive(Debug, Clone, Args)]
pub(crate) struct SummarizeArgs {
    /// Results file: JSON lines written with --append by the runs of `scripts/bench-gateway`.
    #[arg(long, value_name = "FILE")]
    pub(crate) results: PathBuf,
    /// The gateway binary, whose size is reported.
    #[arg(long, value_name = "FILE")]
    pub(crate) binary: PathBuf,
}

/// Parses a number of seconds, fractions allowed.
fn parse_seconds(text: &str) -> Result<Duration, String> {
    text.parse::<f64>()
        .ok()
        .and_then(|seconds| Duration::try_from_secs_f64(seconds).ok())
        .ok_or_else(|| format!("{text:?} is not a number of seconds"))
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory as _;

    use super::*;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn startup_takes_the_command_after_two_dashes() {
        let cli = Cli::parse_from([
            "loadgen",
            "startup",
            "--runs",
            "3",
            "--",
            "server",
            "--listen",
            "127.0.0.1:{port}",
        ]);
        let Command::Startup(args) = cli.command else {
            panic!("not startup");
        };
        assert_eq!(args.runs, 3);
        assert_eq!(args.command, ["server", "--listen", "127.0.0.1:{port}"]);
    }

    #[test]
    fn seconds_take_fractions_and_refuse_the_rest() {
        assert_eq!(parse_seconds("0.25"), Ok(Duration::from_millis(250)));
        assert_eq!(parse_seconds("3"), Ok(Duration::from_secs(3)));
        assert!(parse_seconds("-1").is_err());
        assert!(parse_seconds("soon").is_err());
    }
}
