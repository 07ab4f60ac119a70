//! Code generation for `#[derive(OtsTable)]`: the model's `Key`, `Columns` and `Patch` types
//! (`types`), the `OtsTable` impl (`table_impl`), typed key prefixes (`prefix`), the secondary
//! indexes' marker and key types and impls (`index`), the hidden hooks `filter!` and `condition!`
//! expand to (`hooks`), and the stub emitted when the input has errors (`stub`).

mod hooks;
mod index;
mod prefix;
mod stub;
mod table_impl;
mod types;

use crate::ast::{Field, Model};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

pub use stub::stub;

/// The runtime path generated code names: `<crate>::__private`, where `<crate>` is the
/// container's `#[ots(crate = "...")]` or `::ots`.
pub fn private_path(krate: Option<&syn::Path>) -> TokenStream {
    match krate {
        Some(krate) => quote!(#krate::__private),
        None => quote!(::ots::__private),
    }
}

/// What every generator needs: the model, the runtime path and the names of the generated types.
struct Ctx<'a> {
    m: &'a Model<'a>,
    /// `<crate>::__private`.
    p: TokenStream,
    /// `<Model>Key`.
    key: syn::Ident,
    /// `<Model>Columns`.
    columns: syn::Ident,
    /// `<Model>Patch`.
    patch: syn::Ident,
    /// The primary key fields, in declared order.
    pks: Vec<&'a Field<'a>>,
    /// The attribute columns (neither key nor skipped).
    attrs: Vec<&'a Field<'a>>,
}

impl<'a> Ctx<'a> {
    fn new(m: &'a Model<'a>) -> Self {
        let ident = m.ident;
        Self {
            m,
            p: private_path(m.container.crate_path.as_ref()),
            key: format_ident!("{}Key", ident),
            columns: format_ident!("{}Columns", ident),
            patch: format_ident!("{}Patch", ident),
            pks: m.fields.iter().filter(|f| f.is_pk()).collect(),
            attrs: m.fields.iter().filter(|f| f.is_attribute()).collect(),
        }
    }

    /// Attribute columns a patch writes. Managed columns (version, timestamps) are written by
    /// the repository, not by patches.
    fn patchable(&self) -> impl Iterator<Item = &'a Field<'a>> + '_ {
        self.attrs.iter().copied().filter(|f| {
            f.attrs.version.is_none() && f.attrs.created_at.is_none() && f.attrs.updated_at.is_none()
        })
    }

    /// The model's primary key: its key fields, each with its conversion constant.
    fn key_shape(&self) -> KeyShape<'a> {
        let ident = self.m.ident;
        KeyShape {
            owner: quote!(#ident),
            key: self.key.clone(),
            cols: self.pks.iter().map(|f| (*f, fns_ident(f))).collect(),
            partition: true,
        }
    }

    /// Maps a conversion `Mismatch` into a mapping error naming table and column.
    fn map_err(&self, column: &str) -> TokenStream {
        let p = &self.p;
        quote!(|m: #p::Mismatch| #p::Error::mapping(<Self as #p::OtsTable>::TABLE, #column, &m.expected, &m.found))
    }
}

/// A key as generated code handles it: a model's primary key or a secondary index's whole key.
struct KeyShape<'a> {
    /// The type the key belongs to: the model, or an index's marker type.
    owner: TokenStream,
    /// The key struct (`UserKey`, `UserByEmailKey`).
    key: syn::Ident,
    /// The key fields in order, each with the constant of its `KeyFns`.
    cols: Vec<(&'a Field<'a>, syn::Ident)>,
    /// The first value is also a `PartitionKey` (a model's key).
    partition: bool,
}

/// The name of a field's conversion constant.
fn fns_ident(f: &Field<'_>) -> syn::Ident {
    use syn::ext::IdentExt as _;
    format_ident!("__OTS_FNS_{}", f.ident.unraw().to_string().to_uppercase())
}

/// True when the field takes `increment_*` patches: an integer stored as an integer.
fn is_counter(f: &Field<'_>) -> bool {
    f.is_integer() && f.attrs.json.is_none()
}

pub fn expand(m: &Model<'_>) -> TokenStream {
    let cx = Ctx::new(m);
    let types = types::types(&cx);
    let fns_consts = table_impl::fns_consts(&cx);
    let table_impl = table_impl::table_impl(&cx);
    let columns = &cx.columns;
    let hooks = hooks::hooks(&cx.p, m.ident, &quote!(#columns));
    let prefixes = prefix::prefixes(&cx.p, &cx.key_shape());
    let (search_types, search_impl) = crate::search::expand::table(&cx.p, m);
    let (index_types, index_impls) = index::indexes(&cx);
    quote! {
        #types
        #search_types
        #index_types

        const _: () = {
            #fns_consts
            #table_impl
            #hooks
            #prefixes
            #search_impl
            #index_impls
        };
    }
}
