//! A request's aggregations and group-bys read into a checked plan: every name, field, type,
//! value and limit is checked here, before anything is computed, so a request is refused
//! whatever the data (a sub-aggregation of a group that turns out empty is checked too).
//!
//! Messages follow the service where its wording is known (Go SDK `search_api_test.go`:
//! `[avg agg] field: Col_Unknown does not exist`; the service's FAQ: `[groupby_field]
//! field:xx must enable enable_sort_and_agg, but enable_sort_and_agg is not enabled`); the others
//! are ours, in the same style.

use super::plan_group::GroupBy;
use super::value::Scalar;
use super::Docs;
use crate::error::{ServiceError, ServiceResult};
use crate::search::engine::FieldKind;
use ots_proto::model::Value;
use ots_proto::pb::search as spb;
use ots_proto::plainbuffer;
use prost::Message;

/// Most rows a top_rows aggregation returns (approximated: the service refuses 10,000, Python
/// SDK `test_top_rows_with_exception`; 100 is its engine's default inner-hits window).
pub(super) const MAX_TOP_ROWS: i32 = 100;
/// Most levels of sub-group-bys under a top-level group-by (approximated: the service limits
/// nesting, the number is ours).
pub(super) const MAX_GROUP_BY_DEPTH: usize = 5;
/// Percentiles computed when the request names none (the service's engine's defaults).
const DEFAULT_PERCENTS: [f64; 7] = [1.0, 5.0, 25.0, 50.0, 75.0, 95.0, 99.0];

/// The aggregations and group-bys of one level (the search, or one group-by's groups).
#[derive(Debug, Default)]
pub(super) struct Plan {
    pub(super) aggs: Vec<Agg>,
    pub(super) group_bys: Vec<GroupBy>,
}

/// A field an aggregation or group-by reads.
#[derive(Debug, Clone)]
pub(super) struct Field {
    pub(super) name: String,
    pub(super) kind: FieldKind,
}

/// One named aggregation.
#[derive(Debug)]
pub(super) struct Agg {
    pub(super) name: String,
    pub(super) kind: AggKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum StatOp {
    Avg,
    Max,
    Min,
    Sum,
}

#[derive(Debug)]
pub(super) enum AggKind {
    /// avg, max, min or sum; `missing` stands in for a document without a value.
    Stat {
        op: StatOp,
        field: Field,
        missing: Option<f64>,
    },
    /// The number of values (an array counts each element).
    Count { field: Field },
    /// The number of distinct values.
    DistinctCount { field: Field, missing: Option<Scalar> },
    /// Percentiles, ascending.
    Percentiles {
        field: Field,
        percents: Vec<f64>,
        missing: Option<f64>,
    },
    /// The first rows in the order of `sort`.
    TopRows { limit: usize, sort: Option<spb::Sort> },
}

impl AggKind {
    /// Whether groups can be sorted by this aggregation's result (one number).
    pub(super) fn is_single_number(&self) -> bool {
        matches!(
            self,
            AggKind::Stat { .. } | AggKind::Count { .. } | AggKind::DistinctCount { .. }
        )
    }
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

fn kind_name(kind: FieldKind) -> &'static str {
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
    if !accepts(want, f.kind) {
        return Err(ServiceError::param(format!(
            "[{tag}] field: {name} of type {} is not supported.",
            kind_name(f.kind)
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

/// A value given for `field` (a missing value), as the field's type reads it.
///
/// # Errors
/// 400 `OTSParameterInvalid` when the value does not suit the field.
pub(super) fn value_for(bytes: &[u8], tag: &str, what: &str, field: &Field) -> ServiceResult<Scalar> {
    let v = variant(bytes, tag, what)?;
    Scalar::of(field.kind, &v).ok_or_else(|| {
        ServiceError::param(format!(
            "[{tag}] the {what} ({}) does not suit field {} of type {}.",
            v.type_name(),
            field.name,
            kind_name(field.kind)
        ))
    })
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

impl Plan {
    /// Reads and checks one level; `depth` is the number of group-bys around it.
    ///
    /// # Errors
    /// See [`super::aggregate`].
    pub(super) fn read(
        docs: &dyn Docs,
        aggs: &[spb::Aggregation],
        group_bys: &[spb::GroupBy],
        depth: usize,
    ) -> ServiceResult<Self> {
        check_names(aggs.iter().map(|a| a.name.as_deref()), "aggregation")?;
        check_names(group_bys.iter().map(|g| g.name.as_deref()), "group-by")?;
        if depth > MAX_GROUP_BY_DEPTH && !group_bys.is_empty() {
            return Err(ServiceError::param(format!(
                "Sub-group-bys nest at most {MAX_GROUP_BY_DEPTH} levels under a group-by."
            )));
        }
        Ok(Self {
            aggs: aggs
                .iter()
                .map(|a| read_agg(docs, a))
                .collect::<ServiceResult<_>>()?,
            group_bys: group_bys
                .iter()
                .map(|g| GroupBy::read(docs, g, depth))
                .collect::<ServiceResult<_>>()?,
        })
    }

    /// Evaluates the level over `subset`: `None` for what it does not have.
    ///
    /// # Errors
    /// A top_rows sort the documents refuse.
    pub(super) fn evaluate(
        &self,
        docs: &dyn Docs,
        subset: &[usize],
    ) -> ServiceResult<(Option<spb::AggregationsResult>, Option<spb::GroupBysResult>)> {
        let aggs = if self.aggs.is_empty() {
            None
        } else {
            Some(spb::AggregationsResult {
                agg_results: self
                    .aggs
                    .iter()
                    .map(|a| super::metric::evaluate(a, docs, subset))
                    .collect::<ServiceResult<_>>()?,
            })
        };
        let group_bys = if self.group_bys.is_empty() {
            None
        } else {
            Some(spb::GroupBysResult {
                group_by_results: self
                    .group_bys
                    .iter()
                    .map(|g| g.evaluate(docs, subset))
                    .collect::<ServiceResult<_>>()?,
            })
        };
        Ok((aggs, group_bys))
    }
}

fn read_agg(docs: &dyn Docs, a: &spb::Aggregation) -> ServiceResult<Agg> {
    use spb::AggregationType as T;
    let kind = a
        .r#type
        .and_then(|t| T::try_from(t).ok())
        .ok_or_else(|| ServiceError::param("The aggregation type is missing or unknown."))?;
    let bytes = a.body.as_deref();
    let stat =
        |op: StatOp, tag: &str, name: Option<&str>, missing: Option<&[u8]>| -> ServiceResult<AggKind> {
            let want = if op == StatOp::Sum {
                Want::Numeric
            } else {
                Want::NumericOrDate
            };
            let field = field(docs, tag, name, want)?;
            let missing = number_for(missing, tag, &field)?;
            Ok(AggKind::Stat { op, field, missing })
        };
    let kind = match kind {
        T::AggAvg => {
            let b: spb::AvgAggregation = body(bytes, "avg agg")?;
            stat(
                StatOp::Avg,
                "avg agg",
                b.field_name.as_deref(),
                b.missing.as_deref(),
            )?
        }
        T::AggMax => {
            let b: spb::MaxAggregation = body(bytes, "max agg")?;
            stat(
                StatOp::Max,
                "max agg",
                b.field_name.as_deref(),
                b.missing.as_deref(),
            )?
        }
        T::AggMin => {
            let b: spb::MinAggregation = body(bytes, "min agg")?;
            stat(
                StatOp::Min,
                "min agg",
                b.field_name.as_deref(),
                b.missing.as_deref(),
            )?
        }
        T::AggSum => {
            let b: spb::SumAggregation = body(bytes, "sum agg")?;
            stat(
                StatOp::Sum,
                "sum agg",
                b.field_name.as_deref(),
                b.missing.as_deref(),
            )?
        }
        T::AggCount => {
            let b: spb::CountAggregation = body(bytes, "count agg")?;
            AggKind::Count {
                field: field(docs, "count agg", b.field_name.as_deref(), Want::Any)?,
            }
        }
        T::AggDistinctCount => {
            let tag = "distinct count agg";
            let b: spb::DistinctCountAggregation = body(bytes, tag)?;
            let field = field(docs, tag, b.field_name.as_deref(), Want::Any)?;
            let missing = b
                .missing
                .as_deref()
                .map(|m| value_for(m, tag, "missing value", &field))
                .transpose()?;
            AggKind::DistinctCount { field, missing }
        }
        T::AggPercentiles => {
            let tag = "percentiles agg";
            let b: spb::PercentilesAggregation = body(bytes, tag)?;
            let field = field(docs, tag, b.field_name.as_deref(), Want::NumericOrDate)?;
            let missing = number_for(b.missing.as_deref(), tag, &field)?;
            let mut percents = if b.percentiles.is_empty() {
                DEFAULT_PERCENTS.to_vec()
            } else {
                b.percentiles
            };
            if let Some(bad) = percents.iter().find(|p| !(0.0..=100.0).contains(*p)) {
                return Err(ServiceError::param(format!(
                    "[{tag}] percentiles must be in [0, 100], but one is {bad}."
                )));
            }
            // The service answers in ascending order whatever the request's (Python SDK
            // `test_percentiles_agg_normal` asks [90, 50] and reads 50 first).
            percents.sort_by(f64::total_cmp);
            AggKind::Percentiles {
                field,
                percents,
                missing,
            }
        }
        T::AggTopRows => {
            let tag = "top rows agg";
            let b: spb::TopRowsAggregation = body(bytes, tag)?;
            let limit = b.limit.unwrap_or(1);
            if !(0..=MAX_TOP_ROWS).contains(&limit) {
                return Err(ServiceError::param(format!(
                    "[{tag}] limit must be in [0, {MAX_TOP_ROWS}], but is {limit}."
                )));
            }
            let sort = b.sort.filter(|s| !s.sorter.is_empty());
            // Checks the sort now, whether or not any group has rows.
            docs.rows(&[], sort.as_ref(), 0)?;
            AggKind::TopRows {
                limit: usize::try_from(limit).unwrap_or_default(),
                sort,
            }
        }
    };
    Ok(Agg {
        name: a.name.clone().unwrap_or_default(),
        kind,
    })
}
