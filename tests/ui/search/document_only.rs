use ots::SearchDocument;

#[derive(SearchDocument)]
struct Review {
    #[ots(search(only("catalog")))]
    stars: i32,
}

fn main() {}
