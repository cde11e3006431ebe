//! Streams one chat answer from OCI Generative AI with `oci-genai-client`, printing the text
//! as it arrives, then the finish reason and the token usage.
//!
//! Run with, offline (a mock of OCI Generative AI is started in this process):
//!
//! ```text
//! cargo run -p examples --example chat_stream -- [--model meta.llama-3.3-70b-instruct] [--prompt TEXT]
//! ```
//!
//! against a running mock (`cargo run -p oci-genai-mock -- --listen 127.0.0.1:8080 --trust-test-key`):
//!
//! ```text
//! cargo run -p examples --example chat_stream -- --mock-url http://127.0.0.1:8080
//! ```
//!
//! or against OCI, with a profile of an OCI config file:
//!
//! ```text
//! cargo run -p examples --example chat_stream -- --config ~/.oci/config --profile DEFAULT \
//!     --compartment ocid1.compartment.oc1..aaaa... [--region us-chicago-1] [--model ID]
//! ```
//!
//! The request is in the GENERIC format, with `maxTokens`: use a Meta, xAI, Google or gpt-oss
//! model (Cohere models take the COHERE formats, `openai.gpt-5*` wants `maxCompletionTokens`).
#![expect(
    clippy::print_stdout,
    reason = "printing the answer is the example's output"
)]

#[path = "support/oci.rs"]
mod oci;

use std::io::Write as _;

use futures_util::StreamExt as _;
use oci_genai_client::wire::ChatStreamEvent;

const USAGE: &str = "usage: chat_stream [--config FILE [--profile NAME] --compartment OCID \
[--region REGION] | --mock-url URL] [--model ID] [--prompt TEXT]";

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = oci::Args::parse(USAGE)?;
    let backend = oci::Backend::connect(&args).await?;
    let model = args.model.as_deref().unwrap_or(oci::DEFAULT_MODEL);
    let prompt = args
        .prompt
        .as_deref()
        .unwrap_or("Tell me about the weather in Paris.");
    println!("asking {model} on {}", backend.description);

    let details = oci::chat_details(&backend.compartment_id, model, prompt, true);
    // Status and headers are checked before the stream is returned; it ends right after the
    // answer (and the usage asked for), even when OCI keeps the connection open.
    let mut stream = backend.client.chat_stream(&details).await?;
    println!("opc-request-id: {}", stream.opc_request_id());
    let mut stdout = std::io::stdout();
    let (mut events, mut finish, mut usage) = (0_u32, None, None);
    while let Some(event) = stream.next().await {
        let event = event?;
        events += 1;
        match &event {
            ChatStreamEvent::Generic(generic) => {
                if let Some(text) = generic.text() {
                    write!(stdout, "{text}")?;
                    stdout.flush()?;
                }
            }
            ChatStreamEvent::Cohere(cohere) => {
                if let Some(text) = cohere.text_delta() {
                    write!(stdout, "{text}")?;
                    stdout.flush()?;
                }
            }
            _ => {}
        }
        finish = finish.or_else(|| event.finish_reason().map(str::to_owned));
        usage = usage.or_else(|| event.usage().cloned());
    }
    println!();
    println!(
        "{events} events; finish reason: {}",
        finish.as_deref().unwrap_or("none")
    );
    if let Some(usage) = usage {
        println!(
            "usage: {} prompt + {} completion = {} tokens",
            usage.prompt_tokens.unwrap_or(0),
            usage.completion_tokens.unwrap_or(0),
            usage.total_tokens.unwrap_or(0)
        );
    }
    backend.shutdown().await
}
