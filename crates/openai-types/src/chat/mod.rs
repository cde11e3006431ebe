//! Chat completions: `POST /v1/chat/completions`.
//!
//! [`CreateChatCompletionRequest`] is what clients send. The answer is either one
//! [`CreateChatCompletionResponse`] or, with `stream: true`, a sequence of
//! [`CreateChatCompletionStreamResponse`] chunks sent as server-sent events and ended by
//! `data: [DONE]`.
//!
//! Messages ([`ChatCompletionRequestMessage`]) are tagged by `role`; content parts, tools, tool
//! calls and response formats by `type`. String-or-array fields ([`MessageContent`],
//! [`StopConfiguration`], [`ChatCompletionToolChoiceOption`]) are read by a visitor that looks
//! at the JSON type.

mod chunk;
mod content;
mod message;
mod parameters;
mod request;
mod response;
mod response_format;
mod tool;

pub use chunk::{
    ChatChoiceStream, ChatCompletionStreamResponseDelta, CreateChatCompletionStreamResponse,
};
pub use content::{
    ChatCompletionRequestAssistantMessageContent, ChatCompletionRequestAssistantMessageContentPart,
    ChatCompletionRequestDeveloperMessageContent, ChatCompletionRequestMessageContentPartAudio,
    ChatCompletionRequestMessageContentPartFile, ChatCompletionRequestMessageContentPartImage,
    ChatCompletionRequestMessageContentPartRefusal, ChatCompletionRequestMessageContentPartText,
    ChatCompletionRequestSystemMessageContent, ChatCompletionRequestSystemMessageContentPart,
    ChatCompletionRequestToolMessageContent, ChatCompletionRequestToolMessageContentPart,
    ChatCompletionRequestUserMessageContent, ChatCompletionRequestUserMessageContentPart,
    ContentPart, FileObject, ImageDetail, ImageUrl, InputAudio, InputAudioFormat, MessageContent,
    PromptCacheBreakpoint,
};
pub use message::{
    ChatCompletionRequestAssistantMessage, ChatCompletionRequestAssistantMessageAudio,
    ChatCompletionRequestDeveloperMessage, ChatCompletionRequestFunctionMessage,
    ChatCompletionRequestMessage, ChatCompletionRequestSystemMessage,
    ChatCompletionRequestToolMessage, ChatCompletionRequestUserMessage, Role,
};
pub use parameters::FunctionParameters;
pub use request::{
    AudioFormat, ChatCompletionAudioParam, ChatCompletionStreamOptions,
    CreateChatCompletionRequest, PredictionContent, ReasoningEffort, ResponseModality, ServiceTier,
    StopConfiguration, Verbosity, Voice, VoiceParam, WebSearchContextSize, WebSearchLocation,
    WebSearchOptions, WebSearchUserLocation,
};
pub use response::{
    ChatChoice, ChatChoiceLogprobs, ChatCompletionResponseMessage,
    ChatCompletionResponseMessageAnnotation, ChatCompletionResponseMessageAudio,
    ChatCompletionTokenLogprob, CreateChatCompletionResponse, FinishReason, TopLogprobs,
    UrlCitation,
};
pub use response_format::{ResponseFormat, ResponseFormatJsonSchema};
pub use tool::{
    ChatCompletionAllowedTools, ChatCompletionAllowedToolsChoice, ChatCompletionFunctionCall,
    ChatCompletionFunctionCallOption, ChatCompletionFunctions, ChatCompletionMessageCustomToolCall,
    ChatCompletionMessageToolCall, ChatCompletionMessageToolCallChunk,
    ChatCompletionMessageToolCalls, ChatCompletionNamedToolChoice,
    ChatCompletionNamedToolChoiceCustom, ChatCompletionTool, ChatCompletionToolChoiceOption,
    ChatCompletionTools, CustomName, CustomToolCall, CustomToolChatCompletions,
    CustomToolProperties, FunctionCall, FunctionCallStream, FunctionName, FunctionObject,
    ToolCallType, ToolChoiceMode,
};
