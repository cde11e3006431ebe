//! Streamed chat: OpenAI chunks straight from OCI's events, exactly one `data: [DONE]` right
//! after the last chunk whatever OCI does at its end, the usage chunk only when asked, and a
//! failure after the first byte as one error event without `[DONE]`.

use std::time::{Duration, Instant};

use oci_genai_mock::MockConfig;

use crate::support::client::{End, assemble};
use crate::support::gateway::Gateway;
use crate::support::requests::{chat, chat_stream, chat_stream_with_usage};
use crate::support::scripted::ScriptedStream;
use crate::support::tap::Upstream;

#[tokio::test]
async fn a_stream_is_chunks_then_exactly_one_done() {
    let gateway = Gateway::mock().await;
    let whole = gateway
        .client
        .chat(&chat("gpt-5", "Is it raining in Paris?"))
        .await
        .ok();
    let reply = gateway
        .client
        .chat_stream(&chat_stream("gpt-5", "Is it raining in Paris?"))
        .await;
    assert_eq!(reply.headers["cache-control"], "no-cache");
    let chunks = reply.chunks();
    let request_id = reply.headers["x-request-id"].to_str().unwrap();
    assert!(chunks.len() > 3, "streamed in pieces: {}", reply.raw);
    for chunk in &chunks {
        assert_eq!(chunk["id"], format!("chatcmpl-{request_id}"));
        assert_eq!(chunk["model"], "gpt-5");
    }
    let assembled = assemble(&chunks);
    assert_eq!(assembled.role.as_deref(), Some("assistant"));
    assert_eq!(
        assembled.content,
        whole["choices"][0]["message"]["content"].as_str().unwrap()
    );
    assert_eq!(assembled.finish_reason.as_deref(), Some("stop"));
    assert!(assembled.usage_chunks.is_empty(), "usage was not asked for");
}

#[tokio::test]
async fn include_usage_adds_one_usage_chunk_right_before_done() {
    let gateway = Gateway::mock().await;
    let whole = gateway
        .client
        .chat(&chat(
            "meta.llama-3.3-70b-instruct",
            "Count my words please",
        ))
        .await
        .ok();
    let reply = gateway
        .client
        .chat_stream(&chat_stream_with_usage(
            "meta.llama-3.3-70b-instruct",
            "Count my words please",
        ))
        .await;
    let chunks = reply.chunks();
    let assembled = assemble(&chunks);
    assert_eq!(assembled.usage_chunks.len(), 1);
    let last = chunks.last().unwrap();
    assert_eq!(last["choices"], serde_json::json!([]), "usage chunk last");
    assert_eq!(last["usage"], whole["usage"]);
    assert_eq!(last["usage"]["prompt_tokens"], 4);
}

#[tokio::test]
async fn usage_is_always_asked_of_oci_and_metered_but_only_sent_when_asked() {
    let upstream = Upstream::start(MockConfig::default()).await;
    let gateway = Gateway::real(&upstream.url()).await;
    let reply = gateway
        .client
        .chat_stream(&chat_stream("meta.llama-3.3-70b-instruct", "one two three"))
        .await;
    let assembled = assemble(&reply.chunks());
    assert!(assembled.usage_chunks.is_empty());
    assert!(
        upstream.tap.sent().contains(r#""isIncludeUsage":true"#),
        "the gateway asks OCI for usage itself"
    );
    // Meta models report usage only when asked: tokens in the metrics prove OCI was asked.
    let metrics = gateway.metrics().await;
    let series = |direction: &str| {
        format!(
            "gateway_tokens_total{{model=\"meta.llama-3.3-70b-instruct\",direction=\"{direction}\"}}"
        )
    };
    assert_eq!(
        crate::support::gateway::metric_value(&metrics, &series("input")),
        3.0,
        "{metrics}"
    );
    assert_eq!(
        crate::support::gateway::metric_value(&metrics, &series("output")),
        assembled.content.split_whitespace().count() as f64,
        "{metrics}"
    );
}

#[tokio::test]
async fn the_first_chunk_leaves_as_soon_as_oci_sends_it() {
    let gateway = Gateway::mock().await;
    let started = Instant::now();
    // Twenty words 300 ms apart: the whole answer takes at least six seconds.
    let mut stream = gateway
        .client
        .open_stream(
            "/v1/chat/completions",
            &chat_stream("gpt-5", "[mock:long words=20] [mock:slow ms=300]"),
            &[],
        )
        .await;
    assert_eq!(stream.status, 200);
    let first = stream.next_event().await.unwrap();
    let elapsed = started.elapsed();
    assert!(first.contains("\"role\":\"assistant\""), "{first}");
    assert!(
        elapsed < Duration::from_secs(2),
        "first chunk after {elapsed:?}, not when the answer is complete"
    );
}

/// OCI keeps Cohere streams open after their last event; the gateway ends its stream at the
/// finish event anyway, long before the connection would close.
#[tokio::test]
async fn cohere_streams_end_with_done_while_oci_holds_the_connection_open() {
    let upstream = Upstream::start(MockConfig {
        stream_hold_open: Duration::from_secs(120),
        ..MockConfig::default()
    })
    .await;
    let toml = r#"
        [aliases."thinker"]
        target = "cohere.command-a-reasoning-08-2025"
        thinking = true
    "#;
    let config = crate::support::oci_config::OciConfig::api_key("DEFAULT");
    let cli = crate::support::gateway::real_cli(&config, &upstream.url(), |_| {});
    let gateway = Gateway::start(cli, toml, Some(config)).await;
    for model in [
        "cohere.command-r-plus-08-2024",
        "cohere.command-a-vision-07-2025",
        "thinker",
    ] {
        let mut body = chat_stream_with_usage(model, "Is it raining in Paris?");
        if model == "thinker" {
            body["reasoning_effort"] = serde_json::json!("medium");
        }
        let started = Instant::now();
        let reply = gateway.client.chat_stream(&body).await;
        let elapsed = started.elapsed();
        let assembled = assemble(&reply.chunks());
        assert!(
            assembled.content.contains("mock answer"),
            "{model}: {}",
            reply.raw
        );
        if model == "thinker" {
            assert!(!assembled.reasoning.is_empty(), "{}", reply.raw);
        }
        assert_eq!(assembled.finish_reason.as_deref(), Some("stop"), "{model}");
        assert_eq!(assembled.usage_chunks.len(), 1, "{model}: {}", reply.raw);
        assert!(
            elapsed < Duration::from_secs(5),
            "{model}: ended after {elapsed:?}, the hold-open cap is 120 s"
        );
    }
    let sent = upstream.tap.sent();
    assert!(sent.contains(r#""apiFormat":"COHERE""#));
    assert!(sent.contains(r#""apiFormat":"COHEREV2""#));
    assert!(sent.contains(r#""thinking":{"type":"ENABLED""#), "{sent}");
}

#[tokio::test]
async fn a_stream_cut_mid_answer_ends_with_one_error_event() {
    let gateway = Gateway::mock().await;
    let reply = gateway
        .client
        .chat_stream(&chat_stream(
            "meta.llama-3.3-70b-instruct",
            "Tell me a story [mock:cut after=2]",
        ))
        .await;
    assert_eq!(
        reply.end,
        End::Closed,
        "the gateway closes the stream properly"
    );
    let error = reply.error_event();
    assert_eq!(error["type"], "server_error", "{error}");
    assert!(error["code"].is_string(), "{error}");
    assert!(
        reply.data.len() >= 2,
        "the chunks before the cut were sent: {}",
        reply.raw
    );
    assert_eq!(
        gateway
            .metric("gateway_errors_total{kind=\"upstream_invalid\"}")
            .await,
        1.0
    );
}

#[tokio::test]
async fn a_malformed_event_ends_with_one_error_event() {
    let gateway = Gateway::mock().await;
    let reply = gateway
        .client
        .chat_stream(&chat_stream("gpt-5", "Hello [mock:malformed]"))
        .await;
    let error = reply.error_event();
    assert_eq!(error["type"], "server_error", "{error}");
    assert!(
        error["message"].as_str().unwrap().contains("invalid"),
        "{error}"
    );
}

/// The meta family sends: an opening event, one delta, the finish, the usage, `[DONE]`. Cut
/// after the finish, the answer is complete and the stream still ends cleanly.
#[tokio::test]
async fn a_connection_lost_after_the_complete_answer_still_ends_with_done() {
    let gateway = Gateway::mock().await;
    let reply = gateway
        .client
        .chat_stream(&chat_stream_with_usage(
            "meta.llama-3.3-70b-instruct",
            "Go [mock:length tokens=1] [mock:cut after=3]",
        ))
        .await;
    let assembled = assemble(&reply.chunks());
    assert_eq!(assembled.content, "This");
    assert_eq!(assembled.finish_reason.as_deref(), Some("length"));
    assert!(
        assembled.usage_chunks.is_empty(),
        "OCI never sent the usage: {}",
        reply.raw
    );
}

#[tokio::test]
async fn a_stream_silent_past_the_idle_timeout_ends_with_an_error_event() {
    let gateway = Gateway::mock_with(|cli| {
        cli.stream_idle_timeout = Some("300ms".to_owned());
    })
    .await;
    let started = Instant::now();
    let reply = gateway
        .client
        .chat_stream(&chat_stream("gpt-5", "[mock:slow ms=5000] hello"))
        .await;
    let error = reply.error_event();
    assert_eq!(error["type"], "server_error", "{error}");
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "ended by the idle timeout, not by the next event"
    );
}

#[tokio::test]
async fn a_reasoning_stream_sends_reasoning_before_content() {
    let gateway = Gateway::mock().await;
    let reply = gateway
        .client
        .chat_stream(&chat_stream("xai.grok-4", "[mock:reasoning] Why?"))
        .await;
    let chunks = reply.chunks();
    let assembled = assemble(&chunks);
    assert!(!assembled.reasoning.is_empty(), "{}", reply.raw);
    assert!(assembled.content.contains("mock answer"));
    let first_content = chunks
        .iter()
        .position(|c| {
            c["choices"][0]["delta"]["content"]
                .as_str()
                .is_some_and(|t| !t.is_empty())
        })
        .unwrap();
    let last_reasoning = chunks
        .iter()
        .rposition(|c| c["choices"][0]["delta"]["reasoning_content"].is_string())
        .unwrap();
    assert!(last_reasoning < first_content);
}

#[tokio::test]
async fn streams_work_over_http2_prior_knowledge() {
    let gateway = Gateway::mock().await;
    let client = crate::support::Client::http2(gateway.addr);
    let reply = client
        .chat_stream(&chat_stream_with_usage("gpt-5", "Is it raining in Paris?"))
        .await;
    let assembled = assemble(&reply.chunks());
    assert!(assembled.content.contains("Is it raining in Paris?"));
    assert_eq!(assembled.usage_chunks.len(), 1);
    client.chat(&chat("gpt-5", "hi")).await.ok();
}

/// OCI silent between events (a reasoning model thinking): the gateway keeps the stream open
/// through proxies with SSE comments, which clients skip, and the answer is unchanged.
#[tokio::test]
async fn a_silent_stream_gets_keep_alive_comments() {
    let gateway = Gateway::mock_with(|cli| cli.stream_keep_alive = Some("100ms".into())).await;
    let plain = gateway
        .client
        .chat_stream(&chat_stream("gpt-5", "[mock:long words=3]"))
        .await;
    let slow = gateway
        .client
        .chat_stream(&chat_stream(
            "gpt-5",
            "[mock:long words=3] [mock:slow ms=450]",
        ))
        .await;
    assert!(
        slow.raw.matches(": keep-alive\n\n").count() >= 3,
        "a comment at least every 100 ms of the 450 ms gaps: {}",
        slow.raw
    );
    assert!(!plain.raw.contains(": keep-alive"), "{}", plain.raw);
    assert_eq!(
        assemble(&slow.chunks()).content,
        assemble(&plain.chunks()).content
    );
}

/// Meta Llama ends its streams with `[DONE]`; should one come without a finish event before
/// it, the answer is complete all the same: a finish chunk, then `[DONE]`, no error.
#[tokio::test]
async fn done_without_a_finish_event_ends_the_answer_cleanly() {
    let upstream = ScriptedStream::start(concat!(
        "data: {\"index\":0,\"message\":{\"role\":\"ASSISTANT\",\"content\":[{\"type\":\"TEXT\",\"text\":\"Hi there\"}]}}\n\n",
        "data: [DONE]\n\n",
    ))
    .await;
    let gateway = Gateway::real(&upstream.url()).await;
    let reply = gateway
        .client
        .chat_stream(&chat_stream("meta.llama-3.3-70b-instruct", "Hello"))
        .await;
    let assembled = assemble(&reply.chunks());
    assert_eq!(assembled.content, "Hi there", "{}", reply.raw);
    assert_eq!(
        assembled.finish_reason.as_deref(),
        Some("stop"),
        "{}",
        reply.raw
    );
}

/// `n` > 1: every choice streams under its own index and finishes once, for each family's
/// finish event (OpenAI-served models send theirs without an index), and the choices are the
/// whole answer's.
#[tokio::test]
async fn several_choices_stream_each_to_its_end() {
    let gateway = Gateway::mock().await;
    for model in [
        "openai.gpt-4.1",
        "meta.llama-3.3-70b-instruct",
        "xai.grok-4",
    ] {
        let mut body = chat(model, "Is it raining in Paris?");
        body["n"] = serde_json::json!(2);
        let whole = gateway.client.chat(&body).await.ok();
        body["stream"] = serde_json::json!(true);
        let reply = gateway.client.chat_stream(&body).await;
        let mut content = [String::new(), String::new()];
        let mut finishes = [Vec::new(), Vec::new()];
        for chunk in reply.chunks() {
            for choice in chunk["choices"].as_array().unwrap() {
                let index = usize::try_from(choice["index"].as_u64().unwrap()).unwrap();
                content[index].push_str(choice["delta"]["content"].as_str().unwrap_or_default());
                if let Some(reason) = choice["finish_reason"].as_str() {
                    finishes[index].push(reason.to_owned());
                }
            }
        }
        for index in 0..2 {
            assert_eq!(
                content[index],
                whole["choices"][index]["message"]["content"]
                    .as_str()
                    .unwrap(),
                "{model} choice {index}: {}",
                reply.raw
            );
            assert_eq!(
                finishes[index],
                ["stop"],
                "{model} choice {index}: {}",
                reply.raw
            );
        }
    }
}
