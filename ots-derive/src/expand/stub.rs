//! What to emit when the input has errors.

use super::{hooks, private_path};
use proc_macro2::TokenStream;
use quote::quote;

/// The errors, plus a stub impl and the `filter!` hooks so that uses of the model elsewhere do
/// not add a cascade of unrelated errors. The stub's bodies never run: the `compile_error!`s
/// emitted with it fail the build. `krate` is the container's `crate = "..."`, when it parsed;
/// `searchable` adds a `Searchable` stub (the model declares search indexes); `model`, when the
/// input parsed, adds stub marker types for its secondary indexes.
pub fn stub(
    ident: &syn::Ident,
    krate: Option<&syn::Path>,
    searchable: bool,
    model: Option<&crate::ast::Model<'_>>,
    errors: syn::Error,
) -> TokenStream {
    let p = private_path(krate);
    let search = searchable.then(|| crate::search::expand::stub(&p, ident));
    let indexes = model.map(|m| super::index::stub(&p, m));
    let e = errors.to_compile_error();
    let hooks = hooks::hooks(&p, ident, &quote!(()));
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

            #hooks
        };
        #search
        #indexes
    }
}
