//! The operations the service answers, by the name their path carries: one vocabulary for the
//! client (which path to call, what to log) and ots-local (what to dispatch).

use std::fmt;

macro_rules! actions {
    ($($(#[$doc:meta])* $variant:ident = $name:literal;)*) => {
        /// An operation of the service.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum Action {
            $($(#[$doc])* $variant,)*
        }

        impl Action {
            /// Every action, in the order of the protocol notes.
            pub const ALL: &'static [Action] = &[$(Action::$variant,)*];

            /// The action's name as its path carries it (`GetRow`, `tunnel/connect`).
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Action::$variant => $name,)*
                }
            }

            /// The action a path's name denotes, if any.
            pub fn parse(name: &str) -> Option<Self> {
                match name {
                    $($name => Some(Action::$variant),)*
                    _ => None,
                }
            }
        }
    };
}

actions! {
    /// Creates a table.
    CreateTable = "CreateTable";
    /// Lists tables.
    ListTable = "ListTable";
    /// Deletes a table.
    DeleteTable = "DeleteTable";
    /// Describes a table.
    DescribeTable = "DescribeTable";
    /// Changes a table's options, throughput or stream.
    UpdateTable = "UpdateTable";
    /// Adds defined columns.
    AddDefinedColumn = "AddDefinedColumn";
    /// Removes defined columns.
    DeleteDefinedColumn = "DeleteDefinedColumn";
    /// Split points of a table by data size.
    ComputeSplitPointsBySize = "ComputeSplitPointsBySize";
    /// Reads a row.
    GetRow = "GetRow";
    /// Writes a row.
    PutRow = "PutRow";
    /// Changes a row.
    UpdateRow = "UpdateRow";
    /// Deletes a row.
    DeleteRow = "DeleteRow";
    /// Reads rows of one or more tables.
    BatchGetRow = "BatchGetRow";
    /// Writes rows of one or more tables.
    BatchWriteRow = "BatchWriteRow";
    /// Reads a range of rows.
    GetRange = "GetRange";
    /// Lists change streams.
    ListStream = "ListStream";
    /// Describes a change stream.
    DescribeStream = "DescribeStream";
    /// An iterator over a stream shard.
    GetShardIterator = "GetShardIterator";
    /// Records of a stream shard.
    GetStreamRecord = "GetStreamRecord";
    /// Starts a local transaction.
    StartLocalTransaction = "StartLocalTransaction";
    /// Commits a local transaction.
    CommitTransaction = "CommitTransaction";
    /// Aborts a local transaction.
    AbortTransaction = "AbortTransaction";
    /// Creates a secondary index.
    CreateIndex = "CreateIndex";
    /// Drops a secondary index.
    DropIndex = "DropIndex";
    /// Lists search indexes.
    ListSearchIndex = "ListSearchIndex";
    /// Creates a search index.
    CreateSearchIndex = "CreateSearchIndex";
    /// Changes a search index.
    UpdateSearchIndex = "UpdateSearchIndex";
    /// Deletes a search index.
    DeleteSearchIndex = "DeleteSearchIndex";
    /// Describes a search index.
    DescribeSearchIndex = "DescribeSearchIndex";
    /// Searches an index.
    Search = "Search";
    /// Splits a search index for a parallel scan.
    ComputeSplits = "ComputeSplits";
    /// Scans a search index in parallel.
    ParallelScan = "ParallelScan";
    /// Runs an SQL statement.
    SqlQuery = "SQLQuery";
    /// Creates a tunnel.
    TunnelCreate = "tunnel/create";
    /// Deletes a tunnel.
    TunnelDelete = "tunnel/delete";
    /// Lists tunnels.
    TunnelList = "tunnel/list";
    /// Describes a tunnel.
    TunnelDescribe = "tunnel/describe";
    /// Connects a tunnel client.
    TunnelConnect = "tunnel/connect";
    /// A tunnel client's heartbeat.
    TunnelHeartbeat = "tunnel/heartbeat";
    /// A tunnel client leaves.
    TunnelShutdown = "tunnel/shutdown";
    /// A channel's checkpoint.
    TunnelGetCheckpoint = "tunnel/getcheckpoint";
    /// Records a channel's checkpoint.
    TunnelCheckpoint = "tunnel/checkpoint";
    /// Reads a channel's records.
    TunnelReadRecords = "tunnel/readrecords";
}

impl Action {
    /// The request path (`/GetRow`).
    pub fn path(self) -> String {
        format!("/{}", self.as_str())
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for a in Action::ALL {
            assert_eq!(Action::parse(a.as_str()), Some(*a));
        }
        assert_eq!(Action::GetRow.path(), "/GetRow");
        assert_eq!(Action::SqlQuery.as_str(), "SQLQuery");
        assert_eq!(Action::parse("tunnel/connect"), Some(Action::TunnelConnect));
        assert_eq!(Action::parse("Nope"), None);
    }
}
