//! Code generation for `#[derive(SearchDocument)]`: the `<Doc>SearchFields` handle struct and
//! the `SearchDocument` impl, or a stub when the input has errors.

use super::document_ast::Document;
use super::expand::{fields_ident, handle_new, handle_ty, schema};
use crate::expand::private_path;
use proc_macro2::TokenStream;
use quote::quote;

pub fn expand(d: &Document<'_>, krate: Option<&syn::Path>) -> TokenStream {
    let p = private_path(krate);
    let (ident, vis) = (d.ident, d.vis);
    let st = fields_ident(ident);
    let doc = format!(
        "Typed search handles of the sub-fields of [`{ident}`], reached through the nested field that holds the documents."
    );
    let handles: Vec<_> = d.fields.iter().filter(|f| f.index).collect();
    let decls = handles.iter().map(|f| {
        let (i, t) = (f.ident, handle_ty(&p, ident, f));
        quote!(pub #i: #t)
    });
    let inits = handles.iter().map(|f| {
        let (i, new, name) = (f.ident, handle_new(&p, f), &f.name);
        quote!(#i: #new(::std::format!("{}.{}", path, #name), indexes))
    });
    let schemas = d.fields.iter().map(|f| schema(&p, f));
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone)]
        #vis struct #st { #(#decls),* }

        const _: () = {
            impl #p::SearchDocument for #ident {
                type Fields = #st;

                #[allow(unused_variables)]
                fn search_fields(path: &str, indexes: u64) -> #st {
                    #st { #(#inits),* }
                }

                fn search_schema() -> ::std::vec::Vec<#p::FieldSchema> {
                    ::std::vec::Vec::from([#(#schemas),*])
                }
            }
        };
    }
}

/// The errors, plus a `SearchDocument` impl whose bodies never run, so that models nesting the
/// document do not add errors of their own.
pub fn stub(ident: &syn::Ident, krate: Option<&syn::Path>, errors: syn::Error) -> TokenStream {
    let p = private_path(krate);
    let e = errors.to_compile_error();
    quote! {
        #e
        const _: () = {
            impl #p::SearchDocument for #ident {
                type Fields = ();
                fn search_fields(_: &str, _: u64) {}
                fn search_schema() -> ::std::vec::Vec<#p::FieldSchema> {
                    ::core::unreachable!()
                }
            }
        };
    }
}
