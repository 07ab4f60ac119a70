use ots::SearchDocument;

#[derive(SearchDocument)]
struct Review {
    #[ots(json)]
    tags: Vec<String>,
}

fn main() {}
