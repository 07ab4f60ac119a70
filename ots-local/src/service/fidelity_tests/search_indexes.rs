//! Search index management: the rules of CreateSearchIndex and what Describe reports back.
#![allow(clippy::unwrap_used)]

use super::*;
use ots_proto::pb::search as spb;

fn field(name: &str, ty: spb::FieldType) -> spb::FieldSchema {
    spb::FieldSchema {
        field_name: Some(name.into()),
        field_type: Some(ty as i32),
        ..Default::default()
    }
}

fn schema(fields: Vec<spb::FieldSchema>) -> spb::IndexSchema {
    spb::IndexSchema {
        field_schemas: fields,
        ..Default::default()
    }
}

fn create_index(
    svc: &Service,
    table: &str,
    index: &str,
    schema: spb::IndexSchema,
    ttl: Option<i32>,
) -> Result<Vec<u8>, crate::ServiceError> {
    let req = spb::CreateSearchIndexRequest {
        table_name: table.into(),
        index_name: index.into(),
        schema: Some(schema),
        source_index_name: None,
        time_to_live: ttl,
    };
    svc.dispatch_at("CreateSearchIndex", &req.encode_to_vec(), T0)
}

fn simple() -> spb::IndexSchema {
    schema(vec![field("k", spb::FieldType::Keyword)])
}

fn describe(
    svc: &Service,
    table: &str,
    index: &str,
) -> Result<spb::DescribeSearchIndexResponse, crate::ServiceError> {
    let req = spb::DescribeSearchIndexRequest {
        table_name: Some(table.into()),
        index_name: Some(index.into()),
        include_sync_stat: None,
    };
    svc.dispatch_at("DescribeSearchIndex", &req.encode_to_vec(), T0)
        .map(|b| spb::DescribeSearchIndexResponse::decode(b.as_slice()).unwrap())
}

fn list(svc: &Service, table: Option<&str>) -> Vec<(String, String)> {
    let req = spb::ListSearchIndexRequest {
        table_name: table.map(Into::into),
    };
    let resp = svc
        .dispatch_at("ListSearchIndex", &req.encode_to_vec(), T0)
        .unwrap();
    spb::ListSearchIndexResponse::decode(resp.as_slice())
        .unwrap()
        .indices
        .into_iter()
        .map(|i| (i.table_name.unwrap(), i.index_name.unwrap()))
        .collect()
}

fn update_ttl(svc: &Service, table: &str, index: &str, ttl: i32) -> Result<Vec<u8>, crate::ServiceError> {
    let req = spb::UpdateSearchIndexRequest {
        table_name: Some(table.into()),
        index_name: Some(index.into()),
        time_to_live: Some(ttl),
    };
    svc.dispatch_at("UpdateSearchIndex", &req.encode_to_vec(), T0)
}

fn delete_index(svc: &Service, table: &str, index: &str) -> Result<Vec<u8>, crate::ServiceError> {
    let req = spb::DeleteSearchIndexRequest {
        table_name: Some(table.into()),
        index_name: Some(index.into()),
    };
    svc.dispatch_at("DeleteSearchIndex", &req.encode_to_vec(), T0)
}

fn delete_table(svc: &Service, table: &str) -> Result<Vec<u8>, crate::ServiceError> {
    let req = pb::DeleteTableRequest {
        table_name: table.into(),
    };
    svc.dispatch_at("DeleteTable", &req.encode_to_vec(), T0)
}

fn set_table_options(svc: &Service, table: &str, options: pb::TableOptions) {
    let req = pb::UpdateTableRequest {
        table_name: table.into(),
        table_options: Some(options),
        ..Default::default()
    };
    svc.dispatch_at("UpdateTable", &req.encode_to_vec(), T0).unwrap();
}

fn disallow_update(svc: &Service, table: &str) {
    set_table_options(
        svc,
        table,
        pb::TableOptions {
            allow_update: Some(false),
            ..Default::default()
        },
    );
}

/// Asserts a 400 OTSParameterInvalid whose message contains `needle`.
fn assert_param(result: Result<Vec<u8>, crate::ServiceError>, needle: &str) {
    let e = result.unwrap_err();
    assert_eq!(e.code, "OTSParameterInvalid", "{e}");
    assert_eq!(e.status, 400);
    assert!(e.message.contains(needle), "{needle:?} not in {:?}", e.message);
}

fn text(name: &str, analyzer: &str, parameter: Option<Vec<u8>>) -> spb::FieldSchema {
    spb::FieldSchema {
        analyzer: Some(analyzer.into()),
        analyzer_parameter: parameter,
        ..field(name, spb::FieldType::Text)
    }
}

fn vector(name: &str, dimension: Option<i32>) -> spb::FieldSchema {
    spb::FieldSchema {
        vector_options: Some(spb::VectorOptions {
            data_type: Some(spb::VectorDataType::VdFloat32 as i32),
            dimension,
            metric_type: Some(spb::VectorMetricType::VmCosine as i32),
        }),
        ..field(name, spb::FieldType::Vector)
    }
}

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

#[test]
fn names_tables_and_duplicates() {
    let svc = service();
    let e = create_index(&svc, "nope", "idx", simple(), None).unwrap_err();
    assert_eq!((e.code.as_str(), e.status), ("OTSObjectNotExist", 404));
    assert_param(create_index(&svc, "t", "", simple(), None), "index_name");
    assert_param(
        create_index(&svc, "t", "bad-name", simple(), None),
        "Invalid index name",
    );
    assert_param(
        create_index(&svc, "", "idx", simple(), None),
        "Invalid table name",
    );

    create_index(&svc, "t", "idx", simple(), None).unwrap();
    let e = create_index(&svc, "t", "idx", simple(), None).unwrap_err();
    assert_eq!((e.code.as_str(), e.status), ("OTSObjectAlreadyExist", 409));
    assert!(e.message.contains("idx"), "{}", e.message);

    // Unique per table, not per instance.
    super::create(
        &svc,
        "u",
        vec![pk_schema("id", pb::PrimaryKeyType::Integer, false)],
    )
    .unwrap();
    create_index(&svc, "u", "idx", simple(), None).unwrap();

    let req = spb::CreateSearchIndexRequest {
        table_name: "t".into(),
        index_name: "other".into(),
        schema: None,
        source_index_name: None,
        time_to_live: None,
    };
    assert_param(
        svc.dispatch_at("CreateSearchIndex", &req.encode_to_vec(), T0),
        "schema",
    );
    assert_param(
        create_index(&svc, "t", "other", schema(vec![]), None),
        "at least one field",
    );
    let req = spb::CreateSearchIndexRequest {
        source_index_name: Some("idx".into()),
        schema: Some(simple()),
        ..req
    };
    let e = svc
        .dispatch_at("CreateSearchIndex", &req.encode_to_vec(), T0)
        .unwrap_err();
    assert_eq!(e.code, "OTSUnsupportOperation");
}

#[test]
fn field_rules_name_the_field() {
    let svc = service();
    let bad = |fields: Vec<spb::FieldSchema>, needle: &str| {
        assert_param(create_index(&svc, "t", "idx", schema(fields), None), needle);
    };
    bad(vec![field("", spb::FieldType::Keyword)], "field_name");
    bad(
        vec![spb::FieldSchema {
            field_type: None,
            ..field("x", spb::FieldType::Keyword)
        }],
        "[x]",
    );
    bad(
        vec![spb::FieldSchema {
            field_type: Some(42),
            ..field("x", spb::FieldType::Keyword)
        }],
        "[x]",
    );
    bad(
        vec![
            field("x", spb::FieldType::Keyword),
            field("x", spb::FieldType::Long),
        ],
        "Duplicated field name: [x]",
    );
    bad(
        vec![spb::FieldSchema {
            analyzer: Some("single_word".into()),
            ..field("kw", spb::FieldType::Keyword)
        }],
        "[kw]",
    );
    bad(vec![text("t", "no_such", None)], "invalid analyzer");
    bad(
        vec![text(
            "t",
            "fuzzy",
            Some(
                spb::FuzzyAnalyzerParameter {
                    min_chars: Some(3),
                    max_chars: Some(2),
                }
                .encode_to_vec(),
            ),
        )],
        "[t]",
    );
    bad(vec![text("t", "max_word", Some(vec![0x0a, 0x01, 0x2c]))], "[t]");
    bad(
        vec![spb::FieldSchema {
            enable_sort_and_agg: Some(true),
            ..field("tx", spb::FieldType::Text)
        }],
        "[tx]",
    );
    bad(vec![field("n", spb::FieldType::Nested)], "[n]");
    bad(
        vec![spb::FieldSchema {
            field_schemas: vec![field("s", spb::FieldType::Long)],
            ..field("l", spb::FieldType::Long)
        }],
        "[l]",
    );
    bad(
        vec![spb::FieldSchema {
            field_schemas: vec![
                field("s", spb::FieldType::Long),
                field("s", spb::FieldType::Keyword),
            ],
            ..field("n", spb::FieldType::Nested)
        }],
        "Duplicated field name: [s]",
    );
    bad(
        vec![spb::FieldSchema {
            field_schemas: vec![text("st", "split", None), field("d", spb::FieldType::Date)],
            ..field("n", spb::FieldType::Nested)
        }],
        "[n.d]",
    );
    bad(vec![field("v", spb::FieldType::Vector)], "[v]");
    bad(vec![vector("v", None)], "[v]");
    bad(vec![vector("v", Some(0))], "[v]");
    bad(vec![vector("v", Some(4097))], "[v]");
    bad(
        vec![spb::FieldSchema {
            vector_options: vector("x", Some(4)).vector_options,
            ..field("kw", spb::FieldType::Keyword)
        }],
        "[kw]",
    );
    bad(vec![field("d", spb::FieldType::Date)], "[d]");
    bad(
        vec![spb::FieldSchema {
            date_formats: vec!["yyyy".into()],
            ..field("kw", spb::FieldType::Keyword)
        }],
        "[kw]",
    );
    bad(
        vec![spb::FieldSchema {
            is_virtual_field: Some(true),
            ..field("vf", spb::FieldType::Keyword)
        }],
        "[vf]",
    );
    bad(
        vec![spb::FieldSchema {
            is_virtual_field: Some(true),
            source_field_names: vec!["missing".into()],
            ..field("vf", spb::FieldType::Keyword)
        }],
        "[missing]",
    );
    let many = (0..1001)
        .map(|i| field(&format!("f{i}"), spb::FieldType::Long))
        .collect();
    bad(many, "1000");
    assert!(list(&svc, Some("t")).is_empty(), "nothing was created");

    // Virtual field over an existing source is fine.
    create_index(
        &svc,
        "t",
        "virtual",
        schema(vec![
            field("l", spb::FieldType::Long),
            spb::FieldSchema {
                is_virtual_field: Some(true),
                source_field_names: vec!["l".into()],
                ..field("l_kw", spb::FieldType::Keyword)
            },
        ]),
        None,
    )
    .unwrap();
}

#[test]
fn routing_and_index_sort_rules() {
    let svc = service();
    let mut s = simple();
    s.index_setting = Some(spb::IndexSetting {
        routing_fields: vec!["k".into()],
        ..Default::default()
    });
    assert_param(create_index(&svc, "t", "idx", s, None), "[k]");

    let sort_by = |name: &str| {
        let mut s = schema(vec![
            spb::FieldSchema {
                enable_sort_and_agg: Some(true),
                ..field("sortable", spb::FieldType::Long)
            },
            field("plain", spb::FieldType::Long),
        ]);
        s.index_sort = Some(spb::Sort {
            sorter: vec![spb::Sorter {
                field_sort: Some(spb::FieldSort {
                    field_name: Some(name.into()),
                    order: None,
                    mode: None,
                }),
                ..Default::default()
            }],
        });
        s
    };
    assert_param(create_index(&svc, "t", "idx", sort_by("plain"), None), "[plain]");
    assert_param(
        create_index(&svc, "t", "idx", sort_by("absent"), None),
        "[absent]",
    );
    let mut score = simple();
    score.index_sort = Some(spb::Sort {
        sorter: vec![spb::Sorter {
            score_sort: Some(spb::ScoreSort { order: None }),
            ..Default::default()
        }],
    });
    assert_param(
        create_index(&svc, "t", "idx", score, None),
        "PrimaryKeySort or FieldSort",
    );
    create_index(&svc, "t", "idx", sort_by("sortable"), None).unwrap();
}

#[test]
fn table_prerequisites() {
    let svc = service();
    set_table_options(
        &svc,
        "t",
        pb::TableOptions {
            max_versions: Some(2),
            ..Default::default()
        },
    );
    assert_param(create_index(&svc, "t", "idx", simple(), None), "max_versions");
    set_table_options(
        &svc,
        "t",
        pb::TableOptions {
            max_versions: Some(1),
            time_to_live: Some(86_400 * 30),
            ..Default::default()
        },
    );
    assert_param(create_index(&svc, "t", "idx", simple(), None), "allow_update");
    disallow_update(&svc, "t");
    create_index(&svc, "t", "idx", simple(), None).unwrap();
}

#[test]
fn time_to_live_rules() {
    let svc = service();
    // Go `TestCreateSearchIndexWithTTLAndDescribeSearchIndex`: needs allow_update false.
    assert_param(
        create_index(&svc, "t", "idx", simple(), Some(864_000)),
        "allow_update",
    );
    disallow_update(&svc, "t");
    assert_param(create_index(&svc, "t", "idx", simple(), Some(86_399)), "86400");
    assert_param(create_index(&svc, "t", "idx", simple(), Some(0)), "86400");
    create_index(&svc, "t", "idx", simple(), Some(864_000)).unwrap();
    assert_eq!(describe(&svc, "t", "idx").unwrap().time_to_live, Some(864_000));

    // Go `TestUpdateSearchIndexTTL`.
    update_ttl(&svc, "t", "idx", 3600 * 24 * 7).unwrap();
    assert_eq!(describe(&svc, "t", "idx").unwrap().time_to_live, Some(604_800));
    update_ttl(&svc, "t", "idx", -1).unwrap();
    assert_eq!(describe(&svc, "t", "idx").unwrap().time_to_live, Some(-1));
    assert_param(update_ttl(&svc, "t", "idx", 100), "86400");
    let req = spb::UpdateSearchIndexRequest {
        table_name: Some("t".into()),
        index_name: Some("idx".into()),
        time_to_live: None,
    };
    assert_param(
        svc.dispatch_at("UpdateSearchIndex", &req.encode_to_vec(), T0),
        "time_to_live",
    );

    // Not longer than the table's own TTL.
    set_table_options(
        &svc,
        "t",
        pb::TableOptions {
            time_to_live: Some(86_400 * 2),
            ..Default::default()
        },
    );
    assert_param(update_ttl(&svc, "t", "idx", 86_400 * 3), "must not exceed");
    update_ttl(&svc, "t", "idx", 86_400 * 2).unwrap();
}

#[test]
fn missing_indexes_and_tables() {
    let svc = service();
    let not_found = |r: Result<Vec<u8>, crate::ServiceError>| {
        let e = r.unwrap_err();
        assert_eq!((e.code.as_str(), e.status), ("OTSObjectNotExist", 404), "{e}");
        e.message
    };
    assert!(not_found(describe(&svc, "t", "none").map(|_| Vec::new())).contains("[none]"));
    assert!(not_found(update_ttl(&svc, "t", "none", -1)).contains("[none]"));
    assert!(not_found(delete_index(&svc, "t", "none")).contains("[none]"));
    assert!(not_found(delete_index(&svc, "nope", "none")).contains("table"));
    assert_param(delete_index(&svc, "t", ""), "index_name");
}

#[test]
fn delete_index_and_table() {
    let svc = service();
    create_index(&svc, "t", "a", simple(), None).unwrap();
    create_index(&svc, "t", "b", simple(), None).unwrap();
    delete_index(&svc, "t", "a").unwrap();
    assert_eq!(list(&svc, Some("t")), vec![("t".to_owned(), "b".to_owned())]);
    assert_eq!(describe(&svc, "t", "a").unwrap_err().code, "OTSObjectNotExist");

    // The service refuses to delete a table that has search indexes (DeleteTable docs).
    assert_param(delete_table(&svc, "t"), "search indexes");
    assert_eq!(list(&svc, Some("t")).len(), 1, "still there");
    delete_index(&svc, "t", "b").unwrap();
    delete_table(&svc, "t").unwrap();
    assert!(list(&svc, None).is_empty());

    // A new table of the same name starts without indexes.
    super::create(
        &svc,
        "t",
        vec![pk_schema("id", pb::PrimaryKeyType::Integer, false)],
    )
    .unwrap();
    assert!(list(&svc, Some("t")).is_empty());
    create_index(&svc, "t", "a", simple(), None).unwrap();
}

#[test]
fn queries_stay_unsupported() {
    let svc = service();
    create_index(&svc, "t", "idx", simple(), None).unwrap();
    for action in ["Search", "ComputeSplits", "ParallelScan"] {
        let e = svc.dispatch_at(action, &[], T0).unwrap_err();
        assert_eq!(e.code, "OTSUnsupportOperation", "{action}");
    }
}
