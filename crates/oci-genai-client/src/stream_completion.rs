//! When is a streamed chat answer complete? The one rule that both the HTTP
//! client (to stop reading a stream that stays open) and the translation layer
//! (to emit the final chunks) use.
//!
//! # Why a rule is needed
//!
//! OCI ends chat streams in different ways depending on the model family, and
//! some streams never end on their own. What has been seen on the live
//! service (`isStream: true`):
//!
//! | models | format | finish event | usage, when `streamOptions.isIncludeUsage` is set | after that |
//! | --- | --- | --- | --- | --- |
//! | Meta Llama | GENERIC | `{"message":{"role":"ASSISTANT","content":[{"type":"TEXT","text":""}]},"finishReason":"stop"}` | a usage-only event after the finish event | `data: [DONE]` |
//! | OpenAI-served (`openai.*`) | GENERIC | `{"finishReason":"stop","serviceTier":"default"}` | a usage-only event after the finish event | no `[DONE]` |
//! | xAI Grok | GENERIC | a bare `{"finishReason":…}` | a usage-only event after the finish event | no `[DONE]` |
//! | Google Gemini | GENERIC | `{"finishReason":"max_tokens"}` (lowercase, not OpenAI's `length`) | a usage-only event after the finish event, **sent even when not asked for**, possibly without `completionTokens` | no `[DONE]` |
//! | Cohere, V1 API | COHERE | `{"apiFormat":"COHERE","text":…,"chatHistory":[…],"finishReason":"COMPLETE",…}` | **on the finish event itself** | no `[DONE]`; the connection was reported to stay open |
//! | Cohere, V2 API | COHEREV2 | `{"apiFormat":"COHEREV2","message":{"role":"ASSISTANT"},"finishReason":"COMPLETE"}` | not observed | no `[DONE]`; the connection stays open (one report) |
//!
//! Sources: the live captures in Oracle's `langchain-oracle` tests
//! (`test_stream_usage.py`, `test_oci_generative_ai.py`) and its change that
//! added the `[DONE]` handling ("only Meta Llama carries the sentinel");
//! cohere-python issue #756 (a COHEREV2 stream on `cohere.command-a-03-2025`
//! that stays open after `finishReason`); the SDK's `StreamOptions` doc ("an
//! additional chunk will be streamed before the data: \[DONE\] message").
//! Apart from Gemini, usage has been seen only when asked for. Whether GENERIC
//! streams from other families close the connection themselves is not
//! documented; the rule below never depends on it.
//!
//! # The rule
//!
//! 1. A `[DONE]` sentinel completes the stream.
//! 2. The *finish event* is any event with a non-empty `finishReason`, in any
//!    format (or with a non-empty Cohere `errorMessage`, which the SDK
//!    documents on the last event of a stream that failed). With
//!    `numGenerations` > 1 ([`CompletionTracker::with_choices`]), every choice
//!    must have finished. A finish event without `index` (OpenAI-served models
//!    send them bare) finishes the choice the latest indexed event was about
//!    if it is still open, else the lowest choice not finished yet
//!    ([`CompletionTracker::choice_of`]); other events without `index` belong
//!    to choice 0. (How OCI streams several choices is not documented; this
//!    assumes one finish event per choice.)
//! 3. After the finish event, the stream is complete unless usage was
//!    requested and has not arrived yet; then it is
//!    [`Progress::AwaitingUsage`].
//! 4. A usage event counts whenever it arrives, asked for or not, before or
//!    after the finish event (Cohere V1 sends both in one event).
//!
//! What the caller does with the answer:
//!
//! * [`Progress::Complete`]: stop reading and drop the connection. Do not
//!   wait for the server to close it.
//! * [`Progress::AwaitingUsage`]: the answer itself is complete. Keep reading
//!   for a short time only (the usage event follows at once when it comes),
//!   then stop without usage. This bounds the COHEREV2 case, where no usage
//!   event has been observed.
//! * [`Progress::Streaming`]: keep reading. If the stream ends here, the
//!   answer was cut off.
//!
//! ```
//! use oci_genai_client::stream_completion::{CompletionTracker, Progress};
//! use oci_genai_client::wire::ChatStreamEvent;
//!
//! let mut tracker = CompletionTracker::new(true);
//! let finish = ChatStreamEvent::from_json(br#"{"finishReason":"stop"}"#).unwrap();
//! assert_eq!(tracker.observe(&finish), Progress::AwaitingUsage);
//! let usage = ChatStreamEvent::from_json(br#"{"usage":{"totalTokens":22}}"#).unwrap();
//! assert_eq!(tracker.observe(&usage), Progress::Complete);
//! ```

use crate::wire::ChatStreamEvent;

/// How far a streamed answer has got. See the [module docs](self).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Progress {
    /// The answer is still arriving.
    Streaming,
    /// The answer is complete, but the usage that was asked for has not
    /// arrived yet. Wait for it only briefly.
    AwaitingUsage,
    /// Nothing more is needed: stop reading.
    Complete,
}

/// Tracks one streamed answer and says when it is complete. See the
/// [module docs](self) for the rule and its evidence.
#[derive(Clone, Debug)]
pub struct CompletionTracker {
    usage_requested: bool,
    choices: u32,
    /// Choice indexes that have finished, without duplicates.
    finished: Vec<u32>,
    /// The choice of the latest event that named one.
    last_indexed: Option<u32>,
    /// An error event or `[DONE]` ended the whole stream.
    ended: bool,
    /// `[DONE]` was seen.
    done: bool,
    usage_seen: bool,
}

impl CompletionTracker {
    /// A tracker for a stream of one choice. Pass whether the request set
    /// `streamOptions.isIncludeUsage`.
    pub fn new(usage_requested: bool) -> Self {
        Self {
            usage_requested,
            choices: 1,
            finished: Vec::new(),
            last_indexed: None,
            ended: false,
            done: false,
            usage_seen: false,
        }
    }

    /// Expect this many choices (the request's `numGenerations`; at least 1).
    #[must_use]
    pub fn with_choices(mut self, choices: u32) -> Self {
        self.choices = choices.max(1);
        self
    }

    /// Takes in one decoded event and returns the progress after it. Once
    /// [`Progress::Complete`], it stays complete.
    pub fn observe(&mut self, event: &ChatStreamEvent) -> Progress {
        if event.has_usage() {
            self.usage_seen = true;
        }
        if event
            .error_message()
            .is_some_and(|message| !message.is_empty())
        {
            self.ended = true;
        }
        if is_finish(event) {
            let index = self.choice_of(event);
            if !self.finished.contains(&index) {
                self.finished.push(index);
            }
        }
        if let ChatStreamEvent::Generic(generic) = event
            && generic.index.is_some()
        {
            self.last_indexed = generic.index;
        }
        self.progress()
    }

    /// The choice `event` belongs to, before it is observed: its `index`; for a finish event
    /// without one, the choice of the latest indexed event if it is still open (a backend
    /// that interleaves choices ends the one it was writing), else the lowest open choice;
    /// otherwise choice 0.
    pub fn choice_of(&self, event: &ChatStreamEvent) -> u32 {
        match event {
            ChatStreamEvent::Generic(generic) => match generic.index {
                Some(index) => index,
                None if is_finish(event) => self
                    .last_indexed
                    .filter(|index| !self.finished.contains(index))
                    .or_else(|| (0..self.choices).find(|index| !self.finished.contains(index)))
                    .unwrap_or(0),
                None => 0,
            },
            _ => 0,
        }
    }

    /// Takes in the `[DONE]` sentinel: the stream is complete.
    pub fn observe_done(&mut self) -> Progress {
        self.done = true;
        self.ended = true;
        self.progress()
    }

    /// The progress so far.
    pub fn progress(&self) -> Progress {
        if self.done || (self.ended && !self.awaits_usage()) {
            Progress::Complete
        } else if !self.ended && self.finished.len() < self.choices as usize {
            Progress::Streaming
        } else if self.awaits_usage() {
            Progress::AwaitingUsage
        } else {
            Progress::Complete
        }
    }

    /// Whether the stream is complete.
    pub fn is_complete(&self) -> bool {
        self.progress() == Progress::Complete
    }

    /// Whether the answer itself is complete (the finish event, an error or
    /// `[DONE]` was seen), whatever the usage.
    pub fn is_answer_complete(&self) -> bool {
        self.progress() != Progress::Streaming
    }

    /// Whether usage was asked for.
    pub fn usage_requested(&self) -> bool {
        self.usage_requested
    }

    /// Whether a usage event was seen.
    pub fn usage_seen(&self) -> bool {
        self.usage_seen
    }

    /// Whether `[DONE]` was seen.
    pub fn done_seen(&self) -> bool {
        self.done
    }

    fn awaits_usage(&self) -> bool {
        self.usage_requested && !self.usage_seen
    }
}

/// Whether `event` finishes a choice: a non-empty `finishReason`, in any format.
fn is_finish(event: &ChatStreamEvent) -> bool {
    event
        .finish_reason()
        .is_some_and(|reason| !reason.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(json: &str) -> ChatStreamEvent {
        ChatStreamEvent::from_json(json.as_bytes()).unwrap()
    }

    #[test]
    fn finish_without_usage_requested_completes() {
        let mut t = CompletionTracker::new(false);
        assert_eq!(
            t.observe(&event(
                r#"{"index":0,"message":{"content":[{"type":"TEXT","text":"a"}]}}"#
            )),
            Progress::Streaming
        );
        assert_eq!(
            t.observe(&event(r#"{"finishReason":"stop"}"#)),
            Progress::Complete
        );
        assert!(t.is_complete());
    }

    #[test]
    fn usage_before_finish_counts() {
        let mut t = CompletionTracker::new(true);
        assert_eq!(
            t.observe(&event(r#"{"usage":{"totalTokens":1}}"#)),
            Progress::Streaming
        );
        assert_eq!(
            t.observe(&event(r#"{"finishReason":"stop"}"#)),
            Progress::Complete
        );
    }

    #[test]
    fn empty_or_null_finish_reason_is_not_a_finish() {
        let mut t = CompletionTracker::new(false);
        assert_eq!(
            t.observe(&event(r#"{"finishReason":""}"#)),
            Progress::Streaming
        );
        assert_eq!(
            t.observe(&event(r#"{"finishReason":null}"#)),
            Progress::Streaming
        );
    }

    #[test]
    fn done_completes_even_while_awaiting_usage() {
        let mut t = CompletionTracker::new(true);
        assert_eq!(
            t.observe(&event(r#"{"finishReason":"stop"}"#)),
            Progress::AwaitingUsage
        );
        assert!(t.is_answer_complete());
        assert_eq!(t.observe_done(), Progress::Complete);
        assert!(!t.usage_seen());
        assert!(t.done_seen());
    }

    #[test]
    fn done_alone_completes() {
        let mut t = CompletionTracker::new(false);
        assert_eq!(t.observe_done(), Progress::Complete);
    }

    #[test]
    fn cohere_error_message_ends_the_stream() {
        let mut t = CompletionTracker::new(true);
        assert_eq!(
            t.observe(&event(r#"{"apiFormat":"COHERE","errorMessage":"boom"}"#)),
            Progress::AwaitingUsage
        );
        let mut t = CompletionTracker::new(false);
        assert_eq!(
            t.observe(&event(r#"{"apiFormat":"COHEREV2","errorMessage":""}"#)),
            Progress::Streaming
        );
        assert_eq!(
            t.observe(&event(r#"{"apiFormat":"COHEREV2","errorMessage":"boom"}"#)),
            Progress::Complete
        );
    }

    #[test]
    fn every_choice_must_finish() {
        let mut t = CompletionTracker::new(true).with_choices(2);
        assert_eq!(
            t.observe(&event(r#"{"index":1,"finishReason":"stop"}"#)),
            Progress::Streaming
        );
        assert_eq!(
            t.observe(&event(r#"{"index":1,"finishReason":"stop"}"#)),
            Progress::Streaming
        );
        assert_eq!(
            t.observe(&event(r#"{"finishReason":"length"}"#)),
            Progress::AwaitingUsage
        );
        assert_eq!(t.observe(&event(r#"{"usage":{}}"#)), Progress::Complete);
        assert_eq!(CompletionTracker::new(false).with_choices(0).choices, 1);
    }

    /// OpenAI-served models send bare finish events: one per choice finishes them in turn.
    #[test]
    fn finish_events_without_index_finish_the_choices_in_turn() {
        let mut t = CompletionTracker::new(false).with_choices(3);
        let bare = event(r#"{"finishReason":"stop","serviceTier":"default"}"#);
        assert_eq!(t.choice_of(&bare), 0);
        assert_eq!(t.observe(&bare), Progress::Streaming);
        assert_eq!(
            t.observe(&event(r#"{"index":2,"finishReason":"stop"}"#)),
            Progress::Streaming
        );
        assert_eq!(t.choice_of(&bare), 1, "the lowest choice not finished");
        assert_eq!(
            t.choice_of(&event(r#"{"message":{"content":[]}}"#)),
            0,
            "only finish events move on"
        );
        assert_eq!(t.observe(&bare), Progress::Complete);
    }

    /// Interleaved choices: a bare finish ends the choice that was being written.
    #[test]
    fn a_bare_finish_ends_the_choice_last_written() {
        let mut t = CompletionTracker::new(false).with_choices(2);
        let text = |index: u32| {
            event(&format!(
                r#"{{"index":{index},"message":{{"content":[{{"type":"TEXT","text":"x"}}]}}}}"#
            ))
        };
        let bare = event(r#"{"finishReason":"stop"}"#);
        t.observe(&text(0));
        t.observe(&text(1));
        assert_eq!(t.choice_of(&bare), 1);
        assert_eq!(t.observe(&bare), Progress::Streaming);
        t.observe(&text(0));
        assert_eq!(t.choice_of(&bare), 0);
        assert_eq!(t.observe(&bare), Progress::Complete);
        // The choice last written has finished: the lowest open one is next.
        let mut t = CompletionTracker::new(false).with_choices(2);
        t.observe(&text(1));
        t.observe(&bare);
        assert_eq!(t.choice_of(&bare), 0);
    }

    #[test]
    fn unknown_format_events_are_understood() {
        let mut t = CompletionTracker::new(true);
        assert_eq!(
            t.observe(&event(
                r#"{"apiFormat":"X","finishReason":"END","usage":{"totalTokens":1}}"#
            )),
            Progress::Complete
        );
    }

    #[test]
    fn complete_stays_complete() {
        let mut t = CompletionTracker::new(false);
        t.observe(&event(r#"{"finishReason":"stop"}"#));
        assert_eq!(t.observe(&event(r#"{"index":0}"#)), Progress::Complete);
        assert_eq!(t.progress(), Progress::Complete);
    }
}
