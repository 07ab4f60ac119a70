use ots::OtsTable;

#[derive(OtsTable)]
#[ots(search_index(name = "notes_search", ttl = 86400))]
struct Note {
    #[ots(pk)]
    id: i64,
    #[ots(search)]
    tag: String,
}

fn main() {}
