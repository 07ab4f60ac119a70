//! The service's text analyzers, approximated as tantivy tokenizers.
//!
//! - `single_word`: each CJK character is a word; other text splits into runs of letters and
//!   digits (letters and digits apart with `delimit_word`); lower-cased unless `case_sensitive`.
//! - `max_word` and `min_word`: the service segments Chinese with a dictionary; ots-local has
//!   none and splits like `single_word`, so a CJK phrase still matches as a phrase but a match
//!   query on one Chinese word also matches its characters elsewhere (FIDELITY.md).
//! - `split`: the text split at the delimiter (a space by default), lower-cased.
//! - `fuzzy`: every substring of `min_chars..=max_chars` characters (1 and 7 by default) of the
//!   first 1,024 characters (the service truncates there too), lower-cased unless
//!   `case_sensitive`, positioned at its first character, so a match_phrase is a substring
//!   match. Substrings longer than 16 characters are not indexed whatever `max_chars` says (the
//!   index would grow with the cube of the text); a phrase of any length still matches as a
//!   chain of shorter substrings.

use ots_proto::pb::search as spb;
use prost::Message;
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

/// One field's analyzer and its parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Analyzer {
    /// CJK characters one by one, other words whole.
    SingleWord {
        /// Keep the case of letters.
        case_sensitive: bool,
        /// Split letters from digits (`ots2024` is `ots`, `2024`).
        delimit_word: bool,
    },
    /// Words between delimiters.
    Split {
        /// The delimiter.
        delimiter: String,
    },
    /// Substrings of a range of lengths.
    Fuzzy {
        /// Shortest substring, in characters.
        min_chars: usize,
        /// Longest substring, in characters.
        max_chars: usize,
        /// Keep the case of letters.
        case_sensitive: bool,
    },
}

impl Analyzer {
    /// The analyzer a TEXT field's schema names (the schema is validated already).
    pub fn of(f: &spb::FieldSchema) -> Self {
        let param = f.analyzer_parameter.as_deref().unwrap_or_default();
        match f.analyzer.as_deref() {
            Some("split") => {
                let p = spb::SplitAnalyzerParameter::decode(param).unwrap_or_default();
                Analyzer::Split {
                    delimiter: p
                        .delimiter
                        .filter(|d| !d.is_empty())
                        .unwrap_or_else(|| " ".into()),
                }
            }
            Some("fuzzy") => {
                let p = spb::FuzzyAnalyzerParameter::decode(param).unwrap_or_default();
                let min_chars = p
                    .min_chars
                    .and_then(|n| usize::try_from(n).ok())
                    .unwrap_or(1)
                    .max(1);
                let max_chars = p.max_chars.and_then(|n| usize::try_from(n).ok()).unwrap_or(7);
                // Bounded: the index would grow with the cube of the text otherwise.
                let max_chars = max_chars.max(min_chars).min(MAX_FUZZY_CHARS);
                Analyzer::Fuzzy {
                    min_chars: min_chars.min(max_chars),
                    max_chars,
                    case_sensitive: p.case_sensitive == Some(true),
                }
            }
            Some("single_word") | None => {
                let p = spb::SingleWordAnalyzerParameter::decode(param).unwrap_or_default();
                Analyzer::SingleWord {
                    case_sensitive: p.case_sensitive == Some(true),
                    delimit_word: p.delimit_word == Some(true),
                }
            }
            // max_word and min_word
            Some(_) => Analyzer::SingleWord {
                case_sensitive: false,
                delimit_word: false,
            },
        }
    }

    /// The tokens of `text`.
    pub fn tokens(&self, text: &str) -> Vec<Token> {
        match self {
            Analyzer::SingleWord {
                case_sensitive,
                delimit_word,
            } => single_word(text, *case_sensitive, *delimit_word),
            Analyzer::Split { delimiter } => split(text, delimiter),
            Analyzer::Fuzzy {
                min_chars,
                max_chars,
                case_sensitive,
            } => fuzzy(text, *min_chars, *max_chars, *case_sensitive),
        }
    }
}

/// Characters of a text the fuzzy analyzer reads (the service truncates there).
const FUZZY_TEXT_CHARS: usize = 1024;
/// Longest substring the fuzzy analyzer indexes, whatever `max_chars` asks.
const MAX_FUZZY_CHARS: usize = 16;

fn token(from: usize, to: usize, position: usize, text: String) -> Token {
    Token {
        offset_from: from,
        offset_to: to,
        position,
        text,
        position_length: 1,
    }
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30ff      // kana
        | 0x3400..=0x4dbf    // CJK extension A
        | 0x4e00..=0x9fff    // CJK unified ideographs
        | 0xac00..=0xd7af    // hangul
        | 0xf900..=0xfaff    // compatibility ideographs
        | 0x20000..=0x2fa1f) // extensions B and later
}

/// The class of a character inside a word: runs of one class make one word.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Letter,
    Digit,
    Word,
}

fn single_word(text: &str, case_sensitive: bool, delimit_word: bool) -> Vec<Token> {
    let fold = |s: &str| {
        if case_sensitive {
            s.to_owned()
        } else {
            s.to_lowercase()
        }
    };
    let mut out = Vec::new();
    let mut start: Option<(usize, Class)> = None;
    let flush = |out: &mut Vec<Token>, from: usize, to: usize| {
        let position = out.len();
        out.push(token(from, to, position, fold(&text[from..to])));
    };
    for (i, c) in text.char_indices() {
        let class = if is_cjk(c) || !c.is_alphanumeric() {
            None
        } else if !delimit_word {
            Some(Class::Word)
        } else if c.is_numeric() {
            Some(Class::Digit)
        } else {
            Some(Class::Letter)
        };
        match (start, class) {
            (Some((_, open)), Some(now)) if open == now => {}
            (open, now) => {
                if let Some((from, _)) = open {
                    flush(&mut out, from, i);
                }
                start = now.map(|k| (i, k));
            }
        }
        if is_cjk(c) {
            flush(&mut out, i, i + c.len_utf8());
        }
    }
    if let Some((from, _)) = start {
        flush(&mut out, from, text.len());
    }
    out
}

fn split(text: &str, delimiter: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut from = 0;
    for part in text.split(delimiter) {
        if !part.is_empty() {
            let position = out.len();
            out.push(token(from, from + part.len(), position, part.to_lowercase()));
        }
        from += part.len() + delimiter.len();
    }
    out
}

fn fuzzy(text: &str, min_chars: usize, max_chars: usize, case_sensitive: bool) -> Vec<Token> {
    let text = match text.char_indices().nth(FUZZY_TEXT_CHARS) {
        Some((end, _)) => &text[..end],
        None => text,
    };
    // Offsets point into the text as given (lower-casing can change a character's length).
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let end_of = |i: usize| chars.get(i).map_or(text.len(), |(at, _)| *at);
    let mut out = Vec::new();
    for start in 0..chars.len() {
        for len in min_chars..=max_chars {
            if start + len > chars.len() {
                break;
            }
            let (from, to) = (end_of(start), end_of(start + len));
            let piece = &text[from..to];
            let word = if case_sensitive {
                piece.to_owned()
            } else {
                piece.to_lowercase()
            };
            out.push(token(from, to, start, word));
        }
    }
    out
}

/// An [`Analyzer`] as a tantivy tokenizer.
#[derive(Debug, Clone)]
pub struct AnalyzerTokenizer(pub Analyzer);

/// The tokens of one text, computed up front.
pub struct Tokens {
    tokens: Vec<Token>,
    next: usize,
}

impl TokenStream for Tokens {
    fn advance(&mut self) -> bool {
        self.next += 1;
        self.next <= self.tokens.len()
    }

    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
    }
}

impl Tokenizer for AnalyzerTokenizer {
    type TokenStream<'a> = Tokens;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Tokens {
        Tokens {
            tokens: self.0.tokens(text),
            next: 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(a: &Analyzer, text: &str) -> Vec<(usize, String)> {
        a.tokens(text).into_iter().map(|t| (t.position, t.text)).collect()
    }

    fn texts(a: &Analyzer, text: &str) -> Vec<String> {
        a.tokens(text).into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn single_word_splits_cjk_per_character_and_words_whole() {
        let a = Analyzer::SingleWord {
            case_sensitive: false,
            delimit_word: false,
        };
        assert_eq!(
            texts(&a, "Hello, 表格存储 ots2024!"),
            ["hello", "表", "格", "存", "储", "ots2024"]
        );
        let positions: Vec<usize> = a.tokens("a b c").iter().map(|t| t.position).collect();
        assert_eq!(positions, [0, 1, 2]);
    }

    #[test]
    fn single_word_parameters() {
        let a = Analyzer::SingleWord {
            case_sensitive: true,
            delimit_word: true,
        };
        assert_eq!(texts(&a, "iPhone15 Pro"), ["iPhone", "15", "Pro"]);
    }

    #[test]
    fn split_uses_the_delimiter_and_drops_empty_words() {
        let a = Analyzer::Split {
            delimiter: ",".into(),
        };
        assert_eq!(
            words(&a, "Red,,Green,blue big"),
            [(0, "red".into()), (1, "green".into()), (2, "blue big".into())]
        );
    }

    #[test]
    fn fuzzy_gives_every_substring_in_range_at_its_start() {
        let a = Analyzer::Fuzzy {
            min_chars: 2,
            max_chars: 3,
            case_sensitive: false,
        };
        assert_eq!(
            words(&a, "AbcD"),
            [
                (0, "ab".into()),
                (0, "abc".into()),
                (1, "bc".into()),
                (1, "bcd".into()),
                (2, "cd".into())
            ]
        );
        let offsets: Vec<(usize, usize)> = a
            .tokens("é表x")
            .iter()
            .map(|t| (t.offset_from, t.offset_to))
            .collect();
        assert_eq!(offsets, [(0, 5), (0, 6), (2, 6)]);
    }
}
