//! The public types generated beside the model: `<Model>Key`, `<Model>Columns` and
//! `<Model>Patch` with its setters.

use super::{is_counter, Ctx, KeyShape};
use crate::ast::Field;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

pub(super) fn types(cx: &Ctx<'_>) -> TokenStream {
    let doc = format!("The primary key of [`{}`].", cx.m.ident);
    let key = key_struct(&cx.p, cx.m.vis, &doc, &cx.key_shape());
    let columns = columns_struct(cx);
    let patch = patch_struct(cx);
    quote! {
        #key
        #columns
        #patch
    }
}

/// A key struct (`UserKey`, `UserByEmailKey`) and its `From` the key field (or a tuple of the
/// key fields).
pub(super) fn key_struct(
    p: &TokenStream,
    vis: &syn::Visibility,
    doc: &str,
    shape: &KeyShape<'_>,
) -> TokenStream {
    let key = &shape.key;
    let fields = shape.cols.iter().map(|(f, _)| {
        let (i, t) = (f.ident, f.value_ty());
        quote!(pub #i: #t)
    });
    let from = if let [(f, _)] = shape.cols.as_slice() {
        let (i, t) = (f.ident, f.value_ty());
        let mut from = quote! {
            impl ::core::convert::From<#t> for #key {
                fn from(#i: #t) -> Self { Self { #i } }
            }
        };
        let borrowed = if super::prefix::is_string(t) {
            vec![quote!(&str), quote!(&::std::string::String)]
        } else if super::prefix::is_bytes(t) {
            vec![quote!(&[u8])]
        } else {
            Vec::new()
        };
        for b in borrowed {
            from.extend(quote! {
                impl ::core::convert::From<#b> for #key {
                    fn from(#i: #b) -> Self { Self { #i: #p::KeyArg::<#t>::into_key_value(#i) } }
                }
            });
        }
        from
    } else {
        // Each element takes what the key column takes (`&str` for a `String`, an unsuffixed
        // integer literal for any integer type).
        let params: Vec<_> = (0..shape.cols.len())
            .map(|i| format_ident!("__OtsA{}", i))
            .collect();
        let bounds = shape.cols.iter().zip(&params).map(|((f, _), a)| {
            let t = f.value_ty();
            quote!(#a: #p::KeyArg<#t>)
        });
        let names: Vec<_> = shape.cols.iter().map(|(f, _)| f.ident).collect();
        quote! {
            impl<#(#bounds),*> ::core::convert::From<(#(#params),*)> for #key {
                fn from((#(#names),*): (#(#params),*)) -> Self {
                    Self { #(#names: #p::KeyArg::into_key_value(#names)),* }
                }
            }
        }
    };
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #vis struct #key { #(#fields),* }

        #from
    }
}

/// Column handles, one per attribute column. A JSON field's handle is a `Col<_, Json<T>>`: it
/// can be projected but not compared.
fn columns_struct(cx: &Ctx<'_>) -> TokenStream {
    let (ident, vis, columns, p) = (cx.m.ident, cx.m.vis, &cx.columns, &cx.p);
    let doc = format!("Typed column handles of [`{ident}`], for filters, conditions and projections.");
    let fields = cx.attrs.iter().map(|f| {
        let (i, t) = (f.ident, f.value_ty());
        if f.attrs.json.is_some() {
            quote!(pub #i: #p::Col<#ident, #p::Json<#t>>)
        } else {
            quote!(pub #i: #p::Col<#ident, #t>)
        }
    });
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, Copy)]
        #vis struct #columns { #(#fields),* }
    }
}

/// The patch struct and its builder methods.
fn patch_struct(cx: &Ctx<'_>) -> TokenStream {
    let (ident, vis, patch, p) = (cx.m.ident, cx.m.vis, &cx.patch, &cx.p);
    let doc = format!("A partial update of [`{ident}`]: each field is left unchanged unless set.");
    let fields = cx.patchable().map(|f| {
        let (i, t) = (f.ident, f.value_ty());
        quote!(pub #i: #p::Patch<#t>)
    });
    let methods = cx.patchable().map(|f| patch_methods(cx, f));
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, Default)]
        #vis struct #patch { #(#fields),* }

        impl #patch {
            /// A patch that changes nothing yet.
            #[must_use]
            pub fn new() -> Self { ::core::default::Default::default() }
            #(#methods)*
        }
    }
}

/// `set_*` for every patchable field, `delete_*` for optional or default ones, `increment_*`
/// for integers.
fn patch_methods(cx: &Ctx<'_>, f: &Field<'_>) -> TokenStream {
    let mut out = set_method(cx, f);
    if f.option_inner.is_some() {
        out.extend(set_or_delete_method(cx, f));
    }
    if f.option_inner.is_some() || f.attrs.default.is_some() {
        out.extend(variant_method(
            cx,
            f,
            format_ident!("delete_{}", f.ident),
            format!(
                "Deletes `{}` (the field reads back as absent or default).",
                f.column
            ),
            quote!(mut self),
            quote!(Delete),
        ));
    }
    if is_counter(f) {
        out.extend(variant_method(
            cx,
            f,
            format_ident!("increment_{}", f.ident),
            format!("Atomically adds `by` to `{}`.", f.column),
            quote!(mut self, by: i64),
            quote!(Increment(by)),
        ));
    }
    out
}

/// `set_*`: typed columns take what filters take (so `set_big(5)` infers a u64); JSON fields
/// take anything that converts into the field type.
fn set_method(cx: &Ctx<'_>, f: &Field<'_>) -> TokenStream {
    let (i, t, p) = (f.ident, f.value_ty(), &cx.p);
    let set = format_ident!("set_{}", i);
    let doc = format!("Writes `{}`.", f.column);
    let (arg, value) = if f.attrs.json.is_some() {
        (quote!(impl ::core::convert::Into<#t>), quote!(value.into()))
    } else {
        (
            quote!(impl #p::ColumnArg<#t>),
            quote!(#p::ColumnArg::into_column_value(value)),
        )
    };
    quote! {
        #[doc = #doc]
        #[must_use]
        pub fn #set(mut self, value: #arg) -> Self {
            self.#i = #p::Patch::Set(#value);
            self
        }
    }
}

/// `set_or_delete_*` for an `Option` field: `Some` writes, `None` deletes, in one call.
fn set_or_delete_method(cx: &Ctx<'_>, f: &Field<'_>) -> TokenStream {
    let (i, t, p) = (f.ident, f.value_ty(), &cx.p);
    let name = format_ident!("set_or_delete_{}", i);
    let doc = format!(
        "Writes `{}` when `value` is `Some`, deletes it when `None`.",
        f.column
    );
    quote! {
        #[doc = #doc]
        #[must_use]
        pub fn #name(mut self, value: ::core::option::Option<#t>) -> Self {
            self.#i = match value {
                ::core::option::Option::Some(v) => #p::Patch::Set(v),
                ::core::option::Option::None => #p::Patch::Delete,
            };
            self
        }
    }
}

/// A builder method that sets the field's patch to `#p::Patch::#variant`.
fn variant_method(
    cx: &Ctx<'_>,
    f: &Field<'_>,
    name: syn::Ident,
    doc: String,
    params: TokenStream,
    variant: TokenStream,
) -> TokenStream {
    let (i, p) = (f.ident, &cx.p);
    quote! {
        #[doc = #doc]
        #[must_use]
        pub fn #name(#params) -> Self {
            self.#i = #p::Patch::#variant;
            self
        }
    }
}
