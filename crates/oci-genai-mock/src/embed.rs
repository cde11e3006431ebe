//! `POST /20231130/actions/embedText`: deterministic embeddings.
//!
//! Each input's vector is drawn from a generator seeded with the SHA-256 of
//! the input, then scaled to unit length, so the same text always gets the
//! same vector and different texts get (nearly) orthogonal ones. The length
//! is the model's (`embeddingDimensions` in `data/models.json`) or
//! `outputDimensions` where the model allows it (embed v4). `embeddings`
//! always holds floats; with `embeddingTypes`, `embeddingsByType` holds each
//! requested type: `float`; `int8` and `uint8` (each value scaled to ±127 or
//! 0..255); `binary` and `ubinary` (signs packed 8 per byte, as int8 or
//! uint8); `base64` (the little-endian float32 bytes).

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use bytes::Bytes;
use http::Response;
use oci_genai_client::wire::{
    EmbedContent, EmbedTextDetails, EmbedTextResult, EmbeddingType, ModelCapability, Usage,
};
use serde_json::{Map, Value};

use crate::api_error::ApiError;
use crate::body::ReplyBody;
use crate::delivery::{Delivery, to_json};
use crate::random::mix;
use crate::service::State;
use crate::serving::{Admitted, admit};
use crate::tokens;

/// OCI's limit on inputs per request (as LiteLLM enforces it).
const MAX_INPUTS: usize = 96;

/// Answers one embedding request.
pub(crate) fn handle(state: &State, body: &Bytes) -> Result<Response<ReplyBody>, ApiError> {
    let details: EmbedTextDetails =
        crate::request_json::parse(body, &["compartmentId", "servingMode"])?;
    if details.compartment_id.is_empty() {
        return Err(ApiError::missing_parameter("compartmentId"));
    }
    let inputs = inputs(&details)?;
    let Admitted {
        script,
        model,
        model_id,
    } = admit(
        state,
        &details.serving_mode,
        inputs.first().map_or("", String::as_str),
        body,
        &ModelCapability::TextEmbeddings,
        "text embeddings",
    )?;
    let dimensions = match details.output_dimensions {
        None => model.embedding_dimensions.unwrap_or(1024),
        Some(asked) if model.output_dimensions.contains(&asked) => asked,
        Some(asked) => {
            return Err(ApiError::invalid_parameter(format!(
                "outputDimensions {asked} is not supported by model {}.",
                model.name
            )));
        }
    };
    let vectors: Vec<Vec<f64>> = inputs
        .iter()
        .map(|input| embedding(input, dimensions))
        .collect();
    let embeddings_by_type = details
        .embedding_types
        .as_ref()
        .map(|types| by_type(types, &vectors))
        .transpose()?;
    let prompt_tokens = inputs.iter().map(|input| tokens::count(input)).sum::<u32>();
    let result = EmbedTextResult {
        id: crate::chat::response_id(body),
        inputs: (details.is_echo == Some(true))
            .then(|| details.inputs.clone())
            .flatten(),
        embed_contents: (details.is_echo == Some(true))
            .then(|| details.embed_contents.clone())
            .flatten(),
        embeddings: vectors,
        embeddings_by_type,
        model_id: Some(model_id.to_owned()),
        model_version: Some(model.version.clone()),
        usage: Some(Usage {
            prompt_tokens: Some(prompt_tokens),
            total_tokens: Some(prompt_tokens),
            ..Usage::default()
        }),
    };
    Ok(Delivery::new(&script, state.faults.faults()).json(to_json(&result)?))
}

/// The texts to embed: `inputs`, or the parts of `embedContents` (an image
/// is embedded by its URL).
fn inputs(details: &EmbedTextDetails) -> Result<Vec<String>, ApiError> {
    let inputs: Vec<String> = match (&details.inputs, &details.embed_contents) {
        (Some(inputs), _) if !inputs.is_empty() => inputs.clone(),
        (_, Some(contents)) if !contents.is_empty() => contents
            .iter()
            .map(|content| match content {
                EmbedContent::Text(text) => text.text.clone().unwrap_or_default(),
                EmbedContent::Image(image) => image
                    .image_url
                    .as_ref()
                    .map(|url| url.url.clone())
                    .unwrap_or_default(),
                other => serde_json::to_string(other).unwrap_or_default(),
            })
            .collect(),
        _ => return Err(ApiError::missing_parameter("inputs")),
    };
    if inputs.len() > MAX_INPUTS {
        return Err(ApiError::invalid_parameter(format!(
            "inputs holds {} texts; at most {MAX_INPUTS} are allowed.",
            inputs.len()
        )));
    }
    Ok(inputs)
}

/// A unit vector determined by `text`.
fn embedding(text: &str, dimensions: u32) -> Vec<f64> {
    let digest = ring::digest::digest(&ring::digest::SHA256, text.as_bytes());
    let mut seed = [0u8; 8];
    seed.copy_from_slice(&digest.as_ref()[..8]);
    let seed = u64::from_le_bytes(seed);
    let raw: Vec<f64> = (0..u64::from(dimensions))
        .map(|i| (mix(seed ^ mix(i)) >> 11) as f64 / (1u64 << 53) as f64 * 2.0 - 1.0)
        .collect();
    let norm = raw
        .iter()
        .map(|x| x * x)
        .sum::<f64>()
        .sqrt()
        .max(f64::MIN_POSITIVE);
    // Six decimals keep answers compact, like the float32 values OCI sends.
    raw.iter().map(|x| (x / norm * 1e6).round() / 1e6).collect()
}

fn by_type(types: &[EmbeddingType], vectors: &[Vec<f64>]) -> Result<Map<String, Value>, ApiError> {
    let mut map = Map::new();
    for kind in types {
        let values: Vec<Value> = vectors
            .iter()
            .map(|vector| -> Result<Value, ApiError> {
                Ok(match kind {
                    EmbeddingType::Float => Value::from(vector.clone()),
                    EmbeddingType::Int8 => Value::from(
                        vector
                            .iter()
                            .map(|x| (x * 127.0).round() as i64)
                            .collect::<Vec<_>>(),
                    ),
                    EmbeddingType::Uint8 => Value::from(
                        vector
                            .iter()
                            .map(|x| ((x + 1.0) * 127.5).round() as u64)
                            .collect::<Vec<_>>(),
                    ),
                    EmbeddingType::Binary => Value::from(
                        packed_signs(vector)
                            .into_iter()
                            .map(|byte| i64::from(byte) - 128)
                            .collect::<Vec<_>>(),
                    ),
                    EmbeddingType::Ubinary => Value::from(packed_signs(vector)),
                    EmbeddingType::Base64 => {
                        let bytes: Vec<u8> = vector
                            .iter()
                            .flat_map(|x| (*x as f32).to_le_bytes())
                            .collect();
                        Value::from(STANDARD.encode(bytes))
                    }
                    other => {
                        return Err(ApiError::invalid_parameter(format!(
                            "Unsupported embeddingTypes value {other}."
                        )));
                    }
                })
            })
            .collect::<Result<_, _>>()?;
        map.insert(kind.as_str().to_owned(), Value::from(values));
    }
    Ok(map)
}

/// One bit per value, set when it is positive, eight to a byte, first value
/// in the high bit.
fn packed_signs(vector: &[f64]) -> Vec<u8> {
    vector
        .chunks(8)
        .map(|chunk| {
            chunk.iter().enumerate().fold(
                0u8,
                |byte, (i, x)| if *x > 0.0 { byte | (0x80 >> i) } else { byte },
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embeddings_are_deterministic_unit_vectors() {
        let a = embedding("hello", 1024);
        assert_eq!(a, embedding("hello", 1024));
        assert_eq!(a.len(), 1024);
        let norm: f64 = a.iter().map(|x| x * x).sum::<f64>().sqrt();
        assert!((norm - 1.0).abs() < 1e-3, "{norm}");
        let b = embedding("world", 1024);
        let cosine: f64 = a.iter().zip(&b).map(|(x, y)| x * y).sum();
        assert!(cosine.abs() < 0.2, "{cosine}");
    }

    #[test]
    fn types_have_their_ranges() {
        let vectors = vec![embedding("x", 16)];
        let map = by_type(
            &[
                EmbeddingType::Int8,
                EmbeddingType::Uint8,
                EmbeddingType::Binary,
                EmbeddingType::Ubinary,
                EmbeddingType::Base64,
                EmbeddingType::Float,
            ],
            &vectors,
        )
        .unwrap();
        let first = |key: &str| map[key][0].clone();
        assert!(
            first("int8")
                .as_array()
                .unwrap()
                .iter()
                .all(|v| (-127..=127).contains(&v.as_i64().unwrap()))
        );
        assert!(
            first("uint8")
                .as_array()
                .unwrap()
                .iter()
                .all(|v| v.as_u64().unwrap() <= 255)
        );
        assert_eq!(first("binary").as_array().unwrap().len(), 2);
        assert_eq!(first("ubinary").as_array().unwrap().len(), 2);
        let decoded = STANDARD.decode(first("base64").as_str().unwrap()).unwrap();
        assert_eq!(decoded.len(), 16 * 4);
        assert_eq!(first("float"), Value::from(vectors[0].clone()));
        assert!(by_type(&[EmbeddingType::from("int4")], &vectors).is_err());
    }

    #[test]
    fn signs_pack_high_bit_first() {
        assert_eq!(
            packed_signs(&[1.0, -1.0, -1.0, -1.0, -1.0, -1.0, -1.0, 1.0, 1.0]),
            [0x81, 0x80]
        );
    }
}
