//! Translates offline with `translate`: an OpenAI chat request into the OCI Generative AI
//! request the gateway would send, then an OCI event stream back into the OpenAI chunks a
//! client would receive. No network, no clock.
//!
//! Run with (a built-in request to `xai.grok-4` with two tools, and a recorded Grok stream that
//! reasons and calls both):
//!
//! ```text
//! cargo run -p examples --example translate_offline
//! ```
//!
//! or with your own files: an OpenAI request body and an OCI stream body (`data: {...}` events)
//! for the model the request names:
//!
//! ```text
//! cargo run -p examples --example translate_offline -- --request request.json --sse answer.sse
//! ```
#![expect(
    clippy::print_stdout,
    reason = "printing the translations is the example's output"
)]

use oci_genai_client::sse::Decoder;
use oci_genai_client::wire::ChatStreamEvent;
use openai_types::chat::CreateChatCompletionRequest;
use translate::{ChunkTranslator, ModelCatalog, RequestOptions, ResponseContext, chat_request};

const USAGE: &str = "usage: translate_offline [--request FILE] [--sse FILE] [--compartment OCID]";

/// What a client sends: a streamed request with two tools, as OpenClaw sends it.
const REQUEST: &str = r#"{
  "model": "xai.grok-4",
  "messages": [
    {"role": "system", "content": "You are a travel assistant. Use the tools."},
    {"role": "user", "content": "What's the weather and the time in Tokyo?"}
  ],
  "stream": true,
  "max_completion_tokens": 1024,
  "tools": [
    {"type": "function", "function": {"name": "get_weather", "description": "Current weather",
      "parameters": {"type": "object", "properties": {"location": {"type": "string"}}, "required": ["location"]}}},
    {"type": "function", "function": {"name": "get_time", "description": "Current local time",
      "parameters": {"type": "object", "properties": {"timezone": {"type": "string"}}, "required": ["timezone"]}}}
  ],
  "tool_choice": "auto",
  "store": false
}"#;

/// What OCI streams back for it: a capture of xAI Grok reasoning, then calling both tools.
const OCI_STREAM: &[u8] = include_bytes!("../crates/translate/tests/data/sse/xai-grok-tools.sse");

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (mut request_file, mut sse_file) = (None, None);
    let mut compartment = "ocid1.compartment.oc1..example".to_owned();
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let value = args
            .next()
            .ok_or_else(|| format!("{flag} needs a value\n{USAGE}"))?;
        match flag.as_str() {
            "--request" => request_file = Some(value),
            "--sse" => sse_file = Some(value),
            "--compartment" => compartment = value,
            _ => return Err(format!("unknown flag {flag}\n{USAGE}").into()),
        }
    }
    let request_json = match &request_file {
        Some(path) => std::fs::read_to_string(path)?,
        None => REQUEST.to_owned(),
    };
    let sse = match &sse_file {
        Some(path) => std::fs::read(path)?,
        None => OCI_STREAM.to_vec(),
    };

    // 1. The request: resolve the model name (the gateway's default aliases, plus OCI ids that
    //    pass through), then translate. Parameters OCI has no field for are named, not lost
    //    silently.
    let request: CreateChatCompletionRequest = serde_json::from_str(&request_json)?;
    let target = ModelCatalog::default().resolve(&request.model)?;
    let translated = chat_request(&request, &target, &RequestOptions::new(compartment))?;
    println!("# POST /20231130/actions/chat for {}", target.oci_model());
    println!("{}", serde_json::to_string_pretty(&translated.value)?);
    if !translated.dropped.is_empty() {
        println!("# dropped (no OCI field): {:?}", translated.dropped);
    }

    // 2. The answer: one translator per stream, fed OCI's events as they are decoded. The id
    //    and time are the caller's, so the output is reproducible.
    let context = ResponseContext::for_request(
        "chatcmpl-offline",
        1_764_000_000,
        &request,
        &translated.value,
    );
    let mut translator = ChunkTranslator::new(context);
    let mut decoder = Decoder::new();
    println!("\n# the OpenAI stream the client receives");
    for event in decoder.push(&sse) {
        if translate_event(&mut translator, event?)? {
            break;
        }
    }
    if !translator.is_complete() {
        // The body ended: an event without its blank line may still be pending.
        for event in decoder.finish() {
            translate_event(&mut translator, event?)?;
        }
    }
    // The body ended: the closing chunks not sent yet, or an error if the answer was cut.
    for chunk in translator.finish()? {
        println!("data: {}\n", serde_json::to_string(&chunk)?);
    }
    println!("data: [DONE]");
    Ok(())
}

/// Prints the chunks one OCI event becomes; `true` once the stream is complete (some OCI
/// streams never close: stop reading then).
fn translate_event(
    translator: &mut ChunkTranslator,
    event: oci_genai_client::sse::Event,
) -> Result<bool, Box<dyn std::error::Error>> {
    let chunks = if event.is_done() {
        translator.push_done()
    } else {
        translator.push(&ChatStreamEvent::from_json(event.data().as_bytes())?)?
    };
    for chunk in chunks {
        println!("data: {}\n", serde_json::to_string(&chunk)?);
    }
    Ok(translator.is_complete())
}
