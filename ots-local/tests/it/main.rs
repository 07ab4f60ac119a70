//! ots-local's integration tests, in one binary: the `ots-local` command line and the
//! connection handling, each against a real server over TCP.

mod cli;
mod common;
mod connections;
