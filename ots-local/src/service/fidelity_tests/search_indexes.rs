//! Search index management: the rules of CreateSearchIndex (`rules`) and what Describe
//! reports back (`round_trips`); parallel scans (`scan`). The helpers build and send the
//! requests.
#![allow(clippy::unwrap_used)]

use super::*;

mod round_trips;
mod rules;
mod scan;
mod sorting;
use ots_proto::pb::search as spb;

pub(super) fn field(name: &str, ty: spb::FieldType) -> spb::FieldSchema {
    spb::FieldSchema {
        field_name: Some(name.into()),
        field_type: Some(ty as i32),
        ..Default::default()
    }
}

pub(super) fn schema(fields: Vec<spb::FieldSchema>) -> spb::IndexSchema {
    spb::IndexSchema {
        field_schemas: fields,
        ..Default::default()
    }
}

pub(super) fn create_index(
    svc: &Service,
    table: &str,
    index: &str,
    schema: spb::IndexSchema,
    ttl: Option<i32>,
) -> Result<Vec<u8>, crate::ServiceError> {
    let req = spb::CreateSearchIndexRequest {
        table_name: table.into(),
        index_name: index.into(),
        schema: Some(schema),
        source_index_name: None,
        time_to_live: ttl,
    };
    svc.dispatch_at("CreateSearchIndex", &req.encode_to_vec(), T0)
}

pub(super) fn simple() -> spb::IndexSchema {
    schema(vec![field("k", spb::FieldType::Keyword)])
}

pub(super) fn describe(
    svc: &Service,
    table: &str,
    index: &str,
) -> Result<spb::DescribeSearchIndexResponse, crate::ServiceError> {
    let req = spb::DescribeSearchIndexRequest {
        table_name: Some(table.into()),
        index_name: Some(index.into()),
        include_sync_stat: None,
    };
    svc.dispatch_at("DescribeSearchIndex", &req.encode_to_vec(), T0)
        .map(|b| spb::DescribeSearchIndexResponse::decode(b.as_slice()).unwrap())
}

pub(super) fn list(svc: &Service, table: Option<&str>) -> Vec<(String, String)> {
    let req = spb::ListSearchIndexRequest {
        table_name: table.map(Into::into),
    };
    let resp = svc
        .dispatch_at("ListSearchIndex", &req.encode_to_vec(), T0)
        .unwrap();
    spb::ListSearchIndexResponse::decode(resp.as_slice())
        .unwrap()
        .indices
        .into_iter()
        .map(|i| (i.table_name.unwrap(), i.index_name.unwrap()))
        .collect()
}

pub(super) fn update_ttl(
    svc: &Service,
    table: &str,
    index: &str,
    ttl: i32,
) -> Result<Vec<u8>, crate::ServiceError> {
    let req = spb::UpdateSearchIndexRequest {
        table_name: Some(table.into()),
        index_name: Some(index.into()),
        time_to_live: Some(ttl),
    };
    svc.dispatch_at("UpdateSearchIndex", &req.encode_to_vec(), T0)
}

pub(super) fn delete_index(svc: &Service, table: &str, index: &str) -> Result<Vec<u8>, crate::ServiceError> {
    let req = spb::DeleteSearchIndexRequest {
        table_name: Some(table.into()),
        index_name: Some(index.into()),
    };
    svc.dispatch_at("DeleteSearchIndex", &req.encode_to_vec(), T0)
}

pub(super) fn delete_table(svc: &Service, table: &str) -> Result<Vec<u8>, crate::ServiceError> {
    let req = pb::DeleteTableRequest {
        table_name: table.into(),
    };
    svc.dispatch_at("DeleteTable", &req.encode_to_vec(), T0)
}

pub(super) fn set_table_options(svc: &Service, table: &str, options: pb::TableOptions) {
    try_table_options(svc, table, options).unwrap();
}

pub(super) fn try_table_options(
    svc: &Service,
    table: &str,
    options: pb::TableOptions,
) -> Result<Vec<u8>, crate::ServiceError> {
    let req = pb::UpdateTableRequest {
        table_name: table.into(),
        table_options: Some(options),
        ..Default::default()
    };
    svc.dispatch_at("UpdateTable", &req.encode_to_vec(), T0)
}

pub(super) fn disallow_update(svc: &Service, table: &str) {
    set_table_options(
        svc,
        table,
        pb::TableOptions {
            allow_update: Some(false),
            ..Default::default()
        },
    );
}

/// Asserts a 400 OTSParameterInvalid whose message contains `needle`.
pub(super) fn assert_param(result: Result<Vec<u8>, crate::ServiceError>, needle: &str) {
    let e = result.unwrap_err();
    assert_eq!(e.code, "OTSParameterInvalid", "{e}");
    assert_eq!(e.status, 400);
    assert!(e.message.contains(needle), "{needle:?} not in {:?}", e.message);
}

pub(super) fn text(name: &str, analyzer: &str, parameter: Option<Vec<u8>>) -> spb::FieldSchema {
    spb::FieldSchema {
        analyzer: Some(analyzer.into()),
        analyzer_parameter: parameter,
        ..field(name, spb::FieldType::Text)
    }
}

pub(super) fn vector(name: &str, dimension: Option<i32>) -> spb::FieldSchema {
    spb::FieldSchema {
        vector_options: Some(spb::VectorOptions {
            data_type: Some(spb::VectorDataType::VdFloat32 as i32),
            dimension,
            metric_type: Some(spb::VectorMetricType::VmCosine as i32),
        }),
        ..field(name, spb::FieldType::Vector)
    }
}
