use ots::OtsTable;

#[derive(OtsTable)]
struct Log {
    #[ots(pk)]
    stream: String,
    #[ots(pk, auto_increment)]
    seq: String,
}

fn main() {}
