//! The facts every part of the aggregations needs about a request's fields, and the readers of
//! a request's pieces: which field an aggregation or group-by reads (in the index, of a type it
//! accepts, with `enable_sort_and_agg`), serialized bodies, PlainBuffer variants, names.
//!
//! Messages follow the service where its wording is known (Go SDK `search_api_test.go`:
//! `[avg agg] field: Col_Unknown does not exist`; the service's FAQ: `[groupby_field]
//! field:xx must enable enable_sort_and_agg, but enable_sort_and_agg is not enabled`); the others
//! are ours, in the same style.

use super::docs::Docs;
use crate::error::{ServiceError, ServiceResult};
use crate::search::engine::FieldKind;
use ots_proto::model::Value;
use ots_proto::plainbuffer;
use prost::Message;

/// A field an aggregation or group-by reads.
#[derive(Debug, Clone)]
pub(super) struct Field {
    pub(super) name: String,
    pub(super) kind: FieldKind,
}

/// Which field types an aggregation or group-by reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Want {
    /// LONG, DOUBLE.
    Numeric,
    /// LONG, DOUBLE, DATE.
    NumericOrDate,
    /// DATE.
    Date,
    /// Any field with doc values: KEYWORD, LONG, DOUBLE, BOOLEAN, DATE, GEO_POINT (not TEXT).
    Any,
    /// KEYWORD, LONG, DOUBLE, BOOLEAN, DATE.
    Terms,
    /// GEO_POINT.
    Geo,
}

/// A field type as the service's messages name it.
pub(super) fn kind_name(kind: FieldKind) -> &'static str {
    match kind {
        FieldKind::Keyword => "KEYWORD",
        FieldKind::Text => "TEXT",
        FieldKind::Long => "LONG",
        FieldKind::Double => "DOUBLE",
        FieldKind::Boolean => "BOOLEAN",
        FieldKind::Date => "DATE",
        FieldKind::GeoPoint => "GEO_POINT",
        FieldKind::Vector => "VECTOR",
        FieldKind::Nested => "NESTED",
        FieldKind::Unsearchable => "JSON",
    }
}

/// The types `want` accepts, as the service lists them in its refusals.
fn allowed(want: Want) -> &'static str {
    match want {
        Want::Numeric => "long, double",
        Want::NumericOrDate => "long, double, date",
        Want::Date => "date",
        Want::Any => "long, double, boolean, keyword, date, geo_point",
        Want::Terms => "long, double, boolean, keyword, date",
        Want::Geo => "geo_point",
    }
}

fn accepts(want: Want, kind: FieldKind) -> bool {
    use FieldKind as K;
    match want {
        Want::Numeric => matches!(kind, K::Long | K::Double),
        Want::NumericOrDate => matches!(kind, K::Long | K::Double | K::Date),
        Want::Date => kind == K::Date,
        Want::Any => matches!(
            kind,
            K::Keyword | K::Long | K::Double | K::Boolean | K::Date | K::GeoPoint
        ),
        Want::Terms => matches!(kind, K::Keyword | K::Long | K::Double | K::Boolean | K::Date),
        Want::Geo => kind == K::GeoPoint,
    }
}

/// The field `name` for `tag` (`avg agg`, `groupby_field`, ...): in the index, of a type `want`
/// accepts, with `enable_sort_and_agg`.
///
/// # Errors
/// 400 `OTSParameterInvalid` naming the field.
pub(super) fn field(docs: &dyn Docs, tag: &str, name: Option<&str>, want: Want) -> ServiceResult<Field> {
    let name = name.unwrap_or_default();
    if name.is_empty() {
        return Err(ServiceError::param(format!("[{tag}] field_name is required.")));
    }
    let f = docs
        .field(name)
        .ok_or_else(|| ServiceError::param(format!("[{tag}] field: {name} does not exist")))?;
    // The service's wording (Go SDK `TestAggregationSumAggregationInvalidType*`):
    // "[sum agg] field_name:x type:boolean is invalid, allow [long, double]".
    if !accepts(want, f.kind) {
        return Err(ServiceError::param(format!(
            "[{tag}] field_name:{name} type:{} is invalid, allow [{}]",
            kind_name(f.kind).to_lowercase(),
            allowed(want)
        )));
    }
    if !f.sortable {
        return Err(ServiceError::param(format!(
            "Search engine: [{tag}] field:{name} must enable enable_sort_and_agg, but enable_sort_and_agg is not enabled"
        )));
    }
    Ok(Field {
        name: name.to_owned(),
        kind: f.kind,
    })
}

/// A serialized body (`Aggregation.body`, `GroupBy.body`).
pub(super) fn body<M: Message + Default>(bytes: Option<&[u8]>, tag: &str) -> ServiceResult<M> {
    M::decode(bytes.unwrap_or_default())
        .map_err(|_| ServiceError::param(format!("[{tag}] the body cannot be parsed.")))
}

/// A PlainBuffer variant (missing values, intervals, bounds).
pub(super) fn variant(bytes: &[u8], tag: &str, what: &str) -> ServiceResult<Value> {
    plainbuffer::decode_variant(bytes)
        .map_err(|_| ServiceError::param(format!("[{tag}] the {what} cannot be parsed.")))
}

/// A missing value of a numeric aggregation or histogram: any number (a double on a LONG field
/// too).
pub(super) fn number_for(bytes: Option<&[u8]>, tag: &str, field: &Field) -> ServiceResult<Option<f64>> {
    let Some(bytes) = bytes else {
        return Ok(None);
    };
    match variant(bytes, tag, "missing value")? {
        Value::Integer(i) => Ok(Some(i as f64)),
        Value::Double(d) if d.is_finite() => Ok(Some(d)),
        v => Err(ServiceError::param(format!(
            "[{tag}] the missing value ({}) does not suit field {} of type {}.",
            v.type_name(),
            field.name,
            kind_name(field.kind)
        ))),
    }
}

/// Names of one level: each given, none repeated.
pub(super) fn check_names<'a>(names: impl Iterator<Item = Option<&'a str>>, what: &str) -> ServiceResult<()> {
    let mut seen: Vec<&str> = Vec::new();
    for name in names {
        let name = name.unwrap_or_default();
        if name.is_empty() {
            return Err(ServiceError::param(format!("Every {what} needs a name.")));
        }
        if seen.contains(&name) {
            return Err(ServiceError::param(format!(
                "The {what} name [{name}] is used twice at one level."
            )));
        }
        seen.push(name);
    }
    Ok(())
}
