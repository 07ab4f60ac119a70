//! A typed model of the struct the derive is applied to, with its search fields resolved from
//! their types (by `search::ast`).

use crate::attr;
use crate::ctxt::Ctxt;
use crate::search::ast::{resolve, SearchField, Storage};
use syn::spanned::Spanned;

pub struct Model<'a> {
    pub ident: &'a syn::Ident,
    pub vis: &'a syn::Visibility,
    pub container: attr::Container,
    pub fields: Vec<Field<'a>>,
    /// The fields marked `search`, resolved against their types.
    pub search: Vec<SearchField<'a>>,
}

pub struct Field<'a> {
    pub ident: &'a syn::Ident,
    pub ty: &'a syn::Type,
    pub attrs: attr::Field,
    /// The stored column name.
    pub column: String,
    /// `T` when the field is `Option<T>`.
    pub option_inner: Option<&'a syn::Type>,
}

impl Model<'_> {
    /// `#[ots(table = "...")]`, or the struct name in snake case.
    pub fn table_name(&self) -> String {
        self.container
            .table
            .as_ref()
            .map_or_else(|| snake_case(&self.ident.to_string()), |t| t.0.clone())
    }
}

impl Field<'_> {
    pub fn is_pk(&self) -> bool {
        self.attrs.pk.is_some()
    }

    pub fn is_skipped(&self) -> bool {
        self.attrs.skip.is_some()
    }

    /// An attribute column (neither key nor skipped).
    pub fn is_attribute(&self) -> bool {
        !self.is_pk() && !self.is_skipped()
    }

    /// The type stored in the column (the `T` of `Option<T>`).
    pub fn value_ty(&self) -> &syn::Type {
        self.option_inner.unwrap_or(self.ty)
    }

    /// The span of the field's type.
    pub fn ty_span(&self) -> proc_macro2::Span {
        self.ty.span()
    }

    /// True when the value type is a primitive integer, by name.
    pub fn is_integer(&self) -> bool {
        is_integer_type(self.value_ty())
    }
}

pub fn is_integer_type(ty: &syn::Type) -> bool {
    is_named(
        ty,
        &[
            "i8", "i16", "i32", "i64", "u8", "u16", "u32", "u64", "isize", "usize",
        ],
    )
}

/// True when `ty` is a bare path naming one of `names` (`i64`, `f32`, ...).
pub fn is_named(ty: &syn::Type, names: &[&str]) -> bool {
    match ty {
        syn::Type::Path(p) if p.qself.is_none() => {
            p.path.segments.len() == 1 && names.iter().any(|i| p.path.segments[0].ident == i)
        }
        _ => false,
    }
}

pub(crate) fn option_inner(ty: &syn::Type) -> Option<&syn::Type> {
    let syn::Type::Path(p) = ty else { return None };
    let last = p.path.segments.last()?;
    if last.ident != "Option" {
        return None;
    }
    let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    match args.args.first()? {
        syn::GenericArgument::Type(t) if args.args.len() == 1 => Some(t),
        _ => None,
    }
}

pub fn from_input<'a>(cx: &Ctxt, input: &'a syn::DeriveInput) -> Option<Model<'a>> {
    if !input.generics.params.is_empty() {
        cx.error(
            input.generics.span(),
            "#[derive(OtsTable)] does not support generic structs",
        );
    }
    let fields = match &input.data {
        syn::Data::Struct(syn::DataStruct {
            fields: syn::Fields::Named(named),
            ..
        }) => &named.named,
        _ => {
            cx.error(
                input.ident.span(),
                "#[derive(OtsTable)] works on structs with named fields only",
            );
            return None;
        }
    };
    let container = attr::container(cx, &input.attrs);
    let fields = fields
        .iter()
        .filter_map(|f| {
            let ident = f.ident.as_ref()?;
            let attrs = attr::field(cx, &f.attrs);
            let column = attrs
                .rename
                .as_ref()
                .map(|(n, _)| n.clone())
                .unwrap_or_else(|| ident.to_string());
            Some(Field {
                ident,
                ty: &f.ty,
                option_inner: option_inner(&f.ty),
                attrs,
                column,
            })
        })
        .collect::<Vec<_>>();
    let search = search_fields(cx, &fields);
    Some(Model {
        ident: &input.ident,
        vis: &input.vis,
        container,
        fields,
        search,
    })
}

/// The search fields of an `OtsTable` model, in declared order.
fn search_fields<'a>(cx: &Ctxt, fields: &[Field<'a>]) -> Vec<SearchField<'a>> {
    fields
        .iter()
        .filter_map(|f| {
            let span = f.attrs.search.span?;
            if f.attrs.skip.is_some() {
                cx.error(
                    span,
                    "a skipped field is not stored, so it cannot be searched: remove `search` or `skip`",
                );
                return None;
            }
            let storage = Storage::Column { json: f.attrs.json };
            let ty = f.option_inner.unwrap_or(f.ty);
            resolve(cx, f.ident, f.column.clone(), ty, &f.attrs.search, storage)
        })
        .collect()
}

/// `UserProfile` -> `user_profile`.
pub fn snake_case(name: &str) -> String {
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}
