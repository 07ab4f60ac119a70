"""Drives ots-local's secondary indexes with the official Tablestore Python SDK.

Usage: python secondary_index.py ENDPOINT INSTANCE ACCESS_KEY_ID ACCESS_KEY_SECRET

Every check prints one line; the last line is "N passed, M failed" and the exit status is
non-zero when anything failed. The client never retries.

The oracle: after every write step the whole main table is read with GetRange, the rows each
index should hold are computed from it (index key = the index's key columns, taken from the
row's key or attribute columns, then the main key columns the index lacks, in main-table order;
a row missing an index key column is left out; attributes = the index's defined columns the row
has) and compared exactly with the whole index read by GetRange.

A global index created without the base data holds the rows written after its creation. For a
row that existed before and is then changed by UpdateRow (not rewritten by PutRow), whether it
enters the index is not pinned down here: such a row may be in the index, but then exactly as
computed from the main row.
"""

import random
import sys
import threading
import time
import traceback

from tablestore import (
    INF_MAX, INF_MIN, PK_AUTO_INCR, BatchGetRowRequest, BatchWriteRowRequest, CapacityUnit, ComparatorType,
    Condition, DeleteRowItem, Direction, OTSClient, OTSServiceError, PutRowItem,
    ReservedThroughput, ReturnType, Row, RowExistenceExpectation, SecondaryIndexMeta, SecondaryIndexType,
    SingleColumnCondition, TableInBatchGetRowItem, TableInBatchWriteRowItem, TableMeta,
    TableOptions, UpdateRowItem,
)
from tablestore.retry import NoRetryPolicy

endpoint, instance, akid, secret = sys.argv[1:5]
client = OTSClient(endpoint, akid, secret, instance, retry_policy=NoRetryPolicy())
results = []
IGNORE = Condition(RowExistenceExpectation.IGNORE)
GLOBAL = SecondaryIndexType.GLOBAL_INDEX
LOCAL = SecondaryIndexType.LOCAL_INDEX


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
        assert e.get_http_status() == status, (e.get_http_status(), e.get_error_message())
        return e
    raise AssertionError("expected %s" % code)


def expect_message(e, message):
    assert e.get_error_message() == message, e.get_error_message()


def norm(v):
    return bytes(v) if isinstance(v, bytearray) else v


def attrs_of(row):
    """A row's attribute columns as a dict; a name seen twice is an error."""
    out = {}
    for c in row.attribute_columns:
        assert c[0] not in out, ("attribute twice", c[0], row.attribute_columns)
        out[c[0]] = norm(c[1])
    return out


def key_of(row):
    return tuple((c[0], norm(c[1])) for c in row.primary_key)


def create(name, pk, defined=(), indexes=(), options=None):
    meta = TableMeta(name, list(pk), list(defined))
    client.create_table(meta, options or TableOptions(), ReservedThroughput(CapacityUnit(0, 0)),
                        secondary_indexes=list(indexes))


def scan(table, key_names, columns=None, direction=Direction.FORWARD, limit=None,
         column_filter=None, bounds=None):
    """Every row of a range as (key, attrs), following next_start_primary_key; each page holds
    at most `limit` rows."""
    if bounds is None:
        lo = [(k, INF_MIN) for k in key_names]
        hi = [(k, INF_MAX) for k in key_names]
        bounds = (lo, hi) if direction == Direction.FORWARD else (hi, lo)
    start, end = bounds
    out = []
    while start is not None:
        _, start, rows, _ = client.get_range(table, direction, start, end, columns, limit,
                                             column_filter, max_version=1)
        if limit is not None:
            assert len(rows) <= limit, (len(rows), limit)
        out.extend((key_of(r), attrs_of(r)) for r in rows)
    return out


# The main table of the write steps: two key columns, defined columns of every type.

MAIN = "py_si"
MAIN_PK = [("pk0", "STRING"), ("pk1", "INTEGER")]
MAIN_KEYS = [k for k, _ in MAIN_PK]
MAIN_DEFINED = [("a", "STRING"), ("n", "INTEGER"), ("d", "DOUBLE"), ("b", "BOOLEAN"),
                ("x", "STRING"), ("bin", "BINARY")]

# name -> (main table, main key names, index key names as given, defined names)
INDEXES = {}
# Of the main keys, those a global index without base data must not hold (written before it,
# untouched since) and those it may hold (written before, changed since by UpdateRow only).
GNEW_BASE, GNEW_MAYBE = set(), set()


def declare(meta, main=MAIN, main_keys=None):
    INDEXES[meta.index_name] = (main, main_keys or MAIN_KEYS, list(meta.primary_key_names),
                                list(meta.defined_column_names))


def full_key(name):
    _, main_keys, pk, _ = INDEXES[name]
    return pk + [k for k in main_keys if k not in pk]


def expected_index(name):
    """(required rows, optional rows) of the index: [(key, attrs)] in index order, computed
    from the whole main table."""
    main, main_keys, _, defined = INDEXES[name]
    names = full_key(name)
    required, optional = [], {}
    for key, attrs in scan(main, main_keys):
        values = dict(key)
        values.update(attrs)
        if any(k not in values for k in names):
            continue
        entry = (tuple((k, values[k]) for k in names), dict((c, attrs[c]) for c in defined if c in attrs))
        if name == "py_si_gnew" and key in GNEW_BASE:
            continue
        if name == "py_si_gnew" and key in GNEW_MAYBE:
            optional[entry[0]] = entry
            continue
        required.append(entry)
    required.sort(key=lambda e: tuple(v for _, v in e[0]))
    return required, optional


def index_matches(name):
    """The whole index, read forward, is exactly what the main table says."""
    required, optional = expected_index(name)
    got = scan(name, full_key(name))
    got_required = [e for e in got if e[0] not in optional]
    assert got_required == required, (name, "got", got_required, "expected", required)
    for e in got:
        if e[0] in optional:
            assert e == optional[e[0]], (name, "got", e, "expected", optional[e[0]])


def oracle(*names):
    for name in names or [n for n, v in INDEXES.items() if v[0] == MAIN]:
        index_matches(name)


def k(p, s):
    return [("pk0", p), ("pk1", s)]


def touched(key, rewritten):
    """Records a write to the main row at `key`: a put or a delete rewrites it, an update
    changes it."""
    t = tuple(key)
    if rewritten:
        GNEW_BASE.discard(t)
        GNEW_MAYBE.discard(t)
    elif t in GNEW_BASE:
        GNEW_BASE.discard(t)
        GNEW_MAYBE.add(t)


def put(p, s, columns, table=MAIN):
    client.put_row(table, Row(k(p, s), list(columns.items())), IGNORE)
    touched(k(p, s), True)


def update(p, s, put=None, delete=(), incr=None, table=MAIN, condition=IGNORE):
    change = {}
    if put:
        change["PUT"] = list(put.items())
    if delete:
        change["DELETE_ALL"] = list(delete)
    if incr:
        change["INCREMENT"] = list(incr.items())
    client.update_row(table, Row(k(p, s), change), condition)
    touched(k(p, s), False)


def delete(p, s, table=MAIN):
    client.delete_row(table, Row(k(p, s)), IGNORE)
    touched(k(p, s), True)


def main_row(p, s):
    _, row, _ = client.get_row(MAIN, k(p, s), max_version=1)
    return None if row is None else attrs_of(row)


def index_row(name, key, columns=None):
    """The index row at the full index key `key` ((name, value) pairs), or None."""
    _, row, _ = client.get_row(name, list(key), columns, max_version=1)
    if row is None:
        return None
    assert key_of(row) == tuple((n, norm(v)) for n, v in key), (key_of(row), key)
    return attrs_of(row)


LOCAL_IDX = SecondaryIndexMeta("py_si_local", ["pk0", "a"], ["n", "d"], index_type=LOCAL)
GBIN_IDX = SecondaryIndexMeta("py_si_gbin", ["bin"], ["n"], index_type=GLOBAL)
GBASE_IDX = SecondaryIndexMeta("py_si_gbase", ["a"], ["x", "b"], index_type=GLOBAL)
GNEW_IDX = SecondaryIndexMeta("py_si_gnew", ["n", "pk1"], ["a", "d"], index_type=GLOBAL)


@check
def create_table_with_local_and_global_index():
    create(MAIN, MAIN_PK, MAIN_DEFINED, [LOCAL_IDX, GBIN_IDX])
    declare(LOCAL_IDX)
    declare(GBIN_IDX)
    oracle()
    assert scan("py_si_local", full_key("py_si_local")) == []


SEED = [
    ("p1", 1, {"a": "m", "n": 5, "d": 1.5, "b": True, "x": "x1", "bin": bytearray(b"\x02")}),
    ("p1", 2, {"a": "c", "n": -3, "b": False, "x": "x2"}),
    ("p2", 1, {"a": "m", "n": 7, "d": 2.5, "b": True, "x": "x3", "bin": bytearray(b"\x01")}),
    ("p2", 2, {"n": 1, "x": "x4"}),
    ("p3", 1, {"a": "z", "b": True, "x": "x5", "bin": bytearray(b"\x01\x00")}),
    ("p6", 1, {"a": "f", "n": 8}),
]


@check
def seed_rows_follow_declared_indexes():
    for p, s, cols in SEED:
        put(p, s, cols)
    oracle()
    # The local index: partition key, then a, then pk1; rows without a left out.
    got = [e[0] for e in scan("py_si_local", full_key("py_si_local"))]
    assert got == [
        (("pk0", "p1"), ("a", "c"), ("pk1", 2)), (("pk0", "p1"), ("a", "m"), ("pk1", 1)),
        (("pk0", "p2"), ("a", "m"), ("pk1", 1)), (("pk0", "p3"), ("a", "z"), ("pk1", 1)),
        (("pk0", "p6"), ("a", "f"), ("pk1", 1)),
    ], got
    # BINARY key: byte order.
    got = [e[0][0][1] for e in scan("py_si_gbin", full_key("py_si_gbin"))]
    assert got == [b"\x01", b"\x01\x00", b"\x02"], got


@check
def global_index_with_base_data():
    client.create_secondary_index(MAIN, GBASE_IDX, True)
    declare(GBASE_IDX)
    oracle()
    assert len(scan("py_si_gbase", full_key("py_si_gbase"))) == 5


@check
def global_index_without_base_data():
    client.create_secondary_index(MAIN, GNEW_IDX, False)
    declare(GNEW_IDX)
    GNEW_BASE.update(tuple(k(p, s)) for p, s, _ in SEED)
    assert scan("py_si_gnew", full_key("py_si_gnew")) == []
    oracle()


@check
def put_row_new():
    put("p4", 1, {"a": "b", "n": 2, "x": "x6", "d": 0.5})
    oracle()
    got = scan("py_si_gnew", full_key("py_si_gnew"))
    assert got == [((("n", 2), ("pk1", 1), ("pk0", "p4")), {"a": "b", "d": 0.5})], got


@check
def update_row_changing_indexed_column():
    update("p1", 1, put={"a": "q"})
    oracle()
    assert index_row("py_si_gbase", [("a", "m"), ("pk0", "p1"), ("pk1", 1)]) is None
    assert index_row("py_si_gbase", [("a", "q"), ("pk0", "p1"), ("pk1", 1)]) == {"x": "x1", "b": True}
    assert index_row("py_si_local", [("pk0", "p1"), ("a", "m"), ("pk1", 1)]) is None
    assert index_row("py_si_local", [("pk0", "p1"), ("a", "q"), ("pk1", 1)]) == {"n": 5, "d": 1.5}


@check
def update_row_deleting_indexed_column():
    update("p1", 2, delete=["a"])
    oracle()
    assert index_row("py_si_gbase", [("a", "c"), ("pk0", "p1"), ("pk1", 2)]) is None
    assert index_row("py_si_local", [("pk0", "p1"), ("a", "c"), ("pk1", 2)]) is None
    assert all(dict(e[0])["pk0"] != "p1" or dict(e[0])["pk1"] != 2
               for e in scan("py_si_gbase", full_key("py_si_gbase")))


@check
def update_row_deleting_attribute_column():
    update("p2", 1, delete=["x", "d"])
    oracle()
    assert index_row("py_si_gbase", [("a", "m"), ("pk0", "p2"), ("pk1", 1)]) == {"b": True}
    assert index_row("py_si_local", [("pk0", "p2"), ("a", "m"), ("pk1", 1)]) == {"n": 7}


@check
def update_row_setting_attribute_column():
    update("p2", 1, put={"x": "x3 again", "n": 70})
    oracle()
    assert index_row("py_si_gbase", [("a", "m"), ("pk0", "p2"), ("pk1", 1)]) == {"x": "x3 again", "b": True}
    assert index_row("py_si_gbin", [("bin", bytearray(b"\x01")), ("pk0", "p2"), ("pk1", 1)]) == {"n": 70}


@check
def put_row_replacing_row():
    # Every column changes or goes: b, x and bin are gone, a and n change.
    put("p3", 1, {"a": "k", "n": 9})
    oracle()
    assert index_row("py_si_gbase", [("a", "z"), ("pk0", "p3"), ("pk1", 1)]) is None
    assert index_row("py_si_gbase", [("a", "k"), ("pk0", "p3"), ("pk1", 1)]) == {}
    assert index_row("py_si_gbin", [("bin", bytearray(b"\x01\x00")), ("pk0", "p3"), ("pk1", 1)]) is None
    # Rewritten after the index without base data was created: it is there now.
    assert index_row("py_si_gnew", [("n", 9), ("pk1", 1), ("pk0", "p3")]) == {"a": "k"}


@check
def delete_row_removes_index_rows():
    delete("p2", 2)
    delete("p4", 1)
    oracle()
    assert index_row("py_si_gnew", [("n", 2), ("pk1", 1), ("pk0", "p4")]) is None
    delete("p9", 9)  # no such row
    oracle()


@check
def batch_write_row_puts_updates_deletes():
    request = BatchWriteRowRequest()
    request.add(TableInBatchWriteRowItem(MAIN, [
        PutRowItem(Row(k("p5", 1), [("a", "a"), ("n", 4), ("b", False)]), IGNORE),
        UpdateRowItem(Row(k("p1", 1), {"PUT": [("n", 0)], "DELETE_ALL": ["b"]}), IGNORE),
        UpdateRowItem(Row(k("p5", 2), {"PUT": [("a", "e"), ("x", "x7")]}), IGNORE),
        DeleteRowItem(Row(k("p6", 1)), IGNORE),
        PutRowItem(Row(k("p4", 1), [("a", "b2"), ("n", -1)]), IGNORE),
    ]))
    response = client.batch_write_row(request)
    assert response.is_all_succeed(), [(r.error_code, r.error_message) for r in response.get_failed_rows()]
    touched(k("p5", 1), True)
    touched(k("p1", 1), False)
    touched(k("p5", 2), False)
    touched(k("p6", 1), True)
    touched(k("p4", 1), True)
    oracle()
    assert index_row("py_si_gbase", [("a", "q"), ("pk0", "p1"), ("pk1", 1)]) == {"x": "x1"}
    assert index_row("py_si_local", [("pk0", "p6"), ("a", "f"), ("pk1", 1)]) is None


@check
def increment_of_indexed_integer_column():
    update("p4", 1, incr={"n": 10})  # -1 -> 9: the gnew key changes
    oracle()
    assert index_row("py_si_gnew", [("n", -1), ("pk1", 1), ("pk0", "p4")]) is None
    assert index_row("py_si_gnew", [("n", 9), ("pk1", 1), ("pk0", "p4")]) == {"a": "b2"}
    update("p5", 2, incr={"n": 3})  # no n yet: the row enters the index by n
    oracle()
    assert index_row("py_si_gnew", [("n", 3), ("pk1", 2), ("pk0", "p5")]) == {"a": "e"}
    assert main_row("p5", 2) == {"a": "e", "x": "x7", "n": 3}


@check
def failed_condition_changes_no_index():
    before = {n: scan(n, full_key(n)) for n in INDEXES if INDEXES[n][0] == MAIN}
    expect_error("OTSConditionCheckFail", 403, client.update_row, MAIN,
                 Row(k("p1", 1), {"PUT": [("a", "never")]}),
                 Condition(RowExistenceExpectation.EXPECT_NOT_EXIST))
    expect_error("OTSConditionCheckFail", 403, client.put_row, MAIN,
                 Row(k("p1", 1), [("a", "never")]),
                 Condition(RowExistenceExpectation.IGNORE,
                           SingleColumnCondition("a", "other", ComparatorType.EQUAL)))
    after = {n: scan(n, full_key(n)) for n in before}
    assert after == before, after
    oracle()


# Reads of an index: rows of their own for ranges, filters and limits.

READ_ROWS = [("r", i, {"a": "r%d" % (i % 3), "n": 100 + i, "b": i % 2 == 0, "x": "rx%d" % i})
             for i in range(7)] + [("r", 7, {"a": "r1", "x": "no b"})]


def seed_read_rows():
    if main_row("r", 0) is None:
        for p, s, cols in READ_ROWS:
            put(p, s, cols)


def filtered(rows, name, value, columns):
    """The rows whose `name` equals `value` (pass_if_missing false), projected on `columns`."""
    return [(key, dict((c, v) for c, v in attrs.items() if c in columns))
            for key, attrs in rows if attrs.get(name) == value]


@check
def get_range_of_index_with_limit_columns_and_filter():
    seed_read_rows()
    oracle()
    names = full_key("py_si_gbase")
    every, _ = expected_index("py_si_gbase")
    assert scan("py_si_gbase", names) == every
    assert scan("py_si_gbase", names, direction=Direction.BACKWARD) == every[::-1]
    f = SingleColumnCondition("b", True, ComparatorType.EQUAL, pass_if_missing=False)
    want = filtered(every, "b", True, ["x", "b"])
    assert len(want) >= 4, want
    for limit in (1, 2, 3):
        got = scan("py_si_gbase", names, ["x", "b"], Direction.FORWARD, limit, f)
        assert got == want, (limit, got, want)
        got = scan("py_si_gbase", names, ["x", "b"], Direction.BACKWARD, limit, f)
        assert got == want[::-1], (limit, got, want[::-1])
    # Limits without a filter: every page full but the last.
    _, next_key, rows, _ = client.get_range("py_si_gbase", Direction.FORWARD,
                                            [(n, INF_MIN) for n in names], [(n, INF_MAX) for n in names],
                                            limit=2, max_version=1)
    assert [key_of(r) for r in rows] == [e[0] for e in every[:2]] and next_key is not None, (rows, next_key)


@check
def get_range_of_index_within_bounds():
    names = full_key("py_si_gbase")
    lo = [("a", "r0"), ("pk0", INF_MIN), ("pk1", INF_MIN)]
    hi = [("a", "r2"), ("pk0", INF_MIN), ("pk1", INF_MIN)]
    every, _ = expected_index("py_si_gbase")
    want = [e for e in every if "r0" <= dict(e[0])["a"] < "r2"]
    assert [dict(e[0])["a"] for e in want] == ["r0", "r0", "r0", "r1", "r1", "r1"], want
    assert scan("py_si_gbase", names, bounds=(lo, hi)) == want
    assert scan("py_si_gbase", names, direction=Direction.BACKWARD, bounds=(hi, lo)) == want[::-1]
    got = scan("py_si_gbase", names, ["x"], limit=1, bounds=(lo, hi))
    assert got == [(key, {"x": attrs["x"]}) for key, attrs in want], got
    # The local index, over one partition, filtered on an integer.
    names = full_key("py_si_local")
    every, _ = expected_index("py_si_local")
    part = [e for e in every if dict(e[0])["pk0"] == "r"]
    assert len(part) == 8, part  # ("r", 7) has a but no n: still indexed, a is the key
    f = SingleColumnCondition("n", 103, ComparatorType.GREATER_EQUAL, pass_if_missing=False)
    want = [(key, {"n": attrs["n"]}) for key, attrs in part if attrs.get("n", -1) >= 103]
    bounds = ([("pk0", "r"), ("a", INF_MIN), ("pk1", INF_MIN)], [("pk0", "r"), ("a", INF_MAX), ("pk1", INF_MAX)])
    assert scan("py_si_local", names, ["n"], limit=2, column_filter=f, bounds=bounds) == want
    back = (bounds[1], bounds[0])
    assert scan("py_si_local", names, ["n"], Direction.BACKWARD, 2, f, bounds=back) == want[::-1]


@check
def get_row_of_index_with_full_key():
    every, _ = expected_index("py_si_gbase")
    for key, attrs in every:
        assert index_row("py_si_gbase", key) == attrs, (key, attrs)
    key, attrs = [e for e in every if "x" in e[1] and "b" in e[1]][0]
    assert index_row("py_si_gbase", key, ["x"]) == {"x": attrs["x"]}
    f = SingleColumnCondition("b", not attrs["b"], ComparatorType.EQUAL)
    _, row, _ = client.get_row("py_si_gbase", list(key), column_filter=f, max_version=1)
    assert row is None, row
    assert index_row("py_si_gbase", [("a", "r0"), ("pk0", "r"), ("pk1", 1)]) is None  # r1 has a = r1
    # The main table's key, or the index key as given (not completed), is not an index key.
    e = expect_error("OTSInvalidPK", 400, client.get_row, "py_si_gbase", k("r", 0))
    expect_message(e, "Validate PK size fail. Input: 2, Meta: 3.")
    e = expect_error("OTSInvalidPK", 400, client.get_row, "py_si_gbase", [("a", "r0")])
    expect_message(e, "Validate PK size fail. Input: 1, Meta: 3.")


@check
def batch_get_row_of_index_with_full_keys():
    every, _ = expected_index("py_si_gbase")
    keys = [every[0][0], every[-1][0], (("a", "absent"), ("pk0", "r"), ("pk1", 0))]
    request = BatchGetRowRequest()
    request.add(TableInBatchGetRowItem("py_si_gbase", [list(key) for key in keys], max_version=1))
    request.add(TableInBatchGetRowItem(MAIN, [k("r", 0)], max_version=1))
    response = client.batch_get_row(request)
    assert response.is_all_succeed(), [(r.error_code, r.error_message) for r in response.get_failed_rows()]
    got = [(None if r.row is None else (key_of(r.row), attrs_of(r.row)))
           for r in response.get_result_by_table("py_si_gbase")]
    assert got == [every[0], every[-1], None], got
    main = response.get_result_by_table(MAIN)
    assert attrs_of(main[0].row) == READ_ROWS[0][2], attrs_of(main[0].row)
    # With columns to get and the local index.
    local, _ = expected_index("py_si_local")
    request = BatchGetRowRequest()
    request.add(TableInBatchGetRowItem("py_si_local", [list(e[0]) for e in local[:3]], ["d"], max_version=1))
    response = client.batch_get_row(request)
    got = [(None if r.row is None else (key_of(r.row), attrs_of(r.row)))
           for r in response.get_result_by_table("py_si_local")]
    want = [(key, {"d": attrs["d"]}) if "d" in attrs else None for key, attrs in local[:3]]
    # A row naming columns it has none of comes back as no row.
    assert got == want, (got, want)


# DescribeTable, ListTable, DeleteIndex, DeleteTable.

def index_metas(table):
    return sorted((m.index_name, list(m.primary_key_names), list(m.defined_column_names), m.index_type)
                  for m in client.describe_table(table).secondary_indexes)


@check
def describe_main_table_lists_indexes_as_given():
    assert index_metas(MAIN) == [
        ("py_si_gbase", ["a"], ["x", "b"], GLOBAL),
        ("py_si_gbin", ["bin"], ["n"], GLOBAL),
        ("py_si_gnew", ["n", "pk1"], ["a", "d"], GLOBAL),
        ("py_si_local", ["pk0", "a"], ["n", "d"], LOCAL),
    ], index_metas(MAIN)


@check
def describe_index_gives_completed_key():
    d = client.describe_table("py_si_gnew")
    assert d.table_meta.table_name == "py_si_gnew", d.table_meta.table_name
    assert d.table_meta.schema_of_primary_key == [("n", "INTEGER"), ("pk1", "INTEGER"), ("pk0", "STRING")], \
        d.table_meta.schema_of_primary_key
    assert d.table_meta.defined_columns == [("a", "STRING"), ("d", "DOUBLE")], d.table_meta.defined_columns
    assert d.secondary_indexes == [], d.secondary_indexes
    d = client.describe_table("py_si_local")
    assert d.table_meta.schema_of_primary_key == [("pk0", "STRING"), ("a", "STRING"), ("pk1", "INTEGER")], \
        d.table_meta.schema_of_primary_key
    d = client.describe_table("py_si_gbin")
    assert d.table_meta.schema_of_primary_key == [("bin", "BINARY"), ("pk0", "STRING"), ("pk1", "INTEGER")], \
        d.table_meta.schema_of_primary_key


@check
def list_table_does_not_list_indexes():
    names = client.list_table()
    assert MAIN in names, names
    assert not [n for n in names if n in INDEXES], names


@check
def delete_secondary_index_removes_it():
    client.delete_secondary_index(MAIN, "py_si_gbin")
    del INDEXES["py_si_gbin"]
    assert "py_si_gbin" not in [m[0] for m in index_metas(MAIN)], index_metas(MAIN)
    expect_error("OTSObjectNotExist", 404, scan, "py_si_gbin", ["bin", "pk0", "pk1"])
    expect_error("OTSObjectNotExist", 404, client.get_row, "py_si_gbin",
                 [("bin", bytearray(b"\x01")), ("pk0", "p2"), ("pk1", 1)])
    expect_error("OTSObjectNotExist", 404, client.describe_table, "py_si_gbin")
    expect_error("OTSObjectNotExist", 404, client.delete_secondary_index, MAIN, "py_si_gbin")
    # Writes go on; the other indexes follow them.
    put("p7", 1, {"a": "g", "n": 11, "bin": bytearray(b"\x07")})
    oracle()
    # The name is free again: an index of that name starts over, from the base data.
    client.create_secondary_index(MAIN, GBIN_IDX, True)
    declare(GBIN_IDX)
    oracle()
    assert index_row("py_si_gbin", [("bin", bytearray(b"\x07")), ("pk0", "p7"), ("pk1", 1)]) == {"n": 11}


@check
def delete_table_removes_its_indexes():
    create("py_si_drop", MAIN_PK, MAIN_DEFINED,
           [SecondaryIndexMeta("py_si_drop_g", ["a"], ["x"]),
            SecondaryIndexMeta("py_si_drop_l", ["pk0", "n"], [], index_type=LOCAL)])
    client.put_row("py_si_drop", Row(k("p", 1), [("a", "v"), ("n", 1)]), IGNORE)
    assert len(scan("py_si_drop_g", ["a", "pk0", "pk1"])) == 1
    client.delete_table("py_si_drop")
    for name in ("py_si_drop", "py_si_drop_g", "py_si_drop_l"):
        expect_error("OTSObjectNotExist", 404, client.describe_table, name)
        expect_error("OTSObjectNotExist", 404, client.get_row, name, [("a", "v"), ("pk0", "p"), ("pk1", 1)])
    # The names are free: a table, and an index of another table.
    create("py_si_drop_g", [("id", "INTEGER")])
    client.put_row("py_si_drop_g", Row([("id", 1)], [("v", 1)]), IGNORE)
    assert attrs_of(client.get_row("py_si_drop_g", [("id", 1)])[1]) == {"v": 1}
    client.create_secondary_index(MAIN, SecondaryIndexMeta("py_si_drop_l", ["x"], []), True)
    assert "py_si_drop_l" in [m[0] for m in index_metas(MAIN)]
    client.delete_secondary_index(MAIN, "py_si_drop_l")
    client.delete_table("py_si_drop_g")


# Refusals.

@check
def writes_to_an_index_are_refused():
    key = [("a", "q"), ("pk0", "p1"), ("pk1", 1)]
    before = scan("py_si_gbase", full_key("py_si_gbase"))
    main_before = scan(MAIN, MAIN_KEYS)
    expect_error("OTSParameterInvalid", 400, client.put_row, "py_si_gbase", Row(key, [("x", "w")]), IGNORE)
    expect_error("OTSParameterInvalid", 400, client.update_row, "py_si_gbase",
                 Row(key, {"PUT": [("x", "w")]}), IGNORE)
    expect_error("OTSParameterInvalid", 400, client.delete_row, "py_si_gbase", Row(key), IGNORE)
    request = BatchWriteRowRequest()
    request.add(TableInBatchWriteRowItem("py_si_gbase", [PutRowItem(Row(key, [("x", "w")]), IGNORE)]))
    expect_error("OTSParameterInvalid", 400, client.batch_write_row, request)
    # With the main table in the same batch: nothing is written either.
    request = BatchWriteRowRequest()
    request.add(TableInBatchWriteRowItem(MAIN, [PutRowItem(Row(k("w", 1), [("a", "w")]), IGNORE)]))
    request.add(TableInBatchWriteRowItem("py_si_local", [DeleteRowItem(Row(key), IGNORE)]))
    expect_error("OTSParameterInvalid", 400, client.batch_write_row, request)
    assert scan("py_si_gbase", full_key("py_si_gbase")) == before
    assert scan(MAIN, MAIN_KEYS) == main_before
    # Deleting an index is DeleteIndex's job, not DeleteTable's.
    expect_error("OTSParameterInvalid", 400, client.delete_table, "py_si_gbase")
    assert scan("py_si_gbase", full_key("py_si_gbase")) == before


REFUSE_PK = [("pk0", "STRING"), ("pk1", "INTEGER")]
REFUSE_DEFINED = [("s0", "STRING"), ("s1", "STRING"), ("s2", "STRING"), ("s3", "STRING"),
                  ("s4", "STRING"), ("s5", "STRING"), ("i", "INTEGER"), ("f", "DOUBLE"),
                  ("t", "BOOLEAN"), ("bn", "BINARY")]


def refused_both_ways(table, meta, code="OTSParameterInvalid", status=400, message=None):
    """`meta` is refused by CreateIndex on `table` and by CreateTable of a new table with the
    same schema; neither leaves anything behind."""
    before = index_metas(table)
    e = expect_error(code, status, client.create_secondary_index, table, meta, True)
    if message is not None:
        expect_message(e, message)
    assert index_metas(table) == before, index_metas(table)
    e = expect_error(code, status, create, "py_si_refused", REFUSE_PK, REFUSE_DEFINED, [meta])
    if message is not None:
        expect_message(e, message)
    expect_error("OTSObjectNotExist", 404, client.describe_table, "py_si_refused")
    expect_error("OTSObjectNotExist", 404, client.describe_table, meta.index_name)


def refusal_table():
    if "py_si_ref" not in client.list_table():
        create("py_si_ref", REFUSE_PK, REFUSE_DEFINED)


@check
def index_on_undefined_column_is_refused():
    refusal_table()
    refused_both_ways("py_si_ref", SecondaryIndexMeta("py_si_ref_i", ["nope"], []))
    refused_both_ways("py_si_ref", SecondaryIndexMeta("py_si_ref_i", ["s0"], ["nope"]))
    refused_both_ways("py_si_ref", SecondaryIndexMeta("py_si_ref_i", ["s0", "nope"], [], index_type=LOCAL))


@check
def double_or_boolean_index_key_is_refused():
    refusal_table()
    refused_both_ways("py_si_ref", SecondaryIndexMeta("py_si_ref_i", ["f"], []))
    refused_both_ways("py_si_ref", SecondaryIndexMeta("py_si_ref_i", ["t"], ["s0"]))
    refused_both_ways("py_si_ref", SecondaryIndexMeta("py_si_ref_i", ["pk0", "f"], [], index_type=LOCAL))
    # As defined columns they are fine.
    client.create_secondary_index("py_si_ref", SecondaryIndexMeta("py_si_ref_ft", ["i"], ["f", "t"]), True)
    client.delete_secondary_index("py_si_ref", "py_si_ref_ft")


@check
def local_index_must_start_with_partition_key():
    refusal_table()
    refused_both_ways("py_si_ref", SecondaryIndexMeta("py_si_ref_i", ["s0", "pk0"], [], index_type=LOCAL))
    refused_both_ways("py_si_ref", SecondaryIndexMeta("py_si_ref_i", ["pk1", "pk0"], [], index_type=LOCAL))
    # The same keys make a global index.
    client.create_secondary_index("py_si_ref", SecondaryIndexMeta("py_si_ref_g", ["pk1", "pk0"], []), True)
    client.delete_secondary_index("py_si_ref", "py_si_ref_g")


@check
def sixth_index_is_refused():
    quota = "Number of index per table exceeds the quota:5."
    metas = [SecondaryIndexMeta("py_si_six_%d" % i, ["s%d" % i], []) for i in range(6)]
    e = expect_error("OTSParameterInvalid", 400, create, "py_si_six", REFUSE_PK, REFUSE_DEFINED, metas)
    expect_message(e, quota)
    expect_error("OTSObjectNotExist", 404, client.describe_table, "py_si_six")
    create("py_si_six", REFUSE_PK, REFUSE_DEFINED, metas[:3])
    client.create_secondary_index("py_si_six", metas[3], False)
    client.create_secondary_index("py_si_six", metas[4], True)
    e = expect_error("OTSParameterInvalid", 400, client.create_secondary_index, "py_si_six", metas[5], True)
    expect_message(e, quota)
    assert [m[0] for m in index_metas("py_si_six")] == ["py_si_six_%d" % i for i in range(5)]
    expect_error("OTSObjectNotExist", 404, client.describe_table, "py_si_six_5")
    # One dropped, one more fits.
    client.delete_secondary_index("py_si_six", "py_si_six_0")
    client.create_secondary_index("py_si_six", metas[5], True)
    client.delete_table("py_si_six")


@check
def index_key_column_count_is_one_to_four():
    refusal_table()
    count = "The number of primary key columns must be in range: [1, 4] in index."
    refused_both_ways("py_si_ref", SecondaryIndexMeta("py_si_ref_i", [], ["s0"]), message=count)
    refused_both_ways("py_si_ref", SecondaryIndexMeta("py_si_ref_i", ["s0", "s1", "s2", "s3", "s4"], []),
                      message=count)
    # Four given columns, and the main key on top: six in all.
    client.create_secondary_index("py_si_ref", SecondaryIndexMeta("py_si_ref_4", ["s0", "s1", "s2", "s3"], []), True)
    d = client.describe_table("py_si_ref_4")
    assert [c[0] for c in d.table_meta.schema_of_primary_key] == ["s0", "s1", "s2", "s3", "pk0", "pk1"]
    client.delete_secondary_index("py_si_ref", "py_si_ref_4")


@check
def index_defined_column_count_is_at_most_32():
    names = ["c%d" % i for i in range(32)]
    many = "The number of attribute columns must be in range: [0, 32] in index."
    meta = SecondaryIndexMeta("py_si_many_i", ["pk1"], names + ["c32"])
    e = expect_error("OTSParameterInvalid", 400, create, "py_si_many", REFUSE_PK, [(n, "STRING") for n in names], [meta])
    expect_message(e, many)
    create("py_si_many", REFUSE_PK, [(n, "STRING") for n in names], [SecondaryIndexMeta("py_si_many_i", ["pk1"], names)])
    client.delete_table("py_si_many")


@check
def index_needs_one_version():
    create("py_si_versions", REFUSE_PK, REFUSE_DEFINED, options=TableOptions(max_version=2))
    meta = SecondaryIndexMeta("py_si_versions_i", ["s0"], [])
    expect_error("OTSParameterInvalid", 400, client.create_secondary_index, "py_si_versions", meta, True)
    assert index_metas("py_si_versions") == []
    expect_error("OTSParameterInvalid", 400, create, "py_si_versions2", REFUSE_PK, REFUSE_DEFINED, [meta],
                 TableOptions(max_version=2))
    expect_error("OTSObjectNotExist", 404, client.describe_table, "py_si_versions2")
    client.delete_table("py_si_versions")


@check
def index_with_ttl_needs_allow_update_false():
    message = "Don't support allow update operation on table with index and ttl"
    meta = SecondaryIndexMeta("py_si_ttl_i", ["s0"], [])
    e = expect_error("OTSParameterInvalid", 400, create, "py_si_ttl", REFUSE_PK, REFUSE_DEFINED, [meta],
                     TableOptions(time_to_live=86400, allow_update=True))
    expect_message(e, message)
    expect_error("OTSObjectNotExist", 404, client.describe_table, "py_si_ttl")
    create("py_si_ttl", REFUSE_PK, REFUSE_DEFINED, options=TableOptions(time_to_live=86400, allow_update=True))
    e = expect_error("OTSParameterInvalid", 400, client.create_secondary_index, "py_si_ttl", meta, True)
    expect_message(e, message)
    client.delete_table("py_si_ttl")
    # allow_update false: accepted.
    create("py_si_ttl", REFUSE_PK, REFUSE_DEFINED, [meta], TableOptions(time_to_live=86400, allow_update=False))
    assert [m[0] for m in index_metas("py_si_ttl")] == ["py_si_ttl_i"]
    client.delete_table("py_si_ttl")


@check
def index_name_taken_by_table_or_index_is_refused():
    refusal_table()
    # CreateIndex: the name of a table, of this table's index, of another table's index.
    for name in ("py_si_ref", MAIN, "py_si_gbase"):
        expect_error("OTSObjectAlreadyExist", 409, client.create_secondary_index, "py_si_ref",
                     SecondaryIndexMeta(name, ["s0"], []), True)
    client.create_secondary_index("py_si_ref", SecondaryIndexMeta("py_si_ref_s", ["s0"], []), True)
    expect_error("OTSObjectAlreadyExist", 409, client.create_secondary_index, "py_si_ref",
                 SecondaryIndexMeta("py_si_ref_s", ["s1"], []), True)
    assert [m[0] for m in index_metas("py_si_ref")] == ["py_si_ref_s"], index_metas("py_si_ref")
    client.delete_secondary_index("py_si_ref", "py_si_ref_s")
    # CreateTable: an index named like a table or an index, or two indexes of one name.
    for names in (["py_si_ref"], ["py_si_gbase"], ["py_si_twice", "py_si_twice"], ["py_si_new"]):
        metas = [SecondaryIndexMeta(n, ["s%d" % i], []) for i, n in enumerate(names)]
        if names == ["py_si_new"]:
            metas.append(SecondaryIndexMeta("py_si_new_t", ["s1"], []))
            create("py_si_new_t", [("id", "INTEGER")])
        try:
            create("py_si_new", REFUSE_PK, REFUSE_DEFINED, metas)
        except OTSServiceError as e:
            assert e.get_error_code() in ("OTSParameterInvalid", "OTSObjectAlreadyExist"), \
                (e.get_error_code(), e.get_error_message())
        else:
            raise AssertionError("CreateTable with the index names %s was accepted" % names)
        expect_error("OTSObjectNotExist", 404, client.describe_table, "py_si_new")
    client.delete_table("py_si_new_t")
    assert MAIN in client.list_table() and index_metas(MAIN)


@check
def create_table_named_like_an_index_is_refused():
    # A table may not take an index's name: the service's answer to a taken table name.
    e = expect_error("OTSObjectAlreadyExist", 409, create, "py_si_gbase", [("id", "INTEGER")])
    expect_message(e, "Requested table already exists.")
    assert client.describe_table("py_si_gbase").table_meta.schema_of_primary_key[0] == ("a", "STRING")


@check
def delete_of_missing_index_is_refused():
    refusal_table()
    expect_error("OTSObjectNotExist", 404, client.delete_secondary_index, "py_si_ref", "py_si_none")
    # Another table's index is not this table's.
    expect_error("OTSObjectNotExist", 404, client.delete_secondary_index, "py_si_ref", "py_si_gbase")
    assert "py_si_gbase" in [m[0] for m in index_metas(MAIN)]
    expect_error("OTSObjectNotExist", 404, client.delete_secondary_index, "py_si_no_table", "py_si_none")


@check
def wrong_type_in_indexed_column_writes_nothing():
    main_before = scan(MAIN, MAIN_KEYS)
    indexes_before = {n: scan(n, full_key(n)) for n in INDEXES if INDEXES[n][0] == MAIN}
    # n is INTEGER and in gnew's key and local's and gbin's columns; a is STRING, x STRING.
    expect_error("OTSParameterInvalid", 400, client.put_row, MAIN, Row(k("w", 1), [("n", "five")]), IGNORE)
    expect_error("OTSParameterInvalid", 400, client.put_row, MAIN, Row(k("w", 1), [("a", 5)]), IGNORE)
    expect_error("OTSParameterInvalid", 400, client.put_row, MAIN, Row(k("w", 1), [("x", True)]), IGNORE)
    expect_error("OTSParameterInvalid", 400, client.put_row, MAIN,
                 Row(k("w", 1), [("bin", "not bytes")]), IGNORE)
    expect_error("OTSParameterInvalid", 400, client.put_row, MAIN, Row(k("w", 1), [("d", 1)]), IGNORE)
    expect_error("OTSParameterInvalid", 400, client.update_row, MAIN,
                 Row(k("p1", 1), {"PUT": [("n", 1.5)]}), IGNORE)
    expect_error("OTSParameterInvalid", 400, client.update_row, MAIN,
                 Row(k("p1", 1), {"PUT": [("b", "yes")]}), IGNORE)
    # An increment of a STRING column held by an index.
    expect_error("OTSParameterInvalid", 400, client.update_row, MAIN,
                 Row(k("p1", 1), {"INCREMENT": [("a", 1)]}), IGNORE)
    request = BatchWriteRowRequest()
    request.add(TableInBatchWriteRowItem(MAIN, [
        PutRowItem(Row(k("w", 2), [("a", "fine")]), IGNORE),
        PutRowItem(Row(k("w", 3), [("n", "bad")]), IGNORE),
    ]))
    try:
        response = client.batch_write_row(request)
    except OTSServiceError as e:
        assert e.get_error_code() == "OTSParameterInvalid", (e.get_error_code(), e.get_error_message())
    else:
        _, failed = response.get_put()
        assert [(f.index, f.error_code) for f in failed] == [(1, "OTSParameterInvalid")], \
            [(f.index, f.error_code, f.error_message) for f in failed]
        touched(k("w", 2), True)
    assert main_row("w", 1) is None and main_row("w", 3) is None
    assert main_row("p1", 1) == dict(main_before)[tuple(k("p1", 1))]
    if main_row("w", 2) is None:
        assert scan(MAIN, MAIN_KEYS) == main_before
        assert {n: scan(n, full_key(n)) for n in indexes_before} == indexes_before
    oracle()
    # A column no index holds takes any type, as on any table.
    client.put_row(MAIN, Row(k("w", 4), [("free", 1.5), ("other", "s")]), IGNORE)
    client.update_row(MAIN, Row(k("w", 4), {"PUT": [("free", "now a string")]}), IGNORE)
    touched(k("w", 4), True)
    oracle()


@check
def auto_increment_key_cannot_lead_an_index():
    pk = [("pk0", "STRING"), ("id", "INTEGER", PK_AUTO_INCR)]
    create("py_si_auto", pk, [("s", "STRING")])
    expect_error("OTSParameterInvalid", 400, client.create_secondary_index, "py_si_auto",
                     SecondaryIndexMeta("py_si_auto_i", ["id"], ["s"]), True)
    assert index_metas("py_si_auto") == []
    expect_error("OTSParameterInvalid", 400, create, "py_si_auto2", pk, [("s", "STRING")],
                 [SecondaryIndexMeta("py_si_auto2_i", ["id", "s"], [])])
    expect_error("OTSObjectNotExist", 404, client.describe_table, "py_si_auto2")
    # Elsewhere in the key it is fine, and the generated values reach the index.
    meta = SecondaryIndexMeta("py_si_auto_i", ["s", "id"], [])
    client.create_secondary_index("py_si_auto", meta, True)
    declare(meta, main="py_si_auto", main_keys=["pk0", "id"])
    ids = []
    for s in ("b", "a", "b"):
        _, row = client.put_row("py_si_auto", Row([("pk0", "p"), ("id", PK_AUTO_INCR)], [("s", s)]),
                                IGNORE, ReturnType.RT_PK)
        ids.append(dict(row.primary_key)["id"])
    index_matches("py_si_auto_i")
    got = [e[0] for e in scan("py_si_auto_i", full_key("py_si_auto_i"))]
    want = sorted([(("s", s), ("id", i), ("pk0", "p")) for s, i in zip("bab", ids)],
                  key=lambda t: (t[0][1], t[1][1]))
    assert got == want, (got, want)
    client.delete_table("py_si_auto")


EXP = "py_si_exp"
EXP_INDEXES = [SecondaryIndexMeta("py_si_exp_a", ["a"], ["x"]),
               SecondaryIndexMeta("py_si_exp_l", ["pk0", "n"], ["x"], index_type=LOCAL),
               SecondaryIndexMeta("py_si_exp_k", ["pk1"], ["a"])]


@check
def ttl_expiry_removes_index_rows():
    create(EXP, MAIN_PK, [("a", "STRING"), ("x", "STRING"), ("n", "INTEGER")], EXP_INDEXES,
           TableOptions(time_to_live=86400, allow_update=False))
    for m in EXP_INDEXES:
        declare(m, main=EXP)
    # Cells written 86397 s ago live 3 s more.
    old = int(time.time() * 1000) - 86400 * 1000 + 3000
    client.put_row(EXP, Row(k("e", 1), [("a", "a1", old), ("x", "x1", old), ("n", 1, old)]), IGNORE)
    client.put_row(EXP, Row(k("e", 2), [("a", "a2", old), ("x", "x2"), ("n", 2)]), IGNORE)
    client.put_row(EXP, Row(k("e", 3), [("a", "a3"), ("x", "x3", old), ("n", 3)]), IGNORE)
    for m in EXP_INDEXES:
        index_matches(m.index_name)
    assert len(scan("py_si_exp_a", full_key("py_si_exp_a"))) == 3
    time.sleep(4)
    assert [key for key, _ in scan(EXP, MAIN_KEYS)] == [tuple(k("e", 2)), tuple(k("e", 3))]
    for m in EXP_INDEXES:
        index_matches(m.index_name)
    got = scan("py_si_exp_a", full_key("py_si_exp_a"))
    assert got == [((("a", "a3"), ("pk0", "e"), ("pk1", 3)), {})], got
    assert index_row("py_si_exp_a", [("a", "a1"), ("pk0", "e"), ("pk1", 1)]) is None
    got = scan("py_si_exp_k", full_key("py_si_exp_k"))
    assert got == [((("pk1", 2), ("pk0", "e")), {}), ((("pk1", 3), ("pk0", "e")), {"a": "a3"})], got


@check
def update_table_keeps_index_rules():
    # UpdateTable may not make an indexed table keep versions, nor allow updates beside a TTL.
    e = expect_error("OTSParameterInvalid", 400, client.update_table, EXP,
                     TableOptions(time_to_live=86400, allow_update=True))
    expect_message(e, "Don't support allow update operation on table with index and ttl")
    expect_error("OTSParameterInvalid", 400, client.update_table, EXP,
                 TableOptions(time_to_live=86400, max_version=2, allow_update=False))
    expect_error("OTSParameterInvalid", 400, client.update_table, MAIN, TableOptions(max_version=3))
    for table in (EXP, MAIN):
        o = client.describe_table(table).table_options
        assert o.max_version == 1, (table, o.max_version)
    assert client.describe_table(EXP).table_options.allow_update is False
    # Options that keep the rules are accepted.
    client.update_table(EXP, TableOptions(time_to_live=2 * 86400, allow_update=False))
    assert client.describe_table(EXP).table_options.time_to_live == 2 * 86400


@check
def local_transaction_commit_moves_index_rows():
    table = "py_si_txn"
    metas = [SecondaryIndexMeta("py_si_txn_g", ["a"], []),
             SecondaryIndexMeta("py_si_txn_l", ["pk0", "a"], [], index_type=LOCAL)]
    create(table, MAIN_PK, [("a", "STRING")], metas)
    for m in metas:
        declare(m, main=table)
    client.put_row(table, Row(k("t", 1), [("a", "before")]), IGNORE)
    client.put_row(table, Row(k("t", 3), [("a", "kept")]), IGNORE)
    committed = scan("py_si_txn_g", full_key("py_si_txn_g"))
    tid = client.start_local_transaction(table, [("pk0", "t")])
    client.update_row(table, Row(k("t", 1), {"PUT": [("a", "inside")]}), IGNORE, transaction_id=tid)
    client.put_row(table, Row(k("t", 2), [("a", "new")]), IGNORE, transaction_id=tid)
    client.delete_row(table, Row(k("t", 3)), IGNORE, transaction_id=tid)
    # Pending writes are not in the indexes.
    assert scan("py_si_txn_g", full_key("py_si_txn_g")) == committed
    for m in metas:
        index_matches(m.index_name)
    client.commit_transaction(tid)
    for m in metas:
        index_matches(m.index_name)
    got = [dict(e[0])["a"] for e in scan("py_si_txn_g", full_key("py_si_txn_g"))]
    assert got == ["inside", "new"], got
    tid = client.start_local_transaction(table, [("pk0", "t")])
    client.put_row(table, Row(k("t", 1), [("a", "aborted")]), IGNORE, transaction_id=tid)
    client.delete_row(table, Row(k("t", 2)), IGNORE, transaction_id=tid)
    client.abort_transaction(tid)
    for m in metas:
        index_matches(m.index_name)
    got = [dict(e[0])["a"] for e in scan("py_si_txn_l", full_key("py_si_txn_l"))]
    assert got == ["inside", "new"], got


# Concurrency: racing writers over the same rows leave no orphan or duplicate index row.

@check
def concurrent_writers_keep_indexes_exact():
    table = "py_si_race"
    pk = [("pk0", "STRING"), ("pk1", "INTEGER")]
    metas = [SecondaryIndexMeta("py_si_race_g", ["a"], ["n"]),
             SecondaryIndexMeta("py_si_race_n", ["n"], ["a", "x"]),
             SecondaryIndexMeta("py_si_race_l", ["pk0", "a"], ["x"], index_type=LOCAL)]
    create(table, pk, [("a", "STRING"), ("n", "INTEGER"), ("x", "STRING")], metas)
    for m in metas:
        declare(m, main=table, main_keys=["pk0", "pk1"])
    keys = [("c%d" % (i % 2), i) for i in range(10)]
    values = ["v0", "v1", "v2"]
    errors = []

    def writer(t):
        rng = random.Random(t)
        try:
            for i in range(50):
                p, s = rng.choice(keys)
                op = rng.randrange(6)
                if op == 0:
                    cols = [("a", rng.choice(values)), ("n", rng.randrange(4)), ("x", "t%d-%d" % (t, i))]
                    client.put_row(table, Row(k(p, s), cols[:rng.randrange(1, 4)]), IGNORE)
                elif op == 1:
                    client.update_row(table, Row(k(p, s), {"PUT": [("a", rng.choice(values))]}), IGNORE)
                elif op == 2:
                    client.update_row(table, Row(k(p, s), {"DELETE_ALL": ["a"], "PUT": [("x", "t%d" % t)]}), IGNORE)
                elif op == 3:
                    client.update_row(table, Row(k(p, s), {"INCREMENT": [("n", 1)]}), IGNORE)
                elif op == 4:
                    client.delete_row(table, Row(k(p, s)), IGNORE)
                else:
                    request = BatchWriteRowRequest()
                    q, r = rng.choice([x for x in keys if x != (p, s)])
                    request.add(TableInBatchWriteRowItem(table, [
                        UpdateRowItem(Row(k(p, s), {"PUT": [("a", rng.choice(values)), ("n", rng.randrange(4))]}), IGNORE),
                        DeleteRowItem(Row(k(q, r)), IGNORE),
                    ]))
                    response = client.batch_write_row(request)
                    assert response.is_all_succeed(), [(f.error_code, f.error_message) for f in response.get_failed_rows()]
        except Exception as e:  # reported below; a thread must not die silently
            errors.append(e)

    threads = [threading.Thread(target=writer, args=(t,)) for t in range(8)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert not errors, errors
    for m in metas:
        index_matches(m.index_name)
    # Every main row with an a is in the a-keyed indexes once.
    rows = scan(table, ["pk0", "pk1"])
    with_a = [key for key, attrs in rows if "a" in attrs]
    got = scan("py_si_race_g", full_key("py_si_race_g"))
    assert sorted(tuple(e[0][1:]) for e in got) == sorted(with_a), (got, with_a)


passed = sum(results)
failed = len(results) - passed
print("%d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
