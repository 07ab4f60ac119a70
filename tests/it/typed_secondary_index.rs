//! Secondary indexes through the typed layer against ots-local: the derived schema creates
//! them, `Repo::index` reads by them (get, get_many, ranges both ways, typed prefixes, pages),
//! a covering index answers from its rows alone and another reads the rows back from the table
//! (the client's requests are recorded to tell), writes move and remove index rows, a row
//! without an indexed optional field is not in the index, and `sync_schema` creates a missing
//! index with the rows already there; a page token resumes only the listing of the table or
//! index that made it.

#![allow(clippy::unwrap_used)] // test helpers outside #[test] functions fail loudly on purpose

use crate::common;
use futures_util::TryStreamExt;
use ots::model::PrimaryKeyValue;
use ots::model::{DefinedColumnType, IndexKind};
use ots::ops::table::DescribeTableRequest;
use ots::{ErrorKind, Index, KeyRange, OtsTable, PageToken, Query, Repo, SchemaDrift, SecondaryIndex};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

/// A global index carrying `name` only (reads go back to the table for `age` and `bio`) and a
/// local index carrying every field.
#[derive(Debug, Clone, PartialEq, OtsTable)]
#[ots(table = "si_users")]
#[ots(index(name = "si_users_by_email", key(email), columns(name)))]
#[ots(index(name = "si_users_by_age", local, key(team, age), all_columns))]
pub struct User {
    #[ots(pk)]
    pub team: String,
    #[ots(pk)]
    pub id: i64,
    pub email: Option<String>,
    pub name: String,
    pub age: u32,
    pub bio: String,
}

fn user(team: &str, id: i64, email: Option<&str>, name: &str, age: u32) -> User {
    User {
        team: team.into(),
        id,
        email: email.map(Into::into),
        name: name.into(),
        age,
        bio: format!("bio of {name}"),
    }
}

fn people() -> Vec<User> {
    vec![
        user("core", 1, Some("a@x"), "Ann", 30),
        user("core", 2, Some("c@x"), "Cid", 25),
        user("core", 3, None, "Nia", 41),
        user("edge", 1, Some("b@x"), "Bo", 30),
        user("edge", 2, Some("a@x"), "Al", 19),
    ]
}

async fn setup() -> (common::Env, Repo<User>) {
    let env = common::start().await;
    let users: Repo<User> = Repo::new(env.client.clone());
    users.create_table().await.unwrap();
    for mut u in people() {
        users.put(&mut u).await.unwrap();
    }
    (env, users)
}

fn names(users: &[User]) -> Vec<&str> {
    users.iter().map(|u| u.name.as_str()).collect()
}

async fn collect<I: SecondaryIndex<Model = User>>(index: &Index<I>, range: KeyRange<I>) -> Vec<User> {
    index.range(range).try_collect().await.unwrap()
}

#[tokio::test]
async fn the_derived_schema_creates_the_indexes_and_their_defined_columns() {
    let (env, _users) = setup().await;
    let d = env
        .client
        .describe_table(DescribeTableRequest::new("si_users"))
        .await
        .unwrap();
    let mut indexes = d.indexes.clone();
    indexes.sort_by(|a, b| a.name.cmp(&b.name));
    assert_eq!(indexes, [UserByAge::index_meta(), UserByEmail::index_meta()]);
    let by_email = UserByEmail::index_meta();
    assert_eq!(
        (by_email.kind, by_email.primary_key, by_email.defined_columns),
        (
            IndexKind::Global,
            vec!["email".to_owned()],
            vec!["name".to_owned()]
        )
    );
    let by_age = UserByAge::index_meta();
    assert_eq!(
        (by_age.kind, by_age.primary_key, by_age.defined_columns),
        (
            IndexKind::Local,
            vec!["team".to_owned(), "age".to_owned()],
            vec!["email".to_owned(), "name".to_owned(), "bio".to_owned()]
        )
    );
    let defined: Vec<(&str, DefinedColumnType)> = d
        .defined_columns
        .iter()
        .map(|c| (c.name.as_str(), c.column_type))
        .collect();
    assert_eq!(
        defined,
        [
            ("email", DefinedColumnType::String),
            ("name", DefinedColumnType::String),
            ("age", DefinedColumnType::Integer),
            ("bio", DefinedColumnType::String),
        ]
    );
    const { assert!(!UserByEmail::CARRIES_EVERY_FIELD && UserByAge::CARRIES_EVERY_FIELD) };
}

/// A global index that does not carry `bio`: the models come back whole, read from the table.
#[tokio::test]
async fn a_global_index_reads_by_key_and_range_in_both_directions() {
    let (_env, users) = setup().await;
    let by_email = users.index::<UserByEmail>();
    assert_eq!(by_email.name(), "si_users_by_email");

    let ann = by_email.get(("a@x", "core", 1)).await.unwrap().unwrap();
    assert_eq!(ann, people()[0]);
    assert_eq!(ann.bio, "bio of Ann", "a field only the table row holds");
    assert_eq!(by_email.get(("a@x", "core", 2)).await.unwrap(), None);

    let all = collect(&by_email, KeyRange::all()).await;
    assert_eq!(
        names(&all),
        ["Ann", "Al", "Bo", "Cid"],
        "index order; Nia has no email"
    );
    let back = collect(&by_email, KeyRange::all().backward()).await;
    assert_eq!(names(&back), ["Cid", "Bo", "Al", "Ann"]);

    // Typed prefixes of the index key (email, team, id).
    let a = collect(&by_email, KeyRange::prefix("a@x")).await;
    assert_eq!(names(&a), ["Ann", "Al"]);
    let a_edge = collect(&by_email, KeyRange::prefix(("a@x", "edge"))).await;
    assert_eq!(names(&a_edge), ["Al"]);
    let a_to_c = collect(&by_email, KeyRange::between(("a@x", "edge"), "c@x")).await;
    assert_eq!(names(&a_to_c), ["Al", "Bo"]);
    let a_to_c_back = collect(&by_email, KeyRange::between(("a@x", "edge"), "c@x").backward()).await;
    assert_eq!(names(&a_to_c_back), ["Bo", "Al"]);
    let after_ann = KeyRange::after_key(&UserByEmailKey::from(("a@x", "core", 1))).unwrap();
    assert_eq!(names(&collect(&by_email, after_ann.limit(2)).await), ["Al", "Bo"]);
    let whole_key = collect(
        &by_email,
        KeyRange::prefix(UserByEmailKey::from(("b@x", "edge", 1))),
    )
    .await;
    assert_eq!(names(&whole_key), ["Bo"]);

    let many = by_email
        .get_many(vec![
            ("c@x", "core", 2).into(),
            ("nobody@x", "core", 9).into(),
            ("a@x", "core", 1).into(),
            ("c@x", "core", 2).into(),
        ])
        .await
        .unwrap();
    let got: Vec<Option<&str>> = many.iter().map(|u| u.as_ref().map(|u| u.name.as_str())).collect();
    assert_eq!(got, [Some("Cid"), None, Some("Ann"), Some("Cid")]);
}

/// A local index carrying every field, led by the partition key.
#[tokio::test]
async fn a_local_index_reads_a_partition_in_index_order() {
    let (_env, users) = setup().await;
    let by_age = users.index::<UserByAge>();
    let core = collect(&by_age, KeyRange::prefix("core")).await;
    assert_eq!(names(&core), ["Cid", "Ann", "Nia"]);
    assert_eq!(core[2], people()[2], "every field, Nia's absent email included");
    let thirty = collect(&by_age, KeyRange::prefix(("core", 30))).await;
    assert_eq!(names(&thirty), ["Ann"]);
    let older = collect(&by_age, KeyRange::between(("core", 26), ("core", 100)).backward()).await;
    assert_eq!(names(&older), ["Nia", "Ann"]);
    let edge_first = collect(&by_age, KeyRange::prefix("edge").limit(1)).await;
    assert_eq!(names(&edge_first), ["Al"]);
    assert_eq!(
        by_age.get(("edge", 30, 1)).await.unwrap().map(|u| u.name),
        Some("Bo".to_owned())
    );
}

#[tokio::test]
async fn pages_resume_inside_the_range() {
    let (_env, users) = setup().await;
    let by_email = users.index::<UserByEmail>();
    let mut seen = Vec::new();
    let mut token: Option<PageToken> = None;
    loop {
        let page = by_email.page(KeyRange::all(), 3, token.clone()).await.unwrap();
        seen.push(names(&page.items).join(","));
        // A token is text for an API and reads back.
        token = page.next.map(|t| t.to_string().parse().unwrap());
        if token.is_none() {
            break;
        }
    }
    assert_eq!(seen, ["Ann,Al,Bo", "Cid"]);

    let back = by_email
        .page(KeyRange::prefix("a@x").backward(), 1, None)
        .await
        .unwrap();
    assert_eq!(names(&back.items), ["Al"]);
    let rest = by_email
        .page(KeyRange::prefix("a@x").backward(), 1, back.next.clone())
        .await
        .unwrap();
    assert_eq!((names(&rest.items), rest.next), (vec!["Ann"], None));

    // A token of another range is refused.
    let foreign = by_email.page(KeyRange::prefix("c@x"), 1, back.next).await;
    assert!(foreign.is_err());
}

/// Key spaces of the same shape: the table's key (a, b), index `by_b`'s (b, a), and the keys
/// (c, a, b) and (d, a, b) of `by_c` and `by_d`, all strings.
#[derive(Debug, Clone, PartialEq, OtsTable)]
#[ots(table = "si_pairs")]
#[ots(index(name = "si_pairs_by_b", key(b), all_columns))]
#[ots(index(name = "si_pairs_by_c", key(c), columns(d)))]
#[ots(index(name = "si_pairs_by_d", key(d), columns(c)))]
pub struct Pair {
    #[ots(pk)]
    pub a: String,
    #[ots(pk)]
    pub b: String,
    pub c: String,
    pub d: String,
}

#[tokio::test]
async fn a_page_token_resumes_only_the_listing_of_its_table_or_index() {
    let env = common::start().await;
    let pairs: Repo<Pair> = Repo::new(env.client.clone());
    pairs.create_table().await.unwrap();
    for i in 0..4 {
        let v = format!("v{i}");
        let mut p = Pair {
            a: v.clone(),
            b: v.clone(),
            c: v.clone(),
            d: v,
        };
        pairs.put(&mut p).await.unwrap();
    }
    let (by_b, by_c, by_d) = (
        pairs.index::<PairByB>(),
        pairs.index::<PairByC>(),
        pairs.index::<PairByD>(),
    );
    let refused = |r: ots::Result<ots::Page<Pair>>, what: &str| {
        let e = r.map(|p| p.items).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Construction, "{what}: {e}");
        assert!(e.to_string().contains("another table or index"), "{what}: {e}");
    };

    let table_token = pairs
        .page(KeyRange::all(), Query::new(), 1, None)
        .await
        .unwrap()
        .next;
    let b_token = by_b.page(KeyRange::all(), 1, None).await.unwrap().next;
    let c_token = by_c.page(KeyRange::all(), 1, None).await.unwrap().next;
    assert!(table_token.is_some() && b_token.is_some() && c_token.is_some());
    refused(
        by_b.page(KeyRange::all(), 1, table_token.clone()).await,
        "the table's token at an index",
    );
    refused(
        pairs
            .page(KeyRange::all(), Query::new(), 1, b_token.clone())
            .await,
        "an index's token at the table",
    );
    refused(
        by_d.page(KeyRange::all(), 1, c_token.clone()).await,
        "an index's token at another index",
    );

    // Each resumes its own listing; a token naming no key space (as made before tokens named
    // one, or by `PageToken::from_key`) still resumes the table's, and no index's.
    let rest = |p: ots::Page<Pair>| p.items.into_iter().map(|p| p.a).collect::<Vec<_>>();
    let after_v0 = ["v1", "v2", "v3"];
    let own = pairs
        .page(KeyRange::all(), Query::new(), 9, table_token)
        .await
        .unwrap();
    assert_eq!(rest(own), after_v0);
    assert_eq!(
        rest(by_b.page(KeyRange::all(), 9, b_token).await.unwrap()),
        after_v0
    );
    assert_eq!(
        rest(by_c.page(KeyRange::all(), 9, c_token).await.unwrap()),
        after_v0
    );
    let old = PageToken::from_key(&[
        PrimaryKeyValue::String("v0".into()),
        PrimaryKeyValue::String("v0".into()),
    ]);
    let old_text: PageToken = old.to_string().parse().unwrap();
    let own = pairs
        .page(KeyRange::all(), Query::new(), 9, old_text)
        .await
        .unwrap();
    assert_eq!(rest(own), after_v0);
    refused(
        by_b.page(KeyRange::all(), 1, old).await,
        "a token naming no key space at an index",
    );
}

#[tokio::test]
async fn writes_move_and_remove_index_rows() {
    let (_env, users) = setup().await;
    let by_email = users.index::<UserByEmail>();
    let by_age = users.index::<UserByAge>();

    users
        .update(("core", 2), UserPatch::new().set_email("z@x").set_age(50))
        .await
        .unwrap();
    assert_eq!(by_email.get(("c@x", "core", 2)).await.unwrap(), None);
    let cid = by_email.get(("z@x", "core", 2)).await.unwrap().unwrap();
    assert_eq!((cid.email.as_deref(), cid.age), (Some("z@x"), 50));
    assert_eq!(
        names(&collect(&by_age, KeyRange::prefix("core")).await),
        ["Ann", "Nia", "Cid"]
    );

    // Deleting the indexed field takes the row out of the index; setting it puts it back.
    users
        .update(("edge", 1), UserPatch::new().set_or_delete_email(None))
        .await
        .unwrap();
    assert_eq!(
        names(&collect(&by_email, KeyRange::all()).await),
        ["Ann", "Al", "Cid"]
    );
    users
        .update(("core", 3), UserPatch::new().set_email("n@x"))
        .await
        .unwrap();
    assert_eq!(
        names(&collect(&by_email, KeyRange::all()).await),
        ["Ann", "Al", "Nia", "Cid"]
    );

    users.delete(("core", 1)).await.unwrap();
    assert_eq!(by_email.get(("a@x", "core", 1)).await.unwrap(), None);
    assert_eq!(names(&collect(&by_email, KeyRange::prefix("a@x")).await), ["Al"]);
    assert_eq!(
        names(&collect(&by_age, KeyRange::prefix("core")).await),
        ["Nia", "Cid"]
    );

    // A put replacing the row moves it too.
    let mut al = people()[4].clone();
    al.email = Some("b@x".into());
    users.put(&mut al).await.unwrap();
    assert_eq!(names(&collect(&by_email, KeyRange::prefix("b@x")).await), ["Al"]);
    assert!(collect(&by_email, KeyRange::prefix("a@x")).await.is_empty());
}

/// The client's requests, recorded from its `ots` spans: (action, table).
#[derive(Clone, Default)]
struct Requests {
    seen: Arc<Mutex<Vec<(String, String)>>>,
    ids: Arc<AtomicU64>,
}

#[derive(Default)]
struct SpanFields {
    action: String,
    table: String,
}

impl tracing::field::Visit for SpanFields {
    fn record_str(&mut self, field: &tracing::field::Field, value: &str) {
        match field.name() {
            "action" => self.action = value.to_owned(),
            "table" => self.table = value.to_owned(),
            _ => {}
        }
    }

    fn record_debug(&mut self, _: &tracing::field::Field, _: &dyn std::fmt::Debug) {}
}

impl tracing::Subscriber for Requests {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, span: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        if span.metadata().name() == "ots" {
            let mut fields = SpanFields::default();
            span.record(&mut fields);
            self.seen.lock().unwrap().push((fields.action, fields.table));
        }
        tracing::span::Id::from_u64(self.ids.fetch_add(1, Ordering::Relaxed) + 1)
    }

    fn record(&self, _: &tracing::span::Id, _: &tracing::span::Record<'_>) {}
    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
    fn event(&self, _: &tracing::Event<'_>) {}
    fn enter(&self, _: &tracing::span::Id) {}
    fn exit(&self, _: &tracing::span::Id) {}
}

impl Requests {
    fn take(&self) -> Vec<(String, String)> {
        std::mem::take(&mut *self.seen.lock().unwrap())
    }
}

/// The covering index answers with its own rows; the other reads the table in batches of at
/// most 100 keys, keeping the index's order.
#[tokio::test(flavor = "current_thread")]
async fn only_an_index_lacking_fields_reads_the_table() {
    let env = common::start().await;
    let users: Repo<User> = Repo::new(env.client.clone());
    users.create_table().await.unwrap();
    let mut many: Vec<User> = (0..150)
        .map(|i| {
            user(
                "bulk",
                i,
                Some(&format!("u{:03}@x", 149 - i)),
                &format!("n{i}"),
                20,
            )
        })
        .collect();
    for r in users.batch_put(&mut many).await.unwrap() {
        r.unwrap();
    }
    let requests = Requests::default();
    let _guard = tracing::subscriber::set_default(requests.clone());

    let by_age = users.index::<UserByAge>();
    let all = collect(&by_age, KeyRange::prefix("bulk")).await;
    assert_eq!(all.len(), 150);
    let reads = requests.take();
    assert!(
        !reads.is_empty()
            && reads
                .iter()
                .all(|(action, table)| action == "GetRange" && table == "si_users_by_age"),
        "a covering index reads nothing else: {reads:?}"
    );

    let by_email = users.index::<UserByEmail>();
    let all = collect(&by_email, KeyRange::all()).await;
    let ids: Vec<i64> = all.iter().map(|u| u.id).collect();
    assert_eq!(ids, (0..150).rev().collect::<Vec<_>>(), "index order");
    assert!(all.iter().all(|u| u.bio.starts_with("bio of")));
    let table_reads = requests
        .take()
        .into_iter()
        .filter(|(action, table)| action == "BatchGetRow" && table == "si_users")
        .count();
    assert!(
        table_reads >= 2,
        "150 rows take at least two batches of 100: {table_reads}"
    );

    let page = by_email.page(KeyRange::all(), 120, None).await.unwrap();
    assert_eq!(page.items.len(), 120);
    assert!(page.next.is_some());
}

/// The same table, created before the model declared its indexes.
#[derive(Debug, Clone, PartialEq, OtsTable)]
#[ots(table = "si_users")]
pub struct PlainUser {
    #[ots(pk)]
    pub team: String,
    #[ots(pk)]
    pub id: i64,
    pub email: Option<String>,
    pub name: String,
    pub age: u32,
    pub bio: String,
}

/// The same index name with another key.
#[derive(Debug, Clone, PartialEq, OtsTable)]
#[ots(table = "si_users")]
#[ots(index(name = "si_users_by_email", key(name)))]
pub struct RenamedUser {
    #[ots(pk)]
    pub team: String,
    #[ots(pk)]
    pub id: i64,
    pub email: Option<String>,
    pub name: String,
    pub age: u32,
    pub bio: String,
}

#[tokio::test]
async fn sync_schema_creates_missing_indexes_with_the_rows_already_there() {
    let env = common::start().await;
    let plain: Repo<PlainUser> = Repo::new(env.client.clone());
    plain.create_table().await.unwrap();
    let users: Repo<User> = Repo::new(env.client.clone());
    for mut u in people() {
        users.put(&mut u).await.unwrap();
    }

    let report = users.sync_schema().await.unwrap();
    assert_eq!(report.columns_added, ["email", "name", "age", "bio"]);
    assert_eq!(report.indexes_created, ["si_users_by_email", "si_users_by_age"]);
    assert!(report.drift.is_empty(), "{:?}", report.drift);
    let all = collect(&users.index::<UserByEmail>(), KeyRange::all()).await;
    assert_eq!(names(&all), ["Ann", "Al", "Bo", "Cid"]);

    let again = users.sync_schema().await.unwrap();
    assert!(
        again.indexes_created.is_empty() && again.drift.is_empty(),
        "{again:?}"
    );

    let renamed = Repo::<RenamedUser>::new(env.client.clone())
        .sync_schema()
        .await
        .unwrap();
    assert!(renamed.indexes_created.is_empty());
    let index_drift: Vec<&SchemaDrift> = renamed
        .drift
        .iter()
        .filter(|d| matches!(d, SchemaDrift::Index { .. } | SchemaDrift::ExtraIndex { .. }))
        .collect();
    assert!(
        matches!(
            index_drift[..],
            [SchemaDrift::Index { .. }, SchemaDrift::ExtraIndex { .. }]
        ),
        "{index_drift:?}"
    );
    let said: Vec<String> = index_drift.iter().map(ToString::to_string).collect();
    assert!(said[0].contains("an index cannot change"), "{said:?}");
    assert!(
        said[1].contains("\"si_users_by_age\" exists in the table but not in the model"),
        "{said:?}"
    );
}
