//! A successful answer with what identifies its call.

/// The value of a successful call, with its `opc-request-id` and the number
/// of requests it took.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Response<T> {
    /// The decoded answer.
    pub value: T,
    /// The `opc-request-id` OCI answered with (it echoes the one sent,
    /// sometimes with segments appended), or the one sent when it answered
    /// without.
    pub opc_request_id: String,
    /// Requests sent, retries included.
    pub attempts: u32,
}

impl<T> Response<T> {
    pub(crate) fn new(value: T, opc_request_id: String, attempts: u32) -> Self {
        Self {
            value,
            opc_request_id,
            attempts,
        }
    }

    /// The decoded answer.
    pub fn into_value(self) -> T {
        self.value
    }

    /// Applies `f` to the value, keeping the rest.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Response<U> {
        Response {
            value: f(self.value),
            opc_request_id: self.opc_request_id,
            attempts: self.attempts,
        }
    }
}
