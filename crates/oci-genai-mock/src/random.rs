//! Reproducible pseudo-random numbers for fault injection and filler, from
//! SplitMix64. Nothing here is used for secrets.

use std::sync::atomic::{AtomicU64, Ordering};

const GOLDEN_GAMMA: u64 = 0x9e37_79b9_7f4a_7c15;

/// The SplitMix64 output function: a well-mixed 64-bit value from any input.
pub(crate) fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(GOLDEN_GAMMA);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// A SplitMix64 generator shared by all connections: the sequence depends only
/// on the seed and on how many numbers were drawn before.
#[derive(Debug)]
pub(crate) struct SharedRng {
    state: AtomicU64,
}

impl SharedRng {
    pub(crate) fn new(seed: u64) -> Self {
        Self {
            state: AtomicU64::new(seed),
        }
    }

    /// The next number, uniform in `[0, 1)`.
    pub(crate) fn next_unit(&self) -> f64 {
        let state = self.state.fetch_add(GOLDEN_GAMMA, Ordering::Relaxed);
        // 53 random bits make every double in [0, 1) with a 2^-53 step.
        (mix(state) >> 11) as f64 / (1u64 << 53) as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_sequence() {
        let a = SharedRng::new(42);
        let b = SharedRng::new(42);
        let c = SharedRng::new(43);
        let first: Vec<f64> = (0..5).map(|_| a.next_unit()).collect();
        let second: Vec<f64> = (0..5).map(|_| b.next_unit()).collect();
        let other: Vec<f64> = (0..5).map(|_| c.next_unit()).collect();
        assert_eq!(first, second);
        assert_ne!(first, other);
        assert!(first.iter().all(|x| (0.0..1.0).contains(x)));
    }

    #[test]
    fn roughly_uniform() {
        let rng = SharedRng::new(0);
        let below_a_quarter = (0..10_000).filter(|_| rng.next_unit() < 0.25).count();
        assert!(
            (2_200..2_800).contains(&below_a_quarter),
            "{below_a_quarter}"
        );
    }
}
