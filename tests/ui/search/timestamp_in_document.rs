use ots::SearchDocument;

#[derive(SearchDocument)]
struct Visit {
    at: chrono::DateTime<chrono::Utc>,
}

fn main() {}
