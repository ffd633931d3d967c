/**
 * nginx for `npm run scale-out`: Debian's package (installed when missing), run in the foreground with a config
 * of our own in a temp folder (`nginx -p DIR -c DIR/nginx.conf`, `daemon off;`), listening on loopback only.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

const NGINX = "/usr/sbin/nginx";

/** Debian's nginx; `apt-get install -y nginx` (after an `apt-get update` if the package is unknown) when missing. */
export function ensureNginx(log) {
  if (existsSync(NGINX)) return NGINX;
  log("nginx missing: apt-get install -y nginx");
  const install = () => spawnSync("apt-get", ["install", "-y", "--no-install-recommends", "nginx"], {
    encoding: "utf8",
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
  });
  let r = install();
  if (r.status !== 0) {
    spawnSync("apt-get", ["update"], { stdio: "ignore" });
    r = install();
  }
  if (r.status !== 0 || !existsSync(NGINX)) throw new Error(`could not install nginx:\n${r.stdout}\n${r.stderr}`);
  // The package's own service (port 80) is not ours to run: Debian starts it on install where systemd runs.
  spawnSync(NGINX, ["-s", "stop"], { stdio: "ignore" });
  return NGINX;
}

/**
 * One `server` per entry of `sites` ({ port, upstreams: [port...] }), round robin over its upstreams.
 * - proxy_next_upstream error: another instance is tried only when this one cannot be reached. nginx never
 *   passes a POST (non-idempotent) on once it was sent, because `non_idempotent` is not listed: an order that
 *   may have been placed is answered 502 and left to the client's Idempotency-Key retry, not replayed by nginx.
 *   No `timeout`/`http_5xx`: a slow or failing answer is the app's answer, not a reason to run the request twice.
 * - X-Forwarded-For gets the client's address appended ($proxy_add_x_forwarded_for); the web processes run with
 *   TRUST_PROXY_HOPS=1 and take the right-most entry, so what a client writes there itself is ignored.
 * - X-Upstream on every answer names the instance that produced it (the checks count per instance).
 */
export function writeNginxConfig(dir, sites) {
  for (const sub of ["logs", "tmp"]) mkdirSync(path.join(dir, sub), { recursive: true });
  const upstream = (site, i) => `
  upstream web_${i} {
${site.upstreams.map((p) => `    server 127.0.0.1:${p} max_fails=1 fail_timeout=10s;`).join("\n")}
    keepalive 64;
  }`;
  const server = (site, i) => `
  server {
    listen 127.0.0.1:${site.port};
    location / {
      proxy_pass http://web_${i};
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_next_upstream error;
      proxy_next_upstream_tries 2;
      proxy_connect_timeout 2s;
      proxy_read_timeout 60s;
      add_header X-Upstream $upstream_addr always;
    }
  }`;
  const conf = `# Written by bench/scale-out.mjs for one run.
daemon off;
master_process on;
worker_processes 1;
user root;
pid ${path.join(dir, "nginx.pid")};
error_log ${path.join(dir, "logs/error.log")} warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${path.join(dir, "tmp/body")};
  proxy_temp_path ${path.join(dir, "tmp/proxy")};
  fastcgi_temp_path ${path.join(dir, "tmp/fastcgi")};
  uwsgi_temp_path ${path.join(dir, "tmp/uwsgi")};
  scgi_temp_path ${path.join(dir, "tmp/scgi")};
  keepalive_requests 100000;
${sites.map(upstream).join("\n")}
${sites.map(server).join("\n")}
}
`;
  const file = path.join(dir, "nginx.conf");
  writeFileSync(file, conf);
  return file;
}
