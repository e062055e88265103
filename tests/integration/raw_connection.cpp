#include "integration/raw_connection.hpp"

#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>

namespace mlgate::testing {
namespace net = boost::asio;
using Clock = std::chrono::steady_clock;

RawConnection::RawConnection(unsigned short port) : sock_(ioc_) {
  sock_.connect(net::ip::tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
}

bool RawConnection::send(std::string_view bytes, std::chrono::milliseconds deadline) {
  boost::system::error_code result = net::error::would_block;
  net::async_write(sock_, net::buffer(bytes.data(), bytes.size()), [&](boost::system::error_code ec, size_t) { result = ec; });
  ioc_.restart();
  ioc_.run_for(deadline);
  if (result == net::error::would_block) {  // still blocked: the server stopped reading
    sock_.cancel();
    ioc_.restart();
    ioc_.run();
    return false;
  }
  return !result;
}

bool RawConnection::fill(Clock::time_point until) {
  if (eof_) return false;
  char chunk[16384];
  boost::system::error_code result = net::error::would_block;
  size_t got = 0;
  sock_.async_read_some(net::buffer(chunk), [&](boost::system::error_code ec, size_t n) {
    result = ec;
    got = n;
  });
  ioc_.restart();
  auto left = until - Clock::now();
  ioc_.run_for(left > Clock::duration::zero() ? std::chrono::duration_cast<std::chrono::milliseconds>(left) : std::chrono::milliseconds(1));
  if (result == net::error::would_block) {
    sock_.cancel();
    ioc_.restart();
    ioc_.run();
    buffer_.append(chunk, got);
    return false;
  }
  buffer_.append(chunk, got);
  if (result) {
    eof_ = true;
    return got > 0;
  }
  return true;
}

RawResponse RawConnection::read_response(std::chrono::milliseconds deadline) {
  auto until = Clock::now() + deadline;
  for (;;) {
    auto end = buffer_.find("\r\n\r\n");
    if (end != std::string::npos) {
      RawResponse r;
      r.head = buffer_.substr(0, end + 4);
      size_t len = 0;
      std::string lower = r.head;
      for (auto& c : lower) c = char(std::tolower(static_cast<unsigned char>(c)));
      if (auto cl = lower.find("\r\ncontent-length:"); cl != std::string::npos) len = std::stoul(lower.substr(cl + 17));
      if (buffer_.size() >= end + 4 + len) {
        r.body = buffer_.substr(end + 4, len);
        r.status = r.head.size() >= 12 ? std::stoi(r.head.substr(9, 3)) : 0;
        buffer_.erase(0, end + 4 + len);
        return r;
      }
    }
    if (!fill(until)) {
      if (Clock::now() >= until || eof_) return {};
    }
  }
}

std::vector<RawResponse> RawConnection::read_responses(size_t n, std::chrono::milliseconds deadline) {
  std::vector<RawResponse> out;
  auto until = Clock::now() + deadline;
  while (out.size() < n) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now());
    auto r = read_response(left);
    if (r.status == 0) break;
    out.push_back(std::move(r));
  }
  return out;
}

std::string RawConnection::read_within(std::chrono::milliseconds wait) {
  auto until = Clock::now() + wait;
  while (Clock::now() < until && fill(until)) {
  }
  std::string out;
  out.swap(buffer_);
  return out;
}

bool RawConnection::closed_by_server(std::chrono::milliseconds deadline) {
  auto until = Clock::now() + deadline;
  while (!eof_ && Clock::now() < until) {
    fill(until);
    buffer_.clear();
  }
  return eof_;
}

void RawConnection::close() {
  boost::system::error_code ec;
  sock_.close(ec);
}

}  // namespace mlgate::testing
