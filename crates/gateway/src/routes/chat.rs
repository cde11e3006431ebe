//! `POST /v1/chat/completions`: translate, call OCI, translate back; streamed or whole.

use std::sync::Arc;
use std::time::Instant;

use http::{HeaderValue, Response, StatusCode, header};
use openai_types::chat::CreateChatCompletionRequest;
use serde::de::DeserializeOwned;
use translate::{ChunkTranslator, ErrorContext, RequestOptions, ResponseContext};

use super::sse::ChatSse;
use super::{Handled, Permit, RequestLog};
use crate::body::{GatewayBody, json};
use crate::deferred::drop_later;
use crate::error::{GatewayError, from_oci};
use crate::metrics::UpstreamOp;
use crate::state::AppState;

/// Parses a JSON request body, with OpenAI-style messages for what is wrong.
pub(super) fn parse_json<T: DeserializeOwned>(body: &[u8]) -> Result<T, GatewayError> {
    serde_json::from_slice(body).map_err(|error| {
        use serde_json::error::Category;
        match error.classify() {
            Category::Data => GatewayError::bad_request(
                format!("invalid request body: {error}"),
                missing_field(&error.to_string()),
            ),
            Category::Io | Category::Syntax | Category::Eof => GatewayError::bad_request(
                format!(
                    "could not parse the JSON body of the request: {error} (send JSON with \
                     Content-Type: application/json)"
                ),
                None,
            ),
        }
    })
}

/// The field named by serde's "missing field `x`" and "unknown variant ... for `x`" messages.
fn missing_field(message: &str) -> Option<&str> {
    let start = message.strip_prefix("missing field `")?;
    start.split('`').next()
}

pub(super) async fn chat_completions(
    state: &Arc<AppState>,
    body: &[u8],
    log: &mut RequestLog,
    permit: Permit,
    started: Instant,
) -> Result<Handled, GatewayError> {
    super::log_body(state, &log.request_id, "request body", body);
    let mut request: CreateChatCompletionRequest = parse_json(body)?;
    log.model = Some(request.model.clone());
    log.stream = request.stream == Some(true);

    let target = super::resolve_target(state, &request.model, log)?;
    // Lent: the tool schemas move into the OCI request, cleaned where they are.
    let translated = translate::chat_request(
        &mut request,
        &target,
        &RequestOptions::new(state.compartment_id.clone()),
    )?;
    super::log_dropped(log, &translated.dropped);
    let details = translated.value;
    let context = ResponseContext::for_request(
        format!("chatcmpl-{}", log.request_id),
        state.now_unix(),
        &request,
        &details,
    );
    let error_context = ErrorContext::for_target(&target);

    let upstream_started = Instant::now();
    if log.stream {
        let stream = state
            .client
            .chat_stream(&details)
            .opc_request_id(log.request_id.clone())
            .await;
        state
            .metrics
            .record_upstream(UpstreamOp::ChatStream, upstream_started.elapsed());
        let stream = stream.map_err(|error| from_oci(&error, &error_context))?;
        log.opc_request_id = Some(stream.opc_request_id().to_owned());
        let body = ChatSse::new(
            stream,
            ChunkTranslator::new(context),
            Arc::clone(state),
            log.clone(),
            permit,
            started,
        );
        let mut response = Response::new(GatewayBody::Stream(Box::pin(body)));
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/event-stream"),
        );
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
        // Reverse proxies (nginx) must pass events on as they come.
        headers.insert("x-accel-buffering", HeaderValue::from_static("no"));
        drop_later((request, details));
        return Ok(Handled::stream(response));
    }

    let result = state
        .client
        .chat(&details)
        .opc_request_id(log.request_id.clone())
        .await;
    state
        .metrics
        .record_upstream(UpstreamOp::Chat, upstream_started.elapsed());
    let result = result.map_err(|error| from_oci(&error, &error_context))?;
    log.opc_request_id = Some(result.opc_request_id.clone());
    drop(permit);
    let answer = translate::chat_response(&result.value, &context)?;
    if let Some(usage) = &answer.usage {
        let (input, output) = (
            u64::from(usage.prompt_tokens),
            u64::from(usage.completion_tokens),
        );
        log.prompt_tokens = Some(input);
        log.completion_tokens = Some(output);
        state.metrics.record_tokens(&request.model, input, output);
    }
    let response = json(StatusCode::OK, &answer);
    super::log_response_body(state, &log.request_id, &response);
    drop_later((request, details, result, answer));
    Ok(Handled::done(response))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_errors_say_what_is_wrong() {
        let error = parse_json::<CreateChatCompletionRequest>(b"{not json").unwrap_err();
        assert!(
            error.to_string().contains("could not parse the JSON body"),
            "{error}"
        );
        let error = parse_json::<CreateChatCompletionRequest>(br#"{"messages":[]}"#).unwrap_err();
        match error {
            GatewayError::BadRequest { param, message } => {
                assert_eq!(param.as_deref(), Some("model"), "{message}");
            }
            other => panic!("{other:?}"),
        }
        let error =
            parse_json::<CreateChatCompletionRequest>(br#"{"model":5,"messages":[]}"#).unwrap_err();
        assert!(
            error.to_string().starts_with("invalid request body"),
            "{error}"
        );
    }
}
