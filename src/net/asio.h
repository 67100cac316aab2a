// Boost.Asio as certkeep's network code includes it: one place for the include order and the aliases.
#pragma once

#include <utility>  // Boost 1.74's awaitable.hpp uses std::exchange without including <utility>

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>

namespace certkeep::net {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

}  // namespace certkeep::net
