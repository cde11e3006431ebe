//! Opening connections for hyper-util's pooled client: direct TCP, or through
//! an HTTP proxy, then TLS, all within the connect timeout.
//!
//! The layers, outermost first:
//!
//! 1. [`TimedConnector`]: the connect timeout over everything below, and the
//!    classification of failures ([`ConnectError`]) that the retry rule needs.
//! 2. hyper-rustls's `HttpsConnector`: TLS with ALPN (`h2`, `http/1.1`) for
//!    `https://` destinations, pass-through for `http://`.
//! 3. [`ProxyConnector`]: TCP to the destination, a `CONNECT` tunnel through
//!    the proxy (hyper-util's `Tunnel`), or TCP to the proxy marked as
//!    forwarding so the pool writes absolute-form request targets.

use std::error::Error as StdError;
use std::fmt;
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use http::Uri;
use hyper::rt::{Read, ReadBufCursor, Write};
use hyper_util::client::legacy::connect::proxy::Tunnel;
use hyper_util::client::legacy::connect::{Connected, Connection, HttpConnector};
use hyper_util::client::proxy::matcher::Matcher;
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;
use tower_service::Service;

use crate::client::proxy::{Route, route};

type BoxError = Box<dyn StdError + Send + Sync>;
type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send>>;

/// Why a connection could not be opened, for the retry rule.
#[derive(Debug)]
pub(super) enum ConnectError {
    /// Took longer than the connect timeout.
    TimedOut,
    /// rustls refused the handshake (certificate, protocol).
    Tls(BoxError),
    /// Anything else: refused, unreachable, DNS, proxy.
    Io(BoxError),
}

impl fmt::Display for ConnectError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::TimedOut => "connecting timed out",
            Self::Tls(_) => "TLS handshake refused",
            Self::Io(_) => "cannot connect",
        })
    }
}

impl StdError for ConnectError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match self {
            Self::TimedOut => None,
            Self::Tls(source) | Self::Io(source) => Some(&**source),
        }
    }
}

impl ConnectError {
    fn classify(error: BoxError) -> Self {
        if has_rustls_error(&*error) {
            Self::Tls(error)
        } else {
            Self::Io(error)
        }
    }
}

/// Whether a rustls error is anywhere in the chain. `io::Error::source`
/// skips the error an `io::Error` wraps (it returns that error's own
/// source), and hyper-rustls wraps tokio-rustls's `io::Error` in another, so
/// each `io::Error` is opened with `get_ref` instead.
fn has_rustls_error(error: &(dyn StdError + 'static)) -> bool {
    if error.is::<rustls::Error>() {
        return true;
    }
    if let Some(io_error) = error.downcast_ref::<io::Error>() {
        return io_error
            .get_ref()
            .is_some_and(|inner| has_rustls_error(inner));
    }
    error.source().is_some_and(has_rustls_error)
}

/// The connect timeout around an inner connector.
#[derive(Clone, Debug)]
pub(super) struct TimedConnector<C> {
    pub(super) inner: C,
    pub(super) timeout: Duration,
}

impl<C> Service<Uri> for TimedConnector<C>
where
    C: Service<Uri> + Send,
    C::Future: Send + 'static,
    C::Response: Send + 'static,
    C::Error: Into<BoxError>,
{
    type Response = C::Response;
    type Error = ConnectError;
    type Future = BoxFuture<Result<C::Response, ConnectError>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), ConnectError>> {
        self.inner
            .poll_ready(cx)
            .map_err(|error| ConnectError::classify(error.into()))
    }

    fn call(&mut self, destination: Uri) -> Self::Future {
        let connecting = self.inner.call(destination);
        let timeout = self.timeout;
        Box::pin(async move {
            match tokio::time::timeout(timeout, connecting).await {
                Ok(Ok(connection)) => Ok(connection),
                Ok(Err(error)) => Err(ConnectError::classify(error.into())),
                Err(_elapsed) => Err(ConnectError::TimedOut),
            }
        })
    }
}

/// TCP to the destination or through a proxy, per the proxy rules.
#[derive(Clone, Debug)]
pub(super) struct ProxyConnector {
    pub(super) tcp: HttpConnector,
    pub(super) proxies: Option<Arc<Matcher>>,
}

impl Service<Uri> for ProxyConnector {
    type Response = ProxiedStream;
    type Error = BoxError;
    type Future = BoxFuture<Result<ProxiedStream, BoxError>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), BoxError>> {
        self.tcp.poll_ready(cx).map_err(Into::into)
    }

    fn call(&mut self, destination: Uri) -> Self::Future {
        let mut tcp = self.tcp.clone();
        let route = route(self.proxies.as_deref(), &destination);
        Box::pin(async move {
            // `HttpConnector` is always ready; asking keeps to the tower contract.
            std::future::poll_fn(|cx| tcp.poll_ready(cx)).await?;
            match route {
                Route::Direct => Ok(ProxiedStream::direct(tcp.call(destination).await?)),
                Route::Proxy(intercept) if destination.scheme_str() == Some("https") => {
                    let mut tunnel = Tunnel::new(intercept.uri().clone(), tcp);
                    if let Some(auth) = intercept.basic_auth() {
                        tunnel = tunnel.with_auth(auth.clone());
                    }
                    let stream = tunnel.call(destination).await?;
                    Ok(ProxiedStream::direct(stream))
                }
                Route::Proxy(intercept) => {
                    let stream = tcp.call(intercept.uri().clone()).await?;
                    Ok(ProxiedStream {
                        inner: stream,
                        forwarding: true,
                    })
                }
            }
        })
    }
}

/// A TCP stream that may lead to a forwarding proxy, which the pool must be
/// told about (`Connected::proxy`) so it writes absolute-form targets.
#[derive(Debug)]
pub(super) struct ProxiedStream {
    inner: TokioIo<TcpStream>,
    forwarding: bool,
}

impl ProxiedStream {
    fn direct(inner: TokioIo<TcpStream>) -> Self {
        Self {
            inner,
            forwarding: false,
        }
    }
}

impl Connection for ProxiedStream {
    fn connected(&self) -> Connected {
        self.inner.connected().proxy(self.forwarding)
    }
}

impl Read for ProxiedStream {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: ReadBufCursor<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl Write for ProxiedStream {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write_vectored(cx, bufs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rustls_errors_are_found_inside_io_errors() {
        let wrapped = io::Error::new(
            io::ErrorKind::InvalidData,
            rustls::Error::InvalidCertificate(rustls::CertificateError::UnknownIssuer),
        );
        assert!(has_rustls_error(&wrapped));
        // hyper-rustls wraps tokio-rustls's error once more.
        let twice = io::Error::other(io::Error::new(
            io::ErrorKind::InvalidData,
            rustls::Error::InvalidCertificate(rustls::CertificateError::UnknownIssuer),
        ));
        assert!(has_rustls_error(&twice));
        assert!(matches!(
            ConnectError::classify(Box::new(wrapped)),
            ConnectError::Tls(_)
        ));
        let refused = io::Error::from(io::ErrorKind::ConnectionRefused);
        assert!(!has_rustls_error(&refused));
        assert!(matches!(
            ConnectError::classify(Box::new(refused)),
            ConnectError::Io(_)
        ));
    }
}
