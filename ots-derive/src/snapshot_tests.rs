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

#[test]
fn derive_with_crate_path() {
    let input: syn::DeriveInput = syn::parse_quote! {
        #[ots(crate = "my_facade::ots")]
        pub struct Tag {
            #[ots(pk)]
            pub name: String,
            pub count: i64,
        }
    };
    check("derive_crate_path", crate::derive(&input));
}

/// Every runtime path, in the expansion and in the stub emitted on errors, goes through the
/// `crate` override.
#[test]
fn crate_path_reaches_every_runtime_path() {
    fn assert_only_facade(tokens: proc_macro2::TokenStream) {
        let code = tokens.to_string();
        let all = code.matches("ots :: __private").count();
        let facade = code.matches("my_facade :: ots :: __private").count();
        assert!(facade > 0 && facade == all, "{code}");
    }
    assert_only_facade(crate::derive(&syn::parse_quote! {
        #[ots(crate = "my_facade::ots", table = "tags")]
        struct Tag {
            #[ots(pk)]
            name: String,
            #[ots(version)]
            version: i64,
        }
    }));
    assert_only_facade(crate::derive(&syn::parse_quote! {
        #[ots(crate = "my_facade::ots")]
        struct NoKey {
            name: String,
        }
    }));
}

/// `filter!` and `condition!` name the model only, never a crate.
#[test]
fn filter_macros_do_not_name_a_crate() {
    for tokens in [
        crate::filter::filter(quote::quote!(User, age >= 18 && missing(nickname))),
        crate::filter::condition(quote::quote!(User, ignore)),
        crate::filter::condition(quote::quote!(User, expect_not_exist, !active)),
    ] {
        let code = tokens.to_string();
        assert!(!code.contains("__private") && !code.contains("ots ::"), "{code}");
    }
}
