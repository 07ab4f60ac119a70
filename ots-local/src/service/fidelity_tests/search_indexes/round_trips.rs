//! What Describe and List report for created indexes.

use super::*;

#[test]
fn create_list_describe_round_trip_with_the_service_defaults() {
    let svc = service();
    let single = spb::SingleWordAnalyzerParameter {
        case_sensitive: Some(true),
        delimit_word: Some(false),
    }
    .encode_to_vec();
    let fields = vec![
        spb::FieldSchema {
            enable_sort_and_agg: Some(true),
            store: Some(true),
            ..field("k", spb::FieldType::Keyword)
        },
        field("l", spb::FieldType::Long),
        field("t", spb::FieldType::Text),
        text("t1", "single_word", Some(single.clone())),
        text(
            "t2",
            "split",
            Some(
                spb::SplitAnalyzerParameter {
                    delimiter: Some(",".into()),
                }
                .encode_to_vec(),
            ),
        ),
        text(
            "t3",
            "fuzzy",
            Some(
                spb::FuzzyAnalyzerParameter {
                    min_chars: Some(1),
                    max_chars: Some(5),
                    case_sensitive: None,
                }
                .encode_to_vec(),
            ),
        ),
        spb::FieldSchema {
            date_formats: vec!["yyyy-MM-dd".into(), "epoch_millis".into()],
            ..field("d", spb::FieldType::Date)
        },
        spb::FieldSchema {
            is_array: Some(true),
            ..field("g", spb::FieldType::GeoPoint)
        },
        vector("v", Some(4)),
    ];
    let mut s = schema(fields);
    s.index_setting = Some(spb::IndexSetting {
        number_of_shards: None,
        routing_fields: vec!["id".into()],
        routing_partition_size: None,
    });
    s.index_sort = Some(spb::Sort {
        sorter: vec![spb::Sorter {
            field_sort: Some(spb::FieldSort {
                field_name: Some("k".into()),
                order: Some(spb::SortOrder::Desc as i32),
                mode: None,
                missing_value: None,
                missing_field: None,
            }),
            ..Default::default()
        }],
    });
    create_index(&svc, "t", "idx", s.clone(), None).unwrap();

    let d = describe(&svc, "t", "idx").unwrap();
    let got = d.schema.unwrap();
    assert_eq!(got.field_schemas.len(), s.field_schemas.len());
    for (want, got) in s.field_schemas.iter().zip(&got.field_schemas) {
        assert_eq!(want.field_name, got.field_name);
        assert_eq!(want.field_type, got.field_type);
        assert_eq!(want.date_formats, got.date_formats);
        assert_eq!(want.analyzer_parameter, got.analyzer_parameter);
        assert_eq!(want.vector_options, got.vector_options);
        assert_eq!(want.store, got.store);
        // Python `test_create_search_index`: defaults come back filled in.
        assert_eq!(got.index, Some(true));
        assert_eq!(got.is_array, Some(want.is_array.unwrap_or(false)));
        assert_eq!(
            got.enable_sort_and_agg,
            Some(want.enable_sort_and_agg.unwrap_or(false))
        );
    }
    assert_eq!(
        got.field_schemas[2].analyzer.as_deref(),
        Some("single_word"),
        "TEXT default analyzer"
    );
    assert_eq!(got.field_schemas[4].analyzer.as_deref(), Some("split"));
    let setting = got.index_setting.unwrap();
    assert_eq!(setting.routing_fields, vec!["id".to_owned()]);
    assert_eq!(setting.number_of_shards, Some(1));
    assert_eq!(got.index_sort, s.index_sort);
    let sync = d.sync_stat.unwrap();
    assert_eq!(sync.sync_phase, Some(spb::SyncPhase::Incr as i32));
    assert_eq!(sync.current_sync_timestamp, Some(T0 * 1_000_000), "nanoseconds");
    assert_eq!(d.create_time, Some(T0 * 1000), "microseconds");
    assert_eq!(d.time_to_live, Some(-1));
    // Node SDK `search_old.test.js`: a described index is RUNNING.
    let status = d.index_status.unwrap();
    assert_eq!(status.status, Some(spb::IndexStatusEnum::Running as i32));

    assert_eq!(list(&svc, Some("t")), vec![("t".to_owned(), "idx".to_owned())]);
}

#[test]
fn index_sort_defaults_to_the_primary_key_and_is_absent_with_nested_fields() {
    let svc = service();
    create_index(&svc, "t", "plain", simple(), None).unwrap();
    let sort = describe(&svc, "t", "plain")
        .unwrap()
        .schema
        .unwrap()
        .index_sort
        .unwrap();
    assert_eq!(sort.sorter.len(), 1);
    assert_eq!(
        sort.sorter[0].pk_sort,
        Some(spb::PrimaryKeySort {
            order: Some(spb::SortOrder::Asc as i32)
        })
    );

    let nested = spb::FieldSchema {
        field_schemas: vec![
            spb::FieldSchema {
                date_formats: vec!["epoch_micros".into()],
                ..field("nd", spb::FieldType::Date)
            },
            spb::FieldSchema {
                enable_sort_and_agg: Some(true),
                ..field("ng", spb::FieldType::GeoPoint)
            },
        ],
        ..field("n", spb::FieldType::Nested)
    };
    create_index(
        &svc,
        "t",
        "nested",
        schema(vec![field("k", spb::FieldType::Keyword), nested.clone()]),
        None,
    )
    .unwrap();
    let got = describe(&svc, "t", "nested").unwrap().schema.unwrap();
    assert!(got.index_sort.unwrap().sorter.is_empty());
    let n = &got.field_schemas[1];
    assert_eq!(n.field_name.as_deref(), Some("n"));
    assert_eq!(n.index, None, "nested fields carry no leaf defaults");
    assert_eq!(n.field_schemas.len(), 2);
    assert_eq!(n.field_schemas[0].date_formats, vec!["epoch_micros".to_owned()]);
    assert_eq!(n.field_schemas[0].index, Some(true));
    assert_eq!(n.field_schemas[1].enable_sort_and_agg, Some(true));

    let mut sorted = schema(vec![nested]);
    sorted.index_sort = Some(spb::Sort {
        sorter: vec![spb::Sorter {
            pk_sort: Some(spb::PrimaryKeySort { order: None }),
            ..Default::default()
        }],
    });
    assert_param(create_index(&svc, "t", "bad", sorted, None), "Index sort");
}

#[test]
fn list_without_a_table_names_every_index() {
    let svc = service();
    super::create(
        &svc,
        "u",
        vec![pk_schema("id", pb::PrimaryKeyType::Integer, false)],
    )
    .unwrap();
    create_index(&svc, "t", "b", simple(), None).unwrap();
    create_index(&svc, "t", "a", simple(), None).unwrap();
    create_index(&svc, "u", "a", simple(), None).unwrap();
    let all = list(&svc, None);
    assert_eq!(
        all,
        vec![
            ("t".to_owned(), "a".to_owned()),
            ("t".to_owned(), "b".to_owned()),
            ("u".to_owned(), "a".to_owned())
        ]
    );
    assert_eq!(list(&svc, Some("u")), vec![("u".to_owned(), "a".to_owned())]);
    let req = spb::ListSearchIndexRequest {
        table_name: Some("nope".into()),
    };
    let e = svc
        .dispatch_at("ListSearchIndex", &req.encode_to_vec(), T0)
        .unwrap_err();
    assert_eq!(e.code, "OTSObjectNotExist");
}
