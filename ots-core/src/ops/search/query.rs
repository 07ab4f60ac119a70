//! Search queries: every query type of the service, as one enum with constructors.

use crate::model::Value;
use ots_proto::pb::search as pb;
use ots_proto::plainbuffer;
use prost::Message;
use std::ops::Bound;

/// A point on the earth, in degrees.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GeoPoint {
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
}

impl GeoPoint {
    /// The point at `lat`, `lon`.
    pub fn new(lat: f64, lon: f64) -> Self {
        Self { lat, lon }
    }

    /// The `"lat,lon"` text the service reads.
    pub fn to_text(&self) -> String {
        format!("{},{}", self.lat, self.lon)
    }

    /// A point from `"lat,lon"` text (spaces around the numbers allowed), if it is one: two
    /// finite numbers, a latitude in -90..=90 and a longitude in -180..=180.
    pub fn from_text(text: &str) -> Option<Self> {
        let (lat, lon) = text.split_once(',')?;
        let p = Self::new(lat.trim().parse().ok()?, lon.trim().parse().ok()?);
        ((-90.0..=90.0).contains(&p.lat) && (-180.0..=180.0).contains(&p.lon)).then_some(p)
    }
}

/// Serialized as the `"lat,lon"` text the service indexes, so points inside JSON columns
/// (arrays, nested documents) are geo points to a search index too.
impl serde::Serialize for GeoPoint {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if GeoPoint::from_text(&self.to_text()) != Some(*self) {
            return Err(serde::ser::Error::custom(format!(
                "{},{} is not a point on the earth (latitude -90..=90, longitude -180..=180)",
                self.lat, self.lon
            )));
        }
        serializer.serialize_str(&self.to_text())
    }
}

impl<'de> serde::Deserialize<'de> for GeoPoint {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        GeoPoint::from_text(&text).ok_or_else(|| {
            serde::de::Error::invalid_value(serde::de::Unexpected::Str(&text), &"\"lat,lon\" in degrees")
        })
    }
}

/// How the words of a match query combine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MatchOperator {
    /// Any word (the default).
    Or,
    /// Every word.
    And,
}

/// How the scores of a nested query's matching sub-documents combine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum NestedScoreMode {
    /// No score.
    None,
    /// The average.
    Avg,
    /// The highest.
    Max,
    /// The sum.
    Total,
    /// The lowest.
    Min,
}

/// A search query. Build one with the constructors (`Query::term("state", "open")`,
/// `Query::bool().must(..).should(..)`, ...).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Query {
    /// Every row.
    MatchAll,
    /// Analyzed text matching any (or every) word.
    Match {
        /// The field.
        field: String,
        /// The text.
        text: String,
        /// Any word or every word.
        operator: Option<MatchOperator>,
        /// How many words must match (with `Or`).
        minimum_should_match: Option<i32>,
        /// Score weight.
        weight: Option<f32>,
    },
    /// The words in order, at most `slop` positions apart.
    MatchPhrase {
        /// The field.
        field: String,
        /// The phrase.
        text: String,
        /// Allowed distance between the words.
        slop: Option<i32>,
        /// Score weight.
        weight: Option<f32>,
    },
    /// Exactly this value.
    Term {
        /// The field.
        field: String,
        /// The value.
        value: Value,
        /// Score weight.
        weight: Option<f32>,
    },
    /// Any of these values.
    Terms {
        /// The field.
        field: String,
        /// The values.
        values: Vec<Value>,
        /// Score weight.
        weight: Option<f32>,
    },
    /// Values between two bounds.
    Range {
        /// The field.
        field: String,
        /// The lower bound.
        from: Bound<Value>,
        /// The upper bound.
        to: Bound<Value>,
    },
    /// Keywords starting with a prefix.
    Prefix {
        /// The field.
        field: String,
        /// The prefix.
        prefix: String,
        /// Score weight.
        weight: Option<f32>,
    },
    /// Keywords matching a pattern (`*` any run, `?` one character).
    Wildcard {
        /// The field.
        field: String,
        /// The pattern.
        pattern: String,
        /// Score weight.
        weight: Option<f32>,
    },
    /// Rows where the field has a value.
    Exists {
        /// The field.
        field: String,
    },
    /// A combination of queries.
    Bool(BoolQuery),
    /// The filter's matches, all with the same score.
    ConstScore(Box<Query>),
    /// Rows with a nested sub-document matching the query.
    Nested {
        /// The nested field.
        path: String,
        /// The query on its sub-fields (named `path.sub`).
        query: Box<Query>,
        /// How sub-document scores combine.
        score_mode: Option<NestedScoreMode>,
        /// Score weight.
        weight: Option<f32>,
    },
    /// Points inside a box.
    GeoBoundingBox {
        /// The field.
        field: String,
        /// The box's top-left corner.
        top_left: GeoPoint,
        /// The box's bottom-right corner.
        bottom_right: GeoPoint,
    },
    /// Points within a distance of a center.
    GeoDistance {
        /// The field.
        field: String,
        /// The center.
        center: GeoPoint,
        /// The distance in meters.
        meters: f64,
    },
    /// Points inside a polygon.
    GeoPolygon {
        /// The field.
        field: String,
        /// The polygon's corners.
        points: Vec<GeoPoint>,
    },
    /// The nearest vectors.
    KnnVector {
        /// The vector field.
        field: String,
        /// How many neighbours.
        top_k: i32,
        /// The query vector.
        vector: Vec<f32>,
        /// Only rows matching this.
        filter: Option<Box<Query>>,
        /// Score weight.
        weight: Option<f32>,
    },
    /// The query's matches, each scored by its score times a numeric field's value.
    FunctionScore {
        /// The query.
        query: Box<Query>,
        /// The LONG or DOUBLE field whose value multiplies the score.
        field: String,
    },
}

/// Queries combined: every `must` and `filter` matches, no `must_not` does, and at least
/// `minimum_should_match` of `should` (1 when there is no `must`/`filter`).
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct BoolQuery {
    /// Must match, and count in the score.
    pub must: Vec<Query>,
    /// Must not match.
    pub must_not: Vec<Query>,
    /// Must match, without scoring.
    pub filter: Vec<Query>,
    /// Should match.
    pub should: Vec<Query>,
    /// How many `should` queries must match.
    pub minimum_should_match: Option<i32>,
}

impl BoolQuery {
    /// Adds a `must` query.
    #[must_use]
    pub fn must(mut self, q: impl Into<Query>) -> Self {
        self.must.push(q.into());
        self
    }
    /// Adds a `must_not` query.
    #[must_use]
    pub fn must_not(mut self, q: impl Into<Query>) -> Self {
        self.must_not.push(q.into());
        self
    }
    /// Adds a `filter` query.
    #[must_use]
    pub fn filter(mut self, q: impl Into<Query>) -> Self {
        self.filter.push(q.into());
        self
    }
    /// Adds a `should` query.
    #[must_use]
    pub fn should(mut self, q: impl Into<Query>) -> Self {
        self.should.push(q.into());
        self
    }
    /// How many `should` queries must match.
    #[must_use]
    pub fn minimum_should_match(mut self, n: i32) -> Self {
        self.minimum_should_match = Some(n);
        self
    }
}

impl From<BoolQuery> for Query {
    fn from(b: BoolQuery) -> Self {
        Query::Bool(b)
    }
}

impl Query {
    /// Every row.
    pub fn match_all() -> Self {
        Query::MatchAll
    }
    /// Text matching any word of `text`.
    pub fn matches(field: impl Into<String>, text: impl Into<String>) -> Self {
        Query::Match {
            field: field.into(),
            text: text.into(),
            operator: None,
            minimum_should_match: None,
            weight: None,
        }
    }
    /// Text matching every word of `text`.
    pub fn matches_all(field: impl Into<String>, text: impl Into<String>) -> Self {
        Query::Match {
            field: field.into(),
            text: text.into(),
            operator: Some(MatchOperator::And),
            minimum_should_match: None,
            weight: None,
        }
    }
    /// The phrase `text`.
    pub fn phrase(field: impl Into<String>, text: impl Into<String>) -> Self {
        Query::MatchPhrase {
            field: field.into(),
            text: text.into(),
            slop: None,
            weight: None,
        }
    }
    /// Exactly `value`.
    pub fn term(field: impl Into<String>, value: impl Into<Value>) -> Self {
        Query::Term {
            field: field.into(),
            value: value.into(),
            weight: None,
        }
    }
    /// Any of `values`.
    pub fn terms<V: Into<Value>>(field: impl Into<String>, values: impl IntoIterator<Item = V>) -> Self {
        Query::Terms {
            field: field.into(),
            values: values.into_iter().map(Into::into).collect(),
            weight: None,
        }
    }
    /// Values between `from` and `to` (`Bound::Unbounded` for an open end).
    pub fn range(field: impl Into<String>, from: Bound<Value>, to: Bound<Value>) -> Self {
        Query::Range {
            field: field.into(),
            from,
            to,
        }
    }
    /// Keywords starting with `prefix`.
    pub fn prefix(field: impl Into<String>, prefix: impl Into<String>) -> Self {
        Query::Prefix {
            field: field.into(),
            prefix: prefix.into(),
            weight: None,
        }
    }
    /// Keywords matching `pattern`.
    pub fn wildcard(field: impl Into<String>, pattern: impl Into<String>) -> Self {
        Query::Wildcard {
            field: field.into(),
            pattern: pattern.into(),
            weight: None,
        }
    }
    /// Rows where `field` has a value.
    pub fn exists(field: impl Into<String>) -> Self {
        Query::Exists { field: field.into() }
    }
    /// A bool query to fill in.
    pub fn bool() -> BoolQuery {
        BoolQuery::default()
    }
    /// `filter`'s matches, all with one score.
    pub fn const_score(filter: impl Into<Query>) -> Self {
        Query::ConstScore(Box::new(filter.into()))
    }
    /// Rows with a sub-document of `path` matching `query`.
    pub fn nested(path: impl Into<String>, query: impl Into<Query>) -> Self {
        Query::Nested {
            path: path.into(),
            query: Box::new(query.into()),
            score_mode: None,
            weight: None,
        }
    }
    /// Points within `meters` of `center`.
    pub fn geo_distance(field: impl Into<String>, center: GeoPoint, meters: f64) -> Self {
        Query::GeoDistance {
            field: field.into(),
            center,
            meters,
        }
    }
    /// Points inside the box.
    pub fn geo_bounding_box(field: impl Into<String>, top_left: GeoPoint, bottom_right: GeoPoint) -> Self {
        Query::GeoBoundingBox {
            field: field.into(),
            top_left,
            bottom_right,
        }
    }
    /// Points inside the polygon.
    pub fn geo_polygon(field: impl Into<String>, points: impl IntoIterator<Item = GeoPoint>) -> Self {
        Query::GeoPolygon {
            field: field.into(),
            points: points.into_iter().collect(),
        }
    }
    /// The `top_k` vectors nearest to `vector`.
    pub fn knn(field: impl Into<String>, top_k: i32, vector: impl Into<Vec<f32>>) -> Self {
        Query::KnnVector {
            field: field.into(),
            top_k,
            vector: vector.into(),
            filter: None,
            weight: None,
        }
    }
    /// The `top_k` vectors nearest to `vector` among the rows `filter` matches.
    pub fn knn_with_filter(
        field: impl Into<String>,
        top_k: i32,
        vector: impl Into<Vec<f32>>,
        filter: impl Into<Query>,
    ) -> Self {
        Query::KnnVector {
            field: field.into(),
            top_k,
            vector: vector.into(),
            filter: Some(Box::new(filter.into())),
            weight: None,
        }
    }
    /// `query`'s matches, each scored by its score times the value of `field`.
    pub fn function_score(query: impl Into<Query>, field: impl Into<String>) -> Self {
        Query::FunctionScore {
            query: Box::new(query.into()),
            field: field.into(),
        }
    }
}

fn wrap(kind: pb::QueryType, body: impl Message) -> pb::Query {
    pb::Query {
        r#type: Some(kind as i32),
        query: Some(body.encode_to_vec()),
    }
}

fn bound(b: &Bound<Value>) -> (Option<Vec<u8>>, Option<bool>) {
    match b {
        Bound::Included(v) => (Some(plainbuffer::encode_variant(v)), Some(true)),
        Bound::Excluded(v) => (Some(plainbuffer::encode_variant(v)), Some(false)),
        Bound::Unbounded => (None, None),
    }
}

fn score_mode_pb(m: NestedScoreMode) -> pb::ScoreMode {
    match m {
        NestedScoreMode::None => pb::ScoreMode::None,
        NestedScoreMode::Avg => pb::ScoreMode::Avg,
        NestedScoreMode::Max => pb::ScoreMode::Max,
        NestedScoreMode::Total => pb::ScoreMode::Total,
        NestedScoreMode::Min => pb::ScoreMode::Min,
    }
}

/// The protobuf of a query.
pub(crate) fn query_pb(q: &Query) -> pb::Query {
    use pb::QueryType as T;
    match q {
        Query::MatchAll => wrap(T::MatchAllQuery, pb::MatchAllQuery {}),
        Query::Match {
            field,
            text,
            operator,
            minimum_should_match,
            weight,
        } => wrap(
            T::MatchQuery,
            pb::MatchQuery {
                field_name: Some(field.clone()),
                text: Some(text.clone()),
                minimum_should_match: *minimum_should_match,
                operator: operator.map(|o| match o {
                    MatchOperator::Or => pb::QueryOperator::Or as i32,
                    MatchOperator::And => pb::QueryOperator::And as i32,
                }),
                weight: *weight,
                new_minimum_should_match: None,
            },
        ),
        Query::MatchPhrase {
            field,
            text,
            slop,
            weight,
        } => wrap(
            T::MatchPhraseQuery,
            pb::MatchPhraseQuery {
                field_name: Some(field.clone()),
                text: Some(text.clone()),
                weight: *weight,
                slop: *slop,
            },
        ),
        Query::Term { field, value, weight } => wrap(
            T::TermQuery,
            pb::TermQuery {
                field_name: Some(field.clone()),
                term: Some(plainbuffer::encode_variant(value)),
                weight: *weight,
            },
        ),
        Query::Terms {
            field,
            values,
            weight,
        } => wrap(
            T::TermsQuery,
            pb::TermsQuery {
                field_name: Some(field.clone()),
                terms: values.iter().map(plainbuffer::encode_variant).collect(),
                weight: *weight,
            },
        ),
        Query::Range { field, from, to } => {
            let (range_from, include_lower) = bound(from);
            let (range_to, include_upper) = bound(to);
            wrap(
                T::RangeQuery,
                pb::RangeQuery {
                    field_name: Some(field.clone()),
                    range_from,
                    range_to,
                    include_lower,
                    include_upper,
                },
            )
        }
        Query::Prefix {
            field,
            prefix,
            weight,
        } => wrap(
            T::PrefixQuery,
            pb::PrefixQuery {
                field_name: Some(field.clone()),
                prefix: Some(prefix.clone()),
                weight: *weight,
            },
        ),
        Query::Wildcard {
            field,
            pattern,
            weight,
        } => wrap(
            T::WildcardQuery,
            pb::WildcardQuery {
                field_name: Some(field.clone()),
                value: Some(pattern.clone()),
                weight: *weight,
            },
        ),
        Query::Exists { field } => wrap(
            T::ExistsQuery,
            pb::ExistsQuery {
                field_name: Some(field.clone()),
            },
        ),
        Query::Bool(b) => wrap(
            T::BoolQuery,
            pb::BoolQuery {
                must_queries: b.must.iter().map(query_pb).collect(),
                must_not_queries: b.must_not.iter().map(query_pb).collect(),
                filter_queries: b.filter.iter().map(query_pb).collect(),
                should_queries: b.should.iter().map(query_pb).collect(),
                minimum_should_match: b.minimum_should_match,
                new_minimum_should_match: None,
                weight: None,
            },
        ),
        Query::ConstScore(filter) => wrap(
            T::ConstScoreQuery,
            pb::ConstScoreQuery {
                filter: Some(query_pb(filter)),
            },
        ),
        Query::Nested {
            path,
            query,
            score_mode,
            weight,
        } => wrap(
            T::NestedQuery,
            pb::NestedQuery {
                path: Some(path.clone()),
                query: Some(query_pb(query)),
                score_mode: score_mode.map(|m| score_mode_pb(m) as i32),
                weight: *weight,
            },
        ),
        Query::GeoBoundingBox {
            field,
            top_left,
            bottom_right,
        } => wrap(
            T::GeoBoundingBoxQuery,
            pb::GeoBoundingBoxQuery {
                field_name: Some(field.clone()),
                top_left: Some(top_left.to_text()),
                bottom_right: Some(bottom_right.to_text()),
            },
        ),
        Query::GeoDistance {
            field,
            center,
            meters,
        } => wrap(
            T::GeoDistanceQuery,
            pb::GeoDistanceQuery {
                field_name: Some(field.clone()),
                center_point: Some(center.to_text()),
                distance: Some(*meters),
            },
        ),
        Query::GeoPolygon { field, points } => wrap(
            T::GeoPolygonQuery,
            pb::GeoPolygonQuery {
                field_name: Some(field.clone()),
                points: points.iter().map(GeoPoint::to_text).collect(),
            },
        ),
        Query::KnnVector {
            field,
            top_k,
            vector,
            filter,
            weight,
        } => wrap(
            T::KnnVectorQuery,
            pb::KnnVectorQuery {
                field_name: Some(field.clone()),
                top_k: Some(*top_k),
                float32_query_vector: vector.clone(),
                filter: filter.as_deref().map(query_pb),
                weight: *weight,
                min_score: None,
                num_candidates: None,
            },
        ),
        Query::FunctionScore { query, field } => wrap(
            T::FunctionScoreQuery,
            pb::FunctionScoreQuery {
                query: Some(query_pb(query)),
                field_value_factor: Some(pb::FieldValueFactor {
                    field_name: Some(field.clone()),
                }),
            },
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::GeoPoint;

    #[test]
    fn geo_points_serialize_as_lat_lon_text() {
        let p = GeoPoint::new(30.25, -120.5);
        assert_eq!(
            serde_json::to_string(&p).ok().as_deref(),
            Some("\"30.25,-120.5\"")
        );
        let back: Option<GeoPoint> = serde_json::from_str("\" 30.25 , -120.5\"").ok();
        assert_eq!(back, Some(p));
        for bad in ["\"91,0\"", "\"0,181\"", "\"north\"", "\"NaN,0\"", "[1,2]"] {
            assert!(serde_json::from_str::<GeoPoint>(bad).is_err(), "{bad}");
        }
        assert!(serde_json::to_string(&GeoPoint::new(91.0, 0.0)).is_err());
        assert!(serde_json::to_string(&GeoPoint::new(f64::NAN, 0.0)).is_err());
    }
}
