//! Signing an `http::Request` in place gives the same headers as the plain API.

use oci_signer::{
    Credentials, KeyId, SignableBody, SignableRequest, SigningParams, sign, sign_http_request,
};

use crate::support::{load_key, vector, vector_time};

fn credentials() -> Credentials {
    let key = load_key("oci-test-key-2048.pkcs1.pem", None);
    Credentials::new(
        KeyId::api_key(
            "ocid1.tenancy.oc1..aaaaaaaatesttenancy",
            "ocid1.user.oc1..aaaaaaaatestuser",
            key.fingerprint(),
        ),
        key,
    )
}

#[test]
fn http_request_gets_the_sdk_headers() {
    let vector = vector("genai-chat-post");
    let input = vector.request.as_ref().unwrap();
    let body = input.body_bytes().unwrap();
    let mut request = http::Request::post(&input.url)
        .header("date", &input.headers_in["date"])
        .header("content-type", "application/json")
        .header("opc-request-id", "ABC")
        .body(body.clone())
        .unwrap();
    let credentials = credentials();
    sign_http_request(
        &mut request,
        SignableBody::Bytes(&body),
        &SigningParams::new(&credentials, vector_time()),
    )
    .unwrap();
    let headers = request.headers();
    for (name, value) in &vector.expected.headers {
        assert_eq!(headers[name.as_str()], value.as_str(), "{name}");
    }
    assert!(headers["authorization"].is_sensitive());
    assert_eq!(headers["opc-request-id"], "ABC");
}

#[test]
fn http_and_plain_inputs_agree() {
    let credentials = credentials();
    let params = SigningParams::new(&credentials, vector_time());
    let request =
        http::Request::get("http://127.0.0.1:8080/20231130/models?compartmentId=x&limit=5")
            .body(())
            .unwrap();
    let from_http = sign(
        &SignableRequest::from_http(&request, SignableBody::Empty).unwrap(),
        &params,
    )
    .unwrap();
    let plain = sign(
        &SignableRequest::new(
            "GET",
            "http://127.0.0.1:8080/20231130/models?compartmentId=x&limit=5",
            [],
            SignableBody::Empty,
        )
        .unwrap(),
        &params,
    )
    .unwrap();
    assert_eq!(from_http.signing_string(), plain.signing_string());
    assert!(plain.signing_string().contains("\nhost: 127.0.0.1:8080"));
}

#[test]
fn relative_uri_without_host_is_refused() {
    let request = http::Request::get("/20231130/models").body(()).unwrap();
    assert!(SignableRequest::from_http(&request, SignableBody::Empty).is_err());
    let request = http::Request::get("/20231130/models")
        .header("host", "generativeai.example")
        .body(())
        .unwrap();
    let signable = SignableRequest::from_http(&request, SignableBody::Empty).unwrap();
    assert_eq!(signable.host(), "generativeai.example");
}
