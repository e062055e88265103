// One raw TCP connection to the server, for transport tests that must control what is sent
// when (headers before body, Expect: 100-continue, a client that goes away) and see whether
// the server closed the connection. Every operation has a deadline: a test never hangs.
#pragma once
#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

namespace mlgate::testing {

struct RawResponse {
  int status = 0;  // 0: no complete response arrived
  std::string head, body;
};

class RawConnection {
 public:
  explicit RawConnection(unsigned short port);
  // False when the peer refused the bytes (reset, closed) or the deadline passed.
  bool send(std::string_view bytes, std::chrono::milliseconds deadline = std::chrono::seconds(30));
  // The next complete response (status line, headers, Content-Length body).
  RawResponse read_response(std::chrono::milliseconds deadline = std::chrono::seconds(30));
  // `n` responses in a row, for pipelined requests.
  std::vector<RawResponse> read_responses(size_t n, std::chrono::milliseconds deadline = std::chrono::seconds(30));
  // Bytes that arrive within `wait` (empty when nothing came): to show something was NOT sent.
  std::string read_within(std::chrono::milliseconds wait);
  // True when the server closes its side within `deadline` (after any unread bytes).
  bool closed_by_server(std::chrono::milliseconds deadline = std::chrono::seconds(10));
  void close();

 private:
  // Reads more into buffer_; false on EOF, error or deadline.
  bool fill(std::chrono::steady_clock::time_point until);
  boost::asio::io_context ioc_;
  boost::asio::ip::tcp::socket sock_;
  std::string buffer_;
  bool eof_ = false;
};

}  // namespace mlgate::testing
