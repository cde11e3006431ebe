//! Integration tests of `translate` (map in `tests/README.md`).
//!
//! * `cases`: the table-driven cases of `tests/data/cases/` (request in, OCI JSON out; OCI
//!   answer in, OpenAI answer out; OCI stream in, OpenAI chunks out), one named test each.
//! * `openclaw`: every captured OpenClaw and pi-ai request translates, for one model of each
//!   format.
//! * `streams`: stream invariants over the captures (ids once, nothing twice, one id per
//!   stream) and chunking edge cases.
//! * `schemas`: tool schemas sent as the client's text, cleaned, or refused.
//! * `errors`, `embeddings`, `models`: the other mappings.
//! * `properties`: property tests (no panics, invariants).

// `cfg(test)` makes clippy treat the helpers as test code too (unwrap, panic).
#[cfg(test)]
mod cases;
#[cfg(test)]
mod embeddings;
#[cfg(test)]
mod errors;
#[cfg(test)]
mod models;
#[cfg(test)]
mod openai_sdk;
#[cfg(test)]
mod openclaw;
#[cfg(test)]
mod properties;
#[cfg(test)]
mod schemas;
#[cfg(test)]
mod streams;
#[cfg(test)]
mod support;
