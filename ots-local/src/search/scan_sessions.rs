//! Parallel scan sessions: what ComputeSplits hands out and ParallelScan pages through.
//!
//! - **A session** belongs to one search index of one table (and to that index as it was
//!   created: an index deleted and created again ends its sessions). Its id looks like the
//!   service's (`<uuid>_0`, the shape the Go SDK's tests check) and is ASCII, as the Python SDK
//!   decodes it as UTF-8.
//! - **Expiry.** A session lives 60 s after ComputeSplits, then `alive_time` seconds (default 60)
//!   after each ParallelScan that uses it ("the validity period is refreshed each time you send a
//!   request"). An expired session is dropped; a well-formed id that names no live session is
//!   answered as expired (the service forgets its sessions too, on a restart or a rebalance).
//! - **Snapshot.** The first ParallelScan of a query in a session reads every live row the query
//!   matches, under the table's read lock (so no write lands between the match and the read),
//!   and keeps the keys with the rows as they were (`Arc`s: no copy). Every split and page of
//!   that query in that session is served from it: "the result set is determined by the data
//!   status when the first request is initiated" (parallel scan docs). Rows written later are
//!   not seen; rows deleted later are still returned, as they were.
//! - **Splits.** A row belongs to split `hash(key) % max_parallel`, a hash of the key values
//!   that does not depend on the session: the splits of one `max_parallel` hold every row
//!   exactly once, and a split started again in a new session covers the same keys.

use super::engine::IndexEngine;
use crate::error::{ServiceError, ServiceResult};
use crate::storage::{Key, StoredRow};
use ots_proto::model::PrimaryKeyValue;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, Weak};

/// The `splits_size` ComputeSplits reports by default: the service reports its index's shard
/// count, 1 for a small index (Go `TestComputeSplits`). More can be asked for
/// ([`ScanSessions::with_splits`], `--scan-splits`) so that parallel code runs in parallel.
pub const DEFAULT_SPLITS: i32 = 1;
/// Most splits ots-local can be asked for.
pub const MAX_SPLITS: i32 = 64;
/// Seconds a session lives after ComputeSplits, and after a scan that names no alive time.
pub const DEFAULT_ALIVE_TIME_S: i32 = 60;

/// What a session belongs to.
#[derive(Debug, Clone)]
pub struct Scope {
    /// The table.
    pub table: String,
    /// The search index.
    pub index: String,
    /// The index's engine: tells the index from one created again under its name. (A `Weak`
    /// keeps the allocation, so its address is not reused while the session lives.)
    pub engine: Weak<IndexEngine>,
}

/// One row of a snapshot.
#[derive(Debug)]
pub struct ScanHit {
    /// The row's key.
    pub key: Key,
    /// The row as it was when the snapshot was taken.
    pub row: Arc<StoredRow>,
    /// The hash that places the row in a split.
    bucket: u64,
}

/// The rows a query matched when a session first ran it, in key order.
#[derive(Debug)]
pub struct Snapshot {
    hits: Vec<ScanHit>,
    /// The table's key column names.
    pub key_names: Vec<String>,
    /// The TTL floor at the time of the snapshot (cells older than it are not returned).
    pub floor: i64,
}

impl Snapshot {
    /// A snapshot of `rows` (any order).
    pub fn new(rows: Vec<(Key, Arc<StoredRow>)>, key_names: Vec<String>, floor: i64) -> Self {
        let mut hits: Vec<ScanHit> = rows
            .into_iter()
            .map(|(key, row)| ScanHit {
                bucket: key_hash(&key),
                key,
                row,
            })
            .collect();
        hits.sort_by(|a, b| a.key.cmp(&b.key));
        Self {
            hits,
            key_names,
            floor,
        }
    }

    /// Up to `limit` rows of split `split` of `splits` (`split < splits`), from position `from`
    /// on, and the position after the last row taken (or the end).
    pub fn page(&self, from: u64, split: i32, splits: i32, limit: usize) -> (Vec<&ScanHit>, u64) {
        let splits = u64::try_from(splits).unwrap_or(1).max(1);
        let split = u64::try_from(split).unwrap_or(0);
        let mut position = usize::try_from(from).unwrap_or(usize::MAX).min(self.hits.len());
        let mut page = Vec::new();
        while page.len() < limit {
            let Some(hit) = self.hits.get(position) else {
                break;
            };
            position += 1;
            if hit.bucket % splits == split {
                page.push(hit);
            }
        }
        (page, position as u64)
    }
}

/// A stable hash of a key (FNV-1a over its values, then a finalizer so that consecutive
/// integer keys spread over the splits).
fn key_hash(key: &Key) -> u64 {
    let mut bytes = Vec::new();
    for value in key {
        match value {
            PrimaryKeyValue::Integer(i) => {
                bytes.push(1);
                bytes.extend_from_slice(&i.to_le_bytes());
            }
            PrimaryKeyValue::String(s) => {
                bytes.push(2);
                bytes.extend_from_slice(&(s.len() as u64).to_le_bytes());
                bytes.extend_from_slice(s.as_bytes());
            }
            PrimaryKeyValue::Binary(b) => {
                bytes.push(3);
                bytes.extend_from_slice(&(b.len() as u64).to_le_bytes());
                bytes.extend_from_slice(b);
            }
            // Placeholders never reach a stored key.
            _ => bytes.push(0),
        }
    }
    let mut h = fnv1a(&bytes);
    // splitmix64's finalizer.
    h = (h ^ (h >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h = (h ^ (h >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^ (h >> 31)
}

/// FNV-1a, 64 bits.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[derive(Debug)]
struct Session {
    scope: Scope,
    /// Milliseconds since the epoch after which the session is gone.
    expires_at: i64,
    /// Snapshots by query fingerprint.
    snapshots: HashMap<u64, Arc<Snapshot>>,
}

/// What a live session says about a scan page.
#[derive(Debug)]
pub struct Resumed {
    /// The session's `splits_size`.
    pub splits: i32,
    /// The snapshot of the page's query, when the session took one already.
    pub snapshot: Option<Arc<Snapshot>>,
}

/// Every live parallel scan session of the instance.
#[derive(Debug)]
pub struct ScanSessions {
    /// The `splits_size` of every session.
    splits: i32,
    /// Random per process: ids of an earlier run are not reused.
    seed: u64,
    next: AtomicU64,
    sessions: Mutex<HashMap<String, Session>>,
}

impl Default for ScanSessions {
    fn default() -> Self {
        Self {
            splits: DEFAULT_SPLITS,
            seed: fastrand::u64(..),
            next: AtomicU64::new(1),
            sessions: Mutex::default(),
        }
    }
}

/// The error for a session that expired or that ots-local does not know.
pub fn session_expired() -> ServiceError {
    ServiceError::session_expired(
        "ScanQuery'session is expired, please retry ComputeSplitsRequest and ScanQuery.",
    )
}

impl ScanSessions {
    /// Sessions of `splits` splits (1..=64; values outside are clamped).
    pub fn with_splits(splits: i32) -> Self {
        Self {
            splits: splits.clamp(1, MAX_SPLITS),
            ..Self::default()
        }
    }

    fn lock(&self, now: i64) -> MutexGuard<'_, HashMap<String, Session>> {
        let mut sessions = self
            .sessions
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        sessions.retain(|_, s| s.expires_at >= now);
        sessions
    }

    /// A new session on `scope`, alive for the default alive time from `now`: its id and its
    /// `splits_size`.
    pub fn open(&self, scope: Scope, now: i64) -> (String, i32) {
        let n = self.next.fetch_add(1, Ordering::Relaxed);
        let hex = format!("{:016x}{n:016x}", self.seed);
        let id = format!(
            "{}-{}-{}-{}-{}_0",
            &hex[..8],
            &hex[8..12],
            &hex[12..16],
            &hex[16..20],
            &hex[20..]
        );
        let session = Session {
            scope,
            expires_at: now.saturating_add(i64::from(DEFAULT_ALIVE_TIME_S) * 1000),
            snapshots: HashMap::new(),
        };
        self.lock(now).insert(id.clone(), session);
        (id, self.splits)
    }

    /// Uses session `id` for a page of query `query` on `scope` at `now`: keeps it alive for
    /// `alive_ms` more and answers its splits and the query's snapshot, if taken.
    ///
    /// # Errors
    /// `OTSParameterInvalid` for an id ots-local could not have issued or a session of another
    /// table or index; `OTSSessionExpired` for a session that expired or is not known.
    pub fn resume(
        &self,
        id: &str,
        scope: &Scope,
        query: u64,
        alive_ms: i64,
        now: i64,
    ) -> ServiceResult<Resumed> {
        if !well_formed(id) {
            return Err(ServiceError::param(format!(
                "Invalid session id [{id}]: use the session_id ComputeSplits returned."
            )));
        }
        let mut sessions = self.lock(now);
        let session = sessions.get_mut(id).ok_or_else(session_expired)?;
        if session.scope.table != scope.table || session.scope.index != scope.index {
            return Err(ServiceError::param(format!(
                "The session [{id}] belongs to search index [{}] of table [{}].",
                session.scope.index, session.scope.table
            )));
        }
        if !Weak::ptr_eq(&session.scope.engine, &scope.engine) {
            // The index was deleted and created again: the session's index is gone.
            sessions.remove(id);
            return Err(session_expired());
        }
        session.expires_at = now.saturating_add(alive_ms);
        Ok(Resumed {
            splits: self.splits,
            snapshot: session.snapshots.get(&query).cloned(),
        })
    }

    /// Keeps `snapshot` as the snapshot of `query` in session `id`, unless a concurrent page
    /// took one first: answers the one kept.
    ///
    /// # Errors
    /// `OTSSessionExpired` when the session is gone meanwhile.
    pub fn keep(&self, id: &str, query: u64, snapshot: Snapshot, now: i64) -> ServiceResult<Arc<Snapshot>> {
        let mut sessions = self.lock(now);
        let session = sessions.get_mut(id).ok_or_else(session_expired)?;
        Ok(session
            .snapshots
            .entry(query)
            .or_insert_with(|| Arc::new(snapshot))
            .clone())
    }
}

/// Whether `id` has the shape of the ids [`ScanSessions::open`] issues.
fn well_formed(id: &str) -> bool {
    let Some(uuid) = id.strip_suffix("_0") else {
        return false;
    };
    let groups: Vec<&str> = uuid.split('-').collect();
    groups.iter().map(|g| g.len()).eq([8, 4, 4, 4, 12])
        && groups.iter().all(|g| {
            g.bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(i: i64) -> Key {
        vec![PrimaryKeyValue::String("p".into()), PrimaryKeyValue::Integer(i)]
    }

    #[test]
    fn splits_hold_every_row_once_and_pages_resume() {
        let rows = (0..200)
            .rev()
            .map(|i| (key(i), Arc::new(StoredRow::default())))
            .collect();
        let snap = Snapshot::new(rows, vec!["part".into(), "id".into()], i64::MIN);
        for splits in 1..=4 {
            let mut seen = Vec::new();
            for split in 0..splits {
                let (mut from, mut pages) = (0, 0);
                loop {
                    let (page, next) = snap.page(from, split, splits, 7);
                    if page.is_empty() {
                        break;
                    }
                    assert!(page.windows(2).all(|w| w[0].key < w[1].key), "key order");
                    seen.extend(page.iter().map(|h| h.key.clone()));
                    from = next;
                    pages += 1;
                }
                assert!(splits == 1 || pages < 200 / 7, "a split holds part of the rows");
            }
            seen.sort();
            assert_eq!(seen, (0..200).map(key).collect::<Vec<_>>(), "{splits} splits");
        }
    }

    #[test]
    fn ids_look_like_the_services_and_are_unique() {
        let sessions = ScanSessions::default();
        let scope = Scope {
            table: "t".into(),
            index: "i".into(),
            engine: Weak::new(),
        };
        let (a, splits) = sessions.open(scope.clone(), 0);
        let (b, _) = sessions.open(scope.clone(), 0);
        assert_eq!(splits, DEFAULT_SPLITS);
        assert_eq!(ScanSessions::with_splits(9).open(scope.clone(), 0).1, 9);
        assert_eq!(ScanSessions::with_splits(0).open(scope.clone(), 0).1, 1);
        assert_eq!(ScanSessions::with_splits(1000).open(scope, 0).1, MAX_SPLITS);
        assert_ne!(a, b);
        assert_eq!(a.len(), 38, "{a}");
        assert!(well_formed(&a) && well_formed(&b));
        assert!(!well_formed("x") && !well_formed("7C407215-97d4-40c5-8663-f1d9229e9955_0"));
        assert!(well_formed("7c407215-97d4-40c5-8663-f1d9229e9955_0"));
    }
}
