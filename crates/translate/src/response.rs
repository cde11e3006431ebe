//! OCI `ChatResult` → OpenAI `CreateChatCompletionResponse`, and the pieces the stream
//! translator shares: finish reasons, usage, tool-call ids.

use oci_genai_client::wire::{
    self, ChatDetails, ChatRequest, ChatResponse, ChatResult, CohereContentV2, CohereToolCall,
    CohereToolCallV2, GenericChatResponse, Message, ToolCall,
};
use openai_types::chat::{
    ChatChoice, ChatChoiceLogprobs, ChatCompletionMessageToolCalls, ChatCompletionResponseMessage,
    ChatCompletionResponseMessageAnnotation, ChatCompletionTokenLogprob,
    CreateChatCompletionRequest, CreateChatCompletionResponse, FinishReason, ServiceTier,
    TopLogprobs, UrlCitation,
};
use openai_types::usage::{CompletionTokensDetails, CompletionUsage, PromptTokensDetails};
use serde_json::Value;

use crate::catalog::ApiFormat;
use crate::error::TranslateError;
use crate::ids::synthesized_call_id;
use crate::timestamp::unix_seconds;

/// What a response translation needs from the request and the gateway.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ResponseContext {
    /// The completion id (`chatcmpl-…`), made by the gateway; one per request, used on every
    /// chunk of a stream and to derive stable tool-call ids.
    pub id: String,
    /// Unix seconds, from the gateway's clock: `created` of every chunk, and of a
    /// non-streamed answer when OCI gives no `timeCreated`.
    pub created: u64,
    /// The model name the client sent.
    pub model: String,
    /// Whether the client asked for a usage chunk (`stream_options.include_usage`).
    pub include_usage: bool,
    /// The format of the OCI request.
    pub api_format: ApiFormat,
    /// Whether the OCI request asked for stream usage (`streamOptions.isIncludeUsage`): the
    /// stream then waits for it before it is complete.
    pub oci_usage_requested: bool,
    /// How many choices were asked for (`numGenerations`, at least 1).
    pub choices: u32,
}

impl ResponseContext {
    /// A context for a stream or answer of `api_format`, one choice, nothing else asked.
    pub fn new(
        id: impl Into<String>,
        created: u64,
        model: impl Into<String>,
        api_format: ApiFormat,
    ) -> Self {
        Self {
            id: id.into(),
            created,
            model: model.into(),
            include_usage: false,
            api_format,
            oci_usage_requested: false,
            choices: 1,
        }
    }

    /// The context for the answer to `request`, translated into `details`: the client's
    /// model name and usage wish from the request; the format, usage flag and choice count
    /// from what was actually sent to OCI. This is the way to build it in a gateway.
    pub fn for_request(
        id: impl Into<String>,
        created: u64,
        request: &CreateChatCompletionRequest,
        details: &ChatDetails,
    ) -> Self {
        let (api_format, stream_options, choices) = match &details.chat_request {
            ChatRequest::Cohere(r) => (ApiFormat::Cohere, r.stream_options.as_ref(), None),
            ChatRequest::CohereV2(r) => (ApiFormat::CohereV2, r.stream_options.as_ref(), None),
            ChatRequest::Generic(r) => (
                ApiFormat::Generic,
                r.stream_options.as_ref(),
                r.num_generations,
            ),
            _ => (ApiFormat::Generic, None, None),
        };
        Self {
            id: id.into(),
            created,
            model: request.model.clone(),
            include_usage: request.stream == Some(true) && request.include_usage(),
            api_format,
            oci_usage_requested: stream_options.and_then(|o| o.is_include_usage) == Some(true),
            choices: choices.unwrap_or(1).max(1),
        }
    }
}

/// What an OCI finish reason means for the client.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Finish {
    /// An OpenAI finish reason.
    Reason(FinishReason),
    /// OCI reports a failure (`ERROR` and unknown `ERROR_*`).
    Error,
}

/// Maps any OCI finish reason, case-insensitively. `calls_made` turns a normal end into
/// `tool_calls` (Cohere ends tool turns with `COMPLETE`, Llama streams with `stop`).
///
/// | OCI | OpenAI |
/// | --- | --- |
/// | `stop`, `COMPLETE`, `STOP_SEQUENCE`, `end_turn`, `USER_CANCEL` | `stop` (`tool_calls` when calls were made) |
/// | `length`, `MAX_TOKENS`/`max_tokens`, `ERROR_LIMIT` | `length` |
/// | `tool_calls`, `TOOL_CALL`, `TOOL_CALLS`, `function_call` | `tool_calls` |
/// | `content_filter`, `CONTENT_FILTERED`, `ERROR_TOXIC`, `SAFETY` | `content_filter` |
/// | `ERROR`, any other `ERROR_*` | an error (HTTP 502, or an error event in a stream) |
/// | anything else | `stop` (`tool_calls` when calls were made) |
pub(crate) fn map_finish_reason(reason: &str, calls_made: bool) -> Finish {
    let normal = || {
        Finish::Reason(if calls_made {
            FinishReason::ToolCalls
        } else {
            FinishReason::Stop
        })
    };
    let upper = reason.trim().to_ascii_uppercase();
    match upper.as_str() {
        "LENGTH" | "MAX_TOKENS" | "ERROR_LIMIT" => Finish::Reason(FinishReason::Length),
        "TOOL_CALLS" | "TOOL_CALL" | "FUNCTION_CALL" => Finish::Reason(FinishReason::ToolCalls),
        "CONTENT_FILTER" | "CONTENT_FILTERED" | "ERROR_TOXIC" | "SAFETY" => {
            Finish::Reason(FinishReason::ContentFilter)
        }
        "ERROR" => Finish::Error,
        other if other.starts_with("ERROR") => Finish::Error,
        _ => normal(),
    }
}

/// OCI usage → OpenAI usage. A missing `completionTokens` is `totalTokens - promptTokens`
/// (Gemini leaves it out); a missing total is the sum.
pub(crate) fn map_usage(usage: &wire::Usage) -> CompletionUsage {
    let prompt = usage.prompt_tokens.unwrap_or(0);
    let completion = usage
        .completion_tokens
        .or_else(|| usage.total_tokens.map(|total| total.saturating_sub(prompt)))
        .unwrap_or(0);
    let total = usage
        .total_tokens
        .unwrap_or_else(|| prompt.saturating_add(completion));
    CompletionUsage {
        prompt_tokens: prompt,
        completion_tokens: completion,
        total_tokens: total,
        prompt_tokens_details: usage.prompt_tokens_details.as_ref().map(|details| {
            PromptTokensDetails {
                cached_tokens: details.cached_tokens,
                audio_tokens: None,
            }
        }),
        completion_tokens_details: usage.completion_tokens_details.as_ref().map(|details| {
            CompletionTokensDetails {
                reasoning_tokens: details.reasoning_tokens,
                audio_tokens: None,
                accepted_prediction_tokens: details.accepted_prediction_tokens,
                rejected_prediction_tokens: details.rejected_prediction_tokens,
            }
        }),
    }
}

/// A served tier as OpenAI names it (`"default"` stays `default`).
pub(crate) fn service_tier(tier: &str) -> ServiceTier {
    ServiceTier::from(tier.to_ascii_lowercase())
}

/// The id of tool call `index` of choice `choice`: OCI's, or a stable synthesized one.
pub(crate) fn call_id(
    oci_id: Option<&str>,
    completion_id: &str,
    choice: u32,
    index: usize,
) -> String {
    match oci_id {
        Some(id) if !id.is_empty() => id.to_owned(),
        _ if choice == 0 => synthesized_call_id(completion_id, index),
        _ => synthesized_call_id(&format!("{completion_id}/{choice}"), index),
    }
}

/// A Cohere V1 call's arguments as OpenAI's JSON string.
pub(crate) fn cohere_arguments(call: &CohereToolCall) -> String {
    if call.parameters.is_null() {
        "{}".to_owned()
    } else {
        call.parameters.to_string()
    }
}

/// A COHEREV2 call's `function`: its name and its arguments as a JSON string.
pub(crate) fn cohere_v2_function(call: &CohereToolCallV2) -> (Option<&str>, Option<String>) {
    let function = call.function.as_ref();
    let name = function.and_then(|f| f.get("name")).and_then(Value::as_str);
    let arguments = function
        .and_then(|f| f.get("arguments"))
        .map(|arguments| match arguments {
            Value::String(text) => text.clone(),
            other => other.to_string(),
        });
    (name, arguments)
}

/// Translates a non-streamed OCI answer.
///
/// `id` and `model` come from `ctx`; `created` from OCI's `timeCreated` when there is one.
/// Text parts are joined (a `TEXT` part without `text` counts as empty); `reasoningContent`
/// (GENERIC) and `THINKING` parts plus `toolPlan` (COHEREV2) become `reasoning_content`;
/// tool calls without an id get a stable synthesized one.
///
/// # Errors
///
/// [`TranslateError::Upstream`] when OCI reports an error in the answer (an `ERROR` or
/// `ERROR_*` finish reason in any format, with a Cohere `errorMessage` when there is one, or
/// an unknown `apiFormat`).
pub fn chat_response(
    res: &ChatResult,
    ctx: &ResponseContext,
) -> Result<CreateChatCompletionResponse, TranslateError> {
    match &res.chat_response {
        ChatResponse::Generic(generic) => generic_response(generic, ctx),
        ChatResponse::Cohere(cohere) => {
            let calls = cohere.tool_calls.as_deref().unwrap_or_default();
            let finish = map_finish_reason(cohere.finish_reason.as_str(), !calls.is_empty());
            let finish_reason = finished(finish, cohere.error_message.as_deref())?;
            let tool_calls: Vec<_> = calls
                .iter()
                .enumerate()
                .map(|(index, call)| {
                    ChatCompletionMessageToolCalls::function(
                        call_id(None, &ctx.id, 0, index),
                        call.name.clone(),
                        cohere_arguments(call),
                    )
                })
                .collect();
            let message = ChatCompletionResponseMessage {
                content: (!cohere.text.is_empty() || tool_calls.is_empty())
                    .then(|| cohere.text.clone()),
                tool_calls: (!tool_calls.is_empty()).then_some(tool_calls),
                ..Default::default()
            };
            Ok(single_choice(
                ctx,
                ctx.created,
                message,
                finish_reason,
                cohere.usage.as_ref(),
            ))
        }
        ChatResponse::CohereV2(cohere) => {
            let calls = cohere.message.tool_calls.as_deref().unwrap_or_default();
            let finish = map_finish_reason(cohere.finish_reason.as_str(), !calls.is_empty());
            let finish_reason = finished(finish, cohere.error_message.as_deref())?;
            let mut text: Option<String> = None;
            let mut thinking: Option<String> = None;
            for part in cohere.message.content.iter().flatten() {
                match part {
                    CohereContentV2::Text(part) => text
                        .get_or_insert_with(String::new)
                        .push_str(part.text.as_deref().unwrap_or_default()),
                    CohereContentV2::Thinking(part) => thinking
                        .get_or_insert_with(String::new)
                        .push_str(part.thinking.as_deref().unwrap_or_default()),
                    _ => {}
                }
            }
            if let Some(plan) = cohere
                .message
                .tool_plan
                .as_deref()
                .filter(|p| !p.is_empty())
            {
                let reasoning = thinking.get_or_insert_with(String::new);
                if !reasoning.is_empty() {
                    reasoning.push_str("\n\n");
                }
                reasoning.push_str(plan);
            }
            let tool_calls: Vec<_> = calls
                .iter()
                .enumerate()
                .map(|(index, call)| {
                    let (name, arguments) = cohere_v2_function(call);
                    ChatCompletionMessageToolCalls::function(
                        call_id(call.id.as_deref(), &ctx.id, 0, index),
                        name.unwrap_or_default(),
                        arguments.unwrap_or_else(|| "{}".to_owned()),
                    )
                })
                .collect();
            let message = ChatCompletionResponseMessage {
                content: text.or_else(|| tool_calls.is_empty().then(String::new)),
                reasoning_content: thinking,
                tool_calls: (!tool_calls.is_empty()).then_some(tool_calls),
                ..Default::default()
            };
            Ok(single_choice(
                ctx,
                ctx.created,
                message,
                finish_reason,
                cohere.usage.as_ref(),
            ))
        }
        _ => Err(TranslateError::Upstream {
            message: format!(
                "unknown apiFormat {:?} in the OCI answer",
                res.chat_response.tag().unwrap_or("(none)")
            ),
        }),
    }
}

/// The finish reason, or the error OCI reported.
fn finished(finish: Finish, error_message: Option<&str>) -> Result<FinishReason, TranslateError> {
    match finish {
        Finish::Reason(reason) => Ok(reason),
        Finish::Error => Err(TranslateError::Upstream {
            message: error_message
                .filter(|m| !m.is_empty())
                .unwrap_or("the model stopped with finishReason ERROR")
                .to_owned(),
        }),
    }
}

fn single_choice(
    ctx: &ResponseContext,
    created: u64,
    message: ChatCompletionResponseMessage,
    finish_reason: FinishReason,
    usage: Option<&wire::Usage>,
) -> CreateChatCompletionResponse {
    CreateChatCompletionResponse {
        id: ctx.id.clone(),
        created,
        model: ctx.model.clone(),
        choices: vec![ChatChoice {
            index: 0,
            message,
            finish_reason: Some(finish_reason),
            logprobs: None,
        }],
        usage: usage.map(map_usage),
        ..Default::default()
    }
}

fn generic_response(
    res: &GenericChatResponse,
    ctx: &ResponseContext,
) -> Result<CreateChatCompletionResponse, TranslateError> {
    let choices = res
        .choices
        .iter()
        .map(|choice| {
            let mut message = ChatCompletionResponseMessage::default();
            let mut calls_made = false;
            if let Some(Message::Assistant(assistant)) = &choice.message {
                message.content = assistant.content.as_ref().map(|parts| {
                    parts
                        .iter()
                        .filter_map(|part| match part {
                            wire::ChatContent::Text(text) => {
                                Some(text.text.as_deref().unwrap_or_default())
                            }
                            _ => None,
                        })
                        .collect::<String>()
                });
                message.reasoning_content = assistant.reasoning_content.clone();
                message.refusal = assistant.refusal.clone();
                let calls: Vec<_> = assistant
                    .tool_calls
                    .iter()
                    .flatten()
                    .filter_map(|call| match call {
                        ToolCall::Function(call) => Some(call),
                        _ => None,
                    })
                    .enumerate()
                    .map(|(index, call)| {
                        ChatCompletionMessageToolCalls::function(
                            call_id(call.id.as_deref(), &ctx.id, choice.index, index),
                            call.name.clone().unwrap_or_default(),
                            call.arguments.clone().unwrap_or_default(),
                        )
                    })
                    .collect();
                calls_made = !calls.is_empty();
                message.tool_calls = calls_made.then_some(calls);
                message.annotations = assistant.annotations.as_ref().map(|annotations| {
                    annotations
                        .iter()
                        .filter_map(|annotation| {
                            let citation = annotation.url_citation.as_ref()?;
                            Some(ChatCompletionResponseMessageAnnotation::UrlCitation {
                                url_citation: UrlCitation {
                                    start_index: citation.start_index.unwrap_or(0),
                                    end_index: citation.end_index.unwrap_or(0),
                                    title: citation.title.clone().unwrap_or_default(),
                                    url: citation.url.clone().unwrap_or_default(),
                                },
                            })
                        })
                        .collect()
                });
            }
            let finish_reason = finished(
                map_finish_reason(&choice.finish_reason, calls_made),
                Some(&format!(
                    "the model stopped with finishReason {}",
                    choice.finish_reason
                )),
            )?;
            Ok(ChatChoice {
                index: choice.index,
                message,
                finish_reason: Some(finish_reason),
                logprobs: choice.logprobs.as_ref().map(logprobs),
            })
        })
        .collect::<Result<Vec<_>, TranslateError>>()?;
    Ok(CreateChatCompletionResponse {
        id: ctx.id.clone(),
        created: unix_seconds(&res.time_created).unwrap_or(ctx.created),
        model: ctx.model.clone(),
        choices,
        usage: res
            .usage
            .as_ref()
            .map(map_usage)
            .or_else(|| choices_usage(res)),
        service_tier: res.service_tier.as_deref().map(service_tier),
        ..Default::default()
    })
}

/// The usage of an answer that reports it per choice only (the SDK's `ChatChoice` has a
/// `usage` of its own): the prompt counted once, the completions added up.
fn choices_usage(res: &wire::GenericChatResponse) -> Option<CompletionUsage> {
    let mut per_choice = res
        .choices
        .iter()
        .filter_map(|choice| choice.usage.as_ref())
        .map(map_usage);
    let first = per_choice.next()?;
    Some(per_choice.fold(first, |mut sum, usage| {
        sum.prompt_tokens = sum.prompt_tokens.max(usage.prompt_tokens);
        sum.completion_tokens = sum
            .completion_tokens
            .saturating_add(usage.completion_tokens);
        sum.total_tokens = sum.prompt_tokens.saturating_add(sum.completion_tokens);
        // Per-choice details do not add up into one honest figure: leave them out.
        sum.prompt_tokens_details = None;
        sum.completion_tokens_details = None;
        sum
    }))
}

/// The logprob OpenAI documents for a token too unlikely to have one (`-9999.0`): what a
/// token gets when OCI's value is missing or unreadable. A float, never `null`, because
/// clients type `logprob` as a number.
const UNLIKELY_LOGPROB: f64 = -9999.0;

/// OCI's parallel arrays of tokens, logprobs and top-logprob maps → OpenAI's per-token list.
/// A token's alternatives come most likely first, as OpenAI lists them (OCI sends them as a
/// JSON object, which carries no order).
pub(crate) fn logprobs(oci: &wire::Logprobs) -> ChatChoiceLogprobs {
    let tokens = oci.tokens.as_deref().unwrap_or_default();
    let values = oci.token_logprobs.as_deref().unwrap_or_default();
    let tops = oci.top_logprobs.as_deref().unwrap_or_default();
    let number = |value: &Value| {
        match value {
            Value::String(text) => text.trim().parse().ok(),
            other => other.as_f64(),
        }
        .filter(|value: &f64| value.is_finite())
        .unwrap_or(UNLIKELY_LOGPROB)
    };
    let content = tokens
        .iter()
        .enumerate()
        .map(|(i, token)| ChatCompletionTokenLogprob {
            token: token.clone(),
            logprob: values
                .get(i)
                .copied()
                .filter(|value| value.is_finite())
                .unwrap_or(UNLIKELY_LOGPROB),
            bytes: Some(token.as_bytes().to_vec()),
            top_logprobs: tops
                .get(i)
                .map(|top| {
                    let mut alternatives: Vec<TopLogprobs> = top
                        .iter()
                        .map(|(token, value)| TopLogprobs {
                            token: token.clone(),
                            logprob: number(value),
                            bytes: Some(token.as_bytes().to_vec()),
                        })
                        .collect();
                    alternatives.sort_by(|a, b| b.logprob.total_cmp(&a.logprob));
                    alternatives
                })
                .unwrap_or_default(),
        })
        .collect();
    ChatChoiceLogprobs {
        content: Some(content),
        refusal: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finish_reasons() {
        let reason = |r: &str, calls: bool| map_finish_reason(r, calls);
        let is = |r: FinishReason| Finish::Reason(r);
        assert_eq!(reason("stop", false), is(FinishReason::Stop));
        assert_eq!(reason("stop", true), is(FinishReason::ToolCalls));
        assert_eq!(reason("COMPLETE", true), is(FinishReason::ToolCalls));
        assert_eq!(reason("complete", false), is(FinishReason::Stop));
        assert_eq!(reason("max_tokens", false), is(FinishReason::Length));
        assert_eq!(reason("MAX_TOKENS", true), is(FinishReason::Length));
        assert_eq!(reason("length", false), is(FinishReason::Length));
        assert_eq!(reason("TOOL_CALL", false), is(FinishReason::ToolCalls));
        assert_eq!(reason("Tool_Calls", false), is(FinishReason::ToolCalls));
        assert_eq!(
            reason("CONTENT_FILTERED", false),
            is(FinishReason::ContentFilter)
        );
        assert_eq!(
            reason("ERROR_TOXIC", false),
            is(FinishReason::ContentFilter)
        );
        assert_eq!(reason("ERROR_LIMIT", false), is(FinishReason::Length));
        assert_eq!(reason("ERROR", false), Finish::Error);
        assert_eq!(reason("error_internal", false), Finish::Error);
        assert_eq!(reason("USER_CANCEL", false), is(FinishReason::Stop));
        assert_eq!(reason("STOP_SEQUENCE", false), is(FinishReason::Stop));
        assert_eq!(reason("eos", true), is(FinishReason::ToolCalls));
    }

    /// Alternatives come most likely first, and a value OCI left out or wrote badly is
    /// OpenAI's "very unlikely" number, never `null`.
    #[test]
    fn logprobs_are_ordered_numbers() {
        let oci: wire::Logprobs = serde_json::from_value(serde_json::json!({
            "tokens": ["Hi", " there"],
            "tokenLogprobs": [-0.1],
            "topLogprobs": [
                {"Hi": "-0.1", "Hello": "-2.5", "Hey": -0.7},
                {" there": "abc", " you": "-1.25"}
            ]
        }))
        .unwrap();
        let content = logprobs(&oci).content.unwrap();
        let pairs = |i: usize| -> Vec<(String, f64)> {
            content[i]
                .top_logprobs
                .iter()
                .map(|top| (top.token.clone(), top.logprob))
                .collect()
        };
        assert_eq!(content[0].logprob, -0.1);
        assert_eq!(content[1].logprob, UNLIKELY_LOGPROB);
        assert_eq!(
            pairs(0),
            [
                ("Hi".into(), -0.1),
                ("Hey".into(), -0.7),
                ("Hello".into(), -2.5)
            ]
        );
        assert_eq!(
            pairs(1),
            [(" you".into(), -1.25), (" there".into(), UNLIKELY_LOGPROB)]
        );
        let json = serde_json::to_string(&content).unwrap();
        assert!(!json.contains("null"), "{json}");
    }

    /// An answer with usage on its choices only still reports it.
    #[test]
    fn usage_reported_per_choice_is_added_up() {
        let answer = |choices: serde_json::Value| -> wire::GenericChatResponse {
            serde_json::from_value(
                serde_json::json!({"timeCreated": "2026-01-01T00:00:00Z", "choices": choices}),
            )
            .unwrap()
        };
        let choice = |index: u32, completion: u32| {
            serde_json::json!({"index": index, "finishReason": "stop",
                "message": {"role": "ASSISTANT", "content": [{"type": "TEXT", "text": "a"}]},
                "usage": {"promptTokens": 10, "completionTokens": completion}})
        };
        let one = choices_usage(&answer(serde_json::json!([choice(0, 4)]))).unwrap();
        assert_eq!(
            (one.prompt_tokens, one.completion_tokens, one.total_tokens),
            (10, 4, 14)
        );
        let two = choices_usage(&answer(serde_json::json!([choice(0, 4), choice(1, 6)]))).unwrap();
        assert_eq!(
            (two.prompt_tokens, two.completion_tokens, two.total_tokens),
            (10, 10, 20)
        );
        assert_eq!(choices_usage(&answer(serde_json::json!([]))), None);
    }

    #[test]
    fn usage_fills_gaps() {
        let usage = map_usage(&wire::Usage {
            prompt_tokens: Some(7),
            total_tokens: Some(24),
            ..Default::default()
        });
        assert_eq!(
            (
                usage.prompt_tokens,
                usage.completion_tokens,
                usage.total_tokens
            ),
            (7, 17, 24)
        );
        let usage = map_usage(&wire::Usage {
            prompt_tokens: Some(7),
            completion_tokens: Some(3),
            ..Default::default()
        });
        assert_eq!(usage.total_tokens, 10);
        assert_eq!(
            map_usage(&wire::Usage::default()),
            CompletionUsage::default()
        );
    }
}
