//! Types for the `random_forest` exercise. A fitted forest is an
//! [`Ensemble`](crate::types::bagging::Ensemble), like bagged trees.

use crate::types::bagging::{EnsembleError, validate_n_trees};
use crate::types::decision_tree::TreeParams;

/// How many features a tree may choose from at each split.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MaxFeatures {
    /// ⌊√p⌋ of the p features (at least 1): Breiman's choice for classification.
    Sqrt,
    /// All p features: bagged trees, no feature sampling.
    All,
    /// This many features (at most p are used).
    Count(usize),
}

impl MaxFeatures {
    /// How many of `n_features` features to draw at each split.
    ///
    /// ```
    /// use mlings::types::random_forest::MaxFeatures;
    /// assert_eq!(MaxFeatures::Sqrt.count(30), 5);
    /// assert_eq!(MaxFeatures::Count(50).count(30), 30);
    /// ```
    pub fn count(self, n_features: usize) -> usize {
        let k = match self {
            MaxFeatures::Sqrt => (n_features as f64).sqrt().floor() as usize,
            MaxFeatures::All => n_features,
            MaxFeatures::Count(k) => k,
        };
        k.clamp(1, n_features.max(1))
    }
}

/// Settings of a random forest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ForestParams {
    /// How many trees to grow (at least 1).
    pub n_trees: usize,
    /// The growth limits of every tree.
    pub tree: TreeParams,
    /// How many features each split may choose from.
    pub max_features: MaxFeatures,
    /// Whether each tree trains on a bootstrap sample (true) or on every row (false).
    pub bootstrap: bool,
    /// The seed: tree t draws its bootstrap sample and its features from
    /// `tree_rng(seed, t)`.
    pub seed: u64,
}

impl ForestParams {
    /// `n_trees` fully grown trees, √p features per split, bootstrap, seed 0
    /// (scikit-learn's `RandomForestClassifier` defaults).
    pub fn new(n_trees: usize) -> Self {
        ForestParams {
            n_trees,
            tree: TreeParams::new(),
            max_features: MaxFeatures::Sqrt,
            bootstrap: true,
            seed: 0,
        }
    }

    /// Sets the growth limits of every tree.
    pub fn tree(mut self, tree: TreeParams) -> Self {
        self.tree = tree;
        self
    }

    /// Sets how many features each split may choose from.
    pub fn max_features(mut self, max_features: MaxFeatures) -> Self {
        self.max_features = max_features;
        self
    }

    /// Turns bootstrap sampling on or off.
    pub fn bootstrap(mut self, bootstrap: bool) -> Self {
        self.bootstrap = bootstrap;
        self
    }

    /// Sets the seed.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// Checks that there is at least one tree, a positive feature count and valid tree
    /// settings.
    pub fn validate(&self) -> Result<(), EnsembleError> {
        validate_n_trees(self.n_trees)?;
        if self.max_features == MaxFeatures::Count(0) {
            return Err(EnsembleError::InvalidParams(
                "max_features must be at least 1".into(),
            ));
        }
        Ok(self.tree.validate()?)
    }
}
