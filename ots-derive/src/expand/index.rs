//! A model's secondary indexes: per index, a marker type (`UserByEmail`) implementing
//! `KeySpace` and `SecondaryIndex`, its key struct (`UserByEmailKey`) and its key prefixes; the
//! key conversions of the fields that are index keys but not primary keys; and the table
//! schema's part (the indexes and the defined columns they need).

use super::{const_ident, fns_ident, prefix, types, Ctx, KeyShape};
use crate::ast::{Field, Model};
use crate::meta::quoted;
use crate::secondary::ast::{resolve, SecondaryIndex};
use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;

/// The name of the `KeyFns` constant of a field that is in an index key but not a primary key.
fn key_fns_ident(f: &Field<'_>) -> syn::Ident {
    const_ident("__OTS_KEY_FNS_", f)
}

/// The `KeyFns` constant of a field of an index key.
fn key_fns_of(f: &Field<'_>) -> syn::Ident {
    if f.is_pk() {
        fns_ident(f)
    } else {
        key_fns_ident(f)
    }
}

fn key_shape<'a>(index: &SecondaryIndex<'a>) -> KeyShape<'a> {
    let marker = &index.marker;
    KeyShape {
        owner: quote!(#marker),
        key: index.key_struct(),
        cols: index.key.iter().map(|f| (*f, key_fns_of(f))).collect(),
        partition: false,
    }
}

/// The types (beside the model) and the impls (inside its `const _`), or nothing when the model
/// declares no index.
pub(super) fn indexes(cx: &Ctx<'_>) -> (TokenStream, TokenStream) {
    let indexes = &cx.indexes;
    if indexes.is_empty() {
        return (TokenStream::new(), TokenStream::new());
    }
    let mut types = TokenStream::new();
    let mut impls = key_fns_consts(cx, indexes);
    for index in indexes {
        let shape = key_shape(index);
        types.extend(index_types(cx, index, &shape));
        impls.extend(index_impls(cx, index, &shape));
    }
    (types, impls)
}

/// One `KeyFns` constant per field that is in an index key but not a primary key, spanned at its
/// type: a type that cannot be a key is reported there, with `KeyValue`'s explanation.
fn key_fns_consts(cx: &Ctx<'_>, indexes: &[SecondaryIndex<'_>]) -> TokenStream {
    let p = &cx.p;
    let mut seen: Vec<&syn::Ident> = Vec::new();
    let mut out = TokenStream::new();
    for f in indexes.iter().flat_map(|i| &i.key).filter(|f| !f.is_pk()) {
        if seen.contains(&f.ident) {
            continue;
        }
        seen.push(f.ident);
        let (name, ty) = (key_fns_ident(f), f.value_ty());
        out.extend(quote_spanned!(ty.span()=> const #name: #p::KeyFns<#ty> = #p::key_fns::<#ty>();));
    }
    out
}

fn list(fields: &[&Field<'_>]) -> String {
    quoted(fields.iter().map(|f| f.ident))
}

fn index_types(cx: &Ctx<'_>, index: &SecondaryIndex<'_>, shape: &KeyShape<'_>) -> TokenStream {
    let (model, vis, marker) = (cx.m.ident, cx.m.vis, &index.marker);
    let name = &index.attr.name;
    let kind = if index.attr.local {
        "local (updated with each write)"
    } else {
        "global (updated after each write: on the service a read may miss the latest writes for a moment)"
    };
    let carries = if index.carried.is_empty() {
        "no other field".to_owned()
    } else {
        list(&index.carried)
    };
    let reads = if index.covering {
        let lag = if index.attr.local {
            ""
        } else {
            " On the service such a read may answer a row's old values, a row deleted since, or, while a write changes the indexed fields, the same row twice."
        };
        format!(
            "It holds every stored field, so reads build each [`{model}`] from the index row alone: they are as whole as the live index, and wrong until it is rebuilt if it carries fewer columns than declared (what `sync_schema` reports as `SchemaDrift::Index`).{lag}"
        )
    } else {
        format!(
            "It does not hold every stored field, so reads find the keys in the index and read each [`{model}`] from the table (in batches), leaving out rows deleted, or whose indexed fields changed, in between."
        )
    };
    let doc = format!(
        "The secondary index `{name}` of [`{model}`]: {kind}. Its key is {}; it carries {carries}. {reads}\n\nRead it with `repo.index::<{marker}>()` on a `Repo<{model}>`.",
        list(&index.key)
    );
    let key_doc = format!("The key of index `{name}` ([`{marker}`]): {}.", list(&index.key));
    let key = types::key_struct(&cx.p, vis, &key_doc, shape);
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, Copy)]
        #vis struct #marker;

        #key
    }
}

fn index_impls(cx: &Ctx<'_>, index: &SecondaryIndex<'_>, shape: &KeyShape<'_>) -> TokenStream {
    let (p, model, marker, key) = (&cx.p, cx.m.ident, &index.marker, &shape.key);
    let name = &index.attr.name;
    let key_columns = index.key.iter().map(|f| {
        let (c, fns) = (&f.column, key_fns_of(f));
        quote! {
            #p::PrimaryKeySchema {
                name: ::std::string::String::from(#c),
                key_type: #fns.key_type,
                auto_increment: false,
            }
        }
    });
    let key_values = index.key.iter().map(|f| {
        let (i, c, fns) = (f.ident, &f.column, key_fns_of(f));
        quote! {
            (#fns.to)(&key.#i).map_err(|m: #p::Mismatch| #p::Error::mapping(#name, #c, &m.expected, &m.found))?
        }
    });
    let kind = if index.attr.local {
        quote!(local)
    } else {
        quote!(global)
    };
    let given = index.key.iter().take(index.attr.key.len()).map(|f| &f.column);
    let carried = index.carried.iter().map(|f| &f.column);
    let covering = index.covering;
    let prefixes = prefix::prefixes(p, shape);
    quote! {
        impl #p::KeySpace for #marker {
            type Key = #key;
            const NAME: &'static str = #name;

            fn key_columns() -> ::std::vec::Vec<#p::PrimaryKeySchema> {
                ::std::vec![#(#key_columns),*]
            }

            fn key_values(key: &#key) -> #p::Result<::std::vec::Vec<#p::PrimaryKeyValue>> {
                ::core::result::Result::Ok(::std::vec![#(#key_values),*])
            }
        }

        impl #p::SecondaryIndex for #marker {
            type Model = #model;
            const CARRIES_EVERY_FIELD: bool = #covering;

            fn index_meta() -> #p::IndexMeta {
                #p::IndexMeta::#kind(#name)
                    #(.primary_key(#given))*
                    #(.defined_column(#carried))*
            }
        }

        #prefixes
    }
}

/// The table schema's part: the defined columns the indexes need (fields not already
/// `defined`), then the indexes.
pub(super) fn schema(cx: &Ctx<'_>) -> TokenStream {
    let (p, indexes) = (&cx.p, &cx.indexes);
    let used = |f: &Field<'_>| {
        indexes
            .iter()
            .any(|i| i.defined_columns().any(|k| k.ident == f.ident))
    };
    let defined = cx
        .attrs
        .iter()
        .filter(|f| f.attrs.defined.is_none() && used(f))
        .map(|f| {
            let (c, fns) = (&f.column, fns_ident(f));
            quote!(req = req.defined_column(#c, #fns.column_type);)
        });
    let metas = indexes.iter().map(|i| {
        let marker = &i.marker;
        quote!(req = req.index(<#marker as #p::SecondaryIndex>::index_meta());)
    });
    quote! {
        #(#defined)*
        #(#metas)*
    }
}

/// Marker types with impls that never run, for a model whose input has errors, so that uses of
/// its indexes do not add errors of their own: each index's key (and its key struct's name) is
/// `AnyKey`, which converts from any tuple or key value, and the same values are key prefixes of
/// the marker (`stub_prefixes`). A name taken already (the model's, or another index's type, which the
/// checks report) is left out, so that it does not add a "defined multiple times" error.
pub fn stub(p: &TokenStream, m: &Model<'_>) -> TokenStream {
    let (model, vis) = (m.ident, m.vis);
    let mut seen: Vec<syn::Ident> = vec![model.clone()];
    let mut out = TokenStream::new();
    for index in resolve(m) {
        let key = index.key_struct();
        let marker = index.marker;
        if seen.contains(&marker) {
            continue;
        }
        let prefixes = stub_prefixes(p, &marker);
        out.extend(quote! {
            #vis struct #marker;
            const _: () = {
                impl #p::KeySpace for #marker {
                    type Key = #p::AnyKey;
                    const NAME: &'static str = "";
                    fn key_columns() -> ::std::vec::Vec<#p::PrimaryKeySchema> { ::core::unreachable!() }
                    fn key_values(_: &#p::AnyKey) -> #p::Result<::std::vec::Vec<#p::PrimaryKeyValue>> { ::core::unreachable!() }
                }
                impl #p::SecondaryIndex for #marker {
                    type Model = #model;
                    const CARRIES_EVERY_FIELD: bool = false;
                    fn index_meta() -> #p::IndexMeta { ::core::unreachable!() }
                }
                #prefixes
            };
        });
        seen.push(marker);
        if !seen.contains(&key) {
            out.extend(quote!(#vis type #key = #p::AnyKey;));
            seen.push(key);
        }
    }
    out
}

/// `KeyPrefix<marker>` for what `AnyKey` converts from: tuples of 1 to 8 values of any type, the
/// key value types, and `AnyKey`. (A blanket impl in the library would change the diagnostics of
/// every model's prefixes.)
fn stub_prefixes(p: &TokenStream, marker: &syn::Ident) -> TokenStream {
    let body = quote! {
        fn prefix_values(self) -> #p::Result<::std::vec::Vec<#p::PrimaryKeyValue>> { ::core::unreachable!() }
    };
    let tuples = (1..=8usize).map(|n| {
        let params: Vec<_> = (0..n).map(|i| format_ident!("__OtsA{}", i)).collect();
        quote!(impl<#(#params),*> #p::KeyPrefix<#marker> for (#(#params,)*) { #body })
    });
    let values = [
        quote!(&str),
        quote!(::std::string::String),
        quote!(&::std::string::String),
        quote!(i8),
        quote!(i16),
        quote!(i32),
        quote!(i64),
        quote!(isize),
        quote!(u8),
        quote!(u16),
        quote!(u32),
        quote!(u64),
        quote!(usize),
        quote!(::std::vec::Vec<u8>),
        quote!(&[u8]),
        quote!(#p::AnyKey),
    ]
    .into_iter()
    .map(|t| quote!(impl #p::KeyPrefix<#marker> for #t { #body }));
    quote! {
        #(#tuples)*
        #(#values)*
    }
}
