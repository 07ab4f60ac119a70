//! Expansion snapshots: the derive's and the filter macros' output for representative inputs,
//! pretty-printed and compared with `tests/snapshots/*.rs`. Set `OTS_UPDATE_SNAPSHOTS=1` to
//! rewrite them after an intended change, and review the diff.
#![allow(clippy::unwrap_used, clippy::panic)]

use std::path::PathBuf;

fn check(name: &str, tokens: proc_macro2::TokenStream) {
    let file: syn::File = syn::parse2(tokens).unwrap();
    let pretty = prettyplease::unparse(&file);
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/snapshots")
        .join(format!("{name}.rs"));
    if std::env::var_os("OTS_UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, &pretty).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        panic!(
            "missing snapshot {}; run with OTS_UPDATE_SNAPSHOTS=1",
            path.display()
        )
    });
    assert!(
        expected == pretty,
        "expansion of {name} changed; run with OTS_UPDATE_SNAPSHOTS=1 and review the diff\n{pretty}"
    );
}

#[test]
fn derive_with_every_attribute() {
    let input: syn::DeriveInput = syn::parse_quote! {
        #[ots(table = "users", ttl = 86400, max_versions = 2)]
        pub struct User {
            #[ots(pk)]
            pub tenant: String,
            #[ots(pk, auto_increment)]
            pub id: i64,
            #[ots(defined, rename = "full_name")]
            pub name: String,
            pub age: Option<u8>,
            #[ots(default)]
            pub visits: i64,
            #[ots(json)]
            pub tags: Vec<String>,
            #[ots(skip)]
            pub cache: Option<String>,
            #[ots(version)]
            pub version: i64,
            #[ots(updated_at)]
            pub updated: i64,
        }
    };
    check("derive_user", crate::derive(&input));
}

#[test]
fn derive_with_errors_emits_a_stub() {
    let input: syn::DeriveInput = syn::parse_quote! {
        struct NoKey {
            #[ots(pkk)]
            name: String,
        }
    };
    check("derive_errors", crate::derive(&input));
}

#[test]
fn filter_and_condition() {
    let f = crate::filter::filter(quote::quote!(
        User,
        age >= min_age && (name == "bob" || !active) && any_version(exists(nickname))
    ));
    check("filter", quote::quote!(fn f() { let _ = #f; }));
    let c = crate::filter::condition(quote::quote!(User, expect_exist, version == 3));
    check("condition", quote::quote!(fn c() { let _ = #c; }));
}
