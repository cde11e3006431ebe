//! `loadgen startup`: how long a server takes from spawn to ready, to its ready log line and
//! to its first successful health check, over several runs.

use std::io::{BufRead as _, BufReader, Read, Write as _};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::cli::StartupArgs;
use crate::error::Error;
use crate::report::{Record, StartupReport};

/// How long one health check may take.
const CHECK_TIMEOUT: Duration = Duration::from_millis(200);

/// One run's timings, from spawn.
#[derive(Debug, Clone, Copy)]
struct Run {
    ready_line: Option<Duration>,
    healthy: Duration,
}

/// Starts the server `--runs` times and reports the timings.
///
/// # Errors
///
/// [`Error`] when the server cannot be started, exits early or is not ready in time.
pub(crate) fn run(args: &StartupArgs) -> Result<Record, Error> {
    let mut ready_line_ms = Vec::new();
    let mut healthy_ms = Vec::new();
    let mut command = String::new();
    for _ in 0..args.runs {
        let port = free_port()?;
        let argv: Vec<String> = args
            .command
            .iter()
            .map(|arg| arg.replace("{port}", &port.to_string()))
            .collect();
        if command.is_empty() {
            command = argv.join(" ");
        }
        let run = measure(args, &argv, port)?;
        if let Some(ready_line) = run.ready_line {
            ready_line_ms.push(millis(ready_line));
        }
        healthy_ms.push(millis(run.healthy));
    }
    Ok(Record::Startup(StartupReport {
        label: args.output.label.clone(),
        command,
        median_ready_line_ms: median(&ready_line_ms),
        median_healthy_ms: median(&healthy_ms),
        ready_line_ms,
        healthy_ms,
    }))
}

fn millis(duration: Duration) -> f64 {
    (duration.as_secs_f64() * 1e5).round() / 100.0
}

/// A port nobody listens on now. Another process could take it before the server binds it;
/// on a quiet benchmark machine that does not happen, and the run would fail loudly if it did.
fn free_port() -> Result<u16, Error> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).map_err(|source| Error::Spawn {
        program: "a free port".to_owned(),
        source,
    })?;
    listener
        .local_addr()
        .map(|addr| addr.port())
        .map_err(|source| Error::Spawn {
            program: "a free port".to_owned(),
            source,
        })
}

fn measure(args: &StartupArgs, argv: &[String], port: u16) -> Result<Run, Error> {
    let (program, rest) = argv
        .split_first()
        .ok_or_else(|| Error::Usage("no command to start".to_owned()))?;
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    let started = Instant::now();
    let mut child = Command::new(program)
        .args(rest)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|source| Error::Spawn {
            program: program.clone(),
            source,
        })?;
    let (ready_sender, ready_receiver) = mpsc::channel();
    let mut readers = Vec::new();
    if let Some(stdout) = child.stdout.take() {
        readers.push(watch_for(
            stdout,
            args.ready_text.clone(),
            ready_sender.clone(),
        ));
    }
    if let Some(stderr) = child.stderr.take() {
        readers.push(watch_for(stderr, args.ready_text.clone(), ready_sender));
    }

    let outcome = wait_until_healthy(&mut child, addr, args, started, program);
    // The server has served its purpose; SIGKILL is enough, nothing of it is kept.
    let _ = child.kill();
    let _ = child.wait();
    for reader in readers {
        let _ = reader.join();
    }
    let healthy = outcome?;
    let ready_line = ready_receiver
        .try_iter()
        .next()
        .map(|at: Instant| at.saturating_duration_since(started));
    Ok(Run {
        ready_line,
        healthy,
    })
}

fn wait_until_healthy(
    child: &mut Child,
    addr: SocketAddr,
    args: &StartupArgs,
    started: Instant,
    program: &str,
) -> Result<Duration, Error> {
    let interval = Duration::from_micros(args.poll_interval_us);
    loop {
        if health_check(addr, &args.health_path) {
            return Ok(started.elapsed());
        }
        if let Ok(Some(status)) = child.try_wait() {
            return Err(Error::ExitedEarly {
                program: program.to_owned(),
                status: status.to_string(),
            });
        }
        if started.elapsed() > args.timeout {
            return Err(Error::NotReady {
                program: program.to_owned(),
                seconds: args.timeout.as_secs_f64(),
            });
        }
        std::thread::sleep(interval);
    }
}

/// Reads `output` line by line on a thread of its own, sends the time of the first line
/// containing `text`, and keeps draining so the server never blocks on a full pipe.
fn watch_for(
    output: impl Read + Send + 'static,
    text: String,
    ready: mpsc::Sender<Instant>,
) -> std::thread::JoinHandle<()> {
    std::thread::spawn(move || {
        let mut seen = false;
        for line in BufReader::new(output).lines() {
            let Ok(line) = line else { break };
            if !seen && line.contains(&text) {
                seen = true;
                let _ = ready.send(Instant::now());
            }
        }
    })
}

/// Whether `GET path` answers 200.
fn health_check(addr: SocketAddr, path: &str) -> bool {
    let Ok(mut stream) = TcpStream::connect_timeout(&addr, CHECK_TIMEOUT) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(CHECK_TIMEOUT));
    let request = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    if stream.write_all(request.as_bytes()).is_err() {
        return false;
    }
    let mut head = [0_u8; 12];
    stream.read_exact(&mut head).is_ok() && is_ok_status(&head)
}

fn is_ok_status(head: &[u8]) -> bool {
    head.starts_with(b"HTTP/1.1 200") || head.starts_with(b"HTTP/1.0 200")
}

/// The median; the mean of the two middle values for an even count; 0 for none.
fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    match sorted.len() {
        0 => 0.0,
        n if n % 2 == 1 => sorted[n / 2],
        n => (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians_of_odd_and_even_counts() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&[4.0, 1.0, 3.0, 2.0]), 2.5);
        assert_eq!(median(&[]), 0.0);
    }

    #[test]
    fn only_a_200_status_line_is_healthy() {
        assert!(is_ok_status(b"HTTP/1.1 200 OK"));
        assert!(!is_ok_status(b"HTTP/1.1 503 Service Unavailable"));
    }

    #[test]
    fn a_command_that_exits_is_reported() {
        let args = StartupArgs {
            runs: 1,
            health_path: "/healthz".to_owned(),
            ready_text: "ready".to_owned(),
            poll_interval_us: 1_000,
            timeout: Duration::from_secs(5),
            command: vec!["true".to_owned()],
            output: crate::cli::OutputArgs {
                label: String::new(),
                format: crate::cli::Format::Table,
                append: None,
            },
        };
        assert!(matches!(run(&args), Err(Error::ExitedEarly { .. })));
    }
}
