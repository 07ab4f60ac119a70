//! Search requests against the bytes the official Python SDK encodes (tablestore 6.x, its
//! pure-Python `OTSProtoBufferEncoder._encode_search_query`).

use super::index::{SortMode, SortOrder};
use super::query::{GeoPoint, NestedScoreMode, Query};
use super::request::SearchRequest;
use super::sort::Sorter;
use crate::model::Value;
use ots_proto::pb::search as pb;
use prost::Message;
use std::ops::Bound;

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Every query type but knn in one bool query, with every sort kind, offset, limit, collapse
/// and the total count.
#[test]
fn a_bool_query_with_every_sort_matches_the_official_sdk() {
    const PYTHON: &str =
        "0805100a22de02080612d9020a1a080312160a0863617465676f7279120a0305000000626f6f6b730a2508\
        0412210a0570726963651209000a000000000000001a0901000000000080344020012800120d081012090a0764656c\
        657465641a1a080f12160a0474616773120603010000006112060301000000621a0d080512090a03736b7512024142\
        1a10080a120c0a04636f64651204782a793f2218080112140a057469746c6512097275737420626f6f6b2002221508\
        0212110a057469746c6512087468652072757374222a080912260a056974656d73121b080312170a0b6974656d732e\
        636f6c6f721208030300000072656418022221080d121d0a0573746f7265120b33302e352c3132302e323519000000\
        0000408f40221b080c12170a0573746f7265120633312c3132301a0633302c3132312223080e121f0a0573746f7265\
        120633302c313230120633312c313231120633302c3132322204080b120028012a0a0a0863617465676f727932300a\
        0d0a0b0a057072696365100118010a041a0208010a04220208000a1312110a0573746f7265120633302c3132301800\
        4001";
    let nested = match Query::nested("items", Query::term("items.color", "red")) {
        Query::Nested { path, query, .. } => Query::Nested {
            path,
            query,
            score_mode: Some(NestedScoreMode::Avg),
            weight: None,
        },
        other => other,
    };
    let query = Query::bool()
        .must(Query::term("category", "books"))
        .must(Query::range(
            "price",
            Bound::Included(Value::Integer(10)),
            Bound::Excluded(Value::Double(20.5)),
        ))
        .must_not(Query::exists("deleted"))
        .filter(Query::terms("tags", ["a", "b"]))
        .filter(Query::prefix("sku", "AB"))
        .filter(Query::wildcard("code", "x*y?"))
        .should(Query::matches_all("title", "rust book"))
        .should(Query::phrase("title", "the rust"))
        .should(nested)
        .should(Query::geo_distance("store", GeoPoint::new(30.5, 120.25), 1000.0))
        .should(Query::geo_bounding_box(
            "store",
            GeoPoint::new(31.0, 120.0),
            GeoPoint::new(30.0, 121.0),
        ))
        .should(Query::geo_polygon(
            "store",
            [
                GeoPoint::new(30.0, 120.0),
                GeoPoint::new(31.0, 121.0),
                GeoPoint::new(30.0, 122.0),
            ],
        ))
        .should(Query::match_all())
        .minimum_should_match(1);
    let req = SearchRequest::new("t", "i", query)
        .offset(5)
        .limit(10)
        .collapse("category")
        .sort_by(Sorter::Field {
            field: "price".into(),
            order: SortOrder::Desc,
            mode: Some(SortMode::Max),
        })
        .sort_by(Sorter::score())
        .sort_by(Sorter::PrimaryKey {
            order: SortOrder::Asc,
        })
        .sort_by(Sorter::nearest("store", GeoPoint::new(30.0, 120.0)))
        .total_count();
    assert_eq!(hex(&req.query_pb().encode_to_vec()), PYTHON);
}

/// A knn query with a filter. The Python SDK writes the vector unpacked, this client packed;
/// protobuf readers take both, so the messages are compared decoded.
#[test]
fn a_knn_query_means_what_the_official_sdk_means() {
    const PYTHON: &str =
        "100322310811122d0a03656d621003250000003f250000803f2a1a080312160a0863617465676f7279120a\
        0305000000626f6f6b734000";
    let bytes: Vec<u8> = (0..PYTHON.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&PYTHON[i..i + 2], 16).unwrap())
        .collect();
    let python = pb::SearchQuery::decode(bytes.as_slice()).unwrap();
    let query = Query::knn_with_filter("emb", 3, vec![0.5, 1.0], Query::term("category", "books"));
    let ours = SearchRequest::new("t", "i", query).limit(3).query_pb();
    let knn = |q: &pb::SearchQuery| {
        let body = q.query.as_ref().and_then(|q| q.query.clone()).unwrap_or_default();
        pb::KnnVectorQuery::decode(body.as_slice()).unwrap()
    };
    assert_eq!(knn(&ours), knn(&python));
    assert_eq!(
        (ours.limit, ours.get_total_count),
        (python.limit, python.get_total_count)
    );
}

/// A function_score query (`FunctionScoreQuery(TermQuery(..), FieldValueFactor("stock"))`),
/// byte for byte.
#[test]
fn a_function_score_query_matches_the_official_sdk() {
    const PYTHON: &str =
        "10052229080812250a1a080312160a0863617465676f7279120a0305000000626f6f6b7312070a0573746f636b4000";
    let query = Query::function_score(Query::term("category", "books"), "stock");
    let ours = SearchRequest::new("t", "i", query).limit(5).query_pb();
    assert_eq!(hex(&ours.encode_to_vec()), PYTHON);
}

/// Highlighting (`Highlight([HighlightParameter("title", 3, 50, "<b>", "</b>", SCORE)],
/// HTML_MODE)`), byte for byte.
#[test]
fn a_highlight_matches_the_official_sdk() {
    use super::highlight::{Highlight, HighlightField};
    const PYTHON: &str = "100522110801120d0a057469746c651204727573744000621c0a180a057469746c651003183222033c623e2a043c2f623e30021002";
    let highlight = Highlight::new()
        .field(
            HighlightField::new("title")
                .fragments(3)
                .fragment_size(50)
                .tags("<b>", "</b>")
                .by_score(),
        )
        .html();
    let ours = SearchRequest::new("t", "i", Query::matches("title", "rust"))
        .limit(5)
        .highlight(highlight)
        .query_pb();
    assert_eq!(hex(&ours.encode_to_vec()), PYTHON);
}

/// A geo grid group-by (`GroupByGeoGrid("loc", GHP_156KM_156KM_3, size=50, name="cells")`),
/// byte for byte.
#[test]
fn a_geo_grid_group_by_matches_the_official_sdk() {
    use super::agg::GroupBy;
    const PYTHON: &str = "10002204080b120040005a160a140a0563656c6c7310071a090a036c6f6310031832";
    let ours = SearchRequest::new("t", "i", Query::match_all())
        .limit(0)
        .group_by(GroupBy::geo_grid("cells", "loc", 3).size(50))
        .query_pb();
    assert_eq!(hex(&ours.encode_to_vec()), PYTHON);
}

/// ComputeSplits and a ParallelScan page, byte for byte as the official Python SDK encodes
/// them (`_encode_compute_splits`, `_encode_parallel_scan`).
#[test]
fn scan_requests_match_the_official_sdk() {
    use super::request::SearchColumns;
    use super::scan::{ParallelScanRequest, ScanSession};
    let session = ScanSession {
        session_id: b"sess".to_vec(),
        splits: 4,
    };
    let page = ParallelScanRequest::new("t", "i", Query::term("category", "books"), &session, 1)
        .columns(SearchColumns::Specified(vec!["a".into(), "b".into()]))
        .limit(100)
        .alive_time(30);
    assert_eq!(
        hex(&page.to_pb().encode_to_vec()),
        "0a01741201691a0808021201611201622204736573732a240a1a080312160a0863617465676f7279120a\
         0305000000626f6f6b731064181e28013004"
    );
    let splits = super::scan::compute_splits_pb("t", "i");
    assert_eq!(hex(&splits.encode_to_vec()), "0a017412030a0169");
}
