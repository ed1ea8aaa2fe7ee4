//! # Exercise: the adjusted Rand index
//!
//! How well does a clustering match known classes? Not by comparing labels: a
//! clustering that calls setosa "2" and virginica "0" can be perfect. Cluster names are
//! arbitrary; only the grouping means something.
//!
//! The **Rand index** compares groupings through **pairs** of samples. Each of the
//! C(n, 2) = n(n − 1)/2 pairs is either together or apart in the true classes, and
//! together or apart in the clustering; the Rand index is the fraction of pairs on
//! which both agree. It ignores label names, but even random labels score well above
//! 0 (most pairs are apart in both), so its scale is hard to read.
//!
//! The **adjusted** Rand index (Hubert & Arabie, 1985) rescales it so that the score
//! expected from random labels (with the same cluster sizes) is 0 and identical
//! groupings score 1:
//!
//! ```text
//! ARI = (index − expected index) / (max index − expected index)
//! ```
//!
//! It can be negative (worse than chance). Everything comes from the **contingency
//! table**: nᵢⱼ = the number of samples in true class i and cluster j.
//!
//! Grade with `cargo test --test adjusted_rand_index` (or `cargo run -- check adjusted_rand_index`).
//!
//! `mlings::types::clustering::renumber_labels` turns arbitrary label values into 0..m.

use mlings::types::clustering::ClusteringError;
use ndarray::{Array2, ArrayView1};

/// The contingency table of two labellings of the same samples: `table[[i, j]]` is the
/// number of samples whose `truth` is the i-th distinct truth label and whose
/// `predicted` is the j-th distinct predicted label, both counted in increasing order of
/// label value (so labels [5, 9] give rows 0 and 1; labels that never occur get no row).
///
/// Example: truth [0, 0, 0, 1, 1, 1], predicted [0, 0, 1, 1, 2, 2]:
///
/// ```text
///             pred 0  pred 1  pred 2
/// truth 0  [    2       1       0   ]
/// truth 1  [    0       1       2   ]
/// ```
///
/// Errors, in this order: `Empty` when `truth` has no samples; `LengthMismatch { what:
/// "predicted labels", expected: truth.len(), got: predicted.len() }` when the lengths
/// differ.
pub fn contingency_table(
    truth: ArrayView1<usize>,
    predicted: ArrayView1<usize>,
) -> Result<Array2<usize>, ClusteringError> {
    todo!()
}

/// The Rand index: the fraction of the C(n, 2) pairs of samples on which the two
/// labellings agree (together in both, or apart in both).
///
/// From the contingency table, with C(m, 2) = m(m − 1)/2 pairs among m samples:
///
/// ```text
/// both  = Σᵢⱼ C(nᵢⱼ, 2)            pairs together in both
/// a     = Σᵢ C(row sum i, 2)       pairs together in truth
/// b     = Σⱼ C(column sum j, 2)    pairs together in predicted
/// N     = C(n, 2)                  all pairs
/// RI    = (both + (N − a − b + both)) / N
/// ```
///
/// (N − a − b + both counts the pairs apart in both.) With a single sample there is no
/// pair: return 1. Compute the pair counts in u64 or f64: with n = 200 000 samples,
/// C(n, 2) ≈ 2·10¹⁰ does not fit in an i32 or u32.
///
/// Example: the table above has both = 1 + 1 = 2 (the two 2s), a = 3 + 3 = 6 (row sums
/// 3 and 3), b = 1 + 1 + 1 = 3 (column sums 2, 2 and 2) and N = 15, so
/// RI = (2 + (15 − 6 − 3 + 2)) / 15 = 10/15 = 2/3.
///
/// Same errors as [`contingency_table`].
pub fn rand_index(
    truth: ArrayView1<usize>,
    predicted: ArrayView1<usize>,
) -> Result<f64, ClusteringError> {
    todo!()
}

/// The adjusted Rand index, with the sums of [`rand_index`]:
///
/// ```text
/// expected = a · b / N            (the value of `both` expected from random labels)
/// maximum  = (a + b) / 2
/// ARI      = (both − expected) / (maximum − expected)
/// ```
///
/// If maximum = expected (both labellings put everything in one cluster, or both put
/// every sample alone), the labellings are identical: return 1. (This also covers n = 1,
/// where N = 0: take expected = 0 then.)
///
/// Examples (from scikit-learn's documentation): [0, 0, 1, 1] vs [1, 1, 0, 0] gives 1;
/// [0, 0, 1, 2] vs [0, 0, 1, 1] gives 4/7 ≈ 0.571; [0, 0, 0, 0] vs [0, 1, 2, 3] gives 0;
/// [0, 0, 1, 1] vs [0, 1, 0, 1] gives −0.5. The table above: expected = 6 · 3 / 15 = 1.2,
/// maximum = 4.5, ARI = (2 − 1.2) / (4.5 − 1.2) = 8/33 ≈ 0.242.
///
/// Compute `expected` in f64: a · b reaches 10²⁰ at n = 200 000, more than even a u64 holds.
///
/// Same errors as [`contingency_table`].
pub fn adjusted_rand_index(
    truth: ArrayView1<usize>,
    predicted: ArrayView1<usize>,
) -> Result<f64, ClusteringError> {
    todo!()
}
