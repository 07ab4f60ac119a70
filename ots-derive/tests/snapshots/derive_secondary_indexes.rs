///The primary key of [`User`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct UserKey {
    pub team: String,
    pub id: i64,
}
impl<
    __OtsA0: ::ots::__private::KeyArg<String>,
    __OtsA1: ::ots::__private::KeyArg<i64>,
> ::core::convert::From<(__OtsA0, __OtsA1)> for UserKey {
    fn from((team, id): (__OtsA0, __OtsA1)) -> Self {
        Self {
            team: ::ots::__private::KeyArg::into_key_value(team),
            id: ::ots::__private::KeyArg::into_key_value(id),
        }
    }
}
///Typed column handles of [`User`], for filters, conditions and projections.
#[derive(Debug, Clone, Copy)]
pub struct UserColumns {
    pub email: ::ots::__private::Col<User, String>,
    pub name: ::ots::__private::Col<User, String>,
    pub age: ::ots::__private::Col<User, u32>,
    pub tags: ::ots::__private::Col<User, ::ots::__private::Json<Vec<String>>>,
}
///A partial update of [`User`]: each field is left unchanged unless set.
#[derive(Debug, Clone, Default)]
pub struct UserPatch {
    pub email: ::ots::__private::Patch<String>,
    pub name: ::ots::__private::Patch<String>,
    pub age: ::ots::__private::Patch<u32>,
    pub tags: ::ots::__private::Patch<Vec<String>>,
}
impl UserPatch {
    /// A patch that changes nothing yet.
    #[must_use]
    pub fn new() -> Self {
        ::core::default::Default::default()
    }
    ///Writes `mail`.
    #[must_use]
    pub fn set_email(mut self, value: impl ::ots::__private::ColumnArg<String>) -> Self {
        self.email = ::ots::__private::Patch::Set(
            ::ots::__private::ColumnArg::into_column_value(value),
        );
        self
    }
    ///Writes `mail` when `value` is `Some`, deletes it when `None`.
    #[must_use]
    pub fn set_or_delete_email(mut self, value: ::core::option::Option<String>) -> Self {
        self.email = match value {
            ::core::option::Option::Some(v) => ::ots::__private::Patch::Set(v),
            ::core::option::Option::None => ::ots::__private::Patch::Delete,
        };
        self
    }
    ///Deletes `mail` (the field reads back as absent or default).
    #[must_use]
    pub fn delete_email(mut self) -> Self {
        self.email = ::ots::__private::Patch::Delete;
        self
    }
    ///Writes `name`.
    #[must_use]
    pub fn set_name(mut self, value: impl ::ots::__private::ColumnArg<String>) -> Self {
        self.name = ::ots::__private::Patch::Set(
            ::ots::__private::ColumnArg::into_column_value(value),
        );
        self
    }
    ///Writes `age`.
    #[must_use]
    pub fn set_age(mut self, value: impl ::ots::__private::ColumnArg<u32>) -> Self {
        self.age = ::ots::__private::Patch::Set(
            ::ots::__private::ColumnArg::into_column_value(value),
        );
        self
    }
    ///Atomically adds `by` to `age`.
    #[must_use]
    pub fn increment_age(mut self, by: i64) -> Self {
        self.age = ::ots::__private::Patch::Increment(by);
        self
    }
    ///Writes `tags`.
    #[must_use]
    pub fn set_tags(mut self, value: impl ::core::convert::Into<Vec<String>>) -> Self {
        self.tags = ::ots::__private::Patch::Set(value.into());
        self
    }
}
/**The secondary index `users_by_email` of [`User`]: global (updated after each write: on the service a read may miss the latest writes for a moment). Its key is `email`, `team`, `id`; it carries `name`. It does not hold every stored field, so reads find the keys in the index and read each [`User`] from the table (in batches), leaving out rows deleted, or whose indexed fields changed, in between.

Read it with `repo.index::<UserByEmail>()` on a `Repo<User>`.*/
#[derive(Debug, Clone, Copy)]
pub struct UserByEmail;
///The key of index `users_by_email` ([`UserByEmail`]): `email`, `team`, `id`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct UserByEmailKey {
    pub email: String,
    pub team: String,
    pub id: i64,
}
impl<
    __OtsA0: ::ots::__private::KeyArg<String>,
    __OtsA1: ::ots::__private::KeyArg<String>,
    __OtsA2: ::ots::__private::KeyArg<i64>,
> ::core::convert::From<(__OtsA0, __OtsA1, __OtsA2)> for UserByEmailKey {
    fn from((email, team, id): (__OtsA0, __OtsA1, __OtsA2)) -> Self {
        Self {
            email: ::ots::__private::KeyArg::into_key_value(email),
            team: ::ots::__private::KeyArg::into_key_value(team),
            id: ::ots::__private::KeyArg::into_key_value(id),
        }
    }
}
/**The secondary index `by_age` of [`User`]: local (updated with each write). Its key is `team`, `age`, `id`; it carries `email`, `name`, `tags`. It holds every stored field, so reads build each [`User`] from the index row alone: they are as whole as the live index, and wrong until it is rebuilt if it carries fewer columns than declared (what `sync_schema` reports as `SchemaDrift::Index`).

Read it with `repo.index::<UserByAge>()` on a `Repo<User>`.*/
#[derive(Debug, Clone, Copy)]
pub struct UserByAge;
///The key of index `by_age` ([`UserByAge`]): `team`, `age`, `id`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct UserByAgeKey {
    pub team: String,
    pub age: u32,
    pub id: i64,
}
impl<
    __OtsA0: ::ots::__private::KeyArg<String>,
    __OtsA1: ::ots::__private::KeyArg<u32>,
    __OtsA2: ::ots::__private::KeyArg<i64>,
> ::core::convert::From<(__OtsA0, __OtsA1, __OtsA2)> for UserByAgeKey {
    fn from((team, age, id): (__OtsA0, __OtsA1, __OtsA2)) -> Self {
        Self {
            team: ::ots::__private::KeyArg::into_key_value(team),
            age: ::ots::__private::KeyArg::into_key_value(age),
            id: ::ots::__private::KeyArg::into_key_value(id),
        }
    }
}
const _: () = {
    const __OTS_FNS_TEAM: ::ots::__private::KeyFns<String> = ::ots::__private::key_fns::<
        String,
    >();
    const __OTS_FNS_ID: ::ots::__private::KeyFns<i64> = ::ots::__private::key_fns::<
        i64,
    >();
    const __OTS_FNS_EMAIL: ::ots::__private::ColumnFns<String> = ::ots::__private::column_fns::<
        String,
    >();
    const __OTS_FNS_NAME: ::ots::__private::ColumnFns<String> = ::ots::__private::column_fns::<
        String,
    >();
    const __OTS_FNS_AGE: ::ots::__private::ColumnFns<u32> = ::ots::__private::column_fns::<
        u32,
    >();
    const __OTS_FNS_TAGS: ::ots::__private::ColumnFns<Vec<String>> = ::ots::__private::json_fns::<
        Vec<String>,
    >();
    impl ::ots::__private::OtsTable for User {
        type Key = UserKey;
        type Columns = UserColumns;
        type Patch = UserPatch;
        const TABLE: &'static str = "users";
        const VERSION_COLUMN: ::core::option::Option<&'static str> = ::core::option::Option::None;
        const CREATED_AT_COLUMN: ::core::option::Option<&'static str> = ::core::option::Option::None;
        const UPDATED_AT_COLUMN: ::core::option::Option<&'static str> = ::core::option::Option::None;
        fn create_table_request() -> ::ots::__private::CreateTableRequest {
            let mut req = ::ots::__private::CreateTableRequest::new("users");
            req = req
                .primary_key(::ots::__private::PrimaryKeySchema {
                    name: ::std::string::String::from("team"),
                    key_type: __OTS_FNS_TEAM.key_type,
                    auto_increment: false,
                });
            req = req
                .primary_key(::ots::__private::PrimaryKeySchema {
                    name: ::std::string::String::from("id"),
                    key_type: __OTS_FNS_ID.key_type,
                    auto_increment: false,
                });
            req = req.defined_column("name", __OTS_FNS_NAME.column_type);
            req = req.defined_column("mail", __OTS_FNS_EMAIL.column_type);
            req = req.defined_column("age", __OTS_FNS_AGE.column_type);
            req = req.defined_column("tags", __OTS_FNS_TAGS.column_type);
            req = req
                .index(<UserByEmail as ::ots::__private::SecondaryIndex>::index_meta());
            req = req
                .index(<UserByAge as ::ots::__private::SecondaryIndex>::index_meta());
            req = req.local_transactions(false);
            req
        }
        fn columns() -> UserColumns {
            UserColumns {
                email: ::ots::__private::Col::new("mail"),
                name: ::ots::__private::Col::new("name"),
                age: ::ots::__private::Col::new("age"),
                tags: ::ots::__private::Col::new("tags"),
            }
        }
        fn key(&self) -> UserKey {
            UserKey {
                team: ::core::clone::Clone::clone(&self.team),
                id: ::core::clone::Clone::clone(&self.id),
            }
        }
        fn primary_key_of(
            key: &UserKey,
        ) -> ::ots::__private::Result<::ots::__private::PrimaryKey> {
            let mut pk = ::ots::__private::PrimaryKey::new();
            pk.columns
                .push(::ots::__private::PrimaryKeyColumn {
                    name: ::std::string::String::from("team"),
                    value: (__OTS_FNS_TEAM.to)(&key.team)
                        .map_err(|m: ::ots::__private::Mismatch| ::ots::__private::Error::mapping(
                            <Self as ::ots::__private::OtsTable>::TABLE,
                            "team",
                            &m.expected,
                            &m.found,
                        ))?,
                });
            pk.columns
                .push(::ots::__private::PrimaryKeyColumn {
                    name: ::std::string::String::from("id"),
                    value: (__OTS_FNS_ID.to)(&key.id)
                        .map_err(|m: ::ots::__private::Mismatch| ::ots::__private::Error::mapping(
                            <Self as ::ots::__private::OtsTable>::TABLE,
                            "id",
                            &m.expected,
                            &m.found,
                        ))?,
                });
            ::core::result::Result::Ok(pk)
        }
        fn insert_primary_key(
            &self,
        ) -> ::ots::__private::Result<::ots::__private::PrimaryKey> {
            let key = &<Self as ::ots::__private::OtsTable>::key(self);
            let mut pk = ::ots::__private::PrimaryKey::new();
            pk.columns
                .push(::ots::__private::PrimaryKeyColumn {
                    name: ::std::string::String::from("team"),
                    value: (__OTS_FNS_TEAM.to)(&key.team)
                        .map_err(|m: ::ots::__private::Mismatch| ::ots::__private::Error::mapping(
                            <Self as ::ots::__private::OtsTable>::TABLE,
                            "team",
                            &m.expected,
                            &m.found,
                        ))?,
                });
            pk.columns
                .push(::ots::__private::PrimaryKeyColumn {
                    name: ::std::string::String::from("id"),
                    value: (__OTS_FNS_ID.to)(&key.id)
                        .map_err(|m: ::ots::__private::Mismatch| ::ots::__private::Error::mapping(
                            <Self as ::ots::__private::OtsTable>::TABLE,
                            "id",
                            &m.expected,
                            &m.found,
                        ))?,
                });
            ::core::result::Result::Ok(pk)
        }
        fn key_from_primary_key(
            pk: &::ots::__private::PrimaryKey,
        ) -> ::ots::__private::Result<UserKey> {
            ::core::result::Result::Ok(UserKey {
                team: {
                    let v = pk
                        .get("team")
                        .cloned()
                        .ok_or_else(|| {
                            ::ots::__private::Error::mapping(
                                <Self as ::ots::__private::OtsTable>::TABLE,
                                "team",
                                "a primary key value",
                                "no such key column",
                            )
                        })?;
                    (__OTS_FNS_TEAM.from)(v)
                        .map_err(|m: ::ots::__private::Mismatch| ::ots::__private::Error::mapping(
                            <Self as ::ots::__private::OtsTable>::TABLE,
                            "team",
                            &m.expected,
                            &m.found,
                        ))?
                },
                id: {
                    let v = pk
                        .get("id")
                        .cloned()
                        .ok_or_else(|| {
                            ::ots::__private::Error::mapping(
                                <Self as ::ots::__private::OtsTable>::TABLE,
                                "id",
                                "a primary key value",
                                "no such key column",
                            )
                        })?;
                    (__OTS_FNS_ID.from)(v)
                        .map_err(|m: ::ots::__private::Mismatch| ::ots::__private::Error::mapping(
                            <Self as ::ots::__private::OtsTable>::TABLE,
                            "id",
                            &m.expected,
                            &m.found,
                        ))?
                },
            })
        }
        fn set_key(&mut self, key: UserKey) {
            self.team = key.team;
            self.id = key.id;
        }
        fn to_columns(
            &self,
        ) -> ::ots::__private::Result<::std::vec::Vec<::ots::__private::Column>> {
            let mut cols = ::std::vec::Vec::with_capacity(4usize);
            if let ::core::option::Option::Some(v) = &self.email {
                cols.push(
                    ::ots::__private::Column::new(
                        "mail",
                        (__OTS_FNS_EMAIL.to)(v)
                            .map_err(|m: ::ots::__private::Mismatch| ::ots::__private::Error::mapping(
                                <Self as ::ots::__private::OtsTable>::TABLE,
                                "mail",
                                &m.expected,
                                &m.found,
                            ))?,
                    ),
                );
            }
            cols.push(
                ::ots::__private::Column::new(
                    "name",
                    (__OTS_FNS_NAME.to)(&self.name)
                        .map_err(|m: ::ots::__private::Mismatch| ::ots::__private::Error::mapping(
                            <Self as ::ots::__private::OtsTable>::TABLE,
                            "name",
                            &m.expected,
                            &m.found,
                        ))?,
                ),
            );
            cols.push(
                ::ots::__private::Column::new(
                    "age",
                    (__OTS_FNS_AGE.to)(&self.age)
                        .map_err(|m: ::ots::__private::Mismatch| ::ots::__private::Error::mapping(
                            <Self as ::ots::__private::OtsTable>::TABLE,
                            "age",
                            &m.expected,
                            &m.found,
                        ))?,
                ),
            );
            cols.push(
                ::ots::__private::Column::new(
                    "tags",
                    (__OTS_FNS_TAGS.to)(&self.tags)
                        .map_err(|m: ::ots::__private::Mismatch| ::ots::__private::Error::mapping(
                            <Self as ::ots::__private::OtsTable>::TABLE,
                            "tags",
                            &m.expected,
                            &m.found,
                        ))?,
                ),
            );
            ::core::result::Result::Ok(cols)
        }
        #[allow(clippy::needless_update)]
        fn from_row(row: ::ots::__private::Row) -> ::ots::__private::Result<Self> {
            let key = <Self as ::ots::__private::OtsTable>::key_from_primary_key(
                &row.primary_key,
            )?;
            let mut __email: ::core::option::Option<::ots::__private::Value> = ::core::option::Option::None;
            let mut __name: ::core::option::Option<::ots::__private::Value> = ::core::option::Option::None;
            let mut __age: ::core::option::Option<::ots::__private::Value> = ::core::option::Option::None;
            let mut __tags: ::core::option::Option<::ots::__private::Value> = ::core::option::Option::None;
            for col in row.columns {
                match col.name.as_str() {
                    "mail" => {
                        if __email.is_none() {
                            __email = ::core::option::Option::Some(col.value);
                        }
                    }
                    "name" => {
                        if __name.is_none() {
                            __name = ::core::option::Option::Some(col.value);
                        }
                    }
                    "age" => {
                        if __age.is_none() {
                            __age = ::core::option::Option::Some(col.value);
                        }
                    }
                    "tags" => {
                        if __tags.is_none() {
                            __tags = ::core::option::Option::Some(col.value);
                        }
                    }
                    _ => {}
                }
            }
            ::core::result::Result::Ok(Self {
                team: key.team,
                id: key.id,
                email: match __email {
                    ::core::option::Option::Some(v) => {
                        ::core::option::Option::Some(
                            (__OTS_FNS_EMAIL.from)(v)
                                .map_err(|m: ::ots::__private::Mismatch| ::ots::__private::Error::mapping(
                                    <Self as ::ots::__private::OtsTable>::TABLE,
                                    "mail",
                                    &m.expected,
                                    &m.found,
                                ))?,
                        )
                    }
                    ::core::option::Option::None => ::core::option::Option::None,
                },
                name: match __name {
                    ::core::option::Option::Some(v) => {
                        (__OTS_FNS_NAME.from)(v)
                            .map_err(|m: ::ots::__private::Mismatch| ::ots::__private::Error::mapping(
                                <Self as ::ots::__private::OtsTable>::TABLE,
                                "name",
                                &m.expected,
                                &m.found,
                            ))?
                    }
                    ::core::option::Option::None => {
                        return ::core::result::Result::Err(
                            ::ots::__private::Error::mapping(
                                <Self as ::ots::__private::OtsTable>::TABLE,
                                "name",
                                "a value (the field is not optional)",
                                "no such column",
                            ),
                        );
                    }
                },
                age: match __age {
                    ::core::option::Option::Some(v) => {
                        (__OTS_FNS_AGE.from)(v)
                            .map_err(|m: ::ots::__private::Mismatch| ::ots::__private::Error::mapping(
                                <Self as ::ots::__private::OtsTable>::TABLE,
                                "age",
                                &m.expected,
                                &m.found,
                            ))?
                    }
                    ::core::option::Option::None => {
                        return ::core::result::Result::Err(
                            ::ots::__private::Error::mapping(
                                <Self as ::ots::__private::OtsTable>::TABLE,
                                "age",
                                "a value (the field is not optional)",
                                "no such column",
                            ),
                        );
                    }
                },
                tags: match __tags {
                    ::core::option::Option::Some(v) => {
                        (__OTS_FNS_TAGS.from)(v)
                            .map_err(|m: ::ots::__private::Mismatch| ::ots::__private::Error::mapping(
                                <Self as ::ots::__private::OtsTable>::TABLE,
                                "tags",
                                &m.expected,
                                &m.found,
                            ))?
                    }
                    ::core::option::Option::None => {
                        return ::core::result::Result::Err(
                            ::ots::__private::Error::mapping(
                                <Self as ::ots::__private::OtsTable>::TABLE,
                                "tags",
                                "a value (the field is not optional)",
                                "no such column",
                            ),
                        );
                    }
                },
                cache: ::core::default::Default::default(),
            })
        }
        fn patch_updates(
            patch: UserPatch,
        ) -> ::ots::__private::Result<::std::vec::Vec<::ots::__private::ColumnUpdate>> {
            let mut ups = ::std::vec::Vec::new();
            match patch.email {
                ::ots::__private::Patch::Set(v) => {
                    ups.push(::ots::__private::ColumnUpdate::Put {
                        name: ::std::string::String::from("mail"),
                        value: (__OTS_FNS_EMAIL.to)(&v)
                            .map_err(|m: ::ots::__private::Mismatch| ::ots::__private::Error::mapping(
                                <Self as ::ots::__private::OtsTable>::TABLE,
                                "mail",
                                &m.expected,
                                &m.found,
                            ))?,
                        timestamp: ::core::option::Option::None,
                    })
                }
                ::ots::__private::Patch::Delete => {
                    ups.push(::ots::__private::ColumnUpdate::DeleteAllVersions {
                        name: ::std::string::String::from("mail"),
                    })
                }
                ::ots::__private::Patch::Increment(d) => {
                    let _ = d;
                    return ::core::result::Result::Err(
                        ::ots::__private::Error::mapping(
                            <Self as ::ots::__private::OtsTable>::TABLE,
                            "mail",
                            "an integer column to increment",
                            "a non-integer field",
                        ),
                    );
                }
                _ => {}
            }
            match patch.name {
                ::ots::__private::Patch::Set(v) => {
                    ups.push(::ots::__private::ColumnUpdate::Put {
                        name: ::std::string::String::from("name"),
                        value: (__OTS_FNS_NAME.to)(&v)
                            .map_err(|m: ::ots::__private::Mismatch| ::ots::__private::Error::mapping(
                                <Self as ::ots::__private::OtsTable>::TABLE,
                                "name",
                                &m.expected,
                                &m.found,
                            ))?,
                        timestamp: ::core::option::Option::None,
                    })
                }
                ::ots::__private::Patch::Delete => {
                    ups.push(::ots::__private::ColumnUpdate::DeleteAllVersions {
                        name: ::std::string::String::from("name"),
                    })
                }
                ::ots::__private::Patch::Increment(d) => {
                    let _ = d;
                    return ::core::result::Result::Err(
                        ::ots::__private::Error::mapping(
                            <Self as ::ots::__private::OtsTable>::TABLE,
                            "name",
                            "an integer column to increment",
                            "a non-integer field",
                        ),
                    );
                }
                _ => {}
            }
            match patch.age {
                ::ots::__private::Patch::Set(v) => {
                    ups.push(::ots::__private::ColumnUpdate::Put {
                        name: ::std::string::String::from("age"),
                        value: (__OTS_FNS_AGE.to)(&v)
                            .map_err(|m: ::ots::__private::Mismatch| ::ots::__private::Error::mapping(
                                <Self as ::ots::__private::OtsTable>::TABLE,
                                "age",
                                &m.expected,
                                &m.found,
                            ))?,
                        timestamp: ::core::option::Option::None,
                    })
                }
                ::ots::__private::Patch::Delete => {
                    ups.push(::ots::__private::ColumnUpdate::DeleteAllVersions {
                        name: ::std::string::String::from("age"),
                    })
                }
                ::ots::__private::Patch::Increment(d) => {
                    ups.push(::ots::__private::ColumnUpdate::Increment {
                        name: ::std::string::String::from("age"),
                        delta: d,
                    });
                }
                _ => {}
            }
            match patch.tags {
                ::ots::__private::Patch::Set(v) => {
                    ups.push(::ots::__private::ColumnUpdate::Put {
                        name: ::std::string::String::from("tags"),
                        value: (__OTS_FNS_TAGS.to)(&v)
                            .map_err(|m: ::ots::__private::Mismatch| ::ots::__private::Error::mapping(
                                <Self as ::ots::__private::OtsTable>::TABLE,
                                "tags",
                                &m.expected,
                                &m.found,
                            ))?,
                        timestamp: ::core::option::Option::None,
                    })
                }
                ::ots::__private::Patch::Delete => {
                    ups.push(::ots::__private::ColumnUpdate::DeleteAllVersions {
                        name: ::std::string::String::from("tags"),
                    })
                }
                ::ots::__private::Patch::Increment(d) => {
                    let _ = d;
                    return ::core::result::Result::Err(
                        ::ots::__private::Error::mapping(
                            <Self as ::ots::__private::OtsTable>::TABLE,
                            "tags",
                            "an integer column to increment",
                            "a non-integer field",
                        ),
                    );
                }
                _ => {}
            }
            ::core::result::Result::Ok(ups)
        }
        fn patch_increments(
            patch: &UserPatch,
        ) -> ::std::vec::Vec<(&'static str, i64, ::core::ops::RangeInclusive<i64>)> {
            #[allow(unused_mut)]
            let mut out = ::std::vec::Vec::new();
            if let ::ots::__private::Patch::Increment(d) = &patch.age {
                out.push((
                    "age",
                    *d,
                    <u32 as ::ots::__private::IntegerValue>::MIN..=<u32 as ::ots::__private::IntegerValue>::MAX,
                ));
            }
            out
        }
    }
    #[allow(dead_code)]
    impl User {
        #[doc(hidden)]
        pub fn __ots_columns() -> UserColumns {
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
    impl<__OtsA0: ::ots::__private::KeyArg<String>> ::ots::__private::KeyPrefix<User>
    for (__OtsA0,) {
        fn prefix_values(
            self,
        ) -> ::ots::__private::Result<
            ::std::vec::Vec<::ots::__private::PrimaryKeyValue>,
        > {
            let (__ots_a0,) = self;
            ::core::result::Result::Ok(
                ::std::vec![
                    (__OTS_FNS_TEAM.to) (&
                    ::ots::__private::KeyArg::into_key_value(__ots_a0)).map_err(| m :
                    ::ots::__private::Mismatch | { ::ots::__private::Error::mapping(<
                    User as ::ots::__private::KeySpace > ::NAME, "team", & m.expected, &
                    m.found) }) ?
                ],
            )
        }
    }
    impl<__OtsA0: ::ots::__private::KeyArg<String>> ::ots::__private::PartitionKey<User>
    for (__OtsA0,) {}
    impl<
        __OtsA0: ::ots::__private::KeyArg<String>,
        __OtsA1: ::ots::__private::KeyArg<i64>,
    > ::ots::__private::KeyPrefix<User> for (__OtsA0, __OtsA1) {
        fn prefix_values(
            self,
        ) -> ::ots::__private::Result<
            ::std::vec::Vec<::ots::__private::PrimaryKeyValue>,
        > {
            let (__ots_a0, __ots_a1) = self;
            ::core::result::Result::Ok(
                ::std::vec![
                    (__OTS_FNS_TEAM.to) (&
                    ::ots::__private::KeyArg::into_key_value(__ots_a0)).map_err(| m :
                    ::ots::__private::Mismatch | { ::ots::__private::Error::mapping(<
                    User as ::ots::__private::KeySpace > ::NAME, "team", & m.expected, &
                    m.found) }) ?, (__OTS_FNS_ID.to) (&
                    ::ots::__private::KeyArg::into_key_value(__ots_a1)).map_err(| m :
                    ::ots::__private::Mismatch | { ::ots::__private::Error::mapping(<
                    User as ::ots::__private::KeySpace > ::NAME, "id", & m.expected, & m
                    .found) }) ?
                ],
            )
        }
    }
    impl ::ots::__private::KeyPrefix<User> for String {
        fn prefix_values(
            self,
        ) -> ::ots::__private::Result<
            ::std::vec::Vec<::ots::__private::PrimaryKeyValue>,
        > {
            ::core::result::Result::Ok(
                ::std::vec![
                    (__OTS_FNS_TEAM.to) (& self).map_err(| m : ::ots::__private::Mismatch
                    | { ::ots::__private::Error::mapping(< User as
                    ::ots::__private::KeySpace > ::NAME, "team", & m.expected, & m.found)
                    }) ?
                ],
            )
        }
    }
    impl ::ots::__private::PartitionKey<User> for String {}
    impl ::ots::__private::KeyPrefix<User> for &str {
        fn prefix_values(
            self,
        ) -> ::ots::__private::Result<
            ::std::vec::Vec<::ots::__private::PrimaryKeyValue>,
        > {
            ::core::result::Result::Ok(
                ::std::vec![
                    (__OTS_FNS_TEAM.to) (& ::ots::__private::KeyArg:: < String >
                    ::into_key_value(self)).map_err(| m : ::ots::__private::Mismatch | {
                    ::ots::__private::Error::mapping(< User as ::ots::__private::KeySpace
                    > ::NAME, "team", & m.expected, & m.found) }) ?
                ],
            )
        }
    }
    impl ::ots::__private::PartitionKey<User> for &str {}
    impl ::ots::__private::KeyPrefix<User> for &::std::string::String {
        fn prefix_values(
            self,
        ) -> ::ots::__private::Result<
            ::std::vec::Vec<::ots::__private::PrimaryKeyValue>,
        > {
            ::core::result::Result::Ok(
                ::std::vec![
                    (__OTS_FNS_TEAM.to) (& ::ots::__private::KeyArg:: < String >
                    ::into_key_value(self)).map_err(| m : ::ots::__private::Mismatch | {
                    ::ots::__private::Error::mapping(< User as ::ots::__private::KeySpace
                    > ::NAME, "team", & m.expected, & m.found) }) ?
                ],
            )
        }
    }
    impl ::ots::__private::PartitionKey<User> for &::std::string::String {}
    impl ::ots::__private::KeyPrefix<User> for UserKey {
        fn prefix_values(
            self,
        ) -> ::ots::__private::Result<
            ::std::vec::Vec<::ots::__private::PrimaryKeyValue>,
        > {
            <User as ::ots::__private::KeySpace>::key_values(&self)
        }
    }
    const __OTS_KEY_FNS_EMAIL: ::ots::__private::KeyFns<String> = ::ots::__private::key_fns::<
        String,
    >();
    const __OTS_KEY_FNS_AGE: ::ots::__private::KeyFns<u32> = ::ots::__private::key_fns::<
        u32,
    >();
    impl ::ots::__private::KeySpace for UserByEmail {
        type Key = UserByEmailKey;
        const NAME: &'static str = "users_by_email";
        fn key_columns() -> ::std::vec::Vec<::ots::__private::PrimaryKeySchema> {
            ::std::vec![
                ::ots::__private::PrimaryKeySchema { name :
                ::std::string::String::from("mail"), key_type : __OTS_KEY_FNS_EMAIL
                .key_type, auto_increment : false, }, ::ots::__private::PrimaryKeySchema
                { name : ::std::string::String::from("team"), key_type : __OTS_FNS_TEAM
                .key_type, auto_increment : false, }, ::ots::__private::PrimaryKeySchema
                { name : ::std::string::String::from("id"), key_type : __OTS_FNS_ID
                .key_type, auto_increment : false, }
            ]
        }
        fn key_values(
            key: &UserByEmailKey,
        ) -> ::ots::__private::Result<
            ::std::vec::Vec<::ots::__private::PrimaryKeyValue>,
        > {
            ::core::result::Result::Ok(
                ::std::vec![
                    (__OTS_KEY_FNS_EMAIL.to) (& key.email).map_err(| m :
                    ::ots::__private::Mismatch |
                    ::ots::__private::Error::mapping("users_by_email", "mail", & m
                    .expected, & m.found)) ?, (__OTS_FNS_TEAM.to) (& key.team).map_err(|
                    m : ::ots::__private::Mismatch |
                    ::ots::__private::Error::mapping("users_by_email", "team", & m
                    .expected, & m.found)) ?, (__OTS_FNS_ID.to) (& key.id).map_err(| m :
                    ::ots::__private::Mismatch |
                    ::ots::__private::Error::mapping("users_by_email", "id", & m
                    .expected, & m.found)) ?
                ],
            )
        }
    }
    impl ::ots::__private::SecondaryIndex for UserByEmail {
        type Model = User;
        const CARRIES_EVERY_FIELD: bool = false;
        fn index_meta() -> ::ots::__private::IndexMeta {
            ::ots::__private::IndexMeta::global("users_by_email")
                .primary_key("mail")
                .defined_column("name")
        }
    }
    impl<
        __OtsA0: ::ots::__private::KeyArg<String>,
    > ::ots::__private::KeyPrefix<UserByEmail> for (__OtsA0,) {
        fn prefix_values(
            self,
        ) -> ::ots::__private::Result<
            ::std::vec::Vec<::ots::__private::PrimaryKeyValue>,
        > {
            let (__ots_a0,) = self;
            ::core::result::Result::Ok(
                ::std::vec![
                    (__OTS_KEY_FNS_EMAIL.to) (&
                    ::ots::__private::KeyArg::into_key_value(__ots_a0)).map_err(| m :
                    ::ots::__private::Mismatch | { ::ots::__private::Error::mapping(<
                    UserByEmail as ::ots::__private::KeySpace > ::NAME, "mail", & m
                    .expected, & m.found) }) ?
                ],
            )
        }
    }
    impl<
        __OtsA0: ::ots::__private::KeyArg<String>,
        __OtsA1: ::ots::__private::KeyArg<String>,
    > ::ots::__private::KeyPrefix<UserByEmail> for (__OtsA0, __OtsA1) {
        fn prefix_values(
            self,
        ) -> ::ots::__private::Result<
            ::std::vec::Vec<::ots::__private::PrimaryKeyValue>,
        > {
            let (__ots_a0, __ots_a1) = self;
            ::core::result::Result::Ok(
                ::std::vec![
                    (__OTS_KEY_FNS_EMAIL.to) (&
                    ::ots::__private::KeyArg::into_key_value(__ots_a0)).map_err(| m :
                    ::ots::__private::Mismatch | { ::ots::__private::Error::mapping(<
                    UserByEmail as ::ots::__private::KeySpace > ::NAME, "mail", & m
                    .expected, & m.found) }) ?, (__OTS_FNS_TEAM.to) (&
                    ::ots::__private::KeyArg::into_key_value(__ots_a1)).map_err(| m :
                    ::ots::__private::Mismatch | { ::ots::__private::Error::mapping(<
                    UserByEmail as ::ots::__private::KeySpace > ::NAME, "team", & m
                    .expected, & m.found) }) ?
                ],
            )
        }
    }
    impl<
        __OtsA0: ::ots::__private::KeyArg<String>,
        __OtsA1: ::ots::__private::KeyArg<String>,
        __OtsA2: ::ots::__private::KeyArg<i64>,
    > ::ots::__private::KeyPrefix<UserByEmail> for (__OtsA0, __OtsA1, __OtsA2) {
        fn prefix_values(
            self,
        ) -> ::ots::__private::Result<
            ::std::vec::Vec<::ots::__private::PrimaryKeyValue>,
        > {
            let (__ots_a0, __ots_a1, __ots_a2) = self;
            ::core::result::Result::Ok(
                ::std::vec![
                    (__OTS_KEY_FNS_EMAIL.to) (&
                    ::ots::__private::KeyArg::into_key_value(__ots_a0)).map_err(| m :
                    ::ots::__private::Mismatch | { ::ots::__private::Error::mapping(<
                    UserByEmail as ::ots::__private::KeySpace > ::NAME, "mail", & m
                    .expected, & m.found) }) ?, (__OTS_FNS_TEAM.to) (&
                    ::ots::__private::KeyArg::into_key_value(__ots_a1)).map_err(| m :
                    ::ots::__private::Mismatch | { ::ots::__private::Error::mapping(<
                    UserByEmail as ::ots::__private::KeySpace > ::NAME, "team", & m
                    .expected, & m.found) }) ?, (__OTS_FNS_ID.to) (&
                    ::ots::__private::KeyArg::into_key_value(__ots_a2)).map_err(| m :
                    ::ots::__private::Mismatch | { ::ots::__private::Error::mapping(<
                    UserByEmail as ::ots::__private::KeySpace > ::NAME, "id", & m
                    .expected, & m.found) }) ?
                ],
            )
        }
    }
    impl ::ots::__private::KeyPrefix<UserByEmail> for String {
        fn prefix_values(
            self,
        ) -> ::ots::__private::Result<
            ::std::vec::Vec<::ots::__private::PrimaryKeyValue>,
        > {
            ::core::result::Result::Ok(
                ::std::vec![
                    (__OTS_KEY_FNS_EMAIL.to) (& self).map_err(| m :
                    ::ots::__private::Mismatch | { ::ots::__private::Error::mapping(<
                    UserByEmail as ::ots::__private::KeySpace > ::NAME, "mail", & m
                    .expected, & m.found) }) ?
                ],
            )
        }
    }
    impl ::ots::__private::KeyPrefix<UserByEmail> for &str {
        fn prefix_values(
            self,
        ) -> ::ots::__private::Result<
            ::std::vec::Vec<::ots::__private::PrimaryKeyValue>,
        > {
            ::core::result::Result::Ok(
                ::std::vec![
                    (__OTS_KEY_FNS_EMAIL.to) (& ::ots::__private::KeyArg:: < String >
                    ::into_key_value(self)).map_err(| m : ::ots::__private::Mismatch | {
                    ::ots::__private::Error::mapping(< UserByEmail as
                    ::ots::__private::KeySpace > ::NAME, "mail", & m.expected, & m.found)
                    }) ?
                ],
            )
        }
    }
    impl ::ots::__private::KeyPrefix<UserByEmail> for &::std::string::String {
        fn prefix_values(
            self,
        ) -> ::ots::__private::Result<
            ::std::vec::Vec<::ots::__private::PrimaryKeyValue>,
        > {
            ::core::result::Result::Ok(
                ::std::vec![
                    (__OTS_KEY_FNS_EMAIL.to) (& ::ots::__private::KeyArg:: < String >
                    ::into_key_value(self)).map_err(| m : ::ots::__private::Mismatch | {
                    ::ots::__private::Error::mapping(< UserByEmail as
                    ::ots::__private::KeySpace > ::NAME, "mail", & m.expected, & m.found)
                    }) ?
                ],
            )
        }
    }
    impl ::ots::__private::KeyPrefix<UserByEmail> for UserByEmailKey {
        fn prefix_values(
            self,
        ) -> ::ots::__private::Result<
            ::std::vec::Vec<::ots::__private::PrimaryKeyValue>,
        > {
            <UserByEmail as ::ots::__private::KeySpace>::key_values(&self)
        }
    }
    impl ::ots::__private::KeySpace for UserByAge {
        type Key = UserByAgeKey;
        const NAME: &'static str = "by_age";
        fn key_columns() -> ::std::vec::Vec<::ots::__private::PrimaryKeySchema> {
            ::std::vec![
                ::ots::__private::PrimaryKeySchema { name :
                ::std::string::String::from("team"), key_type : __OTS_FNS_TEAM.key_type,
                auto_increment : false, }, ::ots::__private::PrimaryKeySchema { name :
                ::std::string::String::from("age"), key_type : __OTS_KEY_FNS_AGE
                .key_type, auto_increment : false, }, ::ots::__private::PrimaryKeySchema
                { name : ::std::string::String::from("id"), key_type : __OTS_FNS_ID
                .key_type, auto_increment : false, }
            ]
        }
        fn key_values(
            key: &UserByAgeKey,
        ) -> ::ots::__private::Result<
            ::std::vec::Vec<::ots::__private::PrimaryKeyValue>,
        > {
            ::core::result::Result::Ok(
                ::std::vec![
                    (__OTS_FNS_TEAM.to) (& key.team).map_err(| m :
                    ::ots::__private::Mismatch |
                    ::ots::__private::Error::mapping("by_age", "team", & m.expected, & m
                    .found)) ?, (__OTS_KEY_FNS_AGE.to) (& key.age).map_err(| m :
                    ::ots::__private::Mismatch |
                    ::ots::__private::Error::mapping("by_age", "age", & m.expected, & m
                    .found)) ?, (__OTS_FNS_ID.to) (& key.id).map_err(| m :
                    ::ots::__private::Mismatch |
                    ::ots::__private::Error::mapping("by_age", "id", & m.expected, & m
                    .found)) ?
                ],
            )
        }
    }
    impl ::ots::__private::SecondaryIndex for UserByAge {
        type Model = User;
        const CARRIES_EVERY_FIELD: bool = true;
        fn index_meta() -> ::ots::__private::IndexMeta {
            ::ots::__private::IndexMeta::local("by_age")
                .primary_key("team")
                .primary_key("age")
                .defined_column("mail")
                .defined_column("name")
                .defined_column("tags")
        }
    }
    impl<
        __OtsA0: ::ots::__private::KeyArg<String>,
    > ::ots::__private::KeyPrefix<UserByAge> for (__OtsA0,) {
        fn prefix_values(
            self,
        ) -> ::ots::__private::Result<
            ::std::vec::Vec<::ots::__private::PrimaryKeyValue>,
        > {
            let (__ots_a0,) = self;
            ::core::result::Result::Ok(
                ::std::vec![
                    (__OTS_FNS_TEAM.to) (&
                    ::ots::__private::KeyArg::into_key_value(__ots_a0)).map_err(| m :
                    ::ots::__private::Mismatch | { ::ots::__private::Error::mapping(<
                    UserByAge as ::ots::__private::KeySpace > ::NAME, "team", & m
                    .expected, & m.found) }) ?
                ],
            )
        }
    }
    impl<
        __OtsA0: ::ots::__private::KeyArg<String>,
        __OtsA1: ::ots::__private::KeyArg<u32>,
    > ::ots::__private::KeyPrefix<UserByAge> for (__OtsA0, __OtsA1) {
        fn prefix_values(
            self,
        ) -> ::ots::__private::Result<
            ::std::vec::Vec<::ots::__private::PrimaryKeyValue>,
        > {
            let (__ots_a0, __ots_a1) = self;
            ::core::result::Result::Ok(
                ::std::vec![
                    (__OTS_FNS_TEAM.to) (&
                    ::ots::__private::KeyArg::into_key_value(__ots_a0)).map_err(| m :
                    ::ots::__private::Mismatch | { ::ots::__private::Error::mapping(<
                    UserByAge as ::ots::__private::KeySpace > ::NAME, "team", & m
                    .expected, & m.found) }) ?, (__OTS_KEY_FNS_AGE.to) (&
                    ::ots::__private::KeyArg::into_key_value(__ots_a1)).map_err(| m :
                    ::ots::__private::Mismatch | { ::ots::__private::Error::mapping(<
                    UserByAge as ::ots::__private::KeySpace > ::NAME, "age", & m
                    .expected, & m.found) }) ?
                ],
            )
        }
    }
    impl<
        __OtsA0: ::ots::__private::KeyArg<String>,
        __OtsA1: ::ots::__private::KeyArg<u32>,
        __OtsA2: ::ots::__private::KeyArg<i64>,
    > ::ots::__private::KeyPrefix<UserByAge> for (__OtsA0, __OtsA1, __OtsA2) {
        fn prefix_values(
            self,
        ) -> ::ots::__private::Result<
            ::std::vec::Vec<::ots::__private::PrimaryKeyValue>,
        > {
            let (__ots_a0, __ots_a1, __ots_a2) = self;
            ::core::result::Result::Ok(
                ::std::vec![
                    (__OTS_FNS_TEAM.to) (&
                    ::ots::__private::KeyArg::into_key_value(__ots_a0)).map_err(| m :
                    ::ots::__private::Mismatch | { ::ots::__private::Error::mapping(<
                    UserByAge as ::ots::__private::KeySpace > ::NAME, "team", & m
                    .expected, & m.found) }) ?, (__OTS_KEY_FNS_AGE.to) (&
                    ::ots::__private::KeyArg::into_key_value(__ots_a1)).map_err(| m :
                    ::ots::__private::Mismatch | { ::ots::__private::Error::mapping(<
                    UserByAge as ::ots::__private::KeySpace > ::NAME, "age", & m
                    .expected, & m.found) }) ?, (__OTS_FNS_ID.to) (&
                    ::ots::__private::KeyArg::into_key_value(__ots_a2)).map_err(| m :
                    ::ots::__private::Mismatch | { ::ots::__private::Error::mapping(<
                    UserByAge as ::ots::__private::KeySpace > ::NAME, "id", & m.expected,
                    & m.found) }) ?
                ],
            )
        }
    }
    impl ::ots::__private::KeyPrefix<UserByAge> for String {
        fn prefix_values(
            self,
        ) -> ::ots::__private::Result<
            ::std::vec::Vec<::ots::__private::PrimaryKeyValue>,
        > {
            ::core::result::Result::Ok(
                ::std::vec![
                    (__OTS_FNS_TEAM.to) (& self).map_err(| m : ::ots::__private::Mismatch
                    | { ::ots::__private::Error::mapping(< UserByAge as
                    ::ots::__private::KeySpace > ::NAME, "team", & m.expected, & m.found)
                    }) ?
                ],
            )
        }
    }
    impl ::ots::__private::KeyPrefix<UserByAge> for &str {
        fn prefix_values(
            self,
        ) -> ::ots::__private::Result<
            ::std::vec::Vec<::ots::__private::PrimaryKeyValue>,
        > {
            ::core::result::Result::Ok(
                ::std::vec![
                    (__OTS_FNS_TEAM.to) (& ::ots::__private::KeyArg:: < String >
                    ::into_key_value(self)).map_err(| m : ::ots::__private::Mismatch | {
                    ::ots::__private::Error::mapping(< UserByAge as
                    ::ots::__private::KeySpace > ::NAME, "team", & m.expected, & m.found)
                    }) ?
                ],
            )
        }
    }
    impl ::ots::__private::KeyPrefix<UserByAge> for &::std::string::String {
        fn prefix_values(
            self,
        ) -> ::ots::__private::Result<
            ::std::vec::Vec<::ots::__private::PrimaryKeyValue>,
        > {
            ::core::result::Result::Ok(
                ::std::vec![
                    (__OTS_FNS_TEAM.to) (& ::ots::__private::KeyArg:: < String >
                    ::into_key_value(self)).map_err(| m : ::ots::__private::Mismatch | {
                    ::ots::__private::Error::mapping(< UserByAge as
                    ::ots::__private::KeySpace > ::NAME, "team", & m.expected, & m.found)
                    }) ?
                ],
            )
        }
    }
    impl ::ots::__private::KeyPrefix<UserByAge> for UserByAgeKey {
        fn prefix_values(
            self,
        ) -> ::ots::__private::Result<
            ::std::vec::Vec<::ots::__private::PrimaryKeyValue>,
        > {
            <UserByAge as ::ots::__private::KeySpace>::key_values(&self)
        }
    }
};
