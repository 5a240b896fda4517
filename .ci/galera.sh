#!/usr/bin/env bash
# A 3-node MariaDB Galera cluster on loopback, for the MySQL store's cluster
# tests. Usable by hand and by .ci/run:
#
#   .ci/galera.sh start        start the nodes not running (idempotent)
#   .ci/galera.sh stop         stop every node
#   .ci/galera.sh kill N       kill node N (1-3) with SIGKILL, as a crash would
#   .ci/galera.sh status       print each node's state
#   .ci/galera.sh addresses    print the SQL addresses, comma-separated
#
# Node N listens for SQL on 127.0.0.1:$((ZCRM_GALERA_PORT+N-1)) (default
# 23306-23308) and for Galera on 24567+10(N-1) (gcomm), +1 (IST), +2 (SST),
# away from 3306 and from each other. Data lives in $ZCRM_GALERA_DIR
# (default /tmp/zcrm-galera); root has an empty password over TCP.
# The nodes are kept small: the machines are shared.
set -euo pipefail

DIR=${ZCRM_GALERA_DIR:-/tmp/zcrm-galera}
SQL_BASE=${ZCRM_GALERA_PORT:-23306}
GCOMM_BASE=${ZCRM_GALERA_GCOMM_PORT:-24567}
NODES=(1 2 3)
PROVIDER=/usr/lib/galera/libgalera_smm.so
[ -e "$PROVIDER" ] || PROVIDER=/usr/lib/libgalera_smm.so

sql_port() { echo $((SQL_BASE + $1 - 1)); }
gcomm_port() { echo $((GCOMM_BASE + 10 * ($1 - 1))); }

cluster_address() {
  local peers=() n
  for n in "${NODES[@]}"; do peers+=("127.0.0.1:$(gcomm_port "$n")"); done
  local IFS=,
  echo "gcomm://${peers[*]}"
}

q() { # q N SQL: run SQL on node N, print the result without headers
  mysql --protocol=tcp -h127.0.0.1 -P"$(sql_port "$1")" -uroot -N -B -e "$2" 2>/dev/null
}

pid_of() {
  local f="$DIR/node$1/node.pid"
  [ -s "$f" ] && kill -0 "$(cat "$f")" 2>/dev/null && cat "$f"
}

synced() { [ "$(q "$1" "SHOW STATUS LIKE 'wsrep_local_state_comment'" | cut -f2)" = "Synced" ]; }

need() {
  if [ ! -e "$PROVIDER" ]; then
    echo "galera: $PROVIDER missing; apt-get install galera-4" >&2
    exit 1
  fi
  command -v rsync >/dev/null || { echo "galera: rsync missing (SST); apt-get install rsync" >&2; exit 1; }
}

write_config() {
  local n=$1 d="$DIR/node$1" gp
  gp=$(gcomm_port "$n")
  cat >"$d/my.cnf" <<EOF
[mariadbd]
datadir=$d/data
socket=$d/mariadbd.sock
pid-file=$d/mariadbd.pid
log-error=$d/error.log
port=$(sql_port "$n")
bind-address=127.0.0.1
skip-name-resolve
performance_schema=OFF
innodb_buffer_pool_size=32M
innodb_log_file_size=16M
max_connections=200
binlog_format=ROW
default_storage_engine=InnoDB
innodb_autoinc_lock_mode=2
wsrep_on=ON
wsrep_provider=$PROVIDER
wsrep_cluster_name=zcrm-test
wsrep_cluster_address=$(cluster_address)
wsrep_node_name=node$n
wsrep_node_address=127.0.0.1:$gp
wsrep_provider_options="gmcast.listen_addr=tcp://127.0.0.1:$gp;ist.recv_addr=127.0.0.1:$((gp + 1));gcache.size=32M;evs.suspect_timeout=PT3S;evs.inactive_timeout=PT6S;evs.install_timeout=PT6S"
wsrep_sst_receive_address=127.0.0.1:$((gp + 2))
wsrep_sst_method=rsync
wsrep_slave_threads=2
EOF
}

init_node() {
  local n=$1 d="$DIR/node$1"
  mkdir -p "$d"
  chown mysql:mysql "$d" 2>/dev/null || true
  write_config "$n"
  if [ ! -d "$d/data/mysql" ]; then
    mkdir -p "$d/data"
    chown -R mysql:mysql "$d" 2>/dev/null || true
    if [ "$n" = 1 ]; then
      mariadb-install-db --defaults-file="$d/my.cnf" --user=mysql --auth-root-authentication-method=normal \
        --skip-test-db >"$d/install.log" 2>&1 || { cat "$d/install.log" >&2; exit 1; }
    fi
    # Joiners start empty and receive node 1's data by SST.
  fi
}

start_node() { # start_node N [bootstrap]
  local n=$1 d="$DIR/node$1" extra=()
  [ "${2:-}" = bootstrap ] && extra=(--wsrep-new-cluster)
  if [ "${2:-}" = bootstrap ] && [ -f "$d/data/grastate.dat" ]; then
    sed -i 's/^safe_to_bootstrap: 0/safe_to_bootstrap: 1/' "$d/data/grastate.dat"
  elif [ -f "$d/data/grastate.dat" ]; then
    # A node rejoining after a crash takes a full copy (SST, small here)
    # rather than an incremental one, which was seen to fail.
    rm -f "$d/data/grastate.dat"
  fi
  # Detached, holding none of this script's descriptors (its output, the lock).
  start-stop-daemon --start --background --chdir "$d" --make-pidfile --pidfile "$d/node.pid" --exec /usr/sbin/mariadbd \
    -- --defaults-file="$d/my.cnf" --user=mysql "${extra[@]}" 9>&- </dev/null >>"$d/stdout.log" 2>&1
  local i
  for i in $(seq 1 120); do
    synced "$n" && return 0
    if [ "$i" -gt 5 ] && ! pid_of "$n" >/dev/null; then break; fi
    sleep 0.5
  done
  echo "galera: node $n did not reach Synced; see $d/error.log" >&2
  tail -n 30 "$d/error.log" >&2 || true
  return 1
}

root_over_tcp() {
  # mariadb-install-db gives root@localhost; tests connect over TCP to 127.0.0.1.
  mysql --protocol=socket -S "$DIR/node1/mariadbd.sock" -uroot -e \
    "CREATE USER IF NOT EXISTS 'root'@'127.0.0.1' IDENTIFIED BY ''; GRANT ALL ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;
     ALTER USER 'root'@'localhost' IDENTIFIED VIA mysql_native_password USING PASSWORD('') OR unix_socket;" 2>/dev/null || true
}

cmd_start() {
  need
  mkdir -p "$DIR"
  exec 9>"$DIR/.script.lock"
  flock 9
  local n running=()
  for n in "${NODES[@]}"; do pid_of "$n" >/dev/null && running+=("$n"); done
  if [ ${#running[@]} -eq 0 ]; then
    # A cold start begins with empty nodes: a joiner left with an older
    # run's state asks for an incremental transfer that can fail ("Receiving
    # IST failed"), and the tests need no data from a run before.
    for n in "${NODES[@]}"; do rm -rf "$DIR/node$n"; done
  fi
  for n in "${NODES[@]}"; do init_node "$n"; done
  if [ ${#running[@]} -eq 0 ]; then
    start_node 1 bootstrap
    root_over_tcp
    running=(1)
  fi
  for n in "${NODES[@]}"; do
    pid_of "$n" >/dev/null && continue
    start_node "$n"
  done
  for n in "${NODES[@]}"; do
    for _ in $(seq 1 60); do synced "$n" && break; sleep 0.5; done
    synced "$n" || { echo "galera: node $n not Synced" >&2; exit 1; }
  done
  echo "galera: 3 nodes synced at $(cmd_addresses)"
}

cmd_stop() {
  local n pid
  for n in "${NODES[@]}"; do
    pid=$(pid_of "$n") || continue
    kill "$pid" 2>/dev/null || true
  done
  for n in "${NODES[@]}"; do
    for _ in $(seq 1 60); do pid_of "$n" >/dev/null || break; sleep 0.5; done
    pid=$(pid_of "$n") && kill -9 "$pid" 2>/dev/null || true
  done
  echo "galera: stopped"
}

cmd_kill() {
  local n=${1:?node number}
  local pid
  pid=$(pid_of "$n") || { echo "galera: node $n is not running"; return 0; }
  kill -9 "$pid"
  for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  echo "galera: killed node $n"
}

cmd_status() {
  local n
  for n in "${NODES[@]}"; do
    if pid_of "$n" >/dev/null; then
      echo "node$n 127.0.0.1:$(sql_port "$n") $(q "$n" "SHOW STATUS LIKE 'wsrep_local_state_comment'" | cut -f2) size=$(q "$n" "SHOW STATUS LIKE 'wsrep_cluster_size'" | cut -f2)"
    else
      echo "node$n 127.0.0.1:$(sql_port "$n") down"
    fi
  done
}

cmd_addresses() {
  local a=() n
  for n in "${NODES[@]}"; do a+=("127.0.0.1:$(sql_port "$n")"); done
  local IFS=,
  echo "${a[*]}"
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  kill) cmd_kill "${2:-}" ;;
  status) cmd_status ;;
  addresses) cmd_addresses ;;
  *) echo "usage: $0 start|stop|kill N|status|addresses" >&2; exit 2 ;;
esac
