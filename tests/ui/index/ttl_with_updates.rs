use ots::OtsTable;

#[derive(OtsTable)]
#[ots(ttl = 86400, index(name = "events_by_kind", key(kind)))]
struct Event {
    #[ots(pk)]
    id: i64,
    kind: String,
}

fn main() {}
