# Settings and warnings as INTERFACE targets, linked into first-party code only.
add_library(certkeep_settings INTERFACE)
add_library(certkeep_warnings INTERFACE)

target_compile_options(certkeep_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion
  -Wnon-virtual-dtor -Wold-style-cast -Wcast-align -Wunused -Woverloaded-virtual
  -Wnull-dereference -Wdouble-promotion -Wformat=2 -Wimplicit-fallthrough)
if(CERTKEEP_WERROR)
  target_compile_options(certkeep_warnings INTERFACE -Werror)
endif()

# OpenSSL 3 API only: deprecated 1.1 calls are a compile error.
target_compile_definitions(certkeep_settings INTERFACE OPENSSL_API_COMPAT=30000 OPENSSL_NO_DEPRECATED)

set(CERTKEEP_SANITIZE "" CACHE STRING "Sanitizers: address,undefined | thread | fuzzer")
if(CERTKEEP_SANITIZE)
  target_compile_options(certkeep_settings INTERFACE -fsanitize=${CERTKEEP_SANITIZE} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  target_link_options(certkeep_settings INTERFACE -fsanitize=${CERTKEEP_SANITIZE})
endif()
