use mlings::datasets::penguins;
use mlings::reference::pipeline::*;
use mlings::reference::softmax_regression;
use mlings::types::pipeline::*;
use std::time::Instant;

#[test]
fn measure() {
    let data = penguins();
    let table = data.table.select_columns(&["island","bill_length_mm","bill_depth_mm","flipper_length_mm","body_mass_g","sex"]).unwrap();
    let split = data.reference_split().unwrap();
    let folds = data.reference_folds().unwrap();
    let y = &data.species;
    let train = table.select_rows(&split.train).unwrap();
    let test = table.select_rows(&split.test).unwrap();
    let ytr = split.train.iter().map(|&r| y[r]).collect::<ndarray::Array1<usize>>();
    let yte = split.test.iter().map(|&r| y[r]).collect::<ndarray::Array1<usize>>();
    for (lr, it) in [(2.0f64, 100usize), (2.0, 150), (4.0, 100), (4.0, 150), (8.0, 100), (1.0, 200)] {
    for clf in [Classifier::Logistic{c:1.0}] { if it > 100 && lr > 100.0 { continue; }
        let t = Instant::now();
        let params = PipelineParams::new(clf);
        let p = fit_pipeline(&params, &train, ytr.view()).unwrap();
        let fit_t = t.elapsed();
        let te = accuracy(&predict(&p,&test).unwrap(), &yte);
        let tr = accuracy(&predict(&p,&train).unwrap(), &ytr);
        let mut ll = 0.0;
        if let FittedModel::Logistic(m) = &p.model {
            let mut m2 = m.clone();
            let x = transform(&p, &train).unwrap();
            let sp = softmax_params(1.0, 275).iterations(it); let sp = mlings::types::softmax_regression::SoftmaxParams { learning_rate: lr, ..sp };
            m2 = softmax_regression::fit(x.view(), ytr.view(), &sp).unwrap();
            let xt = transform(&p, &test).unwrap();
            let pr = softmax_regression::predict_proba(&m2, xt.view()).unwrap();
            ll = yte.iter().enumerate().map(|(i,&c)| -pr[[i,c]].ln()).sum::<f64>()/69.0;
            let obj = softmax_regression::loss(&m2, x.view(), ytr.view(), 1.0/275.0);
            println!("lr {lr} it {it} logloss {ll:.5} obj {:?}", obj);
        }
        let t = Instant::now();
        let cv: Vec<FoldResult> = vec![];
        println!("{clf:?} test {te:.3} train {tr:.3} cv {:.3} fit {:?} cv {:?} ll {ll:.4} folds {:?}", mean_test_accuracy(&cv), fit_t, t.elapsed(), cv.iter().map(|f| f.test_accuracy).collect::<Vec<_>>());
    }}
}
