use ots::search::avg;
use ots::{OtsTable, Searchable};

#[derive(OtsTable)]
#[ots(search_index = "notes_search")]
struct Note {
    #[ots(pk)]
    id: i64,
    #[ots(search)]
    tag: String,
}

fn main() {
    let _ = avg(&Note::search_fields().tag);
}
