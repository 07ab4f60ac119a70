//! Checks of a model's secondary indexes, with the service's rules: at most 5 per table, 1 to 4
//! key fields of key types (the first neither the auto-increment key nor, for a local index,
//! anything but the partition key), at most 32 carried fields, at most 32 defined columns in
//! the table with those the indexes add, unique names and generated type names, and a table
//! keeping one version and no time to live unless it refuses updates. Key field types the
//! derive cannot tell by name are checked by the compiler at the field (`KeyValue`).

use super::ast::{defined_fields, marker_ident, resolve};
use super::attr::Index;
use crate::ast::{Field, Model};
use crate::ctxt::Ctxt;
use crate::expand::{columns_ident, key_ident, patch_ident};
use crate::meta::{valid_name, IndexNames};

/// Most secondary indexes a table may have.
pub const MAX_INDEXES: usize = 5;
/// Most key fields an index may be given (the primary key fields it lacks come on top).
pub const MAX_KEY_FIELDS: usize = 4;
/// Most fields an index may carry besides its key.
pub const MAX_CARRIED: usize = 32;
/// Most defined columns a table may have: its `defined` fields and every field an index uses
/// (the service refuses the table otherwise).
pub const MAX_DEFINED: usize = 32;

const NAMES: IndexNames<'static> = IndexNames {
    max: MAX_INDEXES,
    holder: "a table has",
    singular: "index",
    plural: "secondary indexes",
};

pub fn check(cx: &Ctxt, m: &Model<'_>) {
    // At most [`MAX_DEFINED`] `defined` fields, reported at the model.
    let defined = defined_fields(m).count();
    if defined > MAX_DEFINED {
        cx.error(
            m.ident.span(),
            format!("a table has at most {MAX_DEFINED} defined columns; {defined} fields are `defined`"),
        );
    }
    let indexes = &m.container.indexes;
    let Some(first) = indexes.first() else {
        return;
    };
    if let Some(v) = m.container.max_versions.filter(|v| *v > 1) {
        cx.error(
            first.span,
            format!("a table with a secondary index keeps one version per column: drop `max_versions = {v}` or the index"),
        );
    }
    if m.container.ttl_with_updates() {
        cx.error(
            first.span,
            "a table with a `ttl` can have a secondary index only if it refuses updates: add `allow_update = false` (rows are then only put and deleted)",
        );
    }
    let table = m.table_name();
    for (i, index) in indexes.iter().enumerate() {
        check_name(cx, m, &table, i, index);
        check_key(cx, m, index);
        check_columns(cx, m, index);
    }
    if defined <= MAX_DEFINED {
        check_defined_columns(cx, m);
    }
}

/// Every field an index uses (its key fields but the primary key, and what it carries) becomes a
/// defined column of the table, beside the `defined` fields: at most [`MAX_DEFINED`] in all. The
/// error is at the index that crosses the limit (too many `defined` fields alone are reported at
/// the model, and this check is then left out).
fn check_defined_columns(cx: &Ctxt, m: &Model<'_>) {
    let mut defined: Vec<&syn::Ident> = defined_fields(m).map(|f| f.ident).collect();
    for index in resolve(m) {
        for f in index.defined_columns() {
            if !defined.contains(&f.ident) {
                defined.push(f.ident);
            }
        }
        if defined.len() > MAX_DEFINED {
            // An index carrying too many fields by itself is reported already.
            if index.carried.len() <= MAX_CARRIED {
                cx.error(
                    index.attr.span,
                    format!(
                        "a table has at most {MAX_DEFINED} defined columns, and every field an index uses is one: with index `{}`, there would be {} (the `defined` fields and the fields of the indexes up to this one)",
                        index.attr.name,
                        defined.len()
                    ),
                );
            }
            return;
        }
    }
}

fn check_name(cx: &Ctxt, m: &Model<'_>, table: &str, i: usize, index: &Index) {
    let (name, earlier) = (&index.name, &m.container.indexes[..i]);
    if !NAMES.check_valid(cx, i, name, index.span) {
        return;
    }
    if name == table {
        cx.error(
            index.span,
            format!(
                "an index cannot have its table's name `{table}`: indexes and tables share one namespace"
            ),
        );
    }
    if !NAMES.check_unique(cx, earlier.iter().map(|o| o.name.as_str()), name, index.span) {
        return;
    }
    let marker = marker_ident(m, name);
    if marker == *m.ident {
        cx.error(
            index.span,
            format!("index `{name}` gives no name to its types (they are `{}` followed by the index name, without `{table}_`, in UpperCamelCase): use letters or digits", m.ident),
        );
        return;
    }
    let key_struct = key_ident(&marker);
    let model_types = model_type_names(m);
    for (ty, what) in [(&marker, "marker type"), (&key_struct, "key struct")] {
        if model_types.contains(ty) {
            cx.error(
                index.span,
                format!("the {what} of index `{name}` would be `{ty}`, the name of a type the derive generates for `{}`: rename the index", m.ident),
            );
            return;
        }
    }
    for o in earlier.iter().filter(|o| valid_name(&o.name)) {
        let other = marker_ident(m, &o.name);
        if other == *m.ident {
            continue;
        }
        if other == marker {
            cx.error(
                index.span,
                format!(
                    "indexes `{}` and `{name}` would both be read through `{marker}`: rename one",
                    o.name
                ),
            );
            return;
        }
        let other_key = key_ident(&other);
        let (ty, whose) = if other_key == marker {
            (
                &marker,
                format!(
                    "the key struct of index `{}` and the marker type of index `{name}`",
                    o.name
                ),
            )
        } else if other == key_struct {
            (
                &key_struct,
                format!(
                    "the marker type of index `{}` and the key struct of index `{name}`",
                    o.name
                ),
            )
        } else {
            continue;
        };
        cx.error(
            index.span,
            format!("{whose} would both be named `{ty}`: rename one index"),
        );
        return;
    }
}

/// The types the derive generates for the model itself, and the model: index types must not
/// take their names.
fn model_type_names(m: &Model<'_>) -> Vec<syn::Ident> {
    let ident = m.ident;
    let mut names = vec![
        ident.clone(),
        key_ident(ident),
        columns_ident(ident),
        patch_ident(ident),
    ];
    if !m.container.search_indexes.is_empty() {
        names.push(crate::search::expand::fields_ident(ident));
    }
    names
}

/// The stored field named `ident`, or an error at `ident` saying why there is none.
fn stored_field<'a>(cx: &Ctxt, m: &'a Model<'a>, ident: &syn::Ident, what: &str) -> Option<&'a Field<'a>> {
    match m.fields.iter().find(|f| f.ident == ident) {
        None => {
            cx.error(ident.span(), format!("no field `{ident}` in this struct"));
            None
        }
        Some(f) if f.is_skipped() => {
            cx.error(
                ident.span(),
                format!("`{ident}` is skipped, so it is not stored and cannot be {what}: remove `skip`"),
            );
            None
        }
        Some(f) => Some(f),
    }
}

fn check_key(cx: &Ctxt, m: &Model<'_>, index: &Index) {
    let name = &index.name;
    if index.key.is_empty() {
        cx.error(
            index.key_span,
            format!("index `{name}` needs 1 to {MAX_KEY_FIELDS} key fields"),
        );
    }
    for extra in index.key.iter().skip(MAX_KEY_FIELDS) {
        cx.error(
            extra.span(),
            format!("an index is given at most {MAX_KEY_FIELDS} key fields (the primary key fields it lacks follow them)"),
        );
    }
    let pks: Vec<&Field<'_>> = m.fields.iter().filter(|f| f.is_pk()).collect();
    for (i, ident) in index.key.iter().enumerate() {
        if index.key[..i].contains(ident) {
            cx.error(
                ident.span(),
                format!("`{ident}` is in the key of index `{name}` twice"),
            );
            continue;
        }
        let Some(f) = stored_field(cx, m, ident, "in an index key") else {
            continue;
        };
        if f.is_pk() {
            if i == 0 && f.attrs.auto_increment.is_some() {
                cx.error(
                    ident.span(),
                    format!("the auto-increment key `{ident}` cannot lead an index: put another field first"),
                );
            }
            continue;
        }
        if f.attrs.json.is_some() {
            cx.error(
                ident.span(),
                format!("`{ident}` is stored as JSON and cannot be in an index key: index keys are integers, String or Vec<u8>; carry it with `columns({ident})`"),
            );
        } else {
            use crate::search::types::{scalar, Scalar};
            match scalar(f.value_ty()) {
                Some(Scalar::DateTime) => cx.error(
                    ident.span(),
                    format!("`{ident}` is a time and cannot be in an index key: index keys are integers, String or Vec<u8>; to index by a time, store it as i64 milliseconds"),
                ),
                Some(Scalar::Float | Scalar::Bool | Scalar::Geo) => cx.error(
                    ident.span(),
                    format!("`{ident}` cannot be in an index key: index keys are integers, String or Vec<u8>; carry it with `columns({ident})`"),
                ),
                // Other types are checked by the compiler at the field (`KeyValue`).
                _ => {}
            }
        }
    }
    if index.local {
        if let (Some(first), Some(partition)) = (index.key.first(), pks.first()) {
            if first != partition.ident {
                cx.error(
                    first.span(),
                    format!(
                        "a local index starts with the partition key: `key({}, ...)`, or drop `local` for a global index",
                        partition.ident
                    ),
                );
            }
        }
    }
}

fn check_columns(cx: &Ctxt, m: &Model<'_>, index: &Index) {
    let name = &index.name;
    if let (Some(all), Some(_)) = (index.all_columns, index.columns_span) {
        cx.error(
            all,
            "`all_columns` and `columns(..)` both say what the index carries: keep one",
        );
        return;
    }
    let carried = if index.all_columns.is_some() {
        m.fields
            .iter()
            .filter(|f| f.is_attribute() && !index.key.iter().any(|k| f.ident == k))
            .count()
    } else {
        for (i, ident) in index.columns.iter().enumerate() {
            if index.columns[..i].contains(ident) {
                cx.error(
                    ident.span(),
                    format!("`{ident}` is in the columns of index `{name}` twice"),
                );
                continue;
            }
            let Some(f) = stored_field(cx, m, ident, "carried by an index") else {
                continue;
            };
            if f.is_pk() {
                cx.error(
                    ident.span(),
                    format!(
                        "`{ident}` is a primary key field: every index row holds the primary key already"
                    ),
                );
            } else if index.key.contains(ident) {
                cx.error(
                    ident.span(),
                    format!("`{ident}` is in the key of index `{name}` already"),
                );
            }
        }
        index.columns.len()
    };
    if carried > MAX_CARRIED {
        let span = index.all_columns.or(index.columns_span).unwrap_or(index.span);
        cx.error(
            span,
            format!("an index carries at most {MAX_CARRIED} fields besides its key; this one would carry {carried}"),
        );
    }
}
