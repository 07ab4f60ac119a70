use ots::OtsTable;

#[derive(OtsTable)]
#[ots(index(name = "logs_by_seq", key(seq)))]
struct Log {
    #[ots(pk)]
    stream: String,
    #[ots(pk, auto_increment)]
    seq: i64,
    message: String,
}

fn main() {}
