//! The same scenarios for every OCI model family the gateway serves, each in its own wire
//! shape (GENERIC for Meta, OpenAI, gpt-oss, xAI and Google; COHERE; COHEREV2): a whole
//! answer, a stream equal to it with exactly one `[DONE]`, usage, and tool-call round trips.

use crate::support::client::assemble;
use crate::support::gateway::Gateway;
use crate::support::requests::{chat, chat_stream_with_usage};
use crate::tools::{Forced, round_trip_streamed, round_trip_whole};

/// A whole answer and the same answer streamed agree, usage included.
async fn text_whole_and_streamed(model: &str) {
    let gateway = Gateway::mock().await;
    let question = "Is it raining in Paris today?";
    let whole = gateway.client.chat(&chat(model, question)).await.ok();
    let content = whole["choices"][0]["message"]["content"].as_str().unwrap();
    assert!(
        content.contains("Is it raining in Paris today?"),
        "{model}: {whole}"
    );
    assert_eq!(whole["choices"][0]["finish_reason"], "stop", "{model}");
    let usage = &whole["usage"];
    assert_eq!(usage["prompt_tokens"], 6, "{model}: {usage}");
    assert_eq!(
        usage["total_tokens"].as_u64(),
        Some(
            usage["prompt_tokens"].as_u64().unwrap() + usage["completion_tokens"].as_u64().unwrap()
        ),
        "{model}: {usage}"
    );

    let reply = gateway
        .client
        .chat_stream(&chat_stream_with_usage(model, question))
        .await;
    let assembled = assemble(&reply.chunks());
    assert_eq!(assembled.role.as_deref(), Some("assistant"), "{model}");
    assert_eq!(assembled.content, content, "{model}: {}", reply.raw);
    assert_eq!(assembled.finish_reason.as_deref(), Some("stop"), "{model}");
    assert_eq!(assembled.usage_chunks.len(), 1, "{model}: {}", reply.raw);
    assert_eq!(
        assembled.usage_chunks[0]["prompt_tokens"], usage["prompt_tokens"],
        "{model}"
    );
    assert_eq!(
        assembled.usage_chunks[0]["completion_tokens"], usage["completion_tokens"],
        "{model}"
    );
}

macro_rules! family {
    ($($name:ident => $model:literal, $forced:expr;)*) => {$(
        mod $name {
            use super::*;

            #[tokio::test]
            async fn text_whole_and_streamed_agree() {
                text_whole_and_streamed($model).await;
            }

            #[tokio::test]
            async fn tool_round_trip() {
                round_trip_whole(&Gateway::mock().await, $model, $forced).await;
            }

            #[tokio::test]
            async fn tool_round_trip_streamed() {
                round_trip_streamed(&Gateway::mock().await, $model, $forced).await;
            }
        }
    )*};
}

family! {
    meta => "meta.llama-3.3-70b-instruct", Forced::ByToolChoice;
    openai => "openai.gpt-4.1", Forced::ByToolChoice;
    gpt_oss => "openai.gpt-oss-120b", Forced::ByToolChoice;
    xai => "xai.grok-4", Forced::ByToolChoice;
    google => "google.gemini-2.5-flash", Forced::ByToolChoice;
    cohere => "cohere.command-r-plus-08-2024", Forced::ByMarker;
    cohere_v2 => "cohere.command-a-vision-07-2025", Forced::ByToolChoice;
}
