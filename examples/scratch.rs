use mlings::datasets::{self, synthetic::two_moons};
use mlings::prep::StandardScaler;
use mlings::reference::neural_network::*;
use mlings::types::model::Scoring;
use mlings::types::neural_network::*;
use std::time::Instant;
fn main() {
    for noise in [0.1, 0.15, 0.2] {
        let train_set = two_moons(300, noise, 1).unwrap();
        let test_set = two_moons(300, noise, 2).unwrap();
        for (act, lr) in [
            (Activation::Tanh, 0.5),
            (Activation::Tanh, 0.2),
            (Activation::Relu, 0.2),
        ] {
            for epochs in [100, 200] {
                let t = Instant::now();
                let p = TrainParams::new(16)
                    .activation(act)
                    .learning_rate(lr)
                    .epochs(epochs)
                    .batch_size(16)
                    .seed(3);
                let r = train(train_set.features.view(), train_set.targets.view(), &p);
                match r {
                    Ok(tr) => {
                        let acc = Scoring::Accuracy
                            .score(
                                test_set.targets.view(),
                                predict(&tr.network, test_set.features.view())
                                    .unwrap()
                                    .view(),
                            )
                            .unwrap();
                        println!(
                            "noise {noise} {act:?} lr {lr} ep {epochs}: acc {acc:.3} loss {:.4} ({:?})",
                            tr.loss_history.last().unwrap(),
                            t.elapsed()
                        );
                    }
                    Err(e) => println!("noise {noise} {act:?} lr {lr}: {e}"),
                }
            }
        }
    }
    for lr in [5.0, 10.0, 50.0, 100.0] {
        let train_set = two_moons(300, 0.15, 1).unwrap();
        let p = TrainParams::new(16)
            .learning_rate(lr)
            .epochs(100)
            .batch_size(16);
        match train(train_set.features.view(), train_set.targets.view(), &p) {
            Ok(tr) => println!("lr {lr} OK loss {:?}", &tr.loss_history[..5]),
            Err(e) => println!("lr {lr}: {e}"),
        }
    }
    let iris = datasets::iris();
    let (tr, te) = iris.split(&iris.reference_split().unwrap()).unwrap();
    let sc = StandardScaler::fit(tr.features.view()).unwrap();
    let (xtr, xte) = (
        sc.transform(tr.features.view()).unwrap(),
        sc.transform(te.features.view()).unwrap(),
    );
    for (act, lr) in [
        (Activation::Tanh, 0.1),
        (Activation::Tanh, 0.3),
        (Activation::Relu, 0.1),
    ] {
        for seed in 0..3 {
            let t = Instant::now();
            let p = TrainParams::new(8)
                .activation(act)
                .learning_rate(lr)
                .epochs(200)
                .batch_size(16)
                .seed(seed);
            let r = train(xtr.view(), tr.targets.view(), &p).unwrap();
            let acc = Scoring::Accuracy
                .score(
                    te.targets.view(),
                    predict(&r.network, xte.view()).unwrap().view(),
                )
                .unwrap();
            println!(
                "iris {act:?} lr {lr} seed {seed}: acc {acc:.3} loss {:.4} ({:?})",
                r.loss_history.last().unwrap(),
                t.elapsed()
            );
        }
    }
}
