//! Read-side logic over stored rows: projections and filters. Knows nothing of protobuf.

mod filter;
mod project;

pub use filter::{Comparator, Filter};
pub use project::{paginate, project, Projection};
