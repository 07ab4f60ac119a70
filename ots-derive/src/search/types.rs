//! What a field's Rust type is to a search index, decided by its name (a derive sees tokens,
//! not types; a type that only looks right is caught by the runtime's bounds).

/// A type with a single-valued index mapping.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Scalar {
    /// `String`.
    Str,
    /// Any primitive integer.
    Int,
    /// `f32` or `f64`.
    Float,
    Bool,
    /// `DateTime<..>` or `OffsetDateTime`, stored as integer milliseconds.
    DateTime,
    /// `GeoPoint`.
    Geo,
}

#[derive(Clone, Copy)]
pub enum Shape<'a> {
    Scalar(Scalar),
    /// `Vec<X>` with `X` a scalar; the element type is kept for the handle.
    Array(Scalar, &'a syn::Type),
    /// `Vec<f32>`: a vector.
    Floats,
    /// `Vec<S>` with any other `S`: nested documents.
    Nested(&'a syn::Type),
    /// `Vec<u8>`, stored as bytes.
    Bytes,
    /// Anything else.
    Unsupported,
}

const INTEGERS: &[&str] = &[
    "i8", "i16", "i32", "i64", "u8", "u16", "u32", "u64", "isize", "usize",
];

/// The last segment of a plain path type.
fn last_segment(ty: &syn::Type) -> Option<&syn::PathSegment> {
    match ty {
        syn::Type::Path(p) if p.qself.is_none() => p.path.segments.last(),
        syn::Type::Group(g) => last_segment(&g.elem),
        _ => None,
    }
}

pub fn scalar(ty: &syn::Type) -> Option<Scalar> {
    let seg = last_segment(ty)?;
    let name = seg.ident.to_string();
    let bare = seg.arguments.is_none();
    match name.as_str() {
        "String" if bare => Some(Scalar::Str),
        "f32" | "f64" if bare => Some(Scalar::Float),
        "bool" if bare => Some(Scalar::Bool),
        "DateTime" | "OffsetDateTime" => Some(Scalar::DateTime),
        "GeoPoint" if bare => Some(Scalar::Geo),
        n if bare && INTEGERS.contains(&n) => Some(Scalar::Int),
        _ => None,
    }
}

/// `X` when `ty` is `Vec<X>`.
pub fn vec_element(ty: &syn::Type) -> Option<&syn::Type> {
    let seg = last_segment(ty)?;
    if seg.ident != "Vec" {
        return None;
    }
    let syn::PathArguments::AngleBracketed(args) = &seg.arguments else {
        return None;
    };
    match args.args.first()? {
        syn::GenericArgument::Type(t) if args.args.len() == 1 => Some(t),
        _ => None,
    }
}

pub fn shape(ty: &syn::Type) -> Shape<'_> {
    if let Some(s) = scalar(ty) {
        return Shape::Scalar(s);
    }
    let Some(elem) = vec_element(ty) else {
        return Shape::Unsupported;
    };
    let elem_name = last_segment(elem)
        .filter(|s| s.arguments.is_none())
        .map(|s| s.ident.to_string());
    match elem_name.as_deref() {
        Some("u8") => Shape::Bytes,
        Some("f32") => Shape::Floats,
        _ => match scalar(elem) {
            Some(s) => Shape::Array(s, elem),
            // A primitive or reference that is not a scalar cannot be a document either.
            None if is_primitive_like(elem) => Shape::Unsupported,
            None => Shape::Nested(elem),
        },
    }
}

/// Types that certainly do not derive `SearchDocument`: references, tuples, slices, arrays and
/// the primitives that are not scalars (`char`, `i128`, ...).
fn is_primitive_like(ty: &syn::Type) -> bool {
    match ty {
        syn::Type::Path(p) => {
            p.path.segments.len() == 1
                && ["char", "i128", "u128", "str"]
                    .iter()
                    .any(|n| p.path.segments[0].ident == n)
        }
        syn::Type::Group(g) => is_primitive_like(&g.elem),
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::panic)]
    use super::*;

    fn shape_of(ty: syn::Type) -> String {
        match shape(&ty) {
            Shape::Scalar(s) => format!("{s:?}"),
            Shape::Array(s, _) => format!("[{s:?}]"),
            Shape::Floats => "vector".into(),
            Shape::Nested(_) => "nested".into(),
            Shape::Bytes => "bytes".into(),
            Shape::Unsupported => "unsupported".into(),
        }
    }

    #[test]
    fn scalars() {
        assert_eq!(shape_of(syn::parse_quote!(String)), "Str");
        assert_eq!(shape_of(syn::parse_quote!(std::string::String)), "Str");
        assert_eq!(shape_of(syn::parse_quote!(u8)), "Int");
        assert_eq!(shape_of(syn::parse_quote!(isize)), "Int");
        assert_eq!(shape_of(syn::parse_quote!(f32)), "Float");
        assert_eq!(shape_of(syn::parse_quote!(bool)), "Bool");
        assert_eq!(
            shape_of(syn::parse_quote!(chrono::DateTime<chrono::Utc>)),
            "DateTime"
        );
        assert_eq!(shape_of(syn::parse_quote!(time::OffsetDateTime)), "DateTime");
        assert_eq!(shape_of(syn::parse_quote!(ots::GeoPoint)), "Geo");
    }

    #[test]
    fn vecs() {
        assert_eq!(shape_of(syn::parse_quote!(Vec<f32>)), "vector");
        assert_eq!(shape_of(syn::parse_quote!(Vec<f64>)), "[Float]");
        assert_eq!(shape_of(syn::parse_quote!(Vec<String>)), "[Str]");
        assert_eq!(shape_of(syn::parse_quote!(Vec<i64>)), "[Int]");
        assert_eq!(shape_of(syn::parse_quote!(Vec<GeoPoint>)), "[Geo]");
        assert_eq!(shape_of(syn::parse_quote!(Vec<u8>)), "bytes");
        assert_eq!(shape_of(syn::parse_quote!(Vec<Review>)), "nested");
        assert_eq!(shape_of(syn::parse_quote!(Vec<crate::Review>)), "nested");
        assert_eq!(shape_of(syn::parse_quote!(Vec<char>)), "unsupported");
        assert_eq!(shape_of(syn::parse_quote!(Vec<(i32, i32)>)), "unsupported");
        assert_eq!(shape_of(syn::parse_quote!(Vec<&'static str>)), "unsupported");
    }

    #[test]
    fn others() {
        assert_eq!(shape_of(syn::parse_quote!(char)), "unsupported");
        assert_eq!(shape_of(syn::parse_quote!(Option<String>)), "unsupported");
        assert_eq!(shape_of(syn::parse_quote!(HashMap<String, i64>)), "unsupported");
        assert_eq!(shape_of(syn::parse_quote!(GeoPoint<f64>)), "unsupported");
    }
}
