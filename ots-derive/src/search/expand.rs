//! Code generation for a model's search indexes: the `<Model>SearchFields` handle struct and the
//! `Searchable` impl, plus the pieces `SearchDocument` shares (handle types, field schemas, the
//! nested-document bound).

use super::analyzer::Analyzer;
use super::ast::{mask, Kind, SearchField};
use super::attr::Metric;
use crate::ast::Model;
use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;

/// The handle type of `f` in a struct of handles of `owner`.
pub fn handle_ty(p: &TokenStream, owner: &syn::Ident, f: &SearchField<'_>) -> TokenStream {
    let v = &f.value;
    if f.kind == Kind::Nested {
        return quote!(#p::NestedField<#owner, #v>);
    }
    let k = format_ident!("{}", f.kind.marker());
    let a = format_ident!("{}", if f.sortable { "Sortable" } else { "Unsortable" });
    quote!(#p::SearchField<#owner, #v, #p::search_kind::#k, #p::search_kind::#a>)
}

/// The constructor path of `f`'s handle.
pub fn handle_new(p: &TokenStream, f: &SearchField<'_>) -> TokenStream {
    if f.kind == Kind::Nested {
        quote!(#p::NestedField::new)
    } else {
        quote!(#p::SearchField::new)
    }
}

/// A `FieldSchema` expression for `f`, named `f.name`.
pub fn schema(p: &TokenStream, f: &SearchField<'_>) -> TokenStream {
    let name = &f.name;
    let mut out = match f.kind {
        Kind::Keyword => quote!(#p::FieldSchema::keyword(#name)),
        Kind::Text => quote!(#p::FieldSchema::text(#name)),
        Kind::Long => quote!(#p::FieldSchema::long(#name)),
        Kind::Double => quote!(#p::FieldSchema::double(#name)),
        Kind::Boolean => quote!(#p::FieldSchema::boolean(#name)),
        Kind::GeoPoint => quote!(#p::FieldSchema::geo_point(#name)),
        Kind::Date => {
            let formats = &f.formats;
            quote!(#p::FieldSchema::date(#name, [#(#formats),*]))
        }
        Kind::Nested => {
            // Spanned at the document type: when it does not derive `SearchDocument`, the
            // trait's message points at the user's `Vec<S>`.
            let s = &f.value;
            let sub = quote_spanned!(s.span()=> <#s as #p::SearchDocument>::search_schema());
            quote!(#p::FieldSchema::nested(#name, #sub))
        }
        Kind::Vector => {
            let (dimension, metric) = f.vector.unwrap_or((0, Metric::Cosine));
            let metric = format_ident!("{}", format!("{metric:?}"));
            quote!(#p::FieldSchema::vector(#name, #dimension, #p::VectorMetric::#metric))
        }
    };
    if f.array {
        out.extend(quote!(.array()));
    }
    if let Some(a) = &f.analyzer {
        let a = analyzer(p, a);
        out.extend(quote!(.analyzer(#a)));
    }
    if f.highlight {
        out.extend(quote!(.highlighting(true)));
    }
    if !f.index {
        out.extend(quote!(.index(false)));
    }
    if let Some(store) = f.store {
        out.extend(quote!(.store(#store)));
    }
    if f.kind.can_sort() {
        let s = f.sortable;
        out.extend(quote!(.sort_and_agg(#s)));
    }
    out
}

fn option<T: quote::ToTokens>(v: Option<T>) -> TokenStream {
    match v {
        Some(v) => quote!(::core::option::Option::Some(#v)),
        None => quote!(::core::option::Option::None),
    }
}

fn analyzer(p: &TokenStream, a: &Analyzer) -> TokenStream {
    match a {
        Analyzer::SingleWord {
            case_sensitive,
            delimit_word,
        } => {
            let (c, d) = (option(*case_sensitive), option(*delimit_word));
            quote!(#p::Analyzer::SingleWord { case_sensitive: #c, delimit_word: #d })
        }
        Analyzer::Split { delimiter } => {
            let d = option(
                delimiter
                    .as_ref()
                    .map(|d| quote!(::std::string::String::from(#d))),
            );
            quote!(#p::Analyzer::Split { delimiter: #d })
        }
        Analyzer::Fuzzy { min_chars, max_chars } => {
            let (lo, hi) = (option(*min_chars), option(*max_chars));
            quote!(#p::Analyzer::Fuzzy { min_chars: #lo, max_chars: #hi })
        }
        Analyzer::MaxWord => quote!(#p::Analyzer::MaxWord),
        Analyzer::MinWord => quote!(#p::Analyzer::MinWord),
    }
}

/// `<Model>SearchFields`.
pub fn fields_ident(ident: &syn::Ident) -> syn::Ident {
    format_ident!("{}SearchFields", ident)
}

/// The handle struct (beside the model) and the `Searchable` impl (inside the model's
/// `const _`), or nothing when the model declares no search index.
pub fn table(p: &TokenStream, m: &Model<'_>) -> (TokenStream, TokenStream) {
    let indexes = &m.container.search_indexes;
    if indexes.is_empty() {
        return (TokenStream::new(), TokenStream::new());
    }
    let (ident, vis) = (m.ident, m.vis);
    let names: Vec<&str> = indexes.iter().map(|i| i.name.as_str()).collect();
    let st = fields_ident(ident);
    let doc = format!(
        "Typed search handles of [`{ident}`], for queries, sorts and aggregations on its search indexes."
    );
    let handles: Vec<_> = m.search.iter().filter(|f| f.index).collect();
    let decls = handles.iter().map(|f| {
        let (i, t) = (f.ident, handle_ty(p, ident, f));
        quote!(pub #i: #t)
    });
    let inits = handles.iter().map(|f| {
        let (i, new, name) = (f.ident, handle_new(p, f), &f.name);
        let bits = proc_macro2::Literal::u64_unsuffixed(mask(f, &names));
        quote!(#i: #new(#name, #bits))
    });
    let requests = indexes.iter().enumerate().map(|(bit, index)| {
        let name = &index.name;
        let fields = m
            .search
            .iter()
            .filter(|f| mask(f, &names) & (1 << bit) != 0)
            .map(|f| schema(p, f));
        let routing = index.routing.iter().filter_map(|r| {
            let c = &m.fields.iter().find(|f| f.ident == r)?.column;
            Some(quote!(.routing_field(#c)))
        });
        let sorters = index.sort.iter().filter_map(|(s, desc)| {
            let c = &m.fields.iter().find(|f| f.ident == s)?.column;
            let order = format_ident!("{}", if *desc { "Desc" } else { "Asc" });
            Some(quote! {
                .sort_by(#p::IndexSorter::Field {
                    name: ::std::string::String::from(#c),
                    order: #p::SortOrder::#order,
                    mode: ::core::option::Option::None,
                })
            })
        });
        let ttl = index.ttl.map(|(t, _)| quote!(.time_to_live(#t)));
        quote! {
            #p::CreateSearchIndexRequest::new(<Self as #p::OtsTable>::TABLE, #name)
                #(.field(#fields))*
                #(#routing)*
                #(#sorters)*
                #ttl
        }
    });
    let types = quote! {
        #[doc = #doc]
        #[derive(Debug, Clone)]
        #vis struct #st { #(#decls),* }
    };
    let imp = quote! {
        impl #p::Searchable for #ident {
            type SearchFields = #st;
            const SEARCH_INDEXES: &'static [&'static str] = &[#(#names),*];

            fn search_fields() -> #st {
                #st { #(#inits),* }
            }

            fn search_index_requests() -> ::std::vec::Vec<#p::CreateSearchIndexRequest> {
                ::std::vec::Vec::from([#(#requests),*])
            }
        }
    };
    (types, imp)
}

/// A `Searchable` impl for a model whose input has errors but declares search indexes, so that
/// uses of its search API do not add errors of their own. Its bodies never run.
pub fn stub(p: &TokenStream, ident: &syn::Ident) -> TokenStream {
    quote! {
        const _: () = {
            impl #p::Searchable for #ident {
                type SearchFields = ();
                const SEARCH_INDEXES: &'static [&'static str] = &[];
                fn search_fields() {}
                fn search_index_requests() -> ::std::vec::Vec<#p::CreateSearchIndexRequest> {
                    ::core::unreachable!()
                }
            }
        };
    }
}
