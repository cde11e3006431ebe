//! Tools offered to the model, the tool choice, and the tool calls the model makes.

use std::fmt;

use serde::de::value::MapAccessDeserializer;
use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use super::FunctionParameters;
use crate::macros::string_enum;
use crate::single_pass::tagged_enum_deserialize;

/// A tool the model may call, tagged by `type`.
///
/// [Spec](https://platform.openai.com/docs/api-reference/chat/create#chat-create-tools).
/// Backends that only know function tools can skip [`ChatCompletionTools::Custom`] instead of
/// failing the request.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
#[non_exhaustive]
pub enum ChatCompletionTools {
    /// `{"type": "function", "function": {...}}`.
    Function(ChatCompletionTool),
    /// `{"type": "custom", "custom": {...}}`: a free-form tool (GPT-5).
    Custom(CustomToolChatCompletions),
}

tagged_enum_deserialize!(ChatCompletionTools, tag = "type", expecting = "a tool object with a `type`", {
    Function = "function",
    Custom = "custom",
});

impl ChatCompletionTools {
    /// The function definition, if this is a function tool.
    #[must_use]
    pub fn as_function(&self) -> Option<&FunctionObject> {
        match self {
            Self::Function(tool) => Some(&tool.function),
            Self::Custom(_) => None,
        }
    }
}

impl From<ChatCompletionTool> for ChatCompletionTools {
    fn from(tool: ChatCompletionTool) -> Self {
        Self::Function(tool)
    }
}

impl From<FunctionObject> for ChatCompletionTools {
    fn from(function: FunctionObject) -> Self {
        Self::Function(ChatCompletionTool { function })
    }
}

/// The body of a function tool (its `type` tag is written by [`ChatCompletionTools`]).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ChatCompletionTool {
    /// The function definition.
    pub function: FunctionObject,
}

impl From<FunctionObject> for ChatCompletionTool {
    fn from(function: FunctionObject) -> Self {
        Self { function }
    }
}

/// A function definition: name, description and JSON Schema parameters.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FunctionObject {
    /// The function name the model calls.
    pub name: String,
    /// What the function does, for the model.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The parameters as a JSON Schema object, kept as the JSON text it was read from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parameters: Option<FunctionParameters>,
    /// Whether the model must follow the schema exactly.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub strict: Option<bool>,
}

impl FunctionObject {
    /// A function with a name and nothing else.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            ..Self::default()
        }
    }
}

/// The body of a custom tool.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CustomToolChatCompletions {
    /// The custom tool definition.
    pub custom: CustomToolProperties,
}

/// A custom (free-form input) tool definition.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CustomToolProperties {
    /// The tool name.
    pub name: String,
    /// What the tool does, for the model.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The input format (`{"type": "text"}` or a grammar), kept as raw JSON.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub format: Option<Value>,
}

string_enum! {
    /// A tool-choice mode given as a plain string.
    #[derive(Default)]
    pub enum ToolChoiceMode {
        /// `"none"`: never call a tool.
        None = "none",
        /// `"auto"`: the model decides.
        #[default]
        Auto = "auto",
        /// `"required"`: call at least one tool.
        Required = "required",
    }
}

/// Which tool the model should call: `"none"`, `"auto"`, `"required"` or a named tool.
///
/// [Spec](https://platform.openai.com/docs/api-reference/chat/create#chat-create-tool_choice).
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum ChatCompletionToolChoiceOption {
    /// A plain string mode.
    Mode(ToolChoiceMode),
    /// `{"type": "function", "function": {"name": ...}}`.
    Function(ChatCompletionNamedToolChoice),
    /// `{"type": "custom", "custom": {"name": ...}}`.
    Custom(ChatCompletionNamedToolChoiceCustom),
    /// `{"type": "allowed_tools", "allowed_tools": {"mode", "tools"}}`.
    AllowedTools(ChatCompletionAllowedToolsChoice),
}

impl Default for ChatCompletionToolChoiceOption {
    fn default() -> Self {
        Self::Mode(ToolChoiceMode::Auto)
    }
}

impl ChatCompletionToolChoiceOption {
    /// Forces a call of the function `name`.
    pub fn function(name: impl Into<String>) -> Self {
        Self::Function(ChatCompletionNamedToolChoice {
            function: FunctionName { name: name.into() },
        })
    }
}

impl From<ToolChoiceMode> for ChatCompletionToolChoiceOption {
    fn from(mode: ToolChoiceMode) -> Self {
        Self::Mode(mode)
    }
}

/// The object forms of [`ChatCompletionToolChoiceOption`], for serde.
#[derive(Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum TaggedToolChoiceRef<'a> {
    Function(&'a ChatCompletionNamedToolChoice),
    Custom(&'a ChatCompletionNamedToolChoiceCustom),
    AllowedTools(&'a ChatCompletionAllowedToolsChoice),
}

#[derive(Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum TaggedToolChoice {
    Function(ChatCompletionNamedToolChoice),
    Custom(ChatCompletionNamedToolChoiceCustom),
    AllowedTools(ChatCompletionAllowedToolsChoice),
}

impl Serialize for ChatCompletionToolChoiceOption {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Mode(mode) => mode.serialize(serializer),
            Self::Function(named) => TaggedToolChoiceRef::Function(named).serialize(serializer),
            Self::Custom(named) => TaggedToolChoiceRef::Custom(named).serialize(serializer),
            Self::AllowedTools(allowed) => {
                TaggedToolChoiceRef::AllowedTools(allowed).serialize(serializer)
            }
        }
    }
}

impl<'de> Deserialize<'de> for ChatCompletionToolChoiceOption {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ToolChoiceVisitor;

        impl<'de> Visitor<'de> for ToolChoiceVisitor {
            type Value = ChatCompletionToolChoiceOption;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(r#""none", "auto", "required" or a {"type": ...} tool choice object"#)
            }

            fn visit_str<E: de::Error>(self, value: &str) -> Result<Self::Value, E> {
                Ok(ChatCompletionToolChoiceOption::Mode(value.into()))
            }

            fn visit_string<E: de::Error>(self, value: String) -> Result<Self::Value, E> {
                Ok(ChatCompletionToolChoiceOption::Mode(value.into()))
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                Ok(
                    match TaggedToolChoice::deserialize(MapAccessDeserializer::new(map))? {
                        TaggedToolChoice::Function(named) => {
                            ChatCompletionToolChoiceOption::Function(named)
                        }
                        TaggedToolChoice::Custom(named) => {
                            ChatCompletionToolChoiceOption::Custom(named)
                        }
                        TaggedToolChoice::AllowedTools(allowed) => {
                            ChatCompletionToolChoiceOption::AllowedTools(allowed)
                        }
                    },
                )
            }
        }

        deserializer.deserialize_any(ToolChoiceVisitor)
    }
}

/// The body of a named function tool choice.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ChatCompletionNamedToolChoice {
    /// The function to call.
    pub function: FunctionName,
}

/// The body of a named custom tool choice.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ChatCompletionNamedToolChoiceCustom {
    /// The custom tool to call.
    pub custom: CustomName,
}

/// The name of a function, in a tool choice.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FunctionName {
    /// The function name.
    pub name: String,
}

/// The name of a custom tool, in a tool choice.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CustomName {
    /// The custom tool name.
    pub name: String,
}

/// The body of an `allowed_tools` tool choice.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ChatCompletionAllowedToolsChoice {
    /// The subset of tools the model may use.
    pub allowed_tools: ChatCompletionAllowedTools,
}

/// A subset of the request's tools and how to use them.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ChatCompletionAllowedTools {
    /// `"auto"` or `"required"`.
    pub mode: ToolChoiceMode,
    /// Tool references such as `{"type": "function", "function": {"name": ...}}`, kept raw.
    pub tools: Vec<Value>,
}

/// A tool call made by the model, tagged by `type`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
#[non_exhaustive]
pub enum ChatCompletionMessageToolCalls {
    /// `{"type": "function", "id", "function": {"name", "arguments"}}`.
    Function(ChatCompletionMessageToolCall),
    /// `{"type": "custom", "id", "custom": {"name", "input"}}`.
    Custom(ChatCompletionMessageCustomToolCall),
}

tagged_enum_deserialize!(ChatCompletionMessageToolCalls, tag = "type", expecting = "a tool call object with a `type`", {
    Function = "function",
    Custom = "custom",
});

impl ChatCompletionMessageToolCalls {
    /// A function call with its arguments as a JSON string.
    pub fn function(
        id: impl Into<String>,
        name: impl Into<String>,
        arguments: impl Into<String>,
    ) -> Self {
        Self::Function(ChatCompletionMessageToolCall {
            id: id.into(),
            function: FunctionCall {
                name: name.into(),
                arguments: arguments.into(),
            },
        })
    }

    /// The call id.
    #[must_use]
    pub fn id(&self) -> &str {
        match self {
            Self::Function(call) => &call.id,
            Self::Custom(call) => &call.id,
        }
    }
}

impl From<ChatCompletionMessageToolCall> for ChatCompletionMessageToolCalls {
    fn from(call: ChatCompletionMessageToolCall) -> Self {
        Self::Function(call)
    }
}

/// The body of a function tool call.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ChatCompletionMessageToolCall {
    /// The call id, echoed back in the `tool` message's `tool_call_id`.
    pub id: String,
    /// The function and its arguments.
    pub function: FunctionCall,
}

/// A function name and its arguments.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FunctionCall {
    /// The function to call.
    pub name: String,
    /// The arguments as a JSON string, exactly as the model wrote it (it may be invalid JSON).
    pub arguments: String,
}

/// The body of a custom tool call.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ChatCompletionMessageCustomToolCall {
    /// The call id.
    pub id: String,
    /// The custom tool and its input.
    pub custom: CustomToolCall,
}

/// A custom tool name and its free-form input.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CustomToolCall {
    /// The custom tool to call.
    pub name: String,
    /// The input the model produced.
    pub input: String,
}

string_enum! {
    /// The `type` of a streamed tool-call fragment.
    #[derive(Default)]
    pub enum ToolCallType {
        /// `"function"`.
        #[default]
        Function = "function",
        /// `"custom"`.
        Custom = "custom",
    }
}

/// One fragment of a tool call in a stream delta.
///
/// The first fragment of a call carries `id`, `type` and `function.name` (with
/// `function.arguments: ""`); later fragments carry only `index` and a piece of
/// `function.arguments`. Fragments are joined by `index`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ChatCompletionMessageToolCallChunk {
    /// Which call of the turn this fragment belongs to.
    pub index: u32,
    /// The call id, on the first fragment only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The call type, on the first fragment only.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub r#type: Option<ToolCallType>,
    /// The function name and/or a piece of its arguments.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub function: Option<FunctionCallStream>,
}

/// A fragment of a function call in a stream delta.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FunctionCallStream {
    /// The function name, on the first fragment only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The next piece of the arguments string.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub arguments: Option<String>,
}

/// A deprecated `functions` entry (superseded by `tools`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ChatCompletionFunctions {
    /// The function name.
    pub name: String,
    /// What the function does, for the model.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The parameters as a JSON Schema object, kept as the JSON text it was read from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parameters: Option<FunctionParameters>,
}

/// The deprecated `function_call` option: `"none"`, `"auto"` or `{"name": ...}`.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum ChatCompletionFunctionCall {
    /// `"none"` or `"auto"`.
    Mode(ToolChoiceMode),
    /// `{"name": ...}`: call this function.
    Function(ChatCompletionFunctionCallOption),
}

/// The named form of the deprecated `function_call` option.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ChatCompletionFunctionCallOption {
    /// The function to call.
    pub name: String,
}

impl Serialize for ChatCompletionFunctionCall {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Mode(mode) => mode.serialize(serializer),
            Self::Function(named) => named.serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for ChatCompletionFunctionCall {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct FunctionCallVisitor;

        impl<'de> Visitor<'de> for FunctionCallVisitor {
            type Value = ChatCompletionFunctionCall;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(r#""none", "auto" or {"name": ...}"#)
            }

            fn visit_str<E: de::Error>(self, value: &str) -> Result<Self::Value, E> {
                Ok(ChatCompletionFunctionCall::Mode(value.into()))
            }

            fn visit_string<E: de::Error>(self, value: String) -> Result<Self::Value, E> {
                Ok(ChatCompletionFunctionCall::Mode(value.into()))
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                ChatCompletionFunctionCallOption::deserialize(MapAccessDeserializer::new(map))
                    .map(ChatCompletionFunctionCall::Function)
            }
        }

        deserializer.deserialize_any(FunctionCallVisitor)
    }
}
