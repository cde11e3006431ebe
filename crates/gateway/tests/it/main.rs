//! End-to-end tests of the gateway: the mock and the gateway on loopback ports, driven over
//! HTTP. `tests/README.md` maps each file to what it covers.

#![expect(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test helpers fail the test at the first surprise, with the value that caused it"
)]

mod support;

mod auth;
mod binary;
mod chat;
mod config;
mod disconnect;
mod embeddings;
mod errors;
mod families;
mod limits;
mod logs;
mod models;
mod operational;
mod shutdown;
mod streaming;
mod tools;
mod upstream_errors;
mod workers;
