/*
 * A libmongoc client for MockupDB's black-pipe tests.
 *
 *     scenario URI SCENARIO
 *
 * Does one thing against the server at URI and prints one line of relaxed Extended JSON:
 * {"result": ..., "ms": N} when it worked, or {"error": DOMAIN, "code": N, "message": ..., "ms": N}
 * with the bson_error_t's domain (MONGOC_ERROR_SERVER, MONGOC_ERROR_STREAM, ...) when it failed.
 * The scenarios are those of ../python/scenario.py: ping, insert, find, error, hangup,
 * listcollections.
 */
#include <mongoc/mongoc.h>
#include <stdio.h>
#include <string.h>

static const char *
domain_name (uint32_t domain)
{
   switch (domain) {
   case MONGOC_ERROR_CLIENT: return "MONGOC_ERROR_CLIENT";
   case MONGOC_ERROR_STREAM: return "MONGOC_ERROR_STREAM";
   case MONGOC_ERROR_PROTOCOL: return "MONGOC_ERROR_PROTOCOL";
   case MONGOC_ERROR_CURSOR: return "MONGOC_ERROR_CURSOR";
   case MONGOC_ERROR_QUERY: return "MONGOC_ERROR_QUERY";
   case MONGOC_ERROR_INSERT: return "MONGOC_ERROR_INSERT";
   case MONGOC_ERROR_COMMAND: return "MONGOC_ERROR_COMMAND";
   case MONGOC_ERROR_SERVER: return "MONGOC_ERROR_SERVER";
   case MONGOC_ERROR_SERVER_SELECTION: return "MONGOC_ERROR_SERVER_SELECTION";
   case MONGOC_ERROR_WRITE_CONCERN: return "MONGOC_ERROR_WRITE_CONCERN";
   default: return "MONGOC_ERROR_OTHER";
   }
}

/* Runs cmd (and destroys it); appends the reply to out as its result and returns true, or fills error. */
static bool
command (mongoc_client_t *client, const char *db, bson_t *cmd, bson_t *out, bson_error_t *error)
{
   bson_t reply;
   bool ok = mongoc_client_command_simple (client, db, cmd, NULL, &reply, error);
   if (ok) {
      BSON_APPEND_DOCUMENT (out, "result", &reply);
   }
   bson_destroy (&reply);
   bson_destroy (cmd);
   return ok;
}

/* Runs the scenario; appends its result to out and returns true, or fills error. */
static bool
run (mongoc_client_t *client, const char *scenario, bson_t *out, bson_error_t *error)
{
   bson_t reply;
   bool ok = false;

   if (!strcmp (scenario, "ping") || !strcmp (scenario, "hangup")) {
      ok = command (client, "admin", BCON_NEW ("ping", BCON_INT32 (1)), out, error);
   } else if (!strcmp (scenario, "error")) {
      ok = command (client, "db", BCON_NEW ("count", BCON_UTF8 ("coll")), out, error);
   } else if (!strcmp (scenario, "insert")) {
      mongoc_collection_t *coll = mongoc_client_get_collection (client, "db", "coll");
      bson_t *a = BCON_NEW ("_id", BCON_INT32 (1), "name", BCON_UTF8 ("a"));
      bson_t *b = BCON_NEW ("_id", BCON_INT32 (2), "name", BCON_UTF8 ("b"));
      const bson_t *docs[] = {a, b};
      ok = mongoc_collection_insert_many (coll, docs, 2, NULL, &reply, error);
      if (ok) {
         /* The ids as the other clients report them, and the server's count. */
         bson_t result;
         bson_iter_t count;
         BSON_APPEND_DOCUMENT_BEGIN (out, "result", &result);
         BCON_APPEND (&result, "insertedIds", "[", BCON_INT32 (1), BCON_INT32 (2), "]");
         if (bson_iter_init_find (&count, &reply, "insertedCount")) {
            BSON_APPEND_INT64 (&result, "insertedCount", bson_iter_as_int64 (&count));
         }
         bson_append_document_end (out, &result);
      }
      bson_destroy (&reply);
      bson_destroy (a);
      bson_destroy (b);
      mongoc_collection_destroy (coll);
   } else if (!strcmp (scenario, "find")) {
      mongoc_collection_t *coll = mongoc_client_get_collection (client, "db", "coll");
      bson_t *filter = BCON_NEW ("x", "{", "$gt", BCON_INT32 (0), "}");
      bson_t *opts = BCON_NEW ("batchSize", BCON_INT32 (2));
      mongoc_cursor_t *cursor = mongoc_collection_find_with_opts (coll, filter, opts, NULL);
      const bson_t *doc;
      bson_t docs;
      char key[16];
      uint32_t i = 0;
      BSON_APPEND_ARRAY_BEGIN (out, "result", &docs);
      while (mongoc_cursor_next (cursor, &doc)) {
         bson_snprintf (key, sizeof key, "%u", i++);
         bson_append_document (&docs, key, -1, doc);
      }
      bson_append_array_end (out, &docs);
      ok = !mongoc_cursor_error (cursor, error);
      mongoc_cursor_destroy (cursor);
      bson_destroy (opts);
      bson_destroy (filter);
      mongoc_collection_destroy (coll);
   } else if (!strcmp (scenario, "listcollections")) {
      mongoc_database_t *db = mongoc_client_get_database (client, "db");
      char **names = mongoc_database_get_collection_names_with_opts (db, NULL, error);
      if (names) {
         bson_t array;
         char key[16];
         BSON_APPEND_ARRAY_BEGIN (out, "result", &array);
         for (uint32_t i = 0; names[i]; i++) {
            bson_snprintf (key, sizeof key, "%u", i);
            bson_append_utf8 (&array, key, -1, names[i], -1);
         }
         bson_append_array_end (out, &array);
         bson_strfreev (names);
         ok = true;
      }
      mongoc_database_destroy (db);
   } else {
      fprintf (stderr, "unknown scenario %s\n", scenario);
      exit (2);
   }
   return ok;
}

int
main (int argc, char *argv[])
{
   if (argc != 3) {
      fprintf (stderr, "usage: %s URI SCENARIO\n", argv[0]);
      return 2;
   }
   mongoc_init ();
   bson_error_t error;
   mongoc_uri_t *uri = mongoc_uri_new_with_error (argv[1], &error);
   if (!uri) {
      fprintf (stderr, "bad URI %s: %s\n", argv[1], error.message);
      return 2;
   }
   mongoc_client_t *client = mongoc_client_new_from_uri (uri);
   mongoc_client_set_error_api (client, MONGOC_ERROR_API_VERSION_2);
   mongoc_client_set_appname (client, "mockupdb-c-scenario");

   bson_t out = BSON_INITIALIZER;
   int64_t start = bson_get_monotonic_time ();
   if (!run (client, argv[2], &out, &error)) {
      BSON_APPEND_UTF8 (&out, "error", domain_name (error.domain));
      BSON_APPEND_INT32 (&out, "code", (int32_t) error.code);
      BSON_APPEND_UTF8 (&out, "message", error.message);
   }
   BSON_APPEND_INT64 (&out, "ms", (bson_get_monotonic_time () - start) / 1000);
   char client_version[64];
   bson_snprintf (client_version, sizeof client_version, "libmongoc %s", mongoc_get_version ());
   BSON_APPEND_UTF8 (&out, "client", client_version);
   char *json = bson_as_relaxed_extended_json (&out, NULL);
   printf ("%s\n", json);
   fflush (stdout);
   bson_free (json);
   bson_destroy (&out);
   mongoc_client_destroy (client);
   mongoc_uri_destroy (uri);
   mongoc_cleanup ();
   return 0;
}
