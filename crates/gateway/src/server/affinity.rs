//! Pinning worker threads to CPUs.
//!
//! A worker thread the scheduler may move wakes, at low load, on whichever core the client's
//! packet arrived on, and then runs its request on caches that hold another core's data: at
//! 100 requests/s on 2 cores, about one move per request, and each request costing 100 to
//! 150 µs more CPU than on a core of its own (see `docs/benchmarks.md`). With one worker per CPU (the default), pinning
//! worker `i` to the `i`-th CPU the process may run on keeps each worker's code and data warm,
//! the way thread-per-core servers do.

/// Whether to pin: `Some(true)` always, `Some(false)` never, `None` when there is exactly one
/// worker for each CPU the process may run on.
///
/// Under a CPU quota smaller than the CPU set (a container limited to 1.5 CPUs of 8, say) the
/// default worker count follows the quota, so `None` leaves the threads to the scheduler.
pub type PinWorkers = Option<bool>;

/// The CPU each of `workers` threads should be pinned to, if any: `allowed` in order, from
/// the start again when there are more workers than CPUs.
pub fn plan(workers: usize, pin: PinWorkers, allowed: &[usize]) -> Vec<Option<usize>> {
    let pinned = !allowed.is_empty() && pin.unwrap_or(workers == allowed.len());
    (0..workers)
        .map(|index| pinned.then(|| allowed[index % allowed.len()]))
        .collect()
}

/// The CPUs this process may run on (its affinity mask), in increasing order.
///
/// # Errors
/// When the platform has no affinity masks, or the kernel refuses to say.
#[cfg(target_os = "linux")]
pub fn allowed_cpus() -> std::io::Result<Vec<usize>> {
    use nix::sched::{CpuSet, sched_getaffinity};
    use nix::unistd::Pid;

    let set = sched_getaffinity(Pid::from_raw(0))?;
    Ok((0..CpuSet::count())
        .filter(|&cpu| set.is_set(cpu).unwrap_or(false))
        .collect())
}

/// The CPUs this process may run on: unknown on this platform.
///
/// # Errors
/// Always: only Linux builds pin threads.
#[cfg(not(target_os = "linux"))]
pub fn allowed_cpus() -> std::io::Result<Vec<usize>> {
    Err(std::io::ErrorKind::Unsupported.into())
}

/// Restricts the calling thread to `cpu`.
///
/// # Errors
/// When `cpu` is out of the kernel's range or outside the process's cgroup CPU set.
#[cfg(target_os = "linux")]
pub fn pin_current_thread(cpu: usize) -> std::io::Result<()> {
    use nix::sched::{CpuSet, sched_setaffinity};
    use nix::unistd::Pid;

    let mut set = CpuSet::new();
    set.set(cpu)?;
    sched_setaffinity(Pid::from_raw(0), &set)?;
    Ok(())
}

/// Restricts the calling thread to `cpu`: not possible on this platform.
///
/// # Errors
/// Always: only Linux builds pin threads.
#[cfg(not(target_os = "linux"))]
pub fn pin_current_thread(_cpu: usize) -> std::io::Result<()> {
    Err(std::io::ErrorKind::Unsupported.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_worker_per_cpu_is_pinned_by_default() {
        assert_eq!(plan(2, None, &[0, 1]), vec![Some(0), Some(1)]);
        // The CPUs the mask allows, not 0..n.
        assert_eq!(plan(2, None, &[3, 7]), vec![Some(3), Some(7)]);
    }

    #[test]
    fn other_worker_counts_are_left_to_the_scheduler_by_default() {
        assert_eq!(plan(1, None, &[0, 1]), vec![None]);
        assert_eq!(plan(3, None, &[0, 1]), vec![None, None, None]);
    }

    #[test]
    fn forced_pinning_wraps_around_the_cpus() {
        assert_eq!(
            plan(3, Some(true), &[4, 5]),
            vec![Some(4), Some(5), Some(4)]
        );
        assert_eq!(plan(1, Some(true), &[4, 5]), vec![Some(4)]);
    }

    #[test]
    fn pinning_off_or_without_known_cpus_pins_nothing() {
        assert_eq!(plan(2, Some(false), &[0, 1]), vec![None, None]);
        assert_eq!(plan(2, Some(true), &[]), vec![None, None]);
        assert_eq!(plan(2, None, &[]), vec![None, None]);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_thread_pinned_to_an_allowed_cpu_runs_only_there() {
        let allowed = allowed_cpus().expect("affinity mask");
        assert!(!allowed.is_empty());
        let cpu = *allowed.last().expect("a CPU");
        let seen = std::thread::spawn(move || {
            pin_current_thread(cpu).expect("pin");
            allowed_cpus().expect("affinity mask after pinning")
        })
        .join()
        .expect("thread");
        assert_eq!(seen, vec![cpu]);
    }
}
