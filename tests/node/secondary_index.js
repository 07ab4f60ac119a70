// Drives ots-local's secondary indexes with the official Tablestore Node.js SDK.
//
// Usage: node secondary_index.js ENDPOINT INSTANCE ACCESS_KEY_ID ACCESS_KEY_SECRET
//
// Prints one line per check and "N passed, M failed" last; exits non-zero when a check failed.
// createTable with indexMetas, createIndex, dropIndex, describeTable's indexMetas, and reads of
// an index by its name. SDK 5.6.5 sends IUM_ASYNC_INDEX unless told otherwise, so a local index
// must name IUM_SYNC_INDEX (the service takes only the matching pairs).
'use strict';

const assert = require('assert');
const TableStore = require('tablestore');
const Long = TableStore.Long;

const [endpoint, instancename, accessKeyId, secretAccessKey] = process.argv.slice(2);
const client = new TableStore.Client({ accessKeyId, secretAccessKey, endpoint, instancename, maxRetries: 0 });
const TABLE = 'node_si';

function call(method, params) {
  return new Promise((resolve, reject) => {
    client[method](params, (err, data) => (err ? reject(err) : resolve(data)));
  });
}

async function expectError(status, promise) {
  try {
    await promise;
  } catch (err) {
    assert.strictEqual(err.code, status, `expected HTTP ${status}, got ${err.code}: ${err.message}`);
    return err;
  }
  throw new Error(`expected HTTP ${status}`);
}

const ignore = () => new TableStore.Condition(TableStore.RowExistenceExpectation.IGNORE, null);
const key = (team, id) => [{ team }, { id: Long.fromNumber(id) }];

async function put(team, id, email, age) {
  const attributeColumns = [];
  if (email !== undefined) attributeColumns.push({ email });
  if (age !== undefined) attributeColumns.push({ age: Long.fromNumber(age) });
  await call('putRow', { tableName: TABLE, condition: ignore(), primaryKey: key(team, id), attributeColumns });
}

// Every row of `table` as [key values..., {column: value}], forward.
async function rows(table, names) {
  const bound = (v) => names.map((n) => ({ [n]: v }));
  const got = await call('getRange', {
    tableName: table,
    direction: TableStore.Direction.FORWARD,
    inclusiveStartPrimaryKey: bound(TableStore.INF_MIN),
    exclusiveEndPrimaryKey: bound(TableStore.INF_MAX),
    maxVersions: 1,
  });
  const plain = (v) => (v && typeof v.toNumber === 'function' ? v.toNumber() : v);
  return got.rows.map((r) => {
    const values = r.primaryKey.map((c) => plain(c.value));
    const columns = {};
    for (const a of r.attributes || []) {
      columns[a.columnName] = plain(a.columnValue);
    }
    return [...values, columns];
  });
}

const checks = {
  async describedAsCreated() {
    const d = await call('describeTable', { tableName: TABLE });
    const metas = d.indexMetas.map((m) => [m.name, m.primaryKey, m.definedColumn, m.indexType, m.indexUpdateMode]);
    assert.deepStrictEqual(metas, [
      ['node_si_email', ['email'], ['age'], TableStore.IndexType.IT_GLOBAL_INDEX, TableStore.IndexUpdateMode.IUM_ASYNC_INDEX],
      ['node_si_age', ['team', 'age'], [], TableStore.IndexType.IT_LOCAL_INDEX, TableStore.IndexUpdateMode.IUM_SYNC_INDEX],
    ]);
    const index = await call('describeTable', { tableName: 'node_si_age' });
    assert.deepStrictEqual(index.tableMeta.primaryKey.map((k) => k.name), ['team', 'age', 'id']);
  },

  async indexesFollowWrites() {
    await put('a', 1, 'x@a', 30);
    await put('a', 2, 'y@a', 20);
    await put('b', 1, undefined, 40);
    assert.deepStrictEqual(await rows('node_si_email', ['email', 'team', 'id']), [
      ['x@a', 'a', 1, { age: 30 }],
      ['y@a', 'a', 2, { age: 20 }],
    ]);
    assert.deepStrictEqual(await rows('node_si_age', ['team', 'age', 'id']), [
      ['a', 20, 2, {}],
      ['a', 30, 1, {}],
      ['b', 40, 1, {}],
    ]);
    await call('updateRow', {
      tableName: TABLE, condition: ignore(), primaryKey: key('a', 1),
      updateOfAttributeColumns: [{ PUT: [{ email: 'z@a' }] }, { DELETE_ALL: ['age'] }],
    });
    await call('deleteRow', { tableName: TABLE, condition: ignore(), primaryKey: key('a', 2) });
    assert.deepStrictEqual(await rows('node_si_email', ['email', 'team', 'id']), [['z@a', 'a', 1, {}]]);
    assert.deepStrictEqual(await rows('node_si_age', ['team', 'age', 'id']), [['b', 40, 1, {}]]);
    const got = await call('getRow', {
      tableName: 'node_si_email', primaryKey: [{ email: 'z@a' }, { team: 'a' }, { id: Long.fromNumber(1) }], maxVersions: 1,
    });
    assert.ok(got.row && got.row.primaryKey, 'getRow by the full index key finds the row');
  },

  async createAndDropIndex() {
    // SDK 5.6.5 reads includeBaseData beside indexMeta (its docs show it inside, where it is lost).
    await call('createIndex', {
      mainTableName: TABLE,
      includeBaseData: true,
      indexMeta: { name: 'node_si_later', primaryKey: ['age'], definedColumn: [] },
    });
    assert.deepStrictEqual(await rows('node_si_later', ['age', 'team', 'id']), [[40, 'b', 1, {}]]);
    await call('dropIndex', { mainTableName: TABLE, indexName: 'node_si_later' });
    const d = await call('describeTable', { tableName: TABLE });
    assert.deepStrictEqual(d.indexMetas.map((m) => m.name), ['node_si_email', 'node_si_age']);
    await expectError(404, call('dropIndex', { mainTableName: TABLE, indexName: 'node_si_later' }));
  },

  async refusals() {
    // A write to an index, an index on an undefined column, a local index without the sync mode.
    await expectError(400, call('putRow', {
      tableName: 'node_si_email', condition: ignore(),
      primaryKey: [{ email: 'e' }, { team: 'a' }, { id: Long.fromNumber(9) }], attributeColumns: [{ age: Long.fromNumber(1) }],
    }));
    await expectError(400, call('createIndex', { mainTableName: TABLE, indexMeta: { name: 'bad', primaryKey: ['nope'], definedColumn: [] } }));
    await expectError(400, call('createIndex', {
      mainTableName: TABLE,
      indexMeta: { name: 'bad', primaryKey: ['team', 'email'], definedColumn: [], indexType: TableStore.IndexType.IT_LOCAL_INDEX },
    }));
  },
};

(async () => {
  await call('createTable', {
    tableMeta: {
      tableName: TABLE,
      primaryKey: [{ name: 'team', type: 'STRING' }, { name: 'id', type: 'INTEGER' }],
      definedColumn: [
        { name: 'email', type: TableStore.DefinedColumnType.DCT_STRING },
        { name: 'age', type: TableStore.DefinedColumnType.DCT_INTEGER },
      ],
    },
    reservedThroughput: { capacityUnit: { read: 0, write: 0 } },
    tableOptions: { timeToLive: -1, maxVersions: 1 },
    indexMetas: [
      { name: 'node_si_email', primaryKey: ['email'], definedColumn: ['age'] },
      {
        name: 'node_si_age', primaryKey: ['team', 'age'], definedColumn: [],
        indexType: TableStore.IndexType.IT_LOCAL_INDEX, indexUpdateMode: TableStore.IndexUpdateMode.IUM_SYNC_INDEX,
      },
    ],
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
