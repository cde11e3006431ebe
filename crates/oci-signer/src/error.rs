//! Error types, one per concept: keys, config files, signing and credential providers.
//!
//! Every `Display` prints only its own level (lowercase, no trailing period); causes are
//! reachable through [`std::error::Error::source`]. No error ever carries key material, pass
//! phrases or tokens.

use std::io;
use std::path::PathBuf;

/// A private key could not be loaded.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum KeyError {
    /// The input is not PEM text, or the PEM block is damaged (truncated, bad base64).
    ///
    /// User action: check that the file holds the whole `-----BEGIN ...-----` to
    /// `-----END ...-----` block.
    #[error("not a valid PEM private key ({reason})")]
    MalformedPem {
        /// What the parser found wrong.
        reason: String,
    },
    /// A public key was given where a private key is needed (OCI's key pairs come as
    /// `oci_api_key.pem` and `oci_api_key_public.pem`; the config must name the first).
    #[error("a public key was given, but signing needs the private key")]
    PublicKeyGiven,
    /// The key is not an RSA key. OCI API signing keys are RSA only.
    #[error("unsupported key type {algorithm}: OCI API signing keys must be RSA")]
    NotRsa {
        /// The key type found (a PEM label or an algorithm name or OID).
        algorithm: String,
    },
    /// The RSA key's size is outside what OCI and the signing backend accept.
    #[error("RSA key of {bits} bits is not supported: OCI needs 2048 to 4096 bits")]
    UnsupportedSize {
        /// Modulus size of the key.
        bits: usize,
    },
    /// The key is encrypted and no pass phrase was given.
    ///
    /// User action: set `pass_phrase` in the config profile (or pass one to
    /// [`PrivateKey::from_pem`](crate::PrivateKey::from_pem)).
    #[error("the key is encrypted and no pass phrase was given")]
    PassphraseRequired,
    /// The pass phrase does not decrypt the key.
    #[error("the pass phrase does not decrypt the key")]
    WrongPassphrase,
    /// The key is encrypted with a scheme this crate does not implement.
    #[error("unsupported key encryption {scheme}")]
    UnsupportedEncryption {
        /// The scheme named in the key (`DEK-Info` cipher or PBES algorithm).
        scheme: String,
    },
    /// The DER structure inside the PEM block is not a valid RSA private key.
    #[error("invalid RSA private key ({reason})")]
    InvalidKey {
        /// What was rejected.
        reason: String,
    },
}

/// A signing request could not be built from its inputs.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SigningError {
    /// The URL is not an absolute `http://` or `https://` URL that can go on a request line.
    #[error("invalid URL {url:?}: {reason}")]
    InvalidUrl {
        /// The URL as given.
        url: String,
        /// Why it was refused.
        reason: &'static str,
    },
    /// The method is not an HTTP method token.
    #[error("invalid HTTP method {method:?}")]
    InvalidMethod {
        /// The method as given.
        method: String,
    },
    /// A header value cannot be signed (it contains a line break or other control character).
    #[error("header {name} has a value that cannot be signed")]
    InvalidHeaderValue {
        /// Lowercase header name.
        name: String,
    },
    /// The caller set `content-length` to a value other than the body's length.
    #[error("content-length {given} does not match the body length {actual}")]
    ContentLengthMismatch {
        /// The caller's value.
        given: String,
        /// The body's real length.
        actual: u64,
    },
    /// The RSA signing operation failed.
    #[error("RSA signing failed")]
    Crypto,
}

/// An OCI config file or one of the files it names could not be used.
///
/// Each variant names the config file and profile at fault, and the key or token file where
/// one is involved.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// The config file does not exist.
    #[error("OCI config file {path} not found")]
    NotFound {
        /// The path looked at (after `~` expansion).
        path: PathBuf,
    },
    /// The config file exists but could not be read.
    #[error("cannot read OCI config file {path}")]
    Read {
        /// The config file.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: io::Error,
    },
    /// A line of the config file is malformed.
    #[error("{path}, line {line}: {reason}")]
    Parse {
        /// The config file.
        path: PathBuf,
        /// One-based line number.
        line: usize,
        /// What is wrong with the line.
        reason: String,
    },
    /// The profile is not in the config file.
    #[error("profile [{profile}] not found in {path} (profiles there: {})", available.join(", "))]
    ProfileNotFound {
        /// The config file.
        path: PathBuf,
        /// The profile asked for.
        profile: String,
        /// The profiles the file has.
        available: Vec<String>,
    },
    /// A field the profile needs is missing (neither in the profile nor in `[DEFAULT]`).
    #[error("profile [{profile}] in {path} has no {field}")]
    MissingField {
        /// The config file.
        path: PathBuf,
        /// The profile.
        profile: String,
        /// The missing field.
        field: &'static str,
    },
    /// A field has a value of the wrong shape (an OCID or fingerprint that cannot be right).
    #[error("profile [{profile}] in {path} has a malformed {field}: {reason}")]
    MalformedField {
        /// The config file.
        path: PathBuf,
        /// The profile.
        profile: String,
        /// The field.
        field: &'static str,
        /// What shape was expected.
        reason: &'static str,
    },
    /// `key_content` is set in the file; as in the OCI SDKs it is refused there, because a
    /// config file is not a place for key material.
    #[error(
        "profile [{profile}] in {path} sets key_content; put the key in a file and name it with key_file"
    )]
    KeyContentInFile {
        /// The config file.
        path: PathBuf,
        /// The profile.
        profile: String,
    },
    /// The key file named by `key_file` does not exist.
    #[error(
        "key file {key_file} of profile [{profile}] in {path} not found (a relative key_file is resolved against the current directory, as in the OCI SDKs)"
    )]
    KeyFileNotFound {
        /// The config file.
        path: PathBuf,
        /// The profile.
        profile: String,
        /// The key file after `~` expansion.
        key_file: PathBuf,
    },
    /// The key file exists but could not be read.
    #[error("cannot read key file {key_file} of profile [{profile}] in {path}")]
    ReadKeyFile {
        /// The config file.
        path: PathBuf,
        /// The profile.
        profile: String,
        /// The key file.
        key_file: PathBuf,
        /// The I/O error.
        #[source]
        source: io::Error,
    },
    /// The key file was read but the key cannot be used (wrong pass phrase, wrong type,
    /// too small, ...). The cause says which.
    #[error("cannot use key file {key_file} of profile [{profile}] in {path}")]
    Key {
        /// The config file.
        path: PathBuf,
        /// The profile.
        profile: String,
        /// The key file.
        key_file: PathBuf,
        /// Why the key was refused.
        #[source]
        source: KeyError,
    },
    /// The session token file named by `security_token_file` could not be read.
    #[error("cannot read security_token_file {token_file} of profile [{profile}] in {path}")]
    ReadTokenFile {
        /// The config file.
        path: PathBuf,
        /// The profile.
        profile: String,
        /// The token file.
        token_file: PathBuf,
        /// The I/O error.
        #[source]
        source: io::Error,
    },
    /// The session token file is empty.
    #[error("security_token_file {token_file} of profile [{profile}] in {path} is empty")]
    EmptyTokenFile {
        /// The config file.
        path: PathBuf,
        /// The profile.
        profile: String,
        /// The token file.
        token_file: PathBuf,
    },
    /// No home directory is known, so `~` cannot be expanded.
    #[error("cannot expand ~ in {path}: no home directory is known")]
    NoHomeDirectory {
        /// The path that starts with `~`.
        path: PathBuf,
    },
}

impl ConfigError {
    /// The key error behind a [`ConfigError::Key`], if that is what this is.
    pub fn key_error(&self) -> Option<&KeyError> {
        match self {
            Self::Key { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// A credentials provider could not produce credentials.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CredentialsError {
    /// Loading or re-loading configuration failed.
    #[error("cannot load OCI credentials")]
    Config(#[source] ConfigError),
    /// Any other provider failure (for providers outside this crate).
    #[error("credentials provider failed: {message}")]
    Provider {
        /// What went wrong, without secrets.
        message: String,
        /// The underlying cause, if any.
        #[source]
        source: Option<Box<dyn std::error::Error + Send + Sync>>,
    },
}

impl From<ConfigError> for CredentialsError {
    fn from(error: ConfigError) -> Self {
        Self::Config(error)
    }
}
