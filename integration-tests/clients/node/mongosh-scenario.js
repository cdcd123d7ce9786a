// A mongosh script for MockupDB's black-pipe tests.
//
//     MOCKUPDB_SCENARIO=ping mongosh URI --quiet --file mongosh-scenario.js
//
// mongosh takes no arguments for a script, so the scenario comes in the environment. Does one
// thing and prints one line of relaxed Extended JSON as ./scenario.js does, with the error class
// that mongosh shows when it failed. The scenarios are those of ../python/scenario.py.
const scenario = process.env.MOCKUPDB_SCENARIO;
const target = db.getSiblingDB('db');

function run() {
  switch (scenario) {
    case 'ping':
    case 'hangup':
      return db.getSiblingDB('admin').runCommand({ ping: 1 });
    case 'insert':
      return { insertedIds: Object.values(target.coll.insertMany([{ _id: 1, name: 'a' }, { _id: 2, name: 'b' }]).insertedIds) };
    case 'find':
      return target.coll.find({ x: { $gt: 0 } }).batchSize(2).toArray();
    case 'error':
      return target.runCommand({ count: 'coll' });
    case 'listcollections':
      return target.getCollectionNames();
    default:
      throw new Error(`unknown scenario ${scenario}`);
  }
}

const start = Date.now();
let out;
try {
  out = { result: run() };
} catch (e) {
  out = { error: e.name, code: e.code ?? null, message: e.message };
}
out.ms = Date.now() - start;
out.client = `mongosh ${version()}`;
print(EJSON.stringify(out, { relaxed: true }));
