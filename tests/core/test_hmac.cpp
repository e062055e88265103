// HMAC-SHA256 against RFC 4231's published test vectors.
#include <catch2/catch.hpp>

#include "core/sha256.hpp"

TEST_CASE("HMAC-SHA256 gives RFC 4231's results") {
  CHECK(mlgate::hmac_sha256_hex("Jefe", "what do ya want for nothing?") ==
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");  // test case 2
  CHECK(mlgate::hmac_sha256_hex(std::string(20, '\x0b'), "Hi There") ==
        "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");  // test case 1
  // Test case 6: a key longer than the block size is hashed first.
  CHECK(mlgate::hmac_sha256_hex(std::string(131, '\xaa'), "Test Using Larger Than Block-Size Key - Hash Key First") ==
        "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}
