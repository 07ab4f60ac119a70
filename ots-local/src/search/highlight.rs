//! Highlighting: fragments of a text field around the words a search matched, the words
//! wrapped in tags.
//!
//! The words are those the query's match, match_phrase, term and terms clauses look for in the
//! field, as its analyzer splits them (clauses under `must_not` excluded; function_score and
//! knn filters included; prefix and wildcard clauses highlight nothing). Fragments are windows
//! of about `fragment_size` characters around the matches, at most `number_of_fragments` per
//! field (an array field's values together), in text order or by their number of matches. The
//! HTML encoder escapes the text (not the tags): `& < > " ' /`. Bounded work: the first 65,536
//! characters of a value are read, tags are at most 256 bytes, windows never grow past the
//! fragment size by more than one word.

use super::engine::{FieldKind, IndexEngine};
use super::translate::{body, field, words};
use crate::error::{ServiceError, ServiceResult};
use ots_proto::model::Value;
use ots_proto::pb::search as spb;
use ots_proto::plainbuffer;
use std::collections::HashSet;
use tantivy::schema::Field;
use tantivy::Term;

/// Fragments per field when the request names none.
const DEFAULT_FRAGMENTS: usize = 5;
/// Characters per fragment when the request names none.
const DEFAULT_FRAGMENT_SIZE: usize = 100;
/// Most fragments and largest fragment a request may ask for (ours).
const MAX_FRAGMENTS: i32 = 100;
const MAX_FRAGMENT_SIZE: i32 = 10_000;
/// Longest tag, in bytes (ours).
const MAX_TAG_BYTES: usize = 256;
/// Characters of one value that are read (ours).
const MAX_TEXT_CHARS: usize = 65_536;

/// One field to highlight, checked against the index.
#[derive(Debug)]
pub struct FieldHighlight {
    /// The field's name.
    pub name: String,
    field: Field,
    terms: HashSet<Vec<u8>>,
    fragments: usize,
    fragment_size: usize,
    pre_tag: String,
    post_tag: String,
    by_score: bool,
    html: bool,
}

/// The fields a request asks to highlight, with the terms `query` looks for in each.
///
/// # Errors
/// `OTSParameterInvalid` for a field that is not in the index or not a TEXT field with
/// `enable_highlighting`, or sizes and tags out of range.
pub fn plan(
    engine: &IndexEngine,
    highlight: &spb::Highlight,
    query: &spb::Query,
) -> ServiceResult<Vec<FieldHighlight>> {
    let html = highlight.highlight_encoder == Some(spb::HighlightEncoder::HtmlMode as i32);
    let mut all_terms: Vec<Term> = Vec::new();
    collect_terms(engine, query, &mut all_terms, 0);
    highlight
        .highlight_parameters
        .iter()
        .map(|p| {
            let name = p.field_name.clone().unwrap_or_default();
            let f = engine.field(&name).ok_or_else(|| {
                ServiceError::param(format!(
                    "Highlight field [{name}] is not a field of the search index (nested sub-fields are not highlighted by ots-local)."
                ))
            })?;
            if f.kind != FieldKind::Text || !f.highlight {
                return Err(ServiceError::param(format!(
                    "Highlight field [{name}] must be a TEXT field created with enable_highlighting."
                )));
            }
            let count = |v: Option<i32>, max: i32, default: usize, what: &str| match v {
                None => Ok(default),
                Some(n) if (1..=max).contains(&n) => Ok(usize::try_from(n).unwrap_or(default)),
                Some(n) => Err(ServiceError::param(format!(
                    "The {what} [{n}] of highlight field [{name}] must be between 1 and {max}."
                ))),
            };
            let tag = |t: &Option<String>, default: &str| match t {
                Some(t) if t.len() > MAX_TAG_BYTES => Err(ServiceError::param(format!(
                    "The tags of highlight field [{name}] must be at most {MAX_TAG_BYTES} bytes."
                ))),
                Some(t) => Ok(t.clone()),
                None => Ok(default.to_owned()),
            };
            Ok(FieldHighlight {
                field: f.field,
                terms: all_terms
                    .iter()
                    .filter(|t| t.field() == f.field)
                    .map(|t| t.serialized_value_bytes().to_vec())
                    .collect(),
                fragments: count(p.number_of_fragments, MAX_FRAGMENTS, DEFAULT_FRAGMENTS, "number_of_fragments")?,
                fragment_size: count(p.fragment_size, MAX_FRAGMENT_SIZE, DEFAULT_FRAGMENT_SIZE, "fragment_size")?,
                pre_tag: tag(&p.pre_tag, "<em>")?,
                post_tag: tag(&p.post_tag, "</em>")?,
                by_score: p.fragments_order == Some(spb::HighlightFragmentOrder::Score as i32),
                html,
                name,
            })
        })
        .collect()
}

/// The terms the query's positive text clauses look for (the query was checked already, so
/// clauses that cannot be read are passed over).
fn collect_terms(engine: &IndexEngine, q: &spb::Query, out: &mut Vec<Term>, depth: usize) {
    use spb::QueryType as T;
    if depth > 32 {
        return;
    }
    let kind = q.r#type.and_then(|t| T::try_from(t).ok());
    let mut text = |field_name: Option<&str>, text: &str| {
        if let Ok((name, f)) = field(engine, field_name) {
            if let Ok(ws) = words(engine, &name, f, text) {
                out.extend(ws.into_iter().map(|(_, t)| t));
            }
        }
    };
    match kind {
        Some(T::MatchQuery) => {
            if let Ok(b) = body::<spb::MatchQuery>(q) {
                text(b.field_name.as_deref(), b.text.as_deref().unwrap_or_default());
            }
        }
        Some(T::MatchPhraseQuery) => {
            if let Ok(b) = body::<spb::MatchPhraseQuery>(q) {
                text(b.field_name.as_deref(), b.text.as_deref().unwrap_or_default());
            }
        }
        Some(T::TermQuery) => {
            if let Ok(b) = body::<spb::TermQuery>(q) {
                if let Ok(Value::String(s)) =
                    plainbuffer::decode_variant(b.term.as_deref().unwrap_or_default())
                {
                    text(b.field_name.as_deref(), &s);
                }
            }
        }
        Some(T::TermsQuery) => {
            if let Ok(b) = body::<spb::TermsQuery>(q) {
                for t in &b.terms {
                    if let Ok(Value::String(s)) = plainbuffer::decode_variant(t) {
                        text(b.field_name.as_deref(), &s);
                    }
                }
            }
        }
        Some(T::BoolQuery) => {
            if let Ok(b) = body::<spb::BoolQuery>(q) {
                for sub in b
                    .must_queries
                    .iter()
                    .chain(&b.filter_queries)
                    .chain(&b.should_queries)
                {
                    collect_terms(engine, sub, out, depth + 1);
                }
            }
        }
        Some(T::ConstScoreQuery) => {
            if let Some(sub) = body::<spb::ConstScoreQuery>(q).ok().and_then(|b| b.filter) {
                collect_terms(engine, &sub, out, depth + 1);
            }
        }
        Some(T::FunctionScoreQuery) => {
            if let Some(sub) = body::<spb::FunctionScoreQuery>(q).ok().and_then(|b| b.query) {
                collect_terms(engine, &sub, out, depth + 1);
            }
        }
        Some(T::KnnVectorQuery) => {
            if let Some(sub) = body::<spb::KnnVectorQuery>(q).ok().and_then(|b| b.filter) {
                collect_terms(engine, &sub, out, depth + 1);
            }
        }
        _ => {}
    }
}

/// A matched word's byte range.
type Span = (usize, usize);

/// A fragment: which value, its byte range, and the matched words in it.
struct Window {
    value: usize,
    from: usize,
    to: usize,
    spans: Vec<Span>,
}

impl FieldHighlight {
    /// The fragments of a field's values, or none when no word of them matched.
    pub fn fragments(&self, engine: &IndexEngine, values: &[&str]) -> Vec<String> {
        let mut windows: Vec<Window> = Vec::new();
        for (n, text) in values.iter().enumerate() {
            let text = match text.char_indices().nth(MAX_TEXT_CHARS) {
                Some((end, _)) => &text[..end],
                None => text,
            };
            let spans = self.spans(engine, text);
            windows.extend(self.windows(n, text, &spans));
            if !self.by_score && windows.len() >= self.fragments {
                break;
            }
        }
        if self.by_score {
            windows.sort_by_key(|w| std::cmp::Reverse(w.spans.len()));
        }
        windows
            .iter()
            .take(self.fragments)
            .map(|w| self.render(values[w.value], w))
            .collect()
    }

    /// The matched words of `text`, in order, not overlapping: at each position the longest
    /// matching word (the fuzzy analyzer gives several), words that touch merged.
    fn spans(&self, engine: &IndexEngine, text: &str) -> Vec<Span> {
        let Ok(mut analyzer) = engine.index().tokenizer_for_field(self.field) else {
            return Vec::new();
        };
        let mut spans: Vec<Span> = Vec::new();
        let mut stream = analyzer.token_stream(text);
        while let Some(token) = stream.next() {
            let (from, to) = (token.offset_from, token.offset_to);
            if !(text.is_char_boundary(from) && text.is_char_boundary(to) && from < to) {
                continue;
            }
            let term = Term::from_field_text(self.field, &token.text);
            if !self.terms.contains(term.serialized_value_bytes()) {
                continue;
            }
            match spans.last_mut() {
                // Inside the last word: nothing new.
                Some(last) if to <= last.1 => {}
                // Overlapping or touching the last word: one longer word.
                Some(last) if from <= last.1 => last.1 = to,
                _ => spans.push((from, to)),
            }
        }
        spans
    }

    /// Windows of about `fragment_size` characters around the spans of value `n`.
    fn windows(&self, n: usize, text: &str, spans: &[Span]) -> Vec<Window> {
        // Byte offset of each character, to count characters in O(log n).
        let starts: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
        let char_at = |byte: usize| starts.partition_point(|&b| b < byte);
        let byte_at = |index: usize| starts[index.min(starts.len() - 1)];
        let mut out: Vec<Window> = Vec::new();
        for &(from, to) in spans {
            let (cf, ct) = (char_at(from), char_at(to));
            if let Some(last) = out.last_mut() {
                let merged = ct.saturating_sub(char_at(last.from));
                // A word that starts inside the last window, or that fits in it with the
                // window still within the fragment size, joins it.
                if from < last.to || merged <= self.fragment_size {
                    // The window keeps its start and fills up to the fragment size.
                    let full = byte_at(char_at(last.from) + self.fragment_size);
                    last.to = last.to.max(to).max(full);
                    last.spans.push((from, to));
                    continue;
                }
            }
            let slack = self.fragment_size.saturating_sub(ct - cf) / 2;
            let start = byte_at(cf.saturating_sub(slack)).max(out.last().map_or(0, |l| l.to));
            let end = byte_at(ct + slack);
            out.push(Window {
                value: n,
                from: start,
                to: end,
                spans: vec![(from, to)],
            });
            if !self.by_score && out.len() >= self.fragments {
                break;
            }
        }
        out
    }

    fn render(&self, text: &str, w: &Window) -> String {
        let mut out = String::new();
        let mut at = w.from;
        for &(start, end) in &w.spans {
            self.push(&mut out, &text[at..start]);
            out.push_str(&self.pre_tag);
            self.push(&mut out, &text[start..end]);
            out.push_str(&self.post_tag);
            at = end;
        }
        self.push(&mut out, &text[at..w.to.max(at)]);
        out
    }

    fn push(&self, out: &mut String, text: &str) {
        if !self.html {
            out.push_str(text);
            return;
        }
        for c in text.chars() {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '"' => out.push_str("&quot;"),
                '\'' => out.push_str("&#x27;"),
                '/' => out.push_str("&#x2F;"),
                other => out.push(other),
            }
        }
    }
}
