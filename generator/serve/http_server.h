// A small HTTP/1.1 server on the loopback interface, for imsdoc serve. The only user of
// cpp-httplib: the rest of imsdoc sees requests and responses as plain structs.
//
// Bounded: one thread owns every socket and does all reading and writing without blocking,
// so a client that sends its request byte by byte, or never reads the answer, holds no thread;
// it is dropped when its time runs out. Complete requests go to a few worker threads, which
// only compute answers. A request may ask to wait (a live-reload long poll): it then waits in
// the socket thread, not in a worker, and only so many may wait at once.
#pragma once

#include <chrono>
#include <cstddef>
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

  // Whether the handler may answer "wait" (HttpResponse::wait) to this request.
  enum class Wait {
    kMayWait,   // yes: the server keeps it until notify() or its time is up
    kTimedOut,  // no: it waited HttpServerLimits::long_poll_timeout
    kNoRoom,    // no: max_long_polls requests wait already (tell the client to come back later)
  };
  Wait wait = Wait::kMayWait;

  // The value of query parameter `name`, or "".
  std::string param(const std::string& name) const;
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  // Only for a request with Wait::kMayWait: nothing is sent yet; the handler is asked again
  // after HttpServer::notify(), when the wait times out, or at once (kNoRoom) if too many wait.
  bool wait = false;
};

// Answers one request. Called on the server's worker threads, several at a time; must not
// block for long (answer `wait` instead).
using HttpHandler = std::function<HttpResponse(const HttpRequest&)>;

struct HttpServerLimits {
  int workers = 4;                   // threads that compute answers
  size_t max_connections = 512;      // open at once; a connection beyond is closed at once
  size_t max_request_bytes = 16384;  // request line and headers; bodies are refused beyond it
  size_t max_requests_per_connection = 100;
  std::chrono::milliseconds request_timeout{10000};  // to send a whole request (else 408)
  std::chrono::milliseconds idle_timeout{5000};      // between requests of a connection
  std::chrono::milliseconds write_timeout{10000};    // to take a whole answer
  size_t max_long_polls = 64;                        // requests waiting at once
  std::chrono::milliseconds long_poll_timeout{25000};
};

class HttpServer {
 public:
  explicit HttpServer(HttpHandler handler, HttpServerLimits limits = {});
  ~HttpServer();  // stops the server
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds to 127.0.0.1:`port` (0: a free port the system picks) and starts serving on threads
  // of its own. Returns "" when it is serving, else why not ("port 8000 is in use").
  std::string start(int port);
  // The port it listens on (after start()).
  int port() const { return port_; }
  // Asks the handler again about every waiting request (something they wait for happened).
  // Any thread.
  void notify();
  // Stops accepting, closes every connection (waiting ones too) and joins its threads.
  // Answers being computed finish first; they are not sent.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  int port_ = 0;
};

}  // namespace imsdoc
