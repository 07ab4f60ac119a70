//! Search queries (the service's protobuf) as tantivy queries over an [`IndexEngine`].
//!
//! Served: match_all, match (OR / AND, minimum_should_match), match_phrase (slop), term, terms,
//! range, prefix, wildcard, exists, bool (must, must_not, filter, should, minimum_should_match)
//! and const_score. Nested, geo, knn and function-score queries are refused as not supported
//! by ots-local yet. Text is split by tantivy's default tokenizer (words, lower-cased), an
//! approximation of the service's analyzers (FIDELITY.md).

use super::engine::{FieldKind, IndexEngine, IndexField};
use crate::error::{ServiceError, ServiceResult};
use ots_proto::model::Value;
use ots_proto::pb::search as spb;
use ots_proto::plainbuffer;
use prost::Message;
use std::ops::Bound;
use tantivy::query::{
    AllQuery, BooleanQuery, ConstScoreQuery, Occur, PhraseQuery, Query as TantivyQuery, RangeQuery,
    RegexQuery, TermQuery,
};
use tantivy::schema::IndexRecordOption;
use tantivy::Term;

type Boxed = Box<dyn TantivyQuery>;

fn body<M: Message + Default>(q: &spb::Query) -> ServiceResult<M> {
    M::decode(q.query.as_deref().unwrap_or_default())
        .map_err(|_| ServiceError::param("The search query cannot be parsed."))
}

fn field(engine: &IndexEngine, name: Option<&str>) -> ServiceResult<(String, IndexField)> {
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
    if f.kind == FieldKind::Unsearchable {
        return Err(ServiceError::unsupported_feature(format!(
            "Queries on field [{name}] (geo point, nested or vector) are not supported by ots-local yet."
        )));
    }
    Ok((name.to_owned(), f))
}

/// The term of `value` in a field, checked against the field's type.
fn term(name: &str, f: IndexField, value: &Value) -> ServiceResult<Term> {
    Ok(match (f.kind, value) {
        (FieldKind::Keyword | FieldKind::Text, Value::String(s)) => Term::from_field_text(f.field, s),
        (FieldKind::Long | FieldKind::Date, Value::Integer(i)) => Term::from_field_i64(f.field, *i),
        (FieldKind::Double, Value::Double(d)) => Term::from_field_f64(f.field, *d),
        (FieldKind::Double, Value::Integer(i)) => Term::from_field_f64(f.field, *i as f64),
        (FieldKind::Boolean, Value::Boolean(b)) => Term::from_field_bool(f.field, *b),
        (kind, other) => {
            return Err(ServiceError::param(format!(
                "Field [{name}] is {kind:?}; a {} value cannot query it.",
                other.type_name()
            )))
        }
    })
}

fn variant(bytes: Option<&[u8]>, what: &str) -> ServiceResult<Value> {
    plainbuffer::decode_variant(bytes.unwrap_or_default())
        .map_err(|_| ServiceError::param(format!("The {what} of a query cannot be parsed.")))
}

fn term_query(t: Term) -> Boxed {
    Box::new(TermQuery::new(t, IndexRecordOption::WithFreqsAndPositions))
}

/// The words of `text` as `name`'s tokenizer splits them (a keyword is one word).
fn words(engine: &IndexEngine, name: &str, f: IndexField, text: &str) -> ServiceResult<Vec<Term>> {
    if f.kind != FieldKind::Text {
        return Ok(vec![term(name, f, &Value::String(text.to_owned()))?]);
    }
    let mut analyzer = engine
        .index()
        .tokenizer_for_field(f.field)
        .map_err(|e| ServiceError::internal(e.to_string()))?;
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while let Some(token) = stream.next() {
        out.push(Term::from_field_text(f.field, &token.text));
    }
    Ok(out)
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

/// `q` as a tantivy query.
///
/// # Errors
/// `OTSParameterInvalid` for a malformed query, an unknown field or a value of another type;
/// `OTSUnsupportOperation` for query types ots-local does not serve yet.
pub fn translate(engine: &IndexEngine, q: &spb::Query) -> ServiceResult<Boxed> {
    nested(engine, q, 0)
}

/// Deepest nesting of bool and const_score queries (the bodies are separate messages, so the
/// protobuf decoder's own limit does not apply).
const MAX_DEPTH: usize = 32;

fn nested(engine: &IndexEngine, q: &spb::Query, depth: usize) -> ServiceResult<Boxed> {
    use spb::QueryType as T;
    if depth > MAX_DEPTH {
        return Err(ServiceError::param(format!(
            "The search query nests deeper than {MAX_DEPTH} levels."
        )));
    }
    let translate = |engine: &IndexEngine, q: &spb::Query| nested(engine, q, depth + 1);
    let kind = q
        .r#type
        .and_then(|t| T::try_from(t).ok())
        .ok_or_else(|| ServiceError::param("The search query type is missing or unknown."))?;
    Ok(match kind {
        T::MatchAllQuery => Box::new(AllQuery),
        T::TermQuery => {
            let b: spb::TermQuery = body(q)?;
            let (name, f) = field(engine, b.field_name.as_deref())?;
            term_query(term(&name, f, &variant(b.term.as_deref(), "term")?)?)
        }
        T::TermsQuery => {
            let b: spb::TermsQuery = body(q)?;
            let (name, f) = field(engine, b.field_name.as_deref())?;
            let terms = b
                .terms
                .iter()
                .map(|t| {
                    let value = variant(Some(t), "term")?;
                    Ok((Occur::Should, term_query(term(&name, f, &value)?)))
                })
                .collect::<ServiceResult<Vec<_>>>()?;
            Box::new(BooleanQuery::new(terms))
        }
        T::RangeQuery => {
            let b: spb::RangeQuery = body(q)?;
            let (name, f) = field(engine, b.field_name.as_deref())?;
            let bound = |bytes: Option<&[u8]>, inclusive: Option<bool>| -> ServiceResult<Bound<Term>> {
                match bytes {
                    None => Ok(Bound::Unbounded),
                    Some(bytes) => {
                        let t = term(&name, f, &variant(Some(bytes), "range bound")?)?;
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
            Box::new(RangeQuery::new(lower, upper))
        }
        T::PrefixQuery => {
            let b: spb::PrefixQuery = body(q)?;
            let (name, f) = field(engine, b.field_name.as_deref())?;
            regex(
                &name,
                f,
                &format!("{}.*", escape(b.prefix.as_deref().unwrap_or_default())),
            )?
        }
        T::WildcardQuery => {
            let b: spb::WildcardQuery = body(q)?;
            let (name, f) = field(engine, b.field_name.as_deref())?;
            let pattern: String = b
                .value
                .unwrap_or_default()
                .chars()
                .map(|c| match c {
                    '*' => ".*".to_owned(),
                    '?' => ".".to_owned(),
                    other => escape(&other.to_string()),
                })
                .collect();
            regex(&name, f, &pattern)?
        }
        T::ExistsQuery => {
            let b: spb::ExistsQuery = body(q)?;
            let (name, _) = field(engine, b.field_name.as_deref())?;
            term_query(Term::from_field_text(engine.present_field(), &name))
        }
        T::MatchQuery => {
            let b: spb::MatchQuery = body(q)?;
            let (name, f) = field(engine, b.field_name.as_deref())?;
            let all = b.operator == Some(spb::QueryOperator::And as i32);
            let occur = if all { Occur::Must } else { Occur::Should };
            let clauses: Vec<(Occur, Boxed)> =
                words(engine, &name, f, b.text.as_deref().unwrap_or_default())?
                    .into_iter()
                    .map(|t| (occur, term_query(t)))
                    .collect();
            let minimum = b
                .new_minimum_should_match
                .as_deref()
                .and_then(|m| m.parse::<usize>().ok())
                .or_else(|| b.minimum_should_match.and_then(|m| usize::try_from(m).ok()));
            match minimum {
                Some(n) if !all => Box::new(BooleanQuery::with_minimum_required_clauses(clauses, n)),
                _ => Box::new(BooleanQuery::new(clauses)),
            }
        }
        T::MatchPhraseQuery => {
            let b: spb::MatchPhraseQuery = body(q)?;
            let (name, f) = field(engine, b.field_name.as_deref())?;
            let terms = words(engine, &name, f, b.text.as_deref().unwrap_or_default())?;
            match terms.len() {
                0 => Box::new(BooleanQuery::new(Vec::new())),
                1 => term_query(
                    terms
                        .into_iter()
                        .next()
                        .unwrap_or_else(|| Term::from_field_text(f.field, "")),
                ),
                _ => {
                    let mut phrase = PhraseQuery::new(terms);
                    phrase.set_slop(u32::try_from(b.slop.unwrap_or(0)).unwrap_or(0));
                    Box::new(phrase)
                }
            }
        }
        T::BoolQuery => {
            let b: spb::BoolQuery = body(q)?;
            let mut clauses: Vec<(Occur, Boxed)> = Vec::new();
            for sub in &b.must_queries {
                clauses.push((Occur::Must, translate(engine, sub)?));
            }
            for sub in &b.filter_queries {
                clauses.push((
                    Occur::Must,
                    Box::new(ConstScoreQuery::new(translate(engine, sub)?, 0.0)),
                ));
            }
            for sub in &b.must_not_queries {
                clauses.push((Occur::MustNot, translate(engine, sub)?));
            }
            for sub in &b.should_queries {
                clauses.push((Occur::Should, translate(engine, sub)?));
            }
            // A bool query of only must_not clauses matches everything else.
            if clauses.iter().all(|(o, _)| *o == Occur::MustNot) && !clauses.is_empty() {
                clauses.push((Occur::Must, Box::new(AllQuery)));
            }
            let minimum = b
                .new_minimum_should_match
                .as_deref()
                .and_then(|m| m.parse::<usize>().ok())
                .or_else(|| b.minimum_should_match.and_then(|m| usize::try_from(m).ok()));
            match minimum {
                Some(n) => Box::new(BooleanQuery::with_minimum_required_clauses(clauses, n)),
                None => Box::new(BooleanQuery::new(clauses)),
            }
        }
        T::ConstScoreQuery => {
            let b: spb::ConstScoreQuery = body(q)?;
            let inner = b
                .filter
                .as_ref()
                .ok_or_else(|| ServiceError::param("A const_score query needs a filter."))?;
            Box::new(ConstScoreQuery::new(translate(engine, inner)?, 1.0))
        }
        other => {
            return Err(ServiceError::unsupported_feature(format!(
                "{other:?} is not supported by ots-local yet."
            )))
        }
    })
}
