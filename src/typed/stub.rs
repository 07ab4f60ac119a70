//! What the derive's stub uses for the indexes of a model whose declaration has errors: a key
//! that converts from any tuple or key value, so that reads by a broken index add no errors of
//! their own (the stub makes the same values key prefixes of its marker types). The build fails
//! at the declaration's error, so none of this runs.

/// The key of a broken index (the marker type's `KeySpace::Key`, and its key struct's name).
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct AnyKey;

/// `From` every tuple of 1 to 8 values (an index key has at most 8 columns).
macro_rules! from_tuples {
    ($(($($a:ident),+))*) => {$(
        impl<$($a),+> From<($($a,)+)> for AnyKey {
            fn from(_: ($($a,)+)) -> Self {
                AnyKey
            }
        }
    )*};
}

from_tuples! {
    (A)
    (A, B)
    (A, B, C)
    (A, B, C, D)
    (A, B, C, D, E)
    (A, B, C, D, E, F)
    (A, B, C, D, E, F, G)
    (A, B, C, D, E, F, G, H)
}

/// `From` the key value types (a one-column key converts from its value).
macro_rules! from_values {
    ($($t:ty),*) => {$(
        impl From<$t> for AnyKey {
            fn from(_: $t) -> Self {
                AnyKey
            }
        }
    )*};
}

from_values!(
    &str,
    String,
    &String,
    i8,
    i16,
    i32,
    i64,
    isize,
    u8,
    u16,
    u32,
    u64,
    usize,
    Vec<u8>,
    &[u8]
);
