//! The default [`Transport`]: hyper-util's pooled client
//! (`client::legacy::Client`) over rustls, HTTP/1.1 with keep-alive, and
//! HTTP/2 when the server offers it through ALPN.

mod connector;

use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http::header::PROXY_AUTHORIZATION;
use http_body_util::Full;
use hyper_util::client::legacy::Client as PooledClient;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::proxy::matcher::Matcher;
use hyper_util::rt::{TokioExecutor, TokioTimer};

use self::connector::{ConnectError, ProxyConnector, TimedConnector};
use super::proxy::{Route, route};
use super::transport::{ResponseBody, Transport, TransportError, TransportFuture};

type Connector = TimedConnector<hyper_rustls::HttpsConnector<ProxyConnector>>;

/// Idle pooled connections are closed after this long, below the 120 s
/// idle limit common to load balancers, so a request never picks up a
/// connection the other end is about to close.
const POOL_IDLE_TIMEOUT: Duration = Duration::from_secs(90);

/// TCP keep-alive probes keep long, quiet streams alive through NAT and
/// firewalls, and reveal a peer that vanished.
const TCP_KEEPALIVE: Duration = Duration::from_secs(60);

/// Sends requests over pooled HTTP/1.1 and HTTP/2 connections.
#[derive(Debug)]
pub(crate) struct HyperTransport {
    client: PooledClient<Connector, Full<Bytes>>,
    proxies: Option<Arc<Matcher>>,
}

impl HyperTransport {
    pub(crate) fn new(
        tls: rustls::ClientConfig,
        proxies: Option<Matcher>,
        connect_timeout: Duration,
    ) -> Self {
        let proxies = proxies.map(Arc::new);
        let mut tcp = HttpConnector::new();
        // The TLS layer above hands `https://` destinations down too.
        tcp.enforce_http(false);
        tcp.set_nodelay(true);
        tcp.set_keepalive(Some(TCP_KEEPALIVE));
        let proxy = ProxyConnector {
            tcp,
            proxies: proxies.clone(),
        };
        let https = hyper_rustls::HttpsConnectorBuilder::new()
            .with_tls_config(tls)
            .https_or_http()
            .enable_all_versions()
            .wrap_connector(proxy);
        let connector = TimedConnector {
            inner: https,
            timeout: connect_timeout,
        };
        let client = PooledClient::builder(TokioExecutor::new())
            .timer(TokioTimer::new())
            .pool_timer(TokioTimer::new())
            .pool_idle_timeout(POOL_IDLE_TIMEOUT)
            .build(connector);
        Self { client, proxies }
    }
}

impl Transport for HyperTransport {
    fn send(&self, request: http::Request<Bytes>) -> TransportFuture<'_> {
        let mut request = request.map(Full::new);
        // A forwarding proxy reads credentials from the request itself; a
        // tunnel gets them on its CONNECT instead.
        if request.uri().scheme_str() == Some("http")
            && let Route::Proxy(intercept) = route(self.proxies.as_deref(), request.uri())
            && let Some(auth) = intercept.basic_auth()
        {
            request
                .headers_mut()
                .insert(PROXY_AUTHORIZATION, auth.clone());
        }
        let sending = self.client.request(request);
        Box::pin(async move {
            let response = sending.await.map_err(classify)?;
            Ok(response.map(ResponseBody::new))
        })
    }
}

/// Maps the pool's error onto the retry rule: failures to connect are safe
/// to retry, anything later may have reached the server.
fn classify(error: hyper_util::client::legacy::Error) -> TransportError {
    if !error.is_connect() {
        return TransportError::request(error);
    }
    let mut source = std::error::Error::source(&error);
    while let Some(cause) = source {
        if let Some(connect) = cause.downcast_ref::<ConnectError>() {
            return match connect {
                ConnectError::TimedOut => TransportError::connect_timeout(),
                ConnectError::Tls(_) => TransportError::tls(error),
                ConnectError::Io(_) => TransportError::connect(error),
            };
        }
        source = cause.source();
    }
    TransportError::connect(error)
}
