//! Reads and writes the OpenAI API with `openai-types`: parses a request the way OpenClaw
//! sends it (tools, a replayed tool call, its result, unknown extra fields kept), then builds
//! the answer both ways a server gives it, whole and as stream chunks, and prints the JSON.
//!
//! Run with:
//!
//! ```text
//! cargo run -p examples --example openai_types
//! ```
//!
//! or on a request body of your own:
//!
//! ```text
//! cargo run -p examples --example openai_types -- request.json
//! ```
#![expect(
    clippy::print_stdout,
    reason = "printing the parsed request and the JSON is the example's output"
)]

use openai_types::chat::{
    ChatChoice, ChatChoiceStream, ChatCompletionMessageToolCalls, ChatCompletionRequestMessage,
    ChatCompletionResponseMessage, ChatCompletionStreamResponseDelta, CreateChatCompletionRequest,
    CreateChatCompletionResponse, CreateChatCompletionStreamResponse, FinishReason,
};
use openai_types::usage::CompletionUsage;

/// A second turn as OpenClaw's LLM library sends it: the assistant's tool call is replayed
/// with `content: null`, the tool's result follows. `prompt_cache_key` and `x_custom` are
/// fields the types know and do not know.
const REQUEST: &str = r#"{
  "model": "gpt-5",
  "messages": [
    {"role": "system", "content": "You are a weather bot. Use tools."},
    {"role": "user", "content": [{"type": "text", "text": "What's the weather in Paris?"}]},
    {"role": "assistant", "content": null, "tool_calls": [{"id": "call_1", "type": "function",
      "function": {"name": "get_weather", "arguments": "{\"city\":\"Paris\"}"}}]},
    {"role": "tool", "tool_call_id": "call_1", "content": "Sunny, 21C in Paris"}
  ],
  "stream": true,
  "stream_options": {"include_usage": true},
  "max_completion_tokens": 512,
  "tools": [{"type": "function", "function": {"name": "get_weather",
    "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}}],
  "prompt_cache_key": "session-42",
  "x_custom": {"kept": true}
}"#;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let body = match std::env::args().nth(1) {
        Some(path) => std::fs::read_to_string(path)?,
        None => REQUEST.to_owned(),
    };
    let request: CreateChatCompletionRequest = serde_json::from_str(&body)?;

    println!("model: {}", request.model);
    println!(
        "stream: {}, usage asked: {}, token limit: {:?}",
        request.stream == Some(true),
        request.include_usage(),
        request.token_limit()
    );
    for message in &request.messages {
        let summary = match message {
            ChatCompletionRequestMessage::System(system) => {
                system.content.text_parts().collect::<Vec<_>>().join(" ")
            }
            ChatCompletionRequestMessage::Developer(developer) => {
                developer.content.text_parts().collect::<Vec<_>>().join(" ")
            }
            ChatCompletionRequestMessage::User(user) => {
                user.content.text_parts().collect::<Vec<_>>().join(" ")
            }
            ChatCompletionRequestMessage::Assistant(assistant) => {
                let calls = assistant
                    .tool_calls
                    .iter()
                    .flatten()
                    .map(|call| match call {
                        ChatCompletionMessageToolCalls::Function(f) => {
                            format!(
                                "calls {}({}) as {}",
                                f.function.name, f.function.arguments, f.id
                            )
                        }
                        other => format!("{other:?}"),
                    });
                calls.collect::<Vec<_>>().join(", ")
            }
            ChatCompletionRequestMessage::Tool(tool) => format!(
                "answers {}: {}",
                tool.tool_call_id,
                tool.content.as_text().unwrap_or("(parts)")
            ),
            other => format!("{other:?}"),
        };
        println!("  {:>9}: {summary}", message.role().as_str());
    }
    for tool in request.tools.iter().flatten() {
        if let Some(function) = tool.as_function() {
            println!("tool: {}", function.name);
        }
    }
    // Fields the types have no member for are kept, and written back unchanged.
    println!(
        "kept unknown fields: {:?}",
        request.extra.keys().collect::<Vec<_>>()
    );
    let round_trip: serde_json::Value = serde_json::to_value(&request)?;
    println!("x_custom after a round trip: {}", round_trip["x_custom"]);

    // The answer, whole: OpenAI writes `content`, `refusal`, `logprobs` and `finish_reason`
    // even when null, and so do these types.
    let answer = CreateChatCompletionResponse {
        id: "chatcmpl-1".into(),
        created: 1_764_048_840,
        model: request.model.clone(),
        choices: vec![ChatChoice {
            message: ChatCompletionResponseMessage {
                content: Some("It is sunny and 21 °C in Paris.".into()),
                ..Default::default()
            },
            finish_reason: Some(FinishReason::Stop),
            ..Default::default()
        }],
        usage: Some(CompletionUsage::new(21, 9)),
        ..Default::default()
    };
    println!("\n# whole\n{}", serde_json::to_string_pretty(&answer)?);

    // The same answer streamed: a role chunk, content deltas, a finish chunk, then the usage
    // chunk the client asked for with `stream_options.include_usage`.
    println!("\n# streamed");
    let chunk = |delta: ChatCompletionStreamResponseDelta, finish: Option<FinishReason>| {
        let mut chunk =
            CreateChatCompletionStreamResponse::new("chatcmpl-1", 1_764_048_840, &request.model);
        chunk.choices.push(ChatChoiceStream {
            delta,
            finish_reason: finish,
            ..Default::default()
        });
        chunk
    };
    let mut chunks = vec![chunk(
        ChatCompletionStreamResponseDelta {
            role: Some(openai_types::chat::Role::Assistant),
            content: Some(String::new()),
            ..Default::default()
        },
        None,
    )];
    for word in ["It is", " sunny and", " 21 °C in Paris."] {
        chunks.push(chunk(
            ChatCompletionStreamResponseDelta {
                content: Some(word.into()),
                ..Default::default()
            },
            None,
        ));
    }
    chunks.push(chunk(
        ChatCompletionStreamResponseDelta::default(),
        Some(FinishReason::Stop),
    ));
    if request.include_usage() {
        let mut usage =
            CreateChatCompletionStreamResponse::new("chatcmpl-1", 1_764_048_840, &request.model);
        usage.usage = Some(CompletionUsage::new(21, 9));
        chunks.push(usage);
    }
    for chunk in &chunks {
        println!("data: {}\n", serde_json::to_string(chunk)?);
    }
    println!("data: [DONE]");
    Ok(())
}
