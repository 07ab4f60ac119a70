use ots::{OtsTable, Searchable};

#[derive(OtsTable)]
#[ots(search_index = "notes_search")]
struct Note {
    #[ots(pk)]
    id: i64,
    #[ots(search(date(format = "yyyy-MM-dd")))]
    day: String,
}

fn main() {
    let _ = Note::search_fields().day.group_by();
}
