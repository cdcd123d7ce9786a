// A Node.js driver client for MockupDB's black-pipe tests.
//
//     node scenario.js URI SCENARIO
//
// Does one thing against the server at URI and prints one line of relaxed Extended JSON:
// {"result": ..., "ms": N} when it worked, or {"error": CLASS, "code": N, "message": ..., "ms": N}
// with the driver's own error class when it failed. The scenarios are those of
// ../python/scenario.py: ping, insert, find, error, hangup, listcollections; insertone, one
// retryable insert (for the topology tests); and the fail point scenarios failpoint-error,
// failpoint-close, failpoint-retry, failpoint-times.
'use strict';
const { MongoClient, MongoError, BSON } = require('mongodb');

async function run(client, scenario) {
  const db = client.db('db');
  switch (scenario) {
    case 'ping':
    case 'hangup':
      return client.db('admin').command({ ping: 1 });
    case 'insert': {
      const result = await db.collection('coll').insertMany([{ _id: 1, name: 'a' }, { _id: 2, name: 'b' }]);
      return { insertedIds: Object.values(result.insertedIds) };
    }
    case 'find':
      return db.collection('coll').find({ x: { $gt: 0 } }, { batchSize: 2 }).toArray();
    case 'error':
      return db.command({ count: 'coll' });
    case 'insertone': {
      const result = await db.collection('coll').insertOne({ _id: 1 });
      return { insertedId: result.insertedId };
    }
    case 'listcollections':
      return (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name);
    case 'failpoint-error':
      await configure(client, { times: 1 }, { failCommands: ['ping'], errorCode: 2 });
      return client.db('admin').command({ ping: 1 });
    case 'failpoint-close':
      await configure(client, { times: 1 }, { failCommands: ['ping'], closeConnection: true });
      return client.db('admin').command({ ping: 1 });
    case 'failpoint-retry': {
      await configure(client, { times: 1 }, { failCommands: ['insert'], closeConnection: true });
      const result = await db.collection('coll').insertOne({ _id: 1 });
      return { insertedId: result.insertedId };
    }
    case 'failpoint-times': {
      const before = (await configure(client, { times: 2 }, { failCommands: ['ping'], errorCode: 2 })).count;
      let failed = 0;
      for (let i = 0; i < 3; i++) {
        try {
          await client.db('admin').command({ ping: 1 });
        } catch (e) {
          if (!(e instanceof MongoError)) throw e;
          failed++;
        }
      }
      const after = (await client.db('admin').command({ configureFailPoint: 'failCommand', mode: 'off' })).count;
      return { failed, before, after };
    }
    default:
      throw new Error(`unknown scenario ${scenario}`);
  }
}

// configureFailPoint on admin, as a driver's own test suite sends it.
function configure(client, mode, data) {
  return client.db('admin').command({ configureFailPoint: 'failCommand', mode, data });
}

async function main() {
  if (process.argv.length !== 4) {
    console.error('usage: node scenario.js URI SCENARIO');
    process.exit(2);
  }
  const [uri, scenario] = process.argv.slice(2);
  const client = new MongoClient(uri);
  const start = process.hrtime.bigint();
  let out;
  try {
    out = { result: await run(client, scenario) };
  } catch (e) {
    if (!(e instanceof MongoError)) throw e;
    out = { error: e.constructor.name, code: e.code ?? null, message: e.message };
  }
  out.ms = Number((process.hrtime.bigint() - start) / 1000000n);
  out.client = `Node.js driver ${require('mongodb/package.json').version}`;
  console.log(BSON.EJSON.stringify(out, { relaxed: true }));
  await client.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
