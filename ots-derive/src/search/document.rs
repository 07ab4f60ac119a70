//! `#[derive(SearchDocument)]`: a struct stored as JSON inside a nested search field. Every
//! field is a sub-field unless `#[ots(skip)]`; `#[ots(rename = "..")]` and `#[ots(search(..))]`
//! work as on `OtsTable` fields. This file is the entry: `document_ast` parses and checks the
//! input into a `Document`, `document_expand` generates the code.

use super::{document_ast, document_expand};
use crate::ctxt::Ctxt;
use proc_macro2::TokenStream;

/// The code for one `#[derive(SearchDocument)]`, or its errors and a stub.
pub fn derive(input: &syn::DeriveInput) -> TokenStream {
    let cx = Ctxt::default();
    let krate = document_ast::container(&cx, &input.attrs);
    let doc = document_ast::from_input(&cx, input);
    match (cx.check(), doc) {
        (Ok(()), Some(d)) => document_expand::expand(&d, krate.as_ref()),
        // A generic struct is refused; a stub for it would only add errors about its generics.
        (Err(e), _) if !input.generics.params.is_empty() => e.to_compile_error(),
        (Err(e), _) => document_expand::stub(&input.ident, krate.as_ref(), e),
        (Ok(()), None) => document_expand::stub(
            &input.ident,
            krate.as_ref(),
            syn::Error::new(input.ident.span(), "cannot derive SearchDocument"),
        ),
    }
}
