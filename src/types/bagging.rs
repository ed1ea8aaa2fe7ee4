//! Types for the `bagging` and `random_forest` exercises: a fitted ensemble of trees,
//! the bagging settings, and what can go wrong.

use crate::prep::{Rng, rng};
use crate::types::decision_tree::{DecisionTree, TreeError, TreeParams};
use crate::types::labels::NotAClassIndex;

/// A fitted ensemble of classification trees: bagged trees or a random forest.
#[derive(Debug, Clone, PartialEq)]
pub struct Ensemble {
    /// The trees, in the order they were grown.
    pub trees: Vec<DecisionTree>,
    /// For each tree, its out-of-bag rows: the training rows it never saw, ascending.
    pub out_of_bag: Vec<Vec<usize>>,
    /// The number of classes (labels are `0..n_classes`).
    pub n_classes: usize,
    /// The number of features a sample must have.
    pub n_features: usize,
}

/// The random generator of tree number `tree` in an ensemble seeded with `seed`.
///
/// Each tree gets its own generator (the SplitMix64 expansion inside
/// [`rng`](crate::prep::rng()) makes neighbouring seeds independent), so the trees can be
/// grown in any order, or in parallel, and the same seed still gives the same ensemble.
pub fn tree_rng(seed: u64, tree: usize) -> Rng {
    rng(seed.wrapping_add(tree as u64))
}

/// Settings of a bagged ensemble.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BaggingParams {
    /// How many trees to grow (at least 1).
    pub n_trees: usize,
    /// The growth limits of every tree.
    pub tree: TreeParams,
    /// The seed of the bootstrap samples: tree t draws from `tree_rng(seed, t)`.
    pub seed: u64,
}

impl BaggingParams {
    /// `n_trees` fully grown trees, seed 0.
    pub fn new(n_trees: usize) -> Self {
        BaggingParams {
            n_trees,
            tree: TreeParams::new(),
            seed: 0,
        }
    }

    /// Sets the growth limits of every tree.
    pub fn tree(mut self, tree: TreeParams) -> Self {
        self.tree = tree;
        self
    }

    /// Sets the seed.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// Checks that there is at least one tree and that the tree settings are valid.
    pub fn validate(&self) -> Result<(), EnsembleError> {
        validate_n_trees(self.n_trees)?;
        Ok(self.tree.validate()?)
    }
}

pub(crate) fn validate_n_trees(n_trees: usize) -> Result<(), EnsembleError> {
    if n_trees == 0 {
        return Err(EnsembleError::InvalidParams(
            "n_trees must be at least 1".into(),
        ));
    }
    Ok(())
}

/// Why an ensemble could not be fitted or used.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum EnsembleError {
    #[error("invalid ensemble parameters: {0}")]
    InvalidParams(String),
    #[error(transparent)]
    Tree(#[from] TreeError),
    #[error(transparent)]
    Labels(#[from] NotAClassIndex),
    #[error("the ensemble has no trees, so it has no vote: fit it with at least one tree")]
    NoTrees,
    #[error(
        "tree {tree} has leaves with {got} class counts, but the ensemble has {expected} classes"
    )]
    TreeClasses {
        tree: usize,
        expected: usize,
        got: usize,
    },
    #[error(
        "out-of-bag row {row} does not exist in the {rows} rows given: \
         pass the training data the ensemble was fitted on"
    )]
    NotTrainingData { row: usize, rows: usize },
    #[error(
        "no training row is out of bag for any tree (trained without bootstrap?), \
         so there is no out-of-bag score"
    )]
    NoOutOfBag,
}
