//! `#[ots(crate = "...")]`: a model whose crate reaches `ots` through another path (a facade
//! crate re-exporting it) derives `OtsTable`, and `filter!` / `condition!` work on it without
//! naming any crate. No server is needed: the tests look at the values the macros build.

use facade::ots::{condition, filter, OtsTable};
use ots::model::{Column, ColumnUpdate, Comparator, Condition, Filter, PrimaryKey, Row, RowExistence, Value};
use shop::Account;

/// Stands for a crate that re-exports `ots` (`pub use ots;` in `my_facade`'s lib.rs).
mod facade {
    pub use ots;
}

/// A model reached through an absolute path, in a module of its own.
mod shop {
    use crate::derive_crate_path::facade::ots::OtsTable;

    #[derive(Debug, Clone, PartialEq, OtsTable)]
    #[ots(crate = "crate::derive_crate_path::facade::ots", table = "accounts")]
    pub struct Account {
        #[ots(pk)]
        pub id: String,
        pub balance: i64,
        pub owner: String,
        pub frozen: bool,
        pub note: Option<String>,
        #[ots(version)]
        pub version: i64,
    }
}

/// A model reached through a path relative to its own module.
#[derive(Debug, Clone, PartialEq, facade::ots::OtsTable)]
#[ots(crate = "facade::ots")]
struct Tag {
    #[ots(pk)]
    name: String,
    uses: u32,
}

#[test]
fn filter_on_a_model_with_a_crate_path() {
    let min = 10;
    let f = filter!(Account, balance >= min && (owner == "bob" || !frozen))
        .into_filter()
        .unwrap();
    let expected = Filter::compare("balance", Comparator::GreaterEqual, Value::Integer(10))
        .and(Filter::eq("owner", "bob").or(Filter::eq("frozen", false)));
    assert_eq!(f, expected);

    let f = filter!(Tag, any_version(uses > 3u32)).into_filter().unwrap();
    assert_eq!(f, Filter::gt("uses", 3).latest_version_only(false));
}

#[test]
fn conditions_on_a_model_with_a_crate_path() {
    let c = condition!(Account, expect_exist, version == 3 && exists(note))
        .into_condition()
        .unwrap();
    assert_eq!(
        c,
        Condition {
            row_existence: RowExistence::ExpectExist,
            column_condition: Some(Filter::eq("version", 3).and(Filter::exists("note"))),
        }
    );
    let c = condition!(Account, expect_not_exist).into_condition().unwrap();
    assert_eq!(
        c,
        Condition {
            row_existence: RowExistence::ExpectNotExist,
            column_condition: None,
        }
    );
    let c = condition!(Tag, missing(uses)).into_condition().unwrap();
    assert_eq!(
        c,
        Condition {
            row_existence: RowExistence::Ignore,
            column_condition: Some(Filter::not_exists("uses")),
        }
    );
}

#[test]
fn the_table_impl_goes_through_the_crate_path() -> ots::Result<()> {
    assert_eq!(Account::TABLE, "accounts");
    assert_eq!(Account::VERSION_COLUMN, Some("version"));
    assert_eq!(Tag::TABLE, "tag");

    let account = Account {
        id: "a1".into(),
        balance: 5,
        owner: "alice".into(),
        frozen: false,
        note: None,
        version: 2,
    };
    let row = Row {
        primary_key: Account::primary_key_of(&account.key())?,
        columns: account.to_columns()?,
    };
    assert_eq!(Account::from_row(row)?, account);

    let updates = Account::patch_updates(shop::AccountPatch::new().increment_balance(-5).delete_note())?;
    assert_eq!(
        updates,
        vec![
            ColumnUpdate::Increment {
                name: "balance".into(),
                delta: -5,
            },
            ColumnUpdate::DeleteAllVersions { name: "note".into() },
        ]
    );
    let key = Tag::key_from_primary_key(&PrimaryKey::new().with("name", "x"))?;
    assert_eq!(key.name, "x");
    let tag = Tag {
        name: key.name,
        uses: 1,
    };
    assert_eq!(tag.to_columns()?, vec![Column::new("uses", Value::Integer(1))]);
    Ok(())
}
