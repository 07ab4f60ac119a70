//! Table operations against an in-process ots-local.

use crate::common;
use ots::model::{DefinedColumn, DefinedColumnType, PrimaryKeySchema, StreamSpec, TableOptions};
use ots::ops::table::{
    AddDefinedColumnsRequest, ComputeSplitPointsRequest, CreateTableRequest, DeleteDefinedColumnsRequest,
    DeleteTableRequest, DescribeTableRequest, UpdateTableRequest,
};
use ots::ErrorKind;

/// Every option and stream detail the service reports comes back as it was set; a stream
/// reports when it was last enabled (Go SDK TestCreateTable, TestCreateTableWithOriginColumn,
/// TestListStream read these unconditionally).
#[tokio::test]
async fn options_and_stream_details_round_trip() {
    let env = common::start().await;
    let c = &env.client;
    let mut create = CreateTableRequest::new("streamed").primary_key(PrimaryKeySchema::string("pk"));
    create.options.update_full_row = Some(true);
    create.options.allow_update = Some(false);
    create.stream = Some(StreamSpec {
        enabled: true,
        expiration_hours: Some(12),
        columns_to_get: vec!["col1".into(), "col2".into()],
    });
    let before = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_micros() as i64;
    c.create_table(create).await.unwrap();
    let d = c
        .describe_table(DescribeTableRequest::new("streamed"))
        .await
        .unwrap();
    assert_eq!(d.options.update_full_row, Some(true));
    assert_eq!(d.options.allow_update, Some(false));
    let stream = d.stream.expect("stream enabled");
    assert_eq!(stream.expiration_hours, Some(12));
    assert_eq!(stream.columns_to_get, vec!["col1".to_owned(), "col2".to_owned()]);
    let enabled = d.stream_last_enabled.expect("last enable time");
    assert!(
        enabled >= before - 1_000_000 && enabled <= before + 60_000_000,
        "{enabled} vs {before}"
    );

    // Turning the stream off and on again moves the time it was last enabled.
    c.update_table(UpdateTableRequest::new("streamed").stream(StreamSpec {
        enabled: false,
        expiration_hours: None,
        columns_to_get: vec![],
    }))
    .await
    .unwrap();
    let off = c
        .describe_table(DescribeTableRequest::new("streamed"))
        .await
        .unwrap();
    assert!(off.stream.is_none() && off.stream_last_enabled.is_none());
    assert_eq!(
        off.options.update_full_row,
        Some(true),
        "options survive a stream change"
    );
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    c.update_table(UpdateTableRequest::new("streamed").stream(StreamSpec {
        enabled: true,
        expiration_hours: Some(24),
        columns_to_get: vec![],
    }))
    .await
    .unwrap();
    let again = c
        .describe_table(DescribeTableRequest::new("streamed"))
        .await
        .unwrap();
    assert!(again.stream_last_enabled.expect("enabled again") > enabled);
}

#[tokio::test]
async fn create_describe_list_update_delete() {
    let env = common::start().await;
    let c = &env.client;
    c.create_table(
        CreateTableRequest::new("orders")
            .primary_key(PrimaryKeySchema::string("shop"))
            .primary_key(PrimaryKeySchema::auto_increment("seq"))
            .defined_column("total", DefinedColumnType::Double)
            .time_to_live(86_400 * 7)
            .max_versions(3)
            .max_time_deviation(3600)
            .reserved_throughput(0, 0)
            .stream(24),
    )
    .await
    .unwrap();
    assert_eq!(c.list_tables().await.unwrap(), vec!["orders".to_owned()]);

    let d = c
        .describe_table(DescribeTableRequest::new("orders"))
        .await
        .unwrap();
    assert_eq!(
        d.primary_key,
        vec![
            PrimaryKeySchema::string("shop"),
            PrimaryKeySchema::auto_increment("seq")
        ]
    );
    assert_eq!(
        d.defined_columns,
        vec![DefinedColumn::new("total", DefinedColumnType::Double)]
    );
    assert_eq!(d.options.time_to_live, Some(604_800));
    assert_eq!(d.options.max_versions, Some(3));
    assert_eq!(d.options.max_time_deviation, Some(3600));
    assert_eq!(
        d.stream,
        Some(StreamSpec {
            enabled: true,
            expiration_hours: Some(24),
            columns_to_get: vec![],
        })
    );
    assert!(d.stream_id.is_some());

    let opts = c
        .update_table(UpdateTableRequest::new("orders").options(TableOptions {
            max_versions: Some(5),
            ..Default::default()
        }))
        .await
        .unwrap();
    assert_eq!(opts.max_versions, Some(5));
    assert_eq!(opts.time_to_live, Some(604_800), "unchanged options stay");
    let opts = c
        .update_table(UpdateTableRequest::new("orders").reserved_throughput(1, 1))
        .await
        .unwrap();
    assert_eq!(opts.max_versions, Some(5));
    assert_eq!(
        c.describe_table(DescribeTableRequest::new("orders"))
            .await
            .unwrap()
            .reserved_throughput
            .read,
        1
    );

    c.add_defined_columns(AddDefinedColumnsRequest::new("orders").column("note", DefinedColumnType::String))
        .await
        .unwrap();
    c.delete_defined_columns(DeleteDefinedColumnsRequest::new("orders").column("total"))
        .await
        .unwrap();
    let d = c
        .describe_table(DescribeTableRequest::new("orders"))
        .await
        .unwrap();
    assert_eq!(
        d.defined_columns,
        vec![DefinedColumn::new("note", DefinedColumnType::String)]
    );

    let splits = c
        .compute_split_points(ComputeSplitPointsRequest::new("orders", 100 * 1024 * 1024))
        .await
        .unwrap();
    assert_eq!(splits.primary_key.len(), 2);
    assert!(splits.split_points.is_empty());
    assert_eq!(splits.locations.len(), 1);

    c.delete_table(DeleteTableRequest::new("orders")).await.unwrap();
    assert!(c.list_tables().await.unwrap().is_empty());
    let e = c
        .describe_table(DescribeTableRequest::new("orders"))
        .await
        .unwrap_err();
    assert!(e.is_not_found(), "{e}");
    assert_eq!(e.http_status(), Some(404));
    assert!(e.request_id().is_some());
}

#[tokio::test]
async fn schema_errors_match_the_service() {
    let env = common::start().await;
    let c = &env.client;
    let err = |r: CreateTableRequest| async { c.create_table(r).await.unwrap_err() };

    let e = err(CreateTableRequest::new("t")).await;
    assert_eq!(e.code(), Some(&ots::ErrorCode::ParameterInvalid));
    assert_eq!(
        e.message(),
        "The number of primary key columns must be in range: [1, 4]."
    );
    let five = (0..5).fold(CreateTableRequest::new("t"), |r, i| {
        r.primary_key(PrimaryKeySchema::integer(format!("k{i}")))
    });
    assert_eq!(
        err(five).await.message(),
        "The number of primary key columns must be in range: [1, 4]."
    );
    let dup = CreateTableRequest::new("t")
        .primary_key(PrimaryKeySchema::integer("a"))
        .primary_key(PrimaryKeySchema::string("a"));
    assert_eq!(err(dup).await.message(), "Duplicated primary key name: 'a'.");
    let bad_name = CreateTableRequest::new("1bad").primary_key(PrimaryKeySchema::integer("a"));
    assert_eq!(err(bad_name).await.message(), "Invalid table name: '1bad'.");
    let auto_first = CreateTableRequest::new("t").primary_key(PrimaryKeySchema::auto_increment("a"));
    assert!(err(auto_first).await.is_invalid_parameter());
    let ttl = CreateTableRequest::new("t")
        .primary_key(PrimaryKeySchema::integer("a"))
        .time_to_live(10);
    assert!(err(ttl).await.is_invalid_parameter());
    let versions = CreateTableRequest::new("t")
        .primary_key(PrimaryKeySchema::integer("a"))
        .max_versions(0);
    assert!(err(versions).await.is_invalid_parameter());

    common::simple_table(c, "t").await;
    let again = CreateTableRequest::new("t").primary_key(PrimaryKeySchema::integer("id"));
    let e = err(again).await;
    assert!(e.is_already_exists());
    assert_eq!(e.http_status(), Some(409));
    assert_eq!(e.message(), "Requested table already exists.");

    let e = c.update_table(UpdateTableRequest::new("t")).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Construction);
    let e = c.delete_table(DeleteTableRequest::new("nope")).await.unwrap_err();
    assert!(e.is_not_found());
}

#[tokio::test]
async fn table_quota_is_enforced() {
    let env = common::start().await;
    for i in 0..64 {
        common::simple_table(&env.client, &format!("t{i}")).await;
    }
    let e = env
        .client
        .create_table(CreateTableRequest::new("one_more").primary_key(PrimaryKeySchema::integer("id")))
        .await
        .unwrap_err();
    assert_eq!(e.code(), Some(&ots::ErrorCode::QuotaExhausted));
    assert_eq!(e.message(), "Number of tables exceeded the quota.");
}

#[tokio::test]
async fn split_points_follow_data_size_at_partition_boundaries() {
    use ots::model::{Column, PrimaryKey, PrimaryKeyValue, Row};
    use ots::ops::batch::BatchWriteRowRequest;
    use ots::ops::row::PutRowRequest;
    let env = common::start().await;
    let c = &env.client;
    c.create_table(
        CreateTableRequest::new("events")
            .primary_key(PrimaryKeySchema::string("device"))
            .primary_key(PrimaryKeySchema::integer("seq")),
    )
    .await
    .unwrap();
    // 8 devices x 4 rows x 100 KB: a range closes once it holds 1 MiB, i.e. after 3 devices.
    for d in 0..8 {
        let mut batch = BatchWriteRowRequest::new();
        for s in 0..4 {
            let row = Row {
                primary_key: PrimaryKey::new().with("device", format!("d{d}")).with("seq", s),
                columns: vec![Column::new("payload", vec![0u8; 100 * 1024])],
            };
            batch = batch.put(PutRowRequest::new("events", row));
        }
        assert!(c.batch_write_row(batch).await.unwrap().is_all_ok());
    }
    let splits = c
        .compute_split_points(ComputeSplitPointsRequest::new("events", 1024 * 1024))
        .await
        .unwrap();
    assert_eq!(splits.split_points.len(), 2, "{:?}", splits.split_points);
    let devices: Vec<&PrimaryKeyValue> = splits.split_points.iter().map(|p| &p.columns[0].value).collect();
    assert!(splits
        .split_points
        .iter()
        .all(|p| p.columns.len() == 1 && p.columns[0].name == "device"));
    assert_eq!(
        devices,
        [&PrimaryKeyValue::from("d3"), &PrimaryKeyValue::from("d6")]
    );
    assert_eq!(splits.locations, vec![("ots-local".to_owned(), 3)]);
    assert!(c
        .compute_split_points(ComputeSplitPointsRequest::new("events", 64 * 1024 * 1024))
        .await
        .unwrap()
        .split_points
        .is_empty());
}
