//! `POST /20231130/actions/chat`: read the request in any of the three
//! formats, let the mock model answer, and render the answer in the wire
//! shape of the model's family.

mod cohere;
mod cohere_v2;
mod conversation;
mod generic;
mod ids;
mod reply;
mod shape;

use bytes::Bytes;
use http::Response;
use oci_genai_client::wire::{ChatDetails, ChatRequest, ModelCapability};
use serde::Serialize;

use self::conversation::{Conversation, Format};
use self::ids::IdSource;
use self::reply::Reply;
use crate::api_error::ApiError;
use crate::body::ReplyBody;
use crate::catalog::Model;
use crate::delivery::{Delivery, to_json};
use crate::family::refuses_max_tokens;
use crate::service::State;
use crate::serving::{Admitted, admit};

/// Everything a renderer needs to put an answer on the wire.
pub(crate) struct Answer<'a> {
    /// `modelId` of the result: the model as the request named it.
    pub(crate) model_id: &'a str,
    pub(crate) model: &'a Model,
    pub(crate) reply: &'a Reply,
    pub(crate) conversation: &'a Conversation,
    pub(crate) ids: IdSource,
    pub(crate) time_created: String,
}

/// A UUID-shaped id derived from the request body.
pub(crate) fn response_id(body: &[u8]) -> String {
    IdSource::from_body(body).uuid()
}

fn to_json_strings<T: Serialize>(values: &[T]) -> Result<Vec<String>, ApiError> {
    values
        .iter()
        .map(|value| {
            serde_json::to_string(value)
                .map_err(|_| ApiError::transient(http::StatusCode::INTERNAL_SERVER_ERROR, 0))
        })
        .collect()
}

/// Answers one chat request.
pub(crate) fn handle(state: &State, body: &Bytes) -> Result<Response<ReplyBody>, ApiError> {
    let details: ChatDetails =
        crate::request_json::parse(body, &["compartmentId", "servingMode", "chatRequest"])?;
    if details.compartment_id.is_empty() {
        return Err(ApiError::missing_parameter("compartmentId"));
    }
    let conversation = Conversation::of(&details.chat_request)?;
    let Admitted {
        script,
        model,
        model_id,
    } = admit(
        state,
        &details.serving_mode,
        &conversation.user_text,
        body,
        &ModelCapability::Chat,
        "chat",
    )?;
    let format = conversation.format.api_format();
    if !model.accepts_format(format) {
        return Err(ApiError::invalid_parameter(format!(
            "Model {} does not support apiFormat {format}; it accepts {}.",
            model.name,
            model.api_formats.join(", ")
        )));
    }
    if conversation.sent_max_tokens && refuses_max_tokens(&model.name) {
        return Err(ApiError::unsupported_max_tokens());
    }
    let reply = reply::plan(&conversation, &script)?;
    let answer = Answer {
        model_id,
        model,
        reply: &reply,
        conversation: &conversation,
        ids: IdSource::from_body(body),
        time_created: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
    };
    let delivery = Delivery::new(&script, state.faults.faults());
    if !conversation.stream {
        let result = match &details.chat_request {
            ChatRequest::Cohere(request) => cohere::result(&answer, request),
            _ if conversation.format == Format::CohereV2 => cohere_v2::result(&answer),
            _ => generic::result(&answer),
        };
        return Ok(delivery.json(to_json(&result)?));
    }
    let (payloads, done) = match &details.chat_request {
        ChatRequest::Cohere(request) => {
            (to_json_strings(&cohere::events(&answer, request))?, false)
        }
        _ if conversation.format == Format::CohereV2 => {
            (to_json_strings(&cohere_v2::events(&answer))?, false)
        }
        _ => {
            let (events, done) = generic::events(&answer);
            (to_json_strings(&events)?, done)
        }
    };
    // OCI leaves Cohere streams open after the last event.
    let hold = (conversation.format != Format::Generic).then(|| state.hold_open());
    Ok(delivery.event_stream(payloads, done, hold))
}
