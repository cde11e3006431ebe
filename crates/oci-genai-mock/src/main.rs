//! `oci-genai-mock`: the mock as a program. Reads the flags, listens, prints
//! the address on stdout, and serves until Ctrl-C or SIGTERM.

mod cli;

use std::process::ExitCode;

use clap::Parser as _;
use oci_genai_mock::MockError;
use tokio::net::TcpListener;

#[tokio::main]
async fn main() -> ExitCode {
    let args = cli::Args::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .init();
    match run(args).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            let mut message = format!("error: {error}");
            let mut source = std::error::Error::source(&error);
            while let Some(cause) = source {
                message.push_str(&format!("\n  caused by: {cause}"));
                source = cause.source();
            }
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

async fn run(args: cli::Args) -> Result<(), MockError> {
    let addr = args.listen();
    let config = args.into_config()?;
    let listener = TcpListener::bind(addr)
        .await
        .map_err(|source| MockError::Bind { addr, source })?;
    let addr = listener.local_addr().map_err(MockError::LocalAddr)?;
    announce(addr);
    oci_genai_mock::serve(listener, config, shutdown_signal()).await
}

#[expect(
    clippy::print_stdout,
    reason = "scripts read the address from this line"
)]
fn announce(addr: std::net::SocketAddr) {
    println!("oci-genai-mock listening on http://{addr}");
}

/// Resolves on Ctrl-C, or SIGTERM on Unix.
async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        if let Ok(mut terminate) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = terminate.recv() => {}
            }
            return;
        }
    }
    // Without a handler the mock would never stop on its own; an error here
    // means Ctrl-C cannot be caught, and stopping at once is the safe choice.
    let _ = tokio::signal::ctrl_c().await;
}
