//! `Repo<T>`: typed table access over the client.

use super::query::{KeyRange, Query};
use super::table::{IntegerColumn, OtsTable, TypedCondition};
use futures_core::Stream;
use futures_util::StreamExt;
use ots_core::model::{
    ColumnUpdate, Condition, Direction, Filter, PrimaryKey, PrimaryKeyValue, ReturnType, Row, RowExistence,
    TableOptions, Value,
};
use ots_core::ops::batch::{BatchGetRowRequest, BatchWriteRowRequest};
use ots_core::ops::range::GetRangeRequest;
use ots_core::ops::row::{DeleteRowRequest, GetRowRequest, PutRowRequest, UpdateRowRequest};
use ots_core::ops::table::{AddDefinedColumnsRequest, DescribeTableRequest, UpdateTableRequest};
use ots_core::Client;
use ots_core::{Error, Result};
use std::collections::HashMap;
use std::marker::PhantomData;
use std::time::{SystemTime, UNIX_EPOCH};

/// What [`Repo::sync_schema`] did and found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct SchemaReport {
    /// The table did not exist and was created.
    pub created: bool,
    /// Table options differed and were updated.
    pub options_updated: bool,
    /// Defined columns that were added.
    pub columns_added: Vec<String>,
    /// Differences that cannot be fixed in place (primary key changes, extra defined columns).
    pub drift: Vec<String>,
}

/// Typed access to the table of model `T`.
#[derive(Debug)]
pub struct Repo<T> {
    client: Client,
    _model: PhantomData<fn() -> T>,
}

impl<T> Clone for Repo<T> {
    fn clone(&self) -> Self {
        Self {
            client: self.client.clone(),
            _model: PhantomData,
        }
    }
}

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

/// A stored row as a model; a mapping error names the row.
fn model_of<T: OtsTable>(row: Row) -> Result<T> {
    let key = row.primary_key.clone();
    T::from_row(row).map_err(|e| e.with_primary_key(key))
}

fn and(a: Option<Filter>, b: Option<Filter>) -> Option<Filter> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.and(b)),
        (a, b) => a.or(b),
    }
}

impl<T: OtsTable> Repo<T> {
    /// A repository over `client`.
    pub fn new(client: Client) -> Self {
        Self {
            client,
            _model: PhantomData,
        }
    }

    /// The underlying client.
    pub fn client(&self) -> &Client {
        &self.client
    }

    fn stale_or(&self, e: Error, key: &PrimaryKey, version: i64) -> Error {
        if e.is_condition_failed() && T::VERSION_COLUMN.is_some() {
            e.into_stale(T::TABLE, key.clone(), version)
        } else {
            e
        }
    }

    pub(super) async fn do_create_table(&self) -> Result<()> {
        self.client.create_table(T::create_table_request()).await
    }

    pub(super) async fn do_sync_schema(&self) -> Result<SchemaReport> {
        let want = T::create_table_request();
        let mut report = SchemaReport::default();
        let have = match self
            .client
            .describe_table(DescribeTableRequest::new(T::TABLE))
            .await
        {
            Ok(d) => d,
            Err(e) if e.is_not_found() => {
                self.client.create_table(want).await?;
                report.created = true;
                return Ok(report);
            }
            Err(e) => return Err(e),
        };
        if have.primary_key != want.primary_key {
            report.drift.push(format!(
                "primary key is {:?} in the table but {:?} in the model; a table's key cannot change",
                have.primary_key.iter().map(|c| &c.name).collect::<Vec<_>>(),
                want.primary_key.iter().map(|c| &c.name).collect::<Vec<_>>()
            ));
        }
        let differs = |w: Option<i64>, h: Option<i64>| w.is_some() && w != h;
        let (wo, ho) = (&want.options, &have.options);
        if differs(wo.time_to_live.map(i64::from), ho.time_to_live.map(i64::from))
            || differs(wo.max_versions.map(i64::from), ho.max_versions.map(i64::from))
            || differs(wo.max_time_deviation, ho.max_time_deviation)
        {
            let options = TableOptions {
                time_to_live: wo.time_to_live,
                max_versions: wo.max_versions,
                max_time_deviation: wo.max_time_deviation,
                allow_update: None,
                update_full_row: None,
            };
            self.client
                .update_table(UpdateTableRequest::new(T::TABLE).options(options))
                .await?;
            report.options_updated = true;
        }
        let missing: Vec<_> = want
            .defined_columns
            .iter()
            .filter(|c| !have.defined_columns.iter().any(|h| h.name == c.name))
            .cloned()
            .collect();
        for c in &want.defined_columns {
            if let Some(h) = have.defined_columns.iter().find(|h| h.name == c.name) {
                if h.column_type != c.column_type {
                    report.drift.push(format!(
                        "defined column {:?} is {:?} in the table but {:?} in the model",
                        c.name, h.column_type, c.column_type
                    ));
                }
            }
        }
        for h in &have.defined_columns {
            if !want.defined_columns.iter().any(|c| c.name == h.name) {
                report.drift.push(format!(
                    "defined column {:?} exists in the table but not in the model",
                    h.name
                ));
            }
        }
        if !missing.is_empty() {
            report.columns_added = missing.iter().map(|c| c.name.clone()).collect();
            self.client
                .add_defined_columns(AddDefinedColumnsRequest::new(T::TABLE).columns(missing))
                .await?;
        }
        Ok(report)
    }

    pub(super) async fn do_get(&self, key: T::Key) -> Result<Option<T>> {
        self.do_get_with(key, Query::new()).await
    }

    pub(super) async fn do_get_with(&self, key: T::Key, query: Query<T>) -> Result<Option<T>> {
        let pk = T::primary_key_of(&key)?;
        let mut req = GetRowRequest::new(T::TABLE, pk).columns(query.columns_to_get());
        if let Some(f) = &query.filter {
            req = req.filter(f.clone().into_filter());
        }
        self.client.get_row(req).await?.row.map(model_of).transpose()
    }

    pub(super) async fn do_get_many(&self, keys: Vec<T::Key>) -> Result<Vec<Option<T>>> {
        self.do_get_many_with(keys, Query::new()).await
    }

    pub(super) async fn do_get_many_with(
        &self,
        keys: Vec<T::Key>,
        query: Query<T>,
    ) -> Result<Vec<Option<T>>> {
        let pks = keys
            .into_iter()
            .map(|k| T::primary_key_of(&k))
            .collect::<Result<Vec<_>>>()?;
        // The service refuses a key twice in one batch: ask for each key once, answer each slot.
        let mut unique: Vec<PrimaryKey> = Vec::new();
        let mut index: HashMap<PrimaryKey, usize> = HashMap::new();
        let slots: Vec<usize> = pks
            .into_iter()
            .map(|pk| {
                *index.entry(pk.clone()).or_insert_with(|| {
                    unique.push(pk);
                    unique.len() - 1
                })
            })
            .collect();
        if unique.is_empty() {
            return Ok(Vec::new());
        }
        let out = self
            .client
            .batch_get_row(BatchGetRowRequest::new().table(query.batch_get(unique)))
            .await?;
        let table = out
            .tables
            .into_iter()
            .next()
            .ok_or_else(|| Error::response("the batch read returned no table"))?;
        let mut rows: Vec<Option<Row>> = table.rows.into_iter().collect::<Result<_>>()?;
        // Move each row into its last slot; only keys asked for more than once are copied.
        let mut last_use = vec![0usize; rows.len()];
        for (pos, &i) in slots.iter().enumerate() {
            if let Some(l) = last_use.get_mut(i) {
                *l = pos;
            }
        }
        slots
            .iter()
            .enumerate()
            .map(|(pos, &i)| {
                let row = match rows.get_mut(i) {
                    Some(r) if last_use[i] == pos => r.take(),
                    Some(r) => r.clone(),
                    None => None,
                };
                row.map(model_of).transpose()
            })
            .collect()
    }

    fn stamp(model: &mut T, created: bool) {
        let now = now_ms();
        if created && T::CREATED_AT_COLUMN.is_some() {
            model.set_created_at(now);
        }
        if T::UPDATED_AT_COLUMN.is_some() {
            model.set_updated_at(now);
        }
    }

    fn row_of(model: &T, pk: PrimaryKey) -> Result<Row> {
        Ok(Row {
            primary_key: pk,
            columns: model.to_columns()?,
        })
    }

    pub(super) async fn do_insert(&self, model: &mut T) -> Result<()> {
        let previous_version = model.version();
        if T::VERSION_COLUMN.is_some() {
            model.set_version(1);
        }
        Self::stamp(model, true);
        let result = self.insert_row(model).await;
        if result.is_err() {
            if let Some(v) = previous_version {
                model.set_version(v);
            }
        }
        result
    }

    async fn insert_row(&self, model: &mut T) -> Result<()> {
        let pk = model.insert_primary_key()?;
        let auto = pk
            .columns
            .iter()
            .any(|c| c.value == PrimaryKeyValue::AutoIncrement);
        // A fresh auto-increment value cannot collide, and the service requires IGNORE for it.
        let condition = if auto {
            Condition::ignore()
        } else {
            Condition::expect_not_exist()
        };
        let req = PutRowRequest::new(T::TABLE, Self::row_of(model, pk)?)
            .condition(condition)
            .return_type(ReturnType::PrimaryKey);
        let out = self.client.put_row(req).await?;
        if auto {
            let returned = out
                .row
                .ok_or_else(|| Error::response("the insert did not return the assigned key"))?;
            model.set_key(T::key_from_primary_key(&returned.primary_key)?);
        }
        Ok(())
    }

    pub(super) async fn do_put(&self, model: &mut T) -> Result<()> {
        self.do_put_if(model, TypedCondition::new(RowExistence::Ignore, None))
            .await
    }

    pub(super) async fn do_put_if(&self, model: &mut T, condition: TypedCondition<T>) -> Result<()> {
        let mut cond = condition.into_condition();
        let expected = model.version();
        if let (Some(col), Some(v)) = (T::VERSION_COLUMN, expected) {
            if v <= 0 {
                cond.row_existence = RowExistence::ExpectNotExist;
            } else {
                cond.row_existence = RowExistence::ExpectExist;
                cond.column_condition = and(
                    cond.column_condition,
                    Some(Filter::eq(col, v).pass_if_missing(false)),
                );
            }
            model.set_version(v.max(0) + 1);
        }
        Self::stamp(model, expected.unwrap_or(1) <= 0);
        let pk = T::primary_key_of(&model.key())?;
        let req = PutRowRequest::new(T::TABLE, Self::row_of(model, pk.clone())?).condition(cond);
        match self.client.put_row(req).await {
            Ok(_) => Ok(()),
            Err(e) => {
                if let Some(v) = expected {
                    model.set_version(v);
                }
                Err(self.stale_or(e, &pk, expected.unwrap_or(0)))
            }
        }
    }

    fn update_request(&self, pk: PrimaryKey, patch: T::Patch) -> Result<UpdateRowRequest> {
        let mut updates = T::patch_updates(patch)?;
        if updates.is_empty() {
            return Err(Error::construction(format!(
                "the update of table {:?} row {pk} changes nothing",
                T::TABLE
            )));
        }
        if let Some(col) = T::VERSION_COLUMN {
            updates.push(ColumnUpdate::Increment {
                name: col.to_owned(),
                delta: 1,
            });
        }
        if let Some(col) = T::UPDATED_AT_COLUMN {
            updates.push(ColumnUpdate::Put {
                name: col.to_owned(),
                value: Value::Integer(now_ms()),
                timestamp: None,
            });
        }
        let mut req = UpdateRowRequest::new(T::TABLE, pk);
        req.updates = updates;
        Ok(req.condition(Condition::expect_exist()))
    }

    pub(super) async fn do_update(&self, key: T::Key, patch: T::Patch) -> Result<()> {
        self.do_update_if(key, patch, TypedCondition::new(RowExistence::ExpectExist, None))
            .await
    }

    pub(super) async fn do_update_if(
        &self,
        key: T::Key,
        patch: T::Patch,
        condition: TypedCondition<T>,
    ) -> Result<()> {
        let pk = T::primary_key_of(&key)?;
        let mut cond = condition.into_condition();
        cond.row_existence = RowExistence::ExpectExist;
        let req = self.update_request(pk, patch)?.condition(cond);
        self.client.update_row(req).await.map(|_| ())
    }

    pub(super) async fn do_update_versioned(
        &self,
        key: T::Key,
        expected_version: i64,
        patch: T::Patch,
    ) -> Result<i64> {
        let Some(col) = T::VERSION_COLUMN else {
            return Err(Error::construction(format!(
                "model of table {:?} has no #[ots(version)] field",
                T::TABLE
            )));
        };
        let pk = T::primary_key_of(&key)?;
        let cond =
            Condition::expect_exist().with_filter(Filter::eq(col, expected_version).pass_if_missing(false));
        let req = self
            .update_request(pk.clone(), patch)?
            .condition(cond)
            .return_type(ReturnType::AfterModify(vec![col.to_owned()]));
        let out = self
            .client
            .update_row(req)
            .await
            .map_err(|e| self.stale_or(e, &pk, expected_version))?;
        match out.row.as_ref().and_then(|r| r.get(col)) {
            Some(Value::Integer(v)) => Ok(*v),
            _ => Err(Error::response(
                "the versioned update did not return the new version",
            )),
        }
    }

    pub(super) async fn do_delete(&self, key: T::Key) -> Result<()> {
        self.do_delete_if(key, TypedCondition::new(RowExistence::Ignore, None))
            .await
    }

    pub(super) async fn do_delete_if(&self, key: T::Key, condition: TypedCondition<T>) -> Result<()> {
        let pk = T::primary_key_of(&key)?;
        self.client
            .delete_row(DeleteRowRequest::new(T::TABLE, pk).condition(condition.into_condition()))
            .await
            .map(|_| ())
    }

    pub(super) async fn do_increment(
        &self,
        key: T::Key,
        column: IntegerColumn<T>,
        delta: i64,
    ) -> Result<i64> {
        let pk = T::primary_key_of(&key)?;
        let name = column.name();
        let req = UpdateRowRequest::new(T::TABLE, pk)
            .increment(name, delta)
            .return_type(ReturnType::AfterModify(vec![name.to_owned()]));
        let out = self.client.update_row(req).await?;
        match out.row.as_ref().and_then(|r| r.get(name)) {
            Some(Value::Integer(v)) => Ok(*v),
            _ => Err(Error::response("the increment did not return the new value")),
        }
    }

    pub(super) fn do_range(&self, range: KeyRange<T>) -> impl Stream<Item = Result<T>> + Send + 'static {
        self.do_range_with(range, Query::new())
    }

    pub(super) fn do_range_with(
        &self,
        range: KeyRange<T>,
        query: Query<T>,
    ) -> impl Stream<Item = Result<T>> + Send + 'static {
        let (start, end) = range.bounds();
        // A backward scan starts inclusively at its upper bound. When that bound is a full key
        // meant to be exclusive (`between(.., end)`), ask for one row more and drop that key.
        let key_len = start.columns.len();
        let full_key = range.end.len() == key_len;
        // Bounds the service treats as inclusive but the range wants exclusive: the backward
        // scan's full end key, the forward scan's `after_key` start. Ask for one row more and
        // drop that key.
        let backward_end = range.direction == Direction::Backward && !range.end_inclusive && full_key;
        let forward_start = range.direction == Direction::Forward && range.start_exclusive;
        let excluded = (backward_end || forward_start).then(|| start.clone());
        let mut req = GetRangeRequest::new(T::TABLE, start, end)
            .direction(range.direction)
            .columns(query.columns_to_get());
        if let Some(n) = range.limit {
            req = req.limit(if excluded.is_some() {
                n.saturating_add(1)
            } else {
                n
            });
        }
        if let Some(f) = query.filter {
            req = req.filter(f.into_filter());
        }
        let limit = range.limit.map_or(usize::MAX, |n| n as usize);
        // Backward with a full lower key: stop below it (see `KeyRange::bounds`).
        let start_exclusive = range.start_exclusive;
        let floor = (range.direction == Direction::Backward && range.start.len() == key_len)
            .then(|| range.start.clone());
        self.client
            .get_range_stream(req)
            .filter(move |r| {
                let keep = !matches!((r, &excluded), (Ok(row), Some(x)) if &row.primary_key == x);
                std::future::ready(keep)
            })
            .take_while(move |r| {
                let below = match (r, &floor) {
                    // An exclusive start (`after_key`) stops at the key itself.
                    (Ok(row), Some(f)) if start_exclusive => {
                        row.primary_key.columns.iter().map(|c| &c.value).le(f.iter())
                    }
                    (Ok(row), Some(f)) => row.primary_key.columns.iter().map(|c| &c.value).lt(f.iter()),
                    _ => false,
                };
                std::future::ready(!below)
            })
            .take(limit)
            .map(|r| r.and_then(model_of))
    }

    pub(super) async fn do_batch_put(&self, models: &[T]) -> Result<Vec<Result<()>>> {
        let mut batch = BatchWriteRowRequest::new();
        for m in models {
            let row = Self::row_of(m, T::primary_key_of(&m.key())?)?;
            batch = batch.put(PutRowRequest::new(T::TABLE, row));
        }
        if models.is_empty() {
            return Ok(Vec::new());
        }
        let out = self.client.batch_write_row(batch).await?;
        Ok(out.rows.into_iter().map(|r| r.map(|_| ())).collect())
    }
}
