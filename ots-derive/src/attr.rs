//! `#[ots(...)]` attributes parsed into typed settings.

use crate::ctxt::Ctxt;
use crate::meta::{int, path, set, skip_value, string};
use syn::spanned::Spanned;

pub const CONTAINER_KEYS: &str =
    "`table`, `ttl`, `max_versions`, `max_time_deviation`, `allow_update`, `local_transactions`, `search_index`, `index`, `crate`";
pub const FIELD_KEYS: &str = "`pk`, `auto_increment`, `rename`, `skip`, `default`, `json`, `defined`, `version`, `created_at`, `updated_at`, `search`";

/// Container settings.
#[derive(Default)]
pub struct Container {
    pub table: Option<(String, proc_macro2::Span)>,
    pub ttl: Option<i32>,
    /// `allow_update = false`: rows are only put and deleted (what a table with a time to live
    /// needs for a search index).
    pub allow_update: Option<(bool, proc_macro2::Span)>,
    /// `local_transactions`: the table is created with local transactions allowed.
    pub local_transactions: Option<(bool, proc_macro2::Span)>,
    pub max_versions: Option<i32>,
    pub max_time_deviation: Option<i64>,
    /// The path generated code reaches the runtime through, instead of `::ots` (for crates that
    /// re-export `ots` and whose users do not depend on it directly).
    pub crate_path: Option<syn::Path>,
    /// `search_index = ".."` / `search_index(..)`, in declared order.
    pub search_indexes: Vec<crate::search::index_attr::Index>,
    /// A `search_index` key was given, even one that failed to parse.
    pub search_index_seen: bool,
    /// `index(..)`: the secondary indexes, in declared order.
    pub indexes: Vec<crate::secondary::attr::Index>,
}

/// Field settings; each flag keeps the span of its attribute for diagnostics.
#[derive(Default)]
pub struct Field {
    pub pk: Option<proc_macro2::Span>,
    pub auto_increment: Option<proc_macro2::Span>,
    pub rename: Option<(String, proc_macro2::Span)>,
    pub skip: Option<proc_macro2::Span>,
    pub default: Option<proc_macro2::Span>,
    pub json: Option<proc_macro2::Span>,
    pub defined: Option<proc_macro2::Span>,
    pub version: Option<proc_macro2::Span>,
    pub created_at: Option<proc_macro2::Span>,
    pub updated_at: Option<proc_macro2::Span>,
    /// `search` / `search(...)`.
    pub search: crate::search::attr::Search,
    /// An unknown key was given (likely a misspelling of one of the above).
    pub has_unknown: bool,
}

impl Container {
    /// `allow_update = false`: rows are only put and deleted.
    pub fn updates_refused(&self) -> bool {
        matches!(self.allow_update, Some((false, _)))
    }

    /// A time to live (other than -1, for ever) on a table that takes updates: the service
    /// indexes such a table in neither a search index nor a secondary index.
    pub fn ttl_with_updates(&self) -> bool {
        self.ttl.is_some_and(|t| t != -1) && !self.updates_refused()
    }
}

fn ots_attrs(attrs: &[syn::Attribute]) -> impl Iterator<Item = &syn::Attribute> {
    attrs.iter().filter(|a| a.path().is_ident("ots"))
}

pub fn container(cx: &Ctxt, attrs: &[syn::Attribute]) -> Container {
    let mut c = Container::default();
    for attr in ots_attrs(attrs) {
        let r = attr.parse_nested_meta(|meta| {
            let span = meta.path.span();
            let key = meta.path.get_ident().map(ToString::to_string).unwrap_or_default();
            match key.as_str() {
                "table" => {
                    if let Some(v) = string(cx, &meta, "table") {
                        set(cx, &mut c.table, v, span, "table");
                    }
                }
                "ttl" => {
                    if let Some(v) = int(cx, &meta, "ttl") {
                        set(cx, &mut c.ttl, v, span, "ttl");
                    }
                }
                "max_versions" => {
                    if let Some(v) = int(cx, &meta, "max_versions") {
                        set(cx, &mut c.max_versions, v, span, "max_versions");
                    }
                }
                "max_time_deviation" => {
                    if let Some(v) = int(cx, &meta, "max_time_deviation") {
                        set(cx, &mut c.max_time_deviation, v, span, "max_time_deviation");
                    }
                }
                "allow_update" => {
                    if let Some(v) = crate::meta::flag(cx, &meta, "allow_update") {
                        set(cx, &mut c.allow_update, (v, span), span, "allow_update");
                    }
                }
                "local_transactions" => {
                    if let Some(v) = crate::meta::flag(cx, &meta, "local_transactions") {
                        set(
                            cx,
                            &mut c.local_transactions,
                            (v, span),
                            span,
                            "local_transactions",
                        );
                    }
                }
                "search_index" => {
                    c.search_index_seen = true;
                    if let Some(v) = crate::search::index_attr::parse(cx, &meta) {
                        c.search_indexes.push(v);
                    }
                }
                "index" => {
                    if let Some(v) = crate::secondary::attr::parse(cx, &meta) {
                        c.indexes.push(v);
                    }
                }
                "crate" => {
                    if let Some(v) = path(cx, &meta, "crate") {
                        set(cx, &mut c.crate_path, v, span, "crate");
                    }
                }
                _ => {
                    cx.error(
                        span,
                        format!("unknown ots attribute `{key}`, expected one of {CONTAINER_KEYS}"),
                    );
                    // Skip a value, if any, so that parsing goes on to the next key.
                    skip_value(&meta);
                }
            }
            Ok(())
        });
        if let Err(e) = r {
            cx.syn_error(e);
        }
    }
    c
}

pub fn field(cx: &Ctxt, attrs: &[syn::Attribute]) -> Field {
    let mut f = Field::default();
    let mut has_unknown = false;
    for attr in ots_attrs(attrs) {
        let r = attr.parse_nested_meta(|meta| {
            let span = meta.path.span();
            let key = meta.path.get_ident().map(ToString::to_string).unwrap_or_default();
            let flag = |slot: &mut Option<proc_macro2::Span>| set(cx, slot, span, span, &key);
            match key.as_str() {
                "pk" => flag(&mut f.pk),
                "auto_increment" => flag(&mut f.auto_increment),
                "skip" => flag(&mut f.skip),
                "default" => flag(&mut f.default),
                "json" => flag(&mut f.json),
                "defined" => flag(&mut f.defined),
                "version" => flag(&mut f.version),
                "created_at" => flag(&mut f.created_at),
                "updated_at" => flag(&mut f.updated_at),
                "search" => crate::search::attr::parse(cx, &meta, &mut f.search),
                "rename" => {
                    if let Some(v) = string(cx, &meta, "rename") {
                        set(cx, &mut f.rename, v, span, "rename");
                    }
                }
                _ => {
                    has_unknown = true;
                    cx.error(
                        span,
                        format!("unknown ots attribute `{key}`, expected one of {FIELD_KEYS}"),
                    );
                    skip_value(&meta);
                }
            }
            Ok(())
        });
        if let Err(e) = r {
            cx.syn_error(e);
        }
    }
    f.has_unknown = has_unknown;
    f
}
