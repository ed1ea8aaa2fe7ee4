//! Grader of exercises/09_evaluation/cross_validation.rs.

#[cfg(not(feature = "solutions"))]
#[allow(unused_variables)]
#[path = "../exercises/09_evaluation/cross_validation.rs"]
mod cross_validation;
#[cfg(feature = "solutions")]
use mlings::reference::cross_validation;

use std::cell::RefCell;
use std::rc::Rc;

use mlings::datasets;
use mlings::grade::{Tolerance, expect, expect_array, expect_err, fail, require};
use mlings::models::{DecisionTreeClassifier, MajorityClass, MeanPredictor};
use mlings::prep::{StandardScaler, rng};
use mlings::types::cross_validation::{CvError, CvSettings, Folds};
use mlings::types::model::{Fitted, Model, ModelError, Scoring};
use mlings::{call, call_ok};
use ndarray::{Array1, Array2, ArrayView1, ArrayView2, Axis, array};
use rand::seq::SliceRandom;

// ---------------------------------------------------------------------------------------
// Folds
// ---------------------------------------------------------------------------------------

/// The first entries of a list, for short messages.
fn head(list: &[usize], k: usize) -> String {
    if list.len() <= k {
        format!("{list:?}")
    } else {
        format!("{:?} … ({} rows)", &list[..k], list.len())
    }
}

fn show(folds: &[Vec<usize>]) -> String {
    folds
        .iter()
        .map(|f| format!("{f:?}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Fails unless `folds` hold every row of `0..n` exactly once, in ascending order inside
/// each fold, with `n_samples = n`.
fn require_partition(what: &str, folds: &Folds, n: usize) {
    require(folds.n_samples == n, || {
        format!(
            "{what}: n_samples is {} but there are {n} rows",
            folds.n_samples
        )
    });
    let mut seen = vec![0usize; n];
    for fold in &folds.folds {
        for &row in fold {
            require(row < n, || {
                format!("{what}: row {row} does not exist (rows are 0..{n})")
            });
            seen[row] += 1;
        }
        require(fold.windows(2).all(|w| w[0] < w[1]), || {
            format!("{what}: the rows of each fold should be listed ascending, got {fold:?}")
        });
    }
    if let Some(row) = seen.iter().position(|&s| s != 1) {
        fail(format!(
            "{what}: row {row} is in {} folds; every row must be held out exactly once\n    \
             folds: {}\n    likely mistake: {}",
            seen[row],
            show(&folds.folds),
            if seen[row] == 0 {
                "rows lost when cutting the blocks (the last n % k rows?)"
            } else {
                "overlapping blocks (an off-by-one in where a fold starts or ends?)"
            }
        ));
    }
}

fn require_folds(
    what: &str,
    got: &Folds,
    expected: &[Vec<usize>],
    mistakes: &[(&[Vec<usize>], &str)],
) {
    if got.folds == expected {
        return;
    }
    let mut report = format!(
        "{what}: wrong folds\n    expected: {}\n    got:      {}",
        show(expected),
        show(&got.folds)
    );
    if let Some((_, why)) = mistakes.iter().find(|(wrong, _)| got.folds == *wrong) {
        report.push_str(&format!("\n    likely mistake: {why}"));
    }
    fail(report);
}

#[test]
fn k_fold_cuts_consecutive_blocks_by_hand() {
    // 10 rows, 3 folds: 10 / 3 = 3 rows each, and the first 10 % 3 = 1 fold gets one more.
    let folds = call_ok!(cross_validation::k_fold(10, 3, None));
    require_folds(
        "k_fold(10, 3, None)",
        &folds,
        &[vec![0, 1, 2, 3], vec![4, 5, 6], vec![7, 8, 9]],
        &[
            (
                &[vec![0, 1, 2], vec![3, 4, 5], vec![6, 7, 8, 9]],
                "the extra rows go to the first n_samples % k folds, not the last",
            ),
            (
                &[vec![0, 1, 2, 3], vec![4, 5, 6, 7], vec![8, 9]],
                "fold sizes rounded up, so the last fold is short: every fold gets \
                 n_samples / k rows (rounded down) and the first n_samples % k folds one more",
            ),
            (
                &[vec![0, 1, 2], vec![3, 4, 5], vec![6, 7, 8]],
                "row 9 is lost: the first n % k folds get one row more",
            ),
            (
                &[vec![0, 3, 6, 9], vec![1, 4, 7], vec![2, 5, 8]],
                "those are round-robin folds (row i in fold i % k): without a seed the folds are consecutive blocks",
            ),
        ],
    );
}

#[test]
fn k_fold_partitions_every_row_exactly_once() {
    for (n, k, seed) in [
        (10, 3, None),
        (7, 7, None),
        (23, 5, Some(1)),
        (100, 4, Some(2)),
    ] {
        let what = format!("k_fold({n}, {k}, {seed:?})");
        let folds = call_ok!(cross_validation::k_fold(n, k, seed));
        require(folds.len() == k, || {
            format!("{what}: expected {k} folds, got {}", folds.len())
        });
        require_partition(&what, &folds, n);
        let sizes: Vec<usize> = folds.folds.iter().map(Vec::len).collect();
        let small = n / k;
        let expected_sizes: Vec<usize> = (0..k).map(|f| small + usize::from(f < n % k)).collect();
        require(sizes == expected_sizes, || {
            format!(
                "{what}: fold sizes {sizes:?}, expected {expected_sizes:?}: every fold gets \
                 n_samples / k = {small} rows and the first n_samples % k = {} folds one more",
                n % k
            )
        });
    }
}

/// The documented k-fold, written here independently of your code: shuffle
/// [0, 1, ..., n − 1] with rng(seed) if a seed is given, cut consecutive blocks (n / k
/// rows, the first n % k blocks one more), sort each block.
fn grader_k_fold(n: usize, k: usize, seed: Option<u64>) -> Vec<Vec<usize>> {
    let mut order: Vec<usize> = (0..n).collect();
    if let Some(seed) = seed {
        order.shuffle(&mut rng(seed));
    }
    let mut folds = Vec::new();
    let mut start = 0;
    for fold in 0..k {
        let size = n / k + usize::from(fold < n % k);
        let mut block = order[start..start + size].to_vec();
        block.sort_unstable();
        folds.push(block);
        start += size;
    }
    folds
}

#[test]
fn seeded_k_fold_replays_the_documented_shuffle() {
    for (n, k, seed) in [(23, 5, 1), (10, 3, 7), (100, 4, 2)] {
        let got = call_ok!(cross_validation::k_fold(n, k, Some(seed)));
        let expected = grader_k_fold(n, k, Some(seed));
        if got.folds == expected {
            continue;
        }
        let mut shuffled: Vec<usize> = (0..n).collect();
        shuffled.shuffle(&mut rng(seed));
        let unsorted: Vec<Vec<usize>> = {
            let mut start = 0;
            (0..k)
                .map(|fold| {
                    let size = n / k + usize::from(fold < n % k);
                    start += size;
                    shuffled[start - size..start].to_vec()
                })
                .collect()
        };
        let round_robin: Vec<Vec<usize>> = (0..k)
            .map(|fold| {
                let mut rows: Vec<usize> = shuffled.iter().skip(fold).step_by(k).copied().collect();
                rows.sort_unstable();
                rows
            })
            .collect();
        let likely = if got.folds == unsorted {
            "the right rows, but not sorted: list the rows of each fold ascending"
        } else if got.folds == grader_k_fold(n, k, None) {
            "not shuffled: with Some(seed), shuffle the list [0, 1, ..., n − 1] with \
             list.shuffle(&mut rng(seed)) before cutting it into blocks"
        } else if got.folds == grader_k_fold(n, k, Some(0)) {
            "the seed is ignored (these are the folds of seed 0): shuffle with rng(seed)"
        } else if got.folds == round_robin {
            "round-robin folds of the shuffled list: cut it into consecutive blocks"
        } else {
            "shuffle the whole list [0, 1, ..., n − 1] once with list.shuffle(&mut rng(seed)) \
             (nothing else drawn from that generator), then cut it into consecutive blocks, \
             the first n_samples % k one row longer"
        };
        let k0 = (0..k)
            .find(|&f| got.folds.get(f) != Some(&expected[f]))
            .unwrap_or(0);
        fail(format!(
            "k_fold({n}, {k}, Some({seed})): fold {k0} should be {} (the grader shuffled \
             0..{n} with rng({seed}) and cut blocks), got {}\n    likely mistake: {likely}",
            head(&expected[k0], 10),
            got.folds
                .get(k0)
                .map_or("no such fold".into(), |f| head(f, 10))
        ));
    }
}

/// A slip in stratified_k_fold, to rebuild what it would give.
#[derive(Clone, Copy, PartialEq)]
enum Strat {
    AsDocumented,
    NewRngPerClass,
    ShuffleRows,
    RowOrderDeal,
}

/// The documented stratified folds, written here independently of your code (steps 2-4
/// of the doc), or with one slip.
fn grader_stratified(
    labels: &[usize],
    k: usize,
    seed: Option<u64>,
    slip: Strat,
) -> Vec<Vec<usize>> {
    let n_classes = labels.iter().max().map_or(0, |&m| m + 1);
    let mut dealt = labels.to_vec();
    if slip != Strat::RowOrderDeal {
        dealt.sort_unstable();
    }
    let mut quota = vec![vec![0usize; n_classes]; k];
    for (position, &class) in dealt.iter().enumerate() {
        quota[position % k][class] += 1;
    }
    let mut generator = seed.map(rng);
    let mut fold_of_row = vec![0; labels.len()];
    for class in 0..n_classes {
        let mut numbers = Vec::new();
        for (fold, counts) in quota.iter().enumerate() {
            numbers.extend(std::iter::repeat_n(fold, counts[class]));
        }
        let mut members: Vec<usize> = (0..labels.len()).filter(|&r| labels[r] == class).collect();
        match (slip, seed, generator.as_mut()) {
            (Strat::NewRngPerClass, Some(seed), _) => numbers.shuffle(&mut rng(seed)),
            (Strat::ShuffleRows, _, Some(g)) => members.shuffle(g),
            (_, _, Some(g)) => numbers.shuffle(g),
            _ => {}
        }
        for (row, fold) in members.into_iter().zip(numbers) {
            fold_of_row[row] = fold;
        }
    }
    let mut folds = vec![Vec::new(); k];
    for (row, &fold) in fold_of_row.iter().enumerate() {
        folds[fold].push(row);
    }
    for fold in &mut folds {
        fold.sort_unstable();
    }
    folds
}

#[test]
fn seeded_stratified_folds_replay_the_documented_shuffle() {
    // Three classes in an unsorted order (so dealing them in row order differs from
    // dealing the sorted labels).
    let labels: Vec<usize> = (0..40)
        .map(|i| [2, 0, 1, 0, 0, 1, 2, 0][i % 8] * usize::from(i % 13 != 4))
        .collect();
    let y: Array1<f64> = labels.iter().map(|&l| l as f64).collect();
    for (k, seed) in [(3, Some(5)), (4, Some(11)), (3, None)] {
        let got = call_ok!(cross_validation::stratified_k_fold(y.view(), k, seed));
        let expected = grader_stratified(&labels, k, seed, Strat::AsDocumented);
        if got.folds == expected {
            continue;
        }
        let fits = |slip| got.folds == grader_stratified(&labels, k, seed, slip);
        let sorted: Vec<Vec<usize>> = got
            .folds
            .iter()
            .map(|f| {
                let mut f = f.clone();
                f.sort_unstable();
                f
            })
            .collect();
        let likely = if sorted == expected {
            "the right rows, but not listed ascending: sort each fold's rows"
        } else if seed.is_some()
            && got.folds == grader_stratified(&labels, k, None, Strat::AsDocumented)
        {
            "not shuffled: with Some(seed), shuffle each class's list of fold numbers"
        } else if fits(Strat::NewRngPerClass) {
            "every class got a new rng(seed): create one rng(seed) and shuffle class 0's \
             fold numbers with it, then class 1's, ... (one rng for all the classes)"
        } else if fits(Strat::ShuffleRows) {
            "you shuffled the rows of each class: shuffle the class's list of fold numbers \
             and hand them out to its rows in row order"
        } else if fits(Strat::RowOrderDeal) {
            "the labels were dealt in row order: sort all the labels first, then deal \
             sorted position p to fold p % k to get the quotas"
        } else {
            "follow the doc's steps exactly: quotas from the sorted labels dealt like cards, \
             each class's fold numbers (shuffled with one rng(seed), class 0 first), handed \
             to the class's rows in row order"
        };
        let k0 = (0..k)
            .find(|&f| got.folds.get(f) != Some(&expected[f]))
            .unwrap_or(0);
        fail(format!(
            "stratified_k_fold(40 labels of 3 classes, {k}, {seed:?}): fold {k0} should be \
             {}, got {}\n    likely mistake: {likely}",
            head(&expected[k0], 10),
            got.folds
                .get(k0)
                .map_or("no such fold".into(), |f| head(f, 10))
        ));
    }
}

#[test]
fn the_same_seed_gives_the_same_folds() {
    let a = call_ok!(cross_validation::k_fold(20, 4, Some(7)));
    let b = call_ok!(cross_validation::k_fold(20, 4, Some(7)));
    let other_seed = call_ok!(cross_validation::k_fold(20, 4, Some(8)));
    let unshuffled = call_ok!(cross_validation::k_fold(20, 4, None));
    require(a == b, || {
        format!(
            "k_fold(20, 4, Some(7)) twice gave different folds:\n    {}\n    {}\n    \
             likely mistake: seed the shuffle with rng(seed), not with thread_rng() or the clock",
            show(&a.folds),
            show(&b.folds)
        )
    });
    require(a != unshuffled, || {
        "k_fold(20, 4, Some(7)) gave the consecutive blocks: shuffle the rows when a seed is given"
            .to_string()
    });
    require(a != other_seed, || {
        "k_fold with seeds 7 and 8 gave the same folds: create the generator with rng(seed)"
            .to_string()
    });
    let labels = Array1::from_iter((0..30).map(|i| f64::from(i % 3 == 0)));
    let s1 = call_ok!(cross_validation::stratified_k_fold(
        labels.view(),
        3,
        Some(5)
    ));
    let s2 = call_ok!(cross_validation::stratified_k_fold(
        labels.view(),
        3,
        Some(5)
    ));
    let s0 = call_ok!(cross_validation::stratified_k_fold(labels.view(), 3, None));
    require(s1 == s2, || {
        "stratified_k_fold with the same seed twice gave different folds".to_string()
    });
    require(s1 != s0, || {
        "stratified_k_fold with Some(5) gave the unshuffled folds: shuffle each class's fold numbers"
            .to_string()
    });
}

#[test]
fn invalid_numbers_of_folds_are_errors() {
    let loo = call!(cross_validation::k_fold(5, 5, None));
    require(
        loo.as_ref().map(|f| f.folds.clone())
            == Ok(vec![vec![0], vec![1], vec![2], vec![3], vec![4]]),
        || {
            format!(
                "k_fold(5, 5, None): k = n_samples is allowed (leave-one-out, one row per fold), \
                 expected Ok([0], [1], [2], [3], [4]), got {}",
                match &loo {
                    Ok(f) => show(&f.folds),
                    Err(e) => format!("the error {e}"),
                }
            )
        },
    );
    for (n, k) in [(10, 0), (10, 1), (10, 11)] {
        let error = expect_err(
            &format!("k_fold({n}, {k}, None)"),
            "k must be between 2 and the number of rows (k = 1 leaves nothing to train on, \
             k > n_samples leaves a fold empty)",
            call!(cross_validation::k_fold(n, k, None)),
        );
        require(error == (CvError::InvalidK { k, n_samples: n }), || {
            format!("expected CvError::InvalidK {{ k: {k}, n_samples: {n} }}, got {error:?}")
        });
    }
    let error = expect_err(
        "stratified_k_fold of 3 labels into 4 folds",
        "more folds than rows leaves a fold empty",
        call!(cross_validation::stratified_k_fold(
            array![0.0, 1.0, 0.0].view(),
            4,
            None
        )),
    );
    require(error == (CvError::InvalidK { k: 4, n_samples: 3 }), || {
        format!("expected CvError::InvalidK {{ k: 4, n_samples: 3 }}, got {error:?}")
    });
    let error = expect_err(
        "stratified_k_fold of labels [0, 1.5, 1, 0]",
        "1.5 is not a class label: read the labels with class_labels(y)?",
        call!(cross_validation::stratified_k_fold(
            array![0.0, 1.5, 1.0, 0.0].view(),
            2,
            None
        )),
    );
    require(
        error == CvError::Model(ModelError::NotClassLabel { row: 1, value: 1.5 }),
        || format!("expected the NotClassLabel error of class_labels for row 1, got {error:?}"),
    );
    let error = expect_err(
        "stratified_k_fold of labels [0, 1.5, 1] into 9 folds (two faults)",
        "1.5 is not a class label, and 9 folds of 3 rows is too many",
        call!(cross_validation::stratified_k_fold(
            array![0.0, 1.5, 1.0].view(),
            9,
            None
        )),
    );
    require(
        error == CvError::Model(ModelError::NotClassLabel { row: 1, value: 1.5 }),
        || {
            format!(
                "labels [0, 1.5, 1] and k = 9: the labels are checked first (the doc's errors \
                 come in this order: class_labels, class_count, then k), expected the \
                 NotClassLabel error for row 1, got {error}"
            )
        },
    );
    use mlings::types::labels::{MAX_CLASSES, NotAClassIndex};
    let error = expect_err(
        "stratified_k_fold of labels [0, 65536, 1, 0] (2^16: an ID read as a label)",
        "n_classes = class_count(labels.view())? rejects a label too large to be a class index",
        call!(cross_validation::stratified_k_fold(
            array![0.0, MAX_CLASSES as f64, 1.0, 0.0].view(),
            2,
            None
        )),
    );
    let expected = CvError::Labels(NotAClassIndex {
        row: 1,
        label: MAX_CLASSES,
    });
    require(error == expected, || {
        format!(
            "expected {expected:?}, got {error}\n    count the classes with \
             mlings::types::labels::class_count, not the largest label + 1 by hand"
        )
    });
}

#[test]
fn stratified_folds_by_hand() {
    // Sorted labels [0, 0, 0, 1, 1] dealt to 2 folds: fold 0 gets {0, 0, 1}, fold 1 {0, 1}.
    // Class 0 (rows 0, 2, 3) → folds 0, 0, 1; class 1 (rows 1, 4) → folds 0, 1.
    let y = array![0.0, 1.0, 0.0, 0.0, 1.0];
    let folds = call_ok!(cross_validation::stratified_k_fold(y.view(), 2, None));
    require_folds(
        "stratified_k_fold([0, 1, 0, 0, 1], 2, None)",
        &folds,
        &[vec![0, 1, 2], vec![3, 4]],
        &[(
            &[vec![0, 1, 3], vec![2, 4]],
            "each class's rows go to the folds in blocks (the first quota[0][c] rows to fold 0), \
                 not round-robin",
        )],
    );
}

#[test]
fn stratified_folds_are_scikit_learns_on_the_bundled_datasets() {
    for data in [
        datasets::iris(),
        datasets::wine(),
        datasets::breast_cancer(),
    ] {
        let expected = data.reference_folds().expect("bundled folds");
        let got = call_ok!(cross_validation::stratified_k_fold(
            data.targets.view(),
            5,
            None
        ));
        require_partition(
            &format!("stratified_k_fold({} targets, 5, None)", data.name),
            &got,
            data.n_samples(),
        );
        if let Some(k) = (0..5).find(|&k| got.folds.get(k) != Some(&expected.folds[k])) {
            let head = |f: Option<&Vec<usize>>| {
                f.map(|f| format!("{} rows starting {:?}", f.len(), &f[..f.len().min(8)]))
                    .unwrap_or_else(|| "missing".into())
            };
            fail(format!(
                "stratified_k_fold({} targets, 5, None) differs from scikit-learn's \
                 StratifiedKFold(5) (datasets/splits/{}.csv) in fold {k}\n    \
                 expected: {}\n    got:      {}\n    \
                 likely mistake: follow the steps exactly: deal the sorted labels to get the \
                 quotas, then hand each class's rows out in row order, in blocks",
                data.name,
                data.name,
                head(Some(&expected.folds[k])),
                head(got.folds.get(k)),
            ));
        }
    }
}

#[test]
fn stratified_folds_keep_every_class_share_within_one_row() {
    // 33, 14 and 3 rows of classes 0, 1 and 2, interleaved.
    let labels: Array1<f64> = (0..50)
        .map(|i| match i % 10 {
            3 | 7 => 1.0,
            9 if i < 30 => 2.0,
            _ if i >= 45 => 1.0,
            _ => 0.0,
        })
        .collect();
    let n = labels.len();
    for (k, seed) in [(5, None), (5, Some(3)), (4, Some(11)), (7, None)] {
        let what = format!("stratified_k_fold(50 labels, {k}, {seed:?})");
        let folds = call_ok!(cross_validation::stratified_k_fold(labels.view(), k, seed));
        require(folds.len() == k, || {
            format!("{what}: expected {k} folds, got {}", folds.len())
        });
        require_partition(&what, &folds, n);
        for class in 0..3 {
            let total = labels.iter().filter(|&&l| l == class as f64).count();
            let share = total as f64 / k as f64;
            for (f, fold) in folds.folds.iter().enumerate() {
                let count = fold.iter().filter(|&&r| labels[r] == class as f64).count();
                require((count as f64 - share).abs() < 1.0, || {
                    format!(
                        "{what}: fold {f} holds {count} rows of class {class}, but class {class} has \
                         {total} rows, so each of the {k} folds should hold {share:.1} (within one row)\n    \
                         likely mistake: the quotas must come from dealing the sorted labels to the folds"
                    )
                });
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// A model that records what it was given
// ---------------------------------------------------------------------------------------

#[derive(Default)]
struct Record {
    /// The features and targets of every `fit`, in call order.
    fits: Vec<(Array2<f64>, Array1<f64>)>,
    /// `(fit number, features)` of every `predict`.
    predictions: Vec<(usize, Array2<f64>)>,
}

/// Records every call and predicts 0 everywhere.
#[derive(Default, Clone)]
struct Spy(Rc<RefCell<Record>>);

struct FittedSpy {
    fit: usize,
    record: Rc<RefCell<Record>>,
}

impl Model for Spy {
    fn name(&self) -> String {
        "spy".into()
    }
    fn fit(&self, x: ArrayView2<f64>, y: ArrayView1<f64>) -> Result<Box<dyn Fitted>, ModelError> {
        let mut record = self.0.borrow_mut();
        record.fits.push((x.to_owned(), y.to_owned()));
        Ok(Box::new(FittedSpy {
            fit: record.fits.len() - 1,
            record: Rc::clone(&self.0),
        }))
    }
}

impl Fitted for FittedSpy {
    fn predict(&self, x: ArrayView2<f64>) -> Result<Array1<f64>, ModelError> {
        self.record
            .borrow_mut()
            .predictions
            .push((self.fit, x.to_owned()));
        Ok(Array1::zeros(x.nrows()))
    }
}

/// A matrix as `[[1, 2], [3, 4]]`.
fn rows_of(m: &Array2<f64>) -> String {
    let rows: Vec<String> = m
        .rows()
        .into_iter()
        .map(|r| format!("{:?}", r.to_vec()))
        .collect();
    format!("[{}]", rows.join(", "))
}

/// Whether `a` and `b` hold the same rows (in any order), to 1e-9.
fn same_rows(a: &Array2<f64>, b: &Array2<f64>) -> bool {
    let sorted = |m: &Array2<f64>| {
        let mut rows: Vec<Vec<f64>> = m.rows().into_iter().map(|r| r.to_vec()).collect();
        rows.sort_by(|p, q| p.partial_cmp(q).unwrap_or(std::cmp::Ordering::Equal));
        rows
    };
    a.dim() == b.dim()
        && sorted(a)
            .iter()
            .flatten()
            .zip(sorted(b).iter().flatten())
            .all(|(p, q)| (p - q).abs() <= 1e-9)
}

fn standardized_with(fit_on: &Array2<f64>, rows: &Array2<f64>) -> Array2<f64> {
    StandardScaler::fit(fit_on.view())
        .and_then(|s| s.transform(rows.view()))
        .expect("the grader's own data is valid")
}

/// What a model was given in place of `rows`, with its likely cause, when it is not
/// `expected` (the rows standardized with the training rows `train`).
fn diagnose_features(
    got: &Array2<f64>,
    rows: &Array2<f64>,
    train: &Array2<f64>,
    all: &Array2<f64>,
    standardized: bool,
) -> Option<&'static str> {
    let expected = if standardized {
        standardized_with(train, rows)
    } else {
        rows.clone()
    };
    if same_rows(got, &expected) {
        return None;
    }
    Some(
        if standardized && same_rows(got, &standardized_with(all, rows)) {
            "DATA LEAKAGE: these rows were standardized with the mean and standard deviation of ALL \
         the rows, validation rows included, so the validation rows shaped the training features. \
         Split first, then fit the scaler on the training rows only (inside fit_and_score)"
        } else if standardized && same_rows(got, &standardized_with(rows, rows)) {
            "these rows were standardized with their own mean and standard deviation: transform them \
         with the scaler fit on the TRAINING rows"
        } else if standardized && same_rows(got, rows) {
            "settings.standardize is true but the model got raw features: standardize them first"
        } else if !standardized && same_rows(got, &standardized_with(train, rows)) {
            "settings.standardize is false: pass the features unchanged"
        } else {
            "these are not the rows of this part of the data: check which rows you select"
        },
    )
}

// ---------------------------------------------------------------------------------------
// fit_and_score
// ---------------------------------------------------------------------------------------

#[test]
fn fit_and_score_a_majority_vote_by_hand() {
    // MajorityClass trained on [0, 0, 1] always predicts 0: train accuracy 2/3; on the
    // validation targets [1, 0] it is right once: 1/2.
    let x_train = array![[1.0], [2.0], [3.0]];
    let x_validation = array![[4.0], [5.0]];
    let score = call_ok!(cross_validation::fit_and_score(
        &MajorityClass,
        x_train.view(),
        array![0.0, 0.0, 1.0].view(),
        x_validation.view(),
        array![1.0, 0.0].view(),
        &CvSettings::new(Scoring::Accuracy)
    ));
    expect_array(
        "[train, validation] accuracy of the majority class (trained on [0, 0, 1], validated on [1, 0])",
        &array![score.train, score.validation],
        &array![2.0 / 3.0, 0.5],
    )
    .mistake_array(
        &array![0.5, 2.0 / 3.0],
        "train and validation are swapped",
    )
    .mistake_array(
        &array![2.0 / 3.0, 2.0 / 3.0],
        "the validation score was computed on the training rows",
    )
    .assert();
}

#[test]
fn fit_and_score_passes_errors_on() {
    let error = expect_err(
        "fit_and_score of the majority class on the training targets [0.5, 1]",
        "0.5 is not a class label: pass the model's error on with ?",
        call!(cross_validation::fit_and_score(
            &MajorityClass,
            array![[1.0], [2.0]].view(),
            array![0.5, 1.0].view(),
            array![[3.0]].view(),
            array![1.0].view(),
            &CvSettings::new(Scoring::Accuracy)
        )),
    );
    require(
        error == CvError::Model(ModelError::NotClassLabel { row: 0, value: 0.5 }),
        || format!("expected CvError::Model(NotClassLabel {{ row: 0, value: 0.5 }}), got {error}"),
    );
    let error = expect_err(
        "fit_and_score of 2 training rows against 3 validation targets for 2 rows",
        "the scoring rejects predictions and targets of different lengths: pass its error on",
        call!(cross_validation::fit_and_score(
            &MajorityClass,
            array![[1.0], [2.0]].view(),
            array![0.0, 1.0].view(),
            array![[3.0], [4.0]].view(),
            array![1.0, 0.0, 1.0].view(),
            &CvSettings::new(Scoring::Accuracy)
        )),
    );
    require(
        matches!(error, CvError::Model(ModelError::Shape { .. })),
        || format!("expected the scoring's CvError::Model(Shape {{ .. }}), got {error}"),
    );
}

#[test]
fn fit_and_score_r2_of_the_mean_by_hand() {
    // MeanPredictor trained on [1, 2, 3] predicts 2: train R² = 1 − 2/2 = 0. The validation
    // targets [2, 4] have mean 3 and Σ(y − 3)² = 2; the residuals (0, 2) give Σ = 4, so
    // R² = 1 − 4/2 = −1: worse than predicting the validation mean.
    let score = call_ok!(cross_validation::fit_and_score(
        &MeanPredictor,
        array![[0.0], [1.0], [2.0]].view(),
        array![1.0, 2.0, 3.0].view(),
        array![[3.0], [4.0]].view(),
        array![2.0, 4.0].view(),
        &CvSettings::new(Scoring::R2)
    ));
    expect_array(
        "[train, validation] R² of the mean predictor",
        &array![score.train, score.validation],
        &array![0.0, -1.0],
    )
    .tol(Tolerance::abs(1e-12))
    .mistake_array(&array![-1.0, 0.0], "train and validation are swapped")
    .mistake_array(
        &array![0.0, 0.0],
        "the arguments of score are swapped: score(truth, predicted), the targets come first",
    )
    .assert();
}

#[test]
fn fit_and_score_standardizes_with_the_training_statistics() {
    // Training column [1, 3]: mean 2, standard deviation 1 → [−1, 1]. The validation rows
    // [4, 8] are scaled with the TRAINING mean and std: [2, 6].
    let x_train = array![[1.0, 10.0], [3.0, 30.0]];
    let x_validation = array![[4.0, 40.0], [8.0, 80.0]];
    let all = ndarray::concatenate![Axis(0), x_train, x_validation];
    for standardize in [true, false] {
        let spy = Spy::default();
        let settings = CvSettings {
            scoring: Scoring::R2,
            standardize,
        };
        call_ok!(cross_validation::fit_and_score(
            &spy,
            x_train.view(),
            array![0.0, 1.0].view(),
            x_validation.view(),
            array![2.0, 3.0].view(),
            &settings
        ));
        let record = spy.0.borrow();
        require(record.fits.len() == 1, || {
            format!(
                "fit_and_score should fit the model exactly once, it called fit {} times",
                record.fits.len()
            )
        });
        let trained_on = &record.fits[0].0;
        if let Some(why) = diagnose_features(trained_on, &x_train, &x_train, &all, standardize) {
            fail(format!(
                "fit_and_score (standardize = {standardize}): the model was trained on {}\n    \
                 likely mistake: {why}",
                rows_of(trained_on)
            ));
        }
        let predicted: Vec<&Array2<f64>> = record.predictions.iter().map(|(_, x)| x).collect();
        for (part, rows) in [("training", &x_train), ("validation", &x_validation)] {
            let expected = if standardize {
                standardized_with(&x_train, rows)
            } else {
                rows.clone()
            };
            if !predicted.iter().any(|x| same_rows(x, &expected)) {
                let why = predicted
                    .iter()
                    .find_map(|x| {
                        (x.nrows() == rows.nrows())
                            .then(|| diagnose_features(x, rows, &x_train, &all, standardize))
                            .flatten()
                    })
                    .unwrap_or("predict both parts with the fitted model");
                let calls: Vec<String> = predicted.iter().map(|x| rows_of(x)).collect();
                fail(format!(
                    "fit_and_score (standardize = {standardize}): the {part} rows were never \
                     predicted as {}\n    predict was called with {}\n    likely mistake: {why}",
                    rows_of(&expected),
                    calls.join(" and ")
                ));
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// cross_validate
// ---------------------------------------------------------------------------------------

/// Hand-made folds of unequal sizes, not consecutive.
fn odd_folds() -> Folds {
    Folds {
        folds: vec![vec![0, 3, 6], vec![1, 4], vec![2, 5, 7]],
        n_samples: 8,
    }
}

/// 8 rows with distinct values, and targets equal to the row numbers, so the grader can
/// tell which rows the model saw.
fn numbered_rows() -> (Array2<f64>, Array1<f64>) {
    let x = Array2::from_shape_fn((8, 2), |(i, j)| {
        let i = i as f64;
        if j == 0 { i * i } else { 3.0 * i - 5.0 }
    });
    (x, Array1::from_iter((0..8).map(f64::from)))
}

#[test]
fn cross_validate_a_majority_vote_by_hand() {
    // y = [0, 0, 1, 1, 1, 0] with folds {0, 1}, {2, 3}, {4, 5}:
    // round 0 trains on [1, 1, 1, 0] → predicts 1: train 3/4, validation [0, 0] → 0;
    // round 1 trains on [0, 0, 1, 0] → predicts 0: train 3/4, validation [1, 1] → 0;
    // round 2 trains on [0, 0, 1, 1] → a tie, the smaller label 0: train 1/2, validation [1, 0] → 1/2.
    let x = Array2::from_shape_fn((6, 1), |(i, _)| i as f64);
    let y = array![0.0, 0.0, 1.0, 1.0, 1.0, 0.0];
    let folds = Folds {
        folds: vec![vec![0, 1], vec![2, 3], vec![4, 5]],
        n_samples: 6,
    };
    let scores = call_ok!(cross_validation::cross_validate(
        &MajorityClass,
        x.view(),
        y.view(),
        &folds,
        &CvSettings::new(Scoring::Accuracy)
    ));
    require(scores.folds.len() == 3, || {
        format!(
            "3 folds should give 3 rounds of scores, got {}",
            scores.folds.len()
        )
    });
    let validation: Array1<f64> = scores.folds.iter().map(|f| f.validation).collect();
    let train: Array1<f64> = scores.folds.iter().map(|f| f.train).collect();
    expect_array(
        "validation accuracy of each round",
        &validation,
        &array![0.0, 0.0, 0.5],
    )
    .tol(Tolerance::abs(1e-12))
    .mistake_array(
        &array![0.25, 0.25, 0.5],
        "training and validation rows are swapped: in round r, fold r is the VALIDATION part \
         and every other fold trains",
    )
    .mistake_array(
        &array![0.5, 0.0, 0.0],
        "the rounds are in reverse: collect the scores in fold order, round 0 first",
    )
    .mistake_array(
        &array![1.0, 1.0, 0.5],
        "the model was trained on its own validation fold: in round r, train on every OTHER fold",
    )
    .mistake_array(
        &array![0.75, 0.75, 0.5],
        "the validation score was computed on the training rows",
    )
    .assert();
    expect_array(
        "training accuracy of each round",
        &train,
        &array![0.75, 0.75, 0.5],
    )
    .tol(Tolerance::abs(1e-12))
    .assert();
}

#[test]
fn cross_validate_trains_on_every_other_fold() {
    cross_validate_a_spy(false);
}

#[test]
fn standardizing_before_splitting_is_detected_as_leakage() {
    cross_validate_a_spy(true);
}

/// Cross-validates a spy on numbered rows and checks every round it saw.
fn cross_validate_a_spy(standardized: bool) {
    let (x, y) = numbered_rows();
    let folds = odd_folds();
    let spy = Spy::default();
    let settings = CvSettings {
        scoring: Scoring::R2,
        standardize: standardized,
    };
    call_ok!(cross_validation::cross_validate(
        &spy,
        x.view(),
        y.view(),
        &folds,
        &settings
    ));
    require_rounds(&spy, &x, &folds, standardized);
}

/// Checks that the spy was fit once per round, on exactly the rows outside that round's
/// fold (preprocessed as asked), and asked to predict the validation fold.
fn require_rounds(spy: &Spy, x: &Array2<f64>, folds: &Folds, standardized: bool) {
    let record = spy.0.borrow();
    require(record.fits.len() == folds.len(), || {
        format!(
            "with {} folds the model should be fit {} times (once per round), it was fit {} times",
            folds.len(),
            folds.len(),
            record.fits.len()
        )
    });
    for (fit, (trained_on, targets)) in record.fits.iter().enumerate() {
        // The targets are the row numbers: they say which rows this fit saw.
        let mut rows: Vec<usize> = targets.iter().map(|&t| t as usize).collect();
        rows.sort_unstable();
        let Some(round) = (0..folds.len()).find(|&k| folds.round(k).unwrap().train == rows) else {
            let overlap: Vec<usize> = folds
                .folds
                .iter()
                .flatten()
                .filter(|r| rows.contains(r))
                .copied()
                .collect();
            fail(format!(
                "fit number {fit} was trained on rows {rows:?}, which is not the complement of \
                 any fold (folds: {})\n    likely mistake: {}",
                show(&folds.folds),
                if rows.len() < folds.n_samples / 2 && !overlap.is_empty() {
                    "the model was trained on the validation fold: train on every OTHER fold"
                } else {
                    "in round r, train on every row that is not in fold r (folds.round(r).train)"
                }
            ));
        };
        let split = folds.round(round).unwrap();
        let train_rows = x.select(Axis(0), &split.train);
        let validation_rows = x.select(Axis(0), &split.test);
        if let Some(why) = diagnose_features(trained_on, &train_rows, &train_rows, x, standardized)
        {
            fail(format!(
                "round {round} (validation fold {:?}): the model was trained on the right rows \
                 but with the wrong features\n    likely mistake: {why}",
                split.test
            ));
        }
        let predicted: Vec<&Array2<f64>> = record
            .predictions
            .iter()
            .filter(|(f, _)| *f == fit)
            .map(|(_, p)| p)
            .collect();
        let expected = if standardized {
            standardized_with(&train_rows, &validation_rows)
        } else {
            validation_rows.clone()
        };
        if !predicted.iter().any(|p| same_rows(p, &expected)) {
            let why = predicted
                .iter()
                .find_map(|p| {
                    (p.nrows() == validation_rows.nrows())
                        .then(|| {
                            diagnose_features(p, &validation_rows, &train_rows, x, standardized)
                        })
                        .flatten()
                })
                .unwrap_or("score each round on the rows of its validation fold");
            fail(format!(
                "round {round}: the model trained without fold {:?} was never asked to predict \
                 that fold's rows as expected\n    likely mistake: {why}",
                split.test
            ));
        }
    }
}

#[test]
fn a_decision_tree_on_iris_scores_like_scikit_learn() {
    // scikit-learn 1.9.1, 5 stratified folds (datasets/README.md): a decision tree of
    // unlimited depth averages 0.953 accuracy, one of depth 3 averages 0.973. The course's
    // reference tree (exercise 08_trees/decision_tree) is the same algorithm but breaks
    // ties between equally good splits by a fixed rule (scikit-learn draws the feature
    // order at random), hence a tolerance of 0.03.
    let iris = datasets::iris();
    let folds = iris.reference_folds().expect("bundled folds");
    for (tree, published) in [
        (DecisionTreeClassifier::unlimited(), 0.953),
        (DecisionTreeClassifier::max_depth(3), 0.973),
    ] {
        let scores = call_ok!(cross_validation::cross_validate(
            &tree,
            iris.features.view(),
            iris.targets.view(),
            &folds,
            &CvSettings::new(Scoring::Accuracy)
        ));
        expect(
            format!(
                "5-fold cross-validated accuracy of the {} on iris",
                tree.name()
            ),
            scores.mean_validation(),
            published,
        )
        .tol(Tolerance::abs(0.03))
        .no_generic_diagnosis()
        .assert();
    }
}

#[test]
fn mismatched_inputs_are_errors() {
    let (x, y) = numbered_rows();
    let settings = CvSettings::new(Scoring::R2);
    let long_y = Array1::from_iter((0..9).map(f64::from));
    let error = expect_err(
        "cross_validate with 8 rows and 9 targets",
        "every row needs exactly one target: check_rows(x, y, folds)? first",
        call!(cross_validation::cross_validate(
            &MeanPredictor,
            x.view(),
            long_y.view(),
            &odd_folds(),
            &settings
        )),
    );
    require(
        error
            == (CvError::LengthMismatch {
                rows: 8,
                targets: 9,
            }),
        || format!("expected CvError::LengthMismatch {{ rows: 8, targets: 9 }}, got {error:?}"),
    );
    let folds_for_6 = Folds {
        folds: vec![vec![0, 1, 2], vec![3, 4, 5]],
        n_samples: 6,
    };
    let error = expect_err(
        "cross_validate of 8 rows with folds made for 6",
        "the folds were made for other data: check_rows(x, y, folds)? first",
        call!(cross_validation::cross_validate(
            &MeanPredictor,
            x.view(),
            y.view(),
            &folds_for_6,
            &settings
        )),
    );
    require(
        error == (CvError::FoldsMismatch { folds: 6, rows: 8 }),
        || format!("expected CvError::FoldsMismatch {{ folds: 6, rows: 8 }}, got {error:?}"),
    );
    let folds_for_10 = Folds {
        folds: vec![vec![0, 1, 2, 3, 4], vec![5, 6, 7, 8, 9]],
        n_samples: 10,
    };
    let error = expect_err(
        "cross_validate with 8 rows, 9 targets and folds made for 10 (two faults)",
        "check_rows reports the lengths of x and y first",
        call!(cross_validation::cross_validate(
            &MeanPredictor,
            x.view(),
            long_y.view(),
            &folds_for_10,
            &settings
        )),
    );
    require(
        error
            == (CvError::LengthMismatch {
                rows: 8,
                targets: 9,
            }),
        || format!("two faults: expected LengthMismatch first (check_rows), got {error}"),
    );
    for (count, folds) in [(0, vec![]), (1, vec![(0..8).collect::<Vec<usize>>()])] {
        let error = expect_err(
            &format!("cross_validate with {count} folds"),
            "cross-validation needs at least 2 folds: check_rows(x, y, folds)? returns \
             TooFewFolds",
            call!(cross_validation::cross_validate(
                &MeanPredictor,
                x.view(),
                y.view(),
                &Folds {
                    folds,
                    n_samples: 8
                },
                &settings
            )),
        );
        require(error == CvError::TooFewFolds { folds: count }, || {
            format!(
                "cross_validate with {count} folds: expected CvError::TooFewFolds {{ folds: \
                 {count} }} (from check_rows), got {error}"
            )
        });
    }
    let error = expect_err(
        "cross_validate with a fold that lists row 9 of 8",
        "folds.round(r)? returns RowOutOfRange",
        call!(cross_validation::cross_validate(
            &MeanPredictor,
            x.view(),
            y.view(),
            &Folds {
                folds: vec![vec![0, 1, 2, 3], vec![4, 5, 6, 9]],
                n_samples: 8
            },
            &settings
        )),
    );
    require(
        error
            == (CvError::RowOutOfRange {
                fold: 1,
                row: 9,
                n_samples: 8,
            }),
        || {
            format!(
                "expected CvError::RowOutOfRange {{ fold: 1, row: 9, n_samples: 8 }} (pass on \
                 the error of folds.round(r)?), got {error}"
            )
        },
    );
}
