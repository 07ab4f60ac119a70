use ots::OtsTable;

#[derive(OtsTable)]
struct Log {
    #[ots(pk, auto_increment)]
    seq: i64,
    message: String,
}

fn main() {}
