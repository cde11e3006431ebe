//! The gateway's worker threads as Linux shows them in `/proc`: which CPUs each may run on.

use std::collections::BTreeMap;
use std::time::Duration;

/// The CPUs each thread named `gw-worker-N` of process `pid` may run on, by N. A thread that
/// ends while it is being read is left out.
fn worker_cpus(pid: u32) -> BTreeMap<usize, Vec<usize>> {
    let mut workers = BTreeMap::new();
    let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) else {
        return workers;
    };
    for task in tasks.flatten() {
        let task = task.path();
        let (Ok(name), Ok(status)) = (
            std::fs::read_to_string(task.join("comm")),
            std::fs::read_to_string(task.join("status")),
        ) else {
            continue;
        };
        let Some(index) = name.trim().strip_prefix("gw-worker-") else {
            continue;
        };
        let list = status
            .lines()
            .find_map(|line| line.strip_prefix("Cpus_allowed_list:"))
            .expect("Cpus_allowed_list in /proc/PID/task/TID/status");
        workers.insert(index.parse().expect("worker index"), cpu_list(list.trim()));
    }
    workers
}

/// `0-2,5` as `[0, 1, 2, 5]`.
fn cpu_list(list: &str) -> Vec<usize> {
    list.split(',')
        .flat_map(|range| {
            let (first, last) = range.split_once('-').unwrap_or((range, range));
            first.parse().expect("CPU number")..=last.parse().expect("CPU number")
        })
        .collect()
}

/// Waits until the workers of process `pid` may run on `expected` (they start after the ready
/// line, and each pins itself once started), and fails with what was last read.
pub(crate) async fn assert_worker_cpus(pid: u32, expected: &BTreeMap<usize, Vec<usize>>) {
    let deadline = tokio::time::Instant::now() + super::PATIENCE;
    loop {
        let seen = worker_cpus(pid);
        if &seen == expected {
            return;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "worker CPUs {seen:?}, expected {expected:?}"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

/// A CPU number this machine can never have, but inside the 1,024 bits of an affinity mask:
/// pinning to it gets to the kernel, which refuses. `None` on machines too large for one.
pub(crate) fn impossible_cpu() -> Option<usize> {
    let possible = std::fs::read_to_string("/sys/devices/system/cpu/possible").ok()?;
    let highest: usize = possible.trim().rsplit(['-', ',']).next()?.parse().ok()?;
    (highest + 1 < 1024).then_some(highest + 1)
}
