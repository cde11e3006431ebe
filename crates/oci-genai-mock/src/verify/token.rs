//! The `ST$<token>` key id: a JWT whose `exp` says until when it is valid.
//!
//! Only the expiry is read. The token's own signature is OCI's identity
//! service's business and cannot be checked here; the request signature,
//! checked against the trusted keys, is what authenticates the caller.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Map, Value};

use super::error::AuthError;

/// The `exp` claim (seconds since the Unix epoch) of a JWT.
pub(crate) fn expiry(token: &str) -> Result<i64, AuthError> {
    let mut segments = token.split('.');
    let (Some(_header), Some(payload), Some(_signature), None) = (
        segments.next(),
        segments.next(),
        segments.next(),
        segments.next(),
    ) else {
        return Err(AuthError::InvalidToken {
            reason: "not three dot-separated segments",
        });
    };
    let payload = URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .map_err(|_| AuthError::InvalidToken {
            reason: "the payload is not base64url",
        })?;
    let claims: Map<String, Value> =
        serde_json::from_slice(&payload).map_err(|_| AuthError::InvalidToken {
            reason: "the payload is not a JSON object of claims",
        })?;
    match claims.get("exp") {
        None => Err(AuthError::InvalidToken {
            reason: "no exp claim",
        }),
        Some(Value::Number(exp)) => exp
            .as_i64()
            .or_else(|| exp.as_f64().map(|seconds| seconds.floor() as i64))
            .ok_or(AuthError::InvalidToken {
                reason: "exp is not a number of seconds",
            }),
        Some(_) => Err(AuthError::InvalidToken {
            reason: "exp is not a number of seconds",
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jwt(claims: &str) -> String {
        format!(
            "eyJhbGciOiJSUzI1NiJ9.{}.c2ln",
            URL_SAFE_NO_PAD.encode(claims)
        )
    }

    #[test]
    fn reads_exp() {
        assert_eq!(
            expiry(&jwt(r#"{"sub":"u","exp":4102444800}"#)),
            Ok(4_102_444_800)
        );
        assert_eq!(expiry(&jwt(r#"{"exp":1.5e9}"#)), Ok(1_500_000_000));
    }

    #[test]
    fn padded_payloads_are_accepted() {
        let padded = format!(
            "h.{}.s",
            base64::engine::general_purpose::URL_SAFE.encode(r#"{"exp":7}"#)
        );
        assert_eq!(expiry(&padded), Ok(7));
    }

    #[test]
    fn malformed_tokens_say_why() {
        for (token, reason) in [
            ("abc", "not three dot-separated segments"),
            ("a.b.c.d", "not three dot-separated segments"),
            ("a.!!!.c", "the payload is not base64url"),
            (&jwt("[1]"), "the payload is not a JSON object of claims"),
            (&jwt(r#"{"sub":"u"}"#), "no exp claim"),
            (&jwt(r#"{"exp":"soon"}"#), "exp is not a number of seconds"),
        ] {
            assert_eq!(
                expiry(token),
                Err(AuthError::InvalidToken { reason }),
                "{token}"
            );
        }
    }
}
