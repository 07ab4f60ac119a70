// Drives ots-local's local transactions with the official Tablestore Node.js SDK.
//
// Usage: node transactions.js ENDPOINT INSTANCE ACCESS_KEY_ID ACCESS_KEY_SECRET
//
// Prints one line per check and "N passed, M failed" last; exits non-zero when a check failed.
// startLocalTransaction / commitTransaction / abortTransaction, and the transactionId param of
// the row operations. SDK 5.6.5 decodes the AbortTransaction answer as the request, whose
// transaction id is required: the abort checks pass only because ots-local echoes it.
'use strict';

const assert = require('assert');
const TableStore = require('tablestore');
const Long = TableStore.Long;

const [endpoint, instancename, accessKeyId, secretAccessKey] = process.argv.slice(2);
const client = new TableStore.Client({ accessKeyId, secretAccessKey, endpoint, instancename, maxRetries: 0 });
const TABLE = 'node_txn';

function call(method, params) {
  return new Promise((resolve, reject) => {
    client[method](params, (err, data) => (err ? reject(err) : resolve(data)));
  });
}

async function expectHttpError(status, promise) {
  try {
    await promise;
  } catch (err) {
    assert.strictEqual(err.code, status, `expected HTTP ${status}, got ${err.code}: ${err.message}`);
    return err;
  }
  throw new Error(`expected HTTP ${status}`);
}

const ignore = () => new TableStore.Condition(TableStore.RowExistenceExpectation.IGNORE, null);
const pk = (p, s) => [{ PK0: Long.fromNumber(p) }, { PK1: s }];

async function start(p) {
  const res = await call('startLocalTransaction', { tableName: TABLE, primaryKey: [{ PK0: Long.fromNumber(p) }] });
  assert.ok(typeof res.transactionId === 'string' && res.transactionId.length > 0, JSON.stringify(res));
  return res.transactionId;
}

async function put(p, s, value, transactionId) {
  await call('putRow', {
    tableName: TABLE, condition: ignore(), primaryKey: pk(p, s), attributeColumns: [{ value }], transactionId,
  });
}

// The row's 'value' (undefined when there is no row), outside or, with an id, inside.
async function value(p, s, transactionId) {
  const got = await call('getRow', { tableName: TABLE, primaryKey: pk(p, s), maxVersions: 1, transactionId });
  if (!got.row || !got.row.primaryKey) return undefined;
  const a = got.row.attributes.find((c) => c.columnName === 'value');
  return a && a.columnValue;
}

// PK1 and value of every row of partition p, outside or inside.
async function partition(p, transactionId) {
  const got = await call('getRange', {
    tableName: TABLE,
    direction: TableStore.Direction.FORWARD,
    inclusiveStartPrimaryKey: [{ PK0: Long.fromNumber(p) }, { PK1: TableStore.INF_MIN }],
    exclusiveEndPrimaryKey: [{ PK0: Long.fromNumber(p) }, { PK1: TableStore.INF_MAX }],
    maxVersions: 1,
    transactionId,
  });
  return got.rows.map((r) => [r.primaryKey[1].value, r.attributes.find((c) => c.columnName === 'value').columnValue]);
}

const checks = {
  async putCommit() {
    await put(1, 'a', 'origin');
    const tid = await start(1);
    await put(1, 'a', 'new', tid);
    await put(1, 'b', 'new b', tid);
    assert.strictEqual(await value(1, 'a', tid), 'new');
    assert.strictEqual(await value(1, 'a'), 'origin');
    assert.deepStrictEqual(await partition(1, tid), [['a', 'new'], ['b', 'new b']]);
    assert.deepStrictEqual(await partition(1), [['a', 'origin']]);
    // The held partition refuses plain writes (409 OTSRowOperationConflict).
    await expectHttpError(409, put(1, 'a', 'plain'));
    await call('commitTransaction', { transactionId: tid });
    assert.strictEqual(await value(1, 'a'), 'new');
    assert.deepStrictEqual(await partition(1), [['a', 'new'], ['b', 'new b']]);
    // Committed: the id names nothing, the partition is free.
    await expectHttpError(404, call('commitTransaction', { transactionId: tid }));
    await put(1, 'a', 'plain');
    assert.strictEqual(await value(1, 'a'), 'plain');
  },

  async putAbort() {
    await put(2, 'a', 'origin');
    const tid = await start(2);
    await put(2, 'a', 'new', tid);
    await call('deleteRow', { tableName: TABLE, condition: ignore(), primaryKey: pk(2, 'x'), transactionId: tid });
    assert.strictEqual(await value(2, 'a', tid), 'new');
    assert.strictEqual(await value(2, 'a'), 'origin');
    const res = await call('abortTransaction', { transactionId: tid });
    assert.ok(res, 'abortTransaction answered nothing');
    assert.strictEqual(await value(2, 'a'), 'origin');
    assert.deepStrictEqual(await partition(2), [['a', 'origin']]);
    // Aborted: the id names nothing, the partition is free.
    await expectHttpError(404, call('abortTransaction', { transactionId: tid }));
    const again = await start(2);
    await call('abortTransaction', again);
  },

  async updateAndBatchCommit() {
    await put(3, 'a', 'origin');
    const tid = await start(3);
    await call('updateRow', {
      tableName: TABLE, condition: ignore(), primaryKey: pk(3, 'a'),
      updateOfAttributeColumns: [{ PUT: [{ value: 'updated' }] }], transactionId: tid,
    });
    const batch = await call('batchWriteRow', {
      tables: [{
        tableName: TABLE,
        rows: [
          { type: 'PUT', condition: ignore(), primaryKey: pk(3, 'b'), attributeColumns: [{ value: 'batch b' }] },
          { type: 'DELETE', condition: ignore(), primaryKey: pk(3, 'a') },
        ],
      }],
      transactionId: tid,
    });
    assert.ok(batch.tables.every((r) => r.isOk), JSON.stringify(batch.tables));
    assert.deepStrictEqual(await partition(3, tid), [['b', 'batch b']]);
    assert.deepStrictEqual(await partition(3), [['a', 'origin']]);
    await call('commitTransaction', tid);
    assert.deepStrictEqual(await partition(3), [['b', 'batch b']]);
  },

  async secondStartConflictsAndMalformedIdIsInvalid() {
    const tid = await start(4);
    await expectHttpError(409, start(4));
    await expectHttpError(400, put(4, 'a', 'x', 'not existed transaction id'));
    await call('abortTransaction', { transactionId: tid });
  },
};

(async () => {
  await call('createTable', {
    tableMeta: { tableName: TABLE, primaryKey: [{ name: 'PK0', type: 'INTEGER' }, { name: 'PK1', type: 'STRING' }] },
    reservedThroughput: { capacityUnit: { read: 0, write: 0 } },
    tableOptions: { timeToLive: -1, maxVersions: 1 },
  });
  let passed = 0;
  let failed = 0;
  for (const [name, fn] of Object.entries(checks)) {
    try {
      await fn();
      passed += 1;
      console.log(`ok   ${name}`);
    } catch (err) {
      failed += 1;
      console.log(`FAIL ${name}`);
      console.log(err && err.stack ? err.stack : err);
    }
  }
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
})();
