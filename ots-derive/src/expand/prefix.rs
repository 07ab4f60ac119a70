//! Typed key prefixes: `KeyPrefix<Model>` for tuples of the leading key columns' values
//! (`(shop,)`, `(shop, order)`, ...), for the partition key's value alone, and for the full key
//! struct, so `KeyRange::prefix` and `KeyRange::between` check the values' types and count at
//! compile time. Each tuple element takes what the column takes (`&str` for a `String`). The
//! partition key's value alone and the one-value tuple are also `PartitionKey<Model>`, the
//! scope of a local transaction.

use super::{fns_ident, Ctx};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

pub(super) fn prefixes(cx: &Ctx<'_>) -> TokenStream {
    let tuples = (1..=cx.pks.len()).map(|n| tuple_prefix(cx, n));
    let bare = bare_prefix(cx);
    let full = full_key_prefix(cx);
    quote! {
        #(#tuples)*
        #bare
        #full
    }
}

/// Converts one key value, naming the model's table and the column on error.
fn convert(cx: &Ctx<'_>, n: usize, value: TokenStream) -> TokenStream {
    let (p, model) = (&cx.p, cx.m.ident);
    let f = cx.pks[n];
    let (c, fns) = (&f.column, fns_ident(f));
    quote! {
        (#fns.to)(&#value).map_err(|m: #p::Mismatch| {
            #p::Error::mapping(<#model as #p::OtsTable>::TABLE, #c, &m.expected, &m.found)
        })?
    }
}

/// `(A0, .., An-1)` where each `Ai` converts into the i-th key column's type.
fn tuple_prefix(cx: &Ctx<'_>, n: usize) -> TokenStream {
    let (p, model) = (&cx.p, cx.m.ident);
    let params: Vec<_> = (0..n).map(|i| format_ident!("__OtsA{}", i)).collect();
    let vars: Vec<_> = (0..n).map(|i| format_ident!("__ots_a{}", i)).collect();
    let bounds = cx.pks[..n].iter().zip(&params).map(|(f, a)| {
        let t = f.ty;
        quote!(#a: #p::KeyArg<#t>)
    });
    let values = vars
        .iter()
        .enumerate()
        .map(|(i, v)| convert(cx, i, quote!(#p::KeyArg::into_key_value(#v))));
    let bounds: Vec<_> = bounds.collect();
    // A one-value tuple is also the partition key (a local transaction's scope).
    let partition = (n == 1).then(|| {
        quote! {
            impl<#(#bounds),*> #p::PartitionKey<#model> for (#(#params,)*) {}
        }
    });
    quote! {
        impl<#(#bounds),*> #p::KeyPrefix<#model> for (#(#params,)*) {
            fn prefix_values(self) -> #p::Result<::std::vec::Vec<#p::PrimaryKeyValue>> {
                let (#(#vars,)*) = self;
                ::core::result::Result::Ok(::std::vec![#(#values),*])
            }
        }
        #partition
    }
}

/// The partition key's value alone (and `&str` when it is a `String`).
fn bare_prefix(cx: &Ctx<'_>) -> TokenStream {
    let (p, model) = (&cx.p, cx.m.ident);
    let Some(f) = cx.pks.first() else {
        return TokenStream::new();
    };
    let t = f.ty;
    let own = convert(cx, 0, quote!(self));
    let borrowed = convert(cx, 0, quote!(#p::KeyArg::<#t>::into_key_value(self)));
    let mut out = quote! {
        impl #p::KeyPrefix<#model> for #t {
            fn prefix_values(self) -> #p::Result<::std::vec::Vec<#p::PrimaryKeyValue>> {
                ::core::result::Result::Ok(::std::vec![#own])
            }
        }
        impl #p::PartitionKey<#model> for #t {}
    };
    // Borrowed forms of the partition key: `&str` and `&String` for a `String`, `&[u8]` for
    // a `Vec<u8>`.
    let borrowed_types = if is_string(t) {
        vec![quote!(&str), quote!(&::std::string::String)]
    } else if is_bytes(t) {
        vec![quote!(&[u8])]
    } else {
        Vec::new()
    };
    for b in borrowed_types {
        out.extend(quote! {
            impl #p::KeyPrefix<#model> for #b {
                fn prefix_values(self) -> #p::Result<::std::vec::Vec<#p::PrimaryKeyValue>> {
                    ::core::result::Result::Ok(::std::vec![#borrowed])
                }
            }
            impl #p::PartitionKey<#model> for #b {}
        });
    }
    out
}

/// The whole key struct: every column.
fn full_key_prefix(cx: &Ctx<'_>) -> TokenStream {
    let (p, model, key) = (&cx.p, cx.m.ident, &cx.key);
    quote! {
        impl #p::KeyPrefix<#model> for #key {
            fn prefix_values(self) -> #p::Result<::std::vec::Vec<#p::PrimaryKeyValue>> {
                ::core::result::Result::Ok(
                    <#model as #p::OtsTable>::primary_key_of(&self)?
                        .columns
                        .into_iter()
                        .map(|c| c.value)
                        .collect(),
                )
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
