//! HTTP proxies for enterprise networks.
//!
//! The rules are curl's, through hyper-util's proxy matcher: `HTTPS_PROXY`
//! for `https://` endpoints, `HTTP_PROXY` for `http://` ones, `ALL_PROXY` for
//! both, `NO_PROXY` for exceptions (lowercase names too). A CGI program
//! (`REQUEST_METHOD` set) ignores them all, since a request header can set
//! `HTTP_PROXY` there ("httpoxy"). `https://` traffic is tunnelled with `CONNECT`,
//! `http://` traffic is forwarded. As in Go's standard library, loopback
//! hosts are never proxied, so a local mock works whatever the environment.

use std::fmt;
use std::net::IpAddr;

use hyper_util::client::proxy::matcher::{Intercept, Matcher};

use super::endpoint::Endpoint;
use super::error::BuildError;

/// Which proxy to use. `Default` reads the environment when the client is
/// built.
///
/// ```
/// use oci_genai_client::client::Proxy;
///
/// let corporate = Proxy::all("http://proxy.corp.example:3128")
///     .no_proxy("localhost,.corp.example,10.0.0.0/8");
/// let direct = Proxy::none();
/// # let _ = (corporate, direct);
/// ```
#[derive(Clone, Default)]
pub struct Proxy {
    source: Source,
}

#[derive(Clone, Default)]
enum Source {
    #[default]
    Environment,
    Disabled,
    Explicit {
        http: Option<String>,
        https: Option<String>,
        no_proxy: String,
    },
}

impl Proxy {
    /// Reads `HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY` and `NO_PROXY` (or their
    /// lowercase forms) when the client is built.
    pub fn from_env() -> Self {
        Self {
            source: Source::Environment,
        }
    }

    /// Connects directly, whatever the environment says.
    pub fn none() -> Self {
        Self {
            source: Source::Disabled,
        }
    }

    /// One proxy for every endpoint: `http://[user:password@]host:port`.
    pub fn all(url: impl Into<String>) -> Self {
        let url = url.into();
        Self::explicit(Some(url.clone()), Some(url))
    }

    /// A proxy for `https://` endpoints only (what OCI uses).
    pub fn https(url: impl Into<String>) -> Self {
        Self::explicit(None, Some(url.into()))
    }

    /// A proxy for plain `http://` endpoints only.
    pub fn http(url: impl Into<String>) -> Self {
        Self::explicit(Some(url.into()), None)
    }

    fn explicit(http: Option<String>, https: Option<String>) -> Self {
        Self {
            source: Source::Explicit {
                http,
                https,
                no_proxy: String::new(),
            },
        }
    }

    /// Hosts to reach directly, in `NO_PROXY` syntax: comma-separated domain
    /// suffixes, IP addresses and CIDR ranges, or `*`. Only for a proxy given
    /// explicitly; the environment's `NO_PROXY` is used with
    /// [`from_env`](Self::from_env).
    #[must_use]
    pub fn no_proxy(mut self, hosts: impl Into<String>) -> Self {
        if let Source::Explicit { no_proxy, .. } = &mut self.source {
            *no_proxy = hosts.into();
        }
        self
    }

    /// The matcher for these settings; explicit proxy URLs are checked here,
    /// since the matcher silently ignores ones it cannot parse.
    pub(crate) fn matcher(&self) -> Result<Option<Matcher>, BuildError> {
        match &self.source {
            Source::Environment => Ok(Some(Matcher::from_env())),
            Source::Disabled => Ok(None),
            Source::Explicit {
                http,
                https,
                no_proxy,
            } => {
                let mut builder = Matcher::builder().no(no_proxy.as_str());
                if let Some(url) = http {
                    check_proxy_url(url)?;
                    builder = builder.http(url.as_str());
                }
                if let Some(url) = https {
                    check_proxy_url(url)?;
                    builder = builder.https(url.as_str());
                }
                Ok(Some(builder.build()))
            }
        }
    }
}

impl fmt::Debug for Proxy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.source {
            Source::Environment => f.write_str("Proxy::from_env()"),
            Source::Disabled => f.write_str("Proxy::none()"),
            Source::Explicit {
                http,
                https,
                no_proxy,
            } => f
                .debug_struct("Proxy")
                .field("http", &http.as_deref().map(redact))
                .field("https", &https.as_deref().map(redact))
                .field("no_proxy", no_proxy)
                .finish(),
        }
    }
}

/// The proxy URL with any user name and password removed, for messages.
pub(crate) fn redact(url: &str) -> String {
    match url.rsplit_once('@') {
        Some((before, host)) => {
            let scheme = before.split_once("://").map_or("", |(scheme, _)| scheme);
            if scheme.is_empty() {
                format!("***@{host}")
            } else {
                format!("{scheme}://***@{host}")
            }
        }
        None => url.to_owned(),
    }
}

fn check_proxy_url(url: &str) -> Result<(), BuildError> {
    let invalid = |reason| BuildError::InvalidProxy {
        proxy: redact(url),
        reason,
    };
    let uri: http::Uri = url.parse().map_err(|_| invalid("not a URL"))?;
    if uri.host().is_none_or(str::is_empty) {
        return Err(invalid("the host is missing"));
    }
    match uri.scheme_str() {
        None | Some("http") => Ok(()),
        Some(_) => Err(invalid("only http:// proxies are supported")),
    }
}

/// How a connection to one destination is made.
#[derive(Clone, Debug)]
pub(crate) enum Route {
    Direct,
    /// Through an HTTP proxy: a `CONNECT` tunnel for `https://`, forwarding
    /// for `http://`.
    Proxy(Intercept),
}

/// The route to `destination` under `matcher`.
pub(crate) fn route(matcher: Option<&Matcher>, destination: &http::Uri) -> Route {
    let Some(matcher) = matcher else {
        return Route::Direct;
    };
    if destination.host().is_some_and(is_loopback) {
        return Route::Direct;
    }
    matcher
        .intercept(destination)
        .map_or(Route::Direct, Route::Proxy)
}

/// Checks, when the client is built, that the proxy chosen for an endpoint
/// is one the connector can use (a plain-HTTP proxy). Proxies from the
/// environment are checked here too.
pub(crate) fn check_route(
    matcher: Option<&Matcher>,
    endpoint: &Endpoint,
) -> Result<(), BuildError> {
    let Ok(uri) = endpoint.uri("/") else {
        return Ok(());
    };
    match route(matcher, &uri) {
        Route::Direct => Ok(()),
        Route::Proxy(intercept) if intercept.uri().scheme_str() == Some("http") => Ok(()),
        Route::Proxy(intercept) => Err(BuildError::InvalidProxy {
            proxy: intercept.uri().to_string(),
            reason: "only http:// proxies are supported",
        }),
    }
}

/// `localhost`, `*.localhost` and loopback addresses.
fn is_loopback(host: &str) -> bool {
    let host = host.trim_end_matches('.');
    if host.eq_ignore_ascii_case("localhost")
        || host
            .get(host.len().saturating_sub(10)..)
            .is_some_and(|tail| tail.eq_ignore_ascii_case(".localhost"))
    {
        return true;
    }
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    bare.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn uri(text: &str) -> http::Uri {
        text.parse().unwrap()
    }

    fn proxied_by(proxy: &Proxy, destination: &str) -> Option<String> {
        let matcher = proxy.matcher().unwrap();
        match route(matcher.as_ref(), &uri(destination)) {
            Route::Direct => None,
            Route::Proxy(intercept) => Some(intercept.uri().to_string()),
        }
    }

    #[test]
    fn explicit_proxies_per_scheme() {
        let https = Proxy::https("http://proxy.example:3128");
        assert_eq!(
            proxied_by(
                &https,
                "https://inference.generativeai.us-chicago-1.oci.oraclecloud.com/"
            ),
            Some("http://proxy.example:3128/".to_owned())
        );
        assert_eq!(proxied_by(&https, "http://mock.example:8080/"), None);
        let all = Proxy::all("proxy.example:3128");
        assert!(proxied_by(&all, "http://mock.example:8080/").is_some());
        assert_eq!(proxied_by(&Proxy::none(), "https://a.example/"), None);
    }

    #[test]
    fn no_proxy_and_loopback_go_direct() {
        let proxy = Proxy::all("http://proxy.example:3128").no_proxy(".corp.example,10.0.0.0/8");
        assert_eq!(proxied_by(&proxy, "https://genai.corp.example/"), None);
        assert_eq!(proxied_by(&proxy, "http://10.1.2.3:80/"), None);
        assert!(proxied_by(&proxy, "https://oraclecloud.com/").is_some());
        for loopback in [
            "http://127.0.0.1:8080/",
            "http://127.8.9.10/",
            "http://[::1]:8080/",
            "http://localhost:1/",
            "http://LOCALHOST./",
            "http://mock.localhost:1/",
        ] {
            assert_eq!(proxied_by(&proxy, loopback), None, "{loopback}");
        }
        assert!(proxied_by(&proxy, "http://notlocalhost:1/").is_some());
    }

    #[test]
    fn proxy_urls_are_checked_and_redacted() {
        for (url, reason) in [
            (
                "https://proxy.example:3128",
                "only http:// proxies are supported",
            ),
            (
                "socks5://proxy.example:1080",
                "only http:// proxies are supported",
            ),
            ("http://", "not a URL"),
        ] {
            match Proxy::all(url).matcher() {
                Err(BuildError::InvalidProxy { reason: r, .. }) => assert_eq!(r, reason, "{url}"),
                other => panic!("{url}: {other:?}"),
            }
        }
        let error = Proxy::all("https://user:secret@proxy.example:3128")
            .matcher()
            .unwrap_err()
            .to_string();
        assert!(!error.contains("secret"), "{error}");
        assert!(error.contains("https://***@proxy.example:3128"), "{error}");
        let debug = format!("{:?}", Proxy::all("http://user:secret@proxy.example:3128"));
        assert!(
            !debug.contains("secret") && !debug.contains("user"),
            "{debug}"
        );
    }

    #[test]
    fn environment_proxies_of_other_schemes_are_refused_at_build() {
        let matcher = Matcher::builder()
            .https("socks5://proxy.example:1080")
            .build();
        let endpoint = Endpoint::parse("https://genai.example").unwrap();
        assert!(matches!(
            check_route(Some(&matcher), &endpoint),
            Err(BuildError::InvalidProxy { .. })
        ));
        let loopback = Endpoint::parse("https://127.0.0.1:8443").unwrap();
        assert!(check_route(Some(&matcher), &loopback).is_ok());
    }
}
