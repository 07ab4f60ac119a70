//! Golden vectors from the official Python SDK 6.4.8 (`target/conformance-venv`): requests
//! encoded with `OTSProtoBufferEncoder._encode_search_query` (the `aggs` / `group_bys` parts
//! re-serialized), results built with the SDK's `search_pb2` messages and `PlainBufferBuilder`.

use super::{aggregation_results, aggs_pb, group_by_results, group_bys_pb};
use crate::model::{Column, PrimaryKey, Row, Value};
use crate::ops::search::agg::{
    Aggregation, AggregationResult, DateInterval, DateUnit, GroupBy, GroupBySorter, GroupKey, Percentile,
};
use crate::ops::search::index::SortOrder;
use crate::ops::search::query::{GeoPoint, Query};
use crate::ops::search::sort::Sorter;
use prost::Message;

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

fn group_by_hex(g: GroupBy) -> String {
    hex(&group_bys_pb(&[g]).encode_to_vec())
}

/// `[Avg('price', 0.5, 'avg'), Max('price', name='max'), Min('price', 3, 'min'),
/// Sum('price', name='sum'), Count('price', 'cnt'), DistinctCount('city', 'none', 'dc'),
/// Percentiles('latency', [50.0, 99.0], name='pct'),
/// TopRows(3, Sort([FieldSort('price', SortOrder.DESC)]), 'top')]`
#[test]
fn every_aggregation_kind_matches_python() {
    let aggs = [
        Aggregation::avg("avg", "price").missing(0.5),
        Aggregation::max("max", "price"),
        Aggregation::min("min", "price").missing(3),
        Aggregation::sum("sum", "price"),
        Aggregation::count("cnt", "price"),
        Aggregation::distinct_count("dc", "city").missing("none"),
        Aggregation::percentiles("pct", "latency", [50.0, 99.0]),
        Aggregation::top_rows("top", 3).sort_by(Sorter::field_desc("price")),
    ];
    assert_eq!(
        hex(&aggs_pb(&aggs).encode_to_vec()),
        "0a1b0a0361766710011a120a057072696365120901000000000000e03f0a100a036d617810021a070a0570726963\
         650a1b0a036d696e10031a120a05707269636512090003000000000000000a100a0373756d10041a070a05707269\
         63650a100a03636e7410051a070a0570726963650a190a02646310061a110a0463697479120903040000006e6f6e\
         650a240a0370637410081a1b0a076c6174656e6379110000000000004940110000000000c058400a1a0a03746f70\
         10071a110803120d0a0b0a090a0570726963651001"
    );
}

/// The Python SDK cannot encode a percentiles missing value (its `Percentiles` sets a field
/// its own message lacks), so this one is checked against the field numbers: 1, 2, 3.
#[test]
fn percentiles_missing_is_field_3() {
    let a = Aggregation::percentiles("p", "f", [50.0]).missing(1);
    let body = aggs_pb(&[a]).aggs[0].body.clone().unwrap_or_default();
    assert_eq!(hex(&body), "0a01661100000000000049401a09000100000000000000");
}

/// `GroupByField('city', size=5, group_by_sort=[GroupKeySort(ASC), RowCountSort(DESC),
/// SubAggSort(DESC, 'avg_p')], sub_aggs=[Avg('price', name='avg_p')],
/// sub_group_bys=[GroupByRange('price', [(0, 10), (10, inf)], name='sub_r')], name='by_city')`
#[test]
fn field_group_by_with_sorts_and_subs_matches_python() {
    let g = GroupBy::field("by_city", "city")
        .size(5)
        .sort_by(GroupBySorter::group_key(SortOrder::Asc))
        .sort_by(GroupBySorter::row_count(SortOrder::Desc))
        .sort_by(GroupBySorter::sub_aggregation("avg_p", SortOrder::Desc))
        .sub_aggregation(Aggregation::avg("avg_p", "price"))
        .sub_group_by(GroupBy::range("sub_r", "price", [0.0..10.0, 10.0..f64::INFINITY]));
    assert_eq!(
        group_by_hex(g),
        "0a84010a0762795f6369747910011a770a046369747910051a190a040a0208000a04120208010a0b1a090a056176\
         675f70100122140a120a056176675f7010011a070a0570726963652a3c0a3a0a057375625f7210021a2f0a057072\
         696365121209000000000000000011000000000000244012120900000000000024401100000000000\
         0f07f"
    );
    assert_eq!(
        group_by_hex(GroupBy::field("plain", "city")),
        "0a110a05706c61696e10011a060a0463697479"
    );
}

/// `GroupByRange('price', [(-inf, 10.0), (10.0, 100.0)], name='r')`
#[test]
fn range_group_by_matches_python() {
    let g = GroupBy::range("r", "price", [f64::NEG_INFINITY..10.0, 10.0..100.0]);
    assert_eq!(
        group_by_hex(g),
        "0a360a017210021a2f0a057072696365121209000000000000f0ff11000000000000244012120900000000000024\
         40110000000000005940"
    );
}

/// `GroupByFilter([TermQuery('city', 'hz'), MatchAllQuery()], sub_aggs=[Count('price', name='n')],
/// name='f')`
#[test]
fn filter_group_by_matches_python() {
    let g = GroupBy::filter("f", [Query::term("city", "hz"), Query::match_all()])
        .sub_aggregation(Aggregation::count("n", "price"));
    assert_eq!(
        group_by_hex(g),
        "0a340a016610031a2d0a130803120f0a046369747912070302000000687a0a04080b120012100a0e0a016e10051a\
         070a057072696365"
    );
}

/// `GroupByGeoDistance('loc', GeoPoint(30.1, 120.2), [(0, 1000.0), (1000.0, 5000.0)], name='g')`
#[test]
fn geo_distance_group_by_matches_python() {
    let g = GroupBy::geo_distance(
        "g",
        "loc",
        GeoPoint::new(30.1, 120.2),
        [0.0..1000.0, 1000.0..5000.0],
    );
    assert_eq!(
        group_by_hex(g),
        "0a480a016710041a410a036c6f631212099a99999999193e4011cdcccccccc0c5e401a1209000000000000000011\
         0000000000408f401a12090000000000408f4011000000000088b340"
    );
}

/// `GroupByHistogram('price', 10, FieldRange(0, 1000), missing_value=0, min_doc_count=1,
/// name='h')` (the SDK's histogram cannot encode a sort: `_get_enum` is missing there).
#[test]
fn histogram_group_by_matches_python() {
    let g = GroupBy::histogram("h", "price", 10, 0, 1000)
        .missing(0)
        .min_doc_count(1);
    assert_eq!(
        group_by_hex(g),
        "0a3e0a016810051a370a0570726963651209000a000000000000001a09000000000000000000200132160a090000\
         00000000000000120900e803000000000000"
    );
}

/// `GroupByDateHistogram('ts', DateTimeValue(1, DAY), field_range=FieldRange(0, 1700000000000),
/// missing=0, min_doc_count=2, time_zone='+08:00', group_by_sort=[RowCountSort(DESC)],
/// offset=DateTimeValue(2, HOUR), sub_group_bys=[GroupByField('city', size=3, name='c')],
/// name='dh')` and `GroupByDateHistogram('ts', DateTimeValue(3, MONTH), name='dh2')`
#[test]
fn date_histogram_group_by_matches_python() {
    let g = GroupBy::date_histogram("dh", "ts", DateInterval::new(1, DateUnit::Day))
        .field_range(0, 1_700_000_000_000_i64)
        .missing(0)
        .min_doc_count(2)
        .time_zone("+08:00")
        .sort_by(GroupBySorter::row_count(SortOrder::Desc))
        .offset(DateInterval::new(2, DateUnit::Hour))
        .sub_group_by(GroupBy::field("c", "city").size(3));
    assert_eq!(
        group_by_hex(g),
        "0a600a02646810061a580a0274731204080110051a160a090000000000000000001209000068e5cf8b0100002209\
         000000000000000000280232062b30383a30303a060a04120208014a110a0f0a016310011a080a04636974791003\
         520408021006"
    );
    let plain = GroupBy::date_histogram("dh2", "ts", DateInterval::new(3, DateUnit::Month));
    assert_eq!(group_by_hex(plain), "0a130a0364683210061a0a0a027473120408031003");
}

/// Setters that do not apply to a kind leave it unchanged.
#[test]
fn setters_of_other_kinds_change_nothing() {
    assert_eq!(
        Aggregation::count("n", "f").missing(1),
        Aggregation::count("n", "f")
    );
    assert_eq!(
        Aggregation::avg("a", "f").sort_by(Sorter::score()),
        Aggregation::avg("a", "f")
    );
    let r = || GroupBy::range("r", "f", [0.0..1.0]);
    assert_eq!(
        r().size(3)
            .min_doc_count(1)
            .missing(0)
            .time_zone("+01:00")
            .sort_by(GroupBySorter::row_count(SortOrder::Asc)),
        r()
    );
}

/// An `AggregationsResult` built with the SDK's `search_pb2`: avg = +inf and max = -inf (no
/// value), min 2.5, sum 10, count 7, distinct count 3, percentiles 50 -> 1.5 and 99 -> 9, and a
/// top-rows row `[('id', 1)]`, `[('name', 'a')]` from `PlainBufferBuilder.serialize_for_put_row`.
#[test]
fn aggregation_results_decode_python_bytes() {
    let bytes = unhex(
        "0a120a0361766710011a0909000000000000f07f0a120a036d617810021a0909000000000000f0ff0a120a036d69\
         6e10031a090900000000000004400a120a0373756d10041a090900000000000024400a0b0a03636e7410051a0208\
         070a0a0a02646310061a0208030a350a0370637410081a2c0a14090000000000004940120901000000000000f83f\
         0a14090000000000c0584012090009000000000000000a420a03746f7010071a390a377500000001030402000000\
         696405090000000001000000000000000a0a020304040000006e616d6505060000000301000000610a370915",
    );
    let r = aggregation_results(&bytes).unwrap();
    assert_eq!(r.len(), 8);
    assert_eq!(r.get("avg"), Some(&AggregationResult::Avg(None)));
    assert_eq!(r.get("max"), Some(&AggregationResult::Max(None)));
    assert_eq!(r.get("min").and_then(AggregationResult::as_f64), Some(2.5));
    assert_eq!(r.get("sum"), Some(&AggregationResult::Sum(Some(10.0))));
    assert_eq!(r.get("cnt").and_then(AggregationResult::as_count), Some(7));
    assert_eq!(r.get("dc"), Some(&AggregationResult::DistinctCount(3)));
    assert_eq!(
        r.get("pct"),
        Some(&AggregationResult::Percentiles(vec![
            Percentile {
                percentile: 50.0,
                value: Some(Value::Double(1.5)),
            },
            Percentile {
                percentile: 99.0,
                value: Some(Value::Integer(9)),
            },
        ]))
    );
    let row = Row {
        primary_key: PrimaryKey::new().with("id", 1),
        columns: vec![Column::new("name", "a")],
    };
    assert_eq!(r.get("top"), Some(&AggregationResult::TopRows(vec![row])));
    assert_eq!(
        r.iter().map(|(n, _)| n).collect::<Vec<_>>(),
        ["avg", "max", "min", "sum", "cnt", "dc", "pct", "top"]
    );
}

/// A `GroupBysResult` built with the SDK's `search_pb2`, one group-by of each kind; the field
/// group `hz` carries a sub-aggregation and a sub-group-by.
#[test]
fn group_by_results_decode_python_bytes() {
    let bytes = unhex(
        "0a4f0a0762795f6369747910011a420a380a02687a10041a0b0a090a016e10051a02080422230a210a057375625f\
         7210021a160a1409000000000000000011000000000000244018010a060a02736810020a1d0a017210021a160a14\
         09000000000000f0ff11000000000000244018020a0f0a016610031a080a0208050a0208090a1d0a016710041a16\
         0a14090000000000000000110000000000408f4018030a160a016810051a0f0a0d0a09000a000000000000001006\
         0a130a02646810061a0b0a090880d095ffbc311008",
    );
    let r = group_by_results(&bytes).unwrap();
    assert_eq!(r.len(), 6);

    let city = r.get("by_city").unwrap();
    assert_eq!(city.len(), 2);
    assert_eq!(city[0].key, GroupKey::Field("hz".into()));
    assert_eq!(city[0].row_count, 4);
    assert_eq!(
        city[0].sub_aggregations.get("n"),
        Some(&AggregationResult::Count(4))
    );
    let sub = city[0].sub_group_bys.get("sub_r").unwrap();
    assert_eq!(
        (sub[0].key.clone(), sub[0].row_count),
        (GroupKey::Range(0.0..10.0), 1)
    );
    assert_eq!(city[1].key, GroupKey::Field("sh".into()));
    assert!(city[1].sub_aggregations.is_empty() && city[1].sub_group_bys.is_empty());

    let keys = |name: &str| {
        r.get(name)
            .unwrap()
            .iter()
            .map(|g| (g.key.clone(), g.row_count))
            .collect::<Vec<_>>()
    };
    assert_eq!(keys("r"), [(GroupKey::Range(f64::NEG_INFINITY..10.0), 2)]);
    assert_eq!(keys("f"), [(GroupKey::Filter(0), 5), (GroupKey::Filter(1), 9)]);
    assert_eq!(keys("g"), [(GroupKey::GeoDistance(0.0..1000.0), 3)]);
    assert_eq!(keys("h"), [(GroupKey::Histogram(Value::Integer(10)), 6)]);
    assert_eq!(keys("dh"), [(GroupKey::DateHistogram(1_700_000_000_000), 8)]);
}

#[test]
fn empty_result_bytes_are_no_results() {
    assert!(aggregation_results(&[]).unwrap().is_empty());
    assert!(group_by_results(&[]).unwrap().is_empty());
}

#[test]
fn undecodable_results_are_response_errors() {
    let err = aggregation_results(&[0x0a, 0x05, 0x01]).unwrap_err();
    assert_eq!(err.kind(), crate::ErrorKind::Response);
    // An aggregation type this client does not know names the aggregation.
    let unknown = ots_proto::pb::search::AggregationsResult {
        agg_results: vec![ots_proto::pb::search::AggregationResult {
            name: Some("x".into()),
            r#type: Some(99),
            agg_result: None,
        }],
    };
    let err = aggregation_results(&unknown.encode_to_vec()).unwrap_err();
    assert!(err.message().contains("\"x\""), "{}", err.message());
}
