//! What the model needs to know from a chat request, whatever its format:
//! the last user message, the tool results it must answer, the tools it may
//! call, and the limits and options of the answer.

use std::borrow::Cow;
use std::collections::BTreeMap;

use oci_genai_client::wire::{
    ChatContent, ChatRequest, CohereChatRequest, CohereChatRequestV2, CohereContentV2,
    CohereMessage, CohereMessageV2, CohereParameterDefinition, CohereResponseFormat,
    CohereThinkingType, CohereToolResult, CohereToolsChoice, GenericChatRequest, Message,
    ReasoningEffort, ResponseFormat, ToolCall, ToolChoice, ToolDefinition,
};
use serde_json::{Map, Value, json};

use crate::api_error::ApiError;
use crate::tokens;

/// The three chat formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Format {
    Generic,
    Cohere,
    CohereV2,
}

impl Format {
    /// The `apiFormat` value.
    pub(crate) fn api_format(self) -> &'static str {
        match self {
            Self::Generic => "GENERIC",
            Self::Cohere => "COHERE",
            Self::CohereV2 => "COHEREV2",
        }
    }
}

/// How the model may use tools.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum ToolChoiceMode {
    /// Call a tool only when a marker asks for it.
    Auto,
    /// Never call a tool.
    None,
    /// Always call a tool.
    Required,
    /// Always call this tool.
    Named(String),
}

/// A tool the request offers.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Tool {
    pub(crate) name: String,
    /// Its parameters as a JSON Schema (Cohere V1 definitions converted).
    pub(crate) schema: Value,
}

/// A tool result the answer must use.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ToolResult {
    pub(crate) name: String,
    pub(crate) output: String,
}

/// A chat request as the model sees it.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Conversation {
    pub(crate) format: Format,
    /// The text of the last user message; markers are read from it.
    pub(crate) user_text: String,
    /// Results of the previous turn's tool calls, when the request ends with
    /// them (a trailing TOOL message, or Cohere `toolResults`).
    pub(crate) tool_results: Vec<ToolResult>,
    pub(crate) tools: Vec<Tool>,
    pub(crate) tool_choice: ToolChoiceMode,
    /// `maxTokens` / `maxCompletionTokens`, the smaller if both are sent.
    pub(crate) max_tokens: Option<u32>,
    /// Whether GENERIC `maxTokens` itself was sent.
    pub(crate) sent_max_tokens: bool,
    pub(crate) stop: Vec<String>,
    pub(crate) stream: bool,
    pub(crate) include_usage: bool,
    pub(crate) prompt_tokens: u32,
    /// `Some` when the answer must be JSON: a schema to follow, or `None`
    /// for any JSON object.
    pub(crate) json_answer: Option<Option<Value>>,
    /// `reasoningEffort` above NONE, or COHEREV2 `thinking` enabled.
    pub(crate) wants_reasoning: bool,
    /// `numGenerations`.
    pub(crate) choices: u32,
}

impl Conversation {
    /// Reads the request.
    pub(crate) fn of(request: &ChatRequest) -> Result<Self, ApiError> {
        match request {
            ChatRequest::Generic(request) => from_generic(request),
            ChatRequest::Cohere(request) => Ok(from_cohere(request)),
            ChatRequest::CohereV2(request) => from_cohere_v2(request),
            other => Err(ApiError::invalid_parameter(format!(
                "Unsupported apiFormat {:?}; use GENERIC, COHERE or COHEREV2.",
                other.tag().unwrap_or("")
            ))),
        }
    }
}

fn generic_text(content: Option<&Vec<ChatContent>>) -> String {
    let texts: Vec<&str> = content
        .into_iter()
        .flatten()
        .filter_map(ChatContent::as_text)
        .collect();
    texts.join("\n")
}

fn v2_text(content: &[CohereContentV2]) -> String {
    let texts: Vec<String> = content
        .iter()
        .filter_map(|part| match part {
            CohereContentV2::Text(text) => text.text.clone(),
            CohereContentV2::Document(document) => document.document.as_ref().map(Value::to_string),
            _ => None,
        })
        .collect();
    texts.join("\n")
}

fn from_generic(request: &GenericChatRequest) -> Result<Conversation, ApiError> {
    if request.messages.is_empty() {
        return Err(ApiError::invalid_parameter(
            "chatRequest.messages must hold at least one message.",
        ));
    }
    let user_text = request
        .messages
        .iter()
        .rev()
        .find_map(|message| match message {
            Message::User(user) => Some(generic_text(user.content.as_ref())),
            _ => None,
        })
        .unwrap_or_default();

    let call_name = |id: Option<&str>| -> String {
        request
            .messages
            .iter()
            .filter_map(|message| match message {
                Message::Assistant(assistant) => assistant.tool_calls.as_ref(),
                _ => None,
            })
            .flatten()
            .find_map(|call| match call {
                ToolCall::Function(function) if function.id.as_deref() == id && id.is_some() => {
                    function.name.clone()
                }
                _ => None,
            })
            .unwrap_or_else(|| "tool".to_owned())
    };
    let mut tool_results: Vec<ToolResult> = request
        .messages
        .iter()
        .rev()
        .map_while(|message| match message {
            Message::Tool(tool) => Some(ToolResult {
                name: call_name(tool.tool_call_id.as_deref()),
                output: generic_text(tool.content.as_ref()),
            }),
            _ => None,
        })
        .collect();
    tool_results.reverse();

    let tools = request
        .tools
        .iter()
        .flatten()
        .filter_map(|tool| match tool {
            ToolDefinition::Function(function) => Some(Tool {
                name: function.name.clone()?,
                schema: function
                    .parameters
                    .as_ref()
                    .and_then(|schema| schema.to_value().ok())
                    .map_or_else(|| json!({"type": "object"}), Cow::into_owned),
            }),
            _ => None,
        })
        .collect();
    let tool_choice = match &request.tool_choice {
        Some(ToolChoice::None) => ToolChoiceMode::None,
        Some(ToolChoice::Required) => ToolChoiceMode::Required,
        Some(ToolChoice::Function { name: Some(name) }) => ToolChoiceMode::Named(name.clone()),
        _ => ToolChoiceMode::Auto,
    };
    let max_tokens = match (request.max_tokens, request.max_completion_tokens) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    let mut prompt_tokens = 0u32;
    for message in &request.messages {
        let (content, calls) = match message {
            Message::System(m) => (m.content.as_ref(), None),
            Message::User(m) => (m.content.as_ref(), None),
            Message::Assistant(m) => (m.content.as_ref(), m.tool_calls.as_ref()),
            Message::Tool(m) => (m.content.as_ref(), None),
            Message::Developer(m) => (m.content.as_ref(), None),
            _ => (None, None),
        };
        prompt_tokens = prompt_tokens.saturating_add(tokens::count(&generic_text(content)));
        for call in calls.into_iter().flatten() {
            if let ToolCall::Function(function) = call {
                let arguments = function.arguments.as_deref().unwrap_or("");
                prompt_tokens = prompt_tokens.saturating_add(1 + tokens::count(arguments));
            }
        }
    }
    let json_answer = match &request.response_format {
        Some(ResponseFormat::JsonObject) => Some(None),
        Some(ResponseFormat::JsonSchema { json_schema }) => Some(Some(
            json_schema
                .as_ref()
                .and_then(|schema| schema.schema.as_ref())
                .and_then(|schema| schema.to_value().ok())
                .map_or_else(|| json!({"type": "object"}), Cow::into_owned),
        )),
        _ => None,
    };
    Ok(Conversation {
        format: Format::Generic,
        user_text,
        tool_results,
        tools,
        tool_choice,
        max_tokens,
        sent_max_tokens: request.max_tokens.is_some(),
        stop: request.stop.clone().unwrap_or_default(),
        stream: request.is_stream == Some(true),
        include_usage: request
            .stream_options
            .as_ref()
            .and_then(|options| options.is_include_usage)
            == Some(true),
        prompt_tokens,
        json_answer,
        wants_reasoning: request
            .reasoning_effort
            .as_ref()
            .is_some_and(|effort| *effort != ReasoningEffort::None),
        choices: request.num_generations.unwrap_or(1).clamp(1, 5),
    })
}

/// A Cohere V1 parameter list as the JSON Schema it stands for.
fn cohere_schema(definitions: Option<&BTreeMap<String, CohereParameterDefinition>>) -> Value {
    let mut properties = Map::new();
    let mut required = Vec::new();
    for (name, definition) in definitions.into_iter().flatten() {
        let python = definition.r#type.to_ascii_lowercase();
        let json_type = if python.starts_with("int") {
            "integer"
        } else if python.starts_with("float") || python.starts_with("number") {
            "number"
        } else if python.starts_with("bool") {
            "boolean"
        } else if python.starts_with("list") {
            "array"
        } else if python.starts_with("dict") {
            "object"
        } else {
            "string"
        };
        properties.insert(name.clone(), json!({"type": json_type}));
        if definition.is_required == Some(true) {
            required.push(Value::String(name.clone()));
        }
    }
    json!({"type": "object", "properties": properties, "required": required})
}

fn cohere_outputs(result: &CohereToolResult) -> String {
    match result.outputs.as_slice() {
        [single] => single.to_string(),
        outputs => Value::from(outputs.to_vec()).to_string(),
    }
}

fn cohere_message_tokens(message: &CohereMessage) -> u32 {
    match message {
        CohereMessage::User(m) => tokens::count(&m.message),
        CohereMessage::System(m) => tokens::count(&m.message),
        CohereMessage::Chatbot(m) => {
            let calls: u32 = m
                .tool_calls
                .iter()
                .flatten()
                .map(|call| 1 + tokens::count(&call.parameters.to_string()))
                .sum();
            tokens::count(m.message.as_deref().unwrap_or("")).saturating_add(calls)
        }
        CohereMessage::Tool(m) => m
            .tool_results
            .iter()
            .map(|result| tokens::count(&cohere_outputs(result)))
            .sum(),
        _ => 0,
    }
}

fn from_cohere(request: &CohereChatRequest) -> Conversation {
    let history = request.chat_history.as_deref().unwrap_or_default();
    let results: &[CohereToolResult] = match request.tool_results.as_deref() {
        Some(results) if !results.is_empty() => results,
        // Some clients send the results as the last history entry instead.
        _ if request.message.trim().is_empty() => match history.last() {
            Some(CohereMessage::Tool(tool)) => &tool.tool_results,
            _ => &[],
        },
        _ => &[],
    };
    let tool_results = results
        .iter()
        .map(|result| ToolResult {
            name: result.call.name.clone(),
            output: cohere_outputs(result),
        })
        .collect();
    let tools = request
        .tools
        .iter()
        .flatten()
        .map(|tool| Tool {
            name: tool.name.clone(),
            schema: cohere_schema(tool.parameter_definitions.as_ref()),
        })
        .collect();
    let mut prompt_tokens = tokens::count(&request.message).saturating_add(tokens::count(
        request.preamble_override.as_deref().unwrap_or(""),
    ));
    for message in history {
        prompt_tokens = prompt_tokens.saturating_add(cohere_message_tokens(message));
    }
    for result in request.tool_results.iter().flatten() {
        prompt_tokens = prompt_tokens.saturating_add(tokens::count(&cohere_outputs(result)));
    }
    Conversation {
        format: Format::Cohere,
        user_text: request.message.clone(),
        tool_results,
        tools,
        tool_choice: ToolChoiceMode::Auto,
        max_tokens: request.max_tokens,
        sent_max_tokens: false,
        stop: request.stop_sequences.clone().unwrap_or_default(),
        stream: request.is_stream == Some(true),
        include_usage: request
            .stream_options
            .as_ref()
            .and_then(|options| options.is_include_usage)
            == Some(true),
        prompt_tokens,
        json_answer: cohere_json_answer(request.response_format.as_ref()),
        wants_reasoning: false,
        choices: 1,
    }
}

fn cohere_json_answer(format: Option<&CohereResponseFormat>) -> Option<Option<Value>> {
    match format {
        Some(CohereResponseFormat::JsonObject { schema }) => Some(
            schema
                .as_ref()
                .and_then(|schema| schema.to_value().ok())
                .map(Cow::into_owned),
        ),
        _ => None,
    }
}

fn from_cohere_v2(request: &CohereChatRequestV2) -> Result<Conversation, ApiError> {
    if request.messages.is_empty() {
        return Err(ApiError::invalid_parameter(
            "chatRequest.messages must hold at least one message.",
        ));
    }
    let user_text = request
        .messages
        .iter()
        .rev()
        .find_map(|message| match message {
            CohereMessageV2::User(user) => Some(v2_text(&user.content)),
            _ => None,
        })
        .unwrap_or_default();
    let call_name = |id: &str| -> String {
        request
            .messages
            .iter()
            .filter_map(|message| match message {
                CohereMessageV2::Assistant(assistant) => assistant.tool_calls.as_ref(),
                _ => None,
            })
            .flatten()
            .filter(|call| call.id.as_deref() == Some(id))
            .find_map(|call| {
                call.function
                    .as_ref()
                    .and_then(|function| function.get("name"))
                    .and_then(Value::as_str)
                    .map(str::to_owned)
            })
            .unwrap_or_else(|| "tool".to_owned())
    };
    let mut tool_results: Vec<ToolResult> = request
        .messages
        .iter()
        .rev()
        .map_while(|message| match message {
            CohereMessageV2::Tool(tool) => Some(ToolResult {
                name: call_name(&tool.tool_call_id),
                output: v2_text(&tool.content),
            }),
            _ => None,
        })
        .collect();
    tool_results.reverse();
    let tools = request
        .tools
        .iter()
        .flatten()
        .map(|tool| Tool {
            name: tool.function.name.clone(),
            schema: tool
                .function
                .parameters
                .to_value()
                .map_or_else(|_| json!({"type": "object"}), Cow::into_owned),
        })
        .collect();
    let tool_choice = match request.tools_choice {
        Some(CohereToolsChoice::Required) => ToolChoiceMode::Required,
        Some(CohereToolsChoice::None) => ToolChoiceMode::None,
        _ => ToolChoiceMode::Auto,
    };
    let mut prompt_tokens = 0u32;
    for message in &request.messages {
        let count = match message {
            CohereMessageV2::User(m) => tokens::count(&v2_text(&m.content)),
            CohereMessageV2::System(m) => tokens::count(&v2_text(&m.content)),
            CohereMessageV2::Tool(m) => tokens::count(&v2_text(&m.content)),
            CohereMessageV2::Assistant(m) => {
                let calls: u32 = m
                    .tool_calls
                    .iter()
                    .flatten()
                    .map(|call| {
                        let arguments = call
                            .function
                            .as_ref()
                            .and_then(|function| function.get("arguments"))
                            .and_then(Value::as_str)
                            .unwrap_or("");
                        1 + tokens::count(arguments)
                    })
                    .sum();
                tokens::count(&v2_text(m.content.as_deref().unwrap_or_default()))
                    .saturating_add(calls)
            }
            _ => 0,
        };
        prompt_tokens = prompt_tokens.saturating_add(count);
    }
    Ok(Conversation {
        format: Format::CohereV2,
        user_text,
        tool_results,
        tools,
        tool_choice,
        max_tokens: request.max_tokens,
        sent_max_tokens: false,
        stop: request.stop_sequences.clone().unwrap_or_default(),
        stream: request.is_stream == Some(true),
        include_usage: request
            .stream_options
            .as_ref()
            .and_then(|options| options.is_include_usage)
            == Some(true),
        prompt_tokens,
        json_answer: cohere_json_answer(request.response_format.as_ref()),
        wants_reasoning: request
            .thinking
            .as_ref()
            .is_some_and(|thinking| thinking.r#type == CohereThinkingType::Enabled),
        choices: 1,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(json: Value) -> ChatRequest {
        serde_json::from_value(json).unwrap()
    }

    #[test]
    fn generic_turn_with_tool_results() {
        let conversation = Conversation::of(&request(json!({
            "apiFormat": "GENERIC",
            "messages": [
                {"role": "SYSTEM", "content": [{"type": "TEXT", "text": "Be brief."}]},
                {"role": "USER", "content": [{"type": "TEXT", "text": "Weather in Paris?"}]},
                {"role": "ASSISTANT", "toolCalls": [{"id": "c1", "type": "FUNCTION", "name": "get_weather", "arguments": "{\"city\": \"Paris\"}"}]},
                {"role": "TOOL", "toolCallId": "c1", "content": [{"type": "TEXT", "text": "{\"temp_c\": 18}"}]}
            ],
            "tools": [{"type": "FUNCTION", "name": "get_weather", "parameters": {"type": "object"}}],
            "toolChoice": {"type": "REQUIRED"},
            "maxTokens": 50, "maxCompletionTokens": 20,
            "isStream": true, "streamOptions": {"isIncludeUsage": true}
        })))
        .unwrap();
        assert_eq!(conversation.user_text, "Weather in Paris?");
        assert_eq!(
            conversation.tool_results,
            [ToolResult {
                name: "get_weather".into(),
                output: "{\"temp_c\": 18}".into()
            }]
        );
        assert_eq!(conversation.tool_choice, ToolChoiceMode::Required);
        assert_eq!(conversation.max_tokens, Some(20));
        assert!(conversation.sent_max_tokens && conversation.stream && conversation.include_usage);
        // 2 + 3 + (1 + 2) + 2 words.
        assert_eq!(conversation.prompt_tokens, 10);
    }

    #[test]
    fn cohere_parameters_become_a_schema() {
        let conversation = Conversation::of(&request(json!({
            "apiFormat": "COHERE",
            "message": "Weather?",
            "tools": [{"name": "get_weather", "description": "d", "parameterDefinitions": {
                "city": {"type": "str", "isRequired": true},
                "days": {"type": "int"},
                "tags": {"type": "List[str]", "isRequired": true}
            }}],
            "toolResults": [{"call": {"name": "get_weather", "parameters": {"city": "Rome"}}, "outputs": [{"temp_c": 24}]}]
        })))
        .unwrap();
        assert_eq!(
            conversation.tools[0].schema,
            json!({"type": "object", "properties": {"city": {"type": "string"}, "days": {"type": "integer"}, "tags": {"type": "array"}}, "required": ["city", "tags"]})
        );
        assert_eq!(conversation.tool_results[0].output, r#"{"temp_c":24}"#);
    }

    #[test]
    fn cohere_v2_tool_results_find_their_call() {
        let conversation = Conversation::of(&request(json!({
            "apiFormat": "COHEREV2",
            "messages": [
                {"role": "USER", "content": [{"type": "TEXT", "text": "Time?"}]},
                {"role": "ASSISTANT", "content": [{"type": "TEXT", "text": " "}], "toolCalls": [{"id": "t1", "type": "FUNCTION", "function": {"name": "get_time", "arguments": "{}"}}]},
                {"role": "TOOL", "toolCallId": "t1", "content": [{"type": "TEXT", "text": "12:00"}]}
            ],
            "toolsChoice": "NONE",
            "thinking": {"type": "ENABLED"}
        })))
        .unwrap();
        assert_eq!(conversation.tool_results[0].name, "get_time");
        assert_eq!(conversation.tool_choice, ToolChoiceMode::None);
        assert!(conversation.wants_reasoning);
    }

    #[test]
    fn empty_messages_and_unknown_formats_are_refused() {
        let error = Conversation::of(&request(json!({"apiFormat": "GENERIC", "messages": []})))
            .unwrap_err();
        assert_eq!(error.code, "InvalidParameter");
        let error = Conversation::of(&request(json!({"apiFormat": "COHEREV3"}))).unwrap_err();
        assert!(error.message.contains("COHEREV3"), "{}", error.message);
    }
}
