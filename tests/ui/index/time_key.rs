use ots::OtsTable;

#[derive(OtsTable)]
#[ots(index(name = "events_by_at", key(at)))]
struct Event {
    #[ots(pk)]
    id: i64,
    at: chrono::DateTime<chrono::Utc>,
}

fn main() {}
