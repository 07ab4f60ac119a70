use ots::{OtsTable, Search, SearchQuery};

#[derive(OtsTable)]
struct Note {
    #[ots(pk)]
    id: i64,
    body: String,
}

fn main() {
    let _ = Search::<Note>::new(SearchQuery::all());
}
