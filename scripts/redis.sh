#!/usr/bin/env bash
# Start a local Redis server on 127.0.0.1:6379 for the task-queue and rate-limit tests.
set -euo pipefail

if ! command -v redis-server >/dev/null; then
  bash "$(dirname "$0")/install-system-packages.sh" test
fi
if redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  exit 0
fi
redis-server --bind 127.0.0.1 --port 6379 --daemonize yes --save "" --appendonly no \
  --logfile /tmp/rcapp-redis.log >/dev/null
for _ in $(seq 1 30); do
  redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && exit 0
  sleep 0.2
done
echo "redis-server did not start; see /tmp/rcapp-redis.log" >&2
exit 1
