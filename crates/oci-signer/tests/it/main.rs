//! Integration tests of `oci-signer`; `tests/README.md` maps each file to what it covers.
#![expect(
    clippy::unwrap_used,
    clippy::panic,
    reason = "test helpers outside #[test] functions fail loudly on broken fixtures"
)]

mod config_provider;
mod http;
mod keys;
mod no_panic;
mod support;
mod vectors;
