#!/usr/bin/env bash
# Regenerates the test certificates MockupDB ships (mockup-core/src/main/resources/org/mockupdb/tls).
# They are for tests only: the private keys are public. Valid for localhost, 127.0.0.1 and ::1
# for 100 years. Needs openssl. Run from anywhere; it writes next to the resources.
# The CA's key is thrown away, so the CA, the server certificate and the client certificate are
# always made together: run it again to change any of them, and all of them change.
set -euo pipefail
out="$(cd "$(dirname "$0")/../main/resources/org/mockupdb/tls" && pwd)"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
days=36500
openssl req -x509 -newkey rsa:2048 -nodes -days "$days" -subj "/O=MockupDB/CN=MockupDB Test CA" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
  -keyout "$tmp/ca-key.pem" -out "$out/ca.pem"
openssl req -newkey rsa:2048 -nodes -subj "/O=MockupDB/CN=localhost" \
  -keyout "$out/server-key.pem" -out "$tmp/server.csr"
cat > "$tmp/ext.cnf" <<EXT
basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1
EXT
openssl x509 -req -in "$tmp/server.csr" -CA "$out/ca.pem" -CAkey "$tmp/ca-key.pem" -set_serial "0x$(openssl rand -hex 8)" \
  -days "$days" -extfile "$tmp/ext.cnf" -out "$out/server.pem"
# The server's key store for Java: key, certificate and its CA, password "mockupdb".
openssl pkcs12 -export -name mockupdb -inkey "$out/server-key.pem" -in "$out/server.pem" \
  -certfile "$out/ca.pem" -passout pass:mockupdb -out "$out/server.p12"
# A client certificate from the same CA, for MONGODB-X509: its subject in RFC 2253 form,
# "CN=client,OU=Clients,O=MockupDB", is the user name X.509 authenticates.
openssl req -newkey rsa:2048 -nodes -subj "/O=MockupDB/OU=Clients/CN=client" \
  -keyout "$out/client-key.pem" -out "$tmp/client.csr"
cat > "$tmp/client-ext.cnf" <<EXT
basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=clientAuth
EXT
openssl x509 -req -in "$tmp/client.csr" -CA "$out/ca.pem" -CAkey "$tmp/ca-key.pem" -set_serial "0x$(openssl rand -hex 8)" \
  -days "$days" -extfile "$tmp/client-ext.cnf" -out "$out/client.pem"
# Certificate and key in one file, as tlsCertificateKeyFile (mongosh, PyMongo, libmongoc, Node.js) takes them.
cat "$out/client.pem" "$out/client-key.pem" > "$out/client-bundle.pem"
# The client's key store for Java: key, certificate and its CA, password "mockupdb".
openssl pkcs12 -export -name client -inkey "$out/client-key.pem" -in "$out/client.pem" \
  -certfile "$out/ca.pem" -passout pass:mockupdb -out "$out/client.p12"
chmod 644 "$out"/*
echo "wrote $out: ca.pem server.pem server-key.pem server.p12 client.pem client-key.pem client-bundle.pem client.p12 (password mockupdb)"
