///The primary key of [`User`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct UserKey {
    pub tenant: String,
    pub id: i64,
}
impl<
    __OtsA0: ::ots::__private::KeyArg<String>,
    __OtsA1: ::ots::__private::KeyArg<i64>,
> ::core::convert::From<(__OtsA0, __OtsA1)> for UserKey {
    fn from((tenant, id): (__OtsA0, __OtsA1)) -> Self {
        Self {
            tenant: ::ots::__private::KeyArg::into_key_value(tenant),
            id: ::ots::__private::KeyArg::into_key_value(id),
        }
    }
}
///Typed column handles of [`User`], for filters, conditions and projections.
#[derive(Debug, Clone, Copy)]
pub struct UserColumns {
    pub name: ::ots::__private::Col<User, String>,
    pub age: ::ots::__private::Col<User, u8>,
    pub visits: ::ots::__private::Col<User, i64>,
    pub tags: ::ots::__private::Col<User, ::ots::__private::Json<Vec<String>>>,
    pub version: ::ots::__private::Col<User, i64>,
    pub updated: ::ots::__private::Col<User, i64>,
}
///A partial update of [`User`]: each field is left unchanged unless set.
#[derive(Debug, Clone, Default)]
pub struct UserPatch {
    pub name: ::ots::__private::Patch<String>,
    pub age: ::ots::__private::Patch<u8>,
    pub visits: ::ots::__private::Patch<i64>,
    pub tags: ::ots::__private::Patch<Vec<String>>,
}
impl UserPatch {
    /// A patch that changes nothing yet.
    #[must_use]
    pub fn new() -> Self {
        ::core::default::Default::default()
    }
    ///Writes `full_name`.
    #[must_use]
    pub fn set_name(mut self, value: impl ::ots::__private::ColumnArg<String>) -> Self {
        self.name = ::ots::__private::Patch::Set(
            ::ots::__private::ColumnArg::into_column_value(value),
        );
        self
    }
    ///Writes `age`.
    #[must_use]
    pub fn set_age(mut self, value: impl ::ots::__private::ColumnArg<u8>) -> Self {
        self.age = ::ots::__private::Patch::Set(
            ::ots::__private::ColumnArg::into_column_value(value),
        );
        self
    }
    ///Writes `age` when `value` is `Some`, deletes it when `None`.
    #[must_use]
    pub fn set_or_delete_age(mut self, value: ::core::option::Option<u8>) -> Self {
        self.age = match value {
            ::core::option::Option::Some(v) => ::ots::__private::Patch::Set(v),
            ::core::option::Option::None => ::ots::__private::Patch::Delete,
        };
        self
    }
    ///Deletes `age` (the field reads back as absent or default).
    #[must_use]
    pub fn delete_age(mut self) -> Self {
        self.age = ::ots::__private::Patch::Delete;
        self
    }
    ///Atomically adds `by` to `age`.
    #[must_use]
    pub fn increment_age(mut self, by: i64) -> Self {
        self.age = ::ots::__private::Patch::Increment(by);
        self
    }
    ///Writes `visits`.
    #[must_use]
    pub fn set_visits(mut self, value: impl ::ots::__private::ColumnArg<i64>) -> Self {
        self.visits = ::ots::__private::Patch::Set(
            ::ots::__private::ColumnArg::into_column_value(value),
        );
        self
    }
    ///Deletes `visits` (the field reads back as absent or default).
    #[must_use]
    pub fn delete_visits(mut self) -> Self {
        self.visits = ::ots::__private::Patch::Delete;
        self
    }
    ///Atomically adds `by` to `visits`.
    #[must_use]
    pub fn increment_visits(mut self, by: i64) -> Self {
        self.visits = ::ots::__private::Patch::Increment(by);
        self
    }
    ///Writes `tags`.
    #[must_use]
    pub fn set_tags(mut self, value: impl ::core::convert::Into<Vec<String>>) -> Self {
        self.tags = ::ots::__private::Patch::Set(value.into());
        self
    }
}
const _: () = {
    const __OTS_FNS_TENANT: ::ots::__private::KeyFns<String> = ::ots::__private::key_fns::<
        String,
    >();
    const __OTS_FNS_ID: ::ots::__private::KeyFns<i64> = ::ots::__private::key_fns::<
        i64,
    >();
    const __OTS_FNS_NAME: ::ots::__private::ColumnFns<String> = ::ots::__private::column_fns::<
        String,
    >();
    const __OTS_FNS_AGE: ::ots::__private::ColumnFns<u8> = ::ots::__private::column_fns::<
        u8,
    >();
    const __OTS_FNS_VISITS: ::ots::__private::ColumnFns<i64> = ::ots::__private::column_fns::<
        i64,
    >();
    const __OTS_FNS_TAGS: ::ots::__private::ColumnFns<Vec<String>> = ::ots::__private::json_fns::<
        Vec<String>,
    >();
    const __OTS_FNS_VERSION: ::ots::__private::ColumnFns<i64> = ::ots::__private::column_fns::<
        i64,
    >();
    const __OTS_FNS_UPDATED: ::ots::__private::ColumnFns<i64> = ::ots::__private::column_fns::<
        i64,
    >();
    impl ::ots::__private::OtsTable for User {
        type Key = UserKey;
        type Columns = UserColumns;
        type Patch = UserPatch;
        const TABLE: &'static str = "users";
        const VERSION_COLUMN: ::core::option::Option<&'static str> = ::core::option::Option::Some(
            "version",
        );
        const CREATED_AT_COLUMN: ::core::option::Option<&'static str> = ::core::option::Option::None;
        const UPDATED_AT_COLUMN: ::core::option::Option<&'static str> = ::core::option::Option::Some(
            "updated",
        );
        fn create_table_request() -> ::ots::__private::CreateTableRequest {
            let mut req = ::ots::__private::CreateTableRequest::new("users");
            req = req
                .primary_key(::ots::__private::PrimaryKeySchema {
                    name: ::std::string::String::from("tenant"),
                    key_type: __OTS_FNS_TENANT.key_type,
                    auto_increment: false,
                });
            req = req
                .primary_key(::ots::__private::PrimaryKeySchema {
                    name: ::std::string::String::from("id"),
                    key_type: __OTS_FNS_ID.key_type,
                    auto_increment: true,
                });
            req = req.defined_column("full_name", __OTS_FNS_NAME.column_type);
            req = req.time_to_live(86400i32);
            req = req.max_versions(2i32);
            req = req.local_transactions(false);
            req
        }
        fn columns() -> UserColumns {
            UserColumns {
                name: ::ots::__private::Col::new("full_name"),
                age: ::ots::__private::Col::new("age"),
                visits: ::ots::__private::Col::new("visits"),
                tags: ::ots::__private::Col::new("tags"),
                version: ::ots::__private::Col::new("version"),
                updated: ::ots::__private::Col::new("updated"),
            }
        }
        fn key(&self) -> UserKey {
            UserKey {
                tenant: ::core::clone::Clone::clone(&self.tenant),
                id: ::core::clone::Clone::clone(&self.id),
            }
        }
        fn primary_key_of(
            key: &UserKey,
        ) -> ::ots::__private::Result<::ots::__private::PrimaryKey> {
            let mut pk = ::ots::__private::PrimaryKey::new();
            pk.columns
                .push(::ots::__private::PrimaryKeyColumn {
                    name: ::std::string::String::from("tenant"),
                    value: (__OTS_FNS_TENANT.to)(&key.tenant)
                        .map_err(|m: ::ots::__private::Mismatch| ::ots::__private::Error::mapping(
                            <Self as ::ots::__private::OtsTable>::TABLE,
                            "tenant",
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
                    name: ::std::string::String::from("tenant"),
                    value: (__OTS_FNS_TENANT.to)(&key.tenant)
                        .map_err(|m: ::ots::__private::Mismatch| ::ots::__private::Error::mapping(
                            <Self as ::ots::__private::OtsTable>::TABLE,
                            "tenant",
                            &m.expected,
                            &m.found,
                        ))?,
                });
            pk.columns
                .push(::ots::__private::PrimaryKeyColumn {
                    name: ::std::string::String::from("id"),
                    value: ::ots::__private::PrimaryKeyValue::AutoIncrement,
                });
            ::core::result::Result::Ok(pk)
        }
        fn key_from_primary_key(
            pk: &::ots::__private::PrimaryKey,
        ) -> ::ots::__private::Result<UserKey> {
            ::core::result::Result::Ok(UserKey {
                tenant: {
                    let v = pk
                        .get("tenant")
                        .cloned()
                        .ok_or_else(|| {
                            ::ots::__private::Error::mapping(
                                <Self as ::ots::__private::OtsTable>::TABLE,
                                "tenant",
                                "a primary key value",
                                "no such key column",
                            )
                        })?;
                    (__OTS_FNS_TENANT.from)(v)
                        .map_err(|m: ::ots::__private::Mismatch| ::ots::__private::Error::mapping(
                            <Self as ::ots::__private::OtsTable>::TABLE,
                            "tenant",
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
            self.tenant = key.tenant;
            self.id = key.id;
        }
        fn to_columns(
            &self,
        ) -> ::ots::__private::Result<::std::vec::Vec<::ots::__private::Column>> {
            let mut cols = ::std::vec::Vec::with_capacity(6usize);
            cols.push(
                ::ots::__private::Column::new(
                    "full_name",
                    (__OTS_FNS_NAME.to)(&self.name)
                        .map_err(|m: ::ots::__private::Mismatch| ::ots::__private::Error::mapping(
                            <Self as ::ots::__private::OtsTable>::TABLE,
                            "full_name",
                            &m.expected,
                            &m.found,
                        ))?,
                ),
            );
            if let ::core::option::Option::Some(v) = &self.age {
                cols.push(
                    ::ots::__private::Column::new(
                        "age",
                        (__OTS_FNS_AGE.to)(v)
                            .map_err(|m: ::ots::__private::Mismatch| ::ots::__private::Error::mapping(
                                <Self as ::ots::__private::OtsTable>::TABLE,
                                "age",
                                &m.expected,
                                &m.found,
                            ))?,
                    ),
                );
            }
            cols.push(
                ::ots::__private::Column::new(
                    "visits",
                    (__OTS_FNS_VISITS.to)(&self.visits)
                        .map_err(|m: ::ots::__private::Mismatch| ::ots::__private::Error::mapping(
                            <Self as ::ots::__private::OtsTable>::TABLE,
                            "visits",
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
            cols.push(
                ::ots::__private::Column::new(
                    "version",
                    (__OTS_FNS_VERSION.to)(&self.version)
                        .map_err(|m: ::ots::__private::Mismatch| ::ots::__private::Error::mapping(
                            <Self as ::ots::__private::OtsTable>::TABLE,
                            "version",
                            &m.expected,
                            &m.found,
                        ))?,
                ),
            );
            cols.push(
                ::ots::__private::Column::new(
                    "updated",
                    (__OTS_FNS_UPDATED.to)(&self.updated)
                        .map_err(|m: ::ots::__private::Mismatch| ::ots::__private::Error::mapping(
                            <Self as ::ots::__private::OtsTable>::TABLE,
                            "updated",
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
            let mut __name: ::core::option::Option<::ots::__private::Value> = ::core::option::Option::None;
            let mut __age: ::core::option::Option<::ots::__private::Value> = ::core::option::Option::None;
            let mut __visits: ::core::option::Option<::ots::__private::Value> = ::core::option::Option::None;
            let mut __tags: ::core::option::Option<::ots::__private::Value> = ::core::option::Option::None;
            let mut __version: ::core::option::Option<::ots::__private::Value> = ::core::option::Option::None;
            let mut __updated: ::core::option::Option<::ots::__private::Value> = ::core::option::Option::None;
            for col in row.columns {
                match col.name.as_str() {
                    "full_name" => {
                        if __name.is_none() {
                            __name = ::core::option::Option::Some(col.value);
                        }
                    }
                    "age" => {
                        if __age.is_none() {
                            __age = ::core::option::Option::Some(col.value);
                        }
                    }
                    "visits" => {
                        if __visits.is_none() {
                            __visits = ::core::option::Option::Some(col.value);
                        }
                    }
                    "tags" => {
                        if __tags.is_none() {
                            __tags = ::core::option::Option::Some(col.value);
                        }
                    }
                    "version" => {
                        if __version.is_none() {
                            __version = ::core::option::Option::Some(col.value);
                        }
                    }
                    "updated" => {
                        if __updated.is_none() {
                            __updated = ::core::option::Option::Some(col.value);
                        }
                    }
                    _ => {}
                }
            }
            ::core::result::Result::Ok(Self {
                tenant: key.tenant,
                id: key.id,
                name: match __name {
                    ::core::option::Option::Some(v) => {
                        (__OTS_FNS_NAME.from)(v)
                            .map_err(|m: ::ots::__private::Mismatch| ::ots::__private::Error::mapping(
                                <Self as ::ots::__private::OtsTable>::TABLE,
                                "full_name",
                                &m.expected,
                                &m.found,
                            ))?
                    }
                    ::core::option::Option::None => {
                        return ::core::result::Result::Err(
                            ::ots::__private::Error::mapping(
                                <Self as ::ots::__private::OtsTable>::TABLE,
                                "full_name",
                                "a value (the field is not optional)",
                                "no such column",
                            ),
                        );
                    }
                },
                age: match __age {
                    ::core::option::Option::Some(v) => {
                        ::core::option::Option::Some(
                            (__OTS_FNS_AGE.from)(v)
                                .map_err(|m: ::ots::__private::Mismatch| ::ots::__private::Error::mapping(
                                    <Self as ::ots::__private::OtsTable>::TABLE,
                                    "age",
                                    &m.expected,
                                    &m.found,
                                ))?,
                        )
                    }
                    ::core::option::Option::None => ::core::option::Option::None,
                },
                visits: match __visits {
                    ::core::option::Option::Some(v) => {
                        (__OTS_FNS_VISITS.from)(v)
                            .map_err(|m: ::ots::__private::Mismatch| ::ots::__private::Error::mapping(
                                <Self as ::ots::__private::OtsTable>::TABLE,
                                "visits",
                                &m.expected,
                                &m.found,
                            ))?
                    }
                    ::core::option::Option::None => ::core::default::Default::default(),
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
                version: match __version {
                    ::core::option::Option::Some(v) => {
                        (__OTS_FNS_VERSION.from)(v)
                            .map_err(|m: ::ots::__private::Mismatch| ::ots::__private::Error::mapping(
                                <Self as ::ots::__private::OtsTable>::TABLE,
                                "version",
                                &m.expected,
                                &m.found,
                            ))?
                    }
                    ::core::option::Option::None => {
                        return ::core::result::Result::Err(
                            ::ots::__private::Error::mapping(
                                <Self as ::ots::__private::OtsTable>::TABLE,
                                "version",
                                "a value (the field is not optional)",
                                "no such column",
                            ),
                        );
                    }
                },
                updated: match __updated {
                    ::core::option::Option::Some(v) => {
                        (__OTS_FNS_UPDATED.from)(v)
                            .map_err(|m: ::ots::__private::Mismatch| ::ots::__private::Error::mapping(
                                <Self as ::ots::__private::OtsTable>::TABLE,
                                "updated",
                                &m.expected,
                                &m.found,
                            ))?
                    }
                    ::core::option::Option::None => {
                        return ::core::result::Result::Err(
                            ::ots::__private::Error::mapping(
                                <Self as ::ots::__private::OtsTable>::TABLE,
                                "updated",
                                "a value (the field is not optional)",
                                "no such column",
                            ),
                        );
                    }
                },
            })
        }
        fn patch_updates(
            patch: UserPatch,
        ) -> ::ots::__private::Result<::std::vec::Vec<::ots::__private::ColumnUpdate>> {
            let mut ups = ::std::vec::Vec::new();
            match patch.name {
                ::ots::__private::Patch::Set(v) => {
                    ups.push(::ots::__private::ColumnUpdate::Put {
                        name: ::std::string::String::from("full_name"),
                        value: (__OTS_FNS_NAME.to)(&v)
                            .map_err(|m: ::ots::__private::Mismatch| ::ots::__private::Error::mapping(
                                <Self as ::ots::__private::OtsTable>::TABLE,
                                "full_name",
                                &m.expected,
                                &m.found,
                            ))?,
                        timestamp: ::core::option::Option::None,
                    })
                }
                ::ots::__private::Patch::Delete => {
                    ups.push(::ots::__private::ColumnUpdate::DeleteAllVersions {
                        name: ::std::string::String::from("full_name"),
                    })
                }
                ::ots::__private::Patch::Increment(d) => {
                    let _ = d;
                    return ::core::result::Result::Err(
                        ::ots::__private::Error::mapping(
                            <Self as ::ots::__private::OtsTable>::TABLE,
                            "full_name",
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
            match patch.visits {
                ::ots::__private::Patch::Set(v) => {
                    ups.push(::ots::__private::ColumnUpdate::Put {
                        name: ::std::string::String::from("visits"),
                        value: (__OTS_FNS_VISITS.to)(&v)
                            .map_err(|m: ::ots::__private::Mismatch| ::ots::__private::Error::mapping(
                                <Self as ::ots::__private::OtsTable>::TABLE,
                                "visits",
                                &m.expected,
                                &m.found,
                            ))?,
                        timestamp: ::core::option::Option::None,
                    })
                }
                ::ots::__private::Patch::Delete => {
                    ups.push(::ots::__private::ColumnUpdate::DeleteAllVersions {
                        name: ::std::string::String::from("visits"),
                    })
                }
                ::ots::__private::Patch::Increment(d) => {
                    ups.push(::ots::__private::ColumnUpdate::Increment {
                        name: ::std::string::String::from("visits"),
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
                    <u8 as ::ots::__private::IntegerValue>::MIN..=<u8 as ::ots::__private::IntegerValue>::MAX,
                ));
            }
            if let ::ots::__private::Patch::Increment(d) = &patch.visits {
                out.push((
                    "visits",
                    *d,
                    <i64 as ::ots::__private::IntegerValue>::MIN..=<i64 as ::ots::__private::IntegerValue>::MAX,
                ));
            }
            out
        }
        fn version(&self) -> ::core::option::Option<i64> {
            i64::try_from(self.version).ok()
        }
        fn set_version(&mut self, v: i64) {
            if let ::core::result::Result::Ok(v) = <i64>::try_from(v) {
                self.version = v;
            }
        }
        fn set_updated_at(&mut self, v: i64) {
            if let ::core::option::Option::Some(v) = <i64 as ::ots::__private::Timestamp>::from_millis(
                v,
            ) {
                self.updated = v;
            }
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
                    (__OTS_FNS_TENANT.to) (&
                    ::ots::__private::KeyArg::into_key_value(__ots_a0)).map_err(| m :
                    ::ots::__private::Mismatch | { ::ots::__private::Error::mapping(<
                    User as ::ots::__private::KeySpace > ::NAME, "tenant", & m.expected,
                    & m.found) }) ?
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
                    (__OTS_FNS_TENANT.to) (&
                    ::ots::__private::KeyArg::into_key_value(__ots_a0)).map_err(| m :
                    ::ots::__private::Mismatch | { ::ots::__private::Error::mapping(<
                    User as ::ots::__private::KeySpace > ::NAME, "tenant", & m.expected,
                    & m.found) }) ?, (__OTS_FNS_ID.to) (&
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
                    (__OTS_FNS_TENANT.to) (& self).map_err(| m :
                    ::ots::__private::Mismatch | { ::ots::__private::Error::mapping(<
                    User as ::ots::__private::KeySpace > ::NAME, "tenant", & m.expected,
                    & m.found) }) ?
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
                    (__OTS_FNS_TENANT.to) (& ::ots::__private::KeyArg:: < String >
                    ::into_key_value(self)).map_err(| m : ::ots::__private::Mismatch | {
                    ::ots::__private::Error::mapping(< User as ::ots::__private::KeySpace
                    > ::NAME, "tenant", & m.expected, & m.found) }) ?
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
                    (__OTS_FNS_TENANT.to) (& ::ots::__private::KeyArg:: < String >
                    ::into_key_value(self)).map_err(| m : ::ots::__private::Mismatch | {
                    ::ots::__private::Error::mapping(< User as ::ots::__private::KeySpace
                    > ::NAME, "tenant", & m.expected, & m.found) }) ?
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
};
