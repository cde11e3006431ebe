//! Who signs: a key id and a private key, and the providers that produce them.
//!
//! Callers sign through [`ProvideCredentials`], so new kinds of principal (instance,
//! resource, workload identity) plug in without changing them. A provider is asked for
//! credentials before every signature; providers of short-lived tokens use that to refresh.

mod config_file;

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

pub use config_file::{ConfigFileProvider, ConfigWarning};

use crate::error::CredentialsError;
use crate::key::PrivateKey;

/// The `keyId` of the `Authorization` header.
///
/// `Debug` hides session tokens, which are bearer secrets for the lifetime of the token.
#[derive(Clone, PartialEq, Eq)]
pub struct KeyId(Arc<str>);

impl KeyId {
    /// API-key auth: `<tenancy OCID>/<user OCID>/<key fingerprint>`.
    pub fn api_key(tenancy: &str, user: &str, fingerprint: &str) -> Self {
        Self(format!("{tenancy}/{user}/{fingerprint}").into())
    }

    /// Token auth (session token, instance or resource principal): `ST$<token>`.
    ///
    /// Surrounding whitespace, such as the newline many tools write at the end of a token
    /// file, is trimmed: it would otherwise end up inside the header.
    pub fn security_token(token: &str) -> Self {
        Self(format!("ST${}", token.trim()).into())
    }

    /// A key id used as given.
    pub fn from_raw(key_id: impl Into<Arc<str>>) -> Self {
        Self(key_id.into())
    }

    /// The key id text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether this is a token key id (`ST$...`).
    pub fn is_security_token(&self) -> bool {
        self.0.starts_with("ST$")
    }
}

impl fmt::Debug for KeyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_security_token() {
            write!(f, "KeyId(\"ST$<token of {} bytes>\")", self.0.len() - 3)
        } else {
            f.debug_tuple("KeyId").field(&&*self.0).finish()
        }
    }
}

/// A key id and the private key that signs for it. Cheap to clone.
///
/// `Debug` shows the key id (tokens hidden) and the key's fingerprint, never key material.
#[derive(Clone, Debug)]
pub struct Credentials {
    key_id: KeyId,
    key: PrivateKey,
}

impl Credentials {
    /// Pairs a key id with its key.
    pub fn new(key_id: KeyId, key: PrivateKey) -> Self {
        Self { key_id, key }
    }

    /// The key id.
    pub fn key_id(&self) -> &KeyId {
        &self.key_id
    }

    /// The private key.
    pub fn key(&self) -> &PrivateKey {
        &self.key
    }
}

/// Something that produces [`Credentials`] on demand.
///
/// The method returns a [`ProvideFuture`], which is ready at once for providers that need no
/// I/O and boxes a future for those that do, so the trait stays object-safe
/// (`Arc<dyn ProvideCredentials>`) and independent of any async runtime.
pub trait ProvideCredentials: Send + Sync + fmt::Debug {
    /// Credentials for the next signature.
    fn provide_credentials(&self) -> ProvideFuture<'_>;

    /// Tells the provider that OCI rejected a request signed with its current credentials
    /// (HTTP 401), so that the next call re-reads or refreshes them. The default does
    /// nothing, which is right for fixed keys.
    fn invalidate(&self) {}
}

impl ProvideCredentials for Credentials {
    fn provide_credentials(&self) -> ProvideFuture<'_> {
        ProvideFuture::ready(Ok(self.clone()))
    }
}

impl<T: ProvideCredentials + ?Sized> ProvideCredentials for Arc<T> {
    fn provide_credentials(&self) -> ProvideFuture<'_> {
        (**self).provide_credentials()
    }

    fn invalidate(&self) {
        (**self).invalidate();
    }
}

impl<T: ProvideCredentials + ?Sized> ProvideCredentials for Box<T> {
    fn provide_credentials(&self) -> ProvideFuture<'_> {
        (**self).provide_credentials()
    }

    fn invalidate(&self) {
        (**self).invalidate();
    }
}

type CredentialsResult = Result<Credentials, CredentialsError>;

/// The future returned by [`ProvideCredentials::provide_credentials`].
pub struct ProvideFuture<'a>(FutureState<'a>);

enum FutureState<'a> {
    Ready(Option<CredentialsResult>),
    Pending(Pin<Box<dyn Future<Output = CredentialsResult> + Send + 'a>>),
}

impl<'a> ProvideFuture<'a> {
    /// A future that is already complete (no allocation).
    pub fn ready(result: CredentialsResult) -> Self {
        Self(FutureState::Ready(Some(result)))
    }

    /// Wraps a future that does I/O.
    pub fn new(future: impl Future<Output = CredentialsResult> + Send + 'a) -> Self {
        Self(FutureState::Pending(Box::pin(future)))
    }
}

impl fmt::Debug for ProvideFuture<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self.0 {
            FutureState::Ready(_) => "ProvideFuture(ready)",
            FutureState::Pending(_) => "ProvideFuture(pending)",
        })
    }
}

impl Future for ProvideFuture<'_> {
    type Output = CredentialsResult;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match &mut self.0 {
            FutureState::Ready(result) => Poll::Ready(result.take().unwrap_or_else(|| {
                Err(CredentialsError::Provider {
                    message: "credentials future polled after it completed".into(),
                    source: None,
                })
            })),
            FutureState::Pending(future) => future.as_mut().poll(cx),
        }
    }
}
