//! `loadgen summarize`: the results of one `scripts/bench-gateway` run as Markdown tables,
//! each target next to what was measured and whether it is met.
//!
//! The script labels its measurements so that each gateway run has a direct-to-mock twin
//! with the same load and body:
//!
//! | label | measurement |
//! | --- | --- |
//! | `sign` | the RSA-2048 floor ([`crate::sign`]) |
//! | `startup` | spawn to ready ([`crate::startup`]) |
//! | `open/{rate}/{body}/{path}` | open loop at `rate` requests/s |
//! | `closed/{connections}/{body}/{path}` | closed loop |
//! | `ttfb/{body}/{path}` | streams with a delay between events: time to first byte |
//! | `streams/{count}/{body}/gateway` | `count` streams open at once, with the gateway's memory |
//! | `memory/{moment}` | the gateway's memory at a quiet moment |
//!
//! `body` is `small` or `openclaw`, `path` is `direct` or `gateway`. A target counts as met
//! only if every run it rests on had no failed request.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use crate::cli::SummarizeArgs;
use crate::error::Error;
use crate::histogram::Percentiles;
use crate::memory::MemorySample;
use crate::report::{LoadReport, Record, SignReport, StartupReport};

/// The targets of the gateway's performance issue.
mod target {
    /// Added p50 latency may exceed one signature by this much.
    pub(super) const ADDED_P50_OVER_SIGNATURE_MS: f64 = 0.25;
    /// Added p99 latency may exceed one signature by this much.
    pub(super) const ADDED_P99_OVER_SIGNATURE_MS: f64 = 1.5;
    /// Closed-loop throughput, requests per second, on 2 cores.
    pub(super) const THROUGHPUT_RPS: f64 = 1_200.0;
    /// Time to first byte over the mock's own.
    pub(super) const ADDED_FIRST_BYTE_MS: f64 = 1.0;
    /// Resident memory when idle.
    pub(super) const IDLE_RSS_MIB: f64 = 15.0;
    /// Resident memory with 1,000 streams open.
    pub(super) const STREAMS_RSS_MIB: f64 = 64.0;
    /// Start to ready.
    pub(super) const STARTUP_MS: f64 = 50.0;
    /// Release binary size, in bytes (15 MB).
    pub(super) const BINARY_BYTES: u64 = 15_000_000;
}

/// The open-loop rates, bodies and closed-loop connections the script runs.
const RATES: [u32; 2] = [100, 500];
const BODIES: [&str; 2] = ["small", "openclaw"];
const CLOSED_CONNECTIONS: u32 = 32;
const OPEN_STREAMS: u32 = 1_000;

/// Reads the results file and renders the summary.
///
/// # Errors
///
/// [`Error`] when the results file or the binary cannot be read, or a line is not a record.
pub(crate) fn run(args: &SummarizeArgs) -> Result<String, Error> {
    let results = Results::read(&args.results)?;
    let binary_bytes = std::fs::metadata(&args.binary)
        .map_err(|source| Error::Read {
            path: args.binary.clone(),
            source,
        })?
        .len();
    Ok(results.render(binary_bytes))
}

/// A run's records, by label.
#[derive(Debug, Default)]
struct Results {
    records: BTreeMap<String, Record>,
}

impl Results {
    fn read(path: &Path) -> Result<Self, Error> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Read {
            path: path.to_owned(),
            source,
        })?;
        Self::parse(&text, path)
    }

    fn parse(text: &str, path: &Path) -> Result<Self, Error> {
        let mut records = BTreeMap::new();
        for (number, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let record: Record = serde_json::from_str(line).map_err(|source| Error::Json {
                what: format!("{} line {}", path.display(), number + 1),
                source,
            })?;
            // A label measured twice (a rerun appended to the same file) keeps the latest.
            records.insert(record.label().to_owned(), record);
        }
        Ok(Self { records })
    }

    fn load(&self, label: &str) -> Option<&LoadReport> {
        match self.records.get(label) {
            Some(Record::Load(report)) => Some(report),
            _ => None,
        }
    }

    fn sign(&self) -> Option<&SignReport> {
        match self.records.get("sign") {
            Some(Record::Sign(report)) => Some(report),
            _ => None,
        }
    }

    fn startup(&self) -> Option<&StartupReport> {
        match self.records.get("startup") {
            Some(Record::Startup(report)) => Some(report),
            _ => None,
        }
    }

    fn memory(&self, moment: &str) -> Option<&MemorySample> {
        match self.records.get(&format!("memory/{moment}")) {
            Some(Record::Memory(report)) => Some(&report.sample),
            _ => None,
        }
    }

    fn render(&self, binary_bytes: u64) -> String {
        let mut out = String::new();
        let signature_ms = self.sign().map(|sign| sign.rsa.p50_us / 1_000.0);
        self.render_sign(&mut out);
        self.render_open_runs(&mut out);
        self.render_added_latency(&mut out, signature_ms);
        self.render_throughput(&mut out);
        self.render_cpu(&mut out);
        self.render_first_byte(&mut out);
        self.render_memory(&mut out);
        self.render_startup(&mut out);
        render_binary(&mut out, binary_bytes);
        out
    }

    fn render_sign(&self, out: &mut String) {
        let _ = writeln!(out, "### Signing floor (`loadgen sign`, this run)\n");
        let Some(sign) = self.sign() else {
            let _ = writeln!(out, "(no `sign` record)\n");
            return;
        };
        let _ = writeln!(
            out,
            "| measurement | p50 | p99 | mean |\n| --- | --- | --- | --- |"
        );
        for (name, p) in [
            (
                format!("RSA-{} PKCS#1 v1.5 SHA-256 (ring)", sign.key_bits),
                &sign.rsa,
            ),
            (
                "whole OCI signature of a 4 KiB chat POST (oci-signer)".to_owned(),
                &sign.sign_request,
            ),
        ] {
            let _ = writeln!(
                out,
                "| {name} | {} ms | {} ms | {} ms |",
                ms(p.p50_us),
                ms(p.p99_us),
                ms(p.mean_us)
            );
        }
        let _ = writeln!(
            out,
            "\nSigning ceiling: {} cores / {} ms = **{:.0} signatures/s**.\n",
            sign.cores,
            ms(sign.rsa.p50_us),
            sign.ceiling_rps
        );
    }

    fn render_open_runs(&self, out: &mut String) {
        let _ = writeln!(
            out,
            "### Open-loop runs (latency from the scheduled send time)\n"
        );
        let _ = writeln!(
            out,
            "| rate | body | path | p50 | p90 | p99 | p99.9 | max | ok | errors | max send lag |\n\
             | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
        );
        for rate in RATES {
            for body in BODIES {
                for path in ["direct", "gateway"] {
                    let label = format!("open/{rate}/{body}/{path}");
                    let Some(run) = self.load(&label) else {
                        let _ = writeln!(out, "| {rate}/s | {body} | {path} | (not run) |||||||");
                        continue;
                    };
                    let p = run.latency.unwrap_or(EMPTY);
                    let _ = writeln!(
                        out,
                        "| {rate}/s | {body} ({} B) | {path} | {} | {} | {} | {} | {} | {} | {} | {} ms |",
                        run.body_bytes,
                        ms(p.p50_us),
                        ms(p.p90_us),
                        ms(p.p99_us),
                        ms(p.p99_9_us),
                        ms(p.max_us),
                        run.ok,
                        errors(run),
                        ms(run.max_send_lag_us.unwrap_or(0.0))
                    );
                }
            }
        }
        let _ = writeln!(out, "\nAll latencies in ms.\n");
    }

    fn render_added_latency(&self, out: &mut String, signature_ms: Option<f64>) {
        let _ = writeln!(
            out,
            "### Added latency: gateway minus direct, per percentile\n"
        );
        let Some(signature_ms) = signature_ms else {
            let _ = writeln!(out, "(no signing floor measured)\n");
            return;
        };
        let p50_target = signature_ms + target::ADDED_P50_OVER_SIGNATURE_MS;
        let p99_target = signature_ms + target::ADDED_P99_OVER_SIGNATURE_MS;
        let _ = writeln!(
            out,
            "One signature (RSA p50 above) = {signature_ms:.3} ms, so the targets are p50 <= \
             {p50_target:.3} ms and p99 <= {p99_target:.3} ms.\n"
        );
        let _ = writeln!(
            out,
            "| rate | body | added p50 | target | met | added p90 | added p99 | target | met | added p99.9 |\n\
             | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
        );
        for rate in RATES {
            for body in BODIES {
                let pair = (
                    self.load(&format!("open/{rate}/{body}/direct")),
                    self.load(&format!("open/{rate}/{body}/gateway")),
                );
                let (Some(direct), Some(gateway)) = pair else {
                    let _ = writeln!(out, "| {rate}/s | {body} | (not run) |||||||||");
                    continue;
                };
                let clean = direct.errors.is_empty() && gateway.errors.is_empty();
                let (d, g) = (
                    direct.latency.unwrap_or(EMPTY),
                    gateway.latency.unwrap_or(EMPTY),
                );
                let added = |pick: fn(&Percentiles) -> f64| (pick(&g) - pick(&d)) / 1_000.0;
                let (p50, p90, p99, p999) = (
                    added(|p| p.p50_us),
                    added(|p| p.p90_us),
                    added(|p| p.p99_us),
                    added(|p| p.p99_9_us),
                );
                let _ = writeln!(
                    out,
                    "| {rate}/s | {body} | {p50:.3} | <= {p50_target:.3} | {} | {p90:.3} | {p99:.3} | <= {p99_target:.3} | {} | {p999:.3} |",
                    verdict(clean && p50 <= p50_target),
                    verdict(clean && p99 <= p99_target),
                );
            }
        }
        let _ = writeln!(out, "\nAll in ms.\n");
    }

    fn render_throughput(&self, out: &mut String) {
        let _ = writeln!(
            out,
            "### Throughput: closed loop, {CLOSED_CONNECTIONS} keep-alive connections, not streamed\n"
        );
        let ceiling = self.sign().map(|sign| sign.ceiling_rps);
        let _ = writeln!(
            out,
            "| body | direct to mock | gateway | gateway p50 / p99 | share of signing ceiling | target | met |\n\
             | --- | --- | --- | --- | --- | --- | --- |"
        );
        for body in BODIES {
            let pair = (
                self.load(&format!("closed/{CLOSED_CONNECTIONS}/{body}/direct")),
                self.load(&format!("closed/{CLOSED_CONNECTIONS}/{body}/gateway")),
            );
            let (Some(direct), Some(gateway)) = pair else {
                let _ = writeln!(out, "| {body} | (not run) ||||||");
                continue;
            };
            let p = gateway.latency.unwrap_or(EMPTY);
            let share = ceiling.map_or_else(
                || "?".to_owned(),
                |ceiling| format!("{:.0} %", 100.0 * gateway.throughput_rps / ceiling),
            );
            let _ = writeln!(
                out,
                "| {body} ({} B) | {:.0} /s{} | {:.0} /s{} | {} / {} ms | {share} | >= {:.0} /s | {} |",
                gateway.body_bytes,
                direct.throughput_rps,
                error_note(direct),
                gateway.throughput_rps,
                error_note(gateway),
                ms(p.p50_us),
                ms(p.p99_us),
                target::THROUGHPUT_RPS,
                verdict(
                    gateway.errors.is_empty() && gateway.throughput_rps >= target::THROUGHPUT_RPS
                ),
            );
        }
        let _ = writeln!(out);
    }

    fn render_cpu(&self, out: &mut String) {
        let _ = writeln!(
            out,
            "### CPU per request in the closed-loop runs (`/proc/PID/stat`, measured window)\n"
        );
        let _ = writeln!(
            out,
            "| body | path | process | CPU per request | cores busy |\n| --- | --- | --- | --- | --- |"
        );
        for body in BODIES {
            for path in ["direct", "gateway"] {
                let label = format!("closed/{CLOSED_CONNECTIONS}/{body}/{path}");
                let Some(run) = self.load(&label) else {
                    continue;
                };
                for cpu in &run.cpu {
                    let _ = writeln!(
                        out,
                        "| {body} | {path} | {} | {:.0} us | {:.2} |",
                        cpu.name, cpu.per_request_us, cpu.cores
                    );
                }
            }
        }
        let _ = writeln!(out);
    }

    fn render_first_byte(&self, out: &mut String) {
        let _ = writeln!(out, "### Time to first streamed byte\n");
        let pair = (
            self.load("ttfb/small/direct"),
            self.load("ttfb/small/gateway"),
        );
        let (Some(direct), Some(gateway)) = pair else {
            let _ = writeln!(out, "(not run)\n");
            return;
        };
        let _ = writeln!(
            out,
            "| path | streams | p50 | p90 | p99 | p99.9 | max | errors |\n\
             | --- | --- | --- | --- | --- | --- | --- | --- |"
        );
        for (path, run) in [
            ("direct (mock's first event)", direct),
            ("gateway", gateway),
        ] {
            let p = run.first_byte.unwrap_or(EMPTY);
            let _ = writeln!(
                out,
                "| {path} | {} | {} | {} | {} | {} | {} | {} |",
                run.ok,
                ms(p.p50_us),
                ms(p.p90_us),
                ms(p.p99_us),
                ms(p.p99_9_us),
                ms(p.max_us),
                errors(run)
            );
        }
        let (d, g) = (
            direct.first_byte.unwrap_or(EMPTY),
            gateway.first_byte.unwrap_or(EMPTY),
        );
        let clean = direct.errors.is_empty() && gateway.errors.is_empty();
        let added_p50 = (g.p50_us - d.p50_us) / 1_000.0;
        let added_p99 = (g.p99_us - d.p99_us) / 1_000.0;
        let _ = writeln!(
            out,
            "\n| gateway minus direct | measured | target | met |\n| --- | --- | --- | --- |\n\
             | p50 | {added_p50:.3} ms | <= {:.1} ms | {} |\n| p99 | {added_p99:.3} ms | <= {:.1} ms | {} |\n",
            target::ADDED_FIRST_BYTE_MS,
            verdict(clean && added_p50 <= target::ADDED_FIRST_BYTE_MS),
            target::ADDED_FIRST_BYTE_MS,
            verdict(clean && added_p99 <= target::ADDED_FIRST_BYTE_MS),
        );
    }

    fn render_memory(&self, out: &mut String) {
        let _ = writeln!(out, "### Gateway memory (`/proc/PID/status`)\n");
        let _ = writeln!(
            out,
            "| moment | VmRSS | VmHWM (peak so far) | target | met |\n| --- | --- | --- | --- | --- |"
        );
        let idle_target = format!("VmRSS <= {:.0} MiB", target::IDLE_RSS_MIB);
        for (moment, description, target) in [
            ("idle-after-start", "idle, just started", Some(&idle_target)),
            (
                "idle-after-load",
                "idle, after the latency and throughput runs",
                None,
            ),
            (
                "idle-before-streams",
                "idle, fresh process for the streams run",
                Some(&idle_target),
            ),
        ] {
            match self.memory(moment) {
                Some(sample) => {
                    let met = target.map_or_else(
                        || "-".to_owned(),
                        |_| verdict(sample.rss_mib() <= target::IDLE_RSS_MIB).to_owned(),
                    );
                    let _ = writeln!(
                        out,
                        "| {description} | {:.1} MiB | {:.1} MiB | {} | {met} |",
                        sample.rss_mib(),
                        sample.hwm_mib(),
                        target.map_or("-", String::as_str),
                    );
                }
                None => {
                    let _ = writeln!(out, "| {description} | (not measured) ||||");
                }
            }
        }
        match self.load(&format!("streams/{OPEN_STREAMS}/small/gateway")) {
            Some(run) => {
                let sample = run.memory.first();
                let rss = sample.map_or(f64::NAN, MemorySample::rss_mib);
                let hwm = sample.map_or(f64::NAN, MemorySample::hwm_mib);
                let open = run.open_streams_at_sample.unwrap_or(0);
                let _ = writeln!(
                    out,
                    "| {open} streams open at once (of {}; errors: {}) | {rss:.1} MiB | {hwm:.1} MiB | VmRSS <= {:.0} MiB | {} |",
                    run.requests,
                    errors(run),
                    target::STREAMS_RSS_MIB,
                    verdict(
                        run.errors.is_empty()
                            && open >= u64::from(OPEN_STREAMS)
                            && rss <= target::STREAMS_RSS_MIB
                    ),
                );
            }
            None => {
                let _ = writeln!(out, "| {OPEN_STREAMS} streams | (not run) ||||");
            }
        }
        if let Some(sample) = self.memory("after-streams") {
            let _ = writeln!(
                out,
                "| idle, after the streams ended | {:.1} MiB | {:.1} MiB | - | - |",
                sample.rss_mib(),
                sample.hwm_mib()
            );
        }
        let _ = writeln!(out);
    }

    fn render_startup(&self, out: &mut String) {
        let _ = writeln!(out, "### Start to ready\n");
        let Some(startup) = self.startup() else {
            let _ = writeln!(out, "(not run)\n");
            return;
        };
        let range = |values: &[f64]| {
            let min = values.iter().copied().fold(f64::INFINITY, f64::min);
            let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            format!("{min:.2} .. {max:.2}")
        };
        let _ = writeln!(
            out,
            "| from spawn to | runs | median | min .. max | target | met |\n| --- | --- | --- | --- | --- | --- |\n\
             | the ready log line | {} | {:.2} ms | {} ms | <= {:.0} ms | {} |\n\
             | the first `200` from `GET /healthz` | {} | {:.2} ms | {} ms | <= {:.0} ms | {} |\n",
            startup.ready_line_ms.len(),
            startup.median_ready_line_ms,
            range(&startup.ready_line_ms),
            target::STARTUP_MS,
            verdict(
                !startup.ready_line_ms.is_empty()
                    && startup.median_ready_line_ms <= target::STARTUP_MS
            ),
            startup.healthy_ms.len(),
            startup.median_healthy_ms,
            range(&startup.healthy_ms),
            target::STARTUP_MS,
            verdict(startup.median_healthy_ms <= target::STARTUP_MS),
        );
    }
}

fn render_binary(out: &mut String, bytes: u64) {
    let _ = writeln!(
        out,
        "### Release binary\n\n| size | target | met |\n| --- | --- | --- |\n\
         | {bytes} bytes ({:.2} MB, {:.2} MiB) | <= 15 MB | {} |\n",
        bytes as f64 / 1e6,
        bytes as f64 / (1024.0 * 1024.0),
        verdict(bytes <= target::BINARY_BYTES),
    );
}

/// Percentiles of a run without any success: zeros, shown next to its error count.
const EMPTY: Percentiles = Percentiles {
    count: 0,
    p50_us: 0.0,
    p90_us: 0.0,
    p99_us: 0.0,
    p99_9_us: 0.0,
    max_us: 0.0,
    mean_us: 0.0,
};

fn ms(micros: f64) -> String {
    format!("{:.3}", micros / 1_000.0)
}

fn verdict(met: bool) -> &'static str {
    if met { "**met**" } else { "**not met**" }
}

/// A run's failures, e.g. `0` or `3 (status 503: 3)`.
fn errors(run: &LoadReport) -> String {
    let total: u64 = run.errors.values().sum();
    if total == 0 {
        return "0".to_owned();
    }
    let causes: Vec<String> = run
        .errors
        .iter()
        .map(|(cause, count)| format!("{cause}: {count}"))
        .collect();
    format!("{total} ({})", causes.join(", "))
}

fn error_note(run: &LoadReport) -> String {
    if run.errors.is_empty() {
        String::new()
    } else {
        format!(" ({} errors)", errors(run))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(label: &str, p50_us: f64, p99_us: f64, rps: f64) -> String {
        let percentiles = Percentiles {
            count: 100,
            p50_us,
            p90_us: p50_us,
            p99_us,
            p99_9_us: p99_us,
            max_us: p99_us,
            mean_us: p50_us,
        };
        let report = LoadReport {
            label: label.to_owned(),
            mode: crate::report::Mode::Open,
            url: "http://127.0.0.1:1/".to_owned(),
            body_bytes: 100,
            signed_once: false,
            rate: Some(100.0),
            connections: None,
            warmup_s: 1.0,
            duration_s: 1.0,
            requests: 100,
            ok: 100,
            errors: BTreeMap::new(),
            throughput_rps: rps,
            latency: Some(percentiles),
            first_byte: Some(percentiles),
            connections_opened: 1,
            max_send_lag_us: Some(50.0),
            open_streams_at_sample: None,
            memory: Vec::new(),
            cpu: Vec::new(),
        };
        serde_json::to_string(&Record::Load(Box::new(report))).unwrap()
    }

    fn sign(p50_us: f64) -> String {
        let p = Percentiles {
            count: 10,
            p50_us,
            p90_us: p50_us,
            p99_us: p50_us,
            p99_9_us: p50_us,
            max_us: p50_us,
            mean_us: p50_us,
        };
        serde_json::to_string(&Record::Sign(SignReport {
            label: "sign".to_owned(),
            key_bits: 2048,
            pause_us: 0,
            rsa: p,
            sign_request: p,
            cores: 2,
            ceiling_rps: 2.0 / (p50_us / 1e6),
        }))
        .unwrap()
    }

    #[test]
    fn added_latency_is_the_difference_per_percentile_against_the_signature() {
        let lines = [
            sign(500.0),
            load("open/100/small/direct", 200.0, 400.0, 100.0),
            // +0.7 ms at p50 (limit 0.75), +2.1 ms at p99 (limit 2.0).
            load("open/100/small/gateway", 900.0, 2_500.0, 100.0),
        ]
        .join("\n");
        let results = Results::parse(&lines, Path::new("r.jsonl")).unwrap();
        let text = results.render(10_000_000);
        assert!(
            text.contains("| 100/s | small | 0.700 | <= 0.750 | **met** | 0.700 | 2.100 | <= 2.000 | **not met** |"),
            "{text}"
        );
        assert!(text.contains("| <= 15 MB | **met** |"), "{text}");
        assert!(text.contains("= **4000 signatures/s**"), "{text}");
    }

    #[test]
    fn a_run_with_errors_never_meets_its_target() {
        let mut with_errors: serde_json::Value =
            serde_json::from_str(&load("closed/32/small/gateway", 1.0, 2.0, 5_000.0)).unwrap();
        with_errors["errors"] = serde_json::json!({"status 503": 2});
        let lines = [
            load("closed/32/small/direct", 1.0, 2.0, 9_000.0),
            with_errors.to_string(),
        ]
        .join("\n");
        let text = Results::parse(&lines, Path::new("r.jsonl"))
            .unwrap()
            .render(1);
        assert!(
            text.contains("5000 /s (2 (status 503: 2) errors)"),
            "{text}"
        );
        assert!(text.contains("| >= 1200 /s | **not met** |"), "{text}");
    }

    #[test]
    fn a_bad_line_names_its_number() {
        let error = Results::parse("\n{\"kind\":\"nope\"}", Path::new("r.jsonl")).unwrap_err();
        assert!(error.to_string().contains("r.jsonl line 2"), "{error}");
    }
}
