//! `text(...)`: the analyzer of a text field and its options, parsed and then checked against
//! each other.

use crate::ctxt::Ctxt;
use crate::meta::{flag, int_like, key, set, skip_value, string};
use proc_macro2::Span;
use syn::meta::ParseNestedMeta;
use syn::spanned::Spanned;

const TEXT_KEYS: &str = "`analyzer`, `case_sensitive`, `delimit_word`, `delimiter`, `min_chars`, `max_chars`";
const ANALYZERS: &str = "\"single_word\", \"split\", \"fuzzy\", \"max_word\" or \"min_word\"";

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum AnalyzerName {
    SingleWord,
    Split,
    Fuzzy,
    MaxWord,
    MinWord,
}

/// `text(...)`: the analyzer and its options, as written.
#[derive(Default, Clone)]
pub struct Text {
    pub analyzer: Option<(AnalyzerName, Span)>,
    pub case_sensitive: Option<(bool, Span)>,
    pub delimit_word: Option<(bool, Span)>,
    pub delimiter: Option<(String, Span)>,
    pub min_chars: Option<(i32, Span)>,
    pub max_chars: Option<(i32, Span)>,
}

/// A resolved analyzer, checked against its options.
#[derive(Clone, Debug, PartialEq)]
pub enum Analyzer {
    SingleWord {
        case_sensitive: Option<bool>,
        delimit_word: Option<bool>,
    },
    Split {
        delimiter: Option<String>,
    },
    Fuzzy {
        min_chars: Option<i32>,
        max_chars: Option<i32>,
    },
    MaxWord,
    MinWord,
}

/// `text` or `text(analyzer = "...", ...)`.
pub fn text(cx: &Ctxt, m: &ParseNestedMeta<'_>) -> Text {
    let mut t = Text::default();
    if !m.input.peek(syn::token::Paren) {
        return t;
    }
    let r = m.parse_nested_meta(|o| {
        let span = o.path.span();
        let k = key(&o);
        match k.as_str() {
            "analyzer" => {
                if let Some(v) = analyzer(cx, &o) {
                    set(cx, &mut t.analyzer, (v, span), span, "analyzer");
                }
            }
            "case_sensitive" | "delimit_word" => {
                let slot = if k == "case_sensitive" {
                    &mut t.case_sensitive
                } else {
                    &mut t.delimit_word
                };
                if let Some(v) = flag(cx, &o, &k) {
                    set(cx, slot, (v, span), span, &k);
                }
            }
            "delimiter" => {
                if let Some((v, _)) = string(cx, &o, "delimiter") {
                    set(cx, &mut t.delimiter, (v, span), span, "delimiter");
                }
            }
            "min_chars" | "max_chars" => {
                let slot = if k == "min_chars" {
                    &mut t.min_chars
                } else {
                    &mut t.max_chars
                };
                let example = if k == "min_chars" { "1" } else { "7" };
                if let Some(v) = int_like(cx, &o, &k, example) {
                    set(cx, slot, (v, span), span, &k);
                }
            }
            _ => {
                cx.error(
                    span,
                    format!("unknown text option `{k}`, expected one of {TEXT_KEYS}"),
                );
                skip_value(&o);
            }
        }
        Ok(())
    });
    if let Err(e) = r {
        cx.syn_error(e);
    }
    t
}

fn analyzer(cx: &Ctxt, o: &ParseNestedMeta<'_>) -> Option<AnalyzerName> {
    let (name, span) = string(cx, o, "analyzer")?;
    let a = match name.as_str() {
        "single_word" => AnalyzerName::SingleWord,
        "split" => AnalyzerName::Split,
        "fuzzy" => AnalyzerName::Fuzzy,
        "max_word" => AnalyzerName::MaxWord,
        "min_word" => AnalyzerName::MinWord,
        _ => {
            cx.error(span, format!("unknown analyzer `{name}`, expected {ANALYZERS}"));
            return None;
        }
    };
    Some(a)
}

/// Checks the analyzer's options against the analyzer: each option belongs to one. Without an
/// analyzer, `case_sensitive` and `delimit_word` imply `single_word` (the service's default).
pub fn resolve_analyzer(cx: &Ctxt, t: &Text) -> Option<Analyzer> {
    let implied =
        (t.case_sensitive.is_some() || t.delimit_word.is_some()).then_some(AnalyzerName::SingleWord);
    let name = t.analyzer.map(|a| a.0).or(implied);
    let options: [(&str, Option<Span>, AnalyzerName); 5] = [
        (
            "case_sensitive",
            t.case_sensitive.map(|o| o.1),
            AnalyzerName::SingleWord,
        ),
        (
            "delimit_word",
            t.delimit_word.map(|o| o.1),
            AnalyzerName::SingleWord,
        ),
        (
            "delimiter",
            t.delimiter.as_ref().map(|o| o.1),
            AnalyzerName::Split,
        ),
        ("min_chars", t.min_chars.map(|o| o.1), AnalyzerName::Fuzzy),
        ("max_chars", t.max_chars.map(|o| o.1), AnalyzerName::Fuzzy),
    ];
    for (option, span, owner) in options {
        if let Some(span) = span {
            if name != Some(owner) {
                let owner = match owner {
                    AnalyzerName::SingleWord => "single_word",
                    AnalyzerName::Split => "split",
                    _ => "fuzzy",
                };
                cx.error(
                    span,
                    format!("`{option}` is an option of the `{owner}` analyzer: add `analyzer = \"{owner}\"` or drop `{option}`"),
                );
            }
        }
    }
    if let (Some((min, span)), Some((max, _))) = (t.min_chars, t.max_chars) {
        if min > max {
            cx.error(span, "`min_chars` is larger than `max_chars`");
        }
    }
    Some(match name? {
        AnalyzerName::SingleWord => Analyzer::SingleWord {
            case_sensitive: t.case_sensitive.map(|o| o.0),
            delimit_word: t.delimit_word.map(|o| o.0),
        },
        AnalyzerName::Split => Analyzer::Split {
            delimiter: t.delimiter.as_ref().map(|o| o.0.clone()),
        },
        AnalyzerName::Fuzzy => Analyzer::Fuzzy {
            min_chars: t.min_chars.map(|o| o.0),
            max_chars: t.max_chars.map(|o| o.0),
        },
        AnalyzerName::MaxWord => Analyzer::MaxWord,
        AnalyzerName::MinWord => Analyzer::MinWord,
    })
}
