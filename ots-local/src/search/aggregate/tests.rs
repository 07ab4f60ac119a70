//! The arithmetic and the checks of aggregations and group-bys, over a small in-memory set of
//! documents. Expected values are worked out from the data by hand (or by the service, where
//! an SDK test says what it answered).

use super::calendar::{civil_from_days, days_from_civil, zone_offset_ms, DateBuckets, Step, Unit};
use super::value::{java_double, percentile, sum};
use super::{aggregate, Docs};
use crate::error::{ErrorCode, ServiceError, ServiceResult};
use crate::search::engine::{FieldKind, IndexField};
use crate::search::geo::Point;
use ots_proto::model::Value;
use ots_proto::pb::search as spb;
use ots_proto::plainbuffer;
use prost::Message;
use spb::AggregationType as A;
use spb::GroupByType as G;

/// Documents as (field, values) lists; every field sortable unless listed in `unsortable`.
struct Fake {
    fields: Vec<(&'static str, FieldKind)>,
    unsortable: Vec<&'static str>,
    docs: Vec<Vec<(&'static str, Vec<Value>)>>,
}

impl Docs for Fake {
    /// Integers are epoch milliseconds; text dates are the engine's business (tested end to
    /// end).
    fn date_millis(&self, _name: &str, value: &Value) -> Option<i64> {
        match value {
            Value::Integer(i) => Some(*i),
            _ => None,
        }
    }
    fn len(&self) -> usize {
        self.docs.len()
    }
    fn field(&self, name: &str) -> Option<IndexField> {
        let (_, kind) = self.fields.iter().find(|(n, _)| *n == name)?;
        Some(IndexField {
            field: tantivy::schema::Field::from_field_id(0),
            kind: *kind,
            is_array: false,
            indexed: true,
            sortable: !self.unsortable.contains(&name),
            vector: None,
            highlight: false,
        })
    }
    fn values(&self, doc: usize, name: &str) -> Vec<Value> {
        self.docs
            .get(doc)
            .and_then(|d| d.iter().find(|(n, _)| *n == name))
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }
    /// Term queries only.
    fn matching(&self, query: &spb::Query) -> ServiceResult<Vec<bool>> {
        let term = spb::TermQuery::decode(query.query.as_deref().unwrap_or_default())
            .map_err(|_| ServiceError::param("bad query"))?;
        let name = term.field_name.unwrap_or_default();
        let want = plainbuffer::decode_variant(&term.term.unwrap_or_default())
            .map_err(|_| ServiceError::param("bad term"))?;
        Ok((0..self.len())
            .map(|d| self.values(d, &name).contains(&want))
            .collect())
    }
    /// Each row is the document's number as text; a sort (any) means descending numbers.
    fn rows(&self, docs: &[usize], sort: Option<&spb::Sort>, limit: usize) -> ServiceResult<Vec<Vec<u8>>> {
        let mut docs = docs.to_vec();
        if sort.is_some() {
            docs.reverse();
        }
        Ok(docs
            .iter()
            .take(limit)
            .map(|d| d.to_string().into_bytes())
            .collect())
    }
}

fn ints(vs: &[i64]) -> Vec<Value> {
    vs.iter().map(|i| Value::Integer(*i)).collect()
}

/// 10 documents like the Go SDK's second search table: `long` 1,2,2,3,3,3,4,4,4,4; `double`
/// the same + 0.1; `kw` "hangzhou" ×4 then "tablestore" ×6; `arr` [-1, i]; `geo` points near
/// Hangzhou; `date` i days after 2024-01-30 (ms); `opt` only in documents 5..=9 (their number).
fn fake() -> Fake {
    let longs = [1, 2, 2, 3, 3, 3, 4, 4, 4, 4];
    let geos = [
        "30.137817,120.08681",
        "30.135131,120.088355",
        "30.181877,120.152818",
        "30.20223,120.13787",
        "30.216961,120.157633",
        "30.231566,120.148578",
        "30.26058,120.170712",
        "30.269501,120.169347",
        "30.28073,120.168843",
        "30.296946,120.21958",
    ];
    let day0 = days_from_civil(2024, 1, 30) * 86_400_000;
    let docs = (0..10)
        .map(|i| {
            let mut d = vec![
                ("long", ints(&[longs[i]])),
                ("double", vec![Value::Double(longs[i] as f64 + 0.1)]),
                (
                    "kw",
                    vec![Value::String(
                        if i < 4 { "hangzhou" } else { "tablestore" }.to_owned(),
                    )],
                ),
                ("arr", ints(&[-1, i as i64])),
                ("geo", vec![Value::String(geos[i].to_owned())]),
                ("date", ints(&[day0 + i as i64 * 86_400_000])),
                ("flag", vec![Value::Boolean(i % 2 == 0)]),
                ("text", vec![Value::String("words".to_owned())]),
            ];
            if i >= 5 {
                d.push(("opt", ints(&[i as i64])));
            }
            d
        })
        .collect();
    Fake {
        fields: vec![
            ("long", FieldKind::Long),
            ("double", FieldKind::Double),
            ("kw", FieldKind::Keyword),
            ("arr", FieldKind::Long),
            ("geo", FieldKind::GeoPoint),
            ("date", FieldKind::Date),
            ("flag", FieldKind::Boolean),
            ("text", FieldKind::Text),
            ("opt", FieldKind::Long),
            ("nosort", FieldKind::Long),
        ],
        unsortable: vec!["text", "nosort"],
        docs,
    }
}

fn agg(name: &str, kind: A, body: impl Message) -> spb::Aggregation {
    spb::Aggregation {
        name: Some(name.to_owned()),
        r#type: Some(kind as i32),
        body: Some(body.encode_to_vec()),
    }
}

fn group(name: &str, kind: G, body: impl Message) -> spb::GroupBy {
    spb::GroupBy {
        name: Some(name.to_owned()),
        r#type: Some(kind as i32),
        body: Some(body.encode_to_vec()),
    }
}

fn v(value: impl Into<Value>) -> Option<Vec<u8>> {
    Some(plainbuffer::encode_variant(&value.into()))
}

fn field(name: &str) -> Option<String> {
    Some(name.to_owned())
}

fn avg(name: &str, f: &str, missing: Option<Vec<u8>>) -> spb::Aggregation {
    agg(
        name,
        A::AggAvg,
        spb::AvgAggregation {
            field_name: field(f),
            missing,
        },
    )
}

type Results = (Option<spb::AggregationsResult>, Option<spb::GroupBysResult>);

fn run(docs: &Fake, aggs: Vec<spb::Aggregation>, group_bys: Vec<spb::GroupBy>) -> ServiceResult<Results> {
    let (a, g) = aggregate(
        docs,
        Some(&spb::Aggregations { aggs }),
        Some(&spb::GroupBys { group_bys }),
    )?;
    Ok((
        a.map(|b| spb::AggregationsResult::decode(b.as_slice()).unwrap()),
        g.map(|b| spb::GroupBysResult::decode(b.as_slice()).unwrap()),
    ))
}

/// The number in an avg/max/min/sum result, or the count of a count result.
fn number(r: &spb::AggregationResult) -> f64 {
    let body = r.agg_result.as_deref().unwrap_or_default();
    match A::try_from(r.r#type.unwrap_or_default()).unwrap() {
        A::AggCount => spb::CountAggregationResult::decode(body).unwrap().value.unwrap() as f64,
        A::AggDistinctCount => spb::DistinctCountAggregationResult::decode(body)
            .unwrap()
            .value
            .unwrap() as f64,
        _ => spb::AvgAggregationResult::decode(body).unwrap().value.unwrap(),
    }
}

fn numbers(r: &Results) -> Vec<f64> {
    r.0.as_ref().unwrap().agg_results.iter().map(number).collect()
}

fn refused(r: ServiceResult<Results>) -> ServiceError {
    r.expect_err("refused")
}

fn ms(y: i64, m: i64, d: i64, h: i64) -> i64 {
    days_from_civil(y, m, d) * 86_400_000 + h * 3_600_000
}

fn by_field(f: &str, size: Option<i32>, sort: Vec<spb::GroupBySorter>) -> spb::GroupByField {
    spb::GroupByField {
        field_name: field(f),
        size,
        sort: (!sort.is_empty()).then_some(spb::GroupBySort { sorters: sort }),
        ..Default::default()
    }
}

fn row_count_sort(desc: bool) -> spb::GroupBySorter {
    spb::GroupBySorter {
        row_count_sort: Some(spb::RowCountSort {
            order: Some(if desc {
                spb::SortOrder::Desc
            } else {
                spb::SortOrder::Asc
            } as i32),
        }),
        ..Default::default()
    }
}

fn key_sort(desc: bool) -> spb::GroupBySorter {
    spb::GroupBySorter {
        group_key_sort: Some(spb::GroupKeySort {
            order: Some(if desc {
                spb::SortOrder::Desc
            } else {
                spb::SortOrder::Asc
            } as i32),
        }),
        ..Default::default()
    }
}

fn pairs(list: &[(&str, i64)]) -> Vec<(String, i64)> {
    list.iter().map(|(k, n)| ((*k).to_owned(), *n)).collect()
}

fn histogram(f: &str, interval: Value, min: Value, max: Value) -> spb::GroupByHistogram {
    spb::GroupByHistogram {
        field_name: field(f),
        interval: v(interval),
        field_range: Some(spb::FieldRange {
            min: v(min),
            max: v(max),
        }),
        ..Default::default()
    }
}

mod arithmetic;
mod checks;
mod groups;
mod metrics;
