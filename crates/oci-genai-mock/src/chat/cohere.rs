//! COHERE (Cohere V1) answers.
//!
//! Streams follow the live captures: token deltas with `pad`; on a tool turn
//! an event repeating the whole text with the calls, then a finish event
//! repeating text, history and calls; on a text turn a finish event with
//! `text: ""` and `chatHistory: []`. Usage, when asked for, rides on the
//! finish event. No `[DONE]`, and the connection stays open.

use oci_genai_client::wire::{
    ChatResponse, ChatResult, CohereChatBotMessage, CohereChatRequest, CohereChatResponse,
    CohereFinishReason, CohereMessage, CohereStreamEvent, CohereToolCall, CohereToolMessage,
    CohereUserMessage, Usage,
};

use super::Answer;
use super::reply::{Finish, Reply};
use crate::tokens;

fn finish_reason(finish: Finish) -> CohereFinishReason {
    match finish {
        Finish::Length => CohereFinishReason::MaxTokens,
        // A tool turn ends with COMPLETE too (LiteLLM PR #30947).
        Finish::Stop | Finish::StopSequence | Finish::ToolCalls => CohereFinishReason::Complete,
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

fn calls(reply: &Reply) -> Option<Vec<CohereToolCall>> {
    (!reply.calls.is_empty()).then(|| {
        reply
            .calls
            .iter()
            .map(|call| CohereToolCall {
                name: call.name.clone(),
                parameters: call.arguments.clone(),
            })
            .collect()
    })
}

/// The history including this turn, as Cohere returns it.
fn history(request: &CohereChatRequest, reply: &Reply) -> Vec<CohereMessage> {
    let mut history = request.chat_history.clone().unwrap_or_default();
    if !request.message.is_empty() {
        history.push(CohereMessage::User(CohereUserMessage {
            message: request.message.clone(),
        }));
    }
    if let Some(results) = request.tool_results.as_ref().filter(|r| !r.is_empty()) {
        history.push(CohereMessage::Tool(CohereToolMessage {
            tool_results: results.clone(),
        }));
    }
    history.push(CohereMessage::Chatbot(CohereChatBotMessage {
        message: Some(reply.text.clone()),
        tool_calls: calls(reply),
    }));
    history
}

/// The non-streaming answer.
pub(crate) fn result(answer: &Answer<'_>, request: &CohereChatRequest) -> ChatResult {
    let reply = answer.reply;
    ChatResult {
        model_id: answer.model_id.to_owned(),
        model_version: answer.model.version.clone(),
        chat_response: ChatResponse::Cohere(CohereChatResponse {
            text: reply.text.clone(),
            chat_history: Some(history(request, reply)),
            finish_reason: finish_reason(reply.finish),
            tool_calls: calls(reply),
            usage: Some(usage(reply)),
            ..CohereChatResponse::default()
        }),
    }
}

/// The streamed answer.
pub(crate) fn events(answer: &Answer<'_>, request: &CohereChatRequest) -> Vec<CohereStreamEvent> {
    let reply = answer.reply;
    let mut events: Vec<CohereStreamEvent> = tokens::pieces(&reply.text)
        .into_iter()
        .enumerate()
        .map(|(n, piece)| CohereStreamEvent {
            text: Some(piece.to_owned()),
            pad: Some(answer.ids.pad(n)),
            ..CohereStreamEvent::default()
        })
        .collect();
    let usage = answer.conversation.include_usage.then(|| usage(reply));
    let finish_reason = Some(finish_reason(reply.finish));
    if reply.calls.is_empty() {
        events.push(CohereStreamEvent {
            text: Some(String::new()),
            chat_history: Some(Vec::new()),
            finish_reason,
            usage,
            pad: Some(answer.ids.pad(events.len())),
            ..CohereStreamEvent::default()
        });
    } else {
        events.push(CohereStreamEvent {
            text: Some(reply.text.clone()),
            tool_calls: calls(reply),
            pad: Some(answer.ids.pad(events.len())),
            ..CohereStreamEvent::default()
        });
        events.push(CohereStreamEvent {
            text: Some(reply.text.clone()),
            chat_history: Some(
                history(request, reply)
                    .iter()
                    .filter_map(|message| serde_json::to_value(message).ok())
                    .collect(),
            ),
            finish_reason,
            tool_calls: calls(reply),
            usage,
            pad: Some(answer.ids.pad(events.len())),
            ..CohereStreamEvent::default()
        });
    }
    events
}
