#!/usr/bin/env bash
# A user's workspace: examples/jsonpath brings goarrow in as an external repository
# (local_repository) and is built by its own, nested Bazel run, exactly as the README says.
# shellcheck source=.ci/lib.sh
source "$(dirname "$0")/../lib.sh"

# PySpark (examples/jsonpath/engines) runs on the machine's Java, which must be 17 or newer.
if ! java -version 2>&1 | grep -qE 'version "(1[7-9]|[2-9][0-9])'; then
  echo "Java 17+ not found: installing Debian's openjdk-17-jre-headless for PySpark"
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq openjdk-17-jre-headless >/dev/null
fi
java -version 2>&1 | head -1
cd examples/jsonpath && ../../tools/bazel test //...
