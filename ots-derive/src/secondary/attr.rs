//! The container-level `index(...)` attribute: one secondary index,
//! `index(name = "users_by_email", key(email), columns(name, age), local)` or with
//! `all_columns` instead of `columns(...)`.

use crate::ctxt::Ctxt;
use crate::meta::{flag, key, set, skip_value, string};
use proc_macro2::Span;
use syn::meta::ParseNestedMeta;
use syn::parse::Parser as _;
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;

const INDEX_KEYS: &str = "`name`, `key`, `columns`, `all_columns`, `local`";
const USAGE: &str = "`index` takes a list: `index(name = \"users_by_email\", key(email))`, with `columns(..)` or `all_columns` for the fields the index carries and `local` for a local index";

/// One declared secondary index, as written.
pub struct Index {
    pub name: String,
    /// The name's string literal.
    pub span: Span,
    /// `local`: a local index (otherwise global).
    pub local: bool,
    /// `key(..)`: the fields the index is keyed by, in order, and the `key` option's span.
    pub key: Vec<syn::Ident>,
    pub key_span: Span,
    /// `columns(..)`: the fields the index carries besides its key.
    pub columns: Vec<syn::Ident>,
    pub columns_span: Option<Span>,
    /// `all_columns`: the index carries every stored field that is not in its key.
    pub all_columns: Option<Span>,
}

/// Parses one `index` key; `None` when it is unusable (the error is recorded).
pub fn parse(cx: &Ctxt, meta: &ParseNestedMeta<'_>) -> Option<Index> {
    let span = meta.path.span();
    if !meta.input.peek(syn::token::Paren) {
        cx.error(span, USAGE);
        skip_value(meta);
        return None;
    }
    let mut name = None;
    let mut key_fields: Option<(Vec<syn::Ident>, Span)> = None;
    let mut columns: Option<(Vec<syn::Ident>, Span)> = None;
    let (mut local, mut all_columns): (Option<Span>, _) = (None, None);
    let mut had_unknown = false;
    let r = meta.parse_nested_meta(|o| {
        let ospan = o.path.span();
        let k = key(&o);
        match k.as_str() {
            "name" => {
                if let Some(v) = string(cx, &o, "name") {
                    set(cx, &mut name, v, ospan, "name");
                }
            }
            "key" => {
                let fields = field_list(cx, &o, "key");
                set(cx, &mut key_fields, (fields, ospan), ospan, "key");
            }
            "columns" => {
                let fields = field_list(cx, &o, "columns");
                set(cx, &mut columns, (fields, ospan), ospan, "columns");
            }
            "local" => {
                if flag(cx, &o, "local") == Some(true) {
                    set(cx, &mut local, ospan, ospan, "local");
                }
            }
            "all_columns" => {
                if flag(cx, &o, "all_columns") == Some(true) {
                    set(cx, &mut all_columns, ospan, ospan, "all_columns");
                }
            }
            _ => {
                had_unknown = true;
                cx.error(
                    ospan,
                    format!("unknown index option `{k}`, expected one of {INDEX_KEYS}"),
                );
                skip_value(&o);
            }
        }
        Ok(())
    });
    if let Err(e) = r {
        cx.syn_error(e);
        return None;
    }
    // After a misspelled option, a missing one is most likely the same mistake.
    let Some((name, name_span)) = name else {
        if !had_unknown {
            cx.error(
                span,
                "an index needs its name: `index(name = \"users_by_email\", key(email))`",
            );
        }
        return None;
    };
    let Some((key_fields, key_span)) = key_fields else {
        if !had_unknown {
            cx.error(
                name_span,
                format!("index `{name}` needs its key fields: `key(email)`, 1 to 4 fields"),
            );
        }
        return None;
    };
    let (columns, columns_span) = match columns {
        Some((c, s)) => (c, Some(s)),
        None => (Vec::new(), None),
    };
    Some(Index {
        name,
        span: name_span,
        local: local.is_some(),
        key: key_fields,
        key_span,
        columns,
        columns_span,
        all_columns,
    })
}

/// `key(a, b)` / `columns(a, b)`: field names (an empty list is left to the checks).
fn field_list(cx: &Ctxt, o: &ParseNestedMeta<'_>, what: &str) -> Vec<syn::Ident> {
    let usage = format!("`{what}` takes field names, e.g. `{what}(email)`");
    let group = match o.input.parse::<proc_macro2::Group>() {
        Ok(g) if g.delimiter() == proc_macro2::Delimiter::Parenthesis => g,
        _ => {
            cx.error(o.path.span(), usage);
            skip_value(o);
            return Vec::new();
        }
    };
    let parser = Punctuated::<syn::Path, syn::Token![,]>::parse_terminated;
    match parser.parse2(group.stream()) {
        Ok(paths) => paths
            .into_iter()
            .filter_map(|p| match p.get_ident() {
                Some(i) => Some(i.clone()),
                None => {
                    cx.error(p.span(), &usage);
                    None
                }
            })
            .collect(),
        Err(_) => {
            cx.error(group.span(), usage);
            Vec::new()
        }
    }
}
