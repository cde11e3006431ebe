//! `loadgen streams`: streamed requests started on a fixed schedule. Reports the time to the
//! first body byte (and to the end) from each scheduled start, and the memory of watched
//! processes at the moment every measured stream is open at once.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use crate::cli::StreamsArgs;
use crate::connection::Pool;
use crate::dispatch::dispatch;
use crate::error::Error;
use crate::exchange::pooled_exchange;
use crate::memory::MemorySample;
use crate::outcome::Failure;
use crate::report::{LoadReport, Mode, Record};
use crate::request::{RequestTemplate, Signing};
use crate::schedule::Schedule;

/// How often the memory sampler checks whether every stream is open. Polling keeps the
/// counters plain atomics; 5 ms is far below the settle time that follows.
const SAMPLER_POLL: Duration = Duration::from_millis(5);

/// Streams in flight, as the sampler needs to know them.
#[derive(Debug, Default)]
struct Progress {
    /// Streams whose first byte is in and whose end is not.
    open: AtomicU64,
    /// Measured streams that have either sent their first byte or failed before it.
    measured_settled: AtomicU64,
}

/// Runs the streams and reports on the measured ones.
///
/// # Errors
///
/// [`Error`] when the request cannot be prepared, the flags are inconsistent, or a watched
/// process's memory cannot be read.
pub(crate) async fn run(args: &StreamsArgs) -> Result<Record, Error> {
    let template = Arc::new(RequestTemplate::from_args(&args.request).await?);
    let schedule =
        Schedule::for_count(args.rate, args.warmup_count, args.count).map_err(Error::Usage)?;
    let timeout = args.request.timeout;
    template.check_run_length(schedule.due(schedule.len()) + timeout)?;
    let max_connections = args
        .max_connections
        .unwrap_or_else(|| usize::try_from(schedule.len()).unwrap_or(usize::MAX));
    let pool = Arc::new(Pool::new(template.addr, max_connections));
    let progress = Arc::new(Progress::default());

    let sampler = (!args.watch_pids.is_empty()).then(|| {
        tokio::spawn(sample_when_all_open(
            Arc::clone(&progress),
            schedule.measured(),
            args.watch_pids.clone(),
            args.settle,
        ))
    });

    let dispatched = {
        let (pool, template, progress) = (
            Arc::clone(&pool),
            Arc::clone(&template),
            Arc::clone(&progress),
        );
        dispatch(schedule, move |index, due| {
            let (pool, template, progress) = (
                Arc::clone(&pool),
                Arc::clone(&template),
                Arc::clone(&progress),
            );
            let measured = schedule.is_measured(index);
            async move {
                let mut opened = false;
                let on_first_byte = || {
                    opened = true;
                    progress.open.fetch_add(1, Ordering::Relaxed);
                    if measured {
                        progress.measured_settled.fetch_add(1, Ordering::Relaxed);
                    }
                };
                let result =
                    tokio::time::timeout(timeout, pooled_exchange(&pool, &template, on_first_byte))
                        .await
                        .unwrap_or(Err(Failure::Timeout));
                if opened {
                    progress.open.fetch_sub(1, Ordering::Relaxed);
                } else if measured {
                    progress.measured_settled.fetch_add(1, Ordering::Relaxed);
                }
                (due, result)
            }
        })
        .await?
    };

    let max_lag = dispatched.max_lag;
    let tally = dispatched.tally(&schedule).await?;
    let (open_streams_at_sample, memory) = match sampler {
        Some(sampler) => {
            let (open, samples) = sampler.await.map_err(Error::Task)??;
            (Some(open), samples)
        }
        None => (None, Vec::new()),
    };

    let span = schedule.measured_span().as_secs_f64();
    Ok(Record::Load(Box::new(LoadReport {
        label: args.output.label.clone(),
        mode: Mode::Streams,
        url: template.url().to_owned(),
        body_bytes: template.body_len(),
        signed_once: template.signing() == Signing::OnceAtStart,
        rate: Some(schedule.rate()),
        connections: None,
        warmup_s: schedule.due(args.warmup_count).as_secs_f64(),
        duration_s: span,
        requests: schedule.measured(),
        ok: tally.successes(),
        throughput_rps: tally.successes() as f64 / span,
        latency: tally.latency.percentiles(),
        first_byte: tally.first_byte.percentiles(),
        errors: tally.errors,
        connections_opened: pool.opened(),
        max_send_lag_us: Some(max_lag.as_secs_f64() * 1e6),
        open_streams_at_sample,
        memory,
        cpu: Vec::new(),
    })))
}

/// Waits until every measured stream has sent its first byte (or failed), lets the
/// processes settle, then reads their memory and how many streams are open at that moment.
async fn sample_when_all_open(
    progress: Arc<Progress>,
    measured: u64,
    pids: Vec<u32>,
    settle: Duration,
) -> Result<(u64, Vec<MemorySample>), Error> {
    while progress.measured_settled.load(Ordering::Relaxed) < measured {
        tokio::time::sleep(SAMPLER_POLL).await;
    }
    tokio::time::sleep(settle).await;
    let open = progress.open.load(Ordering::Relaxed);
    let samples = pids
        .into_iter()
        .map(MemorySample::read)
        .collect::<Result<Vec<_>, _>>()?;
    Ok((open, samples))
}
