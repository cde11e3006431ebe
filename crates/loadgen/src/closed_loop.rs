//! `loadgen closed`: N connections, each sending its next request as soon as the previous
//! answer has been read; the maximum throughput the server sustains at that concurrency.

use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::task::JoinSet;

use crate::cli::ClosedArgs;
use crate::connection::{Sender, dial};
use crate::cpu::CpuWatch;
use crate::error::Error;
use crate::exchange::exchange;
use crate::outcome::{Failure, Tally};
use crate::report::{LoadReport, Mode, Record};
use crate::request::{RequestTemplate, Signing};

/// Pause after a failed connect, so that a server that refuses connections is not hammered
/// in a tight loop (the failures are still counted).
const RECONNECT_PAUSE: Duration = Duration::from_millis(10);

/// What one connection's loop measured.
#[derive(Debug, Default)]
struct WorkerResult {
    tally: Tally,
    /// Requests sent in the measured window.
    requests: u64,
    /// Connections opened.
    opened: u64,
}

/// Runs the connections and reports on the requests sent in the measured window.
///
/// # Errors
///
/// [`Error`] when the request cannot be prepared or the flags are inconsistent.
pub(crate) async fn run(args: &ClosedArgs) -> Result<Record, Error> {
    if args.connections == 0 {
        return Err(Error::Usage("--connections must be at least 1".to_owned()));
    }
    let template = Arc::new(RequestTemplate::from_args(&args.request).await?);
    let timeout = args.request.timeout;
    template.check_run_length(args.warmup + args.duration + timeout)?;
    let start = Instant::now();
    let window = Window {
        from: start + args.warmup,
        until: start + args.warmup + args.duration,
    };

    let mut workers = JoinSet::new();
    for _ in 0..args.connections {
        workers.spawn(worker(Arc::clone(&template), window, timeout));
    }
    // CPU readings at both ends of the measured window, while the workers run.
    let watch_pids = args.watch_pids.clone();
    let cpu_watch = tokio::spawn(async move {
        tokio::time::sleep_until(window.from.into()).await;
        let watch = CpuWatch::start(&watch_pids);
        tokio::time::sleep_until(window.until.into()).await;
        watch
    });
    let mut total = WorkerResult::default();
    while let Some(result) = workers.join_next().await {
        let result = result.map_err(Error::Task)?;
        total.tally.merge(&result.tally);
        total.requests += result.requests;
        total.opened += result.opened;
    }

    let span = args.duration.as_secs_f64();
    let tally = total.tally;
    let cpu = cpu_watch
        .await
        .map_err(Error::Task)??
        .finish(args.duration, tally.successes())?;
    Ok(Record::Load(Box::new(LoadReport {
        label: args.output.label.clone(),
        mode: Mode::Closed,
        url: template.url().to_owned(),
        body_bytes: template.body_len(),
        signed_once: template.signing() == Signing::OnceAtStart,
        rate: None,
        connections: Some(args.connections),
        warmup_s: args.warmup.as_secs_f64(),
        duration_s: span,
        requests: total.requests,
        ok: tally.successes(),
        throughput_rps: tally.successes() as f64 / span,
        latency: tally.latency.percentiles(),
        first_byte: tally.first_byte.percentiles(),
        errors: tally.errors,
        connections_opened: total.opened,
        max_send_lag_us: None,
        open_streams_at_sample: None,
        memory: Vec::new(),
        cpu,
    })))
}

/// The measured window: requests sent in `from..until` are measured; none is sent after.
#[derive(Debug, Clone, Copy)]
struct Window {
    from: Instant,
    until: Instant,
}

/// One connection's loop. A request's latency runs from its send, including a reconnect
/// when the previous request broke the connection.
async fn worker(template: Arc<RequestTemplate>, window: Window, timeout: Duration) -> WorkerResult {
    let mut result = WorkerResult::default();
    let mut idle: Option<Sender> = None;
    loop {
        let sent = Instant::now();
        if sent >= window.until {
            break;
        }
        let measured = sent >= window.from;
        if measured {
            result.requests += 1;
        }
        let mut sender = match idle.take() {
            Some(sender) if !sender.is_closed() => sender,
            _ => match dial(template.addr).await {
                Ok(sender) => {
                    result.opened += 1;
                    sender
                }
                Err(failure) => {
                    if measured {
                        result.tally.failure(&failure);
                    }
                    tokio::time::sleep(RECONNECT_PAUSE).await;
                    continue;
                }
            },
        };
        let outcome = tokio::time::timeout(timeout, exchange(&mut sender, &template, || {}))
            .await
            .unwrap_or(Err(Failure::Timeout));
        match outcome {
            Ok(arrival) => {
                if measured {
                    result.tally.success(
                        arrival.end.saturating_duration_since(sent),
                        arrival
                            .first_byte
                            .map(|first| first.saturating_duration_since(sent)),
                    );
                }
                idle = Some(sender);
            }
            Err(failure) => {
                if measured {
                    result.tally.failure(&failure);
                }
                if matches!(failure, Failure::Status(_)) {
                    idle = Some(sender);
                }
            }
        }
    }
    result
}
