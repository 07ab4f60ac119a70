//! What errors say: the table and the row they concern, over real HTTP, and errors a fake of
//! `Repository<T>` builds with the public constructors.

use crate::common::{self, id};
use ots::model::{Column, Condition, PrimaryKey, Row, Value};
use ots::ops::batch::BatchWriteRowRequest;
use ots::ops::row::{PutRowRequest, UpdateRowRequest};
use ots::{BoxFuture, BoxStream, Error, ErrorCode, ErrorKind, KeyRange, OtsTable, Query, Repo, Repository};

#[derive(Debug, Clone, PartialEq, OtsTable)]
#[ots(table = "accounts")]
struct Account {
    #[ots(pk)]
    id: i64,
    balance: i64,
}

#[tokio::test]
async fn service_errors_name_the_table_and_the_row() {
    let env = common::start().await;
    let c = &env.client;
    common::simple_table(c, "t").await;

    // A single-row write: the table and the key.
    let e = c
        .update_row(
            UpdateRowRequest::new("t", id(7))
                .put("a", 1)
                .condition(Condition::expect_exist()),
        )
        .await
        .unwrap_err();
    assert!(e.is_condition_failed(), "{e}");
    assert_eq!(e.table(), Some("t"));
    assert_eq!(e.primary_key(), Some(&id(7)));
    let shown = e.to_string();
    assert!(shown.contains("table \"t\"") && shown.contains("id=7"), "{shown}");

    // A call without a row: the table only.
    let e = c
        .put_row(PutRowRequest::new(
            "missing",
            Row {
                primary_key: id(1),
                columns: vec![Column::new("a", 1)],
            },
        ))
        .await
        .unwrap_err();
    assert!(e.is_not_found(), "{e}");
    assert_eq!(e.table(), Some("missing"));

    // A batch row: its own code, table and key; the other row is written.
    let batch = BatchWriteRowRequest::new()
        .put(PutRowRequest::new(
            "t",
            Row {
                primary_key: id(1),
                columns: vec![Column::new("a", 1)],
            },
        ))
        .update(
            UpdateRowRequest::new("t", id(2))
                .put("a", 2)
                .condition(Condition::expect_exist()),
        );
    let out = c.batch_write_row(batch).await.unwrap();
    assert!(out.rows[0].is_ok());
    let e = out.rows[1].as_ref().unwrap_err();
    assert_eq!(e.code(), Some(&ErrorCode::ConditionCheckFail));
    assert_eq!(e.table(), Some("t"));
    assert_eq!(e.primary_key(), Some(&id(2)));
}

#[derive(Debug, Clone, PartialEq, OtsTable)]
#[ots(table = "notes")]
struct Note {
    #[ots(pk)]
    id: i64,
    text: String,
    #[ots(version)]
    version: i64,
}

#[tokio::test]
async fn stale_errors_name_the_row_and_keep_the_service_error() {
    let env = common::start().await;
    let repo = Repo::<Note>::new(env.client.clone());
    repo.create_table().await.unwrap();
    let mut note = Note {
        id: 5,
        text: "a".into(),
        version: 0,
    };
    repo.insert(&mut note).await.unwrap();
    let mut late = Note {
        id: 5,
        text: "b".into(),
        version: 7,
    };
    let e = repo.put(&mut late).await.unwrap_err();
    assert!(e.is_stale(), "{e}");
    assert_eq!(e.table(), Some("notes"));
    assert_eq!(e.primary_key(), Some(&id(5)));
    assert!(e.request_id().is_some_and(|r| !r.is_empty()), "{e:?}");
    let cause = std::error::Error::source(&e).expect("the service's error is the source");
    assert!(cause.to_string().contains("OTSConditionCheckFail"), "{cause}");
    // The row is named once.
    assert_eq!(e.to_string().matches("id=5").count(), 1, "{e}");
}

#[tokio::test]
async fn mapping_errors_name_the_row() {
    let env = common::start().await;
    let repo = Repo::<Account>::new(env.client.clone());
    repo.create_table().await.unwrap();
    env.client
        .put_row(PutRowRequest::new(
            "accounts",
            Row {
                primary_key: id(3),
                columns: vec![Column::new("balance", Value::from("lots"))],
            },
        ))
        .await
        .unwrap();
    let e = repo.get(3).await.unwrap_err();
    assert!(e.is_mapping(), "{e}");
    assert_eq!(e.primary_key(), Some(&id(3)));
    assert_eq!(e.table(), Some("accounts"));
    let shown = e.to_string();
    assert!(
        shown.contains("\"accounts\"") && shown.contains("\"balance\"") && shown.contains("id=3"),
        "{shown}"
    );
}

/// A fake repository, as a web handler's test would use: every error a caller matches on can be
/// built without a server.
struct FailingAccounts;

impl FailingAccounts {
    fn error_for(id: i64) -> Error {
        match id {
            1 => Error::service(ErrorCode::ConditionCheckFail, "Condition check failed."),
            2 => Error::service(ErrorCode::ObjectNotExist, "Requested table does not exist."),
            3 => Error::stale("accounts", "[id=3]", 4),
            _ => Error::mapping("accounts", "balance", "INTEGER", "STRING").with_primary_key(id_key(id)),
        }
    }
}

fn id_key(v: i64) -> PrimaryKey {
    PrimaryKey::new().with("id", v)
}

impl Repository<Account> for FailingAccounts {
    fn create_table(&self) -> BoxFuture<'_, ots::Result<()>> {
        Box::pin(async { Err(Error::service(ErrorCode::ObjectAlreadyExist, "exists")) })
    }
    fn sync_schema(&self) -> BoxFuture<'_, ots::Result<ots::SchemaReport>> {
        Box::pin(async { Err(Error::construction("no schema in a fake")) })
    }
    fn get(&self, key: AccountKey) -> BoxFuture<'_, ots::Result<Option<Account>>> {
        Box::pin(async move { Err(Self::error_for(key.id)) })
    }
    fn get_with(&self, key: AccountKey, _: Query<Account>) -> BoxFuture<'_, ots::Result<Option<Account>>> {
        self.get(key)
    }
    fn get_many(&self, _: Vec<AccountKey>) -> BoxFuture<'_, ots::Result<Vec<Option<Account>>>> {
        Box::pin(async { Ok(Vec::new()) })
    }
    fn get_many_with(
        &self,
        keys: Vec<AccountKey>,
        _: Query<Account>,
    ) -> BoxFuture<'_, ots::Result<Vec<Option<Account>>>> {
        self.get_many(keys)
    }
    fn insert<'a>(&'a self, m: &'a mut Account) -> BoxFuture<'a, ots::Result<()>> {
        Box::pin(async move { Err(Self::error_for(m.id)) })
    }
    fn put<'a>(&'a self, m: &'a mut Account) -> BoxFuture<'a, ots::Result<()>> {
        self.insert(m)
    }
    fn put_if<'a>(
        &'a self,
        m: &'a mut Account,
        _: ots::TypedCondition<Account>,
    ) -> BoxFuture<'a, ots::Result<()>> {
        self.insert(m)
    }
    fn update(&self, key: AccountKey, _: AccountPatch) -> BoxFuture<'_, ots::Result<()>> {
        Box::pin(async move { Err(Self::error_for(key.id)) })
    }
    fn update_if(
        &self,
        key: AccountKey,
        patch: AccountPatch,
        _: ots::TypedCondition<Account>,
    ) -> BoxFuture<'_, ots::Result<()>> {
        self.update(key, patch)
    }
    fn update_versioned(&self, key: AccountKey, _: i64, _: AccountPatch) -> BoxFuture<'_, ots::Result<i64>> {
        Box::pin(async move { Err(Self::error_for(key.id)) })
    }
    fn delete(&self, key: AccountKey) -> BoxFuture<'_, ots::Result<()>> {
        Box::pin(async move { Err(Self::error_for(key.id)) })
    }
    fn delete_if(&self, key: AccountKey, _: ots::TypedCondition<Account>) -> BoxFuture<'_, ots::Result<()>> {
        self.delete(key)
    }
    fn increment(
        &self,
        key: AccountKey,
        _: ots::IntegerColumn<Account>,
        _: i64,
    ) -> BoxFuture<'_, ots::Result<i64>> {
        Box::pin(async move { Err(Self::error_for(key.id)) })
    }
    fn increment_or_create(
        &self,
        key: AccountKey,
        column: ots::IntegerColumn<Account>,
        by: i64,
    ) -> BoxFuture<'_, ots::Result<i64>> {
        self.increment(key, column, by)
    }
    fn batch_put<'a>(
        &'a self,
        models: &'a mut [Account],
    ) -> BoxFuture<'a, ots::Result<Vec<ots::Result<()>>>> {
        Box::pin(async move { Ok(models.iter().map(|m| Err(Self::error_for(m.id))).collect()) })
    }
    fn page(
        &self,
        _: KeyRange<Account>,
        _: Query<Account>,
        _: u32,
        _: Option<ots::PageToken>,
    ) -> BoxFuture<'_, ots::Result<ots::Page<Account>>> {
        let next = ots::PageToken::from_key(&[ots::model::PrimaryKeyValue::Integer(1)]);
        Box::pin(async move { Ok(ots::Page::new(Vec::new(), Some(next))) })
    }
    fn range(&self, _: KeyRange<Account>) -> BoxStream<'static, ots::Result<Account>> {
        Box::pin(futures_util::stream::empty())
    }
    fn range_with(
        &self,
        _: KeyRange<Account>,
        _: Query<Account>,
    ) -> BoxStream<'static, ots::Result<Account>> {
        Box::pin(futures_util::stream::empty())
    }
    // `Account` has no search index, so no `Search<Account>` can be built: these are never called.
    fn search(&self, _: ots::Search<Account>) -> BoxStream<'static, ots::Result<Account>> {
        Box::pin(futures_util::stream::empty())
    }
    fn search_page(
        &self,
        _: ots::Search<Account>,
        _: u32,
        _: Option<ots::SearchToken>,
    ) -> BoxFuture<'_, ots::Result<ots::SearchPage<Account>>> {
        Box::pin(async { Ok(ots::SearchPage::new(Vec::new(), 0, None)) })
    }
    fn scan(&self, _: ots::Search<Account>) -> BoxStream<'static, ots::Result<Account>> {
        Box::pin(futures_util::stream::empty())
    }
}

#[tokio::test]
async fn a_fake_repository_builds_every_error_callers_match_on() {
    let repo: &dyn Repository<Account> = &FailingAccounts;
    assert!(repo
        .get(AccountKey { id: 1 })
        .await
        .unwrap_err()
        .is_condition_failed());
    let not_found = repo.get(AccountKey { id: 2 }).await.unwrap_err();
    assert!(not_found.is_not_found());
    assert_eq!(not_found.http_status(), Some(404));
    assert_eq!(not_found.kind(), ErrorKind::Service);
    assert!(repo
        .update(AccountKey { id: 3 }, AccountPatch::new())
        .await
        .unwrap_err()
        .is_stale());
    let mapping = repo.delete(AccountKey { id: 4 }).await.unwrap_err();
    assert!(mapping.is_mapping());
    assert_eq!(mapping.primary_key(), Some(&id_key(4)));
    assert!(repo.create_table().await.unwrap_err().is_already_exists());
    assert_eq!(
        repo.sync_schema().await.unwrap_err().kind(),
        ErrorKind::Construction
    );
}
