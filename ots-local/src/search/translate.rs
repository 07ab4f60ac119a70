//! Search queries (the service's protobuf) as tantivy queries over an [`IndexEngine`].
//!
//! Served: match_all, match (OR / AND, minimum_should_match), match_phrase (slop), term, terms,
//! range, prefix, wildcard, exists, bool (must, must_not, filter, should, minimum_should_match),
//! const_score, and (in [`special`]) nested, geo_bounding_box, geo_distance, geo_polygon,
//! knn_vector and function_score. Scores are tantivy's BM25; `weight` multiplies a query's
//! score. Text is split by the field's analyzer ([`super::analyzer`]).

mod special;

use super::collect::ScoredSet;
use super::engine::{FieldKind, IndexEngine, IndexField};
use crate::error::{ServiceError, ServiceResult};
use ots_proto::model::Value;
use ots_proto::pb::search as spb;
use ots_proto::plainbuffer;
use prost::Message;
use std::ops::Bound;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, Occur, PhraseQuery, Query as TantivyQuery,
    RangeQuery, RegexQuery, TermQuery,
};
use tantivy::schema::IndexRecordOption;
use tantivy::{Searcher, Term};

pub(super) type Boxed = Box<dyn TantivyQuery>;

/// Longest wildcard pattern, in characters.
const MAX_WILDCARD_CHARS: usize = 32;
/// Most terms of a terms query.
const MAX_TERMS: usize = 1024;
/// Most clauses of one bool query.
const MAX_BOOL_CLAUSES: usize = 1024;
/// Deepest nesting of bool, const_score, nested and function_score queries (the bodies are
/// separate messages, so the protobuf decoder's own limit does not apply).
const MAX_DEPTH: usize = 32;

/// What a query is translated against: the engine of its documents and the searcher whose
/// snapshot it will run on (queries computed up front are valid for that snapshot only).
#[derive(Clone, Copy)]
pub struct Ctx<'a> {
    /// The engine.
    pub engine: &'a IndexEngine,
    /// The snapshot.
    pub searcher: &'a Searcher,
}

/// `q` as a tantivy query.
///
/// # Errors
/// `OTSParameterInvalid` for a malformed query, an unknown field, a value of another type or a
/// limit passed; `OTSUnsupportOperation` for query types ots-local does not serve.
pub fn translate(ctx: Ctx<'_>, q: &spb::Query) -> ServiceResult<Boxed> {
    nested(ctx, q, 0)
}

pub(super) fn body<M: Message + Default>(q: &spb::Query) -> ServiceResult<M> {
    M::decode(q.query.as_deref().unwrap_or_default())
        .map_err(|_| ServiceError::param("The search query cannot be parsed."))
}

pub(super) fn field(engine: &IndexEngine, name: Option<&str>) -> ServiceResult<(String, IndexField)> {
    let name = name.unwrap_or_default();
    if name.is_empty() {
        return Err(ServiceError::param("The field_name of a query is required."));
    }
    let f = engine
        .field(name)
        .ok_or_else(|| ServiceError::param(format!("Field [{name}] is not in the search index.")))?;
    if !f.indexed {
        return Err(ServiceError::param(format!(
            "Field [{name}] is not indexed (index=false) and cannot be queried."
        )));
    }
    match f.kind {
        FieldKind::Unsearchable => Err(ServiceError::unsupported_feature(format!(
            "Queries on field [{name}] (JSON) are not supported by ots-local."
        ))),
        _ => Ok((name.to_owned(), f)),
    }
}

/// The term of `value` in a field, checked against the field's type (a DATE field takes text
/// in its formats or an epoch integer).
fn term(engine: &IndexEngine, name: &str, f: IndexField, value: &Value) -> ServiceResult<Term> {
    Ok(match (f.kind, value) {
        (FieldKind::Date, Value::Integer(_) | Value::String(_)) => {
            let millis = engine.date_millis(name, value).ok_or_else(|| {
                ServiceError::param(format!(
                    "The value {value:?} is not a date in the formats of field [{name}]."
                ))
            })?;
            Term::from_field_i64(f.field, millis)
        }
        (FieldKind::Keyword | FieldKind::Text, Value::String(s)) => Term::from_field_text(f.field, s),
        (FieldKind::Long, Value::Integer(i)) => Term::from_field_i64(f.field, *i),
        (FieldKind::Double, Value::Double(d)) => Term::from_field_f64(f.field, *d),
        (FieldKind::Double, Value::Integer(i)) => Term::from_field_f64(f.field, *i as f64),
        (FieldKind::Boolean, Value::Boolean(b)) => Term::from_field_bool(f.field, *b),
        // Text holding a number or a boolean queries a field of that type (the official Python
        // SDK's `test_queries` asks a LONG field for "900" and expects the row).
        (FieldKind::Long, Value::String(s)) if whole(s).is_some() => {
            Term::from_field_i64(f.field, whole(s).unwrap_or_default())
        }
        // A whole number sent as a double (JavaScript clients send every number so).
        (FieldKind::Long, Value::Double(d)) if d.fract() == 0.0 && d.abs() < 9.0e15 => {
            Term::from_field_i64(f.field, *d as i64)
        }
        (FieldKind::Double, Value::String(s)) if s.trim().parse::<f64>().is_ok_and(f64::is_finite) => {
            Term::from_field_f64(f.field, s.trim().parse::<f64>().unwrap_or_default())
        }
        (FieldKind::Boolean, Value::String(s)) if matches!(s.trim(), "true" | "false") => {
            Term::from_field_bool(f.field, s.trim() == "true")
        }
        (FieldKind::Nested, _) => {
            return Err(ServiceError::param(format!(
                "Field [{name}] is nested: query its fields inside a nested query."
            )))
        }
        (kind, other) => {
            return Err(ServiceError::param(format!(
                "Field [{name}] is {kind:?}; a {} value cannot query it.",
                other.type_name()
            )))
        }
    })
}

/// Text holding a whole number that fits a LONG (`12`, ` 12 `, `12.0`, `1e3`).
fn whole(text: &str) -> Option<i64> {
    let text = text.trim();
    text.parse::<i64>().ok().or_else(|| {
        let d = text.parse::<f64>().ok()?;
        (d.fract() == 0.0 && d.abs() < 9.0e15).then_some(d as i64)
    })
}

fn variant(bytes: Option<&[u8]>, what: &str) -> ServiceResult<Value> {
    plainbuffer::decode_variant(bytes.unwrap_or_default())
        .map_err(|_| ServiceError::param(format!("The {what} of a query cannot be parsed.")))
}

fn term_query(t: Term) -> Boxed {
    Box::new(TermQuery::new(t, IndexRecordOption::WithFreqsAndPositions))
}

/// `q` with its score multiplied by `weight` (when given).
pub(super) fn weighted(q: Boxed, weight: Option<f32>) -> ServiceResult<Boxed> {
    match weight {
        None => Ok(q),
        Some(w) if w.is_finite() && w > 0.0 => Ok(Box::new(BoostQuery::new(q, w))),
        Some(w) => Err(ServiceError::param(format!(
            "The weight [{w}] of a query must be positive."
        ))),
    }
}

/// The words of `text` as `name`'s analyzer splits them, with their positions (a keyword is
/// one word).
pub(super) fn words(
    engine: &IndexEngine,
    name: &str,
    f: IndexField,
    text: &str,
) -> ServiceResult<Vec<(usize, Term)>> {
    if f.kind != FieldKind::Text {
        return Ok(vec![(0, term(engine, name, f, &Value::String(text.to_owned()))?)]);
    }
    let mut analyzer = engine
        .index()
        .tokenizer_for_field(f.field)
        .map_err(|e| ServiceError::internal(e.to_string()))?;
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while let Some(token) = stream.next() {
        out.push((token.position, Term::from_field_text(f.field, &token.text)));
    }
    Ok(out)
}

/// The terms a phrase needs: one per position, the longest (the fuzzy analyzer gives every
/// substring starting at a position; the longest implies the shorter ones), so a long phrase
/// stays one term per character at most.
fn phrase_terms(words: Vec<(usize, Term)>) -> Vec<(usize, Term)> {
    let mut by_position: std::collections::BTreeMap<usize, Term> = std::collections::BTreeMap::new();
    for (position, term) in words {
        match by_position.entry(position) {
            std::collections::btree_map::Entry::Vacant(e) => {
                e.insert(term);
            }
            std::collections::btree_map::Entry::Occupied(mut e) => {
                if term.serialized_value_bytes().len() > e.get().serialized_value_bytes().len() {
                    e.insert(term);
                }
            }
        }
    }
    by_position.into_iter().collect()
}

/// Regex syntax escaped.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if "\\.+*?()|[]{}^$#&-~\"@".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn regex(name: &str, f: IndexField, pattern: &str) -> ServiceResult<Boxed> {
    if !matches!(f.kind, FieldKind::Keyword | FieldKind::Text) {
        return Err(ServiceError::param(format!(
            "Prefix and wildcard queries need a keyword or text field; [{name}] is {:?}.",
            f.kind
        )));
    }
    RegexQuery::from_pattern(pattern, f.field)
        .map(|q| Box::new(q) as Boxed)
        .map_err(|_| ServiceError::param(format!("Invalid pattern for field [{name}].")))
}

fn minimum_should_match(new: Option<&str>, old: Option<i32>) -> Option<usize> {
    new.and_then(|m| m.parse::<usize>().ok())
        .or_else(|| old.and_then(|m| usize::try_from(m).ok()))
}

fn nested(ctx: Ctx<'_>, q: &spb::Query, depth: usize) -> ServiceResult<Boxed> {
    use spb::QueryType as T;
    if depth > MAX_DEPTH {
        return Err(ServiceError::param(format!(
            "The search query nests deeper than {MAX_DEPTH} levels."
        )));
    }
    let engine = ctx.engine;
    let kind = q
        .r#type
        .and_then(|t| T::try_from(t).ok())
        .ok_or_else(|| ServiceError::param("The search query type is missing or unknown."))?;
    match kind {
        T::MatchAllQuery => Ok(Box::new(AllQuery)),
        T::TermQuery => {
            let b: spb::TermQuery = body(q)?;
            let (name, f) = field(engine, b.field_name.as_deref())?;
            weighted(
                term_query(term(engine, &name, f, &variant(b.term.as_deref(), "term")?)?),
                b.weight,
            )
        }
        T::TermsQuery => {
            let b: spb::TermsQuery = body(q)?;
            let (name, f) = field(engine, b.field_name.as_deref())?;
            if b.terms.len() > MAX_TERMS {
                return Err(ServiceError::param(format!(
                    "A terms query takes at most {MAX_TERMS} terms; it has {}.",
                    b.terms.len()
                )));
            }
            let terms = b
                .terms
                .iter()
                .map(|t| {
                    let value = variant(Some(t), "term")?;
                    Ok((Occur::Should, term_query(term(engine, &name, f, &value)?)))
                })
                .collect::<ServiceResult<Vec<_>>>()?;
            weighted(Box::new(BooleanQuery::new(terms)), b.weight)
        }
        T::RangeQuery => range(engine, q),
        T::PrefixQuery => {
            let b: spb::PrefixQuery = body(q)?;
            let (name, f) = field(engine, b.field_name.as_deref())?;
            let pattern = format!("{}.*", escape(b.prefix.as_deref().unwrap_or_default()));
            weighted(regex(&name, f, &pattern)?, b.weight)
        }
        T::WildcardQuery => {
            let b: spb::WildcardQuery = body(q)?;
            let (name, f) = field(engine, b.field_name.as_deref())?;
            let value = b.value.unwrap_or_default();
            if value.chars().count() > MAX_WILDCARD_CHARS {
                return Err(ServiceError::param(format!(
                    "The wildcard pattern of field [{name}] is longer than {MAX_WILDCARD_CHARS} characters."
                )));
            }
            let pattern: String = value
                .chars()
                .map(|c| match c {
                    '*' => ".*".to_owned(),
                    '?' => ".".to_owned(),
                    other => escape(&other.to_string()),
                })
                .collect();
            weighted(regex(&name, f, &pattern)?, b.weight)
        }
        T::ExistsQuery => {
            let b: spb::ExistsQuery = body(q)?;
            let (name, _) = field(engine, b.field_name.as_deref())?;
            Ok(term_query(Term::from_field_text(engine.present_field(), &name)))
        }
        T::MatchQuery => {
            let b: spb::MatchQuery = body(q)?;
            let (name, f) = field(engine, b.field_name.as_deref())?;
            let all = b.operator == Some(spb::QueryOperator::And as i32);
            let occur = if all { Occur::Must } else { Occur::Should };
            let clauses: Vec<(Occur, Boxed)> =
                words(engine, &name, f, b.text.as_deref().unwrap_or_default())?
                    .into_iter()
                    .map(|(_, t)| (occur, term_query(t)))
                    .collect();
            let query: Boxed =
                match minimum_should_match(b.new_minimum_should_match.as_deref(), b.minimum_should_match) {
                    Some(n) if !all => Box::new(BooleanQuery::with_minimum_required_clauses(clauses, n)),
                    _ => Box::new(BooleanQuery::new(clauses)),
                };
            weighted(query, b.weight)
        }
        T::MatchPhraseQuery => {
            let b: spb::MatchPhraseQuery = body(q)?;
            let (name, f) = field(engine, b.field_name.as_deref())?;
            let terms = phrase_terms(words(engine, &name, f, b.text.as_deref().unwrap_or_default())?);
            let query: Boxed = match terms.len() {
                0 => Box::new(BooleanQuery::new(Vec::new())),
                1 => term_query(
                    terms
                        .into_iter()
                        .next()
                        .map_or_else(|| Term::from_field_text(f.field, ""), |t| t.1),
                ),
                _ => {
                    let slop = u32::try_from(b.slop.unwrap_or(0)).unwrap_or(0);
                    Box::new(PhraseQuery::new_with_offset_and_slop(terms, slop))
                }
            };
            weighted(query, b.weight)
        }
        T::BoolQuery => boolean(ctx, q, depth),
        T::ConstScoreQuery => {
            let b: spb::ConstScoreQuery = body(q)?;
            let inner = b
                .filter
                .as_ref()
                .ok_or_else(|| ServiceError::param("A const_score query needs a filter."))?;
            Ok(Box::new(ConstScoreQuery::new(
                nested(ctx, inner, depth + 1)?,
                1.0,
            )))
        }
        T::NestedQuery => special::nested(ctx, q, |ctx, inner| nested(ctx, inner, depth + 1)),
        T::FunctionScoreQuery => special::function_score(ctx, q, |ctx, inner| nested(ctx, inner, depth + 1)),
        T::KnnVectorQuery => special::knn(ctx, q, |ctx, inner| nested(ctx, inner, depth + 1)),
        T::GeoBoundingBoxQuery | T::GeoDistanceQuery | T::GeoPolygonQuery => special::geo(ctx, q, kind),
        other => Err(ServiceError::unsupported_feature(format!(
            "{other:?} is not supported by ots-local."
        ))),
    }
}

fn range(engine: &IndexEngine, q: &spb::Query) -> ServiceResult<Boxed> {
    let b: spb::RangeQuery = body(q)?;
    let (name, f) = field(engine, b.field_name.as_deref())?;
    let bound = |bytes: Option<&[u8]>, inclusive: Option<bool>| -> ServiceResult<Bound<Term>> {
        match bytes {
            None => Ok(Bound::Unbounded),
            Some(bytes) => {
                let t = term(engine, &name, f, &variant(Some(bytes), "range bound")?)?;
                Ok(if inclusive == Some(true) {
                    Bound::Included(t)
                } else {
                    Bound::Excluded(t)
                })
            }
        }
    };
    let lower = bound(b.range_from.as_deref(), b.include_lower)?;
    let upper = bound(b.range_to.as_deref(), b.include_upper)?;
    Ok(Box::new(RangeQuery::new(lower, upper)))
}

fn boolean(ctx: Ctx<'_>, q: &spb::Query, depth: usize) -> ServiceResult<Boxed> {
    let b: spb::BoolQuery = body(q)?;
    let count =
        b.must_queries.len() + b.filter_queries.len() + b.must_not_queries.len() + b.should_queries.len();
    if count > MAX_BOOL_CLAUSES {
        return Err(ServiceError::param(format!(
            "A bool query takes at most {MAX_BOOL_CLAUSES} clauses; it has {count}."
        )));
    }
    let sub = |q: &spb::Query| nested(ctx, q, depth + 1);
    let mut clauses: Vec<(Occur, Boxed)> = Vec::with_capacity(count + 1);
    for q in &b.must_queries {
        clauses.push((Occur::Must, sub(q)?));
    }
    for q in &b.filter_queries {
        // Filters match without adding to the score.
        clauses.push((Occur::Must, Box::new(ConstScoreQuery::new(sub(q)?, 0.0))));
    }
    for q in &b.must_not_queries {
        // Excluded matches are computed first: tantivy's exclusion probes a phrase scorer
        // behind its current document, which its scorer does not allow.
        let excluded = sub(q)?;
        let docs = ctx.engine.scored(ctx.searcher, excluded.as_ref())?;
        clauses.push((Occur::MustNot, Box::new(ScoredSet::new(ctx.searcher, docs))));
    }
    for q in &b.should_queries {
        clauses.push((Occur::Should, sub(q)?));
    }
    // A bool query of only must_not clauses matches everything else.
    if clauses.iter().all(|(o, _)| *o == Occur::MustNot) && !clauses.is_empty() {
        clauses.push((
            Occur::Must,
            Box::new(ConstScoreQuery::new(Box::new(AllQuery), 0.0)),
        ));
    }
    let query: Boxed =
        match minimum_should_match(b.new_minimum_should_match.as_deref(), b.minimum_should_match) {
            Some(n) => Box::new(BooleanQuery::with_minimum_required_clauses(clauses, n)),
            None => Box::new(BooleanQuery::new(clauses)),
        };
    weighted(query, b.weight)
}
