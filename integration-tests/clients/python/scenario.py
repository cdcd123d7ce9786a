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

and the fail point scenarios, which send configureFailPoint (failCommand) on admin first, as a
driver's own test suite does:

    failpoint-error   {times: 1} errorCode 2 on ping, then the ping
    failpoint-close   {times: 1} closeConnection on ping, then the ping
    failpoint-retry   {times: 1} closeConnection on insert, then insert_one {_id: 1} (retried)
    failpoint-times   {times: 2} errorCode 2 on ping, three pings, then mode off: the failures and counts
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
    if scenario.startswith("failpoint-"):
        return fail_point(client, scenario)
    raise SystemExit("unknown scenario %r" % scenario)


def configure(client, mode, data):
    return client.admin.command({"configureFailPoint": "failCommand", "mode": mode, "data": data})


def fail_point(client, scenario):
    if scenario == "failpoint-error":
        configure(client, {"times": 1}, {"failCommands": ["ping"], "errorCode": 2})
        return client.admin.command("ping")
    if scenario == "failpoint-close":
        configure(client, {"times": 1}, {"failCommands": ["ping"], "closeConnection": True})
        return client.admin.command("ping")
    if scenario == "failpoint-retry":
        configure(client, {"times": 1}, {"failCommands": ["insert"], "closeConnection": True})
        return {"insertedId": client.db.coll.insert_one({"_id": 1}).inserted_id}
    if scenario == "failpoint-times":
        before = configure(client, {"times": 2}, {"failCommands": ["ping"], "errorCode": 2})["count"]
        failed = 0
        for _ in range(3):
            try:
                client.admin.command("ping")
            except pymongo.errors.OperationFailure:
                failed += 1
        after = client.admin.command({"configureFailPoint": "failCommand", "mode": "off"})["count"]
        return {"failed": failed, "before": before, "after": after}
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
