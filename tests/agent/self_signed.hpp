// A throwaway self-signed certificate, made in-process with the OpenSSL API, so TLS tests
// need no files from outside and no openssl command.
#pragma once
#include <memory>
#include <string>

#include <boost/asio/ssl/context.hpp>

namespace mlgate::test {

struct SelfSigned {
  std::string cert_pem, key_pem;
};
// Valid for a day, for DNS name `host` (and IP 127.0.0.1).
SelfSigned make_self_signed(const std::string& host);
std::shared_ptr<boost::asio::ssl::context> server_tls_context(const SelfSigned& cert);

}  // namespace mlgate::test
