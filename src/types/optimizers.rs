//! Types for the `optimizers` exercise: the settings of SGD (with momentum or Nesterov
//! momentum), Adam and AdamW, the optimizer with its per-tensor state, the Rosenbrock
//! test function, and the errors.

use ndarray::{Array1, ArrayView1, array};

/// Which update rule an [`Optimizer`] applies (PyTorch's `torch.optim` rules).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// Stochastic gradient descent, with heavy-ball momentum when `momentum > 0`.
    Sgd,
    /// SGD with Nesterov momentum (needs `momentum > 0`).
    Nesterov,
    /// Adam with bias correction.
    Adam,
    /// Adam with decoupled weight decay.
    AdamW,
}

/// The settings of an optimizer. Build them with [`OptimizerParams::sgd`],
/// [`OptimizerParams::nesterov`], [`OptimizerParams::adam`] or [`OptimizerParams::adamw`],
/// then change a default with the builder methods.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OptimizerParams {
    pub method: Method,
    /// The step size η (PyTorch's `lr`).
    pub learning_rate: f64,
    /// μ of SGD and Nesterov (0 for plain SGD). Unused by Adam and AdamW.
    pub momentum: f64,
    /// β₁ of Adam and AdamW (default 0.9). Unused by SGD.
    pub beta1: f64,
    /// β₂ of Adam and AdamW (default 0.999). Unused by SGD.
    pub beta2: f64,
    /// ε of Adam and AdamW, added to √v̂ (default 1e-8). Unused by SGD.
    pub eps: f64,
    /// λ of AdamW (default 0.01); must be 0 for the other methods.
    pub weight_decay: f64,
}

impl OptimizerParams {
    fn with(method: Method, learning_rate: f64) -> Self {
        OptimizerParams {
            method,
            learning_rate,
            momentum: 0.0,
            beta1: 0.9,
            beta2: 0.999,
            eps: 1e-8,
            weight_decay: 0.0,
        }
    }

    /// Plain SGD (momentum 0; set one with `.momentum(μ)`).
    pub fn sgd(learning_rate: f64) -> Self {
        Self::with(Method::Sgd, learning_rate)
    }

    /// SGD with Nesterov momentum μ.
    pub fn nesterov(learning_rate: f64, momentum: f64) -> Self {
        Self::with(Method::Nesterov, learning_rate).momentum(momentum)
    }

    /// Adam with β₁ = 0.9, β₂ = 0.999, ε = 1e-8 (PyTorch's defaults).
    pub fn adam(learning_rate: f64) -> Self {
        Self::with(Method::Adam, learning_rate)
    }

    /// AdamW with Adam's defaults and weight decay 0.01 (PyTorch's default).
    pub fn adamw(learning_rate: f64) -> Self {
        Self::with(Method::AdamW, learning_rate).weight_decay(0.01)
    }

    pub fn learning_rate(mut self, learning_rate: f64) -> Self {
        self.learning_rate = learning_rate;
        self
    }

    pub fn momentum(mut self, momentum: f64) -> Self {
        self.momentum = momentum;
        self
    }

    pub fn betas(mut self, beta1: f64, beta2: f64) -> Self {
        self.beta1 = beta1;
        self.beta2 = beta2;
        self
    }

    pub fn eps(mut self, eps: f64) -> Self {
        self.eps = eps;
        self
    }

    pub fn weight_decay(mut self, weight_decay: f64) -> Self {
        self.weight_decay = weight_decay;
        self
    }

    /// Checks the settings: a positive finite learning rate; momentum in [0, 1) (above 0
    /// for Nesterov); β₁ and β₂ in [0, 1); ε ≥ 0 and finite; weight decay ≥ 0 and finite,
    /// and 0 unless the method is AdamW.
    pub fn validate(&self) -> Result<(), OptimError> {
        let in_unit = |v: f64| (0.0..1.0).contains(&v);
        let problem = if !(self.learning_rate > 0.0 && self.learning_rate.is_finite()) {
            Some(format!(
                "learning_rate must be positive and finite, got {}",
                self.learning_rate
            ))
        } else if !in_unit(self.momentum) {
            Some(format!("momentum must be in [0, 1), got {}", self.momentum))
        } else if self.method == Method::Nesterov && self.momentum == 0.0 {
            Some("Nesterov momentum needs momentum > 0".to_string())
        } else if !in_unit(self.beta1) || !in_unit(self.beta2) {
            Some(format!(
                "beta1 and beta2 must be in [0, 1), got {} and {}",
                self.beta1, self.beta2
            ))
        } else if !(self.eps >= 0.0 && self.eps.is_finite()) {
            Some(format!("eps must be >= 0 and finite, got {}", self.eps))
        } else if !(self.weight_decay >= 0.0 && self.weight_decay.is_finite()) {
            Some(format!(
                "weight_decay must be >= 0 and finite, got {}",
                self.weight_decay
            ))
        } else if self.weight_decay != 0.0 && self.method != Method::AdamW {
            Some(format!(
                "weight_decay is only used by AdamW, got {} for {:?}",
                self.weight_decay, self.method
            ))
        } else {
            None
        };
        problem.map_or(Ok(()), |why| Err(OptimError::InvalidParams(why)))
    }
}

/// What an optimizer remembers about one parameter tensor between steps.
#[derive(Debug, Clone, PartialEq)]
pub struct TensorState {
    /// SGD's velocity (momentum buffer) v, one value per parameter.
    pub velocity: Array1<f64>,
    /// Adam's first moment m (running mean of the gradient).
    pub m: Array1<f64>,
    /// Adam's second moment v (running mean of the squared gradient).
    pub v: Array1<f64>,
    /// How many steps this tensor has taken (Adam's t).
    pub t: u64,
}

impl TensorState {
    /// The state before the first step: zeros, t = 0.
    pub fn zeros(len: usize) -> Self {
        TensorState {
            velocity: Array1::zeros(len),
            m: Array1::zeros(len),
            v: Array1::zeros(len),
            t: 0,
        }
    }
}

/// An optimizer: its settings and one [`TensorState`] per parameter tensor, in the order
/// the tensors are passed to `step` (empty until the first step).
#[derive(Debug, Clone, PartialEq)]
pub struct Optimizer {
    pub params: OptimizerParams,
    pub state: Vec<TensorState>,
}

impl Optimizer {
    /// A fresh optimizer (no state yet) with validated settings.
    pub fn new(params: OptimizerParams) -> Result<Self, OptimError> {
        params.validate()?;
        Ok(Optimizer {
            params,
            state: Vec::new(),
        })
    }
}

/// What can go wrong setting up or stepping an optimizer.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum OptimError {
    #[error("invalid settings: {0}")]
    InvalidParams(String),
    #[error("shape mismatch in {what}: expected {expected}, got {got}")]
    Shape {
        what: &'static str,
        expected: String,
        got: String,
    },
}

/// The Rosenbrock function f(x, y) = (1 − x)² + 100 (y − x²)², a narrow curved valley
/// whose minimum 0 is at (1, 1): easy to find, slow to follow. `p` has two values.
pub fn rosenbrock(p: ArrayView1<f64>) -> f64 {
    let (x, y) = (p[0], p[1]);
    (1.0 - x).powi(2) + 100.0 * (y - x * x).powi(2)
}

/// The gradient of [`rosenbrock`]: (−2(1 − x) − 400 x (y − x²), 200 (y − x²)).
pub fn rosenbrock_gradient(p: ArrayView1<f64>) -> Array1<f64> {
    let (x, y) = (p[0], p[1]);
    array![
        -2.0 * (1.0 - x) - 400.0 * x * (y - x * x),
        200.0 * (y - x * x)
    ]
}
