//! Settings resolved from the command line, the environment and the TOML file.
//!
//! Precedence, highest first: flag, environment variable (both through [`Cli`]), TOML file,
//! then defaults. The OCI config profile comes last and only for what it holds (credentials,
//! region); that layer is applied when the backend is built ([`crate::backend`]).

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;

use crate::cli::{Cli, LogFormat};

/// Default listen address: loopback, the port the OpenClaw tutorial uses.
pub const DEFAULT_LISTEN: &str = "127.0.0.1:8050";

/// Everything the gateway needs to start, before any OCI credentials are loaded.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Settings {
    /// Run against the embedded mock.
    pub mock: bool,
    /// Listen address.
    pub listen: SocketAddr,
    /// Worker threads (one event loop and one OCI connection pool each).
    pub workers: usize,
    /// Pin each worker thread to a CPU; `None` pins when there is one worker per CPU the
    /// process may run on ([`crate::server::affinity::plan`]).
    pub pin_workers: Option<bool>,
    /// OCI config file given by the user, if any (used as given).
    pub oci_config_file: Option<PathBuf>,
    /// OCI config profile.
    pub oci_profile: String,
    /// Compartment OCID.
    pub compartment_id: Option<String>,
    /// Region from the flag or the TOML file; the profile's region applies otherwise.
    pub region: Option<String>,
    /// Inference base URL override.
    pub inference_endpoint: Option<String>,
    /// Control-plane base URL override.
    pub control_plane_endpoint: Option<String>,
    /// Model aliases: the defaults, then the TOML file's, then `--alias` flags.
    pub aliases: BTreeMap<String, AliasSettings>,
    /// List OCI's catalog in `/v1/models`.
    pub list_oci_models: bool,
    /// Token limit for requests without one.
    pub default_max_tokens: Option<u32>,
    /// Accepted client API keys; empty means no client authentication.
    pub api_keys: Vec<ClientKey>,
    /// Request limits and server timeouts.
    pub limits: Limits,
    /// Upstream timeouts and retries.
    pub upstream: Upstream,
    /// Log settings.
    pub logging: Logging,
    /// Where the settings came from, for messages.
    pub config_file: Option<PathBuf>,
}

pub use translate::AliasSettings;

/// A client API key. `Debug` never shows it.
#[derive(Clone, PartialEq, Eq)]
pub struct ClientKey(String);

impl ClientKey {
    /// Wraps a key.
    pub fn new(key: impl Into<String>) -> Self {
        Self(key.into())
    }

    /// The key bytes, for constant-time comparison.
    pub fn expose(&self) -> &[u8] {
        self.0.as_bytes()
    }
}

impl std::fmt::Debug for ClientKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ClientKey(<redacted>)")
    }
}

/// Request limits and server-side timeouts.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Limits {
    /// Largest request body, in bytes.
    pub max_body_bytes: usize,
    /// Requests served at once.
    pub max_concurrent_requests: usize,
    /// Time a client has to send its headers.
    pub header_read_timeout: Duration,
    /// Drain time after a shutdown signal.
    pub shutdown_grace: Duration,
    /// Silence after which a stream gets a keep-alive comment.
    pub stream_keep_alive: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_body_bytes: 20 * 1024 * 1024,
            max_concurrent_requests: 1024,
            header_read_timeout: Duration::from_secs(30),
            shutdown_grace: Duration::from_secs(30),
            stream_keep_alive: Duration::from_secs(15),
        }
    }
}

/// Upstream (OCI) timeouts and retries.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Upstream {
    /// TCP and TLS connect timeout.
    pub connect_timeout: Duration,
    /// Time for a whole answer, or for the start of a stream.
    pub request_timeout: Duration,
    /// Longest silence between stream events.
    pub stream_idle_timeout: Duration,
    /// Wait for the usage event after a streamed answer.
    pub stream_usage_wait: Duration,
    /// Attempts per call, retries included.
    pub retry_max_attempts: u32,
    /// A retry starts only within this time of the call's start, its wait included.
    pub retry_budget: Duration,
}

impl Default for Upstream {
    fn default() -> Self {
        Self {
            connect_timeout: Duration::from_secs(5),
            request_timeout: Duration::from_secs(300),
            stream_idle_timeout: Duration::from_secs(120),
            stream_usage_wait: Duration::from_secs(2),
            retry_max_attempts: 3,
            retry_budget: Duration::from_secs(10),
        }
    }
}

/// Log settings.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Logging {
    /// Text or JSON lines.
    pub format: LogFormat,
    /// tracing filter.
    pub filter: String,
    /// Log bodies at debug level.
    pub log_bodies: bool,
}

/// The TOML file. Unknown keys are errors, so a typo fails at start with its line; so are
/// values out of range, refused as they are read for the same reason.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileSettings {
    listen: Option<SocketAddr>,
    #[serde(default, deserialize_with = "de_at_least_one")]
    workers: Option<usize>,
    pin_workers: Option<bool>,
    oci_config_file: Option<PathBuf>,
    oci_profile: Option<String>,
    compartment_id: Option<String>,
    region: Option<String>,
    inference_endpoint: Option<String>,
    control_plane_endpoint: Option<String>,
    list_oci_models: Option<bool>,
    #[serde(default, deserialize_with = "de_at_least_one")]
    default_max_tokens: Option<u32>,
    #[serde(default)]
    api_keys: Vec<String>,
    #[serde(default)]
    aliases: BTreeMap<String, FileAlias>,
    #[serde(default)]
    limits: FileLimits,
    #[serde(default)]
    upstream: FileUpstream,
    #[serde(default)]
    logging: FileLogging,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileLimits {
    #[serde(default, deserialize_with = "de_at_least_one")]
    max_body_bytes: Option<usize>,
    #[serde(default, deserialize_with = "de_at_least_one")]
    max_concurrent_requests: Option<usize>,
    #[serde(default, deserialize_with = "de_positive_duration")]
    header_read_timeout: Option<Duration>,
    #[serde(default, deserialize_with = "de_duration")]
    shutdown_grace: Option<Duration>,
    #[serde(default, deserialize_with = "de_positive_duration")]
    stream_keep_alive: Option<Duration>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileUpstream {
    #[serde(default, deserialize_with = "de_positive_duration")]
    connect_timeout: Option<Duration>,
    #[serde(default, deserialize_with = "de_positive_duration")]
    request_timeout: Option<Duration>,
    #[serde(default, deserialize_with = "de_positive_duration")]
    stream_idle_timeout: Option<Duration>,
    #[serde(default, deserialize_with = "de_duration")]
    stream_usage_wait: Option<Duration>,
    #[serde(default, deserialize_with = "de_at_least_one")]
    retry_max_attempts: Option<u32>,
    #[serde(default, deserialize_with = "de_duration")]
    retry_budget: Option<Duration>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileLogging {
    format: Option<LogFormat>,
    #[serde(default, deserialize_with = "de_log_filter")]
    filter: Option<String>,
    log_bodies: Option<bool>,
}

/// An alias of the TOML file, refused as it is read when it has no target, so that the
/// message names its line.
#[derive(Debug)]
struct FileAlias(AliasSettings);

impl<'de> Deserialize<'de> for FileAlias {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let alias = AliasSettings::deserialize(deserializer)?;
        if alias.target.trim().is_empty() {
            return Err(serde::de::Error::custom(
                "the alias has no target (an OCI model id or endpoint OCID)",
            ));
        }
        Ok(Self(alias))
    }
}

/// A setting that cannot be used.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SettingsError {
    /// The TOML file cannot be read.
    #[error("cannot read config file {path}")]
    Read {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// The TOML file is malformed; the message names the line and column.
    #[error("config file {path}: {message}")]
    Parse {
        /// The file.
        path: PathBuf,
        /// toml's message, with the line, column and offending text.
        message: String,
    },
    /// A value given by a flag or its environment variable is out of range or malformed (the
    /// file's values are checked as it is read: [`SettingsError::Parse`]).
    #[error("{setting}: {reason}")]
    Invalid {
        /// The flag (or, for a default that cannot be used, the setting).
        setting: &'static str,
        /// What is wrong.
        reason: String,
    },
}

/// The default aliases: the map of the OpenClaw tutorial's proxy.
pub fn default_aliases() -> BTreeMap<String, AliasSettings> {
    ["gpt-5", "openai/gpt-5", "openai-compatible/gpt-5"]
        .into_iter()
        .map(|name| (name.to_owned(), AliasSettings::new("openai.gpt-4.1")))
        .collect()
}

impl Settings {
    /// Layers the command line (flags and environment) over the TOML file named by
    /// `--config`, over the defaults.
    ///
    /// # Errors
    ///
    /// [`SettingsError`] naming the file and line, or the flag, at fault.
    pub fn resolve(cli: &Cli) -> Result<Self, SettingsError> {
        let file = match &cli.config {
            Some(path) => read_file(path)?,
            None => FileSettings::default(),
        };
        Self::layer(cli, file)
    }

    /// Resolves settings from command-line values and TOML text (for tests and embedding).
    ///
    /// # Errors
    ///
    /// As [`Settings::resolve`].
    pub fn from_toml(cli: &Cli, toml_text: &str, path: &Path) -> Result<Self, SettingsError> {
        Self::layer(cli, parse_file(toml_text, path)?)
    }

    fn layer(cli: &Cli, file: FileSettings) -> Result<Self, SettingsError> {
        let duration = |flag: &Option<String>,
                        name: &'static str,
                        from_file: Option<Duration>,
                        default: Duration| {
            match flag {
                Some(text) => parse_duration(text).map_err(|reason| SettingsError::Invalid {
                    setting: name,
                    reason,
                }),
                None => Ok(from_file.unwrap_or(default)),
            }
        };
        let limits_default = Limits::default();
        let upstream_default = Upstream::default();

        let mut aliases = default_aliases();
        aliases.extend(
            file.aliases
                .into_iter()
                .map(|(name, alias)| (name, alias.0)),
        );
        for alias in &cli.aliases {
            let (name, target) = alias
                .split_once('=')
                .filter(|(name, target)| !name.trim().is_empty() && !target.trim().is_empty())
                .ok_or_else(|| SettingsError::Invalid {
                    setting: "--alias",
                    reason: format!("{alias:?} is not NAME=TARGET"),
                })?;
            aliases.insert(name.trim().to_owned(), AliasSettings::new(target.trim()));
        }

        let keys = |keys: &[String]| -> Vec<ClientKey> {
            keys.iter()
                .map(|key| key.trim())
                .filter(|key| !key.is_empty())
                .map(ClientKey::new)
                .collect()
        };
        // Precedence goes by the keys left once blanks are dropped: an empty GATEWAY_API_KEYS
        // (a variable passed on but never given a value, an empty Secret) must not turn off the
        // authentication the file sets up.
        let api_keys = match keys(&cli.api_keys) {
            from_command_line if !from_command_line.is_empty() => from_command_line,
            _ => keys(&file.api_keys),
        };
        if let Some(filter) = &cli.log {
            check_log_filter(filter).map_err(|reason| SettingsError::Invalid {
                setting: "--log",
                reason,
            })?;
        }

        let settings = Self {
            mock: cli.mock,
            listen: match cli.listen.or(file.listen) {
                Some(listen) => listen,
                None => DEFAULT_LISTEN.parse().map_err(|_| SettingsError::Invalid {
                    setting: "listen",
                    reason: "the default address does not parse".into(),
                })?,
            },
            workers: cli.workers.or(file.workers).unwrap_or_else(|| {
                std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
            }),
            pin_workers: cli.pin_workers.or(file.pin_workers),
            oci_config_file: cli.oci_config_file.clone().or(file.oci_config_file),
            oci_profile: cli
                .oci_profile
                .clone()
                .or(file.oci_profile)
                .unwrap_or_else(|| oci_signer::config::DEFAULT_PROFILE.to_owned()),
            compartment_id: cli.compartment_id.clone().or(file.compartment_id),
            region: cli.region.clone().or(file.region),
            inference_endpoint: cli.inference_endpoint.clone().or(file.inference_endpoint),
            control_plane_endpoint: cli
                .control_plane_endpoint
                .clone()
                .or(file.control_plane_endpoint),
            aliases,
            list_oci_models: cli
                .list_oci_models
                .or(file.list_oci_models)
                .unwrap_or(false),
            default_max_tokens: cli.default_max_tokens.or(file.default_max_tokens),
            api_keys,
            limits: Limits {
                max_body_bytes: cli
                    .max_body_bytes
                    .or(file.limits.max_body_bytes)
                    .unwrap_or(limits_default.max_body_bytes),
                max_concurrent_requests: cli
                    .max_concurrent_requests
                    .or(file.limits.max_concurrent_requests)
                    .unwrap_or(limits_default.max_concurrent_requests),
                header_read_timeout: duration(
                    &cli.header_read_timeout,
                    "--header-read-timeout",
                    file.limits.header_read_timeout,
                    limits_default.header_read_timeout,
                )?,
                shutdown_grace: duration(
                    &cli.shutdown_grace,
                    "--shutdown-grace",
                    file.limits.shutdown_grace,
                    limits_default.shutdown_grace,
                )?,
                stream_keep_alive: duration(
                    &cli.stream_keep_alive,
                    "--stream-keep-alive",
                    file.limits.stream_keep_alive,
                    limits_default.stream_keep_alive,
                )?,
            },
            upstream: Upstream {
                connect_timeout: duration(
                    &cli.connect_timeout,
                    "--connect-timeout",
                    file.upstream.connect_timeout,
                    upstream_default.connect_timeout,
                )?,
                request_timeout: duration(
                    &cli.request_timeout,
                    "--request-timeout",
                    file.upstream.request_timeout,
                    upstream_default.request_timeout,
                )?,
                stream_idle_timeout: duration(
                    &cli.stream_idle_timeout,
                    "--stream-idle-timeout",
                    file.upstream.stream_idle_timeout,
                    upstream_default.stream_idle_timeout,
                )?,
                stream_usage_wait: duration(
                    &cli.stream_usage_wait,
                    "--stream-usage-wait",
                    file.upstream.stream_usage_wait,
                    upstream_default.stream_usage_wait,
                )?,
                retry_max_attempts: cli
                    .retry_max_attempts
                    .or(file.upstream.retry_max_attempts)
                    .unwrap_or(upstream_default.retry_max_attempts),
                retry_budget: duration(
                    &cli.retry_budget,
                    "--retry-budget",
                    file.upstream.retry_budget,
                    upstream_default.retry_budget,
                )?,
            },
            logging: Logging {
                format: cli.log_format.or(file.logging.format).unwrap_or_default(),
                filter: cli
                    .log
                    .clone()
                    .or(file.logging.filter)
                    .unwrap_or_else(|| "info".to_owned()),
                log_bodies: cli.log_bodies.or(file.logging.log_bodies).unwrap_or(false),
            },
            config_file: cli.config.clone(),
        };
        settings.validate()?;
        Ok(settings)
    }

    /// Checks the ranges of the values a flag or its environment variable set: the file's
    /// were checked as it was read (with their line), and the defaults are in range, so a
    /// value out of range here came from the command line or the environment.
    fn validate(&self) -> Result<(), SettingsError> {
        let invalid = |setting, reason: &str| {
            Err(SettingsError::Invalid {
                setting,
                reason: reason.to_owned(),
            })
        };
        if self.limits.max_body_bytes == 0 {
            return invalid("--max-body-bytes", "must be at least 1");
        }
        if self.limits.max_concurrent_requests == 0 {
            return invalid("--max-concurrent-requests", "must be at least 1");
        }
        if self.workers == 0 {
            return invalid("--workers", "must be at least 1");
        }
        if self.upstream.retry_max_attempts == 0 {
            return invalid(
                "--retry-max-attempts",
                "must be at least 1 (one attempt, no retry)",
            );
        }
        for (setting, limit) in [
            ("--header-read-timeout", self.limits.header_read_timeout),
            ("--stream-keep-alive", self.limits.stream_keep_alive),
            ("--connect-timeout", self.upstream.connect_timeout),
            ("--request-timeout", self.upstream.request_timeout),
            ("--stream-idle-timeout", self.upstream.stream_idle_timeout),
        ] {
            if limit.is_zero() {
                return invalid(setting, ZERO_TIMEOUT);
            }
        }
        if self.default_max_tokens == Some(0) {
            return invalid("--default-max-tokens", "must be at least 1");
        }
        Ok(())
    }
}

/// Why a timeout of zero is refused: it would fail every connection or every call at once.
const ZERO_TIMEOUT: &str = "must be longer than zero";

/// Checks a log filter, so that a bad one is refused with the other settings, naming where it
/// came from.
fn check_log_filter(filter: &str) -> Result<(), String> {
    tracing_subscriber::EnvFilter::try_new(filter)
        .map(drop)
        .map_err(|error| format!("{filter:?} is not a log filter: {error}"))
}

fn read_file(path: &Path) -> Result<FileSettings, SettingsError> {
    let text = std::fs::read_to_string(path).map_err(|source| SettingsError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    parse_file(&text, path)
}

fn parse_file(text: &str, path: &Path) -> Result<FileSettings, SettingsError> {
    toml::from_str(text).map_err(|error| SettingsError::Parse {
        path: path.to_path_buf(),
        message: error.to_string().trim_end().to_owned(),
    })
}

/// Parses `500ms`, `10s`, `2m`, `1h`, or a bare number of seconds.
///
/// # Errors
///
/// A message saying what form is expected.
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit() && c != '.')
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let value: f64 = number
        .parse()
        .map_err(|_| format!("{text:?} is not a duration such as 500ms, 10s, 2m or 1h"))?;
    let seconds = match unit.trim() {
        "" | "s" => value,
        "ms" => value / 1000.0,
        "m" => value * 60.0,
        "h" => value * 3600.0,
        _ => return Err(format!("{text:?} has an unknown unit (use ms, s, m or h)")),
    };
    Duration::try_from_secs_f64(seconds).map_err(|_| format!("{text:?} is out of range"))
}

/// A count of the TOML file that must be at least 1.
fn de_at_least_one<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de> + From<u8> + PartialEq,
{
    let value = Option::<T>::deserialize(deserializer)?;
    if value == Some(T::from(0)) {
        return Err(serde::de::Error::custom("must be at least 1"));
    }
    Ok(value)
}

/// A timeout of the TOML file, which must be above zero.
fn de_positive_duration<'de, D>(deserializer: D) -> Result<Option<Duration>, D::Error>
where
    D: serde::Deserializer<'de>,
{
    let value = de_duration(deserializer)?;
    if value.is_some_and(|value| value.is_zero()) {
        return Err(serde::de::Error::custom(ZERO_TIMEOUT));
    }
    Ok(value)
}

/// The log filter of the TOML file.
fn de_log_filter<'de, D>(deserializer: D) -> Result<Option<String>, D::Error>
where
    D: serde::Deserializer<'de>,
{
    let filter = Option::<String>::deserialize(deserializer)?;
    if let Some(filter) = &filter {
        check_log_filter(filter).map_err(serde::de::Error::custom)?;
    }
    Ok(filter)
}

fn de_duration<'de, D>(deserializer: D) -> Result<Option<Duration>, D::Error>
where
    D: serde::Deserializer<'de>,
{
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        // A bare number of seconds, whole or not.
        Seconds(f64),
        Text(String),
    }
    match Option::<Raw>::deserialize(deserializer)? {
        None => Ok(None),
        Some(Raw::Seconds(seconds)) => Duration::try_from_secs_f64(seconds)
            .map(Some)
            .map_err(|_| serde::de::Error::custom(format!("{seconds} s is out of range"))),
        Some(Raw::Text(text)) => parse_duration(&text)
            .map(Some)
            .map_err(serde::de::Error::custom),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser as _;

    fn cli(args: &[&str]) -> Cli {
        Cli::try_parse_from(std::iter::once("oci-openai-gateway").chain(args.iter().copied()))
            .unwrap()
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("10s"), Ok(Duration::from_secs(10)));
        assert_eq!(parse_duration("500ms"), Ok(Duration::from_millis(500)));
        assert_eq!(parse_duration("2m"), Ok(Duration::from_secs(120)));
        assert_eq!(parse_duration("1.5"), Ok(Duration::from_millis(1500)));
        assert!(parse_duration("ten").is_err());
        assert!(parse_duration("10 days").is_err());
        assert!(parse_duration("").is_err());
    }

    #[test]
    fn flags_win_over_the_file_and_the_file_over_defaults() {
        let toml = r#"
            listen = "0.0.0.0:9000"
            workers = 3
            pin_workers = true
            compartment_id = "ocid1.compartment.oc1..file"
            api_keys = ["from-file"]
            [limits]
            max_body_bytes = 1000
            header_read_timeout = "3s"
            [upstream]
            retry_budget = 4
            [aliases."my-llama"]
            target = "meta.llama-3.3-70b-instruct"
            default_max_tokens = 512
        "#;
        let settings = Settings::from_toml(
            &cli(&[
                "--listen",
                "127.0.0.1:1234",
                "--api-key",
                "a,b",
                "--pin-workers",
                "false",
            ]),
            toml,
            Path::new("gateway.toml"),
        )
        .unwrap();
        assert_eq!(settings.listen, "127.0.0.1:1234".parse().unwrap());
        assert_eq!(settings.workers, 3);
        assert_eq!(settings.pin_workers, Some(false));
        assert_eq!(
            settings.compartment_id.as_deref(),
            Some("ocid1.compartment.oc1..file")
        );
        assert_eq!(
            settings.api_keys,
            [ClientKey::new("a"), ClientKey::new("b")]
        );
        assert_eq!(settings.limits.max_body_bytes, 1000);
        assert_eq!(settings.limits.header_read_timeout, Duration::from_secs(3));
        assert_eq!(settings.upstream.retry_budget, Duration::from_secs(4));
        assert_eq!(settings.upstream.retry_max_attempts, 3);
        assert_eq!(settings.aliases["my-llama"].default_max_tokens, Some(512));
        assert_eq!(settings.aliases["gpt-5"].target, "openai.gpt-4.1");
    }

    #[test]
    fn defaults_are_loopback_and_the_tutorial_aliases() {
        let settings = Settings::from_toml(&cli(&[]), "", Path::new("none.toml")).unwrap();
        assert_eq!(settings.listen.to_string(), DEFAULT_LISTEN);
        assert_eq!(
            settings.aliases.keys().collect::<Vec<_>>(),
            ["gpt-5", "openai-compatible/gpt-5", "openai/gpt-5"]
        );
        assert!(settings.api_keys.is_empty());
        assert_eq!(settings.oci_profile, "DEFAULT");
        // Pinned only when there is one worker per CPU, decided when the workers start.
        assert_eq!(settings.pin_workers, None);
    }

    #[test]
    fn alias_flags_replace_aliases() {
        let settings = Settings::from_toml(
            &cli(&[
                "--alias",
                "gpt-5=openai.gpt-oss-120b",
                "--alias",
                "fast=xai.grok-3-mini",
            ]),
            "",
            Path::new("none.toml"),
        )
        .unwrap();
        assert_eq!(settings.aliases["gpt-5"].target, "openai.gpt-oss-120b");
        assert_eq!(settings.aliases["fast"].target, "xai.grok-3-mini");
        let error =
            Settings::from_toml(&cli(&["--alias", "nothing"]), "", Path::new("x")).unwrap_err();
        assert!(error.to_string().contains("NAME=TARGET"), "{error}");
    }

    /// A bare number of seconds in the file may have a fraction, as on the command line.
    #[test]
    fn file_durations_take_fractions() {
        let settings = Settings::from_toml(
            &cli(&[]),
            "[limits]\nshutdown_grace = 1.5\nheader_read_timeout = 2\n",
            Path::new("g.toml"),
        )
        .unwrap();
        assert_eq!(settings.limits.shutdown_grace, Duration::from_millis(1500));
        assert_eq!(settings.limits.header_read_timeout, Duration::from_secs(2));
        let error = Settings::from_toml(
            &cli(&[]),
            "[limits]\nshutdown_grace = -1.5\n",
            Path::new("g.toml"),
        )
        .unwrap_err();
        assert!(error.to_string().contains("line 2"), "{error}");
    }

    #[test]
    fn a_bad_file_names_its_line() {
        for (toml, line) in [
            ("listen = \"127.0.0.1:1\"\nunknown_key = 1\n", "line 2"),
            ("[limits]\nheader_read_timeout = \"soon\"\n", "line 2"),
            (
                "[aliases.x]\ntarget = \"meta.x\"\nthinkin = true\n",
                "line 3",
            ),
            ("listen = \n", "line 1"),
            // Values out of range name their line too, not only their key.
            (
                "listen = \"127.0.0.1:1\"\n[limits]\nmax_body_bytes = 0\n",
                "line 3",
            ),
            ("[limits]\nmax_concurrent_requests = 0\n", "line 2"),
            ("[limits]\nstream_keep_alive = 0\n", "line 2"),
            ("\nworkers = 0\n", "line 2"),
            ("default_max_tokens = 0\n", "line 1"),
            ("[upstream]\nrequest_timeout = \"0ms\"\n", "line 2"),
            ("[upstream]\nretry_max_attempts = 0\n", "line 2"),
            (
                "[logging]\nformat = \"json\"\nfilter = \"gateway=loud\"\n",
                "line 3",
            ),
            ("\n[aliases.x]\nthinking = true\n", "line 2"),
        ] {
            let error = Settings::from_toml(&cli(&[]), toml, Path::new("g.toml")).unwrap_err();
            let text = error.to_string();
            assert!(
                text.contains("g.toml") && text.contains(line),
                "{toml:?}: {text}"
            );
        }
    }

    #[test]
    fn bad_values_are_refused_naming_their_flag() {
        for args in [
            &["--max-body-bytes", "0"][..],
            &["--retry-max-attempts", "0"],
            &["--connect-timeout", "forever"],
            &["--header-read-timeout", "0"],
            &["--request-timeout", "0ms"],
            &["--log", "gateway=loud"],
        ] {
            let error = Settings::from_toml(&cli(args), "", Path::new("x")).unwrap_err();
            assert!(
                error.to_string().starts_with(&format!("{}: ", args[0])),
                "{args:?}: {error}"
            );
        }
    }

    /// An empty `GATEWAY_API_KEYS` (clap reads it as one empty key) is no key at all: the
    /// file's keys stay in force instead of authentication being turned off.
    #[test]
    fn blank_command_line_keys_leave_the_file_keys_in_force() {
        let toml = r#"api_keys = ["from-file"]"#;
        for keys in ["", " ", " , "] {
            let settings =
                Settings::from_toml(&cli(&["--api-key", keys]), toml, Path::new("g.toml")).unwrap();
            assert_eq!(settings.api_keys, [ClientKey::new("from-file")], "{keys:?}");
        }
        let settings =
            Settings::from_toml(&cli(&["--api-key", ""]), "", Path::new("g.toml")).unwrap();
        assert!(
            settings.api_keys.is_empty(),
            "no key anywhere: no authentication"
        );
    }

    #[test]
    fn api_keys_never_show_in_debug() {
        let settings =
            Settings::from_toml(&cli(&["--api-key", "sk-secret"]), "", Path::new("x")).unwrap();
        assert!(!format!("{settings:?}").contains("sk-secret"));
    }
}
