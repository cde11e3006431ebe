//! Stream invariants over every capture, and the translator's life cycle.

use std::collections::BTreeMap;

use oci_genai_client::wire::ChatStreamEvent;
use serde_json::Value;
use translate::{ApiFormat, ChunkTranslator, ResponseContext, TranslateError};

use crate::support::{read, run_stream};

const CAPTURES: &[(&str, ApiFormat)] = &[
    ("meta-llama-text.sse", ApiFormat::Generic),
    ("openai-gpt-parallel-tools.sse", ApiFormat::Generic),
    ("openai-gpt-oss-tool.sse", ApiFormat::Generic),
    ("xai-grok-tools.sse", ApiFormat::Generic),
    ("gemini-max-tokens.sse", ApiFormat::Generic),
    ("gemini-tools.sse", ApiFormat::Generic),
    ("cohere-v1-tool-turn.sse", ApiFormat::Cohere),
    ("cohere-v1-text.sse", ApiFormat::Cohere),
    ("cohere-v2-text.sse", ApiFormat::CohereV2),
    ("cohere-v2-thinking.sse", ApiFormat::CohereV2),
];

fn ctx(format: ApiFormat, usage: bool) -> ResponseContext {
    let mut ctx = ResponseContext::new("chatcmpl-inv", 1_764_000_000, "gpt-5", format);
    ctx.include_usage = usage;
    ctx.oci_usage_requested = usage;
    ctx
}

/// What a client rebuilds from the chunks, the way the openai SDKs accumulate them.
#[derive(Debug, Default)]
struct Rebuilt {
    text: String,
    reasoning: String,
    /// OpenAI index → (id, name, arguments).
    calls: BTreeMap<u64, (String, String, String)>,
    finish: Vec<String>,
    usage_chunks: usize,
}

fn rebuild(lines: &[Value]) -> Rebuilt {
    let mut rebuilt = Rebuilt::default();
    let mut first = true;
    for line in lines {
        assert!(line.get("error").is_none(), "unexpected error {line}");
        assert_eq!(line["id"], "chatcmpl-inv", "one id for the whole stream");
        assert_eq!(line["created"], 1_764_000_000);
        assert_eq!(line["object"], "chat.completion.chunk");
        if !line["usage"].is_null() {
            rebuilt.usage_chunks += 1;
            assert_eq!(
                line["choices"],
                Value::Array(Vec::new()),
                "the usage chunk has no choices"
            );
            continue;
        }
        for choice in line["choices"].as_array().unwrap() {
            let delta = &choice["delta"];
            assert_eq!(
                delta.get("role").is_some(),
                first,
                "the role comes on the first chunk only"
            );
            first = false;
            rebuilt
                .text
                .push_str(delta["content"].as_str().unwrap_or_default());
            rebuilt
                .reasoning
                .push_str(delta["reasoning_content"].as_str().unwrap_or_default());
            for call in delta["tool_calls"].as_array().into_iter().flatten() {
                let index = call["index"].as_u64().unwrap();
                let entry = rebuilt.calls.entry(index);
                let is_new = matches!(entry, std::collections::btree_map::Entry::Vacant(_));
                let slot = entry.or_default();
                assert_eq!(
                    call.get("id").is_some(),
                    is_new,
                    "id on a call's first fragment only: {call}"
                );
                if let Some(id) = call["id"].as_str() {
                    slot.0 = id.to_owned();
                }
                if let Some(name) = call["function"]["name"].as_str() {
                    assert!(slot.1.is_empty(), "a name is sent once: {call}");
                    slot.1 = name.to_owned();
                }
                slot.2
                    .push_str(call["function"]["arguments"].as_str().unwrap_or_default());
            }
            if let Some(reason) = choice["finish_reason"].as_str() {
                rebuilt.finish.push(reason.to_owned());
            }
        }
    }
    rebuilt
}

/// The text and calls OCI sent, joined per format (COHERE: deltas only; calls once).
fn oci_text(name: &str) -> String {
    let body = String::from_utf8(read(&format!("sse/{name}"))).unwrap();
    let mut text = String::new();
    for line in body.lines().filter_map(|l| l.strip_prefix("data: ")) {
        let Ok(event) = ChatStreamEvent::from_json(line.as_bytes()) else {
            continue;
        };
        match event {
            ChatStreamEvent::Generic(e) => text.push_str(e.text().as_deref().unwrap_or_default()),
            ChatStreamEvent::Cohere(e) => text.push_str(e.text_delta().unwrap_or_default()),
            ChatStreamEvent::CohereV2(e) => {
                for part in e.message.iter().flat_map(|m| m.content.iter().flatten()) {
                    if let oci_genai_client::wire::CohereContentV2::Text(t) = part {
                        text.push_str(t.text.as_deref().unwrap_or_default());
                    }
                }
            }
            _ => {}
        }
    }
    text
}

#[test]
fn captures_rebuild_exactly_once() {
    for &(name, format) in CAPTURES {
        for usage in [false, true] {
            let run = run_stream(
                &read(&format!("sse/{name}")),
                ChunkTranslator::new(ctx(format, usage)),
            );
            assert!(run.complete, "{name}");
            let rebuilt = rebuild(&run.lines);
            assert_eq!(
                rebuilt.text,
                oci_text(name),
                "{name}: text emitted once, in order"
            );
            assert_eq!(rebuilt.finish.len(), 1, "{name}: one finish chunk");
            let ids: Vec<&String> = rebuilt.calls.values().map(|c| &c.0).collect();
            let mut unique = ids.clone();
            unique.dedup();
            assert_eq!(ids.len(), unique.len(), "{name}: distinct call ids");
            for (index, (id, name_, arguments)) in &rebuilt.calls {
                assert!(!id.is_empty() && !name_.is_empty(), "{name}: call {index}");
                serde_json::from_str::<Value>(arguments)
                    .unwrap_or_else(|e| panic!("{name}: call {index} arguments {arguments}: {e}"));
            }
            if !rebuilt.calls.is_empty() {
                assert_eq!(rebuilt.finish, ["tool_calls"], "{name}");
            }
            let usage_known = !name.starts_with("cohere-v2")
                && !name.starts_with("xai")
                && !name.starts_with("openai-gpt-oss");
            assert_eq!(
                rebuilt.usage_chunks,
                usize::from(usage && usage_known),
                "{name} usage={usage}"
            );
        }
    }
}

#[test]
fn expected_calls_per_family() {
    let calls = |name: &str, format| {
        let run = run_stream(
            &read(&format!("sse/{name}")),
            ChunkTranslator::new(ctx(format, false)),
        );
        rebuild(&run.lines)
            .calls
            .into_values()
            .map(|(_, name, arguments)| (name, arguments))
            .collect::<Vec<_>>()
    };
    let pair = |n: &str, a: &str| (n.to_owned(), a.to_owned());
    assert_eq!(
        calls("openai-gpt-parallel-tools.sse", ApiFormat::Generic),
        [
            pair("get_weather", r#"{"city": "Paris"}"#),
            pair("get_time", r#"{"timezone": "Europe/Paris"}"#)
        ]
    );
    assert_eq!(
        calls("openai-gpt-oss-tool.sse", ApiFormat::Generic),
        [pair("get_weather", r#"{"location": "NYC"}"#)]
    );
    assert_eq!(calls("xai-grok-tools.sse", ApiFormat::Generic).len(), 2);
    assert_eq!(calls("gemini-tools.sse", ApiFormat::Generic).len(), 2);
    assert_eq!(
        calls("cohere-v1-tool-turn.sse", ApiFormat::Cohere),
        [pair("get_weather", r#"{"city":"Paris"}"#)]
    );
}

fn event(json: &str) -> ChatStreamEvent {
    ChatStreamEvent::from_json(json.as_bytes()).unwrap()
}

#[test]
fn awaiting_usage_then_finish() {
    let mut translator = ChunkTranslator::new(ctx(ApiFormat::Generic, true));
    translator
        .push(&event(
            r#"{"message":{"content":[{"type":"TEXT","text":"a"}]}}"#,
        ))
        .unwrap();
    let chunks = translator
        .push(&event(r#"{"finishReason":"stop"}"#))
        .unwrap();
    assert_eq!(chunks.len(), 1);
    assert!(translator.is_answer_complete());
    assert!(
        !translator.is_complete(),
        "still waiting for the usage event"
    );
    // The gateway gives up waiting: no usage is known, so no usage chunk.
    assert!(translator.finish().unwrap().is_empty());
    assert!(translator.is_complete());
    assert!(
        translator.finish().unwrap().is_empty(),
        "finish is idempotent"
    );
    assert!(
        translator
            .push(&event(r#"{"usage":{"totalTokens":3}}"#))
            .unwrap()
            .is_empty()
    );
}

#[test]
fn usage_before_finish_is_sent_last() {
    let mut translator = ChunkTranslator::new(ctx(ApiFormat::Generic, true));
    assert!(
        translator
            .push(&event(
                r#"{"usage":{"promptTokens":1,"completionTokens":2}}"#
            ))
            .unwrap()
            .is_empty()
    );
    let chunks = translator
        .push(&event(r#"{"finishReason":"length"}"#))
        .unwrap();
    assert!(translator.is_complete());
    let json: Vec<Value> = chunks
        .iter()
        .map(|c| serde_json::to_value(c).unwrap())
        .collect();
    assert_eq!(json.len(), 2);
    assert_eq!(json[0]["choices"][0]["finish_reason"], "length");
    assert_eq!(json[0]["choices"][0]["delta"]["role"], "assistant");
    assert_eq!(json[1]["usage"]["total_tokens"], 3);
    assert_eq!(translator.usage().map(|u| u.completion_tokens), Some(2));
}

/// Text a backend sends while the usage is awaited, after the choice finished, is not sent
/// after the finish chunk.
#[test]
fn nothing_follows_a_finished_choice() {
    let mut translator = ChunkTranslator::new(ctx(ApiFormat::Generic, true));
    let text = |t: &str| {
        event(&format!(
            r#"{{"message":{{"content":[{{"type":"TEXT","text":"{t}"}}]}}}}"#
        ))
    };
    assert_eq!(translator.push(&text("He")).unwrap().len(), 1);
    assert_eq!(
        translator
            .push(&event(r#"{"finishReason":"length"}"#))
            .unwrap()
            .len(),
        1
    );
    assert!(translator.push(&text("late")).unwrap().is_empty());
    let closing = translator
        .push(&event(
            r#"{"usage":{"promptTokens":1,"completionTokens":1}}"#,
        ))
        .unwrap();
    assert_eq!(closing.len(), 1, "the usage chunk only");
    assert!(closing[0].choices.is_empty());
}

/// Choices written in turns, each ended by a finish event without an index (as OpenAI-served
/// models send it): every piece of text and every finish reason lands on its own choice.
#[test]
fn interleaved_choices_keep_their_text_and_finish() {
    let mut ctx = ctx(ApiFormat::Generic, false);
    ctx.choices = 2;
    let mut translator = ChunkTranslator::new(ctx);
    let text = |index: u32, t: &str| {
        event(&format!(
            r#"{{"index":{index},"message":{{"content":[{{"type":"TEXT","text":"{t}"}}]}}}}"#
        ))
    };
    let mut lines = Vec::new();
    for event in [
        text(0, "Long "),
        text(1, "Short"),
        event(r#"{"finishReason":"stop"}"#),
        text(0, "answer"),
        event(r#"{"finishReason":"length"}"#),
    ] {
        for chunk in translator.push(&event).unwrap() {
            lines.push(serde_json::to_value(chunk).unwrap());
        }
    }
    assert!(translator.is_complete());
    let mut content = [String::new(), String::new()];
    let mut finish = [Vec::new(), Vec::new()];
    for line in &lines {
        for choice in line["choices"].as_array().unwrap() {
            let index = usize::try_from(choice["index"].as_u64().unwrap()).unwrap();
            content[index].push_str(choice["delta"]["content"].as_str().unwrap_or_default());
            if let Some(reason) = choice["finish_reason"].as_str() {
                finish[index].push(reason.to_owned());
            }
        }
    }
    assert_eq!(content, ["Long answer", "Short"]);
    assert_eq!(finish, [vec!["length"], vec!["stop"]]);
}

/// A GENERIC finish reason that reads as an error ends the stream with an error, as COHERE's
/// does: OpenAI clients know only `stop`, `length`, `tool_calls` and `content_filter`.
#[test]
fn a_generic_error_finish_is_an_error() {
    let mut translator = ChunkTranslator::new(ctx(ApiFormat::Generic, false));
    translator
        .push(&event(
            r#"{"index":0,"message":{"content":[{"type":"TEXT","text":"Hal"}]}}"#,
        ))
        .unwrap();
    match translator.push(&event(r#"{"finishReason":"ERROR_INTERNAL"}"#)) {
        Err(TranslateError::Upstream { message }) => {
            assert!(message.contains("ERROR_INTERNAL"), "{message}");
        }
        other => panic!("{other:?}"),
    }
    assert!(translator.is_complete());
}

/// Streamed log-probabilities go out with the delta they belong to.
#[test]
fn streamed_logprobs_ride_with_their_delta() {
    let mut translator = ChunkTranslator::new(ctx(ApiFormat::Generic, false));
    let chunks = translator
        .push(&event(
            r#"{"index":0,"message":{"content":[{"type":"TEXT","text":"Hi"}]},
                "logprobs":{"tokens":["Hi"],"tokenLogprobs":[-0.25],
                            "topLogprobs":[{"Hello":"-3.5","Hi":"-0.25"}]}}"#,
        ))
        .unwrap();
    let json = serde_json::to_value(&chunks[0]).unwrap();
    let content = &json["choices"][0]["logprobs"]["content"];
    assert_eq!(json["choices"][0]["delta"]["content"], "Hi");
    assert_eq!(content[0]["token"], "Hi");
    assert_eq!(content[0]["logprob"], -0.25);
    assert_eq!(content[0]["top_logprobs"][0]["token"], "Hi");
    assert_eq!(content[0]["top_logprobs"][1]["token"], "Hello");
}

#[test]
fn done_completes_and_errors_end() {
    let mut translator = ChunkTranslator::new(ctx(ApiFormat::Generic, false));
    let chunks = translator.push_done();
    assert_eq!(chunks.len(), 1, "a finish chunk even for an empty stream");
    assert!(translator.is_complete());
    assert!(translator.push_done().is_empty());

    let mut translator = ChunkTranslator::new(ctx(ApiFormat::Cohere, false));
    let error = translator
        .push(&event(r#"{"apiFormat":"COHERE","errorMessage":"boom"}"#))
        .unwrap_err();
    assert_eq!(
        error,
        TranslateError::Upstream {
            message: "boom".into()
        }
    );
    assert!(translator.is_complete());

    let mut translator = ChunkTranslator::new(ctx(ApiFormat::Generic, false));
    assert_eq!(translator.finish().unwrap_err(), TranslateError::Truncated);
}

#[test]
fn stream_and_answer_synthesize_the_same_ids() {
    let run = run_stream(
        &read("sse/gemini-tools.sse"),
        ChunkTranslator::new(ctx(ApiFormat::Generic, false)),
    );
    let streamed = rebuild(&run.lines);
    let result = serde_json::from_value(serde_json::json!({
        "modelId": "google.gemini-2.5-flash", "modelVersion": "1",
        "chatResponse": {"apiFormat": "GENERIC", "timeCreated": "2026-11-25T10:17:44.009Z",
          "choices": [{"index": 0, "finishReason": "stop", "message": {"role": "ASSISTANT",
            "toolCalls": [{"type": "FUNCTION", "name": "get_weather", "arguments": "{}"},
                          {"type": "FUNCTION", "name": "get_time", "arguments": "{}"}]}}]}
    }))
    .unwrap();
    let answer = translate::chat_response(&result, &ctx(ApiFormat::Generic, false)).unwrap();
    let ids: Vec<String> = answer.choices[0]
        .message
        .tool_calls
        .iter()
        .flatten()
        .map(|c| c.id().to_owned())
        .collect();
    let streamed_ids: Vec<String> = streamed.calls.into_values().map(|c| c.0).collect();
    assert_eq!(ids, streamed_ids);
}

#[test]
fn id_less_fragments_continue_and_late_names_arrive_once() {
    let mut translator = ChunkTranslator::new(ctx(ApiFormat::Generic, false));
    let mut lines = Vec::new();
    for payload in [
        // Arguments before the name, no id at all.
        r#"{"message":{"toolCalls":[{"arguments":"{\"a\""}]}}"#,
        r#"{"message":{"toolCalls":[{"name":"f","arguments":":1}"}]}}"#,
        // A second call at position 1 of the same event array, then continued.
        r#"{"message":{"toolCalls":[{"arguments":""},{"id":"x","name":"g","arguments":"{"}]}}"#,
        r#"{"message":{"toolCalls":[{},{"arguments":"}"}]}}"#,
        r#"{"finishReason":"stop"}"#,
    ] {
        for chunk in translator.push(&event(payload)).unwrap() {
            lines.push(serde_json::to_value(chunk).unwrap());
        }
    }
    let rebuilt = rebuild(&lines);
    let calls: Vec<_> = rebuilt
        .calls
        .into_values()
        .map(|(_, n, a)| (n, a))
        .collect();
    assert_eq!(
        calls,
        [
            ("f".to_owned(), r#"{"a":1}"#.to_owned()),
            ("g".to_owned(), "{}".to_owned())
        ]
    );
    assert_eq!(rebuilt.finish, ["tool_calls"]);
}
