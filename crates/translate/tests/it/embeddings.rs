//! OpenAI embeddings ⇄ OCI `embedText`.

use base64::Engine as _;
use oci_genai_client::wire::EmbedTextResult;
use openai_types::embeddings::{CreateEmbeddingRequest, EmbeddingVector};
use serde_json::json;
use translate::{EmbedContext, Target, embed_request, embed_response};

use crate::support::{options, read_json};

fn request(json: serde_json::Value) -> CreateEmbeddingRequest {
    serde_json::from_value(json).unwrap()
}

#[test]
fn request_maps_inputs_dimensions_and_cohere_extras() {
    let req = request(
        json!({"model": "cohere.embed-v4.0", "input": ["hello world", "second"],
        "dimensions": 1024, "encoding_format": "base64", "user": "u", "input_type": "search_document",
        "truncate": "end", "foo": 1}),
    );
    let translated = embed_request(&req, &Target::oci("cohere.embed-v4.0"), &options()).unwrap();
    assert_eq!(
        serde_json::to_value(&translated.value).unwrap(),
        json!({"inputs": ["hello world", "second"],
               "servingMode": {"servingType": "ON_DEMAND", "modelId": "cohere.embed-v4.0"},
               "compartmentId": crate::support::COMPARTMENT,
               "outputDimensions": 1024, "truncate": "END", "inputType": "SEARCH_DOCUMENT"})
    );
    assert_eq!(translated.dropped, ["user", "foo"]);
}

#[test]
fn request_rejections() {
    let target = Target::oci("cohere.embed-v4.0");
    for (body, param) in [
        (json!({"model": "m", "input": [1, 2, 3]}), "input"),
        (json!({"model": "m", "input": []}), "input"),
        (
            json!({"model": "m", "input": "x", "input_type": "poem"}),
            "input_type",
        ),
        (
            json!({"model": "m", "input": "x", "truncate": 3}),
            "truncate",
        ),
        (
            json!({"model": "m", "input": "x", "encoding_format": "int8"}),
            "encoding_format",
        ),
    ] {
        let error = embed_request(&request(body.clone()), &target, &options()).unwrap_err();
        assert_eq!(error.param(), Some(param), "{body}");
        assert_eq!(error.status(), 400);
    }
}

#[test]
fn response_float_and_base64() {
    let result: EmbedTextResult = serde_json::from_value(read_json(
        "../../../oci-genai-client/tests/data/responses/embed-text.json",
    ))
    .unwrap();
    let req = request(json!({"model": "embed", "input": ["a", "b"]}));
    let floats = embed_response(&result, &EmbedContext::for_request(&req)).unwrap();
    let json = serde_json::to_value(&floats).unwrap();
    assert_eq!(json["object"], "list");
    assert_eq!(json["model"], "embed");
    assert_eq!(json["data"][1]["index"], 1);
    assert_eq!(json["data"][1]["embedding"], json!([-0.5, 0.25, 1.0]));
    assert_eq!(
        json["usage"],
        json!({"prompt_tokens": 4, "total_tokens": 4})
    );

    let req = request(json!({"model": "embed", "input": ["a", "b"], "encoding_format": "base64"}));
    let encoded = embed_response(&result, &EmbedContext::for_request(&req)).unwrap();
    let EmbeddingVector::Base64(text) = &encoded.data[1].embedding else {
        panic!("base64 expected");
    };
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(text)
        .unwrap();
    let decoded: Vec<f32> = bytes
        .chunks_exact(4)
        .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        .collect();
    assert_eq!(decoded, [-0.5, 0.25, 1.0]);
}
