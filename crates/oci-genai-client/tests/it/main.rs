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

// `cfg(test)` makes clippy treat the helpers as test code too (unwrap, panic).
#[cfg(test)]
mod completion;
#[cfg(test)]
mod error_bodies;
#[cfg(test)]
mod sse_chunking;
#[cfg(test)]
mod stream_fixtures;
#[cfg(test)]
mod support;
#[cfg(test)]
mod wire_fixtures;
