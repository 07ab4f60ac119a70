//! The input of `#[derive(SearchDocument)]` parsed and checked into a `Document`: the container's
//! `crate` attribute and the sub-fields, each resolved like a search field of an `OtsTable` model
//! (`search::ast`). Every field is a sub-field unless `#[ots(skip)]`; `#[ots(rename = "..")]` and
//! `#[ots(search(..))]` work as on `OtsTable` fields.

use super::ast::{resolve, SearchField, Storage};
use super::attr::Search;
use crate::ctxt::Ctxt;
use crate::meta::{path, set, skip_value, string, valid_name};
use proc_macro2::Span;
use syn::spanned::Spanned;

const FIELD_KEYS: &str = "`rename`, `skip`, `search`";

/// A `SearchDocument` struct: its name, visibility and resolved sub-fields.
pub struct Document<'a> {
    pub ident: &'a syn::Ident,
    pub vis: &'a syn::Visibility,
    pub fields: Vec<SearchField<'a>>,
}

#[derive(Default)]
struct FieldAttrs {
    rename: Option<(String, Span)>,
    skip: Option<Span>,
    search: Search,
}

/// The container's `#[ots(crate = "...")]`, the only container attribute of a document.
pub fn container(cx: &Ctxt, attrs: &[syn::Attribute]) -> Option<syn::Path> {
    let mut krate = None;
    for attr in attrs.iter().filter(|a| a.path().is_ident("ots")) {
        let r = attr.parse_nested_meta(|meta| {
            let span = meta.path.span();
            if meta.path.is_ident("crate") {
                if let Some(v) = path(cx, &meta, "crate") {
                    set(cx, &mut krate, v, span, "crate");
                }
            } else {
                let key = meta.path.get_ident().map(ToString::to_string).unwrap_or_default();
                cx.error(
                    span,
                    format!("unknown ots attribute `{key}` on a SearchDocument, expected `crate`"),
                );
                skip_value(&meta);
            }
            Ok(())
        });
        if let Err(e) = r {
            cx.syn_error(e);
        }
    }
    krate
}

fn field_attrs(cx: &Ctxt, attrs: &[syn::Attribute]) -> FieldAttrs {
    let mut f = FieldAttrs::default();
    for attr in attrs.iter().filter(|a| a.path().is_ident("ots")) {
        let r = attr.parse_nested_meta(|meta| {
            let span = meta.path.span();
            let key = meta.path.get_ident().map(ToString::to_string).unwrap_or_default();
            match key.as_str() {
                "skip" => set(cx, &mut f.skip, span, span, "skip"),
                "rename" => {
                    if let Some(v) = string(cx, &meta, "rename") {
                        set(cx, &mut f.rename, v, span, "rename");
                    }
                }
                "search" => super::attr::parse(cx, &meta, &mut f.search),
                _ => {
                    cx.error(
                        span,
                        format!("unknown ots attribute `{key}` on a SearchDocument field, expected one of {FIELD_KEYS}"),
                    );
                    skip_value(&meta);
                }
            }
            Ok(())
        });
        if let Err(e) = r {
            cx.syn_error(e);
        }
    }
    f
}

pub fn from_input<'a>(cx: &Ctxt, input: &'a syn::DeriveInput) -> Option<Document<'a>> {
    if !input.generics.params.is_empty() {
        cx.error(
            input.generics.span(),
            "#[derive(SearchDocument)] does not support generic structs",
        );
    }
    let syn::Data::Struct(syn::DataStruct {
        fields: syn::Fields::Named(named),
        ..
    }) = &input.data
    else {
        cx.error(
            input.ident.span(),
            "#[derive(SearchDocument)] works on structs with named fields only",
        );
        return None;
    };
    let mut fields = Vec::new();
    let mut names: Vec<String> = Vec::new();
    let mut included = 0;
    for f in &named.named {
        let Some(ident) = f.ident.as_ref() else { continue };
        let a = field_attrs(cx, &f.attrs);
        if a.skip.is_some() {
            for span in [a.search.span, a.rename.as_ref().map(|r| r.1)]
                .into_iter()
                .flatten()
            {
                cx.error(
                    span,
                    "a skipped field is not a sub-field: remove the other ots attributes or `skip`",
                );
            }
            continue;
        }
        included += 1;
        if let Some((_, span)) = &a.search.only {
            cx.error(
                *span,
                "`only` applies to fields of an OtsTable model: a document's sub-fields are in every index of the field that holds the documents",
            );
        }
        let name = match &a.rename {
            Some((n, _)) => n.clone(),
            None => {
                use syn::ext::IdentExt as _;
                ident.unraw().to_string()
            }
        };
        let name_span = a.rename.as_ref().map_or(ident.span(), |r| r.1);
        if !valid_name(&name) {
            cx.error(
                name_span,
                "sub-field names are 1-255 characters of [A-Za-z0-9_] and do not start with a digit",
            );
        } else if names.contains(&name) {
            cx.error(
                name_span,
                format!("two fields are sub-field `{name}`: rename one"),
            );
        }
        names.push(name.clone());
        let ty = crate::ast::option_inner(&f.ty).unwrap_or(&f.ty);
        if let Some(sf) = resolve(cx, ident, name, ty, &a.search, Storage::Json) {
            fields.push(sf);
        }
    }
    if included == 0 {
        cx.error(
            input.ident.span(),
            "a search document needs at least one field that is not skipped",
        );
    }
    Some(Document {
        ident: &input.ident,
        vis: &input.vis,
        fields,
    })
}
