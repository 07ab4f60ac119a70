//! The field-level `search` / `search(...)` attribute, parsed into typed settings. The
//! container-level `search_index` attribute is in `index_attr`.

use super::analyzer::{text, Text};
use crate::ctxt::Ctxt;
use crate::meta::{flag, int_like, key, set, skip_value, string};
use proc_macro2::Span;
use syn::meta::ParseNestedMeta;
use syn::spanned::Spanned;

pub const SEARCH_KEYS: &str = "`keyword`, `text`, `date`, `geo_point`, `nested`, `vector`, `index`, `store`, `sort_and_agg`, `highlight`, `only`";

/// `search` or `search(...)` on a field; each setting keeps the span of its key.
#[derive(Default)]
pub struct Search {
    /// The `search` key itself.
    pub span: Option<Span>,
    /// A type override: `keyword`, `text(..)`, `date(..)`, `geo_point`, `nested`, `vector(..)`.
    pub kind: Option<(KindAttr, Span)>,
    pub index: Option<(bool, Span)>,
    pub store: Option<(bool, Span)>,
    pub sort_and_agg: Option<(bool, Span)>,
    pub highlight: Option<(bool, Span)>,
    /// `only("catalog", ...)`: the indexes the field is in.
    pub only: Option<(Vec<(String, Span)>, Span)>,
}

pub enum KindAttr {
    Keyword,
    Text(Text),
    Date(Vec<String>),
    GeoPoint,
    Nested,
    Vector { dimension: Option<i32>, metric: Metric },
}

impl KindAttr {
    pub fn name(&self) -> &'static str {
        match self {
            Self::Keyword => "keyword",
            Self::Text(_) => "text",
            Self::Date(_) => "date",
            Self::GeoPoint => "geo_point",
            Self::Nested => "nested",
            Self::Vector { .. } => "vector",
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Metric {
    Cosine,
    Euclidean,
    DotProduct,
}

/// Parses the `search` key of a field's `#[ots(...)]` into `slot`.
pub fn parse(cx: &Ctxt, meta: &ParseNestedMeta<'_>, slot: &mut Search) {
    let span = meta.path.span();
    if slot.span.is_some() {
        cx.error(span, "duplicate ots attribute `search`");
        skip_value(meta);
        return;
    }
    slot.span = Some(span);
    if !meta.input.peek(syn::token::Paren) {
        if meta.input.peek(syn::Token![=]) {
            cx.error(
                span,
                "`search` takes options in parentheses, e.g. `search(text)`, or nothing",
            );
            skip_value(meta);
        }
        return;
    }
    let r = meta.parse_nested_meta(|m| {
        option(cx, &m, slot);
        Ok(())
    });
    if let Err(e) = r {
        cx.syn_error(e);
    }
}

fn option(cx: &Ctxt, m: &ParseNestedMeta<'_>, s: &mut Search) {
    let span = m.path.span();
    let k = key(m);
    let kind = |cx: &Ctxt, s: &mut Search, kind: KindAttr| {
        if let Some((old, _)) = &s.kind {
            cx.error(
                span,
                format!(
                    "`{}` and `{}` both set the field's index type: keep one",
                    old.name(),
                    kind.name()
                ),
            );
        } else {
            s.kind = Some((kind, span));
        }
    };
    match k.as_str() {
        "keyword" => kind(cx, s, KindAttr::Keyword),
        "geo_point" => kind(cx, s, KindAttr::GeoPoint),
        "nested" => kind(cx, s, KindAttr::Nested),
        "text" => {
            let t = text(cx, m);
            kind(cx, s, KindAttr::Text(t));
        }
        "date" => {
            let formats = date(cx, m);
            kind(cx, s, KindAttr::Date(formats));
        }
        "vector" => {
            let (dimension, metric) = vector(cx, m);
            kind(cx, s, KindAttr::Vector { dimension, metric });
        }
        "index" | "store" | "sort_and_agg" | "highlight" => {
            let slot = match k.as_str() {
                "index" => &mut s.index,
                "store" => &mut s.store,
                "sort_and_agg" => &mut s.sort_and_agg,
                _ => &mut s.highlight,
            };
            if let Some(v) = flag(cx, m, &k) {
                set(cx, slot, (v, span), span, &k);
            }
        }
        "only" => {
            if let Some(names) = only(cx, m) {
                set(cx, &mut s.only, (names, span), span, "only");
            }
        }
        _ => {
            cx.error(
                span,
                format!("unknown search option `{k}`, expected one of {SEARCH_KEYS}"),
            );
            skip_value(m);
        }
    }
}

/// `only("catalog", "geo")`.
fn only(cx: &Ctxt, m: &ParseNestedMeta<'_>) -> Option<Vec<(String, Span)>> {
    let usage = "`only` takes index names, e.g. `only(\"catalog\", \"geo\")`";
    let parsed = (|| {
        let content;
        syn::parenthesized!(content in m.input);
        content.parse_terminated(<syn::LitStr as syn::parse::Parse>::parse, syn::Token![,])
    })();
    match parsed {
        Ok(names) if !names.is_empty() => Some(names.iter().map(|l| (l.value(), l.span())).collect()),
        _ => {
            cx.error(m.path.span(), usage);
            skip_value(m);
            None
        }
    }
}

/// `date` or `date(format = "...", format = "...")`.
fn date(cx: &Ctxt, m: &ParseNestedMeta<'_>) -> Vec<String> {
    let mut formats = Vec::new();
    if !m.input.peek(syn::token::Paren) {
        return formats;
    }
    let r = m.parse_nested_meta(|o| {
        if o.path.is_ident("format") {
            if let Some((v, _)) = string(cx, &o, "format") {
                formats.push(v);
            }
        } else {
            cx.error(
                o.path.span(),
                format!(
                    "unknown date option `{}`, expected `format` (repeatable)",
                    key(&o)
                ),
            );
            skip_value(&o);
        }
        Ok(())
    });
    if let Err(e) = r {
        cx.syn_error(e);
    }
    formats
}

/// `vector(dimension = 768, metric = "cosine")`; a bare `vector` has no dimension (reported
/// where the field is resolved).
fn vector(cx: &Ctxt, m: &ParseNestedMeta<'_>) -> (Option<i32>, Metric) {
    let (mut dimension, mut metric) = (None, None);
    if !m.input.peek(syn::token::Paren) {
        return (None, Metric::Cosine);
    }
    let r = m.parse_nested_meta(|o| {
        let span = o.path.span();
        match key(&o).as_str() {
            "dimension" => {
                if let Some(v) = int_like(cx, &o, "dimension", "768") {
                    set(cx, &mut dimension, v, span, "dimension");
                }
            }
            "metric" => {
                if let Some((v, vspan)) = string(cx, &o, "metric") {
                    let parsed = match v.as_str() {
                        "cosine" => Some(Metric::Cosine),
                        "euclidean" => Some(Metric::Euclidean),
                        "dot_product" => Some(Metric::DotProduct),
                        _ => None,
                    };
                    match parsed {
                        Some(x) => set(cx, &mut metric, x, span, "metric"),
                        None => cx.error(
                            vspan,
                            format!(
                                "unknown metric `{v}`, expected \"cosine\", \"euclidean\" or \"dot_product\""
                            ),
                        ),
                    }
                }
            }
            k => {
                cx.error(
                    span,
                    format!("unknown vector option `{k}`, expected `dimension` or `metric`"),
                );
                skip_value(&o);
            }
        }
        Ok(())
    });
    if let Err(e) = r {
        cx.syn_error(e);
    }
    (dimension, metric.unwrap_or(Metric::Cosine))
}
