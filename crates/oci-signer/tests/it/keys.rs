//! Key loading: every encoding OCI users have, and a clear error for everything else.

use oci_signer::{KeyError, PrivateKey};

use crate::support::{PASSPHRASE, read_data};
use crate::vectors::KEY_ENCODINGS;

const TEST_KEY_FINGERPRINT: &str = "b9:0d:45:33:f8:6e:53:c6:6f:12:43:62:b1:ee:2d:86";

fn load(name: &str, passphrase: Option<&str>) -> Result<PrivateKey, KeyError> {
    PrivateKey::from_pem(&read_data(name), passphrase.map(str::as_bytes))
}

#[test]
fn every_encoding_is_the_same_key() {
    for (name, passphrase) in KEY_ENCODINGS {
        let key = load(name, *passphrase).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(key.fingerprint(), TEST_KEY_FINGERPRINT, "{name}");
        assert_eq!(key.bits(), 2048, "{name}");
    }
}

#[test]
fn public_key_der_matches_the_published_public_key() {
    let key = load("oci-test-key-2048.pkcs8.pem", None).unwrap();
    let public = pem::parse(read_data("oci-test-key-2048.pub.pem")).unwrap();
    assert_eq!(key.public_key_der(), public.contents());
}

#[test]
fn fingerprint_of_the_docs_key_matches_openssl() {
    // `openssl rsa -pubout -outform DER -in oci-docs-test-key-1024.pem | openssl md5 -c`
    let public = pem::parse(read_data("oci-docs-test-key-1024.pub.pem")).unwrap();
    assert_eq!(
        oci_signer::fingerprint_of(public.contents()),
        "73:61:a2:21:67:e0:df:be:7e:4b:93:1e:15:98:a5:b7"
    );
}

#[test]
fn a_passphrase_for_an_unencrypted_key_is_ignored() {
    let key = load(
        "oci-test-key-2048.pkcs1.pem",
        Some("inherited-from-default"),
    )
    .unwrap();
    assert_eq!(key.fingerprint(), TEST_KEY_FINGERPRINT);
}

#[test]
fn encrypted_keys_need_a_passphrase() {
    for (name, passphrase) in KEY_ENCODINGS {
        if passphrase.is_some() {
            assert!(
                matches!(load(name, None), Err(KeyError::PassphraseRequired)),
                "{name}"
            );
            assert!(
                matches!(load(name, Some("")), Err(KeyError::PassphraseRequired)),
                "{name} with an empty pass phrase"
            );
        }
    }
}

#[test]
fn a_wrong_passphrase_is_reported_as_such() {
    for (name, passphrase) in KEY_ENCODINGS {
        if passphrase.is_some() {
            for wrong in ["wrong", "test-passphrasE", "x"] {
                let result = load(name, Some(wrong));
                assert!(
                    matches!(result, Err(KeyError::WrongPassphrase)),
                    "{name} with {wrong:?}: {result:?}"
                );
            }
        }
    }
    assert_eq!(PASSPHRASE, "test-passphrase");
}

#[test]
fn keys_outside_2048_to_4096_bits_are_refused() {
    assert!(matches!(
        load("oci-docs-test-key-1024.pem", None),
        Err(KeyError::UnsupportedSize { bits: 1024 })
    ));
    assert!(matches!(
        load("oci-test-key-8192.pkcs1.pem", None),
        Err(KeyError::UnsupportedSize { bits: 8192 })
    ));
    assert_eq!(
        load("oci-test-key-4096.pkcs1.pem", None).unwrap().bits(),
        4096
    );
}

#[test]
fn public_keys_are_refused() {
    for name in [
        "oci-test-key-2048.pub.pem",
        "oci-docs-test-key-1024.pub.pem",
        "test-rsa-2048.ssh.pub",
    ] {
        assert!(
            matches!(load(name, None), Err(KeyError::PublicKeyGiven)),
            "{name}"
        );
    }
    let certificate = load("oci-test-imds-leaf-cert.pem", None);
    assert!(matches!(certificate, Err(KeyError::PublicKeyGiven)));
}

#[test]
fn non_rsa_keys_are_refused_with_their_type() {
    for (name, expected) in [
        ("test-ec-p256.sec1.pem", "EC"),
        ("test-ec-p256.pkcs8.pem", "EC"),
        ("test-ed25519.pkcs8.pem", "Ed25519"),
        ("test-rsa-2048.openssh.pem", "OpenSSH"),
    ] {
        match load(name, None) {
            Err(KeyError::NotRsa { algorithm }) => {
                assert!(algorithm.starts_with(expected), "{name}: {algorithm}")
            }
            other => panic!("{name}: {other:?}"),
        }
    }
}

#[test]
fn damaged_pem_is_refused() {
    for text in [
        &read_data("truncated.pem")[..],
        b"",
        b"not a key",
        b"-----BEGIN PRIVATE KEY-----\nnot base64!\n-----END PRIVATE KEY-----\n",
    ] {
        let result = PrivateKey::from_pem(text, None);
        assert!(
            matches!(
                result,
                Err(KeyError::MalformedPem { .. } | KeyError::InvalidKey { .. })
            ),
            "{:?}: {result:?}",
            String::from_utf8_lossy(text)
        );
    }
    // Valid base64 that is not a key.
    let result = PrivateKey::from_pem(
        b"-----BEGIN PRIVATE KEY-----\naGVsbG8gd29ybGQ=\n-----END PRIVATE KEY-----\n",
        None,
    );
    assert!(
        matches!(result, Err(KeyError::InvalidKey { .. })),
        "{result:?}"
    );
}

/// OpenSSL (behind the Python SDK) reads the first private-key block and skips the rest.
#[test]
fn other_pem_blocks_around_the_private_key_are_skipped() {
    let public = read_data("oci-test-key-2048.pub.pem");
    let certificate = read_data("oci-test-imds-leaf-cert.pem");
    for (name, passphrase) in [
        ("oci-test-key-2048.pkcs1.pem", None),
        ("oci-test-key-2048.pkcs8-with-label.pem", None),
        ("oci-test-key-2048.pkcs8-encrypted.pem", Some(PASSPHRASE)),
        (
            "oci-test-key-2048.pkcs1-encrypted-aes128.pem",
            Some(PASSPHRASE),
        ),
    ] {
        let private = read_data(name);
        for text in [
            [&public[..], &private[..]].concat(),
            [&certificate[..], &public[..], &private[..]].concat(),
            [&private[..], &public[..]].concat(),
        ] {
            let key = PrivateKey::from_pem(&text, passphrase.map(str::as_bytes))
                .unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(key.fingerprint(), TEST_KEY_FINGERPRINT, "{name}");
        }
    }
    // The private key decides the error, not the block before it.
    let ec = [&public[..], &read_data("test-ec-p256.sec1.pem")[..]].concat();
    match PrivateKey::from_pem(&ec, None) {
        Err(KeyError::NotRsa { algorithm }) => assert_eq!(algorithm, "EC"),
        other => panic!("{other:?}"),
    }
    // Without any private key, the first block is what was given.
    let only_public = [&public[..], &certificate[..]].concat();
    assert!(matches!(
        PrivateKey::from_pem(&only_public, None),
        Err(KeyError::PublicKeyGiven)
    ));
    // A damaged block that is not the key does not stop it from loading...
    let damaged = b"-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n";
    let private = read_data("oci-test-key-2048.pkcs1.pem");
    for text in [
        [&private[..], &damaged[..]].concat(),
        [&damaged[..], &private[..]].concat(),
    ] {
        let key = PrivateKey::from_pem(&text, None).unwrap();
        assert_eq!(key.fingerprint(), TEST_KEY_FINGERPRINT);
    }
    // ... but a damaged private key is reported as one, not as the public key before it.
    let broken_key = b"-----BEGIN PRIVATE KEY-----\nnot base64!\n-----END PRIVATE KEY-----\n";
    assert!(matches!(
        PrivateKey::from_pem(&[&public[..], &broken_key[..]].concat(), None),
        Err(KeyError::MalformedPem { .. })
    ));
}

/// ring refuses public exponents below 65537; the error names the exponent.
#[test]
fn a_small_public_exponent_is_named() {
    match load("test-rsa-2048-e3.pem", None) {
        Err(KeyError::InvalidKey { reason }) => {
            assert!(reason.contains("public exponent 3 "), "{reason}");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn pkcs12_pbe_encryption_is_named() {
    // `openssl pkcs8 -topk8 -v1 PBE-SHA1-3DES`: readable DER, a scheme `pkcs5` does not know.
    match load(
        "oci-test-key-2048.pkcs8-encrypted-pbe-sha1-3des.pem",
        Some(PASSPHRASE),
    ) {
        Err(KeyError::UnsupportedEncryption { scheme }) => assert_eq!(
            scheme,
            "PKCS#12 pbeWithSHAAnd3-KeyTripleDES-CBC (1.2.840.113549.1.12.1.3)"
        ),
        other => panic!("{other:?}"),
    }
    // DER that is not an EncryptedPrivateKeyInfo at all stays a damaged key.
    let result = PrivateKey::from_pem(
        b"-----BEGIN ENCRYPTED PRIVATE KEY-----\naGVsbG8gd29ybGQ=\n-----END ENCRYPTED PRIVATE KEY-----\n",
        Some(PASSPHRASE.as_bytes()),
    );
    assert!(
        matches!(result, Err(KeyError::MalformedPem { .. })),
        "{result:?}"
    );
}

#[test]
fn legacy_encryption_with_an_unknown_cipher_is_named() {
    let text = String::from_utf8(read_data("oci-test-key-2048.pkcs1-encrypted-aes128.pem"))
        .unwrap()
        .replace("AES-128-CBC", "CAMELLIA-128-CBC");
    match PrivateKey::from_pem(text.as_bytes(), Some(b"test-passphrase")) {
        Err(KeyError::UnsupportedEncryption { scheme }) => assert_eq!(scheme, "CAMELLIA-128-CBC"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn debug_shows_no_key_material() {
    let key = load("oci-test-key-2048.pkcs1.pem", None).unwrap();
    let debug = format!("{key:?}");
    assert_eq!(
        debug,
        format!("PrivateKey {{ bits: 2048, fingerprint: {TEST_KEY_FINGERPRINT:?}, .. }}")
    );
}

#[test]
fn error_messages_are_lowercase_without_trailing_period() {
    let errors: Vec<KeyError> = vec![
        load("truncated.pem", None).unwrap_err(),
        KeyError::PublicKeyGiven,
        KeyError::NotRsa {
            algorithm: "EC".into(),
        },
        KeyError::UnsupportedSize { bits: 1024 },
        KeyError::PassphraseRequired,
        KeyError::WrongPassphrase,
        KeyError::UnsupportedEncryption { scheme: "X".into() },
        KeyError::InvalidKey { reason: "y".into() },
    ];
    for error in errors {
        let text = error.to_string();
        // Lowercase, except for an acronym such as RSA or OCI.
        let first_word = text.split(' ').next().unwrap();
        assert!(
            !first_word.starts_with(char::is_uppercase)
                || first_word.chars().all(|c| !c.is_lowercase()),
            "{text}"
        );
        assert!(!text.ends_with('.'), "{text}");
    }
}
