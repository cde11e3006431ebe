//! The wire details of GENERIC answers that differ by model family, as
//! captured from the live service (the project's wire-format reference,
//! "Corrections" 2 to 6, and the stream fixtures of `oci-genai-client`,
//! `tests/data/sse/`).
//!
//! | family | first event | tool calls when streaming | finish event | usage event | end |
//! | --- | --- | --- | --- | --- | --- |
//! | Meta Llama | empty text | id + name open a call, id-less argument fragments follow | `{"message":{"role":"ASSISTANT","content":[{"type":"TEXT","text":""}]},"finishReason":…,"pad":…}`, `stop` even after tool calls | when asked | `data: [DONE]` |
//! | OpenAI GPT | empty text | like Llama, `type` on every fragment | `{"finishReason":…,"pad":…,"serviceTier":"default"}` | when asked, with token details | none |
//! | gpt-oss | reasoning or text | the opening fragment already carries arguments; no `type` | `{"finishReason":…,"pad":…}` | when asked | none |
//! | xAI Grok | reasoning or text | each call whole, with its id | a bare `{"finishReason":…}` | when asked | none |
//! | Gemini | text | each call whole, without an id, next to a `TEXT` part without text | a bare `{"finishReason":…}`; `max_tokens` for the token limit; `stop` after tool calls | always, without `completionTokens` when cut by the limit | none |
//!
//! `serviceTier: "default"` is on every OpenAI GPT event. `pad` filler is on
//! text, reasoning and tool-call events of every family.

use super::reply::Finish;
use crate::family::ModelFamily;

/// A `TEXT` part next to tool calls.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TextPart {
    /// No `content`.
    Absent,
    /// `[{"type":"TEXT","text":""}]`.
    Empty,
    /// `[{"type":"TEXT"}]`.
    Textless,
}

/// How streamed tool calls arrive.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CallStyle {
    /// A fragment with id and name opens each call; argument fragments
    /// without id follow, all at array position 0.
    Fragmented {
        /// `type: FUNCTION` on the opening fragment.
        type_on_opening: bool,
        /// `type: FUNCTION` on the argument fragments.
        type_on_arguments: bool,
        /// The opening fragment carries the first piece of the arguments
        /// (otherwise `""`).
        arguments_in_opening: bool,
        content: TextPart,
    },
    /// Each call complete in one event.
    Whole { content: TextPart },
}

/// Tool-call ids as each family makes them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CallIds {
    /// `chatcmpl-tool-<16 hex>` (vLLM).
    ChatcmplTool,
    /// `call_<24 letters and digits>`.
    Call24,
    /// `call_<8 digits>`.
    CallDigits,
    /// None at all.
    Absent,
}

/// The GENERIC wire details of one family.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct GenericShape {
    pub(crate) opening_empty_text: bool,
    pub(crate) pad_finish: bool,
    pub(crate) service_tier: bool,
    pub(crate) calls: CallStyle,
    pub(crate) call_ids: CallIds,
    pub(crate) finish_with_message: bool,
    /// `finishReason` of a streamed tool turn.
    pub(crate) streamed_tool_finish: &'static str,
    /// `finishReason` of a non-streamed tool turn.
    pub(crate) tool_finish: &'static str,
    /// `finishReason` when the token limit cut the answer.
    pub(crate) length_finish: &'static str,
    /// Usage is streamed even when not asked for.
    pub(crate) usage_unasked: bool,
    /// Usage carries `completionTokensDetails` and `promptTokensDetails`.
    pub(crate) usage_details: bool,
    pub(crate) done_sentinel: bool,
}

const META: GenericShape = GenericShape {
    opening_empty_text: true,
    pad_finish: true,
    service_tier: false,
    calls: CallStyle::Fragmented {
        type_on_opening: true,
        type_on_arguments: false,
        arguments_in_opening: false,
        content: TextPart::Absent,
    },
    call_ids: CallIds::ChatcmplTool,
    finish_with_message: true,
    // LiteLLM PR #40040 saw Llama streams end with `stop` after tool calls.
    streamed_tool_finish: "stop",
    tool_finish: "tool_calls",
    length_finish: "length",
    usage_unasked: false,
    usage_details: false,
    done_sentinel: true,
};

const OPENAI_GPT: GenericShape = GenericShape {
    opening_empty_text: true,
    pad_finish: true,
    service_tier: true,
    calls: CallStyle::Fragmented {
        type_on_opening: true,
        type_on_arguments: true,
        arguments_in_opening: false,
        content: TextPart::Absent,
    },
    call_ids: CallIds::Call24,
    finish_with_message: false,
    streamed_tool_finish: "tool_calls",
    tool_finish: "tool_calls",
    length_finish: "length",
    usage_unasked: false,
    usage_details: true,
    done_sentinel: false,
};

const OPENAI_GPT_OSS: GenericShape = GenericShape {
    opening_empty_text: false,
    pad_finish: true,
    service_tier: false,
    calls: CallStyle::Fragmented {
        type_on_opening: false,
        type_on_arguments: false,
        arguments_in_opening: true,
        content: TextPart::Empty,
    },
    call_ids: CallIds::Call24,
    finish_with_message: false,
    streamed_tool_finish: "tool_calls",
    tool_finish: "tool_calls",
    length_finish: "length",
    usage_unasked: false,
    usage_details: false,
    done_sentinel: false,
};

const XAI_GROK: GenericShape = GenericShape {
    opening_empty_text: false,
    pad_finish: false,
    service_tier: false,
    calls: CallStyle::Whole {
        content: TextPart::Empty,
    },
    call_ids: CallIds::CallDigits,
    finish_with_message: false,
    streamed_tool_finish: "tool_calls",
    tool_finish: "tool_calls",
    length_finish: "length",
    usage_unasked: false,
    usage_details: false,
    done_sentinel: false,
};

const GOOGLE_GEMINI: GenericShape = GenericShape {
    opening_empty_text: false,
    pad_finish: false,
    service_tier: false,
    calls: CallStyle::Whole {
        content: TextPart::Textless,
    },
    call_ids: CallIds::Absent,
    finish_with_message: false,
    streamed_tool_finish: "stop",
    tool_finish: "stop",
    length_finish: "max_tokens",
    usage_unasked: true,
    usage_details: false,
    done_sentinel: false,
};

impl GenericShape {
    /// The shape of a family's GENERIC answers. Cohere models do not answer
    /// in GENERIC; they get the Meta shape if ever asked.
    pub(crate) fn of(family: ModelFamily) -> &'static Self {
        match family {
            ModelFamily::OpenAiGpt => &OPENAI_GPT,
            ModelFamily::OpenAiGptOss => &OPENAI_GPT_OSS,
            ModelFamily::XaiGrok => &XAI_GROK,
            ModelFamily::GoogleGemini => &GOOGLE_GEMINI,
            ModelFamily::MetaLlama | ModelFamily::Cohere => &META,
        }
    }

    /// The `finishReason` for `finish`.
    pub(crate) fn finish_reason(&self, finish: Finish, streaming: bool) -> &'static str {
        match finish {
            Finish::Stop | Finish::StopSequence => "stop",
            Finish::Length => self.length_finish,
            Finish::ToolCalls if streaming => self.streamed_tool_finish,
            Finish::ToolCalls => self.tool_finish,
        }
    }
}
