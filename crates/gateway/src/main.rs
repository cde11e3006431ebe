//! `oci-openai-gateway`: an OpenAI-compatible server in front of OCI Generative AI.

use std::process::ExitCode;

use clap::Parser as _;
use gateway::{Cli, Settings, backend, logging, server};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let settings = match Settings::resolve(&cli) {
        Ok(settings) => settings,
        Err(error) => return fail(&error),
    };
    if let Err(message) = logging::init(&settings.logging) {
        eprintln!("error: {message}");
        return ExitCode::from(2);
    }
    // This runtime accepts connections (and hosts the embedded mock with --mock); the
    // workers serve them, each on a runtime of its own.
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => return fail(&error),
    };
    runtime.block_on(run(settings))
}

async fn run(settings: Settings) -> ExitCode {
    let listen = settings.listen;
    let mock = settings.mock;
    let workers = settings.workers;
    let cpus = worker_cpus(workers, settings.pin_workers);
    let backend = match backend::build(settings).await {
        Ok(backend) => backend,
        Err(error) => return fail(&error),
    };
    let mut states = vec![backend.state.clone()];
    for _ in 1..workers {
        match backend.worker_state() {
            Ok(state) => states.push(state),
            Err(error) => return fail(&error),
        }
    }
    let listener = match tokio::net::TcpListener::bind(listen).await {
        Ok(listener) => listener,
        Err(error) => {
            eprintln!("error: cannot listen on {listen}: {error}");
            return ExitCode::FAILURE;
        }
    };
    let address = listener.local_addr().map_or(listen, |addr| addr);
    // Under the library's target, so that a filter such as `gateway=debug` keeps this line.
    tracing::info!(
        target: "gateway",
        %address,
        mock,
        oci = %backend.state.client.inference_endpoint().as_str(),
        aliases = backend.state.catalog.aliases().count(),
        client_auth = backend.state.keys.is_enabled(),
        workers,
        workers_to_pin = cpus.iter().flatten().count(),
        "ready: serving the OpenAI API on http://{address}/v1"
    );
    let served = server::serve_on_workers(listener, states, cpus, server::shutdown_signal()).await;
    if let Some(mock) = backend.mock {
        let _ = mock.shutdown().await;
    }
    match served {
        Ok(0) => ExitCode::SUCCESS,
        // Cutting what outlasts the grace period is how a stop is documented to end, not a
        // failure: exit 0, so that a service manager does not mark the stop failed.
        Ok(closed) => {
            tracing::warn!(
                target: "gateway",
                closed,
                "stopped; the grace period ran out before {closed} connections were done, and \
                 they were closed"
            );
            ExitCode::SUCCESS
        }
        Err(error) => fail(&error),
    }
}

/// The CPU each worker is pinned to, if any.
fn worker_cpus(workers: usize, pin: Option<bool>) -> Vec<Option<usize>> {
    let allowed = match server::affinity::allowed_cpus() {
        Ok(allowed) => allowed,
        Err(error) => {
            let message = "cannot read the CPUs this process may use; workers are not pinned";
            if pin == Some(true) {
                tracing::warn!(%error, "{message}");
            } else {
                tracing::debug!(%error, "{message}");
            }
            Vec::new()
        }
    };
    server::affinity::plan(workers, pin, &allowed)
}

fn fail(error: &dyn std::error::Error) -> ExitCode {
    eprintln!("error: {}", gateway::error::chain(error));
    ExitCode::FAILURE
}
