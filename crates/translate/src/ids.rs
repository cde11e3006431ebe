//! Tool-call ids for calls OCI sent without one.

use std::fmt::Write as _;

/// A tool-call id for a call OCI sent without one: `call_<16 hex digits>_<index>`, the hex
/// digits a 64-bit FNV-1a hash of the completion id. The same completion id and position give
/// the same id, in a stream and in a non-streamed answer alike; nothing random is involved.
#[must_use]
pub fn synthesized_call_id(completion_id: &str, index: usize) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in completion_id.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    let mut id = String::with_capacity(26);
    // Writing to a String cannot fail.
    let _ = write!(id, "call_{hash:016x}_{index}");
    id
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_stable_and_distinct() {
        let a = synthesized_call_id("chatcmpl-abc", 0);
        assert_eq!(a, synthesized_call_id("chatcmpl-abc", 0));
        assert_ne!(a, synthesized_call_id("chatcmpl-abc", 1));
        assert_ne!(a, synthesized_call_id("chatcmpl-abd", 0));
        assert!(a.starts_with("call_") && a.ends_with("_0") && a.len() == 23);
    }
}
