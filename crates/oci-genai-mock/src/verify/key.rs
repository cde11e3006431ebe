//! Trusted RSA public keys and their OCI fingerprints.

use std::fmt;

use md5::{Digest, Md5};
use pkcs8::SubjectPublicKeyInfoRef;
use ring::signature::{RSA_PKCS1_2048_8192_SHA256, UnparsedPublicKey};

use super::error::KeyError;

/// `rsaEncryption` (1.2.840.113549.1.1.1).
const RSA_ENCRYPTION: pkcs8::ObjectIdentifier = pkcs1::ALGORITHM_OID;
const MIN_BITS: usize = 2048;
const MAX_BITS: usize = 8192;

/// An RSA public key whose signatures the mock accepts, with its OCI
/// fingerprint: the MD5 of the DER SubjectPublicKeyInfo, as lowercase hex
/// pairs joined by `:` (what `openssl rsa -pubin -outform DER | openssl md5 -c`
/// prints, and what API-key `keyId`s end with).
///
/// ```
/// use oci_genai_mock::test_identity;
/// use oci_genai_mock::verify::TrustedKey;
///
/// let key = TrustedKey::from_pem(test_identity::TEST_ONLY_PUBLIC_KEY_PEM.as_bytes())?;
/// assert_eq!(key.fingerprint(), test_identity::TEST_ONLY_FINGERPRINT);
/// assert_eq!(key.bits(), 2048);
/// # Ok::<(), oci_genai_mock::verify::KeyError>(())
/// ```
#[derive(Clone)]
pub struct TrustedKey {
    fingerprint: String,
    /// The PKCS#1 `RSAPublicKey` inside the SubjectPublicKeyInfo: what ring
    /// verifies with.
    rsa_public_key: Vec<u8>,
    bits: usize,
}

impl TrustedKey {
    /// Reads the first `PUBLIC KEY` block of a PEM file (the format OCI
    /// asks users to upload). Other blocks before it, such as a label line,
    /// are skipped.
    ///
    /// # Errors
    ///
    /// [`KeyError`] when there is no PEM block, no `PUBLIC KEY` block, or the
    /// key is not RSA of 2048 to 8192 bits.
    pub fn from_pem(pem_text: &[u8]) -> Result<Self, KeyError> {
        let blocks = pem::parse_many(pem_text).map_err(|_| KeyError::NotPem)?;
        let Some(first) = blocks.first() else {
            return Err(KeyError::NotPem);
        };
        match blocks.iter().find(|block| block.tag() == "PUBLIC KEY") {
            Some(block) => Self::from_spki_der(block.contents()),
            None => Err(KeyError::NotAPublicKey {
                label: first.tag().to_owned(),
            }),
        }
    }

    /// Reads a DER SubjectPublicKeyInfo.
    ///
    /// # Errors
    ///
    /// [`KeyError`] when the DER is not a SubjectPublicKeyInfo or the key is
    /// not RSA of 2048 to 8192 bits.
    pub fn from_spki_der(spki_der: &[u8]) -> Result<Self, KeyError> {
        let spki = SubjectPublicKeyInfoRef::try_from(spki_der)
            .map_err(|error| KeyError::InvalidSpki(Box::new(error)))?;
        if spki.algorithm.oid != RSA_ENCRYPTION {
            return Err(KeyError::NotRsa {
                algorithm: spki.algorithm.oid.to_string(),
            });
        }
        let rsa_public_key = spki
            .subject_public_key
            .as_bytes()
            .ok_or_else(|| KeyError::InvalidSpki("the key bit string is not whole bytes".into()))?;
        let parsed = pkcs1::RsaPublicKeyRef::try_from(rsa_public_key)
            .map_err(|error| KeyError::InvalidSpki(Box::new(error)))?;
        let bits = bit_length(parsed.modulus.as_bytes());
        if bits < MIN_BITS {
            return Err(KeyError::TooSmall { bits });
        }
        if bits > MAX_BITS {
            return Err(KeyError::TooLarge { bits });
        }
        Ok(Self {
            fingerprint: fingerprint(spki_der),
            rsa_public_key: rsa_public_key.to_vec(),
            bits,
        })
    }

    /// The OCI fingerprint, e.g. `8e:b0:91:…`.
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    /// The modulus size in bits.
    pub fn bits(&self) -> usize {
        self.bits
    }

    /// Whether `signature` is this key's RSASSA-PKCS1-v1_5 SHA-256 signature
    /// of `message`.
    pub(crate) fn verifies(&self, message: &[u8], signature: &[u8]) -> bool {
        UnparsedPublicKey::new(&RSA_PKCS1_2048_8192_SHA256, &self.rsa_public_key)
            .verify(message, signature)
            .is_ok()
    }
}

impl fmt::Debug for TrustedKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TrustedKey")
            .field("fingerprint", &self.fingerprint)
            .field("bits", &self.bits)
            .finish_non_exhaustive()
    }
}

fn fingerprint(spki_der: &[u8]) -> String {
    let digest = Md5::digest(spki_der);
    let mut text = String::with_capacity(digest.len() * 3);
    for (i, byte) in digest.iter().enumerate() {
        if i > 0 {
            text.push(':');
        }
        text.push(hex_digit(byte >> 4));
        text.push(hex_digit(byte & 0x0f));
    }
    text
}

fn hex_digit(nibble: u8) -> char {
    char::from(b"0123456789abcdef"[usize::from(nibble & 0x0f)])
}

/// The bit length of a big-endian unsigned integer without leading zero bytes.
fn bit_length(magnitude: &[u8]) -> usize {
    match magnitude.iter().position(|&byte| byte != 0) {
        Some(first) => {
            let leading = magnitude[first].leading_zeros() as usize;
            (magnitude.len() - first) * 8 - leading
        }
        None => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signer_data(file: &str) -> Vec<u8> {
        let path = format!(
            "{}/../oci-signer/tests/data/{file}",
            env!("CARGO_MANIFEST_DIR")
        );
        std::fs::read(&path).unwrap_or_else(|error| panic!("{path}: {error}"))
    }

    #[test]
    fn fingerprint_matches_the_one_oci_and_openssl_compute() {
        let key = TrustedKey::from_pem(&signer_data("oci-test-key-2048.pub.pem")).unwrap();
        assert_eq!(
            key.fingerprint(),
            "b9:0d:45:33:f8:6e:53:c6:6f:12:43:62:b1:ee:2d:86"
        );
        assert_eq!(key.bits(), 2048);
        assert!(!format!("{key:?}").contains("rsa_public_key"));
    }

    #[test]
    fn keys_below_2048_bits_are_refused() {
        let error =
            TrustedKey::from_pem(&signer_data("oci-docs-test-key-1024.pub.pem")).unwrap_err();
        assert!(
            matches!(error, KeyError::TooSmall { bits: 1024 }),
            "{error}"
        );
    }

    #[test]
    fn private_keys_and_garbage_are_refused_with_their_reason() {
        let error = TrustedKey::from_pem(&signer_data("oci-test-key-2048.pkcs1.pem")).unwrap_err();
        assert!(
            matches!(&error, KeyError::NotAPublicKey { label } if label == "RSA PRIVATE KEY"),
            "{error}"
        );
        assert!(matches!(
            TrustedKey::from_pem(b"not a key").unwrap_err(),
            KeyError::NotPem
        ));
        let not_der = pem::encode(&pem::Pem::new("PUBLIC KEY", vec![1, 2, 3]));
        assert!(matches!(
            TrustedKey::from_pem(not_der.as_bytes()).unwrap_err(),
            KeyError::InvalidSpki(_)
        ));
    }

    #[test]
    fn non_rsa_keys_are_refused() {
        // The P-256 public key of the signer's EC test key.
        let ec = signer_data("test-ec-p256.pkcs8.pem");
        let private = pem::parse(ec).unwrap();
        // SubjectPublicKeyInfo of a P-256 key: the algorithm is id-ecPublicKey.
        let spki_prefix: &[u8] = &[
            0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06,
            0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07, 0x03, 0x42, 0x00,
        ];
        // The uncompressed point sits at the end of the PKCS#8 document.
        let point = &private.contents()[private.contents().len() - 65..];
        let spki = [spki_prefix, point].concat();
        let error = TrustedKey::from_spki_der(&spki).unwrap_err();
        assert!(
            matches!(&error, KeyError::NotRsa { algorithm } if algorithm == "1.2.840.10045.2.1"),
            "{error}"
        );
    }

    #[test]
    fn bit_length_ignores_leading_zero_bits() {
        assert_eq!(bit_length(&[0x00, 0x80, 0x00]), 16);
        assert_eq!(bit_length(&[0x01]), 1);
        assert_eq!(bit_length(&[0x00]), 0);
        assert_eq!(bit_length(&[]), 0);
    }
}
