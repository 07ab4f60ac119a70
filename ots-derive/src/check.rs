//! Cross-field checks: every mistake becomes a compile error with a span and a hint.

use crate::ast::Model;
use crate::ctxt::Ctxt;
use crate::meta::valid_name;

pub fn check(cx: &Ctxt, m: &Model<'_>) {
    let pks: Vec<_> = m.fields.iter().filter(|f| f.is_pk()).collect();
    // A misspelled `pk` is already reported; "no primary key" would only repeat it.
    if pks.is_empty() && !m.fields.iter().any(|f| f.attrs.has_unknown) {
        cx.error(
            m.ident.span(),
            "no primary key: mark 1 to 4 fields with #[ots(pk)]; the first one is the partition key",
        );
    }
    if pks.len() > 4 {
        for f in &pks[4..] {
            cx.error(
                f.ident.span(),
                "a table has at most 4 primary key columns: remove #[ots(pk)] from this field or an earlier one",
            );
        }
    }
    if let Some((name, span)) = &m.container.table {
        if !valid_name(name) {
            cx.error(
                *span,
                "table names are 1-255 characters of [A-Za-z0-9_] and do not start with a digit",
            );
        }
    }
    if let Some(ttl) = m.container.ttl {
        if ttl != -1 && ttl < 86_400 {
            cx.error(
                m.ident.span(),
                "`ttl` is -1 (keep for ever) or at least 86400 seconds",
            );
        }
    }
    if m.container.max_versions.is_some_and(|v| v < 1) {
        cx.error(m.ident.span(), "`max_versions` must be at least 1");
    }
    let mut autos = 0;
    let mut seen: Vec<&str> = Vec::new();
    for f in &m.fields {
        let a = &f.attrs;
        if f.is_skipped() {
            if let Some(span) =
                a.pk.or(a.rename.as_ref().map(|r| r.1))
                    .or(a.json)
                    .or(a.version)
                    .or(a.defined)
            {
                cx.error(
                    span,
                    "a skipped field is not stored: remove the other ots attributes or `skip`",
                );
            }
            continue;
        }
        if !valid_name(&f.column) {
            let span = a.rename.as_ref().map_or(f.ident.span(), |r| r.1);
            cx.error(
                span,
                "column names are 1-255 characters of [A-Za-z0-9_] and do not start with a digit",
            );
        }
        if seen.contains(&f.column.as_str()) {
            cx.error(
                f.ident.span(),
                format!("two fields are stored in column `{}`: rename one", f.column),
            );
        }
        seen.push(&f.column);
        if let Some(span) = a.auto_increment {
            autos += 1;
            if a.pk.is_none() {
                cx.error(span, "`auto_increment` applies to primary key fields: add `pk`");
            } else if pks.first().is_some_and(|p| p.ident == f.ident) {
                cx.error(span, "the partition key (the first #[ots(pk)] field) cannot be auto-increment: put another key column first");
            } else if !f.is_integer() {
                cx.error(span, "an auto-increment key must be an integer (i64)");
            } else if let Some((true, _)) = m.container.local_transactions {
                cx.error(span, "a table with an auto-increment key cannot have local transactions: drop `local_transactions` or `auto_increment`");
            }
        }
        if f.is_pk() {
            if crate::ast::is_named(f.ty, &["f32", "f64", "bool"]) {
                cx.error(
                    f.ty_span(),
                    "primary keys are integers, String or Vec<u8>: store this value in an attribute column",
                );
            }
            if f.option_inner.is_some() {
                cx.error(
                    f.ty_span(),
                    "primary key fields cannot be optional: use the value type itself",
                );
            }
            for (flag, what) in [
                (a.json, "json"),
                (a.default, "default"),
                (a.version, "version"),
                (a.defined, "defined"),
            ] {
                if let Some(span) = flag {
                    cx.error(span, format!("`{what}` does not apply to primary key fields"));
                }
            }
            if a.created_at.is_some() || a.updated_at.is_some() {
                cx.error(f.ident.span(), "timestamp fields cannot be primary keys");
            }
        }
        if let Some(span) = a.version {
            let is_i64 = matches!(f.ty, syn::Type::Path(p) if p.path.is_ident("i64"));
            if !is_i64 {
                cx.error(span, "a `version` field holds a counter: make it an i64");
            }
        }
        // Timestamps: i64 milliseconds, chrono or time types; the `Timestamp` bound on the
        // generated setter reports other types at the field.
        for (flag, what) in [(a.created_at, "created_at"), (a.updated_at, "updated_at")] {
            if let Some(span) = flag {
                if f.option_inner.is_some() {
                    cx.error(
                        span,
                        format!("a `{what}` field is always set: make it not optional"),
                    );
                }
            }
        }
        for (flag, what) in [
            (a.version, "version"),
            (a.created_at, "created_at"),
            (a.updated_at, "updated_at"),
        ] {
            if let Some(span) = flag {
                if a.json.is_some() {
                    cx.error(span, format!("a `{what}` field cannot be `json`"));
                }
            }
        }
        if let (Some(span), Some(_)) = (a.json, a.defined) {
            cx.error(span, "a JSON field cannot be a defined column: drop `defined`");
        }
    }
    if autos > 1 {
        cx.error(
            m.ident.span(),
            "a table has at most one auto-increment key column",
        );
    }
    for (what, count) in [
        (
            "version",
            m.fields.iter().filter(|f| f.attrs.version.is_some()).count(),
        ),
        (
            "created_at",
            m.fields.iter().filter(|f| f.attrs.created_at.is_some()).count(),
        ),
        (
            "updated_at",
            m.fields.iter().filter(|f| f.attrs.updated_at.is_some()).count(),
        ),
    ] {
        if count > 1 {
            cx.error(m.ident.span(), format!("at most one field can be `{what}`"));
        }
    }
    crate::search::check::check(cx, m);
    crate::secondary::check::check(cx, m);
}
