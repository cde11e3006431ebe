//! A sans-IO decoder for `text/event-stream` bodies.
//!
//! Feed it the body bytes as they arrive, in chunks of any size, and it hands
//! back each complete event:
//!
//! ```
//! use oci_genai_client::sse::Decoder;
//!
//! let mut decoder = Decoder::new();
//! let mut data = Vec::new();
//! for chunk in [&b"data: {\"a\""[..], b":1}\n\ndata: [DO", b"NE]\n\n"] {
//!     for event in decoder.push(chunk) {
//!         data.push(event?.into_data());
//!     }
//! }
//! for event in decoder.finish() {
//!     data.push(event?.into_data());
//! }
//! assert_eq!(data, ["{\"a\":1}", "[DONE]"]);
//! # Ok::<(), oci_genai_client::sse::DecodeError>(())
//! ```
//!
//! It follows the WHATWG event-stream format as far as a client of OCI needs:
//!
//! * lines end in `\n`, `\r\n` or `\r`, and a chunk may end anywhere, even
//!   between `\r` and `\n` or inside a multi-byte UTF-8 character;
//! * a UTF-8 byte order mark at the start of the stream is dropped;
//! * a blank line ends an event; an event is dispatched only if it had at least
//!   one `data` field; its data lines are joined with `\n`;
//! * `data:` may or may not be followed by one space, which is dropped; a line
//!   that is just `data` adds an empty data line;
//! * comment lines (`:` keep-alives) and every other field (`event`, `id`,
//!   `retry`, unknown names) are skipped without being buffered;
//! * [`Decoder::finish`] dispatches a last event that had no blank line after
//!   it (the WHATWG algorithm would drop it; OCI streams that stop without one
//!   would otherwise lose their final event);
//! * invalid UTF-8 in data becomes U+FFFD, as the WHATWG decoder does.
//!
//! # Memory and speed
//!
//! The decoder holds at most one incomplete event: the data of the event being
//! read, capped by [`Decoder::with_max_event_size`] (16 MiB by default). Lines
//! that are skipped are never buffered, so a huge comment costs nothing. Data
//! is copied in bulk between line ends, which are found eight bytes at a time;
//! each complete event costs one allocation, for its `String`.

use std::collections::VecDeque;
use std::fmt;

/// The default for [`Decoder::with_max_event_size`]: 16 MiB.
pub const DEFAULT_MAX_EVENT_SIZE: usize = 16 * 1024 * 1024;

/// After an event this large, the data buffer is released rather than kept
/// for the next event.
const RETAINED_CAPACITY: usize = 64 * 1024;

const BOM: &[u8; 3] = b"\xEF\xBB\xBF";

/// One server-sent event: its data, with data lines joined by `\n`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Event {
    data: String,
}

impl Event {
    /// An event with the given data.
    pub fn new(data: impl Into<String>) -> Self {
        Self { data: data.into() }
    }

    /// The data of the event.
    pub fn data(&self) -> &str {
        &self.data
    }

    /// The data of the event, owned.
    pub fn into_data(self) -> String {
        self.data
    }

    /// Whether this is the `[DONE]` sentinel that ends some streams (not JSON).
    /// Surrounding ASCII whitespace is ignored.
    pub fn is_done(&self) -> bool {
        self.data.trim_ascii() == "[DONE]"
    }

    /// The event in wire form: one `data: ` line per line of data, then a
    /// blank line. Line breaks in the data (`\n`, `\r\n`, `\r`) become line
    /// boundaries, so they decode back as `\n`.
    ///
    /// ```
    /// use oci_genai_client::sse::Event;
    ///
    /// assert_eq!(Event::new("{}").encode(), "data: {}\n\n");
    /// assert_eq!(Event::new("a\nb").encode(), "data: a\ndata: b\n\n");
    /// ```
    pub fn encode(&self) -> String {
        let mut out = String::with_capacity(self.data.len() + 8);
        let mut rest = self.data.as_str();
        loop {
            let end = rest.find(['\r', '\n']).unwrap_or(rest.len());
            out.push_str("data: ");
            out.push_str(&rest[..end]);
            out.push('\n');
            let Some(sep) = rest[end..].chars().next() else {
                break;
            };
            let mut next = end + 1;
            if sep == '\r' && rest[next..].starts_with('\n') {
                next += 1;
            }
            rest = &rest[next..];
        }
        out.push('\n');
        out
    }
}

impl fmt::Display for Event {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.data)
    }
}

/// An error while decoding an event stream.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DecodeError {
    /// The data of one event grew past the limit set with
    /// [`Decoder::with_max_event_size`]. The decoder dropped that event and
    /// goes on with the next one; a client should usually abort the stream.
    #[error("server-sent event data exceeds {limit} bytes")]
    EventTooLarge {
        /// The limit in bytes.
        limit: usize,
    },
}

/// Where the decoder is within the current line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Line {
    /// At the start of a line.
    Start,
    /// In the field name; this many bytes of `data` matched so far (1..=4).
    Field(u8),
    /// Just after `data:`: one space here is dropped.
    DataValueStart,
    /// In the value of a `data` line.
    DataValue,
    /// In a line that is skipped: a comment or another field.
    Skip,
}

/// Whether the start of the stream was checked for a byte order mark.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Bom {
    /// This many bytes of a BOM were seen at the very start (0..=2).
    Checking(u8),
    Done,
}

/// A sans-IO `text/event-stream` decoder. See the [module docs](self).
#[derive(Clone)]
pub struct Decoder {
    /// The data of the event being read, data lines joined with `\n`.
    data: Vec<u8>,
    /// Whether the event being read has a `data` field yet.
    has_data: bool,
    /// Dropping the rest of an event that grew too large.
    discarding: bool,
    line: Line,
    /// The last byte was a `\r` that ended a line, so a `\n` right after it
    /// belongs to the same line end.
    after_cr: bool,
    bom: Bom,
    max_event_size: usize,
    ready: VecDeque<Result<Event, DecodeError>>,
}

impl fmt::Debug for Decoder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Decoder")
            .field("buffered", &self.data.len())
            .field("has_data", &self.has_data)
            .field("discarding", &self.discarding)
            .field("line", &self.line)
            .field("max_event_size", &self.max_event_size)
            .field("ready", &self.ready.len())
            .finish()
    }
}

impl Default for Decoder {
    fn default() -> Self {
        Self::new()
    }
}

impl Decoder {
    /// A decoder with the default event size limit ([`DEFAULT_MAX_EVENT_SIZE`]).
    pub fn new() -> Self {
        Self::with_max_event_size(DEFAULT_MAX_EVENT_SIZE)
    }

    /// A decoder that refuses events whose data (line separators included)
    /// is longer than `max_event_size` bytes.
    pub fn with_max_event_size(max_event_size: usize) -> Self {
        Self {
            data: Vec::new(),
            has_data: false,
            discarding: false,
            line: Line::Start,
            after_cr: false,
            bom: Bom::Checking(0),
            max_event_size,
            ready: VecDeque::new(),
        }
    }

    /// The event size limit in bytes.
    pub fn max_event_size(&self) -> usize {
        self.max_event_size
    }

    /// Decodes `bytes` and returns the events they complete, in order.
    ///
    /// The iterator yields `Err` for an event that was too large (see
    /// [`DecodeError::EventTooLarge`]); later events still follow. Events
    /// left in the iterator when it is dropped are returned by the next call.
    pub fn push(&mut self, bytes: &[u8]) -> Events<'_> {
        let mut input = bytes;
        if let Bom::Checking(seen) = self.bom {
            let mut seen = usize::from(seen);
            let mut used = 0;
            while seen < BOM.len() && used < input.len() && input[used] == BOM[seen] {
                seen += 1;
                used += 1;
            }
            if seen == BOM.len() {
                self.bom = Bom::Done;
                input = &input[used..];
            } else if used == input.len() {
                // Still a possible BOM; wait for more bytes. `seen` < 3.
                self.bom = Bom::Checking(seen as u8);
                input = &[];
            } else {
                // Not a BOM after all: the bytes held back are data.
                self.bom = Bom::Done;
                self.feed(&BOM[..seen]);
                input = &input[used..];
            }
        }
        self.feed(input);
        Events {
            ready: &mut self.ready,
        }
    }

    /// Ends the stream: dispatches the event being read, if any, even without
    /// a blank line after it, and returns it together with any events not yet
    /// taken. The decoder is then ready for a new stream.
    pub fn finish(&mut self) -> Events<'_> {
        if let Bom::Checking(seen) = self.bom {
            self.bom = Bom::Done;
            self.feed(&BOM[..usize::from(seen)]);
        }
        if self.line != Line::Start {
            self.end_line();
        }
        self.dispatch();
        self.line = Line::Start;
        self.after_cr = false;
        self.bom = Bom::Checking(0);
        Events {
            ready: &mut self.ready,
        }
    }

    fn feed(&mut self, mut input: &[u8]) {
        while let Some((&byte, rest)) = input.split_first() {
            if self.after_cr {
                self.after_cr = false;
                if byte == b'\n' {
                    input = rest;
                    continue;
                }
            }
            match self.line {
                Line::DataValue | Line::Skip => {
                    let end = find_line_end(input);
                    let value = &input[..end.unwrap_or(input.len())];
                    if self.line == Line::DataValue {
                        self.append(value);
                    }
                    match end {
                        Some(end) => {
                            self.after_cr = input[end] == b'\r';
                            self.end_line();
                            input = &input[end + 1..];
                        }
                        None => input = &[],
                    }
                }
                line => {
                    input = rest;
                    if byte == b'\n' || byte == b'\r' {
                        self.after_cr = byte == b'\r';
                        self.end_line();
                        continue;
                    }
                    self.line = match line {
                        Line::Start if byte == b'd' => Line::Field(1),
                        Line::Field(n) if n < 4 && byte == b"data"[usize::from(n)] => {
                            Line::Field(n + 1)
                        }
                        Line::Field(4) if byte == b':' => {
                            self.start_data_line();
                            Line::DataValueStart
                        }
                        Line::DataValueStart => {
                            if byte != b' ' {
                                self.append(&[byte]);
                            }
                            Line::DataValue
                        }
                        // A comment, another field, or a name that only
                        // starts like `data`.
                        _ => Line::Skip,
                    };
                }
            }
        }
    }

    fn end_line(&mut self) {
        match self.line {
            Line::Start => self.dispatch(),
            // A line that is just `data`: an empty data line.
            Line::Field(4) => self.start_data_line(),
            _ => {}
        }
        self.line = Line::Start;
    }

    fn start_data_line(&mut self) {
        if self.has_data {
            self.append(b"\n");
        }
        self.has_data = true;
    }

    fn append(&mut self, bytes: &[u8]) {
        if self.discarding {
            return;
        }
        if bytes.len() > self.max_event_size.saturating_sub(self.data.len()) {
            self.ready.push_back(Err(DecodeError::EventTooLarge {
                limit: self.max_event_size,
            }));
            self.discarding = true;
            self.release_data();
            return;
        }
        self.data.extend_from_slice(bytes);
    }

    fn dispatch(&mut self) {
        if self.discarding {
            self.discarding = false;
        } else if self.has_data {
            let data = match std::str::from_utf8(&self.data) {
                Ok(text) => text.to_owned(),
                Err(_) => String::from_utf8_lossy(&self.data).into_owned(),
            };
            self.ready.push_back(Ok(Event { data }));
        }
        self.release_data();
    }

    fn release_data(&mut self) {
        self.has_data = false;
        if self.data.capacity() > RETAINED_CAPACITY {
            self.data = Vec::new();
        } else {
            self.data.clear();
        }
    }
}

/// The events completed by one [`Decoder::push`] or [`Decoder::finish`].
#[derive(Debug)]
#[must_use = "events are returned by the next call if this is dropped unread"]
pub struct Events<'a> {
    ready: &'a mut VecDeque<Result<Event, DecodeError>>,
}

impl Iterator for Events<'_> {
    type Item = Result<Event, DecodeError>;

    fn next(&mut self) -> Option<Self::Item> {
        self.ready.pop_front()
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.ready.len(), Some(self.ready.len()))
    }
}

impl ExactSizeIterator for Events<'_> {}

/// The index of the first `\n` or `\r` in `bytes`.
fn find_line_end(bytes: &[u8]) -> Option<usize> {
    crate::scan::find_either(bytes, b'\n', b'\r')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(chunks: &[&[u8]]) -> Vec<Result<String, DecodeError>> {
        let mut decoder = Decoder::new();
        let mut out = Vec::new();
        for chunk in chunks {
            out.extend(decoder.push(chunk).map(|e| e.map(Event::into_data)));
        }
        out.extend(decoder.finish().map(|e| e.map(Event::into_data)));
        out
    }

    fn ok(data: &[&str]) -> Vec<Result<String, DecodeError>> {
        data.iter().map(|d| Ok((*d).to_owned())).collect()
    }

    #[test]
    fn line_end_search_matches_a_plain_scan() {
        let mut bytes = vec![b'a'; 40];
        assert_eq!(find_line_end(&bytes), None);
        for i in 0..40 {
            for end in [b'\n', b'\r'] {
                bytes[i] = end;
                assert_eq!(find_line_end(&bytes), Some(i));
                // Bytes just above a line end must not confuse the search.
                bytes[i] = b'\x0b';
                assert_eq!(find_line_end(&bytes), None);
                bytes[i] = b'\x0c';
                assert_eq!(find_line_end(&bytes), None);
                bytes[i] = b'a';
            }
        }
        assert_eq!(find_line_end(b"\x0e\x0b\n\r"), Some(2));
        assert_eq!(find_line_end(b"\x80\x8a\x8d\xff\x0a"), Some(4));
        assert_eq!(find_line_end(b""), None);
    }

    #[test]
    fn every_line_ending() {
        for input in [
            &b"data: a\n\ndata: b\n\n"[..],
            b"data: a\r\n\r\ndata: b\r\n\r\n",
            b"data: a\r\rdata: b\r\r",
            b"data: a\n\r\ndata: b\r\n\n",
        ] {
            assert_eq!(decode(&[input]), ok(&["a", "b"]), "{input:?}");
        }
    }

    #[test]
    fn cr_and_lf_split_across_pushes_is_one_line_end() {
        assert_eq!(
            decode(&[b"data: a\r", b"\ndata: b\r", b"\n\r", b"\n"]),
            ok(&["a\nb"])
        );
        assert_eq!(decode(&[b"data: a\r", b"\r"]), ok(&["a"]));
    }

    #[test]
    fn data_field_forms() {
        assert_eq!(decode(&[b"data:a\n\n"]), ok(&["a"]));
        assert_eq!(decode(&[b"data:  a\n\n"]), ok(&[" a"]));
        assert_eq!(decode(&[b"data\n\n"]), ok(&[""]));
        assert_eq!(decode(&[b"data:\n\n"]), ok(&[""]));
        assert_eq!(decode(&[b"data\ndata\n\n"]), ok(&["\n"]));
        assert_eq!(decode(&[b"data: a\ndata:b\ndata\n\n"]), ok(&["a\nb\n"]));
        assert_eq!(decode(&[b"data: a:b: c\n\n"]), ok(&["a:b: c"]));
    }

    #[test]
    fn other_fields_and_comments_are_skipped() {
        let input = b": keep-alive\nevent: message\nid: 7\nretry: 10\nfoo: bar\ndat: x\ndatas: x\ndata : x\nDATA: x\nd\nda\nx\ndata: a\n\n";
        assert_eq!(decode(&[input]), ok(&["a"]));
        // Events with no data field are not dispatched.
        assert_eq!(decode(&[b"event: ping\n\n:\n\n\n\n"]), ok(&[]));
    }

    #[test]
    fn bom_is_dropped_once() {
        assert_eq!(decode(&[b"\xEF\xBB\xBFdata: a\n\n"]), ok(&["a"]));
        assert_eq!(decode(&[b"\xEF", b"\xBB", b"\xBFdata: a\n\n"]), ok(&["a"]));
        // A second BOM is not at the start of the stream: the line is skipped.
        assert_eq!(decode(&[b"\xEF\xBB\xBF\xEF\xBB\xBFdata: a\n\n"]), ok(&[]));
        // A BOM prefix that is not a BOM is kept as data.
        assert_eq!(decode(&[b"data: \xEF\xBB\xBF\n\n"]), ok(&["\u{feff}"]));
        assert_eq!(decode(&[b"\xEF", b"\xBBx"]), ok(&[]));
        assert_eq!(decode(&[b"\xEF\xBB"]), ok(&[]));
    }

    #[test]
    fn finish_dispatches_an_unterminated_event() {
        assert_eq!(decode(&[b"data: a"]), ok(&["a"]));
        assert_eq!(decode(&[b"data: a\n"]), ok(&["a"]));
        assert_eq!(decode(&[b"data: a\r"]), ok(&["a"]));
        assert_eq!(decode(&[b"data"]), ok(&[""]));
        assert_eq!(decode(&[b"data: a\n\n: bye"]), ok(&["a"]));
        assert_eq!(decode(&[b""]), ok(&[]));
    }

    #[test]
    fn decoder_is_reusable_after_finish() {
        let mut decoder = Decoder::new();
        assert_eq!(decoder.push(b"data: a\r").count(), 0);
        assert_eq!(decoder.finish().count(), 1);
        // The `\n` starts a new stream: it is a blank line, not the end of `\r`.
        let events: Vec<_> = decoder.push(b"\xEF\xBB\xBF\ndata: b\n\n").collect();
        assert_eq!(events, vec![Ok(Event::new("b"))]);
    }

    #[test]
    fn invalid_utf8_is_replaced() {
        assert_eq!(decode(&[b"data: a\xFFb\n\n"]), ok(&["a\u{fffd}b"]));
    }

    #[test]
    fn multibyte_characters_split_anywhere() {
        let input = "data: 18 °C ☔ 😀\n\n".as_bytes();
        for split in 0..input.len() {
            let (a, b) = input.split_at(split);
            assert_eq!(decode(&[a, b]), ok(&["18 °C ☔ 😀"]), "split at {split}");
        }
    }

    #[test]
    fn oversized_event_is_an_error_and_decoding_goes_on() {
        let mut decoder = Decoder::with_max_event_size(8);
        let events: Vec<_> = decoder
            .push(b"data: 12345678\n\ndata: 123456789\ndata: more\n\ndata: 1234\ndata: 567\n\ndata: 1234\ndata: 5678\n\n")
            .collect();
        assert_eq!(
            events,
            vec![
                Ok(Event::new("12345678")),
                Err(DecodeError::EventTooLarge { limit: 8 }),
                Ok(Event::new("1234\n567")),
                Err(DecodeError::EventTooLarge { limit: 8 }),
            ]
        );
        assert_eq!(decoder.finish().count(), 0);
    }

    #[test]
    fn oversized_event_split_across_pushes() {
        let mut decoder = Decoder::with_max_event_size(4);
        assert_eq!(decoder.push(b"data: 12").count(), 0);
        assert_eq!(
            decoder.push(b"345").collect::<Vec<_>>(),
            vec![Err(DecodeError::EventTooLarge { limit: 4 })]
        );
        assert_eq!(decoder.push(b"6789\n").count(), 0);
        assert_eq!(
            decoder.push(b"\ndata: ok\n\n").collect::<Vec<_>>(),
            vec![Ok(Event::new("ok"))]
        );
    }

    #[test]
    fn skipped_lines_are_not_buffered() {
        let mut decoder = Decoder::with_max_event_size(4);
        let comment = vec![b'x'; 100_000];
        assert_eq!(decoder.push(b":").count(), 0);
        assert_eq!(decoder.push(&comment).count(), 0);
        assert_eq!(decoder.push(b"\nid: ").count(), 0);
        assert_eq!(decoder.push(&comment).count(), 0);
        assert_eq!(
            decoder.push(b"\ndata: ok\n\n").collect::<Vec<_>>(),
            vec![Ok(Event::new("ok"))]
        );
        assert!(decoder.data.capacity() < 1024);
    }

    #[test]
    fn large_buffers_are_released() {
        let mut decoder = Decoder::new();
        let mut input = b"data: ".to_vec();
        input.extend(std::iter::repeat_n(b'x', 1 << 20));
        input.extend_from_slice(b"\n\n");
        assert_eq!(decoder.push(&input).count(), 1);
        assert_eq!(decoder.data.capacity(), 0);
    }

    #[test]
    fn undrained_events_come_with_the_next_push() {
        let mut decoder = Decoder::new();
        let mut events = decoder.push(b"data: a\n\ndata: b\n\n");
        assert_eq!(events.len(), 2);
        assert_eq!(events.next(), Some(Ok(Event::new("a"))));
        drop(events);
        let rest: Vec<_> = decoder.push(b"data: c\n\n").collect();
        assert_eq!(rest, vec![Ok(Event::new("b")), Ok(Event::new("c"))]);
    }

    #[test]
    fn error_display_is_lowercase_without_trailing_punctuation() {
        let errors = [DecodeError::EventTooLarge { limit: 16 }];
        for error in errors {
            let text = error.to_string();
            assert_eq!(text, "server-sent event data exceeds 16 bytes");
            assert!(text.starts_with(|c: char| c.is_lowercase()));
            assert!(!text.ends_with(|c: char| c.is_ascii_punctuation()));
            assert!(std::error::Error::source(&error).is_none());
        }
    }

    #[test]
    fn done_sentinel() {
        assert!(Event::new("[DONE]").is_done());
        assert!(Event::new(" [DONE]\n").is_done());
        assert!(!Event::new("[DONE] x").is_done());
        assert!(!Event::new("{}").is_done());
    }

    #[test]
    fn encode_round_trips() {
        for data in ["", "{}", "a\nb", "a\r\nb", "a\rb", "\n", "a\n"] {
            let encoded = Event::new(data).encode();
            let decoded = decode(&[encoded.as_bytes()]);
            let expected = data.replace("\r\n", "\n").replace('\r', "\n");
            assert_eq!(decoded, vec![Ok(expected)], "{data:?}");
        }
    }
}
