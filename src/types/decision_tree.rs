//! Types for the `decision_tree` and `regression_tree` exercises: the tree itself (an
//! arena of nodes), its growth limits, and what can go wrong.

/// One node of a tree, leaf or split, with what the training data looked like there.
#[derive(Debug, Clone, PartialEq)]
pub struct Node<Leaf> {
    /// How many training samples reached this node (a bootstrap duplicate counts twice).
    pub n_samples: usize,
    /// The impurity of those samples: Gini for a classification tree, the variance of
    /// the targets for a regression tree.
    pub impurity: f64,
    /// What the node does with a sample.
    pub kind: NodeKind<Leaf>,
}

/// What a node does: answer (a leaf), or ask one question and pass the sample on.
#[derive(Debug, Clone, PartialEq)]
pub enum NodeKind<Leaf> {
    /// A leaf: the answer for every sample that reaches it.
    Leaf(Leaf),
    /// A split: a sample goes to `left` when `sample[feature] <= threshold`, else to
    /// `right`; both are indices into the tree's `nodes`.
    Split {
        feature: usize,
        threshold: f64,
        left: usize,
        right: usize,
    },
}

/// A binary tree stored as an arena: every node lives in one `Vec`, the root is
/// `nodes[0]`, and a split names its children by their index in `nodes`.
#[derive(Debug, Clone, PartialEq)]
pub struct Tree<Leaf> {
    pub nodes: Vec<Node<Leaf>>,
    /// How many features a sample must have.
    pub n_features: usize,
}

/// A classification tree: each leaf holds the class counts of the training samples
/// that reached it (`counts[k]` samples of class k; every leaf has one count per class).
pub type DecisionTree = Tree<Vec<usize>>;

/// A regression tree: each leaf holds the mean target of the training samples that
/// reached it.
pub type RegressionTree = Tree<f64>;

/// When a tree stops growing.
///
/// ```
/// use mlings::types::decision_tree::TreeParams;
/// let params = TreeParams::new().max_depth(3).min_samples_leaf(5);
/// assert!(params.validate().is_ok());
/// assert!(TreeParams::new().min_samples_split(1).validate().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TreeParams {
    /// The deepest a leaf may be (the root is at depth 0); `None` for no limit.
    pub max_depth: Option<usize>,
    /// A node with fewer samples than this becomes a leaf (at least 2).
    pub min_samples_split: usize,
    /// A split must leave at least this many samples on each side (at least 1).
    pub min_samples_leaf: usize,
}

impl Default for TreeParams {
    fn default() -> Self {
        Self::new()
    }
}

impl TreeParams {
    /// No depth limit, `min_samples_split` 2, `min_samples_leaf` 1 (scikit-learn's
    /// defaults): the tree grows until its leaves are pure or cannot be split.
    pub fn new() -> Self {
        TreeParams {
            max_depth: None,
            min_samples_split: 2,
            min_samples_leaf: 1,
        }
    }

    /// Limits the depth: a node at this depth becomes a leaf.
    pub fn max_depth(mut self, max_depth: usize) -> Self {
        self.max_depth = Some(max_depth);
        self
    }

    /// Sets the fewest samples a node needs to be split.
    pub fn min_samples_split(mut self, min_samples_split: usize) -> Self {
        self.min_samples_split = min_samples_split;
        self
    }

    /// Sets the fewest samples each side of a split must keep.
    pub fn min_samples_leaf(mut self, min_samples_leaf: usize) -> Self {
        self.min_samples_leaf = min_samples_leaf;
        self
    }

    /// Checks `min_samples_split >= 2` and `min_samples_leaf >= 1`.
    pub fn validate(&self) -> Result<(), TreeError> {
        if self.min_samples_split < 2 {
            return Err(TreeError::InvalidParams(format!(
                "min_samples_split must be at least 2 (a split needs two samples), got {}",
                self.min_samples_split
            )));
        }
        if self.min_samples_leaf < 1 {
            return Err(TreeError::InvalidParams(
                "min_samples_leaf must be at least 1 (a leaf cannot be empty), got 0".into(),
            ));
        }
        Ok(())
    }
}

/// Why a tree could not be grown, used, or printed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum TreeError {
    #[error("invalid tree parameters: {0}")]
    InvalidParams(String),
    #[error("no training samples: a tree needs at least one")]
    Empty,
    #[error("{rows} rows of features but {targets} targets: there must be one target per row")]
    LengthMismatch { rows: usize, targets: usize },
    #[error("row {row}, feature {feature} is {value}: every feature must be a finite number")]
    NonFiniteFeature {
        row: usize,
        feature: usize,
        value: f64,
    },
    #[error("the target of row {row} is {value}: every target must be a finite number")]
    NonFiniteTarget { row: usize, value: f64 },
    /// A label too large to be a class index (an ID or a price read as a label).
    #[error(transparent)]
    NotAClassIndex(#[from] crate::types::labels::NotAClassIndex),
    #[error("row {row} has label {label}, but there are only {n_classes} classes (0..{n_classes})")]
    LabelOutOfRange {
        row: usize,
        label: usize,
        n_classes: usize,
    },
    #[error("row index {row} is out of range: the data has {n_rows} rows")]
    RowOutOfRange { row: usize, n_rows: usize },
    #[error("the tree was trained on {expected} features, but the input has {got}")]
    FeatureCount { expected: usize, got: usize },
    #[error(
        "feature {feature} was chosen for a split, but the data has only {n_features} features"
    )]
    FeatureOutOfRange { feature: usize, n_features: usize },
    #[error("no feature was chosen for a split: choose at least one")]
    NoFeatureChosen,
    #[error("{got} feature names for a tree with {expected} features")]
    FeatureNames { expected: usize, got: usize },
    #[error("the tree is malformed: node {node} {why}")]
    Malformed { node: usize, why: &'static str },
}
