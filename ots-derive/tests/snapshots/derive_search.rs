///The primary key of [`Product`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ProductKey {
    pub region: String,
    pub id: i64,
}
impl<
    __OtsA0: ::ots::__private::KeyArg<String>,
    __OtsA1: ::ots::__private::KeyArg<i64>,
> ::core::convert::From<(__OtsA0, __OtsA1)> for ProductKey {
    fn from((region, id): (__OtsA0, __OtsA1)) -> Self {
        Self {
            region: ::ots::__private::KeyArg::into_key_value(region),
            id: ::ots::__private::KeyArg::into_key_value(id),
        }
    }
}
///Typed column handles of [`Product`], for filters, conditions and projections.
#[derive(Debug, Clone, Copy)]
pub struct ProductColumns {
    pub name: ::ots::__private::Col<Product, String>,
    pub description: ::ots::__private::Col<Product, String>,
    pub title: ::ots::__private::Col<Product, String>,
    pub price: ::ots::__private::Col<Product, f64>,
    pub stock: ::ots::__private::Col<Product, u32>,
    pub on_sale: ::ots::__private::Col<Product, bool>,
    pub listed_at: ::ots::__private::Col<Product, chrono::DateTime<chrono::Utc>>,
    pub release_day: ::ots::__private::Col<Product, String>,
    pub location: ::ots::__private::Col<Product, ots::GeoPoint>,
    pub tags: ::ots::__private::Col<Product, ::ots::__private::Json<Vec<String>>>,
    pub reviews: ::ots::__private::Col<Product, ::ots::__private::Json<Vec<Review>>>,
    pub embedding: ::ots::__private::Col<Product, ::ots::__private::Json<Vec<f32>>>,
    pub sku: ::ots::__private::Col<Product, String>,
    pub internal_note: ::ots::__private::Col<Product, String>,
}
///A partial update of [`Product`]: each field is left unchanged unless set.
#[derive(Debug, Clone, Default)]
pub struct ProductPatch {
    pub name: ::ots::__private::Patch<String>,
    pub description: ::ots::__private::Patch<String>,
    pub title: ::ots::__private::Patch<String>,
    pub price: ::ots::__private::Patch<f64>,
    pub stock: ::ots::__private::Patch<u32>,
    pub on_sale: ::ots::__private::Patch<bool>,
    pub listed_at: ::ots::__private::Patch<chrono::DateTime<chrono::Utc>>,
    pub release_day: ::ots::__private::Patch<String>,
    pub location: ::ots::__private::Patch<ots::GeoPoint>,
    pub tags: ::ots::__private::Patch<Vec<String>>,
    pub reviews: ::ots::__private::Patch<Vec<Review>>,
    pub embedding: ::ots::__private::Patch<Vec<f32>>,
    pub sku: ::ots::__private::Patch<String>,
    pub internal_note: ::ots::__private::Patch<String>,
}
impl ProductPatch {
    /// A patch that changes nothing yet.
    #[must_use]
    pub fn new() -> Self {
        ::core::default::Default::default()
    }
    ///Writes `name`.
    #[must_use]
    pub fn set_name(mut self, value: impl ::ots::__private::ColumnArg<String>) -> Self {
        self.name = ::ots::__private::Patch::Set(
            ::ots::__private::ColumnArg::into_column_value(value),
        );
        self
    }
    ///Writes `description`.
    #[must_use]
    pub fn set_description(
        mut self,
        value: impl ::ots::__private::ColumnArg<String>,
    ) -> Self {
        self.description = ::ots::__private::Patch::Set(
            ::ots::__private::ColumnArg::into_column_value(value),
        );
        self
    }
    ///Writes `title`.
    #[must_use]
    pub fn set_title(mut self, value: impl ::ots::__private::ColumnArg<String>) -> Self {
        self.title = ::ots::__private::Patch::Set(
            ::ots::__private::ColumnArg::into_column_value(value),
        );
        self
    }
    ///Writes `title` when `value` is `Some`, deletes it when `None`.
    #[must_use]
    pub fn set_or_delete_title(mut self, value: ::core::option::Option<String>) -> Self {
        self.title = match value {
            ::core::option::Option::Some(v) => ::ots::__private::Patch::Set(v),
            ::core::option::Option::None => ::ots::__private::Patch::Delete,
        };
        self
    }
    ///Deletes `title` (the field reads back as absent or default).
    #[must_use]
    pub fn delete_title(mut self) -> Self {
        self.title = ::ots::__private::Patch::Delete;
        self
    }
    ///Writes `price`.
    #[must_use]
    pub fn set_price(mut self, value: impl ::ots::__private::ColumnArg<f64>) -> Self {
        self.price = ::ots::__private::Patch::Set(
            ::ots::__private::ColumnArg::into_column_value(value),
        );
        self
    }
    ///Writes `stock`.
    #[must_use]
    pub fn set_stock(mut self, value: impl ::ots::__private::ColumnArg<u32>) -> Self {
        self.stock = ::ots::__private::Patch::Set(
            ::ots::__private::ColumnArg::into_column_value(value),
        );
        self
    }
    ///Atomically adds `by` to `stock`.
    #[must_use]
    pub fn increment_stock(mut self, by: i64) -> Self {
        self.stock = ::ots::__private::Patch::Increment(by);
        self
    }
    ///Writes `on_sale`.
    #[must_use]
    pub fn set_on_sale(mut self, value: impl ::ots::__private::ColumnArg<bool>) -> Self {
        self.on_sale = ::ots::__private::Patch::Set(
            ::ots::__private::ColumnArg::into_column_value(value),
        );
        self
    }
    ///Writes `listed_at`.
    #[must_use]
    pub fn set_listed_at(
        mut self,
        value: impl ::ots::__private::ColumnArg<chrono::DateTime<chrono::Utc>>,
    ) -> Self {
        self.listed_at = ::ots::__private::Patch::Set(
            ::ots::__private::ColumnArg::into_column_value(value),
        );
        self
    }
    ///Writes `release_day`.
    #[must_use]
    pub fn set_release_day(
        mut self,
        value: impl ::ots::__private::ColumnArg<String>,
    ) -> Self {
        self.release_day = ::ots::__private::Patch::Set(
            ::ots::__private::ColumnArg::into_column_value(value),
        );
        self
    }
    ///Writes `location`.
    #[must_use]
    pub fn set_location(
        mut self,
        value: impl ::ots::__private::ColumnArg<ots::GeoPoint>,
    ) -> Self {
        self.location = ::ots::__private::Patch::Set(
            ::ots::__private::ColumnArg::into_column_value(value),
        );
        self
    }
    ///Writes `location` when `value` is `Some`, deletes it when `None`.
    #[must_use]
    pub fn set_or_delete_location(
        mut self,
        value: ::core::option::Option<ots::GeoPoint>,
    ) -> Self {
        self.location = match value {
            ::core::option::Option::Some(v) => ::ots::__private::Patch::Set(v),
            ::core::option::Option::None => ::ots::__private::Patch::Delete,
        };
        self
    }
    ///Deletes `location` (the field reads back as absent or default).
    #[must_use]
    pub fn delete_location(mut self) -> Self {
        self.location = ::ots::__private::Patch::Delete;
        self
    }
    ///Writes `tags`.
    #[must_use]
    pub fn set_tags(mut self, value: impl ::core::convert::Into<Vec<String>>) -> Self {
        self.tags = ::ots::__private::Patch::Set(value.into());
        self
    }
    ///Writes `reviews`.
    #[must_use]
    pub fn set_reviews(
        mut self,
        value: impl ::core::convert::Into<Vec<Review>>,
    ) -> Self {
        self.reviews = ::ots::__private::Patch::Set(value.into());
        self
    }
    ///Writes `embedding`.
    #[must_use]
    pub fn set_embedding(mut self, value: impl ::core::convert::Into<Vec<f32>>) -> Self {
        self.embedding = ::ots::__private::Patch::Set(value.into());
        self
    }
    ///Writes `sku`.
    #[must_use]
    pub fn set_sku(mut self, value: impl ::ots::__private::ColumnArg<String>) -> Self {
        self.sku = ::ots::__private::Patch::Set(
            ::ots::__private::ColumnArg::into_column_value(value),
        );
        self
    }
    ///Writes `internal_note`.
    #[must_use]
    pub fn set_internal_note(
        mut self,
        value: impl ::ots::__private::ColumnArg<String>,
    ) -> Self {
        self.internal_note = ::ots::__private::Patch::Set(
            ::ots::__private::ColumnArg::into_column_value(value),
        );
        self
    }
}
///Typed search handles of [`Product`], for queries, sorts and aggregations on its search indexes.
#[derive(Debug, Clone)]
pub struct ProductSearchFields {
    pub region: ::ots::__private::SearchField<
        Product,
        String,
        ::ots::__private::search_kind::Keyword,
        ::ots::__private::search_kind::Sortable,
    >,
    pub name: ::ots::__private::SearchField<
        Product,
        String,
        ::ots::__private::search_kind::Keyword,
        ::ots::__private::search_kind::Sortable,
    >,
    pub description: ::ots::__private::SearchField<
        Product,
        String,
        ::ots::__private::search_kind::Text,
        ::ots::__private::search_kind::Unsortable,
    >,
    pub title: ::ots::__private::SearchField<
        Product,
        String,
        ::ots::__private::search_kind::Text,
        ::ots::__private::search_kind::Unsortable,
    >,
    pub price: ::ots::__private::SearchField<
        Product,
        f64,
        ::ots::__private::search_kind::Double,
        ::ots::__private::search_kind::Sortable,
    >,
    pub stock: ::ots::__private::SearchField<
        Product,
        u32,
        ::ots::__private::search_kind::Long,
        ::ots::__private::search_kind::Unsortable,
    >,
    pub on_sale: ::ots::__private::SearchField<
        Product,
        bool,
        ::ots::__private::search_kind::Boolean,
        ::ots::__private::search_kind::Sortable,
    >,
    pub listed_at: ::ots::__private::SearchField<
        Product,
        chrono::DateTime<chrono::Utc>,
        ::ots::__private::search_kind::Date,
        ::ots::__private::search_kind::Sortable,
    >,
    pub release_day: ::ots::__private::SearchField<
        Product,
        String,
        ::ots::__private::search_kind::Date,
        ::ots::__private::search_kind::Sortable,
    >,
    pub location: ::ots::__private::SearchField<
        Product,
        ots::GeoPoint,
        ::ots::__private::search_kind::GeoPoint,
        ::ots::__private::search_kind::Sortable,
    >,
    pub tags: ::ots::__private::SearchField<
        Product,
        String,
        ::ots::__private::search_kind::Keyword,
        ::ots::__private::search_kind::Sortable,
    >,
    pub reviews: ::ots::__private::NestedField<Product, Review>,
    pub embedding: ::ots::__private::SearchField<
        Product,
        f32,
        ::ots::__private::search_kind::Vector,
        ::ots::__private::search_kind::Unsortable,
    >,
}
const _: () = {
    const __OTS_FNS_REGION: ::ots::__private::KeyFns<String> = ::ots::__private::key_fns::<
        String,
    >();
    const __OTS_FNS_ID: ::ots::__private::KeyFns<i64> = ::ots::__private::key_fns::<
        i64,
    >();
    const __OTS_FNS_NAME: ::ots::__private::ColumnFns<String> = ::ots::__private::column_fns::<
        String,
    >();
    const __OTS_FNS_DESCRIPTION: ::ots::__private::ColumnFns<String> = ::ots::__private::column_fns::<
        String,
    >();
    const __OTS_FNS_TITLE: ::ots::__private::ColumnFns<String> = ::ots::__private::column_fns::<
        String,
    >();
    const __OTS_FNS_PRICE: ::ots::__private::ColumnFns<f64> = ::ots::__private::column_fns::<
        f64,
    >();
    const __OTS_FNS_STOCK: ::ots::__private::ColumnFns<u32> = ::ots::__private::column_fns::<
        u32,
    >();
    const __OTS_FNS_ON_SALE: ::ots::__private::ColumnFns<bool> = ::ots::__private::column_fns::<
        bool,
    >();
    const __OTS_FNS_LISTED_AT: ::ots::__private::ColumnFns<
        chrono::DateTime<chrono::Utc>,
    > = ::ots::__private::column_fns::<chrono::DateTime<chrono::Utc>>();
    const __OTS_FNS_RELEASE_DAY: ::ots::__private::ColumnFns<String> = ::ots::__private::column_fns::<
        String,
    >();
    const __OTS_FNS_LOCATION: ::ots::__private::ColumnFns<ots::GeoPoint> = ::ots::__private::column_fns::<
        ots::GeoPoint,
    >();
    const __OTS_FNS_TAGS: ::ots::__private::ColumnFns<Vec<String>> = ::ots::__private::json_fns::<
        Vec<String>,
    >();
    const __OTS_FNS_REVIEWS: ::ots::__private::ColumnFns<Vec<Review>> = ::ots::__private::json_fns::<
        Vec<Review>,
    >();
    const __OTS_FNS_EMBEDDING: ::ots::__private::ColumnFns<Vec<f32>> = ::ots::__private::json_fns::<
        Vec<f32>,
    >();
    const __OTS_FNS_SKU: ::ots::__private::ColumnFns<String> = ::ots::__private::column_fns::<
        String,
    >();
    const __OTS_FNS_INTERNAL_NOTE: ::ots::__private::ColumnFns<String> = ::ots::__private::column_fns::<
        String,
    >();
    impl ::ots::__private::OtsTable for Product {
        type Key = ProductKey;
        type Columns = ProductColumns;
        type Patch = ProductPatch;
        const TABLE: &'static str = "products";
        const VERSION_COLUMN: ::core::option::Option<&'static str> = ::core::option::Option::None;
        const CREATED_AT_COLUMN: ::core::option::Option<&'static str> = ::core::option::Option::None;
        const UPDATED_AT_COLUMN: ::core::option::Option<&'static str> = ::core::option::Option::None;
        fn create_table_request() -> ::ots::__private::CreateTableRequest {
            let mut req = ::ots::__private::CreateTableRequest::new("products");
            req = req
                .primary_key(::ots::__private::PrimaryKeySchema {
                    name: ::std::string::String::from("region"),
                    key_type: __OTS_FNS_REGION.key_type,
                    auto_increment: false,
                });
            req = req
                .primary_key(::ots::__private::PrimaryKeySchema {
                    name: ::std::string::String::from("id"),
                    key_type: __OTS_FNS_ID.key_type,
                    auto_increment: false,
                });
            req = req.allow_update(false);
            req = req.local_transactions(false);
            req
        }
        fn columns() -> ProductColumns {
            ProductColumns {
                name: ::ots::__private::Col::new("name"),
                description: ::ots::__private::Col::new("description"),
                title: ::ots::__private::Col::new("title"),
                price: ::ots::__private::Col::new("price"),
                stock: ::ots::__private::Col::new("stock"),
                on_sale: ::ots::__private::Col::new("on_sale"),
                listed_at: ::ots::__private::Col::new("listed_at"),
                release_day: ::ots::__private::Col::new("release_day"),
                location: ::ots::__private::Col::new("location"),
                tags: ::ots::__private::Col::new("tags"),
                reviews: ::ots::__private::Col::new("reviews"),
                embedding: ::ots::__private::Col::new("embedding"),
                sku: ::ots::__private::Col::new("sku"),
                internal_note: ::ots::__private::Col::new("internal_note"),
            }
        }
        fn key(&self) -> ProductKey {
            ProductKey {
                region: ::core::clone::Clone::clone(&self.region),
                id: ::core::clone::Clone::clone(&self.id),
            }
        }
        fn primary_key_of(
            key: &ProductKey,
        ) -> ::ots::__private::Result<::ots::__private::PrimaryKey> {
            let mut pk = ::ots::__private::PrimaryKey::new();
            pk.columns
                .push(::ots::__private::PrimaryKeyColumn {
                    name: ::std::string::String::from("region"),
                    value: (__OTS_FNS_REGION.to)(&key.region)
                        .map_err(|m: ::ots::__private::Mismatch| ::ots::__private::Error::mapping(
                            <Self as ::ots::__private::OtsTable>::TABLE,
                            "region",
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
                    name: ::std::string::String::from("region"),
                    value: (__OTS_FNS_REGION.to)(&key.region)
                        .map_err(|m: ::ots::__private::Mismatch| ::ots::__private::Error::mapping(
                            <Self as ::ots::__private::OtsTable>::TABLE,
                            "region",
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
        ) -> ::ots::__private::Result<ProductKey> {
            ::core::result::Result::Ok(ProductKey {
                region: {
                    let v = pk
                        .get("region")
                        .cloned()
                        .ok_or_else(|| {
                            ::ots::__private::Error::mapping(
                                <Self as ::ots::__private::OtsTable>::TABLE,
                                "region",
                                "a primary key value",
                                "no such key column",
                            )
                        })?;
                    (__OTS_FNS_REGION.from)(v)
                        .map_err(|m: ::ots::__private::Mismatch| ::ots::__private::Error::mapping(
                            <Self as ::ots::__private::OtsTable>::TABLE,
                            "region",
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
        fn set_key(&mut self, key: ProductKey) {
            self.region = key.region;
            self.id = key.id;
        }
        fn to_columns(
            &self,
        ) -> ::ots::__private::Result<::std::vec::Vec<::ots::__private::Column>> {
            let mut cols = ::std::vec::Vec::with_capacity(14usize);
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
                    "description",
                    (__OTS_FNS_DESCRIPTION.to)(&self.description)
                        .map_err(|m: ::ots::__private::Mismatch| ::ots::__private::Error::mapping(
                            <Self as ::ots::__private::OtsTable>::TABLE,
                            "description",
                            &m.expected,
                            &m.found,
                        ))?,
                ),
            );
            if let ::core::option::Option::Some(v) = &self.title {
                cols.push(
                    ::ots::__private::Column::new(
                        "title",
                        (__OTS_FNS_TITLE.to)(v)
                            .map_err(|m: ::ots::__private::Mismatch| ::ots::__private::Error::mapping(
                                <Self as ::ots::__private::OtsTable>::TABLE,
                                "title",
                                &m.expected,
                                &m.found,
                            ))?,
                    ),
                );
            }
            cols.push(
                ::ots::__private::Column::new(
                    "price",
                    (__OTS_FNS_PRICE.to)(&self.price)
                        .map_err(|m: ::ots::__private::Mismatch| ::ots::__private::Error::mapping(
                            <Self as ::ots::__private::OtsTable>::TABLE,
                            "price",
                            &m.expected,
                            &m.found,
                        ))?,
                ),
            );
            cols.push(
                ::ots::__private::Column::new(
                    "stock",
                    (__OTS_FNS_STOCK.to)(&self.stock)
                        .map_err(|m: ::ots::__private::Mismatch| ::ots::__private::Error::mapping(
                            <Self as ::ots::__private::OtsTable>::TABLE,
                            "stock",
                            &m.expected,
                            &m.found,
                        ))?,
                ),
            );
            cols.push(
                ::ots::__private::Column::new(
                    "on_sale",
                    (__OTS_FNS_ON_SALE.to)(&self.on_sale)
                        .map_err(|m: ::ots::__private::Mismatch| ::ots::__private::Error::mapping(
                            <Self as ::ots::__private::OtsTable>::TABLE,
                            "on_sale",
                            &m.expected,
                            &m.found,
                        ))?,
                ),
            );
            cols.push(
                ::ots::__private::Column::new(
                    "listed_at",
                    (__OTS_FNS_LISTED_AT.to)(&self.listed_at)
                        .map_err(|m: ::ots::__private::Mismatch| ::ots::__private::Error::mapping(
                            <Self as ::ots::__private::OtsTable>::TABLE,
                            "listed_at",
                            &m.expected,
                            &m.found,
                        ))?,
                ),
            );
            cols.push(
                ::ots::__private::Column::new(
                    "release_day",
                    (__OTS_FNS_RELEASE_DAY.to)(&self.release_day)
                        .map_err(|m: ::ots::__private::Mismatch| ::ots::__private::Error::mapping(
                            <Self as ::ots::__private::OtsTable>::TABLE,
                            "release_day",
                            &m.expected,
                            &m.found,
                        ))?,
                ),
            );
            if let ::core::option::Option::Some(v) = &self.location {
                cols.push(
                    ::ots::__private::Column::new(
                        "location",
                        (__OTS_FNS_LOCATION.to)(v)
                            .map_err(|m: ::ots::__private::Mismatch| ::ots::__private::Error::mapping(
                                <Self as ::ots::__private::OtsTable>::TABLE,
                                "location",
                                &m.expected,
                                &m.found,
                            ))?,
                    ),
                );
            }
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
                    "reviews",
                    (__OTS_FNS_REVIEWS.to)(&self.reviews)
                        .map_err(|m: ::ots::__private::Mismatch| ::ots::__private::Error::mapping(
                            <Self as ::ots::__private::OtsTable>::TABLE,
                            "reviews",
                            &m.expected,
                            &m.found,
                        ))?,
                ),
            );
            cols.push(
                ::ots::__private::Column::new(
                    "embedding",
                    (__OTS_FNS_EMBEDDING.to)(&self.embedding)
                        .map_err(|m: ::ots::__private::Mismatch| ::ots::__private::Error::mapping(
                            <Self as ::ots::__private::OtsTable>::TABLE,
                            "embedding",
                            &m.expected,
                            &m.found,
                        ))?,
                ),
            );
            cols.push(
                ::ots::__private::Column::new(
                    "sku",
                    (__OTS_FNS_SKU.to)(&self.sku)
                        .map_err(|m: ::ots::__private::Mismatch| ::ots::__private::Error::mapping(
                            <Self as ::ots::__private::OtsTable>::TABLE,
                            "sku",
                            &m.expected,
                            &m.found,
                        ))?,
                ),
            );
            cols.push(
                ::ots::__private::Column::new(
                    "internal_note",
                    (__OTS_FNS_INTERNAL_NOTE.to)(&self.internal_note)
                        .map_err(|m: ::ots::__private::Mismatch| ::ots::__private::Error::mapping(
                            <Self as ::ots::__private::OtsTable>::TABLE,
                            "internal_note",
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
            let mut __description: ::core::option::Option<::ots::__private::Value> = ::core::option::Option::None;
            let mut __title: ::core::option::Option<::ots::__private::Value> = ::core::option::Option::None;
            let mut __price: ::core::option::Option<::ots::__private::Value> = ::core::option::Option::None;
            let mut __stock: ::core::option::Option<::ots::__private::Value> = ::core::option::Option::None;
            let mut __on_sale: ::core::option::Option<::ots::__private::Value> = ::core::option::Option::None;
            let mut __listed_at: ::core::option::Option<::ots::__private::Value> = ::core::option::Option::None;
            let mut __release_day: ::core::option::Option<::ots::__private::Value> = ::core::option::Option::None;
            let mut __location: ::core::option::Option<::ots::__private::Value> = ::core::option::Option::None;
            let mut __tags: ::core::option::Option<::ots::__private::Value> = ::core::option::Option::None;
            let mut __reviews: ::core::option::Option<::ots::__private::Value> = ::core::option::Option::None;
            let mut __embedding: ::core::option::Option<::ots::__private::Value> = ::core::option::Option::None;
            let mut __sku: ::core::option::Option<::ots::__private::Value> = ::core::option::Option::None;
            let mut __internal_note: ::core::option::Option<::ots::__private::Value> = ::core::option::Option::None;
            for col in row.columns {
                match col.name.as_str() {
                    "name" => {
                        if __name.is_none() {
                            __name = ::core::option::Option::Some(col.value);
                        }
                    }
                    "description" => {
                        if __description.is_none() {
                            __description = ::core::option::Option::Some(col.value);
                        }
                    }
                    "title" => {
                        if __title.is_none() {
                            __title = ::core::option::Option::Some(col.value);
                        }
                    }
                    "price" => {
                        if __price.is_none() {
                            __price = ::core::option::Option::Some(col.value);
                        }
                    }
                    "stock" => {
                        if __stock.is_none() {
                            __stock = ::core::option::Option::Some(col.value);
                        }
                    }
                    "on_sale" => {
                        if __on_sale.is_none() {
                            __on_sale = ::core::option::Option::Some(col.value);
                        }
                    }
                    "listed_at" => {
                        if __listed_at.is_none() {
                            __listed_at = ::core::option::Option::Some(col.value);
                        }
                    }
                    "release_day" => {
                        if __release_day.is_none() {
                            __release_day = ::core::option::Option::Some(col.value);
                        }
                    }
                    "location" => {
                        if __location.is_none() {
                            __location = ::core::option::Option::Some(col.value);
                        }
                    }
                    "tags" => {
                        if __tags.is_none() {
                            __tags = ::core::option::Option::Some(col.value);
                        }
                    }
                    "reviews" => {
                        if __reviews.is_none() {
                            __reviews = ::core::option::Option::Some(col.value);
                        }
                    }
                    "embedding" => {
                        if __embedding.is_none() {
                            __embedding = ::core::option::Option::Some(col.value);
                        }
                    }
                    "sku" => {
                        if __sku.is_none() {
                            __sku = ::core::option::Option::Some(col.value);
                        }
                    }
                    "internal_note" => {
                        if __internal_note.is_none() {
                            __internal_note = ::core::option::Option::Some(col.value);
                        }
                    }
                    _ => {}
                }
            }
            ::core::result::Result::Ok(Self {
                region: key.region,
                id: key.id,
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
                description: match __description {
                    ::core::option::Option::Some(v) => {
                        (__OTS_FNS_DESCRIPTION.from)(v)
                            .map_err(|m: ::ots::__private::Mismatch| ::ots::__private::Error::mapping(
                                <Self as ::ots::__private::OtsTable>::TABLE,
                                "description",
                                &m.expected,
                                &m.found,
                            ))?
                    }
                    ::core::option::Option::None => {
                        return ::core::result::Result::Err(
                            ::ots::__private::Error::mapping(
                                <Self as ::ots::__private::OtsTable>::TABLE,
                                "description",
                                "a value (the field is not optional)",
                                "no such column",
                            ),
                        );
                    }
                },
                title: match __title {
                    ::core::option::Option::Some(v) => {
                        ::core::option::Option::Some(
                            (__OTS_FNS_TITLE.from)(v)
                                .map_err(|m: ::ots::__private::Mismatch| ::ots::__private::Error::mapping(
                                    <Self as ::ots::__private::OtsTable>::TABLE,
                                    "title",
                                    &m.expected,
                                    &m.found,
                                ))?,
                        )
                    }
                    ::core::option::Option::None => ::core::option::Option::None,
                },
                price: match __price {
                    ::core::option::Option::Some(v) => {
                        (__OTS_FNS_PRICE.from)(v)
                            .map_err(|m: ::ots::__private::Mismatch| ::ots::__private::Error::mapping(
                                <Self as ::ots::__private::OtsTable>::TABLE,
                                "price",
                                &m.expected,
                                &m.found,
                            ))?
                    }
                    ::core::option::Option::None => {
                        return ::core::result::Result::Err(
                            ::ots::__private::Error::mapping(
                                <Self as ::ots::__private::OtsTable>::TABLE,
                                "price",
                                "a value (the field is not optional)",
                                "no such column",
                            ),
                        );
                    }
                },
                stock: match __stock {
                    ::core::option::Option::Some(v) => {
                        (__OTS_FNS_STOCK.from)(v)
                            .map_err(|m: ::ots::__private::Mismatch| ::ots::__private::Error::mapping(
                                <Self as ::ots::__private::OtsTable>::TABLE,
                                "stock",
                                &m.expected,
                                &m.found,
                            ))?
                    }
                    ::core::option::Option::None => {
                        return ::core::result::Result::Err(
                            ::ots::__private::Error::mapping(
                                <Self as ::ots::__private::OtsTable>::TABLE,
                                "stock",
                                "a value (the field is not optional)",
                                "no such column",
                            ),
                        );
                    }
                },
                on_sale: match __on_sale {
                    ::core::option::Option::Some(v) => {
                        (__OTS_FNS_ON_SALE.from)(v)
                            .map_err(|m: ::ots::__private::Mismatch| ::ots::__private::Error::mapping(
                                <Self as ::ots::__private::OtsTable>::TABLE,
                                "on_sale",
                                &m.expected,
                                &m.found,
                            ))?
                    }
                    ::core::option::Option::None => {
                        return ::core::result::Result::Err(
                            ::ots::__private::Error::mapping(
                                <Self as ::ots::__private::OtsTable>::TABLE,
                                "on_sale",
                                "a value (the field is not optional)",
                                "no such column",
                            ),
                        );
                    }
                },
                listed_at: match __listed_at {
                    ::core::option::Option::Some(v) => {
                        (__OTS_FNS_LISTED_AT.from)(v)
                            .map_err(|m: ::ots::__private::Mismatch| ::ots::__private::Error::mapping(
                                <Self as ::ots::__private::OtsTable>::TABLE,
                                "listed_at",
                                &m.expected,
                                &m.found,
                            ))?
                    }
                    ::core::option::Option::None => {
                        return ::core::result::Result::Err(
                            ::ots::__private::Error::mapping(
                                <Self as ::ots::__private::OtsTable>::TABLE,
                                "listed_at",
                                "a value (the field is not optional)",
                                "no such column",
                            ),
                        );
                    }
                },
                release_day: match __release_day {
                    ::core::option::Option::Some(v) => {
                        (__OTS_FNS_RELEASE_DAY.from)(v)
                            .map_err(|m: ::ots::__private::Mismatch| ::ots::__private::Error::mapping(
                                <Self as ::ots::__private::OtsTable>::TABLE,
                                "release_day",
                                &m.expected,
                                &m.found,
                            ))?
                    }
                    ::core::option::Option::None => {
                        return ::core::result::Result::Err(
                            ::ots::__private::Error::mapping(
                                <Self as ::ots::__private::OtsTable>::TABLE,
                                "release_day",
                                "a value (the field is not optional)",
                                "no such column",
                            ),
                        );
                    }
                },
                location: match __location {
                    ::core::option::Option::Some(v) => {
                        ::core::option::Option::Some(
                            (__OTS_FNS_LOCATION.from)(v)
                                .map_err(|m: ::ots::__private::Mismatch| ::ots::__private::Error::mapping(
                                    <Self as ::ots::__private::OtsTable>::TABLE,
                                    "location",
                                    &m.expected,
                                    &m.found,
                                ))?,
                        )
                    }
                    ::core::option::Option::None => ::core::option::Option::None,
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
                reviews: match __reviews {
                    ::core::option::Option::Some(v) => {
                        (__OTS_FNS_REVIEWS.from)(v)
                            .map_err(|m: ::ots::__private::Mismatch| ::ots::__private::Error::mapping(
                                <Self as ::ots::__private::OtsTable>::TABLE,
                                "reviews",
                                &m.expected,
                                &m.found,
                            ))?
                    }
                    ::core::option::Option::None => {
                        return ::core::result::Result::Err(
                            ::ots::__private::Error::mapping(
                                <Self as ::ots::__private::OtsTable>::TABLE,
                                "reviews",
                                "a value (the field is not optional)",
                                "no such column",
                            ),
                        );
                    }
                },
                embedding: match __embedding {
                    ::core::option::Option::Some(v) => {
                        (__OTS_FNS_EMBEDDING.from)(v)
                            .map_err(|m: ::ots::__private::Mismatch| ::ots::__private::Error::mapping(
                                <Self as ::ots::__private::OtsTable>::TABLE,
                                "embedding",
                                &m.expected,
                                &m.found,
                            ))?
                    }
                    ::core::option::Option::None => {
                        return ::core::result::Result::Err(
                            ::ots::__private::Error::mapping(
                                <Self as ::ots::__private::OtsTable>::TABLE,
                                "embedding",
                                "a value (the field is not optional)",
                                "no such column",
                            ),
                        );
                    }
                },
                sku: match __sku {
                    ::core::option::Option::Some(v) => {
                        (__OTS_FNS_SKU.from)(v)
                            .map_err(|m: ::ots::__private::Mismatch| ::ots::__private::Error::mapping(
                                <Self as ::ots::__private::OtsTable>::TABLE,
                                "sku",
                                &m.expected,
                                &m.found,
                            ))?
                    }
                    ::core::option::Option::None => {
                        return ::core::result::Result::Err(
                            ::ots::__private::Error::mapping(
                                <Self as ::ots::__private::OtsTable>::TABLE,
                                "sku",
                                "a value (the field is not optional)",
                                "no such column",
                            ),
                        );
                    }
                },
                internal_note: match __internal_note {
                    ::core::option::Option::Some(v) => {
                        (__OTS_FNS_INTERNAL_NOTE.from)(v)
                            .map_err(|m: ::ots::__private::Mismatch| ::ots::__private::Error::mapping(
                                <Self as ::ots::__private::OtsTable>::TABLE,
                                "internal_note",
                                &m.expected,
                                &m.found,
                            ))?
                    }
                    ::core::option::Option::None => {
                        return ::core::result::Result::Err(
                            ::ots::__private::Error::mapping(
                                <Self as ::ots::__private::OtsTable>::TABLE,
                                "internal_note",
                                "a value (the field is not optional)",
                                "no such column",
                            ),
                        );
                    }
                },
            })
        }
        fn patch_updates(
            patch: ProductPatch,
        ) -> ::ots::__private::Result<::std::vec::Vec<::ots::__private::ColumnUpdate>> {
            let mut ups = ::std::vec::Vec::new();
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
            match patch.description {
                ::ots::__private::Patch::Set(v) => {
                    ups.push(::ots::__private::ColumnUpdate::Put {
                        name: ::std::string::String::from("description"),
                        value: (__OTS_FNS_DESCRIPTION.to)(&v)
                            .map_err(|m: ::ots::__private::Mismatch| ::ots::__private::Error::mapping(
                                <Self as ::ots::__private::OtsTable>::TABLE,
                                "description",
                                &m.expected,
                                &m.found,
                            ))?,
                        timestamp: ::core::option::Option::None,
                    })
                }
                ::ots::__private::Patch::Delete => {
                    ups.push(::ots::__private::ColumnUpdate::DeleteAllVersions {
                        name: ::std::string::String::from("description"),
                    })
                }
                ::ots::__private::Patch::Increment(d) => {
                    let _ = d;
                    return ::core::result::Result::Err(
                        ::ots::__private::Error::mapping(
                            <Self as ::ots::__private::OtsTable>::TABLE,
                            "description",
                            "an integer column to increment",
                            "a non-integer field",
                        ),
                    );
                }
                _ => {}
            }
            match patch.title {
                ::ots::__private::Patch::Set(v) => {
                    ups.push(::ots::__private::ColumnUpdate::Put {
                        name: ::std::string::String::from("title"),
                        value: (__OTS_FNS_TITLE.to)(&v)
                            .map_err(|m: ::ots::__private::Mismatch| ::ots::__private::Error::mapping(
                                <Self as ::ots::__private::OtsTable>::TABLE,
                                "title",
                                &m.expected,
                                &m.found,
                            ))?,
                        timestamp: ::core::option::Option::None,
                    })
                }
                ::ots::__private::Patch::Delete => {
                    ups.push(::ots::__private::ColumnUpdate::DeleteAllVersions {
                        name: ::std::string::String::from("title"),
                    })
                }
                ::ots::__private::Patch::Increment(d) => {
                    let _ = d;
                    return ::core::result::Result::Err(
                        ::ots::__private::Error::mapping(
                            <Self as ::ots::__private::OtsTable>::TABLE,
                            "title",
                            "an integer column to increment",
                            "a non-integer field",
                        ),
                    );
                }
                _ => {}
            }
            match patch.price {
                ::ots::__private::Patch::Set(v) => {
                    ups.push(::ots::__private::ColumnUpdate::Put {
                        name: ::std::string::String::from("price"),
                        value: (__OTS_FNS_PRICE.to)(&v)
                            .map_err(|m: ::ots::__private::Mismatch| ::ots::__private::Error::mapping(
                                <Self as ::ots::__private::OtsTable>::TABLE,
                                "price",
                                &m.expected,
                                &m.found,
                            ))?,
                        timestamp: ::core::option::Option::None,
                    })
                }
                ::ots::__private::Patch::Delete => {
                    ups.push(::ots::__private::ColumnUpdate::DeleteAllVersions {
                        name: ::std::string::String::from("price"),
                    })
                }
                ::ots::__private::Patch::Increment(d) => {
                    let _ = d;
                    return ::core::result::Result::Err(
                        ::ots::__private::Error::mapping(
                            <Self as ::ots::__private::OtsTable>::TABLE,
                            "price",
                            "an integer column to increment",
                            "a non-integer field",
                        ),
                    );
                }
                _ => {}
            }
            match patch.stock {
                ::ots::__private::Patch::Set(v) => {
                    ups.push(::ots::__private::ColumnUpdate::Put {
                        name: ::std::string::String::from("stock"),
                        value: (__OTS_FNS_STOCK.to)(&v)
                            .map_err(|m: ::ots::__private::Mismatch| ::ots::__private::Error::mapping(
                                <Self as ::ots::__private::OtsTable>::TABLE,
                                "stock",
                                &m.expected,
                                &m.found,
                            ))?,
                        timestamp: ::core::option::Option::None,
                    })
                }
                ::ots::__private::Patch::Delete => {
                    ups.push(::ots::__private::ColumnUpdate::DeleteAllVersions {
                        name: ::std::string::String::from("stock"),
                    })
                }
                ::ots::__private::Patch::Increment(d) => {
                    ups.push(::ots::__private::ColumnUpdate::Increment {
                        name: ::std::string::String::from("stock"),
                        delta: d,
                    });
                }
                _ => {}
            }
            match patch.on_sale {
                ::ots::__private::Patch::Set(v) => {
                    ups.push(::ots::__private::ColumnUpdate::Put {
                        name: ::std::string::String::from("on_sale"),
                        value: (__OTS_FNS_ON_SALE.to)(&v)
                            .map_err(|m: ::ots::__private::Mismatch| ::ots::__private::Error::mapping(
                                <Self as ::ots::__private::OtsTable>::TABLE,
                                "on_sale",
                                &m.expected,
                                &m.found,
                            ))?,
                        timestamp: ::core::option::Option::None,
                    })
                }
                ::ots::__private::Patch::Delete => {
                    ups.push(::ots::__private::ColumnUpdate::DeleteAllVersions {
                        name: ::std::string::String::from("on_sale"),
                    })
                }
                ::ots::__private::Patch::Increment(d) => {
                    let _ = d;
                    return ::core::result::Result::Err(
                        ::ots::__private::Error::mapping(
                            <Self as ::ots::__private::OtsTable>::TABLE,
                            "on_sale",
                            "an integer column to increment",
                            "a non-integer field",
                        ),
                    );
                }
                _ => {}
            }
            match patch.listed_at {
                ::ots::__private::Patch::Set(v) => {
                    ups.push(::ots::__private::ColumnUpdate::Put {
                        name: ::std::string::String::from("listed_at"),
                        value: (__OTS_FNS_LISTED_AT.to)(&v)
                            .map_err(|m: ::ots::__private::Mismatch| ::ots::__private::Error::mapping(
                                <Self as ::ots::__private::OtsTable>::TABLE,
                                "listed_at",
                                &m.expected,
                                &m.found,
                            ))?,
                        timestamp: ::core::option::Option::None,
                    })
                }
                ::ots::__private::Patch::Delete => {
                    ups.push(::ots::__private::ColumnUpdate::DeleteAllVersions {
                        name: ::std::string::String::from("listed_at"),
                    })
                }
                ::ots::__private::Patch::Increment(d) => {
                    let _ = d;
                    return ::core::result::Result::Err(
                        ::ots::__private::Error::mapping(
                            <Self as ::ots::__private::OtsTable>::TABLE,
                            "listed_at",
                            "an integer column to increment",
                            "a non-integer field",
                        ),
                    );
                }
                _ => {}
            }
            match patch.release_day {
                ::ots::__private::Patch::Set(v) => {
                    ups.push(::ots::__private::ColumnUpdate::Put {
                        name: ::std::string::String::from("release_day"),
                        value: (__OTS_FNS_RELEASE_DAY.to)(&v)
                            .map_err(|m: ::ots::__private::Mismatch| ::ots::__private::Error::mapping(
                                <Self as ::ots::__private::OtsTable>::TABLE,
                                "release_day",
                                &m.expected,
                                &m.found,
                            ))?,
                        timestamp: ::core::option::Option::None,
                    })
                }
                ::ots::__private::Patch::Delete => {
                    ups.push(::ots::__private::ColumnUpdate::DeleteAllVersions {
                        name: ::std::string::String::from("release_day"),
                    })
                }
                ::ots::__private::Patch::Increment(d) => {
                    let _ = d;
                    return ::core::result::Result::Err(
                        ::ots::__private::Error::mapping(
                            <Self as ::ots::__private::OtsTable>::TABLE,
                            "release_day",
                            "an integer column to increment",
                            "a non-integer field",
                        ),
                    );
                }
                _ => {}
            }
            match patch.location {
                ::ots::__private::Patch::Set(v) => {
                    ups.push(::ots::__private::ColumnUpdate::Put {
                        name: ::std::string::String::from("location"),
                        value: (__OTS_FNS_LOCATION.to)(&v)
                            .map_err(|m: ::ots::__private::Mismatch| ::ots::__private::Error::mapping(
                                <Self as ::ots::__private::OtsTable>::TABLE,
                                "location",
                                &m.expected,
                                &m.found,
                            ))?,
                        timestamp: ::core::option::Option::None,
                    })
                }
                ::ots::__private::Patch::Delete => {
                    ups.push(::ots::__private::ColumnUpdate::DeleteAllVersions {
                        name: ::std::string::String::from("location"),
                    })
                }
                ::ots::__private::Patch::Increment(d) => {
                    let _ = d;
                    return ::core::result::Result::Err(
                        ::ots::__private::Error::mapping(
                            <Self as ::ots::__private::OtsTable>::TABLE,
                            "location",
                            "an integer column to increment",
                            "a non-integer field",
                        ),
                    );
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
            match patch.reviews {
                ::ots::__private::Patch::Set(v) => {
                    ups.push(::ots::__private::ColumnUpdate::Put {
                        name: ::std::string::String::from("reviews"),
                        value: (__OTS_FNS_REVIEWS.to)(&v)
                            .map_err(|m: ::ots::__private::Mismatch| ::ots::__private::Error::mapping(
                                <Self as ::ots::__private::OtsTable>::TABLE,
                                "reviews",
                                &m.expected,
                                &m.found,
                            ))?,
                        timestamp: ::core::option::Option::None,
                    })
                }
                ::ots::__private::Patch::Delete => {
                    ups.push(::ots::__private::ColumnUpdate::DeleteAllVersions {
                        name: ::std::string::String::from("reviews"),
                    })
                }
                ::ots::__private::Patch::Increment(d) => {
                    let _ = d;
                    return ::core::result::Result::Err(
                        ::ots::__private::Error::mapping(
                            <Self as ::ots::__private::OtsTable>::TABLE,
                            "reviews",
                            "an integer column to increment",
                            "a non-integer field",
                        ),
                    );
                }
                _ => {}
            }
            match patch.embedding {
                ::ots::__private::Patch::Set(v) => {
                    ups.push(::ots::__private::ColumnUpdate::Put {
                        name: ::std::string::String::from("embedding"),
                        value: (__OTS_FNS_EMBEDDING.to)(&v)
                            .map_err(|m: ::ots::__private::Mismatch| ::ots::__private::Error::mapping(
                                <Self as ::ots::__private::OtsTable>::TABLE,
                                "embedding",
                                &m.expected,
                                &m.found,
                            ))?,
                        timestamp: ::core::option::Option::None,
                    })
                }
                ::ots::__private::Patch::Delete => {
                    ups.push(::ots::__private::ColumnUpdate::DeleteAllVersions {
                        name: ::std::string::String::from("embedding"),
                    })
                }
                ::ots::__private::Patch::Increment(d) => {
                    let _ = d;
                    return ::core::result::Result::Err(
                        ::ots::__private::Error::mapping(
                            <Self as ::ots::__private::OtsTable>::TABLE,
                            "embedding",
                            "an integer column to increment",
                            "a non-integer field",
                        ),
                    );
                }
                _ => {}
            }
            match patch.sku {
                ::ots::__private::Patch::Set(v) => {
                    ups.push(::ots::__private::ColumnUpdate::Put {
                        name: ::std::string::String::from("sku"),
                        value: (__OTS_FNS_SKU.to)(&v)
                            .map_err(|m: ::ots::__private::Mismatch| ::ots::__private::Error::mapping(
                                <Self as ::ots::__private::OtsTable>::TABLE,
                                "sku",
                                &m.expected,
                                &m.found,
                            ))?,
                        timestamp: ::core::option::Option::None,
                    })
                }
                ::ots::__private::Patch::Delete => {
                    ups.push(::ots::__private::ColumnUpdate::DeleteAllVersions {
                        name: ::std::string::String::from("sku"),
                    })
                }
                ::ots::__private::Patch::Increment(d) => {
                    let _ = d;
                    return ::core::result::Result::Err(
                        ::ots::__private::Error::mapping(
                            <Self as ::ots::__private::OtsTable>::TABLE,
                            "sku",
                            "an integer column to increment",
                            "a non-integer field",
                        ),
                    );
                }
                _ => {}
            }
            match patch.internal_note {
                ::ots::__private::Patch::Set(v) => {
                    ups.push(::ots::__private::ColumnUpdate::Put {
                        name: ::std::string::String::from("internal_note"),
                        value: (__OTS_FNS_INTERNAL_NOTE.to)(&v)
                            .map_err(|m: ::ots::__private::Mismatch| ::ots::__private::Error::mapping(
                                <Self as ::ots::__private::OtsTable>::TABLE,
                                "internal_note",
                                &m.expected,
                                &m.found,
                            ))?,
                        timestamp: ::core::option::Option::None,
                    })
                }
                ::ots::__private::Patch::Delete => {
                    ups.push(::ots::__private::ColumnUpdate::DeleteAllVersions {
                        name: ::std::string::String::from("internal_note"),
                    })
                }
                ::ots::__private::Patch::Increment(d) => {
                    let _ = d;
                    return ::core::result::Result::Err(
                        ::ots::__private::Error::mapping(
                            <Self as ::ots::__private::OtsTable>::TABLE,
                            "internal_note",
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
            patch: &ProductPatch,
        ) -> ::std::vec::Vec<(&'static str, i64, ::core::ops::RangeInclusive<i64>)> {
            #[allow(unused_mut)]
            let mut out = ::std::vec::Vec::new();
            if let ::ots::__private::Patch::Increment(d) = &patch.stock {
                out.push((
                    "stock",
                    *d,
                    <u32 as ::ots::__private::IntegerValue>::MIN..=<u32 as ::ots::__private::IntegerValue>::MAX,
                ));
            }
            out
        }
    }
    #[allow(dead_code)]
    impl Product {
        #[doc(hidden)]
        pub fn __ots_columns() -> ProductColumns {
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
    impl<__OtsA0: ::ots::__private::KeyArg<String>> ::ots::__private::KeyPrefix<Product>
    for (__OtsA0,) {
        fn prefix_values(
            self,
        ) -> ::ots::__private::Result<
            ::std::vec::Vec<::ots::__private::PrimaryKeyValue>,
        > {
            let (__ots_a0,) = self;
            ::core::result::Result::Ok(
                ::std::vec![
                    (__OTS_FNS_REGION.to) (&
                    ::ots::__private::KeyArg::into_key_value(__ots_a0)).map_err(| m :
                    ::ots::__private::Mismatch | { ::ots::__private::Error::mapping(<
                    Product as ::ots::__private::KeySpace > ::NAME, "region", & m
                    .expected, & m.found) }) ?
                ],
            )
        }
    }
    impl<
        __OtsA0: ::ots::__private::KeyArg<String>,
    > ::ots::__private::PartitionKey<Product> for (__OtsA0,) {}
    impl<
        __OtsA0: ::ots::__private::KeyArg<String>,
        __OtsA1: ::ots::__private::KeyArg<i64>,
    > ::ots::__private::KeyPrefix<Product> for (__OtsA0, __OtsA1) {
        fn prefix_values(
            self,
        ) -> ::ots::__private::Result<
            ::std::vec::Vec<::ots::__private::PrimaryKeyValue>,
        > {
            let (__ots_a0, __ots_a1) = self;
            ::core::result::Result::Ok(
                ::std::vec![
                    (__OTS_FNS_REGION.to) (&
                    ::ots::__private::KeyArg::into_key_value(__ots_a0)).map_err(| m :
                    ::ots::__private::Mismatch | { ::ots::__private::Error::mapping(<
                    Product as ::ots::__private::KeySpace > ::NAME, "region", & m
                    .expected, & m.found) }) ?, (__OTS_FNS_ID.to) (&
                    ::ots::__private::KeyArg::into_key_value(__ots_a1)).map_err(| m :
                    ::ots::__private::Mismatch | { ::ots::__private::Error::mapping(<
                    Product as ::ots::__private::KeySpace > ::NAME, "id", & m.expected, &
                    m.found) }) ?
                ],
            )
        }
    }
    impl ::ots::__private::KeyPrefix<Product> for String {
        fn prefix_values(
            self,
        ) -> ::ots::__private::Result<
            ::std::vec::Vec<::ots::__private::PrimaryKeyValue>,
        > {
            ::core::result::Result::Ok(
                ::std::vec![
                    (__OTS_FNS_REGION.to) (& self).map_err(| m :
                    ::ots::__private::Mismatch | { ::ots::__private::Error::mapping(<
                    Product as ::ots::__private::KeySpace > ::NAME, "region", & m
                    .expected, & m.found) }) ?
                ],
            )
        }
    }
    impl ::ots::__private::PartitionKey<Product> for String {}
    impl ::ots::__private::KeyPrefix<Product> for &str {
        fn prefix_values(
            self,
        ) -> ::ots::__private::Result<
            ::std::vec::Vec<::ots::__private::PrimaryKeyValue>,
        > {
            ::core::result::Result::Ok(
                ::std::vec![
                    (__OTS_FNS_REGION.to) (& ::ots::__private::KeyArg:: < String >
                    ::into_key_value(self)).map_err(| m : ::ots::__private::Mismatch | {
                    ::ots::__private::Error::mapping(< Product as
                    ::ots::__private::KeySpace > ::NAME, "region", & m.expected, & m
                    .found) }) ?
                ],
            )
        }
    }
    impl ::ots::__private::PartitionKey<Product> for &str {}
    impl ::ots::__private::KeyPrefix<Product> for &::std::string::String {
        fn prefix_values(
            self,
        ) -> ::ots::__private::Result<
            ::std::vec::Vec<::ots::__private::PrimaryKeyValue>,
        > {
            ::core::result::Result::Ok(
                ::std::vec![
                    (__OTS_FNS_REGION.to) (& ::ots::__private::KeyArg:: < String >
                    ::into_key_value(self)).map_err(| m : ::ots::__private::Mismatch | {
                    ::ots::__private::Error::mapping(< Product as
                    ::ots::__private::KeySpace > ::NAME, "region", & m.expected, & m
                    .found) }) ?
                ],
            )
        }
    }
    impl ::ots::__private::PartitionKey<Product> for &::std::string::String {}
    impl ::ots::__private::KeyPrefix<Product> for ProductKey {
        fn prefix_values(
            self,
        ) -> ::ots::__private::Result<
            ::std::vec::Vec<::ots::__private::PrimaryKeyValue>,
        > {
            <Product as ::ots::__private::KeySpace>::key_values(&self)
        }
    }
    impl ::ots::__private::Searchable for Product {
        type SearchFields = ProductSearchFields;
        const SEARCH_INDEXES: &'static [&'static str] = &["catalog", "geo"];
        fn search_fields() -> ProductSearchFields {
            ProductSearchFields {
                region: ::ots::__private::SearchField::new("region", 3),
                name: ::ots::__private::SearchField::new("name", 3),
                description: ::ots::__private::SearchField::new("description", 1),
                title: ::ots::__private::SearchField::new("title", 3),
                price: ::ots::__private::SearchField::new("price", 3),
                stock: ::ots::__private::SearchField::new("stock", 3),
                on_sale: ::ots::__private::SearchField::new("on_sale", 3),
                listed_at: ::ots::__private::SearchField::new("listed_at", 3),
                release_day: ::ots::__private::SearchField::new("release_day", 1),
                location: ::ots::__private::SearchField::new("location", 2),
                tags: ::ots::__private::SearchField::new("tags", 1),
                reviews: ::ots::__private::NestedField::new("reviews", 2),
                embedding: ::ots::__private::SearchField::new("embedding", 1),
            }
        }
        fn search_index_requests() -> ::std::vec::Vec<
            ::ots::__private::CreateSearchIndexRequest,
        > {
            ::std::vec::Vec::from([
                ::ots::__private::CreateSearchIndexRequest::new(
                        <Self as ::ots::__private::OtsTable>::TABLE,
                        "catalog",
                    )
                    .field(
                        ::ots::__private::FieldSchema::keyword("region")
                            .sort_and_agg(true),
                    )
                    .field(
                        ::ots::__private::FieldSchema::keyword("name").sort_and_agg(true),
                    )
                    .field(
                        ::ots::__private::FieldSchema::text("description")
                            .analyzer(::ots::__private::Analyzer::Split {
                                delimiter: ::core::option::Option::Some(
                                    ::std::string::String::from(","),
                                ),
                            })
                            .highlighting(true),
                    )
                    .field(
                        ::ots::__private::FieldSchema::text("title")
                            .analyzer(::ots::__private::Analyzer::SingleWord {
                                case_sensitive: ::core::option::Option::Some(true),
                                delimit_word: ::core::option::Option::None,
                            })
                            .store(true),
                    )
                    .field(
                        ::ots::__private::FieldSchema::double("price").sort_and_agg(true),
                    )
                    .field(
                        ::ots::__private::FieldSchema::long("stock").sort_and_agg(false),
                    )
                    .field(
                        ::ots::__private::FieldSchema::boolean("on_sale")
                            .sort_and_agg(true),
                    )
                    .field(
                        ::ots::__private::FieldSchema::date(
                                "listed_at",
                                ["epoch_millis"],
                            )
                            .sort_and_agg(true),
                    )
                    .field(
                        ::ots::__private::FieldSchema::date(
                                "release_day",
                                ["yyyy-MM-dd"],
                            )
                            .sort_and_agg(true),
                    )
                    .field(
                        ::ots::__private::FieldSchema::keyword("tags")
                            .array()
                            .sort_and_agg(true),
                    )
                    .field(
                        ::ots::__private::FieldSchema::vector(
                            "embedding",
                            4i32,
                            ::ots::__private::VectorMetric::DotProduct,
                        ),
                    )
                    .field(
                        ::ots::__private::FieldSchema::keyword("sku")
                            .index(false)
                            .store(true)
                            .sort_and_agg(true),
                    )
                    .routing_field("region")
                    .sort_by(::ots::__private::IndexSorter::Field {
                        name: ::std::string::String::from("price"),
                        order: ::ots::__private::SortOrder::Desc,
                        mode: ::core::option::Option::None,
                    })
                    .sort_by(::ots::__private::IndexSorter::Field {
                        name: ::std::string::String::from("name"),
                        order: ::ots::__private::SortOrder::Asc,
                        mode: ::core::option::Option::None,
                    })
                    .time_to_live(86400i32),
                ::ots::__private::CreateSearchIndexRequest::new(
                        <Self as ::ots::__private::OtsTable>::TABLE,
                        "geo",
                    )
                    .field(
                        ::ots::__private::FieldSchema::keyword("region")
                            .sort_and_agg(true),
                    )
                    .field(
                        ::ots::__private::FieldSchema::keyword("name").sort_and_agg(true),
                    )
                    .field(
                        ::ots::__private::FieldSchema::text("title")
                            .analyzer(::ots::__private::Analyzer::SingleWord {
                                case_sensitive: ::core::option::Option::Some(true),
                                delimit_word: ::core::option::Option::None,
                            })
                            .store(true),
                    )
                    .field(
                        ::ots::__private::FieldSchema::double("price").sort_and_agg(true),
                    )
                    .field(
                        ::ots::__private::FieldSchema::long("stock").sort_and_agg(false),
                    )
                    .field(
                        ::ots::__private::FieldSchema::boolean("on_sale")
                            .sort_and_agg(true),
                    )
                    .field(
                        ::ots::__private::FieldSchema::date(
                                "listed_at",
                                ["epoch_millis"],
                            )
                            .sort_and_agg(true),
                    )
                    .field(
                        ::ots::__private::FieldSchema::geo_point("location")
                            .sort_and_agg(true),
                    )
                    .field(
                        ::ots::__private::FieldSchema::nested(
                            "reviews",
                            <Review as ::ots::__private::SearchDocument>::search_schema(),
                        ),
                    ),
            ])
        }
    }
};
