//! The command line. Every flag that has an environment variable reads it when the flag is
//! absent (clap's `env`), so "flag, then environment" comes for free; the TOML file and the OCI
//! profile are layered below in [`crate::settings`].

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Parser, ValueEnum};

/// An OpenAI-compatible gateway in front of OCI Generative AI.
///
/// Settings come from, highest precedence first: command-line flags, environment variables,
/// the TOML file given with --config, and the OCI config profile (region). Every setting is
/// described in docs/configuration.md.
#[derive(Debug, Clone, Default, Parser)]
#[command(name = "oci-openai-gateway", version, about, long_about)]
#[non_exhaustive]
pub struct Cli {
    /// TOML configuration file (model aliases, limits, keys, ...).
    #[arg(long, env = "GATEWAY_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Serve against an embedded mock of OCI GenAI (no OCI account needed). Signs with a fixed
    /// test key built into the mock; never used otherwise.
    #[arg(long)]
    pub mock: bool,

    /// Address to listen on. Loopback by default; use 0.0.0.0:8050 to accept remote clients.
    #[arg(long, env = "GATEWAY_LISTEN", value_name = "ADDR")]
    pub listen: Option<SocketAddr>,

    /// Worker threads, each running its own event loop and OCI connection pool
    /// [default: one per CPU].
    #[arg(long, env = "GATEWAY_WORKERS", value_name = "N")]
    pub workers: Option<usize>,

    /// Pin worker i to the i-th CPU this process may run on [default: true when there is one
    /// worker per such CPU, false otherwise]. Linux only.
    #[arg(long, env = "GATEWAY_PIN_WORKERS", num_args = 0..=1, default_missing_value = "true", value_name = "BOOL")]
    pub pin_workers: Option<bool>,

    /// OCI config file, used as given [default: ~/.oci/config, else as the OCI SDKs find it].
    #[arg(long, env = "OCI_CONFIG_FILE", value_name = "FILE")]
    pub oci_config_file: Option<PathBuf>,

    /// Profile of the OCI config file [default: DEFAULT].
    #[arg(long, env = "OCI_PROFILE", value_name = "NAME")]
    pub oci_profile: Option<String>,

    /// Compartment OCID billed for inference (required, except with --mock).
    #[arg(long, env = "OCI_COMPARTMENT_ID", value_name = "OCID")]
    pub compartment_id: Option<String>,

    /// OCI region, e.g. us-chicago-1 [default: the profile's region, else OCI_REGION].
    #[arg(long, value_name = "REGION")]
    pub region: Option<String>,

    /// Inference base URL, without the /20231130 path [default: built from the region].
    #[arg(long, env = "OCI_GENAI_ENDPOINT", value_name = "URL")]
    pub inference_endpoint: Option<String>,

    /// Control-plane base URL for the model catalog [default: built from the region].
    #[arg(long, env = "OCI_GENAI_CONTROL_PLANE_ENDPOINT", value_name = "URL")]
    pub control_plane_endpoint: Option<String>,

    /// Model alias, NAME=TARGET (an OCI model id or dedicated endpoint OCID). Repeatable;
    /// replaces the default aliases and those of the TOML file with the same name.
    #[arg(long = "alias", value_name = "NAME=TARGET")]
    pub aliases: Vec<String>,

    /// Also list OCI's model catalog in GET /v1/models.
    #[arg(long, env = "GATEWAY_LIST_OCI_MODELS", num_args = 0..=1, default_missing_value = "true", value_name = "BOOL")]
    pub list_oci_models: Option<bool>,

    /// Token limit sent when a request has none [default: the model's own].
    #[arg(long, env = "GATEWAY_DEFAULT_MAX_TOKENS", value_name = "N")]
    pub default_max_tokens: Option<u32>,

    /// Client API key accepted as `Authorization: Bearer <key>`. Repeatable; the environment
    /// variable takes a comma-separated list. Blank keys are dropped; left with none (an empty
    /// GATEWAY_API_KEYS), the TOML file's keys apply. Without any key anywhere, clients are not
    /// authenticated.
    #[arg(
        long = "api-key",
        env = "GATEWAY_API_KEYS",
        value_delimiter = ',',
        hide_env_values = true,
        value_name = "KEY"
    )]
    pub api_keys: Vec<String>,

    /// Largest request body accepted, in bytes [default: 20971520].
    #[arg(long, env = "GATEWAY_MAX_BODY_BYTES", value_name = "BYTES")]
    pub max_body_bytes: Option<usize>,

    /// Requests served at once; more get 503 [default: 1024].
    #[arg(long, env = "GATEWAY_MAX_CONCURRENT_REQUESTS", value_name = "N")]
    pub max_concurrent_requests: Option<usize>,

    /// Time a client has to send its request headers; also the longest silence allowed
    /// mid-body (408), and how long idle keep-alive connections stay open [default: 30s].
    #[arg(long, env = "GATEWAY_HEADER_READ_TIMEOUT", value_name = "DURATION")]
    pub header_read_timeout: Option<String>,

    /// Time to connect to OCI [default: 5s].
    #[arg(long, env = "GATEWAY_CONNECT_TIMEOUT", value_name = "DURATION")]
    pub connect_timeout: Option<String>,

    /// Time for OCI to answer (the whole answer, or the start of a stream) [default: 300s].
    #[arg(long, env = "GATEWAY_REQUEST_TIMEOUT", value_name = "DURATION")]
    pub request_timeout: Option<String>,

    /// Longest silence between two events of a stream [default: 120s].
    #[arg(long, env = "GATEWAY_STREAM_IDLE_TIMEOUT", value_name = "DURATION")]
    pub stream_idle_timeout: Option<String>,

    /// How long to wait for OCI's usage event after a streamed answer [default: 2s].
    #[arg(long, env = "GATEWAY_STREAM_USAGE_WAIT", value_name = "DURATION")]
    pub stream_usage_wait: Option<String>,

    /// Attempts per upstream call, retries included [default: 3].
    #[arg(long, env = "GATEWAY_RETRY_MAX_ATTEMPTS", value_name = "N")]
    pub retry_max_attempts: Option<u32>,

    /// A retry starts only within this time of the call's start, its wait included; a longer
    /// Retry-After goes back to the client [default: 10s].
    #[arg(long, env = "GATEWAY_RETRY_BUDGET", value_name = "DURATION")]
    pub retry_budget: Option<String>,

    /// Silence after which a streamed answer gets an SSE comment, so proxies and load
    /// balancers with idle timeouts keep it open [default: 15s].
    #[arg(long, env = "GATEWAY_STREAM_KEEP_ALIVE", value_name = "DURATION")]
    pub stream_keep_alive: Option<String>,

    /// How long in-flight requests may finish after SIGTERM or SIGINT [default: 30s].
    #[arg(long, env = "GATEWAY_SHUTDOWN_GRACE", value_name = "DURATION")]
    pub shutdown_grace: Option<String>,

    /// Log format.
    #[arg(long, env = "GATEWAY_LOG_FORMAT", value_name = "FORMAT")]
    pub log_format: Option<LogFormat>,

    /// Log filter in tracing's syntax, e.g. info or gateway=debug [default: info].
    #[arg(long, env = "GATEWAY_LOG", value_name = "FILTER")]
    pub log: Option<String>,

    /// Log request and response bodies at debug level (they hold prompts: off by default).
    #[arg(long, env = "GATEWAY_LOG_BODIES", num_args = 0..=1, default_missing_value = "true", value_name = "BOOL")]
    pub log_bodies: Option<bool>,
}

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum LogFormat {
    /// Human-readable lines.
    #[default]
    Text,
    /// One JSON object per line.
    Json,
}
