use ots::{OtsTable, Searchable};

#[derive(OtsTable)]
#[ots(search_index = "notes_search")]
struct Note {
    #[ots(pk)]
    id: i64,
    #[ots(search(text))]
    body: String,
}

fn main() {
    let _ = Note::search_fields().body.asc();
}
