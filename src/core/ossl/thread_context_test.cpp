// Own decoding contexts: one per opted-in thread, nothing for the others, given back and reused when a
// thread ends; and a certificate decoded in one stays whole after its thread is gone (its details, its
// signature, whether a key from the default context matches it).
#include "core/ossl/thread_context.h"

#include <thread>

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include "core/x509/issue.h"

namespace certkeep::ossl {
namespace {

OSSL_LIB_CTX* context_of_a_new_thread() {
  OSSL_LIB_CTX* ctx = nullptr;
  std::thread([&] {
    use_own_context_on_this_thread();
    ctx = decoding_context();
  }).join();
  return ctx;
}

TEST(ThreadContext, OnlyThreadsThatOptInHaveOne) {
  std::thread([] { EXPECT_EQ(decoding_context(), nullptr); }).join();
  EXPECT_NE(context_of_a_new_thread(), nullptr);
}

TEST(ThreadContext, ThreadsSideBySideHaveTheirOwnAndAnEndedThreadsIsReused) {
  OSSL_LIB_CTX* first = nullptr;
  OSSL_LIB_CTX* second = nullptr;
  std::thread a([&] {
    use_own_context_on_this_thread();
    first = decoding_context();
    std::thread b([&] {
      use_own_context_on_this_thread();
      second = decoding_context();
    });
    b.join();  // b ends while a still holds its context
  });
  a.join();
  ASSERT_NE(first, nullptr);
  ASSERT_NE(second, nullptr);
  EXPECT_NE(first, second);
  const OSSL_LIB_CTX* next = context_of_a_new_thread();
  EXPECT_TRUE(next == first || next == second) << "a context given back is taken again";
}

TEST(ThreadContext, ACertificateDecodedInOneOutlivesItsThread) {
  auto key = generate_key({"EC", 0, "P-256"});
  ASSERT_TRUE(key) << key.error().message;
  auto subject = parse_distinguished_name("CN=ctx.example");
  ASSERT_TRUE(subject);
  auto made = self_signed(*key, {subject->get(), {}, 1800000000, 30});
  ASSERT_TRUE(made) << made.error().message;
  const auto der = made->der();

  std::optional<Certificate> decoded;
  std::thread([&] {
    use_own_context_on_this_thread();
    auto c = Certificate::from_der(der);
    ASSERT_TRUE(c) << c.error().message;
    decoded = *c;
  }).join();
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoding_context(), nullptr);
  EXPECT_TRUE(decoded->details().self_signed) << "its signature verifies in the context it was decoded in";
  EXPECT_EQ(decoded->details().public_key.curve, "P-256");
  EXPECT_EQ(X509_verify(decoded->x509(), key->pkey()), 1);
  EXPECT_TRUE(key->matches(*decoded));
  EXPECT_EQ(EVP_PKEY_eq(key->pkey(), X509_get0_pubkey(decoded->x509())), 1) << "keys of two contexts compare";
  auto other = generate_key({"EC", 0, "P-256"});
  ASSERT_TRUE(other);
  EXPECT_FALSE(other->matches(*decoded));
}

}  // namespace
}  // namespace certkeep::ossl
