//! Group-bys read into the plan (see [`super::field`] for the rules every part follows).
//!
//! A group-by is read in two steps so that this reader never reads a plan: [`head`] reads and
//! checks the group-by's own settings and hands back the sub-aggregations and sub-group-bys it
//! found; the plan reader ([`super::read`]) reads those into the plan of the groups and gives it
//! to [`Head::finish`], which checks what depends on it (sorters name sub-aggregations).

use super::calendar::{zone_offset_ms, DateBuckets, Step};
use super::docs::Docs;
use super::field::{body, field, number_for, variant, Field, Want};
use super::plan::{DateHistogram, GroupBy, GroupKind, GroupSorter, Histogram, Plan};
use crate::error::{ServiceError, ServiceResult};
use crate::search::engine::FieldKind;
use crate::search::geo::Point;
use ots_proto::model::Value;
use ots_proto::pb::search as spb;

/// Most groups of a field group-by (GroupByField reference: default 10, maximum 2000).
pub(super) const MAX_FIELD_GROUPS: i32 = 2000;
/// Groups a field group-by returns when the request names no size.
const DEFAULT_FIELD_GROUPS: i32 = 10;
/// Most buckets of a histogram: (max - min) / interval (GroupByHistogram and
/// GroupByDateHistogram references).
pub(super) const MAX_BUCKETS: f64 = 2000.0;

fn min_doc_count(v: Option<i64>, tag: &str) -> ServiceResult<usize> {
    match v {
        None => Ok(1),
        Some(n) => usize::try_from(n).map_err(|_| {
            ServiceError::param(format!("[{tag}] min_doc_count must not be negative, but is {n}."))
        }),
    }
}

fn ranges(list: &[spb::Range], tag: &str) -> ServiceResult<Vec<(f64, f64)>> {
    if list.is_empty() {
        return Err(ServiceError::param(format!("[{tag}] ranges must not be empty.")));
    }
    Ok(list
        .iter()
        .map(|r| (r.from.unwrap_or(f64::NEG_INFINITY), r.to.unwrap_or(f64::INFINITY)))
        .collect())
}

fn sorters(sort: Option<&spb::GroupBySort>, sub: &Plan, tag: &str) -> ServiceResult<Vec<GroupSorter>> {
    let desc = |order: Option<i32>, default_desc: bool| match order {
        None => default_desc,
        Some(o) => o == spb::SortOrder::Desc as i32,
    };
    let Some(sort) = sort else {
        return Ok(Vec::new());
    };
    sort.sorters
        .iter()
        .map(|s| match s {
            spb::GroupBySorter {
                group_key_sort: Some(k),
                row_count_sort: None,
                sub_agg_sort: None,
            } => Ok(GroupSorter::Key {
                desc: desc(k.order, false),
            }),
            spb::GroupBySorter {
                group_key_sort: None,
                row_count_sort: Some(c),
                sub_agg_sort: None,
            } => Ok(GroupSorter::RowCount {
                desc: desc(c.order, true),
            }),
            spb::GroupBySorter {
                group_key_sort: None,
                row_count_sort: None,
                sub_agg_sort: Some(a),
            } => {
                let name = a.sub_agg_name.as_deref().unwrap_or_default();
                let index = sub
                    .aggs
                    .iter()
                    .position(|s| s.name == name)
                    .ok_or_else(|| {
                        ServiceError::param(format!("[{tag}] sub aggregation [{name}] to sort by does not exist."))
                    })?;
                if !sub.aggs.get(index).is_some_and(|s| s.kind.is_single_number()) {
                    return Err(ServiceError::param(format!(
                        "[{tag}] groups cannot be sorted by sub aggregation [{name}]: it is not one number."
                    )));
                }
                Ok(GroupSorter::SubAgg {
                    index,
                    desc: desc(a.order, false),
                })
            }
            _ => Err(ServiceError::param(format!(
                "[{tag}] a group-by sorter must be exactly one of group_key_sort, row_count_sort and sub_agg_sort."
            ))),
        })
        .collect()
}

/// A bound or interval of a numeric histogram.
fn number(bytes: Option<&[u8]>, tag: &str, what: &str) -> ServiceResult<f64> {
    let bytes = bytes.ok_or_else(|| ServiceError::param(format!("[{tag}] {what} is required.")))?;
    match variant(bytes, tag, what)? {
        Value::Integer(i) => Ok(i as f64),
        Value::Double(d) if d.is_finite() => Ok(d),
        other => Err(ServiceError::param(format!(
            "[{tag}] {what} must be a number, but is {}.",
            other.type_name()
        ))),
    }
}

/// A bound of a date histogram: integer milliseconds (date strings are not parsed yet).
/// A date bound or missing value of `field`: text in its formats or an epoch integer.
fn date(docs: &dyn Docs, field: &Field, bytes: Option<&[u8]>, tag: &str, what: &str) -> ServiceResult<i64> {
    let bytes = bytes.ok_or_else(|| ServiceError::param(format!("[{tag}] {what} is required.")))?;
    let value = variant(bytes, tag, what)?;
    match value {
        Value::Integer(_) | Value::String(_) => docs.date_millis(&field.name, &value).ok_or_else(|| {
            ServiceError::param(format!(
                "[{tag}] {what} {value:?} is not a date in the formats of field {}.",
                field.name
            ))
        }),
        other => Err(ServiceError::param(format!(
            "[{tag}] {what} must be a date, but is {}.",
            other.type_name()
        ))),
    }
}

fn field_range<'a>(range: Option<&'a spb::FieldRange>, tag: &str) -> ServiceResult<&'a spb::FieldRange> {
    range.ok_or_else(|| ServiceError::param(format!("[{tag}] field_range is required.")))
}

/// A group-by whose own settings are read and checked, waiting for the plan of its groups.
#[derive(Debug)]
pub(super) struct Head {
    name: String,
    sub_aggs: Option<spb::Aggregations>,
    sub_group_bys: Option<spb::GroupBys>,
    rest: Rest,
}

/// What is left to read of a group-by once the plan of its groups is known.
#[derive(Debug)]
enum Rest {
    /// Nothing (range, filter and geo distance group-bys).
    Done(GroupKind),
    /// The sorters and `min_doc_count` of a field group-by.
    Field {
        field: Field,
        size: usize,
        sort: Option<spb::GroupBySort>,
        min_doc_count: Option<i64>,
    },
    /// All of a histogram but its sub-aggregations and sub-group-bys.
    Histogram(spb::GroupByHistogram),
    /// All of a date histogram but its sub-aggregations and sub-group-bys.
    DateHistogram(spb::GroupByDateHistogram),
}

/// Reads and checks the settings of group-by `g` that do not depend on the plan of its groups.
///
/// # Errors
/// 400 `OTSParameterInvalid` for a malformed or refused group-by; 400 `OTSUnsupportOperation`
/// for composite and geo-grid group-bys.
pub(super) fn head(docs: &dyn Docs, g: &spb::GroupBy) -> ServiceResult<Head> {
    use spb::GroupByType as T;
    let kind = g
        .r#type
        .and_then(|t| T::try_from(t).ok())
        .ok_or_else(|| ServiceError::param("The group-by type is missing or unknown."))?;
    let bytes = g.body.as_deref();
    let (rest, sub_aggs, sub_group_bys) = match kind {
        T::GroupByField => {
            let tag = "groupby_field";
            let b: spb::GroupByField = body(bytes, tag)?;
            let field = field(docs, tag, b.field_name.as_deref(), Want::Terms)?;
            let size = b.size.unwrap_or(DEFAULT_FIELD_GROUPS);
            if !(1..=MAX_FIELD_GROUPS).contains(&size) {
                return Err(ServiceError::param(format!(
                    "[{tag}] size must be in [1, {MAX_FIELD_GROUPS}], but is {size}."
                )));
            }
            let rest = Rest::Field {
                field,
                size: usize::try_from(size).unwrap_or(1),
                sort: b.sort,
                min_doc_count: b.min_doc_count,
            };
            (rest, b.sub_aggs, b.sub_group_bys)
        }
        T::GroupByRange => {
            let tag = "groupby_range";
            let b: spb::GroupByRange = body(bytes, tag)?;
            let field = field(docs, tag, b.field_name.as_deref(), Want::NumericOrDate)?;
            // Range groups come back ordered by their bounds, whatever the request's order (Go
            // SDK `TestGroupByGroupByRange`); geo distance groups keep the request's order.
            let mut ranges = ranges(&b.ranges, tag)?;
            ranges.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
            let kind = GroupKind::Range { field, ranges };
            (Rest::Done(kind), b.sub_aggs, b.sub_group_bys)
        }
        T::GroupByFilter => {
            let tag = "groupby_filter";
            let b: spb::GroupByFilter = body(bytes, tag)?;
            if b.filters.is_empty() {
                return Err(ServiceError::param(format!("[{tag}] filters must not be empty.")));
            }
            let matches = b
                .filters
                .iter()
                .map(|q| docs.matching(q))
                .collect::<ServiceResult<_>>()?;
            (
                Rest::Done(GroupKind::Filter { matches }),
                b.sub_aggs,
                b.sub_group_bys,
            )
        }
        T::GroupByGeoDistance => {
            let tag = "groupby_geo_distance";
            let b: spb::GroupByGeoDistance = body(bytes, tag)?;
            let field = field(docs, tag, b.field_name.as_deref(), Want::Geo)?;
            let (lat, lon) = b
                .origin
                .as_ref()
                .and_then(|o| Some((o.lat?, o.lon?)))
                .filter(|(lat, lon)| (-90.0..=90.0).contains(lat) && (-180.0..=180.0).contains(lon))
                .ok_or_else(|| {
                    ServiceError::param(format!(
                        "[{tag}] origin must be a point with lat in [-90, 90] and lon in [-180, 180]."
                    ))
                })?;
            let kind = GroupKind::GeoDistance {
                field,
                origin: Point { lat, lon },
                ranges: ranges(&b.ranges, tag)?,
            };
            (Rest::Done(kind), b.sub_aggs, b.sub_group_bys)
        }
        T::GroupByHistogram => {
            let mut b: spb::GroupByHistogram = body(bytes, "groupby_histogram")?;
            let (sub_aggs, sub_group_bys) = (b.sub_aggs.take(), b.sub_group_bys.take());
            (Rest::Histogram(b), sub_aggs, sub_group_bys)
        }
        T::GroupByDateHistogram => {
            let mut b: spb::GroupByDateHistogram = body(bytes, "groupby_date_histogram")?;
            let (sub_aggs, sub_group_bys) = (b.sub_aggs.take(), b.sub_group_bys.take());
            (Rest::DateHistogram(b), sub_aggs, sub_group_bys)
        }
        T::GroupByGeoGrid => {
            let tag = "groupby_geo_grid";
            let b: spb::GroupByGeoGrid = body(bytes, tag)?;
            let field = field(docs, tag, b.field_name.as_deref(), Want::Geo)?;
            let precision = b
                .precision
                .and_then(|p| usize::try_from(p).ok())
                .filter(|p| (1..=12).contains(p))
                .ok_or_else(|| {
                    ServiceError::param(format!("[{tag}] precision must be a GeoHashPrecision (1 to 12)."))
                })?;
            let size = b.size.unwrap_or(i64::from(DEFAULT_FIELD_GROUPS));
            if !(1..=i64::from(MAX_FIELD_GROUPS)).contains(&size) {
                return Err(ServiceError::param(format!(
                    "[{tag}] size must be in [1, {MAX_FIELD_GROUPS}], but is {size}."
                )));
            }
            let kind = GroupKind::GeoGrid {
                field,
                precision,
                size: usize::try_from(size).unwrap_or(1),
            };
            (Rest::Done(kind), b.sub_aggs, b.sub_group_bys)
        }
        T::GroupByComposite => {
            return Err(ServiceError::unsupported_feature(
                "GROUP_BY_COMPOSITE group-bys are not supported by ots-local yet.",
            ))
        }
    };
    Ok(Head {
        name: g.name.clone().unwrap_or_default(),
        sub_aggs,
        sub_group_bys,
        rest,
    })
}

impl Head {
    /// The sub-aggregations and sub-group-bys the plan of the groups is read from.
    pub(super) fn subs(&self) -> (&[spb::Aggregation], &[spb::GroupBy]) {
        (
            self.sub_aggs
                .as_ref()
                .map(|a| a.aggs.as_slice())
                .unwrap_or_default(),
            self.sub_group_bys
                .as_ref()
                .map(|g| g.group_bys.as_slice())
                .unwrap_or_default(),
        )
    }

    /// The group-by, with `sub`, the plan of its groups read from [`Head::subs`].
    ///
    /// # Errors
    /// 400 `OTSParameterInvalid` for sorters, `min_doc_count` or histogram settings refused.
    pub(super) fn finish(self, docs: &dyn Docs, sub: Plan) -> ServiceResult<GroupBy> {
        let kind = match self.rest {
            Rest::Done(kind) => kind,
            Rest::Field {
                field,
                size,
                sort,
                min_doc_count: n,
            } => {
                let tag = "groupby_field";
                GroupKind::Field {
                    field,
                    size,
                    sort: sorters(sort.as_ref(), &sub, tag)?,
                    // Groups exist only for values some document has (ours: 0 acts as 1).
                    min_doc_count: min_doc_count(n, tag)?.max(1),
                }
            }
            Rest::Histogram(b) => GroupKind::Histogram(histogram(docs, &b, &sub)?),
            Rest::DateHistogram(b) => GroupKind::DateHistogram(date_histogram(docs, &b, &sub)?),
        };
        Ok(GroupBy {
            name: self.name,
            kind,
            sub,
        })
    }
}

fn histogram(docs: &dyn Docs, b: &spb::GroupByHistogram, sub: &Plan) -> ServiceResult<Histogram> {
    let tag = "groupby_histogram";
    let field = field(docs, tag, b.field_name.as_deref(), Want::Numeric)?;
    let interval = number(b.interval.as_deref(), tag, "interval")?;
    let integral = field.kind == FieldKind::Long;
    if interval <= 0.0 || (integral && interval.fract() != 0.0) {
        return Err(ServiceError::param(format!(
            "[{tag}] interval must be a positive {}, but is {interval}.",
            if integral { "integer" } else { "number" }
        )));
    }
    let range = field_range(b.field_range.as_ref(), tag)?;
    let min = number(range.min.as_deref(), tag, "field_range.min")?;
    let max = number(range.max.as_deref(), tag, "field_range.max")?;
    check_bucket_count(min, max, (max - min) / interval, tag)?;
    let offset = match b.offset.as_deref() {
        Some(o) => number(Some(o), tag, "offset")?,
        None => 0.0,
    };
    let missing = number_for(b.missing.as_deref(), tag, &field)?;
    Ok(Histogram {
        sort: sorters(b.sort.as_ref(), sub, tag)?,
        min_doc_count: min_doc_count(b.min_doc_count, tag)?,
        field,
        interval,
        offset,
        min,
        max,
        missing,
    })
}

fn check_bucket_count(min: f64, max: f64, buckets: f64, tag: &str) -> ServiceResult<()> {
    if min > max {
        return Err(ServiceError::param(format!(
            "[{tag}] field_range.min ({min}) must not exceed field_range.max ({max})."
        )));
    }
    if buckets > MAX_BUCKETS {
        return Err(ServiceError::param(format!(
            "[{tag}] (field_range.max - field_range.min) / interval must not exceed {MAX_BUCKETS}, but is {buckets}."
        )));
    }
    Ok(())
}

fn date_histogram(
    docs: &dyn Docs,
    b: &spb::GroupByDateHistogram,
    sub: &Plan,
) -> ServiceResult<DateHistogram> {
    let tag = "groupby_date_histogram";
    let field = field(docs, tag, b.field_name.as_deref(), Want::Date)?;
    let interval = b
        .interval
        .as_ref()
        .ok_or_else(|| ServiceError::param(format!("[{tag}] interval is required.")))
        .and_then(|i| Step::read(i, tag, "interval"))?;
    if interval.count <= 0 {
        return Err(ServiceError::param(format!(
            "[{tag}] interval must be positive, but is {}.",
            interval.count
        )));
    }
    let offset = b
        .offset
        .as_ref()
        .map(|o| Step::read(o, tag, "offset"))
        .transpose()?;
    let zone_ms = match b.time_zone.as_deref().filter(|z| !z.is_empty()) {
        None => 0,
        Some(z) => zone_offset_ms(z).ok_or_else(|| {
            ServiceError::param(format!(
                "[{tag}] time_zone must be +hh:mm or -hh:mm, but is [{z}]."
            ))
        })?,
    };
    let buckets = DateBuckets {
        interval,
        offset,
        zone_ms,
    };
    let range = field_range(b.field_range.as_ref(), tag)?;
    let min = date(docs, &field, range.min.as_deref(), tag, "field_range.min")?;
    let max = date(docs, &field, range.max.as_deref(), tag, "field_range.max")?;
    check_bucket_count(min as f64, max as f64, buckets.intervals_between(min, max), tag)?;
    let missing = match b.missing.as_deref() {
        None => None,
        Some(m) => Some(date(docs, &field, Some(m), tag, "missing value")?),
    };
    Ok(DateHistogram {
        sort: sorters(b.sort.as_ref(), sub, tag)?,
        min_doc_count: min_doc_count(b.min_doc_count, tag)?,
        field,
        buckets,
        min,
        max,
        missing,
    })
}
