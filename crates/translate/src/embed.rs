//! OpenAI embeddings ⇄ OCI `embedText`.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use oci_genai_client::wire::{EmbedInputType, EmbedTextDetails, EmbedTextResult, EmbedTruncate};
use openai_types::embeddings::{
    CreateEmbeddingRequest, CreateEmbeddingResponse, Embedding, EmbeddingInput, EmbeddingUsage,
    EmbeddingVector, EncodingFormat,
};
use serde_json::Value;

use crate::catalog::Target;
use crate::error::TranslateError;
use crate::request::{Dropped, RequestOptions, Translated};

/// What an embeddings response translation needs.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct EmbedContext {
    /// The model name the client sent.
    pub model: String,
    /// How the client wants the vectors: JSON floats (the default) or base64.
    pub encoding_format: EncodingFormat,
}

impl EmbedContext {
    /// The context for the answer to `request`.
    #[must_use]
    pub fn for_request(request: &CreateEmbeddingRequest) -> Self {
        Self {
            model: request.model.clone(),
            encoding_format: request
                .encoding_format
                .clone()
                .unwrap_or(EncodingFormat::Float),
        }
    }
}

/// Translates an OpenAI embeddings request into `embedText`.
///
/// Strings become `inputs`; `dimensions` becomes `outputDimensions`. OCI is always asked for
/// floats: base64 output is encoded by [`embed_response`] (little-endian `f32`, as OpenAI
/// does). Cohere's `input_type` (`search_document`, `search_query`, `classification`,
/// `clustering`, `image`) and `truncate` (`NONE`, `START`, `END`) are read from extra fields;
/// other extra fields and `user` are dropped.
///
/// ```
/// use openai_types::embeddings::CreateEmbeddingRequest;
/// use translate::{RequestOptions, Target, embed_request};
///
/// let request = CreateEmbeddingRequest::new("cohere.embed-v4.0", vec!["a", "b"]);
/// let details = embed_request(&request, &Target::oci("cohere.embed-v4.0"), &RequestOptions::new("ocid1.compartment.oc1..x"))?.value;
/// assert_eq!(details.inputs.as_deref(), Some(&["a".to_owned(), "b".to_owned()][..]));
/// # Ok::<(), translate::TranslateError>(())
/// ```
///
/// # Errors
///
/// [`TranslateError::Invalid`] for an empty input, an `encoding_format` other than `float`
/// and `base64`, or an unknown `input_type`/`truncate`;
/// [`TranslateError::Unsupported`] for token-array inputs (OCI embeds text only).
pub fn embed_request(
    req: &CreateEmbeddingRequest,
    target: &Target,
    options: &RequestOptions,
) -> Result<Translated<EmbedTextDetails>, TranslateError> {
    let inputs = match &req.input {
        EmbeddingInput::String(text) => vec![text.clone()],
        EmbeddingInput::StringArray(texts) => texts.clone(),
        _ => {
            return Err(TranslateError::unsupported(
                "input",
                "OCI Generative AI embeds text; token arrays cannot be sent",
            ));
        }
    };
    if inputs.is_empty() {
        return Err(TranslateError::invalid(
            "input",
            "at least one input is required",
        ));
    }
    if let Some(format) = &req.encoding_format
        && !matches!(format, EncodingFormat::Float | EncodingFormat::Base64)
    {
        return Err(TranslateError::invalid(
            "encoding_format",
            format!("`{}` is not one of `float`, `base64`", format.as_str()),
        ));
    }
    let mut dropped = Dropped::default();
    dropped.add_if(&req.user, "user");
    let mut input_type = None;
    let mut truncate = None;
    for (key, value) in &req.extra {
        match key.as_str() {
            "input_type" => {
                input_type = enum_field(value, "input_type", EmbedInputType::KNOWN)?
                    .map(EmbedInputType::from);
            }
            "truncate" => {
                truncate =
                    enum_field(value, "truncate", EmbedTruncate::KNOWN)?.map(EmbedTruncate::from);
            }
            other => dropped.add(other),
        }
    }
    Ok(Translated {
        value: EmbedTextDetails {
            inputs: Some(inputs),
            serving_mode: target.serving_mode(),
            compartment_id: options.compartment_id.clone(),
            output_dimensions: req.dimensions,
            truncate,
            input_type,
            ..EmbedTextDetails::default()
        },
        dropped: dropped.into_vec(),
    })
}

/// A case-insensitive enum value from an extra field, in OCI's UPPERCASE.
fn enum_field(
    value: &Value,
    param: &str,
    known: &[&str],
) -> Result<Option<String>, TranslateError> {
    match value {
        Value::Null => Ok(None),
        Value::String(text) => {
            let upper = text.to_ascii_uppercase();
            if known.contains(&upper.as_str()) {
                Ok(Some(upper))
            } else {
                Err(TranslateError::invalid(
                    param,
                    format!(
                        "`{text}` is not one of {}",
                        known.join(", ").to_ascii_lowercase()
                    ),
                ))
            }
        }
        _ => Err(TranslateError::invalid(param, "must be a string")),
    }
}

/// Translates an `embedText` answer, encoding base64 when the client asked for it.
///
/// # Errors
///
/// Never today; the `Result` leaves room for answers that cannot be translated.
pub fn embed_response(
    res: &EmbedTextResult,
    ctx: &EmbedContext,
) -> Result<CreateEmbeddingResponse, TranslateError> {
    let base64 = ctx.encoding_format == EncodingFormat::Base64;
    let data = res
        .embeddings
        .iter()
        .enumerate()
        .map(|(index, vector)| {
            let floats = vector.iter().map(|&v| v as f32);
            let embedding = if base64 {
                let bytes: Vec<u8> = floats.flat_map(f32::to_le_bytes).collect();
                EmbeddingVector::Base64(STANDARD.encode(bytes))
            } else {
                EmbeddingVector::Float(floats.collect())
            };
            Embedding::new(u32::try_from(index).unwrap_or(u32::MAX), embedding)
        })
        .collect();
    let usage = res.usage.as_ref();
    let prompt = usage.and_then(|u| u.prompt_tokens).unwrap_or(0);
    Ok(CreateEmbeddingResponse {
        data,
        model: ctx.model.clone(),
        usage: EmbeddingUsage {
            prompt_tokens: prompt,
            total_tokens: usage.and_then(|u| u.total_tokens).unwrap_or(prompt),
        },
        ..CreateEmbeddingResponse::default()
    })
}
