//! Typed key prefixes: `KeyPrefix<Model>` for tuples of the leading key columns' values
//! (`(shop,)`, `(shop, order)`, ...), for the partition key's value alone, and for the full key
//! struct, so `KeyRange::prefix` and `KeyRange::between` check the values' types and count at
//! compile time. Each tuple element takes what the column takes (`&str` for a `String`).

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
    let params: Vec<_> = (0..n).map(|i| format_ident!("A{}", i)).collect();
    let vars: Vec<_> = (0..n).map(|i| format_ident!("a{}", i)).collect();
    let bounds = cx.pks[..n].iter().zip(&params).map(|(f, a)| {
        let t = f.ty;
        quote!(#a: #p::KeyArg<#t>)
    });
    let values = vars
        .iter()
        .enumerate()
        .map(|(i, v)| convert(cx, i, quote!(#p::KeyArg::into_key_value(#v))));
    quote! {
        impl<#(#bounds),*> #p::KeyPrefix<#model> for (#(#params,)*) {
            fn prefix_values(self) -> #p::Result<::std::vec::Vec<#p::PrimaryKeyValue>> {
                let (#(#vars,)*) = self;
                ::core::result::Result::Ok(::std::vec![#(#values),*])
            }
        }
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
    let borrowed = convert(cx, 0, quote!(::std::string::String::from(self)));
    let mut out = quote! {
        impl #p::KeyPrefix<#model> for #t {
            fn prefix_values(self) -> #p::Result<::std::vec::Vec<#p::PrimaryKeyValue>> {
                ::core::result::Result::Ok(::std::vec![#own])
            }
        }
    };
    if is_string(t) {
        out.extend(quote! {
            impl #p::KeyPrefix<#model> for &str {
                fn prefix_values(self) -> #p::Result<::std::vec::Vec<#p::PrimaryKeyValue>> {
                    ::core::result::Result::Ok(::std::vec![#borrowed])
                }
            }
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
    match ty {
        syn::Type::Path(p) if p.qself.is_none() => {
            p.path.segments.last().is_some_and(|s| s.ident == "String")
        }
        _ => false,
    }
}
