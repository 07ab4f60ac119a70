//! Search: a query over a search index, answered with rows read back from the table.
//!
//! The engine finds the matching keys; the rows are then taken from the table under its read
//! lock (rows expired by TTL are left out), sorted (by the request's sort, else the index's
//! presort), collapsed, paged by offset or token, and projected to the requested columns.
//! Aggregations and group-bys are computed over every live hit, before collapse and paging
//! (`search/docs.rs`, `crate::search::aggregate`).

use super::clock::Clock;
use super::convert::decode;
use crate::error::{ServiceError, ServiceResult};
use crate::search::engine::{key_value, FieldKind, IndexEngine, Searcher};
use crate::search::geo::Point;
use crate::search::highlight;
use crate::search::translate::{translate, Ctx};
use crate::search::SearchIndexes;
use crate::storage::{named_key, Key, Storage, StorageError, StoredRow, Table};
use ots_proto::model::{Column, Row, Value};
use ots_proto::pb::search as spb;
use ots_proto::plainbuffer;
use prost::Message;
use std::cmp::Ordering;
use std::sync::Arc;

/// Rows per page when the request names no limit.
const DEFAULT_LIMIT: usize = 10;
/// Most rows of one page.
const MAX_LIMIT: usize = 100;
/// Deepest offset + limit; further pages need the token.
const MAX_OFFSET_AND_LIMIT: usize = 100_000;
/// What a next token starts with (the rest is the position of the next row).
const TOKEN_TAG: &[u8] = b"ots-local:search:1:";

mod docs;

struct Hit {
    key: Key,
    row: Arc<StoredRow>,
    score: f32,
}

pub fn search(
    storage: &dyn Storage,
    search: &SearchIndexes,
    body: &[u8],
    clock: Clock,
) -> ServiceResult<Vec<u8>> {
    let req: spb::SearchRequest = decode(body)?;
    let table_name = req.table_name.clone().unwrap_or_default();
    let index_name = req.index_name.clone().unwrap_or_default();
    let table = queried_table(storage, &table_name)?;
    let (engine, index_sort) = {
        let registry = search.lock();
        let meta = registry
            .get(&table_name, &index_name)
            .ok_or_else(|| ServiceError::queried_index_missing(&index_name))?;
        let engine = meta
            .engine
            .clone()
            .ok_or_else(|| ServiceError::queried_index_missing(&index_name))?;
        (engine, meta.schema.index_sort.clone().unwrap_or_default())
    };
    let sq = spb::SearchQuery::decode(req.search_query.as_deref().unwrap_or_default())
        .map_err(|_| ServiceError::param("The search_query cannot be parsed."))?;
    let query_hash = fingerprint(sq.query.as_ref());
    let (start, limit, token_sort) = page_bounds(&sq, query_hash)?;
    let query = sq
        .query
        .as_ref()
        .ok_or_else(|| ServiceError::param("The search query is required."))?;
    let searcher = engine.searcher()?;
    let query = translate(
        Ctx {
            engine: &engine,
            searcher: &searcher,
        },
        query,
    )?;
    let highlights = match &sq.highlight {
        Some(h) => highlight::plan(&engine, h, sq.query.as_ref().unwrap_or(&spb::Query::default()))?,
        None => Vec::new(),
    };
    let keys = engine.matching(&searcher, query.as_ref())?;

    // The rows as they are now, live ones only.
    let (mut hits, key_names, floor) = {
        let state = table.read();
        let floor = StoredRow::ttl_floor(clock.now_ms(), state.schema.options.time_to_live);
        let names: Vec<String> = state.schema.primary_key.iter().map(|c| c.name.clone()).collect();
        let hits: Vec<Hit> = keys
            .into_iter()
            .filter_map(|(key, score)| {
                let row = state.data.get(&key).filter(|r| r.is_alive(floor)).cloned()?;
                Some(Hit { key, row, score })
            })
            .collect();
        (hits, names, floor)
    };
    // A token carries the sort of the search it continues (some SDKs drop the sort when they
    // send a token).
    let sort = match token_sort {
        Some(sort) => sort,
        None => sq
            .sort
            .clone()
            .filter(|s| !s.sorter.is_empty())
            .unwrap_or(index_sort),
    };
    let view = View {
        engine: &engine,
        searcher: &searcher,
        key_names: &key_names,
        floor,
    };
    sort_hits(&mut hits, &sort, &view)?;
    let (aggs, group_bys) = docs::aggregate(&hits, &view, req.columns_to_get.as_ref(), &sq)?;
    if let Some(field) = sq.collapse.as_ref().and_then(|c| c.field_name.clone()) {
        sortable(&engine, &field, "collapse")?;
        collapse(&mut hits, &field, &view);
    }
    let total = hits.len();
    let end = start.saturating_add(limit).min(total);
    let columns = req.columns_to_get.unwrap_or_default();
    let page = hits.get(start.min(total)..end).unwrap_or_default();
    let rows: Vec<Vec<u8>> = page
        .iter()
        .map(|h| plainbuffer::encode_put_row(&project(h, &columns, &view)))
        .collect();
    // No token for a page of nothing: it would never advance.
    let next_token = (end < total && limit > 0).then(|| {
        Token {
            position: end as u64,
            query_hash,
            sort: sort.encode_to_vec(),
        }
        .encode()
    });
    let resp = spb::SearchResponse {
        total_hits: Some(if sq.get_total_count == Some(true) {
            total as i64
        } else {
            -1
        }),
        search_hits: page
            .iter()
            .map(|h| spb::SearchHit {
                score: Some(f64::from(h.score)),
                highlight_result: sq.highlight.as_ref().map(|_| highlighted(h, &highlights, &view)),
                nested_doc_offset: None,
            })
            .collect(),
        rows,
        is_all_succeed: Some(true),
        next_token,
        aggs,
        group_bys,
    };
    Ok(resp.encode_to_vec())
}

/// A hit's highlighted fields: those with a match, each with its fragments (an array
/// field's values together).
fn highlighted(hit: &Hit, fields: &[highlight::FieldHighlight], view: &View<'_>) -> spb::HighlightResult {
    let highlight_fields = fields
        .iter()
        .filter_map(|f| {
            let raw = view.value(hit, &f.name)?;
            let values = view.engine.typed_values(&f.name, &raw);
            let texts: Vec<&str> = values
                .iter()
                .filter_map(|v| match v {
                    Value::String(text) => Some(text.as_str()),
                    _ => None,
                })
                .collect();
            let fragments = f.fragments(view.engine, &texts);
            (!fragments.is_empty()).then(|| spb::HighlightField {
                field_name: Some(f.name.clone()),
                field_fragments: fragments,
            })
        })
        .collect();
    spb::HighlightResult { highlight_fields }
}

/// The table a query reads, with the answer queries give when it does not exist.
pub(super) fn queried_table(storage: &dyn Storage, name: &str) -> ServiceResult<Arc<Table>> {
    storage.table(name).map_err(|e| match e {
        StorageError::NotFound => ServiceError::queried_table_missing(name),
        other => other.into(),
    })
}

/// What a next token says: where the next page starts, which query it belongs to, and the
/// sort of the search it continues.
struct Token {
    position: u64,
    query_hash: u64,
    sort: Vec<u8>,
}

impl Token {
    fn encode(&self) -> Vec<u8> {
        [
            TOKEN_TAG,
            &self.position.to_be_bytes(),
            &self.query_hash.to_be_bytes(),
            &self.sort,
        ]
        .concat()
    }

    fn decode(bytes: &[u8]) -> Option<Self> {
        let rest = bytes.strip_prefix(TOKEN_TAG)?;
        let (position, rest) = rest.split_first_chunk::<8>()?;
        let (query_hash, sort) = rest.split_first_chunk::<8>()?;
        Some(Self {
            position: u64::from_be_bytes(*position),
            query_hash: u64::from_be_bytes(*query_hash),
            sort: sort.to_vec(),
        })
    }
}

/// A stable hash of the query (FNV-1a over its encoding), to tell a token's query apart.
fn fingerprint(query: Option<&spb::Query>) -> u64 {
    let bytes = query.map(Message::encode_to_vec).unwrap_or_default();
    bytes.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Where the page starts and how many rows it holds, from the offset or the token, and the
/// token's sort.
fn page_bounds(sq: &spb::SearchQuery, query_hash: u64) -> ServiceResult<(usize, usize, Option<spb::Sort>)> {
    let limit = match sq.limit {
        None => DEFAULT_LIMIT,
        Some(l) if (0..=MAX_LIMIT as i32).contains(&l) => l as usize,
        Some(l) => {
            return Err(ServiceError::param(format!(
                "The limit [{l}] must be between 0 and {MAX_LIMIT}."
            )))
        }
    };
    if let Some(bytes) = sq.token.as_deref().filter(|t| !t.is_empty()) {
        if sq.offset.is_some_and(|o| o > 0) {
            return Err(ServiceError::param(
                "A search with a token cannot also have an offset.",
            ));
        }
        let token = Token::decode(bytes)
            .filter(|t| t.query_hash == query_hash)
            .ok_or_else(|| ServiceError::param("Invalid search token: it belongs to another query."))?;
        let sort = spb::Sort::decode(token.sort.as_slice())
            .map_err(|_| ServiceError::param("Invalid search token."))?;
        let start = usize::try_from(token.position).unwrap_or(usize::MAX);
        return Ok((start, limit, Some(sort)));
    }
    let offset = sq.offset.unwrap_or(0);
    if offset < 0 {
        return Err(ServiceError::param(format!(
            "The offset [{offset}] must not be negative."
        )));
    }
    let offset = offset as usize;
    if offset.saturating_add(limit) > MAX_OFFSET_AND_LIMIT {
        return Err(ServiceError::param(format!(
            "The offset + limit [{}] must not exceed {MAX_OFFSET_AND_LIMIT}; use the token to page further.",
            offset.saturating_add(limit)
        )));
    }
    Ok((offset, limit, None))
}

/// What the sorting, collapsing and projection of hits need to know.
struct View<'a> {
    engine: &'a IndexEngine,
    /// The snapshot the search ran on (filters of group-bys run on it too).
    searcher: &'a Searcher,
    key_names: &'a [String],
    floor: i64,
}

impl View<'_> {
    /// The live value of the field `name` in a hit (a virtual field's is its source
    /// column's): a key column's, or the newest live cell's.
    fn value(&self, hit: &Hit, name: &str) -> Option<Value> {
        let name = self.engine.source_column(name);
        if let Some(i) = self.key_names.iter().position(|k| k == name) {
            return hit.key.get(i).and_then(key_value);
        }
        hit.row.latest(name, self.floor).map(|(_, v)| v.clone())
    }
}

/// Sorting and collapsing need `enable_sort_and_agg`, as the service requires.
fn sortable(engine: &IndexEngine, field: &str, what: &str) -> ServiceResult<()> {
    match engine.field(field) {
        Some(f) if f.sortable => Ok(()),
        Some(_) => Err(ServiceError::param(format!(
            "Field [{field}] cannot be used to {what}: enable_sort_and_agg is off."
        ))),
        None => Err(ServiceError::param(format!(
            "Field [{field}] is not in the search index."
        ))),
    }
}

/// A hit's sort value for a field: the live value as the index holds it (dates as epoch
/// milliseconds); for arrays the smallest element, or the largest with mode MAX.
fn sort_value(hit: &Hit, name: &str, mode: Option<i32>, view: &View<'_>) -> Option<Value> {
    let mut values = view.engine.typed_values(name, &view.value(hit, name)?);
    values.sort_by(compare_values);
    if mode == Some(spb::SortMode::Max as i32) {
        values.pop()
    } else {
        values.into_iter().next()
    }
}

/// A total order on values: by type first, then by value.
fn compare_values(a: &Value, b: &Value) -> Ordering {
    match (a, b) {
        (Value::Integer(x), Value::Integer(y)) => x.cmp(y),
        (Value::Double(x), Value::Double(y)) => x.total_cmp(y),
        (Value::Integer(x), Value::Double(y)) => (*x as f64).total_cmp(y),
        (Value::Double(x), Value::Integer(y)) => x.total_cmp(&(*y as f64)),
        (Value::String(x), Value::String(y)) => x.as_bytes().cmp(y.as_bytes()),
        (Value::Boolean(x), Value::Boolean(y)) => x.cmp(y),
        (Value::Binary(x), Value::Binary(y)) => x.cmp(y),
        _ => rank(a).cmp(&rank(b)),
    }
}

fn rank(v: &Value) -> u8 {
    match v {
        Value::Integer(_) | Value::Double(_) => 0,
        Value::String(_) => 1,
        Value::Boolean(_) => 2,
        Value::Binary(_) => 3,
        _ => 4,
    }
}

/// A hit's distance in meters to the nearest (mode MIN, the default), farthest (MAX) or
/// average (AVG) of `points`, over its own points.
fn geo_distance(hit: &Hit, sort: &spb::GeoDistanceSort, centers: &[Point], view: &View<'_>) -> Option<Value> {
    let name = sort.field_name.as_deref().unwrap_or_default();
    let texts = view.engine.typed_values(name, &view.value(hit, name)?);
    let distances: Vec<f64> = texts
        .iter()
        .filter_map(|v| match v {
            Value::String(s) => Point::parse(s),
            _ => None,
        })
        .flat_map(|p| centers.iter().map(move |c| p.distance(c)))
        .collect();
    if distances.is_empty() {
        return None;
    }
    let d = match sort.mode.and_then(|m| spb::SortMode::try_from(m).ok()) {
        Some(spb::SortMode::Max) => distances.iter().copied().fold(f64::MIN, f64::max),
        Some(spb::SortMode::Avg) => distances.iter().sum::<f64>() / distances.len() as f64,
        _ => distances.iter().copied().fold(f64::MAX, f64::min),
    };
    Some(Value::Double(d))
}

/// The geo distance sorts' centers, checked.
fn geo_centers(sort: &spb::Sort, view: &View<'_>) -> ServiceResult<Vec<Vec<Point>>> {
    sort.sorter
        .iter()
        .map(|s| {
            let Some(g) = &s.geo_distance_sort else {
                return Ok(Vec::new());
            };
            let name = g.field_name.as_deref().unwrap_or_default();
            sortable(view.engine, name, "sort")?;
            if view.engine.field(name).map(|f| f.kind) != Some(crate::search::engine::FieldKind::GeoPoint) {
                return Err(ServiceError::param(format!(
                    "Field [{name}] is not a GEO_POINT field; it cannot be sorted by geo distance."
                )));
            }
            if g.points.is_empty() {
                return Err(ServiceError::param("A geo distance sort needs a point."));
            }
            g.points
                .iter()
                .map(|p| {
                    Point::parse(p).ok_or_else(|| {
                        ServiceError::param(format!(
                            "The point [{p}] of a geo distance sort is not \"lat,lon\"."
                        ))
                    })
                })
                .collect()
        })
        .collect()
}

fn sort_hits(hits: &mut Vec<Hit>, sort: &spb::Sort, view: &View<'_>) -> ServiceResult<()> {
    // A field sort's stand-in for rows without the field: another field's value
    // (`missing_field`) or a fixed value (`missing_value`).
    let mut stand_ins: Vec<Option<Value>> = Vec::with_capacity(sort.sorter.len());
    for s in &sort.sorter {
        let mut fixed = None;
        if let Some(f) = &s.field_sort {
            sortable(view.engine, f.field_name.as_deref().unwrap_or_default(), "sort")?;
            if let Some(other) = f.missing_field.as_deref().filter(|m| !m.is_empty()) {
                sortable(view.engine, other, "sort")?;
            }
            if let Some(bytes) = f.missing_value.as_deref().filter(|b| !b.is_empty()) {
                let name = f.field_name.as_deref().unwrap_or_default();
                let raw = plainbuffer::decode_variant(bytes).map_err(|_| {
                    ServiceError::param("The missing_value of a field sort cannot be parsed.")
                })?;
                // As the field holds its values (a date in its formats as milliseconds, ...).
                let value = view.engine.request_value(name, &raw).ok_or_else(|| {
                    ServiceError::param(format!(
                        "The missing_value {raw:?} of the sort on field [{name}] is not a value of its type."
                    ))
                })?;
                fixed = Some(value);
            }
        }
        stand_ins.push(fixed);
    }
    let centers = geo_centers(sort, view)?;
    let desc = |order: Option<i32>| order == Some(spb::SortOrder::Desc as i32);
    // Sort keys are computed once per hit, not in the comparator.
    let mut keyed: Vec<(Vec<Option<Value>>, Hit)> = std::mem::take(hits)
        .into_iter()
        .map(|h| {
            let keys = sort
                .sorter
                .iter()
                .zip(&centers)
                .zip(&stand_ins)
                .map(|((s, centers), fixed)| {
                    if let Some(f) = &s.field_sort {
                        sort_value(&h, f.field_name.as_deref().unwrap_or_default(), f.mode, view)
                            .or_else(|| {
                                let other = f.missing_field.as_deref().filter(|m| !m.is_empty())?;
                                sort_value(&h, other, f.mode, view)
                            })
                            .or_else(|| fixed.clone())
                    } else if let Some(g) = &s.geo_distance_sort {
                        geo_distance(&h, g, centers, view)
                    } else if s.score_sort.is_some() {
                        Some(Value::Double(f64::from(h.score)))
                    } else {
                        None
                    }
                })
                .collect();
            (keys, h)
        })
        .collect();
    keyed.sort_by(|(ka, a), (kb, b)| {
        for (n, s) in sort.sorter.iter().enumerate() {
            let order = s
                .field_sort
                .as_ref()
                .map(|f| f.order)
                .or_else(|| s.geo_distance_sort.as_ref().map(|g| g.order))
                // Scores sort high to low unless asked otherwise.
                .or_else(|| {
                    s.score_sort
                        .as_ref()
                        .map(|g| g.order.or(Some(spb::SortOrder::Desc as i32)))
                });
            let ord = if let Some(order) = order {
                // Rows without the value come last, whatever the order.
                match (&ka[n], &kb[n]) {
                    (Some(x), Some(y)) if desc(order) => compare_values(x, y).reverse(),
                    (Some(x), Some(y)) => compare_values(x, y),
                    (Some(_), None) => Ordering::Less,
                    (None, Some(_)) => Ordering::Greater,
                    (None, None) => Ordering::Equal,
                }
            } else if let Some(p) = &s.pk_sort {
                let ord = a.key.cmp(&b.key);
                if desc(p.order) {
                    ord.reverse()
                } else {
                    ord
                }
            } else {
                // Doc sort: documents in key order.
                Ordering::Equal
            };
            if ord != Ordering::Equal {
                return ord;
            }
        }
        a.key.cmp(&b.key)
    });
    *hits = keyed.into_iter().map(|(_, h)| h).collect();
    Ok(())
}

/// Keeps the first row of each value of `field`, as the index holds it (a date in any of its
/// formats is one instant, 1 and 1.0 in a DOUBLE field are one number); rows without a value
/// of the field's type make one group of their own (the official Node SDK's collapse test
/// counts them as one).
fn collapse(hits: &mut Vec<Hit>, field: &str, view: &View<'_>) {
    let double = view
        .engine
        .field(field)
        .is_some_and(|f| f.kind == FieldKind::Double);
    let mut seen: std::collections::HashSet<Option<String>> = std::collections::HashSet::new();
    hits.retain(|h| {
        let key = view
            .value(h, field)
            .and_then(|raw| view.engine.typed_values(field, &raw).into_iter().next())
            .map(|v| match v {
                Value::Integer(i) if double => format!("{:?}", Value::Double(i as f64)),
                v => format!("{v:?}"),
            });
        seen.insert(key)
    });
}

/// The row as the request's columns-to-get asks for it: the key alone (the default), every
/// live column, the named ones, or the index's fields.
fn project(hit: &Hit, columns: &spb::ColumnsToGet, view: &View<'_>) -> Row {
    let primary_key = named_key(view.key_names, &hit.key);
    let wanted = |name: &str| match columns.return_type.map(spb::ColumnReturnType::try_from) {
        Some(Ok(spb::ColumnReturnType::ReturnAll)) => true,
        Some(Ok(spb::ColumnReturnType::ReturnSpecified)) => columns.column_names.iter().any(|c| c == name),
        Some(Ok(spb::ColumnReturnType::ReturnAllFromIndex)) => view.engine.field(name).is_some(),
        _ => false,
    };
    let columns = hit
        .row
        .cells
        .keys()
        .filter(|name| wanted(name))
        .filter_map(|name| {
            hit.row.latest(name, view.floor).map(|(ts, v)| Column {
                name: name.clone(),
                value: v.clone(),
                timestamp: Some(ts),
            })
        })
        .collect();
    Row { primary_key, columns }
}
