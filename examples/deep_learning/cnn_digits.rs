//! cnn_digits: the small CNN trained on the digits beside scikit-learn's MLP figure.

use mlings::datasets;
use mlings::reference::cnn_digits as reference;
use mlings::types::cnn_digits::CnnParams;
use ndarray::{Array1, Axis};
use std::time::Instant;

pub fn run() {
    let data = datasets::digits();
    let split = data
        .reference_split()
        .expect("digits has a reference split");
    let labels: Array1<usize> = data.targets.mapv(|t| t as usize);
    let train_x =
        reference::images_from_pixels(data.features.select(Axis(0), &split.train).view()).unwrap();
    let test_x =
        reference::images_from_pixels(data.features.select(Axis(0), &split.test).view()).unwrap();
    let train_y = labels.select(Axis(0), &split.train);
    let test_y = labels.select(Axis(0), &split.test);
    let params = CnnParams::new();
    let start = Instant::now();
    let training = reference::train(
        train_x.view(),
        train_y.view(),
        test_x.view(),
        test_y.view(),
        &params,
    )
    .unwrap();
    println!("trained in {:.2?}", start.elapsed());
    for (e, (l, a)) in training
        .loss
        .iter()
        .zip(&training.test_accuracy)
        .enumerate()
    {
        println!("epoch {:>2}: loss {l:.4}  test accuracy {a:.3}", e + 1);
    }
}
