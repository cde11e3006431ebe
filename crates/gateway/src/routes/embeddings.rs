//! `POST /v1/embeddings` over OCI's `embedText`.

use http::{Response, StatusCode};
use openai_types::embeddings::CreateEmbeddingRequest;
use translate::{EmbedContext, ErrorContext};

use super::RequestLog;
use crate::body::{GatewayBody, json};
use crate::error::{GatewayError, from_oci};
use crate::metrics::UpstreamOp;
use crate::state::AppState;

pub(super) async fn embeddings(
    state: &AppState,
    body: &[u8],
    log: &mut RequestLog,
) -> Result<Response<GatewayBody>, GatewayError> {
    super::log_body(state, &log.request_id, "request body", body);
    let request: CreateEmbeddingRequest = super::chat::parse_json(body)?;
    log.model = Some(request.model.clone());
    let target = super::resolve_target(state, &request.model, log)?;
    let translated = translate::embed_request(&request, &target, &state.request_options)?;
    super::log_dropped(log, &translated.dropped);
    let started = std::time::Instant::now();
    let result = state
        .client
        .embed_text(&translated.value)
        .opc_request_id(log.request_id.clone())
        .await;
    state
        .metrics
        .record_upstream(UpstreamOp::Embed, started.elapsed());
    let response = result.map_err(|error| from_oci(&error, &ErrorContext::for_target(&target)))?;
    log.opc_request_id = Some(response.opc_request_id.clone());
    let answer = translate::embed_response(&response.value, &EmbedContext::for_request(&request))?;
    let prompt_tokens = u64::from(answer.usage.prompt_tokens);
    log.prompt_tokens = Some(prompt_tokens);
    state
        .metrics
        .record_tokens(&request.model, prompt_tokens, 0);
    let response = json(StatusCode::OK, &answer);
    super::log_response_body(state, &log.request_id, &response);
    Ok(response)
}
