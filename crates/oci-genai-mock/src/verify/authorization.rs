//! The `authorization` header: `Signature version="1",keyId="…",algorithm="rsa-sha256",headers="…",signature="…"`.
//!
//! Parameters may come in any order (the Python and Go SDKs use different
//! ones); unknown parameters are ignored, as draft-cavage-http-signatures
//! asks.

use super::error::AuthError;

/// The parameters of a `Signature` authorization header.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Authorization<'a> {
    pub(crate) key_id: &'a str,
    pub(crate) algorithm: Option<&'a str>,
    /// The space-separated signed header names, as sent.
    pub(crate) headers: Option<&'a str>,
    pub(crate) signature: &'a str,
    pub(crate) version: Option<&'a str>,
}

fn malformed(reason: &'static str) -> AuthError {
    AuthError::MalformedAuthorization { reason }
}

/// Parses the header value.
pub(crate) fn parse(value: &str) -> Result<Authorization<'_>, AuthError> {
    let (scheme, mut rest) = value
        .split_once(' ')
        .ok_or(malformed("expected `Signature` and parameters"))?;
    if !scheme.eq_ignore_ascii_case("Signature") {
        return Err(malformed("the scheme is not `Signature`"));
    }
    let mut key_id = None;
    let mut signature = None;
    let mut parsed = Authorization::default();
    loop {
        rest = rest.trim_start_matches([' ', ',']);
        if rest.is_empty() {
            break;
        }
        let (name, after_name) = rest
            .split_once('=')
            .ok_or(malformed("a parameter has no `=`"))?;
        let quoted = after_name
            .strip_prefix('"')
            .ok_or(malformed("a parameter value is not quoted"))?;
        let (value, after_value) = quoted
            .split_once('"')
            .ok_or(malformed("a parameter value has no closing quote"))?;
        let slot = match name.trim() {
            "keyId" => &mut key_id,
            "signature" => &mut signature,
            "algorithm" => &mut parsed.algorithm,
            "headers" => &mut parsed.headers,
            "version" => &mut parsed.version,
            _ => {
                rest = after_value;
                continue;
            }
        };
        if slot.replace(value).is_some() {
            return Err(malformed("a parameter appears twice"));
        }
        rest = after_value;
    }
    parsed.key_id = key_id.ok_or(malformed("no keyId"))?;
    parsed.signature = signature.ok_or(malformed("no signature"))?;
    Ok(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_parameter_in_any_order() {
        let python = r#"Signature algorithm="rsa-sha256",headers="date (request-target) host",keyId="t/u/f",signature="c2ln",version="1""#;
        let go = r#"Signature version="1",headers="date (request-target) host",keyId="t/u/f",algorithm="rsa-sha256",signature="c2ln""#;
        let expected = Authorization {
            key_id: "t/u/f",
            algorithm: Some("rsa-sha256"),
            headers: Some("date (request-target) host"),
            signature: "c2ln",
            version: Some("1"),
        };
        assert_eq!(parse(python), Ok(expected));
        assert_eq!(parse(go).unwrap().key_id, "t/u/f");
    }

    #[test]
    fn tolerates_spaces_and_unknown_parameters() {
        let value = r#"signature keyId="k", extra="x",  signature="s""#;
        let parsed = parse(value).unwrap();
        assert_eq!((parsed.key_id, parsed.signature), ("k", "s"));
        assert_eq!(parsed.algorithm, None);
    }

    #[test]
    fn malformed_headers_say_why() {
        for (value, reason) in [
            ("Signature", "expected `Signature` and parameters"),
            (r#"Bearer keyId="k""#, "the scheme is not `Signature`"),
            ("Signature keyId", "a parameter has no `=`"),
            ("Signature keyId=k", "a parameter value is not quoted"),
            (
                r#"Signature keyId="k"#,
                "a parameter value has no closing quote",
            ),
            (
                r#"Signature keyId="k",keyId="j",signature="s""#,
                "a parameter appears twice",
            ),
            (r#"Signature signature="s""#, "no keyId"),
            (r#"Signature keyId="k""#, "no signature"),
        ] {
            assert_eq!(parse(value), Err(malformed(reason)), "{value}");
        }
    }
}
