//! Highlighting: fragments of text fields with the words a search matched wrapped in tags.

use ots_proto::pb::search as pb;
use std::collections::BTreeMap;

/// The fields a search highlights ([`super::request::SearchRequest::highlight`]).
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct Highlight {
    /// The fields and how each is cut into fragments.
    pub fields: Vec<HighlightField>,
    /// Escape the text as HTML (the tags are left as given).
    pub html: bool,
}

impl Highlight {
    /// Nothing highlighted yet.
    pub fn new() -> Self {
        Self::default()
    }
    /// Highlights one more field.
    #[must_use]
    pub fn field(mut self, field: HighlightField) -> Self {
        self.fields.push(field);
        self
    }
    /// Escapes the fragments' text as HTML.
    #[must_use]
    pub fn html(mut self) -> Self {
        self.html = true;
        self
    }
}

/// One highlighted field.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct HighlightField {
    /// The TEXT field (created with highlighting).
    pub field: String,
    /// Most fragments returned (service default 5).
    pub fragments: Option<i32>,
    /// Characters per fragment (service default 100).
    pub fragment_size: Option<i32>,
    /// Put before each matched word (default `<em>`).
    pub pre_tag: Option<String>,
    /// Put after each matched word (default `</em>`).
    pub post_tag: Option<String>,
    /// Fragments with the most matches first, instead of in text order.
    pub by_score: bool,
}

impl HighlightField {
    /// `field` with the service's defaults.
    pub fn new(field: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            fragments: None,
            fragment_size: None,
            pre_tag: None,
            post_tag: None,
            by_score: false,
        }
    }
    /// Most fragments returned.
    #[must_use]
    pub fn fragments(mut self, n: i32) -> Self {
        self.fragments = Some(n);
        self
    }
    /// Characters per fragment.
    #[must_use]
    pub fn fragment_size(mut self, n: i32) -> Self {
        self.fragment_size = Some(n);
        self
    }
    /// The tags around each matched word.
    #[must_use]
    pub fn tags(mut self, pre: impl Into<String>, post: impl Into<String>) -> Self {
        self.pre_tag = Some(pre.into());
        self.post_tag = Some(post.into());
        self
    }
    /// Fragments with the most matches first.
    #[must_use]
    pub fn by_score(mut self) -> Self {
        self.by_score = true;
        self
    }
}

/// A row's highlighted fields: field name → fragments.
pub type Highlights = BTreeMap<String, Vec<String>>;

pub(crate) fn highlight_pb(h: &Highlight) -> pb::Highlight {
    pb::Highlight {
        highlight_parameters: h
            .fields
            .iter()
            .map(|f| pb::HighlightParameter {
                field_name: Some(f.field.clone()),
                number_of_fragments: f.fragments,
                fragment_size: f.fragment_size,
                pre_tag: f.pre_tag.clone(),
                post_tag: f.post_tag.clone(),
                fragments_order: Some(if f.by_score {
                    pb::HighlightFragmentOrder::Score
                } else {
                    pb::HighlightFragmentOrder::TextSequence
                } as i32),
            })
            .collect(),
        highlight_encoder: Some(if h.html {
            pb::HighlightEncoder::HtmlMode
        } else {
            pb::HighlightEncoder::PlainMode
        } as i32),
    }
}

pub(crate) fn highlights_from(result: Option<pb::HighlightResult>) -> Highlights {
    result
        .map(|r| {
            r.highlight_fields
                .into_iter()
                .map(|f| (f.field_name.unwrap_or_default(), f.field_fragments))
                .collect()
        })
        .unwrap_or_default()
}
