// The README's JShell script; ShellScriptTest evaluates it with JShell and drives a client against it.

// README: jshell
// jshell --class-path mockup-standalone/target/mockup-standalone-0.1.0-SNAPSHOT-standalone.jar
import java.util.List;
import org.bson.Document;
import org.mockupdb.*;
import org.mockupdb.standalone.ShellReplies;

MockupServer server = MockupServer.builder().port(27017).verbose(true).build();
ShellReplies.install(server);
server.servesCursor(Spec.command("find", "users"), List.of(new Document("_id", 1)), 101);
server.autoResponds(Spec.command("listCollections"), Fault.hangUp());
server.start();
// README: end
