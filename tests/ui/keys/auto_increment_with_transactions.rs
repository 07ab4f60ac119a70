use ots::OtsTable;

#[derive(OtsTable)]
#[ots(table = "events", local_transactions)]
struct Event {
    #[ots(pk)]
    stream: String,
    #[ots(pk, auto_increment)]
    seq: i64,
    body: String,
}

fn main() {}
