//! Property tests: arbitrary input never panics the key parser or the signer.

use proptest::prelude::*;

use oci_signer::{
    Credentials, KeyId, PrivateKey, SignableBody, SignableRequest, SigningParams, sign,
};

use crate::support::{load_key, read_data, vector_time};

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn key_parser_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let _ = PrivateKey::from_pem(&bytes, None);
        let _ = PrivateKey::from_pem(&bytes, Some(b"pw"));
    }

    #[test]
    fn damaged_real_keys_never_panic(position in 0usize..1700, byte in any::<u8>(), pass in any::<bool>()) {
        for name in ["oci-test-key-2048.pkcs1-encrypted-aes128.pem", "oci-test-key-2048.pkcs8-encrypted.pem", "oci-test-key-2048.pkcs8.pem"] {
            let mut pem = read_data(name);
            let index = position % pem.len();
            pem[index] = byte;
            let _ = PrivateKey::from_pem(&pem, pass.then_some(&b"test-passphrase"[..]));
        }
    }

    #[test]
    fn signer_never_panics(
        method in "\\PC{0,8}",
        url in "\\PC{0,64}",
        name in "\\PC{0,16}",
        value in "\\PC{0,32}",
        body in proptest::collection::vec(any::<u8>(), 0..64),
    ) {
        let key = load_key("oci-test-key-2048.pkcs1.pem", None);
        let credentials = Credentials::new(KeyId::from_raw("t/u/f"), key);
        let params = SigningParams::new(&credentials, vector_time());
        if let Ok(request) = SignableRequest::new(&method, &url, [(name.as_str(), value.as_str())], SignableBody::Bytes(&body)) {
            let _ = sign(&request, &params);
        }
        let url = format!("https://h.example/{url}");
        if let Ok(request) = SignableRequest::new(&method, &url, [], SignableBody::Empty) {
            let _ = sign(&request, &params);
        }
    }
}
