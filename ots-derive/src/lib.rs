//! Derive macros for ots.
