//! `same_index`: the service may report an index's key as given or completed with the table's
//! key columns it lacks, and the columns it carries form a set.

use super::same_index;
use ots_core::model::IndexMeta;

fn table_key() -> Vec<String> {
    vec!["team".to_owned(), "id".to_owned()]
}

fn by_email() -> IndexMeta {
    IndexMeta::global("users_by_email")
        .primary_key("email")
        .defined_column("name")
}

#[test]
fn an_index_reported_with_its_completed_key_is_the_same_index() {
    let completed = IndexMeta::global("users_by_email")
        .primary_key("email")
        .primary_key("team")
        .primary_key("id")
        .defined_column("name");
    assert!(same_index(&by_email(), &by_email(), &table_key()));
    assert!(same_index(&completed, &by_email(), &table_key()));
}

#[test]
fn another_completion_kind_or_columns_is_another_index() {
    let reordered = IndexMeta::global("users_by_email")
        .primary_key("email")
        .primary_key("id")
        .primary_key("team")
        .defined_column("name");
    let local = IndexMeta::local("users_by_email")
        .primary_key("email")
        .defined_column("name");
    let fewer = IndexMeta::global("users_by_email").primary_key("email");
    for have in [reordered, local, fewer] {
        assert!(!same_index(&have, &by_email(), &table_key()), "{have:?}");
    }
}

#[test]
fn carried_columns_in_another_order_are_the_same_index() {
    let want = IndexMeta::global("i")
        .primary_key("email")
        .defined_column("name")
        .defined_column("bio");
    let have = IndexMeta::global("i")
        .primary_key("email")
        .defined_column("bio")
        .defined_column("name");
    assert!(same_index(&have, &want, &table_key()));
}
