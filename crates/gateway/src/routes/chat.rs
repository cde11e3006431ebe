//! `POST /v1/chat/completions`: translate, call OCI, translate back; streamed or whole.

use std::sync::Arc;
use std::time::Instant;

use http::{HeaderValue, Response, StatusCode, header};
use openai_types::chat::CreateChatCompletionRequest;
use serde::de::DeserializeOwned;
use translate::{ChunkTranslator, ErrorContext, ResponseContext};

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
            Category::Data => {
                let text = error.to_string();
                let (part, text) = match content_part(&text) {
                    Some((index, rest)) => (Some(index), rest),
                    None => (None, text.as_str()),
                };
                let param = error_param::<T>(body, part, text);
                let message = match &param {
                    Some(param) => format!("invalid request body at `{param}`: {text}"),
                    None => format!("invalid request body: {text}"),
                };
                GatewayError::bad_request(message, param.as_deref())
            }
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

/// Where in the request a value did not fit its field, in OpenAI's `param` form
/// (`messages[1].content`, `model`). The body is read a second time with its path tracked,
/// only once it has failed, so that valid requests never pay for the tracking. `part` is the
/// index of the content part that failed, which the tracker cannot see (see [`content_part`]),
/// and `message` the error's message without it.
fn error_param<T: DeserializeOwned>(
    body: &[u8],
    part: Option<&str>,
    message: &str,
) -> Option<String> {
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let path = match serde_path_to_error::deserialize::<_, T>(&mut deserializer) {
        Err(tracked) => tracked.path().to_string(),
        Ok(_) => String::new(),
    };
    // The root of the body displays as ".".
    let path = Some(path).filter(|path| !path.is_empty() && path != ".");
    let path = match (path, part) {
        (Some(path), Some(index)) => Some(format!("{path}[{index}]")),
        (path, _) => path,
    };
    match (path, missing_field(message)) {
        (Some(path), Some(field)) => Some(format!("{path}.{field}")),
        (None, Some(field)) => Some(field.to_owned()),
        (path, None) => path,
    }
}

/// The index of the content part named by an error message and the rest of the message.
/// `openai-types` reads a message's parts from the text of its `content`, out of the path
/// tracker's sight, and names a part that does not fit as `content part 1: ...`.
fn content_part(message: &str) -> Option<(&str, &str)> {
    let (index, rest) = message.strip_prefix("content part ")?.split_once(": ")?;
    index
        .bytes()
        .all(|byte| byte.is_ascii_digit())
        .then_some((index, rest))
}

/// The field named by serde's "missing field `x`" message.
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
    // Lent: the tool schemas move into the OCI request instead of being copied.
    let translated = translate::chat_request(&mut request, &target, &state.request_options)?;
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
            error
                .to_string()
                .starts_with("invalid request body at `model`"),
            "{error}"
        );
    }

    /// The `param` of a 400 names the field, however deep, as OpenAI writes it.
    #[test]
    fn wrong_and_missing_fields_are_named_as_openai_names_them() {
        let param = |body: &str| match parse_json::<CreateChatCompletionRequest>(body.as_bytes()) {
            Err(GatewayError::BadRequest { param, .. }) => param,
            other => panic!("{other:?}"),
        };
        assert_eq!(
            param(r#"{"model":"m","messages":[],"temperature":"hot"}"#).as_deref(),
            Some("temperature")
        );
        assert_eq!(
            param(r#"{"model":"m","messages":[{"role":"user","content":"a"},{"role":"user","content":5}]}"#)
                .as_deref(),
            Some("messages[1].content")
        );
        assert_eq!(
            param(r#"{"model":"m","messages":[{"role":"tool","content":"a"}]}"#).as_deref(),
            Some("messages[0].tool_call_id")
        );
        assert_eq!(
            param(
                r#"{"model":"m","messages":[],"tools":[{"type":"function","function":{"name":7}}]}"#
            )
            .as_deref(),
            Some("tools[0].function.name")
        );
        assert_eq!(
            param(r#"{"model":"m","messages":[{"role":"robot","content":"a"}]}"#).as_deref(),
            Some("messages[0].role")
        );
        // Inside a content array: the part by its index, and a field missing from it.
        assert_eq!(
            param(r#"{"model":"m","messages":[{"role":"user","content":[{"type":"text","text":"a"},{"type":"text"}]}]}"#)
                .as_deref(),
            Some("messages[0].content[1].text")
        );
        assert_eq!(
            param(r#"{"model":"m","messages":[{"role":"system","content":"a"},{"role":"user","content":[{"type":"video"}]}]}"#)
                .as_deref(),
            Some("messages[1].content[0]")
        );
    }

    #[test]
    fn a_content_part_that_does_not_fit_is_named_once() {
        let error = parse_json::<CreateChatCompletionRequest>(
            br#"{"model":"m","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":5}}]}]}"#,
        )
        .unwrap_err()
        .to_string();
        assert!(
            error.starts_with(
                "invalid request body at `messages[0].content[0]`: invalid type: integer `5`"
            ),
            "{error}"
        );
        assert!(!error.contains("content part"), "{error}");
    }
}
