use ots::{OtsTable, Search, Searchable};

#[derive(OtsTable)]
#[ots(search_index = "notes_search")]
struct Note {
    #[ots(pk)]
    id: i64,
    #[ots(search)]
    tag: String,
}

#[derive(OtsTable)]
#[ots(search_index = "posts_search")]
struct Post {
    #[ots(pk)]
    id: i64,
    #[ots(search)]
    tag: String,
}

fn main() {
    let _ = Search::<Post>::new(Note::search_fields().tag.term("x"));
}
