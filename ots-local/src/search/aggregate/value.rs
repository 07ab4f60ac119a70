//! One value of a field as the aggregations read it, and the arithmetic on many of them.

use super::docs::Docs;
use super::field::{kind_name, variant, Field};
use crate::error::{ServiceError, ServiceResult};
use crate::search::engine::FieldKind;
use ots_proto::model::Value;
use std::cmp::Ordering;

/// A field value normalized to its field's type: LONG and DATE fields give `Int`, DOUBLE
/// fields `Float` (integers written to them too), KEYWORD and geo point fields `Str`.
#[derive(Debug, Clone)]
pub(super) enum Scalar {
    Int(i64),
    Float(f64),
    Str(String),
    Bool(bool),
}

impl Scalar {
    /// `v` as a value of a field of `kind`; `None` when it is not of the field's type.
    pub(super) fn of(kind: FieldKind, v: &Value) -> Option<Self> {
        match (kind, v) {
            (FieldKind::Long | FieldKind::Date, Value::Integer(i)) => Some(Scalar::Int(*i)),
            // A whole number sent as a double (JavaScript clients send every number so, the
            // official Node SDK's tests give LONG fields such missing values).
            (FieldKind::Long, Value::Double(d)) if d.fract() == 0.0 && d.abs() < 9.0e15 => {
                Some(Scalar::Int(*d as i64))
            }
            (FieldKind::Double, Value::Double(d)) => Some(Scalar::Float(*d)),
            (FieldKind::Double, Value::Integer(i)) => Some(Scalar::Float(*i as f64)),
            (FieldKind::Boolean, Value::Boolean(b)) => Some(Scalar::Bool(*b)),
            (FieldKind::Keyword | FieldKind::Text | FieldKind::GeoPoint, Value::String(s)) => {
                Some(Scalar::Str(s.clone()))
            }
            _ => None,
        }
    }

    /// The number, for numeric values.
    pub(super) fn as_f64(&self) -> Option<f64> {
        match self {
            Scalar::Int(i) => Some(*i as f64),
            Scalar::Float(f) => Some(*f),
            _ => None,
        }
    }

    /// The value as a field group-by key reports it: integers and strings as they are,
    /// booleans as `true`/`false`, doubles as Java prints them (`1.0`, `0.5`).
    pub(super) fn key_text(&self) -> String {
        match self {
            Scalar::Int(i) => i.to_string(),
            Scalar::Float(f) => java_double(*f),
            Scalar::Str(s) => s.clone(),
            Scalar::Bool(b) => b.to_string(),
        }
    }

    fn rank(&self) -> u8 {
        match self {
            Scalar::Int(_) | Scalar::Float(_) => 0,
            Scalar::Str(_) => 1,
            Scalar::Bool(_) => 2,
        }
    }
}

/// A total order: numbers numerically (-0.0 equals 0.0), strings by bytes, false before true.
impl Ord for Scalar {
    fn cmp(&self, other: &Self) -> Ordering {
        match (self, other) {
            (Scalar::Int(a), Scalar::Int(b)) => a.cmp(b),
            (Scalar::Str(a), Scalar::Str(b)) => a.as_bytes().cmp(b.as_bytes()),
            (Scalar::Bool(a), Scalar::Bool(b)) => a.cmp(b),
            (a, b) => match (a.as_f64(), b.as_f64()) {
                (Some(x), Some(y)) => (x + 0.0).total_cmp(&(y + 0.0)),
                _ => a.rank().cmp(&b.rank()),
            },
        }
    }
}

impl PartialOrd for Scalar {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Scalar {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Scalar {}

/// A double as Java's `Double.toString` writes it in the usual range: always with a fraction
/// (`3.0`), the shortest digits that read back the same; `E` notation outside 10^-3..10^7.
pub(super) fn java_double(f: f64) -> String {
    if !f.is_finite() {
        return if f.is_nan() {
            "NaN".to_owned()
        } else if f > 0.0 {
            "Infinity".to_owned()
        } else {
            "-Infinity".to_owned()
        };
    }
    let abs = f.abs();
    if f == 0.0 || (1e-3..1e7).contains(&abs) {
        let s = f.to_string();
        return if s.contains('.') { s } else { format!("{s}.0") };
    }
    // Rust writes `1.5e-5`; Java writes `1.5E-5` and `1.0E10`.
    let s = format!("{f:e}");
    match s.split_once('e') {
        Some((mantissa, exp)) if mantissa.contains('.') => format!("{mantissa}E{exp}"),
        Some((mantissa, exp)) => format!("{mantissa}.0E{exp}"),
        None => s,
    }
}

/// A value given for `field` (a missing value), as the field's type reads it.
///
/// # Errors
/// 400 `OTSParameterInvalid` when the value does not suit the field.
pub(super) fn value_for(bytes: &[u8], tag: &str, what: &str, field: &Field) -> ServiceResult<Scalar> {
    let v = variant(bytes, tag, what)?;
    Scalar::of(field.kind, &v).ok_or_else(|| {
        ServiceError::param(format!(
            "[{tag}] the {what} ({}) does not suit field {} of type {}.",
            v.type_name(),
            field.name,
            kind_name(field.kind)
        ))
    })
}

/// The values of `field` in document `doc`.
pub(super) fn values_of(docs: &dyn Docs, doc: usize, field: &Field) -> Vec<Scalar> {
    docs.values(doc, &field.name)
        .iter()
        .filter_map(|v| Scalar::of(field.kind, v))
        .collect()
}

/// The values of `field` over `subset`, with `missing` standing in (once) for each document
/// without a value.
pub(super) fn all_values(
    docs: &dyn Docs,
    subset: &[usize],
    field: &Field,
    missing: Option<&Scalar>,
) -> Vec<Scalar> {
    let mut out = Vec::new();
    for &doc in subset {
        let vs = values_of(docs, doc, field);
        if vs.is_empty() {
            out.extend(missing.cloned());
        } else {
            out.extend(vs);
        }
    }
    out
}

/// The numbers of `field` over `subset` (see [`all_values`]).
pub(super) fn numbers(docs: &dyn Docs, subset: &[usize], field: &Field, missing: Option<f64>) -> Vec<f64> {
    all_values(docs, subset, field, missing.map(Scalar::Float).as_ref())
        .iter()
        .filter_map(Scalar::as_f64)
        .collect()
}

/// A sum that keeps the low-order bits (Neumaier's compensated summation, as the service's
/// engine sums doubles): 0.1 + 1.1 + ... + 9.1 is 46.0, not 45.99999999999999.
pub(super) fn sum(values: &[f64]) -> f64 {
    let mut total = 0.0_f64;
    let mut compensation = 0.0_f64;
    for &v in values {
        let t = total + v;
        if total.abs() >= v.abs() {
            compensation += (total - t) + v;
        } else {
            compensation += (v - t) + total;
        }
        total = t;
    }
    total + compensation
}

/// The `percent` percentile of `sorted` (ascending, not empty): linear interpolation between
/// the closest ranks, rank = percent / 100 * (n - 1).
pub(super) fn percentile(sorted: &[f64], percent: f64) -> Option<f64> {
    let last = sorted.len().checked_sub(1)?;
    let rank = (percent / 100.0 * last as f64).clamp(0.0, last as f64);
    let lo = rank.floor() as usize;
    let hi = rank.ceil() as usize;
    let (a, b) = (*sorted.get(lo)?, *sorted.get(hi)?);
    Some(a + (b - a) * (rank - lo as f64))
}
