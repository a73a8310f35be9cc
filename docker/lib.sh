# shellcheck shell=bash
# shellcheck disable=SC2034 # WORK, T0, COMPOSE: set here for the scripts that source this
# What the scripts of docker/ share, sourced by them (`. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"`), not run:
# the output helpers, Docker's daemon and the compose command for the end-to-end checks (e2e.sh,
# kafka-e2e.sh), and the cache-or-pull check of the stand-in image scripts (local-images.sh,
# local-kafka-image.sh). It only defines functions; the variables they use and set are the scripts'.
# They run under the scripts' `set -euo pipefail` and end the script themselves (fail, unavailable, exit 0)
# rather than return an error for the caller to test.

# ---- output: say and log prefix a line with the script's SAY_PREFIX
say() { echo "$SAY_PREFIX: $*"; }
# progress of the image scripts, on stderr: their stdout is eval'd
log() { say "$@" >&2; }
pass() { echo "PASS: $*"; }
fail() { echo "FAIL: $*"; exit 1; }
elapsed() { echo "$((SECONDS - $1)) s"; }

# ---- the end-to-end checks
# begin_check NAME: what a check keeps while it runs, for its cleanup: SAY_PREFIX=NAME; WORK, a new directory
# /tmp/sluice-NAME.*; STARTED_DOCKERD and COMPOSE, empty until ensure_docker and pick_compose fill them; T0,
# the start, for the time in all.
begin_check() {
  SAY_PREFIX=$1
  WORK=$(mktemp -d "/tmp/sluice-$1.XXXXXX")
  STARTED_DOCKERD=""
  COMPOSE=()
  T0=$SECONDS
}

# await_healthy SINCE SERVICE...: waits until each compose service's container says it is healthy (its
# HEALTHCHECK), failing when one exits or when SINCE (a $SECONDS value) is 480 s ago. Needs COMPOSE.
await_healthy() {
  local since=$1 service id
  shift
  for service in "$@"; do
    id=$("${COMPOSE[@]}" ps -q "$service")
    until [ "$(docker inspect -f '{{.State.Health.Status}}' "$id")" = healthy ]; do
      [ "$(docker inspect -f '{{.State.Running}}' "$id")" = true ] || fail "$service exited while starting"
      [ $((SECONDS - since)) -lt 480 ] || fail "$service not healthy within 480 s"
      sleep 2
    done
  done
}

# a missing or unusable Docker: a failure under CI=true, else a skip
unavailable() {
  if [ "${CI:-}" = true ]; then
    fail "$* (CI=true: Docker is required)"
  fi
  echo "SKIP: $* (the Docker check runs when Docker can be installed and started; under CI=true it must)"
  exit 0
}

# ensure_docker GIVE_UP [install]: Docker's daemon answering. GIVE_UP ends the script when Docker cannot be had:
# fail, or unavailable (a skip outside CI). With install, what is missing of Debian's docker.io, docker-compose
# and debootstrap (for docker/local-images.sh) is installed, which needs root; without, a missing docker ends it.
# dockerd is started when the daemon is not running and this is root (its log in
# /var/log/sluice-$SAY_PREFIX-dockerd.log, whose last lines go to stderr when it exits at start), its PID in
# STARTED_DOCKERD: the cleanup calls stop_dockerd.
ensure_docker() {
  local give_up=$1 install=${2:-} log="/var/log/sluice-$SAY_PREFIX-dockerd.log" missing=() waited=0
  if [ "$install" = install ]; then
    command -v docker >/dev/null 2>&1 && command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
    command -v docker-compose >/dev/null 2>&1 || docker compose version >/dev/null 2>&1 || missing+=(docker-compose)
    command -v debootstrap >/dev/null 2>&1 || missing+=(debootstrap)
    if [ ${#missing[@]} -gt 0 ]; then
      [ "$(id -u)" -eq 0 ] || "$give_up" "${missing[*]} missing and not root to install them"
      say "installing ${missing[*]}"
      { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null; } \
        || "$give_up" "cannot install ${missing[*]}"
    fi
  else
    command -v docker >/dev/null 2>&1 || "$give_up" "docker is missing (apt-get install docker.io docker-compose)"
  fi
  if ! docker info >/dev/null 2>&1; then
    [ "$(id -u)" -eq 0 ] || "$give_up" "the Docker daemon is not running and this is not root to start it"
    say "starting dockerd (log: $log)"
    dockerd >"$log" 2>&1 &
    STARTED_DOCKERD=$!
    until docker info >/dev/null 2>&1; do
      if ! kill -0 "$STARTED_DOCKERD" 2>/dev/null; then
        STARTED_DOCKERD=""
        tail -5 "$log" >&2 || true
        "$give_up" "dockerd exited at start"
      fi
      [ "$waited" -lt 60 ] || "$give_up" "dockerd did not answer within 60 s"
      sleep 1; waited=$((waited + 1))
    done
  fi
}

# the dockerd that ensure_docker started, if it did: stopped
stop_dockerd() {
  if [ -n "$STARTED_DOCKERD" ]; then
    kill "$STARTED_DOCKERD" 2>/dev/null || true
    wait "$STARTED_DOCKERD" 2>/dev/null || true
  fi
}

# pick_compose PROJECT: COMPOSE, the command for docker-compose.yml as project PROJECT: docker-compose, else
# the plugin `docker compose`
pick_compose() {
  if command -v docker-compose >/dev/null 2>&1; then
    COMPOSE=(docker-compose -p "$1" -f docker-compose.yml)
  elif docker compose version >/dev/null 2>&1; then
    COMPOSE=(docker compose -p "$1" -f docker-compose.yml)
  else
    fail "neither docker-compose nor docker compose (apt-get install docker-compose)"
  fi
}

# ---- the stand-in image scripts
# use_cached_or_public LOCAL PUBLIC WHY TEST...: ends the script (exit 0) when the stand-in LOCAL needs no build:
# when the command TEST says LOCAL is cached (what "cached" means is the script's: there, or built from what it
# is made of now), printing its variables with the script's emit; else when PUBLIC is here or can be pulled
# within SLUICE_PULL_TIMEOUT s (60), printing nothing (the public image is used; the log says WHY).
# Returns when LOCAL is to be built.
use_cached_or_public() {
  local local_image=$1 public_image=$2 why=$3
  shift 3
  if "$@" >/dev/null 2>&1; then
    log "using the cached $local_image"
    emit
    exit 0
  fi
  if docker image inspect "$public_image" >/dev/null 2>&1 \
      || timeout "${SLUICE_PULL_TIMEOUT:-60}" docker pull -q "$public_image" >/dev/null 2>&1; then
    log "$public_image can be pulled: $why"
    exit 0
  fi
}
