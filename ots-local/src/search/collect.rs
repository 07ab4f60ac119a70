//! Two pieces tantivy does not ship: a collector of every match with its score, and a query
//! whose matches and scores were computed beforehand (for what tantivy cannot express: nested
//! documents, vector distances, scores scaled by a field).

use std::collections::HashMap;
use std::sync::Arc;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::index::SegmentId;
use tantivy::query::{EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocAddress, DocId, DocSet, Score, Searcher, SegmentOrdinal, SegmentReader, TERMINATED};

/// Collects every matching document with its score, in no particular order.
pub struct AllScored;

/// One segment's share of [`AllScored`].
pub struct SegmentScored {
    segment: SegmentOrdinal,
    docs: Vec<(DocAddress, Score)>,
}

impl Collector for AllScored {
    type Fruit = Vec<(DocAddress, Score)>;
    type Child = SegmentScored;

    fn for_segment(&self, segment: SegmentOrdinal, _: &SegmentReader) -> tantivy::Result<SegmentScored> {
        Ok(SegmentScored {
            segment,
            docs: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, fruits: Vec<Self::Fruit>) -> tantivy::Result<Self::Fruit> {
        Ok(fruits.into_iter().flatten().collect())
    }
}

impl SegmentCollector for SegmentScored {
    type Fruit = Vec<(DocAddress, Score)>;

    fn collect(&mut self, doc: DocId, score: Score) {
        self.docs.push((DocAddress::new(self.segment, doc), score));
    }

    fn harvest(self) -> Self::Fruit {
        self.docs
    }
}

/// A query that matches the documents it was given, with their scores. Valid only for the
/// searcher whose addresses built it (segments are told apart by id).
#[derive(Clone, Debug, Default)]
pub struct ScoredSet {
    segments: Arc<HashMap<SegmentId, Vec<(DocId, Score)>>>,
}

impl ScoredSet {
    /// The documents `docs` of `searcher`, with their scores.
    pub fn new(searcher: &Searcher, docs: impl IntoIterator<Item = (DocAddress, Score)>) -> Self {
        let mut segments: HashMap<SegmentId, Vec<(DocId, Score)>> = HashMap::new();
        for (address, score) in docs {
            let id = searcher.segment_reader(address.segment_ord).segment_id();
            segments.entry(id).or_default().push((address.doc_id, score));
        }
        for docs in segments.values_mut() {
            docs.sort_by_key(|(doc, _)| *doc);
            docs.dedup_by_key(|(doc, _)| *doc);
        }
        Self {
            segments: Arc::new(segments),
        }
    }
}

impl Query for ScoredSet {
    fn weight(&self, _: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(self.clone()))
    }
}

impl Weight for ScoredSet {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let docs = self
            .segments
            .get(&reader.segment_id())
            .cloned()
            .unwrap_or_default();
        Ok(Box::new(ScoredDocs { docs, at: 0, boost }))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let found = self.segments.get(&reader.segment_id()).and_then(|docs| {
            docs.binary_search_by_key(&doc, |(d, _)| *d)
                .ok()
                .map(|i| docs[i].1)
        });
        match found {
            Some(score) => Ok(Explanation::new("precomputed score", score)),
            None => Err(tantivy::TantivyError::InvalidArgument(format!(
                "document {doc} does not match"
            ))),
        }
    }
}

struct ScoredDocs {
    docs: Vec<(DocId, Score)>,
    at: usize,
    boost: Score,
}

impl DocSet for ScoredDocs {
    fn advance(&mut self) -> DocId {
        self.at = (self.at + 1).min(self.docs.len());
        self.doc()
    }

    fn doc(&self) -> DocId {
        self.docs.get(self.at).map_or(TERMINATED, |(d, _)| *d)
    }

    fn size_hint(&self) -> u32 {
        u32::try_from(self.docs.len() - self.at).unwrap_or(u32::MAX)
    }
}

impl Scorer for ScoredDocs {
    fn score(&mut self) -> Score {
        self.docs.get(self.at).map_or(0.0, |(_, s)| *s * self.boost)
    }
}
