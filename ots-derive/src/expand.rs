//! Code generation for `#[derive(OtsTable)]`.

use crate::ast::{self, Field, Model};
use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;

const P: &str = "::ots::__private";

fn private() -> TokenStream {
    syn::parse_str::<syn::Path>(P)
        .map(|p| quote!(#p))
        .unwrap_or_default()
}

/// Maps a conversion `Mismatch` into a mapping error naming table and column.
fn map_err(column: &str) -> TokenStream {
    let p = private();
    quote!(|m: #p::Mismatch| #p::Error::mapping(<Self as #p::OtsTable>::TABLE, #column, &m.expected, &m.found))
}

/// The name of a field's conversion constant.
fn fns_ident(f: &Field<'_>) -> syn::Ident {
    use syn::ext::IdentExt as _;
    format_ident!("__OTS_FNS_{}", f.ident.unraw().to_string().to_uppercase())
}

pub fn expand(m: &Model<'_>) -> TokenStream {
    let p = private();
    let ident = m.ident;
    let vis = m.vis;
    let key_ident = format_ident!("{}Key", ident);
    let columns_ident = format_ident!("{}Columns", ident);
    let patch_ident = format_ident!("{}Patch", ident);
    let table = m
        .container
        .table
        .as_ref()
        .map_or_else(|| ast::snake_case(&ident.to_string()), |t| t.0.clone());

    let pks: Vec<&Field<'_>> = m.fields.iter().filter(|f| f.is_pk()).collect();
    let attrs: Vec<&Field<'_>> = m.fields.iter().filter(|f| f.is_attribute()).collect();
    let typed: Vec<&Field<'_>> = attrs.iter().copied().filter(|f| f.attrs.json.is_none()).collect();

    // One constant of conversion functions per stored field, spanned at its type: an
    // unsupported type is reported once, there, and every other use goes through the constant.
    let fns_consts = m.fields.iter().filter(|f| !f.is_skipped()).map(|f| {
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

    // The key struct.
    let key_fields = pks.iter().map(|f| {
        let (i, t) = (f.ident, f.ty);
        quote!(pub #i: #t)
    });
    let key_from = if pks.len() == 1 {
        let (i, t) = (pks[0].ident, pks[0].ty);
        quote! {
            impl ::core::convert::From<#t> for #key_ident {
                fn from(#i: #t) -> Self { Self { #i } }
            }
        }
    } else {
        let tys: Vec<_> = pks.iter().map(|f| f.ty).collect();
        let names: Vec<_> = pks.iter().map(|f| f.ident).collect();
        quote! {
            impl ::core::convert::From<(#(#tys),*)> for #key_ident {
                fn from((#(#names),*): (#(#tys),*)) -> Self { Self { #(#names),* } }
            }
        }
    };

    // Column handles and the patch type.
    let col_fields = typed.iter().map(|f| {
        let (i, t) = (f.ident, f.value_ty());
        quote!(pub #i: #p::Col<#ident, #t>)
    });
    let col_inits = typed.iter().map(|f| {
        let (i, c) = (f.ident, &f.column);
        quote!(#i: #p::Col::new(#c))
    });
    // Managed columns (version, timestamps) are written by the repository, not by patches.
    let patchable: Vec<&Field<'_>> = attrs
        .iter()
        .copied()
        .filter(|f| f.attrs.version.is_none() && f.attrs.created_at.is_none() && f.attrs.updated_at.is_none())
        .collect();
    let patch_fields = patchable.iter().map(|f| {
        let (i, t) = (f.ident, f.value_ty());
        quote!(pub #i: #p::Patch<#t>)
    });
    let patch_methods = patchable.iter().map(|f| {
        let (i, t) = (f.ident, f.value_ty());
        let set = format_ident!("set_{}", i);
        let delete = format_ident!("delete_{}", i);
        let increment = format_ident!("increment_{}", i);
        let set_doc = format!("Writes `{}`.", f.column);
        // Typed columns take what filters take (so `set_big(5)` infers a u64); JSON fields
        // take anything that converts into the field type.
        let mut out = if f.attrs.json.is_some() {
            quote! {
                #[doc = #set_doc]
                #[must_use]
                pub fn #set(mut self, value: impl ::core::convert::Into<#t>) -> Self {
                    self.#i = #p::Patch::Set(value.into());
                    self
                }
            }
        } else {
            quote! {
                #[doc = #set_doc]
                #[must_use]
                pub fn #set(mut self, value: impl #p::ColumnArg<#t>) -> Self {
                    self.#i = #p::Patch::Set(#p::ColumnArg::into_column_value(value));
                    self
                }
            }
        };
        if f.option_inner.is_some() || f.attrs.default.is_some() {
            let doc = format!(
                "Deletes `{}` (the field reads back as absent or default).",
                f.column
            );
            out.extend(quote! {
                #[doc = #doc]
                #[must_use]
                pub fn #delete(mut self) -> Self {
                    self.#i = #p::Patch::Delete;
                    self
                }
            });
        }
        if f.is_integer() && f.attrs.json.is_none() {
            let doc = format!("Atomically adds `by` to `{}`.", f.column);
            out.extend(quote! {
                #[doc = #doc]
                #[must_use]
                pub fn #increment(mut self, by: i64) -> Self {
                    self.#i = #p::Patch::Increment(by);
                    self
                }
            });
        }
        out
    });

    // Schema.
    let pk_schema = pks.iter().map(|f| {
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
    let defined = attrs.iter().filter(|f| f.attrs.defined.is_some()).map(|f| {
        let (c, fns) = (&f.column, fns_ident(f));
        quote!(req = req.defined_column(#c, #fns.column_type);)
    });
    let mut options = TokenStream::new();
    if let Some(v) = m.container.ttl {
        options.extend(quote!(req = req.time_to_live(#v);));
    }
    if let Some(v) = m.container.max_versions {
        options.extend(quote!(req = req.max_versions(#v);));
    }
    if let Some(v) = m.container.max_time_deviation {
        options.extend(quote!(req = req.max_time_deviation(#v);));
    }

    // Keys.
    let key_clone = pks.iter().map(|f| {
        let i = f.ident;
        quote!(#i: ::core::clone::Clone::clone(&self.#i))
    });
    let pk_push = |auto_placeholder: bool| {
        let pushes = pks.iter().map(|f| {
            let (i, c, fns) = (f.ident, &f.column, fns_ident(f));
            let err = map_err(c);
            let value = if auto_placeholder && f.attrs.auto_increment.is_some() {
                quote!(#p::PrimaryKeyValue::AutoIncrement)
            } else {
                quote!((#fns.to)(&key.#i).map_err(#err)?)
            };
            quote!(pk.columns.push(#p::PrimaryKeyColumn { name: ::std::string::String::from(#c), value: #value });)
        });
        quote!(let mut pk = #p::PrimaryKey::new(); #(#pushes)* ::core::result::Result::Ok(pk))
    };
    let pk_of = pk_push(false);
    let pk_insert = pk_push(true);
    let key_read = pks.iter().map(|f| {
        let (i, c, fns) = (f.ident, &f.column, fns_ident(f));
        let err = map_err(c);
        quote! {
            #i: {
                let v = pk.get(#c).cloned().ok_or_else(|| {
                    #p::Error::mapping(<Self as #p::OtsTable>::TABLE, #c, "a primary key value", "no such key column")
                })?;
                (#fns.from)(v).map_err(#err)?
            }
        }
    });
    let key_set = pks.iter().map(|f| {
        let i = f.ident;
        quote!(self.#i = key.#i;)
    });

    // Row <-> struct.
    let to_cols = attrs.iter().map(|f| {
        let (i, c, fns) = (f.ident, &f.column, fns_ident(f));
        let err = map_err(c);
        let conv = |expr: TokenStream| quote!((#fns.to)(#expr).map_err(#err)?);
        if f.option_inner.is_some() {
            let v = conv(quote!(v));
            quote!(if let ::core::option::Option::Some(v) = &self.#i { cols.push(#p::Column::new(#c, #v)); })
        } else {
            let v = conv(quote!(&self.#i));
            quote!(cols.push(#p::Column::new(#c, #v));)
        }
    });
    let slots: Vec<_> = attrs.iter().map(|f| format_ident!("__{}", f.ident)).collect();
    let slot_match = attrs.iter().zip(&slots).map(|(f, s)| {
        let c = &f.column;
        quote!(#c => if #s.is_none() { #s = ::core::option::Option::Some(col.value) },)
    });
    let field_inits = m.fields.iter().map(|f| {
        let i = f.ident;
        if f.is_pk() {
            return quote!(#i: key.#i);
        }
        if f.is_skipped() {
            return quote_spanned!(f.ty.span()=> #i: ::core::default::Default::default());
        }
        let s = format_ident!("__{}", i);
        let (c, fns) = (&f.column, fns_ident(f));
        let err = map_err(c);
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
    });

    let patch_arms = patchable.iter().map(|f| {
        let (i, c, fns) = (f.ident, &f.column, fns_ident(f));
        let err = map_err(c);
        let value = quote!((#fns.to)(&v).map_err(#err)?);
        let increment = if f.is_integer() && f.attrs.json.is_none() {
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
    });

    let special = |pick: fn(&Field<'_>) -> bool| m.fields.iter().find(|f| !f.is_skipped() && pick(f));
    let version = special(|f| f.attrs.version.is_some());
    let created = special(|f| f.attrs.created_at.is_some());
    let updated = special(|f| f.attrs.updated_at.is_some());
    let opt_name = |f: Option<&Field<'_>>| match f {
        Some(f) => {
            let c = &f.column;
            quote!(::core::option::Option::Some(#c))
        }
        None => quote!(::core::option::Option::None),
    };
    let (version_col, created_col, updated_col) = (opt_name(version), opt_name(created), opt_name(updated));
    let setter = |f: Option<&Field<'_>>, name: &str, getter: bool| {
        let fn_name = syn::Ident::new(name, Span::call_site());
        match f {
            Some(f) => {
                let i = f.ident;
                let t = f.ty;
                if getter {
                    quote!(fn #fn_name(&self) -> ::core::option::Option<i64> { i64::try_from(self.#i).ok() })
                } else {
                    quote!(fn #fn_name(&mut self, v: i64) { if let ::core::result::Result::Ok(v) = <#t>::try_from(v) { self.#i = v; } })
                }
            }
            None => TokenStream::new(),
        }
    };
    let version_get = setter(version, "version", true);
    let version_set = setter(version, "set_version", false);
    let created_set = setter(created, "set_created_at", false);
    let updated_set = setter(updated, "set_updated_at", false);
    let n_attrs = attrs.len();
    let key_doc = format!("The primary key of [`{ident}`].");
    let columns_doc = format!("Typed column handles of [`{ident}`], for filters and conditions.");
    let patch_doc = format!("A partial update of [`{ident}`]: each field is left unchanged unless set.");

    quote! {
        #[doc = #key_doc]
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #vis struct #key_ident { #(#key_fields),* }

        #key_from

        #[doc = #columns_doc]
        #[derive(Debug, Clone, Copy)]
        #vis struct #columns_ident { #(#col_fields),* }

        #[doc = #patch_doc]
        #[derive(Debug, Clone, Default)]
        #vis struct #patch_ident { #(#patch_fields),* }

        impl #patch_ident {
            /// A patch that changes nothing yet.
            #[must_use]
            pub fn new() -> Self { ::core::default::Default::default() }
            #(#patch_methods)*
        }

        const _: () = {
            #(#fns_consts)*

            impl #p::OtsTable for #ident {
                type Key = #key_ident;
                type Columns = #columns_ident;
                type Patch = #patch_ident;
                const TABLE: &'static str = #table;
                const VERSION_COLUMN: ::core::option::Option<&'static str> = #version_col;
                const CREATED_AT_COLUMN: ::core::option::Option<&'static str> = #created_col;
                const UPDATED_AT_COLUMN: ::core::option::Option<&'static str> = #updated_col;

                fn create_table_request() -> #p::CreateTableRequest {
                    let mut req = #p::CreateTableRequest::new(#table);
                    #(#pk_schema)*
                    #(#defined)*
                    #options
                    req
                }

                fn columns() -> #columns_ident { #columns_ident { #(#col_inits),* } }

                fn key(&self) -> #key_ident { #key_ident { #(#key_clone),* } }

                fn primary_key_of(key: &#key_ident) -> #p::Result<#p::PrimaryKey> { #pk_of }

                fn insert_primary_key(&self) -> #p::Result<#p::PrimaryKey> {
                    let key = &<Self as #p::OtsTable>::key(self);
                    #pk_insert
                }

                fn key_from_primary_key(pk: &#p::PrimaryKey) -> #p::Result<#key_ident> {
                    ::core::result::Result::Ok(#key_ident { #(#key_read),* })
                }

                fn set_key(&mut self, key: #key_ident) { #(#key_set)* }

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

                fn patch_updates(patch: #patch_ident) -> #p::Result<::std::vec::Vec<#p::ColumnUpdate>> {
                    let mut ups = ::std::vec::Vec::new();
                    #(#patch_arms)*
                    ::core::result::Result::Ok(ups)
                }

                #version_get
                #version_set
                #created_set
                #updated_set
            }
        };
    }
}

/// What to emit when the input has errors: the errors, plus a stub impl so that uses of the
/// model elsewhere do not add a cascade of unrelated errors. The stub's bodies never run: the
/// `compile_error!`s emitted with it fail the build.
pub fn stub(ident: &syn::Ident, errors: syn::Error) -> TokenStream {
    let p = private();
    let e = errors.to_compile_error();
    quote! {
        #e
        const _: () = {
            impl #p::OtsTable for #ident {
                type Key = ();
                type Columns = ();
                type Patch = ();
                const TABLE: &'static str = "";
                fn create_table_request() -> #p::CreateTableRequest { ::core::unreachable!() }
                fn columns() {}
                fn key(&self) {}
                fn primary_key_of(_: &()) -> #p::Result<#p::PrimaryKey> { ::core::unreachable!() }
                fn key_from_primary_key(_: &#p::PrimaryKey) -> #p::Result<()> { ::core::unreachable!() }
                fn set_key(&mut self, _: ()) {}
                fn to_columns(&self) -> #p::Result<::std::vec::Vec<#p::Column>> { ::core::unreachable!() }
                fn from_row(_: #p::Row) -> #p::Result<Self> { ::core::unreachable!() }
                fn patch_updates(_: ()) -> #p::Result<::std::vec::Vec<#p::ColumnUpdate>> { ::core::unreachable!() }
            }
        };
    }
}
