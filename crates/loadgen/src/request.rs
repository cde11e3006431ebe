//! The request a run sends, prepared once: URL resolved, body read, headers parsed and, for
//! runs straight against the OCI mock, signed. Each send clones the headers and a
//! reference-counted body, so building a request costs next to nothing in the measured path.

use std::net::SocketAddr;
use std::path::Path;
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use http::header::{CONTENT_TYPE, HOST};
use http::{HeaderMap, HeaderName, HeaderValue, Method, Request, Uri};
use http_body_util::Full;
use oci_signer::{Credentials, KeyId, PrivateKey, SignableBody, SignableRequest, SigningParams};

use crate::cli::RequestArgs;
use crate::error::Error;

/// The longest run a request signed once may be replayed in: OCI and the mock accept a
/// `date` up to 5 minutes off; one minute is left as margin.
pub(crate) const MAX_SIGNED_RUN: Duration = Duration::from_secs(240);

/// How the request is authenticated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Signing {
    /// Sent as given.
    None,
    /// Signed once with an OCI API key when the run starts, then replayed unchanged.
    OnceAtStart,
}

/// A request ready to be sent many times.
#[derive(Debug)]
pub(crate) struct RequestTemplate {
    /// Where to connect.
    pub(crate) addr: SocketAddr,
    url: String,
    method: Method,
    path_and_query: Uri,
    headers: HeaderMap,
    body: Bytes,
    signing: Signing,
}

impl RequestTemplate {
    /// Prepares the request the flags describe.
    ///
    /// # Errors
    ///
    /// [`Error`] when the URL, a header, the body file or the signing key is unusable.
    pub(crate) async fn from_args(args: &RequestArgs) -> Result<Self, Error> {
        let uri: Uri = args.url.parse().map_err(|_| Error::Url {
            url: args.url.clone(),
            reason: "not a URL",
        })?;
        if uri.scheme_str() != Some("http") {
            return Err(Error::Url {
                url: args.url.clone(),
                reason: "only http:// is supported (the benchmarks run on loopback)",
            });
        }
        let authority = uri.authority().ok_or_else(|| Error::Url {
            url: args.url.clone(),
            reason: "no host",
        })?;
        let host_port = format!(
            "{}:{}",
            authority.host(),
            authority.port_u16().unwrap_or(80)
        );
        let addr = tokio::net::lookup_host(&host_port)
            .await
            .map_err(|source| Error::Resolve {
                authority: host_port.clone(),
                source,
            })?
            .next()
            .ok_or_else(|| Error::Resolve {
                authority: host_port.clone(),
                source: std::io::Error::new(std::io::ErrorKind::NotFound, "no address"),
            })?;
        let path_and_query: Uri = uri
            .path_and_query()
            .map_or("/", |path| path.as_str())
            .parse()
            .map_err(|_| Error::Url {
                url: args.url.clone(),
                reason: "invalid path",
            })?;

        let body = match &args.body {
            Some(path) => Bytes::from(read_file(path)?),
            None => Bytes::new(),
        };
        let method = match (&args.method, args.body.is_some()) {
            (Some(method), _) => {
                Method::from_bytes(method.as_bytes()).map_err(|_| Error::Header {
                    header: format!("method {method}"),
                })?
            }
            (None, true) => Method::POST,
            (None, false) => Method::GET,
        };

        let mut headers = HeaderMap::new();
        let host = HeaderValue::from_str(authority.as_str()).map_err(|_| Error::Url {
            url: args.url.clone(),
            reason: "invalid host",
        })?;
        headers.insert(HOST, host);
        if args.body.is_some() {
            headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        }
        for header in &args.headers {
            let (name, value) = parse_header(header)?;
            headers.insert(name, value);
        }

        let signing = match (&args.oci_key, &args.oci_key_id) {
            (Some(key), Some(key_id)) => {
                sign_once(&args.url, &method, &body, key, key_id, &mut headers)?;
                Signing::OnceAtStart
            }
            (None, None) => Signing::None,
            _ => {
                return Err(Error::Usage(
                    "--oci-key and --oci-key-id go together".to_owned(),
                ));
            }
        };

        Ok(Self {
            addr,
            url: args.url.clone(),
            method,
            path_and_query,
            headers,
            body,
            signing,
        })
    }

    /// A fresh copy of the request.
    pub(crate) fn request(&self) -> Request<Full<Bytes>> {
        let mut request = Request::new(Full::new(self.body.clone()));
        *request.method_mut() = self.method.clone();
        *request.uri_mut() = self.path_and_query.clone();
        *request.headers_mut() = self.headers.clone();
        request
    }

    /// The URL as given.
    pub(crate) fn url(&self) -> &str {
        &self.url
    }

    /// The body's size in bytes.
    pub(crate) fn body_len(&self) -> usize {
        self.body.len()
    }

    /// How the request is authenticated.
    pub(crate) fn signing(&self) -> Signing {
        self.signing
    }

    /// Refuses a run that would outlive its signature.
    ///
    /// # Errors
    ///
    /// [`Error::Usage`] when the request was signed once and `length` exceeds
    /// [`MAX_SIGNED_RUN`].
    pub(crate) fn check_run_length(&self, length: Duration) -> Result<(), Error> {
        if self.signing == Signing::OnceAtStart && length > MAX_SIGNED_RUN {
            return Err(Error::Usage(format!(
                "a request signed once stays valid for {} s (the server's clock-skew \
                 allowance, less a margin); this run may last {:.0} s: shorten it",
                MAX_SIGNED_RUN.as_secs(),
                length.as_secs_f64()
            )));
        }
        Ok(())
    }
}

fn read_file(path: &Path) -> Result<Vec<u8>, Error> {
    std::fs::read(path).map_err(|source| Error::Read {
        path: path.to_owned(),
        source,
    })
}

/// Splits `NAME: VALUE`.
fn parse_header(header: &str) -> Result<(HeaderName, HeaderValue), Error> {
    let invalid = || Error::Header {
        header: header.to_owned(),
    };
    let (name, value) = header.split_once(':').ok_or_else(invalid)?;
    let name = HeaderName::from_bytes(name.trim().as_bytes()).map_err(|_| invalid())?;
    let value = HeaderValue::from_str(value.trim()).map_err(|_| invalid())?;
    Ok((name, value))
}

/// Signs the request as OCI requires and sets the signed headers.
///
/// The signature covers the `date` header, so the same signed request is accepted only while
/// its date is within the server's clock-skew allowance (five minutes on OCI and the mock).
/// Signing once keeps the RSA operation (about 0.5 ms) out of the measured path of a direct
/// run: the point of that run is the cost of everything but the gateway.
fn sign_once(
    url: &str,
    method: &Method,
    body: &[u8],
    key_path: &Path,
    key_id: &str,
    headers: &mut HeaderMap,
) -> Result<(), Error> {
    let pem = read_file(key_path)?;
    let key = PrivateKey::from_pem(&pem, None).map_err(|source| Error::Key {
        path: key_path.to_owned(),
        source,
    })?;
    let credentials = Credentials::new(KeyId::from_raw(key_id), key);
    let content_type = headers
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .unwrap_or("application/json")
        .to_owned();
    let signable = SignableRequest::new(
        method.as_str(),
        url,
        [("content-type", content_type.as_str())],
        SignableBody::Bytes(body),
    )
    .map_err(Error::Sign)?;
    let signed = oci_signer::sign(
        &signable,
        &SigningParams::new(&credentials, SystemTime::now()),
    )
    .map_err(Error::Sign)?;
    for (name, value) in signed.headers() {
        let value = HeaderValue::from_str(value).map_err(|_| Error::Header {
            header: format!("{name} (signed)"),
        })?;
        headers.insert(HeaderName::from_static(name), value);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_parse_with_or_without_spaces() {
        let (name, value) = parse_header("Authorization:Bearer x").unwrap();
        assert_eq!(name, "authorization");
        assert_eq!(value, "Bearer x");
        let (name, value) = parse_header("x-a :  b ").unwrap();
        assert_eq!(name, "x-a");
        assert_eq!(value, "b");
        assert!(parse_header("no colon").is_err());
        assert!(parse_header("bad name: x").is_err());
    }
}
