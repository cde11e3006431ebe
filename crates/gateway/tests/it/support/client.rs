//! A small HTTP/1.1 client for the gateway: whole answers, event streams read to their end,
//! and event streams read event by event (for first-byte and disconnect tests).

use std::net::SocketAddr;
use std::time::Duration;

use bytes::Bytes;
use http::{HeaderMap, Method, Request, Response, StatusCode};
use http_body_util::{BodyExt as _, Full};
use hyper::body::Incoming;
use hyper_util::client::legacy::Client as HyperClient;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use oci_genai_client::sse::Decoder;
use serde_json::Value;

use super::{PATIENCE, within};

/// A client of one gateway.
#[derive(Debug, Clone)]
pub(crate) struct Client {
    addr: SocketAddr,
    inner: HyperClient<HttpConnector, Full<Bytes>>,
}

impl Client {
    pub(crate) fn new(addr: SocketAddr) -> Self {
        Self {
            addr,
            inner: HyperClient::builder(TokioExecutor::new()).build_http(),
        }
    }

    /// A client speaking HTTP/2 with prior knowledge (h2c), as gRPC-style proxies do.
    pub(crate) fn http2(addr: SocketAddr) -> Self {
        Self {
            addr,
            inner: HyperClient::builder(TokioExecutor::new())
                .http2_only(true)
                .build_http(),
        }
    }

    pub(crate) fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// A request to `path` on this gateway.
    pub(crate) fn request(&self, method: Method, path: &str) -> http::request::Builder {
        Request::builder().method(method).uri(self.url(path))
    }

    /// Sends a request and returns the response head with its body unread.
    pub(crate) async fn send(&self, request: Request<Full<Bytes>>) -> Response<Incoming> {
        let what = format!("{} {}", request.method(), request.uri());
        within(&what, self.inner.request(request))
            .await
            .unwrap_or_else(|error| panic!("{what}: {error:?}"))
    }

    /// Sends a request and reads the whole answer.
    pub(crate) async fn fetch(&self, request: Request<Full<Bytes>>) -> Reply {
        let response = self.send(request).await;
        let (parts, body) = response.into_parts();
        let body = within("response body", body.collect())
            .await
            .unwrap_or_else(|error| panic!("response body: {error:?}"))
            .to_bytes();
        Reply {
            status: parts.status,
            headers: parts.headers,
            body,
        }
    }

    pub(crate) async fn get(&self, path: &str) -> Reply {
        self.fetch(
            self.request(Method::GET, path)
                .body(Full::default())
                .unwrap(),
        )
        .await
    }

    /// POSTs `body` as JSON with extra `headers`.
    pub(crate) async fn post_with(
        &self,
        path: &str,
        body: &Value,
        headers: &[(&str, &str)],
    ) -> Reply {
        self.fetch(json_request(
            self.request(Method::POST, path),
            body,
            headers,
        ))
        .await
    }

    pub(crate) async fn post(&self, path: &str, body: &Value) -> Reply {
        self.post_with(path, body, &[]).await
    }

    /// `POST /v1/chat/completions`, whole answer.
    pub(crate) async fn chat(&self, body: &Value) -> Reply {
        self.post("/v1/chat/completions", body).await
    }

    /// `POST /v1/chat/completions` read as an event stream to its end.
    pub(crate) async fn chat_stream(&self, body: &Value) -> SseReply {
        self.stream_with("/v1/chat/completions", body, &[]).await
    }

    /// POSTs `body` and reads the answer as an event stream to its end.
    pub(crate) async fn stream_with(
        &self,
        path: &str,
        body: &Value,
        headers: &[(&str, &str)],
    ) -> SseReply {
        self.open_stream(path, body, headers)
            .await
            .read_to_end()
            .await
    }

    /// POSTs `body` and returns the stream unread, to read event by event.
    pub(crate) async fn open_stream(
        &self,
        path: &str,
        body: &Value,
        headers: &[(&str, &str)],
    ) -> Stream {
        let response = self
            .send(json_request(
                self.request(Method::POST, path),
                body,
                headers,
            ))
            .await;
        let (parts, body) = response.into_parts();
        Stream {
            status: parts.status,
            headers: parts.headers,
            body,
            decoder: Decoder::new(),
            pending: Vec::new(),
            raw: Vec::new(),
        }
    }
}

/// A JSON request with extra headers.
pub(crate) fn json_request(
    builder: http::request::Builder,
    body: &Value,
    headers: &[(&str, &str)],
) -> Request<Full<Bytes>> {
    let mut builder = builder.header("content-type", "application/json");
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    builder
        .body(Full::new(Bytes::from(serde_json::to_vec(body).unwrap())))
        .unwrap()
}

/// A whole answer.
#[derive(Debug)]
pub(crate) struct Reply {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
}

impl Reply {
    pub(crate) fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub(crate) fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|error| panic!("not JSON ({error}): {}", self.text()))
    }

    /// Asserts a 200 JSON answer and returns it.
    pub(crate) fn ok(&self) -> Value {
        assert_eq!(self.status, StatusCode::OK, "{}", self.text());
        assert_eq!(self.headers["content-type"], "application/json");
        self.json()
    }

    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).map(|value| value.to_str().unwrap())
    }

    /// Asserts an error in OpenAI's format (`{"error":{"message","type","param","code"}}`,
    /// every key present, as the official SDKs read them) with this status, `type` and
    /// `code`, and returns the error object.
    pub(crate) fn openai_error(&self, status: u16, r#type: &str, code: Option<&str>) -> Value {
        assert_eq!(self.status.as_u16(), status, "{}", self.text());
        assert_eq!(self.header("content-type"), Some("application/json"));
        assert!(self.header("x-request-id").is_some(), "no x-request-id");
        let error = assert_error_object(&self.json());
        assert_eq!(error["type"], r#type, "{error}");
        assert_eq!(error["code"].as_str(), code, "{error}");
        error
    }
}

/// Asserts `body` is `{"error":{...}}` with all four keys OpenAI sends and a non-empty
/// message; returns the inner object.
pub(crate) fn assert_error_object(body: &Value) -> Value {
    let error = &body["error"];
    for key in ["message", "type", "param", "code"] {
        assert!(
            error.get(key).is_some(),
            "error object without `{key}`: {body}"
        );
    }
    assert!(
        error["message"].as_str().is_some_and(|m| !m.is_empty()),
        "{body}"
    );
    assert_eq!(
        body.as_object().map(serde_json::Map::len),
        Some(1),
        "{body}"
    );
    error.clone()
}

/// A streamed answer being read.
#[derive(Debug)]
pub(crate) struct Stream {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    body: Incoming,
    decoder: Decoder,
    pending: Vec<String>,
    raw: Vec<u8>,
}

/// How a stream ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum End {
    /// The body ended properly.
    Closed,
    /// The connection broke mid-body.
    Broken,
}

impl Stream {
    /// The next `data:` payload, or how the body ended.
    pub(crate) async fn next_event(&mut self) -> Result<String, End> {
        self.next_event_within(PATIENCE)
            .await
            .unwrap_or_else(|| panic!("no event nor end within {PATIENCE:?}"))
    }

    /// The next `data:` payload or end, or `None` if nothing comes within `limit`.
    pub(crate) async fn next_event_within(
        &mut self,
        limit: Duration,
    ) -> Option<Result<String, End>> {
        let deadline = tokio::time::Instant::now() + limit;
        loop {
            if !self.pending.is_empty() {
                return Some(Ok(self.pending.remove(0)));
            }
            let frame = tokio::time::timeout_at(deadline, self.body.frame())
                .await
                .ok()?;
            match frame {
                Some(Ok(frame)) => {
                    if let Ok(data) = frame.into_data() {
                        self.raw.extend_from_slice(&data);
                        for event in self.decoder.push(&data) {
                            self.pending.push(event.unwrap().into_data());
                        }
                    }
                }
                Some(Err(_)) => return Some(Err(End::Broken)),
                None => {
                    for event in self.decoder.finish() {
                        self.pending.push(event.unwrap().into_data());
                    }
                    if !self.pending.is_empty() {
                        return Some(Ok(self.pending.remove(0)));
                    }
                    return Some(Err(End::Closed));
                }
            }
        }
    }

    /// Reads the rest of the stream.
    pub(crate) async fn read_to_end(mut self) -> SseReply {
        let mut data = Vec::new();
        let end = loop {
            match self.next_event().await {
                Ok(payload) => data.push(payload),
                Err(end) => break end,
            }
        };
        SseReply {
            status: self.status,
            headers: self.headers,
            data,
            end,
            raw: String::from_utf8_lossy(&self.raw).into_owned(),
        }
    }
}

/// A streamed answer read to its end.
#[derive(Debug)]
pub(crate) struct SseReply {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    /// Every `data:` payload, `[DONE]` included.
    pub(crate) data: Vec<String>,
    pub(crate) end: End,
    /// The body as received.
    pub(crate) raw: String,
}

impl SseReply {
    /// Asserts the stream was a proper event stream that ended with exactly one
    /// `data: [DONE]`, as its last event, and a clean close; returns the chunks before it.
    pub(crate) fn chunks(&self) -> Vec<Value> {
        assert_eq!(self.status, StatusCode::OK, "{}", self.raw);
        assert_eq!(self.headers["content-type"], "text/event-stream");
        assert!(self.headers.contains_key("x-request-id"));
        assert_eq!(self.end, End::Closed, "{}", self.raw);
        let done: Vec<_> = self
            .data
            .iter()
            .enumerate()
            .filter(|(_, data)| data.as_str() == "[DONE]")
            .map(|(index, _)| index)
            .collect();
        assert_eq!(
            done,
            [self.data.len() - 1],
            "exactly one [DONE], last: {}",
            self.raw
        );
        assert!(
            self.raw.ends_with("data: [DONE]\n\n"),
            "[DONE] ends the body: {}",
            self.raw
        );
        self.data[..self.data.len() - 1]
            .iter()
            .map(|data| serde_json::from_str(data).unwrap_or_else(|e| panic!("{e}: {data}")))
            .collect()
    }

    /// Asserts the stream failed after it started: one error event last, no `[DONE]`, and
    /// returns the error object.
    pub(crate) fn error_event(&self) -> Value {
        assert_eq!(self.status, StatusCode::OK, "{}", self.raw);
        assert!(
            !self.data.iter().any(|data| data == "[DONE]"),
            "no [DONE] after an error: {}",
            self.raw
        );
        let last: Value = serde_json::from_str(self.data.last().expect("an event")).unwrap();
        let errors = self
            .data
            .iter()
            .filter(|data| data.contains("\"error\""))
            .count();
        assert_eq!(errors, 1, "one error event: {}", self.raw);
        assert_error_object(&last)
    }
}

/// What a stream's chunks add up to.
#[derive(Debug, Default)]
pub(crate) struct Assembled {
    pub(crate) role: Option<String>,
    pub(crate) content: String,
    pub(crate) reasoning: String,
    /// `(id, name, arguments)` by tool-call index.
    pub(crate) tool_calls: Vec<(String, String, String)>,
    pub(crate) finish_reason: Option<String>,
    /// Chunks whose `choices` are empty and that carry `usage`.
    pub(crate) usage_chunks: Vec<Value>,
    pub(crate) ids: Vec<String>,
}

/// Adds up the deltas of choice 0, checking each chunk's invariants on the way.
pub(crate) fn assemble(chunks: &[Value]) -> Assembled {
    let mut out = Assembled::default();
    for chunk in chunks {
        assert_eq!(chunk["object"], "chat.completion.chunk", "{chunk}");
        out.ids.push(chunk["id"].as_str().unwrap().to_owned());
        let choices = chunk["choices"].as_array().unwrap();
        if choices.is_empty() {
            assert!(chunk["usage"].is_object(), "{chunk}");
            out.usage_chunks.push(chunk["usage"].clone());
            continue;
        }
        assert!(
            chunk.get("usage").is_none_or(Value::is_null),
            "usage only on the usage chunk: {chunk}"
        );
        let choice = &choices[0];
        assert!(
            out.finish_reason.is_none(),
            "nothing after the finish chunk: {chunk}"
        );
        let delta = &choice["delta"];
        if let Some(role) = delta["role"].as_str() {
            assert!(out.role.is_none(), "role once: {chunk}");
            out.role = Some(role.to_owned());
        }
        if let Some(text) = delta["content"].as_str() {
            out.content.push_str(text);
        }
        if let Some(text) = delta["reasoning_content"].as_str() {
            out.reasoning.push_str(text);
        }
        for call in delta["tool_calls"].as_array().into_iter().flatten() {
            let index = usize::try_from(call["index"].as_u64().unwrap()).unwrap();
            if index == out.tool_calls.len() {
                assert_eq!(call["type"], "function", "first fragment: {call}");
                out.tool_calls.push((
                    call["id"]
                        .as_str()
                        .expect("id on the first fragment")
                        .to_owned(),
                    call["function"]["name"]
                        .as_str()
                        .expect("name first")
                        .to_owned(),
                    String::new(),
                ));
            } else {
                assert!(call.get("id").is_none_or(Value::is_null), "id once: {call}");
            }
            if let Some(arguments) = call["function"]["arguments"].as_str() {
                out.tool_calls[index].2.push_str(arguments);
            }
        }
        if let Some(reason) = choice["finish_reason"].as_str() {
            out.finish_reason = Some(reason.to_owned());
        }
    }
    let first = out.ids.first().cloned().unwrap_or_default();
    assert!(out.ids.iter().all(|id| *id == first), "one id per stream");
    out
}
