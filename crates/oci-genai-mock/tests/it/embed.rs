//! `embedText`: deterministic embeddings, dimensions and types.

use base64::Engine as _;
use http::StatusCode;
use oci_genai_client::wire::EmbedTextResult;
use serde_json::{Value, json};

use crate::support::{EMBED, start};

fn embed_body(model: &str, fields: Value) -> Value {
    let mut body = json!({
        "compartmentId": "ocid1.compartment.oc1..x",
        "servingMode": {"servingType": "ON_DEMAND", "modelId": model},
    });
    for (key, value) in fields.as_object().unwrap() {
        body[key] = value.clone();
    }
    body
}

#[tokio::test]
async fn embeddings_are_deterministic_with_the_models_dimensions() {
    let mock = start().await;
    let reply = mock
        .post(
            EMBED,
            &embed_body(
                "cohere.embed-english-v3.0",
                json!({"inputs": ["hello world", "second"]}),
            ),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(reply.headers.contains_key("opc-request-id"));
    let first: EmbedTextResult = reply.json();
    assert_eq!(first.embeddings.len(), 2);
    assert!(first.embeddings.iter().all(|vector| vector.len() == 1024));
    assert_ne!(first.embeddings[0], first.embeddings[1]);
    assert_eq!(first.model_id.as_deref(), Some("cohere.embed-english-v3.0"));
    let usage = first.usage.unwrap();
    assert_eq!(
        (usage.prompt_tokens, usage.total_tokens),
        (Some(3), Some(3))
    );
    assert_eq!(first.inputs, None, "inputs only when echoing");

    let again: EmbedTextResult = mock
        .post(
            EMBED,
            &embed_body(
                "cohere.embed-english-v3.0",
                json!({"inputs": ["second"], "isEcho": true}),
            ),
        )
        .await
        .json();
    assert_eq!(
        again.embeddings[0], first.embeddings[1],
        "the same text, the same vector"
    );
    assert_eq!(again.inputs, Some(vec!["second".to_owned()]));

    let light: EmbedTextResult = mock
        .post(
            EMBED,
            &embed_body("cohere.embed-english-light-v3.0", json!({"inputs": ["x"]})),
        )
        .await
        .json();
    assert_eq!(light.embeddings[0].len(), 384);
}

#[tokio::test]
async fn output_dimensions_only_where_the_model_has_them() {
    let mock = start().await;
    let result: EmbedTextResult = mock
        .post(
            EMBED,
            &embed_body(
                "cohere.embed-v4.0",
                json!({"inputs": ["x"], "outputDimensions": 256}),
            ),
        )
        .await
        .json();
    assert_eq!(result.embeddings[0].len(), 256);
    let default: EmbedTextResult = mock
        .post(
            EMBED,
            &embed_body(
                "cohere.embed-v4.0",
                json!({"embedContents": [{"type": "TEXT", "text": "x"}]}),
            ),
        )
        .await
        .json();
    assert_eq!(default.embeddings[0].len(), 1536);
    for (model, dimensions) in [
        ("cohere.embed-v4.0", 300),
        ("cohere.embed-english-v3.0", 256),
    ] {
        mock.post(
            EMBED,
            &embed_body(
                model,
                json!({"inputs": ["x"], "outputDimensions": dimensions}),
            ),
        )
        .await
        .assert_error(StatusCode::BAD_REQUEST, "InvalidParameter");
    }
}

#[tokio::test]
async fn embedding_types_fill_embeddings_by_type() {
    let mock = start().await;
    let result: EmbedTextResult = mock
        .post(
            EMBED,
            &embed_body(
                "cohere.embed-v4.0",
                json!({"inputs": ["a", "b"], "outputDimensions": 512, "embeddingTypes": ["float", "int8", "ubinary", "base64"]}),
            ),
        )
        .await
        .json();
    let by_type = result.embeddings_by_type.unwrap();
    assert_eq!(by_type["float"][0], json!(result.embeddings[0]));
    let int8 = by_type["int8"][1].as_array().unwrap();
    assert_eq!(int8.len(), 512);
    assert!(
        int8.iter()
            .all(|v| (-127..=127).contains(&v.as_i64().unwrap()))
    );
    assert_eq!(by_type["ubinary"][0].as_array().unwrap().len(), 64);
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(by_type["base64"][0].as_str().unwrap())
        .unwrap();
    assert_eq!(bytes.len(), 512 * 4);
    let first = f32::from_le_bytes(bytes[..4].try_into().unwrap());
    assert!((f64::from(first) - result.embeddings[0][0]).abs() < 1e-6);
}

#[tokio::test]
async fn embedding_mistakes_get_oci_errors() {
    let mock = start().await;
    mock.post(EMBED, &embed_body("cohere.embed-v4.0", json!({})))
        .await
        .assert_error(StatusCode::BAD_REQUEST, "MissingParameter");
    let too_many: Vec<String> = (0..97).map(|i| format!("text {i}")).collect();
    mock.post(
        EMBED,
        &embed_body("cohere.embed-v4.0", json!({"inputs": too_many})),
    )
    .await
    .assert_error(StatusCode::BAD_REQUEST, "InvalidParameter");
    mock.post(
        EMBED,
        &embed_body("meta.llama-3.3-70b-instruct", json!({"inputs": ["x"]})),
    )
    .await
    .assert_error(StatusCode::BAD_REQUEST, "InvalidParameter");
    mock.post(
        EMBED,
        &embed_body("cohere.embed-v9", json!({"inputs": ["x"]})),
    )
    .await
    .assert_error(StatusCode::NOT_FOUND, "NotAuthorizedOrNotFound");
}
