//! Types for the `gradient_boosting` exercise: the settings of a boosted ensemble of
//! regression trees, the fitted model, and what can go wrong.

use crate::prep::{Rng, rng};
use crate::types::decision_tree::{RegressionTree, TreeError, TreeParams};

/// Settings of gradient boosting for regression (squared loss).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BoostingParams {
    /// How many trees (stages) to fit, at least 1.
    pub n_stages: usize,
    /// The shrinkage η in (0, 1]: each tree's prediction is added times η.
    pub learning_rate: f64,
    /// The growth limits of every tree (max depth 3 by default, as scikit-learn's).
    pub tree: TreeParams,
    /// The share of the rows each tree is fitted on, in (0, 1]: below 1, stage m draws
    /// `max(1, ⌊subsample · n⌋)` rows without replacement from [`stage_rng`]`(seed, m)`.
    pub subsample: f64,
    /// The seed of the row draws (unused when `subsample` is 1).
    pub seed: u64,
}

impl BoostingParams {
    /// `n_stages` trees of depth at most 3, learning rate 0.1, every row, seed 0: the
    /// defaults of scikit-learn's `GradientBoostingRegressor`.
    pub fn new(n_stages: usize) -> Self {
        BoostingParams {
            n_stages,
            learning_rate: 0.1,
            tree: TreeParams::new().max_depth(3),
            subsample: 1.0,
            seed: 0,
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

    pub fn subsample(mut self, subsample: f64) -> Self {
        self.subsample = subsample;
        self
    }

    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// Checks, in this order: `n_stages` ≥ 1, `learning_rate` in (0, 1], `subsample` in
    /// (0, 1], then the tree's own settings. Each failure is `InvalidParams` naming the
    /// setting and its value (the tree's is `Tree(InvalidParams)`).
    pub fn validate(&self) -> Result<(), BoostingError> {
        if self.n_stages == 0 {
            return Err(BoostingError::InvalidParams(
                "n_stages must be at least 1, got 0".into(),
            ));
        }
        if !(self.learning_rate > 0.0 && self.learning_rate <= 1.0) {
            return Err(BoostingError::InvalidParams(format!(
                "learning_rate must be in (0, 1], got {}",
                self.learning_rate
            )));
        }
        if !(self.subsample > 0.0 && self.subsample <= 1.0) {
            return Err(BoostingError::InvalidParams(format!(
                "subsample must be in (0, 1], got {}",
                self.subsample
            )));
        }
        Ok(self.tree.validate()?)
    }
}

/// The random generator of stage `stage` (0-based) of a boosted ensemble seeded with
/// `seed`: each stage has its own, so stage m's rows do not depend on how many numbers
/// earlier stages drew.
pub fn stage_rng(seed: u64, stage: usize) -> Rng {
    rng(seed.wrapping_add(stage as u64))
}

/// A fitted boosted ensemble: F(x) = init + η·Σₘ treeₘ(x).
#[derive(Debug, Clone, PartialEq)]
pub struct BoostedModel {
    /// The starting prediction F₀: the mean training target.
    pub init: f64,
    /// η, the shrinkage every tree's prediction is multiplied by.
    pub learning_rate: f64,
    /// The trees, in the order they were fitted.
    pub trees: Vec<RegressionTree>,
    /// How many features a sample must have.
    pub n_features: usize,
}

/// What early stopping kept, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct EarlyStopped {
    /// The model cut back to its best stage: its first `best_stages` trees.
    pub model: BoostedModel,
    /// The validation MSE after each stage fitted (1, 2, …): one entry per tree grown,
    /// including the trees cut back.
    pub validation_losses: Vec<f64>,
    /// The number of stages with the lowest validation loss (the first, on ties).
    pub best_stages: usize,
}

/// Why a boosted model could not be fitted or used.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum BoostingError {
    #[error("invalid boosting parameters: {0}")]
    InvalidParams(String),
    #[error(
        "the validation set has {rows} rows of features but {targets} targets: there must \
         be one target per row"
    )]
    ValidationMismatch { rows: usize, targets: usize },
    #[error("the validation set is empty: early stopping needs rows to score")]
    EmptyValidation,
    /// From the regression trees: empty data, mismatched lengths, a non-finite value,
    /// a sample of the wrong width.
    #[error(transparent)]
    Tree(#[from] TreeError),
}
