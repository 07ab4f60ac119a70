//! ots-proto's integration tests, in one binary: PlainBuffer and SimpleRowMatrix against the
//! official SDKs' golden vectors, and property tests.

mod plainbuffer_golden;
mod plainbuffer_props;
mod row_matrix_golden;
