#include "serve/http_server.h"

#include <httplib.h>

#include <chrono>
#include <thread>

namespace imsdoc {

std::string HttpRequest::param(const std::string& name) const {
  for (const auto& [k, v] : query) {
    if (k == name) return v;
  }
  return "";
}

struct HttpServer::Impl {
  httplib::Server server;
  std::thread thread;
};

HttpServer::HttpServer(HttpHandler handler) : impl_(std::make_unique<Impl>()) {
  httplib::Server& s = impl_->server;
  // Reload scripts wait on /__imsdoc/events for up to half a minute, each holding a worker:
  // more workers than the default 8, so that a few open tabs never starve page requests.
  s.new_task_queue = [] { return new httplib::ThreadPool(32); };
  s.set_keep_alive_timeout(2);
  auto answer = [handler](const httplib::Request& req, httplib::Response& res) {
    HttpRequest r;
    r.method = req.method;
    r.path = req.path;
    for (const auto& [k, v] : req.params) r.query.emplace_back(k, v);
    HttpResponse out = handler(r);
    res.status = out.status;
    for (const auto& [k, v] : out.headers) res.set_header(k.c_str(), v);
    res.set_content(std::move(out.body), out.content_type.c_str());
  };
  s.Get(".*", answer);
}

HttpServer::~HttpServer() { stop(); }

std::string HttpServer::start(int port) {
  httplib::Server& s = impl_->server;
  if (port == 0) {
    port_ = s.bind_to_any_port("127.0.0.1");
    if (port_ < 0) return "cannot listen on 127.0.0.1";
  } else {
    if (!s.bind_to_port("127.0.0.1", port)) {
      return "cannot listen on 127.0.0.1:" + std::to_string(port) + " (is the port in use?)";
    }
    port_ = port;
  }
  impl_->thread = std::thread([&s] { s.listen_after_bind(); });
  // cpp-httplib 0.11 has no wait_until_ready(): is_running() turns true once it accepts.
  for (int i = 0; i < 2000 && !s.is_running(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  if (!s.is_running()) {
    stop();
    return "the HTTP server did not start";
  }
  return "";
}

void HttpServer::stop() {
  if (!impl_->thread.joinable()) return;
  impl_->server.stop();
  impl_->thread.join();
}

}  // namespace imsdoc
