//! A secondary index resolved against the model's fields: its full key (the given fields, then
//! the primary key fields it lacks, in table order), the fields it carries, and the names of the
//! types generated for it.

use super::attr::Index;
use crate::ast::{Field, Model};
use crate::meta::valid_name;
use quote::format_ident;

pub struct SecondaryIndex<'a> {
    pub attr: &'a Index,
    /// `<Model><Name>`: the index's marker type.
    pub marker: syn::Ident,
    /// The index's whole key, in order: the given fields, then the primary key fields they lack.
    pub key: Vec<&'a Field<'a>>,
    /// The fields the index carries besides its key (defined columns of the index).
    pub carried: Vec<&'a Field<'a>>,
    /// The index row holds every stored field: a model is built from it alone.
    pub covering: bool,
}

/// The model's indexes with valid names. Fields that do not resolve are left out (the checks
/// report them and every other mistake).
pub fn resolve<'a>(m: &'a Model<'a>) -> Vec<SecondaryIndex<'a>> {
    m.container
        .indexes
        .iter()
        .filter(|index| valid_name(&index.name))
        .map(|index| resolve_one(m, index))
        .collect()
}

/// The `defined` fields of the model, in field order.
pub fn defined_fields<'a>(m: &'a Model<'a>) -> impl Iterator<Item = &'a Field<'a>> {
    m.fields
        .iter()
        .filter(|f| f.is_attribute() && f.attrs.defined.is_some())
}

impl<'a> SecondaryIndex<'a> {
    /// `<Model><Name>Key`: the index's key struct.
    pub fn key_struct(&self) -> syn::Ident {
        crate::expand::key_ident(&self.marker)
    }

    /// The fields the index makes defined columns of the table: its key fields but the primary
    /// key, and the fields it carries.
    pub fn defined_columns(&self) -> impl Iterator<Item = &'a Field<'a>> + '_ {
        self.key
            .iter()
            .chain(&self.carried)
            .copied()
            .filter(|f| !f.is_pk())
    }
}

fn field<'a>(m: &'a Model<'a>, ident: &syn::Ident) -> Option<&'a Field<'a>> {
    m.fields.iter().find(|f| f.ident == ident && !f.is_skipped())
}

fn resolve_one<'a>(m: &'a Model<'a>, index: &'a Index) -> SecondaryIndex<'a> {
    let mut key: Vec<&Field<'_>> = Vec::new();
    for i in &index.key {
        if let Some(f) = field(m, i) {
            if !key.iter().any(|k| k.ident == f.ident) {
                key.push(f);
            }
        }
    }
    for pk in m.fields.iter().filter(|f| f.is_pk()) {
        if !key.iter().any(|k| k.ident == pk.ident) {
            key.push(pk);
        }
    }
    let carried: Vec<&Field<'_>> = if index.all_columns.is_some() {
        m.fields
            .iter()
            .filter(|f| f.is_attribute() && !key.iter().any(|k| k.ident == f.ident))
            .collect()
    } else {
        index.columns.iter().filter_map(|i| field(m, i)).collect()
    };
    let covering = m
        .fields
        .iter()
        .filter(|f| f.is_attribute())
        .all(|f| key.iter().chain(&carried).any(|k| k.ident == f.ident));
    let marker = marker_ident(m, &index.name);
    SecondaryIndex {
        attr: index,
        marker,
        key,
        carried,
        covering,
    }
}

/// `<Model>` followed by the index name in UpperCamelCase, without a leading `<table>_`:
/// `users_by_email` (or `by_email`) of `User` on table `users` is `UserByEmail`. The name must
/// be valid (`valid_name`), or the result would not be an identifier.
pub fn marker_ident(m: &Model<'_>, name: &str) -> syn::Ident {
    let table = m.table_name();
    let short = name
        .strip_prefix(&format!("{table}_"))
        .filter(|rest| !rest.is_empty())
        .unwrap_or(name);
    let camel: String = short
        .split('_')
        .filter(|part| !part.is_empty())
        .map(|part| {
            let mut chars = part.chars();
            let first = chars.next().map(|c| c.to_ascii_uppercase());
            first.into_iter().chain(chars).collect::<String>()
        })
        .collect();
    format_ident!("{}{}", m.ident, camel)
}
