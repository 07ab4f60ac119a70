//! Search index management against ots-local: create with every field kind, describe it back,
//! list, change the time to live, delete, and the errors for what the service refuses.

use crate::common;
use ots::ops::search::index::{
    Analyzer, CreateSearchIndexRequest, DeleteSearchIndexRequest, DescribeSearchIndexRequest, FieldSchema,
    IndexSorter, ListSearchIndexesRequest, SortOrder, SyncPhase, UpdateSearchIndexRequest, VectorMetric,
};
use ots::ops::table::DeleteTableRequest;

fn products_index() -> CreateSearchIndexRequest {
    CreateSearchIndexRequest::new("products", "by_all")
        .field(FieldSchema::keyword("category").store(true))
        .field(FieldSchema::text("title").analyzer(Analyzer::SingleWord {
            case_sensitive: Some(false),
            delimit_word: None,
        }))
        .field(FieldSchema::double("price").sort_and_agg(true))
        .field(FieldSchema::date("listed", ["yyyy-MM-dd HH:mm:ss"]))
        .field(FieldSchema::geo_point("store"))
        .field(FieldSchema::keyword("tags").array())
        .field(FieldSchema::nested(
            "variants",
            [FieldSchema::keyword("color"), FieldSchema::long("stock")],
        ))
        .field(FieldSchema::vector("embedding", 4, VectorMetric::Cosine))
}

#[tokio::test]
async fn indexes_are_created_described_listed_updated_and_deleted() {
    let env = common::start().await;
    let c = &env.client;
    common::simple_table(c, "products").await;
    // An index with a time to live needs a table whose rows are not updated in place.
    let mut orders = ots::ops::table::CreateTableRequest::new("orders")
        .primary_key(ots::model::PrimaryKeySchema::integer("id"));
    orders.options.allow_update = Some(false);
    c.create_table(orders).await.unwrap();

    let create = products_index();
    c.create_search_index(create.clone()).await.unwrap();
    c.create_search_index(
        CreateSearchIndexRequest::new("orders", "by_state")
            .field(FieldSchema::keyword("state"))
            .sort_by(IndexSorter::PrimaryKey {
                order: SortOrder::Desc,
            }),
    )
    .await
    .unwrap();

    let d = c
        .describe_search_index(DescribeSearchIndexRequest::new("products", "by_all"))
        .await
        .unwrap();
    assert_eq!(
        shape(&d.fields),
        shape(&create.fields),
        "the schema comes back as created"
    );
    let title = d.fields.iter().find(|f| f.name == "title").unwrap();
    assert_eq!(
        title.analyzer,
        Some(Analyzer::SingleWord {
            case_sensitive: Some(false),
            delimit_word: None
        })
    );
    assert_eq!(d.sync_phase, Some(SyncPhase::Incr));
    assert!(d.create_time.is_some_and(|t| t > 0));
    let sorted = c
        .describe_search_index(DescribeSearchIndexRequest::new("orders", "by_state"))
        .await
        .unwrap();
    assert_eq!(
        sorted.index_sort,
        [IndexSorter::PrimaryKey {
            order: SortOrder::Desc
        }]
    );

    let mut all: Vec<(String, String)> = c
        .list_search_indexes(ListSearchIndexesRequest::new())
        .await
        .unwrap()
        .into_iter()
        .map(|i| (i.table, i.index))
        .collect();
    all.sort();
    assert_eq!(
        all,
        [
            ("orders".to_owned(), "by_state".to_owned()),
            ("products".to_owned(), "by_all".to_owned())
        ]
    );
    let one = c
        .list_search_indexes(ListSearchIndexesRequest::new().table("orders"))
        .await
        .unwrap();
    assert_eq!(one.len(), 1);

    c.update_search_index(UpdateSearchIndexRequest::new("orders", "by_state").time_to_live(86_400 * 7))
        .await
        .unwrap();
    let d = c
        .describe_search_index(DescribeSearchIndexRequest::new("orders", "by_state"))
        .await
        .unwrap();
    assert_eq!(d.time_to_live, Some(86_400 * 7));

    c.delete_search_index(DeleteSearchIndexRequest::new("orders", "by_state"))
        .await
        .unwrap();
    let e = c
        .describe_search_index(DescribeSearchIndexRequest::new("orders", "by_state"))
        .await
        .unwrap_err();
    assert!(e.is_not_found(), "{e}");

    // A table with search indexes cannot be deleted; without them it can.
    let e = c
        .delete_table(DeleteTableRequest::new("products"))
        .await
        .unwrap_err();
    assert!(e.is_invalid_parameter(), "{e}");
    c.delete_search_index(DeleteSearchIndexRequest::new("products", "by_all"))
        .await
        .unwrap();
    c.delete_table(DeleteTableRequest::new("products")).await.unwrap();
    assert!(c
        .list_search_indexes(ListSearchIndexesRequest::new())
        .await
        .unwrap()
        .is_empty());
}

#[tokio::test]
async fn the_service_refusals() {
    let env = common::start().await;
    let c = &env.client;
    common::simple_table(c, "products").await;
    let e = c
        .create_search_index(CreateSearchIndexRequest::new("nope", "i").field(FieldSchema::keyword("k")))
        .await
        .unwrap_err();
    assert!(e.is_not_found(), "{e}");
    c.create_search_index(products_index()).await.unwrap();
    let e = c.create_search_index(products_index()).await.unwrap_err();
    assert!(e.is_already_exists(), "{e}");
    let e = c
        .create_search_index(
            CreateSearchIndexRequest::new("products", "bad")
                .field(FieldSchema::long("n").analyzer(Analyzer::MaxWord)),
        )
        .await
        .unwrap_err();
    assert!(e.is_invalid_parameter(), "an analyzer on a long: {e}");
    let e = c
        .create_search_index(
            CreateSearchIndexRequest::new("products", "bad").field(FieldSchema::text("t").sort_and_agg(true)),
        )
        .await
        .unwrap_err();
    assert!(e.is_invalid_parameter(), "sorting on text: {e}");
    let e = c
        .delete_search_index(DeleteSearchIndexRequest::new("products", "missing"))
        .await
        .unwrap_err();
    assert!(e.is_not_found(), "{e}");
    let e = c
        .update_search_index(UpdateSearchIndexRequest::new("products", "by_all"))
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ots::ErrorKind::Construction, "nothing to change: {e}");
}

/// The fields' names and kinds, and what each was given beyond the service's defaults (which
/// a description fills in).
fn shape(fields: &[FieldSchema]) -> Vec<String> {
    fields
        .iter()
        .map(|f| {
            format!(
                "{} {:?} {:?} {:?} {:?} {:?}",
                f.name,
                f.field_type,
                f.date_formats,
                f.vector,
                f.sub_fields
                    .iter()
                    .map(|s| (&s.name, s.field_type))
                    .collect::<Vec<_>>(),
                f.is_array.unwrap_or(false)
            )
        })
        .collect()
}
