//! Types for the `boosted_classifier` exercise: the settings of gradient boosting for
//! binary classification with the log loss, the fitted model, and what can go wrong.

use crate::types::decision_tree::{RegressionTree, TreeError, TreeParams};

/// Settings of gradient boosting for binary classification (log loss).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ClassifierParams {
    /// How many trees (stages) to fit, at least 1.
    pub n_stages: usize,
    /// The shrinkage η in (0, 1]: each tree's leaf values are added times η.
    pub learning_rate: f64,
    /// The growth limits of every tree (max depth 3 by default, as scikit-learn's).
    pub tree: TreeParams,
    /// λ ≥ 0, the L2 regularization of the leaf values: a leaf is −Σg / (Σh + λ).
    /// 0 (the default) is scikit-learn's `GradientBoostingClassifier`; XGBoost's default
    /// is 1.
    pub lambda: f64,
}

impl ClassifierParams {
    /// `n_stages` trees of depth at most 3, learning rate 0.1, λ = 0: the defaults of
    /// scikit-learn's `GradientBoostingClassifier`.
    pub fn new(n_stages: usize) -> Self {
        ClassifierParams {
            n_stages,
            learning_rate: 0.1,
            tree: TreeParams::new().max_depth(3),
            lambda: 0.0,
        }
    }

    pub fn learning_rate(mut self, learning_rate: f64) -> Self {
        self.learning_rate = learning_rate;
        self
    }

    pub fn tree(mut self, tree: TreeParams) -> Self {
        self.tree = tree;
        self
    }

    pub fn lambda(mut self, lambda: f64) -> Self {
        self.lambda = lambda;
        self
    }

    /// Checks, in this order: `n_stages` ≥ 1, `learning_rate` in (0, 1], `lambda` finite
    /// and ≥ 0, then the tree's own settings. Each failure is `InvalidParams` naming the
    /// setting and its value (the tree's is `Tree(InvalidParams)`).
    pub fn validate(&self) -> Result<(), ClassifierError> {
        if self.n_stages == 0 {
            return Err(ClassifierError::InvalidParams(
                "n_stages must be at least 1, got 0".into(),
            ));
        }
        if !(self.learning_rate > 0.0 && self.learning_rate <= 1.0) {
            return Err(ClassifierError::InvalidParams(format!(
                "learning_rate must be in (0, 1], got {}",
                self.learning_rate
            )));
        }
        if !(self.lambda.is_finite() && self.lambda >= 0.0) {
            return Err(ClassifierError::InvalidParams(format!(
                "lambda must be a finite number >= 0, got {}",
                self.lambda
            )));
        }
        Ok(self.tree.validate()?)
    }
}

/// A fitted boosted classifier: the raw score (log-odds of class 1) of a sample is
/// F(x) = init + η·Σₘ treeₘ(x), and P(class 1 | x) = σ(F(x)).
#[derive(Debug, Clone, PartialEq)]
pub struct BoostedClassifier {
    /// The starting raw score F₀ = ln(p̄ / (1 − p̄)), p̄ the share of class 1 in training.
    pub init: f64,
    /// η, the shrinkage every tree's value is multiplied by.
    pub learning_rate: f64,
    /// The trees, in the order they were fitted; each leaf holds its Newton step
    /// −Σg / (Σh + λ) (not the mean of what the tree was fitted to).
    pub trees: Vec<RegressionTree>,
    /// How many features a sample must have.
    pub n_features: usize,
}

/// Why a boosted classifier could not be fitted or used.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ClassifierError {
    #[error("invalid boosting parameters: {0}")]
    InvalidParams(String),
    #[error("row {row} has label {label}: this classifier is binary, every label must be 0 or 1")]
    NotBinary { row: usize, label: usize },
    #[error(
        "every training label is {label}: both classes 0 and 1 must appear (the initial \
         log-odds ln(p / (1 − p)) would be infinite)"
    )]
    OneClass { label: usize },
    /// From the regression trees: empty data, mismatched lengths, a non-finite feature,
    /// a label that is not a class index, a sample of the wrong width.
    #[error(transparent)]
    Tree(#[from] TreeError),
}
