//! Typed key prefixes: `KeyPrefix<Model>` (and `KeyPrefix<Index>` for a secondary index's
//! marker) for tuples of the leading key columns' values (`(shop,)`, `(shop, order)`, ...), for
//! the first key value alone, and for the full key struct, so `KeyRange::prefix` and
//! `KeyRange::between` check the values' types and count at compile time. Each tuple element
//! takes what the column takes (`&str` for a `String`). A model's partition key value alone and
//! the one-value tuple are also `PartitionKey<Model>`, the scope of a local transaction.

use super::KeyShape;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// The prefixes of `shape`'s key: tuples of 1 to all of its values, its first value alone, and
/// its key struct.
pub(super) fn prefixes(p: &TokenStream, shape: &KeyShape<'_>) -> TokenStream {
    let tuples = (1..=shape.cols.len()).map(|n| tuple_prefix(p, shape, n));
    let bare = bare_prefix(p, shape);
    let full = full_key_prefix(p, shape);
    quote! {
        #(#tuples)*
        #bare
        #full
    }
}

/// Converts the `n`-th key value, naming the table (or index) and the column on error.
fn convert(p: &TokenStream, shape: &KeyShape<'_>, n: usize, value: TokenStream) -> TokenStream {
    let owner = &shape.owner;
    let (f, fns) = &shape.cols[n];
    let c = &f.column;
    quote! {
        (#fns.to)(&#value).map_err(|m: #p::Mismatch| {
            #p::Error::mapping(<#owner as #p::KeySpace>::NAME, #c, &m.expected, &m.found)
        })?
    }
}

/// `(A0, .., An-1)` where each `Ai` converts into the i-th key column's type.
fn tuple_prefix(p: &TokenStream, shape: &KeyShape<'_>, n: usize) -> TokenStream {
    let owner = &shape.owner;
    let params: Vec<_> = (0..n).map(|i| format_ident!("__OtsA{}", i)).collect();
    let vars: Vec<_> = (0..n).map(|i| format_ident!("__ots_a{}", i)).collect();
    let bounds: Vec<_> = shape.cols[..n]
        .iter()
        .zip(&params)
        .map(|((f, _), a)| {
            let t = f.value_ty();
            quote!(#a: #p::KeyArg<#t>)
        })
        .collect();
    let values = vars
        .iter()
        .enumerate()
        .map(|(i, v)| convert(p, shape, i, quote!(#p::KeyArg::into_key_value(#v))));
    // A one-value tuple of a model's key is also its partition key (a local transaction's
    // scope).
    let partition = (shape.partition && n == 1).then(|| {
        quote! {
            impl<#(#bounds),*> #p::PartitionKey<#owner> for (#(#params,)*) {}
        }
    });
    quote! {
        impl<#(#bounds),*> #p::KeyPrefix<#owner> for (#(#params,)*) {
            fn prefix_values(self) -> #p::Result<::std::vec::Vec<#p::PrimaryKeyValue>> {
                let (#(#vars,)*) = self;
                ::core::result::Result::Ok(::std::vec![#(#values),*])
            }
        }
        #partition
    }
}

/// The first key value alone (and `&str` when it is a `String`).
fn bare_prefix(p: &TokenStream, shape: &KeyShape<'_>) -> TokenStream {
    let owner = &shape.owner;
    let Some((f, _)) = shape.cols.first() else {
        return TokenStream::new();
    };
    let t = f.value_ty();
    let own = convert(p, shape, 0, quote!(self));
    let borrowed = convert(p, shape, 0, quote!(#p::KeyArg::<#t>::into_key_value(self)));
    let partition = |ty: &TokenStream| {
        shape
            .partition
            .then(|| quote!(impl #p::PartitionKey<#owner> for #ty {}))
    };
    let own_partition = partition(&quote!(#t));
    let mut out = quote! {
        impl #p::KeyPrefix<#owner> for #t {
            fn prefix_values(self) -> #p::Result<::std::vec::Vec<#p::PrimaryKeyValue>> {
                ::core::result::Result::Ok(::std::vec![#own])
            }
        }
        #own_partition
    };
    // Borrowed forms of the first value: `&str` and `&String` for a `String`, `&[u8]` for a
    // `Vec<u8>`.
    let borrowed_types = if is_string(t) {
        vec![quote!(&str), quote!(&::std::string::String)]
    } else if is_bytes(t) {
        vec![quote!(&[u8])]
    } else {
        Vec::new()
    };
    for b in borrowed_types {
        let b_partition = partition(&b);
        out.extend(quote! {
            impl #p::KeyPrefix<#owner> for #b {
                fn prefix_values(self) -> #p::Result<::std::vec::Vec<#p::PrimaryKeyValue>> {
                    ::core::result::Result::Ok(::std::vec![#borrowed])
                }
            }
            #b_partition
        });
    }
    out
}

/// The whole key struct: every column.
fn full_key_prefix(p: &TokenStream, shape: &KeyShape<'_>) -> TokenStream {
    let (owner, key) = (&shape.owner, &shape.key);
    quote! {
        impl #p::KeyPrefix<#owner> for #key {
            fn prefix_values(self) -> #p::Result<::std::vec::Vec<#p::PrimaryKeyValue>> {
                <#owner as #p::KeySpace>::key_values(&self)
            }
        }
    }
}

/// A `String` field type (`String`, `std::string::String`, `alloc::string::String`).
pub(super) fn is_string(ty: &syn::Type) -> bool {
    path_is(
        ty,
        &["String"],
        &[&["std", "string", "String"], &["alloc", "string", "String"]],
    )
}

/// A `Vec<u8>` field type.
pub(super) fn is_bytes(ty: &syn::Type) -> bool {
    let syn::Type::Path(p) = ty else { return false };
    let Some(last) = p.path.segments.last() else {
        return false;
    };
    let is_vec = path_is(ty, &["Vec"], &[&["std", "vec", "Vec"], &["alloc", "vec", "Vec"]]);
    let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
        return false;
    };
    is_vec
        && matches!(args.args.first(), Some(syn::GenericArgument::Type(syn::Type::Path(inner)))
            if inner.path.is_ident("u8"))
}

/// Whether the type's path (ignoring generic arguments) is one of `short` or `full`.
fn path_is(ty: &syn::Type, short: &[&str], full: &[&[&str]]) -> bool {
    let syn::Type::Path(p) = ty else { return false };
    if p.qself.is_some() {
        return false;
    }
    let names: Vec<String> = p.path.segments.iter().map(|s| s.ident.to_string()).collect();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    match names.as_slice() {
        [one] => short.contains(one),
        many => full.contains(&many),
    }
}
