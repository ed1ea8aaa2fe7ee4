//! Comparing the learner's numbers with expected ones, and explaining the difference.

use std::fmt::Write;

use ndarray::{ArrayBase, ArrayView, Data, Dimension, IxDyn};

/// How close is close enough: `|got - expected| <= abs + rel * |expected|`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tolerance {
    pub rel: f64,
    pub abs: f64,
}

impl Tolerance {
    /// Round-off only: for closed-form results computed the same way.
    pub const TIGHT: Tolerance = Tolerance {
        rel: 1e-9,
        abs: 1e-12,
    };

    /// A relative tolerance (with a tiny absolute floor for values near 0).
    pub fn rel(rel: f64) -> Self {
        Tolerance { rel, abs: 1e-12 }
    }

    /// An absolute tolerance.
    pub fn abs(abs: f64) -> Self {
        Tolerance { rel: 0.0, abs }
    }

    /// Whether `got` is within tolerance of `expected` (both NaN never counts as close).
    pub fn accepts(&self, got: f64, expected: f64) -> bool {
        if expected.is_infinite() {
            return got == expected;
        }
        (got - expected).abs() <= self.abs + self.rel * expected.abs()
    }
}

impl Default for Tolerance {
    fn default() -> Self {
        Tolerance {
            rel: 1e-6,
            abs: 1e-9,
        }
    }
}

/// A known wrong answer and what it reveals, e.g. the sum where the mean was asked.
struct Mistake {
    factor_or_value: Expectation,
    explanation: String,
}

enum Expectation {
    /// The wrong answer is `factor * expected`.
    Factor(f64),
    /// The wrong answer is this value (or array, flattened).
    Values(Vec<f64>),
}

/// A comparison of the learner's scalar or array with the expected one.
///
/// ```
/// use mlings::grade::{Tolerance, expect};
/// expect("mean of [1, 2, 3, 4]", 2.5, 2.5)
///     .n(4)
///     .mistake(10.0, "you returned the sum: divide it by the number of values")
///     .tol(Tolerance::TIGHT)
///     .assert();
/// ```
#[must_use = "a check does nothing until .assert() is called"]
pub struct Check {
    what: String,
    got: Vec<f64>,
    got_shape: Vec<usize>,
    expected: Vec<f64>,
    expected_shape: Vec<usize>,
    tol: Tolerance,
    n: Option<usize>,
    mistakes: Vec<Mistake>,
    generic_factors: bool,
}

/// Starts a check that the scalar `got` is close to `expected`.
pub fn expect(what: impl Into<String>, got: f64, expected: f64) -> Check {
    Check::new(what.into(), vec![got], vec![], vec![expected], vec![])
}

/// Starts a check that the array `got` has `expected`'s shape and is close element-wise.
pub fn expect_array<S1, S2, D1, D2>(
    what: impl Into<String>,
    got: &ArrayBase<S1, D1>,
    expected: &ArrayBase<S2, D2>,
) -> Check
where
    S1: Data<Elem = f64>,
    S2: Data<Elem = f64>,
    D1: Dimension,
    D2: Dimension,
{
    Check::new(
        what.into(),
        got.iter().copied().collect(),
        got.shape().to_vec(),
        expected.iter().copied().collect(),
        expected.shape().to_vec(),
    )
}

impl Check {
    fn new(
        what: String,
        got: Vec<f64>,
        got_shape: Vec<usize>,
        expected: Vec<f64>,
        expected_shape: Vec<usize>,
    ) -> Self {
        Check {
            what,
            got,
            got_shape,
            expected,
            expected_shape,
            tol: Tolerance::default(),
            n: None,
            mistakes: Vec::new(),
            generic_factors: true,
        }
    }

    /// Sets the tolerance (default: relative 1e-6, absolute 1e-9).
    pub fn tol(mut self, tol: Tolerance) -> Self {
        self.tol = tol;
        self
    }

    /// The number of samples behind the value: enables the "off by a factor of n" and
    /// "n versus n - 1" diagnoses.
    pub fn n(mut self, n: usize) -> Self {
        self.n = Some(n);
        self
    }

    /// A specific wrong value and what it means, checked before the generic diagnoses.
    pub fn mistake(mut self, wrong: f64, explanation: impl Into<String>) -> Self {
        self.mistakes.push(Mistake {
            factor_or_value: Expectation::Values(vec![wrong]),
            explanation: explanation.into(),
        });
        self
    }

    /// A specific wrong array and what it means.
    pub fn mistake_array<S: Data<Elem = f64>, D: Dimension>(
        mut self,
        wrong: &ArrayBase<S, D>,
        explanation: impl Into<String>,
    ) -> Self {
        self.mistakes.push(Mistake {
            factor_or_value: Expectation::Values(wrong.iter().copied().collect()),
            explanation: explanation.into(),
        });
        self
    }

    /// A wrong answer that is `factor` times the right one, and what it means
    /// (replaces the generic wording for that factor).
    pub fn mistake_factor(mut self, factor: f64, explanation: impl Into<String>) -> Self {
        self.mistakes.push(Mistake {
            factor_or_value: Expectation::Factor(factor),
            explanation: explanation.into(),
        });
        self
    }

    /// Turns off the generic factor diagnoses (2, 1/2, -1, n), for values where such a
    /// ratio would be a coincidence rather than a clue.
    pub fn no_generic_diagnosis(mut self) -> Self {
        self.generic_factors = false;
        self
    }

    /// Fails the test with an explanation unless `got` matches `expected`.
    #[track_caller]
    pub fn assert(self) {
        if let Some(report) = self.failure() {
            super::fail(report);
        }
    }

    /// The failure report, or `None` when the check passes.
    pub fn failure(&self) -> Option<String> {
        let scalar = self.expected_shape.is_empty() && self.got_shape.is_empty();
        if !scalar && self.got_shape != self.expected_shape {
            return Some(self.shape_report());
        }
        if let Some(i) = self.got.iter().position(|g| !g.is_finite()) {
            let expected_finite = self.expected.get(i).is_some_and(|e| e.is_finite());
            if expected_finite {
                return Some(self.non_finite_report(i));
            }
        }
        let worst = self.worst_element()?;
        Some(self.value_report(worst))
    }

    /// Index of the element furthest outside the tolerance, if any is outside.
    fn worst_element(&self) -> Option<usize> {
        self.got
            .iter()
            .zip(&self.expected)
            .enumerate()
            .filter(|(_, (g, e))| !self.tol.accepts(**g, **e))
            .max_by(|(_, (g1, e1)), (_, (g2, e2))| {
                let d1 = (*g1 - *e1).abs();
                let d2 = (*g2 - *e2).abs();
                d1.partial_cmp(&d2).unwrap_or(std::cmp::Ordering::Greater)
            })
            .map(|(i, _)| i)
    }

    fn shape_report(&self) -> String {
        let mut report = format!(
            "{}: wrong shape\n    expected shape: {:?}\n    got shape:      {:?}",
            self.what, self.expected_shape, self.got_shape
        );
        let mut reversed = self.expected_shape.clone();
        reversed.reverse();
        if self.got_shape.len() == 2 && reversed == self.got_shape {
            report.push_str("\n    likely mistake: rows and columns are swapped (a transpose too many or too few?)");
        } else if self.got_shape.iter().product::<usize>()
            == self.expected_shape.iter().product::<usize>()
        {
            report.push_str("\n    likely mistake: the right number of values in the wrong layout");
        }
        report
    }

    fn non_finite_report(&self, i: usize) -> String {
        format!(
            "{}: got {}{} where a finite number was expected ({})\n    \
             likely mistake: a division by zero, the log or square root of a number <= 0, \
             an exp() that overflowed, or values that grew without bound (an iterative \
             method stepping the wrong way, or with too large a step)",
            self.what,
            self.got[i],
            self.position(i),
            self.expected[i],
        )
    }

    fn value_report(&self, i: usize) -> String {
        let (got, expected) = (self.got[i], self.expected[i]);
        let diff = got - expected;
        let mut report = format!("{}: wrong value{}\n", self.what, self.position(i));
        let _ = writeln!(report, "    expected: {expected}");
        let _ = write!(report, "    got:      {got}  (off by {diff:+.6e}");
        if expected != 0.0 {
            let _ = write!(report, ", {:.3}%", 100.0 * diff.abs() / expected.abs());
        }
        report.push(')');
        let wrong = self
            .got
            .iter()
            .zip(&self.expected)
            .filter(|(g, e)| !self.tol.accepts(**g, **e))
            .count();
        if self.got.len() > 1 {
            let _ = write!(report, "\n    {wrong} of {} values differ", self.got.len());
        }
        let _ = write!(
            report,
            "\n    tolerance: {:e} relative + {:e} absolute",
            self.tol.rel, self.tol.abs
        );
        if let Some(diagnosis) = self.diagnosis() {
            let _ = write!(report, "\n    likely mistake: {diagnosis}");
        }
        report
    }

    fn position(&self, flat: usize) -> String {
        if self.expected_shape.is_empty() {
            return String::new();
        }
        let mut index = vec![0; self.expected_shape.len()];
        let mut rest = flat;
        for (axis, &len) in self.expected_shape.iter().enumerate().rev() {
            index[axis] = rest % len.max(1);
            rest /= len.max(1);
        }
        format!(" at index {index:?}")
    }

    /// Whether every value of `got` is close to `f(expected)`.
    fn matches(&self, wrong: &[f64]) -> bool {
        wrong.len() == self.got.len()
            && self
                .got
                .iter()
                .zip(wrong)
                .all(|(g, w)| Tolerance::rel(1e-6).accepts(*g, *w))
    }

    fn matches_factor(&self, factor: f64) -> bool {
        let scaled: Vec<f64> = self.expected.iter().map(|e| factor * e).collect();
        self.expected.iter().any(|e| *e != 0.0) && self.matches(&scaled)
    }

    fn diagnosis(&self) -> Option<String> {
        for mistake in &self.mistakes {
            let hit = match &mistake.factor_or_value {
                Expectation::Factor(f) => self.matches_factor(*f),
                Expectation::Values(values) => self.matches(values),
            };
            if hit {
                return Some(mistake.explanation.clone());
            }
        }
        if !self.generic_factors {
            return None;
        }
        let mut generic: Vec<(f64, String)> = vec![
            (
                -1.0,
                "the sign is flipped (a minus sign missing, or a - b where b - a was meant)".into(),
            ),
            (
                2.0,
                "off by a factor of 2 (the 1/2 in a squared loss, or its derivative?)".into(),
            ),
            (
                0.5,
                "off by a factor of 1/2 (a stray 1/2, or a 2 from a derivative missing?)".into(),
            ),
        ];
        if let Some(n) = self.n.filter(|&n| n > 2) {
            let n_f = n as f64;
            generic.push((
                n_f,
                format!("off by a factor of n = {n}: did you sum where you should average?"),
            ));
            generic.push((
                1.0 / n_f,
                format!("off by a factor of 1/n = 1/{n}: did you divide by n once too often?"),
            ));
            generic.push((
                n_f / (n_f - 1.0),
                format!(
                    "you divided by n - 1 = {} where n = {n} was asked for",
                    n - 1
                ),
            ));
            generic.push((
                (n_f - 1.0) / n_f,
                format!(
                    "you divided by n = {n} where n - 1 = {} was asked for",
                    n - 1
                ),
            ));
            generic.push((
                n_f.sqrt(),
                "off by a factor of sqrt(n): a mean where a sum was meant, under a square root?"
                    .into(),
            ));
        }
        generic
            .into_iter()
            .find(|(factor, _)| self.matches_factor(*factor))
            .map(|(_, explanation)| explanation)
    }
}

/// Fails unless every value of `values` is finite, naming the first that is not.
#[track_caller]
pub fn assert_finite<S: Data<Elem = f64>, D: Dimension>(what: &str, values: &ArrayBase<S, D>) {
    let dyn_view: ArrayView<f64, IxDyn> = values.view().into_dyn();
    if let Some((index, value)) = dyn_view.indexed_iter().find(|(_, v)| !v.is_finite()) {
        super::fail(format!(
            "{what}: element {:?} is {value}; every value should be a finite number\n    \
             likely mistake: a division by zero, the log of 0, an exp() that overflowed, or \
             values that grew without bound (a step the wrong way, or too large a step)",
            index.slice()
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    fn report(check: Check) -> String {
        check.failure().expect("the check should fail")
    }

    #[test]
    fn close_values_pass() {
        assert!(expect("x", 1.0 + 1e-9, 1.0).failure().is_none());
        assert!(
            expect_array("a", &array![1.0, 2.0], &array![1.0, 2.0])
                .failure()
                .is_none()
        );
    }

    #[test]
    fn scalar_report_shows_expected_got_and_difference() {
        let text = report(expect("mean", 3.0, 2.5));
        assert!(text.contains("expected: 2.5"), "{text}");
        assert!(text.contains("got:      3"), "{text}");
        assert!(text.contains("20.000%"), "{text}");
    }

    #[test]
    fn generic_diagnoses() {
        assert!(report(expect("v", -2.0, 2.0)).contains("sign is flipped"));
        assert!(report(expect("v", 4.0, 2.0)).contains("factor of 2"));
        assert!(report(expect("v", 10.0, 2.5).n(4)).contains("sum where you should average"));
        assert!(report(expect("v", 4.0, 3.0).n(4)).contains("divided by n - 1 = 3"));
        assert!(!report(expect("v", 3.0, 2.0).n(4)).contains("likely mistake"));
        assert!(!report(expect("v", -2.0, 2.0).no_generic_diagnosis()).contains("likely"));
    }

    #[test]
    fn specific_mistakes_come_first() {
        let text = report(expect("v", 4.0, 2.0).mistake(4.0, "you squared twice"));
        assert!(text.contains("likely mistake: you squared twice"), "{text}");
        let text = report(
            expect_array("w", &array![2.0, 4.0], &array![1.0, 2.0])
                .mistake_factor(2.0, "the gradient has a 2 too many"),
        );
        assert!(text.contains("a 2 too many"), "{text}");
    }

    #[test]
    fn array_report_names_the_worst_element() {
        let text = report(expect_array(
            "z",
            &array![[1.0, 2.0], [3.0, 9.0]],
            &array![[1.0, 2.0], [3.0, 4.0]],
        ));
        assert!(text.contains("at index [1, 1]"), "{text}");
        assert!(text.contains("1 of 4 values differ"), "{text}");
    }

    #[test]
    fn shapes_are_named_and_transposes_spotted() {
        let text = report(expect_array(
            "c",
            &array![[1.0, 2.0, 3.0]],
            &array![[1.0], [2.0], [3.0]],
        ));
        assert!(text.contains("expected shape: [3, 1]"), "{text}");
        assert!(text.contains("got shape:      [1, 3]"), "{text}");
        assert!(text.contains("swapped"), "{text}");
    }

    #[test]
    fn nan_is_reported_as_such() {
        let text = report(expect("v", f64::NAN, 1.0));
        assert!(text.contains("got NaN"), "{text}");
        let payload = std::panic::catch_unwind(|| assert_finite("w", &array![1.0, f64::INFINITY]));
        assert!(payload.is_err());
    }
}
