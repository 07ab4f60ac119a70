fn c() {
    let _ = ::ots::__private::TypedCondition::<
        User,
    >::new(
        ::ots::__private::RowExistence::ExpectExist,
        ::core::option::Option::Some(
            <User as ::ots::__private::OtsTable>::columns().version.eq(3),
        ),
    );
}
