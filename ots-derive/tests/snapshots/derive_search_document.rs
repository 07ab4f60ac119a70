///Typed search handles of the sub-fields of [`Review`], reached through the nested field that holds the documents.
#[derive(Debug, Clone)]
pub struct ReviewSearchFields {
    pub stars: ::ots::__private::SearchField<
        Review,
        i32,
        ::ots::__private::search_kind::Long,
        ::ots::__private::search_kind::Sortable,
    >,
    pub body: ::ots::__private::SearchField<
        Review,
        String,
        ::ots::__private::search_kind::Text,
        ::ots::__private::search_kind::Unsortable,
    >,
    pub author: ::ots::__private::SearchField<
        Review,
        String,
        ::ots::__private::search_kind::Keyword,
        ::ots::__private::search_kind::Sortable,
    >,
    pub at: ::ots::__private::SearchField<
        Review,
        i64,
        ::ots::__private::search_kind::Date,
        ::ots::__private::search_kind::Sortable,
    >,
    pub replies: ::ots::__private::NestedField<Review, Reply>,
    pub labels: ::ots::__private::SearchField<
        Review,
        String,
        ::ots::__private::search_kind::Keyword,
        ::ots::__private::search_kind::Sortable,
    >,
}
const _: () = {
    impl ::ots::__private::SearchDocument for Review {
        type Fields = ReviewSearchFields;
        #[allow(unused_variables)]
        fn search_fields(path: &str, indexes: u64) -> ReviewSearchFields {
            ReviewSearchFields {
                stars: ::ots::__private::SearchField::new(
                    ::std::format!("{}.{}", path, "stars"),
                    indexes,
                ),
                body: ::ots::__private::SearchField::new(
                    ::std::format!("{}.{}", path, "text"),
                    indexes,
                ),
                author: ::ots::__private::SearchField::new(
                    ::std::format!("{}.{}", path, "author"),
                    indexes,
                ),
                at: ::ots::__private::SearchField::new(
                    ::std::format!("{}.{}", path, "at"),
                    indexes,
                ),
                replies: ::ots::__private::NestedField::new(
                    ::std::format!("{}.{}", path, "replies"),
                    indexes,
                ),
                labels: ::ots::__private::SearchField::new(
                    ::std::format!("{}.{}", path, "labels"),
                    indexes,
                ),
            }
        }
        fn search_schema() -> ::std::vec::Vec<::ots::__private::FieldSchema> {
            ::std::vec::Vec::from([
                ::ots::__private::FieldSchema::long("stars").sort_and_agg(true),
                ::ots::__private::FieldSchema::text("text")
                    .analyzer(::ots::__private::Analyzer::Fuzzy {
                        min_chars: ::core::option::Option::Some(2i32),
                        max_chars: ::core::option::Option::Some(5i32),
                    }),
                ::ots::__private::FieldSchema::keyword("author").sort_and_agg(true),
                ::ots::__private::FieldSchema::date("at", ["epoch_millis"])
                    .sort_and_agg(true),
                ::ots::__private::FieldSchema::nested(
                    "replies",
                    <Reply as ::ots::__private::SearchDocument>::search_schema(),
                ),
                ::ots::__private::FieldSchema::keyword("labels")
                    .array()
                    .sort_and_agg(true),
                ::ots::__private::FieldSchema::long("votes")
                    .index(false)
                    .sort_and_agg(true),
            ])
        }
    }
};
