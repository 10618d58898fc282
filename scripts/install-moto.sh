#!/usr/bin/env bash
# Installs moto's server (an independent CloudWatch implementation, from PyPI)
# into a virtual environment outside the repository and prints the path of
# moto_server. Returns at once when it is already there.
set -euo pipefail

version="5.2.5"
venv="${SLA_MOTO_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/sla-ledger/moto-$version}"
server="$venv/bin/moto_server"

if [ -x "$server" ] && "$venv/bin/python" -c "import moto, flask" 2>/dev/null; then
  echo "$server"
  exit 0
fi
python=$(command -v python3 || true)
if [ -z "$python" ]; then
  echo "python3 is not installed: the CloudWatch suite cannot run against moto" >&2
  exit 2
fi
mkdir -p "$(dirname "$venv")"
"$python" -m venv "$venv" >&2
"$venv/bin/pip" install --quiet --disable-pip-version-check "moto[server]==$version" >&2
echo "$server"
