//! Read-side logic over stored rows: projections and filter evaluation.

mod filter;
mod project;

pub use filter::{Evaluate, Filter};
pub use project::{paginate, project, Projection};
