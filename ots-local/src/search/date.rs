//! DATE fields: values written as integers (epoch units) or as text in one of the field's
//! `date_formats`, all indexed as milliseconds since the epoch (UTC).
//!
//! Formats: `epoch_second`, `epoch_millis`, `epoch_micros`, `epoch_nanos`, or a pattern of
//! `yyyy` `MM` `dd` `HH` `mm` `ss` `S..` (fraction), `X`/`XXX`/`Z` (zone offset), quoted
//! literals (`'T'`) and other characters taken as they are. Text without a zone is UTC. An
//! integer is read in the unit of the first epoch format listed, milliseconds when none is.

use ots_proto::model::Value;

/// One parsed date format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateFormat {
    /// An integer count of units since the epoch; the number of units in a second.
    Epoch(i64),
    /// A text pattern.
    Pattern(Vec<Piece>),
}

/// One element of a pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// A field: its letter and how many times it was written.
    Field(char, usize),
    /// Text that must appear as it is.
    Literal(String),
}

impl DateFormat {
    /// The first pattern letter ots-local cannot read (`h`, `a`, `E`, `MMM`, ...), if any.
    pub fn unsupported(&self) -> Option<String> {
        let DateFormat::Pattern(pieces) = self else {
            return None;
        };
        pieces.iter().find_map(|p| match p {
            Piece::Field('y' | 'd' | 'H' | 'm' | 's' | 'X' | 'Z' | 'x', _) => None,
            Piece::Field('M', n) if *n <= 2 => None,
            Piece::Field('S', n) if *n <= 9 => None,
            Piece::Field(c, n) => Some(c.to_string().repeat(*n)),
            Piece::Literal(_) => None,
        })
    }

    /// A format as the schema names it.
    pub fn parse(format: &str) -> Self {
        match format {
            "epoch_second" => return DateFormat::Epoch(1),
            "epoch_millis" => return DateFormat::Epoch(1_000),
            "epoch_micros" => return DateFormat::Epoch(1_000_000),
            "epoch_nanos" => return DateFormat::Epoch(1_000_000_000),
            _ => {}
        }
        let mut pieces = Vec::new();
        let mut chars = format.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '\'' {
                let mut text = String::new();
                for q in chars.by_ref() {
                    if q == '\'' {
                        break;
                    }
                    text.push(q);
                }
                pieces.push(Piece::Literal(if text.is_empty() { "'".into() } else { text }));
            } else if c.is_ascii_alphabetic() {
                let mut n = 1;
                while chars.peek() == Some(&c) {
                    chars.next();
                    n += 1;
                }
                pieces.push(Piece::Field(c, n));
            } else {
                pieces.push(Piece::Literal(c.to_string()));
            }
        }
        DateFormat::Pattern(pieces)
    }
}

/// Milliseconds since the epoch of a DATE value, by the field's formats.
pub fn to_millis(value: &Value, formats: &[DateFormat]) -> Option<i64> {
    match value {
        Value::Integer(n) => {
            let per_second = formats
                .iter()
                .find_map(|f| match f {
                    DateFormat::Epoch(u) => Some(*u),
                    DateFormat::Pattern(_) => None,
                })
                .unwrap_or(1_000);
            Some(if per_second >= 1_000 {
                n.div_euclid(per_second / 1_000)
            } else {
                n.checked_mul(1_000 / per_second)?
            })
        }
        Value::String(text) => formats.iter().find_map(|f| match f {
            DateFormat::Pattern(pieces) => parse_text(text, pieces),
            DateFormat::Epoch(per_second) => {
                let n: i64 = text.trim().parse().ok()?;
                to_millis(&Value::Integer(n), &[DateFormat::Epoch(*per_second)])
            }
        }),
        _ => None,
    }
}

/// Takes up to `max` digits (at least `min`) from the front of `s`.
fn digits(s: &str, min: usize, max: usize) -> Option<(i64, &str)> {
    let n = s.bytes().take(max).take_while(u8::is_ascii_digit).count();
    if n < min {
        return None;
    }
    Some((s[..n].parse().ok()?, &s[n..]))
}

fn parse_text(text: &str, pieces: &[Piece]) -> Option<i64> {
    let (mut year, mut month, mut day, mut hour, mut minute, mut second) = (1970, 1, 1, 0, 0, 0);
    let mut nanos = 0_i64;
    let mut offset_seconds = 0_i64;
    let mut rest = text;
    for piece in pieces {
        match piece {
            Piece::Literal(l) => rest = rest.strip_prefix(l.as_str())?,
            Piece::Field('S', n) => {
                let (value, r) = digits(rest, *n, *n)?;
                nanos = value * 10_i64.pow(9_u32.checked_sub(u32::try_from(*n).ok()?)?);
                rest = r;
            }
            Piece::Field('X' | 'Z' | 'x', _) => {
                if let Some(r) = rest.strip_prefix('Z') {
                    rest = r;
                    continue;
                }
                let sign = match rest.as_bytes().first()? {
                    b'+' => 1,
                    b'-' => -1,
                    _ => return None,
                };
                let (h, r) = digits(&rest[1..], 2, 2)?;
                let r = r.strip_prefix(':').unwrap_or(r);
                let (m, r) = digits(r, 2, 2).unwrap_or((0, r));
                offset_seconds = sign * (h * 3600 + m * 60);
                rest = r;
            }
            Piece::Field(c, n) => {
                let (min, max) = match (c, n) {
                    ('y', 2) => (2, 2),
                    ('y', _) => (4, 4),
                    (_, 1) => (1, 2),
                    (_, n) => (*n, *n),
                };
                let (value, r) = digits(rest, min, max)?;
                rest = r;
                match c {
                    'y' if *n == 2 => year = 2000 + value,
                    'y' => year = value,
                    'M' => month = value,
                    'd' => day = value,
                    'H' => hour = value,
                    'm' => minute = value,
                    's' => second = value,
                    _ => return None,
                }
            }
        }
    }
    if !rest.is_empty()
        || !(1..=12).contains(&month)
        || !(1..=days_in_month(year, month)).contains(&day)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return None;
    }
    let days = days_from_civil(year, month, day);
    let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offset_seconds;
    Some(seconds * 1_000 + nanos / 1_000_000)
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days from 1970-01-01 to a date of the proleptic Gregorian calendar.
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(value: Value, formats: &[&str]) -> Option<i64> {
        let formats: Vec<DateFormat> = formats.iter().map(|f| DateFormat::parse(f)).collect();
        to_millis(&value, &formats)
    }

    #[test]
    fn text_in_patterns() {
        let text = |s: &str| Value::String(s.into());
        assert_eq!(ms(text("1970-01-02"), &["yyyy-MM-dd"]), Some(86_400_000));
        assert_eq!(
            ms(text("2024-02-29 12:30:45.123"), &["yyyy-MM-dd HH:mm:ss.SSS"]),
            Some(1_709_209_845_123)
        );
        assert_eq!(
            ms(text("2024-02-29T12:30:45+08:00"), &["yyyy-MM-dd'T'HH:mm:ssXXX"]),
            Some(1_709_181_045_000)
        );
        assert_eq!(ms(text("1969-12-31"), &["yyyy-MM-dd"]), Some(-86_400_000));
        // The first format that reads the text wins.
        assert_eq!(
            ms(text("2024/01/01"), &["yyyy-MM-dd", "yyyy/MM/dd"]),
            Some(1_704_067_200_000)
        );
        assert_eq!(ms(text("2024-13-01"), &["yyyy-MM-dd"]), None);
        // Days past the end of the month are not dates (leap years have a 29 February).
        assert_eq!(ms(text("2023-02-29"), &["yyyy-MM-dd"]), None);
        assert_eq!(ms(text("2023-04-31"), &["yyyy-MM-dd"]), None);
        assert!(ms(text("2024-02-29"), &["yyyy-MM-dd"]).is_some());
        assert_eq!(ms(text("1900-02-29"), &["yyyy-MM-dd"]), None);
        assert!(ms(text("2000-02-29"), &["yyyy-MM-dd"]).is_some());
        assert_eq!(ms(text("2024-01-01x"), &["yyyy-MM-dd"]), None);
    }

    #[test]
    fn letters_ots_local_cannot_read_are_named() {
        let unsupported = |f: &str| DateFormat::parse(f).unsupported();
        assert_eq!(unsupported("yyyy-MM-dd'T'HH:mm:ss.SSSXXX"), None);
        assert_eq!(unsupported("epoch_millis"), None);
        assert_eq!(unsupported("dd MMM yyyy"), Some("MMM".into()));
        assert_eq!(unsupported("hh:mm a"), Some("hh".into()));
    }

    #[test]
    fn integers_in_epoch_units() {
        assert_eq!(ms(Value::Integer(5), &["epoch_second"]), Some(5_000));
        assert_eq!(
            ms(Value::Integer(5_000), &["yyyy-MM-dd", "epoch_millis"]),
            Some(5_000)
        );
        assert_eq!(ms(Value::Integer(5_000_000), &["epoch_micros"]), Some(5_000));
        assert_eq!(ms(Value::Integer(5), &["yyyy-MM-dd"]), Some(5));
        assert_eq!(ms(Value::String("7".into()), &["epoch_second"]), Some(7_000));
    }
}
