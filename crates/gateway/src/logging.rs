//! Log output: text or JSON lines through `tracing`, filtered by `--log`.

use std::io::IsTerminal as _;

use tracing_subscriber::EnvFilter;

use crate::cli::LogFormat;
use crate::settings::Logging;

/// Installs the global subscriber. Calling it twice (as tests that start several gateways in
/// one process do) keeps the first.
///
/// # Errors
///
/// A message when the filter does not parse.
pub fn init(logging: &Logging) -> Result<(), String> {
    let filter = EnvFilter::try_new(&logging.filter)
        .map_err(|error| format!("log filter {:?}: {error}", logging.filter))?;
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        // Colour codes belong on a terminal, not in journald, a container log or a file.
        .with_ansi(std::io::stderr().is_terminal());
    let _ = match logging.format {
        LogFormat::Json => builder
            .json()
            .flatten_event(true)
            .with_current_span(false)
            .try_init(),
        _ => builder.with_target(false).try_init(),
    };
    Ok(())
}
