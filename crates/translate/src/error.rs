//! The one error type of the crate, and how it becomes an OpenAI error body.

use openai_types::error::{ErrorObject, ErrorResponse};

/// Why a translation failed.
///
/// Every variant names what the gateway needs to answer the client in OpenAI's terms:
/// [`status`](Self::status) is the HTTP status, [`param`](Self::param) fills OpenAI's `param`,
/// and [`to_error_response`](Self::to_error_response) builds the whole body. Nothing here is
/// logged: the gateway decides.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TranslateError {
    /// The client asked for a model that is neither an alias nor an OCI model id (HTTP 404).
    #[error("the model `{model}` is not an alias of this gateway nor an OCI model id")]
    UnknownModel {
        /// The name the client sent.
        model: String,
        /// The aliases the gateway knows, sorted, for the error message.
        aliases: Vec<String>,
    },
    /// The request uses something OCI cannot express and that would change the meaning of the
    /// request if it were dropped (HTTP 400).
    #[error("`{param}` is not supported: {reason}")]
    Unsupported {
        /// The request field, in OpenAI's spelling (`n`, `messages[2].content[1]`).
        param: String,
        /// Why, for the client.
        reason: String,
    },
    /// The request is inconsistent (HTTP 400), e.g. a tool result answering no earlier call.
    #[error("`{param}` is invalid: {reason}")]
    Invalid {
        /// The request field, in OpenAI's spelling.
        param: String,
        /// Why, for the client.
        reason: String,
    },
    /// OCI answered with success but reported an error in the answer itself (a Cohere
    /// `finishReason: "ERROR"` or `errorMessage`), HTTP 502.
    #[error("the OCI answer reports an error: {message}")]
    Upstream {
        /// OCI's message, or a description when it gave none.
        message: String,
    },
    /// The OCI stream ended before its answer was complete (no finish event, no `[DONE]`),
    /// HTTP 502; raised by [`ChunkTranslator::finish`](crate::ChunkTranslator::finish).
    #[error("the OCI stream ended before the answer was complete")]
    Truncated,
}

impl TranslateError {
    /// The HTTP status to answer with: 404 for an unknown model, 400 for a request OCI cannot
    /// take, 502 for an error OCI reported in its answer.
    #[must_use]
    pub fn status(&self) -> u16 {
        match self {
            Self::UnknownModel { .. } => 404,
            Self::Unsupported { .. } | Self::Invalid { .. } => 400,
            Self::Upstream { .. } | Self::Truncated => 502,
        }
    }

    /// The request field at fault, in OpenAI's spelling, for OpenAI's `param`.
    #[must_use]
    pub fn param(&self) -> Option<&str> {
        match self {
            Self::UnknownModel { .. } => Some("model"),
            Self::Unsupported { param, .. } | Self::Invalid { param, .. } => Some(param),
            Self::Upstream { .. } | Self::Truncated => None,
        }
    }

    /// The OpenAI error body and HTTP status for this error.
    ///
    /// ```
    /// use translate::{ModelCatalog, TranslateError};
    ///
    /// let error = ModelCatalog::default().resolve("gpt-4.1").unwrap_err();
    /// let (status, body) = error.to_error_response();
    /// assert_eq!(status, 404);
    /// assert_eq!(body.error.code.as_deref(), Some("model_not_found"));
    /// assert!(body.error.message.contains("`gpt-5`"));
    /// ```
    #[must_use]
    pub fn to_error_response(&self) -> (u16, ErrorResponse) {
        let object = match self {
            Self::UnknownModel { model, aliases } => {
                let known = if aliases.is_empty() {
                    "This gateway has no aliases".to_owned()
                } else {
                    format!(
                        "Aliases of this gateway: {}",
                        aliases
                            .iter()
                            .map(|alias| format!("`{alias}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                };
                ErrorObject::new(
                    format!(
                        "The model `{model}` does not exist or you do not have access to it. \
                         {known}; OCI model ids such as `meta.llama-3.3-70b-instruct` are \
                         passed through."
                    ),
                    ErrorObject::INVALID_REQUEST_ERROR,
                )
                .with_param("model")
                .with_code("model_not_found")
            }
            Self::Unsupported { param, .. } => {
                ErrorObject::invalid_request(self.to_string(), Some(param))
                    .with_code("unsupported_parameter")
            }
            Self::Invalid { param, .. } => {
                ErrorObject::invalid_request(self.to_string(), Some(param))
                    .with_code("invalid_value")
            }
            Self::Upstream { .. } | Self::Truncated => {
                ErrorObject::server_error(self.to_string()).with_code("upstream_error")
            }
        };
        (self.status(), ErrorResponse::from(object))
    }

    pub(crate) fn unsupported(param: impl Into<String>, reason: impl Into<String>) -> Self {
        Self::Unsupported {
            param: param.into(),
            reason: reason.into(),
        }
    }

    pub(crate) fn invalid(param: impl Into<String>, reason: impl Into<String>) -> Self {
        Self::Invalid {
            param: param.into(),
            reason: reason.into(),
        }
    }
}
