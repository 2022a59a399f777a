import EffFleetTesting
import Foundation

/// Debian's nginx in front of registry replicas, proxying as `Registry/nginx-effregistry.conf` does
/// (without TLS): round robin over the upstreams, a request whose upstream refuses, times out or
/// answers 502/503/504 handed to the next one, but a POST that reached a replica never repeated by
/// nginx (the agent repeats it). Runs in the foreground as one process, with its configuration, logs
/// and temporary files in a folder of its own.
final class NginxProxy {
    let url: String
    let folder: URL
    private let process: ServiceProcess

    struct Unavailable: Error, CustomStringConvertible {
        var description: String
    }

    /// The nginx executable, or nil where it is not installed (`scripts/install-deps` installs it).
    static var executable: URL? {
        ["/usr/sbin/nginx", "/usr/bin/nginx"].map(URL.init(fileURLWithPath:)).first {
            FileManager.default.isExecutableFile(atPath: $0.path)
        }
    }

    /// Starts nginx on a free loopback port in front of `upstreams` (`host:port` each).
    init(folder: URL, upstreams: [String]) throws {
        guard let executable = Self.executable else { throw Unavailable(description: "nginx is not installed") }
        self.folder = folder
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        // A port that was free a moment ago can be taken before nginx binds it: a few tries.
        for attempt in 1...5 {
            let port = try Self.freePort()
            let configuration = folder.appendingPathComponent("nginx.conf")
            try Self.configuration(folder: folder, port: port, upstreams: upstreams).write(
                to: configuration, atomically: true, encoding: .utf8)
            let process = try ServiceProcess(
                executable, ["-p", folder.path, "-c", configuration.path], name: "nginx",
                logURL: folder.appendingPathComponent("nginx.\(attempt).out"))
            let pidFile = folder.appendingPathComponent("nginx.pid").path
            try ServiceProcess.waitUntil(timeout: 10, "nginx's pid file") {
                !process.isRunning || FileManager.default.fileExists(atPath: pidFile)
            }
            if process.isRunning {
                self.process = process
                url = "http://127.0.0.1:\(port)"
                return
            }
            let errors = (try? String(contentsOf: folder.appendingPathComponent("error.log"), encoding: .utf8)) ?? ""
            guard errors.contains("Address already in use") else { throw Unavailable(description: "nginx exited: \(process.log)\(errors)") }
        }
        throw Unavailable(description: "no free port for nginx after 5 tries")
    }

    /// What nginx logged of each request: its status and the upstream (or upstreams) that served it.
    var accessLog: String {
        (try? String(contentsOf: folder.appendingPathComponent("access.log"), encoding: .utf8)) ?? ""
    }

    func stop() {
        process.stop()
    }

    private static func configuration(folder: URL, port: Int, upstreams: [String]) -> String {
        let servers = upstreams.map { "        server \($0) max_fails=1 fail_timeout=5s;" }.joined(separator: "\n")
        return """
            daemon off;
            master_process off;
            pid \(folder.path)/nginx.pid;
            error_log \(folder.path)/error.log warn;
            events { worker_connections 1024; }
            http {
                log_format upstreams '$request_method $uri $status upstream=$upstream_addr';
                access_log \(folder.path)/access.log upstreams;
                client_body_temp_path \(folder.path)/body;
                proxy_temp_path \(folder.path)/proxy;
                fastcgi_temp_path \(folder.path)/fastcgi;
                uwsgi_temp_path \(folder.path)/uwsgi;
                scgi_temp_path \(folder.path)/scgi;
                client_max_body_size 0;
                upstream registry {
            \(servers)
                    keepalive 16;
                }
                server {
                    listen 127.0.0.1:\(port);
                    location / {
                        proxy_pass http://registry;
                        proxy_http_version 1.1;
                        proxy_set_header Connection "";
                        proxy_set_header Host $host;
                        proxy_next_upstream error timeout http_502 http_503 http_504;
                        proxy_next_upstream_tries 2;
                        proxy_connect_timeout 2s;
                        proxy_read_timeout 120s;
                        proxy_buffering off;
                    }
                }
            }

            """
    }

    /// A loopback port nothing listens on now.
    private static func freePort() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw Unavailable(description: "socket() failed") }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                bind(descriptor, generic, length) == 0 && getsockname(descriptor, generic, &length) == 0
            }
        }
        guard bound else { throw Unavailable(description: "cannot bind a loopback port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
