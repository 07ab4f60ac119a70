//! A row (or one object of a nested column) as a tantivy document: which values each index
//! field takes, read as the field's type.

use super::{FieldKind, IndexEngine, IndexField};
use crate::search::geo::{self, Point};
use crate::storage::{Key, StoredRow};
use ots_proto::model::{PrimaryKeyValue, Value};
use tantivy::schema::TantivyDocument;

/// Where a document's values come from.
pub(super) enum Source<'a> {
    /// A table row and its key.
    Row(&'a Key, &'a StoredRow),
    /// One object of a nested column.
    Object(&'a serde_json::Map<String, serde_json::Value>),
}

impl IndexEngine {
    /// The document of one row or nested object, keyed by `pk` (the row's encoded key; for a
    /// nested object, its row's).
    pub(super) fn document(&self, pk: &[u8], source: &Source<'_>) -> TantivyDocument {
        let mut doc = TantivyDocument::default();
        doc.add_bytes(self.pk_field, pk);
        for (name, f) in &self.fields {
            let values = self.values_of(name, f, source);
            if add_values(&mut doc, f, &values) {
                doc.add_text(self.present_field, name);
            }
        }
        doc
    }

    /// The values `source` holds for the field `name`, each of the field's type.
    pub(super) fn values_of(&self, name: &str, f: &IndexField, source: &Source<'_>) -> Vec<Value> {
        match source {
            Source::Row(key, row) => {
                // A virtual field indexes its source column (as its own type); a key column
                // can be an index field too.
                let column = self.source_column(name);
                let value = match self.key_names.iter().position(|k| k == column) {
                    Some(i) => key.get(i).and_then(key_value),
                    None => row
                        .cells
                        .get(column)
                        .and_then(|v| v.first())
                        .map(|(_, v)| v.clone()),
                };
                value.map(|v| self.typed_values(name, &v)).unwrap_or_default()
            }
            Source::Object(object) => {
                let local = name.strip_prefix(self.prefix.as_str()).unwrap_or(name);
                let values = match object.get(local) {
                    Some(serde_json::Value::Array(items)) if f.kind != FieldKind::Vector => {
                        items.iter().filter_map(|v| json_value(v, f.kind)).collect()
                    }
                    Some(v) => json_value(v, f.kind).into_iter().collect(),
                    None => Vec::new(),
                };
                self.normalized(name, f, values)
            }
        }
    }
}

/// A key column's value as an attribute value (placeholders have none).
pub fn key_value(v: &PrimaryKeyValue) -> Option<Value> {
    match v {
        PrimaryKeyValue::Integer(i) => Some(Value::Integer(*i)),
        PrimaryKeyValue::String(s) => Some(Value::String(s.clone())),
        PrimaryKeyValue::Binary(b) => Some(Value::Binary(b.clone())),
        _ => None,
    }
}

/// The values of a JSON array column (`["a","b"]`, `[1,2]`), as the field's kind reads them.
/// A nested column gives its objects, each as JSON text.
pub fn array_values(value: &Value, kind: FieldKind) -> Vec<Value> {
    let Value::String(text) = value else {
        return Vec::new();
    };
    match serde_json::from_str::<serde_json::Value>(text) {
        Ok(serde_json::Value::Array(items)) => items.iter().filter_map(|v| json_value(v, kind)).collect(),
        // A nested column may hold one object rather than an array of them.
        Ok(object @ serde_json::Value::Object(_)) => json_value(&object, kind).into_iter().collect(),
        _ => Vec::new(),
    }
}

/// One JSON value as the field's kind reads it.
fn json_value(v: &serde_json::Value, kind: FieldKind) -> Option<Value> {
    use serde_json::Value as J;
    match (kind, v) {
        (FieldKind::Keyword | FieldKind::Text | FieldKind::GeoPoint, J::String(s)) => {
            Some(Value::String(s.clone()))
        }
        (FieldKind::Keyword | FieldKind::Text, J::Number(n)) => Some(Value::String(n.to_string())),
        (FieldKind::Long | FieldKind::Date, J::Number(n)) => n.as_i64().map(Value::Integer),
        (FieldKind::Date, J::String(s)) => Some(Value::String(s.clone())),
        (FieldKind::Double, J::Number(n)) => n.as_f64().map(Value::Double),
        (FieldKind::Boolean, J::Bool(b)) => Some(Value::Boolean(*b)),
        (FieldKind::Nested, J::Object(_)) | (FieldKind::Vector, J::Array(_)) => {
            Some(Value::String(v.to_string()))
        }
        (FieldKind::Vector, J::String(s)) => Some(Value::String(s.clone())),
        _ => None,
    }
}

/// Whether a value has the field's type (what the index holds for it).
pub fn fits(kind: FieldKind, v: &Value) -> bool {
    matches!(
        (kind, v),
        (FieldKind::Keyword | FieldKind::Text, Value::String(_))
            | (FieldKind::Long | FieldKind::Date, Value::Integer(_))
            | (FieldKind::Double, Value::Double(_) | Value::Integer(_))
            | (FieldKind::Boolean, Value::Boolean(_))
    ) || matches!((kind, v), (FieldKind::GeoPoint, Value::String(s)) if Point::parse(s).is_some())
}

/// A vector column's value (`"[0.1, 0.2]"`) when it has `dimension` numbers.
pub fn vector(value: &Value, dimension: usize) -> Option<Vec<f32>> {
    let Value::String(text) = value else {
        return None;
    };
    let numbers: Vec<f32> = serde_json::from_str(text).ok()?;
    (numbers.len() == dimension && numbers.iter().all(|x| x.is_finite())).then_some(numbers)
}

/// Adds the values to the document when they fit the field; a value of another type is left
/// out of the index, as the service leaves it unindexed. Whether anything was added.
fn add_values(doc: &mut TantivyDocument, f: &IndexField, values: &[Value]) -> bool {
    match f.kind {
        FieldKind::GeoPoint => {
            let points: Vec<Point> = values
                .iter()
                .filter_map(|v| match v {
                    Value::String(s) => Point::parse(s),
                    _ => None,
                })
                .collect();
            if points.is_empty() {
                return false;
            }
            doc.add_bytes(f.field, &geo::pack(&points));
            true
        }
        FieldKind::Vector => {
            let dimension = f.vector.map_or(0, |v| v.dimension);
            let Some(numbers) = values.first().and_then(|v| vector(v, dimension)) else {
                return false;
            };
            let bytes: Vec<u8> = numbers.iter().flat_map(|x| x.to_le_bytes()).collect();
            doc.add_bytes(f.field, &bytes);
            true
        }
        // Nested objects are documents of the child engine; the row only records it has some.
        FieldKind::Nested => !values.is_empty(),
        _ => {
            let mut added = false;
            for v in values {
                added |= add_value(doc, f, v);
            }
            added
        }
    }
}

fn add_value(doc: &mut TantivyDocument, f: &IndexField, value: &Value) -> bool {
    match (f.kind, value) {
        (FieldKind::Keyword | FieldKind::Text, Value::String(s)) => doc.add_text(f.field, s),
        (FieldKind::Long | FieldKind::Date, Value::Integer(i)) => doc.add_i64(f.field, *i),
        (FieldKind::Double, Value::Double(d)) => doc.add_f64(f.field, *d),
        (FieldKind::Double, Value::Integer(i)) => doc.add_f64(f.field, *i as f64),
        (FieldKind::Boolean, Value::Boolean(b)) => doc.add_bool(f.field, *b),
        _ => return false,
    }
    true
}
