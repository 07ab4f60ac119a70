//! Hidden inherent functions on the model that `filter!` and `condition!` expand to. The macros
//! only get the model type, so they reach its columns and the runtime through these hooks and
//! never name the `ots` crate (which a model may reach through `#[ots(crate = "...")]`).

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// The hooks on `model`, whose `OtsTable::Columns` is `columns` (`()` in the stub). The bodies
/// only use the `OtsTable` impl, so the stub's hooks are the same functions.
pub(super) fn hooks(p: &TokenStream, model: &syn::Ident, columns: &TokenStream) -> TokenStream {
    let conditions = [
        ("ignore", "Ignore"),
        ("expect_exist", "ExpectExist"),
        ("expect_not_exist", "ExpectNotExist"),
    ]
    .map(|(keyword, existence)| {
        let name = format_ident!("__ots_condition_{}", keyword);
        let existence = format_ident!("{}", existence);
        quote! {
            #[doc(hidden)]
            pub fn #name(
                filter: ::core::option::Option<#p::TypedFilter<Self>>,
            ) -> #p::TypedCondition<Self> {
                #p::TypedCondition::new(#p::RowExistence::#existence, filter)
            }
        }
    });
    quote! {
        #[allow(dead_code)]
        impl #model {
            #[doc(hidden)]
            pub fn __ots_columns() -> #columns {
                <Self as #p::OtsTable>::columns()
            }

            #[doc(hidden)]
            pub fn __ots_filter(filter: #p::TypedFilter<Self>) -> #p::TypedFilter<Self> {
                filter
            }

            #(#conditions)*
        }
    }
}
