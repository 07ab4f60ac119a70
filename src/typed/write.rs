//! `Repo`'s writes: insert, put, update, delete, counters and batch puts, with the version
//! checks and timestamps of versioned models, and the reading of a failed condition's cause.

use super::repo::{and, now_ms, Repo};
use super::table::{IntegerColumn, OtsTable, TypedCondition};
use ots_core::model::{
    ColumnUpdate, Condition, Filter, PrimaryKey, PrimaryKeyValue, ReturnType, Row, RowExistence, Value,
};
use ots_core::ops::batch::BatchWriteRowRequest;
use ots_core::ops::row::{DeleteRowRequest, GetRowRequest, PutRowRequest, UpdateRowRequest};
use ots_core::{Error, Result};

impl<T: OtsTable> Repo<T> {
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
        let out = self.client().put_row(req).await?;
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
        match self.client().put_row(req).await {
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
            .client()
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
        let mut req = UpdateRowRequest::new(T::TABLE, pk);
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
        let req = DeleteRowRequest::new(T::TABLE, pk.clone()).condition(condition.into_condition()?);
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
        let mut batch = BatchWriteRowRequest::new();
        let mut expected = Vec::with_capacity(models.len());
        for m in models.iter_mut() {
            let (req, version) = Self::put_request(m, TypedCondition::new(RowExistence::Ignore, None))?;
            expected.push(version);
            batch = batch.put(req);
        }
        let out = match self.client().batch_write_row(batch).await {
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
