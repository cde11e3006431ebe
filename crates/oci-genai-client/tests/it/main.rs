//! Integration tests of `oci-genai-client` against the fixtures in
//! `tests/data/` (provenance in `tests/data/README.md`).
//!
//! * `wire_fixtures`: every JSON fixture parses into its type and serializes
//!   back to the same JSON; unknown values and variants are kept.
//! * `stream_fixtures`: every SSE capture decodes into the documented event
//!   shapes, and every event serializes back to its payload.
//! * `sse_chunking`: each capture decodes identically however it is split,
//!   with any line ending, BOM or keep-alive lines; property tests.
//! * `completion`: the completion rule over each capture, with and without
//!   usage requested.
//! * `error_bodies`: OCI and OpenAI error bodies.
//!
//! With the `client` feature, the HTTP client over real sockets, against
//! `scripted_server` (a hyper server that plays scripted replies and records
//! requests; helpers in `client_support`):
//!
//! * `client_calls`: every operation, what is sent and signed, ids, paging,
//!   decode errors.
//! * `client_retries`: when retries happen and when they do not, budgets,
//!   `Retry-After`, 401 re-authentication, the `maxTokens` rename, retry
//!   tokens, error bodies that are large or stall, timeouts.
//! * `client_streams`: streamed chat: completion with held-open
//!   connections, usage waits, cuts, idle timeouts.
//! * `client_network`: TLS roots and ALPN, connect timeouts, proxies.

// `cfg(test)` makes clippy treat the helpers as test code too (unwrap, panic).
#[cfg(test)]
#[cfg(feature = "client")]
mod client_calls;
#[cfg(test)]
#[cfg(feature = "client")]
mod client_network;
#[cfg(test)]
#[cfg(feature = "client")]
mod client_retries;
#[cfg(test)]
#[cfg(feature = "client")]
mod client_streams;
#[cfg(test)]
#[cfg(feature = "client")]
mod client_support;
#[cfg(test)]
mod completion;
#[cfg(test)]
mod error_bodies;
#[cfg(test)]
#[cfg(feature = "client")]
mod scripted_server;
#[cfg(test)]
mod sse_chunking;
#[cfg(test)]
mod stream_fixtures;
#[cfg(test)]
mod support;
#[cfg(test)]
mod wire_fixtures;
