//! COHEREV2 (Cohere V2) answers.
//!
//! Streams follow the live capture: `{"apiFormat":"COHEREV2","message":{"role":"ASSISTANT","content":[…]}}`
//! deltas (`THINKING` parts first when reasoning), then
//! `{"apiFormat":"COHEREV2","message":{"role":"ASSISTANT"},"finishReason":"COMPLETE"}`.
//! No `[DONE]`, and the connection stays open. How OCI streams V2 tool calls
//! has not been captured: the mock sends the plan as `toolPlan` deltas and
//! each call whole, ending with `TOOL_CALL`; usage, when asked for, rides on
//! the finish event as on Cohere V1.

use oci_genai_client::wire::{
    ChatResponse, ChatResult, CohereAssistantMessageV2, CohereChatResponseV2, CohereContentV2,
    CohereThinkingContentV2, CohereToolCallV2, CohereV2FinishReason, CohereV2StreamEvent,
    CohereV2StreamMessage, MessageRole, ToolType, Usage,
};
use serde_json::json;

use super::Answer;
use super::reply::{Finish, Reply};
use crate::tokens;

fn finish_reason(finish: Finish) -> CohereV2FinishReason {
    match finish {
        Finish::Stop => CohereV2FinishReason::Complete,
        Finish::StopSequence => CohereV2FinishReason::StopSequence,
        Finish::Length => CohereV2FinishReason::MaxTokens,
        Finish::ToolCalls => CohereV2FinishReason::ToolCall,
    }
}

fn usage(reply: &Reply) -> Usage {
    Usage {
        completion_tokens: Some(reply.tokens.completion),
        prompt_tokens: Some(reply.tokens.prompt),
        total_tokens: Some(reply.tokens.prompt.saturating_add(reply.tokens.completion)),
        ..Usage::default()
    }
}

fn calls(answer: &Answer<'_>) -> Vec<CohereToolCallV2> {
    answer
        .reply
        .calls
        .iter()
        .enumerate()
        .map(|(i, call)| CohereToolCallV2 {
            id: Some(answer.ids.cohere_call_id(&call.name, i)),
            r#type: Some(ToolType::Function),
            function: Some(json!({"name": call.name, "arguments": call.arguments_json()})),
        })
        .collect()
}

fn thinking(text: &str) -> CohereContentV2 {
    CohereContentV2::Thinking(CohereThinkingContentV2 {
        thinking: Some(text.to_owned()),
    })
}

/// The non-streaming answer.
pub(crate) fn result(answer: &Answer<'_>) -> ChatResult {
    let reply = answer.reply;
    let tool_turn = !reply.calls.is_empty();
    let mut content: Vec<CohereContentV2> = reply
        .reasoning
        .as_deref()
        .map(thinking)
        .into_iter()
        .collect();
    if !tool_turn {
        content.push(CohereContentV2::text(reply.text.clone()));
    }
    ChatResult {
        model_id: answer.model_id.to_owned(),
        model_version: answer.model.version.clone(),
        chat_response: ChatResponse::CohereV2(CohereChatResponseV2 {
            id: answer.ids.uuid(),
            message: CohereAssistantMessageV2 {
                content: (!content.is_empty()).then_some(content),
                tool_plan: tool_turn.then(|| reply.text.clone()),
                tool_calls: tool_turn.then(|| calls(answer)),
                citations: None,
            },
            finish_reason: finish_reason(reply.finish),
            usage: Some(usage(reply)),
            ..CohereChatResponseV2::default()
        }),
    }
}

fn delta(message: CohereV2StreamMessage) -> CohereV2StreamEvent {
    CohereV2StreamEvent {
        message: Some(CohereV2StreamMessage {
            role: Some(MessageRole::Assistant),
            ..message
        }),
        ..CohereV2StreamEvent::default()
    }
}

/// The streamed answer.
pub(crate) fn events(answer: &Answer<'_>) -> Vec<CohereV2StreamEvent> {
    let reply = answer.reply;
    let mut events = Vec::new();
    for piece in tokens::pieces(reply.reasoning.as_deref().unwrap_or("")) {
        events.push(delta(CohereV2StreamMessage {
            content: Some(vec![thinking(piece)]),
            ..CohereV2StreamMessage::default()
        }));
    }
    if reply.calls.is_empty() {
        for piece in tokens::pieces(&reply.text) {
            events.push(delta(CohereV2StreamMessage {
                content: Some(vec![CohereContentV2::text(piece)]),
                ..CohereV2StreamMessage::default()
            }));
        }
    } else {
        for piece in tokens::pieces(&reply.text) {
            events.push(delta(CohereV2StreamMessage {
                tool_plan: Some(piece.to_owned()),
                ..CohereV2StreamMessage::default()
            }));
        }
        for call in calls(answer) {
            events.push(delta(CohereV2StreamMessage {
                tool_calls: Some(vec![call]),
                ..CohereV2StreamMessage::default()
            }));
        }
    }
    events.push(CohereV2StreamEvent {
        message: Some(CohereV2StreamMessage {
            role: Some(MessageRole::Assistant),
            ..CohereV2StreamMessage::default()
        }),
        finish_reason: Some(finish_reason(reply.finish)),
        usage: answer.conversation.include_usage.then(|| usage(reply)),
        ..CohereV2StreamEvent::default()
    });
    events
}
