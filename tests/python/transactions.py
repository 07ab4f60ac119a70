"""Drives ots-local's local transactions with the official Tablestore Python SDK.

Usage: python transactions.py ENDPOINT INSTANCE ACCESS_KEY_ID ACCESS_KEY_SECRET LIFETIME_SECONDS

LIFETIME_SECONDS is the transaction lifetime the server was started with (short, so that expiry
is seen within seconds). Every check prints one line; the last line is "N passed, M failed" and
the exit status is non-zero when anything failed. Each check works on partition keys of its own,
so one failure does not hide others. The client never retries: the SDK's default policy retries
OTSRowOperationConflict for minutes, and a conflict is what several checks expect.
"""

import sys
import time
import traceback

from tablestore import (
    INF_MAX, INF_MIN, BatchWriteRowRequest, CapacityUnit, Condition, DeleteRowItem, Direction,
    OTSClient, OTSServiceError, PutRowItem, ReservedThroughput, Row, RowExistenceExpectation,
    TableInBatchWriteRowItem, TableMeta, TableOptions, UpdateRowItem,
)
from tablestore.retry import NoRetryPolicy

endpoint, instance, akid, secret, lifetime = sys.argv[1:6]
lifetime = float(lifetime)
client = OTSClient(endpoint, akid, secret, instance, retry_policy=NoRetryPolicy())
results = []
TABLE = "py_txn"
IGNORE = Condition(RowExistenceExpectation.IGNORE)


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


def create(name):
    meta = TableMeta(name, [("PK0", "INTEGER"), ("PK1", "STRING")])
    client.create_table(meta, TableOptions(), ReservedThroughput(CapacityUnit(0, 0)))


def pk(p, s):
    return [("PK0", p), ("PK1", s)]


def start(p, table=TABLE):
    tid = client.start_local_transaction(table, [("PK0", p)])
    assert isinstance(tid, str) and tid, tid
    return tid


def put(p, s, value, tid=None, table=TABLE):
    client.put_row(table, Row(pk(p, s), [("value", value)]), IGNORE, transaction_id=tid)


def value(p, s, tid=None, table=TABLE):
    """The row's 'value', or None when there is no row: read outside (no id) or inside (with tid)."""
    _, row, _ = client.get_row(table, pk(p, s), ["value"], max_version=1, transaction_id=tid)
    if row is None:
        return None
    assert row.primary_key == pk(p, s), row.primary_key
    return dict((c[0], c[1]) for c in row.attribute_columns).get("value")


def scan(start_key, end_key, tid=None, table=TABLE, direction=Direction.FORWARD):
    """(PK0, PK1, value) of every row of a range, following next_start_primary_key."""
    out = []
    while start_key is not None:
        _, next_key, rows, _ = client.get_range(table, direction, start_key, end_key, ["value"],
                                                max_version=1, transaction_id=tid)
        for row in rows:
            key = dict(row.primary_key)
            out.append((key["PK0"], key["PK1"], dict((c[0], c[1]) for c in row.attribute_columns).get("value")))
        start_key = next_key
    return out


def partition(p, tid=None):
    return scan(pk(p, INF_MIN), pk(p, INF_MAX), tid)


create(TABLE)


# Put, update, delete and a batch, each under commit and under abort: inside the transaction its
# writes are seen, outside the committed rows, after the end the writes are applied or gone.

def write_scenario(p, write, inside, commit):
    """Seeds (p, 'a') = 'origin', runs `write(p, tid)`, and checks the row's value inside
    (`inside`), outside ('origin') and after the commit (`inside`) or abort ('origin')."""
    put(p, "a", "origin")
    assert value(p, "a") == "origin"
    tid = start(p)
    write(p, tid)
    assert value(p, "a", tid) == inside, value(p, "a", tid)
    assert value(p, "a") == "origin", value(p, "a")
    if commit:
        client.commit_transaction(tid)
    else:
        client.abort_transaction(tid)
    after = inside if commit else "origin"
    assert value(p, "a") == after, (value(p, "a"), after)
    # The id names nothing any more; the partition is free again.
    expect_error("OTSSessionNotExist", 404, value, p, "a", tid)
    put(p, "a", "plain")
    assert value(p, "a") == "plain"


def write_checks(name, p, write, inside):
    def committed():
        write_scenario(p, write, inside, commit=True)

    def aborted():
        write_scenario(p + 1, write, inside, commit=False)

    committed.__name__ = name + "_commit"
    aborted.__name__ = name + "_abort"
    check(committed)
    check(aborted)


write_checks("put", 100, lambda p, tid: put(p, "a", "new", tid), "new")
write_checks(
    "update", 110,
    lambda p, tid: client.update_row(TABLE, Row(pk(p, "a"), {"PUT": [("value", "updated")]}),
                                     IGNORE, transaction_id=tid),
    "updated")
write_checks(
    "delete", 120,
    lambda p, tid: client.delete_row(TABLE, pk(p, "a"), IGNORE, transaction_id=tid),
    None)


def batch_scenario(p, commit):
    """A batch of an update, a put and a delete in one transaction."""
    put(p, "a", "origin")
    put(p, "c", "origin c")
    tid = start(p)
    request = BatchWriteRowRequest()
    request.add(TableInBatchWriteRowItem(TABLE, [
        UpdateRowItem(Row(pk(p, "a"), {"PUT": [("value", "batch")]}), IGNORE),
        PutRowItem(Row(pk(p, "b"), [("value", "new b")]), IGNORE),
        DeleteRowItem(Row(pk(p, "c")), IGNORE),
    ]))
    request.set_transaction_id(tid)
    response = client.batch_write_row(request)
    assert response.is_all_succeed(), response.get_failed_rows()
    pending = [(p, "a", "batch"), (p, "b", "new b")]
    committed = [(p, "a", "origin"), (p, "c", "origin c")]
    assert [value(p, s, tid) for s in "abc"] == ["batch", "new b", None]
    assert partition(p, tid) == pending, partition(p, tid)
    assert [value(p, s) for s in "abc"] == ["origin", None, "origin c"]
    assert partition(p) == committed, partition(p)
    if commit:
        client.commit_transaction(tid)
    else:
        client.abort_transaction(tid)
    assert partition(p) == (pending if commit else committed), partition(p)


@check
def batch_write_commit():
    batch_scenario(130, commit=True)


@check
def batch_write_abort():
    batch_scenario(131, commit=False)


@check
def delete_seen_by_range_inside_only():
    """The upstream test's shape: a deleted row is gone from a range inside, there outside."""
    p = 140
    put(p, "a", "origin")
    tid = start(p)
    client.delete_row(TABLE, Row(pk(p, "a")), IGNORE, transaction_id=tid)
    assert partition(p, tid) == []
    assert partition(p) == [(p, "a", "origin")]
    client.commit_transaction(tid)
    assert partition(p) == []


# Locking: the held partition refuses a second start and plain writes; reads and other
# partitions go on.

@check
def held_partition_refuses_second_start_and_plain_writes():
    p = 200
    put(p, "a", "origin")
    tid = start(p)
    put(p, "a", "pending", tid)
    e = expect_error("OTSRowOperationConflict", 409, client.start_local_transaction, TABLE, [("PK0", p)])
    assert e.get_error_message(), e
    expect_error("OTSRowOperationConflict", 409, put, p, "a", "plain")
    expect_error("OTSRowOperationConflict", 409, put, p, "other row", "plain")
    expect_error("OTSRowOperationConflict", 409, client.update_row, TABLE,
                 Row(pk(p, "a"), {"PUT": [("value", "plain")]}), IGNORE)
    expect_error("OTSRowOperationConflict", 409, client.delete_row, TABLE, Row(pk(p, "a")), IGNORE)
    # A plain batch: the row of the held partition fails, the other one is written.
    request = BatchWriteRowRequest()
    request.add(TableInBatchWriteRowItem(TABLE, [
        PutRowItem(Row(pk(p, "b"), [("value", "plain")]), IGNORE),
        PutRowItem(Row(pk(p + 1, "b"), [("value", "plain")]), IGNORE),
    ]))
    response = client.batch_write_row(request)
    _, failed = response.get_put()
    assert [(f.index, f.error_code) for f in failed] == [(0, "OTSRowOperationConflict")], \
        [(f.index, f.error_code, f.error_message) for f in failed]
    assert value(p + 1, "b") == "plain"
    # Reads are not held up and see the committed rows.
    t0 = time.time()
    assert value(p, "a") == "origin"
    assert partition(p) == [(p, "a", "origin")], partition(p)
    assert time.time() - t0 < 1.0, time.time() - t0
    # The transaction's own view is unchanged by the refused writes.
    assert partition(p, tid) == [(p, "a", "pending")], partition(p, tid)
    client.commit_transaction(tid)
    assert value(p, "a") == "pending"
    put(p, "a", "plain")
    assert value(p, "a") == "plain"
    client.abort_transaction(start(p))


@check
def other_partitions_are_not_held():
    p = 210
    tid = start(p)
    put(p + 1, "a", "plain")
    assert value(p + 1, "a") == "plain"
    other = start(p + 1)
    put(p + 1, "a", "inside other", other)
    client.commit_transaction(other)
    assert value(p + 1, "a") == "inside other"
    # Another table's same partition key is free too.
    create("py_txn_other")
    put(p, "a", "other table", table="py_txn_other")
    client.abort_transaction(start(p, "py_txn_other"))
    client.delete_table("py_txn_other")
    client.abort_transaction(tid)


@check
def writes_outside_the_partition_are_refused_inside():
    p = 220
    tid = start(p)
    # The service's code for data outside the transaction (ExAliyunOts' transaction test).
    expect_error("OTSDataOutOfRange", 400, put, p + 1, "a", "x", tid)
    expect_error("OTSDataOutOfRange", 400, client.delete_row, TABLE, Row(pk(p + 1, "a")), IGNORE,
                 transaction_id=tid)
    assert value(p + 1, "a") is None
    client.abort_transaction(tid)


@check
def start_key_must_be_the_partition_key_only():
    expect_error("OTSParameterInvalid", 400, client.start_local_transaction, TABLE, pk(230, "a"))
    expect_error("OTSObjectNotExist", 404, client.start_local_transaction, "py_txn_missing", [("PK0", 230)])
    client.abort_transaction(start(230))


# Expiry: a transaction outliving its lifetime cannot commit, its writes are gone and its
# partition is free.

@check
def lapsed_transaction_cannot_commit():
    p = 300
    tid = start(p)
    put(p, "a", "pending", tid)
    assert value(p, "a", tid) == "pending"
    time.sleep(lifetime + 0.5)
    e = expect_error("OTSSessionNotExist", 404, client.commit_transaction, tid)
    assert e.get_error_message() == "Session not exist or may be timeout.", e.get_error_message()
    assert value(p, "a") is None
    tid = start(p)
    assert value(p, "a", tid) is None
    client.abort_transaction(tid)


@check
def lapsed_transaction_frees_its_partition():
    p = 310
    put(p, "a", "origin")
    tid = start(p)
    put(p, "a", "pending", tid)
    time.sleep(lifetime + 0.5)
    # Nobody touched the transaction since: a plain write goes through all the same.
    put(p, "a", "plain")
    assert value(p, "a") == "plain"
    expect_error("OTSSessionNotExist", 404, value, p, "a", tid)
    expect_error("OTSSessionNotExist", 404, put, p, "a", "late", tid)
    expect_error("OTSSessionNotExist", 404, client.abort_transaction, tid)
    client.commit_transaction(start(p))
    assert value(p, "a") == "plain"


# Ending twice, and ids the server never gave.

@check
def commit_twice_and_abort_after_commit():
    p = 400
    tid = start(p)
    put(p, "a", "v", tid)
    client.commit_transaction(tid)
    e = expect_error("OTSSessionNotExist", 404, client.commit_transaction, tid)
    assert e.get_error_message() == "Session not exist or may be timeout.", e.get_error_message()
    expect_error("OTSSessionNotExist", 404, client.abort_transaction, tid)
    assert value(p, "a") == "v"


@check
def abort_twice_and_commit_after_abort():
    p = 410
    tid = start(p)
    put(p, "a", "v", tid)
    client.abort_transaction(tid)
    expect_error("OTSSessionNotExist", 404, client.abort_transaction, tid)
    expect_error("OTSSessionNotExist", 404, client.commit_transaction, tid)
    assert value(p, "a") is None


@check
def unknown_well_formed_id():
    tid = start(420)
    client.abort_transaction(tid)
    unknown = "0123456789ABCDEF0123456789ABCDEF" if tid != "0123456789ABCDEF0123456789ABCDEF" else "F" * 32
    assert len(tid) == len(unknown), tid
    expect_error("OTSSessionNotExist", 404, client.commit_transaction, unknown)
    expect_error("OTSSessionNotExist", 404, put, 420, "a", "x", unknown)


@check
def malformed_id_is_invalid():
    # The upstream test's id, on a put: 400 OTSParameterInvalid "TransactionID is invalid.".
    e = expect_error("OTSParameterInvalid", 400, put, 430, "a", "x", "not existed transaction id")
    assert e.get_error_message() == "TransactionID is invalid.", e.get_error_message()
    for call in (lambda: value(430, "a", "not existed transaction id"),
                 lambda: client.commit_transaction("not existed transaction id"),
                 lambda: client.abort_transaction("not existed transaction id")):
        e = expect_error("OTSParameterInvalid", 400, call)
        assert e.get_error_message() == "TransactionID is invalid.", e.get_error_message()
    assert value(430, "a") is None


# GetRange with the id: the pending rows over the committed ones, of the held partition only.

@check
def range_inside_sees_its_partition_only():
    table = "py_txn_range"
    create(table)
    for p in (1, 2, 3):
        for s in ("a", "c"):
            put(p, s, "committed %d%s" % (p, s), table=table)
    tid = start(2, table)
    put(2, "b", "pending 2b", tid, table)
    client.update_row(table, Row(pk(2, "c"), {"PUT": [("value", "pending 2c")]}), IGNORE, transaction_id=tid)
    client.delete_row(table, Row(pk(2, "a")), IGNORE, transaction_id=tid)
    whole = (pk(INF_MIN, INF_MIN), pk(INF_MAX, INF_MAX))
    held = (pk(2, INF_MIN), pk(2, INF_MAX))
    inside = [(2, "b", "pending 2b"), (2, "c", "pending 2c")]
    got = scan(*held, tid=tid, table=table)
    assert got == inside, got
    got = scan(held[1], held[0], tid=tid, table=table, direction=Direction.BACKWARD)
    assert got == inside[::-1], got
    # A bound in another partition is refused, with the service's code and message (ExAliyunOts'
    # transaction test against the service).
    for bounds in (whole, (pk(1, "b"), pk(2, "c")), (pk(2, "a"), pk(3, INF_MIN)), (pk(3, INF_MIN), pk(3, INF_MAX))):
        expect_error("OTSDataOutOfRange", 400, scan, *bounds, tid=tid, table=table)
    e = expect_error("OTSDataOutOfRange", 400, scan, pk(2, "a"), pk(3, INF_MIN), tid=tid, table=table)
    assert e.get_error_message() == "Data out of scope of transaction. Transaction PartKey:2. Data PartKey:3", e.get_error_message()
    # Paged by limit: the continuation key is honoured inside.
    _, next_key, rows, _ = client.get_range(table, Direction.FORWARD, *held, limit=1, max_version=1,
                                            transaction_id=tid)
    assert [dict(r.primary_key)["PK1"] for r in rows] == ["b"] and next_key is not None, (rows, next_key)
    outside = [(p, s, "committed %d%s" % (p, s)) for p in (1, 2, 3) for s in ("a", "c")]
    assert scan(*whole, table=table) == outside, scan(*whole, table=table)
    client.commit_transaction(tid)
    after = [r for r in outside if r[0] == 1] + inside + [r for r in outside if r[0] == 3]
    assert scan(*whole, table=table) == after, scan(*whole, table=table)
    client.delete_table(table)


passed = sum(results)
failed = len(results) - passed
print("%d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
