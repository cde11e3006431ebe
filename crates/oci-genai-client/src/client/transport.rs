//! The seam between the client and the network.
//!
//! The client signs, retries and decodes; a [`Transport`] only sends one
//! finished request and hands back the response head with a streaming body.
//! The default transport is hyper-util's pooled client over rustls
//! (`hyper_transport`); tests and embedders can put their own behind
//! [`ClientBuilder::transport`](super::ClientBuilder::transport).

use std::error::Error as StdError;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use http_body::{Body, Frame, SizeHint};
use http_body_util::BodyExt as _;

type BoxError = Box<dyn StdError + Send + Sync>;

/// What [`Transport::send`] returns.
pub type TransportFuture<'a> =
    Pin<Box<dyn Future<Output = Result<http::Response<ResponseBody>, TransportError>> + Send + 'a>>;

/// Sends one HTTP request.
///
/// The request is complete and signed: its URI is absolute
/// (`https://host[:port]/path?query`), and it carries every header to send
/// except `host`, which the transport derives from the URI (`Host` on
/// HTTP/1.1, `:authority` on HTTP/2) without the scheme's default port. The
/// body is sent as is, with its `content-length`.
///
/// The transport must not retry on its own, except for a request it knows
/// was never written (hyper-util's pool does that for connections that
/// closed while idle): the client decides about retries.
pub trait Transport: Send + Sync + fmt::Debug + 'static {
    /// Sends `request` and resolves once the response head has arrived.
    fn send(&self, request: http::Request<Bytes>) -> TransportFuture<'_>;
}

/// The body of a response, read frame by frame as it arrives.
pub struct ResponseBody {
    inner: Pin<Box<dyn Body<Data = Bytes, Error = TransportError> + Send + 'static>>,
}

impl ResponseBody {
    /// Wraps any body whose data converts to [`Bytes`]. Its errors become
    /// [`TransportError`]s of the body kind.
    pub fn new<B>(body: B) -> Self
    where
        B: Body + Send + 'static,
        B::Data: Into<Bytes>,
        B::Error: Into<BoxError>,
    {
        Self {
            inner: Box::pin(
                body.map_frame(|frame| frame.map_data(Into::into))
                    .map_err(TransportError::body),
            ),
        }
    }

    /// A body of the given bytes.
    pub fn from_bytes(bytes: impl Into<Bytes>) -> Self {
        Self::new(http_body_util::Full::new(bytes.into()))
    }

    /// An empty body.
    pub fn empty() -> Self {
        Self::from_bytes(Bytes::new())
    }
}

impl fmt::Debug for ResponseBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ResponseBody")
            .field("size_hint", &self.inner.size_hint())
            .finish_non_exhaustive()
    }
}

impl Body for ResponseBody {
    type Data = Bytes;
    type Error = TransportError;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, TransportError>>> {
        self.inner.as_mut().poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

/// Which step of an exchange failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// No connection: nothing was sent, so retrying is safe.
    Connect,
    /// Opening the connection took longer than the connect timeout.
    ConnectTimeout,
    /// The TLS handshake was refused (certificate, protocol): retrying does
    /// not help.
    Tls,
    /// The request may have been sent, but no response head came back.
    Request,
    /// The response body failed while being read.
    Body,
}

/// A failure of the transport, without exposing its types.
///
/// Use the `is_*` methods to classify it; the underlying error is the
/// [`source`](StdError::source).
pub struct TransportError {
    kind: Kind,
    source: Option<BoxError>,
}

impl TransportError {
    /// No connection could be opened (refused, unreachable, DNS, proxy
    /// tunnel): the request was certainly not sent, so it is retried.
    pub fn connect(source: impl Into<BoxError>) -> Self {
        Self::with_source(Kind::Connect, source)
    }

    /// Opening a connection timed out; retried like [`connect`](Self::connect).
    pub fn connect_timeout() -> Self {
        Self {
            kind: Kind::ConnectTimeout,
            source: None,
        }
    }

    /// The TLS handshake failed for a reason a retry does not fix (an
    /// untrusted certificate, a name mismatch).
    pub fn tls(source: impl Into<BoxError>) -> Self {
        Self::with_source(Kind::Tls, source)
    }

    /// The request failed after the connection was open: it may have reached
    /// the server, so it is not retried.
    pub fn request(source: impl Into<BoxError>) -> Self {
        Self::with_source(Kind::Request, source)
    }

    /// Reading the response body failed.
    pub fn body(source: impl Into<BoxError>) -> Self {
        Self::with_source(Kind::Body, source)
    }

    fn with_source(kind: Kind, source: impl Into<BoxError>) -> Self {
        Self {
            kind,
            source: Some(source.into()),
        }
    }

    /// Whether no connection could be opened (a timeout included), so the
    /// request was not sent.
    pub fn is_connect(&self) -> bool {
        matches!(self.kind, Kind::Connect | Kind::ConnectTimeout)
    }

    /// Whether opening the connection timed out.
    pub fn is_connect_timeout(&self) -> bool {
        self.kind == Kind::ConnectTimeout
    }

    /// Whether the TLS handshake was refused.
    pub fn is_tls(&self) -> bool {
        self.kind == Kind::Tls
    }

    /// Whether reading the response body failed.
    pub fn is_body(&self) -> bool {
        self.kind == Kind::Body
    }
}

impl fmt::Debug for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TransportError")
            .field("kind", &self.kind)
            .field("source", &self.source)
            .finish()
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self.kind {
            Kind::Connect => "cannot connect",
            Kind::ConnectTimeout => "connecting timed out",
            Kind::Tls => "TLS handshake refused",
            Kind::Request => "request failed",
            Kind::Body => "reading the response body failed",
        })
    }
}

impl StdError for TransportError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.source
            .as_deref()
            .map(|source| source as &(dyn StdError + 'static))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_classify() {
        let refused =
            TransportError::connect(std::io::Error::from(std::io::ErrorKind::ConnectionRefused));
        assert!(refused.is_connect() && !refused.is_connect_timeout());
        assert_eq!(refused.to_string(), "cannot connect");
        assert!(refused.source().is_some());
        let timeout = TransportError::connect_timeout();
        assert!(timeout.is_connect() && timeout.is_connect_timeout());
        assert!(timeout.source().is_none());
        let tls = TransportError::tls("bad certificate");
        assert!(tls.is_tls() && !tls.is_connect());
        assert!(!TransportError::request("reset").is_connect());
        assert!(TransportError::body("reset").is_body());
    }

    #[tokio::test]
    async fn response_body_maps_errors_to_body_kind() {
        use http_body_util::BodyExt as _;

        let body = ResponseBody::from_bytes("hello");
        let bytes = body.collect().await.map(|c| c.to_bytes());
        assert_eq!(bytes.ok().as_deref(), Some(&b"hello"[..]));

        let failing =
            http_body_util::StreamBody::new(futures_util::stream::iter([Err::<Frame<Bytes>, _>(
                std::io::Error::from(std::io::ErrorKind::ConnectionReset),
            )]));
        let error = ResponseBody::new(failing).collect().await.err();
        assert!(error.is_some_and(|e| e.is_body()));
    }
}
