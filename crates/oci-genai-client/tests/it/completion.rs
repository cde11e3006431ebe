//! The completion rule over each capture, with and without usage requested.

use oci_genai_client::sse::Event;
use oci_genai_client::stream_completion::{CompletionTracker, Progress};
use oci_genai_client::wire::ChatStreamEvent;
use serde_json::Value;

use crate::support::{Item, SSE_FIXTURES, decode, items, parse_items, read_json};

/// Where a tracker says `Complete` (the item index), or how it ends if never.
#[derive(Debug, PartialEq)]
enum Outcome {
    CompleteAt(usize),
    EndsIn(Progress),
}

fn run(items: &[Item], usage_requested: bool) -> (Outcome, Vec<Progress>) {
    let mut tracker = CompletionTracker::new(usage_requested);
    let mut trace = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let progress = match item {
            Item::Done => tracker.observe_done(),
            Item::Event(event) => tracker.observe(event),
        };
        trace.push(progress);
        if progress == Progress::Complete {
            return (Outcome::CompleteAt(i), trace);
        }
    }
    (Outcome::EndsIn(tracker.progress()), trace)
}

/// `(capture, complete at without usage requested, with usage requested)`.
const EXPECTED: &[(&str, Outcome, Outcome)] = &[
    // finish at 12, usage at 13, [DONE] at 14
    (
        "meta-llama-text.sse",
        Outcome::CompleteAt(12),
        Outcome::CompleteAt(13),
    ),
    // finish at 8, usage at 9, no [DONE]
    (
        "openai-gpt-parallel-tools.sse",
        Outcome::CompleteAt(8),
        Outcome::CompleteAt(9),
    ),
    // finish at 3; this capture had no usage requested, so none arrives
    (
        "openai-gpt-oss-tool.sse",
        Outcome::CompleteAt(3),
        Outcome::EndsIn(Progress::AwaitingUsage),
    ),
    (
        "xai-grok-tools.sse",
        Outcome::CompleteAt(5),
        Outcome::EndsIn(Progress::AwaitingUsage),
    ),
    // finish at 1, usage (sent unasked) at 2
    (
        "gemini-max-tokens.sse",
        Outcome::CompleteAt(1),
        Outcome::CompleteAt(2),
    ),
    (
        "gemini-tools.sse",
        Outcome::CompleteAt(2),
        Outcome::CompleteAt(3),
    ),
    // usage rides on the finish event
    (
        "cohere-v1-tool-turn.sse",
        Outcome::CompleteAt(14),
        Outcome::CompleteAt(14),
    ),
    (
        "cohere-v1-text.sse",
        Outcome::CompleteAt(2),
        Outcome::CompleteAt(2),
    ),
    // no usage event observed on COHEREV2: the caller's short wait applies
    (
        "cohere-v2-text.sse",
        Outcome::CompleteAt(2),
        Outcome::EndsIn(Progress::AwaitingUsage),
    ),
    (
        "cohere-v2-thinking.sse",
        Outcome::CompleteAt(4),
        Outcome::EndsIn(Progress::AwaitingUsage),
    ),
];

#[test]
fn every_capture_has_an_expectation() {
    let named: Vec<&str> = EXPECTED.iter().map(|e| e.0).collect();
    assert_eq!(named, SSE_FIXTURES);
}

#[test]
fn completes_at_the_right_event() {
    for (name, without_usage, with_usage) in EXPECTED {
        let items = items(name);
        assert_eq!(
            &run(&items, false).0,
            without_usage,
            "{name}, usage not requested"
        );
        assert_eq!(&run(&items, true).0, with_usage, "{name}, usage requested");
    }
}

#[test]
fn awaiting_usage_exactly_between_finish_and_usage() {
    for (name, _, _) in EXPECTED {
        let items = items(name);
        let (_, trace) = run(&items, true);
        let finish = items
            .iter()
            .position(|i| matches!(i, Item::Event(e) if e.finish_reason().is_some()))
            .unwrap();
        for (i, progress) in trace.iter().enumerate() {
            let expected_state = if i < finish {
                Progress::Streaming
            } else if *progress == Progress::Complete {
                Progress::Complete
            } else {
                Progress::AwaitingUsage
            };
            assert_eq!(*progress, expected_state, "{name}, event {i}");
        }
    }
}

#[test]
fn nothing_of_the_answer_follows_completion() {
    // Stopping at `Complete` loses no text, reasoning or tool call.
    for (name, without_usage, _) in EXPECTED {
        let Outcome::CompleteAt(at) = without_usage else {
            panic!("{name}: never completes")
        };
        for item in &items(name)[at + 1..] {
            let Item::Event(event) = item else {
                continue;
            };
            let ChatStreamEvent::Generic(generic) = event else {
                panic!("{name}: event after completion: {event:?}")
            };
            assert!(
                generic.message.is_none(),
                "{name}: content after completion"
            );
            assert!(generic.usage.is_some(), "{name}: only usage may follow");
        }
    }
}

#[test]
fn oci_example_stream() {
    let example = read_json("oci-examples/generic-chat-stream.json");
    let body: String = example["sse_data_lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|payload| match payload {
            Value::String(s) => Event::new(s.clone()).encode(),
            other => Event::new(other.to_string()).encode(),
        })
        .collect();
    let items = parse_items(&decode(body.as_bytes()));
    assert_eq!(run(&items, false).0, Outcome::CompleteAt(6));
    assert_eq!(run(&items, true).0, Outcome::CompleteAt(7));
}

#[test]
fn done_completes_a_stream_without_finish_event() {
    let items = parse_items(&decode(b"data: {\"index\":0}\n\ndata: [DONE]\n\n"));
    assert_eq!(run(&items, true).0, Outcome::CompleteAt(1));
}

#[test]
fn cut_off_stream_is_still_streaming() {
    let mut items = items("meta-llama-text.sse");
    items.truncate(12);
    assert_eq!(run(&items, false).0, Outcome::EndsIn(Progress::Streaming));
}
