//! The operations: what each sends, where, and how its answer is read.

use std::borrow::Cow;

use http::header::CONTENT_TYPE;
use serde::Serialize;

use super::error::Error;
use super::exchange::{Exchange, Outgoing};
use super::models::{self, ModelFilters, ModelPage};
use super::response::Response;
use super::stream::ChatStream;
use super::{Inner, body};
use crate::stream_completion::CompletionTracker;
use crate::wire::{
    ChatDetails, ChatRequest, ChatResult, EmbedTextDetails, EmbedTextResult, ModelCollection,
};

const CHAT_PATH: &str = "/20231130/actions/chat";
const EMBED_TEXT_PATH: &str = "/20231130/actions/embedText";

/// The header with the token of the next page of a list.
const OPC_NEXT_PAGE: &str = "opc-next-page";

impl Inner {
    pub(crate) async fn chat(
        &self,
        details: &ChatDetails,
        opc_request_id: Option<String>,
    ) -> Result<Response<ChatResult>, Error> {
        let mut exchange = Exchange::new(self, opc_request_id)?;
        let details = with_stream_flag(details, false);
        let response = self
            .send_chat(&mut exchange, details, "application/json")
            .await?;
        exchange.read_json(response).await
    }

    pub(crate) async fn chat_stream(
        &self,
        details: &ChatDetails,
        opc_request_id: Option<String>,
    ) -> Result<ChatStream, Error> {
        let mut exchange = Exchange::new(self, opc_request_id)?;
        let details = with_stream_flag(details, true);
        let tracker = tracker_for(&details.chat_request);
        let response = self
            .send_chat(&mut exchange, details, "text/event-stream")
            .await?;
        let opc_request_id = exchange.answered_id(response.headers());
        if let Some(content_type) = response.headers().get(CONTENT_TYPE)
            && !is_event_stream(content_type.as_bytes())
        {
            let content_type = String::from_utf8_lossy(content_type.as_bytes()).into_owned();
            // Bounded in time: past the head, neither the request timeout
            // nor the stream's idle timeout would stop a body that stalls.
            let start = exchange.read_error_body(response.into_body()).await;
            return Err(Error::UnexpectedContentType {
                opc_request_id,
                content_type,
                snippet: body::snippet(&start),
            });
        }
        Ok(ChatStream::new(
            response.into_body(),
            tracker,
            self.timeouts.stream_idle,
            self.timeouts.usage_wait,
            opc_request_id,
            exchange.attempts(),
        ))
    }

    /// Sends a chat request; on the 400 that OpenAI-served models give
    /// `maxTokens`, sends it once more with `maxCompletionTokens`.
    async fn send_chat(
        &self,
        exchange: &mut Exchange<'_>,
        details: Cow<'_, ChatDetails>,
        accept: &'static str,
    ) -> Result<http::Response<super::transport::ResponseBody>, Error> {
        let uri = exchange.uri(&self.inference, CHAT_PATH)?;
        let outgoing = Outgoing::post(uri.clone(), to_json(&details)?, accept);
        match exchange.send(&outgoing).await {
            Err(Error::Api(error)) if error.is_unsupported_parameter("maxTokens") => {
                let Some(renamed) = with_max_completion_tokens(&details) else {
                    return Err(Error::Api(error));
                };
                let outgoing = Outgoing::post(uri, to_json(&renamed)?, accept);
                exchange.send(&outgoing).await
            }
            other => other,
        }
    }

    pub(crate) async fn embed_text(
        &self,
        details: &EmbedTextDetails,
        opc_request_id: Option<String>,
    ) -> Result<Response<EmbedTextResult>, Error> {
        let mut exchange = Exchange::new(self, opc_request_id)?;
        let uri = exchange.uri(&self.inference, EMBED_TEXT_PATH)?;
        let outgoing = Outgoing::post(uri, to_json(details)?, "application/json");
        let response = exchange.send(&outgoing).await?;
        exchange.read_json(response).await
    }

    pub(crate) async fn list_models_page(
        &self,
        compartment_id: &str,
        filters: &ModelFilters,
        page: Option<&str>,
        opc_request_id: Option<String>,
    ) -> Result<Response<ModelPage>, Error> {
        let mut exchange = Exchange::new(self, opc_request_id)?;
        let target = models::path_and_query(compartment_id, filters, page);
        let outgoing = Outgoing::get(exchange.uri(&self.control_plane, &target)?);
        let response = exchange.send(&outgoing).await?;
        let next_page = response
            .headers()
            .get(OPC_NEXT_PAGE)
            .and_then(|value| value.to_str().ok())
            .filter(|value| !value.is_empty())
            .map(str::to_owned);
        let collection = exchange.read_json::<ModelCollection>(response).await?;
        Ok(collection.map(|collection| ModelPage {
            collection,
            next_page,
        }))
    }

    /// Every page, in order. The first page uses the caller's
    /// `opc-request-id`; each later page is its own call with a new one.
    pub(crate) async fn list_models(
        &self,
        compartment_id: &str,
        filters: &ModelFilters,
        opc_request_id: Option<String>,
    ) -> Result<Response<ModelCollection>, Error> {
        let first = self
            .list_models_page(compartment_id, filters, None, opc_request_id)
            .await?;
        let mut attempts = first.attempts;
        let opc_request_id = first.opc_request_id;
        let mut items = first.value.collection.items;
        let mut next_page = first.value.next_page;
        while let Some(page) = next_page {
            let response = self
                .list_models_page(compartment_id, filters, Some(&page), None)
                .await?;
            attempts += response.attempts;
            items.extend(response.value.collection.items);
            // A server that hands back the token it was given would page
            // forever.
            next_page = response.value.next_page.filter(|next| *next != page);
        }
        Ok(Response::new(
            ModelCollection { items },
            opc_request_id,
            attempts,
        ))
    }
}

fn to_json<T: Serialize + ?Sized>(value: &T) -> Result<Vec<u8>, Error> {
    serde_json::to_vec(value).map_err(|source| Error::Serialize { source })
}

/// `details` with `isStream` as the operation needs it: set for a stream,
/// left out otherwise. Copies only when the caller's value differs.
fn with_stream_flag(details: &ChatDetails, stream: bool) -> Cow<'_, ChatDetails> {
    let wanted = stream.then_some(true);
    let current = match &details.chat_request {
        ChatRequest::Generic(request) => request.is_stream,
        ChatRequest::Cohere(request) => request.is_stream,
        ChatRequest::CohereV2(request) => request.is_stream,
        ChatRequest::Other(value) => value.get("isStream").and_then(serde_json::Value::as_bool),
    };
    if current.unwrap_or(false) == stream {
        return Cow::Borrowed(details);
    }
    let mut details = details.clone();
    match &mut details.chat_request {
        ChatRequest::Generic(request) => request.is_stream = wanted,
        ChatRequest::Cohere(request) => request.is_stream = wanted,
        ChatRequest::CohereV2(request) => request.is_stream = wanted,
        ChatRequest::Other(serde_json::Value::Object(map)) => {
            if stream {
                map.insert("isStream".to_owned(), serde_json::Value::Bool(true));
            } else {
                map.remove("isStream");
            }
        }
        ChatRequest::Other(_) => {}
    }
    Cow::Owned(details)
}

/// The GENERIC request with `maxTokens` renamed `maxCompletionTokens`, or
/// `None` when there is nothing to rename. A `maxCompletionTokens` already
/// present wins.
fn with_max_completion_tokens(details: &ChatDetails) -> Option<ChatDetails> {
    let ChatRequest::Generic(request) = &details.chat_request else {
        return None;
    };
    let max_tokens = request.max_tokens?;
    let mut renamed = details.clone();
    if let ChatRequest::Generic(request) = &mut renamed.chat_request {
        request.max_tokens = None;
        request.max_completion_tokens.get_or_insert(max_tokens);
    }
    Some(renamed)
}

/// A completion tracker for the request: whether it asked for usage, and
/// how many choices will finish.
fn tracker_for(request: &ChatRequest) -> CompletionTracker {
    let (usage, choices) = match request {
        ChatRequest::Generic(request) => (
            request
                .stream_options
                .as_ref()
                .and_then(|options| options.is_include_usage),
            request.num_generations,
        ),
        ChatRequest::Cohere(request) => (
            request
                .stream_options
                .as_ref()
                .and_then(|options| options.is_include_usage),
            None,
        ),
        ChatRequest::CohereV2(request) => (
            request
                .stream_options
                .as_ref()
                .and_then(|options| options.is_include_usage),
            None,
        ),
        ChatRequest::Other(value) => (
            value
                .pointer("/streamOptions/isIncludeUsage")
                .and_then(serde_json::Value::as_bool),
            None,
        ),
    };
    CompletionTracker::new(usage.unwrap_or(false)).with_choices(choices.unwrap_or(1))
}

/// `text/event-stream`, any case, parameters allowed.
fn is_event_stream(content_type: &[u8]) -> bool {
    let essence = content_type
        .split(|&b| b == b';')
        .next()
        .unwrap_or_default()
        .trim_ascii();
    essence.eq_ignore_ascii_case(b"text/event-stream")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::{CohereChatRequest, GenericChatRequest, ServingMode, StreamOptions};

    fn generic(request: GenericChatRequest) -> ChatDetails {
        ChatDetails {
            compartment_id: "ocid1.compartment.oc1..c".into(),
            serving_mode: ServingMode::on_demand("openai.gpt-5"),
            chat_request: ChatRequest::Generic(request),
        }
    }

    #[test]
    fn max_tokens_is_renamed_in_generic_requests() {
        let details = generic(GenericChatRequest {
            max_tokens: Some(512),
            temperature: Some(0.5),
            ..Default::default()
        });
        let renamed = with_max_completion_tokens(&details).unwrap();
        let json = serde_json::to_value(&renamed).unwrap();
        let request = &json["chatRequest"];
        assert_eq!(request["maxCompletionTokens"], 512);
        assert!(request.get("maxTokens").is_none());
        assert_eq!(request["temperature"], 0.5);
        assert_eq!(
            json["servingMode"],
            serde_json::to_value(&details.serving_mode).unwrap()
        );

        // An explicit maxCompletionTokens is kept.
        let both = generic(GenericChatRequest {
            max_tokens: Some(512),
            max_completion_tokens: Some(100),
            ..Default::default()
        });
        let ChatRequest::Generic(request) = with_max_completion_tokens(&both).unwrap().chat_request
        else {
            panic!("not generic")
        };
        assert_eq!(
            (request.max_tokens, request.max_completion_tokens),
            (None, Some(100))
        );

        // Nothing to rename.
        assert!(with_max_completion_tokens(&generic(GenericChatRequest::default())).is_none());
        let cohere = ChatDetails {
            chat_request: ChatRequest::Cohere(CohereChatRequest {
                max_tokens: Some(10),
                ..Default::default()
            }),
            ..generic(GenericChatRequest::default())
        };
        assert!(with_max_completion_tokens(&cohere).is_none());
    }

    #[test]
    fn stream_flag_follows_the_operation_and_copies_only_when_needed() {
        let plain = generic(GenericChatRequest::default());
        assert!(matches!(with_stream_flag(&plain, false), Cow::Borrowed(_)));
        let streamed = with_stream_flag(&plain, true);
        assert!(matches!(streamed, Cow::Owned(_)));
        let json = serde_json::to_value(&*streamed).unwrap();
        assert_eq!(json["chatRequest"]["isStream"], true);
        assert!(matches!(
            with_stream_flag(&streamed, true),
            Cow::Borrowed(_)
        ));
        let back = with_stream_flag(&streamed, false);
        let json = serde_json::to_value(&*back).unwrap();
        assert!(json["chatRequest"].get("isStream").is_none());

        let other = ChatDetails {
            chat_request: ChatRequest::Other(serde_json::json!({"apiFormat": "NEW"})),
            ..plain
        };
        let json = serde_json::to_value(&*with_stream_flag(&other, true)).unwrap();
        assert_eq!(
            json["chatRequest"],
            serde_json::json!({"apiFormat": "NEW", "isStream": true})
        );
    }

    #[test]
    fn trackers_follow_usage_and_choices() {
        let request = ChatRequest::Generic(GenericChatRequest {
            stream_options: Some(StreamOptions {
                is_include_usage: Some(true),
            }),
            num_generations: Some(2),
            ..Default::default()
        });
        let tracker = tracker_for(&request);
        assert!(tracker.usage_requested());
        let other =
            ChatRequest::Other(serde_json::json!({"streamOptions": {"isIncludeUsage": true}}));
        assert!(tracker_for(&other).usage_requested());
        assert!(!tracker_for(&ChatRequest::default()).usage_requested());
    }

    #[test]
    fn event_stream_content_types() {
        assert!(is_event_stream(b"text/event-stream"));
        assert!(is_event_stream(b"Text/Event-Stream; charset=utf-8"));
        assert!(!is_event_stream(b"application/json"));
        assert!(!is_event_stream(b""));
    }
}
