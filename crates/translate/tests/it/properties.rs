//! Property tests: any valid OpenAI request translates or fails with an error, never a
//! panic; the stream translator never panics on any event sequence and keeps its promises
//! (one id per stream, a call's id on its first fragment only, nothing after completion).

use std::collections::HashSet;
use std::sync::{Arc, LazyLock};

use oci_genai_client::wire::ChatStreamEvent;
use openai_types::chat::CreateChatCompletionRequest;
use proptest::prelude::*;
use serde_json::{Map, Value, json};
use translate::{
    AliasSettings, ApiFormat, ChunkTranslator, ModelCatalog, ResponseContext, SchemaMemo,
    TranslateError, Translated, chat_request, clean_schema, is_unchanged_by_cleaning,
};

use crate::support::options;

/// Memos kept from one case to the next, so that each case meets whatever earlier ones left:
/// the same names with other schemas, and (in the small one) a memo emptied for room.
static MEMOS: LazyLock<[Arc<SchemaMemo>; 2]> = LazyLock::new(|| {
    [
        Arc::new(SchemaMemo::new()),
        Arc::new(SchemaMemo::with_limits(3, 2_048)),
    ]
});

/// A translation as the bytes sent to OCI, or its error.
fn written(
    result: &Result<Translated<oci_genai_client::wire::ChatDetails>, TranslateError>,
) -> Result<String, String> {
    match result {
        Ok(translated) => Ok(serde_json::to_string(&translated.value).unwrap()),
        Err(error) => Err(error.to_string()),
    }
}

fn catalog() -> ModelCatalog {
    let mut defaulted = AliasSettings::new("meta.llama-3.3-70b-instruct");
    defaulted.default_max_tokens = Some(100);
    defaulted.max_tokens_cap = Some(50);
    let mut thinking = AliasSettings::new("cohere.command-r-08-2024");
    thinking.thinking = true;
    let mut forced = AliasSettings::new("cohere.command-a-vision-07-2025");
    forced.api_format = Some(ApiFormat::Cohere);
    ModelCatalog::default()
        .with_alias("defaulted", defaulted)
        .with_alias("thinking", thinking)
        .with_alias("forced-v1", forced)
}

const MODELS: &[&str] = &[
    "meta.llama-3.3-70b-instruct",
    "openai.gpt-5",
    "openai.gpt-oss-120b",
    "cohere.command-r-plus-08-2024",
    "cohere.command-a-vision-07-2025",
    "cohere.command-a-reasoning-08-2025",
    "ocid1.generativeaiendpoint.oc1.x",
    "gpt-5",
    "defaulted",
    "thinking",
    "forced-v1",
    "not-a-model",
];

fn text() -> impl Strategy<Value = String> {
    prop_oneof![Just(String::new()), "[a-z ]{0,12}", "\\PC{0,8}"]
}

fn call_id() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("call_0".to_owned()),
        Just("call_1".to_owned()),
        Just("call_2".to_owned()),
        Just(String::new())
    ]
}

/// Arbitrary JSON, biased towards schema keywords.
fn schema() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(json!(null)),
        any::<bool>().prop_map(Value::from),
        any::<i32>().prop_map(Value::from),
        prop_oneof![
            Just("string"),
            Just("object"),
            Just("array"),
            Just("null"),
            Just("any"),
            Just("#/$defs/A"),
            Just("#/definitions/B"),
            Just("#/$defs/missing"),
            Just("x")
        ]
        .prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec(
                (
                    prop_oneof![
                        Just("type"),
                        Just("properties"),
                        Just("items"),
                        Just("required"),
                        Just("anyOf"),
                        Just("oneOf"),
                        Just("$ref"),
                        Just("$defs"),
                        Just("A"),
                        Just("B"),
                        Just("definitions"),
                        Just("title"),
                        Just("default"),
                        Just("enum"),
                        Just("description"),
                        Just("additionalProperties")
                    ],
                    inner
                ),
                0..5
            )
            .prop_map(|pairs| Value::Object(
                pairs
                    .into_iter()
                    .map(|(k, v)| (k.to_owned(), v))
                    .collect::<Map<_, _>>()
            )),
        ]
    })
}

/// A schema cleaning leaves alone: typed leaves, objects whose `required` names some of their
/// properties, arrays with `items`, unions without a `null` branch.
fn plain_schema() -> impl Strategy<Value = Value> {
    let leaf = (
        prop_oneof![
            Just("string"),
            Just("integer"),
            Just("number"),
            Just("boolean")
        ],
        prop::option::of(text()),
    )
        .prop_map(|(ty, description)| {
            let mut schema = json!({ "type": ty });
            if let Some(description) = description {
                schema["description"] = description.into();
            }
            schema
        });
    leaf.prop_recursive(4, 32, 4, |inner| {
        prop_oneof![
            (
                prop::collection::btree_map("[a-z]{1,6}", inner.clone(), 1..4),
                any::<prop::sample::Index>()
            )
                .prop_map(|(properties, pick)| {
                    let names: Vec<_> = properties.keys().cloned().collect();
                    let required = &names[..=pick.index(names.len())];
                    json!({"type": "object", "properties": properties, "required": required})
                }),
            inner
                .clone()
                .prop_map(|items| json!({"type": "array", "items": items})),
            prop::collection::vec(inner, 2..3).prop_map(|branches| json!({ "anyOf": branches })),
        ]
    })
}

fn content() -> impl Strategy<Value = Value> {
    let part = prop_oneof![
        text().prop_map(|t| json!({"type": "text", "text": t})),
        Just(
            json!({"type": "image_url", "image_url": {"url": "data:image/png;base64,AA==", "detail": "low"}})
        ),
        Just(json!({"type": "input_audio", "input_audio": {"data": "AA==", "format": "wav"}})),
        Just(json!({"type": "file", "file": {"file_data": "data:application/pdf;base64,AA=="}})),
        Just(json!({"type": "file", "file": {"file_id": "file-1"}})),
    ];
    prop_oneof![
        text().prop_map(Value::from),
        prop::collection::vec(part, 0..3).prop_map(Value::Array),
    ]
}

fn message() -> impl Strategy<Value = Value> {
    let tool_call = (call_id(), text(), prop_oneof![Just("{\"a\":1}".to_owned()), text()])
        .prop_map(|(id, name, args)| json!({"id": id, "type": "function", "function": {"name": name, "arguments": args}}));
    prop_oneof![
        text().prop_map(|t| json!({"role": "system", "content": t})),
        text().prop_map(|t| json!({"role": "developer", "content": [{"type": "text", "text": t}]})),
        content().prop_map(|c| json!({"role": "user", "content": c})),
        (
            prop::option::of(text()),
            prop::collection::vec(tool_call, 0..3)
        )
            .prop_map(|(t, calls)| {
                let mut m = json!({"role": "assistant", "content": t});
                if !calls.is_empty() {
                    m["tool_calls"] = Value::Array(calls);
                }
                m
            }),
        (call_id(), text(), any::<bool>()).prop_map(|(id, t, named)| {
            let mut m = json!({"role": "tool", "tool_call_id": id, "content": t});
            if named {
                m["name"] = json!("lookup");
            }
            m
        }),
        Just(json!({"role": "function", "name": "f", "content": "x"})),
    ]
}

fn tool() -> impl Strategy<Value = Value> {
    prop_oneof![
        (
            text(),
            prop::option::of(schema()),
            prop::option::of(any::<bool>())
        )
            .prop_map(|(name, parameters, strict)| {
                let mut function = json!({"name": name});
                if let Some(p) = parameters {
                    function["parameters"] = p;
                }
                if let Some(s) = strict {
                    function["strict"] = json!(s);
                }
                json!({"type": "function", "function": function})
            }),
        Just(json!({"type": "custom", "custom": {"name": "free"}})),
    ]
}

fn request() -> impl Strategy<Value = Value> {
    let tool_choice = prop_oneof![
        Just(json!("auto")),
        Just(json!("none")),
        Just(json!("required")),
        Just(json!("sometimes")),
        text().prop_map(|n| json!({"type": "function", "function": {"name": n}})),
        Just(json!({"type": "custom", "custom": {"name": "free"}})),
        Just(
            json!({"type": "allowed_tools", "allowed_tools": {"mode": "required", "tools": [{"type": "function", "function": {"name": ""}}]}})
        ),
    ];
    let response_format = prop_oneof![
        Just(json!({"type": "text"})), Just(json!({"type": "json_object"})),
        schema().prop_map(|s| json!({"type": "json_schema", "json_schema": {"name": "x", "schema": s, "strict": true}})),
    ];
    (
        (
            prop::sample::select(MODELS),
            prop::collection::vec(message(), 0..7),
            prop::option::of(prop::collection::vec(tool(), 0..4)),
            prop::option::of(tool_choice),
            prop::option::of(any::<bool>()),
            prop::option::of(response_format),
        ),
        (
            prop::option::of(0u32..4),
            prop::option::of(-3.0f64..3.0),
            prop::option::of(-3.0f64..3.0),
            prop::option::of(prop_oneof![
                Just(json!("END")),
                Just(json!(["a", "b"])),
                Just(json!([]))
            ]),
            prop::option::of(any::<bool>()),
            prop::option::of(0u32..5),
            prop::option::of(prop_oneof![
                Just("none"),
                Just("low"),
                Just("xhigh"),
                Just("odd")
            ]),
            prop::option::of(any::<bool>()),
            prop::option::of(any::<bool>()),
            prop::option::of(0u32..100_000),
            prop::option::of(prop_oneof![
                Just(json!(40)),
                Just(json!("x")),
                Just(json!(-1))
            ]),
            prop::option::of(prop_oneof![
                Just(json!(["text"])),
                Just(json!(["text", "audio"]))
            ]),
        ),
    )
        .prop_map(|(a, b)| {
            let (model, messages, tools, tool_choice, parallel, response_format) = a;
            let (
                n,
                temperature,
                penalty,
                stop,
                logprobs,
                top_logprobs,
                effort,
                stream,
                usage,
                max,
                top_k,
                modalities,
            ) = b;
            let mut r = json!({"model": model, "messages": messages});
            let mut set = |key: &str, value: Option<Value>| {
                if let Some(v) = value {
                    r[key] = v;
                }
            };
            set("tools", tools.map(Value::Array));
            set("tool_choice", tool_choice);
            set("parallel_tool_calls", parallel.map(Value::from));
            set("response_format", response_format);
            set("n", n.map(Value::from));
            set("temperature", temperature.map(Value::from));
            set("presence_penalty", penalty.map(Value::from));
            set("stop", stop);
            set("logprobs", logprobs.map(Value::from));
            set("top_logprobs", top_logprobs.map(Value::from));
            set("reasoning_effort", effort.map(Value::from));
            set("stream", stream.map(Value::from));
            set("stream_options", usage.map(|u| json!({"include_usage": u})));
            set("max_completion_tokens", max.map(Value::from));
            set("top_k", top_k);
            set("modalities", modalities);
            r
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn any_request_translates_or_fails_cleanly(json in request()) {
        let Ok(request) = serde_json::from_value::<CreateChatCompletionRequest>(json) else {
            return Ok(());
        };
        let target = catalog().resolve(&request.model);
        let result = target
            .clone()
            .and_then(|target| chat_request(&request, &target, &options()));
        let owned = target
            .clone()
            .and_then(|target| chat_request(&mut request.clone(), &target, &options()));
        prop_assert_eq!(
            owned.as_ref().map(|t| (&t.value, &t.dropped)).map_err(ToString::to_string),
            result.as_ref().map(|t| (&t.value, &t.dropped)).map_err(ToString::to_string)
        );
        // A memo changes what a translation costs, never what it sends, whatever it holds.
        for memo in MEMOS.iter() {
            let options = options().with_schema_memo(Arc::clone(memo));
            for _ in 0..2 {
                let memoized = target
                    .clone()
                    .and_then(|target| chat_request(&mut request.clone(), &target, &options));
                prop_assert_eq!(written(&memoized), written(&result));
            }
        }
        match result {
            Ok(translated) => {
                let value = serde_json::to_value(&translated.value).unwrap();
                let format = value["chatRequest"]["apiFormat"].as_str().unwrap().to_owned();
                if format == "GENERIC" {
                    prop_assert_eq!(
                        value["chatRequest"]["messages"].as_array().map(Vec::len),
                        Some(request.messages.len())
                    );
                }
                // Whatever was sent parses back into the same wire value.
                let again: oci_genai_client::wire::ChatDetails = serde_json::from_value(value).unwrap();
                prop_assert_eq!(again, translated.value);
            }
            Err(error) => {
                prop_assert!(matches!(error.status(), 400 | 404));
                prop_assert!(error.param().is_some_and(|p| !p.is_empty()));
                let _ = error.to_error_response();
            }
        }
    }

    #[test]
    fn a_schema_kept_as_text_is_one_cleaning_leaves_alone(value in schema()) {
        let text = serde_json::value::to_raw_value(&value).unwrap();
        if is_unchanged_by_cleaning(&text) {
            prop_assert_eq!(clean_schema(&value), value);
        }
    }

    #[test]
    fn plain_schemas_are_kept_as_text(value in plain_schema()) {
        let text = serde_json::value::to_raw_value(&value).unwrap();
        prop_assert!(is_unchanged_by_cleaning(&text), "{}", text);
        prop_assert_eq!(clean_schema(&value), value);
    }

    #[test]
    fn schema_cleaning_never_panics(value in schema()) {
        let cleaned = clean_schema(&value);
        if let Value::Object(map) = &cleaned {
            prop_assert!(!map.contains_key("$defs") && !map.contains_key("title"));
            if let Some(Value::Array(required)) = map.get("required") {
                let properties = map.get("properties").and_then(Value::as_object);
                for name in required {
                    prop_assert!(properties.is_some_and(|p| name.as_str().is_some_and(|n| p.contains_key(n))));
                }
            }
        }
    }
}

/// One OCI event payload of any format, with every field optional.
fn event() -> impl Strategy<Value = Value> {
    let fragment = (
        prop::option::of(prop_oneof![Just("a"), Just("b"), Just("")]),
        prop::option::of(prop_oneof![Just("f"), Just("g"), Just("")]),
        prop::option::of(prop_oneof![Just("{"), Just("\"x\":1"), Just("}"), Just("")]),
    )
        .prop_map(|(id, name, arguments)| {
            let mut f = json!({"type": "FUNCTION"});
            if let Some(id) = id {
                f["id"] = json!(id);
            }
            if let Some(name) = name {
                f["name"] = json!(name);
            }
            if let Some(arguments) = arguments {
                f["arguments"] = json!(arguments);
            }
            f
        });
    let finish = prop::option::of(prop_oneof![
        Just("stop"),
        Just("COMPLETE"),
        Just("MAX_TOKENS"),
        Just("tool_calls"),
        Just("ERROR"),
        Just("ERROR_TOXIC"),
        Just(""),
        Just("weird")
    ]);
    let usage = prop::option::of(Just(json!({"promptTokens": 3, "totalTokens": 5})));
    prop_oneof![
        (prop::option::of(0u32..3), prop::option::of(text()), prop::option::of(text()), prop::collection::vec(fragment.clone(), 0..3), finish.clone(), usage.clone())
            .prop_map(|(index, t, reasoning, calls, finish, usage)| {
                let mut e = json!({"message": {"role": "ASSISTANT"}});
                if let Some(i) = index { e["index"] = json!(i); }
                if let Some(t) = t { e["message"]["content"] = json!([{"type": "TEXT", "text": t}, {"type": "TEXT"}]); }
                if let Some(r) = reasoning { e["message"]["reasoningContent"] = json!(r); }
                if !calls.is_empty() { e["message"]["toolCalls"] = Value::Array(calls); }
                if let Some(f) = finish { e["finishReason"] = json!(f); }
                if let Some(u) = usage { e["usage"] = u; }
                e
            }),
        (prop::option::of(text()), any::<bool>(), finish.clone(), usage, prop::option::of(text()))
            .prop_map(|(t, calls, finish, usage, error)| {
                let mut e = json!({"apiFormat": "COHERE"});
                if let Some(t) = t { e["text"] = json!(t); }
                if calls { e["toolCalls"] = json!([{"name": "f", "parameters": {"x": 1}}]); }
                if let Some(f) = finish { e["finishReason"] = json!(f); }
                if let Some(u) = usage { e["usage"] = u; }
                if let Some(m) = error { e["errorMessage"] = json!(m); }
                e
            }),
        (prop::option::of(text()), prop::option::of(text()), prop::collection::vec(fragment, 0..2), finish)
            .prop_map(|(t, thinking, calls, finish)| {
                let mut e = json!({"apiFormat": "COHEREV2", "message": {"role": "ASSISTANT", "content": []}});
                if let Some(t) = t { e["message"]["content"].as_array_mut().unwrap().push(json!({"type": "TEXT", "text": t})); }
                if let Some(t) = thinking { e["message"]["content"].as_array_mut().unwrap().push(json!({"type": "THINKING", "thinking": t})); }
                let calls: Vec<Value> = calls.into_iter().map(|f| json!({"id": f.get("id"), "type": "FUNCTION", "function": {"name": f.get("name"), "arguments": f.get("arguments")}})).collect();
                if !calls.is_empty() { e["message"]["toolCalls"] = Value::Array(calls); }
                if let Some(f) = finish { e["finishReason"] = json!(f); }
                e
            }),
        Just(json!({"apiFormat": "COHEREV9", "finishReason": "DONE"})),
        Just(json!("[DONE]")),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1024, ..ProptestConfig::default() })]

    #[test]
    fn stream_translator_never_panics(events in prop::collection::vec(event(), 0..16), usage in any::<bool>(), choices in 1u32..3) {
        let mut ctx = ResponseContext::new("chatcmpl-prop", 1, "m", ApiFormat::Generic);
        ctx.include_usage = usage;
        ctx.oci_usage_requested = usage;
        ctx.choices = choices;
        let mut translator = ChunkTranslator::new(ctx);
        let mut chunks = Vec::new();
        let mut ended = false;
        for event in &events {
            let was_complete = translator.is_complete();
            let result = if event == "[DONE]" {
                Ok(translator.push_done())
            } else {
                let Ok(event) = ChatStreamEvent::from_json(event.to_string().as_bytes()) else { continue };
                translator.push(&event)
            };
            match result {
                Ok(out) => {
                    if was_complete {
                        prop_assert!(out.is_empty(), "nothing after completion");
                    }
                    chunks.extend(out);
                }
                Err(_) => ended = true,
            }
        }
        if !ended && let Ok(out) = translator.finish() {
            chunks.extend(out);
        }
        prop_assert!(translator.is_complete());
        let mut seen_ids = HashSet::new();
        let mut opened = HashSet::new();
        let mut finishes = HashSet::new();
        for chunk in &chunks {
            prop_assert_eq!(chunk.id.as_str(), "chatcmpl-prop");
            for choice in &chunk.choices {
                if choice.finish_reason.is_some() {
                    prop_assert!(finishes.insert(choice.index), "one finish chunk per choice");
                }
                for call in choice.delta.tool_calls.iter().flatten() {
                    let first = opened.insert((choice.index, call.index));
                    prop_assert_eq!(call.id.is_some(), first, "id on the first fragment only");
                    if let Some(id) = &call.id {
                        prop_assert!(seen_ids.insert((choice.index, id.clone())), "distinct ids");
                    }
                }
            }
        }
    }
}
