//! What stops a run before or after it measures. A request that fails during a run is not
//! an error here: it is counted in the report by its cause ([`crate::outcome::Failure`]), so
//! that no failure is ever dropped from the figures.

use std::io;
use std::path::PathBuf;

/// Why `loadgen` cannot do what it was asked.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub(crate) enum Error {
    /// A file given on the command line cannot be read.
    #[error("cannot read {}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: io::Error,
    },
    /// An output file cannot be written.
    #[error("cannot write {}", path.display())]
    Write {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: io::Error,
    },
    /// The report cannot be written to stdout.
    #[error("cannot write the report to stdout")]
    Stdout(#[source] io::Error),
    /// A JSON input (body file, results file) does not parse.
    #[error("{what} is not valid JSON")]
    Json {
        /// The input, e.g. a file name and line.
        what: String,
        /// The parser's message.
        #[source]
        source: serde_json::Error,
    },
    /// A report cannot be encoded as JSON (a bug).
    #[error("cannot encode the report as JSON")]
    Encode(#[source] serde_json::Error),
    /// The command line is inconsistent in a way clap cannot see.
    #[error("{0}")]
    Usage(String),
    /// The target URL is not one `loadgen` can send to.
    #[error("cannot send to {url:?}: {reason}")]
    Url {
        /// The URL as given.
        url: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// The target's host name does not resolve.
    #[error("cannot resolve {authority}")]
    Resolve {
        /// `host:port`.
        authority: String,
        /// The resolver's error.
        #[source]
        source: io::Error,
    },
    /// A `--header` is not `NAME: VALUE` with a valid name and value.
    #[error("invalid header {header:?}: expected NAME: VALUE")]
    Header {
        /// The flag's value.
        header: String,
    },
    /// The OCI signing key cannot be loaded.
    #[error("cannot load the OCI signing key {}", path.display())]
    Key {
        /// The PEM file.
        path: PathBuf,
        /// The signer's error.
        #[source]
        source: oci_signer::KeyError,
    },
    /// The request cannot be signed.
    #[error("cannot sign the request")]
    Sign(#[source] oci_signer::SigningError),
    /// The chat request cannot be translated to OCI's format.
    #[error("cannot translate the chat request to OCI's format")]
    Translate(#[source] translate::TranslateError),
    /// The Tokio runtime cannot start.
    #[error("cannot start the Tokio runtime")]
    Runtime(#[source] io::Error),
    /// A task of the run panicked or was cancelled (a bug).
    #[error("a load task failed")]
    Task(#[source] tokio::task::JoinError),
    /// The program under test cannot be started.
    #[error("cannot start {program}")]
    Spawn {
        /// The program.
        program: String,
        /// Why.
        #[source]
        source: io::Error,
    },
    /// The program under test exited before it was ready.
    #[error("{program} exited before it was ready ({status})")]
    ExitedEarly {
        /// The program.
        program: String,
        /// Its exit status.
        status: String,
    },
    /// The program under test was not ready in time.
    #[error("{program} was not ready within {seconds} s")]
    NotReady {
        /// The program.
        program: String,
        /// The limit.
        seconds: f64,
    },
    /// A process's CPU counters cannot be read.
    #[error("cannot read /proc/{pid}/stat")]
    Cpu {
        /// The process.
        pid: u32,
        /// Why.
        #[source]
        source: io::Error,
    },
    /// A process's memory counters cannot be read.
    #[error("cannot read /proc/{pid}/status")]
    Memory {
        /// The process.
        pid: u32,
        /// Why.
        #[source]
        source: io::Error,
    },
}
