//! Pinning worker threads to CPUs.
//!
//! A worker thread the scheduler may move wakes, at low load, on whichever core the client's
//! packet arrived on, and then runs its request on caches that hold another core's data: at
//! 100 requests/s on 2 cores, about one move per request, and each request costing 80 to
//! 150 µs more CPU than on a core of its own (see `docs/benchmarks.md`). With one worker per
//! CPU (the default), pinning worker `i` to the `i`-th CPU the process may run on keeps each
//! worker's code and data warm, the way thread-per-core servers do.
//!
//! Only the workers are pinned. Threads a worker starts (Tokio's blocking pool, which resolves
//! host names) would inherit its single CPU, so they are given the whole mask back.

/// The CPU each of `workers` threads should be pinned to, if any: `allowed` in order, from
/// the start again when there are more workers than CPUs.
///
/// `pin` is the setting: `Some(true)` pins, `Some(false)` does not, and `None` pins when there
/// is exactly one worker for each allowed CPU. Under a CPU quota smaller than the mask (a
/// container limited to 1.5 CPUs of 8, say), the default worker count follows the quota, so
/// `None` leaves the threads to the scheduler.
pub fn plan(workers: usize, pin: Option<bool>, allowed: &[usize]) -> Vec<Option<usize>> {
    let pinned = !allowed.is_empty() && pin.unwrap_or(workers == allowed.len());
    (0..workers)
        .map(|index| pinned.then(|| allowed[index % allowed.len()]))
        .collect()
}

/// The CPUs the calling thread may run on (its affinity mask, which the kernel keeps to online
/// CPUs), in increasing order. Called from the main thread before any pinning, that is the
/// process's mask: what `taskset` or a cgroup cpuset allows.
///
/// # Errors
/// When the kernel refuses to say; in particular on machines whose kernel counts more than
/// 1,024 possible CPUs, the size of the mask this reads.
#[cfg(target_os = "linux")]
pub fn allowed_cpus() -> std::io::Result<Vec<usize>> {
    use nix::sched::{CpuSet, sched_getaffinity};
    use nix::unistd::Pid;

    // Pid 0: the calling thread.
    let set = sched_getaffinity(Pid::from_raw(0))?;
    Ok((0..CpuSet::count())
        .filter(|&cpu| set.is_set(cpu).unwrap_or(false))
        .collect())
}

/// The CPUs the calling thread may run on: unknown on this platform.
///
/// # Errors
/// Always: only Linux builds pin threads.
#[cfg(not(target_os = "linux"))]
pub fn allowed_cpus() -> std::io::Result<Vec<usize>> {
    Err(std::io::ErrorKind::Unsupported.into())
}

/// Restricts the calling thread to `cpus`.
///
/// # Errors
/// When a CPU number is past the mask's 1,024 bits, or none of `cpus` is online and allowed
/// by the process's cgroup.
#[cfg(target_os = "linux")]
pub fn restrict_current_thread(cpus: &[usize]) -> std::io::Result<()> {
    use nix::sched::{CpuSet, sched_setaffinity};
    use nix::unistd::Pid;

    let mut set = CpuSet::new();
    for &cpu in cpus {
        set.set(cpu)?;
    }
    sched_setaffinity(Pid::from_raw(0), &set)?;
    Ok(())
}

/// Restricts the calling thread to `cpus`: not possible on this platform.
///
/// # Errors
/// Always: only Linux builds pin threads.
#[cfg(not(target_os = "linux"))]
pub fn restrict_current_thread(_cpus: &[usize]) -> std::io::Result<()> {
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
    fn a_restricted_thread_reads_back_its_new_mask_and_can_widen_it_again() {
        let allowed = allowed_cpus().expect("affinity mask");
        assert!(!allowed.is_empty());
        let cpu = *allowed.last().expect("a CPU");
        let (narrowed, widened) = std::thread::spawn(move || {
            restrict_current_thread(&[cpu]).expect("pin");
            let narrowed = allowed_cpus().expect("mask after pinning");
            restrict_current_thread(&allowed).expect("unpin");
            (narrowed, allowed_cpus().expect("mask after unpinning"))
        })
        .join()
        .expect("thread");
        assert_eq!(narrowed, vec![cpu]);
        assert_eq!(widened, allowed_cpus().expect("this thread's mask"));
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn cpus_past_the_mask_or_not_on_this_machine_are_refused() {
        // The highest CPU number this kernel can ever bring online, e.g. `0-1` or `0,2-3`.
        let possible = std::fs::read_to_string("/sys/devices/system/cpu/possible").expect("read");
        let highest: usize = possible
            .trim()
            .rsplit(['-', ','])
            .next()
            .and_then(|last| last.parse().ok())
            .expect("a CPU number");
        let results = std::thread::spawn(move || {
            (
                restrict_current_thread(&[1 << 20]).is_err(),
                // Past the possible CPUs, but within the mask's bits when there is room.
                highest + 1 >= 1024 || restrict_current_thread(&[highest + 1]).is_err(),
            )
        })
        .join()
        .expect("thread");
        assert_eq!(results, (true, true));
    }
}
