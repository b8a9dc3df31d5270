#!/usr/bin/env bash
# Makes what gRPC mutual TLS needs (GRPC_TLS_CA_FILE, GRPC_TLS_CERT_FILE, GRPC_TLS_KEY_FILE): a CA
# and, signed by it, one certificate and key per service, each good as server and as client, for
# the service's host name, localhost and 127.0.0.1.
#   bash scripts/make-grpc-certs.sh DIR [service ...]   (default: the six services)
# Writes DIR/ca.crt, DIR/<service>.crt and DIR/<service>.key; keep ca.key and the keys secret.
set -euo pipefail
dir=${1:?usage: make-grpc-certs.sh DIR [service ...]}
shift
services=("$@")
[ ${#services[@]} -gt 0 ] || services=(auth catalog booking payment notifier gateway)
mkdir -p "$dir"
ec_key=(-newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes)
openssl req -x509 "${ec_key[@]}" -days 825 -subj "/CN=TicRes gRPC CA" -keyout "$dir/ca.key" -out "$dir/ca.crt" 2>/dev/null
for name in "${services[@]}"; do
  openssl req "${ec_key[@]}" -subj "/CN=${name}" -keyout "$dir/${name}.key" -out "$dir/${name}.csr" 2>/dev/null
  openssl x509 -req -in "$dir/${name}.csr" -CA "$dir/ca.crt" -CAkey "$dir/ca.key" -CAcreateserial -days 825 \
    -out "$dir/${name}.crt" 2>/dev/null \
    -extfile <(printf 'subjectAltName=DNS:%s,DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth,clientAuth\n' "$name")
  rm "$dir/${name}.csr"
done
