//! linfa's models behind the course's [`Model`] trait, as independent yardsticks.

use linfa::prelude::{Dataset, Fit, Predict};
use linfa_linear::LinearRegression;
use linfa_logistic::{MultiFittedLogisticRegression, MultiLogisticRegression};
use linfa_trees::DecisionTree;
use ndarray::{Array1, ArrayView1, ArrayView2};

use super::{check_features, failed, predictor};
use crate::types::model::{Fitted, Model, ModelError, check_training_data, class_labels};

/// linfa-trees' CART classification tree (Gini impurity), optionally depth-limited.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LinfaDecisionTree {
    /// `None` grows the tree until every leaf is pure.
    pub max_depth: Option<usize>,
}

/// linfa-logistic's multinomial logistic regression with an L2 penalty α/2 ‖w‖² added
/// to the summed log-loss; α = 1 is scikit-learn's default `C = 1`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LinfaLogisticRegression {
    pub alpha: f64,
}

/// linfa-linear's ordinary least squares with an intercept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LinfaLinearRegression;

impl LinfaDecisionTree {
    /// A tree grown until its leaves are pure.
    pub fn unlimited() -> Self {
        Self { max_depth: None }
    }

    /// A tree at most `depth` splits deep.
    pub fn max_depth(depth: usize) -> Self {
        Self {
            max_depth: Some(depth),
        }
    }
}

impl Default for LinfaLogisticRegression {
    fn default() -> Self {
        Self { alpha: 1.0 }
    }
}

/// Boxes a trained linfa classifier: it checks the number of features, then predicts
/// class labels.
fn classifier<M>(name: String, model: M, n_features: usize) -> Box<dyn Fitted>
where
    M: for<'a> Predict<&'a ndarray::Array2<f64>, Array1<usize>> + 'static,
{
    predictor(move |x| {
        check_features(&name, n_features, x)?;
        Ok(model.predict(&x.to_owned()).mapv(|l| l as f64))
    })
}

impl Model for LinfaDecisionTree {
    fn name(&self) -> String {
        match self.max_depth {
            None => "linfa decision tree".into(),
            Some(depth) => format!("linfa decision tree (max depth {depth})"),
        }
    }

    fn fit(&self, x: ArrayView2<f64>, y: ArrayView1<f64>) -> Result<Box<dyn Fitted>, ModelError> {
        check_training_data(x, y)?;
        let data = Dataset::new(x.to_owned(), class_labels(y)?);
        let tree = DecisionTree::params()
            .max_depth(self.max_depth)
            .fit(&data)
            .map_err(|e| failed(&self.name(), e))?;
        Ok(classifier(self.name(), tree, x.ncols()))
    }
}

impl Model for LinfaLogisticRegression {
    fn name(&self) -> String {
        format!("linfa logistic regression (α = {})", self.alpha)
    }

    fn fit(&self, x: ArrayView2<f64>, y: ArrayView1<f64>) -> Result<Box<dyn Fitted>, ModelError> {
        check_training_data(x, y)?;
        let data = Dataset::new(x.to_owned(), class_labels(y)?);
        let model: MultiFittedLogisticRegression<f64, usize> = MultiLogisticRegression::default()
            .alpha(self.alpha)
            .max_iterations(1000)
            .fit(&data)
            .map_err(|e| failed(&self.name(), e))?;
        Ok(classifier(self.name(), model, x.ncols()))
    }
}

impl Model for LinfaLinearRegression {
    fn name(&self) -> String {
        "linfa linear regression".into()
    }

    fn fit(&self, x: ArrayView2<f64>, y: ArrayView1<f64>) -> Result<Box<dyn Fitted>, ModelError> {
        check_training_data(x, y)?;
        let data = Dataset::new(x.to_owned(), y.to_owned());
        let model = LinearRegression::new()
            .fit(&data)
            .map_err(|e| failed(&self.name(), e))?;
        Ok(predictor(move |x| {
            check_features("linfa linear regression", model.params().len(), x)?;
            Ok(model.predict(&x.to_owned()))
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn tree_separates_two_points() {
        let x = array![[0.0], [1.0]];
        let fitted = LinfaDecisionTree::unlimited()
            .fit(x.view(), array![1.0, 0.0].view())
            .unwrap();
        assert_eq!(fitted.predict(x.view()).unwrap(), array![1.0, 0.0]);
        assert!(fitted.predict(array![[1.0, 2.0]].view()).is_err());
    }

    #[test]
    fn linear_regression_recovers_a_line() {
        let x = array![[0.0], [1.0], [2.0]];
        let fitted = LinfaLinearRegression
            .fit(x.view(), array![1.0, 3.0, 5.0].view())
            .unwrap();
        let predicted = fitted.predict(array![[3.0]].view()).unwrap();
        assert!((predicted[0] - 7.0).abs() < 1e-9);
    }
}
