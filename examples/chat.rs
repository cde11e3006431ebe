//! Sends one chat request to OCI Generative AI with `oci-genai-client` and prints the answer,
//! the finish reason and the token usage.
//!
//! Run with, offline (a mock of OCI Generative AI is started in this process):
//!
//! ```text
//! cargo run -p examples --example chat -- [--model meta.llama-3.3-70b-instruct] [--prompt TEXT]
//! ```
//!
//! against a running mock (`cargo run -p oci-genai-mock -- --listen 127.0.0.1:8080 --trust-test-key`):
//!
//! ```text
//! cargo run -p examples --example chat -- --mock-url http://127.0.0.1:8080
//! ```
//!
//! or against OCI, with a profile of an OCI config file:
//!
//! ```text
//! cargo run -p examples --example chat -- --config ~/.oci/config --profile DEFAULT \
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

use oci_genai_client::wire::{ChatResponse, Message};

const USAGE: &str = "usage: chat [--config FILE [--profile NAME] --compartment OCID [--region REGION] \
| --mock-url URL] [--model ID] [--prompt TEXT]";

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = oci::Args::parse(USAGE)?;
    let backend = oci::Backend::connect(&args).await?;
    let model = args.model.as_deref().unwrap_or(oci::DEFAULT_MODEL);
    let prompt = args.prompt.as_deref().unwrap_or("Is it raining in Paris?");
    println!("asking {model} on {}", backend.description);

    let details = oci::chat_details(&backend.compartment_id, model, prompt, false);
    let answer = backend.client.chat(&details).await?;
    println!(
        "opc-request-id: {} ({} attempt(s))",
        answer.opc_request_id, answer.attempts
    );

    let ChatResponse::Generic(response) = answer.value.chat_response else {
        return Err("the answer is not in the GENERIC format".into());
    };
    for choice in &response.choices {
        if let Some(Message::Assistant(message)) = &choice.message {
            let text: String = message
                .content
                .iter()
                .flatten()
                .filter_map(|part| part.as_text())
                .collect();
            println!("answer: {text}");
            for call in message.tool_calls.iter().flatten() {
                println!("tool call: {call:?}");
            }
        }
        println!("finish reason: {}", choice.finish_reason);
    }
    if let Some(usage) = &response.usage {
        println!(
            "usage: {} prompt + {} completion = {} tokens",
            usage.prompt_tokens.unwrap_or(0),
            usage.completion_tokens.unwrap_or(0),
            usage.total_tokens.unwrap_or(0)
        );
    }
    backend.shutdown().await
}
