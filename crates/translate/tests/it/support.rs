//! Fixture loading, the test catalog, and running a stream through the translator.

use std::path::PathBuf;

use oci_genai_client::sse::Decoder;
use oci_genai_client::wire::ChatStreamEvent;
use serde_json::Value;
use translate::{AliasSettings, ChunkTranslator, ModelCatalog, RequestOptions, TranslateError};

pub(crate) const COMPARTMENT: &str = "ocid1.compartment.oc1..aaaaaaaatestcompartment";

pub(crate) fn data_path(relative: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(relative)
}

pub(crate) fn read(relative: &str) -> Vec<u8> {
    let path = data_path(relative);
    std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

pub(crate) fn read_json(relative: &str) -> Value {
    serde_json::from_slice(&read(relative)).unwrap_or_else(|e| panic!("{relative}: {e}"))
}

/// The catalog the cases resolve their `model` with: the default aliases plus the ones below
/// (`tests/data/cases/README.md` lists them).
pub(crate) fn catalog() -> ModelCatalog {
    let mut llama = AliasSettings::new("meta.llama-3.3-70b-instruct");
    llama.default_max_tokens = Some(4000);
    llama.max_tokens_cap = Some(8000);
    let mut dedicated =
        AliasSettings::new("ocid1.generativeaiendpoint.oc1.us-chicago-1.amaaaaaaexampleendpoint");
    dedicated.base_model = Some("cohere.command-a-03-2025".into());
    let mut thinking = AliasSettings::new("cohere.command-a-03-2025");
    thinking.thinking = true;
    let mut system_dev = AliasSettings::new("openai.gpt-5");
    system_dev.developer_role = Some(translate::DeveloperRole::System);
    ModelCatalog::default()
        .with_alias("llama-4k", llama)
        .with_alias("dedicated-command-a", dedicated)
        .with_alias("command-a-thinking", thinking)
        .with_alias("gpt-5-system", system_dev)
}

pub(crate) fn options() -> RequestOptions {
    RequestOptions::new(COMPARTMENT)
}

/// What a stream run produced: each chunk as JSON, then the error line if one ended it.
pub(crate) struct StreamRun {
    pub(crate) lines: Vec<Value>,
    pub(crate) complete: bool,
}

/// Feeds an SSE body to a translator the way the gateway does: `[DONE]` to `push_done`,
/// stop once complete, `finish` at the end of the body; an error ends the run with the
/// error body the gateway would send.
pub(crate) fn run_stream(body: &[u8], mut translator: ChunkTranslator) -> StreamRun {
    let mut lines = Vec::new();
    let mut decoder = Decoder::new();
    let mut events: Vec<String> = decoder
        .push(body)
        .map(|e| e.expect("valid SSE").into_data())
        .collect();
    events.extend(decoder.finish().map(|e| e.expect("valid SSE").into_data()));
    let mut error: Option<TranslateError> = None;
    for data in &events {
        let result = if data.trim() == "[DONE]" {
            Ok(translator.push_done())
        } else {
            let event = ChatStreamEvent::from_json(data.as_bytes())
                .unwrap_or_else(|e| panic!("{e}: {data}"));
            translator.push(&event)
        };
        match result {
            Ok(chunks) => lines.extend(chunks.iter().map(|c| serde_json::to_value(c).unwrap())),
            Err(e) => {
                error = Some(e);
                break;
            }
        }
        if translator.is_complete() {
            break;
        }
    }
    if error.is_none() && !translator.is_complete() {
        match translator.finish() {
            Ok(chunks) => lines.extend(chunks.iter().map(|c| serde_json::to_value(c).unwrap())),
            Err(e) => error = Some(e),
        }
    }
    if let Some(error) = error {
        let (status, body) = error.to_error_response();
        let mut value = serde_json::to_value(body).unwrap();
        value["status"] = status.into();
        lines.push(value);
    }
    StreamRun {
        lines,
        complete: translator.is_complete(),
    }
}

/// Panics with both documents when they differ.
pub(crate) fn assert_json_eq(actual: &Value, expected: &Value, context: &str) {
    if actual != expected {
        panic!(
            "{context}: JSON differs\n actual: {}\n expected: {}",
            serde_json::to_string_pretty(actual).unwrap(),
            serde_json::to_string_pretty(expected).unwrap()
        );
    }
}
