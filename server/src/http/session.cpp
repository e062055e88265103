// Production sessions: the template of session_impl.hpp over a TCP stream, compiled once.
#include "http/session_impl.hpp"

namespace mlgate::http {
template class BasicSession<boost::beast::tcp_stream>;
}  // namespace mlgate::http
