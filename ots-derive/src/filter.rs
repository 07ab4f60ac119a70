//! `filter!` and `condition!`: Rust-like boolean expressions over a model's columns, expanded to
//! calls on the typed column handles so that rustc checks column names and value types at the
//! user's tokens. The expansions only name the model: its hidden `__ots_*` hooks (emitted by the
//! derive, see `expand::hooks`) lead to the columns and the runtime, wherever the model's crate
//! reaches `ots` from.

use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};
use syn::parse::{Parse, ParseStream};
use syn::spanned::Spanned;
use syn::{BinOp, Expr, UnOp};

const HELP: &str = "expected `column <op> value` (op: == != < <= > >=), a boolean column, `exists(column)`, \
`missing(column)`, `fail_if_missing(..)`, `pass_if_missing(..)`, `any_version(..)`, combined with `&&`, `||`, `!` and parentheses";

struct FilterInput {
    model: syn::Type,
    expr: Expr,
}

impl Parse for FilterInput {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let model = input.parse()?;
        input.parse::<syn::Token![,]>()?;
        let expr = input.parse()?;
        let _ = input.parse::<Option<syn::Token![,]>>()?;
        Ok(Self { model, expr })
    }
}

/// Existence keyword of `condition!`.
enum Existence {
    Ignore,
    ExpectExist,
    ExpectNotExist,
}

struct ConditionInput {
    model: syn::Type,
    existence: Existence,
    expr: Option<Expr>,
}

impl Parse for ConditionInput {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let model = input.parse()?;
        input.parse::<syn::Token![,]>()?;
        let mut existence = Existence::Ignore;
        let fork = input.fork();
        if let Ok(ident) = fork.parse::<syn::Ident>() {
            let keyword = match ident.to_string().as_str() {
                "ignore" => Some(Existence::Ignore),
                "expect_exist" => Some(Existence::ExpectExist),
                "expect_not_exist" => Some(Existence::ExpectNotExist),
                _ => None,
            };
            if let Some(k) = keyword {
                if fork.is_empty() || fork.peek(syn::Token![,]) {
                    input.parse::<syn::Ident>()?;
                    existence = k;
                    if input.is_empty() {
                        return Ok(Self {
                            model,
                            existence,
                            expr: None,
                        });
                    }
                    input.parse::<syn::Token![,]>()?;
                    if input.is_empty() {
                        return Ok(Self {
                            model,
                            existence,
                            expr: None,
                        });
                    }
                }
            }
        }
        let expr = input.parse()?;
        let _ = input.parse::<Option<syn::Token![,]>>()?;
        Ok(Self {
            model,
            existence,
            expr: Some(expr),
        })
    }
}

struct Gen<'a> {
    model: &'a syn::Type,
}

impl Gen<'_> {
    fn column(&self, ident: &syn::Ident) -> TokenStream {
        let model = self.model;
        // The field access carries the user's span: a misspelled column is reported there.
        let field = quote_spanned!(ident.span()=> .#ident);
        quote!(<#model>::__ots_columns() #field)
    }

    fn column_ident(expr: &Expr) -> Option<&syn::Ident> {
        match expr {
            Expr::Path(p) if p.qself.is_none() && p.attrs.is_empty() => p.path.get_ident(),
            Expr::Paren(p) => Self::column_ident(&p.expr),
            _ => None,
        }
    }

    fn expr(&self, e: &Expr) -> syn::Result<TokenStream> {
        match e {
            Expr::Paren(inner) => self.expr(&inner.expr),
            Expr::Group(inner) => self.expr(&inner.expr),
            Expr::Binary(b) => self.binary(b),
            Expr::Unary(u) if matches!(u.op, UnOp::Not(_)) => {
                if let Some(ident) = Self::column_ident(&u.expr) {
                    let col = self.column(ident);
                    return Ok(quote!(#col.eq(false)));
                }
                let inner = self.expr(&u.expr)?;
                Ok(quote!(#inner.not()))
            }
            Expr::Path(_) => match Self::column_ident(e) {
                Some(ident) => {
                    let col = self.column(ident);
                    Ok(quote!(#col.eq(true)))
                }
                None => Err(syn::Error::new(e.span(), HELP)),
            },
            Expr::Call(call) => self.call(call),
            _ => Err(syn::Error::new(e.span(), HELP)),
        }
    }

    /// `&&`, `||` and the comparisons.
    fn binary(&self, b: &syn::ExprBinary) -> syn::Result<TokenStream> {
        let method = match b.op {
            BinOp::And(_) => {
                let (l, r) = (self.expr(&b.left)?, self.expr(&b.right)?);
                return Ok(quote!(#l.and(#r)));
            }
            BinOp::Or(_) => {
                let (l, r) = (self.expr(&b.left)?, self.expr(&b.right)?);
                return Ok(quote!(#l.or(#r)));
            }
            BinOp::Eq(_) => quote!(eq),
            BinOp::Ne(_) => quote!(ne),
            BinOp::Lt(_) => quote!(lt),
            BinOp::Le(_) => quote!(le),
            BinOp::Gt(_) => quote!(gt),
            BinOp::Ge(_) => quote!(ge),
            _ => {
                return Err(syn::Error::new(
                    b.op.span(),
                    format!("unsupported operator in a filter; {HELP}"),
                ))
            }
        };
        let Some(ident) = Self::column_ident(&b.left) else {
            return Err(syn::Error::new(
                b.left.span(),
                "the left side of a comparison must be a column name",
            ));
        };
        let col = self.column(ident);
        let right = &b.right;
        // The value keeps its own span: a value of the wrong type is reported there.
        let value = quote_spanned!(right.span()=> #right);
        Ok(quote!(#col.#method(#value)))
    }

    /// `exists(col)`, `missing(col)` and the per-comparison options around a filter.
    fn call(&self, call: &syn::ExprCall) -> syn::Result<TokenStream> {
        let Some(name) = Self::column_ident(&call.func) else {
            return Err(syn::Error::new(call.func.span(), HELP));
        };
        let arg = match (call.args.len(), call.args.first()) {
            (1, Some(a)) => a,
            _ => {
                return Err(syn::Error::new(
                    call.span(),
                    format!("`{name}` takes exactly one argument"),
                ))
            }
        };
        match name.to_string().as_str() {
            "exists" | "missing" => {
                let Some(col_ident) = Self::column_ident(arg) else {
                    return Err(syn::Error::new(
                        arg.span(),
                        format!("`{name}` takes a column name"),
                    ));
                };
                let col = self.column(col_ident);
                let method =
                    syn::Ident::new(if name == "exists" { "exists" } else { "missing" }, name.span());
                Ok(quote!(#col.#method()))
            }
            "fail_if_missing" | "pass_if_missing" | "any_version" | "latest_version_only" => {
                let inner = self.expr(arg)?;
                Ok(quote!(#inner.#name()))
            }
            _ => Err(syn::Error::new(
                name.span(),
                format!("unknown filter function `{name}`; {HELP}"),
            )),
        }
    }
}

pub fn filter(input: TokenStream) -> TokenStream {
    let parsed: FilterInput = match syn::parse2(input) {
        Ok(p) => p,
        Err(e) => return e.to_compile_error(),
    };
    let model = &parsed.model;
    match (Gen { model }).expr(&parsed.expr) {
        // The hook is the identity on `TypedFilter<Model>`: it pins the filter's type.
        Ok(ts) => quote!(<#model>::__ots_filter(#ts)),
        Err(e) => e.to_compile_error(),
    }
}

pub fn condition(input: TokenStream) -> TokenStream {
    let parsed: ConditionInput = match syn::parse2(input) {
        Ok(p) => p,
        Err(e) => return e.to_compile_error(),
    };
    let model = &parsed.model;
    let hook = format_ident!(
        "__ots_condition_{}",
        match parsed.existence {
            Existence::Ignore => "ignore",
            Existence::ExpectExist => "expect_exist",
            Existence::ExpectNotExist => "expect_not_exist",
        }
    );
    let filter = match &parsed.expr {
        None => quote!(::core::option::Option::None),
        Some(e) => match (Gen { model }).expr(e) {
            Ok(ts) => quote!(::core::option::Option::Some(#ts)),
            Err(err) => return err.to_compile_error(),
        },
    };
    quote!(<#model>::#hook(#filter))
}
