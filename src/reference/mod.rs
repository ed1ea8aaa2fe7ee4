//! Reference solutions: one module per exercise, with the same public API as its
//! skeleton in `exercises/`. `cargo test --features solutions` grades these.

pub mod adjusted_rand_index;
pub mod anomaly_detection;
pub mod bagging;
pub mod best_split;
pub mod boosted_classifier;
pub mod choosing_k;
pub mod classification_metrics;
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
pub mod lasso;
pub mod linear_regression;
pub mod linear_regression_gd;
pub mod logistic_regression;
pub mod naive_bayes;
pub mod neural_network;
pub mod newton_method;
pub mod overfitting;
pub mod pca;
pub mod random_forest;
pub mod regression_metrics;
pub mod regression_tree;
pub mod ridge;
pub mod roc_auc;
pub mod sgd;
pub mod softmax_regression;
pub mod statistics;
