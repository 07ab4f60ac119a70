//! ots
