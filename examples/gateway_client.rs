//! Talks to a running gateway over plain HTTP with hyper, as any OpenAI client does: lists the
//! models, asks for one chat answer, then streams another and prints it as it arrives.
//!
//! Start a gateway (here on its mock backend), then run the example against it:
//!
//! ```text
//! cargo run -p gateway -- --mock
//! cargo run -p examples --example gateway_client -- --url http://127.0.0.1:8050 \
//!     [--api-key KEY] [--model gpt-5] [--prompt TEXT]
//! ```
#![expect(
    clippy::print_stdout,
    reason = "printing the answers is the example's output"
)]

use std::io::Write as _;

use bytes::Bytes;
use http::{Request, StatusCode, header};
use http_body_util::{BodyExt as _, Full};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use oci_genai_client::sse::Decoder;
use openai_types::chat::{
    ChatCompletionRequestMessage, ChatCompletionStreamOptions, CreateChatCompletionRequest,
    CreateChatCompletionResponse, CreateChatCompletionStreamResponse,
};
use openai_types::error::ErrorResponse;
use openai_types::models::ListModelsResponse;

const USAGE: &str = "usage: gateway_client --url http://127.0.0.1:8050 [--api-key KEY] [--model NAME] [--prompt TEXT]";

type Error = Box<dyn std::error::Error>;

struct Gateway {
    client: Client<HttpConnector, Full<Bytes>>,
    base: String,
    api_key: Option<String>,
}

impl Gateway {
    /// Sends one request; a non-2xx answer becomes an error carrying the OpenAI error message.
    async fn send(
        &self,
        method: http::Method,
        path: &str,
        body: Option<Vec<u8>>,
    ) -> Result<http::Response<hyper::body::Incoming>, Error> {
        let mut request = Request::builder()
            .method(method)
            .uri(format!("{}{path}", self.base))
            .header(header::ACCEPT, "application/json");
        if let Some(key) = &self.api_key {
            request = request.header(header::AUTHORIZATION, format!("Bearer {key}"));
        }
        let body = match body {
            Some(body) => {
                request = request.header(header::CONTENT_TYPE, "application/json");
                Full::new(Bytes::from(body))
            }
            None => Full::new(Bytes::new()),
        };
        let response = self.client.request(request.body(body)?).await?;
        if response.status() != StatusCode::OK {
            let status = response.status();
            let bytes = response.into_body().collect().await?.to_bytes();
            let message = serde_json::from_slice::<ErrorResponse>(&bytes).map_or_else(
                |_| String::from_utf8_lossy(&bytes).into_owned(),
                |error| error.error.message,
            );
            return Err(format!("{path}: {status}: {message}").into());
        }
        Ok(response)
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Error> {
    let (mut url, mut api_key, mut model, mut prompt) = (None, None, "gpt-5".to_owned(), None);
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let value = args
            .next()
            .ok_or_else(|| format!("{flag} needs a value\n{USAGE}"))?;
        match flag.as_str() {
            "--url" => url = Some(value),
            "--api-key" => api_key = Some(value),
            "--model" => model = value,
            "--prompt" => prompt = Some(value),
            _ => return Err(format!("unknown flag {flag}\n{USAGE}").into()),
        }
    }
    let url = url.ok_or(USAGE)?;
    let prompt = prompt.unwrap_or_else(|| "Is it raining in Paris?".to_owned());
    let gateway = Gateway {
        client: Client::builder(TokioExecutor::new()).build_http(),
        base: url.trim_end_matches('/').trim_end_matches("/v1").to_owned(),
        api_key,
    };

    // GET /v1/models: the gateway's aliases (and OCI's catalog, if it lists it).
    let response = gateway.send(http::Method::GET, "/v1/models", None).await?;
    let models: ListModelsResponse =
        serde_json::from_slice(&response.into_body().collect().await?.to_bytes())?;
    let names: Vec<&str> = models.data.iter().map(|m| m.id.as_str()).collect();
    println!("models: {}", names.join(", "));

    // POST /v1/chat/completions, whole.
    let request = CreateChatCompletionRequest::new(
        &model,
        vec![ChatCompletionRequestMessage::user(prompt.as_str())],
    );
    let response = gateway
        .send(
            http::Method::POST,
            "/v1/chat/completions",
            Some(serde_json::to_vec(&request)?),
        )
        .await?;
    let answer: CreateChatCompletionResponse =
        serde_json::from_slice(&response.into_body().collect().await?.to_bytes())?;
    for choice in &answer.choices {
        println!(
            "answer: {}",
            choice.message.content.as_deref().unwrap_or("")
        );
        println!("finish reason: {:?}", choice.finish_reason);
    }
    if let Some(usage) = &answer.usage {
        println!(
            "usage: {} prompt + {} completion = {} tokens",
            usage.prompt_tokens, usage.completion_tokens, usage.total_tokens
        );
    }

    // The same question streamed, with usage: server-sent events read as they arrive.
    let mut request = request.with_stream(true);
    request.stream_options = Some(ChatCompletionStreamOptions {
        include_usage: Some(true),
        ..Default::default()
    });
    let response = gateway
        .send(
            http::Method::POST,
            "/v1/chat/completions",
            Some(serde_json::to_vec(&request)?),
        )
        .await?;
    let mut body = response.into_body();
    let mut decoder = Decoder::new();
    let mut stdout = std::io::stdout();
    print!("streamed: ");
    'read: while let Some(frame) = body.frame().await {
        let Ok(data) = frame?.into_data() else {
            continue;
        };
        for event in decoder.push(&data) {
            let event = event?;
            if event.is_done() {
                break 'read;
            }
            // A failure after the first byte comes as one error event, without `[DONE]`.
            if let Ok(error) = serde_json::from_str::<ErrorResponse>(event.data()) {
                return Err(format!("the stream failed: {}", error.error.message).into());
            }
            let chunk: CreateChatCompletionStreamResponse = serde_json::from_str(event.data())?;
            for choice in &chunk.choices {
                if let Some(text) = &choice.delta.content {
                    print!("{text}");
                    stdout.flush()?;
                }
                if let Some(finish) = &choice.finish_reason {
                    print!("\nfinish reason: {finish:?}");
                }
            }
            if let Some(usage) = &chunk.usage {
                print!(
                    "\nusage: {} prompt + {} completion = {} tokens",
                    usage.prompt_tokens, usage.completion_tokens, usage.total_tokens
                );
            }
        }
    }
    println!();
    Ok(())
}
