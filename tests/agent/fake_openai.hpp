// A stand-in for an OpenAI-compatible provider on loopback, for tests and the benchmark:
// it answers with scripted replies in the documented Chat Completions wire format and
// records every request exactly as it arrived. Optionally over TLS.
#pragma once
#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <nlohmann/json.hpp>

namespace mlgate::test {

struct FakeReply {
  int status = 200;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  std::chrono::milliseconds delay{0};  // before answering: a slow provider
};

struct RecordedRequest {
  std::string method, target, body;
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string sni;                             // over TLS: the server name the client asked for
  nlohmann::json json() const { return nlohmann::json::parse(body); }
};

struct FakeToolCall {
  std::string id, name;
  std::string arguments;  // JSON text, as the wire carries it
};

// Wire-format bodies.
nlohmann::json completion_text(const std::string& text);
nlohmann::json completion_tool_calls(const std::vector<FakeToolCall>& calls);
FakeReply ok(const nlohmann::json& completion);
FakeReply provider_error(int status, const std::string& message, const std::string& type, const std::string& code);

class FakeOpenAi {
 public:
  explicit FakeOpenAi(std::shared_ptr<boost::asio::ssl::context> tls = nullptr);
  ~FakeOpenAi();
  FakeOpenAi(const FakeOpenAi&) = delete;
  FakeOpenAi& operator=(const FakeOpenAi&) = delete;

  void script(FakeReply reply);          // answered in order, one per request
  void always(FakeReply reply);          // once the script is used up (else: a 500 saying so)
  std::vector<RecordedRequest> requests() const;
  unsigned short port() const { return port_; }
  std::string base_url(const std::string& host = "127.0.0.1") const;

 private:
  void serve();
  template <class Stream>
  void handle(Stream& stream, const std::string& sni);
  FakeReply next_reply();

  boost::asio::io_context ioc_;
  boost::asio::ip::tcp::acceptor acceptor_;
  std::shared_ptr<boost::asio::ssl::context> tls_;
  unsigned short port_ = 0;
  mutable std::mutex mu_;
  std::condition_variable stop_cv_;
  bool stopping_ = false;
  std::deque<FakeReply> script_;
  std::optional<FakeReply> always_;
  std::vector<RecordedRequest> requests_;
  std::thread thread_;
};

}  // namespace mlgate::test
