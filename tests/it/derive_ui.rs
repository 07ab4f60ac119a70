//! Every mistake the derive and the filter macros catch fails to compile with a message that
//! says what to do. The expected messages are in tests/ui/<topic>/*.stderr, written for the
//! toolchain CI builds with.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*/*.rs");
}
