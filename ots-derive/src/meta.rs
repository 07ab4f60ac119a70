//! Low-level helpers at the bottom of the crate, shared by every attribute parser (models'
//! `#[ots(...)]`, search fields' `search(...)`, `search_index(...)`, `text(...)` and
//! `SearchDocument` fields) and by the checks: the value parsers (`set`, `string`, `int`,
//! `int_like`, `path`, `flag`, `key`, `skip_value`), the service's rule for table, column,
//! index and sub-field names (`valid_name`, and `IndexNames` for a kind of index's names), and
//! `quoted` for lists of names in messages. This module uses no other module of the crate but
//! `ctxt`.

use crate::ctxt::Ctxt;
use syn::meta::ParseNestedMeta;
use syn::spanned::Spanned;

/// Stores `value` in `slot`, or reports a duplicate `name` when the slot is already set.
pub(crate) fn set<T>(cx: &Ctxt, slot: &mut Option<T>, value: T, span: proc_macro2::Span, name: &str) {
    if slot.is_some() {
        cx.error(span, format!("duplicate ots attribute `{name}`"));
    } else {
        *slot = Some(value);
    }
}

/// An integer value (a duration or a count, shown with a ttl-like example).
pub(crate) fn int<T: std::str::FromStr>(cx: &Ctxt, meta: &ParseNestedMeta<'_>, name: &str) -> Option<T>
where
    T::Err: std::fmt::Display,
{
    int_like(cx, meta, name, "86400")
}

/// An integer value; `example` shows one in the error message.
pub(crate) fn int_like<T: std::str::FromStr>(
    cx: &Ctxt,
    meta: &ParseNestedMeta<'_>,
    name: &str,
    example: &str,
) -> Option<T>
where
    T::Err: std::fmt::Display,
{
    let lit: syn::LitInt = match meta.value().and_then(|v| v.parse()) {
        Ok(l) => l,
        Err(_) => {
            cx.error(
                meta.path.span(),
                format!("`{name}` takes an integer, e.g. `{name} = {example}`"),
            );
            return None;
        }
    };
    match lit.base10_parse() {
        Ok(v) => Some(v),
        Err(e) => {
            cx.error(lit.span(), e);
            None
        }
    }
}

/// A string value, with the span of its literal.
pub(crate) fn string(
    cx: &Ctxt,
    meta: &ParseNestedMeta<'_>,
    name: &str,
) -> Option<(String, proc_macro2::Span)> {
    match meta.value().and_then(|v| v.parse::<syn::LitStr>()) {
        Ok(l) => Some((l.value(), l.span())),
        Err(_) => {
            cx.error(
                meta.path.span(),
                format!("`{name}` takes a string, e.g. `{name} = \"name\"`"),
            );
            None
        }
    }
}

/// `crate = "my_facade::ots"`: a module-style path in a string; the path's tokens carry the
/// string's span, so a path that does not resolve is reported at the string.
pub(crate) fn path(cx: &Ctxt, meta: &ParseNestedMeta<'_>, name: &str) -> Option<syn::Path> {
    let usage = format!("`{name}` takes a path in a string, e.g. `{name} = \"my_facade::ots\"`");
    let value = match meta.value().and_then(|v| v.parse::<syn::Expr>()) {
        Ok(v) => v,
        Err(_) => {
            cx.error(meta.path.span(), usage);
            return None;
        }
    };
    let syn::Expr::Lit(syn::ExprLit {
        lit: syn::Lit::Str(lit),
        ..
    }) = &value
    else {
        cx.error(value.span(), usage);
        return None;
    };
    match lit.parse_with(syn::Path::parse_mod_style) {
        Ok(p) => Some(p),
        Err(_) => {
            cx.error(lit.span(), format!("`{}` is not a path; {usage}", lit.token()));
            None
        }
    }
}

/// Skips the value of a key that was refused, if any, so that parsing goes on to the next key.
pub(crate) fn skip_value(meta: &ParseNestedMeta<'_>) {
    if meta.input.peek(syn::Token![=]) {
        let _ = meta.value().and_then(|v| v.parse::<syn::Expr>());
    } else if meta.input.peek(syn::token::Paren) {
        let _ = meta.input.parse::<proc_macro2::Group>();
    }
}

/// A flag that may be given a value: `store` is `store = true`.
pub(crate) fn flag(cx: &Ctxt, meta: &ParseNestedMeta<'_>, name: &str) -> Option<bool> {
    if !meta.input.peek(syn::Token![=]) {
        return Some(true);
    }
    match meta.value().and_then(|v| v.parse::<syn::LitBool>()) {
        Ok(b) => Some(b.value),
        Err(_) => {
            cx.error(
                meta.path.span(),
                format!("`{name}` takes `true` or `false`, or nothing (meaning true)"),
            );
            None
        }
    }
}

/// The key of a nested meta item, or an empty string when it is not a plain name.
pub(crate) fn key(meta: &ParseNestedMeta<'_>) -> String {
    meta.path.get_ident().map(ToString::to_string).unwrap_or_default()
}

/// Table, column, search index and sub-field names: 1-255 characters of `[A-Za-z0-9_]`, not
/// starting with a digit.
pub(crate) fn valid_name(name: &str) -> bool {
    let b = name.as_bytes();
    !b.is_empty()
        && b.len() <= 255
        && (b[0].is_ascii_alphabetic() || b[0] == b'_')
        && b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'_')
}

/// `names` in backquotes, separated by commas: "`a`, `b`".
pub(crate) fn quoted<T: std::fmt::Display>(names: impl IntoIterator<Item = T>) -> String {
    names
        .into_iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The rules for the names of one kind of index (search or secondary): at most `max`, each
/// valid (`valid_name`) and unique. Each check reports at the index's name.
pub(crate) struct IndexNames<'a> {
    pub max: usize,
    /// Who holds the indexes, for "a model declares at most 64 search indexes".
    pub holder: &'a str,
    /// The kind, for "search index names are ...".
    pub singular: &'a str,
    /// The kind in the plural, for "two search indexes are named `x`: rename one".
    pub plural: &'a str,
}

impl IndexNames<'_> {
    /// The `i`-th index (from 0) is within the limit and its name is valid; false when the name
    /// is invalid.
    pub(crate) fn check_valid(&self, cx: &Ctxt, i: usize, name: &str, span: proc_macro2::Span) -> bool {
        if i == self.max {
            cx.error(
                span,
                format!("{} at most {} {}", self.holder, self.max, self.plural),
            );
        }
        let valid = valid_name(name);
        if !valid {
            cx.error(
                span,
                format!(
                    "{} names are 1-255 characters of [A-Za-z0-9_] and do not start with a digit",
                    self.singular
                ),
            );
        }
        valid
    }

    /// No earlier index has the name; false when one does.
    pub(crate) fn check_unique<'n>(
        &self,
        cx: &Ctxt,
        mut earlier: impl Iterator<Item = &'n str>,
        name: &str,
        span: proc_macro2::Span,
    ) -> bool {
        if earlier.any(|o| o == name) {
            cx.error(
                span,
                format!("two {} are named `{name}`: rename one", self.plural),
            );
            return false;
        }
        true
    }
}
