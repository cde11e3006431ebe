//! OpenAI → GENERIC (every non-Cohere model).

use oci_genai_client::wire::{
    ApproximateLocation, AssistantMessage, ChatContent, DeveloperMessage, DocumentContent,
    DocumentUrl, FunctionCall, FunctionDefinition, GenericChatRequest, ImageContent, ImageDetail,
    ImageUrl, JsonString, Message, Prediction, ReasoningEffort, ResponseFormat, ResponseJsonSchema,
    SearchContextSize, ServiceTier, SystemMessage, TextContent, ToolCall, ToolChoice,
    ToolDefinition, ToolMessage, UserMessage, Verbosity, WebSearchOptions,
};
use openai_types::chat::{
    ChatCompletionMessageToolCalls, ChatCompletionRequestAssistantMessage,
    ChatCompletionRequestAssistantMessageContentPart, ChatCompletionRequestMessage,
    ChatCompletionRequestUserMessageContentPart, CreateChatCompletionRequest, MessageContent,
    ResponseFormat as OpenAiResponseFormat,
};
use serde_json::{Map, Value};

use super::{
    Choice, Dropped, RequestOptions, ToolPlan, ToolSchemas, stop_sequences, stream_fields,
    token_limit, top_k,
};
use crate::catalog::{DeveloperRole, Target, TokenLimitField};
use crate::error::TranslateError;

pub(super) fn request(
    req: &CreateChatCompletionRequest,
    schemas: &mut ToolSchemas,
    target: &Target,
    options: &RequestOptions,
    dropped: &mut Dropped,
) -> Result<GenericChatRequest, TranslateError> {
    let messages = messages(req, target.developer_role(), dropped)?;
    let plan = ToolPlan::new(req, dropped)?;
    let (is_stream, stream_options) = stream_fields(req, options);
    let limit = token_limit(req, target);
    let (max_tokens, max_completion_tokens) = match target.rule().token_limit {
        TokenLimitField::MaxCompletionTokens => (None, limit),
        _ => (limit, None),
    };
    let num_generations = match req.n {
        Some(n) if n > 1 => Some(n),
        _ => None,
    };
    let log_probs = match req.logprobs {
        // OpenAI returns the chosen tokens' logprobs even with `top_logprobs` 0; OCI's
        // `logProbs` counts top alternatives, so ask for at least one.
        Some(true) => Some(req.top_logprobs.unwrap_or(0).max(1)),
        _ => {
            dropped.add_if(&req.top_logprobs, "top_logprobs");
            None
        }
    };
    let tools = (!plan.functions.is_empty())
        .then(|| {
            plan.functions
                .iter()
                .map(|&(index, function)| {
                    if function.strict == Some(true) {
                        // GENERIC has no per-tool `strict`; the call still follows the schema
                        // as well as the model can.
                        dropped.add(format!("tools[{index}].function.strict"));
                    }
                    Ok(ToolDefinition::Function(FunctionDefinition {
                        name: Some(function.name.clone()),
                        description: function.description.clone(),
                        parameters: schemas.cleaned(index, function)?,
                    }))
                })
                .collect::<Result<Vec<_>, TranslateError>>()
        })
        .transpose()?;
    let is_parallel_tool_calls = if tools.is_some() {
        req.parallel_tool_calls
    } else {
        dropped.add_if(&req.parallel_tool_calls, "parallel_tool_calls");
        None
    };
    let service_tier = req.service_tier.as_ref().and_then(|tier| {
        let mapped = match tier.as_str() {
            "auto" => Some(ServiceTier::Auto),
            "default" => Some(ServiceTier::Default),
            // OpenAI's `fast` is its priority processing under another name.
            "priority" | "fast" => Some(ServiceTier::Priority),
            _ => None,
        };
        if mapped.is_none() {
            dropped.add("service_tier");
        }
        mapped
    });
    let reasoning_effort = req.reasoning_effort.as_ref().and_then(|effort| {
        let mapped = match effort.as_str() {
            "none" => Some(ReasoningEffort::None),
            "minimal" => Some(ReasoningEffort::Minimal),
            "low" => Some(ReasoningEffort::Low),
            "medium" => Some(ReasoningEffort::Medium),
            // OCI's strongest effort; OpenAI's stronger ones are clamped to it.
            "high" | "xhigh" | "max" => Some(ReasoningEffort::High),
            // OCI refuses values outside its list with a 400.
            _ => None,
        };
        if mapped.is_none() {
            dropped.add("reasoning_effort");
        }
        mapped
    });
    Ok(GenericChatRequest {
        messages,
        reasoning_effort,
        verbosity: req
            .verbosity
            .as_ref()
            .map(|v| Verbosity::from(v.as_str().to_ascii_uppercase())),
        metadata: req.metadata.as_ref().map(|metadata| {
            metadata
                .iter()
                .map(|(k, v)| (k.clone(), Value::String(v.clone())))
                .collect()
        }),
        is_stream,
        stream_options,
        num_generations,
        seed: req.seed,
        is_echo: None,
        top_k: top_k(req)?,
        top_p: req.top_p,
        temperature: req.temperature,
        frequency_penalty: req.frequency_penalty,
        presence_penalty: req.presence_penalty,
        stop: stop_sequences(req),
        log_probs,
        max_tokens,
        max_completion_tokens,
        logit_bias: req.logit_bias.as_ref().map(|bias| {
            bias.iter()
                .map(|(token, bias)| (token.clone(), Value::from(*bias)))
                .collect::<Map<_, _>>()
        }),
        prediction: req
            .prediction
            .as_ref()
            .map(|prediction| Prediction::Content {
                content: Some(
                    prediction
                        .content
                        .texts()
                        .cloned()
                        .map(TextContent::new)
                        .collect(),
                ),
            }),
        response_format: req
            .response_format
            .as_ref()
            .map(response_format)
            .transpose()?,
        tool_choice: tools.as_ref().and(plan.choice).map(|choice| match choice {
            Choice::Auto => ToolChoice::Auto,
            Choice::None => ToolChoice::None,
            Choice::Required => ToolChoice::Required,
            Choice::Function(name) => ToolChoice::Function {
                name: Some(name.to_owned()),
            },
        }),
        is_parallel_tool_calls,
        tools,
        web_search_options: req
            .web_search_options
            .as_ref()
            .map(|options| WebSearchOptions {
                search_context_size: options
                    .search_context_size
                    .as_ref()
                    .map(|size| SearchContextSize::from(size.as_str().to_ascii_uppercase())),
                user_location: options.user_location.as_ref().map(|location| {
                    let location = &location.approximate;
                    ApproximateLocation {
                        city: location.city.clone(),
                        region: location.region.clone(),
                        country: location.country.clone(),
                        timezone: location.timezone.clone(),
                    }
                }),
            }),
        service_tier,
    })
}

fn response_format(format: &OpenAiResponseFormat) -> Result<ResponseFormat, TranslateError> {
    Ok(match format {
        OpenAiResponseFormat::Text => ResponseFormat::Text,
        OpenAiResponseFormat::JsonObject => ResponseFormat::JsonObject,
        OpenAiResponseFormat::JsonSchema { json_schema } => ResponseFormat::JsonSchema {
            json_schema: Some(ResponseJsonSchema {
                name: json_schema.name.clone(),
                description: json_schema.description.clone(),
                schema: json_schema
                    .schema
                    .as_ref()
                    .map(super::response_schema)
                    .transpose()?,
                is_strict: json_schema.strict,
            }),
        },
        _ => {
            return Err(TranslateError::unsupported(
                "response_format",
                "unknown response format type",
            ));
        }
    })
}

fn messages(
    req: &CreateChatCompletionRequest,
    developer_role: DeveloperRole,
    dropped: &mut Dropped,
) -> Result<Vec<Message>, TranslateError> {
    let mut out = Vec::with_capacity(req.messages.len());
    for (i, message) in req.messages.iter().enumerate() {
        out.push(match message {
            ChatCompletionRequestMessage::System(system) => Message::System(SystemMessage {
                content: Some(text_content(&system.content)),
                name: system.name.clone(),
            }),
            ChatCompletionRequestMessage::Developer(developer) => {
                let content = Some(text_content(&developer.content));
                let name = developer.name.clone();
                match developer_role {
                    DeveloperRole::Developer => {
                        Message::Developer(DeveloperMessage { content, name })
                    }
                    _ => Message::System(SystemMessage { content, name }),
                }
            }
            ChatCompletionRequestMessage::User(user) => Message::User(UserMessage {
                content: Some(user_content(i, &user.content)?),
                name: user.name.clone(),
            }),
            ChatCompletionRequestMessage::Assistant(assistant) => {
                Message::Assistant(assistant_message(i, assistant)?)
            }
            ChatCompletionRequestMessage::Tool(tool) => {
                if tool.name.is_some() {
                    dropped.add(format!("messages[{i}].name"));
                }
                Message::Tool(ToolMessage {
                    content: Some(text_content(&tool.content)),
                    tool_call_id: Some(tool.tool_call_id.clone()),
                })
            }
            _ => return Err(deprecated_function_message(i)),
        });
    }
    Ok(out)
}

pub(super) fn deprecated_function_message(i: usize) -> TranslateError {
    TranslateError::unsupported(
        format!("messages[{i}]"),
        "the deprecated `function` role is not translated; send `tool` messages",
    )
}

/// Each text as an OCI `TEXT` part; text read from the client keeps its JSON literal, so it
/// is copied into the OCI request as it came instead of being escaped again.
fn text_content<P: openai_types::chat::ContentPart>(
    content: &MessageContent<P>,
) -> Vec<ChatContent> {
    content.texts().cloned().map(ChatContent::text).collect()
}

fn user_content(
    i: usize,
    content: &MessageContent<ChatCompletionRequestUserMessageContentPart>,
) -> Result<Vec<ChatContent>, TranslateError> {
    let MessageContent::Array(parts) = content else {
        return Ok(text_content(content));
    };
    parts
        .iter()
        .enumerate()
        .map(|(j, part)| match part {
            ChatCompletionRequestUserMessageContentPart::Text(text) => {
                Ok(ChatContent::text(text.text.clone()))
            }
            ChatCompletionRequestUserMessageContentPart::ImageUrl(image) => {
                Ok(ChatContent::Image(ImageContent {
                    image_url: Some(ImageUrl {
                        url: image.image_url.url.clone(),
                        detail: image_detail(image.image_url.detail.as_ref(), i, j)?,
                    }),
                }))
            }
            ChatCompletionRequestUserMessageContentPart::File(file) => match &file.file.file_data {
                Some(data) => Ok(ChatContent::Document(DocumentContent {
                    document_url: Some(DocumentUrl {
                        url: data.clone(),
                        detail: None,
                    }),
                })),
                None => Err(TranslateError::unsupported(
                    format!("messages[{i}].content[{j}]"),
                    "file parts need inline `file_data`; OCI cannot read OpenAI file ids",
                )),
            },
            _ => Err(unsupported_part(
                i,
                j,
                "OCI Generative AI chat takes text, image and document parts only (no input_audio)",
            )),
        })
        .collect()
}

/// A content part the target format cannot carry; `reason` says what the format takes (each
/// takes different parts, and the error must not offer one the client is being refused).
pub(super) fn unsupported_part(i: usize, j: usize, reason: &'static str) -> TranslateError {
    TranslateError::unsupported(format!("messages[{i}].content[{j}]"), reason)
}

/// OpenAI's image `detail` in OCI's terms. OCI knows AUTO, LOW and HIGH; OpenAI's `original`
/// (full resolution) is closest to HIGH. Any other value is a 400, as OpenAI answers it.
pub(super) fn image_detail(
    detail: Option<&openai_types::chat::ImageDetail>,
    i: usize,
    j: usize,
) -> Result<Option<ImageDetail>, TranslateError> {
    let Some(detail) = detail else {
        return Ok(None);
    };
    match detail.as_str() {
        "auto" => Ok(Some(ImageDetail::Auto)),
        "low" => Ok(Some(ImageDetail::Low)),
        "high" | "original" => Ok(Some(ImageDetail::High)),
        other => Err(TranslateError::invalid(
            format!("messages[{i}].content[{j}].image_url.detail"),
            format!("`{other}` is not one of `auto`, `low`, `high`, `original`"),
        )),
    }
}

fn assistant_message(
    i: usize,
    assistant: &ChatCompletionRequestAssistantMessage,
) -> Result<AssistantMessage, TranslateError> {
    check_assistant(i, assistant)?;
    let mut content = Vec::new();
    let mut refusal = assistant.refusal.clone();
    match &assistant.content {
        None => {}
        Some(MessageContent::Text(text)) => content.push(ChatContent::text(text.clone())),
        Some(MessageContent::Array(parts)) => {
            for part in parts {
                match part {
                    ChatCompletionRequestAssistantMessageContentPart::Text(text) => {
                        content.push(ChatContent::text(text.text.clone()));
                    }
                    ChatCompletionRequestAssistantMessageContentPart::Refusal(part) => {
                        refusal.get_or_insert_with(|| part.refusal.clone());
                    }
                    _ => {}
                }
            }
        }
        Some(_) => {}
    }
    let tool_calls = assistant
        .tool_calls
        .as_ref()
        .filter(|calls| !calls.is_empty())
        .map(|calls| {
            calls
                .iter()
                .filter_map(|call| match call {
                    ChatCompletionMessageToolCalls::Function(call) => {
                        Some(ToolCall::Function(FunctionCall {
                            id: Some(call.id.clone()),
                            name: Some(call.function.name.clone()),
                            arguments: Some(call.function.arguments.clone()),
                        }))
                    }
                    // Rejected by `check_assistant`.
                    _ => None,
                })
                .collect::<Vec<_>>()
        });
    // A tool-call turn without text leaves `content` out, as the SDK does.
    // Checked without reading the text's value, which would decode the client's literal.
    let empty = content.iter().all(|part| match part {
        ChatContent::Text(part) => part.text.as_ref().is_none_or(JsonString::is_empty),
        _ => true,
    });
    Ok(AssistantMessage {
        content: (!(empty && tool_calls.is_some())).then_some(content),
        name: assistant.name.clone(),
        refusal,
        tool_calls,
        annotations: None,
        reasoning_content: assistant.reasoning_content.clone(),
    })
}

/// What no format takes in an assistant turn of the history.
pub(super) fn check_assistant(
    i: usize,
    assistant: &ChatCompletionRequestAssistantMessage,
) -> Result<(), TranslateError> {
    if assistant.function_call.is_some() {
        return Err(TranslateError::unsupported(
            format!("messages[{i}].function_call"),
            "the deprecated functions API is not translated; send `tool_calls`",
        ));
    }
    if assistant.audio.is_some() {
        return Err(TranslateError::unsupported(
            format!("messages[{i}].audio"),
            "OCI Generative AI chat has no audio",
        ));
    }
    for (j, call) in assistant.tool_calls.iter().flatten().enumerate() {
        if !matches!(call, ChatCompletionMessageToolCalls::Function(_)) {
            return Err(TranslateError::unsupported(
                format!("messages[{i}].tool_calls[{j}]"),
                "OCI Generative AI has function tool calls only",
            ));
        }
    }
    Ok(())
}
