::core::compile_error! {
    "unknown search option `keywrd`, expected one of `keyword`, `text`, `date`, `geo_point`, `nested`, `vector`, `index`, `store`, `sort_and_agg`, `highlight`, `only`"
}
const _: () = {
    impl ::ots::__private::SearchDocument for Review {
        type Fields = ();
        fn search_fields(_: &str, _: u64) {}
        fn search_schema() -> ::std::vec::Vec<::ots::__private::FieldSchema> {
            ::core::unreachable!()
        }
    }
};
