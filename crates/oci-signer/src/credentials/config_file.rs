//! Credentials from a profile of the OCI config file: API-key or session-token auth.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::RwLock;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::SystemTime;

use super::{Credentials, KeyId, ProvideCredentials, ProvideFuture};
use crate::config::{ConfigFile, Env, ProcessEnv, Profile};
use crate::error::ConfigError;
use crate::key::PrivateKey;

/// Something about a profile that works but is probably not what its owner meant.
///
/// The crate does not log; callers decide how to report these.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ConfigWarning {
    /// The configured `fingerprint` is not the fingerprint of the key in `key_file`. OCI
    /// picks the public key by the fingerprint in the key id, so requests will fail with 401
    /// unless the configured one is right and the key file is wrong.
    FingerprintMismatch {
        /// The profile.
        profile: String,
        /// The key file.
        key_file: PathBuf,
        /// The fingerprint in the config.
        configured: String,
        /// The fingerprint of the key in the file.
        actual: String,
    },
    /// The profile has both `user` and `security_token_file` (its own or inherited from
    /// `[DEFAULT]`); it signs with its API key and the token file is not read.
    SecurityTokenFileIgnored {
        /// The profile.
        profile: String,
        /// The token file that is not used.
        token_file: PathBuf,
    },
}

impl fmt::Display for ConfigWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::FingerprintMismatch {
                profile,
                key_file,
                configured,
                actual,
            } => write!(
                f,
                "profile [{profile}]: fingerprint {configured} does not match the key in {} (its fingerprint is {actual})",
                key_file.display()
            ),
            Self::SecurityTokenFileIgnored {
                profile,
                token_file,
            } => write!(
                f,
                "profile [{profile}]: security_token_file {} (set in the profile or inherited from [DEFAULT]) is ignored because the profile has a user; it signs with its API key",
                token_file.display()
            ),
        }
    }
}

/// Credentials from one profile of an OCI config file.
///
/// A profile with `security_token_file` and no `user` signs with `ST$<token>` (what `oci
/// session authenticate` sets up); the token file is re-read whenever it changes on disk (as
/// after `oci session refresh`) or after [`invalidate`](ProvideCredentials::invalidate). Any
/// other profile signs with the API key id `<tenancy>/<user>/<fingerprint>`, even when it has
/// or inherits a `security_token_file` (reported as
/// [`ConfigWarning::SecurityTokenFileIgnored`]), as the OCI CLI and Go SDK do.
///
/// The key is parsed once, at load time.
pub struct ConfigFileProvider {
    profile: Profile,
    key: PrivateKey,
    auth: Auth,
    warnings: Vec<ConfigWarning>,
}

enum Auth {
    ApiKey(Credentials),
    SessionToken(TokenFile),
}

struct TokenFile {
    path: PathBuf,
    state: RwLock<TokenState>,
    invalidated: AtomicBool,
}

struct TokenState {
    stamp: FileStamp,
    credentials: Credentials,
}

/// Enough of a file's metadata to notice that it was rewritten.
#[derive(Clone, Copy, PartialEq, Eq)]
struct FileStamp {
    modified: Option<SystemTime>,
    len: u64,
}

impl FileStamp {
    fn of(path: &Path) -> io::Result<Self> {
        let metadata = std::fs::metadata(path)?;
        Ok(Self {
            modified: metadata.modified().ok(),
            len: metadata.len(),
        })
    }
}

impl ConfigFileProvider {
    /// Loads `profile` from the config file at `config_path` (`~` expanded), using the
    /// process environment for `~` and `OCI_REGION`.
    ///
    /// # Errors
    ///
    /// A [`ConfigError`] naming the file, profile and key or token file at fault.
    pub fn load(config_path: impl AsRef<Path>, profile: &str) -> Result<Self, ConfigError> {
        let env = ProcessEnv;
        let file = ConfigFile::load(config_path, &env)?;
        Self::from_profile(file.profile(profile, &env)?)
    }

    /// Loads credentials for an already resolved profile.
    ///
    /// # Errors
    ///
    /// [`ConfigError::MissingField`], [`ConfigError::MalformedField`], key and token file
    /// errors.
    pub fn from_profile(profile: Profile) -> Result<Self, ConfigError> {
        let missing = |field: &'static str| ConfigError::MissingField {
            path: profile.config_path.clone(),
            profile: profile.name.clone(),
            field,
        };
        let key_file = profile
            .key_file
            .clone()
            .ok_or_else(|| missing("key_file"))?;
        let key = load_key(&profile, &key_file)?;

        let mut warnings = Vec::new();
        if let Some(configured) = &profile.fingerprint
            && configured != key.fingerprint()
        {
            warnings.push(ConfigWarning::FingerprintMismatch {
                profile: profile.name.clone(),
                key_file,
                configured: configured.clone(),
                actual: key.fingerprint().to_owned(),
            });
        }

        // `user` selects API-key auth, as in the OCI CLI and Go SDK. `oci session authenticate`
        // often writes `[DEFAULT]`, so every API-key profile inherits its token file.
        let session_token_file = match (&profile.user, &profile.security_token_file) {
            (None, Some(token_path)) => Some(token_path),
            (Some(_), Some(token_path)) => {
                warnings.push(ConfigWarning::SecurityTokenFileIgnored {
                    profile: profile.name.clone(),
                    token_file: token_path.clone(),
                });
                None
            }
            (_, None) => None,
        };
        let auth = match session_token_file {
            Some(token_path) => {
                let (stamp, token) = read_token(&profile, token_path)?;
                Auth::SessionToken(TokenFile {
                    path: token_path.clone(),
                    state: RwLock::new(TokenState {
                        stamp,
                        credentials: Credentials::new(KeyId::security_token(&token), key.clone()),
                    }),
                    invalidated: AtomicBool::new(false),
                })
            }
            None => {
                let tenancy = profile
                    .tenancy
                    .as_deref()
                    .ok_or_else(|| missing("tenancy"))?;
                let user = profile.user.as_deref().ok_or_else(|| missing("user"))?;
                let fingerprint = profile
                    .fingerprint
                    .as_deref()
                    .ok_or_else(|| missing("fingerprint"))?;
                let malformed =
                    |field: &'static str, reason: &'static str| ConfigError::MalformedField {
                        path: profile.config_path.clone(),
                        profile: profile.name.clone(),
                        field,
                        reason,
                    };
                if !is_ocid(tenancy) {
                    return Err(malformed(
                        "tenancy",
                        "expected an OCID such as ocid1.tenancy.oc1..<id>",
                    ));
                }
                if !is_ocid(user) {
                    return Err(malformed(
                        "user",
                        "expected an OCID such as ocid1.user.oc1..<id>",
                    ));
                }
                if !is_fingerprint(fingerprint) {
                    return Err(malformed(
                        "fingerprint",
                        "expected 16 lowercase hex pairs joined by ':'",
                    ));
                }
                Auth::ApiKey(Credentials::new(
                    KeyId::api_key(tenancy, user, fingerprint),
                    key.clone(),
                ))
            }
        };
        Ok(Self {
            profile,
            key,
            auth,
            warnings,
        })
    }

    /// The profile the credentials come from.
    pub fn profile(&self) -> &Profile {
        &self.profile
    }

    /// The profile's region (`region`, else `OCI_REGION`).
    pub fn region(&self) -> Option<&str> {
        self.profile.region.as_deref()
    }

    /// The signing key.
    pub fn key(&self) -> &PrivateKey {
        &self.key
    }

    /// Things found at load time that deserve the user's attention.
    pub fn warnings(&self) -> &[ConfigWarning] {
        &self.warnings
    }

    /// Whether this profile uses session-token auth.
    pub fn is_session_token(&self) -> bool {
        matches!(self.auth, Auth::SessionToken(_))
    }

    fn session_credentials(&self, token: &TokenFile) -> Result<Credentials, ConfigError> {
        let forced = token.invalidated.swap(false, Ordering::AcqRel);
        let current = FileStamp::of(&token.path).ok();
        if !forced
            && let Ok(state) = token.state.read()
            && current == Some(state.stamp)
        {
            return Ok(state.credentials.clone());
        }
        let (stamp, text) = read_token(&self.profile, &token.path)?;
        let credentials = Credentials::new(KeyId::security_token(&text), self.key.clone());
        if let Ok(mut state) = token.state.write() {
            *state = TokenState {
                stamp,
                credentials: credentials.clone(),
            };
        }
        Ok(credentials)
    }
}

impl ProvideCredentials for ConfigFileProvider {
    fn provide_credentials(&self) -> ProvideFuture<'_> {
        ProvideFuture::ready(match &self.auth {
            Auth::ApiKey(credentials) => Ok(credentials.clone()),
            Auth::SessionToken(token) => self.session_credentials(token).map_err(Into::into),
        })
    }

    fn invalidate(&self) {
        if let Auth::SessionToken(token) = &self.auth {
            token.invalidated.store(true, Ordering::Release);
        }
    }
}

impl fmt::Debug for ConfigFileProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ConfigFileProvider")
            .field("profile", &self.profile.name)
            .field("config_path", &self.profile.config_path)
            .field("key", &self.key)
            .field(
                "auth",
                &match self.auth {
                    Auth::ApiKey(_) => "api_key",
                    Auth::SessionToken(_) => "session_token",
                },
            )
            .finish_non_exhaustive()
    }
}

fn load_key(profile: &Profile, key_file: &Path) -> Result<PrivateKey, ConfigError> {
    let pem = std::fs::read(key_file).map_err(|source| {
        if source.kind() == io::ErrorKind::NotFound {
            ConfigError::KeyFileNotFound {
                path: profile.config_path.clone(),
                profile: profile.name.clone(),
                key_file: key_file.to_path_buf(),
            }
        } else {
            ConfigError::ReadKeyFile {
                path: profile.config_path.clone(),
                profile: profile.name.clone(),
                key_file: key_file.to_path_buf(),
                source,
            }
        }
    })?;
    let passphrase = profile.pass_phrase.as_ref().map(|p| p.expose());
    PrivateKey::from_pem(&pem, passphrase).map_err(|source| ConfigError::Key {
        path: profile.config_path.clone(),
        profile: profile.name.clone(),
        key_file: key_file.to_path_buf(),
        source,
    })
}

fn read_token(profile: &Profile, token_path: &Path) -> Result<(FileStamp, String), ConfigError> {
    let read_error = |source| ConfigError::ReadTokenFile {
        path: profile.config_path.clone(),
        profile: profile.name.clone(),
        token_file: token_path.to_path_buf(),
        source,
    };
    // Stamp first: if the file changes between the two calls, the next call re-reads it.
    let stamp = FileStamp::of(token_path).map_err(read_error)?;
    let token = std::fs::read_to_string(token_path).map_err(read_error)?;
    if token.trim().is_empty() {
        return Err(ConfigError::EmptyTokenFile {
            path: profile.config_path.clone(),
            profile: profile.name.clone(),
            token_file: token_path.to_path_buf(),
        });
    }
    Ok((stamp, token))
}

/// The shape the OCI Python SDK checks:
/// `^([0-9a-zA-Z-_]+[.:])([0-9a-zA-Z-_]*[.:]){3,}([0-9a-zA-Z-_]+)$`.
fn is_ocid(value: &str) -> bool {
    let segments: Vec<&str> = value.split(['.', ':']).collect();
    segments.len() >= 5
        && segments.first().is_some_and(|s| !s.is_empty())
        && segments.last().is_some_and(|s| !s.is_empty())
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.:".contains(&b))
}

/// `^([0-9a-f]{2}:){15}[0-9a-f]{2}$`, as the OCI Python SDK checks.
fn is_fingerprint(value: &str) -> bool {
    let pairs: Vec<&str> = value.split(':').collect();
    pairs.len() == 16
        && pairs
            .iter()
            .all(|p| p.len() == 2 && p.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')))
}

/// For callers that resolve profiles with their own [`Env`].
impl ConfigFileProvider {
    /// Loads `profile` from `config_path` with an explicit environment.
    ///
    /// # Errors
    ///
    /// As [`ConfigFileProvider::load`].
    pub fn load_with_env(
        config_path: impl AsRef<Path>,
        profile: &str,
        env: &dyn Env,
    ) -> Result<Self, ConfigError> {
        let file = ConfigFile::load(config_path, env)?;
        Self::from_profile(file.profile(profile, env)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ocid_shape() {
        assert!(is_ocid("ocid1.tenancy.oc1..aaaaaaaatesttenancy"));
        assert!(is_ocid("ocid1.user.oc1..a"));
        assert!(!is_ocid("tenancy"));
        assert!(!is_ocid("ocid1.tenancy.oc1..bad value"));
        assert!(!is_ocid("ocid1.tenancy.oc1.."));
    }

    #[test]
    fn fingerprint_shape() {
        assert!(is_fingerprint(
            "b9:0d:45:33:f8:6e:53:c6:6f:12:43:62:b1:ee:2d:86"
        ));
        assert!(!is_fingerprint(
            "B9:0D:45:33:F8:6E:53:C6:6F:12:43:62:B1:EE:2D:86"
        ));
        assert!(!is_fingerprint("b9:0d"));
    }
}
