use ots::OtsTable;

#[derive(OtsTable)]
#[ots(max_versions = 3, index(name = "events_by_kind", key(kind)))]
struct Event {
    #[ots(pk)]
    id: i64,
    kind: String,
}

fn main() {}
