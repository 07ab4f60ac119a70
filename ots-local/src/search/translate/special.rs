//! Queries tantivy cannot express directly. Geo queries test each document's points with a
//! per-document predicate; nested, knn_vector and function_score queries are computed against
//! the search's snapshot and become a [`ScoredSet`] of documents with their scores.

use super::{body, field, weighted, Boxed, Ctx};
use crate::error::{ServiceError, ServiceResult};
use crate::search::collect::ScoredSet;
use crate::search::engine::{engine_error, first_bytes, FieldKind, IndexField};
use crate::search::geo::{self, Point};
use ots_proto::pb::search as spb;
use std::collections::hash_map::Entry;
use std::collections::HashMap;
use std::sync::Arc;
use tantivy::columnar::Column;
use tantivy::query::doc_predicate_query::{DocPredicateQuery, FunctionPredicate};
use tantivy::query::{AllQuery, ConstScoreQuery, TermSetQuery};
use tantivy::{DocAddress, DocId, Score, SegmentReader, Term};

/// A geo query's test of one point.
type Shape = Arc<dyn Fn(&Point) -> bool + Send + Sync>;

/// Largest top_k of a knn_vector query.
const MAX_TOP_K: i32 = 1000;

fn point(text: Option<&str>, what: &str) -> ServiceResult<Point> {
    let text = text.unwrap_or_default();
    Point::parse(text)
        .ok_or_else(|| ServiceError::param(format!("The {what} [{text}] is not a geo point \"lat,lon\".")))
}

fn geo_field(ctx: Ctx<'_>, name: Option<&str>) -> ServiceResult<IndexField> {
    let (name, f) = field(ctx.engine, name)?;
    if f.kind != FieldKind::GeoPoint {
        return Err(ServiceError::param(format!(
            "Field [{name}] is {:?}; geo queries need a GEO_POINT field.",
            f.kind
        )));
    }
    Ok(f)
}

/// geo_bounding_box, geo_distance and geo_polygon: a document matches when one of its points
/// lies in the shape.
pub(super) fn geo(ctx: Ctx<'_>, q: &spb::Query, kind: spb::QueryType) -> ServiceResult<Boxed> {
    let (f, test): (IndexField, Shape) = match kind {
        spb::QueryType::GeoBoundingBoxQuery => {
            let b: spb::GeoBoundingBoxQuery = body(q)?;
            let f = geo_field(ctx, b.field_name.as_deref())?;
            let top_left = point(b.top_left.as_deref(), "top_left")?;
            let bottom_right = point(b.bottom_right.as_deref(), "bottom_right")?;
            if top_left.lat < bottom_right.lat {
                return Err(ServiceError::param(
                    "The top_left of a geo_bounding_box query must not be south of its bottom_right.",
                ));
            }
            (f, Arc::new(move |p: &Point| p.in_box(&top_left, &bottom_right)))
        }
        spb::QueryType::GeoDistanceQuery => {
            let b: spb::GeoDistanceQuery = body(q)?;
            let f = geo_field(ctx, b.field_name.as_deref())?;
            let center = point(b.center_point.as_deref(), "center_point")?;
            let distance = b.distance.unwrap_or(-1.0);
            if !(distance >= 0.0 && distance.is_finite()) {
                return Err(ServiceError::param(format!(
                    "The distance [{distance}] of a geo_distance query must be a non-negative number of meters."
                )));
            }
            (f, Arc::new(move |p: &Point| p.distance(&center) <= distance))
        }
        _ => {
            let b: spb::GeoPolygonQuery = body(q)?;
            let f = geo_field(ctx, b.field_name.as_deref())?;
            let polygon = b
                .points
                .iter()
                .map(|p| point(Some(p), "polygon point"))
                .collect::<ServiceResult<Vec<_>>>()?;
            if polygon.len() < 3 {
                return Err(ServiceError::param(
                    "A geo_polygon query needs at least 3 points.",
                ));
            }
            (f, Arc::new(move |p: &Point| p.in_polygon(&polygon)))
        }
    };
    let column = ctx.engine.column_name(f.field);
    let predicate = FunctionPredicate::from(move |segment: &SegmentReader| {
        let points = segment.fast_fields().bytes(&column)?;
        let test = Arc::clone(&test);
        Ok(move |doc: DocId| {
            let Some(points) = points.as_ref() else {
                return false;
            };
            points.term_ords(doc).any(|ord| {
                let mut bytes = Vec::new();
                points.ord_to_bytes(ord, &mut bytes).unwrap_or(false) && geo::unpack(&bytes).any(|p| test(&p))
            })
        })
    });
    Ok(Box::new(ConstScoreQuery::new(
        Box::new(DocPredicateQuery::from(predicate)),
        1.0,
    )))
}

/// nested: the rows with an object that matches the inner query; the row's score combines its
/// matching objects' scores by the score mode.
pub(super) fn nested(
    ctx: Ctx<'_>,
    q: &spb::Query,
    sub: impl Fn(Ctx<'_>, &spb::Query) -> ServiceResult<Boxed>,
) -> ServiceResult<Boxed> {
    let b: spb::NestedQuery = body(q)?;
    let path = b.path.as_deref().unwrap_or_default();
    let child = ctx.engine.child(path).ok_or_else(|| {
        ServiceError::param(format!(
            "The path [{path}] of a nested query is not a NESTED field of the index."
        ))
    })?;
    let inner = b
        .query
        .as_ref()
        .ok_or_else(|| ServiceError::param("A nested query needs a query."))?;
    let child_searcher = child.searcher()?;
    let inner = sub(
        Ctx {
            engine: child,
            searcher: &child_searcher,
        },
        inner,
    )?;
    let objects = child.scored(&child_searcher, inner.as_ref())?;
    // Per row: sum, count, max, min of its objects' scores.
    let mut rows: HashMap<Vec<u8>, (f32, u32, f32, f32)> = HashMap::new();
    for (pk, score) in child.row_keys(&child_searcher, objects)? {
        let e = rows.entry(pk).or_insert((0.0, 0, f32::MIN, f32::MAX));
        *e = (e.0 + score, e.1 + 1, e.2.max(score), e.3.min(score));
    }
    let mode = b.score_mode.and_then(|m| spb::ScoreMode::try_from(m).ok());
    let score_of = |(sum, count, max, min): (f32, u32, f32, f32)| match mode {
        Some(spb::ScoreMode::Max) => max,
        Some(spb::ScoreMode::Min) => min,
        Some(spb::ScoreMode::Total) => sum,
        Some(spb::ScoreMode::None) => 0.0,
        _ => sum / count.max(1) as f32,
    };
    let pk_field = ctx.engine.pk_field();
    let terms = TermSetQuery::new(rows.keys().map(|pk| Term::from_field_bytes(pk_field, pk)));
    let docs = ctx.engine.scored(ctx.searcher, &terms)?;
    let docs: Vec<(DocAddress, DocAddress)> = docs.into_iter().map(|(a, _)| (a, a)).collect();
    let scored = ctx
        .engine
        .row_keys(ctx.searcher, docs)?
        .into_iter()
        .filter_map(|(pk, address)| rows.get(&pk).map(|s| (address, score_of(*s))));
    weighted(Box::new(ScoredSet::new(ctx.searcher, scored)), b.weight)
}

/// One numeric column of a segment.
enum NumberColumn {
    Integers(Column<i64>),
    Floats(Column<f64>),
}

/// Reads the first number of a numeric field per document, one column per segment.
struct Numbers<'a> {
    ctx: Ctx<'a>,
    column: String,
    kind: FieldKind,
    segments: HashMap<u32, Option<NumberColumn>>,
}

impl Numbers<'_> {
    fn get(&mut self, address: DocAddress) -> ServiceResult<Option<f64>> {
        let column = match self.segments.entry(address.segment_ord) {
            Entry::Occupied(e) => e.into_mut(),
            Entry::Vacant(e) => {
                let fast = self
                    .ctx
                    .searcher
                    .segment_reader(address.segment_ord)
                    .fast_fields();
                let column = match self.kind {
                    FieldKind::Double => fast
                        .column_opt::<f64>(&self.column)
                        .map(|c| c.map(NumberColumn::Floats)),
                    _ => fast
                        .column_opt::<i64>(&self.column)
                        .map(|c| c.map(NumberColumn::Integers)),
                }
                .map_err(engine_error)?;
                e.insert(column)
            }
        };
        Ok(match column {
            Some(NumberColumn::Floats(c)) => c.first(address.doc_id),
            Some(NumberColumn::Integers(c)) => c.first(address.doc_id).map(|i| i as f64),
            None => None,
        })
    }
}

/// function_score with field_value_factor: the inner query's score times the field's value
/// (rows without the value keep their score).
pub(super) fn function_score(
    ctx: Ctx<'_>,
    q: &spb::Query,
    sub: impl Fn(Ctx<'_>, &spb::Query) -> ServiceResult<Boxed>,
) -> ServiceResult<Boxed> {
    let b: spb::FunctionScoreQuery = body(q)?;
    let inner = b
        .query
        .as_ref()
        .ok_or_else(|| ServiceError::param("A function_score query needs a query."))?;
    let factor = b
        .field_value_factor
        .as_ref()
        .ok_or_else(|| ServiceError::param("A function_score query needs a field_value_factor."))?;
    let (name, f) = field(ctx.engine, factor.field_name.as_deref())?;
    if !matches!(f.kind, FieldKind::Long | FieldKind::Double | FieldKind::Date) {
        return Err(ServiceError::param(format!(
            "The field_value_factor field [{name}] must be LONG or DOUBLE; it is {:?}.",
            f.kind
        )));
    }
    let inner = sub(ctx, inner)?;
    let docs = ctx.engine.scored(ctx.searcher, inner.as_ref())?;
    let mut numbers = Numbers {
        ctx,
        column: ctx.engine.column_name(f.field),
        kind: f.kind,
        segments: HashMap::new(),
    };
    let mut scored = Vec::with_capacity(docs.len());
    for (address, score) in docs {
        let factor = numbers.get(address)?.unwrap_or(1.0) as f32;
        scored.push((address, score * factor));
    }
    Ok(Box::new(ScoredSet::new(ctx.searcher, scored)))
}

/// How similar two vectors are, as a score (higher is nearer): euclidean 1 / (1 + d²),
/// cosine (1 + cos) / 2, dot product (1 + dot) / 2.
pub fn similarity(metric: spb::VectorMetricType, a: &[f32], b: &[f32]) -> f32 {
    let dot: f32 = a.iter().zip(b).map(|(x, y)| x * y).sum();
    match metric {
        spb::VectorMetricType::VmEuclidean => {
            let d2: f32 = a.iter().zip(b).map(|(x, y)| (x - y) * (x - y)).sum();
            1.0 / (1.0 + d2)
        }
        spb::VectorMetricType::VmCosine => {
            let norms =
                a.iter().map(|x| x * x).sum::<f32>().sqrt() * b.iter().map(|x| x * x).sum::<f32>().sqrt();
            if norms == 0.0 {
                0.0
            } else {
                (1.0 + dot / norms) / 2.0
            }
        }
        spb::VectorMetricType::VmDotProduct => (1.0 + dot) / 2.0,
    }
}

/// knn_vector by exact distance: the top_k documents nearest the query vector among those the
/// filter matches, scored by similarity.
pub(super) fn knn(
    ctx: Ctx<'_>,
    q: &spb::Query,
    sub: impl Fn(Ctx<'_>, &spb::Query) -> ServiceResult<Boxed>,
) -> ServiceResult<Boxed> {
    let b: spb::KnnVectorQuery = body(q)?;
    let (name, f) = field(ctx.engine, b.field_name.as_deref())?;
    let spec = match (f.kind, f.vector) {
        (FieldKind::Vector, Some(spec)) => spec,
        _ => {
            return Err(ServiceError::param(format!(
                "Field [{name}] is {:?}; a knn_vector query needs a VECTOR field.",
                f.kind
            )))
        }
    };
    let top_k = b.top_k.unwrap_or(0);
    if !(1..=MAX_TOP_K).contains(&top_k) {
        return Err(ServiceError::param(format!(
            "The top_k [{top_k}] of a knn_vector query must be between 1 and {MAX_TOP_K}."
        )));
    }
    if b.float32_query_vector.iter().any(|x| !x.is_finite()) {
        return Err(ServiceError::param(format!(
            "The query vector of a knn_vector query on field [{name}] holds a number that is not finite."
        )));
    }
    if b.float32_query_vector.len() != spec.dimension {
        return Err(ServiceError::param(format!(
            "The query vector has {} dimensions; field [{name}] has {}.",
            b.float32_query_vector.len(),
            spec.dimension
        )));
    }
    let filter: Boxed = match &b.filter {
        Some(filter) => sub(ctx, filter)?,
        None => Box::new(AllQuery),
    };
    let candidates = ctx.engine.scored(ctx.searcher, filter.as_ref())?;
    let vectors = first_bytes(
        ctx.searcher,
        &ctx.engine.column_name(f.field),
        candidates
            .into_iter()
            .map(|(address, _)| (address, address))
            .collect(),
    )?;
    let mut scored: Vec<(DocAddress, Score)> = Vec::with_capacity(vectors.len());
    for (bytes, address) in vectors {
        let v: Vec<f32> = bytes
            .chunks_exact(4)
            .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect();
        let score = similarity(spec.metric, &b.float32_query_vector, &v);
        if score.is_finite() && b.min_score.is_none_or(|min| score >= min) {
            scored.push((address, score));
        }
    }
    scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    scored.truncate(usize::try_from(top_k).unwrap_or(0));
    weighted(Box::new(ScoredSet::new(ctx.searcher, scored)), b.weight)
}
