//! `Repo`'s writes: insert, put, update, delete, counters and batch puts, with the version
//! checks and timestamps of versioned models, and the reading of a failed condition's cause.

use super::repo::{and, now_ms, Repo};
use super::table::{IntegerColumn, OtsTable, TypedCondition};
use ots_core::model::{
    Column, ColumnUpdate, Condition, Filter, PrimaryKey, PrimaryKeyValue, ReturnType, Row, RowExistence,
    Value,
};
use ots_core::ops::batch::BatchWriteRowRequest;
use ots_core::ops::row::{DeleteRowRequest, GetRowRequest, PutRowRequest, UpdateRowRequest};
use ots_core::{Error, Result};

/// The managed values a write gives a model (version, created-at, updated-at): put into the
/// row before it is sent, and into the model only once the write succeeded, so a failed write
/// leaves the model as it was.
#[derive(Debug, Clone, Copy, Default)]
struct Stamps {
    version: Option<i64>,
    created: Option<i64>,
    updated: Option<i64>,
}

impl Stamps {
    fn new<T: OtsTable>(version: Option<i64>, created: bool) -> Self {
        let now = now_ms();
        Self {
            version: T::VERSION_COLUMN.and(version),
            created: (created && T::CREATED_AT_COLUMN.is_some()).then_some(now),
            updated: T::UPDATED_AT_COLUMN.is_some().then_some(now),
        }
    }

    fn apply_to_row<T: OtsTable>(&self, row: &mut Row) {
        let values = [
            (T::VERSION_COLUMN, self.version),
            (T::CREATED_AT_COLUMN, self.created),
            (T::UPDATED_AT_COLUMN, self.updated),
        ];
        for (column, value) in values {
            if let (Some(name), Some(v)) = (column, value) {
                row.columns.retain(|c| c.name != name);
                row.columns.push(Column::new(name, Value::Integer(v)));
            }
        }
    }

    fn apply_to_model<T: OtsTable>(&self, model: &mut T) {
        if let Some(v) = self.version {
            model.set_version(v);
        }
        if let Some(t) = self.created {
            model.set_created_at(t);
        }
        if let Some(t) = self.updated {
            model.set_updated_at(t);
        }
    }
}

/// A prepared put: the request, what the model becomes if it succeeds, and what its failure
/// may mean.
struct PreparedPut {
    request: PutRowRequest,
    stamps: Stamps,
    why: Failed,
}

impl<T: OtsTable> Repo<T> {
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
        let stamps = Stamps::new::<T>(Some(1), true);
        let mut row = Self::row_of(model, pk)?;
        stamps.apply_to_row::<T>(&mut row);
        let pk = row.primary_key.clone();
        let req = self
            .in_scope(PutRowRequest::new(T::TABLE, row), &pk)?
            .condition(condition)
            .return_type(ReturnType::PrimaryKey);
        let out = self.client().put_row(req).await?;
        stamps.apply_to_model(model);
        if auto {
            // The row is written: a key that cannot be read back is reported as such.
            let written = |why: String| {
                Error::response(format!(
                    "the insert into table {:?} was written, but its assigned key could not be read: {why}",
                    T::TABLE
                ))
            };
            let returned = out.row.ok_or_else(|| written("no key was returned".into()))?;
            let key = T::key_from_primary_key(&returned.primary_key).map_err(|e| written(e.to_string()))?;
            model.set_key(key);
        }
        Ok(())
    }

    pub(super) async fn do_put(&self, model: &mut T) -> Result<()> {
        self.do_put_if(model, TypedCondition::new(RowExistence::Ignore, None))
            .await
    }

    /// A whole-row put of `model` under `condition`, with the version check and the stamps of
    /// `put`. The model is not changed.
    fn prepare_put(model: &T, condition: TypedCondition<T>) -> Result<PreparedPut> {
        if let Some((col, 0)) = Self::auto_increment_value(model)? {
            return Err(Error::construction(format!(
                "put into table {:?}: the auto-increment key {col:?} is not assigned yet (0); \
                 insert the model first, which assigns it",
                T::TABLE
            )));
        }
        let user_existence = *condition.existence();
        let has_filter = condition.has_filter();
        let mut cond = condition.into_condition()?;
        let expected = model.version().filter(|_| T::VERSION_COLUMN.is_some());
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
        }
        let stamps = Stamps::new::<T>(expected.map(|v| v.max(0) + 1), expected.is_some_and(|v| v <= 0));
        let mut row = Self::row_of(model, T::primary_key_of(&model.key())?)?;
        stamps.apply_to_row::<T>(&mut row);
        Ok(PreparedPut {
            request: PutRowRequest::new(T::TABLE, row).condition(cond),
            stamps,
            why: Failed {
                expected_version: expected.map(|v| v.max(0)),
                needs_row: expected.is_some_and(|v| v > 0) || user_existence == RowExistence::ExpectExist,
                has_filter,
            },
        })
    }

    pub(super) async fn do_put_if(&self, model: &mut T, condition: TypedCondition<T>) -> Result<()> {
        let put = Self::prepare_put(model, condition)?;
        let pk = put.request.row.primary_key.clone();
        let request = self.in_scope(put.request, &pk)?;
        match self.client().put_row(request).await {
            Ok(_) => {
                put.stamps.apply_to_model(model);
                Ok(())
            }
            Err(e) => Err(self.explain(e, pk, put.why).await),
        }
    }

    /// Tells apart why a conditional write failed: the row was missing, its version moved on
    /// (stale), or the caller's own condition did not hold. The service answers all three with
    /// `OTSConditionCheckFail`; when more than one is possible, the row's key and version are
    /// read right after the failure to tell which.
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
        // The key column makes the service answer an existing row even without a version.
        let mut probe: Vec<String> = pk.columns.first().map(|c| c.name.clone()).into_iter().collect();
        if let Some(col) = T::VERSION_COLUMN.filter(|_| versioned) {
            probe.push(col.to_owned());
        }
        let Ok(probe_request) = self.in_scope(GetRowRequest::new(T::TABLE, pk.clone()), &pk) else {
            return e;
        };
        let stored = match self.client().get_row(probe_request.columns(probe)).await {
            Ok(out) => out.row,
            Err(_) => return e,
        };
        match stored {
            None if why.needs_row => e.into_row_missing(T::TABLE, pk),
            None => e,
            Some(row) if versioned => {
                // A row without a version column counts as version 0.
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

    /// The update a patch makes (bumping the version, setting updated-at), and the condition
    /// that keeps its increments inside their fields' ranges, if it has any.
    fn update_request(&self, pk: PrimaryKey, patch: T::Patch) -> Result<(UpdateRowRequest, Option<Filter>)> {
        let mut guard = None;
        for (name, delta, range) in T::patch_increments(&patch) {
            guard = and(guard, Some(range_guard::<T>(name, delta, range)?));
        }
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
        let mut req = self.in_scope(UpdateRowRequest::new(T::TABLE, pk.clone()), &pk)?;
        req.updates = updates;
        Ok((req, guard))
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
        let (req, guard) = self.update_request(pk.clone(), patch)?;
        let has_filter = has_filter || guard.is_some();
        cond.column_condition = and(cond.column_condition, guard);
        let req = req.condition(cond);
        let why = Failed {
            expected_version: None,
            needs_row: true,
            has_filter,
        };
        match self.client().update_row(req).await {
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
        let (req, guard) = self.update_request(pk.clone(), patch)?;
        let why = Failed {
            expected_version: Some(expected_version),
            needs_row: true,
            has_filter: guard.is_some(),
        };
        let version = Filter::eq(col, expected_version).pass_if_missing(false);
        let cond = Condition::expect_exist()
            .with_filter(and(Some(version), guard).unwrap_or_else(|| Filter::exists(col)));
        let req = req
            .condition(cond)
            .return_type(ReturnType::AfterModify(vec![col.to_owned()]));
        let out = match self.client().update_row(req).await {
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
        let req = self
            .in_scope(DeleteRowRequest::new(T::TABLE, pk.clone()), &pk)?
            .condition(condition.into_condition()?);
        let why = Failed {
            expected_version: None,
            needs_row,
            has_filter,
        };
        match self.client().delete_row(req).await {
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
        let bound = range_guard::<T>(name, delta, column.range())?;
        let existence = if needs_row {
            RowExistence::ExpectExist
        } else {
            RowExistence::Ignore
        };
        // A counter changes the row: versioned models are bumped (a put from an older read is
        // then stale instead of silently undoing the increment) and updated-at is set.
        let mut req = self
            .in_scope(UpdateRowRequest::new(T::TABLE, pk.clone()), &pk)?
            .increment(name, delta);
        if let Some(col) = T::VERSION_COLUMN {
            req = req.increment(col, 1);
        }
        if let Some(col) = T::UPDATED_AT_COLUMN {
            req = req.put(col, Value::Integer(now_ms()));
        }
        let req = req
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
        let out = match self.client().update_row(req).await {
            Ok(out) => out,
            Err(e) => return Err(self.explain(e, pk, why).await),
        };
        match out.row.as_ref().and_then(|r| r.get(name)) {
            Some(Value::Integer(v)) => Ok(*v),
            _ => Err(Error::response("the increment did not return the new value")),
        }
    }

    pub(super) async fn do_batch_put(&self, models: &mut [T]) -> Result<Vec<Result<()>>> {
        if models.is_empty() {
            return Ok(Vec::new());
        }
        // Every request is built before anything is sent or changed.
        let puts = models
            .iter()
            .map(|m| Self::prepare_put(m, TypedCondition::new(RowExistence::Ignore, None)))
            .collect::<Result<Vec<_>>>()?;
        let mut batch = BatchWriteRowRequest::new();
        if let Some(scope) = self.scope() {
            for put in &puts {
                scope.check(T::TABLE, &put.request.row.primary_key)?;
            }
            batch = batch.transaction_id(scope.id());
        }
        let mut outcomes = Vec::with_capacity(puts.len());
        for put in puts {
            outcomes.push((put.request.row.primary_key.clone(), put.stamps, put.why));
            batch = batch.put(put.request);
        }
        let out = self.client().batch_write_row(batch).await?;
        let mut results = Vec::with_capacity(models.len());
        for ((r, (pk, stamps, why)), m) in out.rows.into_iter().zip(outcomes).zip(models.iter_mut()) {
            results.push(match r {
                Ok(_) => {
                    stamps.apply_to_model(m);
                    Ok(())
                }
                // Told apart as `put` does: stale, missing or a failed condition.
                Err(e) => Err(self.explain(e, pk, why).await),
            });
        }
        Ok(results)
    }
}

/// The condition that keeps `name + delta` inside `range` (the field type's), an absent value
/// counting as 0.
///
/// # Errors
/// A construction error when `delta` is wider than the range: no stored value can take it.
fn range_guard<T: OtsTable>(name: &str, delta: i64, range: std::ops::RangeInclusive<i64>) -> Result<Filter> {
    let (min, max) = (i128::from(*range.start()), i128::from(*range.end()));
    let span = max - min;
    if !(-span..=span).contains(&i128::from(delta)) {
        return Err(Error::construction(format!(
            "increment of table {:?} column {name:?} by {delta}: no value of its type ({range:?}) can take it",
            T::TABLE
        )));
    }
    // |delta| <= span, so the bound lies within the range.
    let bound = if delta >= 0 {
        Filter::le(name, range.end() - delta)
    } else {
        Filter::ge(name, range.start() - delta)
    };
    Ok(bound.pass_if_missing(range.contains(&delta)))
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
