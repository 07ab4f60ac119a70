//! A search field resolved from its Rust type and its `search(...)` settings: the index type,
//! the handle's value type and the schema options. Shared by `OtsTable` models and
//! `SearchDocument`s.

use super::analyzer::{resolve_analyzer, Analyzer};
use super::attr::{KindAttr, Metric, Search};
use super::types::{shape, Scalar, Shape};
use crate::ctxt::Ctxt;
use proc_macro2::Span;

/// The largest vector dimension the service takes.
const MAX_DIMENSION: i32 = 4096;

/// Why a timestamp inside JSON needs to be told how it is written.
const JSON_TIMESTAMP: &str = "a timestamp inside JSON is written as serde writes it, not as milliseconds: serialize it as milliseconds (e.g. `#[serde(with = \"chrono::serde::ts_milliseconds\")]`) and mark it `search(date)`, or give its text form with `search(date(format = \"...\"))`";

const SEARCHABLE: &str = "searchable types are String, integers, f32, f64, bool, DateTime, OffsetDateTime, ots::GeoPoint, Vec<f32> (a vector), a Vec of those (an array) and Vec<S> with S deriving SearchDocument (nested documents)";

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Kind {
    Keyword,
    Text,
    Long,
    Double,
    Boolean,
    Date,
    GeoPoint,
    Vector,
    Nested,
}

impl Kind {
    /// Sorting and aggregation are on by default for these, and impossible for the others.
    pub fn can_sort(self) -> bool {
        !matches!(self, Self::Text | Self::Vector | Self::Nested)
    }

    /// The marker type in the runtime's `search_kind` module (not for nested fields).
    pub fn marker(self) -> &'static str {
        match self {
            Self::Keyword => "Keyword",
            Self::Text => "Text",
            Self::Long => "Long",
            Self::Double => "Double",
            Self::Boolean => "Boolean",
            Self::Date => "Date",
            Self::GeoPoint => "GeoPoint",
            Self::Vector => "Vector",
            Self::Nested => "Nested",
        }
    }
}

/// Where the field's value is kept: in its own column (an `OtsTable` field, with the span of
/// its `json` attribute, if any), or inside a JSON document (a `SearchDocument` field).
#[derive(Clone, Copy)]
pub enum Storage {
    Column { json: Option<Span> },
    Json,
}

pub struct SearchField<'a> {
    pub ident: &'a syn::Ident,
    /// The stored column, or the sub-field name inside a document.
    pub name: String,
    pub kind: Kind,
    /// The handle's value type: the scalar, an array's element, `f32` for a vector, or the
    /// document type of a nested field.
    pub value: syn::Type,
    pub array: bool,
    pub analyzer: Option<Analyzer>,
    pub formats: Vec<String>,
    pub vector: Option<(i32, Metric)>,
    /// False for `index = false`: stored in the index, but no handle.
    pub index: bool,
    pub store: Option<bool>,
    /// Whether the field can be sorted and aggregated on.
    pub sortable: bool,
    pub highlight: bool,
    pub only: Option<Vec<(String, Span)>>,
}

fn default_kind(s: Scalar) -> Kind {
    match s {
        Scalar::Str => Kind::Keyword,
        Scalar::Int => Kind::Long,
        Scalar::Float => Kind::Double,
        Scalar::Bool => Kind::Boolean,
        Scalar::DateTime => Kind::Date,
        Scalar::Geo => Kind::GeoPoint,
    }
}

/// Resolves one field; `ty` is its value type (the `T` of `Option<T>`). Mistakes are recorded
/// in `cx` and give `None`.
pub fn resolve<'a>(
    cx: &Ctxt,
    ident: &'a syn::Ident,
    name: String,
    ty: &'a syn::Type,
    attr: &Search,
    storage: Storage,
) -> Option<SearchField<'a>> {
    let span = attr.span.unwrap_or_else(|| ident.span());
    let sh = shape(ty);
    let millis = || vec!["epoch_millis".to_owned()];
    let mut analyzer = None;
    let mut formats = Vec::new();
    let mut vector = None;
    let in_json = matches!(storage, Storage::Json) || matches!(sh, Shape::Array(..));
    let (kind, value, array) = match (&attr.kind, sh) {
        (None, Shape::Scalar(Scalar::DateTime) | Shape::Array(Scalar::DateTime, _)) if in_json => {
            cx.error_spanned(ty, JSON_TIMESTAMP);
            return None;
        }
        (None, Shape::Scalar(s)) => {
            if s == Scalar::DateTime {
                formats = millis();
            }
            (default_kind(s), ty.clone(), false)
        }
        (None, Shape::Array(s, elem)) => (default_kind(s), elem.clone(), true),
        (None, Shape::Nested(elem)) => (Kind::Nested, elem.clone(), false),
        (None, Shape::Floats) => {
            cx.error_spanned(
                ty,
                "a vector field needs its dimension: `search(vector(dimension = N))`",
            );
            return None;
        }
        (None, Shape::Bytes | Shape::Unsupported) => {
            cx.error_spanned(ty, format!("this type cannot be searched: {SEARCHABLE}"));
            return None;
        }
        (Some((KindAttr::Keyword, _)), Shape::Scalar(Scalar::Str)) => (Kind::Keyword, ty.clone(), false),
        (Some((KindAttr::Keyword, _)), Shape::Array(Scalar::Str, elem)) => {
            (Kind::Keyword, elem.clone(), true)
        }
        (Some((KindAttr::Text(t), _)), Shape::Scalar(Scalar::Str) | Shape::Array(Scalar::Str, _)) => {
            analyzer = resolve_analyzer(cx, t);
            match sh {
                Shape::Array(_, elem) => (Kind::Text, elem.clone(), true),
                _ => (Kind::Text, ty.clone(), false),
            }
        }
        (Some((KindAttr::Keyword | KindAttr::Text(_), k)), _) => {
            cx.error(*k, format!("`{}` applies to String fields (or Vec<String> stored as JSON): index this type as it is, without `{}`", kind_name(&attr.kind), kind_name(&attr.kind)));
            return None;
        }
        (Some((KindAttr::Date(f), k)), Shape::Scalar(s @ (Scalar::Str | Scalar::Int | Scalar::DateTime))) => {
            if s == Scalar::Str && f.is_empty() {
                cx.error(
                    *k,
                    "a date stored as text needs its format: `date(format = \"yyyy-MM-dd HH:mm:ss\")`",
                );
                return None;
            }
            if s != Scalar::Str && !f.is_empty() && *f != millis() {
                cx.error(
                    *k,
                    "an integer or timestamp date holds milliseconds since the epoch: drop `format` (other units would read wrongly in sorts and aggregations)",
                );
                return None;
            }
            formats = if f.is_empty() { millis() } else { f.clone() };
            (Kind::Date, ty.clone(), false)
        }
        (Some((KindAttr::Date(_), k)), _) => {
            cx.error(*k, "`date` applies to a String (with its `format`), an integer (milliseconds since the epoch) or a DateTime, not to bool, floats or arrays");
            return None;
        }
        (Some((KindAttr::GeoPoint, _)), Shape::Scalar(Scalar::Geo)) => (Kind::GeoPoint, ty.clone(), false),
        (Some((KindAttr::GeoPoint, _)), Shape::Array(Scalar::Geo, elem)) => {
            (Kind::GeoPoint, elem.clone(), true)
        }
        (Some((KindAttr::GeoPoint, _)), _) => {
            cx.error_spanned(
                ty,
                "`geo_point` needs a point type: store the point as `ots::GeoPoint`",
            );
            return None;
        }
        (Some((KindAttr::Nested, _)), Shape::Nested(elem)) => (Kind::Nested, elem.clone(), false),
        (Some((KindAttr::Nested, k)), _) => {
            cx.error(*k, "`nested` applies to a Vec<S> where S derives SearchDocument (not to scalars or a Vec of scalars)");
            return None;
        }
        (Some((KindAttr::Vector { dimension, metric }, k)), Shape::Floats) => {
            let Some(d) = *dimension else {
                cx.error(
                    *k,
                    "a vector field needs its dimension: `search(vector(dimension = N))`",
                );
                return None;
            };
            if !(1..=MAX_DIMENSION).contains(&d) {
                cx.error(*k, format!("a vector's dimension is 1 to {MAX_DIMENSION}"));
                return None;
            }
            vector = Some((d, *metric));
            (Kind::Vector, syn::parse_quote!(f32), false)
        }
        (Some((KindAttr::Vector { .. }, k)), _) => {
            cx.error(*k, "`vector` applies to Vec<f32> fields");
            return None;
        }
    };
    if let Storage::Column { json } = storage {
        let stored_as_json = array || matches!(kind, Kind::Nested | Kind::Vector);
        match json {
            None if stored_as_json => {
                cx.error(
                    span,
                    "an array (or nested documents) is stored as JSON text: add `json`",
                );
                return None;
            }
            Some(j) if !stored_as_json => {
                cx.error(j, "a `json` field is stored as text that the index cannot read as this type: only a Vec stored as JSON can be `search`");
                return None;
            }
            _ => {}
        }
    }
    let sortable = match attr.sort_and_agg {
        Some((true, k)) if !kind.can_sort() => {
            let msg = match kind {
                Kind::Text => "a text field cannot be sorted or aggregated: index it as `keyword`, or drop `sort_and_agg`",
                Kind::Nested => "a nested field cannot be sorted or aggregated: sort on its sub-fields, or drop `sort_and_agg`",
                _ => "a vector field cannot be sorted or aggregated: drop `sort_and_agg`",
            };
            cx.error(k, msg);
            return None;
        }
        Some((v, _)) => v && kind.can_sort(),
        None => kind.can_sort(),
    };
    let highlight = match attr.highlight {
        Some((true, k)) if kind != Kind::Text => {
            cx.error(
                k,
                "`highlight` applies to text fields: add `text` or drop `highlight`",
            );
            return None;
        }
        Some((v, _)) => v,
        None => false,
    };
    Some(SearchField {
        ident,
        name,
        kind,
        value,
        array,
        analyzer,
        formats,
        vector,
        index: attr.index.is_none_or(|i| i.0),
        store: attr.store.map(|s| s.0),
        sortable,
        highlight,
        only: attr.only.as_ref().map(|o| o.0.clone()),
    })
}

fn kind_name(kind: &Option<(KindAttr, Span)>) -> &'static str {
    kind.as_ref().map_or("", |k| k.0.name())
}

/// The bit mask of the indexes `f` is in: bit `i` is `indexes[i]`. A field without `only` is in
/// every index; names that are not declared are left out (and reported by the checks).
pub fn mask(f: &SearchField<'_>, indexes: &[&str]) -> u64 {
    indexes
        .iter()
        .enumerate()
        .filter(|(_, name)| f.only.as_ref().is_none_or(|o| o.iter().any(|(n, _)| n == *name)))
        .fold(0, |m, (i, _)| if i < 64 { m | (1 << i) } else { m })
}
