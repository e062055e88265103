// The clock tests hold: every now_* answers the held instant until it is given back.
#include <catch2/catch.hpp>

#include "core/clock.hpp"

using namespace mlgate;

TEST_CASE("a held clock answers the same instant everywhere, forwards, backwards or still, until given back") {
  set_clock_for_tests(1'700'000'000'250);
  CHECK(now_epoch_ms() == 1'700'000'000'250);
  CHECK(now_epoch_seconds() == 1'700'000'000);
  CHECK(now_rfc3339() == "2023-11-14T22:13:20.250Z");
  CHECK(now_rfc3339() == now_rfc3339());  // identical timestamps, as clock skew can give
  set_clock_for_tests(-1500);             // backwards, before the epoch: seconds round down
  CHECK(now_epoch_seconds() == -2);
  CHECK(now_rfc3339() == "1969-12-31T23:59:58.500Z");
  set_clock_for_tests(std::nullopt);
  CHECK(now_epoch_seconds() > 1'700'000'000);
}
