//! Why the mock could not start or keep serving.

use std::net::SocketAddr;
use std::path::PathBuf;

use crate::verify::KeyError;

/// An error that stops the mock from starting or serving.
///
/// Bad requests never end up here: the mock answers them with OCI's error
/// bodies and keeps serving.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum MockError {
    /// The listening socket could not be bound, e.g. because the port is taken.
    /// Pick another address or port `0`.
    #[error("cannot listen on {addr}")]
    Bind {
        /// The address that was asked for.
        addr: SocketAddr,
        /// Why the operating system refused.
        #[source]
        source: std::io::Error,
    },
    /// The address of a bound listener could not be read.
    #[error("cannot read the local address of the listener")]
    LocalAddr(#[source] std::io::Error),
    /// A public key file given with `--public-key` could not be read.
    #[error("cannot read public key file {path}")]
    ReadKey {
        /// The file.
        path: PathBuf,
        /// Why it could not be read.
        #[source]
        source: std::io::Error,
    },
    /// A public key is not an RSA public key the mock can verify with. The
    /// source says what is wrong with it.
    #[error("invalid public key {origin}")]
    InvalidKey {
        /// Where the key came from: a file name, or `test identity`.
        origin: String,
        /// What is wrong with it.
        #[source]
        source: KeyError,
    },
    /// The built-in model catalog (`data/models.json`) does not parse. This is
    /// a bug in the crate.
    #[error("the built-in model catalog is invalid")]
    Catalog(#[source] Box<dyn std::error::Error + Send + Sync>),
    /// The background task serving a [`MockServer`](crate::MockServer) ended
    /// abnormally.
    #[error("the mock server task failed")]
    Task(#[source] Box<dyn std::error::Error + Send + Sync>),
}

#[cfg(test)]
mod tests {
    use std::error::Error as _;

    use super::*;

    #[test]
    fn display_is_lowercase_without_period_and_sources_are_kept() {
        let io = || std::io::Error::other("boom");
        let errors = [
            MockError::Bind {
                addr: SocketAddr::from(([127, 0, 0, 1], 1)),
                source: io(),
            },
            MockError::LocalAddr(io()),
            MockError::ReadKey {
                path: PathBuf::from("k.pem"),
                source: io(),
            },
            MockError::InvalidKey {
                origin: "k.pem".into(),
                source: KeyError::NotPem,
            },
            MockError::Catalog(Box::new(io())),
            MockError::Task(Box::new(io())),
        ];
        for error in errors {
            let text = error.to_string();
            assert!(text.starts_with(char::is_lowercase), "{text}");
            assert!(!text.ends_with('.'), "{text}");
            assert!(
                !text.contains("boom"),
                "the source is printed at its own level: {text}"
            );
            assert!(error.source().is_some(), "{text}");
        }
    }
}
