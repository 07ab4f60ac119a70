fn c() {
    let _ = <User>::__ots_condition_expect_exist(
        ::core::option::Option::Some(<User>::__ots_columns().version.eq(3)),
    );
}
