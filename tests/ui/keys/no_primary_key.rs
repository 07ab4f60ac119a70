use ots::OtsTable;

#[derive(OtsTable)]
struct NoKey {
    name: String,
}

fn main() {}
