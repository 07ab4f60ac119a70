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
use crate::secondary::ast::{resolve, SecondaryIndex};
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
    /// The secondary indexes with valid names.
    indexes: Vec<SecondaryIndex<'a>>,
}

impl<'a> Ctx<'a> {
    fn new(m: &'a Model<'a>) -> Self {
        let ident = m.ident;
        Self {
            m,
            p: private_path(m.container.crate_path.as_ref()),
            key: key_ident(ident),
            columns: columns_ident(ident),
            patch: patch_ident(ident),
            pks: m.fields.iter().filter(|f| f.is_pk()).collect(),
            attrs: m.fields.iter().filter(|f| f.is_attribute()).collect(),
            indexes: resolve(m),
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

/// `<Model>Key` (or `<Index marker>Key`): the key struct of a model or index.
pub(crate) fn key_ident(owner: &syn::Ident) -> syn::Ident {
    format_ident!("{}Key", owner)
}

/// `<Model>Columns`: the model's column names.
pub(crate) fn columns_ident(model: &syn::Ident) -> syn::Ident {
    format_ident!("{}Columns", model)
}

/// `<Model>Patch`: the model's patch type.
pub(crate) fn patch_ident(model: &syn::Ident) -> syn::Ident {
    format_ident!("{}Patch", model)
}

/// The name of a field's constant `prefix` + its name in upper case: `__OTS_FNS_` for its
/// conversion constant, `__OTS_KEY_FNS_` for its index key conversions (a field in an index
/// key but not the primary key).
fn const_ident(prefix: &str, f: &Field<'_>) -> syn::Ident {
    use syn::ext::IdentExt as _;
    format_ident!("{}{}", prefix, f.ident.unraw().to_string().to_uppercase())
}

/// The name of a field's conversion constant.
fn fns_ident(f: &Field<'_>) -> syn::Ident {
    const_ident("__OTS_FNS_", f)
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
