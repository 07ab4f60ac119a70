use ots::OtsTable;

#[derive(OtsTable)]
struct Reading {
    #[ots(pk)]
    sensor: f64,
}

fn main() {}
