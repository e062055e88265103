// The sign-in link printed at every start (BAD-INPUTS.md 2.7): a fresh random secret, held
// only in this process and only as its SHA-256, good for one exchange for a session of the
// first admin token's identity. So the URL that lands in a terminal's scroll-back, a shell
// history or a screenshot signs nobody in once it has been used, and none after a restart.
#pragma once
#include <mutex>
#include <string>
#include <string_view>

namespace mlgate::app {

class LaunchToken {
 public:
  static constexpr std::string_view kPrefix = "lt_";
  // What a spent, stale or misused link is told (401), wherever it is presented.
  static constexpr const char* kSpentMessage =
      "that was a one-time sign-in link, already used or from an earlier start of mlgate; "
      "restart mlgate for a new link, or open the page with ?token=<your token>";

  LaunchToken();
  // The secret, once: the caller prints it; this object keeps only its hash.
  std::string take_secret();
  // True for the first exchange of the right secret; false for any other text and for every
  // later attempt. Compared in constant time.
  bool redeem(std::string_view secret);

 private:
  std::mutex mu_;
  std::string secret_;
  std::string sha256_;
  bool used_ = false;
};

}  // namespace mlgate::app
