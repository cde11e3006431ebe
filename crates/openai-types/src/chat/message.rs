//! Request messages, tagged by `role`.

use serde::{Deserialize, Serialize};

use super::content::{
    ChatCompletionRequestAssistantMessageContent, ChatCompletionRequestDeveloperMessageContent,
    ChatCompletionRequestSystemMessageContent, ChatCompletionRequestToolMessageContent,
    ChatCompletionRequestUserMessageContent,
};
use super::response::ChatCompletionResponseMessage;
use super::tool::{ChatCompletionMessageToolCalls, FunctionCall};
use crate::macros::string_enum;
use crate::single_pass::tagged_enum_deserialize;

string_enum! {
    /// The author of a message, as it appears in responses and stream deltas.
    ///
    /// Request messages are an enum tagged by `role` instead
    /// ([`ChatCompletionRequestMessage`]), so this type is for the places where the role is a
    /// plain field.
    #[derive(Default)]
    pub enum Role {
        /// `"system"`.
        System = "system",
        /// `"developer"`: system instructions for reasoning models.
        Developer = "developer",
        /// `"user"`.
        User = "user",
        /// `"assistant"`: the model.
        #[default]
        Assistant = "assistant",
        /// `"tool"`: a tool result.
        Tool = "tool",
        /// `"function"`: a deprecated function result.
        Function = "function",
    }
}

/// One message of a chat request, tagged by `role`.
///
/// [Spec](https://platform.openai.com/docs/api-reference/chat/create#chat-create-messages).
/// An unknown role is a parse error, as it is for OpenAI: nothing downstream could render it.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "role", rename_all = "snake_case")]
#[non_exhaustive]
pub enum ChatCompletionRequestMessage {
    /// Instructions for reasoning models; replaces `system` for o1 and later.
    Developer(ChatCompletionRequestDeveloperMessage),
    /// System instructions.
    System(ChatCompletionRequestSystemMessage),
    /// A message from the end user.
    User(ChatCompletionRequestUserMessage),
    /// An earlier model turn replayed as history.
    Assistant(ChatCompletionRequestAssistantMessage),
    /// The result of a tool call.
    Tool(ChatCompletionRequestToolMessage),
    /// The result of a deprecated function call.
    Function(ChatCompletionRequestFunctionMessage),
}

tagged_enum_deserialize!(ChatCompletionRequestMessage, tag = "role", expecting = "a message object with a `role`", {
    Developer = "developer",
    System = "system",
    User = "user",
    Assistant = "assistant",
    Tool = "tool",
    Function = "function",
});

impl ChatCompletionRequestMessage {
    /// A `system` message.
    pub fn system(content: impl Into<ChatCompletionRequestSystemMessageContent>) -> Self {
        Self::System(ChatCompletionRequestSystemMessage {
            content: content.into(),
            name: None,
        })
    }

    /// A `developer` message.
    pub fn developer(content: impl Into<ChatCompletionRequestDeveloperMessageContent>) -> Self {
        Self::Developer(ChatCompletionRequestDeveloperMessage {
            content: content.into(),
            name: None,
        })
    }

    /// A `user` message.
    pub fn user(content: impl Into<ChatCompletionRequestUserMessageContent>) -> Self {
        Self::User(ChatCompletionRequestUserMessage {
            content: content.into(),
            name: None,
        })
    }

    /// An `assistant` message with text content.
    pub fn assistant(content: impl Into<ChatCompletionRequestAssistantMessageContent>) -> Self {
        Self::Assistant(ChatCompletionRequestAssistantMessage {
            content: Some(content.into()),
            ..Default::default()
        })
    }

    /// A `tool` message answering the call `tool_call_id`.
    pub fn tool(
        content: impl Into<ChatCompletionRequestToolMessageContent>,
        tool_call_id: impl Into<String>,
    ) -> Self {
        Self::Tool(ChatCompletionRequestToolMessage {
            content: content.into(),
            tool_call_id: tool_call_id.into(),
            name: None,
        })
    }

    /// The message's role.
    #[must_use]
    pub fn role(&self) -> Role {
        match self {
            Self::Developer(_) => Role::Developer,
            Self::System(_) => Role::System,
            Self::User(_) => Role::User,
            Self::Assistant(_) => Role::Assistant,
            Self::Tool(_) => Role::Tool,
            Self::Function(_) => Role::Function,
        }
    }
}

/// A `developer` message.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ChatCompletionRequestDeveloperMessage {
    /// The instructions.
    pub content: ChatCompletionRequestDeveloperMessageContent,
    /// An optional participant name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// A `system` message.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ChatCompletionRequestSystemMessage {
    /// The instructions.
    pub content: ChatCompletionRequestSystemMessageContent,
    /// An optional participant name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// A `user` message.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ChatCompletionRequestUserMessage {
    /// Text, or a list of text, image, audio and file parts.
    pub content: ChatCompletionRequestUserMessageContent,
    /// An optional participant name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// An `assistant` message replayed in the request history.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ChatCompletionRequestAssistantMessage {
    /// The text of the turn; `None` when the turn only called tools.
    ///
    /// Always written, as `null` when `None`: OpenClaw 2026.9.6, pi-ai 0.73.1 and the official
    /// SDKs send `"content": null` on tool-call turns (it is what the response message carried),
    /// so writing it keeps their requests byte-for-byte. A message that omitted the key gains
    /// `"content": null`, which OpenAI reads the same way.
    #[serde(default)]
    pub content: Option<ChatCompletionRequestAssistantMessageContent>,
    /// A refusal the model produced in that turn.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refusal: Option<String>,
    /// An optional participant name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// A reference to audio the model produced in that turn.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub audio: Option<ChatCompletionRequestAssistantMessageAudio>,
    /// The tool calls the model made in that turn.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tool_calls: Option<Vec<ChatCompletionMessageToolCalls>>,
    /// The deprecated single function call.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub function_call: Option<FunctionCall>,
    /// Reasoning text of that turn, as DeepSeek-style and OCI reasoning models return it and
    /// some clients replay it. Not part of the OpenAI spec.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reasoning_content: Option<String>,
}

impl From<ChatCompletionResponseMessage> for ChatCompletionRequestAssistantMessage {
    /// Replays a response message as history, as clients do on the next turn.
    fn from(message: ChatCompletionResponseMessage) -> Self {
        Self {
            content: message.content.map(Into::into),
            refusal: message.refusal,
            name: None,
            audio: message
                .audio
                .map(|audio| ChatCompletionRequestAssistantMessageAudio { id: audio.id }),
            tool_calls: message.tool_calls,
            function_call: message.function_call,
            reasoning_content: message.reasoning_content,
        }
    }
}

/// A reference to earlier audio output, by id.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ChatCompletionRequestAssistantMessageAudio {
    /// The id of the audio response.
    pub id: String,
}

/// A `tool` message: the result of one tool call.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ChatCompletionRequestToolMessage {
    /// The tool's output.
    pub content: ChatCompletionRequestToolMessageContent,
    /// The id of the call this answers.
    pub tool_call_id: String,
    /// The name of the tool that ran. Not in the OpenAI spec, but OpenClaw sends it under some
    /// compatibility settings for backends that want it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// A deprecated `function` message: the result of a function call.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ChatCompletionRequestFunctionMessage {
    /// The function's output. The spec marks it required and nullable, so `None` is written as
    /// `null`.
    #[serde(default)]
    pub content: Option<String>,
    /// The name of the function that ran.
    pub name: String,
}

macro_rules! message_from {
    ($($variant:ident($ty:ty)),+ $(,)?) => {
        $(
            impl From<$ty> for ChatCompletionRequestMessage {
                fn from(message: $ty) -> Self {
                    Self::$variant(message)
                }
            }
        )+
    };
}

message_from!(
    Developer(ChatCompletionRequestDeveloperMessage),
    System(ChatCompletionRequestSystemMessage),
    User(ChatCompletionRequestUserMessage),
    Assistant(ChatCompletionRequestAssistantMessage),
    Tool(ChatCompletionRequestToolMessage),
    Function(ChatCompletionRequestFunctionMessage),
);
