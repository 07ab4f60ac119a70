//! Search sorts that only the other SDKs send: a field sort's stand-in for rows without the
//! field (`missing_field`, `missing_value`, official Node SDK `field_sort_missing_field_query`),
//! and collapse over rows without the field (Node `collapse test`).

use super::*;
use ots_proto::model::{Column, PrimaryKeyValue, Value};

/// Rows 1 {l: 5}, 2 {m: 9}, 3 {} in table `t`, indexed on `l` and `m` (sortable).
fn sorting_service() -> Service {
    let svc = service();
    let sortable = |name: &str| spb::FieldSchema {
        enable_sort_and_agg: Some(true),
        ..field(name, spb::FieldType::Long)
    };
    create_index(&svc, "t", "idx", schema(vec![sortable("l"), sortable("m")]), None).unwrap();
    let rows = vec![
        put_row(&key("p", 1), vec![Column::new("l", 5_i64)], ignore()),
        put_row(&key("p", 2), vec![Column::new("m", 9_i64)], ignore()),
        put_row(&key("p", 3), vec![Column::new("x", "none")], ignore()),
    ];
    assert!(batch_write(&svc, rows, false).iter().all(|r| r.is_ok));
    svc
}

/// The ids a match-all search returns under `sort` (and `collapse`).
fn ids(svc: &Service, sort: spb::FieldSort, collapse: Option<&str>) -> Vec<i64> {
    try_ids(svc, sort, collapse).unwrap()
}

fn try_ids(
    svc: &Service,
    sort: spb::FieldSort,
    collapse: Option<&str>,
) -> Result<Vec<i64>, crate::ServiceError> {
    let query = spb::Query {
        r#type: Some(spb::QueryType::MatchAllQuery as i32),
        query: Some(spb::MatchAllQuery {}.encode_to_vec()),
    };
    let sq = spb::SearchQuery {
        query: Some(query),
        limit: Some(100),
        sort: Some(spb::Sort {
            sorter: vec![spb::Sorter {
                field_sort: Some(sort),
                ..Default::default()
            }],
        }),
        collapse: collapse.map(|c| spb::Collapse {
            field_name: Some(c.into()),
        }),
        ..Default::default()
    };
    let req = spb::SearchRequest {
        table_name: Some("t".into()),
        index_name: Some("idx".into()),
        search_query: Some(sq.encode_to_vec()),
        ..Default::default()
    };
    let resp = svc.dispatch_at("Search", &req.encode_to_vec(), T0)?;
    Ok(spb::SearchResponse::decode(resp.as_slice())
        .unwrap()
        .rows
        .iter()
        .map(|r| {
            let row = plainbuffer::decode_single_row(r).unwrap();
            match row.primary_key.columns[1].value {
                PrimaryKeyValue::Integer(i) => i,
                ref other => panic!("{other:?}"),
            }
        })
        .collect())
}

fn by(field: &str, desc: bool) -> spb::FieldSort {
    spb::FieldSort {
        field_name: Some(field.into()),
        order: Some(if desc {
            spb::SortOrder::Desc
        } else {
            spb::SortOrder::Asc
        } as i32),
        ..Default::default()
    }
}

#[test]
fn rows_without_the_field_sort_by_its_stand_in() {
    let svc = sorting_service();
    // Without a stand-in, rows without the value come last.
    assert_eq!(ids(&svc, by("l", true), None), [1, 2, 3]);
    // Row 2 sorts by its m (9), row 3 has neither and comes last.
    let other = spb::FieldSort {
        missing_field: Some("m".into()),
        ..by("l", true)
    };
    assert_eq!(ids(&svc, other, None), [2, 1, 3]);
    // A fixed stand-in of 7: rows 2 and 3 tie at 7 above row 1's 5.
    let fixed = spb::FieldSort {
        missing_value: Some(plainbuffer::encode_variant(&Value::Integer(7))),
        ..by("l", true)
    };
    assert_eq!(ids(&svc, fixed, None), [2, 3, 1]);
    // A stand-in of another type than the field is refused (a review finding: it sorted by
    // type order).
    let text = spb::FieldSort {
        missing_value: Some(plainbuffer::encode_variant(&Value::String("zzz".into()))),
        ..by("l", true)
    };
    assert_param(try_ids(&svc, text, None).map(|_| Vec::new()), "missing_value");
    // The stand-in field must be sortable too.
    let unknown = spb::FieldSort {
        missing_field: Some("nope".into()),
        ..by("l", true)
    };
    assert_param(try_ids(&svc, unknown, None).map(|_| Vec::new()), "[nope]");
}

#[test]
fn rows_without_the_collapse_field_make_one_group() {
    let svc = sorting_service();
    // Rows 2 and 3 have no l: one group, its first row kept.
    assert_eq!(ids(&svc, by("m", false), Some("l")), [2, 1]);
}
