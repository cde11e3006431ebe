//! The table-driven cases of `tests/data/cases/<case>/` (listed with their sources in
//! `tests/data/cases/README.md`). A case holds one of
//!
//! * `openai-request.json` → `oci-request.json` (and `dropped.json`, the dropped fields), or
//!   → `error.json` (status and OpenAI error body);
//! * `oci-response.json` + `context.json` → `openai-response.json` or `error.json`;
//! * `oci-stream.sse` + `context.json` → `openai-stream.jsonl` (one chunk per line; a last
//!   line with `error` and `status` when the stream ends in an error).
//!
//! Optional: `target.json` (alias settings, instead of resolving `model` in the test catalog)
//! and `options.json` (`always_request_stream_usage`). Everything is compared as
//! `serde_json::Value`. `TRANSLATE_BLESS=1 cargo test -p translate` rewrites the expected
//! files from the current output; review the diff before committing.

use std::path::Path;

use openai_types::chat::CreateChatCompletionRequest;
use serde_json::Value;
use translate::{
    AliasSettings, ApiFormat, ChunkTranslator, ResponseContext, Target, TranslateError,
    chat_request, chat_response,
};

use crate::support::{assert_json_eq, catalog, data_path, options, read, read_json, run_stream};

fn bless() -> bool {
    std::env::var_os("TRANSLATE_BLESS").is_some()
}

fn exists(case: &str, file: &str) -> bool {
    data_path(&format!("cases/{case}/{file}")).exists()
}

fn write_json(case: &str, file: &str, value: &Value) {
    let path = data_path(&format!("cases/{case}/{file}"));
    std::fs::write(&path, serde_json::to_string_pretty(value).unwrap() + "\n").unwrap();
}

/// Compares with the expected file, or writes it in bless mode.
fn expect(case: &str, file: &str, actual: &Value) {
    if bless() {
        write_json(case, file, actual);
        return;
    }
    let expected = read_json(&format!("cases/{case}/{file}"));
    assert_json_eq(actual, &expected, &format!("{case}/{file}"));
}

fn error_json(error: &TranslateError) -> Value {
    let (status, body) = error.to_error_response();
    let mut value = serde_json::to_value(body).unwrap();
    value["status"] = status.into();
    value
}

fn context(case: &str) -> ResponseContext {
    let json = read_json(&format!("cases/{case}/context.json"));
    let format: ApiFormat = serde_json::from_value(json["api_format"].clone()).unwrap();
    let mut ctx = ResponseContext::new(
        json["id"].as_str().unwrap(),
        json["created"].as_u64().unwrap(),
        json["model"].as_str().unwrap(),
        format,
    );
    ctx.include_usage = json["include_usage"].as_bool().unwrap_or(false);
    ctx.oci_usage_requested = json["oci_usage_requested"].as_bool().unwrap_or(false);
    ctx.choices = json["choices"].as_u64().map_or(1, |n| n as u32);
    ctx
}

fn run(case: &str) {
    assert!(
        data_path(&format!("cases/{case}")).is_dir(),
        "case directory {case} is missing"
    );
    let mut ran = false;
    if exists(case, "openai-request.json") {
        ran = true;
        let request: CreateChatCompletionRequest =
            serde_json::from_value(read_json(&format!("cases/{case}/openai-request.json")))
                .unwrap();
        let target = if exists(case, "target.json") {
            let settings: AliasSettings =
                serde_json::from_value(read_json(&format!("cases/{case}/target.json"))).unwrap();
            Ok(Target::with_settings(request.model.clone(), settings))
        } else {
            catalog().resolve(&request.model)
        };
        let mut options = options();
        if exists(case, "options.json") {
            let json = read_json(&format!("cases/{case}/options.json"));
            if let Some(usage) = json["always_request_stream_usage"].as_bool() {
                options.always_request_stream_usage = usage;
            }
        }
        let borrowed = target
            .clone()
            .and_then(|target| chat_request(&request, &target, &options));
        // Lent, the request translates the same (its tool schemas moved, not copied).
        let owned = target.and_then(|target| chat_request(&mut request.clone(), &target, &options));
        assert_eq!(
            owned
                .as_ref()
                .map(|t| (&t.value, &t.dropped))
                .map_err(ToString::to_string),
            borrowed
                .as_ref()
                .map(|t| (&t.value, &t.dropped))
                .map_err(ToString::to_string),
            "{case}: a lent request translates as a borrowed one"
        );
        match borrowed {
            Ok(translated) => {
                assert!(
                    bless() || !exists(case, "error.json"),
                    "{case}: translated, but error.json expects an error"
                );
                expect(
                    case,
                    "oci-request.json",
                    &serde_json::to_value(&translated.value).unwrap(),
                );
                // The OCI request parses back into the same value (the wire types are lossless).
                let again: oci_genai_client::wire::ChatDetails =
                    serde_json::from_value(serde_json::to_value(&translated.value).unwrap())
                        .unwrap();
                assert_eq!(again, translated.value, "{case}: OCI request round trip");
                expect(
                    case,
                    "dropped.json",
                    &serde_json::to_value(&translated.dropped).unwrap(),
                );
            }
            Err(error) => expect(case, "error.json", &error_json(&error)),
        }
    }
    if exists(case, "oci-response.json") {
        ran = true;
        let result =
            serde_json::from_value(read_json(&format!("cases/{case}/oci-response.json"))).unwrap();
        match chat_response(&result, &context(case)) {
            Ok(response) => {
                expect(
                    case,
                    "openai-response.json",
                    &serde_json::to_value(response).unwrap(),
                );
            }
            Err(error) => expect(case, "error.json", &error_json(&error)),
        }
    }
    if exists(case, "oci-stream.sse") {
        ran = true;
        let body = read(&format!("cases/{case}/oci-stream.sse"));
        let run = run_stream(&body, ChunkTranslator::new(context(case)));
        assert!(run.complete, "{case}: the stream did not complete");
        let expected_path = data_path(&format!("cases/{case}/openai-stream.jsonl"));
        if bless() {
            let text: String = run
                .lines
                .iter()
                .map(|line| serde_json::to_string(line).unwrap() + "\n")
                .collect();
            std::fs::write(&expected_path, text).unwrap();
        } else {
            let text = std::fs::read_to_string(&expected_path).unwrap();
            let expected: Vec<Value> = text
                .lines()
                .filter(|l| !l.trim().is_empty())
                .map(|l| serde_json::from_str(l).unwrap())
                .collect();
            assert_json_eq(&Value::Array(run.lines), &Value::Array(expected), case);
        }
    }
    assert!(ran, "{case}: no input file");
}

macro_rules! cases {
    ($($test:ident => $dir:literal,)+) => {
        const CASES: &[&str] = &[$($dir),+];
        $(
            #[test]
            fn $test() {
                run($dir);
            }
        )+
    };
}

cases! {
    // OpenAI request → GENERIC
    generic_text_stream_usage => "generic-text-stream-usage",
    generic_openai_max_completion_tokens => "generic-openai-max-completion-tokens",
    generic_gpt_oss_max_tokens => "generic-gpt-oss-max-tokens",
    generic_developer_as_system => "generic-developer-as-system",
    generic_developer_role_override => "generic-developer-role-override",
    generic_multimodal => "generic-multimodal",
    generic_tool_history => "generic-tool-history",
    generic_tool_schema_cleaning => "generic-tool-schema-cleaning",
    generic_tool_choice_named => "generic-tool-choice-named",
    generic_tool_choice_allowed_tools => "generic-tool-choice-allowed-tools",
    generic_tool_choice_without_tools => "generic-tool-choice-without-tools",
    generic_response_format_json_schema => "generic-response-format-json-schema",
    generic_sampling_parameters => "generic-sampling-parameters",
    generic_reasoning_parameters => "generic-reasoning-parameters",
    generic_openai_values_clamped => "generic-openai-values-clamped",
    generic_values_oci_refuses_dropped => "generic-values-oci-refuses-dropped",
    generic_default_max_tokens => "generic-default-max-tokens",
    generic_max_tokens_cap => "generic-max-tokens-cap",
    generic_dedicated_endpoint => "generic-dedicated-endpoint",
    generic_not_streamed => "generic-not-streamed",
    generic_stream_without_usage => "generic-stream-without-usage",
    generic_dropped_parameters => "generic-dropped-parameters",
    // OpenAI request → COHERE
    cohere_text_history => "cohere-text-history",
    cohere_ranges_clamped => "cohere-ranges-clamped",
    cohere_tools => "cohere-tools",
    cohere_ends_in_tool_results => "cohere-ends-in-tool-results",
    cohere_repeated_call_ids => "cohere-repeated-call-ids",
    cohere_message_names_dropped => "cohere-message-names-dropped",
    coherev2_message_names_dropped => "coherev2-message-names-dropped",
    cohere_tool_choice_none => "cohere-tool-choice-none",
    cohere_json_schema => "cohere-json-schema",
    cohere_mid_conversation_system => "cohere-mid-conversation-system",
    // OpenAI request → COHEREV2
    coherev2_images => "coherev2-images",
    coherev2_thinking_tools => "coherev2-thinking-tools",
    coherev2_named_tool_choice => "coherev2-named-tool-choice",
    coherev2_thinking_alias => "coherev2-thinking-alias",
    cohere_dedicated_base_model => "cohere-dedicated-base-model",
    // Rejected requests
    reject_n_on_cohere => "reject-n-on-cohere",
    reject_input_audio => "reject-input-audio",
    reject_audio_output => "reject-audio-output",
    reject_file_id => "reject-file-id",
    reject_file_on_coherev2 => "reject-file-on-coherev2",
    reject_unknown_image_detail => "reject-unknown-image-detail",
    reject_unknown_model => "reject-unknown-model",
    reject_forced_tool_on_cohere_v1 => "reject-forced-tool-on-cohere-v1",
    reject_unanswered_tool_result => "reject-unanswered-tool-result",
    reject_logprobs_on_cohere => "reject-logprobs-on-cohere",
    reject_deprecated_functions => "reject-deprecated-functions",
    reject_no_messages => "reject-no-messages",
    reject_custom_tool_call => "reject-custom-tool-call",
    // OCI answer → OpenAI answer
    response_generic_json_text => "response-generic-json-text",
    response_generic_error_finish => "response-generic-error-finish",
    response_generic_tool_call => "response-generic-tool-call",
    response_generic_gemini_grounded => "response-generic-gemini-grounded",
    response_generic_reasoning_no_message => "response-generic-reasoning-no-message",
    response_cohere_tool_call => "response-cohere-tool-call",
    response_cohere_max_tokens => "response-cohere-max-tokens",
    response_cohere_error => "response-cohere-error",
    response_coherev2_thinking_tools => "response-coherev2-thinking-tools",
    // OCI stream → OpenAI chunks
    stream_meta_llama_text => "stream-meta-llama-text",
    stream_openai_gpt_parallel_tools => "stream-openai-gpt-parallel-tools",
    stream_openai_gpt_oss_tool => "stream-openai-gpt-oss-tool",
    stream_xai_grok_tools => "stream-xai-grok-tools",
    stream_gemini_max_tokens => "stream-gemini-max-tokens",
    stream_gemini_tools => "stream-gemini-tools",
    stream_cohere_v1_tool_turn => "stream-cohere-v1-tool-turn",
    stream_cohere_v1_text => "stream-cohere-v1-text",
    stream_coherev2_text => "stream-coherev2-text",
    stream_coherev2_thinking => "stream-coherev2-thinking",
    stream_usage_not_asked => "stream-usage-not-asked",
    stream_cut_off => "stream-cut-off",
    stream_cohere_error => "stream-cohere-error",
    stream_two_choices => "stream-two-choices",
}

/// Every case directory is listed above, so none is silently skipped.
#[test]
fn every_case_directory_is_listed() {
    let dir = data_path("cases");
    let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|entry| {
            let entry = entry.unwrap();
            entry
                .file_type()
                .unwrap()
                .is_dir()
                .then(|| entry.file_name().to_string_lossy().into_owned())
        })
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = CASES.iter().map(|c| (*c).to_owned()).collect();
    listed.sort();
    assert_eq!(on_disk, listed);
    assert!(Path::new(&dir).join("README.md").exists());
}
