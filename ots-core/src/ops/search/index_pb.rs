//! Search index types to and from their protobuf messages.

use super::index::{
    Analyzer, CreateSearchIndexRequest, FieldSchema, FieldType, IndexSorter, SearchIndexDescription,
    SortMode, SortOrder, SyncPhase, VectorMetric,
};
use super::sort::{sort_pb, Sorter};
use crate::error::{Error, Result};
use ots_proto::pb::search as pb;
use prost::Message;

fn field_type_pb(t: FieldType) -> pb::FieldType {
    match t {
        FieldType::Long => pb::FieldType::Long,
        FieldType::Double => pb::FieldType::Double,
        FieldType::Boolean => pb::FieldType::Boolean,
        FieldType::Keyword => pb::FieldType::Keyword,
        FieldType::Text => pb::FieldType::Text,
        FieldType::Nested => pb::FieldType::Nested,
        FieldType::GeoPoint => pb::FieldType::GeoPoint,
        FieldType::Date => pb::FieldType::Date,
        FieldType::Vector => pb::FieldType::Vector,
    }
}

fn field_type_from(t: i32) -> Result<FieldType> {
    Ok(match pb::FieldType::try_from(t) {
        Ok(pb::FieldType::Long) => FieldType::Long,
        Ok(pb::FieldType::Double) => FieldType::Double,
        Ok(pb::FieldType::Boolean) => FieldType::Boolean,
        Ok(pb::FieldType::Keyword) => FieldType::Keyword,
        Ok(pb::FieldType::Text) => FieldType::Text,
        Ok(pb::FieldType::Nested) => FieldType::Nested,
        Ok(pb::FieldType::GeoPoint) => FieldType::GeoPoint,
        Ok(pb::FieldType::Date) => FieldType::Date,
        Ok(pb::FieldType::Vector) => FieldType::Vector,
        _ => return Err(Error::response(format!("unknown search field type {t}"))),
    })
}

/// The analyzer's name and its encoded parameters.
fn analyzer_pb(a: &Analyzer) -> (&'static str, Option<Vec<u8>>) {
    match a {
        Analyzer::SingleWord {
            case_sensitive,
            delimit_word,
        } => (
            "single_word",
            Some(
                pb::SingleWordAnalyzerParameter {
                    case_sensitive: *case_sensitive,
                    delimit_word: *delimit_word,
                }
                .encode_to_vec(),
            ),
        ),
        Analyzer::MaxWord => ("max_word", None),
        Analyzer::MinWord => ("min_word", None),
        Analyzer::Split { delimiter } => (
            "split",
            Some(
                pb::SplitAnalyzerParameter {
                    delimiter: delimiter.clone(),
                }
                .encode_to_vec(),
            ),
        ),
        Analyzer::Fuzzy { min_chars, max_chars } => (
            "fuzzy",
            Some(
                pb::FuzzyAnalyzerParameter {
                    min_chars: *min_chars,
                    max_chars: *max_chars,
                    case_sensitive: None,
                }
                .encode_to_vec(),
            ),
        ),
    }
}

fn analyzer_from(name: &str, params: Option<&[u8]>) -> Result<Analyzer> {
    let bad = |e: prost::DecodeError| {
        Error::response(format!("unreadable {name} analyzer parameters")).with_source(e)
    };
    let params = params.unwrap_or_default();
    Ok(match name {
        "single_word" => {
            let p = pb::SingleWordAnalyzerParameter::decode(params).map_err(bad)?;
            Analyzer::SingleWord {
                case_sensitive: p.case_sensitive,
                delimit_word: p.delimit_word,
            }
        }
        "max_word" => Analyzer::MaxWord,
        "min_word" => Analyzer::MinWord,
        "split" => Analyzer::Split {
            delimiter: pb::SplitAnalyzerParameter::decode(params).map_err(bad)?.delimiter,
        },
        "fuzzy" => {
            let p = pb::FuzzyAnalyzerParameter::decode(params).map_err(bad)?;
            Analyzer::Fuzzy {
                min_chars: p.min_chars,
                max_chars: p.max_chars,
            }
        }
        other => return Err(Error::response(format!("unknown analyzer {other:?}"))),
    })
}

fn metric_pb(m: VectorMetric) -> pb::VectorMetricType {
    match m {
        VectorMetric::Euclidean => pb::VectorMetricType::VmEuclidean,
        VectorMetric::Cosine => pb::VectorMetricType::VmCosine,
        VectorMetric::DotProduct => pb::VectorMetricType::VmDotProduct,
    }
}

fn metric_from(m: Option<i32>) -> Result<VectorMetric> {
    Ok(match m.map(pb::VectorMetricType::try_from) {
        None | Some(Ok(pb::VectorMetricType::VmEuclidean)) => VectorMetric::Euclidean,
        Some(Ok(pb::VectorMetricType::VmCosine)) => VectorMetric::Cosine,
        Some(Ok(pb::VectorMetricType::VmDotProduct)) => VectorMetric::DotProduct,
        Some(Err(_)) => return Err(Error::response(format!("unknown vector metric {m:?}"))),
    })
}

pub(super) fn field_pb(f: &FieldSchema) -> pb::FieldSchema {
    let (analyzer, analyzer_parameter) = match &f.analyzer {
        Some(a) => {
            let (name, params) = analyzer_pb(a);
            (Some(name.to_owned()), params)
        }
        None => (None, None),
    };
    pb::FieldSchema {
        field_name: Some(f.name.clone()),
        field_type: Some(field_type_pb(f.field_type) as i32),
        analyzer,
        index: f.index,
        enable_sort_and_agg: f.sort_and_agg,
        store: f.store,
        field_schemas: f.sub_fields.iter().map(field_pb).collect(),
        is_array: f.is_array,
        analyzer_parameter,
        is_virtual_field: f.source_column.as_ref().map(|_| true),
        source_field_names: f.source_column.iter().cloned().collect(),
        date_formats: f.date_formats.clone(),
        enable_highlighting: f.highlighting,
        vector_options: f.vector.map(|(dimension, metric)| pb::VectorOptions {
            data_type: Some(pb::VectorDataType::VdFloat32 as i32),
            dimension: Some(dimension),
            metric_type: Some(metric_pb(metric) as i32),
        }),
    }
}

fn field_from(f: pb::FieldSchema) -> Result<FieldSchema> {
    let field_type = field_type_from(f.field_type.unwrap_or_default())?;
    let analyzer = match &f.analyzer {
        Some(name) => Some(analyzer_from(name, f.analyzer_parameter.as_deref())?),
        None => None,
    };
    let vector = match f.vector_options {
        Some(v) => Some((v.dimension.unwrap_or_default(), metric_from(v.metric_type)?)),
        None => None,
    };
    Ok(FieldSchema {
        name: f.field_name.unwrap_or_default(),
        field_type,
        index: f.index,
        store: f.store,
        sort_and_agg: f.enable_sort_and_agg,
        is_array: f.is_array,
        analyzer,
        sub_fields: f
            .field_schemas
            .into_iter()
            .map(field_from)
            .collect::<Result<_>>()?,
        date_formats: f.date_formats,
        vector,
        highlighting: f.enable_highlighting,
        source_column: match f.is_virtual_field {
            Some(true) => f.source_field_names.into_iter().next(),
            _ => None,
        },
    })
}

fn order_from(o: Option<i32>) -> SortOrder {
    match o.map(pb::SortOrder::try_from) {
        Some(Ok(pb::SortOrder::Desc)) => SortOrder::Desc,
        _ => SortOrder::Asc,
    }
}

fn mode_from(m: Option<i32>) -> Option<SortMode> {
    match m.map(pb::SortMode::try_from) {
        Some(Ok(pb::SortMode::Min)) => Some(SortMode::Min),
        Some(Ok(pb::SortMode::Max)) => Some(SortMode::Max),
        Some(Ok(pb::SortMode::Avg)) => Some(SortMode::Avg),
        _ => None,
    }
}

fn sorter_from(s: pb::Sorter) -> Option<IndexSorter> {
    if let Some(f) = s.field_sort {
        return Some(IndexSorter::Field {
            name: f.field_name.unwrap_or_default(),
            order: order_from(f.order),
            mode: mode_from(f.mode),
        });
    }
    s.pk_sort.map(|p| IndexSorter::PrimaryKey {
        order: order_from(p.order),
    })
}

pub(super) fn create_pb(r: &CreateSearchIndexRequest) -> pb::CreateSearchIndexRequest {
    // One shard, as the official SDKs send with routing fields.
    let index_setting = (!r.routing_fields.is_empty()).then(|| pb::IndexSetting {
        number_of_shards: Some(1),
        routing_fields: r.routing_fields.clone(),
        routing_partition_size: None,
    });
    let index_sort = (!r.index_sort.is_empty()).then(|| pb::Sort {
        sorter: sort_pb(&r.index_sort.iter().map(Sorter::from).collect::<Vec<_>>()).sorter,
    });
    pb::CreateSearchIndexRequest {
        table_name: r.table.clone(),
        index_name: r.index.clone(),
        schema: Some(pb::IndexSchema {
            field_schemas: r.fields.iter().map(field_pb).collect(),
            index_setting,
            index_sort,
        }),
        source_index_name: None,
        time_to_live: r.time_to_live,
    }
}

pub(super) fn description_from(resp: pb::DescribeSearchIndexResponse) -> Result<SearchIndexDescription> {
    let schema = resp.schema.unwrap_or_default();
    let sync = resp.sync_stat.unwrap_or_default();
    Ok(SearchIndexDescription {
        fields: schema
            .field_schemas
            .into_iter()
            .map(field_from)
            .collect::<Result<_>>()?,
        routing_fields: schema.index_setting.map(|s| s.routing_fields).unwrap_or_default(),
        index_sort: schema
            .index_sort
            .map(|s| s.sorter.into_iter().filter_map(sorter_from).collect())
            .unwrap_or_default(),
        sync_phase: match sync.sync_phase.map(pb::SyncPhase::try_from) {
            Some(Ok(pb::SyncPhase::Full)) => Some(SyncPhase::Full),
            Some(Ok(pb::SyncPhase::Incr)) => Some(SyncPhase::Incr),
            _ => None,
        },
        current_sync_timestamp: sync.current_sync_timestamp,
        create_time: resp.create_time,
        time_to_live: resp.time_to_live,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The bytes the official Python SDK encodes for the same index (its pure-Python encoder,
    /// `_encode_create_search_index`, tablestore 6.x).
    #[test]
    fn create_matches_the_official_sdk() {
        const PYTHON: &str = "0a01741201691a5b0a0d0a016b100428013001380148010a150a04626f64791005220566757a7a79\
                              5204080210050a120a02617410086a0a797979792d4d4d2d64640a100a056974656d73100642050a01\
                              6e10011205080112016b1a060a04220208002880a305";
        let req = CreateSearchIndexRequest::new("t", "i")
            .field(
                FieldSchema::keyword("k")
                    .index(true)
                    .sort_and_agg(true)
                    .store(true)
                    .array(),
            )
            .field(FieldSchema::text("body").analyzer(Analyzer::Fuzzy {
                min_chars: Some(2),
                max_chars: Some(5),
            }))
            .field(FieldSchema::date("at", ["yyyy-MM-dd"]))
            .field(FieldSchema::nested("items", [FieldSchema::long("n")]))
            .routing_field("k")
            .sort_by(IndexSorter::PrimaryKey {
                order: SortOrder::Asc,
            })
            .time_to_live(86_400);
        let hex: String = create_pb(&req)
            .encode_to_vec()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(hex, PYTHON.replace(' ', ""));
    }

    /// Every field kind, analyzer, vector option and sorter survives the trip through the
    /// messages the service answers with.
    #[test]
    fn schemas_round_trip_through_protobuf() {
        let req = CreateSearchIndexRequest::new("t", "i")
            .field(FieldSchema::keyword("k").array().store(true))
            .field(FieldSchema::text("body").analyzer(Analyzer::Fuzzy {
                min_chars: Some(2),
                max_chars: Some(5),
            }))
            .field(FieldSchema::text("words").analyzer(Analyzer::SingleWord {
                case_sensitive: Some(true),
                delimit_word: None,
            }))
            .field(FieldSchema::text("csv").analyzer(Analyzer::Split {
                delimiter: Some(",".into()),
            }))
            .field(FieldSchema::date("at", ["yyyy-MM-dd"]))
            .field(FieldSchema::nested(
                "items",
                [FieldSchema::long("n"), FieldSchema::geo_point("p")],
            ))
            .field(FieldSchema::vector("emb", 4, VectorMetric::Cosine))
            .field(FieldSchema::double("price").sort_and_agg(true).index(false))
            .routing_field("k")
            .sort_by(IndexSorter::Field {
                name: "price".into(),
                order: SortOrder::Desc,
                mode: Some(SortMode::Max),
            })
            .sort_by(IndexSorter::PrimaryKey {
                order: SortOrder::Asc,
            })
            .time_to_live(86_400);
        let sent = create_pb(&req);
        let bytes = sent.encode_to_vec();
        let decoded = pb::CreateSearchIndexRequest::decode(bytes.as_slice()).unwrap();
        let answered = pb::DescribeSearchIndexResponse {
            schema: decoded.schema,
            sync_stat: Some(pb::SyncStat {
                sync_phase: Some(pb::SyncPhase::Incr as i32),
                current_sync_timestamp: Some(7),
            }),
            create_time: Some(9),
            time_to_live: decoded.time_to_live,
            index_status: None,
        };
        let d = description_from(answered).unwrap();
        assert_eq!(d.fields, req.fields);
        assert_eq!(d.routing_fields, req.routing_fields);
        assert_eq!(d.index_sort, req.index_sort);
        assert_eq!(
            (
                d.sync_phase,
                d.current_sync_timestamp,
                d.create_time,
                d.time_to_live
            ),
            (Some(SyncPhase::Incr), Some(7), Some(9), Some(86_400))
        );
        let text = sent.schema.unwrap().field_schemas[1].clone();
        assert_eq!(text.analyzer.as_deref(), Some("fuzzy"));
    }
}
