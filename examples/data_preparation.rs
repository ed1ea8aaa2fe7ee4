//! Data preparation on the Palmer penguins: your missing-value counts, imputer and
//! encoder beside the reference solutions and scikit-learn's published figures (the
//! train medians and modes, the encoded feature names, and a logistic regression on the
//! prepared matrix), with fit and transform times and a plot of the missing cells; the
//! whole pipeline fitted and cross-validated beside the leaky version; and the SQL
//! queries' results as tables.
//!
//! Run: `cargo run -- compare missing_values` (or `cargo run --release --example
//! data_preparation`).

#[allow(unused_variables, dead_code)]
#[path = "../exercises/10_data_preparation/missing_values.rs"]
mod missing_values;

#[allow(unused_variables, dead_code)]
#[path = "../exercises/10_data_preparation/categorical_encoding.rs"]
mod categorical_encoding;

#[allow(unused_variables, dead_code)]
#[path = "../exercises/10_data_preparation/pipeline.rs"]
mod pipeline;

#[allow(unused_variables, dead_code)]
#[path = "../exercises/10_data_preparation/sql_features.rs"]
mod sql_features;

#[path = "data_preparation/missing_values.rs"]
mod missing_values_part;

#[path = "data_preparation/categorical_encoding.rs"]
mod categorical_encoding_part;

#[path = "data_preparation/pipeline.rs"]
mod pipeline_part;

#[path = "data_preparation/sql_features.rs"]
mod sql_features_part;

fn main() {
    mlings::report::require_optimized("missing_values");
    missing_values_part::run();
    categorical_encoding_part::run();
    pipeline_part::run();
    sql_features_part::run();
    mlings::report::write_page("Data preparation: yours, the reference, scikit-learn");
}
