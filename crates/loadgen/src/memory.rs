//! A process's memory as Linux reports it in `/proc/PID/status`: `VmRSS` (resident now) and
//! `VmHWM` (the resident peak since the process started).

use serde::{Deserialize, Serialize};

use crate::error::Error;

/// One reading of a process's memory, in KiB as the kernel reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct MemorySample {
    /// The process.
    pub(crate) pid: u32,
    /// Resident set size now.
    pub(crate) vm_rss_kib: u64,
    /// Peak resident set size so far.
    pub(crate) vm_hwm_kib: u64,
}

impl MemorySample {
    /// Reads `/proc/PID/status`.
    ///
    /// # Errors
    ///
    /// [`Error::Memory`] when the file cannot be read or lacks the two fields (not Linux, or
    /// the process is gone).
    pub(crate) fn read(pid: u32) -> Result<Self, Error> {
        let status = std::fs::read_to_string(format!("/proc/{pid}/status"))
            .map_err(|source| Error::Memory { pid, source })?;
        Self::parse(pid, &status).ok_or_else(|| Error::Memory {
            pid,
            source: std::io::Error::new(std::io::ErrorKind::InvalidData, "no VmRSS or VmHWM line"),
        })
    }

    fn parse(pid: u32, status: &str) -> Option<Self> {
        let field = |name: &str| {
            status.lines().find_map(|line| {
                let rest = line.strip_prefix(name)?.strip_prefix(':')?;
                rest.trim().strip_suffix("kB")?.trim().parse::<u64>().ok()
            })
        };
        Some(Self {
            pid,
            vm_rss_kib: field("VmRSS")?,
            vm_hwm_kib: field("VmHWM")?,
        })
    }

    /// `VmRSS` in MiB.
    pub(crate) fn rss_mib(&self) -> f64 {
        self.vm_rss_kib as f64 / 1024.0
    }

    /// `VmHWM` in MiB.
    pub(crate) fn hwm_mib(&self) -> f64 {
        self.vm_hwm_kib as f64 / 1024.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_two_fields_are_read_in_kib() {
        let status =
            "Name:\tgateway\nVmPeak:\t  100 kB\nVmHWM:\t    9216 kB\nVmRSS:\t    8192 kB\n";
        let sample = MemorySample::parse(7, status).unwrap();
        assert_eq!(sample.vm_rss_kib, 8_192);
        assert_eq!(sample.vm_hwm_kib, 9_216);
        assert!((sample.rss_mib() - 8.0).abs() < f64::EPSILON);
        assert!(MemorySample::parse(7, "Name:\tx\n").is_none());
    }

    #[test]
    fn this_process_can_be_read() {
        let sample = MemorySample::read(std::process::id()).unwrap();
        assert!(sample.vm_rss_kib > 0);
        assert!(sample.vm_hwm_kib >= sample.vm_rss_kib);
    }
}
