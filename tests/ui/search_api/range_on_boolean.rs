use ots::{OtsTable, Searchable};

#[derive(OtsTable)]
#[ots(search_index = "notes_search")]
struct Note {
    #[ots(pk)]
    id: i64,
    #[ots(search)]
    done: bool,
}

fn main() {
    let _ = Note::search_fields().done.gt(false);
}
