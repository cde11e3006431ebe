//! Starting requests on a schedule from a thread of their own.
//!
//! The dispatcher sleeps on a dedicated OS thread (`std::thread::sleep`, tens of
//! microseconds late at worst on Linux) rather than on Tokio's timer, whose 1 ms granularity
//! would bunch requests at 500 requests/s. Each request becomes a task on the runtime the
//! moment it is due, so a slow answer never delays the next send.

use std::future::Future;
use std::time::{Duration, Instant};

use tokio::runtime::Handle;
use tokio::task::JoinHandle;

use crate::error::Error;
use crate::exchange::Arrival;
use crate::outcome::{Failure, Tally};
use crate::schedule::Schedule;

/// Time between the call and the first due request, so that the dispatcher thread is
/// running before the schedule starts.
const START_DELAY: Duration = Duration::from_millis(20);

/// The tasks a schedule started.
#[derive(Debug)]
pub(crate) struct Dispatched<T> {
    /// Each request's index and task, in schedule order.
    pub(crate) tasks: Vec<(u64, JoinHandle<T>)>,
    /// The latest a request was started after it was due.
    pub(crate) max_lag: Duration,
}

impl Dispatched<(Instant, Result<Arrival, Failure>)> {
    /// Waits for every request and tallies the measured ones, timed from when each was due.
    ///
    /// # Errors
    ///
    /// [`Error::Task`] if a request task panicked (a bug).
    pub(crate) async fn tally(self, schedule: &Schedule) -> Result<Tally, Error> {
        let mut tally = Tally::default();
        for (index, task) in self.tasks {
            let (due, result) = task.await.map_err(Error::Task)?;
            if schedule.is_measured(index) {
                tally.record(due, result);
            }
        }
        Ok(tally)
    }
}

/// Starts `start(index, due)` as a task at each due time of `schedule`, and returns once the
/// last one is started (not finished).
///
/// # Errors
///
/// [`Error::Task`] if the dispatcher thread panics (a bug).
pub(crate) async fn dispatch<T, F, Fut>(
    schedule: Schedule,
    start: F,
) -> Result<Dispatched<T>, Error>
where
    F: Fn(u64, Instant) -> Fut + Send + 'static,
    Fut: Future<Output = T> + Send + 'static,
    T: Send + 'static,
{
    let runtime = Handle::current();
    let origin = Instant::now() + START_DELAY;
    tokio::task::spawn_blocking(move || {
        let capacity = usize::try_from(schedule.len()).unwrap_or(0);
        let mut tasks = Vec::with_capacity(capacity);
        let mut max_lag = Duration::ZERO;
        for index in 0..schedule.len() {
            let due = origin + schedule.due(index);
            let now = Instant::now();
            if due > now {
                std::thread::sleep(due - now);
            }
            max_lag = max_lag.max(Instant::now().saturating_duration_since(due));
            tasks.push((index, runtime.spawn(start(index, due))));
        }
        Dispatched { tasks, max_lag }
    })
    .await
    .map_err(Error::Task)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 1)]
    async fn requests_start_when_due_whatever_the_earlier_ones_do() {
        let schedule = Schedule::for_count(200.0, 0, 20).unwrap();
        let began = Instant::now();
        let dispatched = dispatch(schedule, |index, due| async move {
            let started = Instant::now();
            // Every task is slower than the interval: a closed loop would fall behind.
            tokio::time::sleep(Duration::from_millis(100)).await;
            (index, due, started)
        })
        .await
        .unwrap();
        assert_eq!(dispatched.tasks.len(), 20);
        let mut dues = Vec::new();
        for (index, task) in dispatched.tasks {
            let (returned, due, started) = task.await.unwrap();
            assert_eq!(index, returned);
            assert!(started >= due);
            dues.push(due);
        }
        // 5 ms apart, from the index.
        assert_eq!(dues[19] - dues[0], Duration::from_millis(95));
        // All were started 95 ms in and ended about 100 ms later, not after 20 x 100 ms.
        assert!(began.elapsed() < Duration::from_secs(1));
    }
}
