//! `loadgen`: the gateway's load generator. `scripts/bench-gateway` runs every measurement
//! with it; `loadgen --help` and `docs/benchmarks.md` describe the modes.
//!
//! The client is hyper's HTTP/1.1 connection API with keep-alive, on a Tokio runtime of
//! `--threads` workers (1 by default, so that the load generator leaves the other core to the
//! servers under test on a 2-core machine).

mod body;
mod cli;
mod closed_loop;
mod connection;
mod cpu;
mod dispatch;
mod error;
mod exchange;
mod histogram;
mod memory;
mod open_loop;
mod ordered;
mod outcome;
mod report;
mod request;
mod schedule;
mod sign;
mod startup;
mod streams;
mod summary;

use std::future::Future;
use std::io::Write as _;
use std::process::ExitCode;

use clap::Parser as _;

use crate::cli::{Cli, Command};
use crate::error::Error;
use crate::memory::MemorySample;
use crate::report::{MemoryReport, Record};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            let mut source = std::error::Error::source(&error);
            while let Some(cause) = source {
                eprintln!("  caused by: {cause}");
                source = cause.source();
            }
            ExitCode::FAILURE
        }
    }
}

fn run(command: Command) -> Result<(), Error> {
    match command {
        Command::Open(args) => {
            let record = block_on(args.request.threads, open_loop::run(&args))?;
            report::write(&record, &args.output)
        }
        Command::Closed(args) => {
            let record = block_on(args.request.threads, closed_loop::run(&args))?;
            report::write(&record, &args.output)
        }
        Command::Streams(args) => {
            let record = block_on(args.request.threads, streams::run(&args))?;
            report::write(&record, &args.output)
        }
        Command::Sign(args) => report::write(&sign::run(&args)?, &args.output),
        Command::Startup(args) => report::write(&startup::run(&args)?, &args.output),
        Command::Memory(args) => {
            let record = Record::Memory(MemoryReport {
                label: args.output.label.clone(),
                sample: MemorySample::read(args.pid)?,
            });
            report::write(&record, &args.output)
        }
        Command::Body(args) => {
            let bytes = body::run(&args)?;
            let mut stdout = std::io::stdout().lock();
            writeln!(stdout, "{}: {bytes} bytes", args.out.display()).map_err(Error::Stdout)
        }
        Command::Summarize(args) => {
            let markdown = summary::run(&args)?;
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(markdown.as_bytes()).map_err(Error::Stdout)
        }
    }
}

/// Runs `future` on a multi-threaded runtime with `threads` workers.
fn block_on<T>(threads: usize, future: impl Future<Output = Result<T, Error>>) -> Result<T, Error> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(threads.max(1))
        .enable_all()
        .build()
        .map_err(Error::Runtime)?
        .block_on(future)
}
