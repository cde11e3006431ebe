//! A fixed **test-only** identity: an RSA-2048 key pair, tenancy, user and
//! compartment OCIDs, and the key's fingerprint.
//!
//! **Never use it with Oracle Cloud Infrastructure.** The private key is
//! published in this crate (`keys/test-only-rsa-2048.pem`), so anyone can
//! sign with it. It exists so that tests and the gateway's `--mock` mode can
//! sign requests that the mock accepts without any setup:
//! [`MockConfig::default()`](crate::MockConfig) trusts its public key. The
//! `oci-genai-mock` binary trusts it only with `--trust-test-key`.
//!
//! ```
//! use oci_genai_mock::test_identity;
//!
//! assert_eq!(
//!     test_identity::test_only_key_id(),
//!     format!(
//!         "{}/{}/{}",
//!         test_identity::TEST_ONLY_TENANCY,
//!         test_identity::TEST_ONLY_USER,
//!         test_identity::TEST_ONLY_FINGERPRINT
//!     )
//! );
//! ```

use crate::verify::{KeyError, TrustedKey};

/// The test-only RSA-2048 private key, PKCS#1 PEM. Public knowledge: never
/// trust it outside tests.
pub const TEST_ONLY_PRIVATE_KEY_PEM: &str = include_str!("../keys/test-only-rsa-2048.pem");

/// The public half of [`TEST_ONLY_PRIVATE_KEY_PEM`], SubjectPublicKeyInfo PEM.
pub const TEST_ONLY_PUBLIC_KEY_PEM: &str = include_str!("../keys/test-only-rsa-2048.pub.pem");

/// The OCI fingerprint of the test-only key (MD5 of its DER public key).
pub const TEST_ONLY_FINGERPRINT: &str = "8e:b0:91:84:ad:81:d8:d0:af:97:13:38:3a:e3:05:f6";

/// A made-up tenancy OCID for the test-only identity.
pub const TEST_ONLY_TENANCY: &str = "ocid1.tenancy.oc1..aaaaaaaatestonlymocktenancy";

/// A made-up user OCID for the test-only identity.
pub const TEST_ONLY_USER: &str = "ocid1.user.oc1..aaaaaaaatestonlymockuser";

/// A made-up compartment OCID to send in `compartmentId`.
pub const TEST_ONLY_COMPARTMENT: &str = "ocid1.compartment.oc1..aaaaaaaatestonlymockcompartment";

/// The API-key `keyId` of the test-only identity:
/// `<tenancy>/<user>/<fingerprint>`.
pub fn test_only_key_id() -> String {
    format!("{TEST_ONLY_TENANCY}/{TEST_ONLY_USER}/{TEST_ONLY_FINGERPRINT}")
}

/// The test-only public key, ready to trust.
///
/// # Errors
///
/// Never in practice: the key is built into the crate and checked by its
/// tests. The `Result` keeps key parsing free of panics.
pub fn test_only_trusted_key() -> Result<TrustedKey, KeyError> {
    TrustedKey::from_pem(TEST_ONLY_PUBLIC_KEY_PEM.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fingerprint_constant_is_the_public_keys() {
        assert_eq!(
            test_only_trusted_key().unwrap().fingerprint(),
            TEST_ONLY_FINGERPRINT
        );
    }

    #[test]
    fn the_private_key_is_the_public_keys_other_half() {
        let private =
            oci_signer::PrivateKey::from_pem(TEST_ONLY_PRIVATE_KEY_PEM.as_bytes(), None).unwrap();
        assert_eq!(private.fingerprint(), TEST_ONLY_FINGERPRINT);
        assert_eq!(private.bits(), 2048);
    }
}
