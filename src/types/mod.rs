//! The types an exercise's functions take and return (parameters, results, errors).
//!
//! They live here, not in the exercise file, so that the learner's skeleton, the
//! reference solution and the grader all speak about the very same types.

pub mod anomaly_detection;
pub mod autodiff;
pub mod bagging;
pub mod best_split;
pub mod boosted_classifier;
pub mod categorical_encoding;
pub mod choosing_k;
pub mod classification_metrics;
pub mod clustering;
pub mod cnn_digits;
pub mod convolution;
pub mod cross_validation;
pub mod dbscan;
pub mod decision_tree;
pub mod gradient_boosting;
pub mod gradient_descent;
pub mod histogram_boosting;
pub mod impurity;
pub mod kd_tree;
pub mod kmeans;
pub mod kmeans_plus_plus;
pub mod knn;
pub mod labels;
pub mod lasso;
pub mod layers_and_losses;
pub mod linear_regression;
pub mod linear_regression_gd;
pub mod logistic_regression;
pub mod metrics;
pub mod missing_values;
pub mod model;
pub mod naive_bayes;
pub mod neural_network;
pub mod newton_method;
pub mod optimizers;
pub mod overfitting;
pub mod pca;
pub mod pipeline;
pub mod random_forest;
pub mod regression_metrics;
pub mod ridge;
pub mod roc_auc;
pub mod sgd;
pub mod softmax_regression;
pub mod sql_features;
pub mod statistics;
pub mod tensor_autograd;
