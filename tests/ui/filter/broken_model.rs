use ots::{condition, OtsTable};

// The model's mistake is the only error: the stub the derive emits on errors keeps the hooks
// `condition!` expands to.
#[derive(OtsTable)]
struct User {
    #[ots(pkk)]
    id: i64,
}

fn main() {
    let _ = condition!(User, expect_not_exist);
}
