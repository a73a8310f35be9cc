#!/usr/bin/env bash
# Stand-in base images for a machine that cannot pull the public ones (no Docker Hub), built from
# Debian packages and cached as local images. Prints the variables that point the Dockerfile and
# docker-compose.yml at them, one NAME=value line each, and nothing when the public images can be
# pulled, so that this works everywhere:
#   set -a; eval "$(docker/local-images.sh)"; set +a; docker-compose up --build
# Progress goes to stderr. Needs root (debootstrap) and Debian's debootstrap package the first time.
#
# One image stands in for both public ones: Debian bookworm (minbase) with openjdk-17-jre-headless.
# It has no Maven, so the image build takes the service jar the host built (mvn package); see the
# Dockerfile. The apt source is this machine's own (/etc/apt/sources.list*), so a mirror or proxy
# configured for apt serves the image too.
set -euo pipefail
# shellcheck source=docker/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SAY_PREFIX=local-images
PUBLIC_RUNTIME_IMAGE="${SLUICE_RUNTIME_IMAGE_PUBLIC:-eclipse-temurin:17-jre}"
SUITE=bookworm
PACKAGES=openjdk-17-jre-headless
# the tag names what is inside: a change to SUITE or PACKAGES builds a new image
LOCAL_IMAGE="sluice-local/jre:17-${SUITE}"

emit() {
  echo "SLUICE_BUILD_IMAGE=$LOCAL_IMAGE"
  echo "SLUICE_RUNTIME_IMAGE=$LOCAL_IMAGE"
}

# The Debian mirror apt uses here: deb822 (*.sources) or one-line (*.list) format.
debian_mirror() {
  local uri
  uri=$(awk '
      /^URIs:/ { u = $2 } /^Suites:/ && u != "" { for (i = 2; i <= NF; i++) if ($i == s) { print u; exit } }
      /^$/ { u = "" }' s="$SUITE" /etc/apt/sources.list.d/*.sources 2>/dev/null || true)
  if [ -z "$uri" ]; then
    uri=$(awk '$1 == "deb" && $0 !~ /security/ { for (i = 2; i <= NF; i++) if ($i !~ /^\[/ && $i ~ /:\/\//) { print $i; exit } }' \
      /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null || true)
  fi
  echo "${uri:-http://deb.debian.org/debian}"
}

use_cached_or_public "$LOCAL_IMAGE" "$PUBLIC_RUNTIME_IMAGE" "the public images need no stand-in" \
  docker image inspect "$LOCAL_IMAGE"

command -v debootstrap >/dev/null 2>&1 || { log "debootstrap is missing (apt-get install debootstrap)"; exit 1; }
mirror=$(debian_mirror)
root=$(mktemp -d /tmp/sluice-rootfs.XXXXXX)
trap 'rm -rf "$root"' EXIT
log "$PUBLIC_RUNTIME_IMAGE cannot be pulled: building $LOCAL_IMAGE from $mirror (a few minutes, once)"
debootstrap --variant=minbase --include="$PACKAGES" "$SUITE" "$root" "$mirror" >&2
chroot "$root" apt-get clean
rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin "$root"/var/log/*.log "$root"/tmp/*
tar --numeric-owner -C "$root" -c . | docker import \
  --change 'ENV LANG=C.UTF-8' \
  --change "ENV JAVA_HOME=/usr/lib/jvm/java-17-openjdk-$(dpkg --print-architecture)" \
  --change 'CMD ["bash"]' \
  --message "Debian $SUITE minbase with $PACKAGES, from $mirror (docker/local-images.sh)" \
  - "$LOCAL_IMAGE" >&2
log "built $LOCAL_IMAGE"
emit
