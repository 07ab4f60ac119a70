///The primary key of [`Tag`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TagKey {
    pub name: String,
}
impl ::core::convert::From<String> for TagKey {
    fn from(name: String) -> Self {
        Self { name }
    }
}
impl ::core::convert::From<&str> for TagKey {
    fn from(name: &str) -> Self {
        Self {
            name: my_facade::ots::__private::KeyArg::<String>::into_key_value(name),
        }
    }
}
impl ::core::convert::From<&::std::string::String> for TagKey {
    fn from(name: &::std::string::String) -> Self {
        Self {
            name: my_facade::ots::__private::KeyArg::<String>::into_key_value(name),
        }
    }
}
///Typed column handles of [`Tag`], for filters, conditions and projections.
#[derive(Debug, Clone, Copy)]
pub struct TagColumns {
    pub count: my_facade::ots::__private::Col<Tag, i64>,
}
///A partial update of [`Tag`]: each field is left unchanged unless set.
#[derive(Debug, Clone, Default)]
pub struct TagPatch {
    pub count: my_facade::ots::__private::Patch<i64>,
}
impl TagPatch {
    /// A patch that changes nothing yet.
    #[must_use]
    pub fn new() -> Self {
        ::core::default::Default::default()
    }
    ///Writes `count`.
    #[must_use]
    pub fn set_count(
        mut self,
        value: impl my_facade::ots::__private::ColumnArg<i64>,
    ) -> Self {
        self.count = my_facade::ots::__private::Patch::Set(
            my_facade::ots::__private::ColumnArg::into_column_value(value),
        );
        self
    }
    ///Atomically adds `by` to `count`.
    #[must_use]
    pub fn increment_count(mut self, by: i64) -> Self {
        self.count = my_facade::ots::__private::Patch::Increment(by);
        self
    }
}
const _: () = {
    const __OTS_FNS_NAME: my_facade::ots::__private::KeyFns<String> = my_facade::ots::__private::key_fns::<
        String,
    >();
    const __OTS_FNS_COUNT: my_facade::ots::__private::ColumnFns<i64> = my_facade::ots::__private::column_fns::<
        i64,
    >();
    impl my_facade::ots::__private::OtsTable for Tag {
        type Key = TagKey;
        type Columns = TagColumns;
        type Patch = TagPatch;
        const TABLE: &'static str = "tag";
        const VERSION_COLUMN: ::core::option::Option<&'static str> = ::core::option::Option::None;
        const CREATED_AT_COLUMN: ::core::option::Option<&'static str> = ::core::option::Option::None;
        const UPDATED_AT_COLUMN: ::core::option::Option<&'static str> = ::core::option::Option::None;
        fn create_table_request() -> my_facade::ots::__private::CreateTableRequest {
            let mut req = my_facade::ots::__private::CreateTableRequest::new("tag");
            req = req
                .primary_key(my_facade::ots::__private::PrimaryKeySchema {
                    name: ::std::string::String::from("name"),
                    key_type: __OTS_FNS_NAME.key_type,
                    auto_increment: false,
                });
            req = req.local_transactions(false);
            req
        }
        fn columns() -> TagColumns {
            TagColumns {
                count: my_facade::ots::__private::Col::new("count"),
            }
        }
        fn key(&self) -> TagKey {
            TagKey {
                name: ::core::clone::Clone::clone(&self.name),
            }
        }
        fn primary_key_of(
            key: &TagKey,
        ) -> my_facade::ots::__private::Result<my_facade::ots::__private::PrimaryKey> {
            let mut pk = my_facade::ots::__private::PrimaryKey::new();
            pk.columns
                .push(my_facade::ots::__private::PrimaryKeyColumn {
                    name: ::std::string::String::from("name"),
                    value: (__OTS_FNS_NAME.to)(&key.name)
                        .map_err(|m: my_facade::ots::__private::Mismatch| my_facade::ots::__private::Error::mapping(
                            <Self as my_facade::ots::__private::OtsTable>::TABLE,
                            "name",
                            &m.expected,
                            &m.found,
                        ))?,
                });
            ::core::result::Result::Ok(pk)
        }
        fn insert_primary_key(
            &self,
        ) -> my_facade::ots::__private::Result<my_facade::ots::__private::PrimaryKey> {
            let key = &<Self as my_facade::ots::__private::OtsTable>::key(self);
            let mut pk = my_facade::ots::__private::PrimaryKey::new();
            pk.columns
                .push(my_facade::ots::__private::PrimaryKeyColumn {
                    name: ::std::string::String::from("name"),
                    value: (__OTS_FNS_NAME.to)(&key.name)
                        .map_err(|m: my_facade::ots::__private::Mismatch| my_facade::ots::__private::Error::mapping(
                            <Self as my_facade::ots::__private::OtsTable>::TABLE,
                            "name",
                            &m.expected,
                            &m.found,
                        ))?,
                });
            ::core::result::Result::Ok(pk)
        }
        fn key_from_primary_key(
            pk: &my_facade::ots::__private::PrimaryKey,
        ) -> my_facade::ots::__private::Result<TagKey> {
            ::core::result::Result::Ok(TagKey {
                name: {
                    let v = pk
                        .get("name")
                        .cloned()
                        .ok_or_else(|| {
                            my_facade::ots::__private::Error::mapping(
                                <Self as my_facade::ots::__private::OtsTable>::TABLE,
                                "name",
                                "a primary key value",
                                "no such key column",
                            )
                        })?;
                    (__OTS_FNS_NAME.from)(v)
                        .map_err(|m: my_facade::ots::__private::Mismatch| my_facade::ots::__private::Error::mapping(
                            <Self as my_facade::ots::__private::OtsTable>::TABLE,
                            "name",
                            &m.expected,
                            &m.found,
                        ))?
                },
            })
        }
        fn set_key(&mut self, key: TagKey) {
            self.name = key.name;
        }
        fn to_columns(
            &self,
        ) -> my_facade::ots::__private::Result<
            ::std::vec::Vec<my_facade::ots::__private::Column>,
        > {
            let mut cols = ::std::vec::Vec::with_capacity(1usize);
            cols.push(
                my_facade::ots::__private::Column::new(
                    "count",
                    (__OTS_FNS_COUNT.to)(&self.count)
                        .map_err(|m: my_facade::ots::__private::Mismatch| my_facade::ots::__private::Error::mapping(
                            <Self as my_facade::ots::__private::OtsTable>::TABLE,
                            "count",
                            &m.expected,
                            &m.found,
                        ))?,
                ),
            );
            ::core::result::Result::Ok(cols)
        }
        #[allow(clippy::needless_update)]
        fn from_row(
            row: my_facade::ots::__private::Row,
        ) -> my_facade::ots::__private::Result<Self> {
            let key = <Self as my_facade::ots::__private::OtsTable>::key_from_primary_key(
                &row.primary_key,
            )?;
            let mut __count: ::core::option::Option<my_facade::ots::__private::Value> = ::core::option::Option::None;
            for col in row.columns {
                match col.name.as_str() {
                    "count" => {
                        if __count.is_none() {
                            __count = ::core::option::Option::Some(col.value);
                        }
                    }
                    _ => {}
                }
            }
            ::core::result::Result::Ok(Self {
                name: key.name,
                count: match __count {
                    ::core::option::Option::Some(v) => {
                        (__OTS_FNS_COUNT.from)(v)
                            .map_err(|m: my_facade::ots::__private::Mismatch| my_facade::ots::__private::Error::mapping(
                                <Self as my_facade::ots::__private::OtsTable>::TABLE,
                                "count",
                                &m.expected,
                                &m.found,
                            ))?
                    }
                    ::core::option::Option::None => {
                        return ::core::result::Result::Err(
                            my_facade::ots::__private::Error::mapping(
                                <Self as my_facade::ots::__private::OtsTable>::TABLE,
                                "count",
                                "a value (the field is not optional)",
                                "no such column",
                            ),
                        );
                    }
                },
            })
        }
        fn patch_updates(
            patch: TagPatch,
        ) -> my_facade::ots::__private::Result<
            ::std::vec::Vec<my_facade::ots::__private::ColumnUpdate>,
        > {
            let mut ups = ::std::vec::Vec::new();
            match patch.count {
                my_facade::ots::__private::Patch::Set(v) => {
                    ups.push(my_facade::ots::__private::ColumnUpdate::Put {
                        name: ::std::string::String::from("count"),
                        value: (__OTS_FNS_COUNT.to)(&v)
                            .map_err(|m: my_facade::ots::__private::Mismatch| my_facade::ots::__private::Error::mapping(
                                <Self as my_facade::ots::__private::OtsTable>::TABLE,
                                "count",
                                &m.expected,
                                &m.found,
                            ))?,
                        timestamp: ::core::option::Option::None,
                    })
                }
                my_facade::ots::__private::Patch::Delete => {
                    ups.push(my_facade::ots::__private::ColumnUpdate::DeleteAllVersions {
                        name: ::std::string::String::from("count"),
                    })
                }
                my_facade::ots::__private::Patch::Increment(d) => {
                    ups.push(my_facade::ots::__private::ColumnUpdate::Increment {
                        name: ::std::string::String::from("count"),
                        delta: d,
                    });
                }
                _ => {}
            }
            ::core::result::Result::Ok(ups)
        }
        fn patch_increments(
            patch: &TagPatch,
        ) -> ::std::vec::Vec<(&'static str, i64, ::core::ops::RangeInclusive<i64>)> {
            #[allow(unused_mut)]
            let mut out = ::std::vec::Vec::new();
            if let my_facade::ots::__private::Patch::Increment(d) = &patch.count {
                out.push((
                    "count",
                    *d,
                    <i64 as my_facade::ots::__private::IntegerValue>::MIN..=<i64 as my_facade::ots::__private::IntegerValue>::MAX,
                ));
            }
            out
        }
    }
    #[allow(dead_code)]
    impl Tag {
        #[doc(hidden)]
        pub fn __ots_columns() -> TagColumns {
            <Self as my_facade::ots::__private::OtsTable>::columns()
        }
        #[doc(hidden)]
        pub fn __ots_filter(
            filter: my_facade::ots::__private::TypedFilter<Self>,
        ) -> my_facade::ots::__private::TypedFilter<Self> {
            filter
        }
        #[doc(hidden)]
        pub fn __ots_condition_ignore(
            filter: ::core::option::Option<my_facade::ots::__private::TypedFilter<Self>>,
        ) -> my_facade::ots::__private::TypedCondition<Self> {
            my_facade::ots::__private::TypedCondition::new(
                my_facade::ots::__private::RowExistence::Ignore,
                filter,
            )
        }
        #[doc(hidden)]
        pub fn __ots_condition_expect_exist(
            filter: ::core::option::Option<my_facade::ots::__private::TypedFilter<Self>>,
        ) -> my_facade::ots::__private::TypedCondition<Self> {
            my_facade::ots::__private::TypedCondition::new(
                my_facade::ots::__private::RowExistence::ExpectExist,
                filter,
            )
        }
        #[doc(hidden)]
        pub fn __ots_condition_expect_not_exist(
            filter: ::core::option::Option<my_facade::ots::__private::TypedFilter<Self>>,
        ) -> my_facade::ots::__private::TypedCondition<Self> {
            my_facade::ots::__private::TypedCondition::new(
                my_facade::ots::__private::RowExistence::ExpectNotExist,
                filter,
            )
        }
    }
    impl<
        __OtsA0: my_facade::ots::__private::KeyArg<String>,
    > my_facade::ots::__private::KeyPrefix<Tag> for (__OtsA0,) {
        fn prefix_values(
            self,
        ) -> my_facade::ots::__private::Result<
            ::std::vec::Vec<my_facade::ots::__private::PrimaryKeyValue>,
        > {
            let (__ots_a0,) = self;
            ::core::result::Result::Ok(
                ::std::vec![
                    (__OTS_FNS_NAME.to) (&
                    my_facade::ots::__private::KeyArg::into_key_value(__ots_a0))
                    .map_err(| m : my_facade::ots::__private::Mismatch | {
                    my_facade::ots::__private::Error::mapping(< Tag as
                    my_facade::ots::__private::KeySpace > ::NAME, "name", & m.expected, &
                    m.found) }) ?
                ],
            )
        }
    }
    impl<
        __OtsA0: my_facade::ots::__private::KeyArg<String>,
    > my_facade::ots::__private::PartitionKey<Tag> for (__OtsA0,) {}
    impl my_facade::ots::__private::KeyPrefix<Tag> for String {
        fn prefix_values(
            self,
        ) -> my_facade::ots::__private::Result<
            ::std::vec::Vec<my_facade::ots::__private::PrimaryKeyValue>,
        > {
            ::core::result::Result::Ok(
                ::std::vec![
                    (__OTS_FNS_NAME.to) (& self).map_err(| m :
                    my_facade::ots::__private::Mismatch | {
                    my_facade::ots::__private::Error::mapping(< Tag as
                    my_facade::ots::__private::KeySpace > ::NAME, "name", & m.expected, &
                    m.found) }) ?
                ],
            )
        }
    }
    impl my_facade::ots::__private::PartitionKey<Tag> for String {}
    impl my_facade::ots::__private::KeyPrefix<Tag> for &str {
        fn prefix_values(
            self,
        ) -> my_facade::ots::__private::Result<
            ::std::vec::Vec<my_facade::ots::__private::PrimaryKeyValue>,
        > {
            ::core::result::Result::Ok(
                ::std::vec![
                    (__OTS_FNS_NAME.to) (& my_facade::ots::__private::KeyArg:: < String >
                    ::into_key_value(self)).map_err(| m :
                    my_facade::ots::__private::Mismatch | {
                    my_facade::ots::__private::Error::mapping(< Tag as
                    my_facade::ots::__private::KeySpace > ::NAME, "name", & m.expected, &
                    m.found) }) ?
                ],
            )
        }
    }
    impl my_facade::ots::__private::PartitionKey<Tag> for &str {}
    impl my_facade::ots::__private::KeyPrefix<Tag> for &::std::string::String {
        fn prefix_values(
            self,
        ) -> my_facade::ots::__private::Result<
            ::std::vec::Vec<my_facade::ots::__private::PrimaryKeyValue>,
        > {
            ::core::result::Result::Ok(
                ::std::vec![
                    (__OTS_FNS_NAME.to) (& my_facade::ots::__private::KeyArg:: < String >
                    ::into_key_value(self)).map_err(| m :
                    my_facade::ots::__private::Mismatch | {
                    my_facade::ots::__private::Error::mapping(< Tag as
                    my_facade::ots::__private::KeySpace > ::NAME, "name", & m.expected, &
                    m.found) }) ?
                ],
            )
        }
    }
    impl my_facade::ots::__private::PartitionKey<Tag> for &::std::string::String {}
    impl my_facade::ots::__private::KeyPrefix<Tag> for TagKey {
        fn prefix_values(
            self,
        ) -> my_facade::ots::__private::Result<
            ::std::vec::Vec<my_facade::ots::__private::PrimaryKeyValue>,
        > {
            <Tag as my_facade::ots::__private::KeySpace>::key_values(&self)
        }
    }
};
