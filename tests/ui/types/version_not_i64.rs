use ots::OtsTable;

#[derive(OtsTable)]
struct Note {
    #[ots(pk)]
    id: i64,
    #[ots(version)]
    version: u8,
}

fn main() {}
