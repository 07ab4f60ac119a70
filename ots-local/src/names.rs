//! The service's naming rule, shared by tables, columns, search indexes and their fields.

/// Table and column names: 1-255 bytes of `[A-Za-z0-9_]`, not starting with a digit.
pub fn is_valid_name(name: &str) -> bool {
    let b = name.as_bytes();
    !b.is_empty()
        && b.len() <= 255
        && (b[0].is_ascii_alphabetic() || b[0] == b'_')
        && b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'_')
}
