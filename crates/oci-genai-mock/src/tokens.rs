//! The mock's notion of a token: a run of non-whitespace characters (a word).
//!
//! Usage counts, `maxTokens` and stream deltas all use it, so what the mock
//! reports is exactly what it sent: a streamed answer has one delta per
//! token, and its deltas joined give back the text byte for byte.

/// How many tokens `text` has.
pub(crate) fn count(text: &str) -> u32 {
    u32::try_from(text.split_whitespace().count()).unwrap_or(u32::MAX)
}

/// `text` cut into one piece per token: each piece is a word with the
/// whitespace before it (the first also with any leading whitespace, the last
/// also with any trailing whitespace). The pieces joined are `text`.
pub(crate) fn pieces(text: &str) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut in_word = false;
    let mut space_after_word = None;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            if in_word {
                in_word = false;
                space_after_word = Some(i);
            }
        } else if !in_word {
            in_word = true;
            if let Some(end) = space_after_word.take() {
                pieces.push(&text[start..end]);
                start = end;
            }
        }
    }
    if start < text.len() {
        pieces.push(&text[start..]);
    }
    pieces
}

/// The first `max` tokens of `text`, and whether anything was cut.
pub(crate) fn truncate(text: &str, max: u32) -> (&str, bool) {
    let pieces = pieces(text);
    let max = usize::try_from(max).unwrap_or(usize::MAX);
    if pieces.len() <= max {
        return (text, false);
    }
    let end: usize = pieces[..max].iter().map(|piece| piece.len()).sum();
    (&text[..end], true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_rejoin_to_the_text_and_match_the_count() {
        for text in [
            "It is 18 °C in Paris",
            "  leading and trailing  ",
            "new\nlines\tand  runs",
            "one",
            "",
            "   ",
        ] {
            let pieces = pieces(text);
            assert_eq!(pieces.concat(), text, "{text:?}");
            if count(text) > 0 {
                assert_eq!(pieces.len() as u32, count(text), "{text:?}");
            }
        }
        assert_eq!(pieces("It is 18"), ["It", " is", " 18"]);
    }

    #[test]
    fn truncate_keeps_whole_tokens() {
        assert_eq!(truncate("a bb ccc dddd", 2), ("a bb", true));
        assert_eq!(truncate("a bb", 2), ("a bb", false));
        assert_eq!(truncate("a bb", 0), ("", true));
        assert_eq!(count(truncate("x y z w", 3).0), 3);
    }
}
