//! Keyness between two parts of a corpus: which terms one part uses more than the other.
//!
//! For a term seen `a` times among the `A` terms of the target part and `b` times among the
//! `B` terms of the reference part (sizes count the terms under the vocabulary options):
//!
//! - log-likelihood G² (Rayson & Garside 2000): with expected counts
//!   `E1 = A (a + b) / (A + B)` and `E2 = B (a + b) / (A + B)`,
//!   `G² = 2 (a ln(a / E1) + b ln(b / E2))`, a zero count adding nothing; its p-value is the
//!   upper tail of χ² with one degree of freedom, `erfc(√(G² / 2))`.
//! - log ratio (Hardie 2014): `log2((a / A) / (b / B))`, a zero count replaced by 0.5 so the
//!   ratio stays finite; positive when the target uses the term more.
//! - %DIFF (Gabrielatos & Marchi 2012): `100 (a / A − b / B) / (b / B)`, infinite when `b = 0`.
//!
//! Rows are sorted by G² signed by the direction of the difference: the target's key terms
//! first (largest G²), the reference's last.

/// One term's keyness.
#[derive(Clone, Debug, PartialEq)]
pub struct KeynessRow {
    pub term: Box<str>,
    pub count_a: u64,
    pub count_b: u64,
    pub g2: f64,
    pub p_value: f64,
    pub log_ratio: f64,
    pub percent_diff: f64,
}

/// Keyness of every term with `count_a + count_b >= min_count`, sorted as the module says.
pub fn keyness(
    terms: Vec<Box<str>>,
    count_a: &[u64],
    count_b: &[u64],
    min_count: u64,
) -> (Vec<KeynessRow>, u64, u64) {
    let size_a: u64 = count_a.iter().sum();
    let size_b: u64 = count_b.iter().sum();
    let mut rows: Vec<KeynessRow> = terms
        .into_iter()
        .zip(count_a.iter().zip(count_b))
        .filter(|(_, (&a, &b))| a + b >= min_count.max(1))
        .map(|(term, (&a, &b))| {
            let g2 = log_likelihood(a, b, size_a, size_b);
            KeynessRow {
                term,
                count_a: a,
                count_b: b,
                g2,
                p_value: chi2_upper_tail(g2),
                log_ratio: log_ratio(a, b, size_a, size_b),
                percent_diff: percent_diff(a, b, size_a, size_b),
            }
        })
        .collect();
    let signed = |r: &KeynessRow| {
        if r.log_ratio < 0.0 {
            -r.g2
        } else {
            r.g2
        }
    };
    rows.sort_by(|x, y| {
        signed(y)
            .total_cmp(&signed(x))
            .then_with(|| x.term.cmp(&y.term))
    });
    (rows, size_a, size_b)
}

/// Rayson & Garside's G² for `a` of `size_a` against `b` of `size_b`.
pub fn log_likelihood(a: u64, b: u64, size_a: u64, size_b: u64) -> f64 {
    let (a, b, sa, sb) = (a as f64, b as f64, size_a as f64, size_b as f64);
    if sa + sb == 0.0 {
        return 0.0;
    }
    let e1 = sa * (a + b) / (sa + sb);
    let e2 = sb * (a + b) / (sa + sb);
    let part = |o: f64, e: f64| if o > 0.0 { o * (o / e).ln() } else { 0.0 };
    (2.0 * (part(a, e1) + part(b, e2))).max(0.0)
}

/// Hardie's log ratio, with 0.5 for a zero count.
pub fn log_ratio(a: u64, b: u64, size_a: u64, size_b: u64) -> f64 {
    let adjust = |n: u64| if n == 0 { 0.5 } else { n as f64 };
    if size_a == 0 || size_b == 0 {
        return f64::NAN;
    }
    ((adjust(a) / size_a as f64) / (adjust(b) / size_b as f64)).log2()
}

/// Gabrielatos & Marchi's %DIFF of normalised frequencies.
pub fn percent_diff(a: u64, b: u64, size_a: u64, size_b: u64) -> f64 {
    if size_a == 0 || size_b == 0 {
        return f64::NAN;
    }
    let (fa, fb) = (a as f64 / size_a as f64, b as f64 / size_b as f64);
    if fb == 0.0 {
        return if fa > 0.0 { f64::INFINITY } else { f64::NAN };
    }
    100.0 * (fa - fb) / fb
}

/// P(χ²₁ ≥ x).
pub fn chi2_upper_tail(x: f64) -> f64 {
    if x <= 0.0 {
        1.0
    } else {
        libm::erfc((x / 2.0).sqrt())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_likelihood_by_hand() {
        // a = 10 of 1000, b = 2 of 2000: E1 = 4, E2 = 8,
        // G² = 2 (10 ln 2.5 + 2 ln 0.25) = 2 (9.162907 − 2.772589) = 12.780637.
        let g2 = log_likelihood(10, 2, 1000, 2000);
        assert!((g2 - 12.780_637_2).abs() < 1e-6, "{g2}");
        assert!((chi2_upper_tail(3.841_458_82) - 0.05).abs() < 1e-9);
        assert!((chi2_upper_tail(6.634_896_6) - 0.01).abs() < 1e-9);
        assert_eq!(log_likelihood(0, 0, 10, 10), 0.0);
    }

    #[test]
    fn log_ratio_and_percent_diff_by_hand() {
        // (10/1000) / (2/2000) = 10 → log2 10; %DIFF = 100 (0.01 − 0.001) / 0.001 = 900.
        assert!((log_ratio(10, 2, 1000, 2000) - 10f64.log2()).abs() < 1e-12);
        assert!((percent_diff(10, 2, 1000, 2000) - 900.0).abs() < 1e-9);
        // Zero in the reference: 0.5 stands for it.
        assert!((log_ratio(4, 0, 100, 100) - 3.0).abs() < 1e-12);
        assert!(percent_diff(4, 0, 100, 100).is_infinite());
    }

    #[test]
    fn rows_sort_target_keys_first_and_reference_keys_last() {
        let terms = ["guerra", "pace", "oggi"].map(Box::from).to_vec();
        let (rows, size_a, size_b) = keyness(terms, &[30, 1, 10], &[5, 40, 10], 2);
        assert_eq!((size_a, size_b), (41, 55));
        let order: Vec<&str> = rows.iter().map(|r| &*r.term).collect();
        assert_eq!(order, ["guerra", "oggi", "pace"]);
        assert!(rows[2].log_ratio < 0.0);
    }
}
