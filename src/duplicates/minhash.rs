//! MinHash signatures by one-permutation hashing with optimal densification (Shrivastava,
//! ICML 2017): each shingle's 64-bit hash picks one of `num_perm` bins (its high bits) and
//! competes for that bin's minimum (its low bits); an empty bin borrows the value of a bin
//! chosen by a fixed hash of its number and of the attempt. Each position of two signatures
//! agrees with probability the Jaccard similarity of the two sets, as with `num_perm`
//! independent permutations (datasketch's `MinHash`), at the cost of one hash per shingle
//! instead of `num_perm`.

/// Attempts at finding a filled bin by hashing before an empty bin takes the next filled
/// one to its right (a set with a single shingle needs about `num_perm` attempts a bin).
const HASHED_ATTEMPTS: u32 = 1 << 12;

/// The bin a hash falls in: its high 32 bits scaled to `bins` (no modulo bias).
fn bin_of(hash: u64, bins: usize) -> usize {
    (((hash >> 32) * bins as u64) >> 32) as usize
}

/// An empty bin. A shingle whose low bits are all ones competes as one less, so that no value
/// stands for emptiness (a bias of one in four billion).
const EMPTY: u32 = u32::MAX;

/// Appends the signature of a non-empty set of shingle hashes: `num_perm` values.
pub fn push_signature(shingles: &[u64], num_perm: usize, out: &mut Vec<u32>) {
    let start = out.len();
    out.resize(start + num_perm, EMPTY);
    let bins = &mut out[start..];
    for &hash in shingles {
        let bin = &mut bins[bin_of(hash, num_perm)];
        *bin = (*bin).min((hash as u32).min(EMPTY - 1));
    }
    if shingles.is_empty() || !bins.contains(&EMPTY) {
        return;
    }
    // Only bins filled by a shingle lend their value, not those filled by borrowing.
    let lends: Vec<bool> = bins.iter().map(|&v| v != EMPTY).collect();
    for bin in 0..num_perm {
        if lends[bin] {
            continue;
        }
        let hashed = (1..=HASHED_ATTEMPTS)
            .map(|attempt| bin_of(mix((bin as u64) << 32 | u64::from(attempt)), num_perm))
            .find(|&candidate| lends[candidate]);
        let donor = hashed.unwrap_or_else(|| {
            (1..num_perm)
                .map(|step| (bin + step) % num_perm)
                .find(|&b| lends[b])
                .unwrap_or(bin)
        });
        bins[bin] = bins[donor];
    }
}

/// The signature of a non-empty set of shingle hashes.
pub fn signature(shingles: &[u64], num_perm: usize) -> Vec<u32> {
    let mut out = Vec::with_capacity(num_perm);
    push_signature(shingles, num_perm, &mut out);
    out
}

/// The share of positions two signatures agree on: an estimate of the Jaccard similarity.
pub fn estimate(a: &[u32], b: &[u32]) -> f64 {
    if a.is_empty() || a.len() != b.len() {
        return 0.0;
    }
    a.iter().zip(b).filter(|(x, y)| x == y).count() as f64 / a.len() as f64
}

/// SplitMix64's finaliser: every bit of the input moves every bit of the output.
pub fn mix(mut x: u64) -> u64 {
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// The bucket of one band of a signature (its values `band * rows ..`): equal bands give
/// equal keys, and the band's number seeds the key, so that bands never share a bucket.
pub fn band_key(values: &[u32], band: usize) -> u64 {
    values
        .iter()
        .fold(mix(band as u64 ^ 0x6261_6e64), |key, &v| {
            mix(key ^ u64::from(v))
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::duplicates::shingles::shared;
    use xxhash_rust::xxh3::xxh3_64_with_seed;

    /// A set of `n` shingle hashes from `from` on, spread over 64 bits.
    fn set(from: u64, n: u64) -> Vec<u64> {
        let mut out: Vec<u64> = (from..from + n)
            .map(|i| xxh3_64_with_seed(&i.to_le_bytes(), 7))
            .collect();
        out.sort_unstable();
        out
    }

    fn jaccard(a: &[u64], b: &[u64]) -> f64 {
        let n = shared(a, b) as f64;
        n / (a.len() as f64 + b.len() as f64 - n)
    }

    #[test]
    fn estimates_are_close_to_the_exact_jaccard_similarity() {
        // Sets of 20 to 2,000 shingles overlapping from nothing to nearly everything; with 256
        // positions the standard error is at most 0.031, so 0.1 is over three of them.
        for (size, shift) in [
            (20, 5),
            (300, 0),
            (300, 30),
            (300, 150),
            (2000, 1500),
            (300, 290),
        ] {
            let (a, b) = (set(0, size), set(shift, size));
            let exact = jaccard(&a, &b);
            let estimated = estimate(&signature(&a, 256), &signature(&b, 256));
            assert!(
                (exact - estimated).abs() < 0.1,
                "{size} shingles shifted by {shift}: exact {exact:.3}, estimated {estimated:.3}"
            );
        }
    }

    #[test]
    fn estimates_are_unbiased_over_many_pairs() {
        // 200 pairs at J = 1/3 (100 shared of 150 and 150): the mean error is small.
        let mut total = 0.0;
        for k in 0..200u64 {
            let (a, b) = (set(k * 1000, 150), set(k * 1000 + 75, 150));
            total += estimate(&signature(&a, 128), &signature(&b, 128)) - jaccard(&a, &b);
        }
        assert!((total / 200.0).abs() < 0.01, "mean error {}", total / 200.0);
    }

    #[test]
    fn equal_sets_have_equal_signatures_and_one_shingle_fills_every_bin() {
        let one = signature(&[42], 64);
        assert!(one.iter().all(|&v| v == 42));
        assert_eq!(signature(&set(3, 10), 64), signature(&set(3, 10), 64));
        assert_eq!(
            estimate(&signature(&set(0, 10), 64), &signature(&set(100, 10), 64)),
            0.0
        );
    }

    #[test]
    fn bands_with_equal_values_share_a_key_only_in_the_same_band() {
        let key = band_key;
        assert_eq!(key(&[1, 2], 0), key(&[1, 2], 0));
        assert_ne!(key(&[1, 2], 0), key(&[1, 2], 1));
        assert_ne!(key(&[1, 2], 0), key(&[2, 1], 0));
    }
}
