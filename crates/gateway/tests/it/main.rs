//! End-to-end tests of the gateway: the mock and the gateway on loopback ports, driven over
//! HTTP. `tests/README.md` maps each file to what it covers.
