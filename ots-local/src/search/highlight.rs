//! Highlighting: fragments of a text field around the words a search matched, the words
//! wrapped in tags.
//!
//! A word is highlighted when the field's analyzer gives a term the query looks for in that
//! field. Fragments are windows of about `fragment_size` characters around the matches
//! (overlapping windows merge), at most `number_of_fragments` of them, in text order or by
//! their number of matches. The HTML encoder escapes the text (not the tags) as the service's
//! engine does: `& < > " ' /`.

use super::engine::{FieldKind, IndexEngine};
use crate::error::{ServiceError, ServiceResult};
use ots_proto::pb::search as spb;
use std::collections::HashSet;
use tantivy::query::Query as TantivyQuery;
use tantivy::schema::Field;
use tantivy::Term;

/// Fragments per field when the request names none.
const DEFAULT_FRAGMENTS: usize = 5;
/// Characters per fragment when the request names none.
const DEFAULT_FRAGMENT_SIZE: usize = 100;
/// Most fragments and largest fragment a request may ask for (ours).
const MAX_FRAGMENTS: i32 = 100;
const MAX_FRAGMENT_SIZE: i32 = 10_000;

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
/// `enable_highlighting`, or sizes out of range.
pub fn plan(
    engine: &IndexEngine,
    highlight: &spb::Highlight,
    query: &dyn TantivyQuery,
) -> ServiceResult<Vec<FieldHighlight>> {
    let html = highlight.highlight_encoder == Some(spb::HighlightEncoder::HtmlMode as i32);
    let mut all_terms: Vec<Term> = Vec::new();
    query.query_terms(&mut |term, _| all_terms.push(term.clone()));
    highlight
        .highlight_parameters
        .iter()
        .map(|p| {
            let name = p.field_name.clone().unwrap_or_default();
            let f = engine.field(&name).ok_or_else(|| {
                ServiceError::param(format!("Highlight field [{name}] is not in the search index."))
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
            Ok(FieldHighlight {
                field: f.field,
                terms: all_terms
                    .iter()
                    .filter(|t| t.field() == f.field)
                    .map(|t| t.serialized_value_bytes().to_vec())
                    .collect(),
                fragments: count(
                    p.number_of_fragments,
                    MAX_FRAGMENTS,
                    DEFAULT_FRAGMENTS,
                    "number_of_fragments",
                )?,
                fragment_size: count(
                    p.fragment_size,
                    MAX_FRAGMENT_SIZE,
                    DEFAULT_FRAGMENT_SIZE,
                    "fragment_size",
                )?,
                pre_tag: p.pre_tag.clone().unwrap_or_else(|| "<em>".into()),
                post_tag: p.post_tag.clone().unwrap_or_else(|| "</em>".into()),
                by_score: p.fragments_order == Some(spb::HighlightFragmentOrder::Score as i32),
                html,
                name,
            })
        })
        .collect()
}

impl FieldHighlight {
    /// The fragments of `text`, or none when no word of it matched.
    pub fn fragments(&self, engine: &IndexEngine, text: &str) -> Vec<String> {
        let Ok(mut analyzer) = engine.index().tokenizer_for_field(self.field) else {
            return Vec::new();
        };
        // Byte ranges of the matched words, in text order, not overlapping.
        let mut spans: Vec<(usize, usize)> = Vec::new();
        let mut stream = analyzer.token_stream(text);
        while let Some(token) = stream.next() {
            let bytes = Term::from_field_text(self.field, &token.text);
            if self.terms.contains(bytes.serialized_value_bytes())
                && spans.last().is_none_or(|(_, end)| token.offset_from >= *end)
                && text.is_char_boundary(token.offset_from)
                && text.is_char_boundary(token.offset_to)
            {
                spans.push((token.offset_from, token.offset_to));
            }
        }
        if spans.is_empty() {
            return Vec::new();
        }
        let mut windows = windows(text, &spans, self.fragment_size);
        if self.by_score {
            windows.sort_by(|a, b| b.2.len().cmp(&a.2.len()).then(a.0.cmp(&b.0)));
        }
        windows
            .into_iter()
            .take(self.fragments)
            .map(|(from, to, matches)| self.render(text, from, to, &matches))
            .collect()
    }

    fn render(&self, text: &str, from: usize, to: usize, matches: &[(usize, usize)]) -> String {
        let mut out = String::new();
        let mut at = from;
        for &(start, end) in matches {
            self.push(&mut out, &text[at..start]);
            out.push_str(&self.pre_tag);
            self.push(&mut out, &text[start..end]);
            out.push_str(&self.post_tag);
            at = end;
        }
        self.push(&mut out, &text[at..to]);
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

/// A matched word's byte range.
type Span = (usize, usize);
/// A fragment's byte range and the matched words in it.
type Window = (usize, usize, Vec<Span>);

/// Windows of about `size` characters around the matched spans (merged where they overlap),
/// each with the spans it holds.
fn windows(text: &str, spans: &[Span], size: usize) -> Vec<Window> {
    let mut out: Vec<Window> = Vec::new();
    for &(start, end) in spans {
        let slack = size.saturating_sub(text[start..end].chars().count()) / 2;
        let (from, to) = (char_back(text, start, slack), char_forward(text, end, slack));
        match out.last_mut() {
            Some(last) if from <= last.1 => {
                last.1 = last.1.max(to);
                last.2.push((start, end));
            }
            _ => out.push((from, to, vec![(start, end)])),
        }
    }
    out
}

/// The byte index `n` characters before `at` (a character boundary).
fn char_back(text: &str, at: usize, n: usize) -> usize {
    if n == 0 {
        return at;
    }
    text[..at].char_indices().rev().nth(n - 1).map_or(0, |(i, _)| i)
}

/// The byte index `n` characters after `at` (a character boundary).
fn char_forward(text: &str, at: usize, n: usize) -> usize {
    text[at..]
        .char_indices()
        .nth(n)
        .map_or(text.len(), |(i, _)| at + i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_merge_and_stay_on_character_boundaries() {
        let text = "aé bé cé dé eé";
        // "bé" at bytes 4..7, "dé" at 12..15; 3-character windows: one character each side.
        let w = windows(text, &[(4, 7), (12, 15)], 4);
        assert_eq!(w, [(3, 8, vec![(4, 7)]), (11, 16, vec![(12, 15)])]);
        let merged = windows(text, &[(4, 7), (12, 15)], 20);
        assert_eq!(merged.len(), 1);
        assert_eq!((merged[0].0, merged[0].1), (0, text.len()));
        assert_eq!(char_back(text, 4, 100), 0);
        assert_eq!(char_forward(text, 15, 100), text.len());
    }
}
