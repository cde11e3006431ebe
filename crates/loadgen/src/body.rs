//! `loadgen body`: request bodies for the benchmarks, made from the checked-in fixtures.
//!
//! The direct-to-mock runs must send the OCI request the gateway would send for the same
//! OpenAI request, so that the two paths differ by the gateway alone. That request is made
//! here with the gateway's own translation (`translate::chat_request`, for an OCI model id,
//! which resolves to itself as in the gateway's default catalog).

use std::path::Path;

use openai_types::chat::CreateChatCompletionRequest;
use serde_json::Value;
use translate::{ModelCatalog, RequestOptions};

use crate::cli::BodyArgs;
use crate::error::Error;
use crate::ordered::OrderedJson;

/// Writes the body the flags describe, and returns its size.
///
/// # Errors
///
/// [`Error`] when the file does not hold the JSON object asked for, the request does not
/// translate, or the output cannot be written.
pub(crate) fn run(args: &BodyArgs) -> Result<usize, Error> {
    let text = std::fs::read(&args.from).map_err(|source| Error::Read {
        path: args.from.clone(),
        source,
    })?;
    let document: OrderedJson = serde_json::from_slice(&text).map_err(|source| Error::Json {
        what: args.from.display().to_string(),
        source,
    })?;
    let request = edit(&document, args)?;
    let bytes = match &args.oci_compartment {
        None => serde_json::to_vec(&request).map_err(Error::Encode)?,
        Some(compartment) => oci_request(&request, compartment, &args.from)?,
    };
    std::fs::write(&args.out, &bytes).map_err(|source| Error::Write {
        path: args.out.clone(),
        source,
    })?;
    Ok(bytes.len())
}

/// The request at `--pointer`, with `model` and `stream` set as asked and every key where
/// the file has it.
fn edit(document: &OrderedJson, args: &BodyArgs) -> Result<OrderedJson, Error> {
    let mut request = document.pointer(&args.pointer).cloned().ok_or_else(|| {
        Error::Usage(format!(
            "{} has nothing at {:?}",
            args.from.display(),
            args.pointer
        ))
    })?;
    let not_an_object = || {
        Error::Usage(format!(
            "{} at {:?} is not a JSON object",
            args.from.display(),
            args.pointer
        ))
    };
    if !matches!(request, OrderedJson::Object(_)) {
        return Err(not_an_object());
    }
    if let Some(model) = &args.model {
        request.set("model", Value::String(model.clone()));
    }
    if let Some(stream) = args.stream {
        request.set("stream", Value::Bool(stream));
    }
    Ok(request)
}

/// The OCI `ChatDetails` the gateway sends for `request`, serialized as its client does.
fn oci_request(request: &OrderedJson, compartment: &str, from: &Path) -> Result<Vec<u8>, Error> {
    let request = serde_json::to_vec(request).map_err(Error::Encode)?;
    let request: CreateChatCompletionRequest =
        serde_json::from_slice(&request).map_err(|source| Error::Json {
            what: format!("the chat request in {}", from.display()),
            source,
        })?;
    let target = ModelCatalog::new()
        .resolve(&request.model)
        .map_err(Error::Translate)?;
    let translated = translate::chat_request(&request, &target, &RequestOptions::new(compartment))
        .map_err(Error::Translate)?;
    serde_json::to_vec(&translated.value).map_err(Error::Encode)
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    fn args(pointer: &str) -> BodyArgs {
        BodyArgs {
            from: PathBuf::from("capture.json"),
            pointer: pointer.to_owned(),
            model: Some("meta.llama-3.3-70b-instruct".to_owned()),
            stream: Some(true),
            oci_compartment: None,
            out: PathBuf::from("out.json"),
        }
    }

    #[test]
    fn the_captured_body_gets_the_model_and_stream_asked_for() {
        let capture: OrderedJson = serde_json::from_str(
            r#"{"path": "/v1/chat/completions", "body": {"model": "mock-model", "stream": false,
                "messages": [{"role": "user", "content": "hi"}]}}"#,
        )
        .unwrap();
        let request = edit(&capture, &args("/body")).unwrap();
        assert_eq!(
            serde_json::to_string(&request).unwrap(),
            r#"{"model":"meta.llama-3.3-70b-instruct","stream":true,"messages":[{"role":"user","content":"hi"}]}"#
        );
        assert!(edit(&capture, &args("/nothing")).is_err());
        assert!(edit(&capture, &args("/path")).is_err());
    }

    #[test]
    fn the_oci_request_is_the_gateway_translation() {
        let request: OrderedJson = serde_json::from_str(
            r#"{"model": "meta.llama-3.3-70b-instruct", "stream": true,
                "messages": [{"role": "user", "content": "Hello"}]}"#,
        )
        .unwrap();
        let bytes = oci_request(
            &request,
            "ocid1.compartment.oc1..bench",
            Path::new("x.json"),
        )
        .unwrap();
        let oci: Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(oci["compartmentId"], "ocid1.compartment.oc1..bench");
        assert_eq!(oci["servingMode"]["modelId"], "meta.llama-3.3-70b-instruct");
        assert_eq!(oci["chatRequest"]["apiFormat"], "GENERIC");
        assert_eq!(oci["chatRequest"]["isStream"], true);
    }
}
