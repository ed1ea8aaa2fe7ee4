//! # mlings: rustlings for machine learning
//!
//! The support library of the course: bundled [`datasets`], data preparation
//! ([`prep`]), the [`grade`] helpers behind every grader test, the course
//! [`manifest`], ready-made [`models`] behind the course's fit/predict trait, and the
//! [`reference`](mod@reference) solutions (graded with `--features solutions`).

#[cfg(feature = "candle")]
pub mod candle_bridge;
pub mod datasets;
pub mod grade;
pub mod manifest;
pub mod models;
pub mod plot;
pub mod prep;
pub mod reference;
pub mod report;
pub mod types;
