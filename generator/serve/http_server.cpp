#include "serve/http_server.h"

#include <httplib.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <map>
#include <mutex>
#include <thread>

namespace imsdoc {

std::string HttpRequest::param(const std::string& name) const {
  for (const auto& [k, v] : query) {
    if (k == name) return v;
  }
  return "";
}

namespace {

using Clock = std::chrono::steady_clock;

// One request's bytes as cpp-httplib reads them, and its answer as cpp-httplib writes it: the
// parser and router run on a worker thread and never touch the socket. Reading past the bytes
// received is the end of the stream (a body that has not arrived is a bad request).
class BufferStream : public httplib::Stream {
 public:
  explicit BufferStream(const std::string& in) : in_(in) {}
  bool is_readable() const override { return pos_ < in_.size(); }
  bool is_writable() const override { return true; }
  ssize_t read(char* ptr, size_t size) override {
    size_t n = std::min(size, in_.size() - pos_);
    std::memcpy(ptr, in_.data() + pos_, n);
    pos_ += n;
    return static_cast<ssize_t>(n);
  }
  ssize_t write(const char* ptr, size_t size) override {
    out_.append(ptr, size);
    return static_cast<ssize_t>(size);
  }
  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    ip = "127.0.0.1";
    port = 0;
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    ip = "127.0.0.1";
    port = 0;
  }
  // Only compared with FD_SETSIZE by cpp-httplib 0.11 (it would answer 500 above it).
  socket_t socket() const override { return 0; }

  size_t consumed() const { return pos_; }
  std::string take_output() { return std::move(out_); }

 private:
  const std::string& in_;
  size_t pos_ = 0;
  std::string out_;
};

// What the handler said about waiting, for the request a worker is answering.
struct Dispatch {
  HttpRequest::Wait wait = HttpRequest::Wait::kMayWait;
  bool parked = false;
};
thread_local Dispatch* t_dispatch = nullptr;

// cpp-httplib's request parser, router and response writer, driven over a BufferStream.
class Router : public httplib::Server {
 public:
  bool answer(httplib::Stream& stream, bool close_connection, bool* connection_closed) {
    bool closed = false;
    bool ok = process_request(stream, close_connection, closed, nullptr);
    *connection_closed = closed;
    return ok;
  }
};

// The end of a request's headers in `in` (just past the blank line), or npos; the blank line
// is looked for from `from` on. A bare LF ends lines too: cpp-httplib answers 400 then.
size_t head_end(const std::string& in, size_t from = 0) {
  from = from > 3 ? from - 3 : 0;
  size_t crlf = in.find("\r\n\r\n", from);
  size_t lf = in.find("\n\n", from);
  return std::min(crlf == std::string::npos ? crlf : crlf + 4,
                  lf == std::string::npos ? lf : lf + 2);
}

// The status code of a serialized response ("HTTP/1.1 400 Bad Request"), 0 if unreadable.
int status_of(const std::string& response) {
  return response.size() > 12 ? std::atoi(response.c_str() + 9) : 0;
}

std::string plain_response(int status, const char* reason) {
  return "HTTP/1.1 " + std::to_string(status) + " " + reason +
         "\r\nConnection: close\r\nContent-Length: 0\r\n\r\n";
}

struct Job {
  int fd;
  uint64_t id;
  uint64_t epoch;  // notify() count when dispatched
  std::string in;
  HttpRequest::Wait wait;
  bool close;
};

struct Result {
  int fd;
  uint64_t id;
  uint64_t epoch;
  std::string out;
  size_t consumed = 0;
  bool parked = false;
  bool close = false;
};

enum class State { kReading, kBusy, kWaiting, kWriting };

struct Connection {
  uint64_t id = 0;
  State state = State::kReading;
  std::string in;  // received and not yet answered
  std::string out;
  size_t out_pos = 0;
  Clock::time_point deadline;  // reading, writing: when it is dropped
  bool request_started = false;
  bool waiting = false;          // parked since wait_until was set
  Clock::time_point wait_until;  // long poll: when it is answered anyway
  size_t requests = 0;
  bool close_after = false;
};

}  // namespace

struct HttpServer::Impl {
  HttpHandler handler;
  HttpServerLimits limits;
  Router router;
  int listen_fd = -1;
  int wake_fd = -1;
  std::thread loop_thread;
  std::vector<std::thread> workers;
  std::atomic<bool> stopping{false};
  std::atomic<uint64_t> notify_epoch{0};
  uint64_t handled_epoch = 0;  // loop thread only

  std::mutex mutex;  // guards jobs, results, workers_stop
  std::condition_variable jobs_ready;
  std::deque<Job> jobs;
  std::deque<Result> results;
  bool workers_stop = false;

  std::map<int, Connection> connections;  // loop thread only
  uint64_t next_id = 1;

  void wake() {
    uint64_t one = 1;
    ssize_t n = ::write(wake_fd, &one, sizeof one);
    (void)n;
  }
  void work();
  void loop();
  void dispatch(int fd, Connection& c, HttpRequest::Wait wait);
  void apply(Result r);
  void after_write(int fd, Connection& c);
  void read_from(int fd, Connection& c);
  void write_to(int fd, Connection& c);
  void expire(Clock::time_point now);
  void accept_all();
  void close_connection(int fd) {
    ::close(fd);
    connections.erase(fd);
  }
  size_t waiting_count() const {
    size_t n = 0;
    for (const auto& [_, c] : connections) n += c.state == State::kWaiting;
    return n;
  }
};

HttpServer::HttpServer(HttpHandler handler, HttpServerLimits limits)
    : impl_(std::make_unique<Impl>()) {
  impl_->handler = std::move(handler);
  impl_->limits = limits;
  Impl* impl = impl_.get();
  auto answer = [impl](const httplib::Request& req, httplib::Response& res) {
    HttpRequest r;
    r.method = req.method;
    r.path = req.path;
    for (const auto& [k, v] : req.params) r.query.emplace_back(k, v);
    if (t_dispatch) r.wait = t_dispatch->wait;
    HttpResponse out = impl->handler(r);
    if (out.wait && r.wait == HttpRequest::Wait::kMayWait && t_dispatch) {
      t_dispatch->parked = true;  // nothing is sent: the server keeps the request
      return;
    }
    res.status = out.status;
    for (const auto& [k, v] : out.headers) res.set_header(k.c_str(), v);
    res.set_content(std::move(out.body), out.content_type.c_str());
  };
  impl_->router.Get(".*", answer);
  impl_->router.set_payload_max_length(limits.max_request_bytes);
}

HttpServer::~HttpServer() { stop(); }

std::string HttpServer::start(int port) {
  Impl& s = *impl_;
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return "cannot listen on 127.0.0.1: " + std::string(std::strerror(errno));
  int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(fd, 128) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    ::close(fd);
    if (port == 0) return "cannot listen on 127.0.0.1";
    return "cannot listen on 127.0.0.1:" + std::to_string(port) + " (is the port in use?)";
  }
  s.wake_fd = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (s.wake_fd < 0) {
    ::close(fd);
    return "the HTTP server did not start";
  }
  s.listen_fd = fd;
  port_ = ntohs(addr.sin_port);
  for (int i = 0; i < std::max(1, s.limits.workers); ++i) {
    s.workers.emplace_back([&s] { s.work(); });
  }
  s.loop_thread = std::thread([&s] { s.loop(); });
  return "";
}

void HttpServer::notify() {
  if (impl_->wake_fd < 0) return;
  ++impl_->notify_epoch;
  impl_->wake();
}

void HttpServer::stop() {
  Impl& s = *impl_;
  if (s.loop_thread.joinable()) {
    s.stopping = true;
    s.wake();
    s.loop_thread.join();
  }
  {
    std::lock_guard<std::mutex> lock(s.mutex);
    s.workers_stop = true;
  }
  s.jobs_ready.notify_all();
  for (auto& t : s.workers) t.join();
  s.workers.clear();
  if (s.wake_fd >= 0) ::close(s.wake_fd);
  s.wake_fd = -1;
}

void HttpServer::Impl::work() {
  for (;;) {
    Job job;
    {
      std::unique_lock<std::mutex> lock(mutex);
      jobs_ready.wait(lock, [&] { return workers_stop || !jobs.empty(); });
      if (workers_stop) return;
      job = std::move(jobs.front());
      jobs.pop_front();
    }
    BufferStream stream(job.in);
    Dispatch d{job.wait, false};
    t_dispatch = &d;
    bool closed = false;
    bool ok = router.answer(stream, job.close, &closed);
    t_dispatch = nullptr;
    Result r{job.fd, job.id, job.epoch, stream.take_output()};
    r.consumed = stream.consumed();
    r.parked = d.parked;
    // After a request it could not read, cpp-httplib's place in the bytes is unknown.
    int status = status_of(r.out);
    r.close = !ok || closed || job.close || status == 400 || status == 413 || status == 414;
    {
      std::lock_guard<std::mutex> lock(mutex);
      results.push_back(std::move(r));
    }
    wake();
  }
}

void HttpServer::Impl::dispatch(int fd, Connection& c, HttpRequest::Wait wait) {
  c.state = State::kBusy;
  Job job{fd,   c.id, notify_epoch.load(),
          c.in, wait, c.requests + 1 >= limits.max_requests_per_connection};
  {
    std::lock_guard<std::mutex> lock(mutex);
    jobs.push_back(std::move(job));
  }
  jobs_ready.notify_one();
}

void HttpServer::Impl::apply(Result r) {
  auto it = connections.find(r.fd);
  if (it == connections.end() || it->second.id != r.id) return;  // dropped meanwhile
  Connection& c = it->second;
  auto now = Clock::now();
  if (r.parked) {
    if (r.epoch != notify_epoch.load()) {
      dispatch(r.fd, c, HttpRequest::Wait::kMayWait);  // what it waits for happened meanwhile
    } else if (waiting_count() < limits.max_long_polls) {
      c.state = State::kWaiting;
      if (!c.waiting) c.wait_until = now + limits.long_poll_timeout;
      c.waiting = true;
    } else {
      dispatch(r.fd, c, HttpRequest::Wait::kNoRoom);
    }
    return;
  }
  c.waiting = false;
  c.in.erase(0, r.consumed);
  c.out = std::move(r.out);
  c.out_pos = 0;
  c.requests += 1;
  c.close_after = r.close;
  c.state = State::kWriting;
  c.deadline = now + limits.write_timeout;
  write_to(r.fd, c);
}

void HttpServer::Impl::after_write(int fd, Connection& c) {
  if (c.close_after) {
    // Unread bytes would make close() reset the connection, and the client could lose the
    // answer (a 431, a 408): what has arrived is read and dropped first, without waiting.
    ::shutdown(fd, SHUT_WR);
    char sink[4096];
    for (int i = 0; i < 16 && ::recv(fd, sink, sizeof sink, MSG_DONTWAIT) > 0; ++i) {
    }
    close_connection(fd);
    return;
  }
  c.out.clear();
  c.state = State::kReading;
  c.request_started = !c.in.empty();
  c.deadline = Clock::now() + (c.in.empty() ? limits.idle_timeout : limits.request_timeout);
  if (head_end(c.in) != std::string::npos) dispatch(fd, c, HttpRequest::Wait::kMayWait);
}

void HttpServer::Impl::read_from(int fd, Connection& c) {
  char buf[4096];
  size_t before = c.in.size();
  for (;;) {
    ssize_t n = ::recv(fd, buf, sizeof buf, MSG_DONTWAIT);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
    if (n <= 0) {
      close_connection(fd);
      return;
    }
    if (!c.request_started) {
      c.request_started = true;
      c.deadline = Clock::now() + limits.request_timeout;
    }
    c.in.append(buf, static_cast<size_t>(n));
    if (c.in.size() > limits.max_request_bytes) break;
  }
  size_t end = head_end(c.in, before);
  if (end == std::string::npos ? c.in.size() <= limits.max_request_bytes
                               : end <= limits.max_request_bytes) {
    if (end != std::string::npos) dispatch(fd, c, HttpRequest::Wait::kMayWait);
  } else {
    c.out = plain_response(431, "Request Header Fields Too Large");
    c.out_pos = 0;
    c.close_after = true;
    c.state = State::kWriting;
    c.deadline = Clock::now() + limits.write_timeout;
    write_to(fd, c);
  }
}

void HttpServer::Impl::write_to(int fd, Connection& c) {
  while (c.out_pos < c.out.size()) {
    ssize_t n =
        ::send(fd, c.out.data() + c.out_pos, c.out.size() - c.out_pos, MSG_DONTWAIT | MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;  // poll says when
    if (n <= 0) {
      close_connection(fd);
      return;
    }
    c.out_pos += static_cast<size_t>(n);
  }
  after_write(fd, c);
}

// A request not sent in time is answered 408; an idle connection, an answer not taken in
// time, are closed; a long poll whose time is up is answered.
void HttpServer::Impl::expire(Clock::time_point now) {
  std::vector<int> fds;
  for (const auto& [fd, c] : connections) fds.push_back(fd);
  for (int fd : fds) {
    auto it = connections.find(fd);
    if (it == connections.end()) continue;
    Connection& c = it->second;
    if (c.state == State::kWaiting) {
      if (now >= c.wait_until) dispatch(fd, c, HttpRequest::Wait::kTimedOut);
    } else if (c.state == State::kReading && now >= c.deadline) {
      if (c.in.empty()) {
        close_connection(fd);
        continue;
      }
      c.in.clear();
      c.out = plain_response(408, "Request Timeout");
      c.out_pos = 0;
      c.close_after = true;
      c.state = State::kWriting;
      c.deadline = now + std::chrono::seconds(1);
      write_to(fd, c);
    } else if (c.state == State::kWriting && now >= c.deadline) {
      close_connection(fd);
    }
  }
}

void HttpServer::Impl::accept_all() {
  for (;;) {
    int fd = ::accept4(listen_fd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) {
      if (errno == EINTR) continue;
      return;  // EAGAIN, or out of descriptors: the next poll tries again
    }
    if (connections.size() >= limits.max_connections) {
      ::close(fd);
      continue;
    }
    Connection& c = connections[fd];
    c = Connection{};
    c.id = next_id++;
    c.deadline = Clock::now() + limits.request_timeout;
  }
}

void HttpServer::Impl::loop() {
  std::vector<pollfd> fds;
  while (!stopping) {
    fds.clear();
    fds.push_back({listen_fd, POLLIN, 0});
    fds.push_back({wake_fd, POLLIN, 0});
    auto now = Clock::now();
    auto next = now + std::chrono::seconds(1);
    for (const auto& [fd, c] : connections) {
      short events = 0;
      switch (c.state) {
        case State::kReading:
          events = POLLIN;
          next = std::min(next, c.deadline);
          break;
        case State::kWriting:
          events = POLLOUT;
          next = std::min(next, c.deadline);
          break;
        case State::kWaiting:
          events = POLLRDHUP;  // a tab closed: drop its request
          next = std::min(next, c.wait_until);
          break;
        case State::kBusy:
          continue;
      }
      fds.push_back({fd, events, 0});
    }
    auto wait_ms = std::chrono::duration_cast<std::chrono::milliseconds>(next - now).count();
    int ready =
        ::poll(fds.data(), fds.size(), static_cast<int>(std::max<long long>(0, wait_ms) + 1));
    if (ready < 0 && errno != EINTR) break;
    if (stopping) break;
    if (fds[1].revents & POLLIN) {
      uint64_t count;
      ssize_t n = ::read(wake_fd, &count, sizeof count);
      (void)n;
    }
    std::deque<Result> done;
    {
      std::lock_guard<std::mutex> lock(mutex);
      done.swap(results);
    }
    for (auto& r : done) apply(std::move(r));
    uint64_t epoch = notify_epoch.load();
    if (epoch != handled_epoch) {
      handled_epoch = epoch;
      for (auto& [fd, c] : connections) {
        if (c.state == State::kWaiting) dispatch(fd, c, HttpRequest::Wait::kMayWait);
      }
    }
    for (size_t i = 2; i < fds.size(); ++i) {
      if (!fds[i].revents) continue;
      auto it = connections.find(fds[i].fd);
      if (it == connections.end()) continue;
      Connection& c = it->second;
      if (c.state == State::kWaiting || (fds[i].revents & (POLLERR | POLLNVAL))) {
        close_connection(fds[i].fd);
      } else if (c.state == State::kReading) {
        read_from(fds[i].fd, c);
      } else if (c.state == State::kWriting) {
        write_to(fds[i].fd, c);
      }
    }
    if (fds[0].revents & POLLIN) accept_all();
    expire(Clock::now());
  }
  for (const auto& [fd, _] : connections) ::close(fd);
  connections.clear();
  ::close(listen_fd);
  listen_fd = -1;
}

}  // namespace imsdoc
