# nginx.sh - sourced by scripts that need a real HTTP server: start_nginx
# DIR starts nginx-light with a config written into DIR (no root needed,
# nothing outside DIR is touched) and sets
#   NGINX_HTTP   http://127.0.0.1:PORT         HTTP/1.1, keep-alive
#   NGINX_HTTPS  https://127.0.0.1:PORT        TLS with HTTP/2 (h2 by ALPN)
#   NGINX_CERT   DIR/cert.pem, the self-signed certificate for 127.0.0.1
#   NGINX_PROXY  http://127.0.0.1:PORT         a forward proxy for plain http
#                (to IP literals: it has no resolver), whose answers carry
#                "X-Proxied-By: nginx"
#   NGINX_PID    the master's pid (stop_nginx stops it)
# DIR/www is the document root; put the documents there before or after.
# The ports are ephemeral ones that the kernel gave and Python let go a
# moment before nginx binds them (a small race, retried three times).
# Returns 77 (the ctest skip code) when nginx or openssl is absent.

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

start_nginx() {
  local dir=$1
  command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || return 77
  command -v openssl >/dev/null || return 77
  local nginx
  nginx=$(command -v nginx || echo /usr/sbin/nginx)
  mkdir -p "$dir/www" "$dir/tmp"
  openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 \
    -addext subjectAltName=IP:127.0.0.1 -keyout "$dir/key.pem" -out "$dir/cert.pem" \
    2>/dev/null
  local attempt
  for attempt in 1 2 3; do
    local http_port https_port proxy_port user_line=
    http_port=$(free_port)
    https_port=$(free_port)
    proxy_port=$(free_port)
    # A master running as root hands the work to `user` (nobody by
    # default), which could not read DIR: keep root's.
    [ "$(id -u)" = 0 ] && user_line="user root;"
    cat >"$dir/nginx.conf" <<CONF
$user_line
daemon off;
worker_processes 1;
pid $dir/nginx.pid;
error_log stderr error;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $dir/tmp/body;
  proxy_temp_path $dir/tmp/proxy;
  fastcgi_temp_path $dir/tmp/fastcgi;
  uwsgi_temp_path $dir/tmp/uwsgi;
  scgi_temp_path $dir/tmp/scgi;
  types { application/json json; text/plain txt; }
  keepalive_requests 100000;
  server {
    listen 127.0.0.1:$http_port;
    root $dir/www;
  }
  server {
    listen 127.0.0.1:$https_port ssl http2;
    ssl_certificate $dir/cert.pem;
    ssl_certificate_key $dir/key.pem;
    root $dir/www;
  }
  server {
    listen 127.0.0.1:$proxy_port;
    location / {
      proxy_pass http://\$http_host\$request_uri;
      add_header X-Proxied-By nginx;
    }
  }
}
CONF
    "$nginx" -p "$dir" -c "$dir/nginx.conf" -e stderr 2>"$dir/nginx.err" &
    NGINX_PID=$!
    local i
    for i in $(seq 100); do
      if [ -s "$dir/nginx.pid" ]; then
        NGINX_HTTP=http://127.0.0.1:$http_port
        NGINX_HTTPS=https://127.0.0.1:$https_port
        NGINX_CERT=$dir/cert.pem
        NGINX_PROXY=http://127.0.0.1:$proxy_port
        return 0
      fi
      kill -0 "$NGINX_PID" 2>/dev/null || break
      sleep 0.05
    done
    wait "$NGINX_PID" 2>/dev/null || true
  done
  cat "$dir/nginx.err" >&2
  return 1
}

stop_nginx() {
  if [ -n "${NGINX_PID:-}" ]; then
    kill "$NGINX_PID" 2>/dev/null || true
    wait "$NGINX_PID" 2>/dev/null || true
    NGINX_PID=
  fi
}
