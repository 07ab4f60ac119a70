//! CreateSearchIndex schema checks, and the defaults the service reports back.
//!
//! Each rule and its source is listed in `FIDELITY.md` ("Search index management"). Messages
//! name the field they are about; where the service's own wording is not known they are ours.

use crate::error::{ServiceError, ServiceResult};
use ots_proto::pb::search as spb;
use prost::Message;

/// Most fields (sub-fields included) one index may hold (search index limits page).
pub const MAX_FIELDS: usize = 1000;
/// Shortest TTL other than -1, in seconds (CreateSearchIndex API reference).
pub const MIN_TIME_TO_LIVE: i32 = 86_400;
/// Largest vector dimension (vector field docs).
pub const MAX_VECTOR_DIMENSION: i32 = 4096;
/// Analyzer used when a TEXT field names none (FieldSchema reference; Python SDK test).
pub const DEFAULT_ANALYZER: &str = "single_word";

const ANALYZERS: &[&str] = &["single_word", "max_word", "min_word", "fuzzy", "split"];

/// What the checks need to know about the table an index is created on.
#[derive(Debug, Clone)]
pub struct TableFacts {
    /// The table's name (for messages).
    pub name: String,
    /// Primary key column names.
    pub primary_key: Vec<String>,
    /// Table TTL in seconds, or -1.
    pub time_to_live: i32,
    /// Versions kept per cell.
    pub max_versions: i32,
    /// Whether UpdateRow is allowed.
    pub allow_update: bool,
}

impl TableFacts {
    /// The table must keep one version, and either never expire or refuse updates
    /// (CreateSearchIndex usage notes).
    ///
    /// # Errors
    /// 400 OTSParameterInvalid.
    pub fn check_can_hold_index(&self) -> ServiceResult<()> {
        if self.max_versions != 1 {
            return Err(ServiceError::param(format!(
                "The max_versions of table [{}] must be 1 to create a search index, but is {}.",
                self.name, self.max_versions
            )));
        }
        if self.time_to_live != -1 && self.allow_update {
            return Err(ServiceError::param(format!(
                "Table [{}] has a time_to_live; set allow_update to false before creating a search index.",
                self.name
            )));
        }
        Ok(())
    }
}

/// Checks a search index TTL against the table: -1, or at least a day on a table that refuses
/// updates and does not expire sooner.
///
/// # Errors
/// 400 OTSParameterInvalid.
pub fn time_to_live(ttl: i32, table: &TableFacts) -> ServiceResult<i32> {
    if ttl == -1 {
        return Ok(ttl);
    }
    if ttl < MIN_TIME_TO_LIVE {
        return Err(ServiceError::param(format!(
            "The time_to_live of a search index must be -1 or at least {MIN_TIME_TO_LIVE} seconds, but is {ttl}."
        )));
    }
    if table.allow_update {
        return Err(ServiceError::param(format!(
            "A search index time_to_live requires allow_update of table [{}] to be false.",
            table.name
        )));
    }
    if table.time_to_live != -1 && ttl > table.time_to_live {
        return Err(ServiceError::param(format!(
            "The time_to_live of a search index ({ttl}) must not exceed the time_to_live of table [{}] ({}).",
            table.name, table.time_to_live
        )));
    }
    Ok(ttl)
}

fn field_type(f: &spb::FieldSchema, name: &str) -> ServiceResult<spb::FieldType> {
    let Some(t) = f.field_type else {
        return Err(ServiceError::param(format!(
            "The field_type of field [{name}] is required."
        )));
    };
    spb::FieldType::try_from(t)
        .map_err(|_| ServiceError::param(format!("Field [{name}] has an invalid field_type: {t}.")))
}

fn type_name(t: spb::FieldType) -> &'static str {
    match t {
        spb::FieldType::Long => "LONG",
        spb::FieldType::Double => "DOUBLE",
        spb::FieldType::Boolean => "BOOLEAN",
        spb::FieldType::Keyword => "KEYWORD",
        spb::FieldType::Text => "TEXT",
        spb::FieldType::Nested => "NESTED",
        spb::FieldType::GeoPoint => "GEO_POINT",
        spb::FieldType::Date => "DATE",
        spb::FieldType::Vector => "VECTOR",
        spb::FieldType::Json => "JSON",
    }
}

fn has_sub_fields(t: spb::FieldType) -> bool {
    matches!(t, spb::FieldType::Nested | spb::FieldType::Json)
}

fn check_analyzer(f: &spb::FieldSchema, name: &str, ty: spb::FieldType) -> ServiceResult<()> {
    let Some(analyzer) = f.analyzer.as_deref() else {
        if f.analyzer_parameter.as_ref().is_some_and(|p| !p.is_empty()) {
            return Err(ServiceError::param(format!(
                "Field [{name}] has an analyzer_parameter but no analyzer."
            )));
        }
        return Ok(());
    };
    if ty != spb::FieldType::Text {
        return Err(ServiceError::param(format!(
            "Field [{name}] of type {} cannot have an analyzer: only TEXT fields are analyzed.",
            type_name(ty)
        )));
    }
    if !ANALYZERS.contains(&analyzer) {
        return Err(ServiceError::param(format!(
            "Field [{name}] has an invalid analyzer [{analyzer}], expected one of {}.",
            ANALYZERS.join(", ")
        )));
    }
    let Some(param) = f.analyzer_parameter.as_deref().filter(|p| !p.is_empty()) else {
        return Ok(());
    };
    let bad = |what: &str| {
        ServiceError::param(format!(
            "The analyzer_parameter of field [{name}] is invalid for analyzer [{analyzer}]: {what}."
        ))
    };
    match analyzer {
        "single_word" => {
            spb::SingleWordAnalyzerParameter::decode(param).map_err(|e| bad(&e.to_string()))?;
        }
        "split" => {
            spb::SplitAnalyzerParameter::decode(param).map_err(|e| bad(&e.to_string()))?;
        }
        "fuzzy" => {
            let p = spb::FuzzyAnalyzerParameter::decode(param).map_err(|e| bad(&e.to_string()))?;
            let min = p.min_chars.unwrap_or(1);
            let max = p.max_chars.unwrap_or(7);
            if min < 1 || max < min {
                return Err(bad(&format!(
                    "min_chars ({min}) must be at least 1 and at most max_chars ({max})"
                )));
            }
        }
        _ => return Err(bad("this analyzer takes no parameter")),
    }
    Ok(())
}

fn check_vector(f: &spb::FieldSchema, name: &str, ty: spb::FieldType) -> ServiceResult<()> {
    if ty != spb::FieldType::Vector {
        if f.vector_options.is_some() {
            return Err(ServiceError::param(format!(
                "Field [{name}] of type {} cannot have vector_options.",
                type_name(ty)
            )));
        }
        return Ok(());
    }
    let Some(v) = &f.vector_options else {
        return Err(ServiceError::param(format!(
            "The vector_options of VECTOR field [{name}] are required."
        )));
    };
    match v.dimension {
        Some(d) if (1..=MAX_VECTOR_DIMENSION).contains(&d) => {}
        Some(d) => {
            return Err(ServiceError::param(format!(
                "The dimension of VECTOR field [{name}] must be in range [1, {MAX_VECTOR_DIMENSION}], but is {d}."
            )))
        }
        None => {
            return Err(ServiceError::param(format!(
                "The vector_options of VECTOR field [{name}] must have a dimension."
            )))
        }
    }
    if v.data_type
        .is_none_or(|t| spb::VectorDataType::try_from(t).is_err())
    {
        return Err(ServiceError::param(format!(
            "The vector_options of VECTOR field [{name}] must have a valid data_type."
        )));
    }
    if v.metric_type
        .is_none_or(|t| spb::VectorMetricType::try_from(t).is_err())
    {
        return Err(ServiceError::param(format!(
            "The vector_options of VECTOR field [{name}] must have a valid metric_type."
        )));
    }
    Ok(())
}

/// Checks one level of fields and fills in the defaults the service reports; `count` totals
/// the fields of every level.
fn fields(list: &mut [spb::FieldSchema], path: &str, count: &mut usize) -> ServiceResult<()> {
    let mut seen: Vec<String> = Vec::with_capacity(list.len());
    // Blanks around a name are dropped (the official Node SDK's tests create "col_nested2 " and
    // then write and query `col_nested2`).
    for f in list.iter_mut() {
        if let Some(name) = f.field_name.as_mut() {
            if name.trim().len() != name.len() {
                *name = name.trim().to_owned();
            }
        }
        for source in &mut f.source_field_names {
            if source.trim().len() != source.len() {
                *source = source.trim().to_owned();
            }
        }
    }
    for f in list.iter() {
        let name = f.field_name.as_deref().unwrap_or_default();
        if name.is_empty() {
            return Err(ServiceError::param(format!(
                "The field_name of a field{} is required.",
                if path.is_empty() {
                    String::new()
                } else {
                    format!(" of [{path}]")
                }
            )));
        }
        if !crate::names::is_valid_name(name) {
            return Err(ServiceError::param(format!("Invalid field name: [{name}].")));
        }
        if seen.iter().any(|s| s == name) {
            return Err(ServiceError::param(format!("Duplicated field name: [{name}].")));
        }
        seen.push(name.to_owned());
    }
    for f in list.iter_mut() {
        *count += 1;
        let short = f.field_name.clone().unwrap_or_default();
        let name = if path.is_empty() {
            short
        } else {
            format!("{path}.{short}")
        };
        let ty = field_type(f, &name)?;
        check_analyzer(f, &name, ty)?;
        check_vector(f, &name, ty)?;
        if f.enable_highlighting == Some(true) && ty != spb::FieldType::Text {
            return Err(ServiceError::param(format!(
                "Field [{name}] of type {} cannot enable highlighting: only TEXT fields can.",
                type_name(ty)
            )));
        }
        // Nested sub-fields may enable highlighting (the Go SDK's search suite creates such an
        // index); ots-local does not highlight them (a request to is refused).
        if f.enable_sort_and_agg == Some(true)
            && matches!(
                ty,
                spb::FieldType::Text | spb::FieldType::Nested | spb::FieldType::Json | spb::FieldType::Vector
            )
        {
            return Err(ServiceError::param(format!(
                "Field [{name}] of type {} does not support enable_sort_and_agg.",
                type_name(ty)
            )));
        }
        if ty == spb::FieldType::Date && f.date_formats.is_empty() {
            return Err(ServiceError::param(format!(
                "The date_formats of DATE field [{name}] are required."
            )));
        }
        // Refused rather than accepted and never matched: the values would go unindexed.
        if let Some(letters) = f
            .date_formats
            .iter()
            .find_map(|d| super::date::DateFormat::parse(d).unsupported())
        {
            return Err(ServiceError::unsupported_feature(format!(
                "The date format letters [{letters}] of field [{name}] are not supported by ots-local (it reads yyyy MM dd HH mm ss S X Z and epoch_* formats)."
            )));
        }
        if ty != spb::FieldType::Date && !f.date_formats.is_empty() {
            return Err(ServiceError::param(format!(
                "Field [{name}] of type {} cannot have date_formats.",
                type_name(ty)
            )));
        }
        if f.is_virtual_field == Some(true) && f.source_field_names.is_empty() {
            return Err(ServiceError::param(format!(
                "Virtual field [{name}] must name its source_field_names."
            )));
        }
        if f.is_virtual_field != Some(true) && !f.source_field_names.is_empty() {
            return Err(ServiceError::param(format!(
                "Field [{name}] is not virtual and cannot have source_field_names."
            )));
        }
        if has_sub_fields(ty) {
            if f.field_schemas.is_empty() {
                return Err(ServiceError::param(format!(
                    "{} field [{name}] must have sub-field schemas.",
                    type_name(ty)
                )));
            }
            fields(&mut f.field_schemas, &name, count)?;
        } else {
            if !f.field_schemas.is_empty() {
                return Err(ServiceError::param(format!(
                    "Field [{name}] of type {} cannot have sub-field schemas: only NESTED fields do.",
                    type_name(ty)
                )));
            }
            // The service reports these for every non-nested field (Python SDK
            // `test_create_search_index` compares them after DescribeSearchIndex).
            f.index.get_or_insert(true);
            f.is_array.get_or_insert(false);
            f.enable_sort_and_agg.get_or_insert(false);
            if ty == spb::FieldType::Text {
                f.analyzer.get_or_insert_with(|| DEFAULT_ANALYZER.to_owned());
            }
        }
    }
    // Virtual fields read other fields of the same level.
    for f in list.iter() {
        for source in &f.source_field_names {
            if !list
                .iter()
                .any(|s| s.field_name.as_deref() == Some(source.as_str()))
            {
                return Err(ServiceError::param(format!(
                    "Source field [{source}] of virtual field [{}] is not in the index.",
                    f.field_name.as_deref().unwrap_or_default()
                )));
            }
        }
    }
    Ok(())
}

fn check_sort(sort: &spb::Sort, schema: &spb::IndexSchema) -> ServiceResult<()> {
    for sorter in &sort.sorter {
        match sorter {
            spb::Sorter {
                pk_sort: Some(_),
                field_sort: None,
                ..
            } => {}
            spb::Sorter {
                field_sort: Some(fs),
                pk_sort: None,
                ..
            } => {
                let name = fs.field_name.as_deref().unwrap_or_default();
                let field = schema
                    .field_schemas
                    .iter()
                    .find(|f| f.field_name.as_deref() == Some(name))
                    .ok_or_else(|| {
                        ServiceError::param(format!("Index sort field [{name}] is not in the index."))
                    })?;
                if field.enable_sort_and_agg != Some(true) {
                    return Err(ServiceError::param(format!(
                        "Index sort field [{name}] must have enable_sort_and_agg."
                    )));
                }
            }
            _ => {
                return Err(ServiceError::param(
                    "An index sorter must be one PrimaryKeySort or FieldSort.",
                ))
            }
        }
    }
    Ok(())
}

/// Checks a CreateSearchIndex schema against the table and returns it as DescribeSearchIndex
/// reports it: every non-nested field with `index`, `is_array` and `enable_sort_and_agg`,
/// TEXT fields with their analyzer, one shard, and the index sort (by primary key ascending
/// unless given; none for an index with nested fields, where index sort is not supported).
///
/// # Errors
/// 400 OTSParameterInvalid naming the field at fault.
pub fn normalize_schema(
    schema: Option<spb::IndexSchema>,
    table: &TableFacts,
) -> ServiceResult<spb::IndexSchema> {
    let Some(mut schema) = schema else {
        return Err(ServiceError::param("The schema of a search index is required."));
    };
    if schema.field_schemas.is_empty() {
        return Err(ServiceError::param(
            "The schema of a search index must have at least one field.",
        ));
    }
    let mut count = 0;
    fields(&mut schema.field_schemas, "", &mut count)?;
    if count > MAX_FIELDS {
        return Err(ServiceError::param(format!(
            "The number of fields of a search index must not exceed {MAX_FIELDS}, but is {count}."
        )));
    }
    let setting = schema.index_setting.get_or_insert_with(Default::default);
    for routing in &setting.routing_fields {
        if !table.primary_key.iter().any(|pk| pk == routing) {
            return Err(ServiceError::param(format!(
                "Routing field [{routing}] must be a primary key column of table [{}].",
                table.name
            )));
        }
    }
    setting.number_of_shards = Some(1);
    let nested = schema
        .field_schemas
        .iter()
        .any(|f| f.field_type == Some(spb::FieldType::Nested as i32));
    let sort = schema.index_sort.take().filter(|s| !s.sorter.is_empty());
    schema.index_sort = Some(match sort {
        Some(_) if nested => {
            return Err(ServiceError::param(
                "Index sort is not supported for a search index with NESTED fields.",
            ))
        }
        Some(sort) => {
            check_sort(&sort, &schema)?;
            sort
        }
        None if nested => spb::Sort::default(),
        None => spb::Sort {
            sorter: vec![spb::Sorter {
                pk_sort: Some(spb::PrimaryKeySort {
                    order: Some(spb::SortOrder::Asc as i32),
                }),
                ..Default::default()
            }],
        },
    });
    Ok(schema)
}
