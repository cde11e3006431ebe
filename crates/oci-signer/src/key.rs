//! RSA private keys in every PEM form OCI users have, parsed once and shared.
//!
//! | PEM label | encoding | how it is read |
//! | --- | --- | --- |
//! | `PRIVATE KEY` | PKCS#8 | `pkcs8` |
//! | `RSA PRIVATE KEY` | PKCS#1 | `pkcs1` |
//! | `ENCRYPTED PRIVATE KEY` | PKCS#8 PBES2 (AES or 3DES, PBKDF2 with SHA-1 or SHA-2) | `pkcs8` encryption |
//! | `RSA PRIVATE KEY` with `Proc-Type: 4,ENCRYPTED` | OpenSSL's legacy format (`openssl genrsa -aes128`) | [`legacy_pem`] |
//!
//! The first block whose label ends in `PRIVATE KEY` is used and every other block is skipped,
//! as OpenSSL's `PEM_read_bio_PrivateKey` (behind the Python SDK) does, so a key file that
//! also holds its public key or a certificate works. Text outside PEM blocks is ignored, so the
//! `OCI_API_KEY` label line that OCI recommends appending to key files is accepted.

mod legacy_pem;

use std::fmt;
use std::sync::Arc;

use md5::{Digest, Md5};
use pkcs8::der::{Decode, Encode};
use ring::rand::SystemRandom;
use ring::signature::{RSA_PKCS1_SHA256, RsaKeyPair};

use crate::error::{KeyError, SigningError};

/// OCI accepts RSA keys of at least 2048 bits; ring signs with at most 4096.
const MIN_BITS: usize = 2048;
const MAX_BITS: usize = 4096;

/// An RSA private key ready to sign, cheap to clone and share between threads.
///
/// `Debug` shows only the key size and the public fingerprint.
#[derive(Clone)]
pub struct PrivateKey {
    inner: Arc<KeyInner>,
}

struct KeyInner {
    pair: RsaKeyPair,
    // ring blinds RSA with random values; the signature itself stays deterministic.
    rng: SystemRandom,
    bits: usize,
    public_key_der: Vec<u8>,
    fingerprint: String,
}

impl PrivateKey {
    /// Parses a PEM private key (PKCS#1, PKCS#8, encrypted PKCS#8 or OpenSSL's legacy
    /// encrypted PKCS#1). Other PEM blocks before or after it (a public key, a certificate)
    /// are skipped.
    ///
    /// A pass phrase given for an unencrypted key is ignored, as the OCI SDKs do: a
    /// `[DEFAULT]` profile's `pass_phrase` is inherited by profiles whose keys have none.
    ///
    /// # Errors
    ///
    /// [`KeyError`] says what is wrong: damaged PEM, a public key, a non-RSA key, a size
    /// outside 2048..=4096 bits, a missing or wrong pass phrase.
    pub fn from_pem(pem_text: &[u8], passphrase: Option<&[u8]>) -> Result<Self, KeyError> {
        let text = pem_text.trim_ascii();
        if text.starts_with(b"ssh-rsa ") || text.starts_with(b"ssh-") {
            return Err(KeyError::PublicKeyGiven);
        }
        let block = private_key_block(text)?;
        let passphrase = passphrase.filter(|p| !p.is_empty());
        match block.tag() {
            "PRIVATE KEY" => Self::from_pkcs8_der(block.contents()),
            "RSA PRIVATE KEY" => {
                if legacy_pem::is_encrypted(&block) {
                    let passphrase = passphrase.ok_or(KeyError::PassphraseRequired)?;
                    let der = legacy_pem::decrypt(&block, passphrase)?;
                    // A wrong pass phrase can still leave valid padding by chance; the DER
                    // parse then fails, which means the same thing.
                    Self::from_pkcs1_der(&der).map_err(|error| match error {
                        KeyError::InvalidKey { .. } => KeyError::WrongPassphrase,
                        other => other,
                    })
                } else {
                    Self::from_pkcs1_der(block.contents())
                }
            }
            "ENCRYPTED PRIVATE KEY" => {
                let passphrase = passphrase.ok_or(KeyError::PassphraseRequired)?;
                let der = decrypt_pkcs8(block.contents(), passphrase)?;
                Self::from_pkcs8_der(der.as_bytes())
            }
            "PUBLIC KEY" | "RSA PUBLIC KEY" | "SSH2 PUBLIC KEY" | "CERTIFICATE" => {
                Err(KeyError::PublicKeyGiven)
            }
            "EC PRIVATE KEY" => Err(KeyError::NotRsa {
                algorithm: "EC".into(),
            }),
            "DSA PRIVATE KEY" => Err(KeyError::NotRsa {
                algorithm: "DSA".into(),
            }),
            "OPENSSH PRIVATE KEY" => Err(KeyError::NotRsa {
                algorithm: "OpenSSH private key format (convert it with `ssh-keygen -p -m PEM`)"
                    .into(),
            }),
            other => Err(KeyError::NotRsa {
                algorithm: format!("PEM block {other:?}"),
            }),
        }
    }

    /// Builds a key from an unencrypted PKCS#8 `PrivateKeyInfo` in DER.
    ///
    /// # Errors
    ///
    /// [`KeyError::NotRsa`] for other algorithms, [`KeyError::InvalidKey`] for damaged DER,
    /// [`KeyError::UnsupportedSize`] outside 2048..=4096 bits.
    pub fn from_pkcs8_der(der: &[u8]) -> Result<Self, KeyError> {
        let info =
            pkcs8::PrivateKeyInfoRef::try_from(der).map_err(|error| KeyError::InvalidKey {
                reason: error.to_string(),
            })?;
        if info.algorithm.oid != pkcs1::ALGORITHM_OID {
            return Err(KeyError::NotRsa {
                algorithm: algorithm_name(&info.algorithm.oid),
            });
        }
        Self::from_pkcs1_der(info.private_key.as_bytes())
    }

    /// Builds a key from a PKCS#1 `RSAPrivateKey` in DER.
    ///
    /// # Errors
    ///
    /// [`KeyError::InvalidKey`] for damaged DER, [`KeyError::UnsupportedSize`] outside
    /// 2048..=4096 bits.
    pub fn from_pkcs1_der(der: &[u8]) -> Result<Self, KeyError> {
        let parsed =
            pkcs1::RsaPrivateKeyRef::from_der(der).map_err(|error| KeyError::InvalidKey {
                reason: error.to_string(),
            })?;
        let bits = modulus_bits(parsed.modulus.as_bytes());
        if !(MIN_BITS..=MAX_BITS).contains(&bits) {
            return Err(KeyError::UnsupportedSize { bits });
        }
        // ring refuses small public exponents with a bare "TooSmall"; say which number.
        let exponent = parsed.public_exponent.as_bytes();
        if exponent.len() <= 2 {
            let value = exponent
                .iter()
                .fold(0_u32, |value, &byte| (value << 8) | u32::from(byte));
            return Err(KeyError::InvalidKey {
                reason: format!(
                    "public exponent {value} is below 65537, the smallest accepted (OpenSSL and \
                     ssh-keygen use 65537 by default)"
                ),
            });
        }
        let pair = RsaKeyPair::from_der(der).map_err(|rejected| KeyError::InvalidKey {
            reason: rejected.to_string(),
        })?;
        let public_key_der = spki_der(pair.public().as_ref())?;
        let fingerprint = fingerprint_of(&public_key_der);
        Ok(Self {
            inner: Arc::new(KeyInner {
                pair,
                rng: SystemRandom::new(),
                bits,
                public_key_der,
                fingerprint,
            }),
        })
    }

    /// The key's OCI fingerprint: MD5 of the DER `SubjectPublicKeyInfo`, as lowercase hex
    /// pairs joined by `:` (what the OCI console shows and `fingerprint` in the config holds).
    pub fn fingerprint(&self) -> &str {
        &self.inner.fingerprint
    }

    /// Size of the RSA modulus in bits.
    pub fn bits(&self) -> usize {
        self.inner.bits
    }

    /// The public half as DER `SubjectPublicKeyInfo` (what `openssl rsa -pubout -outform DER`
    /// prints).
    pub fn public_key_der(&self) -> &[u8] {
        &self.inner.public_key_der
    }

    /// Signs `message` with RSASSA-PKCS1-v1_5 and SHA-256 (OCI's `rsa-sha256`).
    ///
    /// # Errors
    ///
    /// [`SigningError::Crypto`] if the backend fails, which it does not for a loaded key.
    pub fn sign_rsa_sha256(&self, message: &[u8]) -> Result<Vec<u8>, SigningError> {
        let inner = &*self.inner;
        let mut signature = vec![0; inner.pair.public().modulus_len()];
        inner
            .pair
            .sign(&RSA_PKCS1_SHA256, &inner.rng, message, &mut signature)
            .map_err(|_| SigningError::Crypto)?;
        Ok(signature)
    }
}

impl fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PrivateKey")
            .field("bits", &self.inner.bits)
            .field("fingerprint", &self.inner.fingerprint)
            .finish_non_exhaustive()
    }
}

/// The OCI fingerprint of a DER `SubjectPublicKeyInfo`.
pub fn fingerprint_of(spki_der: &[u8]) -> String {
    let digest = Md5::digest(spki_der);
    let mut out = String::with_capacity(digest.len() * 3);
    for (i, byte) in digest.iter().enumerate() {
        if i > 0 {
            out.push(':');
        }
        out.push(char::from(HEX[usize::from(byte >> 4)]));
        out.push(char::from(HEX[usize::from(byte & 0x0f)]));
    }
    out
}

const HEX: &[u8; 16] = b"0123456789abcdef";

fn spki_der(rsa_public_key_der: &[u8]) -> Result<Vec<u8>, KeyError> {
    let invalid = |error: pkcs8::der::Error| KeyError::InvalidKey {
        reason: error.to_string(),
    };
    let info = pkcs8::spki::SubjectPublicKeyInfoRef {
        algorithm: pkcs8::spki::AlgorithmIdentifierRef {
            oid: pkcs1::ALGORITHM_OID,
            parameters: Some(pkcs8::der::asn1::AnyRef::NULL),
        },
        subject_public_key: pkcs8::der::asn1::BitStringRef::from_bytes(rsa_public_key_der)
            .map_err(invalid)?,
    };
    info.to_der().map_err(invalid)
}

/// The block to read a key from: the first private-key block, else the first block of any
/// kind, so that a file holding only a public key or a certificate is reported as such.
///
/// Blocks are read one at a time, from each `-----BEGIN ` on, as OpenSSL reads them: a
/// damaged block that is not the private key (a certificate pasted badly) does not stop the
/// key from loading, while a damaged private-key block is reported as such.
fn private_key_block(text: &[u8]) -> Result<pem::Pem, KeyError> {
    const BEGIN: &[u8] = b"-----BEGIN ";
    let malformed = |error: pem::PemError| KeyError::MalformedPem {
        reason: error.to_string(),
    };
    let mut first_other: Option<Result<pem::Pem, pem::PemError>> = None;
    let mut from = 0;
    while let Some(found) = text[from..]
        .windows(BEGIN.len())
        .position(|window| window == BEGIN)
    {
        let start = from + found;
        let label_end = text[start..]
            .iter()
            .position(|&byte| byte == b'\n')
            .map_or(text.len(), |end| start + end);
        let is_private_key = text[start..label_end]
            .windows(b"PRIVATE KEY-----".len())
            .any(|window| window == b"PRIVATE KEY-----");
        let block = pem::parse(&text[start..]);
        if is_private_key {
            return block.map_err(malformed);
        }
        first_other.get_or_insert(block);
        from = start + BEGIN.len();
    }
    match first_other {
        Some(block) => block.map_err(malformed),
        None => Err(malformed(pem::PemError::MalformedFraming)),
    }
}

fn decrypt_pkcs8(der: &[u8], passphrase: &[u8]) -> Result<pkcs8::SecretDocument, KeyError> {
    let info = pkcs8::EncryptedPrivateKeyInfoRef::try_from(der).map_err(|error| {
        // `pkcs5` decodes only the schemes it knows, so a well-formed key under any other
        // (PKCS#12 PBE, as `openssl pkcs8 -v1 PBE-SHA1-3DES` writes) fails here, not below.
        match encryption_algorithm_oid(der) {
            Some(oid) => KeyError::UnsupportedEncryption {
                scheme: encryption_scheme_name(&oid),
            },
            None => KeyError::MalformedPem {
                reason: error.to_string(),
            },
        }
    })?;
    info.decrypt(passphrase).map_err(|error| match error {
        pkcs8::Error::EncryptedPrivateKey(pkcs8::pkcs5::Error::UnsupportedAlgorithm { oid }) => {
            KeyError::UnsupportedEncryption {
                scheme: oid.to_string(),
            }
        }
        pkcs8::Error::EncryptedPrivateKey(pkcs8::pkcs5::Error::NoPbes1CryptSupport) => {
            KeyError::UnsupportedEncryption {
                scheme: "PBES1".into(),
            }
        }
        pkcs8::Error::EncryptedPrivateKey(pkcs8::pkcs5::Error::AlgorithmParametersInvalid {
            oid,
        }) => KeyError::UnsupportedEncryption {
            scheme: format!("{oid} with unsupported parameters"),
        },
        // Bad padding after decryption, or plaintext that is not DER: a wrong pass phrase.
        _ => KeyError::WrongPassphrase,
    })
}

/// The encryption algorithm of an `EncryptedPrivateKeyInfo`
/// (`SEQUENCE { AlgorithmIdentifier, OCTET STRING }`), whatever its parameters, or `None` when
/// the DER is not that shape.
fn encryption_algorithm_oid(der: &[u8]) -> Option<pkcs8::ObjectIdentifier> {
    use pkcs8::der::{Reader as _, SliceReader, asn1::OctetStringRef};

    let mut reader = SliceReader::new(der).ok()?;
    let oid = reader
        .sequence(|inner| {
            let algorithm = pkcs8::AlgorithmIdentifierRef::decode(inner)?;
            <&OctetStringRef>::decode(inner)?;
            Ok::<_, pkcs8::der::Error>(algorithm.oid)
        })
        .ok()?;
    reader.finish().ok()?;
    Some(oid)
}

fn encryption_scheme_name(oid: &pkcs8::ObjectIdentifier) -> String {
    let name = match oid.to_string().as_str() {
        "1.2.840.113549.1.12.1.1" => "PKCS#12 pbeWithSHAAnd128BitRC4",
        "1.2.840.113549.1.12.1.2" => "PKCS#12 pbeWithSHAAnd40BitRC4",
        "1.2.840.113549.1.12.1.3" => "PKCS#12 pbeWithSHAAnd3-KeyTripleDES-CBC",
        "1.2.840.113549.1.12.1.4" => "PKCS#12 pbeWithSHAAnd2-KeyTripleDES-CBC",
        "1.2.840.113549.1.12.1.5" => "PKCS#12 pbeWithSHAAnd128BitRC2-CBC",
        "1.2.840.113549.1.12.1.6" => "PKCS#12 pbewithSHAAnd40BitRC2-CBC",
        "1.2.840.113549.1.5.13" => "PBES2 with parameters this crate cannot read",
        other => return format!("OID {other}"),
    };
    format!("{name} ({oid})")
}

fn modulus_bits(modulus: &[u8]) -> usize {
    let significant = modulus
        .iter()
        .position(|&b| b != 0)
        .map_or(&[][..], |start| &modulus[start..]);
    match significant.first() {
        Some(first) => significant.len() * 8 - first.leading_zeros() as usize,
        None => 0,
    }
}

fn algorithm_name(oid: &pkcs8::ObjectIdentifier) -> String {
    match oid.to_string().as_str() {
        "1.2.840.10045.2.1" => "EC".into(),
        "1.3.101.112" => "Ed25519".into(),
        "1.3.101.113" => "Ed448".into(),
        "1.2.840.10040.4.1" => "DSA".into(),
        "1.2.840.113549.1.1.10" => "RSA-PSS (OCI needs plain rsaEncryption keys)".into(),
        other => format!("OID {other}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modulus_bits_ignores_leading_zero_octet() {
        let mut modulus = vec![0u8; 257];
        modulus[1] = 0x80;
        assert_eq!(modulus_bits(&modulus), 2048);
        modulus[1] = 0x01;
        assert_eq!(modulus_bits(&modulus), 2041);
        assert_eq!(modulus_bits(&[]), 0);
    }

    #[test]
    fn fingerprint_is_colon_separated_lowercase_hex() {
        let fp = fingerprint_of(b"");
        // MD5 of the empty string.
        assert_eq!(fp, "d4:1d:8c:d9:8f:00:b2:04:e9:80:09:98:ec:f8:42:7e");
    }
}
