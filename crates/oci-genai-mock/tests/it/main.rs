//! Integration tests of `oci-genai-mock`: each starts a mock on `127.0.0.1:0`
//! and talks to it over HTTP, signing with the project's signer and parsing
//! the answers with `oci-genai-client`'s wire types and SSE decoder.
//! `tests/README.md` maps each file to what it covers.
#![expect(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test helpers outside #[test] functions fail loudly on broken fixtures or answers"
)]

mod auth;
mod chat_cohere;
mod chat_generic;
mod client;
mod embed;
mod errors;
mod fixture_shapes;
mod markers;
mod models;
mod run_faults;
mod server;
mod support;
mod tools;
