//! Any bytes, read as an OCI event stream (SSE), through the chunk translator of each format:
//! it must never panic, and must be complete after `finish`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use oci_genai_client::sse::Decoder;
use oci_genai_client::wire::ChatStreamEvent;
use translate::{ApiFormat, ChunkTranslator, ResponseContext};

fuzz_target!(|data: &[u8]| {
    let Some((&flags, body)) = data.split_first() else {
        return;
    };
    let format = match flags % 3 {
        0 => ApiFormat::Generic,
        1 => ApiFormat::Cohere,
        _ => ApiFormat::CohereV2,
    };
    let mut ctx = ResponseContext::new("chatcmpl-fuzz", 0, "fuzz", format);
    ctx.include_usage = flags & 4 != 0;
    ctx.oci_usage_requested = flags & 8 != 0;
    ctx.choices = u32::from(flags >> 6) + 1;
    let mut translator = ChunkTranslator::new(ctx);
    let mut decoder = Decoder::new();
    let mut events: Vec<_> = decoder.push(body).collect();
    events.extend(decoder.finish());
    for event in events.into_iter().flatten() {
        let result = if event.is_done() {
            Ok(translator.push_done())
        } else if let Ok(event) = ChatStreamEvent::from_json(event.data().as_bytes()) {
            translator.push(&event)
        } else {
            continue;
        };
        if result.is_err() || translator.is_complete() {
            break;
        }
    }
    let _ = translator.finish();
    assert!(translator.is_complete());
});
