use ots::OtsTable;

#[derive(OtsTable)]
#[ots(search_index = "i0", search_index = "i1", search_index = "i2", search_index = "i3", search_index = "i4", search_index = "i5", search_index = "i6", search_index = "i7", search_index = "i8", search_index = "i9", search_index = "i10", search_index = "i11", search_index = "i12", search_index = "i13", search_index = "i14", search_index = "i15", search_index = "i16", search_index = "i17", search_index = "i18", search_index = "i19", search_index = "i20", search_index = "i21", search_index = "i22", search_index = "i23", search_index = "i24", search_index = "i25", search_index = "i26", search_index = "i27", search_index = "i28", search_index = "i29", search_index = "i30", search_index = "i31", search_index = "i32", search_index = "i33", search_index = "i34", search_index = "i35", search_index = "i36", search_index = "i37", search_index = "i38", search_index = "i39", search_index = "i40", search_index = "i41", search_index = "i42", search_index = "i43", search_index = "i44", search_index = "i45", search_index = "i46", search_index = "i47", search_index = "i48", search_index = "i49", search_index = "i50", search_index = "i51", search_index = "i52", search_index = "i53", search_index = "i54", search_index = "i55", search_index = "i56", search_index = "i57", search_index = "i58", search_index = "i59", search_index = "i60", search_index = "i61", search_index = "i62", search_index = "i63", search_index = "i64")]
struct Product {
    #[ots(pk)]
    id: i64,
    #[ots(search)]
    name: String,
}

fn main() {}
