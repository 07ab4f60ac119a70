//! Typed reads by a secondary index: the [`SecondaryIndex`] trait that `#[ots(index(..))]`
//! implements for each index's marker type, and [`Index`], which reads the model by the
//! index's key. Nothing writes an index: the service keeps it in step with the table's writes.

use super::page::{cut_page, Page, PageToken};
use super::query::{KeyRange, KeySpace, Query};
use super::repo::{model_of, read_rows, Repo};
use super::table::OtsTable;
use futures_core::Stream;
use futures_util::{StreamExt, TryStreamExt};
use ots_core::model::{Column, IndexMeta, PrimaryKey, PrimaryKeyColumn, PrimaryKeyValue, Row, Value};
use ots_core::ops::batch::{TableBatchGet, MAX_BATCH_GET_ROWS};
use ots_core::ops::row::GetRowRequest;
use ots_core::{Client, Error, Result};
use std::marker::PhantomData;

/// A secondary index of model [`SecondaryIndex::Model`], declared on the model with
/// `#[ots(index(name = "..", key(field, ..)))]`, which implements this trait (and
/// [`KeySpace`], whose key is the index's whole key) for the index's marker type
/// `<Model><Name>`. Read it with [`Repo::index`].
///
/// A covering index (one that carries every stored field) builds models from its own rows; see
/// [`Index`] for what that means while the index lags the table or lacks columns.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a secondary index",
    label = "expected the marker type of an index",
    note = "declare an index on the model with #[ots(index(name = \"users_by_email\", key(email)))]; its marker type is the model's name followed by the index name in UpperCamelCase (`UserByEmail`)"
)]
pub trait SecondaryIndex: KeySpace + Send + Sync {
    /// The model whose table the index orders.
    type Model: OtsTable;
    /// The index row holds every stored field of the model: reads build the model from it
    /// alone (as fresh and as whole as the live index row; see [`Index`]). Otherwise reads find
    /// the keys in the index and read the rows from the table.
    const CARRIES_EVERY_FIELD: bool;

    /// The index as created with the table: its kind, the key fields it is given (the service
    /// completes the key with the table's key columns it lacks) and the fields it carries.
    fn index_meta() -> IndexMeta;
}

/// Typed reads by secondary index `I` of model `I::Model`: by the index's whole key
/// ([`Index::get`], [`Index::get_many`]) and by key range ([`Index::range`], [`Index::page`])
/// with the typed prefixes of [`KeyRange`]. Get one with [`Repo::index`].
///
/// Each read answers models. When the index carries every stored field
/// ([`SecondaryIndex::CARRIES_EVERY_FIELD`]; the marker type's documentation says which), they
/// are built from the index rows alone; otherwise the index gives the keys, in index order, and
/// the rows are read from the table in batches of at most 100, leaving out a row deleted in
/// between or whose indexed fields no longer have the index row's values.
///
/// A global index on the service follows the table asynchronously (usually within
/// milliseconds): it may miss the latest writes for a moment. Read from a *covering* global
/// index, that means a row's old values, a row deleted since, or, while a write moves a row
/// (changes its indexed fields), the same row twice, at its old and its new place; reads that go
/// back to the table leave out the rows deleted or moved since, so they show a row at most
/// once, with its current values. A local index, and every index on ots-local, sees each
/// acknowledged write. Reads by an index do not take part in transactions.
///
/// Models built from index rows are only as whole as the live index: when it carries fewer
/// columns than the model declares (an index cannot change; [`Repo::sync_schema`] reports it
/// as [`SchemaDrift::Index`](crate::SchemaDrift::Index)), reads by a covering index miss the
/// fields it lacks (a mapping error, or an absent value) until the index is dropped and created
/// anew.
pub struct Index<I> {
    client: Client,
    _index: PhantomData<fn() -> I>,
}

impl<I> Clone for Index<I> {
    fn clone(&self) -> Self {
        Self {
            client: self.client.clone(),
            _index: PhantomData,
        }
    }
}

impl<I: KeySpace> std::fmt::Debug for Index<I> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Index").field("name", &I::NAME).finish()
    }
}

impl<T: OtsTable> Repo<T> {
    /// Reads by one of the model's secondary indexes, named by its marker type:
    /// `users.index::<UserByEmail>()`. See [`Index`]. (Not part of [`Repository`](crate::Repository):
    /// where a repository is held as a trait object, build the handle with [`Index::new`].)
    pub fn index<I: SecondaryIndex<Model = T>>(&self) -> Index<I> {
        Index::new(self.client().clone())
    }
}

impl<I: SecondaryIndex> Index<I> {
    /// Reads by index `I` over `client` (what [`Repo::index`] returns).
    pub fn new(client: Client) -> Self {
        Self {
            client,
            _index: PhantomData,
        }
    }

    /// The underlying client.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// The index's name.
    pub fn name(&self) -> &'static str {
        I::NAME
    }

    /// Reads the row whose index key is `key` (the index's whole key: the given key fields,
    /// then the table's key fields they lack; a tuple of them converts).
    /// From a covering index, the model is the index row's (see [`Index`]); otherwise it is
    /// the table's row, or `None` when that row no longer has the index key's values.
    ///
    /// # Errors
    /// Mapping errors (naming the row), service and transport errors (`is_not_found()` when
    /// the index does not exist).
    pub async fn get(&self, key: impl Into<I::Key>) -> Result<Option<I::Model>> {
        let pk = I::primary_key(&key.into())?;
        let row = self.client.get_row(GetRowRequest::new(I::NAME, pk)).await?.row;
        Ok(models::<I>(&self.client, vec![row]).await?.pop().flatten())
    }

    /// Reads many rows by their index keys, in one or more batch calls; results are in the
    /// order of `keys`.
    ///
    /// # Errors
    /// As [`Index::get`]; the first row error.
    pub async fn get_many(&self, keys: impl Into<Vec<I::Key>>) -> Result<Vec<Option<I::Model>>> {
        let pks = keys
            .into()
            .iter()
            .map(I::primary_key)
            .collect::<Result<Vec<_>>>()?;
        let rows = read_rows(&self.client, pks, |unique| {
            Ok(TableBatchGet::new(I::NAME, unique))
        })
        .await?;
        models::<I>(&self.client, rows).await
    }

    /// Streams the models of an index key range, in index order, page by page:
    /// `KeyRange::prefix("a@example.com")`, `KeyRange::between(("a", 1), ("b", 1))`,
    /// `.backward()`, `.limit(n)`.
    /// From a global covering index on the service, a row being moved may come twice (see
    /// [`Index`]).
    ///
    /// Errors are items of the stream: a construction error for a bound with more values than
    /// the index key has; mapping, service and transport errors.
    pub fn range(&self, range: KeyRange<I>) -> impl Stream<Item = Result<I::Model>> + Send + 'static {
        let client = self.client.clone();
        index_rows(&self.client, range)
            .ready_chunks(MAX_BATCH_GET_ROWS)
            .then(move |chunk| chunk_models::<I>(client.clone(), chunk))
            .flat_map(futures_util::stream::iter)
    }

    /// One page of an index key range for an API: the models of at most `size` index rows (at
    /// least 1) and, when more follow, a token that resumes after them. Pass the same range with
    /// the token (`Some(token)`, or `None` for the first page); the range's own limit is
    /// replaced by the page size. A page may hold fewer models than index rows when rows were
    /// deleted or changed between the index read and the table read.
    ///
    /// Unlike [`Repo::page`]`(range, query, size, after)` there is no [`Query`]: reads by an
    /// index take no projection or filter, so the arguments are `(range, size, after)`. The
    /// token names this index: the table's listing, and every other index's, refuse it.
    ///
    /// # Errors
    /// A construction error for a token of another range, of the table or another index, or
    /// not made by this library; mapping, service and transport errors.
    pub async fn page(
        &self,
        range: KeyRange<I>,
        size: u32,
        after: impl Into<Option<PageToken>>,
    ) -> Result<Page<I::Model>> {
        let size = size.max(1);
        let range = match after.into() {
            Some(token) => range.resume_after(token.index_key_values::<I>()?)?,
            None => range,
        };
        let rows: Vec<Row> = index_rows(&self.client, range.limit(size.saturating_add(1)))
            .try_collect()
            .await?;
        let (rows, next) = cut_page::<Row, I>(rows, size, |last| {
            Ok(last.primary_key.columns.iter().map(|c| c.value.clone()).collect())
        })?;
        let items = models::<I>(&self.client, rows.into_iter().map(Some).collect())
            .await?
            .into_iter()
            .flatten()
            .collect();
        Ok(Page::new(items, next))
    }
}

/// The index rows of a key range.
fn index_rows<I: KeySpace>(
    client: &Client,
    range: KeyRange<I>,
) -> impl Stream<Item = Result<Row>> + Send + 'static {
    match range.request() {
        Ok(Some(req)) => range.rows(client, req).left_stream(),
        // A range with nothing between its bounds holds no row.
        Ok(None) => futures_util::stream::empty().left_stream().right_stream(),
        Err(e) => futures_util::stream::once(std::future::ready(Err(e)))
            .right_stream()
            .right_stream(),
    }
}

/// The models of a chunk of a range's index rows; an error in the chunk comes after the
/// models of the rows before it.
async fn chunk_models<I: SecondaryIndex>(client: Client, chunk: Vec<Result<Row>>) -> Vec<Result<I::Model>> {
    let mut rows = Vec::with_capacity(chunk.len());
    let mut error = None;
    for r in chunk {
        match r {
            Ok(row) => rows.push(Some(row)),
            Err(e) => {
                error = Some(e);
                break;
            }
        }
    }
    let mut out: Vec<Result<I::Model>> = match models::<I>(&client, rows).await {
        Ok(models) => models.into_iter().flatten().map(Ok).collect(),
        Err(e) => vec![Err(e)],
    };
    out.extend(error.map(Err));
    out
}

/// The models of index rows (`None` stays `None`): built from the rows themselves when the index
/// carries every field, otherwise read from the table by the keys the rows hold, `None` where
/// the table's row is gone or no longer has the index row's values.
///
/// # Errors
/// Mapping errors, and those of the table read.
async fn models<I: SecondaryIndex>(client: &Client, rows: Vec<Option<Row>>) -> Result<Vec<Option<I::Model>>> {
    let names = table_key_names::<I>();
    if I::CARRIES_EVERY_FIELD {
        return rows
            .into_iter()
            .map(|r| r.map(|r| model_of_index_row::<I>(r, &names)).transpose())
            .collect();
    }
    let keys = rows
        .iter()
        .flatten()
        .map(|r| table_key(&r.primary_key, &names))
        .collect::<Result<Vec<_>>>()?;
    let query = Query::<I::Model>::new();
    let mut table_rows = read_rows(client, keys, |unique| query.batch_get(unique))
        .await?
        .into_iter();
    rows.into_iter()
        .map(|index_row| {
            let Some(index_row) = index_row else {
                return Ok(None);
            };
            match table_rows.next().flatten() {
                Some(row) if still_indexed(&index_row.primary_key, &row, &names) => model_of(row).map(Some),
                _ => Ok(None),
            }
        })
        .collect()
}

/// The table's key column names, in order.
fn table_key_names<I: SecondaryIndex>() -> Vec<String> {
    <I::Model as KeySpace>::key_columns()
        .into_iter()
        .map(|c| c.name)
        .collect()
}

/// The table's primary key held in an index row's key.
///
/// # Errors
/// A response error when a table key column is missing (not an index of this table).
fn table_key(index_key: &PrimaryKey, names: &[String]) -> Result<PrimaryKey> {
    let columns = names
        .iter()
        .map(|name| {
            let value = index_key.get(name).cloned().ok_or_else(|| {
                Error::response(format!(
                    "the index row {index_key} lacks the table's key column {name:?}"
                ))
            })?;
            Ok(PrimaryKeyColumn {
                name: name.clone(),
                value,
            })
        })
        .collect::<Result<_>>()?;
    Ok(PrimaryKey { columns })
}

/// An index key value as the column value it indexes.
fn column_value(value: PrimaryKeyValue) -> Option<Value> {
    match value {
        PrimaryKeyValue::Integer(i) => Some(Value::Integer(i)),
        PrimaryKeyValue::String(s) => Some(Value::String(s)),
        PrimaryKeyValue::Binary(b) => Some(Value::Binary(b)),
        _ => None,
    }
}

/// A model from an index row that carries every field: the index's key columns that are not the
/// table's become the columns they index.
///
/// # Errors
/// A mapping error (naming the row) when a column does not fit its field.
fn model_of_index_row<I: SecondaryIndex>(row: Row, names: &[String]) -> Result<I::Model> {
    let primary_key = table_key(&row.primary_key, names)?;
    let mut columns = row.columns;
    for c in row.primary_key.columns {
        if names.contains(&c.name) {
            continue;
        }
        let value = column_value(c.value).ok_or_else(|| {
            Error::response(format!(
                "the index row holds no value for its key column {:?}",
                c.name
            ))
        })?;
        columns.push(Column::new(c.name, value));
    }
    model_of(Row { primary_key, columns })
}

/// Whether the table's `row` still has the values the index row's key gives the indexed
/// columns (a global index on the service follows the table asynchronously).
fn still_indexed(index_key: &PrimaryKey, row: &Row, names: &[String]) -> bool {
    index_key
        .columns
        .iter()
        .filter(|c| !names.contains(&c.name))
        .all(|c| row.get(&c.name).cloned() == column_value(c.value.clone()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index_key() -> PrimaryKey {
        PrimaryKey::new()
            .with("email", "a@x")
            .with("team", "core")
            .with("id", 1)
    }

    fn names() -> Vec<String> {
        vec!["team".to_owned(), "id".to_owned()]
    }

    #[test]
    fn the_table_key_is_taken_from_the_index_key_in_table_order() {
        let key = table_key(&index_key(), &names()).unwrap();
        assert_eq!(key, PrimaryKey::new().with("team", "core").with("id", 1));
        assert!(table_key(&PrimaryKey::new().with("email", "a@x"), &names()).is_err());
    }

    #[test]
    fn a_table_row_whose_indexed_value_changed_is_not_indexed_any_more() {
        let row = |email: Option<&str>| Row {
            primary_key: PrimaryKey::new().with("team", "core").with("id", 1),
            columns: email.map(|e| Column::new("email", e)).into_iter().collect(),
        };
        assert!(still_indexed(&index_key(), &row(Some("a@x")), &names()));
        assert!(!still_indexed(&index_key(), &row(Some("b@x")), &names()));
        assert!(!still_indexed(&index_key(), &row(None), &names()));
    }

    /// A global index carrying `name` but not `age` (reads go back to the table) and a covering
    /// one.
    #[derive(Debug, Clone, PartialEq, ots_derive::OtsTable)]
    #[ots(crate = "crate", table = "mi_users")]
    #[ots(index(name = "mi_users_by_email", key(email), columns(name)))]
    #[ots(index(name = "mi_users_by_name", key(name), all_columns))]
    struct User {
        #[ots(pk)]
        id: i64,
        email: String,
        name: String,
        age: u32,
    }

    fn user(id: i64, email: &str, name: &str) -> User {
        User {
            id,
            email: email.into(),
            name: name.into(),
            age: 30,
        }
    }

    /// An index row as a global index on the service may still hold it: built by hand, since
    /// ots-local keeps its indexes in step with every write.
    fn email_row(email: &str, id: i64, name: &str) -> Option<Row> {
        Some(Row {
            primary_key: PrimaryKey::new().with("email", email).with("id", id),
            columns: vec![Column::new("name", name)],
        })
    }

    #[tokio::test]
    async fn index_rows_of_rows_deleted_or_changed_since_are_left_out() {
        const { assert!(!UserByEmail::CARRIES_EVERY_FIELD && UserByName::CARRIES_EVERY_FIELD) };
        let server = ots_local::LocalServer::builder().start().await.unwrap();
        let client = server.client_builder().build().unwrap();
        let users = Repo::<User>::new(client.clone());
        users.create_table().await.unwrap();
        for mut u in [user(1, "a@x", "Ann"), user(2, "b@x", "Bo"), user(3, "c@x", "Cid")] {
            users.put(&mut u).await.unwrap();
        }
        users.delete(2).await.unwrap();
        users.update(3, UserPatch::new().set_email("z@x")).await.unwrap();

        // Index rows read before the delete and the update.
        let rows = vec![
            email_row("a@x", 1, "Ann"),
            None,
            email_row("b@x", 2, "Bo"),
            email_row("c@x", 3, "Cid"),
            email_row("z@x", 3, "Cid"),
        ];
        let got = models::<UserByEmail>(&client, rows).await.unwrap();
        assert_eq!(
            got,
            [
                Some(user(1, "a@x", "Ann")),
                None,
                None,
                None,
                Some(user(3, "z@x", "Cid"))
            ],
            "deleted: id 2; changed since: the c@x row of id 3"
        );

        // A covering index answers from its rows alone: a stale row comes back as it was.
        let stale = Row {
            primary_key: PrimaryKey::new().with("name", "Bo").with("id", 2),
            columns: vec![Column::new("email", "b@x"), Column::new("age", 30)],
        };
        let got = models::<UserByName>(&client, vec![Some(stale)]).await.unwrap();
        assert_eq!(got, [Some(user(2, "b@x", "Bo"))]);
    }
}
