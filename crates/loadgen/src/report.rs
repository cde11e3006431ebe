//! What each measurement reports, and how it is written: a table for people, or one JSON
//! object per line for `summarize` and other tools.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write as _;

use serde::{Deserialize, Serialize};

use crate::cli::{Format, OutputArgs};
use crate::cpu::CpuUse;
use crate::error::Error;
use crate::histogram::Percentiles;
use crate::memory::MemorySample;

/// One measurement's result.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub(crate) enum Record {
    /// An open-loop, closed-loop or streams run (boxed: it is by far the largest).
    Load(Box<LoadReport>),
    /// Signature timings.
    Sign(SignReport),
    /// Start-up timings.
    Startup(StartupReport),
    /// One memory reading.
    Memory(MemoryReport),
}

impl Record {
    /// The measurement's label.
    pub(crate) fn label(&self) -> &str {
        match self {
            Self::Load(report) => &report.label,
            Self::Sign(report) => &report.label,
            Self::Startup(report) => &report.label,
            Self::Memory(report) => &report.label,
        }
    }
}

/// The load modes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Mode {
    /// Fixed rate.
    Open,
    /// Fixed number of connections.
    Closed,
    /// Streams on a fixed schedule.
    Streams,
}

/// A load run's result. Counts and rates cover the measured requests only (after the
/// warm-up).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct LoadReport {
    /// Name of the measurement.
    pub(crate) label: String,
    /// The mode.
    pub(crate) mode: Mode,
    /// Target URL.
    pub(crate) url: String,
    /// Request body size.
    pub(crate) body_bytes: usize,
    /// Whether the request was signed once at start (direct runs against the OCI mock).
    pub(crate) signed_once: bool,
    /// Scheduled rate (open loop and streams), requests per second.
    pub(crate) rate: Option<f64>,
    /// Connections (closed loop).
    pub(crate) connections: Option<usize>,
    /// Seconds of warm-up (open and closed loop).
    pub(crate) warmup_s: f64,
    /// Seconds measured: the schedule's span (open loop, streams) or the run's (closed).
    pub(crate) duration_s: f64,
    /// Requests measured.
    pub(crate) requests: u64,
    /// Of those, successful (2xx, read to the end).
    pub(crate) ok: u64,
    /// Failures by cause.
    pub(crate) errors: BTreeMap<String, u64>,
    /// Successful requests per second over the measured span.
    pub(crate) throughput_rps: f64,
    /// Latency of successful requests: from the scheduled send time (open loop, streams) or
    /// the send time (closed loop) to the end of the answer.
    pub(crate) latency: Option<Percentiles>,
    /// Time to the first body byte, from the same start.
    pub(crate) first_byte: Option<Percentiles>,
    /// Connections opened, warm-up included.
    pub(crate) connections_opened: u64,
    /// Open loop and streams: the latest a request was handed to the runtime after its
    /// scheduled time, in microseconds (the load generator's own lag, already inside the
    /// latencies).
    pub(crate) max_send_lag_us: Option<f64>,
    /// Streams: streams open (first byte in, end not yet) when memory was read.
    pub(crate) open_streams_at_sample: Option<u64>,
    /// Streams: memory of the watched processes once every measured stream was open.
    pub(crate) memory: Vec<MemorySample>,
    /// Closed loop: CPU used by the watched processes and the load generator in the window.
    #[serde(default)]
    pub(crate) cpu: Vec<CpuUse>,
}

/// Signature timings in this process.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct SignReport {
    /// Name of the measurement.
    pub(crate) label: String,
    /// Key size.
    pub(crate) key_bits: usize,
    /// Pause before each timed signature, in microseconds (0: back to back).
    #[serde(default)]
    pub(crate) pause_us: u64,
    /// The raw RSA PKCS#1 v1.5 SHA-256 signature over a chat POST's signing string (ring).
    pub(crate) rsa: Percentiles,
    /// The whole OCI signature of a 4 KiB chat POST (oci-signer: hash, signing string, RSA,
    /// base64, header).
    pub(crate) sign_request: Percentiles,
    /// Cores the ceiling is for.
    pub(crate) cores: usize,
    /// `cores` / median RSA time: the most signed requests per second the machine can make.
    pub(crate) ceiling_rps: f64,
}

/// Start-up timings.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct StartupReport {
    /// Name of the measurement.
    pub(crate) label: String,
    /// The command, as run (first run's port).
    pub(crate) command: String,
    /// Spawn to the ready log line, per run, in milliseconds.
    pub(crate) ready_line_ms: Vec<f64>,
    /// Spawn to the first successful health check, per run, in milliseconds.
    pub(crate) healthy_ms: Vec<f64>,
    /// Median of `ready_line_ms`.
    pub(crate) median_ready_line_ms: f64,
    /// Median of `healthy_ms`.
    pub(crate) median_healthy_ms: f64,
}

/// One memory reading.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct MemoryReport {
    /// Name of the measurement.
    pub(crate) label: String,
    /// The reading.
    pub(crate) sample: MemorySample,
}

/// Writes `record` as `output` asks.
///
/// # Errors
///
/// [`Error::Stdout`] or [`Error::Write`] when the output cannot be written.
pub(crate) fn write(record: &Record, output: &OutputArgs) -> Result<(), Error> {
    let json = serde_json::to_string(record).map_err(Error::Encode)?;
    if let Some(path) = &output.append {
        let write_error = |source| Error::Write {
            path: path.clone(),
            source,
        };
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .map_err(write_error)?;
        writeln!(file, "{json}").map_err(write_error)?;
    }
    let text = match output.format {
        Format::Json => format!("{json}\n"),
        Format::Table => table(record),
    };
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
        .map_err(Error::Stdout)
}

/// Milliseconds with three decimals, from microseconds.
fn ms(micros: f64) -> String {
    format!("{:.3}", micros / 1_000.0)
}

fn percentile_rows(out: &mut String, name: &str, percentiles: Option<&Percentiles>) {
    let Some(p) = percentiles else {
        let _ = writeln!(out, "  {name:<12} (no successful request)");
        return;
    };
    let _ = write!(out, "  {name:<12}");
    for (label, micros) in p.named() {
        let _ = write!(out, " {label}={}", ms(micros));
    }
    let _ = writeln!(out, " mean={} ms (n={})", ms(p.mean_us), p.count);
}

/// The table form of a record.
pub(crate) fn table(record: &Record) -> String {
    let mut out = String::new();
    match record {
        Record::Load(r) => {
            let _ = writeln!(out, "{} [{:?}] {}", r.label, r.mode, r.url);
            let shape = match (r.mode, r.rate, r.connections) {
                (Mode::Closed, _, Some(connections)) => format!("{connections} connections"),
                (_, Some(rate), _) => format!("{rate} /s scheduled"),
                _ => String::new(),
            };
            let _ = writeln!(
                out,
                "  {shape}, body {} B{}, warm-up {} s, measured {:.1} s",
                r.body_bytes,
                if r.signed_once { ", signed once" } else { "" },
                r.warmup_s,
                r.duration_s
            );
            let _ = writeln!(
                out,
                "  requests={} ok={} errors={} throughput={:.1}/s connections opened={}",
                r.requests,
                r.ok,
                r.errors.values().sum::<u64>(),
                r.throughput_rps,
                r.connections_opened
            );
            for (cause, count) in &r.errors {
                let _ = writeln!(out, "    error {cause}: {count}");
            }
            percentile_rows(&mut out, "latency", r.latency.as_ref());
            if r.mode == Mode::Streams {
                percentile_rows(&mut out, "first byte", r.first_byte.as_ref());
            }
            if let Some(lag) = r.max_send_lag_us {
                let _ = writeln!(out, "  max send lag {} ms", ms(lag));
            }
            if let Some(open) = r.open_streams_at_sample {
                let _ = writeln!(out, "  open streams when memory was read: {open}");
            }
            for cpu in &r.cpu {
                let _ = writeln!(
                    out,
                    "  cpu {} ({}): {:.1} us per request, {:.2} cores",
                    cpu.name, cpu.pid, cpu.per_request_us, cpu.cores
                );
            }
            for sample in &r.memory {
                let _ = writeln!(
                    out,
                    "  pid {}: VmRSS {:.1} MiB, VmHWM {:.1} MiB",
                    sample.pid,
                    sample.rss_mib(),
                    sample.hwm_mib()
                );
            }
        }
        Record::Sign(r) => {
            let _ = writeln!(
                out,
                "{} [sign] RSA-{}, {} us pause before each",
                r.label, r.key_bits, r.pause_us
            );
            percentile_rows(&mut out, "rsa", Some(&r.rsa));
            percentile_rows(&mut out, "sign request", Some(&r.sign_request));
            let _ = writeln!(
                out,
                "  ceiling on {} cores: {:.0} signatures/s",
                r.cores, r.ceiling_rps
            );
        }
        Record::Startup(r) => {
            let _ = writeln!(out, "{} [startup] {}", r.label, r.command);
            let _ = writeln!(
                out,
                "  spawn to ready line: median {:.2} ms, runs {:?}",
                r.median_ready_line_ms, r.ready_line_ms
            );
            let _ = writeln!(
                out,
                "  spawn to healthy:    median {:.2} ms, runs {:?}",
                r.median_healthy_ms, r.healthy_ms
            );
        }
        Record::Memory(r) => {
            let _ = writeln!(
                out,
                "{} [memory] pid {}: VmRSS {:.1} MiB, VmHWM {:.1} MiB",
                r.label,
                r.sample.pid,
                r.sample.rss_mib(),
                r.sample.hwm_mib()
            );
        }
    }
    out
}
