use ots::OtsTable;

#[derive(OtsTable)]
#[ots(ttl = 86400, search_index = "notes_search")]
struct Note {
    #[ots(pk)]
    id: i64,
    #[ots(search)]
    tag: String,
}

fn main() {}
