//! The search index operations of the client: create, describe, list, update and delete.

use super::index::{
    CreateSearchIndexRequest, DeleteSearchIndexRequest, DescribeSearchIndexRequest, ListSearchIndexesRequest,
    SearchIndexDescription, SearchIndexInfo, UpdateSearchIndexRequest,
};
use super::index_pb;
use crate::client::Client;
use crate::error::Result;
use ots_proto::action::Action;
use ots_proto::pb::search as pb;

impl Client {
    /// Creates a search index.
    ///
    /// # Errors
    /// `is_already_exists()` for a name in use, `is_not_found()` for a missing table,
    /// `is_invalid_parameter()` for a schema the service refuses; transport errors.
    pub async fn create_search_index(&self, request: CreateSearchIndexRequest) -> Result<()> {
        let req = index_pb::create_pb(&request);
        let _: pb::CreateSearchIndexResponse = self
            .call(Action::CreateSearchIndex, &request.table, &req, false)
            .await?;
        Ok(())
    }

    /// Describes a search index: its schema, sync phase, creation time and time to live.
    ///
    /// # Errors
    /// `is_not_found()` for a missing table or index; transport errors.
    pub async fn describe_search_index(
        &self,
        request: DescribeSearchIndexRequest,
    ) -> Result<SearchIndexDescription> {
        let req = pb::DescribeSearchIndexRequest {
            table_name: Some(request.table.clone()),
            index_name: Some(request.index),
            include_sync_stat: Some(true),
        };
        let resp: pb::DescribeSearchIndexResponse = self
            .call(Action::DescribeSearchIndex, &request.table, &req, true)
            .await?;
        index_pb::description_from(resp)
    }

    /// Lists search indexes.
    ///
    /// # Errors
    /// Service and transport errors.
    pub async fn list_search_indexes(
        &self,
        request: ListSearchIndexesRequest,
    ) -> Result<Vec<SearchIndexInfo>> {
        let table = request.table.clone().unwrap_or_default();
        let req = pb::ListSearchIndexRequest {
            table_name: request.table,
        };
        let resp: pb::ListSearchIndexResponse =
            self.call(Action::ListSearchIndex, &table, &req, true).await?;
        Ok(resp
            .indices
            .into_iter()
            .map(|i| SearchIndexInfo {
                table: i.table_name.unwrap_or_default(),
                index: i.index_name.unwrap_or_default(),
            })
            .collect())
    }

    /// Changes a search index's time to live.
    ///
    /// # Errors
    /// A construction error when nothing is to change; `is_not_found()`; transport errors.
    pub async fn update_search_index(&self, request: UpdateSearchIndexRequest) -> Result<()> {
        if request.time_to_live.is_none() {
            return Err(crate::error::Error::construction(format!(
                "update of search index {:?} on table {:?} changes nothing",
                request.index, request.table
            )));
        }
        let req = pb::UpdateSearchIndexRequest {
            table_name: Some(request.table.clone()),
            index_name: Some(request.index),
            time_to_live: request.time_to_live,
        };
        let _: pb::UpdateSearchIndexResponse = self
            .call(Action::UpdateSearchIndex, &request.table, &req, false)
            .await?;
        Ok(())
    }

    /// Deletes a search index.
    ///
    /// # Errors
    /// `is_not_found()` for a missing index; transport errors.
    pub async fn delete_search_index(&self, request: DeleteSearchIndexRequest) -> Result<()> {
        let req = pb::DeleteSearchIndexRequest {
            table_name: Some(request.table.clone()),
            index_name: Some(request.index),
        };
        let _: pb::DeleteSearchIndexResponse = self
            .call(Action::DeleteSearchIndex, &request.table, &req, false)
            .await?;
        Ok(())
    }
}
