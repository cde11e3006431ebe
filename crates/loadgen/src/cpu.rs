//! CPU time used by processes during a measured window, from `/proc/PID/stat` (`utime` +
//! `stime`, which include the threads that have already exited). Divided by the requests
//! served, it says where each request's CPU goes: the gateway, the mock, the load generator.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::error::Error;

/// Linux reports `utime` and `stime` in clock ticks of `USER_HZ`, which is 100 on every
/// Linux architecture the project runs on (the kernel ABI fixes it, whatever `CONFIG_HZ` is).
const TICKS_PER_SECOND: u64 = 100;

/// A process's CPU use over a window.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct CpuUse {
    /// The process.
    pub(crate) pid: u32,
    /// Its name (`/proc/PID/comm`).
    pub(crate) name: String,
    /// CPU seconds used in the window, user and system.
    pub(crate) cpu_s: f64,
    /// CPU microseconds per successful request.
    pub(crate) per_request_us: f64,
    /// Average cores busy: CPU seconds over the window's seconds.
    pub(crate) cores: f64,
}

/// Readings taken at the start of a window.
#[derive(Debug)]
pub(crate) struct CpuWatch {
    start: Vec<(u32, String, Duration)>,
}

impl CpuWatch {
    /// Reads the CPU time of `pids` and of this process.
    ///
    /// # Errors
    ///
    /// [`Error::Cpu`] when a process's stat file cannot be read.
    pub(crate) fn start(pids: &[u32]) -> Result<Self, Error> {
        let mut start = Vec::new();
        for &pid in pids.iter().chain(std::iter::once(&std::process::id())) {
            let name = std::fs::read_to_string(format!("/proc/{pid}/comm"))
                .map(|name| name.trim().to_owned())
                .unwrap_or_default();
            start.push((pid, name, read(pid)?));
        }
        Ok(Self { start })
    }

    /// The CPU each process used since [`CpuWatch::start`], over a window of `window` in which
    /// `requests` requests succeeded.
    ///
    /// # Errors
    ///
    /// [`Error::Cpu`] when a process's stat file cannot be read (it exited).
    pub(crate) fn finish(self, window: Duration, requests: u64) -> Result<Vec<CpuUse>, Error> {
        self.start
            .into_iter()
            .map(|(pid, name, before)| {
                let used = read(pid)?.saturating_sub(before).as_secs_f64();
                Ok(CpuUse {
                    pid,
                    name,
                    cpu_s: used,
                    per_request_us: if requests == 0 {
                        0.0
                    } else {
                        used * 1e6 / requests as f64
                    },
                    cores: used / window.as_secs_f64().max(f64::MIN_POSITIVE),
                })
            })
            .collect()
    }
}

/// User plus system CPU time of `pid`.
fn read(pid: u32) -> Result<Duration, Error> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .map_err(|source| Error::Cpu { pid, source })?;
    parse(&stat).ok_or_else(|| Error::Cpu {
        pid,
        source: std::io::Error::new(std::io::ErrorKind::InvalidData, "unexpected format"),
    })
}

/// `utime + stime` of a `/proc/PID/stat` line. The command name (field 2) may hold spaces and
/// parentheses, so fields are counted after its closing parenthesis: `state` is the first
/// there, `utime` and `stime` (fields 14 and 15) the 12th and 13th.
fn parse(stat: &str) -> Option<Duration> {
    let (_, after_name) = stat.rsplit_once(')')?;
    let mut fields = after_name.split_whitespace().skip(11);
    let user: u64 = fields.next()?.parse().ok()?;
    let system: u64 = fields.next()?.parse().ok()?;
    let ticks = user + system;
    Some(
        Duration::from_secs(ticks / TICKS_PER_SECOND)
            + Duration::from_millis((ticks % TICKS_PER_SECOND) * (1000 / TICKS_PER_SECOND)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_and_system_ticks_are_added() {
        let stat = "4242 (tokio (worker) x) S 1 4242 4242 0 -1 4194560 2000 0 0 0 250 125 0 0 20 0 3 0 100 0 0";
        assert_eq!(parse(stat), Some(Duration::from_millis(3_750)));
        assert_eq!(parse("4242 (short) S 1"), None);
    }

    #[test]
    fn this_process_uses_some_cpu() {
        let watch = CpuWatch::start(&[]).unwrap();
        let mut x = 0_u64;
        for i in 0..50_000_000_u64 {
            x = x.wrapping_add(std::hint::black_box(i));
        }
        std::hint::black_box(x);
        let used = watch.finish(Duration::from_secs(1), 10).unwrap();
        assert_eq!(used.len(), 1);
        assert_eq!(used[0].pid, std::process::id());
    }
}
