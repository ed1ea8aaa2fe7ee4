//! Types for the `histogram_boosting` exercise: binned features, gradient/Hessian
//! histograms, a split found on bins, the settings of the histogram booster, and what
//! can go wrong. The fitted model is the exact booster's
//! [`BoostedClassifier`](crate::types::boosted_classifier::BoostedClassifier).

use ndarray::Array2;

use crate::types::boosted_classifier::{ClassifierError, ClassifierParams};
use crate::types::decision_tree::TreeError;

/// The most bins a feature may have: a bin index must fit in a `u8`, and scikit-learn's
/// `HistGradientBoosting` keeps its 256th bin for missing values.
pub const MAX_BINS: usize = 255;

/// Settings of the histogram booster: the exact booster's settings and the bin budget.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HistParams {
    /// Stages, learning rate, tree limits (depth 3 by default) and λ, as for
    /// `boosted_classifier`.
    pub classifier: ClassifierParams,
    /// The most bins of one feature, in 2..=255 (255 by default, as scikit-learn's).
    pub max_bins: usize,
}

impl HistParams {
    /// `n_stages` trees of depth at most 3, learning rate 0.1, λ = 0, 255 bins.
    pub fn new(n_stages: usize) -> Self {
        HistParams {
            classifier: ClassifierParams::new(n_stages),
            max_bins: MAX_BINS,
        }
    }

    pub fn classifier(mut self, classifier: ClassifierParams) -> Self {
        self.classifier = classifier;
        self
    }

    pub fn max_bins(mut self, max_bins: usize) -> Self {
        self.max_bins = max_bins;
        self
    }

    /// Checks the classifier's settings first (`Classifier(...)`), then that `max_bins`
    /// is in 2..=255 (`InvalidParams` naming it and its value).
    pub fn validate(&self) -> Result<(), HistError> {
        self.classifier.validate()?;
        check_max_bins(self.max_bins)
    }
}

/// `InvalidParams` unless `max_bins` is in 2..=255.
pub fn check_max_bins(max_bins: usize) -> Result<(), HistError> {
    if (2..=MAX_BINS).contains(&max_bins) {
        Ok(())
    } else {
        Err(HistError::InvalidParams(format!(
            "max_bins must be in 2..=255 (a bin index is a u8), got {max_bins}"
        )))
    }
}

/// Every feature cut into bins once, before boosting starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Binned {
    /// `codes[[i, j]]`: the bin of feature j of row i (the number of `edges[j]` below
    /// the value).
    pub codes: Array2<u8>,
    /// `edges[j]`: the ascending bin edges of feature j; feature j has
    /// `edges[j].len() + 1` bins, and a value goes to bin b when
    /// `edges[j][b − 1] < value <= edges[j][b]`.
    pub edges: Vec<Vec<f64>>,
}

impl Binned {
    /// How many bins feature `feature` has.
    pub fn n_bins(&self, feature: usize) -> usize {
        self.edges[feature].len() + 1
    }
}

/// What one bin of one feature holds for the rows of a node.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Bin {
    /// How many of the node's rows fall in the bin.
    pub count: usize,
    /// Σ g over those rows.
    pub sum_gradient: f64,
    /// Σ h over those rows.
    pub sum_hessian: f64,
}

/// The gradient/Hessian histogram of one node: `bins[j][b]` is bin b of feature j.
#[derive(Debug, Clone, PartialEq)]
pub struct Histogram {
    pub bins: Vec<Vec<Bin>>,
}

/// The best split of a node found on its histogram: rows whose bin of `feature` is at
/// most `bin` go left.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BinSplit {
    pub feature: usize,
    /// The last bin on the left.
    pub bin: usize,
    /// The decrease of the squared error Σ(r − r̄)² of the negative gradients r = −g:
    /// G_L²/n_L + G_R²/n_R − G²/n.
    pub gain: f64,
    /// How many rows go left and right.
    pub n_left: usize,
    pub n_right: usize,
}

/// Why a histogram booster could not be fitted, or a histogram built.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum HistError {
    #[error("invalid histogram boosting parameters: {0}")]
    InvalidParams(String),
    #[error(
        "the data has {rows} rows but {gradients} gradients and {hessians} Hessians: there \
         must be one of each per row"
    )]
    GradientCount {
        rows: usize,
        gradients: usize,
        hessians: usize,
    },
    #[error("the parent histogram has {parent} features, the child's {child}")]
    FeatureMismatch { parent: usize, child: usize },
    #[error("feature {feature} has {parent} bins in the parent histogram, {child} in the child's")]
    BinMismatch {
        feature: usize,
        parent: usize,
        child: usize,
    },
    #[error(
        "feature {feature}, bin {bin}: the child has {child} rows but the parent only \
         {parent}: the child's rows must be some of the parent's"
    )]
    NotAChild {
        feature: usize,
        bin: usize,
        parent: usize,
        child: usize,
    },
    /// From the exact booster: its settings, the labels (`NotBinary`, `OneClass`), and
    /// the trees' data errors (`Tree(...)`).
    #[error(transparent)]
    Classifier(#[from] ClassifierError),
}

impl From<TreeError> for HistError {
    fn from(error: TreeError) -> Self {
        HistError::Classifier(ClassifierError::Tree(error))
    }
}
