//! Partition locks held by local transactions.
//!
//! A transaction locks one partition key of one table from its start until it commits, aborts
//! or outlives its deadline. The locks live beside the rows, under the table's lock, so that a
//! plain write checks for one in the same step as it writes: a transaction that starts after the
//! check sees the write, and a write after the start sees the lock.

use ots_proto::model::PrimaryKeyValue;
use std::collections::HashMap;

/// One held lock.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Lock {
    /// The transaction holding it.
    txn: String,
    /// When the lock lapses (milliseconds since the epoch).
    deadline_ms: i64,
}

/// The partition locks of one table.
#[derive(Debug, Default)]
pub struct PartitionLocks {
    held: HashMap<PrimaryKeyValue, Lock>,
}

impl PartitionLocks {
    /// The transaction holding `partition` at `now_ms`, if any (a lapsed lock holds nothing).
    pub fn holder(&self, partition: &PrimaryKeyValue, now_ms: i64) -> Option<&str> {
        self.held
            .get(partition)
            .filter(|l| l.deadline_ms > now_ms)
            .map(|l| l.txn.as_str())
    }

    /// Locks `partition` for `txn` until `deadline_ms`; false when another transaction holds it.
    pub fn acquire(&mut self, partition: &PrimaryKeyValue, txn: &str, now_ms: i64, deadline_ms: i64) -> bool {
        if self.holder(partition, now_ms).is_some() {
            return false;
        }
        // Lapsed locks are dropped as they are met, so the map only holds live ones and the
        // ones nobody has touched since they lapsed.
        self.held.retain(|_, l| l.deadline_ms > now_ms);
        self.held.insert(
            partition.clone(),
            Lock {
                txn: txn.to_owned(),
                deadline_ms,
            },
        );
        true
    }

    /// Releases `partition` if `txn` holds it (a lapsed lock may have been taken over since).
    pub fn release(&mut self, partition: &PrimaryKeyValue, txn: &str) {
        if self.held.get(partition).is_some_and(|l| l.txn == txn) {
            self.held.remove(partition);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lock_is_exclusive_until_released_or_lapsed() {
        let p = PrimaryKeyValue::Integer(1);
        let mut locks = PartitionLocks::default();
        assert!(locks.acquire(&p, "a", 0, 100));
        assert_eq!(locks.holder(&p, 50), Some("a"));
        assert!(!locks.acquire(&p, "b", 50, 150));
        // Lapsed: another transaction may take it, and the first one's release leaves it be.
        assert_eq!(locks.holder(&p, 100), None);
        assert!(locks.acquire(&p, "b", 100, 200));
        locks.release(&p, "a");
        assert_eq!(locks.holder(&p, 150), Some("b"));
        locks.release(&p, "b");
        assert_eq!(locks.holder(&p, 150), None);
        // Other partitions are not affected.
        assert!(locks.acquire(&PrimaryKeyValue::Integer(2), "c", 0, 100));
        assert!(locks.acquire(&p, "d", 0, 100));
    }
}
