use ots::OtsTable;

/// An alias hides the type from the derive: the compiler reports it at the field.
type Stamp = chrono::DateTime<chrono::Utc>;

#[derive(OtsTable)]
#[ots(index(name = "events_by_at", key(at)))]
struct Event {
    #[ots(pk)]
    id: i64,
    at: Stamp,
}

fn main() {}
