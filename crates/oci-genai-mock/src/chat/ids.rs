//! Ids and filler derived from the request body, so that the same request
//! always gets the same answer, byte for byte (apart from `timeCreated`).

use super::shape::CallIds;
use crate::random::mix;

const ALPHANUMERIC: &[u8; 62] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const PAD: &str = "aaaaaaaaaaaaaaaaaaaaaaaa";

/// Makes the ids of one answer.
#[derive(Clone, Copy, Debug)]
pub(crate) struct IdSource {
    seed: u64,
}

impl IdSource {
    /// Ids seeded by the request body.
    pub(crate) fn from_body(body: &[u8]) -> Self {
        let digest = ring::digest::digest(&ring::digest::SHA256, body);
        let mut seed = [0u8; 8];
        seed.copy_from_slice(&digest.as_ref()[..8]);
        Self {
            seed: u64::from_le_bytes(seed),
        }
    }

    fn word(&self, salt: u64) -> u64 {
        mix(self.seed ^ mix(salt))
    }

    /// The id of tool call `index`, in the family's style.
    pub(crate) fn call_id(&self, style: CallIds, index: usize) -> Option<String> {
        let n = self.word(index as u64);
        match style {
            CallIds::ChatcmplTool => Some(format!("chatcmpl-tool-{n:016x}")),
            CallIds::Call24 => {
                let mut id = String::with_capacity(29);
                id.push_str("call_");
                for i in 0..24u64 {
                    let pick = self.word(((index as u64) << 8) | i) % 62;
                    id.push(char::from(ALPHANUMERIC[pick as usize]));
                }
                Some(id)
            }
            CallIds::CallDigits => Some(format!("call_{:08}", n % 100_000_000)),
            CallIds::Absent => None,
        }
    }

    /// A COHEREV2 tool-call id: `<name>_<12 letters and digits>`, as Cohere
    /// makes them.
    pub(crate) fn cohere_call_id(&self, name: &str, index: usize) -> String {
        let mut id = format!("{name}_");
        for i in 0..12u64 {
            let pick = self.word(0x100_0000 | ((index as u64) << 8) | i) % 36;
            // The lowercase letters and digits.
            id.push(char::from(ALPHANUMERIC[26 + pick as usize]));
        }
        id
    }

    /// A UUID-shaped id (COHEREV2 answers, embeddings).
    pub(crate) fn uuid(&self) -> String {
        let a = self.word(u64::MAX);
        let b = self.word(u64::MAX - 1);
        format!(
            "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
            a >> 32,
            (a >> 16) & 0xffff,
            a & 0x0fff,
            0x8000 | ((b >> 48) & 0x3fff),
            b & 0xffff_ffff_ffff
        )
    }

    /// `pad` filler for event `n`: 1 to 24 `a`s.
    pub(crate) fn pad(&self, n: usize) -> String {
        let len = 1 + (self.word(0x200_0000 + n as u64) % PAD.len() as u64) as usize;
        PAD[..len].to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_stable_per_body_and_distinct_per_index() {
        let a = IdSource::from_body(b"one");
        let again = IdSource::from_body(b"one");
        let b = IdSource::from_body(b"two");
        assert_eq!(
            a.call_id(CallIds::Call24, 0),
            again.call_id(CallIds::Call24, 0)
        );
        assert_ne!(a.call_id(CallIds::Call24, 0), a.call_id(CallIds::Call24, 1));
        assert_ne!(a.call_id(CallIds::Call24, 0), b.call_id(CallIds::Call24, 0));
        assert_eq!(a.uuid(), again.uuid());
    }

    #[test]
    fn ids_look_like_each_familys() {
        let ids = IdSource::from_body(b"x");
        let chatcmpl = ids.call_id(CallIds::ChatcmplTool, 0).unwrap();
        assert!(
            chatcmpl.starts_with("chatcmpl-tool-") && chatcmpl.len() == 30,
            "{chatcmpl}"
        );
        let call = ids.call_id(CallIds::Call24, 0).unwrap();
        assert!(call.starts_with("call_") && call.len() == 29, "{call}");
        assert!(call[5..].bytes().all(|c| c.is_ascii_alphanumeric()));
        let digits = ids.call_id(CallIds::CallDigits, 0).unwrap();
        assert!(
            digits.len() == 13 && digits[5..].bytes().all(|c| c.is_ascii_digit()),
            "{digits}"
        );
        assert_eq!(ids.call_id(CallIds::Absent, 0), None);
        let cohere = ids.cohere_call_id("get_weather", 0);
        assert!(
            cohere.starts_with("get_weather_") && cohere.len() == 24,
            "{cohere}"
        );
        let uuid = ids.uuid();
        assert_eq!(uuid.len(), 36, "{uuid}");
        assert_eq!(uuid.matches('-').count(), 4);
    }

    #[test]
    fn pad_is_a_run_of_a() {
        let ids = IdSource::from_body(b"x");
        for n in 0..50 {
            let pad = ids.pad(n);
            assert!((1..=24).contains(&pad.len()) && pad.bytes().all(|c| c == b'a'));
        }
    }
}
