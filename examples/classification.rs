//! Your classifiers beside the reference solutions and linfa: logistic regression on
//! breast_cancer (test accuracy, log-loss, agreement with linfa-logistic, fit time),
//! your classification metrics beside the reference's on its predictions; softmax
//! regression on iris, wine and digits beside linfa-logistic's multinomial model and
//! scikit-learn's figures, with a convergence plot; Gaussian naive Bayes on iris, wine,
//! breast_cancer and digits beside linfa-bayes; the ROC curve, AUC and average
//! precision of the logistic model (module roc_auc); the k-d tree beside brute force
//! and linfa-nn (5-NN accuracy on the reference splits, query time against n = 1 000 …
//! 1 000 000, a log-log plot); k-nearest neighbours on every classification dataset, on
//! diabetes, with k chosen by cross-validation, and its decision regions for k = 1, 5, 25.
//!
//! Run: `cargo run -- compare logistic_regression` or `cargo run -- compare kd_tree` (or
//! `cargo run --release --example classification`).

#[allow(unused_variables, dead_code)]
#[path = "../exercises/04_classification/classification_metrics.rs"]
mod learner_classification_metrics;
#[allow(unused_variables, dead_code)]
#[path = "../exercises/04_classification/kd_tree.rs"]
mod learner_kd_tree;
#[allow(unused_variables, dead_code)]
#[path = "../exercises/04_classification/knn.rs"]
mod learner_knn;
#[allow(unused_variables, dead_code)]
#[path = "../exercises/04_classification/logistic_regression.rs"]
mod learner_logistic_regression;
#[allow(unused_variables, dead_code)]
#[path = "../exercises/04_classification/roc_auc.rs"]
mod learner_roc_auc;

#[path = "classification/naive_bayes.rs"]
mod naive_bayes;
#[path = "classification/roc_auc.rs"]
mod roc_auc;
#[path = "classification/softmax_regression.rs"]
mod softmax_regression;

#[path = "classification/kd_tree.rs"]
mod kd_tree;

#[path = "classification/knn.rs"]
mod knn;

use std::error::Error;

use linfa::prelude::{Fit, Predict};
use linfa_logistic::LogisticRegression;
use mlings::datasets;
use mlings::prep::StandardizedSplit;
use mlings::reference::{classification_metrics, logistic_regression, newton_method};
use mlings::report::{Run, Table, best_of, run_learner, seconds, show, timed, write_page};
use mlings::types::classification_metrics::Average;
use mlings::types::logistic_regression::{LogisticModel, LogisticParams};
use mlings::types::newton_method::LogisticNewtonParams;
use ndarray::{Array1, ArrayView1, ArrayView2};

/// Logistic regression on breast_cancer: yours, the reference and linfa-logistic.
fn print_logistic(params: &LogisticParams) -> Result<(), Box<dyn Error>> {
    let split = StandardizedSplit::reference(&datasets::breast_cancer())?;
    let (y_train, y_test) = split.class_labels()?;
    let (x, x_test) = (split.x_train.view(), split.x_test.view());
    let probabilities = |m: &LogisticModel| {
        logistic_regression::predict_proba(m, x_test).map_err(|e| e.to_string())
    };
    let (linfa_model, linfa_time) = best_of(1, || {
        LogisticRegression::default()
            .alpha(1.0)
            .max_iterations(1_000)
            .fit(&linfa::DatasetBase::new(
                split.x_train.clone(),
                y_train.clone(),
            ))
    });
    let linfa_model = linfa_model?;
    let linfa_labels: Array1<usize> = linfa_model.predict(&split.x_test);
    let linfa_p = linfa_model.predict_probabilities(&split.x_test);
    let (reference, time) = timed(|| logistic_regression::fit(x, y_train.view(), params));
    let reference = Run::Done(reference, time);
    let yours = run_learner(|| learner_logistic_regression::fit(x, y_train.view(), params));
    let accuracy = |labels: ArrayView1<usize>| {
        classification_metrics::accuracy(y_test.view(), labels)
            .map_or_else(|e| e.to_string(), |a| format!("{a:.4}"))
    };
    let agreement = |labels: ArrayView1<usize>| {
        classification_metrics::accuracy(linfa_labels.view(), labels)
            .map_or_else(|e| e.to_string(), |a| format!("{:.1}%", 100.0 * a))
    };
    let log_loss = |p: ArrayView1<f64>| {
        classification_metrics::log_loss(y_test.view(), p)
            .map_or_else(|e| e.to_string(), |l| format!("{l:.4}"))
    };
    let summary = |m: &LogisticModel| -> [String; 3] {
        match (logistic_regression::predict(m, x_test), probabilities(m)) {
            (Ok(labels), Ok(p)) => [
                accuracy(labels.view()),
                log_loss(p.view()),
                agreement(labels.view()),
            ],
            _ => ["-".into(), "-".into(), "-".into()],
        }
    };
    println!(
        "breast_cancer, reference split (455 train / 114 test rows), standardized on train\n\
         logistic regression, λ = 1/n (scikit-learn's C = 1): scikit-learn's test accuracy is 0.982, \
         the majority class scores 0.632\n"
    );
    let mut table = Table::new(&[
        "model",
        "test accuracy",
        "log-loss",
        "same label as linfa",
        "fit time",
    ]);
    for (name, run) in [
        ("gradient descent, reference", &reference),
        ("gradient descent, yours", &yours),
    ] {
        let [acc, loss, agree] = match run.value() {
            Some(Ok(model)) => summary(model),
            _ => {
                let reason = run.ok_cell(|_| String::new());
                [reason, "-".into(), "-".into()]
            }
        };
        table.row(vec![name.into(), acc, loss, agree, run.time_cell()]);
    }
    // The course's logistic model everywhere else: Newton's method (newton_method).
    let (newton, newton_time) =
        timed(|| newton_method::fit_logistic(x, y_train.view(), &LogisticNewtonParams::new(1.0)));
    let [acc, loss, agree] = match &newton {
        Ok(fit) => summary(&fit.model),
        Err(e) => [format!("error: {e}"), "-".into(), "-".into()],
    };
    table.row(vec![
        format!(
            "Newton, reference ({} steps)",
            newton.as_ref().map_or(0, |fit| fit.run.iterations)
        ),
        acc,
        loss,
        agree,
        seconds(newton_time),
    ]);
    table.row(vec![
        "L-BFGS, linfa-logistic".into(),
        accuracy(linfa_labels.view()),
        log_loss(linfa_p.view()),
        "100.0%".into(),
        seconds(linfa_time),
    ]);
    show(
        &table,
        "logistic regression on breast_cancer",
        "Accuracy near 0.98 and a low log-loss for every row; yours should match the \
         reference's. Newton's method (the newton_method exercise, and the course's \
         logistic model elsewhere) reaches the exact C = 1 optimum in a few steps.",
    );
    if let Some(Ok(model)) = reference.value() {
        print_classification_metrics(y_test.view(), model, x_test)?;
    }
    Ok(())
}

/// Your classification metrics beside the reference, on the reference model's predictions.
fn print_classification_metrics(
    y_test: ArrayView1<usize>,
    model: &LogisticModel,
    x_test: ArrayView2<f64>,
) -> Result<(), Box<dyn Error>> {
    let labels = logistic_regression::predict(model, x_test)?;
    let p = logistic_regression::predict_proba(model, x_test)?;
    let (t, l) = (y_test, labels.view());
    let malignant = Average::Binary { positive: 0 };
    let both = Average::Macro { n_classes: 2 };
    use classification_metrics as reference;
    use learner_classification_metrics as yours;
    let rows: Vec<(&str, Run<Result<f64, _>>, f64)> = vec![
        (
            "accuracy",
            run_learner(|| yours::accuracy(t, l)),
            reference::accuracy(t, l)?,
        ),
        (
            "precision (malignant)",
            run_learner(|| yours::precision(t, l, malignant)),
            reference::precision(t, l, malignant)?,
        ),
        (
            "recall (malignant)",
            run_learner(|| yours::recall(t, l, malignant)),
            reference::recall(t, l, malignant)?,
        ),
        (
            "F1 (malignant)",
            run_learner(|| yours::f1_score(t, l, malignant)),
            reference::f1_score(t, l, malignant)?,
        ),
        (
            "macro F1",
            run_learner(|| yours::f1_score(t, l, both)),
            reference::f1_score(t, l, both)?,
        ),
        (
            "log-loss",
            run_learner(|| yours::log_loss(t, p.view())),
            reference::log_loss(t, p.view())?,
        ),
    ];
    let mut table = Table::new(&["metric", "yours", "reference"]);
    for (name, mine, theirs) in rows {
        table.row(vec![
            name.into(),
            mine.ok_cell(|v| format!("{v:.4}")),
            format!("{theirs:.4}"),
        ]);
    }
    let matrix = reference::confusion_matrix(t, l, 2)?;
    println!(
        "classification metrics of the reference logistic regression on the 114 test rows\n\
         (confusion matrix, rows true, columns predicted: {:?}):",
        matrix
            .outer_iter()
            .map(|row| row.to_vec())
            .collect::<Vec<_>>()
    );
    show(
        &table,
        "classification metrics of the reference logistic regression",
        "Yours should equal the reference's; precision and recall differ because the two \
         kinds of error are not equally common.",
    );
    Ok(())
}

fn main() -> Result<(), Box<dyn Error>> {
    mlings::report::require_optimized("logistic_regression");
    let n_train = 455.0;
    let params = LogisticParams::new(1.0).iterations(1_000).l2(1.0 / n_train);
    print_logistic(&params)?;
    roc_auc::compare(&params)?;
    softmax_regression::compare()?;
    naive_bayes::print_all()?;
    kd_tree::compare();
    knn::print_all()?;
    write_page("Classifiers: yours, the reference, linfa");
    Ok(())
}
