// Drives ots-local with the official Tablestore Node.js SDK.
//
// Usage: node conformance.js ENDPOINT INSTANCE ACCESS_KEY_ID ACCESS_KEY_SECRET
//
// Prints one line per check and "N passed, M failed" last; exits non-zero when a check failed.
// This SDK pads some PlainBuffers with zero bytes, sends Host without the port, enforces
// required response fields and, lacking a protobuf error decoder, reports the HTTP status as
// the error code: each check below exercises one of those paths.
'use strict';

const assert = require('assert');
const TableStore = require('tablestore');
const Long = TableStore.Long;

const [endpoint, instancename, accessKeyId, secretAccessKey] = process.argv.slice(2);
const client = new TableStore.Client({ accessKeyId, secretAccessKey, endpoint, instancename, maxRetries: 0 });

function call(c, method, params) {
  return new Promise((resolve, reject) => {
    c[method](params, (err, data) => (err ? reject(err) : resolve(data)));
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
const attrs = (row) => Object.fromEntries(row.attributes.map((a) => [a.columnName, a.columnValue]));

async function createTable(name, primaryKey, maxVersions = 1) {
  await call(client, 'createTable', {
    tableMeta: { tableName: name, primaryKey },
    reservedThroughput: { capacityUnit: { read: 0, write: 0 } },
    tableOptions: { timeToLive: -1, maxVersions },
  });
}

const checks = {
  async tableLifecycle() {
    await createTable('node_tables', [{ name: 'id', type: 'INTEGER' }]);
    const list = await call(client, 'listTable', {});
    assert.ok(list.tableNames.includes('node_tables'));
    const d = await call(client, 'describeTable', { tableName: 'node_tables' });
    assert.strictEqual(d.tableMeta.primaryKey[0].name, 'id');
    await call(client, 'updateTable', {
      tableName: 'node_tables',
      tableOptions: { maxVersions: 2 },
    });
    const d2 = await call(client, 'describeTable', { tableName: 'node_tables' });
    assert.strictEqual(d2.tableOptions.maxVersions, 2);
    await call(client, 'deleteTable', { tableName: 'node_tables' });
    await expectHttpError(404, call(client, 'describeTable', { tableName: 'node_tables' }));
  },

  async rowsConditionsAndPadding() {
    await createTable('node_rows', [{ name: 'id', type: 'INTEGER' }], 3);
    const pk = [{ id: Long.fromNumber(1) }];
    await call(client, 'putRow', {
      tableName: 'node_rows',
      condition: new TableStore.Condition(TableStore.RowExistenceExpectation.EXPECT_NOT_EXIST, null),
      primaryKey: pk,
      attributeColumns: [{ s: 'v' }, { n: Long.fromNumber(5) }, { d: 1.5 }, { b: true }],
    });
    await expectHttpError(403, call(client, 'putRow', {
      tableName: 'node_rows',
      condition: new TableStore.Condition(TableStore.RowExistenceExpectation.EXPECT_NOT_EXIST, null),
      primaryKey: pk,
      attributeColumns: [{ s: 'w' }],
    }));
    const got = await call(client, 'getRow', { tableName: 'node_rows', primaryKey: pk, maxVersions: 1 });
    const a = attrs(got.row);
    assert.strictEqual(a.s, 'v');
    assert.strictEqual(Number(a.n), 5);
    assert.strictEqual(a.d, 1.5);
    assert.strictEqual(a.b, true);

    // A put with a timestamp and a one-version delete: both make this SDK pad the row.
    const ts = Date.now() - 1000;
    await call(client, 'updateRow', {
      tableName: 'node_rows',
      condition: ignore(),
      primaryKey: pk,
      updateOfAttributeColumns: [{ PUT: [{ t: 'x', timestamp: Long.fromNumber(ts) }] }],
    });
    await call(client, 'updateRow', {
      tableName: 'node_rows',
      condition: new TableStore.Condition(TableStore.RowExistenceExpectation.EXPECT_EXIST,
        new TableStore.SingleColumnCondition('s', 'v', TableStore.ComparatorType.EQUAL)),
      primaryKey: pk,
      updateOfAttributeColumns: [
        { DELETE: [{ t: Long.fromNumber(ts) }] },
        { DELETE_ALL: ['d'] },
        { INCREMENT: [{ n: Long.fromNumber(2) }] },
      ],
      returnContent: { returnColumns: ['n'], returnType: TableStore.ReturnType.AfterModify },
    });
    const after = attrs((await call(client, 'getRow', { tableName: 'node_rows', primaryKey: pk, maxVersions: 1 })).row);
    assert.strictEqual(Number(after.n), 7);
    assert.ok(!('t' in after) && !('d' in after), JSON.stringify(after));

    await call(client, 'deleteRow', {
      tableName: 'node_rows',
      condition: new TableStore.Condition(TableStore.RowExistenceExpectation.EXPECT_EXIST, null),
      primaryKey: pk,
    });
    const gone = await call(client, 'getRow', { tableName: 'node_rows', primaryKey: pk, maxVersions: 1 });
    assert.ok(!gone.row || !gone.row.primaryKey, JSON.stringify(gone.row));
  },

  async autoIncrement() {
    await createTable('node_auto', [{ name: 'p', type: 'STRING' }, { name: 'seq', type: 'INTEGER', option: 'AUTO_INCREMENT' }]);
    const seen = [];
    for (let i = 0; i < 3; i++) {
      const out = await call(client, 'putRow', {
        tableName: 'node_auto',
        condition: ignore(),
        primaryKey: [{ p: 'a' }, { seq: TableStore.PK_AUTO_INCR }],
        attributeColumns: [{ i: Long.fromNumber(i) }],
        returnContent: { returnType: TableStore.ReturnType.Primarykey },
      });
      seen.push(Number(out.row.primaryKey[1].value));
    }
    assert.ok(seen[0] < seen[1] && seen[1] < seen[2], JSON.stringify(seen));
  },

  async batchesAndRanges() {
    await createTable('node_range', [{ name: 'id', type: 'INTEGER' }]);
    for (let start = 0; start < 5200; start += 200) {
      const rows = [];
      for (let i = start; i < start + 200; i++) {
        rows.push({ type: 'PUT', condition: ignore(), primaryKey: [{ id: Long.fromNumber(i) }], attributeColumns: [{ v: Long.fromNumber(i) }] });
      }
      const out = await call(client, 'batchWriteRow', { tables: [{ tableName: 'node_range', rows }] });
      assert.ok(out.tables.every((r) => r.isOk), 'batch write failed');
    }
    const got = await call(client, 'batchGetRow', {
      tables: [{ tableName: 'node_range', primaryKey: [[{ id: Long.fromNumber(3) }], [{ id: Long.fromNumber(9999) }]], maxVersions: 1 }],
    });
    assert.strictEqual(got.tables[0].length, 2);
    assert.strictEqual(Number(attrs(got.tables[0][0]).v), 3);
    assert.strictEqual(got.tables[0][1].primaryKey, null);

    let start = [{ id: TableStore.INF_MIN }];
    let total = 0;
    let pages = 0;
    for (;;) {
      const page = await call(client, 'getRange', {
        tableName: 'node_range',
        direction: TableStore.Direction.FORWARD,
        maxVersions: 1,
        inclusiveStartPrimaryKey: start,
        exclusiveEndPrimaryKey: [{ id: TableStore.INF_MAX }],
      });
      total += page.rows.length;
      pages += 1;
      if (!page.nextStartPrimaryKey) break;
      start = [{ id: page.nextStartPrimaryKey[0].value }];
    }
    assert.strictEqual(total, 5200);
    assert.strictEqual(pages, 2);
  },

  async searchIndexAndBoolSearch() {
    await createTable('node_search', [{ name: 'id', type: 'INTEGER' }]);
    const rows = [[1, 'books', 30], [2, 'books', 45], [3, 'games', 5]];
    for (const [id, category, stock] of rows) {
      await call(client, 'putRow', {
        tableName: 'node_search',
        condition: new TableStore.Condition(TableStore.RowExistenceExpectation.IGNORE, null),
        primaryKey: [{ id: Long.fromNumber(id) }],
        attributeColumns: [{ category }, { stock: Long.fromNumber(stock) }],
      });
    }
    await call(client, 'createSearchIndex', {
      tableName: 'node_search',
      indexName: 'idx',
      schema: {
        fieldSchemas: [
          { fieldName: 'category', fieldType: TableStore.FieldType.KEYWORD, index: true, enableSortAndAgg: true },
          { fieldName: 'stock', fieldType: TableStore.FieldType.LONG, index: true, enableSortAndAgg: true },
        ],
      },
    });
    const out = await call(client, 'search', {
      tableName: 'node_search',
      indexName: 'idx',
      searchQuery: {
        offset: 0,
        limit: 10,
        getTotalCount: true,
        query: {
          queryType: TableStore.QueryType.BOOL_QUERY,
          query: {
            mustQueries: [
              { queryType: TableStore.QueryType.TERM_QUERY, query: { fieldName: 'category', term: 'books' } },
              {
                queryType: TableStore.QueryType.RANGE_QUERY,
                query: { fieldName: 'stock', rangeFrom: Long.fromNumber(40), includeLower: true },
              },
            ],
          },
        },
      },
      columnToGet: { returnType: TableStore.ColumnReturnType.RETURN_ALL },
    });
    assert.strictEqual(Number(out.totalCounts), 1);
    assert.strictEqual(out.rows.length, 1);
    assert.strictEqual(Number(out.rows[0].primaryKey[0].value), 2);
    await call(client, 'deleteSearchIndex', { tableName: 'node_search', indexName: 'idx' });
    await call(client, 'deleteTable', { tableName: 'node_search' });
  },

  async wrongCredentials() {
    const bad = new TableStore.Client({ accessKeyId, secretAccessKey: secretAccessKey + 'x', endpoint, instancename, maxRetries: 0 });
    await expectHttpError(403, call(bad, 'listTable', {}));
  },
};

(async () => {
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
