use ots::{OtsTable, Searchable};

#[derive(OtsTable)]
#[ots(search_index = "notes_search")]
struct Note {
    #[ots(pk)]
    id: i64,
    #[ots(search(sort_and_agg = false))]
    tag: String,
}

fn main() {
    let _ = Note::search_fields().tag.group_by();
}
