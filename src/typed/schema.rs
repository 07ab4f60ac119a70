//! The table behind a model: create it, or bring it in line with the model and report what
//! cannot be changed in place.

use super::repo::Repo;
use super::table::OtsTable;
use ots_core::model::{DefinedColumnType, IndexMeta, PrimaryKeySchema, TableOptions};
use ots_core::ops::table::{
    AddDefinedColumnsRequest, CreateIndexRequest, DescribeTableRequest, UpdateTableRequest,
};
use ots_core::Result;
use std::fmt;

#[cfg(test)]
mod tests;

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
    /// Secondary indexes that were created (with the rows already in the table).
    pub indexes_created: Vec<String>,
    /// Differences that cannot be fixed in place.
    pub drift: Vec<SchemaDrift>,
}

/// A difference between the table and the model that `sync_schema` cannot fix in place; its
/// `Display` says what differs.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SchemaDrift {
    /// The primary key differs: a table's key cannot change (a new table is needed).
    PrimaryKey {
        /// The table's key columns.
        table: Vec<PrimaryKeySchema>,
        /// The model's key columns.
        model: Vec<PrimaryKeySchema>,
    },
    /// A defined column has another type in the table.
    DefinedColumnType {
        /// The column.
        column: String,
        /// Its type in the table.
        table: DefinedColumnType,
        /// Its type in the model.
        model: DefinedColumnType,
    },
    /// The table defines a column the model does not (it is left in place).
    ExtraDefinedColumn {
        /// The column.
        column: String,
    },
    /// A secondary index of the model's exists with other columns or another kind: an index
    /// cannot change (drop it and sync again to create it anew). Until then reads by it are
    /// wrong where it carries fewer columns than the model declares: a covering index builds
    /// models from its own rows.
    Index {
        /// The index as the table has it.
        table: IndexMeta,
        /// The index as the model declares it.
        model: IndexMeta,
    },
    /// The table has a secondary index the model does not declare (it is left in place).
    ExtraIndex {
        /// The index's name.
        name: String,
    },
}

impl fmt::Display for SchemaDrift {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names = |cols: &[PrimaryKeySchema]| cols.iter().map(|c| c.name.clone()).collect::<Vec<_>>();
        match self {
            SchemaDrift::PrimaryKey { table, model } => write!(
                f,
                "primary key is {:?} in the table but {:?} in the model; a table's key cannot change",
                names(table),
                names(model)
            ),
            SchemaDrift::DefinedColumnType { column, table, model } => write!(
                f,
                "defined column {column:?} is {table:?} in the table but {model:?} in the model"
            ),
            SchemaDrift::ExtraDefinedColumn { column } => {
                write!(
                    f,
                    "defined column {column:?} exists in the table but not in the model"
                )
            }
            SchemaDrift::Index { table, model } => write!(
                f,
                "secondary index {:?} is {:?} keyed by {:?} carrying {:?} in the table but {:?} keyed by {:?} carrying {:?} in the model; an index cannot change",
                model.name,
                table.kind,
                table.primary_key,
                table.defined_columns,
                model.kind,
                model.primary_key,
                model.defined_columns
            ),
            SchemaDrift::ExtraIndex { name } => {
                write!(f, "secondary index {name:?} exists in the table but not in the model")
            }
        }
    }
}

impl<T: OtsTable> Repo<T> {
    pub(super) async fn do_create_table(&self) -> Result<()> {
        self.client().create_table(T::create_table_request()).await
    }

    pub(super) async fn do_sync_schema(&self) -> Result<SchemaReport> {
        let want = T::create_table_request();
        let mut report = SchemaReport::default();
        let have = match self
            .client()
            .describe_table(DescribeTableRequest::new(T::TABLE))
            .await
        {
            Ok(d) => d,
            Err(e) if e.is_not_found() => {
                self.client().create_table(want).await?;
                report.created = true;
                return Ok(report);
            }
            Err(e) => return Err(e),
        };
        if have.primary_key != want.primary_key {
            report.drift.push(SchemaDrift::PrimaryKey {
                table: have.primary_key.clone(),
                model: want.primary_key.clone(),
            });
        }
        let differs = |w: Option<i64>, h: Option<i64>| w.is_some() && w != h;
        let (wo, ho) = (&want.options, &have.options);
        if differs(wo.time_to_live.map(i64::from), ho.time_to_live.map(i64::from))
            || differs(wo.max_versions.map(i64::from), ho.max_versions.map(i64::from))
            || differs(wo.max_time_deviation, ho.max_time_deviation)
            || (wo.allow_update.is_some() && wo.allow_update != ho.allow_update.or(Some(true)))
        {
            let options = TableOptions {
                time_to_live: wo.time_to_live,
                max_versions: wo.max_versions,
                max_time_deviation: wo.max_time_deviation,
                allow_update: wo.allow_update,
                update_full_row: None,
            };
            self.client()
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
                    report.drift.push(SchemaDrift::DefinedColumnType {
                        column: c.name.clone(),
                        table: h.column_type,
                        model: c.column_type,
                    });
                }
            }
        }
        for h in &have.defined_columns {
            if !want.defined_columns.iter().any(|c| c.name == h.name) {
                report.drift.push(SchemaDrift::ExtraDefinedColumn {
                    column: h.name.clone(),
                });
            }
        }
        if !missing.is_empty() {
            report.columns_added = missing.iter().map(|c| c.name.clone()).collect();
            self.client()
                .add_defined_columns(AddDefinedColumnsRequest::new(T::TABLE).columns(missing))
                .await?;
        }
        self.sync_indexes(
            &want.indexes,
            &have.indexes,
            &key_names(&want.primary_key),
            &mut report,
        )
        .await?;
        Ok(report)
    }

    /// Creates the model's indexes the table lacks (after the defined columns they need), with
    /// the rows already there, and reports the ones that differ or that only the table has.
    async fn sync_indexes(
        &self,
        want: &[IndexMeta],
        have: &[IndexMeta],
        table_key: &[String],
        report: &mut SchemaReport,
    ) -> Result<()> {
        for index in want {
            match have.iter().find(|h| h.name == index.name) {
                None => {
                    self.client()
                        .create_index(
                            CreateIndexRequest::new(T::TABLE, index.clone()).include_base_data(true),
                        )
                        .await?;
                    report.indexes_created.push(index.name.clone());
                }
                Some(h) if !same_index(h, index, table_key) => report.drift.push(SchemaDrift::Index {
                    table: h.clone(),
                    model: index.clone(),
                }),
                Some(_) => {}
            }
        }
        for h in have {
            if !want.iter().any(|w| w.name == h.name) {
                report
                    .drift
                    .push(SchemaDrift::ExtraIndex { name: h.name.clone() });
            }
        }
        Ok(())
    }
}

fn key_names(key: &[PrimaryKeySchema]) -> Vec<String> {
    key.iter().map(|c| c.name.clone()).collect()
}

/// Whether the table's index `have` is the model's `want`. Its key may be reported as given or
/// completed with the table's key columns it lacks; the columns it carries are a set (their
/// order follows the model's fields, which may move).
fn same_index(have: &IndexMeta, want: &IndexMeta, table_key: &[String]) -> bool {
    let mut completed = want.primary_key.clone();
    completed.extend(
        table_key
            .iter()
            .filter(|c| !want.primary_key.contains(c))
            .cloned(),
    );
    fn carried(m: &IndexMeta) -> Vec<&String> {
        let mut c: Vec<&String> = m.defined_columns.iter().collect();
        c.sort();
        c
    }
    have.kind == want.kind
        && carried(have) == carried(want)
        && (have.primary_key == want.primary_key || have.primary_key == completed)
}
