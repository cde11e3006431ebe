//! Reading a JSON request body and answering mistakes the way OCI does:
//! `CannotParseRequest` for bytes that are not JSON, `MissingParameter` for a
//! missing required field, `InvalidParameter` for anything else that does not
//! fit.

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::api_error::ApiError;

/// Parses `body` as `T`, whose top-level `required` fields must be present.
pub(crate) fn parse<T: DeserializeOwned>(body: &[u8], required: &[&str]) -> Result<T, ApiError> {
    let error = match serde_json::from_slice::<T>(body) {
        Ok(parsed) => return Ok(parsed),
        Err(error) => error,
    };
    if error.is_syntax() || error.is_eof() {
        return Err(ApiError::cannot_parse(&error.to_string()));
    }
    // Only on this error path is the body parsed a second time, untyped, to
    // name the missing field.
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(object)) => {
            if let Some(name) = required
                .iter()
                .find(|name| object.get(**name).is_none_or(Value::is_null))
            {
                return Err(ApiError::missing_parameter(name));
            }
            Err(ApiError::invalid_parameter(format!(
                "The request body is invalid: {error}"
            )))
        }
        _ => Err(ApiError::invalid_parameter(
            "The request body must be a JSON object.",
        )),
    }
}

#[cfg(test)]
mod tests {
    use oci_genai_client::wire::ChatDetails;

    use super::*;

    const REQUIRED: &[&str] = &["compartmentId", "servingMode", "chatRequest"];

    fn code(body: &str) -> String {
        parse::<ChatDetails>(body.as_bytes(), REQUIRED)
            .unwrap_err()
            .code
            .into_owned()
    }

    #[test]
    fn each_mistake_gets_ocis_code() {
        assert_eq!(code("{not json"), "CannotParseRequest");
        assert_eq!(code(""), "CannotParseRequest");
        assert_eq!(code("[1, 2]"), "InvalidParameter");
        assert_eq!(
            code(
                r#"{"servingMode":{"servingType":"ON_DEMAND","modelId":"m"},"chatRequest":{"apiFormat":"GENERIC"}}"#
            ),
            "MissingParameter"
        );
        assert_eq!(
            code(
                r#"{"compartmentId":"c","servingMode":{"servingType":"ON_DEMAND","modelId":"m"},"chatRequest":{"apiFormat":"GENERIC","maxTokens":"many"}}"#
            ),
            "InvalidParameter"
        );
    }

    #[test]
    fn the_missing_parameter_is_named() {
        let error = parse::<ChatDetails>(
            br#"{"compartmentId":"c","chatRequest":{"apiFormat":"GENERIC"}}"#,
            REQUIRED,
        )
        .unwrap_err();
        assert!(error.message.contains("servingMode"), "{}", error.message);
    }

    #[test]
    fn good_bodies_parse() {
        let details: ChatDetails = parse(
            br#"{"compartmentId":"c","servingMode":{"servingType":"ON_DEMAND","modelId":"m"},"chatRequest":{"apiFormat":"GENERIC","messages":[]}}"#,
            REQUIRED,
        )
        .unwrap();
        assert_eq!(details.compartment_id, "c");
    }
}
