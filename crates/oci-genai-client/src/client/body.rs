//! Reading whole response bodies, within a size limit, and quoting them in
//! errors.

use bytes::{Bytes, BytesMut};
use http_body_util::BodyExt as _;

use super::transport::{ResponseBody, TransportError};

/// The largest successful body read whole. Embedding answers with every
/// vector type for 96 inputs stay well below it.
pub(crate) const MAX_BODY: usize = 64 * 1024 * 1024;

/// The largest error body read; the rest is dropped with the connection.
pub(crate) const MAX_ERROR_BODY: usize = 64 * 1024;

/// How much of a body an error quotes.
const SNIPPET_CHARS: usize = 200;

/// Why a body could not be read whole.
#[derive(Debug)]
pub(crate) enum ReadError {
    TooLarge,
    Transport(TransportError),
}

/// Reads `body` to the end, refusing more than `limit` bytes.
pub(crate) async fn read_to_end(mut body: ResponseBody, limit: usize) -> Result<Bytes, ReadError> {
    let mut collected = BytesMut::new();
    read_into(&mut body, limit, &mut collected).await?;
    Ok(collected.freeze())
}

/// Appends `body` to `collected` until its end, or until `collected` holds
/// `limit` bytes (then `TooLarge`, with the first `limit` bytes kept).
///
/// What was read stays in `collected` whatever ends the read, a failure or
/// the future being dropped by a timeout included, so that an error answer
/// cut short can still be quoted.
pub(crate) async fn read_into(
    body: &mut ResponseBody,
    limit: usize,
    collected: &mut BytesMut,
) -> Result<(), ReadError> {
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(ReadError::Transport)?;
        if let Ok(data) = frame.into_data() {
            let room = limit.saturating_sub(collected.len());
            if data.len() > room {
                collected.extend_from_slice(&data[..room]);
                return Err(ReadError::TooLarge);
            }
            collected.extend_from_slice(&data);
        }
    }
    Ok(())
}

/// The start of `bytes` as text, for an error message: invalid UTF-8 is
/// replaced, and a cut is marked with `…`.
pub(crate) fn snippet(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(&bytes[..bytes.len().min(SNIPPET_CHARS * 4)]);
    let mut chars = text.char_indices();
    match chars.nth(SNIPPET_CHARS) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None if bytes.len() > SNIPPET_CHARS * 4 => format!("{text}…"),
        None => text.into_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippets_are_short_and_marked_when_cut() {
        assert_eq!(snippet(b"{\"a\":"), "{\"a\":");
        assert_eq!(snippet(b""), "");
        let long = "é".repeat(500);
        let cut = snippet(long.as_bytes());
        assert_eq!(cut.chars().count(), SNIPPET_CHARS + 1);
        assert!(cut.ends_with('…'));
        assert_eq!(snippet(b"\xff\xfe"), "\u{fffd}\u{fffd}");
    }

    #[tokio::test]
    async fn reads_within_the_limit_only() {
        let body = ResponseBody::from_bytes(vec![b'x'; 100]);
        assert_eq!(
            read_to_end(body, 100).await.map(|b| b.len()).ok(),
            Some(100)
        );
        let body = ResponseBody::from_bytes(vec![b'x'; 101]);
        assert!(matches!(
            read_to_end(body, 100).await,
            Err(ReadError::TooLarge)
        ));
    }

    #[tokio::test]
    async fn a_body_over_the_limit_leaves_its_first_bytes() {
        let mut body = ResponseBody::from_bytes(b"0123456789".to_vec());
        let mut collected = BytesMut::new();
        assert!(matches!(
            read_into(&mut body, 4, &mut collected).await,
            Err(ReadError::TooLarge)
        ));
        assert_eq!(&collected[..], b"0123");
    }
}
