//! The SSE captures decode into the documented event shapes, and every event
//! serializes back to its payload.

use oci_genai_client::sse::Event;
use oci_genai_client::wire::*;
use serde_json::{Value, json};

use crate::support::{
    Item, SSE_FIXTURES, assert_json_eq, decode, items, join_tool_calls, parse_items, read_json, sse,
};

fn generic(item: &Item) -> &GenericStreamEvent {
    match item.event() {
        ChatStreamEvent::Generic(event) => event,
        other => panic!("not GENERIC: {other:?}"),
    }
}

fn cohere(item: &Item) -> &CohereStreamEvent {
    match item.event() {
        ChatStreamEvent::Cohere(event) => event,
        other => panic!("not COHERE: {other:?}"),
    }
}

fn cohere_v2(item: &Item) -> &CohereV2StreamEvent {
    match item.event() {
        ChatStreamEvent::CohereV2(event) => event,
        other => panic!("not COHEREV2: {other:?}"),
    }
}

fn generic_text(items: &[Item]) -> String {
    items
        .iter()
        .filter_map(|item| match item {
            Item::Event(ChatStreamEvent::Generic(e)) => e.text().map(|t| t.into_owned()),
            _ => None,
        })
        .collect()
}

#[test]
fn every_event_serializes_back_to_its_payload() {
    for name in SSE_FIXTURES {
        for event in decode(&sse(name)) {
            if event.is_done() {
                continue;
            }
            let payload: Value = serde_json::from_str(event.data()).unwrap();
            let parsed = ChatStreamEvent::from_json(event.data().as_bytes()).unwrap();
            assert!(
                !matches!(parsed, ChatStreamEvent::Other(_)),
                "{name}: {}",
                event.data()
            );
            assert_json_eq(&serde_json::to_value(&parsed).unwrap(), &payload, name);
            // The fast path and plain serde agree.
            let via_serde: ChatStreamEvent = serde_json::from_str(event.data()).unwrap();
            assert_eq!(via_serde, parsed, "{name}");
            let via_value: ChatStreamEvent = serde_json::from_value(payload).unwrap();
            assert_eq!(via_value, parsed, "{name}");
        }
    }
}

#[test]
fn meta_llama_text_stream() {
    let items = items("meta-llama-text.sse");
    assert_eq!(items.len(), 15);
    assert_eq!(
        generic_text(&items),
        "It is 18 °C in Paris — take an umbrella ☔."
    );
    let first = generic(&items[0]);
    assert_eq!(first.index, Some(0));
    assert_eq!(first.text().as_deref(), Some(""));
    assert!(first.pad.as_deref().unwrap().chars().all(|c| c == 'a'));
    let message = first.message.as_ref().unwrap();
    assert_eq!(message.role, Some(MessageRole::Assistant));
    // Finish event: the Meta shape, without `index`.
    let finish = generic(&items[12]);
    assert_eq!(finish.finish_reason.as_deref(), Some("stop"));
    assert_eq!(finish.index, None);
    assert_eq!(finish.text().as_deref(), Some(""));
    // Then the usage-only event and the sentinel.
    let usage = generic(&items[13]);
    assert!(usage.message.is_none() && usage.finish_reason.is_none());
    assert_eq!(
        usage.usage,
        Some(Usage {
            completion_tokens: Some(12),
            prompt_tokens: Some(42),
            total_tokens: Some(54),
            ..Default::default()
        })
    );
    assert_eq!(items[14], Item::Done);
}

#[test]
fn openai_served_parallel_tool_calls_fragmented_at_position_zero() {
    let items = items("openai-gpt-parallel-tools.sse");
    assert_eq!(items.len(), 10);
    assert!(!items.contains(&Item::Done));
    for item in &items {
        assert_eq!(generic(item).service_tier.as_deref(), Some("default"));
    }
    for item in &items[1..8] {
        let calls = generic(item)
            .message
            .as_ref()
            .unwrap()
            .tool_calls
            .as_ref()
            .unwrap();
        assert_eq!(calls.len(), 1, "one fragment per event, at position 0");
        assert_eq!(calls[0].r#type, Some(ToolType::Function));
    }
    let opening = &generic(&items[1])
        .message
        .as_ref()
        .unwrap()
        .tool_calls
        .as_ref()
        .unwrap()[0];
    assert_eq!(opening.arguments.as_deref(), Some(""));
    let fragment = &generic(&items[2])
        .message
        .as_ref()
        .unwrap()
        .tool_calls
        .as_ref()
        .unwrap()[0];
    assert_eq!((fragment.id.as_ref(), fragment.name.as_ref()), (None, None));
    assert_eq!(
        join_tool_calls(&items),
        vec![
            (
                Some("call_Wx3kP0aF1Qm7Yt2Lr9BnZc5D".into()),
                "get_weather".into(),
                r#"{"city": "Paris"}"#.into()
            ),
            (
                Some("call_Qe8vN2mR4sT6uW0yA1bC3dE5".into()),
                "get_time".into(),
                r#"{"timezone": "Europe/Paris"}"#.into()
            ),
        ]
    );
    let finish = generic(&items[8]);
    assert_eq!(finish.finish_reason.as_deref(), Some("tool_calls"));
    assert!(finish.message.is_none());
    let usage = generic(&items[9]).usage.as_ref().unwrap();
    assert_eq!(
        usage
            .completion_tokens_details
            .as_ref()
            .unwrap()
            .accepted_prediction_tokens,
        Some(0)
    );
    assert_eq!(
        usage.prompt_tokens_details.as_ref().unwrap().cached_tokens,
        Some(0)
    );
}

#[test]
fn gpt_oss_first_fragment_carries_partial_arguments() {
    let items = items("openai-gpt-oss-tool.sse");
    let reasoning = generic(&items[0])
        .message
        .as_ref()
        .unwrap()
        .reasoning_content
        .as_deref();
    assert_eq!(reasoning, Some("Need the weather for NYC."));
    let second = &generic(&items[2])
        .message
        .as_ref()
        .unwrap()
        .tool_calls
        .as_ref()
        .unwrap()[0];
    assert_eq!(second.r#type, None);
    assert_eq!(
        join_tool_calls(&items),
        vec![(
            Some("call_abc123".into()),
            "get_weather".into(),
            r#"{"location": "NYC"}"#.into()
        )]
    );
}

#[test]
fn grok_sends_whole_tool_calls_one_per_event() {
    let items = items("xai-grok-tools.sse");
    let reasoning: String = items
        .iter()
        .filter_map(|i| generic(i).message.as_ref()?.reasoning_content.clone())
        .collect();
    assert_eq!(
        reasoning,
        "The user wants the weather and the time in Tokyo; I will call both tools."
    );
    assert_eq!(
        join_tool_calls(&items),
        vec![
            (
                Some("call_70912843".into()),
                "get_weather".into(),
                r#"{"location":"Tokyo"}"#.into()
            ),
            (
                Some("call_18375520".into()),
                "get_time".into(),
                r#"{"timezone":"Asia/Tokyo"}"#.into()
            ),
        ]
    );
    assert_eq!(
        generic(&items[5]),
        &GenericStreamEvent {
            finish_reason: Some("tool_calls".into()),
            ..Default::default()
        }
    );
}

#[test]
fn gemini_text_parts_without_text_and_calls_without_ids() {
    let items = items("gemini-tools.sse");
    let first = generic(&items[0]);
    let message = first.message.as_ref().unwrap();
    assert_eq!(
        message.content,
        Some(vec![ChatContent::Text(TextContent { text: None })])
    );
    assert_eq!(first.text(), None);
    let calls = join_tool_calls(&items);
    assert_eq!(calls.len(), 2);
    assert!(calls.iter().all(|(id, _, _)| id.is_none()));
    assert_eq!(calls[1].1, "get_time");
    assert_eq!(generic(&items[2]).finish_reason.as_deref(), Some("stop"));
    // Usage arrives although the request did not ask for it.
    assert_eq!(
        generic(&items[3]).usage.as_ref().unwrap().total_tokens,
        Some(85)
    );
}

#[test]
fn gemini_max_tokens_and_usage_without_completion_tokens() {
    let items = items("gemini-max-tokens.sse");
    assert_eq!(items.len(), 3);
    assert_eq!(
        generic(&items[1]).finish_reason.as_deref(),
        Some("max_tokens")
    );
    let usage = generic(&items[2]).usage.as_ref().unwrap();
    assert_eq!(usage.completion_tokens, None);
    assert_eq!(usage.prompt_tokens, Some(7));
    assert_eq!(usage.total_tokens, Some(24));
    assert_eq!(
        usage
            .completion_tokens_details
            .as_ref()
            .unwrap()
            .reasoning_tokens,
        Some(17)
    );
}

#[test]
fn cohere_v1_tool_turn() {
    let items = items("cohere-v1-tool-turn.sse");
    assert_eq!(items.len(), 15);
    let deltas: String = items
        .iter()
        .filter_map(|i| cohere(i).text_delta())
        .collect();
    let full = "I will use the tool to find out the weather in Paris.";
    assert_eq!(deltas, full);
    // The tool-call event repeats the whole text and is not a delta.
    let tool_event = cohere(&items[13]);
    assert_eq!(tool_event.text.as_deref(), Some(full));
    assert_eq!(tool_event.text_delta(), None);
    assert_eq!(tool_event.finish_reason, None);
    let call = &tool_event.tool_calls.as_ref().unwrap()[0];
    assert_eq!(
        (call.name.as_str(), &call.parameters),
        ("get_weather", &json!({"city": "Paris"}))
    );
    // The final event repeats text and history and carries the usage.
    let last = cohere(&items[14]);
    assert_eq!(last.finish_reason, Some(CohereFinishReason::Complete));
    assert_eq!(last.text.as_deref(), Some(full));
    let history: Vec<CohereMessage> = last
        .chat_history
        .iter()
        .flatten()
        .map(|entry| serde_json::from_value(entry.clone()).unwrap())
        .collect();
    assert!(
        matches!(&history[0], CohereMessage::User(m) if m.message == "What's the weather in Paris?")
    );
    assert!(
        matches!(&history[1], CohereMessage::Chatbot(m) if m.tool_calls.as_ref().unwrap()[0] == *call)
    );
    assert_eq!(last.usage.as_ref().unwrap().total_tokens, Some(897));
    assert!(!items.contains(&Item::Done));
}

/// The final event repeats the whole history; an entry of a shape nothing here knows must
/// not fail the event that completes the answer.
#[test]
fn cohere_v1_final_event_reads_whatever_its_history_holds() {
    let event = ChatStreamEvent::from_json(
        br#"{"apiFormat":"COHERE","text":"","finishReason":"COMPLETE","chatHistory":[{"role":"USER"},{"role":"NEW_ROLE","x":1}]}"#,
    )
    .unwrap();
    let ChatStreamEvent::Cohere(event) = event else {
        panic!("{event:?}")
    };
    assert_eq!(event.finish_reason, Some(CohereFinishReason::Complete));
    assert_eq!(event.chat_history.map(|history| history.len()), Some(2));
}

#[test]
fn cohere_v1_text_with_usage_on_the_finish_event() {
    let items = items("cohere-v1-text.sse");
    let deltas: String = items
        .iter()
        .filter_map(|i| cohere(i).text_delta())
        .collect();
    assert_eq!(deltas, "Hi!");
    let last = cohere(&items[2]);
    assert_eq!(last.text.as_deref(), Some(""));
    assert_eq!(last.chat_history, Some(vec![]));
    assert_eq!(last.usage.as_ref().unwrap().completion_tokens, Some(2));
}

#[test]
fn cohere_v2_text_stream() {
    let items = items("cohere-v2-text.sse");
    let text: String = items
        .iter()
        .flat_map(|i| cohere_v2(i).message.as_ref()?.content.clone())
        .flatten()
        .filter_map(|c| match c {
            CohereContentV2::Text(t) => t.text,
            _ => None,
        })
        .collect();
    assert_eq!(text, "Hi!");
    let finish = cohere_v2(&items[2]);
    assert_eq!(finish.finish_reason, Some(CohereV2FinishReason::Complete));
    assert_eq!(
        finish.message,
        Some(CohereV2StreamMessage {
            role: Some(MessageRole::Assistant),
            ..Default::default()
        })
    );
    assert_eq!(finish.usage, None);
}

#[test]
fn cohere_v2_thinking_stream() {
    let items = items("cohere-v2-thinking.sse");
    let (mut thinking, mut text) = (String::new(), String::new());
    for item in &items {
        for part in cohere_v2(item)
            .message
            .as_ref()
            .and_then(|m| m.content.clone())
            .unwrap_or_default()
        {
            match part {
                CohereContentV2::Thinking(t) => thinking.push_str(t.thinking.as_deref().unwrap()),
                CohereContentV2::Text(t) => text.push_str(t.text.as_deref().unwrap()),
                other => panic!("unexpected part {other:?}"),
            }
        }
    }
    assert_eq!(thinking, "The user asks for 17 × 3. 17 × 3 = 51.");
    assert_eq!(text, "17 × 3 = 51");
}

#[test]
fn oci_example_stream_payloads() {
    // The shared example lists the `data:` payloads of one GENERIC tool-call
    // turn; write them as an event stream and read them back.
    let example = read_json("oci-examples/generic-chat-stream.json");
    let mut body = String::new();
    for payload in example["sse_data_lines"].as_array().unwrap() {
        let data = match payload {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        body.push_str(&Event::new(data).encode());
    }
    let items = parse_items(&decode(body.as_bytes()));
    assert_eq!(items.len(), 9);
    assert_eq!(items[8], Item::Done);
    assert_eq!(generic_text(&items), "Let me check the weather.");
    assert_eq!(
        join_tool_calls(&items),
        vec![(
            Some("chatcmpl-tool-a165800d4d7789c7".into()),
            "get_weather".into(),
            r#"{"city": "Paris"}"#.into()
        )]
    );
    assert_eq!(
        generic(&items[6]).finish_reason.as_deref(),
        Some("tool_calls")
    );
    assert_eq!(
        generic(&items[7]).usage.as_ref().unwrap().total_tokens,
        Some(243)
    );
}

#[test]
fn stream_events_round_trip_through_the_encoder() {
    // What a mock server does: serialize events, frame them, send them.
    let events = vec![
        ChatStreamEvent::Generic(GenericStreamEvent {
            index: Some(0),
            message: Some(GenericStreamMessage {
                role: Some(MessageRole::Assistant),
                content: Some(vec![ChatContent::text("line one\nline two \"quoted\" 😀")]),
                tool_calls: Some(vec![ToolCallFragment {
                    id: Some("call_1".into()),
                    r#type: Some(ToolType::Function),
                    name: Some("f".into()),
                    arguments: Some("{\"a\":".into()),
                }]),
                ..Default::default()
            }),
            pad: Some("aaaa".into()),
            ..Default::default()
        }),
        ChatStreamEvent::Cohere(CohereStreamEvent {
            text: Some("x".into()),
            finish_reason: Some(CohereFinishReason::Other("NEW_REASON".into())),
            usage: Some(Usage {
                total_tokens: Some(1),
                ..Default::default()
            }),
            ..Default::default()
        }),
        ChatStreamEvent::CohereV2(CohereV2StreamEvent {
            message: Some(CohereV2StreamMessage {
                content: Some(vec![CohereContentV2::text("y")]),
                tool_plan: Some("plan".into()),
                ..Default::default()
            }),
            ..Default::default()
        }),
        ChatStreamEvent::Other(json!({"apiFormat": "FUTURE", "x": [1, 2]})),
    ];
    let body: String = events
        .iter()
        .map(|e| Event::new(serde_json::to_string(e).unwrap()).encode())
        .collect();
    let back: Vec<ChatStreamEvent> = decode(body.as_bytes())
        .iter()
        .map(|e| ChatStreamEvent::from_json(e.data().as_bytes()).unwrap())
        .collect();
    assert_eq!(back, events);
}
