//! OCI stream events (any format) → OpenAI chunks: [`ChunkTranslator`].

use oci_genai_client::stream_completion::{CompletionTracker, Progress};
use oci_genai_client::wire::{
    ChatStreamEvent, CohereContentV2, CohereStreamEvent, CohereV2StreamEvent, GenericStreamEvent,
};
use openai_types::chat::{
    ChatChoiceLogprobs, ChatChoiceStream, ChatCompletionMessageToolCallChunk,
    ChatCompletionStreamResponseDelta, CreateChatCompletionStreamResponse, FinishReason,
    FunctionCallStream, Role, ServiceTier, ToolCallType,
};
use openai_types::usage::CompletionUsage;

use crate::error::TranslateError;
use crate::response::{
    Finish, ResponseContext, call_id, cohere_arguments, cohere_v2_function,
    logprobs as response_logprobs, map_finish_reason, map_usage, service_tier,
};

/// One OpenAI stream chunk.
pub type Chunk = CreateChatCompletionStreamResponse;

/// Turns the events of one OCI chat stream, in any of the three formats, into OpenAI chunks.
///
/// * The first chunk of each choice carries `role: "assistant"`.
/// * Text, reasoning (`reasoning_content`) and refusal deltas follow as they arrive; an event
///   that adds nothing yields no chunk.
/// * Tool calls get an OpenAI `index` in order of appearance; `id`, `type` and
///   `function.name` are sent on a call's first fragment only, argument pieces after. A
///   fragment with a new id opens a call; one without an id continues the call last opened
///   at the same array position, unless it brings a name while that call already has one
///   (Gemini sends whole id-less calls, each at position 0). Calls without an OCI id get a
///   stable id derived from the completion id and the call's index, the same as in
///   [`chat_response`](crate::chat_response).
/// * COHERE's events that repeat the whole text and the tool calls emit only what was not
///   streamed yet, so nothing is sent twice.
/// * Each choice gets one chunk with its `finish_reason` when its finish event arrives
///   (`tool_calls` whenever calls were made).
/// * Usage is taken from any event that carries it, asked for or not; the client gets one
///   usage chunk (`choices: []`) at the end, only if it asked (`include_usage`) and OCI
///   reported usage.
/// * When the stream is complete ([`is_complete`](Self::is_complete), by
///   [`CompletionTracker`], the rule the HTTP client uses too), the closing chunks have been
///   returned; the gateway then stops reading and writes `data: [DONE]` itself.
///
/// ```
/// use oci_genai_client::wire::ChatStreamEvent;
/// use translate::{ApiFormat, ChunkTranslator, ResponseContext};
///
/// let mut ctx = ResponseContext::new("chatcmpl-1", 1_764_000_000, "gpt-5", ApiFormat::Generic);
/// ctx.include_usage = true;
/// ctx.oci_usage_requested = true;
/// let mut translator = ChunkTranslator::new(ctx);
/// let mut chunks = Vec::new();
/// for payload in [
///     r#"{"index":0,"message":{"role":"ASSISTANT","content":[{"type":"TEXT","text":"Hi"}]}}"#,
///     r#"{"finishReason":"stop"}"#,
///     r#"{"usage":{"promptTokens":5,"completionTokens":1,"totalTokens":6}}"#,
/// ] {
///     chunks.extend(translator.push(&ChatStreamEvent::from_json(payload.as_bytes()).unwrap())?);
/// }
/// assert!(translator.is_complete()); // stop reading, then send `data: [DONE]`
/// let json: Vec<_> = chunks.iter().map(|c| serde_json::to_value(c).unwrap()).collect();
/// assert_eq!(json[0]["choices"][0]["delta"], serde_json::json!({"role": "assistant", "content": "Hi"}));
/// assert_eq!(json[1]["choices"][0]["finish_reason"], "stop");
/// assert_eq!(json[2]["usage"]["total_tokens"], 6);
/// # Ok::<(), translate::TranslateError>(())
/// ```
#[derive(Debug)]
pub struct ChunkTranslator {
    ctx: ResponseContext,
    tracker: CompletionTracker,
    choices: Vec<ChoiceState>,
    usage: Option<CompletionUsage>,
    service_tier: Option<ServiceTier>,
    /// The closing chunks were returned (or an error ended the stream).
    closed: bool,
}

#[derive(Debug, Default)]
struct ChoiceState {
    index: u32,
    role_sent: bool,
    /// The finish reason OCI sent, mapped.
    finish: Option<FinishReason>,
    finish_sent: bool,
    calls: Vec<CallState>,
    /// `(array position in OCI's toolCalls, call)`: the call each position continues.
    open_at: Vec<(usize, usize)>,
    /// COHERE only: the text streamed so far, to tell repeated text from new text.
    cohere_text: String,
    /// COHEREV2 only: reasoning was streamed, so a tool plan that follows is set apart from
    /// it as the whole answer sets it apart.
    reasoning_sent: bool,
    /// COHEREV2 only: the tool plan has begun (it may come in pieces).
    plan_started: bool,
}

#[derive(Debug)]
struct CallState {
    oci_id: Option<String>,
    named: bool,
}

/// One tool-call fragment, whatever the format.
struct Fragment<'a> {
    id: Option<&'a str>,
    name: Option<&'a str>,
    arguments: Option<&'a str>,
}

impl ChoiceState {
    fn new(index: u32) -> Self {
        Self {
            index,
            ..Self::default()
        }
    }

    /// Applies one fragment at `position`; returns the OpenAI fragment to send, if any.
    fn fragment(
        &mut self,
        completion_id: &str,
        position: usize,
        fragment: &Fragment<'_>,
    ) -> Option<ChatCompletionMessageToolCallChunk> {
        let id = fragment.id.filter(|id| !id.is_empty());
        let name = fragment.name.filter(|name| !name.is_empty());
        let open = self
            .open_at
            .iter()
            .find(|(p, _)| *p == position)
            .map(|&(_, call)| call);
        let existing = match id {
            Some(id) => self
                .calls
                .iter()
                .position(|call| call.oci_id.as_deref() == Some(id)),
            None => open.filter(|&call| !(name.is_some() && self.calls[call].named)),
        };
        let (call_index, is_new) = match existing {
            Some(call) => (call, false),
            None => {
                self.calls.push(CallState {
                    oci_id: id.map(str::to_owned),
                    named: false,
                });
                (self.calls.len() - 1, true)
            }
        };
        match self.open_at.iter_mut().find(|(p, _)| *p == position) {
            Some(slot) => slot.1 = call_index,
            None => self.open_at.push((position, call_index)),
        }
        let call = &mut self.calls[call_index];
        let mut function = FunctionCallStream::default();
        if let Some(name) = name
            && !call.named
        {
            call.named = true;
            function.name = Some(name.to_owned());
        }
        let arguments = fragment.arguments.filter(|a| !a.is_empty());
        if is_new {
            // OpenAI's opening fragment carries `arguments` even when empty.
            function.arguments = Some(arguments.unwrap_or_default().to_owned());
        } else if let Some(arguments) = arguments {
            function.arguments = Some(arguments.to_owned());
        } else if function.name.is_none() {
            return None;
        }
        Some(ChatCompletionMessageToolCallChunk {
            index: u32::try_from(call_index).unwrap_or(u32::MAX),
            id: is_new.then(|| {
                call_id(
                    call.oci_id.as_deref(),
                    completion_id,
                    self.index,
                    call_index,
                )
            }),
            r#type: is_new.then_some(ToolCallType::Function),
            function: Some(function),
        })
    }
}

/// A delta being built for one choice.
#[derive(Default)]
struct DeltaBuilder {
    delta: ChatCompletionStreamResponseDelta,
    logprobs: Option<ChatChoiceLogprobs>,
    finish: Option<Finish>,
    error: Option<String>,
}

impl DeltaBuilder {
    fn push_content(&mut self, text: &str) {
        if !text.is_empty() {
            self.delta
                .content
                .get_or_insert_with(String::new)
                .push_str(text);
        }
    }

    fn push_reasoning(&mut self, text: &str) {
        if !text.is_empty() {
            self.delta
                .reasoning_content
                .get_or_insert_with(String::new)
                .push_str(text);
        }
    }

    fn push_call(&mut self, call: Option<ChatCompletionMessageToolCallChunk>) {
        if let Some(call) = call {
            self.delta
                .tool_calls
                .get_or_insert_with(Vec::new)
                .push(call);
        }
    }

    fn is_empty(&self) -> bool {
        self.delta == ChatCompletionStreamResponseDelta::default() && self.logprobs.is_none()
    }
}

impl ChunkTranslator {
    /// A translator for one stream; see [`ResponseContext::for_request`].
    #[must_use]
    pub fn new(ctx: ResponseContext) -> Self {
        let tracker = CompletionTracker::new(ctx.oci_usage_requested).with_choices(ctx.choices);
        Self {
            ctx,
            tracker,
            choices: Vec::with_capacity(1),
            usage: None,
            service_tier: None,
            closed: false,
        }
    }

    /// Takes one OCI event and returns the chunks to send for it (often one, sometimes none;
    /// the closing chunks when the event completes the stream). Events after completion are
    /// ignored.
    ///
    /// # Errors
    ///
    /// [`TranslateError::Upstream`] when the event reports an error (a Cohere `errorMessage`,
    /// or `finishReason: "ERROR"`): the stream is over; the gateway sends an error event.
    pub fn push(&mut self, event: &ChatStreamEvent) -> Result<Vec<Chunk>, TranslateError> {
        if self.closed {
            return Ok(Vec::new());
        }
        if let Some(usage) = event.usage() {
            self.usage = Some(map_usage(usage));
        }
        let (index, mut built) = match event {
            ChatStreamEvent::Generic(generic) => {
                let index = self.tracker.choice_of(event);
                (index, self.generic(generic, index))
            }
            ChatStreamEvent::Cohere(event) => (0, self.cohere(event)),
            ChatStreamEvent::CohereV2(event) => (0, self.cohere_v2(event)),
            _ => {
                let mut built = DeltaBuilder::default();
                if let Some(reason) = event.finish_reason().filter(|r| !r.is_empty()) {
                    built.finish = Some(map_finish_reason(reason, self.calls_made(0)));
                }
                (0, built)
            }
        };
        if let Some(message) = built.error {
            self.closed = true;
            return Err(TranslateError::Upstream { message });
        }
        let mut chunks = Vec::with_capacity(1);
        let finish = match built.finish.take() {
            Some(Finish::Error) => {
                self.closed = true;
                return Err(TranslateError::Upstream {
                    message: event.error_message().filter(|m| !m.is_empty()).map_or_else(
                        || {
                            format!(
                                "the model stopped with finishReason {}",
                                event.finish_reason().unwrap_or("ERROR")
                            )
                        },
                        str::to_owned,
                    ),
                });
            }
            Some(Finish::Reason(reason)) => Some(reason),
            None => None,
        };
        let choice = self.choice_mut(index);
        // A choice that has finished takes nothing more (some backends still send text while
        // the usage is awaited); a client would read it as content after the end.
        let has_delta = !built.is_empty() && !choice.finish_sent;
        if has_delta
            || (!choice.role_sent
                && !choice.finish_sent
                && finish.is_none()
                && event_has_message(event))
        {
            let mut delta = built.delta;
            if !choice.role_sent {
                choice.role_sent = true;
                delta.role = Some(Role::Assistant);
                if !has_delta {
                    delta.content = Some(String::new());
                }
            }
            let choice = ChatChoiceStream {
                index,
                delta,
                logprobs: built.logprobs,
                finish_reason: None,
            };
            chunks.push(self.chunk(vec![choice]));
        }
        if let Some(reason) = finish {
            let choice = self.choice_mut(index);
            if !choice.finish_sent {
                choice.finish = Some(reason);
                let finish_chunk = self.finish_choice(index);
                chunks.push(finish_chunk);
            }
        }
        if self.tracker.observe(event) == Progress::Complete {
            self.close(&mut chunks);
        }
        Ok(chunks)
    }

    /// Takes the `[DONE]` sentinel (Meta Llama sends one): the stream is complete; returns the
    /// closing chunks.
    pub fn push_done(&mut self) -> Vec<Chunk> {
        let mut chunks = Vec::new();
        if !self.closed {
            self.tracker.observe_done();
            self.close(&mut chunks);
        }
        chunks
    }

    /// The upstream ended (end of body, or the gateway stopped waiting for usage): returns
    /// the closing chunks not sent yet (a finish chunk per unfinished choice, the usage chunk
    /// when asked and known). Calling it again returns nothing.
    ///
    /// # Errors
    ///
    /// [`TranslateError::Truncated`] when the answer was not complete (no finish event and
    /// no `[DONE]`): the gateway sends an error event instead of a clean end.
    pub fn finish(&mut self) -> Result<Vec<Chunk>, TranslateError> {
        if self.closed {
            return Ok(Vec::new());
        }
        if !self.tracker.is_answer_complete() {
            self.closed = true;
            return Err(TranslateError::Truncated);
        }
        let mut chunks = Vec::new();
        self.close(&mut chunks);
        Ok(chunks)
    }

    /// Whether the stream is complete: the closing chunks were returned and nothing more is
    /// needed from OCI (an error also completes it). Stop reading, then send `[DONE]`.
    #[must_use]
    pub fn is_complete(&self) -> bool {
        self.closed
    }

    /// Whether the answer itself is complete, usage aside. While it is and
    /// [`is_complete`](Self::is_complete) is not, OCI still owes the usage event: wait for
    /// it only briefly, then call [`finish`](Self::finish).
    #[must_use]
    pub fn is_answer_complete(&self) -> bool {
        self.closed || self.tracker.is_answer_complete()
    }

    /// The usage OCI reported so far, in OpenAI's shape (for the gateway's logs and metrics,
    /// whether or not the client asked for it).
    #[must_use]
    pub fn usage(&self) -> Option<&CompletionUsage> {
        self.usage.as_ref()
    }

    /// The context this translator was made with.
    #[must_use]
    pub fn context(&self) -> &ResponseContext {
        &self.ctx
    }

    fn choice_mut(&mut self, index: u32) -> &mut ChoiceState {
        choice_entry(&mut self.choices, index)
    }

    fn calls_made(&self, index: u32) -> bool {
        self.choices
            .iter()
            .any(|c| c.index == index && !c.calls.is_empty())
    }

    fn chunk(&self, choices: Vec<ChatChoiceStream>) -> Chunk {
        CreateChatCompletionStreamResponse {
            service_tier: self.service_tier.clone(),
            choices,
            ..CreateChatCompletionStreamResponse::new(
                self.ctx.id.clone(),
                self.ctx.created,
                self.ctx.model.clone(),
            )
        }
    }

    /// The finish chunk of a choice (with the role if nothing was sent before).
    fn finish_choice(&mut self, index: u32) -> Chunk {
        let choice = self.choice_mut(index);
        choice.finish_sent = true;
        let reason = choice.finish.clone().unwrap_or(if choice.calls.is_empty() {
            FinishReason::Stop
        } else {
            FinishReason::ToolCalls
        });
        let mut delta = ChatCompletionStreamResponseDelta::default();
        if !choice.role_sent {
            choice.role_sent = true;
            delta.role = Some(Role::Assistant);
        }
        self.chunk(vec![ChatChoiceStream {
            index,
            delta,
            logprobs: None,
            finish_reason: Some(reason),
        }])
    }

    /// The closing chunks: a finish chunk for every choice without one, then the usage chunk.
    fn close(&mut self, chunks: &mut Vec<Chunk>) {
        self.closed = true;
        if self.choices.is_empty() {
            self.choices.push(ChoiceState::new(0));
        }
        let unfinished: Vec<u32> = self
            .choices
            .iter()
            .filter(|c| !c.finish_sent)
            .map(|c| c.index)
            .collect();
        for index in unfinished {
            let chunk = self.finish_choice(index);
            chunks.push(chunk);
        }
        if self.ctx.include_usage
            && let Some(usage) = self.usage.clone()
        {
            let mut chunk = self.chunk(Vec::new());
            chunk.usage = Some(usage);
            chunks.push(chunk);
        }
    }

    fn generic(&mut self, event: &GenericStreamEvent, index: u32) -> DeltaBuilder {
        if let Some(tier) = &event.service_tier {
            self.service_tier = Some(service_tier(tier));
        }
        let mut built = DeltaBuilder::default();
        let completion_id = self.ctx.id.as_str();
        let choice = choice_entry(&mut self.choices, index);
        if let Some(message) = &event.message {
            if let Some(text) = event.text() {
                built.push_content(&text);
            }
            if let Some(reasoning) = &message.reasoning_content {
                built.push_reasoning(reasoning);
            }
            if let Some(refusal) = message.refusal.as_deref().filter(|r| !r.is_empty()) {
                built.delta.refusal = Some(refusal.to_owned());
            }
            for (position, call) in message.tool_calls.iter().flatten().enumerate() {
                built.push_call(choice.fragment(
                    completion_id,
                    position,
                    &Fragment {
                        id: call.id.as_deref(),
                        name: call.name.as_deref(),
                        arguments: call.arguments.as_deref(),
                    },
                ));
            }
        }
        if let Some(logprobs) = &event.logprobs {
            built.logprobs = Some(response_logprobs(logprobs));
        }
        if let Some(reason) = event.finish_reason.as_deref().filter(|r| !r.is_empty()) {
            built.finish = Some(map_finish_reason(reason, !choice.calls.is_empty()));
        }
        built
    }

    fn cohere(&mut self, event: &CohereStreamEvent) -> DeltaBuilder {
        let mut built = DeltaBuilder::default();
        let completion_id = self.ctx.id.as_str();
        let choice = choice_entry(&mut self.choices, 0);
        if let Some(delta) = event.text_delta() {
            built.push_content(delta);
            choice.cohere_text.push_str(delta);
        } else if let Some(text) = &event.text
            && let Some(rest) = text.strip_prefix(choice.cohere_text.as_str())
            && !rest.is_empty()
        {
            // The tool-call and final events repeat the whole text: send only what the
            // deltas did not.
            built.push_content(rest);
            choice.cohere_text.push_str(rest);
        }
        let already = choice.calls.len();
        for (position, call) in event.tool_calls.iter().flatten().enumerate().skip(already) {
            let arguments = cohere_arguments(call);
            built.push_call(choice.fragment(
                completion_id,
                position,
                &Fragment {
                    id: None,
                    name: Some(call.name.as_str()),
                    arguments: Some(&arguments),
                },
            ));
        }
        if let Some(reason) = &event.finish_reason {
            built.finish = Some(map_finish_reason(reason.as_str(), !choice.calls.is_empty()));
        }
        built.error = stream_error(event.error_message.as_deref(), built.finish.as_ref());
        built
    }

    fn cohere_v2(&mut self, event: &CohereV2StreamEvent) -> DeltaBuilder {
        let mut built = DeltaBuilder::default();
        let completion_id = self.ctx.id.as_str();
        let choice = choice_entry(&mut self.choices, 0);
        if let Some(message) = &event.message {
            for part in message.content.iter().flatten() {
                match part {
                    CohereContentV2::Text(text) => {
                        built.push_content(text.text.as_deref().unwrap_or_default());
                    }
                    CohereContentV2::Thinking(thinking) => {
                        built.push_reasoning(thinking.thinking.as_deref().unwrap_or_default());
                    }
                    _ => {}
                }
            }
            if let Some(plan) = message.tool_plan.as_deref().filter(|p| !p.is_empty()) {
                let reasoning_before = choice.reasoning_sent
                    || built
                        .delta
                        .reasoning_content
                        .as_ref()
                        .is_some_and(|r| !r.is_empty());
                if reasoning_before && !choice.plan_started {
                    built.push_reasoning("\n\n");
                }
                choice.plan_started = true;
                built.push_reasoning(plan);
            }
            if built.delta.reasoning_content.is_some() {
                choice.reasoning_sent = true;
            }
            for (position, call) in message.tool_calls.iter().flatten().enumerate() {
                let (name, arguments) = cohere_v2_function(call);
                built.push_call(choice.fragment(
                    completion_id,
                    position,
                    &Fragment {
                        id: call.id.as_deref(),
                        name,
                        arguments: arguments.as_deref(),
                    },
                ));
            }
        }
        if let Some(reason) = &event.finish_reason {
            built.finish = Some(map_finish_reason(reason.as_str(), !choice.calls.is_empty()));
        }
        built.error = stream_error(event.error_message.as_deref(), built.finish.as_ref());
        built
    }
}

/// The state of choice `index`, created on first use.
fn choice_entry(choices: &mut Vec<ChoiceState>, index: u32) -> &mut ChoiceState {
    let position = match choices.iter().position(|c| c.index == index) {
        Some(position) => position,
        None => {
            choices.push(ChoiceState::new(index));
            choices.len() - 1
        }
    };
    &mut choices[position]
}

/// A Cohere `errorMessage` ends the stream in an error, unless the finish reason already
/// says what happened (`ERROR_TOXIC` → `content_filter`, `ERROR_LIMIT` → `length`).
fn stream_error(message: Option<&str>, finish: Option<&Finish>) -> Option<String> {
    let message = message.filter(|m| !m.is_empty())?;
    match finish {
        Some(Finish::Reason(FinishReason::ContentFilter | FinishReason::Length)) => None,
        _ => Some(message.to_owned()),
    }
}

/// Whether the event carries a message (even an empty one): OpenAI opens every stream with
/// a role chunk, so the first such event yields one.
fn event_has_message(event: &ChatStreamEvent) -> bool {
    match event {
        ChatStreamEvent::Generic(event) => event.message.is_some(),
        ChatStreamEvent::Cohere(event) => event.text.is_some(),
        ChatStreamEvent::CohereV2(event) => event.message.is_some(),
        _ => false,
    }
}
