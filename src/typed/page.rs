//! Pages of a key range for APIs: the items and an opaque token that resumes after them,
//! staying inside the range and its key space (the table, or one secondary index).

use super::query::KeySpace;
use base64::Engine as _;
use ots_core::model::PrimaryKeyValue;
use ots_core::{Error, Result};
use serde::{Deserialize, Serialize};

/// One page of a listing ([`crate::Repo::page`]).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Page<T> {
    /// The rows, in scan order.
    pub items: Vec<T>,
    /// Where the next page starts; `None` on the last page.
    pub next: Option<PageToken>,
}

impl<T> Page<T> {
    /// A page (for fakes of [`crate::Repository`]).
    pub fn new(items: Vec<T>, next: Option<PageToken>) -> Self {
        Self { items, next }
    }
}

/// Cuts what a listing of key space `S` read for a page of `size` (it asks for one more, which
/// tells whether another page follows) to the page, with the token resuming after the last one
/// kept, whose key values `key_values` gives.
///
/// # Errors
/// Those of `key_values`.
pub(super) fn cut_page<R, S: KeySpace>(
    mut read: Vec<R>,
    size: u32,
    key_values: impl FnOnce(&R) -> Result<Vec<PrimaryKeyValue>>,
) -> Result<(Vec<R>, Option<PageToken>)> {
    if read.len() <= size as usize {
        return Ok((read, None));
    }
    read.truncate(size as usize);
    let next = match read.last() {
        Some(last) => Some(PageToken::in_space::<S>(&key_values(last)?)),
        None => None,
    };
    Ok((read, next))
}

/// Where a listing resumes: the key of the last row served, and the key space it was read from
/// (the table, or a secondary index), as opaque URL-safe text. Put it in an API answer and pass
/// it back with the same range to get the next page; it serializes as a plain string.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PageToken(String);

const STRING: u8 = b's';
const INTEGER: u8 = b'i';
const BINARY: u8 = b'b';
/// The entry naming the key space (first, when present): [`space_id`].
const SPACE: u8 = b'k';

/// A short fingerprint of key space `T`: a 32-bit FNV-1a hash of its name and key column names.
/// A token carries it, so that a token of the table is refused by an index and the other way
/// round, like a token of another range.
fn space_id<T: KeySpace>() -> [u8; 4] {
    let mut hash: u32 = 0x811c_9dc5;
    let names = T::key_columns().into_iter().map(|c| c.name);
    for part in std::iter::once(T::NAME.to_owned()).chain(names) {
        for b in part.bytes().chain([0]) {
            hash = (hash ^ u32::from(b)).wrapping_mul(0x0100_0193);
        }
    }
    hash.to_be_bytes()
}

/// One tag-length-value entry.
fn push_entry(bytes: &mut Vec<u8>, tag: u8, data: &[u8]) {
    bytes.push(tag);
    bytes.extend_from_slice(&u32::try_from(data.len()).unwrap_or(u32::MAX).to_be_bytes());
    bytes.extend_from_slice(data);
}

impl PageToken {
    /// The token that resumes after the row whose primary key has `values` (for fakes of
    /// [`crate::Repository`]; the repository makes its own, which also name the table or
    /// index they were read from). A table's listing accepts it as one of its own; a secondary
    /// index's refuses it.
    pub fn from_key(values: &[PrimaryKeyValue]) -> Self {
        Self::encode(None, values)
    }

    /// The token that resumes after the row of key space `T` whose key has `values`.
    pub(crate) fn in_space<T: KeySpace>(values: &[PrimaryKeyValue]) -> Self {
        Self::encode(Some(space_id::<T>()), values)
    }

    fn encode(space: Option<[u8; 4]>, values: &[PrimaryKeyValue]) -> Self {
        let mut bytes = Vec::new();
        if let Some(id) = space {
            push_entry(&mut bytes, SPACE, &id);
        }
        for v in values {
            let (tag, data): (u8, Vec<u8>) = match v {
                PrimaryKeyValue::Integer(i) => (INTEGER, i.to_be_bytes().to_vec()),
                PrimaryKeyValue::String(s) => (STRING, s.as_bytes().to_vec()),
                PrimaryKeyValue::Binary(b) => (BINARY, b.clone()),
                // A served row's key holds no placeholders.
                _ => (BINARY, Vec::new()),
            };
            push_entry(&mut bytes, tag, &data);
        }
        Self(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes))
    }

    /// The key values the token holds for a listing of table `T`: the token names `T`, or no
    /// key space (tokens made before they named one, and [`PageToken::from_key`]).
    ///
    /// # Errors
    /// A construction error when the text is not a token this library made, or the token is
    /// one of another key space.
    pub(crate) fn table_key_values<T: KeySpace>(&self) -> Result<Vec<PrimaryKeyValue>> {
        match self.decode()? {
            (None, values) => Ok(values),
            (Some(id), values) if id == space_id::<T>() => Ok(values),
            _ => Err(Self::foreign::<T>()),
        }
    }

    /// The key values the token holds for a listing of secondary index `T`: the token must
    /// name `T`.
    ///
    /// # Errors
    /// As [`PageToken::table_key_values`]; also for a token naming no key space.
    pub(crate) fn index_key_values<T: KeySpace>(&self) -> Result<Vec<PrimaryKeyValue>> {
        match self.decode()? {
            (Some(id), values) if id == space_id::<T>() => Ok(values),
            _ => Err(Self::foreign::<T>()),
        }
    }

    /// The error for a token of another key space: the kind a token of another range gets.
    fn foreign<T: KeySpace>() -> Error {
        Error::construction(format!(
            "the page token does not belong to a key range of {:?}: it was made by a listing of another table or index",
            T::NAME
        ))
    }

    /// Checks that the text is a token this library made.
    fn check(&self) -> Result<()> {
        self.decode().map(|_| ())
    }

    /// The key space the token names, when it names one, and the key values it holds.
    ///
    /// # Errors
    /// A construction error when the text is not a token this library made.
    fn decode(&self) -> Result<(Option<[u8; 4]>, Vec<PrimaryKeyValue>)> {
        let bad = || Error::construction(format!("{:?} is not a page token", self.0));
        let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(&self.0)
            .map_err(|_| bad())?;
        let mut rest = bytes.as_slice();
        let mut space = None;
        if let [SPACE, tail @ ..] = rest {
            let (len, tail) = tail.split_first_chunk::<4>().ok_or_else(bad)?;
            let (id, tail) = tail.split_first_chunk::<4>().ok_or_else(bad)?;
            if u32::from_be_bytes(*len) != 4 {
                return Err(bad());
            }
            space = Some(*id);
            rest = tail;
        }
        let mut values = Vec::new();
        while let [tag, tail @ ..] = rest {
            let (len, tail) = tail.split_first_chunk::<4>().ok_or_else(bad)?;
            let len = usize::try_from(u32::from_be_bytes(*len)).map_err(|_| bad())?;
            if tail.len() < len {
                return Err(bad());
            }
            let (data, tail) = tail.split_at(len);
            values.push(match *tag {
                INTEGER => PrimaryKeyValue::Integer(i64::from_be_bytes(data.try_into().map_err(|_| bad())?)),
                STRING => PrimaryKeyValue::String(String::from_utf8(data.to_vec()).map_err(|_| bad())?),
                BINARY => PrimaryKeyValue::Binary(data.to_vec()),
                _ => return Err(bad()),
            });
            rest = tail;
        }
        if values.is_empty() {
            return Err(bad());
        }
        Ok((space, values))
    }

    /// The token as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The text traits of an opaque token type `$name(String)` whose `$check(&self)` says whether
/// the text is one: `Debug`, `Display`, `FromStr` (checked), and `String` both ways for serde.
macro_rules! text_token {
    ($name:ident, $check:ident) => {
        impl ::std::fmt::Debug for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_tuple(stringify!($name)).field(&self.0).finish()
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::ots_core::Error;

            /// Reads a token from its text, checking that it is one.
            fn from_str(s: &str) -> ::ots_core::Result<Self> {
                let token = Self(s.to_owned());
                token.$check()?;
                Ok(token)
            }
        }

        impl TryFrom<String> for $name {
            type Error = ::ots_core::Error;

            fn try_from(s: String) -> ::ots_core::Result<Self> {
                s.parse()
            }
        }

        impl From<$name> for String {
            fn from(t: $name) -> Self {
                t.0
            }
        }
    };
}
pub(crate) use text_token;

text_token!(PageToken, check);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_round_trip_and_refuse_foreign_text() {
        let key = vec![
            PrimaryKeyValue::String("shop/1 é".into()),
            PrimaryKeyValue::Integer(-42),
            PrimaryKeyValue::Binary(vec![0, 255]),
        ];
        let token = PageToken::from_key(&key);
        assert!(token
            .as_str()
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'));
        let parsed: PageToken = token.to_string().parse().expect("a token");
        assert_eq!(parsed.decode().expect("values"), (None, key));
        for bad in ["", "!!", "AAAA", "cwAAAAVhYmM"] {
            assert!(bad.parse::<PageToken>().is_err(), "{bad:?}");
        }
    }
}
