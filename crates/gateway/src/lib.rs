//! An OpenAI-compatible HTTP server in front of OCI Generative AI: OpenClaw, the official
//! `openai` SDKs, LangChain and curl scripts work unchanged while inference runs in your OCI
//! tenancy, every request signed with your OCI credentials.
//!
//! The binary `oci-openai-gateway` is a thin `main` over this library: [`Cli`] parses the
//! command line, [`Settings::resolve`] layers it over the TOML file, [`backend::build`] loads
//! the credentials and builds the OCI client, and [`server::serve`] runs the hyper server.
//! Tests and embedders call the same functions.
//!
//! ```no_run
//! use clap::Parser as _;
//! use gateway::{Cli, Settings};
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let settings = Settings::resolve(&Cli::parse_from(["oci-openai-gateway", "--mock"]))?;
//! let backend = gateway::backend::build(settings).await?;
//! let listener = tokio::net::TcpListener::bind(backend.state.settings.listen).await?;
//! gateway::server::serve(listener, backend.state.clone(), gateway::server::shutdown_signal()).await;
//! # Ok(())
//! # }
//! ```
//!
//! # Endpoints
//!
//! | endpoint | what |
//! | --- | --- |
//! | `POST /v1/chat/completions` | chat, streamed (`"stream": true`) or whole, with tools, images, `response_format`, usage |
//! | `POST /v1/embeddings` | embeddings over OCI's `embedText` |
//! | `GET /v1/models`, `GET /v1/models/{id}` | the aliases, and OCI's catalog when enabled |
//! | `GET /healthz`, `GET /health` | liveness |
//! | `GET /readyz` | readiness: credentials loaded and usable |
//! | `GET /metrics` | Prometheus metrics |
//!
//! The OpenAI paths are also served without the `/v1` prefix.
//!
//! # Design
//!
//! - **Thin.** Translation lives in `translate`, the OCI client in `oci-genai-client`, signing
//!   in `oci-signer`; this crate routes, limits, authenticates, maps errors and reports.
//! - **Streams are bodies, not tasks.** A streamed answer is a response body that polls the
//!   upstream stream itself: the first byte leaves as soon as OCI's first event arrives, and a
//!   client that hangs up drops the upstream request with it.
//! - **Errors in the caller's format.** Every failure is an OpenAI error body with the right
//!   status; after the first streamed byte, one error event and no `[DONE]`. A field that is
//!   missing or of the wrong type is named in `param` by its path, as OpenAI names it
//!   (`temperature`, `messages[1].content`). The exception is what hyper refuses before a
//!   request exists (a malformed request line, a head over its size limit, conflicting
//!   `Content-Length` headers): its bare 400, 414 or 431, without a body or `x-request-id`.
//! - **Secrets stay out of logs**: no `Authorization` header, keys or bodies unless
//!   `--log-bodies` says so.
//! - **Nothing waits forever on a client**: a connection must send its request head within
//!   the header-read timeout (a silent one is closed too), a body may not stall longer, and
//!   shutdown closes whatever is still open when the grace period ends.

pub mod auth;
pub mod backend;
pub mod body;
pub mod cli;
mod deferred;
pub mod error;
pub mod logging;
pub mod metrics;
pub mod request_id;
pub mod routes;
pub mod server;
pub mod settings;
pub mod state;

pub use cli::Cli;
pub use settings::Settings;
