fn f() {
    let _ = {
        let __f: ::ots::__private::TypedFilter<User> = <User as ::ots::__private::OtsTable>::columns()
            .age
            .ge(min_age)
            .and(
                <User as ::ots::__private::OtsTable>::columns()
                    .name
                    .eq("bob")
                    .or(<User as ::ots::__private::OtsTable>::columns().active.eq(false)),
            )
            .and(
                <User as ::ots::__private::OtsTable>::columns()
                    .nickname
                    .exists()
                    .any_version(),
            );
        __f
    };
}
