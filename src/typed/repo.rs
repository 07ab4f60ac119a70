//! `Repo<T>`: typed table access over the client.

use super::page::{Page, PageToken};
use super::query::{KeyRange, Query};
use super::table::{IntegerColumn, OtsTable, TypedCondition};
use futures_core::Stream;
use futures_util::{StreamExt, TryStreamExt};
use ots_core::model::{
    ColumnUpdate, Condition, Filter, PrimaryKey, PrimaryKeyValue, ReturnType, Row, RowExistence,
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
            req = req.filter(f.clone().into_filter()?);
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
            .batch_get_row(BatchGetRowRequest::new().table(query.batch_get(unique)?))
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

    /// The auto-increment key column's value in `model`'s key, when the model has one:
    /// `Some(0)` until the service assigned it (on insert).
    fn auto_increment_value(model: &T) -> Result<Option<(String, i64)>> {
        let schema = T::create_table_request().primary_key;
        let Some(col) = schema.iter().find(|c| c.auto_increment) else {
            return Ok(None);
        };
        let pk = T::primary_key_of(&model.key())?;
        Ok(match pk.get(&col.name) {
            Some(PrimaryKeyValue::Integer(v)) => Some((col.name.clone(), *v)),
            _ => Some((col.name.clone(), 0)),
        })
    }

    pub(super) async fn do_insert(&self, model: &mut T) -> Result<()> {
        if let Some((col, v)) = Self::auto_increment_value(model)? {
            if v != 0 {
                return Err(Error::construction(format!(
                    "insert into table {:?}: the auto-increment key {col:?} is already assigned ({v}); \
                     insert a new model (key 0) or save this one with put",
                    T::TABLE
                )));
            }
        }
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

    /// A whole-row put of `model` under `condition`, with the version check and the stamps of
    /// `put`; the model is bumped and stamped (the caller restores the version on failure).
    fn put_request(model: &mut T, condition: TypedCondition<T>) -> Result<(PutRowRequest, Option<i64>)> {
        if let Some((col, 0)) = Self::auto_increment_value(model)? {
            return Err(Error::construction(format!(
                "put into table {:?}: the auto-increment key {col:?} is not assigned yet (0); \
                 insert the model first, which assigns it",
                T::TABLE
            )));
        }
        let user_existence = *condition.existence();
        let mut cond = condition.into_condition()?;
        let expected = model.version();
        if let (Some(col), Some(v)) = (T::VERSION_COLUMN, expected) {
            let version_existence = if v <= 0 {
                RowExistence::ExpectNotExist
            } else {
                RowExistence::ExpectExist
            };
            if user_existence != RowExistence::Ignore && user_existence != version_existence {
                return Err(Error::construction(format!(
                    "put into table {:?}: the condition expects {user_existence:?} but a model at \
                     version {v} {} exist",
                    T::TABLE,
                    if v <= 0 { "must not" } else { "must" }
                )));
            }
            cond.row_existence = version_existence;
            if v > 0 {
                cond.column_condition = and(
                    cond.column_condition,
                    Some(Filter::eq(col, v).pass_if_missing(false)),
                );
            }
            model.set_version(v.max(0) + 1);
        }
        Self::stamp(model, expected.unwrap_or(1) <= 0);
        let pk = T::primary_key_of(&model.key())?;
        let req = PutRowRequest::new(T::TABLE, Self::row_of(model, pk)?).condition(cond);
        Ok((req, expected))
    }

    pub(super) async fn do_put_if(&self, model: &mut T, condition: TypedCondition<T>) -> Result<()> {
        let has_filter = condition.has_filter();
        let (req, expected) = Self::put_request(model, condition)?;
        let pk = req.row.primary_key.clone();
        match self.client.put_row(req).await {
            Ok(_) => Ok(()),
            Err(e) => {
                if let Some(v) = expected {
                    model.set_version(v);
                }
                let why = Failed {
                    expected_version: expected.map(|v| v.max(0)),
                    needs_row: expected.is_some_and(|v| v > 0),
                    has_filter,
                };
                Err(self.explain(e, pk, why).await)
            }
        }
    }

    /// Tells apart why a conditional write failed: the row was missing, its version moved on
    /// (stale), or the caller's own condition did not hold. The service answers all three with
    /// `OTSConditionCheckFail`; when more than one is possible, the row is read right after
    /// the failure to tell which.
    async fn explain(&self, e: Error, pk: PrimaryKey, why: Failed) -> Error {
        if !e.is_condition_failed() {
            return e;
        }
        let versioned = T::VERSION_COLUMN.is_some() && why.expected_version.is_some();
        match (why.needs_row, versioned, why.has_filter) {
            // Only one thing can have failed.
            (false, false, _) => return e,
            (true, false, false) => return e.into_row_missing(T::TABLE, pk),
            _ => {}
        }
        let probe = match T::VERSION_COLUMN {
            Some(col) if versioned => vec![col.to_owned()],
            _ => Vec::new(),
        };
        let stored = match self
            .client
            .get_row(GetRowRequest::new(T::TABLE, pk.clone()).columns(probe))
            .await
        {
            Ok(out) => out.row,
            Err(_) => return e,
        };
        match stored {
            None if why.needs_row => e.into_row_missing(T::TABLE, pk),
            None if versioned && why.expected_version != Some(0) => e.into_row_missing(T::TABLE, pk),
            None => e,
            Some(row) if versioned => {
                let stored_version = T::VERSION_COLUMN
                    .and_then(|c| row.get(c))
                    .and_then(|v| match v {
                        Value::Integer(i) => Some(*i),
                        _ => None,
                    })
                    .unwrap_or(0);
                let expected = why.expected_version.unwrap_or(0);
                if stored_version == expected {
                    e
                } else {
                    e.into_stale(T::TABLE, pk, expected)
                }
            }
            Some(_) => e,
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
        if *condition.existence() == RowExistence::ExpectNotExist {
            return Err(Error::construction(format!(
                "update of table {:?} row {pk}: an update changes an existing row, so \
                 `expect_not_exist` cannot hold; use insert for a new row",
                T::TABLE
            )));
        }
        let has_filter = condition.has_filter();
        let mut cond = condition.into_condition()?;
        cond.row_existence = RowExistence::ExpectExist;
        let req = self.update_request(pk.clone(), patch)?.condition(cond);
        let why = Failed {
            expected_version: None,
            needs_row: true,
            has_filter,
        };
        match self.client.update_row(req).await {
            Ok(_) => Ok(()),
            Err(e) => Err(self.explain(e, pk, why).await),
        }
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
        let why = Failed {
            expected_version: Some(expected_version),
            needs_row: true,
            has_filter: false,
        };
        let out = match self.client.update_row(req).await {
            Ok(out) => out,
            Err(e) => return Err(self.explain(e, pk, why).await),
        };
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
        let needs_row = match condition.existence() {
            RowExistence::ExpectNotExist => {
                return Err(Error::construction(format!(
                    "delete from table {:?} row {pk}: the service refuses `expect_not_exist` on a \
                     delete; use `ignore` or `expect_exist`",
                    T::TABLE
                )))
            }
            RowExistence::ExpectExist => true,
            _ => false,
        };
        let has_filter = condition.has_filter();
        let req = DeleteRowRequest::new(T::TABLE, pk.clone()).condition(condition.into_condition()?);
        let why = Failed {
            expected_version: None,
            needs_row,
            has_filter,
        };
        match self.client.delete_row(req).await {
            Ok(_) => Ok(()),
            Err(e) => Err(self.explain(e, pk, why).await),
        }
    }

    pub(super) async fn do_increment(
        &self,
        key: T::Key,
        column: IntegerColumn<T>,
        delta: i64,
    ) -> Result<i64> {
        self.add(key, column, delta, true).await
    }

    pub(super) async fn do_increment_or_create(
        &self,
        key: T::Key,
        column: IntegerColumn<T>,
        delta: i64,
    ) -> Result<i64> {
        self.add(key, column, delta, false).await
    }

    /// Adds `delta` to `column`, conditioned on the result staying in the field type's range
    /// (and on the row existing when `needs_row`).
    async fn add(&self, key: T::Key, column: IntegerColumn<T>, delta: i64, needs_row: bool) -> Result<i64> {
        let pk = T::primary_key_of(&key)?;
        let name = column.name();
        let range = column.range();
        // The stored value must be such that value + delta stays in range; an absent value
        // counts as 0. A delta wider than the range fits no stored value at all.
        let (min, max) = (i128::from(*range.start()), i128::from(*range.end()));
        let span = max - min;
        if !(-span..=span).contains(&i128::from(delta)) {
            return Err(Error::construction(format!(
                "increment of table {:?} column {name:?} by {delta}: no value of its type \
                 ({range:?}) can take it",
                T::TABLE
            )));
        }
        // In range of i64: |delta| <= span, so the bound lies within [min, max].
        let bound = if delta >= 0 {
            Filter::le(name, range.end() - delta)
        } else {
            Filter::ge(name, range.start() - delta)
        };
        let bound = bound.pass_if_missing(range.contains(&delta));
        let existence = if needs_row {
            RowExistence::ExpectExist
        } else {
            RowExistence::Ignore
        };
        let req = UpdateRowRequest::new(T::TABLE, pk.clone())
            .increment(name, delta)
            .condition(Condition {
                row_existence: existence,
                column_condition: Some(bound),
            })
            .return_type(ReturnType::AfterModify(vec![name.to_owned()]));
        let why = Failed {
            expected_version: None,
            needs_row,
            has_filter: true,
        };
        let out = match self.client.update_row(req).await {
            Ok(out) => out,
            Err(e) => return Err(self.explain(e, pk, why).await),
        };
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
        match self.range_request(&range, query) {
            Ok(req) => self.range_stream(range, req).left_stream(),
            Err(e) => futures_util::stream::once(std::future::ready(Err(e))).right_stream(),
        }
    }

    /// The GetRange request for a key range. The service's bounds are an inclusive start and
    /// an exclusive end; where the range wants otherwise, the request asks for one row more or
    /// reaches past the bound, and [`Repo::range_stream`] trims the rows.
    fn range_request(&self, range: &KeyRange<T>, query: Query<T>) -> Result<GetRangeRequest> {
        let (start, end) = range.bounds()?;
        let mut req = GetRangeRequest::new(T::TABLE, start, end)
            .direction(range.direction)
            .columns(query.columns_to_get());
        if let Some(n) = range.limit {
            req = req.limit(if range.excludes_its_start() {
                n.saturating_add(1)
            } else {
                n
            });
        }
        if let Some(f) = query.filter {
            req = req.filter(f.into_filter()?);
        }
        Ok(req)
    }

    fn range_stream(
        &self,
        range: KeyRange<T>,
        req: GetRangeRequest,
    ) -> impl Stream<Item = Result<T>> + Send + 'static {
        // The scan's first key, when the range excludes it.
        let excluded = range.excludes_its_start().then(|| req.start.clone());
        let limit = range.limit.map_or(usize::MAX, |n| n as usize);
        let inside = range.clone();
        self.client
            .get_range_stream(req)
            .filter(move |r| {
                let keep = !matches!((r, &excluded), (Ok(row), Some(x)) if &row.primary_key == x);
                std::future::ready(keep)
            })
            .take_while(move |r| {
                let keep = match r {
                    Ok(row) => !inside.past_the_end(&row.primary_key),
                    Err(_) => true,
                };
                std::future::ready(keep)
            })
            .take(limit)
            .map(|r| r.and_then(model_of))
    }

    pub(super) async fn do_page(
        &self,
        range: KeyRange<T>,
        query: Query<T>,
        size: u32,
        after: Option<PageToken>,
    ) -> Result<Page<T>> {
        let size = size.max(1);
        let range = match after {
            Some(token) => range.resume_after(token.key_values()?)?,
            None => range,
        };
        // One row more than the page tells whether another page follows.
        let mut items: Vec<T> = self
            .do_range_with(range.limit(size.saturating_add(1)), query)
            .try_collect()
            .await?;
        let next = if items.len() > size as usize {
            items.truncate(size as usize);
            match items.last() {
                Some(last) => {
                    let pk = T::primary_key_of(&last.key())?;
                    let values: Vec<PrimaryKeyValue> = pk.columns.into_iter().map(|c| c.value).collect();
                    Some(PageToken::from_key(&values))
                }
                None => None,
            }
        } else {
            None
        };
        Ok(Page { items, next })
    }

    pub(super) async fn do_batch_put(&self, models: &mut [T]) -> Result<Vec<Result<()>>> {
        if models.is_empty() {
            return Ok(Vec::new());
        }
        let mut batch = BatchWriteRowRequest::new();
        let mut expected = Vec::with_capacity(models.len());
        for m in models.iter_mut() {
            let (req, version) = Self::put_request(m, TypedCondition::new(RowExistence::Ignore, None))?;
            expected.push(version);
            batch = batch.put(req);
        }
        let out = match self.client.batch_write_row(batch).await {
            Ok(out) => out,
            Err(e) => {
                for (m, v) in models.iter_mut().zip(&expected) {
                    if let Some(v) = v {
                        m.set_version(*v);
                    }
                }
                return Err(e);
            }
        };
        Ok(out
            .rows
            .into_iter()
            .zip(models.iter_mut().zip(expected))
            .map(|(r, (m, version))| match (r, version) {
                (Ok(_), _) => Ok(()),
                (Err(e), Some(v)) => {
                    m.set_version(v);
                    let pk = e.primary_key().cloned();
                    Err(match pk {
                        Some(pk) if e.is_condition_failed() => e.into_stale(T::TABLE, pk, v.max(0)),
                        _ => e,
                    })
                }
                (Err(e), None) => Err(e),
            })
            .collect())
    }
}

/// What a conditional write asked for, to tell apart why it failed.
#[derive(Debug, Clone, Copy)]
struct Failed {
    /// The version the write was based on (0: the row must not exist yet), for versioned models.
    expected_version: Option<i64>,
    /// The write needs the row to exist.
    needs_row: bool,
    /// The caller gave a condition of their own.
    has_filter: bool,
}
