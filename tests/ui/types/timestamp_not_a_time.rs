use ots::OtsTable;

#[derive(OtsTable)]
struct Note {
    #[ots(pk)]
    id: i64,
    #[ots(created_at)]
    created: String,
}

fn main() {}
