//! OpenSSL's legacy ("traditional") PEM encryption: `Proc-Type: 4,ENCRYPTED` and
//! `DEK-Info: <cipher>,<iv hex>` headers on a `RSA PRIVATE KEY` block.
//!
//! This is what `openssl genrsa -aes128` wrote with OpenSSL 1.x, the command in Oracle's own
//! key instructions, so many OCI users still have such keys. No crate decodes the format
//! whole; the key derivation is OpenSSL's `EVP_BytesToKey` with MD5, one iteration and the
//! first 8 bytes of the IV as salt:
//!
//! ```text
//! D1 = MD5(passphrase || salt),  Di = MD5(D(i-1) || passphrase || salt),  key = D1 || D2 || ...
//! ```
//!
//! The ciphers themselves come from RustCrypto (`aes`, `des`, `cbc`).

use cbc::cipher::{BlockCipherDecrypt, BlockModeDecrypt, KeyInit, KeyIvInit, block_padding::Pkcs7};
use md5::{Digest, Md5};

use crate::error::KeyError;

/// Whether a PEM block carries OpenSSL's legacy encryption headers.
pub(super) fn is_encrypted(block: &pem::Pem) -> bool {
    block
        .headers()
        .get("Proc-Type")
        .is_some_and(|value| value.contains("ENCRYPTED"))
}

/// Decrypts the block's contents to the PKCS#1 DER they hide.
pub(super) fn decrypt(block: &pem::Pem, passphrase: &[u8]) -> Result<Vec<u8>, KeyError> {
    let dek_info = block
        .headers()
        .get("DEK-Info")
        .ok_or_else(|| KeyError::MalformedPem {
            reason: "Proc-Type says ENCRYPTED but there is no DEK-Info header".into(),
        })?;
    let (cipher, iv_hex) = dek_info
        .split_once(',')
        .ok_or_else(|| KeyError::MalformedPem {
            reason: "DEK-Info is not <cipher>,<iv>".into(),
        })?;
    let iv = decode_hex(iv_hex.trim()).ok_or_else(|| KeyError::MalformedPem {
        reason: "DEK-Info IV is not hexadecimal".into(),
    })?;
    let data = block.contents();
    match cipher.trim() {
        "AES-128-CBC" => decrypt_cbc::<aes::Aes128>(16, passphrase, &iv, data),
        "AES-192-CBC" => decrypt_cbc::<aes::Aes192>(24, passphrase, &iv, data),
        "AES-256-CBC" => decrypt_cbc::<aes::Aes256>(32, passphrase, &iv, data),
        "DES-EDE3-CBC" => decrypt_cbc::<des::TdesEde3>(24, passphrase, &iv, data),
        "DES-CBC" => decrypt_cbc::<des::Des>(8, passphrase, &iv, data),
        other => Err(KeyError::UnsupportedEncryption {
            scheme: other.to_owned(),
        }),
    }
}

fn decrypt_cbc<C>(
    key_len: usize,
    passphrase: &[u8],
    iv: &[u8],
    data: &[u8],
) -> Result<Vec<u8>, KeyError>
where
    C: BlockCipherDecrypt + KeyInit,
    cbc::Decryptor<C>: KeyIvInit + BlockModeDecrypt,
{
    let salt = iv.get(..8).ok_or_else(|| KeyError::MalformedPem {
        reason: "DEK-Info IV is shorter than 8 bytes".into(),
    })?;
    let key = evp_bytes_to_key(passphrase, salt, key_len);
    let decryptor =
        cbc::Decryptor::<C>::new_from_slices(&key, iv).map_err(|_| KeyError::MalformedPem {
            reason: "DEK-Info IV length does not match the cipher".into(),
        })?;
    decryptor
        .decrypt_padded_vec::<Pkcs7>(data)
        .map_err(|_| KeyError::WrongPassphrase)
}

/// OpenSSL's `EVP_BytesToKey(MD5, salt, passphrase, count = 1)`, key part only.
fn evp_bytes_to_key(passphrase: &[u8], salt: &[u8], key_len: usize) -> Vec<u8> {
    let mut key = Vec::with_capacity(key_len + 16);
    let mut previous: Option<[u8; 16]> = None;
    while key.len() < key_len {
        let mut md5 = Md5::new();
        if let Some(previous) = &previous {
            md5.update(previous);
        }
        md5.update(passphrase);
        md5.update(salt);
        let block: [u8; 16] = md5.finalize().into();
        key.extend_from_slice(&block);
        previous = Some(block);
    }
    key.truncate(key_len);
    key
}

fn decode_hex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    text.as_bytes()
        .chunks(2)
        .map(|pair| {
            let high = char::from(pair[0]).to_digit(16)?;
            let low = char::from(pair[1]).to_digit(16)?;
            u8::try_from(high * 16 + low).ok()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    // Reference values printed by OpenSSL 3.0 with its legacy derivation:
    //   openssl enc -aes-128-cbc -P -md md5 -pass pass:test-passphrase -S 0001020304050607
    //   openssl enc -des-ede3-cbc -P -md md5 -pass pass:pw -S 0909090909090909
    #[test]
    fn evp_bytes_to_key_matches_openssl_for_one_block() {
        let key = evp_bytes_to_key(b"test-passphrase", &[0, 1, 2, 3, 4, 5, 6, 7], 16);
        assert_eq!(key, decode_hex("DF9BE1717CE0C74F8D63CAF2B5B6307B").unwrap());
    }

    #[test]
    fn evp_bytes_to_key_chains_blocks_for_long_keys() {
        let key = evp_bytes_to_key(b"pw", &[9u8; 8], 24);
        assert_eq!(
            key,
            decode_hex("FC53A9F2025A5CA1A7B69FE6A8B351C41B2A2714FFBF803E").unwrap()
        );
    }

    #[test]
    fn hex_decoding_rejects_odd_and_non_hex() {
        assert_eq!(decode_hex("0aFF"), Some(vec![0x0a, 0xff]));
        assert_eq!(decode_hex("abc"), None);
        assert_eq!(decode_hex("zz"), None);
    }
}
