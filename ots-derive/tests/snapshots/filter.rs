fn f() {
    let _ = <User>::__ots_filter(
        <User>::__ots_columns()
            .age
            .ge(min_age)
            .and(
                <User>::__ots_columns()
                    .name
                    .eq("bob")
                    .or(<User>::__ots_columns().active.eq(false)),
            )
            .and(<User>::__ots_columns().nickname.exists().any_version()),
    );
}
