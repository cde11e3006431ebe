//! OpenAI → COHERE (V1) and COHEREV2.
//!
//! Both take Cohere's ranges: temperature and the penalties are 0..=1 and are **clamped**
//! (a value inside the range is sent unchanged; OpenAI's negative penalties, which reward
//! repetition, become 0). `topK` is 0..=500. Neither format has `n`, logprobs in OpenAI's
//! shape, `logit_bias` or web search, so those are rejected; `parallel_tool_calls`,
//! `metadata`, `service_tier`, `prediction`, `verbosity` and (except for thinking models on
//! V2) `reasoning_effort` are dropped.

use std::collections::{BTreeMap, HashMap};

use oci_genai_client::wire::{
    CohereAssistantMessageV2, CohereChatBotMessage, CohereChatRequest, CohereChatRequestV2,
    CohereContentV2, CohereImageContentV2, CohereImageUrlV2, CohereMessage, CohereMessageV2,
    CohereParameterDefinition, CohereResponseFormat, CohereSystemMessage, CohereSystemMessageV2,
    CohereThinkingType, CohereThinkingV2, CohereTool, CohereToolCall, CohereToolCallV2,
    CohereToolMessage, CohereToolMessageV2, CohereToolResult, CohereToolV2, CohereToolsChoice,
    CohereUserMessage, CohereUserMessageV2, Function, ToolType,
};
use openai_types::chat::{
    ChatCompletionMessageToolCalls, ChatCompletionRequestAssistantMessage,
    ChatCompletionRequestAssistantMessageContentPart, ChatCompletionRequestMessage,
    ChatCompletionRequestUserMessageContentPart, CreateChatCompletionRequest, FunctionCall,
    MessageContent, ResponseFormat as OpenAiResponseFormat,
};
use serde_json::{Map, Value, json};

use super::generic::{
    check_assistant, deprecated_function_message, image_detail, unsupported_part,
};
use super::{
    Choice, Dropped, RequestOptions, ToolPlan, ToolSchemas, joined, stop_sequences, stream_fields,
    token_limit, top_k,
};
use crate::catalog::Target;
use crate::error::TranslateError;

/// What both Cohere formats reject, and what they drop.
fn check_and_drop(
    req: &CreateChatCompletionRequest,
    format: &str,
    dropped: &mut Dropped,
) -> Result<(), TranslateError> {
    if req.n.is_some_and(|n| n > 1) {
        return Err(TranslateError::unsupported(
            "n",
            format!("{format} models generate one choice per request"),
        ));
    }
    if req.logprobs == Some(true) {
        return Err(TranslateError::unsupported(
            "logprobs",
            format!("{format} models return no OpenAI-style token logprobs"),
        ));
    }
    if req.logit_bias.as_ref().is_some_and(|bias| !bias.is_empty()) {
        return Err(TranslateError::unsupported(
            "logit_bias",
            format!("{format} models have no logit bias"),
        ));
    }
    if req.web_search_options.is_some() {
        return Err(TranslateError::unsupported(
            "web_search_options",
            format!("{format} models have no web search"),
        ));
    }
    dropped.add_if(&req.logprobs, "logprobs");
    dropped.add_if(&req.top_logprobs, "top_logprobs");
    if req.logit_bias.is_some() {
        dropped.add("logit_bias");
    }
    dropped.add_if(&req.parallel_tool_calls, "parallel_tool_calls");
    dropped.add_if(&req.metadata, "metadata");
    dropped.add_if(&req.service_tier, "service_tier");
    dropped.add_if(&req.prediction, "prediction");
    dropped.add_if(&req.verbosity, "verbosity");
    // Cohere messages carry no author name (a tool message's name is handled with its call).
    for (i, message) in req.messages.iter().enumerate() {
        let name = match message {
            ChatCompletionRequestMessage::System(m) => &m.name,
            ChatCompletionRequestMessage::Developer(m) => &m.name,
            ChatCompletionRequestMessage::User(m) => &m.name,
            ChatCompletionRequestMessage::Assistant(m) => &m.name,
            _ => &None,
        };
        if name.is_some() {
            dropped.add(format!("messages[{i}].name"));
        }
    }
    Ok(())
}

/// Cohere's 0..=1 range, clamped.
fn unit(value: Option<f64>) -> Option<f64> {
    value.map(|v| v.clamp(0.0, 1.0))
}

fn cohere_top_k(req: &CreateChatCompletionRequest) -> Result<Option<i32>, TranslateError> {
    Ok(top_k(req)?.map(|k| k.clamp(0, 500)))
}

fn response_format(
    format: Option<&OpenAiResponseFormat>,
) -> Result<Option<CohereResponseFormat>, TranslateError> {
    format
        .map(|format| match format {
            OpenAiResponseFormat::Text => Ok(CohereResponseFormat::Text),
            OpenAiResponseFormat::JsonObject => {
                Ok(CohereResponseFormat::JsonObject { schema: None })
            }
            // Cohere has no JSON_SCHEMA: the schema goes on JSON_OBJECT, which it enforces.
            OpenAiResponseFormat::JsonSchema { json_schema } => {
                Ok(CohereResponseFormat::JsonObject {
                    schema: json_schema
                        .schema
                        .as_ref()
                        .map(super::response_schema)
                        .transpose()?,
                })
            }
            _ => Err(TranslateError::unsupported(
                "response_format",
                "unknown response format type",
            )),
        })
        .transpose()
}

/// The text of an assistant turn (text parts joined; refusals kept as text).
fn assistant_text(assistant: &ChatCompletionRequestAssistantMessage) -> String {
    match &assistant.content {
        Some(MessageContent::Text(text)) => text.as_str().to_owned(),
        Some(MessageContent::Array(parts)) => parts
            .iter()
            .filter_map(|part| match part {
                ChatCompletionRequestAssistantMessageContentPart::Text(text) => {
                    Some(text.text.as_str())
                }
                ChatCompletionRequestAssistantMessageContentPart::Refusal(refusal) => {
                    Some(refusal.refusal.as_str())
                }
                _ => None,
            })
            .collect::<Vec<_>>()
            .join("\n"),
        _ => String::new(),
    }
}

/// The text of a user turn for V1, which has no images.
fn user_text(
    i: usize,
    content: &MessageContent<ChatCompletionRequestUserMessageContentPart>,
) -> Result<String, TranslateError> {
    if let MessageContent::Array(parts) = content {
        for (j, part) in parts.iter().enumerate() {
            match part {
                ChatCompletionRequestUserMessageContentPart::Text(_) => {}
                ChatCompletionRequestUserMessageContentPart::ImageUrl(_) => {
                    return Err(TranslateError::unsupported(
                        format!("messages[{i}].content[{j}]"),
                        "the COHERE (V1) format takes no images; map the model with api_format \
                         COHEREV2",
                    ));
                }
                _ => {
                    return Err(unsupported_part(
                        i,
                        j,
                        "the COHERE (V1) format takes text parts only",
                    ));
                }
            }
        }
    }
    Ok(joined(content, "\n"))
}

/// Tool-call arguments (a JSON string) as the object Cohere V1 wants. Arguments that are not a
/// JSON object (a model can produce invalid JSON) are kept as `{"arguments": "<raw>"}` so that
/// the conversation can go on.
fn parameters(arguments: &str) -> Value {
    match serde_json::from_str::<Value>(arguments) {
        Ok(object @ Value::Object(_)) => object,
        _ if arguments.trim().is_empty() => Value::Object(Map::new()),
        _ => json!({ "arguments": arguments }),
    }
}

/// A call as Cohere V1 writes it (`{name, parameters}`).
fn cohere_call(call: &FunctionCall) -> CohereToolCall {
    CohereToolCall {
        name: call.name.clone(),
        parameters: parameters(&call.arguments),
    }
}

/// For each tool message, by position, the call it answers. Ids are not unique in every
/// history (other backends number calls per turn, few-shot histories reuse ids, some send the
/// same empty id for parallel calls), so a result answers a call of the latest assistant turn
/// with calls: the first call with its id not answered yet, else the last one with its id;
/// failing that, the latest call with its id in an earlier turn. One pass over the history.
fn answered_calls(messages: &[ChatCompletionRequestMessage]) -> Vec<Option<&FunctionCall>> {
    let mut answers = vec![None; messages.len()];
    // The latest turn's calls, each with whether a result answered it already.
    let mut open: Vec<(&str, &FunctionCall, bool)> = Vec::new();
    let mut earlier: HashMap<&str, &FunctionCall> = HashMap::new();
    for (i, message) in messages.iter().enumerate() {
        match message {
            ChatCompletionRequestMessage::Assistant(assistant) => {
                let calls: Vec<_> = assistant
                    .tool_calls
                    .iter()
                    .flatten()
                    .filter_map(|call| match call {
                        ChatCompletionMessageToolCalls::Function(call) => {
                            Some((call.id.as_str(), &call.function, false))
                        }
                        _ => None,
                    })
                    .collect();
                if !calls.is_empty() {
                    earlier.extend(open.drain(..).map(|(id, call, _)| (id, call)));
                    open = calls;
                }
            }
            ChatCompletionRequestMessage::Tool(tool) => {
                let id = tool.tool_call_id.as_str();
                answers[i] = match open
                    .iter_mut()
                    .find(|(open_id, _, answered)| *open_id == id && !answered)
                {
                    Some((_, call, answered)) => {
                        *answered = true;
                        Some(*call)
                    }
                    None => open
                        .iter()
                        .rev()
                        .find(|(open_id, _, _)| *open_id == id)
                        .map(|(_, call, _)| *call)
                        .or_else(|| earlier.get(id).copied()),
                };
            }
            _ => {}
        }
    }
    answers
}

/// COHERE (V1). System and developer messages before the first other message become
/// `preambleOverride`; the last message, when it is a user turn, becomes `message`; a
/// conversation that ends in tool results sends `message: ""` and those results in
/// `toolResults`; everything else stays in `chatHistory`, in order.
pub(super) fn request_v1(
    req: &CreateChatCompletionRequest,
    schemas: &mut ToolSchemas,
    target: &Target,
    options: &RequestOptions,
    dropped: &mut Dropped,
) -> Result<CohereChatRequest, TranslateError> {
    check_and_drop(req, "COHERE", dropped)?;
    dropped.add_if(&req.reasoning_effort, "reasoning_effort");
    let plan = ToolPlan::new(req, dropped)?;
    if let Some(Choice::Required | Choice::Function(_)) = plan.choice {
        return Err(TranslateError::unsupported(
            "tool_choice",
            "the COHERE (V1) format cannot force a tool call; map the model with api_format \
             COHEREV2",
        ));
    }
    for (i, message) in req.messages.iter().enumerate() {
        if let ChatCompletionRequestMessage::Assistant(assistant) = message {
            check_assistant(i, assistant)?;
        }
    }

    let messages = &req.messages;
    let lead = messages
        .iter()
        .take_while(|m| {
            matches!(
                m,
                ChatCompletionRequestMessage::System(_)
                    | ChatCompletionRequestMessage::Developer(_)
            )
        })
        .count();
    let preamble = (lead > 0).then(|| {
        messages[..lead]
            .iter()
            .map(|m| match m {
                ChatCompletionRequestMessage::System(s) => joined(&s.content, "\n"),
                ChatCompletionRequestMessage::Developer(d) => joined(&d.content, "\n"),
                _ => String::new(),
            })
            .collect::<Vec<_>>()
            .join("\n\n")
    });

    let answers = answered_calls(messages);
    let tool_result = |i: usize,
                       message: &ChatCompletionRequestMessage|
     -> Result<CohereToolResult, TranslateError> {
        let ChatCompletionRequestMessage::Tool(tool) = message else {
            return Err(deprecated_function_message(i));
        };
        let call = match (answers[i], &tool.name) {
            (Some(call), _) => cohere_call(call),
            (None, Some(name)) => CohereToolCall {
                name: name.clone(),
                parameters: Value::Object(Map::new()),
            },
            (None, None) => {
                return Err(TranslateError::invalid(
                    format!("messages[{i}].tool_call_id"),
                    format!(
                        "`{}` answers no tool call of an earlier assistant message",
                        tool.tool_call_id
                    ),
                ));
            }
        };
        Ok(CohereToolResult {
            call,
            outputs: vec![json!({ "output": joined(&tool.content, "\n") })],
        })
    };

    // Where the history ends, and what follows it.
    let end = messages.len();
    let (history_end, message, tool_results) = match messages.last() {
        Some(ChatCompletionRequestMessage::User(user)) if end > lead => {
            (end - 1, user_text(end - 1, &user.content)?, None)
        }
        Some(ChatCompletionRequestMessage::Tool(_)) => {
            let start = messages
                .iter()
                .rposition(|m| !matches!(m, ChatCompletionRequestMessage::Tool(_)))
                .map_or(0, |i| i + 1)
                .max(lead);
            let results = (start..end)
                .map(|i| tool_result(i, &messages[i]))
                .collect::<Result<Vec<_>, _>>()?;
            (start, String::new(), Some(results))
        }
        _ => (end, String::new(), None),
    };

    let mut history: Vec<CohereMessage> = Vec::with_capacity(history_end.saturating_sub(lead));
    for i in lead..history_end {
        let entry = match &messages[i] {
            ChatCompletionRequestMessage::System(system) => {
                CohereMessage::System(CohereSystemMessage {
                    message: joined(&system.content, "\n"),
                })
            }
            ChatCompletionRequestMessage::Developer(developer) => {
                CohereMessage::System(CohereSystemMessage {
                    message: joined(&developer.content, "\n"),
                })
            }
            ChatCompletionRequestMessage::User(user) => CohereMessage::User(CohereUserMessage {
                message: user_text(i, &user.content)?,
            }),
            ChatCompletionRequestMessage::Assistant(assistant) => {
                let text = assistant_text(assistant);
                let tool_calls: Vec<CohereToolCall> = assistant
                    .tool_calls
                    .iter()
                    .flatten()
                    .filter_map(|call| match call {
                        ChatCompletionMessageToolCalls::Function(call) => {
                            Some(cohere_call(&call.function))
                        }
                        _ => None,
                    })
                    .collect();
                CohereMessage::Chatbot(CohereChatBotMessage {
                    message: (!text.is_empty()).then_some(text),
                    tool_calls: (!tool_calls.is_empty()).then_some(tool_calls),
                })
            }
            tool @ ChatCompletionRequestMessage::Tool(_) => {
                // Consecutive tool results form one TOOL entry.
                let result = tool_result(i, tool)?;
                if let Some(CohereMessage::Tool(previous)) = history.last_mut()
                    && matches!(messages[i - 1], ChatCompletionRequestMessage::Tool(_))
                {
                    previous.tool_results.push(result);
                    continue;
                }
                CohereMessage::Tool(CohereToolMessage {
                    tool_results: vec![result],
                })
            }
            _ => return Err(deprecated_function_message(i)),
        };
        history.push(entry);
    }

    let tools = match plan.choice {
        // V1 has no tool choice: "none" is sent as no tools.
        Some(Choice::None) => None,
        _ => (!plan.functions.is_empty())
            .then(|| {
                plan.functions
                    .iter()
                    .map(|&(index, function)| {
                        Ok(CohereTool {
                            name: function.name.clone(),
                            description: function.description.clone().unwrap_or_default(),
                            parameter_definitions: schemas
                                .cleaned_value(index, function)?
                                .as_ref()
                                .and_then(parameter_definitions),
                        })
                    })
                    .collect::<Result<_, TranslateError>>()
            })
            .transpose()?,
    };
    let (is_stream, stream_options) = stream_fields(req, options);
    Ok(CohereChatRequest {
        message,
        chat_history: (!history.is_empty()).then_some(history),
        preamble_override: preamble,
        response_format: response_format(req.response_format.as_ref())?,
        is_stream,
        stream_options,
        max_tokens: token_limit(req, target),
        temperature: unit(req.temperature),
        top_k: cohere_top_k(req)?,
        top_p: req.top_p,
        frequency_penalty: unit(req.frequency_penalty),
        presence_penalty: unit(req.presence_penalty),
        seed: req.seed,
        tools,
        tool_results,
        stop_sequences: stop_sequences(req),
        ..CohereChatRequest::default()
    })
}

/// A cleaned JSON Schema object's properties as Cohere V1 parameter definitions (Python type
/// names; constraints V1 cannot express go into the description).
fn parameter_definitions(schema: &Value) -> Option<BTreeMap<String, CohereParameterDefinition>> {
    let properties = schema.get("properties")?.as_object()?;
    let required: Vec<&str> = schema
        .get("required")
        .and_then(Value::as_array)
        .map(|names| names.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let definitions: BTreeMap<_, _> = properties
        .iter()
        .map(|(name, property)| {
            (
                name.clone(),
                CohereParameterDefinition {
                    description: describe(property),
                    r#type: python_type(property).to_owned(),
                    is_required: Some(required.contains(&name.as_str())),
                },
            )
        })
        .collect();
    (!definitions.is_empty()).then_some(definitions)
}

/// The Python type name Cohere V1 wants for a JSON Schema.
fn python_type(schema: &Value) -> &'static str {
    let ty = match schema.get("type") {
        Some(Value::String(ty)) => Some(ty.as_str()),
        Some(Value::Array(types)) => types
            .iter()
            .filter_map(Value::as_str)
            .find(|t| *t != "null"),
        _ => None,
    };
    match ty {
        Some("string") => "str",
        Some("integer") => "int",
        Some("number") => "float",
        Some("boolean") => "bool",
        Some("array") => "List",
        Some("object") => "Dict",
        _ if schema.get("properties").is_some() => "Dict",
        _ if schema.get("items").is_some() => "List",
        _ => "str",
    }
}

/// The description plus the constraints V1 has no field for.
fn describe(schema: &Value) -> Option<String> {
    let mut parts: Vec<String> = Vec::new();
    if let Some(description) = schema.get("description").and_then(Value::as_str)
        && !description.is_empty()
    {
        parts.push(description.to_owned());
    }
    for (key, label) in [
        ("enum", "Allowed values"),
        ("const", "Value"),
        ("format", "Format"),
        ("minimum", "Minimum"),
        ("maximum", "Maximum"),
        ("pattern", "Pattern"),
    ] {
        if let Some(value) = schema.get(key) {
            parts.push(format!("{label}: {value}"));
        }
    }
    if let Some("object" | "array") = schema.get("type").and_then(Value::as_str)
        && let Some(shape) = schema.get("properties").or_else(|| schema.get("items"))
    {
        parts.push(format!("Schema: {shape}"));
    }
    (!parts.is_empty()).then(|| parts.join(". "))
}

/// COHEREV2: messages in order with typed content, nested tool calls, `toolsChoice`, and
/// `thinking` for thinking models.
pub(super) fn request_v2(
    req: &CreateChatCompletionRequest,
    schemas: &mut ToolSchemas,
    target: &Target,
    options: &RequestOptions,
    dropped: &mut Dropped,
) -> Result<CohereChatRequestV2, TranslateError> {
    check_and_drop(req, "COHEREV2", dropped)?;
    let plan = ToolPlan::new(req, dropped)?;
    let thinking = match &req.reasoning_effort {
        Some(effort) if target.is_thinking() => Some(CohereThinkingV2 {
            r#type: if effort.as_str() == "none" {
                CohereThinkingType::Disabled
            } else {
                CohereThinkingType::Enabled
            },
            token_budget: None,
        }),
        Some(_) => {
            dropped.add("reasoning_effort");
            None
        }
        None => None,
    };
    let mut messages = Vec::with_capacity(req.messages.len());
    for (i, message) in req.messages.iter().enumerate() {
        messages.push(match message {
            ChatCompletionRequestMessage::System(system) => {
                CohereMessageV2::System(CohereSystemMessageV2 {
                    content: vec![CohereContentV2::text(joined(&system.content, "\n"))],
                })
            }
            ChatCompletionRequestMessage::Developer(developer) => {
                CohereMessageV2::System(CohereSystemMessageV2 {
                    content: vec![CohereContentV2::text(joined(&developer.content, "\n"))],
                })
            }
            ChatCompletionRequestMessage::User(user) => {
                CohereMessageV2::User(CohereUserMessageV2 {
                    content: user_content_v2(i, &user.content)?,
                })
            }
            ChatCompletionRequestMessage::Assistant(assistant) => {
                check_assistant(i, assistant)?;
                let tool_calls: Vec<CohereToolCallV2> = assistant
                    .tool_calls
                    .iter()
                    .flatten()
                    .filter_map(|call| match call {
                        ChatCompletionMessageToolCalls::Function(call) => Some(CohereToolCallV2 {
                            id: Some(call.id.clone()),
                            r#type: Some(ToolType::Function),
                            function: Some(json!({
                                "name": call.function.name,
                                "arguments": call.function.arguments,
                            })),
                        }),
                        _ => None,
                    })
                    .collect();
                let mut text = assistant_text(assistant);
                if text.is_empty() {
                    // COHEREV2 assistant messages need non-empty content (langchain-oracle
                    // sends a single space for tool-call turns).
                    text.push(' ');
                }
                CohereMessageV2::Assistant(CohereAssistantMessageV2 {
                    content: Some(vec![CohereContentV2::text(text)]),
                    tool_plan: None,
                    tool_calls: (!tool_calls.is_empty()).then_some(tool_calls),
                    citations: None,
                })
            }
            ChatCompletionRequestMessage::Tool(tool) => {
                if tool.name.is_some() {
                    dropped.add(format!("messages[{i}].name"));
                }
                CohereMessageV2::Tool(CohereToolMessageV2 {
                    content: vec![CohereContentV2::text(joined(&tool.content, "\n"))],
                    tool_call_id: tool.tool_call_id.clone(),
                })
            }
            _ => return Err(deprecated_function_message(i)),
        });
    }
    // A named tool choice: offer only that tool, and require a call.
    let functions: Vec<_> = match plan.choice {
        Some(Choice::Function(name)) => plan
            .functions
            .iter()
            .filter(|(_, f)| f.name == name)
            .collect(),
        _ => plan.functions.iter().collect(),
    };
    let tools = (!functions.is_empty())
        .then(|| {
            functions
                .iter()
                .map(|&&(index, function)| {
                    Ok(CohereToolV2 {
                        r#type: ToolType::Function,
                        function: Function {
                            name: function.name.clone(),
                            description: function.description.clone(),
                            parameters: schemas.cleaned(index, function)?.unwrap_or_else(|| {
                                json!({"type": "object", "properties": {}}).into()
                            }),
                        },
                    })
                })
                .collect::<Result<Vec<_>, TranslateError>>()
        })
        .transpose()?;
    let strict = functions.iter().any(|(_, f)| f.strict == Some(true));
    let (is_stream, stream_options) = stream_fields(req, options);
    Ok(CohereChatRequestV2 {
        messages,
        tools_choice: plan.choice.and_then(|choice| match choice {
            Choice::Auto => None,
            Choice::None => Some(CohereToolsChoice::None),
            Choice::Required | Choice::Function(_) => Some(CohereToolsChoice::Required),
        }),
        tools,
        is_strict_tools_enabled: strict.then_some(true),
        thinking,
        response_format: response_format(req.response_format.as_ref())?,
        stream_options,
        is_stream,
        max_tokens: token_limit(req, target),
        temperature: unit(req.temperature),
        top_k: cohere_top_k(req)?,
        top_p: req.top_p,
        frequency_penalty: unit(req.frequency_penalty),
        presence_penalty: unit(req.presence_penalty),
        seed: req.seed,
        stop_sequences: stop_sequences(req),
        ..CohereChatRequestV2::default()
    })
}

fn user_content_v2(
    i: usize,
    content: &MessageContent<ChatCompletionRequestUserMessageContentPart>,
) -> Result<Vec<CohereContentV2>, TranslateError> {
    let MessageContent::Array(parts) = content else {
        return Ok(vec![CohereContentV2::text(joined(content, "\n"))]);
    };
    parts
        .iter()
        .enumerate()
        .map(|(j, part)| match part {
            ChatCompletionRequestUserMessageContentPart::Text(text) => {
                Ok(CohereContentV2::text(text.text.clone()))
            }
            ChatCompletionRequestUserMessageContentPart::ImageUrl(image) => {
                Ok(CohereContentV2::ImageUrl(CohereImageContentV2 {
                    image_url: Some(CohereImageUrlV2 {
                        url: image.image_url.url.clone(),
                        detail: image_detail(image.image_url.detail.as_ref(), i, j)?,
                    }),
                }))
            }
            _ => Err(unsupported_part(
                i,
                j,
                "the COHEREV2 format takes text and image parts only",
            )),
        })
        .collect()
}
