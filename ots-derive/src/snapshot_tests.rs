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
    assert_only_facade(crate::derive(&syn::parse_quote! {
        #[ots(crate = "my_facade::ots", search_index = "tags")]
        struct Tag {
            #[ots(pk, search)]
            name: String,
            #[ots(json, search)]
            notes: Vec<Note>,
        }
    }));
    assert_only_facade(crate::derive(&syn::parse_quote! {
        #[ots(crate = "my_facade::ots", index(name = "tags_by_count", key(count)))]
        struct Tag {
            #[ots(pk)]
            name: String,
            count: i64,
        }
    }));
    assert_only_facade(crate::derive(&syn::parse_quote! {
        #[ots(crate = "my_facade::ots", index(name = "tags_by_count", key(cnt)))]
        struct Tag {
            #[ots(pk)]
            name: String,
            count: i64,
        }
    }));
    // With errors: the OtsTable and Searchable stubs.
    assert_only_facade(crate::derive(&syn::parse_quote! {
        #[ots(crate = "my_facade::ots", search_index = "tags")]
        struct Tag {
            #[ots(pk, search(keywrd))]
            name: String,
        }
    }));
    assert_only_facade(crate::search::document::derive(&syn::parse_quote! {
        #[ots(crate = "my_facade::ots")]
        struct Note {
            text: String,
            replies: Vec<Note>,
        }
    }));
    assert_only_facade(crate::search::document::derive(&syn::parse_quote! {
        #[ots(crate = "my_facade::ots")]
        struct Note {
            #[ots(pk)]
            text: String,
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

#[test]
fn derive_with_search_indexes() {
    let input: syn::DeriveInput = syn::parse_quote! {
        #[ots(table = "products", allow_update = false)]
        #[ots(search_index(name = "catalog", sort(price = "desc", name), routing(region), ttl = 86400))]
        #[ots(search_index = "geo")]
        pub struct Product {
            #[ots(pk, search)]
            pub region: String,
            #[ots(pk)]
            pub id: i64,
            #[ots(search)]
            pub name: String,
            #[ots(search(text(analyzer = "split", delimiter = ","), highlight, only("catalog")))]
            pub description: String,
            #[ots(search(text(case_sensitive), store))]
            pub title: Option<String>,
            #[ots(search)]
            pub price: f64,
            #[ots(search(sort_and_agg = false))]
            pub stock: u32,
            #[ots(search)]
            pub on_sale: bool,
            #[ots(search)]
            pub listed_at: chrono::DateTime<chrono::Utc>,
            #[ots(search(date(format = "yyyy-MM-dd"), only("catalog")))]
            pub release_day: String,
            #[ots(search(only("geo")))]
            pub location: Option<ots::GeoPoint>,
            #[ots(json, search(only("catalog")))]
            pub tags: Vec<String>,
            #[ots(json, search(only("geo")))]
            pub reviews: Vec<Review>,
            #[ots(json, search(vector(dimension = 4, metric = "dot_product"), only("catalog")))]
            pub embedding: Vec<f32>,
            #[ots(search(index = false, store, only("catalog")))]
            pub sku: String,
            pub internal_note: String,
        }
    };
    check("derive_search", crate::derive(&input));
}

#[test]
fn derive_with_secondary_indexes() {
    let input: syn::DeriveInput = syn::parse_quote! {
        #[ots(table = "users")]
        #[ots(index(name = "users_by_email", key(email), columns(name)))]
        #[ots(index(name = "by_age", local, key(team, age), all_columns))]
        pub struct User {
            #[ots(pk)]
            pub team: String,
            #[ots(pk)]
            pub id: i64,
            #[ots(rename = "mail")]
            pub email: Option<String>,
            #[ots(defined)]
            pub name: String,
            pub age: u32,
            #[ots(json)]
            pub tags: Vec<String>,
            #[ots(skip)]
            pub cache: Option<String>,
        }
    };
    check("derive_secondary_indexes", crate::derive(&input));
}

/// A model with a mistake still declares its index markers, so that reads by them add no
/// errors of their own.
#[test]
fn derive_with_index_errors_emits_stub_markers() {
    let input: syn::DeriveInput = syn::parse_quote! {
        #[ots(table = "users", index(name = "users_by_score", key(score)))]
        pub struct User {
            #[ots(pk)]
            pub id: i64,
            pub score: f64,
        }
    };
    check("derive_secondary_index_errors", crate::derive(&input));
}

#[test]
fn derive_search_document() {
    let input: syn::DeriveInput = syn::parse_quote! {
        pub struct Review {
            pub stars: i32,
            #[ots(rename = "text", search(text(analyzer = "fuzzy", min_chars = 2, max_chars = 5)))]
            pub body: String,
            pub author: Option<String>,
            #[ots(search(date))]
            pub at: i64,
            pub replies: Vec<Reply>,
            pub labels: Vec<String>,
            #[ots(search(index = false))]
            pub votes: u64,
            #[ots(skip)]
            pub cached: bool,
        }
    };
    check("derive_search_document", crate::search::document::derive(&input));
}

#[test]
fn search_document_with_errors_emits_a_stub() {
    let input: syn::DeriveInput = syn::parse_quote! {
        struct Review {
            #[ots(search(keywrd))]
            stars: i32,
        }
    };
    check(
        "derive_search_document_errors",
        crate::search::document::derive(&input),
    );
}
