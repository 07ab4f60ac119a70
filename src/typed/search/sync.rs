//! A model's search indexes brought in line: created when missing, TTL updated, and every
//! other difference reported, since an index's schema cannot change in place.

use super::Searchable;
use crate::typed::repo::Repo;
use ots_core::ops::search::index::{
    Analyzer, CreateSearchIndexRequest, DescribeSearchIndexRequest, FieldSchema, FieldType, IndexSorter,
    SearchIndexDescription, UpdateSearchIndexRequest,
};
use ots_core::{ErrorCode, Result};
use std::fmt;

/// What [`Repo::sync_search_indexes`] did and found for one index.
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct SearchIndexReport {
    /// The index.
    pub index: String,
    /// The index did not exist and was created.
    pub created: bool,
    /// Its time to live differed and was updated.
    pub ttl_updated: bool,
    /// Differences that need a new index (nothing was dropped).
    pub drift: Vec<SearchIndexDrift>,
}

/// A difference between an index and the model that cannot be fixed in place: create an index
/// under a new name, switch the model to it once it has caught up, then delete the old one. Its
/// `Display` says what differs.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum SearchIndexDrift {
    /// The model indexes a field the index lacks.
    MissingField {
        /// The field.
        field: String,
    },
    /// The index has a field the model does not declare.
    ExtraField {
        /// The field.
        field: String,
    },
    /// A field is indexed differently.
    FieldChanged {
        /// As the index has it.
        index: Box<FieldSchema>,
        /// As the model declares it.
        model: Box<FieldSchema>,
    },
    /// The presort differs.
    IndexSort {
        /// The index's.
        index: Vec<IndexSorter>,
        /// The model's.
        model: Vec<IndexSorter>,
    },
    /// The routing fields differ.
    Routing {
        /// The index's.
        index: Vec<String>,
        /// The model's.
        model: Vec<String>,
    },
}

impl fmt::Display for SearchIndexDrift {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SearchIndexDrift::MissingField { field } => {
                write!(f, "field {field:?} is in the model but not in the index")
            }
            SearchIndexDrift::ExtraField { field } => {
                write!(f, "field {field:?} is in the index but not in the model")
            }
            SearchIndexDrift::FieldChanged { index, model } => write!(
                f,
                "field {:?} is indexed as {:?} but the model declares {:?}",
                model.name, index, model
            ),
            SearchIndexDrift::IndexSort { index, model } => {
                write!(f, "the index presorts by {index:?} but the model by {model:?}")
            }
            SearchIndexDrift::Routing { index, model } => {
                write!(f, "the index routes by {index:?} but the model by {model:?}")
            }
        }
    }
}

/// A field as it compares: options left unset take the service's defaults, and what the model
/// does not specify is not compared.
fn same_field(model: &FieldSchema, index: &FieldSchema) -> bool {
    // Flags left unset are the service's defaults: indexed, no sort-and-agg, no highlighting;
    // `store` is compared only when the model sets it (its default depends on the type).
    let flag = |m: Option<bool>, i: Option<bool>, default: bool| m.unwrap_or(default) == i.unwrap_or(default);
    let text_analyzer = |f: &FieldSchema| match (&f.analyzer, f.field_type) {
        (None, FieldType::Text) => Some(Analyzer::SingleWord {
            case_sensitive: None,
            delimit_word: None,
        }),
        (a, _) => a.clone(),
    };
    model.field_type == index.field_type
        && flag(model.is_array, index.is_array, false)
        && flag(model.index, index.index, true)
        && flag(model.sort_and_agg, index.sort_and_agg, false)
        && (model.store.is_none() || model.store == index.store)
        && flag(model.highlighting, index.highlighting, false)
        && text_analyzer(model) == text_analyzer(index)
        && (model.date_formats.is_empty() || model.date_formats == index.date_formats)
        && model.vector == index.vector
        && model.source_column == index.source_column
        && model.sub_fields.len() == index.sub_fields.len()
        && model.sub_fields.iter().all(|m| {
            index
                .sub_fields
                .iter()
                .find(|i| i.name == m.name)
                .is_some_and(|i| same_field(m, i))
        })
}

/// The differences between what the model wants and what the index has.
fn drift(want: &CreateSearchIndexRequest, have: &SearchIndexDescription) -> Vec<SearchIndexDrift> {
    let mut out = Vec::new();
    for m in &want.fields {
        match have.fields.iter().find(|i| i.name == m.name) {
            None => out.push(SearchIndexDrift::MissingField {
                field: m.name.clone(),
            }),
            Some(i) if !same_field(m, i) => out.push(SearchIndexDrift::FieldChanged {
                index: Box::new(i.clone()),
                model: Box::new(m.clone()),
            }),
            Some(_) => {}
        }
    }
    for i in &have.fields {
        if !want.fields.iter().any(|m| m.name == i.name) {
            out.push(SearchIndexDrift::ExtraField {
                field: i.name.clone(),
            });
        }
    }
    // No declared presort means the primary key's, which is what the index reports.
    let is_pk_sort = |s: &[IndexSorter]| s.iter().all(|s| matches!(s, IndexSorter::PrimaryKey { .. }));
    let sort_differs = if want.index_sort.is_empty() {
        !is_pk_sort(&have.index_sort)
    } else {
        want.index_sort != have.index_sort
    };
    if sort_differs {
        out.push(SearchIndexDrift::IndexSort {
            index: have.index_sort.clone(),
            model: want.index_sort.clone(),
        });
    }
    if want.routing_fields != have.routing_fields {
        out.push(SearchIndexDrift::Routing {
            index: have.routing_fields.clone(),
            model: want.routing_fields.clone(),
        });
    }
    out
}

impl<T: Searchable> Repo<T> {
    /// Brings the model's search indexes in line, in declared order: creates the missing ones,
    /// updates a time to live the model declares when it differs, and reports the other
    /// differences (a changed schema needs a new index; nothing is dropped). Indexes the model
    /// does not declare are left alone. The table must exist ([`Repo::sync_schema`] first).
    ///
    /// An index's time to live cannot exceed its table's: to lower both, sync the indexes
    /// before the table; to raise both, the table first. On the service a new index first
    /// copies the existing rows (its sync phase is `Full`), so searches right after creating
    /// one can miss rows; ots-local indexes them at once.
    ///
    /// # Errors
    /// Service and transport errors (the service refuses an index on a table that keeps more
    /// than one version, or that has a time to live and allows updates).
    #[doc(alias = "sync_search_index")]
    pub async fn sync_search_indexes(&self) -> Result<Vec<SearchIndexReport>> {
        let mut reports = Vec::new();
        for want in T::search_index_requests() {
            let mut report = SearchIndexReport {
                index: want.index.clone(),
                ..SearchIndexReport::default()
            };
            let described = self
                .client()
                .describe_search_index(DescribeSearchIndexRequest::new(&want.table, &want.index))
                .await;
            let have = match described {
                Ok(have) => have,
                Err(e) if e.code() == Some(&ErrorCode::MetaNotMatch) || e.is_not_found() => {
                    self.client().create_search_index(want).await?;
                    report.created = true;
                    reports.push(report);
                    continue;
                }
                Err(e) => return Err(e),
            };
            report.drift = drift(&want, &have);
            // A model without a `ttl` leaves the index's as it is.
            if let Some(ttl) = want
                .time_to_live
                .filter(|t| have.time_to_live.unwrap_or(-1) != *t)
            {
                self.client()
                    .update_search_index(
                        UpdateSearchIndexRequest::new(&want.table, &want.index).time_to_live(ttl),
                    )
                    .await?;
                report.ttl_updated = true;
            }
            reports.push(report);
        }
        Ok(reports)
    }
}
