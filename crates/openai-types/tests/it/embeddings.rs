//! Embeddings: the four input forms and both response encodings.

use openai_types::embeddings::{
    CreateEmbeddingRequest, CreateEmbeddingResponse, Embedding, EmbeddingInput, EmbeddingUsage,
    EmbeddingVector, EncodingFormat,
};
use serde_json::json;

use crate::{assert_round_trip, fixture};

fn request(file: &str) -> CreateEmbeddingRequest {
    let request: CreateEmbeddingRequest = assert_round_trip(&fixture(file));
    assert!(
        request.extra.is_empty(),
        "untyped: {:?}",
        request.extra.keys()
    );
    request
}

#[test]
fn input_string() {
    let request = request("openai/embeddings-request-string.json");
    assert_eq!(
        request.input,
        EmbeddingInput::String("The food was delicious and the waiter...".into())
    );
    assert_eq!(request.input.len(), 1);
    assert_eq!(request.encoding_format, Some(EncodingFormat::Base64));
}

#[test]
fn input_strings() {
    let request = request("openai/embeddings-request-strings.json");
    let EmbeddingInput::StringArray(inputs) = &request.input else {
        panic!("a list of strings: {:?}", request.input);
    };
    assert_eq!(inputs[1], "The service was slow.");
    assert_eq!(request.input.len(), 2);
    assert_eq!(request.encoding_format, Some(EncodingFormat::Float));
    assert_eq!(request.dimensions, Some(256));
    assert_eq!(request.user.as_deref(), Some("user-1234"));
}

#[test]
fn input_tokens() {
    let request = request("openai/embeddings-request-tokens.json");
    assert_eq!(
        request.input,
        EmbeddingInput::IntegerArray(vec![791, 3691, 574, 18406, 323, 279, 68464, 1131])
    );
    assert_eq!(request.input.len(), 1);
}

#[test]
fn input_token_arrays() {
    let request = request("openai/embeddings-request-token-arrays.json");
    assert_eq!(
        request.input,
        EmbeddingInput::ArrayOfIntegerArray(vec![
            vec![791, 3691, 574, 18406],
            vec![791, 2532, 574, 6435, 13]
        ])
    );
    assert_eq!(request.input.len(), 2);
    assert_eq!(request.dimensions, Some(1024));
}

#[test]
fn input_edge_cases() {
    let empty: EmbeddingInput = serde_json::from_value(json!([])).expect("parses");
    assert!(empty.is_empty());
    assert_eq!(serde_json::to_value(&empty).expect("serialises"), json!([]));

    for bad in [
        json!(["a", 1]),
        json!([1, "a"]),
        json!([[1], 2]),
        json!([-1]),
        json!(1),
        json!([1.5]),
    ] {
        assert!(
            serde_json::from_value::<EmbeddingInput>(bad.clone()).is_err(),
            "{bad} must not parse"
        );
    }
    let err = serde_json::from_value::<EmbeddingInput>(json!({"text": "a"})).expect_err("object");
    assert!(err.to_string().contains("an array of token ids"), "{err}");
}

#[test]
fn unknown_request_fields_are_kept() {
    let request: CreateEmbeddingRequest = assert_round_trip(
        r#"{"input":"a","model":"cohere.embed-v4.0","input_type":"search_document","truncate":"END"}"#,
    );
    assert_eq!(request.extra["input_type"], "search_document");
    assert_eq!(request.extra.len(), 2);
}

#[test]
fn float_response_round_trips() {
    let response: CreateEmbeddingResponse =
        assert_round_trip(&fixture("openai/embeddings-response-float.json"));
    assert_eq!(response.data.len(), 2);
    assert_eq!(
        response.data[0].embedding,
        EmbeddingVector::Float(vec![0.002_306_425_5, -0.009_327_292, -0.002_884_222_2])
    );
    assert_eq!(response.data[1].index, 1);
    assert_eq!(
        response.usage,
        EmbeddingUsage {
            prompt_tokens: 8,
            total_tokens: 8
        }
    );
}

#[test]
fn base64_response_round_trips() {
    let response: CreateEmbeddingResponse =
        assert_round_trip(&fixture("openai/embeddings-response-base64.json"));
    assert_eq!(
        response.data[0].embedding,
        EmbeddingVector::Base64("ZicXO4DRGLw4BT27".into())
    );
}

#[test]
fn built_response_has_fixed_object_values() {
    let response = CreateEmbeddingResponse {
        data: vec![Embedding::new(0, vec![0.5, -0.25])],
        model: "text-embedding-3-small".into(),
        usage: EmbeddingUsage {
            prompt_tokens: 2,
            total_tokens: 2,
        },
        ..Default::default()
    };
    assert_eq!(
        serde_json::to_value(&response).expect("serialises"),
        json!({
            "object": "list",
            "data": [{"index": 0, "object": "embedding", "embedding": [0.5, -0.25]}],
            "model": "text-embedding-3-small",
            "usage": {"prompt_tokens": 2, "total_tokens": 2}
        })
    );
    let request = CreateEmbeddingRequest::new("m", vec!["a", "b"]);
    assert_eq!(
        serde_json::to_value(&request).expect("serialises"),
        json!({"input": ["a", "b"], "model": "m"})
    );
}
