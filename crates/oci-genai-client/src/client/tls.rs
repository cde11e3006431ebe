//! Which certificate authorities the client trusts.
//!
//! rustls with the ring provider, TLS 1.2 and 1.3. The default trusts the
//! Mozilla roots compiled in (`webpki-roots`), so start-up reads no file and
//! behaves the same on every machine; the system store is an option. Networks
//! that inspect TLS with their own CA add its certificates as PEM.

use std::sync::Arc;

use rustls::RootCertStore;
use rustls_pki_types::CertificateDer;
use rustls_pki_types::pem::PemObject as _;

use super::error::BuildError;

/// The set of root certificates to start from. Extra CAs from
/// [`ClientBuilder::add_root_certificates_pem`](super::ClientBuilder::add_root_certificates_pem)
/// are added to it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RootCertificates {
    /// The Mozilla root program, compiled in (`webpki-roots`): fast,
    /// deterministic start-up.
    #[default]
    WebPki,
    /// The operating system's store, read once when the client is built
    /// (`rustls-native-certs`; honours `SSL_CERT_FILE` and `SSL_CERT_DIR`).
    Native,
}

/// The rustls configuration for `roots` plus the certificates in each PEM
/// bundle of `extra`. ALPN is left to the connector.
pub(crate) fn client_config(
    roots: RootCertificates,
    extra: &[Vec<u8>],
) -> Result<rustls::ClientConfig, BuildError> {
    let mut store = RootCertStore::empty();
    match roots {
        RootCertificates::WebPki => {
            store.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
        }
        RootCertificates::Native => {
            let native = rustls_native_certs::load_native_certs();
            let (added, _ignored) = store.add_parsable_certificates(native.certs);
            if added == 0 {
                return Err(BuildError::NoNativeRootCertificates {
                    errors: native.errors.len(),
                });
            }
        }
    }
    for bundle in extra {
        add_pem_bundle(&mut store, bundle)?;
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|error| BuildError::Tls {
            reason: error.to_string(),
        })?
        .with_root_certificates(store)
        .with_no_client_auth();
    Ok(config)
}

/// Adds every certificate of a PEM bundle; a bundle without one, or with a
/// certificate rustls refuses, is an error rather than silently ignored,
/// since the caller expects it to be trusted.
fn add_pem_bundle(store: &mut RootCertStore, pem: &[u8]) -> Result<(), BuildError> {
    let invalid = |reason: String| BuildError::InvalidCaCertificates { reason };
    let mut count = 0;
    for certificate in CertificateDer::pem_slice_iter(pem) {
        let certificate = certificate.map_err(|error| invalid(error.to_string()))?;
        store
            .add(certificate)
            .map_err(|error| invalid(error.to_string()))?;
        count += 1;
    }
    if count == 0 {
        return Err(invalid("no CERTIFICATE block found".to_owned()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const CA: &[u8] = include_bytes!("../../tests/data/tls/ca.pem");

    #[test]
    fn webpki_roots_plus_an_extra_ca() {
        let config = client_config(RootCertificates::WebPki, &[CA.to_vec()]);
        assert!(config.is_ok());
    }

    #[test]
    fn bad_bundles_are_refused() {
        for bundle in [
            &b""[..],
            b"not pem at all",
            b"-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n",
            b"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
        ] {
            let result = client_config(RootCertificates::WebPki, &[bundle.to_vec()]);
            assert!(
                matches!(result, Err(BuildError::InvalidCaCertificates { .. })),
                "{:?}",
                String::from_utf8_lossy(bundle)
            );
        }
    }
}
