//! The decoder gives the same events however the bytes are split, and
//! whatever framing variant the server uses.

use oci_genai_client::sse::{Decoder, Event};
use oci_genai_client::wire::ChatStreamEvent;
use proptest::prelude::*;

use crate::support::{SSE_FIXTURES, decode, decode_chunks, sse};

fn all_fixtures() -> Vec<(&'static str, Vec<u8>)> {
    SSE_FIXTURES.iter().map(|name| (*name, sse(name))).collect()
}

#[test]
fn fixtures_decode_to_one_event_per_data_line() {
    for (name, body) in all_fixtures() {
        let text = std::str::from_utf8(&body).unwrap();
        let expected: Vec<&str> = text
            .lines()
            .filter_map(|line| line.strip_prefix("data: "))
            .collect();
        let events = decode(&body);
        let data: Vec<&str> = events.iter().map(Event::data).collect();
        assert_eq!(data, expected, "{name}");
        assert!(!events.is_empty());
    }
}

#[test]
fn split_at_every_byte_offset() {
    for (name, body) in all_fixtures() {
        let reference = decode(&body);
        for split in 0..=body.len() {
            let (a, b) = body.split_at(split);
            assert_eq!(decode_chunks([a, b]), reference, "{name} split at {split}");
        }
    }
}

#[test]
fn split_at_every_pair_of_offsets_in_a_short_capture() {
    let body = sse("cohere-v2-text.sse");
    let reference = decode(&body);
    for i in 0..=body.len() {
        for j in i..=body.len() {
            let chunks = [&body[..i], &body[i..j], &body[j..]];
            assert_eq!(decode_chunks(chunks), reference, "split at {i} and {j}");
        }
    }
}

#[test]
fn single_bytes() {
    for (name, body) in all_fixtures() {
        let reference = decode(&body);
        assert_eq!(decode_chunks(body.chunks(1)), reference, "{name}");
    }
}

/// Rewrites a capture with other (valid) framing choices.
fn variants(body: &[u8]) -> Vec<(&'static str, Vec<u8>)> {
    let text = std::str::from_utf8(body).unwrap();
    let mut out = vec![
        ("crlf", text.replace('\n', "\r\n").into_bytes()),
        ("cr", text.replace('\n', "\r").into_bytes()),
        ("bom", [&b"\xEF\xBB\xBF"[..], body].concat()),
        (
            "no space after data:",
            text.replace("data: ", "data:").into_bytes(),
        ),
        (
            "comments, other fields and extra blank lines",
            text.replace(
                "\n\n",
                "\n: keep-alive\nevent: message\nid: 1\nretry: 3000\n\n\n",
            )
            .into_bytes(),
        ),
        (
            "no final blank line",
            format!("{}\n", text.trim_end_matches('\n')).into_bytes(),
        ),
        (
            "no final line end",
            text.trim_end_matches('\n').as_bytes().to_vec(),
        ),
    ];
    // Line ends mixed within one stream.
    let mixed: String = text
        .split("\n\n")
        .enumerate()
        .map(|(i, event)| {
            let sep = ["\n\n", "\r\n\r\n", "\r\r", "\n\r\n"][i % 4];
            format!("{event}{sep}")
        })
        .collect();
    out.push(("mixed line ends", mixed.into_bytes()));
    out
}

#[test]
fn framing_variants_decode_identically() {
    for (name, body) in all_fixtures() {
        let reference = decode(&body);
        for (variant, bytes) in variants(&body) {
            assert_eq!(decode(&bytes), reference, "{name}: {variant}");
            // Split inside `\r\n` and everywhere else too.
            for split in 0..=bytes.len() {
                let (a, b) = bytes.split_at(split);
                assert_eq!(
                    decode_chunks([a, b]),
                    reference,
                    "{name}: {variant}, split at {split}"
                );
            }
        }
    }
}

#[test]
fn an_event_split_into_several_data_lines_is_joined() {
    let body = b"data: {\"index\":0,\ndata: \"finishReason\":\"stop\"}\n\n";
    let events = decode(body);
    assert_eq!(
        events,
        [Event::new("{\"index\":0,\n\"finishReason\":\"stop\"}")]
    );
    let event = ChatStreamEvent::from_json(events[0].data().as_bytes()).unwrap();
    assert_eq!(event.finish_reason(), Some("stop"));
}

#[test]
fn oversized_event_is_reported_and_the_stream_goes_on() {
    let body = sse("meta-llama-text.sse");
    // A limit that only the longest events exceed.
    let events = decode(&body);
    let longest = events.iter().map(|e| e.data().len()).max().unwrap();
    let mut decoder = Decoder::with_max_event_size(longest - 1);
    let mut results: Vec<_> = decoder.push(&body).collect();
    results.extend(decoder.finish());
    let errors = results.iter().filter(|r| r.is_err()).count();
    let too_long = events.iter().filter(|e| e.data().len() == longest).count();
    assert_eq!(errors, too_long);
    assert_eq!(results.len(), events.len());
    let kept: Vec<_> = results.into_iter().filter_map(Result::ok).collect();
    let expected: Vec<_> = events
        .into_iter()
        .filter(|e| e.data().len() < longest)
        .collect();
    assert_eq!(kept, expected);
}

fn chunked(body: &[u8], cuts: &[usize]) -> Vec<Vec<u8>> {
    let mut points: Vec<usize> = cuts.iter().map(|c| c % (body.len() + 1)).collect();
    points.sort_unstable();
    let mut chunks = Vec::new();
    let mut start = 0;
    for point in points {
        chunks.push(body[start..point].to_vec());
        start = point;
    }
    chunks.push(body[start..].to_vec());
    chunks
}

/// Decodes without asserting success, keeping errors.
fn decode_results(chunks: &[Vec<u8>]) -> Vec<Result<Event, String>> {
    let mut decoder = Decoder::with_max_event_size(64);
    let mut out = Vec::new();
    for chunk in chunks {
        out.extend(decoder.push(chunk).map(|r| r.map_err(|e| e.to_string())));
    }
    out.extend(decoder.finish().map(|r| r.map_err(|e| e.to_string())));
    out
}

fn sse_like_bytes() -> impl Strategy<Value = Vec<u8>> {
    // Bytes biased towards the characters that matter to the parser.
    let piece = prop_oneof![
        Just(b"data:".to_vec()),
        Just(b"data: ".to_vec()),
        Just(b"data".to_vec()),
        Just(b"event: x".to_vec()),
        Just(b":".to_vec()),
        Just(b"\n".to_vec()),
        Just(b"\r".to_vec()),
        Just(b"\r\n".to_vec()),
        Just(b"\xEF\xBB\xBF".to_vec()),
        Just("°☔😀".as_bytes().to_vec()),
        Just(b"[DONE]".to_vec()),
        prop::collection::vec(any::<u8>(), 0..16),
    ];
    prop::collection::vec(piece, 0..40).prop_map(|pieces| pieces.concat())
}

proptest! {
    #[test]
    fn arbitrary_bytes_never_panic_and_chunking_does_not_matter(
        body in prop::collection::vec(any::<u8>(), 0..512),
        cuts in prop::collection::vec(any::<usize>(), 0..8),
    ) {
        let whole = decode_results(std::slice::from_ref(&body));
        let parts = decode_results(&chunked(&body, &cuts));
        prop_assert_eq!(&parts, &whole);
        for event in whole.into_iter().flatten() {
            // Parsing any decoded payload never panics either.
            let _ = ChatStreamEvent::from_json(event.data().as_bytes());
        }
    }

    #[test]
    fn sse_like_bytes_chunk_independently(
        body in sse_like_bytes(),
        cuts in prop::collection::vec(any::<usize>(), 0..8),
    ) {
        let whole = decode_results(std::slice::from_ref(&body));
        let single: Vec<Vec<u8>> = body.iter().map(|b| vec![*b]).collect();
        prop_assert_eq!(&decode_results(&chunked(&body, &cuts)), &whole);
        prop_assert_eq!(&decode_results(&single), &whole);
    }

    #[test]
    fn fixtures_chunk_independently(
        index in 0..SSE_FIXTURES.len(),
        cuts in prop::collection::vec(any::<usize>(), 0..24),
    ) {
        let body = sse(SSE_FIXTURES[index]);
        let chunks = chunked(&body, &cuts);
        prop_assert_eq!(decode_chunks(chunks.iter().map(Vec::as_slice)), decode(&body));
    }

    #[test]
    fn encoded_events_decode_to_their_data(
        data in prop::collection::vec("[^\r\n]*", 1..4),
        cuts in prop::collection::vec(any::<usize>(), 0..4),
    ) {
        let events: Vec<Event> = data.iter().map(Event::new).collect();
        let body: String = events.iter().map(Event::encode).collect();
        let chunks = chunked(body.as_bytes(), &cuts);
        prop_assert_eq!(decode_chunks(chunks.iter().map(Vec::as_slice)), events);
    }

    #[test]
    fn arbitrary_payloads_never_panic_the_event_parser(payload in prop::collection::vec(any::<u8>(), 0..256)) {
        let _ = ChatStreamEvent::from_json(&payload);
    }
}
