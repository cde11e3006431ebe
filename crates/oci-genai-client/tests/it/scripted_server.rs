//! A small HTTP/1.1 server on 127.0.0.1 that answers each request with the
//! next reply of a script, and records every request it receives.
//!
//! A reply can wait before its head, never answer, and send its body in
//! steps: data, pauses, a cut (the connection is aborted mid-body), or a
//! hold (the body stays open until the client goes away). The server counts
//! connections and held bodies the client released.

use std::collections::VecDeque;
use std::convert::Infallible;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use http::{HeaderMap, Method, Request, Response, StatusCode, Uri};
use http_body::{Body, Frame};
use http_body_util::BodyExt as _;
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio::sync::Notify;
use tokio::task::JoinHandle;
use tokio::time::Sleep;

/// One step of a reply body.
#[derive(Clone, Debug)]
pub(crate) enum Step {
    Data(Bytes),
    Sleep(Duration),
    /// Abort the connection: the client sees the body fail.
    Cut,
    /// Keep the body open until the client drops it.
    Hold,
}

/// One scripted reply.
#[derive(Clone, Debug)]
pub(crate) struct Reply {
    status: StatusCode,
    headers: Vec<(String, String)>,
    delay: Duration,
    never: bool,
    body: Vec<Step>,
}

impl Reply {
    pub(crate) fn new(status: u16) -> Self {
        Self {
            status: StatusCode::from_u16(status).unwrap(),
            headers: vec![("opc-request-id".into(), "SERVER-ECHO".into())],
            delay: Duration::ZERO,
            never: false,
            body: Vec::new(),
        }
    }

    /// A JSON body with its `content-length`.
    pub(crate) fn json(status: u16, body: impl Into<Bytes>) -> Self {
        let body = body.into();
        Self::new(status)
            .header("content-type", "application/json")
            .header("content-length", &body.len().to_string())
            .steps([Step::Data(body)])
    }

    /// An event stream sent in `steps` (chunked).
    pub(crate) fn sse(steps: impl IntoIterator<Item = Step>) -> Self {
        Self::new(200)
            .header("content-type", "text/event-stream")
            .steps(steps)
    }

    /// Never answers: the request hangs until the client gives up.
    pub(crate) fn never() -> Self {
        Self {
            never: true,
            ..Self::new(200)
        }
    }

    pub(crate) fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    pub(crate) fn without_request_id(mut self) -> Self {
        self.headers.retain(|(n, _)| n != "opc-request-id");
        self
    }

    pub(crate) fn delay(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }

    pub(crate) fn steps(mut self, steps: impl IntoIterator<Item = Step>) -> Self {
        self.body = steps.into_iter().collect();
        self
    }
}

/// A received request.
#[derive(Clone, Debug)]
pub(crate) struct Recorded {
    pub(crate) method: Method,
    pub(crate) uri: Uri,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
}

impl Recorded {
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    pub(crate) fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap()
    }
}

#[derive(Default)]
struct Shared {
    script: Mutex<VecDeque<Reply>>,
    requests: Mutex<Vec<Recorded>>,
    connections: AtomicUsize,
    released: AtomicUsize,
    released_notify: Notify,
}

/// The server; stops when dropped.
pub(crate) struct ScriptedServer {
    addr: SocketAddr,
    shared: Arc<Shared>,
    task: JoinHandle<()>,
}

impl ScriptedServer {
    /// Starts on a free port with the replies to give, in order.
    pub(crate) async fn start(replies: impl IntoIterator<Item = Reply>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let shared = Arc::new(Shared::default());
        shared.script.lock().unwrap().extend(replies);
        let task = tokio::spawn(accept_loop(listener, shared.clone()));
        Self { addr, shared, task }
    }

    pub(crate) fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub(crate) fn addr(&self) -> SocketAddr {
        self.addr
    }

    pub(crate) fn requests(&self) -> Vec<Recorded> {
        self.shared.requests.lock().unwrap().clone()
    }

    pub(crate) fn connections(&self) -> usize {
        self.shared.connections.load(Ordering::SeqCst)
    }

    pub(crate) fn unused_replies(&self) -> usize {
        self.shared.script.lock().unwrap().len()
    }

    /// Waits until `count` held or streaming bodies were dropped because the
    /// client went away; false on timeout.
    pub(crate) async fn wait_released(&self, count: usize, timeout: Duration) -> bool {
        tokio::time::timeout(timeout, async {
            loop {
                let notified = self.shared.released_notify.notified();
                if self.shared.released.load(Ordering::SeqCst) >= count {
                    return;
                }
                notified.await;
            }
        })
        .await
        .is_ok()
    }
}

impl Drop for ScriptedServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn accept_loop(listener: TcpListener, shared: Arc<Shared>) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            return;
        };
        shared.connections.fetch_add(1, Ordering::SeqCst);
        let shared = shared.clone();
        tokio::spawn(async move {
            let service = service_fn(move |request| handle(shared.clone(), request));
            // Errors here are the scripted cuts and client disconnects.
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

async fn handle(
    shared: Arc<Shared>,
    request: Request<Incoming>,
) -> Result<Response<ScriptBody>, Infallible> {
    let (parts, body) = request.into_parts();
    let body = body
        .collect()
        .await
        .map(|b| b.to_bytes())
        .unwrap_or_default();
    shared.requests.lock().unwrap().push(Recorded {
        method: parts.method,
        uri: parts.uri,
        headers: parts.headers,
        body,
    });
    let reply = shared.script.lock().unwrap().pop_front();
    let Some(reply) = reply else {
        let body = ScriptBody::new(
            vec![Step::Data(Bytes::from_static(b"script exhausted"))],
            None,
        );
        let mut response = Response::new(body);
        *response.status_mut() = StatusCode::IM_A_TEAPOT;
        return Ok(response);
    };
    if reply.never {
        std::future::pending::<()>().await;
    }
    if !reply.delay.is_zero() {
        tokio::time::sleep(reply.delay).await;
    }
    let mut response = Response::new(ScriptBody::new(reply.body, Some(shared)));
    *response.status_mut() = reply.status;
    for (name, value) in reply.headers {
        response.headers_mut().append(
            http::HeaderName::from_bytes(name.as_bytes()).unwrap(),
            http::HeaderValue::from_str(&value).unwrap(),
        );
    }
    Ok(response)
}

/// A reply body played step by step.
pub(crate) struct ScriptBody {
    steps: VecDeque<Step>,
    sleep: Option<Pin<Box<Sleep>>>,
    /// Told when the body is dropped before its end.
    shared: Option<Arc<Shared>>,
    ended: bool,
}

impl ScriptBody {
    fn new(steps: Vec<Step>, shared: Option<Arc<Shared>>) -> Self {
        Self {
            steps: steps.into(),
            sleep: None,
            shared,
            ended: false,
        }
    }
}

impl Body for ScriptBody {
    type Data = Bytes;
    type Error = io::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, io::Error>>> {
        loop {
            if let Some(sleep) = self.sleep.as_mut() {
                if sleep.as_mut().poll(cx).is_pending() {
                    return Poll::Pending;
                }
                self.sleep = None;
            }
            match self.steps.pop_front() {
                None => {
                    self.ended = true;
                    return Poll::Ready(None);
                }
                Some(Step::Data(bytes)) => return Poll::Ready(Some(Ok(Frame::data(bytes)))),
                Some(Step::Sleep(duration)) => {
                    self.sleep = Some(Box::pin(tokio::time::sleep(duration)));
                }
                Some(Step::Cut) => {
                    self.ended = true;
                    return Poll::Ready(Some(Err(io::Error::other("scripted cut"))));
                }
                Some(Step::Hold) => {
                    self.steps.push_front(Step::Hold);
                    return Poll::Pending;
                }
            }
        }
    }
}

impl Drop for ScriptBody {
    fn drop(&mut self) {
        if !self.ended
            && let Some(shared) = &self.shared
        {
            shared.released.fetch_add(1, Ordering::SeqCst);
            shared.released_notify.notify_waiters();
        }
    }
}

/// Server-sent events, one `Step::Data` per event.
pub(crate) fn events(payloads: &[&str]) -> Vec<Step> {
    payloads
        .iter()
        .map(|payload| Step::Data(Bytes::from(format!("data: {payload}\n\n"))))
        .collect()
}

/// A body sent one byte at a time, with a short pause between bytes.
pub(crate) fn trickle(body: &[u8], pause: Duration) -> Vec<Step> {
    body.iter()
        .flat_map(|byte| {
            [
                Step::Data(Bytes::copy_from_slice(&[*byte])),
                Step::Sleep(pause),
            ]
        })
        .collect()
}
