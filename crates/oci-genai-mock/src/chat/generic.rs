//! GENERIC answers: the `ChatResult` and the stream events, in the shape of
//! the model's family ([`GenericShape`]).

use oci_genai_client::wire::{
    AssistantMessage, ChatChoice, ChatContent, ChatResponse, ChatResult, CompletionTokensDetails,
    FunctionCall, GenericChatResponse, GenericStreamEvent, GenericStreamMessage, Message,
    MessageRole, PromptTokensDetails, TextContent, ToolCall, ToolCallFragment, ToolType, Usage,
};

use super::Answer;
use super::reply::{Finish, TokenCounts};
use super::shape::{CallStyle, GenericShape, TextPart};
use crate::tokens;

/// Tool-call arguments are streamed in pieces of about this many bytes.
const ARGUMENT_PIECE: usize = 8;

fn usage(shape: &GenericShape, counts: TokenCounts, choices: u32) -> Usage {
    let completion = counts.completion.saturating_mul(choices);
    let reasoning = counts.reasoning.saturating_mul(choices);
    let completion_tokens_details = if shape.usage_details {
        Some(CompletionTokensDetails {
            accepted_prediction_tokens: Some(0),
            reasoning_tokens: Some(reasoning),
            rejected_prediction_tokens: Some(0),
        })
    } else {
        (reasoning > 0).then(|| CompletionTokensDetails {
            reasoning_tokens: Some(reasoning),
            ..CompletionTokensDetails::default()
        })
    };
    Usage {
        completion_tokens: Some(completion),
        prompt_tokens: Some(counts.prompt),
        total_tokens: Some(counts.prompt.saturating_add(completion)),
        completion_tokens_details,
        prompt_tokens_details: shape.usage_details.then_some(PromptTokensDetails {
            cached_tokens: Some(0),
        }),
    }
}

fn service_tier(shape: &GenericShape) -> Option<String> {
    shape.service_tier.then(|| "default".to_owned())
}

/// The non-streaming answer.
pub(crate) fn result(answer: &Answer<'_>) -> ChatResult {
    let shape = GenericShape::of(answer.model.family);
    let reply = answer.reply;
    let tool_calls = (!reply.calls.is_empty()).then(|| {
        reply
            .calls
            .iter()
            .enumerate()
            .map(|(i, call)| {
                ToolCall::Function(FunctionCall {
                    id: answer.ids.call_id(shape.call_ids, i),
                    name: Some(call.name.clone()),
                    arguments: Some(call.arguments_json()),
                })
            })
            .collect()
    });
    let message = AssistantMessage {
        content: reply
            .calls
            .is_empty()
            .then(|| vec![ChatContent::text(reply.text.clone())]),
        tool_calls,
        reasoning_content: reply.reasoning.clone(),
        ..AssistantMessage::default()
    };
    let finish_reason = shape.finish_reason(reply.finish, false);
    let choices = (0..answer.conversation.choices)
        .map(|index| ChatChoice {
            index,
            message: Some(Message::Assistant(message.clone())),
            finish_reason: finish_reason.to_owned(),
            ..ChatChoice::default()
        })
        .collect();
    ChatResult {
        model_id: answer.model_id.to_owned(),
        model_version: answer.model.version.clone(),
        chat_response: ChatResponse::Generic(GenericChatResponse {
            time_created: answer.time_created.clone(),
            choices,
            usage: Some(usage(shape, reply.tokens, answer.conversation.choices)),
            service_tier: service_tier(shape),
        }),
    }
}

fn text_part(part: TextPart) -> Option<Vec<ChatContent>> {
    match part {
        TextPart::Absent => None,
        TextPart::Empty => Some(vec![ChatContent::text("")]),
        TextPart::Textless => Some(vec![ChatContent::Text(TextContent { text: None })]),
    }
}

/// `text` in pieces of about `size` bytes, cut at character boundaries.
fn chunks(text: &str, size: usize) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut start = 0;
    for (i, _) in text.char_indices() {
        if i - start >= size {
            pieces.push(&text[start..i]);
            start = i;
        }
    }
    if start < text.len() || pieces.is_empty() {
        pieces.push(&text[start..]);
    }
    pieces
}

/// The streamed answer: the events in order, and whether `data: [DONE]`
/// follows them.
pub(crate) fn events(answer: &Answer<'_>) -> (Vec<GenericStreamEvent>, bool) {
    let shape = GenericShape::of(answer.model.family);
    let reply = answer.reply;
    let tier = service_tier(shape);
    let mut events = Vec::new();
    // Several choices (`numGenerations`) stream one after the other, each in the family's
    // shape: deltas with their `index`, then the finish event, which OpenAI-served models
    // send without one.
    for choice in 0..answer.conversation.choices {
        let mut delta = |message: GenericStreamMessage| {
            let n = events.len();
            events.push(GenericStreamEvent {
                index: Some(choice),
                message: Some(GenericStreamMessage {
                    role: Some(MessageRole::Assistant),
                    ..message
                }),
                pad: Some(answer.ids.pad(n)),
                service_tier: tier.clone(),
                ..GenericStreamEvent::default()
            });
        };
        if shape.opening_empty_text {
            delta(GenericStreamMessage {
                content: text_part(TextPart::Empty),
                ..GenericStreamMessage::default()
            });
        }
        for piece in tokens::pieces(reply.reasoning.as_deref().unwrap_or("")) {
            delta(GenericStreamMessage {
                reasoning_content: Some(piece.to_owned()),
                ..GenericStreamMessage::default()
            });
        }
        for piece in tokens::pieces(&reply.text) {
            delta(GenericStreamMessage {
                content: Some(vec![ChatContent::text(piece)]),
                ..GenericStreamMessage::default()
            });
        }
        for (i, call) in reply.calls.iter().enumerate() {
            let id = answer.ids.call_id(shape.call_ids, i);
            let arguments = call.arguments_json();
            match shape.calls {
                CallStyle::Fragmented {
                    type_on_opening,
                    type_on_arguments,
                    arguments_in_opening,
                    content,
                } => {
                    let pieces = chunks(&arguments, ARGUMENT_PIECE);
                    let (opening, rest) = match pieces.split_first() {
                        Some((first, rest)) if arguments_in_opening => (*first, rest),
                        _ => ("", pieces.as_slice()),
                    };
                    delta(GenericStreamMessage {
                        content: text_part(content),
                        tool_calls: Some(vec![ToolCallFragment {
                            id,
                            r#type: type_on_opening.then_some(ToolType::Function),
                            name: Some(call.name.clone()),
                            arguments: Some(opening.to_owned()),
                        }]),
                        ..GenericStreamMessage::default()
                    });
                    for piece in rest {
                        delta(GenericStreamMessage {
                            content: text_part(content),
                            tool_calls: Some(vec![ToolCallFragment {
                                r#type: type_on_arguments.then_some(ToolType::Function),
                                arguments: Some((*piece).to_owned()),
                                ..ToolCallFragment::default()
                            }]),
                            ..GenericStreamMessage::default()
                        });
                    }
                }
                CallStyle::Whole { content } => delta(GenericStreamMessage {
                    content: text_part(content),
                    tool_calls: Some(vec![ToolCallFragment {
                        id,
                        r#type: Some(ToolType::Function),
                        name: Some(call.name.clone()),
                        arguments: Some(arguments),
                    }]),
                    ..GenericStreamMessage::default()
                }),
            }
        }
        let finish_pad = events.len();
        events.push(GenericStreamEvent {
            message: shape.finish_with_message.then(|| GenericStreamMessage {
                role: Some(MessageRole::Assistant),
                content: text_part(TextPart::Empty),
                ..GenericStreamMessage::default()
            }),
            finish_reason: Some(shape.finish_reason(reply.finish, true).to_owned()),
            pad: shape.pad_finish.then(|| answer.ids.pad(finish_pad)),
            service_tier: tier.clone(),
            ..GenericStreamEvent::default()
        });
    }
    if answer.conversation.include_usage || shape.usage_unasked {
        let mut usage = usage(shape, reply.tokens, answer.conversation.choices);
        if shape.usage_unasked && reply.finish == Finish::Length {
            // As captured from Gemini when the limit cut the answer.
            usage.completion_tokens = None;
        }
        events.push(GenericStreamEvent {
            usage: Some(usage),
            service_tier: tier,
            ..GenericStreamEvent::default()
        });
    }
    (events, shape.done_sentinel)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_cover_the_text_at_char_boundaries() {
        assert_eq!(
            chunks("{\"city\":\"Paris\"}", 8),
            ["{\"city\":", "\"Paris\"}"]
        );
        assert_eq!(chunks("", 8), [""]);
        let text = "{\"q\":\"°C ☔ éé\"}";
        assert_eq!(chunks(text, 3).concat(), text);
    }
}
