//! Tool schemas on their way to OCI: the client's text when cleaning would not change it, a
//! cleaned value otherwise, and a clear error when the text cannot be read as a value; the
//! same bytes when a memo remembers them from an earlier request.

use std::sync::Arc;

use oci_genai_client::wire::{ChatRequest, JsonSchema, ToolDefinition};
use openai_types::chat::{CreateChatCompletionRequest, FunctionParameters};
use serde_json::json;
use translate::{RequestOptions, SchemaMemo, Target, TranslateError, chat_request};

use crate::support::options;

fn request_with_parameters(parameters: &str) -> CreateChatCompletionRequest {
    let text = format!(
        r#"{{"model": "m", "messages": [{{"role": "user", "content": "hi"}}],
            "tools": [{{"type": "function", "function": {{"name": "f", "parameters": {parameters}}}}}]}}"#
    );
    serde_json::from_str(&text).unwrap()
}

/// The schema the GENERIC translation sends, lent and borrowed (which must agree).
fn sent(request: &CreateChatCompletionRequest) -> Result<JsonSchema, TranslateError> {
    let target = Target::oci("meta.llama-3.3-70b-instruct");
    let schema = |translated: translate::Translated<_>| {
        let oci_genai_client::wire::ChatDetails { chat_request, .. } = translated.value;
        let ChatRequest::Generic(generic) = chat_request else {
            panic!("a GENERIC request");
        };
        let Some(ToolDefinition::Function(function)) = generic.tools.unwrap().pop() else {
            panic!("a function tool");
        };
        function.parameters.unwrap()
    };
    let borrowed = chat_request(request, &target, &options()).map(schema);
    let lent = chat_request(&mut request.clone(), &target, &options()).map(schema);
    assert_eq!(
        lent.as_ref().map_err(ToString::to_string),
        borrowed.as_ref().map_err(ToString::to_string)
    );
    borrowed
}

#[test]
fn a_schema_that_needs_nothing_goes_out_byte_for_byte() {
    let written = r#"{ "type": "object",
        "properties": {"b": {"type": "number", "minimum": 1.50}, "a": {"type": "string"}},
        "required": ["b"] }"#;
    let sent = sent(&request_with_parameters(written)).unwrap();
    assert_eq!(serde_json::to_string(&sent).unwrap(), written);
}

#[test]
fn a_schema_that_needs_cleaning_goes_out_cleaned() {
    let sent = sent(&request_with_parameters(
        r#"{"type": "object", "title": "F", "properties": {"a": {"type": ["string", "null"]}}, "required": ["a", "b"]}"#,
    ))
    .unwrap();
    assert_eq!(
        serde_json::to_value(&sent).unwrap(),
        json!({"type": "object", "properties": {"a": {"type": "string"}}, "required": ["a"]})
    );
}

#[test]
fn a_schema_built_in_code_is_cleaned_as_a_value() {
    let mut request = request_with_parameters("{}");
    let tools = request.tools.as_mut().unwrap();
    let openai_types::chat::ChatCompletionTools::Function(tool) = &mut tools[0] else {
        panic!("a function tool");
    };
    tool.function.parameters = Some(FunctionParameters::from(
        json!({"type": "array", "title": "List"}),
    ));
    assert_eq!(
        serde_json::to_value(sent(&request).unwrap()).unwrap(),
        json!({"type": "array", "items": {"type": "object"}})
    );
}

/// serde_json checks a kept schema's escapes for their syntax only; a lone surrogate, which no
/// string can hold, is found when the schema is read as a value, and named.
#[test]
fn a_schema_that_cannot_be_read_as_a_value_is_a_clear_error() {
    let error = sent(&request_with_parameters(
        r#"{"type": "object", "description": "\ud800"}"#,
    ))
    .unwrap_err();
    assert!(matches!(error, TranslateError::Invalid { .. }), "{error}");
    assert_eq!(error.param(), Some("tools[0].function.parameters"));
    assert_eq!(error.status(), 400);
}

/// A request with a schema that needs nothing (`clean`) and one that needs cleaning (`dirty`).
fn request_with_two_tools(clean: &str, dirty: &str) -> CreateChatCompletionRequest {
    let text = format!(
        r#"{{"model": "m", "messages": [{{"role": "user", "content": "hi"}}],
            "tools": [{{"type": "function", "function": {{"name": "clean", "parameters": {clean}}}}},
                      {{"type": "function", "function": {{"name": "dirty", "parameters": {dirty}}}}}]}}"#
    );
    serde_json::from_str(&text).unwrap()
}

/// The OCI request for `model` as the bytes sent, with `options`, from a lent copy.
fn written(request: &CreateChatCompletionRequest, model: &str, options: &RequestOptions) -> String {
    let translated = chat_request(&mut request.clone(), &Target::oci(model), options).unwrap();
    serde_json::to_string(&translated.value).unwrap()
}

const CLEAN: &str = r#"{"type": "object", "properties": {"a": {"type": "string"}}}"#;
const DIRTY: &str = r#"{"type": "object", "title": "D", "properties": {"a": {"type": "string"}}}"#;

#[test]
fn a_memo_keeps_each_schema_once_and_sends_the_same_bytes() {
    let memo = Arc::new(SchemaMemo::new());
    let with_memo = options().with_schema_memo(Arc::clone(&memo));
    let request = request_with_two_tools(CLEAN, DIRTY);
    for model in ["meta.llama-3.3-70b-instruct", "cohere.command-a-03-2025"] {
        let expected = written(&request, model, &options());
        assert_eq!(
            written(&request, model, &with_memo),
            expected,
            "{model}, first"
        );
        assert_eq!(
            written(&request, model, &with_memo),
            expected,
            "{model}, from the memo"
        );
        let borrowed = chat_request(&request, &Target::oci(model), &with_memo).unwrap();
        assert_eq!(serde_json::to_string(&borrowed.value).unwrap(), expected);
    }
    assert_eq!(memo.len(), 2);
    let cleaned = r#"{"properties":{"a":{"type":"string"}},"type":"object"}"#;
    let names = "clean".len() + "dirty".len();
    assert_eq!(
        memo.bytes(),
        names + CLEAN.len() + DIRTY.len() + cleaned.len()
    );
}

#[test]
fn a_memo_sends_a_new_schema_under_a_known_name_as_it_now_is() {
    let memo = Arc::new(SchemaMemo::new());
    let with_memo = options().with_schema_memo(Arc::clone(&memo));
    let model = "meta.llama-3.3-70b-instruct";
    written(&request_with_two_tools(CLEAN, DIRTY), model, &with_memo);
    // The names swap schemas: each text is looked at afresh, and kept beside the first.
    let swapped = request_with_two_tools(DIRTY, CLEAN);
    for _ in 0..2 {
        assert_eq!(
            written(&swapped, model, &with_memo),
            written(&swapped, model, &options())
        );
    }
    assert_eq!(memo.len(), 4);
}

#[test]
fn cohere_v1_parameter_definitions_leave_the_memo_alone() {
    let memo = Arc::new(SchemaMemo::new());
    let with_memo = options().with_schema_memo(Arc::clone(&memo));
    let request = request_with_two_tools(CLEAN, DIRTY);
    let model = "cohere.command-r-08-2024";
    assert_eq!(
        written(&request, model, &with_memo),
        written(&request, model, &options())
    );
    assert!(memo.is_empty());
}

/// The same error with a memo, every time: a schema that fails is not remembered.
#[test]
fn a_memo_remembers_no_schema_that_cannot_be_read() {
    let request = request_with_parameters(r#"{"type": "object", "description": "\ud800"}"#);
    let memo = Arc::new(SchemaMemo::new());
    let with_memo = options().with_schema_memo(Arc::clone(&memo));
    let target = Target::oci("meta.llama-3.3-70b-instruct");
    for _ in 0..2 {
        let error = chat_request(&mut request.clone(), &target, &with_memo).unwrap_err();
        assert_eq!(error.param(), Some("tools[0].function.parameters"));
        assert_eq!(error.status(), 400);
    }
    assert!(memo.is_empty());
}

/// A model writes the fields of a structured answer in its schema's order, so the
/// `response_format` schema reaches OCI as the client wrote it, in every format.
#[test]
fn a_response_format_schema_reaches_oci_in_the_clients_order() {
    let schema = r#"{"type":"object","properties":{"reasoning":{"type":"string"},"answer":{"type":"string"}},"required":["reasoning","answer"]}"#;
    for model in [
        "meta.llama-3.3-70b-instruct",
        "cohere.command-r-plus-08-2024",
        "cohere.command-a-03-2025",
    ] {
        let body = format!(
            r#"{{"model":"{model}","messages":[{{"role":"user","content":"Why?"}}],
                "response_format":{{"type":"json_schema","json_schema":{{"name":"why","schema":{schema}}}}}}}"#
        );
        let mut request: CreateChatCompletionRequest = serde_json::from_str(&body).unwrap();
        let details = chat_request(&mut request, &Target::oci(model), &options())
            .unwrap()
            .value;
        let sent = serde_json::to_string(&details).unwrap();
        assert!(sent.contains(schema), "{model}: {sent}");
    }
}

/// A response schema whose text no JSON value can hold is refused as tool parameters are,
/// wherever its `type` stands in the object.
#[test]
fn a_response_schema_no_json_value_can_hold_is_a_400() {
    for body in [
        r#"{"model":"m","messages":[{"role":"user","content":"x"}],"response_format":{"type":"json_schema","json_schema":{"name":"a","schema":{"a":1e400}}}}"#,
        r#"{"model":"m","messages":[{"role":"user","content":"x"}],"response_format":{"type":"json_schema","json_schema":{"name":"a","schema":{"a":"\ud800"}}}}"#,
    ] {
        let mut request: CreateChatCompletionRequest = serde_json::from_str(body).unwrap();
        match chat_request(
            &mut request,
            &Target::oci("meta.llama-3.3-70b-instruct"),
            &options(),
        ) {
            Err(error) => {
                assert_eq!(error.status(), 400);
                assert_eq!(error.param(), Some("response_format.json_schema.schema"));
            }
            Ok(_) => panic!("{body} was accepted"),
        }
    }
}
