use ots::{condition, filter, OtsTable};

#[derive(Debug, Clone, PartialEq, OtsTable)]
#[ots(table = "users", max_versions = 1)]
pub struct User {
    #[ots(pk)]
    pub tenant: String,
    #[ots(pk)]
    pub id: i64,
    pub name: String,
    #[ots(rename = "years")]
    pub age: i32,
    pub active: bool,
    pub nickname: Option<String>,
    #[ots(json)]
    pub tags: Vec<String>,
    #[ots(version)]
    pub version: i64,
}

#[test]
fn expands() {
    let min_age = 18;
    let f = filter!(User, age >= min_age && (name == "bob" || !active));
    let _ = f;
    let c = condition!(User, expect_exist, version == 3);
    let _ = c;
}
