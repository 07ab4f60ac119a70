//! Checks across a model's search indexes and search fields: names, `only`, presorts,
//! routing and ttl.

use super::ast::{Kind, SearchField};
use super::index_attr::Index;
use crate::ast::Model;
use crate::ctxt::Ctxt;
use crate::meta::{quoted, IndexNames};

/// A model has at most this many indexes (a field's index set is a `u64` bit mask).
pub const MAX_INDEXES: usize = 64;

pub fn check(cx: &Ctxt, m: &Model<'_>) {
    let indexes = &m.container.search_indexes;
    let searched: Vec<_> = m
        .fields
        .iter()
        .filter(|f| f.attrs.search.span.is_some())
        .collect();
    if indexes.is_empty() {
        // A `search_index` that failed to parse is already reported.
        if m.container.search_index_seen {
            return;
        }
        if let Some(span) = searched.first().and_then(|f| f.attrs.search.span) {
            cx.error(
                span,
                "this model declares no search index: add #[ots(search_index = \"name\")] to the struct",
            );
        }
        return;
    }
    check_names(cx, indexes);
    // The service indexes a table with a time to live only when it refuses updates.
    let updates_refused = m.container.updates_refused();
    if m.container.ttl_with_updates() {
        cx.error(
            m.ident.span(),
            "a table with a `ttl` can have a search index only if it refuses updates: add `allow_update = false` (rows are then only put and deleted)",
        );
    }
    let declared: Vec<&str> = indexes.iter().map(|i| i.name.as_str()).collect();
    // `only` names, from the attributes, so that a field that failed to resolve still counts.
    let mut unknown_names = false;
    for f in &searched {
        for (name, span) in f.attrs.search.only.iter().flat_map(|o| &o.0) {
            if !declared.contains(&name.as_str()) {
                unknown_names = true;
                cx.error(
                    *span,
                    format!(
                        "no search index named `{name}`: this model declares {}",
                        quoted(&declared)
                    ),
                );
            }
        }
    }
    for index in indexes {
        let in_index = |only: Option<&Vec<(String, proc_macro2::Span)>>| {
            only.is_none_or(|o| o.iter().any(|(n, _)| *n == index.name))
        };
        // After a misspelled `only` name (or a `skip`ped search field, also reported), an
        // empty index is most likely the same mistake.
        if !unknown_names
            && !searched
                .iter()
                .any(|f| in_index(f.attrs.search.only.as_ref().map(|o| &o.0)))
        {
            cx.error(
                index.span,
                format!(
                    "search index `{}` has no field: mark fields with #[ots(search)] (a field with `only(...)` is in the indexes it names)",
                    index.name
                ),
            );
        }
        if let Some((ttl, span)) = index.ttl {
            if ttl != -1 && ttl < 86_400 {
                cx.error(span, "`ttl` is -1 (keep for ever) or at least 86400 seconds");
            } else if ttl != -1 && !updates_refused {
                cx.error(span, "a search index with a `ttl` needs a table that refuses updates: add `allow_update = false` to the struct (rows are then only put and deleted)");
            } else if ttl != -1 && m.container.ttl.is_some_and(|t| t != -1 && ttl > t) {
                cx.error(span, "a search index cannot keep rows longer than its table: make its `ttl` at most the table's");
            }
        }
        check_routing(cx, m, index);
        let fields: Vec<_> = m.search.iter().filter(|f| in_index(f.only.as_ref())).collect();
        check_sort(cx, m, index, &fields);
    }
}

const NAMES: IndexNames<'static> = IndexNames {
    max: MAX_INDEXES,
    holder: "a model declares",
    singular: "search index",
    plural: "search indexes",
};

fn check_names(cx: &Ctxt, indexes: &[Index]) {
    for (i, index) in indexes.iter().enumerate() {
        NAMES.check_valid(cx, i, &index.name, index.span);
        let earlier = indexes[..i].iter().map(|o| o.name.as_str());
        NAMES.check_unique(cx, earlier, &index.name, index.span);
    }
}

fn check_routing(cx: &Ctxt, m: &Model<'_>, index: &Index) {
    for r in &index.routing {
        match m.fields.iter().find(|f| f.ident == r) {
            None => cx.error(r.span(), format!("no field `{r}` in this struct")),
            Some(f) if !f.is_pk() => cx.error(
                r.span(),
                format!("routing fields are primary key fields: mark `{r}` with #[ots(pk)] or route by a key field"),
            ),
            Some(_) => {}
        }
    }
}

fn check_sort(cx: &Ctxt, m: &Model<'_>, index: &Index, fields: &[&SearchField<'_>]) {
    let name = &index.name;
    if let (Some((first, _)), Some(nested)) =
        (index.sort.first(), fields.iter().find(|f| f.kind == Kind::Nested))
    {
        cx.error(
            first.span(),
            format!(
                "search index `{name}` has a nested field (`{}`) and cannot be presorted: drop `sort(...)`, or leave the nested field out of this index with `only(...)`",
                nested.ident
            ),
        );
    }
    for (s, _) in &index.sort {
        let Some(model_field) = m.fields.iter().find(|f| f.ident == s) else {
            cx.error(s.span(), format!("no field `{s}` in this struct"));
            continue;
        };
        let Some(only) = model_field
            .attrs
            .search
            .span
            .map(|_| &model_field.attrs.search.only)
        else {
            cx.error(
                s.span(),
                format!("`{s}` is not a search field: mark it with #[ots(search)] to sort the index by it"),
            );
            continue;
        };
        if only.as_ref().is_some_and(|o| !o.0.iter().any(|(n, _)| n == name)) {
            cx.error(
                s.span(),
                format!("`{s}` is not in search index `{name}`: add \"{name}\" to its `only(...)`"),
            );
            continue;
        }
        // A field that failed to resolve is already reported.
        let Some(f) = fields.iter().find(|f| f.ident == s) else {
            continue;
        };
        if !f.sortable {
            cx.error(
                s.span(),
                format!("`{s}` cannot presort the index: text, nested and vector fields, and fields with `sort_and_agg = false`, are not sortable"),
            );
        }
    }
}
