//! Signing an [`http::Request`] in place (feature `http1`): what hyper, axum, tower and
//! reqwest (through its `http` 1.x types) use.

use std::borrow::Cow;

use http::header::{HeaderMap, HeaderName, HeaderValue};

use crate::error::SigningError;
use crate::request::{SignableBody, SignableRequest, host_for_signing};
use crate::signing::{SigningOutput, SigningParams, sign};

impl<'a> SignableRequest<'a> {
    /// Describes an [`http::Request`] for signing. The URI must be absolute, or the request
    /// must carry a `Host` header; `body` must be the exact bytes that will be sent.
    ///
    /// # Errors
    ///
    /// [`SigningError::InvalidUrl`] without a host, [`SigningError::InvalidHeaderValue`] for
    /// a header value that is not visible ASCII.
    pub fn from_http<B>(
        request: &'a http::Request<B>,
        body: SignableBody<'a>,
    ) -> Result<Self, SigningError> {
        let uri = request.uri();
        let scheme = uri.scheme_str().unwrap_or("https");
        let host = match uri.authority() {
            Some(authority) => host_for_signing(scheme, authority.as_str()).map_err(|reason| {
                SigningError::InvalidUrl {
                    url: uri.to_string(),
                    reason,
                }
            })?,
            None if request.headers().contains_key(http::header::HOST) => Cow::Borrowed(""),
            None => {
                return Err(SigningError::InvalidUrl {
                    url: uri.to_string(),
                    reason: "the URI has no host and the request no Host header",
                });
            }
        };
        let path_and_query = uri.path_and_query().map_or("/", |pq| pq.as_str());
        let mut headers = Vec::with_capacity(request.headers().len());
        for (name, value) in request.headers() {
            let value = value
                .to_str()
                .map_err(|_| SigningError::InvalidHeaderValue {
                    name: name.as_str().to_owned(),
                })?;
            headers.push((Cow::Borrowed(name.as_str()), Cow::Borrowed(value)));
        }
        Self::from_parts(
            Cow::Borrowed(request.method().as_str()),
            host,
            Cow::Borrowed(path_and_query),
            headers,
            body,
        )
    }
}

impl SigningOutput {
    /// Sets every signed header and `Authorization` (marked sensitive, so hyper's HPACK
    /// never indexes it) on `headers`, replacing existing values.
    ///
    /// # Errors
    ///
    /// [`SigningError::InvalidHeaderValue`] if a value cannot be a header value, which does
    /// not happen for output of [`sign`](crate::sign) on a valid request.
    pub fn apply_to_headers(&self, headers: &mut HeaderMap) -> Result<(), SigningError> {
        for (name, value) in self.headers() {
            let mut header_value =
                HeaderValue::from_str(value).map_err(|_| SigningError::InvalidHeaderValue {
                    name: name.to_owned(),
                })?;
            if name == "authorization" {
                header_value.set_sensitive(true);
            }
            headers.insert(HeaderName::from_static(name), header_value);
        }
        Ok(())
    }

    /// [`apply_to_headers`](Self::apply_to_headers) on a request.
    ///
    /// # Errors
    ///
    /// As [`apply_to_headers`](Self::apply_to_headers).
    pub fn apply_to_request<B>(&self, request: &mut http::Request<B>) -> Result<(), SigningError> {
        self.apply_to_headers(request.headers_mut())
    }
}

/// Signs `request` in place: builds the signing input from it and `body`, signs, and sets
/// the headers. Returns the output for inspection (signing string, signature).
///
/// # Errors
///
/// Any [`SigningError`] from describing or signing the request.
pub fn sign_http_request<B>(
    request: &mut http::Request<B>,
    body: SignableBody<'_>,
    params: &SigningParams<'_>,
) -> Result<SigningOutput, SigningError> {
    let output = sign(&SignableRequest::from_http(request, body)?, params)?;
    output.apply_to_request(request)?;
    Ok(output)
}
