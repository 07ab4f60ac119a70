//! Search indexes: the `search_index` and `search(...)` attributes of `#[derive(OtsTable)]`
//! (parsed in `index_attr` and `attr`), the type mapping (`types`, `ast`), the checks across
//! fields and indexes (`check`), the generated `Searchable` impl and handle struct (`expand`),
//! and `#[derive(SearchDocument)]` for nested documents (`document`, which parses with
//! `document_ast` and generates with `document_expand`). The shared attribute value parsers are
//! in `crate::meta`; an `OtsTable` model resolves its search fields in `crate::ast`.

pub mod analyzer;
pub mod ast;
pub mod attr;
pub mod check;
pub mod document;
mod document_ast;
mod document_expand;
pub mod expand;
pub mod index_attr;
pub mod types;
