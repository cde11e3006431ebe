//! The client's time limits.

use std::time::Duration;

/// Time limits. `Default` gives: connect 10 s, request 300 s, stream idle
/// 60 s, usage wait 2 s, error body 5 s.
///
/// ```
/// use std::time::Duration;
/// use oci_genai_client::client::Timeouts;
///
/// let timeouts = Timeouts::default()
///     .with_connect(Duration::from_secs(3))
///     .with_stream_idle(Duration::from_secs(120));
/// assert_eq!(timeouts.request, Duration::from_secs(300));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Timeouts {
    /// Opening one connection: TCP, the proxy tunnel and the TLS handshake.
    /// A connection that times out counts as a failure to connect, which is
    /// retried.
    pub connect: Duration,
    /// The whole call, every attempt and wait included: up to the complete
    /// body for `chat`, `embed_text` and each page of the model list, and up
    /// to the response head for `chat_stream` (a stream may then run as long
    /// as events keep coming). Long answers from reasoning models take
    /// minutes, hence the generous default.
    pub request: Duration,
    /// The longest silence between two events of a stream whose answer is
    /// not complete; then the stream ends with a timeout error.
    pub stream_idle: Duration,
    /// How long a stream waits, after the answer is complete, for the usage
    /// event that `streamOptions.isIncludeUsage` asked for. It follows at
    /// once when it comes; some models never send it, so the stream then
    /// ends without it.
    pub usage_wait: Duration,
    /// How long the body of an error answer (a refused status, or a
    /// `chat_stream` answer that is not an event stream) may take to arrive
    /// once its head has, within `request` too. The error then carries what
    /// arrived, and a retryable status is still retried: a stalled error
    /// page must not use up the time the retries need, nor hang a stream
    /// call, whose `request` limit ends at the head.
    pub error_body: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Self {
            connect: Duration::from_secs(10),
            request: Duration::from_secs(300),
            stream_idle: Duration::from_secs(60),
            usage_wait: Duration::from_secs(2),
            error_body: Duration::from_secs(5),
        }
    }
}

impl Timeouts {
    /// Sets [`connect`](Self::connect).
    #[must_use]
    pub fn with_connect(mut self, connect: Duration) -> Self {
        self.connect = connect;
        self
    }

    /// Sets [`request`](Self::request).
    #[must_use]
    pub fn with_request(mut self, request: Duration) -> Self {
        self.request = request;
        self
    }

    /// Sets [`stream_idle`](Self::stream_idle).
    #[must_use]
    pub fn with_stream_idle(mut self, stream_idle: Duration) -> Self {
        self.stream_idle = stream_idle;
        self
    }

    /// Sets [`usage_wait`](Self::usage_wait).
    #[must_use]
    pub fn with_usage_wait(mut self, usage_wait: Duration) -> Self {
        self.usage_wait = usage_wait;
        self
    }

    /// Sets [`error_body`](Self::error_body).
    #[must_use]
    pub fn with_error_body(mut self, error_body: Duration) -> Self {
        self.error_body = error_body;
        self
    }
}
