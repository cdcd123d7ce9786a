"""A PyMongo client for MockupDB's black-pipe tests.

    /usr/bin/python3 scenario.py URI SCENARIO

Does one thing against the server at URI and prints one line of relaxed Extended JSON:
{"result": ..., "ms": N} when it worked, or {"error": CLASS, "code": N, "message": ..., "ms": N}
with PyMongo's own exception class when it failed. The scenarios:

    ping              the ping command on admin
    insert            insert_many of {_id: 1, name: "a"}, {_id: 2, name: "b"} into db.coll
    find              find {x: {$gt: 0}} on db.coll with batch_size 2, every document
    error             the count command on db.coll (the test answers with an error)
    hangup            the ping command (the test hangs up)
    listcollections   list_collection_names on db (the test hangs up)
"""
import os
import sys
import time

import pymongo
from bson import json_util


def run(client, scenario):
    db = client.db
    if scenario in ("ping", "hangup"):
        return client.admin.command("ping")
    if scenario == "insert":
        return {"insertedIds": db.coll.insert_many([{"_id": 1, "name": "a"}, {"_id": 2, "name": "b"}]).inserted_ids}
    if scenario == "find":
        return list(db.coll.find({"x": {"$gt": 0}}, batch_size=2))
    if scenario == "error":
        return db.command("count", "coll")
    if scenario == "listcollections":
        return db.list_collection_names()
    raise SystemExit("unknown scenario %r" % scenario)


def main():
    if len(sys.argv) != 3:
        raise SystemExit("usage: scenario.py URI SCENARIO")
    uri, scenario = sys.argv[1:]
    client = pymongo.MongoClient(uri)
    start = time.monotonic()
    try:
        out = {"result": run(client, scenario)}
    except pymongo.errors.PyMongoError as e:
        out = {"error": type(e).__name__, "code": getattr(e, "code", None), "message": str(e)}
    out["ms"] = int((time.monotonic() - start) * 1000)
    out["client"] = "PyMongo " + pymongo.version
    print(json_util.dumps(out, json_options=json_util.RELAXED_JSON_OPTIONS), flush=True)
    client.close()
    # The client is closed; PyMongo 3's exit handler still joins its background threads, which
    # notice the close only when they next wake (every 0.5 s). Leave without that wait.
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    main()
