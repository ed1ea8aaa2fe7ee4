//! The course's reference solutions behind the [`Model`] trait: the trees of
//! `08_trees`, the linear models of `03_regression`, logistic regression (by the Newton
//! method of `02_optimization`) and the network of `11_neural_networks`. Each adapter only converts targets and errors; the model code
//! is the reference solution's, in one place.
//!
//! The reference tree breaks every tie by a fixed rule (the first feature, then the
//! lowest threshold, wins equally good splits; the smallest label wins a tied vote), so
//! it gives the same tree on the same rows every time: a yardstick a grader can trust.

use std::fmt::Display;

use ndarray::{Array1, ArrayView1, ArrayView2};

use super::{failed, predictor};
use crate::reference::decision_tree::{self, first_max_index};
use crate::reference::{
    bagging, linear_regression, logistic_regression, neural_network, newton_method,
};
use crate::reference::{random_forest, ridge};
use crate::types::decision_tree::TreeParams;
use crate::types::logistic_regression::{LogisticError, LogisticModel};
use crate::types::model::{Fitted, Model, ModelError, check_training_data, class_labels};
use crate::types::neural_network::TrainParams;
use crate::types::newton_method::{LogisticNewtonParams, NewtonError};
use crate::types::random_forest::ForestParams;

/// The reference CART classification tree (Gini impurity) of the `decision_tree`
/// exercise, grown with these limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DecisionTreeClassifier {
    pub params: TreeParams,
}

impl DecisionTreeClassifier {
    /// A tree grown until its leaves are pure (or their rows identical).
    pub fn unlimited() -> Self {
        Self::default()
    }

    /// A tree at most `depth` splits deep.
    pub fn max_depth(depth: usize) -> Self {
        Self {
            params: TreeParams::new().max_depth(depth),
        }
    }
}

impl Model for DecisionTreeClassifier {
    fn name(&self) -> String {
        match self.params.max_depth {
            None => "decision tree".into(),
            Some(depth) => format!("decision tree (max depth {depth})"),
        }
    }

    fn fit(&self, x: ArrayView2<f64>, y: ArrayView1<f64>) -> Result<Box<dyn Fitted>, ModelError> {
        let fit = |labels: ArrayView1<usize>| decision_tree::fit(x, labels, &self.params);
        fit_classifier(self.name(), x, y, fit, decision_tree::predict)
    }
}

/// The reference random forest of the `random_forest` exercise: bootstrap samples,
/// a random subset of the features at every split, majority of the averaged votes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RandomForest {
    pub params: ForestParams,
}

impl Model for RandomForest {
    fn name(&self) -> String {
        format!("random forest ({} trees)", self.params.n_trees)
    }

    fn fit(&self, x: ArrayView2<f64>, y: ArrayView1<f64>) -> Result<Box<dyn Fitted>, ModelError> {
        let fit = |labels: ArrayView1<usize>| random_forest::fit(x, labels, &self.params);
        fit_classifier(self.name(), x, y, fit, bagging::predict)
    }
}

/// The reference ridge regression of the `ridge` exercise: least squares plus the
/// penalty α‖w‖² (the intercept is not penalized); α = 0 is plain least squares.
/// Standardize the features, so that the penalty weighs every feature alike.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ridge {
    pub alpha: f64,
}

impl Model for Ridge {
    fn name(&self) -> String {
        if self.alpha == 0.0 {
            "least squares".into()
        } else {
            format!("ridge (α = {})", self.alpha)
        }
    }

    fn fit(&self, x: ArrayView2<f64>, y: ArrayView1<f64>) -> Result<Box<dyn Fitted>, ModelError> {
        check_training_data(x, y)?;
        let name = self.name();
        let model = ridge::fit(x, y, self.alpha).map_err(|e| failed(&name, e))?;
        Ok(predictor(move |x| {
            linear_regression::predict(&model, x).map_err(|e| failed(&name, e))
        }))
    }
}

/// The course's reference logistic regression: L2-regularized, in scikit-learn's
/// convention (minimize C · Σ log-loss + ½‖w‖², intercept not penalized), fitted by
/// Newton's method, the reference of the `newton_method` exercise (a dozen steps to the
/// optimum, where the gradient descent of `logistic_regression` takes thousands). It is
/// binary; with more than two classes it fits one model per class k (class k against
/// the rest) and predicts the class whose model gives the largest logit (one-vs-rest).
/// Standardize the features.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LogisticRegression {
    /// scikit-learn's `C` (> 0): larger means less regularization.
    pub c: f64,
}

impl LogisticRegression {
    /// scikit-learn's penalty `C`.
    pub fn new(c: f64) -> Self {
        Self { c }
    }

    /// One binary model per class of `labels` (just one for two classes).
    fn fit_per_class(
        &self,
        x: ArrayView2<f64>,
        labels: ArrayView1<usize>,
    ) -> Result<Vec<LogisticModel>, NewtonError> {
        let params = LogisticNewtonParams::new(self.c);
        let fit = |labels: ArrayView1<usize>| {
            newton_method::fit_logistic(x, labels, &params).map(|fit| fit.model)
        };
        let n_classes = labels.iter().max().map_or(0, |&m| m + 1);
        if n_classes <= 2 {
            return Ok(vec![fit(labels)?]);
        }
        (0..n_classes)
            .map(|k| fit(labels.mapv(|l| usize::from(l == k)).view()))
            .collect()
    }
}

/// scikit-learn's default, `C = 1`.
impl Default for LogisticRegression {
    fn default() -> Self {
        Self::new(1.0)
    }
}

impl Model for LogisticRegression {
    fn name(&self) -> String {
        format!("logistic regression (C = {})", self.c)
    }

    fn fit(&self, x: ArrayView2<f64>, y: ArrayView1<f64>) -> Result<Box<dyn Fitted>, ModelError> {
        let fit = |labels: ArrayView1<usize>| self.fit_per_class(x, labels);
        let predict = |models: &Vec<_>, x: ArrayView2<f64>| predict_per_class(models, x);
        fit_classifier(self.name(), x, y, fit, predict)
    }
}

/// The class of each row of `x`: from one binary model, class 1 when its logit is
/// positive; from one model per class, the class whose logit is largest (the smallest
/// class among equal ones).
fn predict_per_class(
    models: &[LogisticModel],
    x: ArrayView2<f64>,
) -> Result<Array1<usize>, LogisticError> {
    let logits = models
        .iter()
        .map(|model| logistic_regression::logits(model, x))
        .collect::<Result<Vec<_>, _>>()?;
    if let [binary] = logits.as_slice() {
        return Ok(binary.mapv(|z| usize::from(z > 0.0)));
    }
    Ok(Array1::from_shape_fn(x.nrows(), |row| {
        first_max_index(logits.iter().map(|z| z[row]))
    }))
}

/// Fits a reference classifier with `fit` on the class labels of `y`, and boxes it with
/// its `predict`: labels back to `f64`, errors named after the model.
fn fit_classifier<M: 'static, E: Display, F: Display + 'static>(
    name: String,
    x: ArrayView2<f64>,
    y: ArrayView1<f64>,
    fit: impl FnOnce(ArrayView1<usize>) -> Result<M, E>,
    predict: impl Fn(&M, ArrayView2<f64>) -> Result<Array1<usize>, F> + 'static,
) -> Result<Box<dyn Fitted>, ModelError> {
    check_training_data(x, y)?;
    let model = fit(class_labels(y)?.view()).map_err(|e| failed(&name, e))?;
    Ok(predictor(move |x| {
        let labels = predict(&model, x).map_err(|e| failed(&name, e))?;
        Ok(labels.mapv(|l| l as f64))
    }))
}

/// A two-layer perceptron trained by the reference solution of the `neural_network`
/// exercise with these settings. Standardize its features (its weights start small).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NeuralNetwork {
    pub params: TrainParams,
}

impl Model for NeuralNetwork {
    fn name(&self) -> String {
        format!(
            "neural network ({} {:?} units)",
            self.params.hidden, self.params.activation
        )
    }

    fn fit(&self, x: ArrayView2<f64>, y: ArrayView1<f64>) -> Result<Box<dyn Fitted>, ModelError> {
        let train = |labels: ArrayView1<usize>| {
            neural_network::train(x, labels, &self.params).map(|training| training.network)
        };
        fit_classifier(self.name(), x, y, train, neural_network::predict)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn tree_splits_halfway_and_stops_at_its_depth() {
        // Labels 0, 0, 1 at x = 1, 2, 4: the only useful split is x <= 3.
        let x = array![[1.0], [2.0], [4.0]];
        let y = array![0.0, 0.0, 1.0];
        let fitted = DecisionTreeClassifier::unlimited()
            .fit(x.view(), y.view())
            .unwrap();
        let predicted = fitted.predict(array![[2.9], [3.1]].view()).unwrap();
        assert_eq!(predicted, array![0.0, 1.0]);
        let stump = DecisionTreeClassifier::max_depth(0)
            .fit(x.view(), y.view())
            .unwrap();
        assert_eq!(stump.predict(x.view()).unwrap(), array![0.0, 0.0, 0.0]);
        assert!(stump.predict(array![[1.0, 2.0]].view()).is_err());
    }

    #[test]
    fn ridge_without_penalty_recovers_a_line() {
        let x = array![[0.0], [1.0], [2.0]];
        let fitted = Ridge { alpha: 0.0 }
            .fit(x.view(), array![1.0, 3.0, 5.0].view())
            .unwrap();
        let predicted = fitted.predict(array![[3.0]].view()).unwrap();
        assert!((predicted[0] - 7.0).abs() < 1e-9);
    }

    #[test]
    fn logistic_regression_one_vs_rest_separates_three_groups() {
        let x = array![[-3.0], [-2.0], [0.0], [0.2], [2.0], [3.0]];
        let y = array![0.0, 0.0, 1.0, 1.0, 2.0, 2.0];
        let model = LogisticRegression::new(100.0);
        let fitted = model.fit(x.view(), y.view()).unwrap();
        assert_eq!(fitted.predict(x.view()).unwrap(), y);
        assert!(model.fit(x.view(), array![0.0, 0.5].view()).is_err());
    }

    #[test]
    fn a_forest_of_one_unsampled_tree_is_that_tree() {
        let x = array![[1.0, 5.0], [2.0, 4.0], [4.0, 2.0], [5.0, 1.0]];
        let y = array![0.0, 0.0, 1.0, 1.0];
        let forest = RandomForest {
            params: ForestParams::new(1).bootstrap(false),
        };
        let fitted = forest.fit(x.view(), y.view()).unwrap();
        assert_eq!(fitted.predict(x.view()).unwrap(), y);
    }
}
