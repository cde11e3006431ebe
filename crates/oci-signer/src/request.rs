//! The input to signing: a small, HTTP-library-independent view of one request.

use std::borrow::Cow;

use crate::error::SigningError;

/// The body of a request to sign.
///
/// OCI signs `x-content-sha256` over the exact body bytes, so the body is an explicit input
/// rather than something read from a request type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum SignableBody<'a> {
    /// No body (GET, HEAD, DELETE; or a POST without content, which is still signed with
    /// `content-length: 0`).
    Empty,
    /// The whole body.
    Bytes(&'a [u8]),
    /// A body the caller has already hashed, e.g. a large upload streamed from disk:
    /// base64 SHA-256 and length in bytes. Without a `content-type` header it is signed as
    /// `application/octet-stream`, as the OCI SDKs do for a body read from a file (other
    /// bodies default to `application/json`).
    Precomputed {
        /// Standard base64 (with padding) of the body's SHA-256.
        sha256_base64: &'a str,
        /// Length of the body in bytes.
        content_length: u64,
    },
}

impl SignableBody<'_> {
    pub(crate) fn len(&self) -> u64 {
        match self {
            Self::Empty => 0,
            Self::Bytes(bytes) => bytes.len() as u64,
            Self::Precomputed { content_length, .. } => *content_length,
        }
    }
}

/// One request to sign: method, URL, the headers the caller has set, and the body.
///
/// Build it with [`SignableRequest::new`] from plain strings, or (feature `http1`) with
/// `SignableRequest::from_http` from an `http::Request`.
#[derive(Debug, Clone)]
pub struct SignableRequest<'a> {
    pub(crate) method: Cow<'a, str>,
    pub(crate) host: Cow<'a, str>,
    pub(crate) path_and_query: Cow<'a, str>,
    pub(crate) headers: Vec<(Cow<'a, str>, Cow<'a, str>)>,
    pub(crate) body: SignableBody<'a>,
}

impl<'a> SignableRequest<'a> {
    /// Describes a request by its parts.
    ///
    /// `url` must be absolute (`https://host[:port]/path[?query]`) and already percent-encoded
    /// exactly as it will go on the request line: the signature covers those bytes, and OCI
    /// rejects a request whose path was re-encoded after signing. A fragment is dropped (it is
    /// never sent). `headers` are the headers the caller has set; names are matched without
    /// regard to case.
    ///
    /// # Errors
    ///
    /// [`SigningError::InvalidMethod`], [`SigningError::InvalidUrl`] or
    /// [`SigningError::InvalidHeaderValue`].
    pub fn new<I>(
        method: &'a str,
        url: &'a str,
        headers: I,
        body: SignableBody<'a>,
    ) -> Result<Self, SigningError>
    where
        I: IntoIterator<Item = (&'a str, &'a str)>,
    {
        let (scheme, authority, path_and_query) = split_url(url)?;
        let host =
            host_for_signing(scheme, authority).map_err(|reason| invalid_url(url, reason))?;
        Self::from_parts(
            Cow::Borrowed(method),
            host,
            Cow::Borrowed(path_and_query),
            headers
                .into_iter()
                .map(|(name, value)| (Cow::Borrowed(name), Cow::Borrowed(value)))
                .collect(),
            body,
        )
        .map_err(|error| match error {
            SigningError::InvalidUrl { reason, .. } => invalid_url(url, reason),
            other => other,
        })
    }

    pub(crate) fn from_parts(
        method: Cow<'a, str>,
        host: Cow<'a, str>,
        path_and_query: Cow<'a, str>,
        headers: Vec<(Cow<'a, str>, Cow<'a, str>)>,
        body: SignableBody<'a>,
    ) -> Result<Self, SigningError> {
        if method.is_empty() || !method.bytes().all(is_token_byte) {
            return Err(SigningError::InvalidMethod {
                method: method.into_owned(),
            });
        }
        let path_and_query = if path_and_query.is_empty() {
            Cow::Borrowed("/")
        } else {
            path_and_query
        };
        if !path_and_query.starts_with('/') {
            return Err(invalid_url(&path_and_query, "the path must start with /"));
        }
        if let Some(bad) = path_and_query.bytes().find(|b| !is_request_target_byte(*b)) {
            return Err(invalid_url(
                &path_and_query,
                if bad.is_ascii() {
                    "the path or query holds a space or control character; percent-encode it"
                } else {
                    "the path or query holds non-ASCII text; percent-encode it as UTF-8"
                },
            ));
        }
        for (name, value) in &headers {
            if name.is_empty() || !name.bytes().all(is_token_byte) {
                return Err(SigningError::InvalidHeaderValue {
                    name: name.to_ascii_lowercase(),
                });
            }
            if value.bytes().any(|b| b < 0x20 && b != b'\t' || b == 0x7f) {
                return Err(SigningError::InvalidHeaderValue {
                    name: name.to_ascii_lowercase(),
                });
            }
        }
        Ok(Self {
            method,
            host,
            path_and_query,
            headers,
            body,
        })
    }

    /// The value of a header the caller set, matched without regard to case.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(candidate, _)| candidate.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_ref())
    }

    /// The `host` value that will be signed: the URL's host, with the port only when it is not
    /// the scheme's default (what HTTP clients put in the `Host` header), unless the caller
    /// set `host` explicitly.
    pub fn host(&self) -> &str {
        self.header("host").unwrap_or(&self.host)
    }

    /// Path and query exactly as they go on the request line.
    pub fn path_and_query(&self) -> &str {
        &self.path_and_query
    }

    /// The method as given.
    pub fn method(&self) -> &str {
        &self.method
    }

    /// The body.
    pub fn body(&self) -> SignableBody<'a> {
        self.body
    }
}

fn invalid_url(url: &str, reason: &'static str) -> SigningError {
    SigningError::InvalidUrl {
        url: url.to_owned(),
        reason,
    }
}

/// Splits an absolute URL into scheme, authority and path-with-query (fragment dropped).
fn split_url(url: &str) -> Result<(&str, &str, &str), SigningError> {
    let (scheme, rest) = url
        .split_once("://")
        .ok_or_else(|| invalid_url(url, "it is not an absolute http:// or https:// URL"))?;
    if !scheme.eq_ignore_ascii_case("https") && !scheme.eq_ignore_ascii_case("http") {
        return Err(invalid_url(url, "the scheme must be http or https"));
    }
    let without_fragment = rest.split_once('#').map_or(rest, |(before, _)| before);
    let authority_end = without_fragment
        .find(['/', '?'])
        .unwrap_or(without_fragment.len());
    let (authority, path_and_query) = without_fragment.split_at(authority_end);
    let path_and_query = if path_and_query.starts_with('?') {
        // `https://host?q` sends `GET /?q`.
        return Err(invalid_url(
            url,
            "a query needs a path before it (write https://host/?query)",
        ));
    } else {
        path_and_query
    };
    Ok((scheme, authority, path_and_query))
}

/// `host[:port]` as an HTTP client sends it in `Host`: no userinfo, no default port.
pub(crate) fn host_for_signing<'a>(
    scheme: &str,
    authority: &'a str,
) -> Result<Cow<'a, str>, &'static str> {
    let host_port = authority
        .rsplit_once('@')
        .map_or(authority, |(_, host)| host);
    if host_port.is_empty() {
        return Err("it has no host");
    }
    if !host_port
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b".-_:[]%~!$&'()*+,;=".contains(&b))
    {
        return Err("the host holds characters a host cannot have");
    }
    let (host, port) = split_port(host_port);
    if host.is_empty() {
        return Err("it has no host");
    }
    let default_port = if scheme.eq_ignore_ascii_case("https") {
        "443"
    } else {
        "80"
    };
    Ok(match port {
        Some(port) if port.is_empty() || port == default_port => Cow::Borrowed(host),
        Some(port) if !port.bytes().all(|b| b.is_ascii_digit()) => {
            return Err("the port is not a number");
        }
        _ => Cow::Borrowed(host_port),
    })
}

fn split_port(host_port: &str) -> (&str, Option<&str>) {
    // An IPv6 literal is bracketed; only a colon after the closing bracket starts a port.
    let search_from = host_port.rfind(']').unwrap_or(0);
    match host_port[search_from..].rfind(':') {
        Some(offset) => {
            let colon = search_from + offset;
            (&host_port[..colon], Some(&host_port[colon + 1..]))
        }
        None => (host_port, None),
    }
}

/// RFC 9110 `tchar`.
fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// Bytes that may appear unencoded in an origin-form request target.
fn is_request_target_byte(b: u8) -> bool {
    b.is_ascii_graphic()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(url: &str) -> Result<SignableRequest<'_>, SigningError> {
        SignableRequest::new("GET", url, [], SignableBody::Empty)
    }

    #[test]
    fn default_ports_are_dropped_and_others_kept() {
        assert_eq!(
            request("https://h.example:443/x").unwrap().host(),
            "h.example"
        );
        assert_eq!(
            request("http://h.example:80/x").unwrap().host(),
            "h.example"
        );
        assert_eq!(
            request("https://h.example:8443/x").unwrap().host(),
            "h.example:8443"
        );
        assert_eq!(
            request("http://127.0.0.1:8080/").unwrap().host(),
            "127.0.0.1:8080"
        );
        assert_eq!(request("https://[::1]:9000/").unwrap().host(), "[::1]:9000");
        assert_eq!(request("https://[::1]/").unwrap().host(), "[::1]");
    }

    #[test]
    fn userinfo_and_fragment_are_not_signed() {
        let req = request("https://user:pw@h.example/a?b=1#frag").unwrap();
        assert_eq!(req.host(), "h.example");
        assert_eq!(req.path_and_query(), "/a?b=1");
    }

    #[test]
    fn empty_path_becomes_slash() {
        assert_eq!(request("https://h.example").unwrap().path_and_query(), "/");
    }

    #[test]
    fn bad_urls_are_refused_with_a_reason() {
        for url in [
            "",
            "h.example/path",
            "ftp://h.example/",
            "https:///path",
            "https://h.example/has space",
            "https://h.example/é",
            "https://h.example:port/",
            "https://h.example?q=1",
            "https://bad host/",
        ] {
            let error = request(url).unwrap_err();
            assert!(
                matches!(error, SigningError::InvalidUrl { .. }),
                "{url:?} gave {error:?}"
            );
        }
    }

    #[test]
    fn bad_methods_and_header_values_are_refused() {
        assert!(matches!(
            SignableRequest::new("GE T", "https://h/", [], SignableBody::Empty),
            Err(SigningError::InvalidMethod { .. })
        ));
        assert!(matches!(
            SignableRequest::new(
                "GET",
                "https://h/",
                [("x-a", "line\r\nbreak")],
                SignableBody::Empty
            ),
            Err(SigningError::InvalidHeaderValue { name }) if name == "x-a"
        ));
    }

    #[test]
    fn caller_host_header_wins() {
        let req = SignableRequest::new(
            "GET",
            "https://10.0.0.1/",
            [("Host", "inference.example")],
            SignableBody::Empty,
        )
        .unwrap();
        assert_eq!(req.host(), "inference.example");
    }
}
