//! Finding one of two bytes quickly, without `unsafe` or extra dependencies:
//! the streaming path looks for line ends in every SSE chunk and for the
//! `apiFormat` key in every event.

/// The index of the first byte in `haystack` equal to `a` or `b`, looking at
/// eight bytes at a time.
pub(crate) fn find_either(haystack: &[u8], a: u8, b: u8) -> Option<usize> {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
    let splat_a = u64::from_ne_bytes([a; 8]);
    let splat_b = u64::from_ne_bytes([b; 8]);

    let (words, rest) = haystack.as_chunks::<8>();
    for (i, word) in words.iter().enumerate() {
        let word = u64::from_le_bytes(*word);
        let xa = word ^ splat_a;
        let xb = word ^ splat_b;
        // A byte of `x` is zero exactly where `x.wrapping_sub(ONES) & !x`
        // has its high bit set, counting from the lowest byte up: a borrow
        // can only flag bytes above a true zero, never below it.
        let found = ((xa.wrapping_sub(ONES) & !xa) | (xb.wrapping_sub(ONES) & !xb)) & HIGHS;
        if found != 0 {
            return Some(i * 8 + (found.trailing_zeros() / 8) as usize);
        }
    }
    let offset = words.len() * 8;
    rest.iter()
        .position(|&byte| byte == a || byte == b)
        .map(|i| offset + i)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn naive(haystack: &[u8], a: u8, b: u8) -> Option<usize> {
        haystack.iter().position(|&byte| byte == a || byte == b)
    }

    #[test]
    fn matches_a_plain_scan_at_every_position() {
        for len in 0..40 {
            for (a, b) in [(b'\n', b'\r'), (b'F', b'\\'), (0x00, 0xFF), (0x80, 0x7F)] {
                // Fill with bytes just around the targets, which are the
                // ones a borrow could confuse.
                let filler: Vec<u8> = (0..len)
                    .map(|i| {
                        [
                            a.wrapping_add(1),
                            b.wrapping_add(1),
                            a.wrapping_sub(1),
                            0x80,
                        ][i % 4]
                    })
                    .filter(|&x| x != a && x != b)
                    .collect();
                assert_eq!(find_either(&filler, a, b), None);
                for i in 0..filler.len() {
                    for target in [a, b] {
                        let mut bytes = filler.clone();
                        bytes[i] = target;
                        assert_eq!(find_either(&bytes, a, b), naive(&bytes, a, b));
                        assert_eq!(find_either(&bytes, a, b), Some(i));
                    }
                }
            }
        }
    }

    #[test]
    fn every_byte_value() {
        let all: Vec<u8> = (0..=255).collect();
        for a in 0..=255u8 {
            assert_eq!(find_either(&all, a, a), Some(usize::from(a)));
            let b = a.wrapping_add(3);
            assert_eq!(find_either(&all, a, b), naive(&all, a, b));
        }
    }
}
