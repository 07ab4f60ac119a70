"""Drives ots-local with the official Tablestore Python SDK.

Usage: python conformance.py ENDPOINT INSTANCE ACCESS_KEY_ID ACCESS_KEY_SECRET

Every check prints one line; the last line is "N passed, M failed" and the exit status is
non-zero when anything failed. Each check runs on its own so one failure does not hide others.
"""

import sys
import time
import traceback

from tablestore import (
    INF_MAX, INF_MIN, PK_AUTO_INCR, BatchGetRowRequest, BatchWriteRowRequest, CapacityUnit,
    ComparatorType, CompositeColumnCondition, Condition, DeleteRowItem, LogicalOperator, OTSClient,
    OTSServiceError, PutRowItem, ReservedThroughput, ReturnType, Row, RowExistenceExpectation,
    SingleColumnCondition, TableInBatchGetRowItem, TableInBatchWriteRowItem, TableMeta, TableOptions,
    UpdateRowItem, AnalyzerType, FieldSchema, FieldType, IndexSetting, SearchIndexMeta, SyncPhase,
    SplitAnalyzerParameter,
)
from tablestore.retry import NoRetryPolicy

endpoint, instance, akid, secret = sys.argv[1:5]
client = OTSClient(endpoint, akid, secret, instance, retry_policy=NoRetryPolicy())
results = []


def check(fn):
    name = fn.__name__
    try:
        fn()
        results.append(True)
        print("ok   " + name)
    except Exception:  # a failing check must not stop the others
        results.append(False)
        print("FAIL " + name)
        traceback.print_exc()
    return fn


def expect_error(code, status, fn, *args, **kwargs):
    try:
        fn(*args, **kwargs)
    except OTSServiceError as e:
        assert e.get_error_code() == code, (e.get_error_code(), e.get_error_message())
        assert e.get_http_status() == status, e.get_http_status()
        return e
    raise AssertionError("expected %s" % code)


def create(name, pk, max_version=1, defined=None):
    meta = TableMeta(name, pk, defined or [])
    client.create_table(meta, TableOptions(max_version=max_version), ReservedThroughput(CapacityUnit(0, 0)))


def attrs(row):
    return {c[0]: c[1] for c in row.attribute_columns}


@check
def table_lifecycle():
    create("py_tables", [("gid", "INTEGER"), ("name", "STRING")], defined=[("c", "STRING")])
    assert "py_tables" in client.list_table()
    d = client.describe_table("py_tables")
    assert d.table_meta.schema_of_primary_key == [("gid", "INTEGER"), ("name", "STRING")], d.table_meta.schema_of_primary_key
    assert d.table_options.max_version == 1
    client.update_table("py_tables", table_options=TableOptions(max_version=3))
    assert client.describe_table("py_tables").table_options.max_version == 3
    expect_error("OTSObjectAlreadyExist", 409, create, "py_tables", [("gid", "INTEGER")])
    client.delete_table("py_tables")
    expect_error("OTSObjectNotExist", 404, client.describe_table, "py_tables")


@check
def rows_and_conditions():
    create("py_rows", [("id", "INTEGER")], max_version=2)
    pk = [("id", 1)]
    client.put_row("py_rows", Row(pk, [("s", "v"), ("i", 5), ("d", 1.5), ("b", True), ("x", bytearray(b"\x01\x02"))]),
                   Condition(RowExistenceExpectation.EXPECT_NOT_EXIST))
    expect_error("OTSConditionCheckFail", 403, client.put_row, "py_rows", Row(pk, [("s", "w")]),
                 Condition(RowExistenceExpectation.EXPECT_NOT_EXIST))
    _, row, _ = client.get_row("py_rows", pk)
    a = attrs(row)
    assert a == {"s": "v", "i": 5, "d": 1.5, "b": True, "x": bytearray(b"\x01\x02")}, a
    assert row.primary_key == pk

    cond = Condition(RowExistenceExpectation.EXPECT_EXIST, SingleColumnCondition("i", 5, ComparatorType.EQUAL))
    client.update_row("py_rows", Row(pk, {"PUT": [("s", "w")], "DELETE_ALL": ["d"], "INCREMENT": [("i", 2)]}), cond)
    expect_error("OTSConditionCheckFail", 403, client.update_row, "py_rows", Row(pk, {"PUT": [("s", "z")]}), cond)
    _, row, _ = client.get_row("py_rows", pk, max_version=2)
    versions = [c for c in row.attribute_columns if c[0] == "s"]
    assert [v[1] for v in versions] == ["w", "v"], versions
    a = attrs(client.get_row("py_rows", pk)[1])
    assert a["i"] == 7 and "d" not in a, a

    f = CompositeColumnCondition(LogicalOperator.AND)
    f.add_sub_condition(SingleColumnCondition("i", 7, ComparatorType.GREATER_EQUAL))
    f.add_sub_condition(SingleColumnCondition("s", "w", ComparatorType.EQUAL))
    assert client.get_row("py_rows", pk, column_filter=f)[1] is not None
    miss = SingleColumnCondition("i", 100, ComparatorType.GREATER_THAN)
    assert client.get_row("py_rows", pk, column_filter=miss)[1] is None

    client.delete_row("py_rows", Row(pk), Condition(RowExistenceExpectation.EXPECT_EXIST))
    assert client.get_row("py_rows", pk)[1] is None
    expect_error("OTSConditionCheckFail", 403, client.delete_row, "py_rows", Row(pk),
                 Condition(RowExistenceExpectation.EXPECT_EXIST))
    e = expect_error("OTSInvalidPK", 400, client.get_row, "py_rows", [("id", "not-an-int")])
    assert e.get_error_message() == "Validate PK type fail. Input: VT_STRING, Meta: VT_INTEGER.", e.get_error_message()


@check
def auto_increment():
    create("py_auto", [("p", "STRING"), ("seq", "INTEGER", PK_AUTO_INCR)])
    seen = []
    for i in range(5):
        _, row = client.put_row("py_auto", Row([("p", "a"), ("seq", PK_AUTO_INCR)], [("i", i)]),
                                Condition(RowExistenceExpectation.IGNORE), ReturnType.RT_PK)
        seen.append(dict(row.primary_key)["seq"])
    assert seen == sorted(seen) and len(set(seen)) == 5, seen
    _, row, _ = client.get_row("py_auto", [("p", "a"), ("seq", seen[2])])
    assert attrs(row) == {"i": 2}


@check
def batches():
    create("py_batch", [("id", "INTEGER")])
    ignore = Condition(RowExistenceExpectation.IGNORE)
    items = [PutRowItem(Row([("id", i)], [("v", i)]), ignore) for i in range(10)]
    items.append(UpdateRowItem(Row([("id", 100)], {"INCREMENT": [("v", 100)]}), ignore))
    items.append(PutRowItem(Row([("id", 50)], [("v", 1)]), Condition(RowExistenceExpectation.EXPECT_EXIST)))
    req = BatchWriteRowRequest()
    req.add(TableInBatchWriteRowItem("py_batch", items))
    resp = client.batch_write_row(req)
    succ, fail = resp.get_put()
    assert len(succ) == 10 and len(fail) == 1, (len(succ), len(fail))
    assert fail[0].error_code == "OTSConditionCheckFail", fail[0].error_code
    usucc, ufail = resp.get_update()
    assert len(usucc) == 1 and not ufail

    req = BatchWriteRowRequest()
    req.add(TableInBatchWriteRowItem("py_batch", [DeleteRowItem(Row([("id", 9)]), ignore)]))
    assert client.batch_write_row(req).is_all_succeed()

    req = BatchGetRowRequest()
    req.add(TableInBatchGetRowItem("py_batch", [[("id", 100)], [("id", 5)], [("id", 9)]], max_version=1))
    rows = client.batch_get_row(req).get_result_by_table("py_batch")
    assert [r.is_ok for r in rows] == [True, True, True]
    assert attrs(rows[0].row) == {"v": 100} and attrs(rows[1].row) == {"v": 5}
    assert rows[2].row is None

    many = BatchGetRowRequest()
    many.add(TableInBatchGetRowItem("py_batch", [[("id", i)] for i in range(101)], max_version=1))
    e = expect_error("OTSParameterInvalid", 400, client.batch_get_row, many)
    assert e.get_error_message() == "Rows count exceeds the upper limit: 100.", e.get_error_message()

    big = BatchWriteRowRequest()
    big.add(TableInBatchWriteRowItem("py_batch", [PutRowItem(Row([("id", i)], [("v", i)]), ignore) for i in range(201)]))
    e = expect_error("OTSParameterInvalid", 400, client.batch_write_row, big)
    assert e.get_error_message() == "Rows count exceeds the upper limit: 200.", e.get_error_message()


@check
def ranges_across_pages():
    create("py_range", [("id", "INTEGER")])
    ignore = Condition(RowExistenceExpectation.IGNORE)
    for start in range(0, 5200, 200):
        req = BatchWriteRowRequest()
        req.add(TableInBatchWriteRowItem(
            "py_range", [PutRowItem(Row([("id", i)], [("v", i)]), ignore) for i in range(start, start + 200)]))
        assert client.batch_write_row(req).is_all_succeed()
    _, next_pk, rows, _ = client.get_range("py_range", "FORWARD", [("id", INF_MIN)], [("id", INF_MAX)])
    assert len(rows) == 5000, len(rows)
    assert next_pk == [("id", 5000)], next_pk
    _, next_pk, rows, _ = client.get_range("py_range", "FORWARD", next_pk, [("id", INF_MAX)])
    assert [r.primary_key[0][1] for r in rows] == list(range(5000, 5200))
    assert next_pk is None
    _, next_pk, rows, _ = client.get_range("py_range", "BACKWARD", [("id", INF_MAX)], [("id", INF_MIN)], limit=3)
    assert [r.primary_key[0][1] for r in rows] == [5199, 5198, 5197], rows
    assert next_pk == [("id", 5196)]
    counter = CapacityUnit(0, 0)
    f = SingleColumnCondition("v", 5100, ComparatorType.GREATER_EQUAL)
    got = list(client.xget_range("py_range", "FORWARD", [("id", INF_MIN)], [("id", INF_MAX)], counter, column_filter=f))
    assert [r.primary_key[0][1] for r in got] == list(range(5100, 5200)), len(got)
    expect_error("OTSParameterInvalid", 400, client.get_range, "py_range", "FORWARD", [("id", 5)], [("id", 1)])


@check
def versions_time_ranges_and_column_ranges():
    import time
    create("py_versions", [("id", "INTEGER")], max_version=3)
    now = int(time.time() * 1000)
    pk = [("id", 1)]
    client.put_row("py_versions", Row(pk, [("a", "v1", now - 3000), ("b", 1), ("c", 2)]))
    client.update_row("py_versions", Row(pk, {"PUT": [("a", "v2", now - 2000)]}), Condition(RowExistenceExpectation.EXPECT_EXIST))
    client.update_row("py_versions", Row(pk, {"PUT": [("a", "v3", now - 1000)]}), Condition(RowExistenceExpectation.EXPECT_EXIST))
    _, row, _ = client.get_row("py_versions", pk, columns_to_get=["a"], max_version=3)
    assert [c[1] for c in row.attribute_columns] == ["v3", "v2", "v1"], row.attribute_columns
    _, row, _ = client.get_row("py_versions", pk, columns_to_get=["a"], max_version=None, time_range=(now - 2500, now - 500))
    assert [c[1] for c in row.attribute_columns] == ["v3", "v2"], row.attribute_columns
    _, row, _ = client.get_row("py_versions", pk, columns_to_get=["a"], max_version=None, time_range=now - 3000)
    assert [c[1] for c in row.attribute_columns] == ["v1"], row.attribute_columns
    _, row, _ = client.get_row("py_versions", pk, start_column="b", end_column="c")
    assert [c[0] for c in row.attribute_columns] == ["b"], row.attribute_columns
    client.update_row("py_versions", Row(pk, {"DELETE": [("a", None, now - 2000)]}), Condition(RowExistenceExpectation.IGNORE))
    _, row, _ = client.get_row("py_versions", pk, columns_to_get=["a"], max_version=3)
    assert [c[1] for c in row.attribute_columns] == ["v3", "v1"], row.attribute_columns
    client.update_table("py_versions", reserved_throughput=ReservedThroughput(CapacityUnit(1, 2)))
    d = client.describe_table("py_versions")
    cu = d.reserved_throughput_details.capacity_unit
    assert (cu.read, cu.write) == (1, 2), (cu.read, cu.write)


@check
def wrong_credentials():
    bad = OTSClient(endpoint, akid, secret + "x", instance, retry_policy=NoRetryPolicy())
    e = expect_error("OTSAuthFailed", 403, bad.list_table)
    assert e.get_error_message() == "Signature mismatch.", e.get_error_message()
    other = OTSClient(endpoint, akid + "x", secret, instance, retry_policy=NoRetryPolicy())
    expect_error("OTSAuthFailed", 403, other.list_table)


@check
def v4_signing_and_sts_tokens():
    v4 = OTSClient(endpoint, akid, secret, instance, region="cn-hangzhou", retry_policy=NoRetryPolicy())
    create("py_v4", [("id", "INTEGER")])
    v4.put_row("py_v4", Row([("id", 1)], [("a", "b")]))
    assert attrs(v4.get_row("py_v4", [("id", 1)])[1]) == {"a": "b"}
    sts = OTSClient(endpoint, akid, secret, instance, sts_token="token", retry_policy=NoRetryPolicy())
    assert "py_v4" in sts.list_table()


@check
def concurrent_increments_are_not_lost():
    # Many clients increment one counter while others write 200-row batches into the same
    # table: every acknowledged increment must count. (The SDK cannot ask for RT_AFTER_MODIFY;
    # the Rust suite checks the returned values.)
    import threading
    create("py_counter", [("id", "INTEGER")])
    ignore = Condition(RowExistenceExpectation.IGNORE)
    errors = []

    def increments():
        try:
            for _ in range(50):
                client.update_row("py_counter", Row([("id", 0)], {"increment": [("hits", 1)]}), ignore)
        except Exception as e:  # reported below; a thread must not die silently
            errors.append(e)

    def batches(t):
        try:
            for b in range(5):
                req = BatchWriteRowRequest()
                req.add(TableInBatchWriteRowItem("py_counter", [
                    PutRowItem(Row([("id", 1000 + t * 1000 + r)], [("b", b)]), ignore) for r in range(200)]))
                assert client.batch_write_row(req).is_all_succeed()
        except Exception as e:
            errors.append(e)

    threads = [threading.Thread(target=increments) for _ in range(16)]
    threads += [threading.Thread(target=batches, args=(t,)) for t in range(2)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert not errors, errors
    _, row, _ = client.get_row("py_counter", [("id", 0)])
    assert attrs(row) == {"hits": 16 * 50}, attrs(row)


@check
def concurrent_auto_increment_keys_are_distinct():
    import threading
    create("py_auto_many", [("p", "STRING"), ("seq", "INTEGER", PK_AUTO_INCR)])
    ignore = Condition(RowExistenceExpectation.IGNORE)
    keys, errors = [], []

    def writer(t):
        try:
            for i in range(25):
                _, row = client.put_row("py_auto_many", Row([("p", "a"), ("seq", PK_AUTO_INCR)], [("w", t)]),
                                        ignore, ReturnType.RT_PK)
                keys.append(dict(row.primary_key)["seq"])
        except Exception as e:
            errors.append(e)

    threads = [threading.Thread(target=writer, args=(t,)) for t in range(8)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert not errors, errors
    assert len(keys) == 200 and len(set(keys)) == 200, (len(keys), len(set(keys)))
    _, _, rows, _ = client.get_range("py_auto_many", "FORWARD", [("p", "a"), ("seq", INF_MIN)], [("p", "a"), ("seq", INF_MAX)])
    assert sorted(keys) == [r.primary_key[1][1] for r in rows]


@check
def v4_clients_see_errors_raised_before_authentication():
    # A body over 5 MB is refused before the request is authenticated; a V4 client must see
    # the service's error, not a response signature it cannot check.
    v4 = OTSClient(endpoint, akid, secret, instance, region="cn-hangzhou", retry_policy=NoRetryPolicy())
    create("py_v4_big", [("id", "INTEGER")])
    big = "x" * (1900 * 1024)
    row = Row([("id", 1)], [("a", big), ("b", big), ("c", big)])
    expect_error("OTSRequestBodyTooLarge", 413, v4.put_row, "py_v4_big", row)
    expect_error("OTSRequestBodyTooLarge", 413, client.put_row, "py_v4_big", row)
    assert v4.get_row("py_v4_big", [("id", 1)])[1] is None


@check
def batch_rows_with_keys_that_do_not_fit_fail_alone():
    create("py_pk_fit", [("PK1", "STRING")])
    ignore = Condition(RowExistenceExpectation.IGNORE)
    req = BatchGetRowRequest()
    req.add(TableInBatchGetRowItem("py_pk_fit", [[("PK2", "blah")]], [], None, 1))
    succ, failed = client.batch_get_row(req).get_result()
    assert not succ and len(failed) == 1
    assert failed[0].error_code == "OTSInvalidPK", failed[0].error_code
    assert failed[0].error_message == "Validate PK name fail. Input: PK2, Meta: PK1.", failed[0].error_message
    req = BatchWriteRowRequest()
    req.add(TableInBatchWriteRowItem("py_pk_fit", [
        UpdateRowItem(Row([("PK1", "a"), ("PK2", 1)], {"put": [("C1", "V")]}), ignore),
        PutRowItem(Row([("PK1", "b")], [("C1", "V")]), ignore)]))
    resp = client.batch_write_row(req)
    _, ufailed = resp.get_update()
    assert ufailed[0].error_message == "Validate PK size fail. Input: 2, Meta: 1.", ufailed[0].error_message
    psucc, _ = resp.get_put()
    assert len(psucc) == 1
    req = BatchGetRowRequest()
    req.add(TableInBatchGetRowItem("py_pk_fit", [], [], None, 1))
    client.batch_get_row(req)  # a table naming no row is no error


@check
def capacity_units_follow_row_data_size():
    create("py_cu", [("PK0", "INTEGER"), ("PK1", "STRING")])
    pk = [("PK0", 3), ("PK1", "1")]  # 3 + 8 + 3 + 1 = 15 bytes of key
    consumed, _ = client.update_row("py_cu", Row(pk, {"put": [("col0", "X" * (4096 - 15 - 4))]}),
                                    Condition(RowExistenceExpectation.IGNORE))
    assert (consumed.read, consumed.write) == (0, 1), (consumed.read, consumed.write)
    consumed, row, _ = client.get_row("py_cu", pk, max_version=1)
    assert (consumed.read, consumed.write) == (1, 0), (consumed.read, consumed.write)
    consumed, row, _ = client.get_row("py_cu", [("PK0", 5), ("PK1", "2")], max_version=1)
    assert row is None and consumed.read == 1
    items = [PutRowItem(Row([("PK0", 0), ("PK1", "c")], [("index", 6)]),
                        Condition(RowExistenceExpectation.IGNORE, SingleColumnCondition("index", 0, ComparatorType.EQUAL)))]
    req = BatchWriteRowRequest()
    req.add(TableInBatchWriteRowItem("py_cu", items))
    (item,), _ = client.batch_write_row(req).get_put()
    assert (item.consumed.read, item.consumed.write) == (1, 1), (item.consumed.read, item.consumed.write)


@check
def columns_to_get_naming_absent_columns_finds_no_row():
    create("py_ctg", [("PK1", "STRING")])
    pk = [("PK1", "0")]
    client.put_row("py_ctg", Row(pk, [("C1", "blah"), ("C2", 123)]))
    _, row, _ = client.get_row("py_ctg", pk, ["blah"], max_version=1)
    assert row is None
    _, row, _ = client.get_row("py_ctg", pk, ["C1"], max_version=1)
    assert attrs(row) == {"C1": "blah"}
    _, _, rows, _ = client.get_range("py_ctg", "FORWARD", [("PK1", INF_MIN)], [("PK1", INF_MAX)], ["blah"], max_version=1)
    assert rows == [], rows
    # No version in the time range: naming the column finds no row; naming none keeps the
    # bare key (as the Go SDK's TestBatchGetRow and TestGetRange expect of the service).
    later = int(time.time() * 1000) + 3600 * 1000
    window = (later, later + 1000)
    _, row, _ = client.get_row("py_ctg", pk, ["C1"], time_range=window)
    assert row is None, row
    _, row, _ = client.get_row("py_ctg", pk, None, time_range=window)
    assert row is not None and row.attribute_columns == [], row


@check
def search_index_management():
    table = "py_search"
    client.create_table(TableMeta(table, [("id", "INTEGER"), ("part", "STRING")]),
                        TableOptions(time_to_live=-1, max_version=1, allow_update=False),
                        ReservedThroughput(CapacityUnit(0, 0)))
    fields = [
        FieldSchema("k", FieldType.KEYWORD, index=True, enable_sort_and_agg=True, store=True),
        FieldSchema("l", FieldType.LONG),
        FieldSchema("t", FieldType.TEXT, analyzer=AnalyzerType.SPLIT,
                    analyzer_parameter=SplitAnalyzerParameter(",")),
        FieldSchema("n", FieldType.NESTED, sub_field_schemas=[
            FieldSchema("nk", FieldType.KEYWORD, enable_sort_and_agg=True),
            FieldSchema("nt", FieldType.TEXT),
        ]),
        FieldSchema("d", FieldType.DATE, date_formats=["yyyy-MM-dd", "epoch_millis"]),
    ]
    client.create_search_index(table, "idx", SearchIndexMeta(fields, index_setting=IndexSetting(routing_fields=["id"])))
    client.create_search_index(table, "plain", SearchIndexMeta([FieldSchema("k", FieldType.KEYWORD)]))
    assert sorted(client.list_search_index(table)) == [(table, "idx"), (table, "plain")], client.list_search_index(table)
    assert (table, "idx") in client.list_search_index()

    meta, sync = client.describe_search_index(table, "idx")
    assert [f.field_name for f in meta.fields] == ["k", "l", "t", "n", "d"], [f.field_name for f in meta.fields]
    assert [f.field_type for f in meta.fields] == [f.field_type for f in fields]
    k, l, t, n, d = meta.fields
    assert k.enable_sort_and_agg and k.index and k.store
    assert l.index is True and l.is_array is False and l.enable_sort_and_agg is False
    assert t.analyzer == AnalyzerType.SPLIT and t.analyzer_parameter.delimiter == ",", t.analyzer_parameter
    assert [s.field_name for s in n.sub_field_schemas] == ["nk", "nt"]
    assert n.sub_field_schemas[1].analyzer == AnalyzerType.SINGLEWORD
    assert d.date_formats == ["yyyy-MM-dd", "epoch_millis"], d.date_formats
    assert meta.index_setting.routing_fields == ["id"]
    assert len(meta.index_sort.sorters) == 0, "no index sort with nested fields"
    assert meta.time_to_live == -1
    assert sync.sync_phase == SyncPhase.INCR, sync.sync_phase
    assert sync.current_sync_timestamp > 0

    plain, _ = client.describe_search_index(table, "plain")
    assert len(plain.index_sort.sorters) == 1, "sorted by primary key by default"

    client.update_search_index(table, "plain", SearchIndexMeta([], time_to_live=86400 * 7))
    assert client.describe_search_index(table, "plain")[0].time_to_live == 86400 * 7
    expect_error("OTSParameterInvalid", 400, client.update_search_index, table, "plain",
                 SearchIndexMeta([], time_to_live=3600))

    expect_error("OTSObjectAlreadyExist", 409, client.create_search_index, table, "idx",
                 SearchIndexMeta([FieldSchema("k", FieldType.KEYWORD)]))
    expect_error("OTSParameterInvalid", 400, client.create_search_index, table, "bad",
                 SearchIndexMeta([FieldSchema("kw", FieldType.KEYWORD, analyzer=AnalyzerType.SINGLEWORD)]))
    expect_error("OTSParameterInvalid", 400, client.create_search_index, table, "bad",
                 SearchIndexMeta([FieldSchema("tx", FieldType.TEXT, enable_sort_and_agg=True)]))
    expect_error("OTSObjectNotExist", 404, client.create_search_index, "py_no_table", "idx",
                 SearchIndexMeta([FieldSchema("k", FieldType.KEYWORD)]))

    expect_error("OTSParameterInvalid", 400, client.delete_table, table)  # indexes first
    client.delete_search_index(table, "idx")
    client.delete_search_index(table, "plain")
    expect_error("OTSObjectNotExist", 404, client.describe_search_index, table, "idx")
    expect_error("OTSObjectNotExist", 404, client.delete_search_index, table, "idx")
    assert client.list_search_index(table) == []
    client.delete_table(table)


@check
def search_queries_sorts_and_paging():
    import tablestore as ts
    table = "py_search_q"
    create(table, [("id", "INTEGER")])
    rows = [
        (1, "books", "The Rust Programming Language", 39.5),
        (2, "books", "Programming Rust", 45.0),
        (3, "games", "Rusty Lake", 5.0),
        (4, "books", "The Go Programming Language", 30.0),
    ]
    for i, cat, title, price in rows[:2]:
        client.put_row(table, Row([("id", i)], [("category", cat), ("title", title), ("price", price)]))
    fields = [FieldSchema("category", FieldType.KEYWORD, index=True, enable_sort_and_agg=True),
              FieldSchema("title", FieldType.TEXT, analyzer=AnalyzerType.SINGLEWORD),
              FieldSchema("price", FieldType.DOUBLE, index=True, enable_sort_and_agg=True)]
    client.create_search_index(table, "idx", SearchIndexMeta(fields))
    for i, cat, title, price in rows[2:]:  # written after the index: searchable at once
        client.put_row(table, Row([("id", i)], [("category", cat), ("title", title), ("price", price)]))

    def ids(query, **kw):
        resp = client.search(table, "idx", ts.SearchQuery(query, limit=100, get_total_count=True, **kw),
                             ts.ColumnsToGet(return_type=ts.ColumnReturnType.NONE))
        got = [dict(r[0])["id"] for r in resp.rows]
        assert resp.total_count == len(got), (resp.total_count, got)
        return got

    assert ids(ts.TermQuery("category", "books")) == [1, 2, 4]
    assert ids(ts.RangeQuery("price", range_from=30.0, range_to=40.0, include_lower=True, include_upper=False)) == [1, 4]
    assert ids(ts.MatchQuery("title", "rust")) == [1, 2]
    assert ids(ts.MatchPhraseQuery("title", "programming language")) == [1, 4]
    assert ids(ts.PrefixQuery("category", "ga")) == [3]
    assert ids(ts.WildcardQuery("category", "b*s")) == [1, 2, 4]
    assert ids(ts.ExistsQuery("price")) == [1, 2, 3, 4]
    assert ids(ts.BoolQuery(must_queries=[ts.TermQuery("category", "books")],
                            must_not_queries=[ts.RangeQuery("price", range_from=40.0)])) == [1, 4]
    assert ids(ts.MatchAllQuery(), sort=ts.Sort(sorters=[ts.FieldSort("price", ts.SortOrder.DESC)])) == [2, 1, 4, 3]
    # Offset paging and token paging; columns come back as asked.
    first = client.search(table, "idx", ts.SearchQuery(ts.MatchAllQuery(), limit=2,
                          sort=ts.Sort(sorters=[ts.PrimaryKeySort(ts.SortOrder.ASC)])),
                          ts.ColumnsToGet(column_names=["title"], return_type=ts.ColumnReturnType.SPECIFIED))
    assert [dict(r[0])["id"] for r in first.rows] == [1, 2]
    assert [c[0] for c in first.rows[0][1]] == ["title"], first.rows[0]
    assert first.next_token
    rest = client.search(table, "idx", ts.SearchQuery(ts.MatchAllQuery(), limit=2, next_token=first.next_token,
                         sort=ts.Sort(sorters=[ts.PrimaryKeySort(ts.SortOrder.ASC)])),
                         ts.ColumnsToGet(return_type=ts.ColumnReturnType.NONE))
    assert [dict(r[0])["id"] for r in rest.rows] == [3, 4]
    expect_error("OTSParameterInvalid", 400, client.search, table, "idx",
                 ts.SearchQuery(ts.TermQuery("no_such_field", "x")), ts.ColumnsToGet(return_type=ts.ColumnReturnType.NONE))
    e = expect_error("OTSMetaNotMatch", 400, client.search, table, "nope",
                     ts.SearchQuery(ts.MatchAllQuery()), ts.ColumnsToGet(return_type=ts.ColumnReturnType.NONE))
    assert e.get_error_message() == "search index [nope] does not exist", e
    expect_error("OTSParameterInvalid", 400, client.search, "py_no_such_table", "idx",
                 ts.SearchQuery(ts.MatchAllQuery()), ts.ColumnsToGet(return_type=ts.ColumnReturnType.NONE))
    client.delete_search_index(table, "idx")
    client.delete_table(table)


@check
def search_virtual_fields():
    import tablestore as ts
    table = "py_search_virtual"
    create(table, [("id", "INTEGER")])
    for i, code in [(1, 7), (2, 8), (3, 7)]:
        client.put_row(table, Row([("id", i)], [("code", code)]))
    fields = [FieldSchema("code", FieldType.LONG, index=True),
              FieldSchema("code_text", FieldType.KEYWORD, index=True, is_virtual_field=True, source_fields=["code"])]
    client.create_search_index(table, "idx", SearchIndexMeta(fields))
    resp = client.search(table, "idx", ts.SearchQuery(ts.TermQuery("code_text", "7"), limit=10, get_total_count=True),
                         ts.ColumnsToGet(return_type=ts.ColumnReturnType.NONE))
    assert sorted(dict(r[0])["id"] for r in resp.rows) == [1, 3], resp.rows
    client.delete_search_index(table, "idx")
    client.delete_table(table)


@check
def search_geo_nested_knn_and_scores():
    import tablestore as ts
    table = "py_search_special"
    create(table, [("id", "INTEGER")])
    places = [
        (1, "West Lake Park", "30.25,120.15", '[{"author":"ann","stars":5},{"author":"bob","stars":2}]', "[1, 0, 0]", 100),
        (2, "Lake Tai", "31.20,120.25", '[{"author":"bob","stars":4}]', "[0, 1, 0]", 50),
        (3, "The Bund", "31.24,121.49", "[]", "[0.9, 0.1, 0]", 500),
        (4, "Lake Lake Lake", "30.27,120.13", '[{"author":"cat","stars":1}]', "[0, 0, 1]", 10),
    ]
    for i, name, loc, reviews, emb, visits in places:
        client.put_row(table, Row([("id", i)], [("name", name), ("loc", loc), ("reviews", reviews),
                                                ("emb", emb), ("visits", visits)]))
    fields = [
        FieldSchema("name", FieldType.TEXT, analyzer=AnalyzerType.SINGLEWORD),
        FieldSchema("loc", FieldType.GEOPOINT, index=True, enable_sort_and_agg=True),
        FieldSchema("reviews", FieldType.NESTED, sub_field_schemas=[
            FieldSchema("author", FieldType.KEYWORD, index=True),
            FieldSchema("stars", FieldType.LONG, index=True)]),
        FieldSchema("emb", FieldType.VECTOR, index=True, vector_options=ts.VectorOptions(
            data_type=ts.VectorDataType.VD_FLOAT_32, metric_type=ts.VectorMetricType.VM_EUCLIDEAN, dimension=3)),
        FieldSchema("visits", FieldType.LONG, index=True, enable_sort_and_agg=True),
    ]
    client.create_search_index(table, "idx", SearchIndexMeta(fields))

    def search(query, **kw):
        resp = client.search(table, "idx", ts.SearchQuery(query, limit=100, get_total_count=True, **kw),
                             ts.ColumnsToGet(return_type=ts.ColumnReturnType.NONE))
        return [dict(r[0])["id"] for r in resp.rows], resp

    # Within 5 km of West Lake: places 1 and 4 (about 2.9 km apart).
    got, _ = search(ts.GeoDistanceQuery("loc", "30.25,120.15", 5000))
    assert got == [1, 4], got
    got, _ = search(ts.GeoBoundingBoxQuery("loc", "31.5,120.2", "30.0,121.4"))
    assert got == [2], got
    got, _ = search(ts.GeoPolygonQuery("loc", ["29.0,119.0", "32.0,119.5", "30.5,121.0"]))
    assert got == [1, 2, 4], got
    got, _ = search(ts.MatchAllQuery(), sort=ts.Sort(sorters=[ts.GeoDistanceSort("loc", ["31.23,121.47"])]))
    assert got == [3, 2, 1, 4] or got == [3, 2, 4, 1], got
    assert got[:2] == [3, 2], got
    # One review by bob with four or more stars: only place 2 (place 1's are in two reviews).
    bob_liked = ts.BoolQuery(must_queries=[ts.TermQuery("reviews.author", "bob"),
                                           ts.RangeQuery("reviews.stars", range_from=4, include_lower=True)])
    got, _ = search(ts.NestedQuery("reviews", bob_liked, score_mode=ts.ScoreMode.AVG))
    assert got == [2], got
    # Relevance: more occurrences of the word first, then the shorter name.
    got, resp = search(ts.MatchQuery("name", "lake"), sort=ts.Sort(sorters=[ts.ScoreSort(ts.SortOrder.DESC)]))
    assert got == [4, 2, 1], got
    scores = [h.score for h in resp.search_hits]
    assert scores == sorted(scores, reverse=True) and scores[0] > scores[-1], scores
    got, _ = search(ts.KnnVectorQuery("emb", top_k=2, float32_query_vector=[1.0, 0.0, 0.0]),
                    sort=ts.Sort(sorters=[ts.ScoreSort(ts.SortOrder.DESC)]))
    assert got == [1, 3], got
    got, resp = search(ts.FunctionScoreQuery(ts.MatchQuery("name", "lake"), ts.FieldValueFactor("visits")),
                       sort=ts.Sort(sorters=[ts.ScoreSort(ts.SortOrder.DESC)]))
    assert got[0] == 1, got  # 100 visits outweigh the better text match of place 4 (10 visits)
    expect_error("OTSParameterInvalid", 400, client.search, table, "idx",
                 ts.SearchQuery(ts.KnnVectorQuery("emb", top_k=2, float32_query_vector=[1.0, 0.0])),
                 ts.ColumnsToGet(return_type=ts.ColumnReturnType.NONE))
    client.delete_search_index(table, "idx")
    client.delete_table(table)


@check
def parallel_scan_splits_tokens_and_sessions():
    import time
    import tablestore as ts
    table = "py_scan"
    create(table, [("id", "INTEGER")])
    client.create_search_index(table, "idx", SearchIndexMeta([FieldSchema("k", FieldType.KEYWORD, index=True),
                                                             FieldSchema("n", FieldType.LONG, index=True)]))
    for i in range(30):
        client.put_row(table, Row([("id", i)], [("k", "odd" if i % 2 else "even"), ("n", i), ("note", "x")]))
    splits = client.compute_splits(table, "idx")
    size = splits.splits_size
    # The service's shape (Go SDK `TestComputeSplits`): "<uuid>_0"; the SDK decodes it as UTF-8.
    assert len(splits.session_id) == 38 and splits.session_id.endswith("_0"), splits.session_id
    assert size >= 1

    def page(query, current, max_parallel, token=None, limit=4, columns=None, session=None, alive=30):
        return client.parallel_scan(table, "idx", ts.ScanQuery(query, limit=limit, next_token=token,
                                                              current_parallel_id=current, max_parallel=max_parallel,
                                                              alive_time=alive),
                                    session or splits.session_id, columns_to_get=columns)

    # Every split, page by page: every row once; only what the index holds comes back.
    seen = []
    for current in range(size):
        token = None
        while True:
            resp = page(ts.MatchAllQuery(), current, size, token,
                        columns=ts.ColumnsToGet(return_type=ts.ColumnReturnType.ALL_FROM_INDEX))
            for pk, cols in resp.rows:
                seen.append(dict(pk)["id"])
                assert sorted(c[0] for c in cols) == ["k", "n"], cols
            if not resp.next_token:
                break
            token = resp.next_token
    assert sorted(seen) == list(range(30)), seen
    # One task over the whole result; the last rows come with a token, the page after them is
    # empty and has none (Python SDK `test_parallel_scan_normal` against the service).
    odd = ts.TermQuery("k", "odd")
    cols = ts.ColumnsToGet(column_names=["n", "note"], return_type=ts.ColumnReturnType.SPECIFIED)
    first = page(odd, 0, 1, limit=100, columns=cols)
    assert sorted(dict(r[0])["id"] for r in first.rows) == list(range(1, 30, 2))
    assert [c[0] for c in first.rows[0][1]] == ["n"], first.rows[0]
    assert first.next_token
    end = page(odd, 0, 1, first.next_token, limit=100, columns=cols)
    assert end.rows == [] and not end.next_token, end.next_token
    # The service's errors (Python SDK `parallel_scan_test.py`).
    e = expect_error("OTSParameterInvalid", 400, page, odd, size + 100, size)
    assert e.get_error_message() == ("[parallel_scan.current_parallel_id] must in [0, max_parallel), "
                                     "current max_parallel is %d, current_parallel_id is %d" % (size, size + 100)), e
    e = expect_error("OTSParameterInvalid", 400, page, odd, 0, size + 1)
    assert e.get_error_message() == ("[parallel_scan.max_parallel_id] must in (0 ,%d], current max_parallel_id is %d"
                                     % (size, size + 1)), e
    e = expect_error("OTSParameterInvalid", 400, client.compute_splits, table, None)
    assert e.get_error_message() == "[search index splits options] must not be null", e
    expect_error("OTSParameterInvalid", 400, page, odd, 0, 1, columns=ts.ColumnsToGet(return_type=ts.ColumnReturnType.ALL))
    expect_error("OTSSessionExpired", 400, page, odd, 0, 1, session="7c407215-97d4-40c5-8663-f1d9229e9955_0")
    # A session lives alive_time seconds after its last page.
    short = page(odd, 0, 1, limit=2, alive=1)
    time.sleep(1.5)
    e = expect_error("OTSSessionExpired", 400, page, odd, 0, 1, short.next_token, limit=2, alive=1)
    assert e.get_error_message() == "ScanQuery'session is expired, please retry ComputeSplitsRequest and ScanQuery.", e
    client.delete_search_index(table, "idx")
    client.delete_table(table)


@check
def search_aggregations_and_group_bys():
    import tablestore as ts
    table = "py_search_aggs"
    create(table, [("id", "INTEGER")])
    rows = [(1, "books", 39.5, 10), (2, "books", 45.0, 0), (3, "games", 5.0, 99), (4, "books", 30.0, 3),
            (5, "toys", 2.5, 500)]
    for i, cat, price, stock in rows:
        client.put_row(table, Row([("id", i)], [("category", cat), ("price", price), ("stock", stock)]))
    client.put_row(table, Row([("id", 6)], [("category", "toys")]))  # no price, no stock
    fields = [FieldSchema("category", FieldType.KEYWORD, index=True, enable_sort_and_agg=True),
              FieldSchema("price", FieldType.DOUBLE, index=True, enable_sort_and_agg=True),
              FieldSchema("stock", FieldType.LONG, index=True, enable_sort_and_agg=True)]
    client.create_search_index(table, "idx", SearchIndexMeta(fields))
    prices = [p for _, _, p, _ in rows]
    aggs = [ts.Max("price", name="max"), ts.Min("price", name="min"), ts.Avg("price", name="avg"),
            ts.Sum("stock", name="sum"), ts.Count("price", name="count"),
            ts.DistinctCount("category", name="kinds"), ts.Max("price", missing_value=100.0, name="max_or_100")]
    resp = client.search(table, "idx", ts.SearchQuery(ts.MatchAllQuery(), limit=0, aggs=aggs),
                         ts.ColumnsToGet(return_type=ts.ColumnReturnType.NONE))
    got = {a.name: a.value for a in resp.agg_results}
    assert got["max"] == max(prices) and got["min"] == min(prices), got
    assert abs(got["avg"] - sum(prices) / len(prices)) < 1e-9, got
    assert got["sum"] == sum(s for *_, s in rows) and got["count"] == len(prices), got
    assert got["kinds"] == 3 and got["max_or_100"] == 100.0, got
    # Over the matches only, not the page.
    books = ts.TermQuery("category", "books")
    resp = client.search(table, "idx", ts.SearchQuery(books, limit=1, aggs=[ts.Sum("stock", name="s")]),
                         ts.ColumnsToGet(return_type=ts.ColumnReturnType.NONE))
    assert resp.agg_results[0].value == 13, resp.agg_results[0].value
    group_bys = [
        ts.GroupByField("category", sub_aggs=[ts.Sum("stock", name="stock")], name="by_cat"),
        ts.GroupByRange("price", [(0.0, 10.0), (10.0, 50.0)], name="by_price"),
        ts.GroupByFilter([ts.RangeQuery("stock", range_from=10, include_lower=True), books], name="by_filter"),
    ]
    resp = client.search(table, "idx", ts.SearchQuery(ts.MatchAllQuery(), limit=0, group_bys=group_bys),
                         ts.ColumnsToGet(return_type=ts.ColumnReturnType.NONE))
    by = {g.name: g for g in resp.group_by_results}
    cats = {i.key: (i.row_count, i.sub_aggs[0].value) for i in by["by_cat"].items}
    assert cats == {"books": (3, 13), "toys": (2, 500), "games": (1, 99)}, cats
    assert [i.row_count for i in by["by_price"].items] == [2, 3], [vars(i) for i in by["by_price"].items]
    assert [i.row_count for i in by["by_filter"].items] == [3, 3], [vars(i) for i in by["by_filter"].items]
    expect_error("OTSParameterInvalid", 400, client.search, table, "idx",
                 ts.SearchQuery(ts.MatchAllQuery(), aggs=[ts.Avg("category", name="bad")]),
                 ts.ColumnsToGet(return_type=ts.ColumnReturnType.NONE))
    client.delete_search_index(table, "idx")
    client.delete_table(table)


@check
def search_highlight():
    import tablestore as ts
    table = "py_search_highlight"
    create(table, [("id", "INTEGER")])
    client.put_row(table, Row([("id", 1)], [("body", "Rust is fast; <i>Rust</i> is safe.")]))
    client.create_search_index(table, "idx", SearchIndexMeta([
        FieldSchema("body", FieldType.TEXT, analyzer=AnalyzerType.SINGLEWORD, enable_highlighting=True)]))
    h = ts.Highlight([ts.HighlightParameter("body", pre_tag="<em>", post_tag="</em>")], ts.HighlightEncoder.HTML_MODE)
    resp = client.search(table, "idx", ts.SearchQuery(ts.MatchQuery("body", "rust"), limit=10, highlight=h),
                         ts.ColumnsToGet(return_type=ts.ColumnReturnType.NONE))
    fields = resp.search_hits[0].highlight_result.highlight_fields
    fragments = fields[0].field_fragments if isinstance(fields, list) else fields["body"].field_fragments
    assert fragments == ["<em>Rust</em> is fast; &lt;i&gt;<em>Rust</em>&lt;&#x2F;i&gt; is safe."], fragments
    client.delete_search_index(table, "idx")
    client.delete_table(table)


passed = sum(results)
failed = len(results) - passed
print("%d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
