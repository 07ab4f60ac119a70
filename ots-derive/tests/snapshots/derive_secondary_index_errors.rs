::core::compile_error! {
    "`score` cannot be in an index key: index keys are integers, String or Vec<u8>; carry it with `columns(score)`"
}
const _: () = {
    impl ::ots::__private::OtsTable for User {
        type Key = ();
        type Columns = ();
        type Patch = ();
        const TABLE: &'static str = "";
        fn create_table_request() -> ::ots::__private::CreateTableRequest {
            ::core::unreachable!()
        }
        fn columns() {}
        fn key(&self) {}
        fn primary_key_of(
            _: &(),
        ) -> ::ots::__private::Result<::ots::__private::PrimaryKey> {
            ::core::unreachable!()
        }
        fn key_from_primary_key(
            _: &::ots::__private::PrimaryKey,
        ) -> ::ots::__private::Result<()> {
            ::core::unreachable!()
        }
        fn set_key(&mut self, _: ()) {}
        fn to_columns(
            &self,
        ) -> ::ots::__private::Result<::std::vec::Vec<::ots::__private::Column>> {
            ::core::unreachable!()
        }
        fn from_row(_: ::ots::__private::Row) -> ::ots::__private::Result<Self> {
            ::core::unreachable!()
        }
        fn patch_updates(
            _: (),
        ) -> ::ots::__private::Result<::std::vec::Vec<::ots::__private::ColumnUpdate>> {
            ::core::unreachable!()
        }
    }
    #[allow(dead_code)]
    impl User {
        #[doc(hidden)]
        pub fn __ots_columns() -> () {
            <Self as ::ots::__private::OtsTable>::columns()
        }
        #[doc(hidden)]
        pub fn __ots_filter(
            filter: ::ots::__private::TypedFilter<Self>,
        ) -> ::ots::__private::TypedFilter<Self> {
            filter
        }
        #[doc(hidden)]
        pub fn __ots_condition_ignore(
            filter: ::core::option::Option<::ots::__private::TypedFilter<Self>>,
        ) -> ::ots::__private::TypedCondition<Self> {
            ::ots::__private::TypedCondition::new(
                ::ots::__private::RowExistence::Ignore,
                filter,
            )
        }
        #[doc(hidden)]
        pub fn __ots_condition_expect_exist(
            filter: ::core::option::Option<::ots::__private::TypedFilter<Self>>,
        ) -> ::ots::__private::TypedCondition<Self> {
            ::ots::__private::TypedCondition::new(
                ::ots::__private::RowExistence::ExpectExist,
                filter,
            )
        }
        #[doc(hidden)]
        pub fn __ots_condition_expect_not_exist(
            filter: ::core::option::Option<::ots::__private::TypedFilter<Self>>,
        ) -> ::ots::__private::TypedCondition<Self> {
            ::ots::__private::TypedCondition::new(
                ::ots::__private::RowExistence::ExpectNotExist,
                filter,
            )
        }
    }
};
pub struct UserByScore;
const _: () = {
    impl ::ots::__private::KeySpace for UserByScore {
        type Key = ::ots::__private::AnyKey;
        const NAME: &'static str = "";
        fn key_columns() -> ::std::vec::Vec<::ots::__private::PrimaryKeySchema> {
            ::core::unreachable!()
        }
        fn key_values(
            _: &::ots::__private::AnyKey,
        ) -> ::ots::__private::Result<
            ::std::vec::Vec<::ots::__private::PrimaryKeyValue>,
        > {
            ::core::unreachable!()
        }
    }
    impl ::ots::__private::SecondaryIndex for UserByScore {
        type Model = User;
        const CARRIES_EVERY_FIELD: bool = false;
        fn index_meta() -> ::ots::__private::IndexMeta {
            ::core::unreachable!()
        }
    }
    impl<__OtsA0> ::ots::__private::KeyPrefix<UserByScore> for (__OtsA0,) {
        fn prefix_values(
            self,
        ) -> ::ots::__private::Result<
            ::std::vec::Vec<::ots::__private::PrimaryKeyValue>,
        > {
            ::core::unreachable!()
        }
    }
    impl<__OtsA0, __OtsA1> ::ots::__private::KeyPrefix<UserByScore>
    for (__OtsA0, __OtsA1) {
        fn prefix_values(
            self,
        ) -> ::ots::__private::Result<
            ::std::vec::Vec<::ots::__private::PrimaryKeyValue>,
        > {
            ::core::unreachable!()
        }
    }
    impl<__OtsA0, __OtsA1, __OtsA2> ::ots::__private::KeyPrefix<UserByScore>
    for (__OtsA0, __OtsA1, __OtsA2) {
        fn prefix_values(
            self,
        ) -> ::ots::__private::Result<
            ::std::vec::Vec<::ots::__private::PrimaryKeyValue>,
        > {
            ::core::unreachable!()
        }
    }
    impl<__OtsA0, __OtsA1, __OtsA2, __OtsA3> ::ots::__private::KeyPrefix<UserByScore>
    for (__OtsA0, __OtsA1, __OtsA2, __OtsA3) {
        fn prefix_values(
            self,
        ) -> ::ots::__private::Result<
            ::std::vec::Vec<::ots::__private::PrimaryKeyValue>,
        > {
            ::core::unreachable!()
        }
    }
    impl<
        __OtsA0,
        __OtsA1,
        __OtsA2,
        __OtsA3,
        __OtsA4,
    > ::ots::__private::KeyPrefix<UserByScore>
    for (__OtsA0, __OtsA1, __OtsA2, __OtsA3, __OtsA4) {
        fn prefix_values(
            self,
        ) -> ::ots::__private::Result<
            ::std::vec::Vec<::ots::__private::PrimaryKeyValue>,
        > {
            ::core::unreachable!()
        }
    }
    impl<
        __OtsA0,
        __OtsA1,
        __OtsA2,
        __OtsA3,
        __OtsA4,
        __OtsA5,
    > ::ots::__private::KeyPrefix<UserByScore>
    for (__OtsA0, __OtsA1, __OtsA2, __OtsA3, __OtsA4, __OtsA5) {
        fn prefix_values(
            self,
        ) -> ::ots::__private::Result<
            ::std::vec::Vec<::ots::__private::PrimaryKeyValue>,
        > {
            ::core::unreachable!()
        }
    }
    impl<
        __OtsA0,
        __OtsA1,
        __OtsA2,
        __OtsA3,
        __OtsA4,
        __OtsA5,
        __OtsA6,
    > ::ots::__private::KeyPrefix<UserByScore>
    for (__OtsA0, __OtsA1, __OtsA2, __OtsA3, __OtsA4, __OtsA5, __OtsA6) {
        fn prefix_values(
            self,
        ) -> ::ots::__private::Result<
            ::std::vec::Vec<::ots::__private::PrimaryKeyValue>,
        > {
            ::core::unreachable!()
        }
    }
    impl<
        __OtsA0,
        __OtsA1,
        __OtsA2,
        __OtsA3,
        __OtsA4,
        __OtsA5,
        __OtsA6,
        __OtsA7,
    > ::ots::__private::KeyPrefix<UserByScore>
    for (__OtsA0, __OtsA1, __OtsA2, __OtsA3, __OtsA4, __OtsA5, __OtsA6, __OtsA7) {
        fn prefix_values(
            self,
        ) -> ::ots::__private::Result<
            ::std::vec::Vec<::ots::__private::PrimaryKeyValue>,
        > {
            ::core::unreachable!()
        }
    }
    impl ::ots::__private::KeyPrefix<UserByScore> for &str {
        fn prefix_values(
            self,
        ) -> ::ots::__private::Result<
            ::std::vec::Vec<::ots::__private::PrimaryKeyValue>,
        > {
            ::core::unreachable!()
        }
    }
    impl ::ots::__private::KeyPrefix<UserByScore> for ::std::string::String {
        fn prefix_values(
            self,
        ) -> ::ots::__private::Result<
            ::std::vec::Vec<::ots::__private::PrimaryKeyValue>,
        > {
            ::core::unreachable!()
        }
    }
    impl ::ots::__private::KeyPrefix<UserByScore> for &::std::string::String {
        fn prefix_values(
            self,
        ) -> ::ots::__private::Result<
            ::std::vec::Vec<::ots::__private::PrimaryKeyValue>,
        > {
            ::core::unreachable!()
        }
    }
    impl ::ots::__private::KeyPrefix<UserByScore> for i8 {
        fn prefix_values(
            self,
        ) -> ::ots::__private::Result<
            ::std::vec::Vec<::ots::__private::PrimaryKeyValue>,
        > {
            ::core::unreachable!()
        }
    }
    impl ::ots::__private::KeyPrefix<UserByScore> for i16 {
        fn prefix_values(
            self,
        ) -> ::ots::__private::Result<
            ::std::vec::Vec<::ots::__private::PrimaryKeyValue>,
        > {
            ::core::unreachable!()
        }
    }
    impl ::ots::__private::KeyPrefix<UserByScore> for i32 {
        fn prefix_values(
            self,
        ) -> ::ots::__private::Result<
            ::std::vec::Vec<::ots::__private::PrimaryKeyValue>,
        > {
            ::core::unreachable!()
        }
    }
    impl ::ots::__private::KeyPrefix<UserByScore> for i64 {
        fn prefix_values(
            self,
        ) -> ::ots::__private::Result<
            ::std::vec::Vec<::ots::__private::PrimaryKeyValue>,
        > {
            ::core::unreachable!()
        }
    }
    impl ::ots::__private::KeyPrefix<UserByScore> for isize {
        fn prefix_values(
            self,
        ) -> ::ots::__private::Result<
            ::std::vec::Vec<::ots::__private::PrimaryKeyValue>,
        > {
            ::core::unreachable!()
        }
    }
    impl ::ots::__private::KeyPrefix<UserByScore> for u8 {
        fn prefix_values(
            self,
        ) -> ::ots::__private::Result<
            ::std::vec::Vec<::ots::__private::PrimaryKeyValue>,
        > {
            ::core::unreachable!()
        }
    }
    impl ::ots::__private::KeyPrefix<UserByScore> for u16 {
        fn prefix_values(
            self,
        ) -> ::ots::__private::Result<
            ::std::vec::Vec<::ots::__private::PrimaryKeyValue>,
        > {
            ::core::unreachable!()
        }
    }
    impl ::ots::__private::KeyPrefix<UserByScore> for u32 {
        fn prefix_values(
            self,
        ) -> ::ots::__private::Result<
            ::std::vec::Vec<::ots::__private::PrimaryKeyValue>,
        > {
            ::core::unreachable!()
        }
    }
    impl ::ots::__private::KeyPrefix<UserByScore> for u64 {
        fn prefix_values(
            self,
        ) -> ::ots::__private::Result<
            ::std::vec::Vec<::ots::__private::PrimaryKeyValue>,
        > {
            ::core::unreachable!()
        }
    }
    impl ::ots::__private::KeyPrefix<UserByScore> for usize {
        fn prefix_values(
            self,
        ) -> ::ots::__private::Result<
            ::std::vec::Vec<::ots::__private::PrimaryKeyValue>,
        > {
            ::core::unreachable!()
        }
    }
    impl ::ots::__private::KeyPrefix<UserByScore> for ::std::vec::Vec<u8> {
        fn prefix_values(
            self,
        ) -> ::ots::__private::Result<
            ::std::vec::Vec<::ots::__private::PrimaryKeyValue>,
        > {
            ::core::unreachable!()
        }
    }
    impl ::ots::__private::KeyPrefix<UserByScore> for &[u8] {
        fn prefix_values(
            self,
        ) -> ::ots::__private::Result<
            ::std::vec::Vec<::ots::__private::PrimaryKeyValue>,
        > {
            ::core::unreachable!()
        }
    }
    impl ::ots::__private::KeyPrefix<UserByScore> for ::ots::__private::AnyKey {
        fn prefix_values(
            self,
        ) -> ::ots::__private::Result<
            ::std::vec::Vec<::ots::__private::PrimaryKeyValue>,
        > {
            ::core::unreachable!()
        }
    }
};
pub type UserByScoreKey = ::ots::__private::AnyKey;
