//! What CreateSearchIndex, UpdateSearchIndex and DeleteSearchIndex refuse.

use super::*;

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
    bad(vec![field("  ", spb::FieldType::Keyword)], "field_name");
    bad(vec![field("a b", spb::FieldType::Keyword)], "Invalid field name");
    // Blanks around a name are dropped (official Node SDK tests: "col_nested2 ").
    create_index(
        &svc,
        "t",
        "trimmed",
        schema(vec![field(" k ", spb::FieldType::Keyword)]),
        None,
    )
    .unwrap();
    let described = describe(&svc, "t", "trimmed").unwrap().schema.unwrap();
    assert_eq!(described.field_schemas[0].field_name.as_deref(), Some("k"));
    delete_index(&svc, "t", "trimmed").unwrap();
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
                    case_sensitive: None,
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
                    missing_value: None,
                    missing_field: None,
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

/// Once a table has an index, UpdateTable cannot take away what the index needs.
#[test]
fn update_table_keeps_what_indexes_need() {
    let svc = service();
    disallow_update(&svc, "t");
    create_index(&svc, "t", "idx", simple(), Some(86_400 * 10)).unwrap();
    let options = |max_versions, ttl, allow_update| pb::TableOptions {
        max_versions,
        time_to_live: ttl,
        allow_update,
        ..Default::default()
    };
    assert_param(
        try_table_options(&svc, "t", options(Some(2), None, None)),
        "max_versions",
    );
    assert_param(
        try_table_options(&svc, "t", options(None, Some(86_400 * 5), None)),
        "must not exceed",
    );
    try_table_options(&svc, "t", options(None, Some(86_400 * 10), None)).unwrap();
    assert_param(
        try_table_options(&svc, "t", options(None, None, Some(true))),
        "allow_update",
    );
    // Nothing of a refused update was applied.
    let req = pb::DescribeTableRequest {
        table_name: "t".into(),
    };
    let bytes = svc
        .dispatch_at("DescribeTable", &req.encode_to_vec(), T0)
        .unwrap();
    let o = pb::DescribeTableResponse::decode(bytes.as_slice())
        .unwrap()
        .table_options;
    assert_eq!(
        (o.max_versions, o.time_to_live, o.allow_update),
        (Some(1), Some(86_400 * 10), Some(false))
    );
    // Without indexes, the table is free again.
    update_ttl(&svc, "t", "idx", -1).unwrap();
    try_table_options(&svc, "t", options(None, Some(-1), None)).unwrap();
    delete_index(&svc, "t", "idx").unwrap();
    try_table_options(&svc, "t", options(Some(3), None, Some(true))).unwrap();
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
