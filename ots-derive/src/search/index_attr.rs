//! The container-level `search_index` attribute: `search_index = "catalog"` or
//! `search_index(name = "catalog", sort(price = "desc", name), routing(region), ttl = 86400)`.

use crate::ctxt::Ctxt;
use crate::meta::{int, set, skip_value, string};
use proc_macro2::Span;
use syn::meta::ParseNestedMeta;
use syn::spanned::Spanned;

const INDEX_KEYS: &str = "`name`, `sort`, `routing`, `ttl`";

/// One declared search index, in declared order.
pub struct Index {
    pub name: String,
    /// The name's string literal (or the `search_index` key when the name is missing).
    pub span: Span,
    /// The presort: a field and whether it sorts descending.
    pub sort: Vec<(syn::Ident, bool)>,
    pub routing: Vec<syn::Ident>,
    pub ttl: Option<(i32, Span)>,
}

/// Parses one `search_index` key; `None` when it is unusable (the error is recorded).
pub fn parse(cx: &Ctxt, meta: &ParseNestedMeta<'_>) -> Option<Index> {
    let span = meta.path.span();
    if meta.input.peek(syn::Token![=]) {
        let (name, span) = string(cx, meta, "search_index")?;
        return Some(Index {
            name,
            span,
            sort: Vec::new(),
            routing: Vec::new(),
            ttl: None,
        });
    }
    if !meta.input.peek(syn::token::Paren) {
        cx.error(
            span,
            "`search_index` takes a name, `search_index = \"catalog\"`, or a list, `search_index(name = \"catalog\", sort(..), routing(..), ttl = ..)`",
        );
        return None;
    }
    let mut name = None;
    let (mut sort, mut routing, mut ttl) = (None, None, None);
    let mut had_unknown = false;
    let r = meta.parse_nested_meta(|o| {
        let ospan = o.path.span();
        let k = o.path.get_ident().map(ToString::to_string).unwrap_or_default();
        match k.as_str() {
            "name" => {
                if let Some(v) = string(cx, &o, "name") {
                    set(cx, &mut name, v, ospan, "name");
                }
            }
            "ttl" => {
                if let Some(v) = int(cx, &o, "ttl") {
                    set(cx, &mut ttl, (v, ospan), ospan, "ttl");
                }
            }
            "sort" => {
                let entries = sort_entries(cx, &o);
                set(cx, &mut sort, entries, ospan, "sort");
            }
            "routing" => {
                let mut fields = Vec::new();
                let r = o.parse_nested_meta(|f| {
                    match f.path.get_ident() {
                        Some(i) => fields.push(i.clone()),
                        None => cx.error(
                            f.path.span(),
                            "`routing` takes field names, e.g. `routing(region)`",
                        ),
                    }
                    skip_value(&f);
                    Ok(())
                });
                if let Err(e) = r {
                    cx.syn_error(e);
                }
                set(cx, &mut routing, fields, ospan, "routing");
            }
            _ => {
                had_unknown = true;
                cx.error(
                    ospan,
                    format!("unknown search_index option `{k}`, expected one of {INDEX_KEYS}"),
                );
                skip_value(&o);
            }
        }
        Ok(())
    });
    if let Err(e) = r {
        cx.syn_error(e);
    }
    let Some((name, span)) = name else {
        // A misspelled `name` is already reported.
        if had_unknown {
            return None;
        }
        cx.error(
            span,
            "a search index needs its name: `search_index(name = \"catalog\", ...)`",
        );
        return None;
    };
    Some(Index {
        name,
        span,
        sort: sort.unwrap_or_default(),
        routing: routing.unwrap_or_default(),
        ttl,
    })
}

/// `sort(price = "desc", name)`: fields, each ascending unless `= "desc"`.
fn sort_entries(cx: &Ctxt, o: &ParseNestedMeta<'_>) -> Vec<(syn::Ident, bool)> {
    let mut entries = Vec::new();
    let r = o.parse_nested_meta(|e| {
        let Some(ident) = e.path.get_ident().cloned() else {
            cx.error(
                e.path.span(),
                "`sort` takes field names, e.g. `sort(price = \"desc\", name)`",
            );
            skip_value(&e);
            return Ok(());
        };
        let mut desc = false;
        if e.input.peek(syn::Token![=]) {
            match e.value().and_then(|v| v.parse::<syn::LitStr>()) {
                Ok(l) if l.value() == "desc" => desc = true,
                Ok(l) if l.value() == "asc" => {}
                Ok(l) => cx.error(l.span(), "a sort order is \"asc\" or \"desc\""),
                Err(_) => cx.error(
                    e.path.span(),
                    format!("`{ident}` takes a sort order, `{ident} = \"asc\"` or `{ident} = \"desc\"`"),
                ),
            }
        }
        entries.push((ident, desc));
        Ok(())
    });
    if let Err(e) = r {
        cx.syn_error(e);
    }
    entries
}
