use ots::OtsTable;

#[derive(OtsTable)]
#[ots(search_index = "notes_search")]
struct Note {
    #[ots(pk)]
    id: i64,
    #[ots(search(date(format = "epoch_second")))]
    at: i64,
}

fn main() {}
