//! Macros for `ots`: `#[derive(OtsTable)]`, `#[derive(SearchDocument)]`, `filter!` and
//! `condition!`.
//!
//! Use them through the `ots` crate, which re-exports them along with the runtime they expand
//! to. This file only parses input and hands it to the phases: attributes (`attr`), the model
//! (`ast`), checks (`check`), code generation (`expand`), filter expressions (`filter`), search indexes and documents (`search`),
//! secondary indexes' attributes, resolution and checks (`secondary`; their code is generated in `expand`).
//! The low-level attribute value parsers and the name rule they all share are in `meta`.

mod ast;
mod attr;
mod check;
mod ctxt;
mod expand;
mod filter;
mod meta;
mod search;
mod secondary;

use proc_macro::TokenStream;

/// Maps a struct with named fields to a Tablestore table. See the `ots` crate for the attributes.
#[proc_macro_derive(OtsTable, attributes(ots))]
pub fn derive_ots_table(input: TokenStream) -> TokenStream {
    let input = syn::parse_macro_input!(input as syn::DeriveInput);
    derive(&input).into()
}

fn derive(input: &syn::DeriveInput) -> proc_macro2::TokenStream {
    let cx = ctxt::Ctxt::default();
    let model = ast::from_input(&cx, input);
    if let Some(m) = &model {
        check::check(&cx, m);
    }
    let krate = model.as_ref().and_then(|m| m.container.crate_path.as_ref());
    let searchable = model
        .as_ref()
        .is_some_and(|m| !m.container.search_indexes.is_empty());
    match (cx.check(), &model) {
        (Ok(()), Some(m)) => expand::expand(m),
        // A generic struct is refused; a stub for it would only add errors about its generics.
        (Err(e), _) if !input.generics.params.is_empty() => e.to_compile_error(),
        (Err(e), m) => expand::stub(&input.ident, krate, searchable, m.as_ref(), e),
        (Ok(()), None) => expand::stub(
            &input.ident,
            krate,
            false,
            None,
            syn::Error::new(input.ident.span(), "cannot derive OtsTable"),
        ),
    }
}

/// Maps a struct with named fields to the sub-fields of a nested search field: the documents are
/// stored as JSON (by serde) in the column of a `#[ots(search, json)] Vec<Doc>` field of an
/// `OtsTable` model. Every field is a sub-field unless `#[ots(skip)]`; `#[ots(rename = "x")]`
/// names the sub-field and must match the name serde writes (`#[serde(rename = "x")]`);
/// `#[ots(search(...))]` takes the same options as on a model's field, except `only`.
#[proc_macro_derive(SearchDocument, attributes(ots))]
pub fn derive_search_document(input: TokenStream) -> TokenStream {
    let input = syn::parse_macro_input!(input as syn::DeriveInput);
    search::document::derive(&input).into()
}

/// A typed filter over a model's columns: `filter!(User, age >= min_age && (name == "bob" || !active))`.
#[proc_macro]
pub fn filter(input: TokenStream) -> TokenStream {
    filter::filter(input.into()).into()
}

/// A typed write condition: `condition!(User, expect_exist, version == 3)`; the existence part is
/// `ignore`, `expect_exist` or `expect_not_exist`, the filter part is optional.
#[proc_macro]
pub fn condition(input: TokenStream) -> TokenStream {
    filter::condition(input.into()).into()
}

#[cfg(test)]
mod snapshot_tests;
