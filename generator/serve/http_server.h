// A small HTTP/1.1 server on the loopback interface, for imsdoc serve. The only user of
// cpp-httplib: the rest of imsdoc sees requests and responses as plain structs.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace imsdoc {

struct HttpRequest {
  std::string method;  // "GET", "HEAD", ...
  std::string path;    // percent-decoded, without the query: "/1.0/sections/ims-1.html"
  std::vector<std::pair<std::string, std::string>> query;  // decoded, in order

  // The value of query parameter `name`, or "".
  std::string param(const std::string& name) const;
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

// Answers one request. Called on the server's worker threads, several at a time.
using HttpHandler = std::function<HttpResponse(const HttpRequest&)>;

class HttpServer {
 public:
  explicit HttpServer(HttpHandler handler);
  ~HttpServer();  // stops the server
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds to 127.0.0.1:`port` (0: a free port the system picks) and starts serving on threads
  // of its own. Returns "" when it is serving, else why not ("port 8000 is in use").
  std::string start(int port);
  // The port it listens on (after start()).
  int port() const { return port_; }
  // Stops accepting and waits for the server thread. Requests still running finish first.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  int port_ = 0;
};

}  // namespace imsdoc
