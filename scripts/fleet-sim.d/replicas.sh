# scripts/fleet-sim --postgres [--replicas N]: PostgreSQL, the replicas and nginx, each on a host of its
# own; sourced by scripts/fleet-sim, whose variables and functions (plug, ctl, pause, since, die, …) it uses.
#   start_replicated_registry     PostgreSQL on $DB_NS, replica k on $(replica_ns k):8700 with a data folder
#                                 of its own (its blob cache) holding a copy of replica 1's admin token,
#                                 nginx on $LB_NS:80 in front; sets EFF_REGISTRY (nginx), REGISTRY_PID
#                                 (replica 1, for the footprint) and REPLICA_PIDS
#   cut_replica_mid_rollout K     waits until the newest deployment has some but not all assignments
#                                 serving, then takes replica K's switch port down; sets REPLICA_CUT_*
#   restore_replica K             brings the port back and waits until replica K answers again

REPLICA_PIDS=()

replica_requests() {  # replica_requests K: requests replica K has logged
    grep -c ' /v1/' "$LOGS/registry.$1.log" || true
}

start_replicated_registry() {
    local k port url data
    PG_DIR=$(mktemp -d "/tmp/fleet-sim-pg.$PREFIX.XXXXXX")
    url=$(POSTGRES_LISTEN=$DB_IP ip netns exec "$DB_NS" "$REPO/scripts/postgres-cluster" start "$PG_DIR") ||
        die "PostgreSQL did not start in $DB_NS"
    port=$(cat "$PG_DIR/port")
    DATABASE_URL="postgres://eff@$DB_IP:$port/postgres?sslmode=disable"
    echo "== PostgreSQL $DATABASE_URL (in $DB_NS)"
    for k in $(seq "$REPLICAS"); do
        # One after the other: the first creates the admin token, the others get a copy of it.
        data=$WORK/registry
        if [ "$k" -gt 1 ]; then
            data=$WORK/registry-$k
            install -D -m 0600 "$WORK/registry/admin.token" "$data/admin.token"
        fi
        ip netns exec "$(replica_ns "$k")" "$BIN/effregistry" serve --data "$data" --database "$DATABASE_URL" \
            --listen "$(replica_ip "$k"):8700" --port-file "$WORK/registry.$k.port" \
            --catalog "$REPO/Registry/variants.json" >"$LOGS/registry.$k.log" 2>&1 &
        REPLICA_PIDS+=("$!")
        PIDS+=("$!")
        for _ in $(seq 300); do [ -s "$WORK/registry.$k.port" ] && break; sleep 0.1; done
        [ -s "$WORK/registry.$k.port" ] || die "replica $k did not start: $(tail -5 "$LOGS/registry.$k.log")"
        echo "== replica $k http://$(replica_ip "$k"):8700 (in $(replica_ns "$k"))"
    done
    REGISTRY_PID=${REPLICA_PIDS[0]}

    mkdir -p "$WORK/nginx"
    {
        echo "user root;"
        echo "worker_processes 1;"
        echo "pid $WORK/nginx/nginx.pid;"
        echo "events { worker_connections 1024; }"
        echo "http {"
        for temp in client_body proxy fastcgi uwsgi scgi; do echo "    ${temp}_temp_path $WORK/nginx/$temp;"; done
        echo "    log_format upstream '\$msec \$request_method \$uri \$status \$upstream_addr \$upstream_status \$request_time';"
        echo "    access_log $LOGS/nginx.access.log upstream;"
        echo "    upstream effregistry {"
        for k in $(seq "$REPLICAS"); do echo "        server $(replica_ip "$k"):8700 max_fails=1 fail_timeout=10s;"; done
        echo "        keepalive 32;"
        echo "    }"
        echo "    server {"
        echo "        listen $LB_IP:80;"
        echo "        client_max_body_size 512m;"
        echo "        proxy_request_buffering off;"
        echo "        proxy_buffering off;"
        # A replica whose link is cut neither refuses nor answers: give up on it quickly.
        echo "        proxy_connect_timeout 1s;"
        echo "        proxy_read_timeout 15s;"
        echo "        proxy_send_timeout 15s;"
        echo "        location / {"
        echo "            proxy_pass http://effregistry;"
        echo "            proxy_http_version 1.1;"
        echo "            proxy_set_header Connection \"\";"
        echo "            proxy_set_header Host \$host;"
        echo "            proxy_next_upstream error timeout http_502 http_503;"
        echo "            proxy_next_upstream_tries $REPLICAS;"
        echo "        }"
        echo "    }"
        echo "}"
    } >"$WORK/nginx/nginx.conf"
    ip netns exec "$LB_NS" nginx -e "$LOGS/nginx.error.log" -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" -g 'daemon off;' \
        >"$LOGS/nginx.log" 2>&1 &
    PIDS+=("$!")
    export EFF_REGISTRY=http://$LB_IP
    nginx_answers() { ip netns exec "$REG_NS" curl -sf -o /dev/null "$EFF_REGISTRY/healthz"; }
    wait_for 30 "nginx on $LB_IP" nginx_answers
    echo "== nginx $EFF_REGISTRY (in $LB_NS) in front of $REPLICAS replica(s)"
}

deployment_served() {  # serving assignments of the newest deployment made after $1, or nothing
    ctl query deployments --fleet "$FLEET" --json |
        jq -r --argjson t "$1" "[.[] | select(.created_at >= \$t)] | max_by(.created_at) // empty
            | [.assignments[] | select($served)] | length"
}

cut_replica_mid_rollout() {
    local k=$1 t0 n deadline=$((SECONDS + 600))
    t0=$(awk -v t="$T_DEPLOY" 'BEGIN { printf "%d", t - 1 }')
    REPLICA_CUT_MIDWAY=false REPLICA_CUT_SERVED=""
    while [ $SECONDS -lt $deadline ] && kill -0 "$DEPLOY_PID" 2>/dev/null; do
        n=$(deployment_served "$t0" 2>/dev/null || true)
        if [ -n "$n" ] && [ "$n" -ge 1 ]; then
            [ "$n" -lt "$HOSTS" ] && REPLICA_CUT_MIDWAY=true
            break
        fi
        sleep 0.5
    done
    REPLICA_CUT_SERVED=${n:-0}
    REPLICA_REQUESTS_BEFORE=$(replica_requests "$k")
    ip -n "$REG_NS" link set "pr$k" down
    T_REPLICA_CUT=$(now)
    echo "  replica $k's link cut $(since "$T_DEPLOY") s into the rollout, $REPLICA_CUT_SERVED of $HOSTS assignments serving" \
        "(it had answered $REPLICA_REQUESTS_BEFORE API requests; midway: $REPLICA_CUT_MIDWAY)"
}

restore_replica() {
    local k=$1
    ip -n "$REG_NS" link set "pr$k" up
    REPLICA_CUT_S=$(since "$T_REPLICA_CUT")
    replica_answers() { ip netns exec "$REG_NS" curl -sf -o /dev/null "http://$(replica_ip "$k"):8700/healthz"; }
    wait_for 60 "replica $k back" replica_answers
    echo "  replica $k's link back after $REPLICA_CUT_S s; it answers again"
}
