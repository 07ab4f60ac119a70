//! The `OtsTable` impl: schema, keys, row mapping, patches and the managed version and
//! timestamp columns, plus the per-field conversion constants it goes through.

use super::{fns_ident, is_counter, Ctx};
use crate::ast::Field;
use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;

/// One constant of conversion functions per stored field, spanned at its type: an unsupported
/// type is reported once, there, and every other use goes through the constant.
pub(super) fn fns_consts(cx: &Ctx<'_>) -> TokenStream {
    let p = &cx.p;
    let consts = cx.m.fields.iter().filter(|f| !f.is_skipped()).map(|f| {
        let ty = f.value_ty();
        let name = fns_ident(f);
        if f.is_pk() {
            quote_spanned!(ty.span()=> const #name: #p::KeyFns<#ty> = #p::key_fns::<#ty>();)
        } else if f.attrs.json.is_some() {
            quote_spanned!(ty.span()=> const #name: #p::ColumnFns<#ty> = #p::json_fns::<#ty>();)
        } else {
            quote_spanned!(ty.span()=> const #name: #p::ColumnFns<#ty> = #p::column_fns::<#ty>();)
        }
    });
    quote!(#(#consts)*)
}

pub(super) fn table_impl(cx: &Ctx<'_>) -> TokenStream {
    let (p, ident) = (&cx.p, cx.m.ident);
    let (key, columns, patch) = (&cx.key, &cx.columns, &cx.patch);
    let table = cx.m.table_name();
    let col_inits = cx.attrs.iter().map(|f| {
        let (i, c) = (f.ident, &f.column);
        quote!(#i: #p::Col::new(#c))
    });
    let managed_consts = managed_consts(cx);
    let schema = schema(cx, &table);
    let keys = key_fns(cx);
    let rows = row_fns(cx);
    let patches = patch_fn(cx);
    let managed_fns = managed_fns(cx);
    quote! {
        impl #p::OtsTable for #ident {
            type Key = #key;
            type Columns = #columns;
            type Patch = #patch;
            const TABLE: &'static str = #table;
            #managed_consts

            #schema

            fn columns() -> #columns { #columns { #(#col_inits),* } }

            #keys
            #rows
            #patches
            #managed_fns
        }
    }
}

/// `create_table_request`: key schema, defined columns, secondary indexes and table options.
fn schema(cx: &Ctx<'_>, table: &str) -> TokenStream {
    let p = &cx.p;
    let pk_schema = cx.pks.iter().map(|f| {
        let (c, fns) = (&f.column, fns_ident(f));
        let auto = f.attrs.auto_increment.is_some();
        quote! {
            req = req.primary_key(#p::PrimaryKeySchema {
                name: ::std::string::String::from(#c),
                key_type: #fns.key_type,
                auto_increment: #auto,
            });
        }
    });
    let defined = cx.attrs.iter().filter(|f| f.attrs.defined.is_some()).map(|f| {
        let (c, fns) = (&f.column, fns_ident(f));
        quote!(req = req.defined_column(#c, #fns.column_type);)
    });
    let indexes = super::index::schema(cx);
    let container = &cx.m.container;
    let mut options = TokenStream::new();
    if let Some(v) = container.ttl {
        options.extend(quote!(req = req.time_to_live(#v);));
    }
    if let Some(v) = container.max_versions {
        options.extend(quote!(req = req.max_versions(#v);));
    }
    if let Some(v) = container.max_time_deviation {
        options.extend(quote!(req = req.max_time_deviation(#v);));
    }
    if let Some((v, _)) = container.allow_update {
        options.extend(quote!(req = req.allow_update(#v);));
    }
    // Always sent: without it the service refuses transactions, while ots-local (serving SDKs
    // that cannot send the flag) allows them; saying so keeps the two alike.
    let local_transactions = container.local_transactions.is_some_and(|(v, _)| v);
    options.extend(quote!(req = req.local_transactions(#local_transactions);));
    quote! {
        fn create_table_request() -> #p::CreateTableRequest {
            let mut req = #p::CreateTableRequest::new(#table);
            #(#pk_schema)*
            #(#defined)*
            #indexes
            #options
            req
        }
    }
}

/// `key`, `primary_key_of`, `insert_primary_key`, `key_from_primary_key` and `set_key`.
fn key_fns(cx: &Ctx<'_>) -> TokenStream {
    let (p, key) = (&cx.p, &cx.key);
    let key_clone = cx.pks.iter().map(|f| {
        let i = f.ident;
        quote!(#i: ::core::clone::Clone::clone(&self.#i))
    });
    let pk_of = build_primary_key(cx, false);
    let pk_insert = build_primary_key(cx, true);
    let key_read = cx.pks.iter().map(|f| read_key_field(cx, f));
    let key_set = cx.pks.iter().map(|f| {
        let i = f.ident;
        quote!(self.#i = key.#i;)
    });
    quote! {
        fn key(&self) -> #key { #key { #(#key_clone),* } }

        fn primary_key_of(key: &#key) -> #p::Result<#p::PrimaryKey> { #pk_of }

        fn insert_primary_key(&self) -> #p::Result<#p::PrimaryKey> {
            let key = &<Self as #p::OtsTable>::key(self);
            #pk_insert
        }

        fn key_from_primary_key(pk: &#p::PrimaryKey) -> #p::Result<#key> {
            ::core::result::Result::Ok(#key { #(#key_read),* })
        }

        fn set_key(&mut self, key: #key) { #(#key_set)* }
    }
}

/// Builds a wire primary key from `key`; with `auto_placeholder`, the auto-increment column is
/// left for the service to assign.
fn build_primary_key(cx: &Ctx<'_>, auto_placeholder: bool) -> TokenStream {
    let p = &cx.p;
    let pushes = cx.pks.iter().map(|f| {
        let (i, c, fns) = (f.ident, &f.column, fns_ident(f));
        let err = cx.map_err(c);
        let value = if auto_placeholder && f.attrs.auto_increment.is_some() {
            quote!(#p::PrimaryKeyValue::AutoIncrement)
        } else {
            quote!((#fns.to)(&key.#i).map_err(#err)?)
        };
        quote!(pk.columns.push(#p::PrimaryKeyColumn { name: ::std::string::String::from(#c), value: #value });)
    });
    quote!(let mut pk = #p::PrimaryKey::new(); #(#pushes)* ::core::result::Result::Ok(pk))
}

/// One key field read back from the wire primary key `pk`.
fn read_key_field(cx: &Ctx<'_>, f: &Field<'_>) -> TokenStream {
    let p = &cx.p;
    let (i, c, fns) = (f.ident, &f.column, fns_ident(f));
    let err = cx.map_err(c);
    quote! {
        #i: {
            let v = pk.get(#c).cloned().ok_or_else(|| {
                #p::Error::mapping(<Self as #p::OtsTable>::TABLE, #c, "a primary key value", "no such key column")
            })?;
            (#fns.from)(v).map_err(#err)?
        }
    }
}

/// `to_columns` and `from_row`.
fn row_fns(cx: &Ctx<'_>) -> TokenStream {
    let p = &cx.p;
    let to_cols = cx.attrs.iter().map(|f| push_column(cx, f));
    let n_attrs = cx.attrs.len();
    let slots: Vec<_> = cx.attrs.iter().map(|f| format_ident!("__{}", f.ident)).collect();
    let slot_match = cx.attrs.iter().zip(&slots).map(|(f, s)| {
        let c = &f.column;
        quote!(#c => if #s.is_none() { #s = ::core::option::Option::Some(col.value) },)
    });
    let field_inits = cx.m.fields.iter().map(|f| field_init(cx, f));
    quote! {
        fn to_columns(&self) -> #p::Result<::std::vec::Vec<#p::Column>> {
            let mut cols = ::std::vec::Vec::with_capacity(#n_attrs);
            #(#to_cols)*
            ::core::result::Result::Ok(cols)
        }

        #[allow(clippy::needless_update)]
        fn from_row(row: #p::Row) -> #p::Result<Self> {
            let key = <Self as #p::OtsTable>::key_from_primary_key(&row.primary_key)?;
            #(let mut #slots: ::core::option::Option<#p::Value> = ::core::option::Option::None;)*
            for col in row.columns {
                match col.name.as_str() {
                    #(#slot_match)*
                    _ => {}
                }
            }
            ::core::result::Result::Ok(Self { #(#field_inits),* })
        }
    }
}

/// Pushes one attribute column of `self` onto `cols` (an absent `Option` is left out).
fn push_column(cx: &Ctx<'_>, f: &Field<'_>) -> TokenStream {
    let p = &cx.p;
    let (i, c, fns) = (f.ident, &f.column, fns_ident(f));
    let err = cx.map_err(c);
    let conv = |expr: TokenStream| quote!((#fns.to)(#expr).map_err(#err)?);
    if f.option_inner.is_some() {
        let v = conv(quote!(v));
        quote!(if let ::core::option::Option::Some(v) = &self.#i { cols.push(#p::Column::new(#c, #v)); })
    } else {
        let v = conv(quote!(&self.#i));
        quote!(cols.push(#p::Column::new(#c, #v));)
    }
}

/// One field of `Self { .. }` in `from_row`: from the key, `Default` when skipped, otherwise
/// from its column slot (absent: `None`, `Default` or a mapping error).
fn field_init(cx: &Ctx<'_>, f: &Field<'_>) -> TokenStream {
    let p = &cx.p;
    let i = f.ident;
    if f.is_pk() {
        return quote!(#i: key.#i);
    }
    if f.is_skipped() {
        return quote_spanned!(f.ty.span()=> #i: ::core::default::Default::default());
    }
    let s = format_ident!("__{}", i);
    let (c, fns) = (&f.column, fns_ident(f));
    let err = cx.map_err(c);
    let conv = quote!((#fns.from)(v).map_err(#err)?);
    if f.option_inner.is_some() {
        quote!(#i: match #s { ::core::option::Option::Some(v) => ::core::option::Option::Some(#conv), ::core::option::Option::None => ::core::option::Option::None })
    } else if f.attrs.default.is_some() {
        quote!(#i: match #s { ::core::option::Option::Some(v) => #conv, ::core::option::Option::None => ::core::default::Default::default() })
    } else {
        quote! {
            #i: match #s {
                ::core::option::Option::Some(v) => #conv,
                ::core::option::Option::None => return ::core::result::Result::Err(
                    #p::Error::mapping(<Self as #p::OtsTable>::TABLE, #c, "a value (the field is not optional)", "no such column")
                ),
            }
        }
    }
}

/// `patch_updates`: one match per patchable field.
fn patch_fn(cx: &Ctx<'_>) -> TokenStream {
    let (p, patch) = (&cx.p, &cx.patch);
    let arms = cx.patchable().map(|f| patch_arm(cx, f));
    // Each counter's increment with its type's range, for the repository's range condition.
    let increments = cx.patchable().filter(|f| is_counter(f)).map(|f| {
        let (i, c, t) = (f.ident, &f.column, f.value_ty());
        quote! {
            if let #p::Patch::Increment(d) = &patch.#i {
                out.push((#c, *d, <#t as #p::IntegerValue>::MIN..=<#t as #p::IntegerValue>::MAX));
            }
        }
    });
    quote! {
        fn patch_updates(patch: #patch) -> #p::Result<::std::vec::Vec<#p::ColumnUpdate>> {
            let mut ups = ::std::vec::Vec::new();
            #(#arms)*
            ::core::result::Result::Ok(ups)
        }

        fn patch_increments(patch: &#patch) -> ::std::vec::Vec<(&'static str, i64, ::core::ops::RangeInclusive<i64>)> {
            #[allow(unused_mut)]
            let mut out = ::std::vec::Vec::new();
            #(#increments)*
            out
        }
    }
}

/// The column update one field's patch makes, if any.
fn patch_arm(cx: &Ctx<'_>, f: &Field<'_>) -> TokenStream {
    let p = &cx.p;
    let (i, c, fns) = (f.ident, &f.column, fns_ident(f));
    let err = cx.map_err(c);
    let value = quote!((#fns.to)(&v).map_err(#err)?);
    let increment = if is_counter(f) {
        quote!(ups.push(#p::ColumnUpdate::Increment { name: ::std::string::String::from(#c), delta: d });)
    } else {
        quote!({
            let _ = d;
            return ::core::result::Result::Err(#p::Error::mapping(
                <Self as #p::OtsTable>::TABLE, #c, "an integer column to increment", "a non-integer field"));
        })
    };
    quote! {
        match patch.#i {
            #p::Patch::Set(v) => ups.push(#p::ColumnUpdate::Put {
                name: ::std::string::String::from(#c), value: #value, timestamp: ::core::option::Option::None,
            }),
            #p::Patch::Delete => ups.push(#p::ColumnUpdate::DeleteAllVersions { name: ::std::string::String::from(#c) }),
            #p::Patch::Increment(d) => { #increment }
            _ => {}
        }
    }
}

/// The managed columns: the optimistic-locking version and the timestamps.
struct Managed<'a> {
    version: Option<&'a Field<'a>>,
    created: Option<&'a Field<'a>>,
    updated: Option<&'a Field<'a>>,
}

fn managed<'a>(cx: &Ctx<'a>) -> Managed<'a> {
    let special = |pick: fn(&Field<'_>) -> bool| cx.m.fields.iter().find(|f| !f.is_skipped() && pick(f));
    Managed {
        version: special(|f| f.attrs.version.is_some()),
        created: special(|f| f.attrs.created_at.is_some()),
        updated: special(|f| f.attrs.updated_at.is_some()),
    }
}

/// `VERSION_COLUMN`, `CREATED_AT_COLUMN` and `UPDATED_AT_COLUMN`.
fn managed_consts(cx: &Ctx<'_>) -> TokenStream {
    let m = managed(cx);
    let opt_name = |f: Option<&Field<'_>>| match f {
        Some(f) => {
            let c = &f.column;
            quote!(::core::option::Option::Some(#c))
        }
        None => quote!(::core::option::Option::None),
    };
    let (version, created, updated) = (opt_name(m.version), opt_name(m.created), opt_name(m.updated));
    quote! {
        const VERSION_COLUMN: ::core::option::Option<&'static str> = #version;
        const CREATED_AT_COLUMN: ::core::option::Option<&'static str> = #created;
        const UPDATED_AT_COLUMN: ::core::option::Option<&'static str> = #updated;
    }
}

/// `version`, `set_version`, `set_created_at` and `set_updated_at`, for the managed columns the
/// model has (the trait's defaults do nothing).
fn managed_fns(cx: &Ctx<'_>) -> TokenStream {
    let m = managed(cx);
    let getter = m.version.map(|f| {
        let i = f.ident;
        quote!(fn version(&self) -> ::core::option::Option<i64> { i64::try_from(self.#i).ok() })
    });
    let version_set = m.version.map(|f| {
        let (i, t) = (f.ident, f.ty);
        quote!(fn set_version(&mut self, v: i64) { if let ::core::result::Result::Ok(v) = <#t>::try_from(v) { self.#i = v; } })
    });
    // Timestamps: any `Timestamp` type (i64 milliseconds, chrono, time), checked at the field.
    let p = &cx.p;
    let stamp = |f: Option<&Field<'_>>, name: &str| {
        f.map(|f| {
            let fn_name = syn::Ident::new(name, Span::call_site());
            let (i, t) = (f.ident, f.ty);
            let from = quote_spanned!(t.span()=> <#t as #p::Timestamp>::from_millis);
            quote!(fn #fn_name(&mut self, v: i64) { if let ::core::option::Option::Some(v) = #from(v) { self.#i = v; } })
        })
    };
    let created_set = stamp(m.created, "set_created_at");
    let updated_set = stamp(m.updated, "set_updated_at");
    quote! {
        #getter
        #version_set
        #created_set
        #updated_set
    }
}
