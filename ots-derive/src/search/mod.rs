//! Search indexes: the `search_index` and `search(...)` attributes of `#[derive(OtsTable)]`
//! (parsed in `index_attr` and `attr`), the type mapping (`types`, `ast`), the checks across
//! fields and indexes (`check`), the generated `Searchable` impl and handle struct (`expand`),
//! and `#[derive(SearchDocument)]` for nested documents (`document`).

pub mod analyzer;
pub mod ast;
pub mod attr;
pub mod check;
pub mod document;
mod document_expand;
pub mod expand;
pub mod index_attr;
mod types;

use crate::ctxt::Ctxt;
use ast::{SearchField, Storage};

/// The search fields of an `OtsTable` model, in declared order.
pub fn resolve_table<'a>(cx: &Ctxt, fields: &[crate::ast::Field<'a>]) -> Vec<SearchField<'a>> {
    fields
        .iter()
        .filter_map(|f| {
            let span = f.attrs.search.span?;
            if f.attrs.skip.is_some() {
                cx.error(
                    span,
                    "a skipped field is not stored, so it cannot be searched: remove `search` or `skip`",
                );
                return None;
            }
            let storage = Storage::Column { json: f.attrs.json };
            let ty = f.option_inner.unwrap_or(f.ty);
            ast::resolve(cx, f.ident, f.column.clone(), ty, &f.attrs.search, storage)
        })
        .collect()
}
