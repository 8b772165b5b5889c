#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <string>
#include <thread>

#include "serve/http_server.h"

using namespace imsdoc;
using namespace std::chrono_literals;

namespace {

int connect_to(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  return fd;
}

void send_all(int fd, const std::string& s) {
  REQUIRE(::send(fd, s.data(), s.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(s.size()));
}

// What arrives within `wait` (until the server closes, or an answer with a body is complete).
std::string receive(int fd, std::chrono::milliseconds wait) {
  std::string got;
  auto end = std::chrono::steady_clock::now() + wait;
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        end - std::chrono::steady_clock::now());
    pollfd p{fd, POLLIN, 0};
    if (left.count() <= 0 || ::poll(&p, 1, static_cast<int>(left.count())) <= 0) break;
    char buf[4096];
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    got.append(buf, static_cast<size_t>(n));
    size_t head = got.find("\r\n\r\n");
    size_t length = got.find("Content-Length: ");
    if (head != std::string::npos && length != std::string::npos &&
        got.size() >= head + 4 + std::stoul(got.substr(length + 16))) {
      break;
    }
  }
  return got;
}

std::string body_of(const std::string& response) {
  size_t head = response.find("\r\n\r\n");
  return head == std::string::npos ? "" : response.substr(head + 4);
}

std::string get(const std::string& target) {
  return "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
}

// "/wait" waits until notified (then "notified"), or says why it could not wait.
HttpResponse handle(const HttpRequest& r, const std::atomic<bool>& event) {
  HttpResponse out;
  if (r.path != "/wait") {
    out.body = "page " + r.path;
    return out;
  }
  if (event) {
    out.body = "notified";
  } else if (r.wait == HttpRequest::Wait::kMayWait) {
    out.wait = true;
  } else {
    out.body = r.wait == HttpRequest::Wait::kTimedOut ? "timed out" : "no room";
  }
  return out;
}

HttpServerLimits small_limits() {
  HttpServerLimits limits;
  limits.workers = 1;
  limits.max_long_polls = 2;
  limits.long_poll_timeout = 400ms;
  limits.request_timeout = 300ms;
  limits.idle_timeout = 300ms;
  limits.max_request_bytes = 1024;
  return limits;
}

}  // namespace

TEST_CASE("http server: waiting requests hold no worker, are capped, notified or timed out",
          "[serve]") {
  std::atomic<bool> event{false};
  HttpServer server([&](const HttpRequest& r) { return handle(r, event); }, small_limits());
  REQUIRE(server.start(0) == "");
  int a = connect_to(server.port()), b = connect_to(server.port()), c = connect_to(server.port());
  send_all(a, get("/wait"));
  send_all(b, get("/wait"));
  CHECK(receive(a, 100ms).empty());  // waiting
  send_all(c, get("/wait"));
  CHECK(body_of(receive(c, 2000ms)) == "no room");  // the third: beyond max_long_polls
  // One worker, two waiting requests: a page is still answered.
  int d = connect_to(server.port());
  send_all(d, get("/index.html"));
  CHECK(body_of(receive(d, 2000ms)) == "page /index.html");
  event = true;
  server.notify();
  CHECK(body_of(receive(a, 2000ms)) == "notified");
  CHECK(body_of(receive(b, 2000ms)) == "notified");
  event = false;
  send_all(a, get("/wait"));  // keep-alive: the same connection waits again, until its time is up
  auto start = std::chrono::steady_clock::now();
  CHECK(body_of(receive(a, 2000ms)) == "timed out");
  CHECK(std::chrono::steady_clock::now() - start >= 350ms);
  for (int fd : {a, b, c, d}) ::close(fd);
}

TEST_CASE("http server: slow and oversized requests are answered and dropped", "[serve]") {
  std::atomic<bool> event{false};
  HttpServer server([&](const HttpRequest& r) { return handle(r, event); }, small_limits());
  REQUIRE(server.start(0) == "");
  int slow = connect_to(server.port());
  send_all(slow, "GET / HTTP/1.1\r\nHost: x\r\n");  // and nothing more
  std::string answer = receive(slow, 2000ms);
  CHECK(answer.rfind("HTTP/1.1 408 ", 0) == 0);
  char byte;
  CHECK(::recv(slow, &byte, 1, 0) == 0);  // closed
  ::close(slow);

  int big = connect_to(server.port());
  send_all(big, "GET / HTTP/1.1\r\nX-Big: " + std::string(2000, 'y') + "\r\n\r\n");
  CHECK(receive(big, 2000ms).rfind("HTTP/1.1 431 ", 0) == 0);
  ::close(big);

  int idle = connect_to(server.port());
  send_all(idle, get("/a"));
  CHECK(body_of(receive(idle, 2000ms)) == "page /a");
  CHECK(receive(idle, 1000ms).empty());  // idle past idle_timeout: closed without a word
  CHECK(::recv(idle, &byte, 1, MSG_DONTWAIT) == 0);
  ::close(idle);

  // Two requests in one send (pipelined) are both answered, in order.
  int pipelined = connect_to(server.port());
  send_all(pipelined, get("/one") + get("/two"));
  std::string both = receive(pipelined, 2000ms);
  both += receive(pipelined, 2000ms);
  CHECK(both.find("page /one") != std::string::npos);
  CHECK(both.find("page /two") > both.find("page /one"));
  ::close(pipelined);
}
