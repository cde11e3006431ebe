//! `loadgen open`: requests on a fixed schedule, latency from each scheduled send time.

use std::sync::Arc;

use crate::cli::OpenArgs;
use crate::connection::Pool;
use crate::dispatch::dispatch;
use crate::error::Error;
use crate::exchange::pooled_exchange;
use crate::outcome::Failure;
use crate::report::{LoadReport, Mode, Record};
use crate::request::{RequestTemplate, Signing};
use crate::schedule::Schedule;

/// Runs the schedule and reports on the measured requests.
///
/// # Errors
///
/// [`Error`] when the request cannot be prepared or the flags are inconsistent.
pub(crate) async fn run(args: &OpenArgs) -> Result<Record, Error> {
    let template = Arc::new(RequestTemplate::from_args(&args.request).await?);
    let warmup = args.warmup;
    let schedule =
        Schedule::for_duration(args.rate, warmup, args.duration).map_err(Error::Usage)?;
    let timeout = args.request.timeout;
    template.check_run_length(schedule.due(schedule.len()) + timeout)?;
    let pool = Arc::new(Pool::new(template.addr, args.max_connections));

    let dispatched = {
        let (pool, template) = (Arc::clone(&pool), Arc::clone(&template));
        dispatch(schedule, move |_, due| {
            let (pool, template) = (Arc::clone(&pool), Arc::clone(&template));
            async move {
                let result =
                    tokio::time::timeout(timeout, pooled_exchange(&pool, &template, || {}))
                        .await
                        .unwrap_or(Err(Failure::Timeout));
                (due, result)
            }
        })
        .await?
    };

    let max_lag = dispatched.max_lag;
    let tally = dispatched.tally(&schedule).await?;
    let span = schedule.measured_span().as_secs_f64();
    Ok(Record::Load(Box::new(LoadReport {
        label: args.output.label.clone(),
        mode: Mode::Open,
        url: template.url().to_owned(),
        body_bytes: template.body_len(),
        signed_once: template.signing() == Signing::OnceAtStart,
        rate: Some(schedule.rate()),
        connections: None,
        warmup_s: warmup.as_secs_f64(),
        duration_s: span,
        requests: schedule.measured(),
        ok: tally.successes(),
        throughput_rps: tally.successes() as f64 / span,
        latency: tally.latency.percentiles(),
        first_byte: tally.first_byte.percentiles(),
        errors: tally.errors,
        connections_opened: pool.opened(),
        max_send_lag_us: Some(max_lag.as_secs_f64() * 1e6),
        open_streams_at_sample: None,
        memory: Vec::new(),
        cpu: Vec::new(),
    })))
}
