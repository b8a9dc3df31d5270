#!/bin/sh
# The one-shot migration job (docker-compose.yml's `migrate`, Kubernetes' Job `ticres-migrate`):
# with DATABASE_ADMIN_URL (a superuser, which nothing else is given) it creates the database,
# each service's login role with the password of its URL and the schema that role owns, then
# applies that service's migrations as the service's own role. Each service's URL comes from
# <SERVICE>_DATABASE_URL (AUTH_DATABASE_URL, ...). Idempotent: a second run changes nothing.
set -eu
: "${DATABASE_ADMIN_URL:?set DATABASE_ADMIN_URL (the superuser URL)}"
for service in auth catalog booking payment notifier; do
  variable="$(echo "$service" | tr '[:lower:]' '[:upper:]')_DATABASE_URL"
  eval "url=\${${variable}:-}"
  if [ -z "$url" ]; then
    echo "set ${variable} (the ${service} service's own DATABASE_URL)" >&2
    exit 1
  fi
  echo "migrating ${service}"
  (cd "$(dirname "$0")/${service}" && DATABASE_URL="$url" node dist/migrate.js)
done
echo "every schema is up to date"
