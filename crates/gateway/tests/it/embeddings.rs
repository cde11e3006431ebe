//! `POST /v1/embeddings` over OCI's `embedText`: one or many inputs, float or base64 (the
//! openai Python SDK asks for base64 by default), dimensions, usage.

use base64::Engine as _;
use serde_json::{Value, json};

use crate::support::gateway::Gateway;

fn vector(item: &Value) -> Vec<f64> {
    item["embedding"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect()
}

#[tokio::test]
async fn one_input_gets_one_embedding_and_usage() {
    let gateway = Gateway::mock().await;
    let body = gateway
        .client
        .post(
            "/v1/embeddings",
            &json!({"model": "cohere.embed-english-v3.0", "input": "The rain in Paris"}),
        )
        .await
        .ok();
    assert_eq!(body["object"], "list");
    assert_eq!(body["model"], "cohere.embed-english-v3.0");
    let data = body["data"].as_array().unwrap();
    assert_eq!(data.len(), 1);
    assert_eq!(data[0]["object"], "embedding");
    assert_eq!(data[0]["index"], 0);
    let embedding = vector(&data[0]);
    assert_eq!(embedding.len(), 1024);
    let norm: f64 = embedding.iter().map(|x| x * x).sum::<f64>().sqrt();
    assert!((norm - 1.0).abs() < 1e-3, "a unit vector: {norm}");
    assert_eq!(body["usage"]["prompt_tokens"], 4);
    assert_eq!(body["usage"]["total_tokens"], 4);
}

#[tokio::test]
async fn many_inputs_keep_their_order() {
    let gateway = Gateway::mock().await;
    let input = json!(["first text", "second text", "first text"]);
    let body = gateway
        .client
        .post(
            "/v1/embeddings",
            &json!({"model": "cohere.embed-multilingual-v3.0", "input": input}),
        )
        .await
        .ok();
    let data = body["data"].as_array().unwrap();
    let indices: Vec<_> = data.iter().map(|d| d["index"].as_u64().unwrap()).collect();
    assert_eq!(indices, [0, 1, 2]);
    assert_ne!(vector(&data[0]), vector(&data[1]));
    assert_eq!(
        vector(&data[0]),
        vector(&data[2]),
        "the same text, the same vector"
    );
    assert_eq!(body["usage"]["prompt_tokens"], 6);
}

#[tokio::test]
async fn base64_encoding_is_the_float_vector_in_little_endian_f32() {
    let gateway = Gateway::mock().await;
    let request = |format: &str| json!({"model": "cohere.embed-english-light-v3.0", "input": "hello", "encoding_format": format});
    let floats = gateway
        .client
        .post("/v1/embeddings", &request("float"))
        .await
        .ok();
    let encoded = gateway
        .client
        .post("/v1/embeddings", &request("base64"))
        .await
        .ok();
    let text = encoded["data"][0]["embedding"]
        .as_str()
        .expect("a base64 string");
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(text)
        .unwrap();
    let decoded: Vec<f64> = bytes
        .chunks_exact(4)
        .map(|b| f64::from(f32::from_le_bytes([b[0], b[1], b[2], b[3]])))
        .collect();
    let expected = vector(&floats["data"][0]);
    assert_eq!(decoded.len(), 384);
    for (a, b) in decoded.iter().zip(&expected) {
        assert!((a - b).abs() < 1e-6, "{a} vs {b}");
    }
}

#[tokio::test]
async fn dimensions_shorten_the_vectors() {
    let gateway = Gateway::mock().await;
    let body = gateway
        .client
        .post(
            "/v1/embeddings",
            &json!({"model": "cohere.embed-v4.0", "input": "hello", "dimensions": 256}),
        )
        .await
        .ok();
    assert_eq!(vector(&body["data"][0]).len(), 256);
}
